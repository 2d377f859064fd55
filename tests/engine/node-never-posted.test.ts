// Found by fuzzing (seed 1010): a Node created by hand (no kubelet, no Ready condition) made
// the node monitor loop forever — each status write moved the node to the end of the store's
// namespace index, so the pass over the nodes met it again, and without a Ready condition it
// was marked Unknown again and again.
import { describe, expect, it } from "vitest";
import { createCluster } from "../../src/engine/cluster.ts";
import { Store } from "../../src/engine/api/store.ts";
import { Rand } from "../../src/engine/rand.ts";
import { Clock } from "../../src/engine/clock.ts";

describe("a Node no kubelet ever posted", () => {
  it("gets the NodeStatusNeverUpdated conditions and the unreachable taints; time still passes", () => {
    const c = createCluster();
    c.api.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name: "x" } });
    c.settle();
    const t = performance.now();
    c.advance(120_000);
    expect(performance.now() - t).toBeLessThan(5_000);
    const n = c.api.store.peek("nodes", undefined, "x")!;
    expect(n.status.conditions.map((x: { type: string; status: string; reason: string; message: string }) => [x.type, x.status, x.reason, x.message])).toEqual(
      ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"].map((type) => [type, "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."]),
    );
    expect(n.spec.taints.map((x: { key: string; effect: string }) => `${x.key}:${x.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    const rv = n.metadata.resourceVersion;
    c.advance(60_000);
    expect(c.api.store.peek("nodes", undefined, "x")!.metadata.resourceVersion).toBe(rv);
  });

  it("the store: an update keeps the object's place, so a pass that writes sees each object once", () => {
    const clock = new Clock(Date.UTC(2026, 0, 1));
    const store = new Store(() => clock.now(), new Rand(1));
    for (const name of ["a", "b", "c"]) store.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name } });
    const seen: string[] = [];
    for (const n of store.inNamespace("nodes", "")) {
      seen.push(n.metadata.name!);
      if (seen.length > 10) break;
      store.update("nodes", { ...n, metadata: { ...n.metadata, labels: { x: "1" } } });
    }
    expect(seen).toEqual(["a", "b", "c"]);
  });
});

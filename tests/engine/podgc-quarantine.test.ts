// Found by the long fuzz run (seed 189): the pod GC removed a pod bound to a missing node at
// once, so a Job whose template names one (nodeName: node02) recreated its pod forever inside
// one settle. Orphaned pods now wait the pod GC's 40 s quarantine.
import { describe, expect, it } from "vitest";
import { createCluster } from "../../src/engine/cluster.ts";

describe("pod GC: orphaned pods", () => {
  it("a Job's pod on a missing node lives 40 s, then is removed and recreated — one at a time", () => {
    const c = createCluster();
    c.api.create("jobs", { apiVersion: "batch/v1", kind: "Job", metadata: { name: "api", namespace: "default" }, spec: { template: { spec: { nodeName: "node02", restartPolicy: "Never", containers: [{ name: "c", image: "busybox", command: ["sleep", "10"] }] } } } });
    c.settle();
    const jobPods = () => c.store.listRaw("pods").filter((p) => p.metadata.labels?.["job-name"] === "api");
    const first = jobPods();
    expect(first.length).toBe(1);
    c.advance(30_000);
    expect(jobPods().map((p) => p.metadata.name)).toEqual(first.map((p) => p.metadata.name));
    c.advance(15_000);
    const next = jobPods();
    expect(next.length).toBe(1);
    expect(next[0].metadata.name).not.toBe(first[0].metadata.name);
  });
});

import { describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";

const pod = (name: string, spec: Record<string, unknown> = {}, containers: any[] = [{ name: "c", image: "nginx" }]) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers, ...spec } });

function failed(c: Cluster, name: string): string | undefined {
  return c.store.listRaw("events", "default").find((e) => e.involvedObject.name === name && e.reason === "FailedScheduling")?.message;
}

describe("scheduler", () => {
  it("FailedScheduling lists each filter's reason as 1.32 prints it", () => {
    const c = createCluster();
    c.api.create("pods", pod("sel", { nodeSelector: { disk: "ssd" } }));
    c.api.create("pods", pod("big", {}, [{ name: "c", image: "nginx", resources: { requests: { cpu: "8" } } }]));
    c.settle();
    expect(failed(c, "sel")).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    expect(failed(c, "big")).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
    const p = c.store.peek("pods", "default", "sel")!;
    expect(p.status.conditions[0]).toMatchObject({ type: "PodScheduled", status: "False", reason: "Unschedulable" });
    // a matching label arrives: the pod is retried and bound
    const n = c.api.get("nodes", undefined, "node01");
    n.metadata.labels!.disk = "ssd";
    c.api.update("nodes", n);
    c.advance(5_000);
    expect(c.store.peek("pods", "default", "sel")!.spec.nodeName).toBe("node01");
  });

  it("required node affinity operators, tolerations, cordon and nodeName", () => {
    const c = createCluster();
    const aff = (expr: any) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr] }] } } } });
    c.api.create("pods", pod("notin", aff({ key: "kubernetes.io/hostname", operator: "NotIn", values: ["node01"] })));
    c.api.create("pods", pod("cp", { ...aff({ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }), tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] }));
    c.api.create("pods", pod("pinned", { nodeName: "controlplane" }));
    c.settle();
    expect(c.store.peek("pods", "default", "notin")!.spec.nodeName).toBeUndefined();
    expect(c.store.peek("pods", "default", "cp")!.spec.nodeName).toBe("controlplane");
    expect(c.store.peek("pods", "default", "pinned")!.spec.nodeName).toBe("controlplane");
    const n = c.api.get("nodes", undefined, "node01");
    n.spec.unschedulable = true;
    c.api.update("nodes", n);
    c.api.create("pods", pod("cordoned"));
    c.settle();
    expect(failed(c, "cordoned")).toBe(
      "0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });

  it("a NoExecute taint evicts running pods that do not tolerate it", () => {
    const c = createCluster();
    c.api.create("pods", pod("victim"));
    c.api.create("pods", pod("tolerant", { tolerations: [{ key: "maintenance", operator: "Exists", effect: "NoExecute" }] }));
    c.advance(20_000);
    const n = c.api.get("nodes", undefined, "node01");
    n.spec.taints = [{ key: "maintenance", value: "now", effect: "NoExecute" }];
    c.api.update("nodes", n);
    c.advance(60_000);
    expect(c.store.peek("pods", "default", "victim")).toBeUndefined();
    expect(c.store.peek("pods", "default", "tolerant")!.status.phase).toBe("Running");
  });
});

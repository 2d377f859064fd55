import { describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";
import type { KubeObject } from "../../src/engine/types.ts";

const ds = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"] }], ...extra } } },
});

const dsPods = (c: Cluster, name: string) => c.store.listRaw("pods", "default").filter((p) => p.metadata.ownerReferences?.[0]?.name === name && !p.metadata.deletionTimestamp);

describe("DaemonSet controller", () => {
  it("runs one pod per node it tolerates, via the scheduler with a metadata.name node affinity", () => {
    const c = createCluster();
    c.api.create("daemonsets", ds("agent"));
    c.advance(20_000);
    const pods = dsPods(c, "agent");
    expect(pods.map((p) => p.spec.nodeName)).toEqual(["node01"]);
    const p = pods[0];
    expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({ nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node01"] }] }] });
    expect(p.spec.tolerations.map((t: any) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/not-ready:NoExecute",
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
    ]);
    expect(p.metadata.labels!["controller-revision-hash"]).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(p.metadata.labels!["pod-template-generation"]).toBe("1");
    const st = c.store.peek("daemonsets", "default", "agent")!.status;
    expect(st).toEqual({ currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 1, observedGeneration: 1, updatedNumberScheduled: 1, numberAvailable: 1 });
    expect(c.store.listRaw("controllerrevisions", "default")).toHaveLength(1);
  });

  it("a control-plane toleration adds the controlplane node; a nodeSelector removes nodes", () => {
    const c = createCluster();
    c.api.create("daemonsets", ds("everywhere", { tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] }));
    c.api.create("daemonsets", ds("cp-only", { tolerations: [{ operator: "Exists" }], nodeSelector: { "node-role.kubernetes.io/control-plane": "" } }));
    c.advance(20_000);
    expect(dsPods(c, "everywhere").map((p) => p.spec.nodeName).sort()).toEqual(["controlplane", "node01"]);
    expect(dsPods(c, "cp-only").map((p) => p.spec.nodeName)).toEqual(["controlplane"]);
  });

  it("RollingUpdate replaces pods one node at a time; OnDelete waits for deletion", () => {
    const c = createCluster();
    c.api.create("daemonsets", ds("agent", { tolerations: [{ operator: "Exists" }] }));
    c.advance(20_000);
    const d = c.api.get("daemonsets", "default", "agent");
    d.spec.template.spec.containers[0].image = "busybox:1.36";
    c.api.update("daemonsets", d);
    c.settle();
    // maxUnavailable 1: one node at a time
    expect(c.store.listRaw("pods", "default").filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    c.advance(120_000);
    const pods = dsPods(c, "agent");
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.spec.containers[0].image === "busybox:1.36" && p.metadata.labels!["pod-template-generation"] === "2")).toBe(true);
    expect(c.store.peek("daemonsets", "default", "agent")!.metadata.annotations!["deprecated.daemonset.template.generation"]).toBe("2");
    const d2 = c.api.get("daemonsets", "default", "agent");
    d2.spec.updateStrategy = { type: "OnDelete" };
    d2.spec.template.spec.containers[0].image = "busybox:1.35";
    c.api.update("daemonsets", d2);
    c.advance(60_000);
    expect(dsPods(c, "agent").every((p) => p.spec.containers[0].image === "busybox:1.36")).toBe(true);
    c.api.delete("pods", "default", dsPods(c, "agent")[0].metadata.name!);
    c.advance(60_000);
    expect(dsPods(c, "agent").map((p) => p.spec.containers[0].image).sort()).toEqual(["busybox:1.35", "busybox:1.36"]);
  });
});

describe("Job and CronJob controllers", () => {
  const job = (name: string, command: string[], extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: { template: { spec: { restartPolicy: "Never", containers: [{ name, image: "busybox", command }] } }, ...extra },
  });

  it("runs pods to completions with the job-name labels and the Complete condition", () => {
    const c = createCluster();
    c.api.create("jobs", job("pi", ["sh", "-c", "echo done"], { completions: 2 }));
    const j0 = c.store.peek("jobs", "default", "pi")!;
    expect(j0.spec.selector).toEqual({ matchLabels: { "batch.kubernetes.io/controller-uid": j0.metadata.uid } });
    expect(j0.spec.template.metadata.labels).toEqual({ "batch.kubernetes.io/controller-uid": j0.metadata.uid, "batch.kubernetes.io/job-name": "pi", "controller-uid": j0.metadata.uid, "job-name": "pi" });
    c.advance(60_000);
    const j = c.store.peek("jobs", "default", "pi")!;
    expect(j.status.succeeded).toBe(2);
    expect(j.status.conditions.map((x: any) => [x.type, x.reason])).toEqual([["SuccessCriteriaMet", "CompletionsReached"], ["Complete", "CompletionsReached"]]);
    expect(j.status.completionTime).toBeDefined();
    const pods = c.store.listRaw("pods", "default");
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.status.phase === "Succeeded" && p.metadata.labels!["job-name"] === "pi")).toBe(true);
  });

  it("failing pods are replaced until backoffLimit, then the Job fails", () => {
    const c = createCluster();
    c.api.create("jobs", job("bad", ["sh", "-c", "exit 1"], { backoffLimit: 2 }));
    c.advance(600_000);
    const j = c.store.peek("jobs", "default", "bad")!;
    expect(j.status.failed).toBe(3);
    expect(j.status.conditions.map((x: any) => [x.type, x.reason])).toEqual([["FailureTarget", "BackoffLimitExceeded"], ["Failed", "BackoffLimitExceeded"]]);
  });

  it("a CronJob creates Jobs named <cronjob>-<minutes> on schedule and keeps 3 successful ones", () => {
    const c = createCluster();
    c.api.create("cronjobs", { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "tick" }, spec: { schedule: "*/1 * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "t", image: "busybox", command: ["date"] }] } } } } } });
    c.advance(5 * 60_000 + 30_000);
    const jobs = c.store.listRaw("jobs", "default");
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    expect(jobs.length).toBeLessThanOrEqual(4);
    for (const j of jobs) expect(j.metadata.name).toMatch(/^tick-\d{8}$/);
    const cj = c.store.peek("cronjobs", "default", "tick")!;
    expect(cj.status.lastScheduleTime).toBeDefined();
    expect(cj.status.lastSuccessfulTime).toBeDefined();
  });
});

describe("node lifecycle", () => {
  it("a stopped kubelet: NotReady after the 50 s grace (v1.32), unreachable taints, pods evicted after 300 s", () => {
    const c = createCluster();
    c.api.create("deployments", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } });
    c.advance(20_000);
    const before = c.store.listRaw("pods", "default")[0];
    expect(before.spec.nodeName).toBe("node01");
    c.advance(11 * 60_000);
    c.machine("node01")!.systemd.stop("kubelet");
    c.advance(40_000);
    const ready = () => c.store.peek("nodes", undefined, "node01")!.status.conditions.find((x: any) => x.type === "Ready");
    expect(ready().status).toBe("True"); // 40 s was the grace period before v1.32
    c.advance(25_000);
    expect(ready()).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
    // the last heartbeat is the last 5-minute status report before the stop, not the node's boot
    const stoppedAt = c.now() - 65_000;
    const hb = Date.parse(ready().lastHeartbeatTime);
    expect(stoppedAt - hb).toBeGreaterThanOrEqual(0);
    expect(stoppedAt - hb).toBeLessThan(5 * 60_000);
    const taints = c.store.peek("nodes", undefined, "node01")!.spec.taints;
    expect(taints.map((t: any) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    expect(c.store.peek("pods", "default", before.metadata.name!)!.metadata.deletionTimestamp).toBeUndefined();
    c.advance(300_000);
    const evicted = c.store.peek("pods", "default", before.metadata.name!)!;
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.status.conditions.find((x: any) => x.type === "DisruptionTarget")).toMatchObject({ reason: "DeletionByTaintManager" });
    // the kubelet comes back: Ready again, taints removed, the evicted pod goes away
    c.machine("node01")!.systemd.start("kubelet");
    c.advance(60_000);
    expect(ready().status).toBe("True");
    expect(c.store.peek("nodes", undefined, "node01")!.spec.taints).toBeUndefined();
    expect(c.store.peek("pods", "default", before.metadata.name!)).toBeUndefined();
  });
});

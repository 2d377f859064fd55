import { describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";
import type { KubeObject } from "../../src/engine/types.ts";

const deploy = (name: string, replicas = 3, image = "nginx:1.27", extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, labels: { app: name } },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image }] } }, ...extra },
});

function pods(c: Cluster, ns = "default", prefix = "") {
  return c.store.listRaw("pods", ns).filter((p) => p.metadata.name!.startsWith(prefix));
}

function events(c: Cluster, ns = "default") {
  return c.store.listRaw("events", ns).map((e) => `${e.reason}: ${e.message}`);
}

describe("ReplicaSet and Deployment controllers", () => {
  it("a Deployment creates a ReplicaSet <name>-<hash> and its pods, with the real events and status", () => {
    const c = createCluster();
    c.api.create("deployments", deploy("web"));
    c.settle();
    const rs = c.store.listRaw("replicasets", "default");
    expect(rs).toHaveLength(1);
    const hash = rs[0].metadata.labels!["pod-template-hash"];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs[0].metadata.name).toBe(`web-${hash}`);
    expect(rs[0].metadata.annotations).toEqual({ "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4", "deployment.kubernetes.io/revision": "1" });
    const ps = pods(c, "default", "web-");
    expect(ps).toHaveLength(3);
    for (const p of ps) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(events(c)).toContain(`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`);
    expect(events(c)).toContain(`SuccessfulCreate: Created pod: ${ps[0].metadata.name}`);
    c.advance(30_000);
    const d = c.store.peek("deployments", "default", "web")!;
    expect(d.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("1");
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status.conditions.map((x: any) => [x.type, x.status, x.reason])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable"],
      ["Progressing", "True", "NewReplicaSetAvailable"],
    ]);
    expect(pods(c, "default", "web-").every((p) => p.status.phase === "Running")).toBe(true);
  });

  it("a rolling update creates revision 2, scales the old ReplicaSet down and keeps it for rollback", () => {
    const c = createCluster();
    c.api.create("deployments", deploy("web", 3, "nginx:1.26"));
    c.advance(30_000);
    const d = c.api.get("deployments", "default", "web");
    d.spec.template.spec.containers[0].image = "nginx:1.27";
    c.api.update("deployments", d);
    c.advance(60_000);
    const rs = c.store.listRaw("replicasets", "default");
    expect(rs).toHaveLength(2);
    const byRev = Object.fromEntries(rs.map((r) => [r.metadata.annotations!["deployment.kubernetes.io/revision"], r]));
    expect(byRev["1"].spec.replicas).toBe(0);
    expect(byRev["2"].spec.replicas).toBe(3);
    expect(byRev["2"].status.availableReplicas).toBe(3);
    const live = pods(c, "default", "web-").filter((p) => !p.metadata.deletionTimestamp);
    expect(live.every((p) => p.spec.containers[0].image === "nginx:1.27")).toBe(true);
    expect(c.store.peek("deployments", "default", "web")!.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
    // rollback (what kubectl rollout undo does): the template of revision 1 again
    const d2 = c.api.get("deployments", "default", "web");
    d2.spec.template = structuredClone(byRev["1"].spec.template);
    delete d2.spec.template.metadata.labels["pod-template-hash"];
    c.api.update("deployments", d2);
    c.advance(60_000);
    const old = c.store.peek("replicasets", "default", byRev["1"].metadata.name!)!;
    expect(old.metadata.annotations!["deployment.kubernetes.io/revision"]).toBe("3");
    expect(old.metadata.annotations!["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(old.spec.replicas).toBe(3);
  });

  it("Recreate scales the old ReplicaSet to zero before the new one comes up", () => {
    const c = createCluster();
    c.api.create("deployments", deploy("db", 2, "redis:7", { strategy: { type: "Recreate" } }));
    c.advance(30_000);
    const d = c.api.get("deployments", "default", "db");
    expect(d.spec.strategy).toEqual({ type: "Recreate" });
    d.spec.template.spec.containers[0].image = "redis:7.2";
    c.api.update("deployments", d);
    c.settle();
    const rs = c.store.listRaw("replicasets", "default");
    expect(rs.map((r) => r.spec.replicas)).toEqual([0]);
    c.advance(60_000);
    expect(c.store.listRaw("replicasets", "default").map((r) => r.spec.replicas).sort()).toEqual([0, 2]);
  });

  it("a ReplicaSet replaces a deleted pod and deletes extra pods when scaled down", () => {
    const c = createCluster();
    c.api.create("deployments", deploy("web", 2));
    c.advance(20_000);
    const [p] = pods(c, "default", "web-");
    c.api.delete("pods", "default", p.metadata.name!);
    c.settle();
    expect(pods(c, "default", "web-").filter((x) => !x.metadata.deletionTimestamp)).toHaveLength(2);
    const d = c.api.get("deployments", "default", "web");
    d.spec.replicas = 1;
    c.api.update("deployments", d);
    c.advance(40_000);
    expect(pods(c, "default", "web-")).toHaveLength(1);
    expect(events(c).some((e) => /^ScalingReplicaSet: Scaled down replica set web-\w+ from 2 to 1$/.test(e))).toBe(true);
  });

  it("pause holds the rollout; resume continues it", () => {
    const c = createCluster();
    c.api.create("deployments", deploy("web", 2));
    c.advance(20_000);
    let d = c.api.get("deployments", "default", "web");
    d.spec.paused = true;
    c.api.update("deployments", d);
    c.settle();
    d = c.api.get("deployments", "default", "web");
    expect(d.status.conditions.find((x: any) => x.type === "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });
    d.spec.template.spec.containers[0].image = "nginx:1.26";
    c.api.update("deployments", d);
    c.advance(20_000);
    expect(c.store.listRaw("replicasets", "default")).toHaveLength(1);
    d = c.api.get("deployments", "default", "web");
    d.spec.paused = false;
    c.api.update("deployments", d);
    c.advance(60_000);
    expect(c.store.listRaw("replicasets", "default")).toHaveLength(2);
  });
});

describe("garbage collection and namespaces", () => {
  it("deleting a Deployment cascades (background) to its ReplicaSets and pods; orphan keeps them", () => {
    const c = createCluster();
    c.api.create("deployments", deploy("a", 2));
    c.api.create("deployments", deploy("b", 2));
    c.advance(20_000);
    c.api.delete("deployments", "default", "a");
    c.advance(40_000);
    expect(c.store.listRaw("replicasets", "default").map((r) => r.metadata.name!.split("-")[0])).toEqual(["b"]);
    expect(pods(c, "default", "a-")).toHaveLength(0);
    c.api.delete("deployments", "default", "b", { propagationPolicy: "Orphan" });
    c.advance(5_000);
    expect(c.store.peek("deployments", "default", "b")).toBeUndefined();
    const rs = c.store.listRaw("replicasets", "default");
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.ownerReferences).toBeUndefined();
    expect(pods(c, "default", "b-")).toHaveLength(2);
  });

  it("foreground deletion keeps the owner until its dependents are gone", () => {
    const c = createCluster();
    c.api.create("deployments", deploy("a", 1));
    c.advance(20_000);
    c.api.delete("deployments", "default", "a", { propagationPolicy: "Foreground" });
    c.settle();
    const d = c.store.peek("deployments", "default", "a")!;
    expect(d.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(d.metadata.deletionTimestamp).toBeDefined();
    c.advance(60_000);
    expect(c.store.peek("deployments", "default", "a")).toBeUndefined();
    expect(c.store.listRaw("replicasets", "default")).toHaveLength(0);
  });

  it("new namespaces get the default ServiceAccount and kube-root-ca.crt; deletion is Terminating then gone", () => {
    const c = createCluster();
    c.api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
    c.settle();
    expect(c.store.peek("serviceaccounts", "dev", "default")).toBeDefined();
    expect(c.store.peek("configmaps", "dev", "kube-root-ca.crt")!.data["ca.crt"]).toContain("BEGIN CERTIFICATE");
    c.api.create("deployments", { ...deploy("w", 1), metadata: { name: "w", namespace: "dev" } });
    c.advance(20_000);
    c.api.delete("namespaces", undefined, "dev");
    c.settle();
    expect(c.store.peek("namespaces", undefined, "dev")!.status.phase).toBe("Terminating");
    expect(() => c.api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "dev" } })).toThrow(
      'configmaps "x" is forbidden: unable to create new content in namespace dev because it is being terminated',
    );
    c.advance(60_000);
    expect(c.store.peek("namespaces", undefined, "dev")).toBeUndefined();
  });
});

describe("controller manager down", () => {
  it("moving the kube-controller-manager manifest away stops reconciliation; moving it back resumes", () => {
    const c = createCluster();
    const fs = c.machine("controlplane")!.fs;
    const text = fs.readFile("/etc/kubernetes/manifests/kube-controller-manager.yaml");
    fs.rm("/etc/kubernetes/manifests/kube-controller-manager.yaml");
    c.advance(40_000);
    expect(c.controllerManagerRunning()).toBe(false);
    c.api.create("deployments", deploy("web", 2));
    c.advance(30_000);
    expect(c.store.listRaw("replicasets", "default")).toHaveLength(0);
    fs.writeFile("/etc/kubernetes/manifests/kube-controller-manager.yaml", text);
    c.advance(40_000);
    expect(c.controllerManagerRunning()).toBe(true);
    expect(pods(c, "default", "web-").filter((p) => p.status.phase === "Running")).toHaveLength(2);
  });
});

// Property tests: after any random sequence of operations and clock steps the cluster
// settles and holds Kubernetes' invariants; the same script gives the same bytes.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";
import type { KubeObject } from "../../src/engine/types.ts";
import { DaemonSetController } from "../../src/engine/controllers/daemonset/daemonset.ts";

const NODES = ["controlplane", "node01"];

type Op =
  | { op: "pod"; name: string; image: string }
  | { op: "deletePod"; name: string }
  | { op: "deploy"; name: string; replicas: number; image: string }
  | { op: "scale"; name: string; replicas: number }
  | { op: "deleteDeploy"; name: string }
  | { op: "ds"; name: string; everywhere: boolean }
  | { op: "deleteDs"; name: string }
  | { op: "static"; name: string; node: string; cmd: string }
  | { op: "unstatic"; name: string; node: string }
  | { op: "kubelet"; node: string; run: boolean }
  | { op: "taint"; node: string; on: boolean }
  | { op: "step"; ms: number };

const name = fc.constantFrom("a", "b", "c");
const image = fc.constantFrom("nginx", "busybox", "nginx:1.27", "redis:7", "nope:404");
const node = fc.constantFrom(...NODES);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("pod" as const), name, image }),
  fc.record({ op: fc.constant("deletePod" as const), name }),
  fc.record({ op: fc.constant("deploy" as const), name, replicas: fc.integer({ min: 0, max: 4 }), image }),
  fc.record({ op: fc.constant("scale" as const), name, replicas: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ op: fc.constant("deleteDeploy" as const), name }),
  fc.record({ op: fc.constant("ds" as const), name, everywhere: fc.boolean() }),
  fc.record({ op: fc.constant("deleteDs" as const), name }),
  fc.record({ op: fc.constant("static" as const), name, node, cmd: fc.constantFrom("sleep 1000", "exit 1", "echo hi") }),
  fc.record({ op: fc.constant("unstatic" as const), name, node }),
  fc.record({ op: fc.constant("kubelet" as const), node, run: fc.boolean() }),
  fc.record({ op: fc.constant("taint" as const), node, on: fc.boolean() }),
  fc.record({ op: fc.constant("step" as const), ms: fc.integer({ min: 0, max: 120_000 }) }),
);

function tryApi(f: () => void): void {
  try {
    f();
  } catch {
    // AlreadyExists / NotFound: as kubectl would report, the cluster is unchanged
  }
}

function apply(c: Cluster, o: Op): void {
  const api = c.api;
  switch (o.op) {
    case "pod":
      tryApi(() => api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: `pod-${o.name}` }, spec: { containers: [{ name: "c", image: o.image }] } }));
      break;
    case "deletePod":
      tryApi(() => api.delete("pods", "default", `pod-${o.name}`));
      break;
    case "deploy":
      tryApi(() =>
        api.create("deployments", {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: `dep-${o.name}` },
          spec: { replicas: o.replicas, selector: { matchLabels: { app: `dep-${o.name}` } }, template: { metadata: { labels: { app: `dep-${o.name}` } }, spec: { containers: [{ name: "c", image: o.image }] } } },
        }),
      );
      break;
    case "scale":
      tryApi(() => {
        const d = api.get("deployments", "default", `dep-${o.name}`);
        d.spec.replicas = o.replicas;
        api.update("deployments", d);
      });
      break;
    case "deleteDeploy":
      tryApi(() => api.delete("deployments", "default", `dep-${o.name}`));
      break;
    case "ds":
      tryApi(() =>
        api.create("daemonsets", {
          apiVersion: "apps/v1",
          kind: "DaemonSet",
          metadata: { name: `ds-${o.name}` },
          spec: {
            selector: { matchLabels: { app: `ds-${o.name}` } },
            template: { metadata: { labels: { app: `ds-${o.name}` } }, spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"] }], ...(o.everywhere ? { tolerations: [{ operator: "Exists" }] } : {}) } },
          },
        }),
      );
      break;
    case "deleteDs":
      tryApi(() => api.delete("daemonsets", "default", `ds-${o.name}`));
      break;
    case "static": {
      const [cmd, ...args] = o.cmd.split(" ");
      const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: st-${o.name}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [${[cmd, ...args].map((x) => JSON.stringify(x)).join(", ")}]\n`;
      c.machine(o.node)!.fs.writeFile(`/etc/kubernetes/manifests/st-${o.name}.yaml`, text);
      break;
    }
    case "unstatic":
      c.machine(o.node)!.fs.rm(`/etc/kubernetes/manifests/st-${o.name}.yaml`, false, true);
      break;
    case "kubelet":
      if (o.run) c.machine(o.node)!.systemd.start("kubelet");
      else c.machine(o.node)!.systemd.stop("kubelet");
      break;
    case "taint":
      tryApi(() => {
        const n = api.get("nodes", undefined, o.node);
        const others = (n.spec.taints ?? []).filter((t: any) => t.key !== "example.com/dedicated");
        n.spec.taints = o.on ? [...others, { key: "example.com/dedicated", value: "x", effect: "NoSchedule" }] : others;
        if (!n.spec.taints.length) delete n.spec.taints;
        api.update("nodes", n);
      });
      break;
    case "step":
      c.advance(o.ms);
      return;
  }
  c.settle();
}

function run(ops: Op[], seed = 5): Cluster {
  const c = createCluster(undefined, { seed });
  for (const o of ops) apply(c, o);
  // let everything converge: controllers, scheduler, kubelets, back-off
  c.advance(90_000);
  return c;
}

function checkInvariants(c: Cluster): void {
  const store = c.store;
  // back-off delays never exceed 300 s
  for (const m of c.machines.values()) expect(m.kubelet.maxBackoffMs()).toBeLessThanOrEqual(300_000);
  // no pod bound to a missing node
  for (const p of store.listRaw("pods")) if (p.spec.nodeName) expect(store.peek("nodes", undefined, p.spec.nodeName)).toBeDefined();
  if (!c.apiServing()) return;
  // every static manifest of a running kubelet has exactly its mirror pod
  for (const m of c.machines.values()) {
    if (!m.kubelet.running) continue;
    for (const sp of m.kubelet.staticPods()) {
      const mirror = store.peek("pods", sp.namespace, sp.name);
      expect(mirror, `mirror of ${sp.name}`).toBeDefined();
      expect(mirror!.metadata.annotations?.["kubernetes.io/config.mirror"]).toBe(sp.uid);
    }
    const files = m.fs.readdir("/etc/kubernetes/manifests").filter((f) => f.startsWith("st-"));
    const names = new Set(m.kubelet.staticPods().map((s) => s.name));
    for (const f of files) expect(names.has(`${f.replace(/\.yaml$/, "")}-${m.name}`), `static pod of ${f} on ${m.name}`).toBe(true);
  }
  if (!c.controllerManagerRunning()) return;
  const live = (p: KubeObject) => !p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";
  // ReplicaSets: active pods = spec.replicas
  for (const rs of store.listRaw("replicasets")) {
    if (rs.metadata.deletionTimestamp) continue;
    const pods = store.dependents(rs.metadata.uid!).filter((d) => d.resource === "pods" && live(d.object));
    expect(pods.length, `pods of ${rs.metadata.name}`).toBe(rs.spec.replicas);
  }
  // DaemonSets: exactly one pod on each node that should run it, none where it must not
  const dsc = c.controllers.get<DaemonSetController>("daemonset")!;
  for (const ds of store.listRaw("daemonsets")) {
    if (ds.metadata.deletionTimestamp) continue;
    const pods = store.dependents(ds.metadata.uid!).filter((d) => d.resource === "pods" && !d.object.metadata.deletionTimestamp).map((d) => d.object);
    for (const n of store.listRaw("nodes")) {
      const [run, cont] = dsc.shouldRun(ds, n);
      const on = pods.filter((p) => (p.spec.nodeName ?? p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0]) === n.metadata.name);
      if (run) expect(on.length, `${ds.metadata.name} on ${n.metadata.name}`).toBe(1);
      else if (!cont) expect(on.length, `${ds.metadata.name} on ${n.metadata.name}`).toBe(0);
      else expect(on.length).toBeLessThanOrEqual(1);
    }
  }
}

describe("cluster properties", () => {
  it("any sequence of operations settles into a cluster that holds the invariants", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), (ops) => {
        checkInvariants(run(ops));
      }),
      { numRuns: 30, seed: 20261122 },
    );
  }, 120_000);

  it("the same script gives the same bytes", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (ops) => {
        const a = JSON.stringify(run(ops, 9).store.toJSON());
        const b = JSON.stringify(run(ops, 9).store.toJSON());
        expect(a === b).toBe(true);
      }),
      { numRuns: 8, seed: 7 },
    );
  }, 120_000);
});

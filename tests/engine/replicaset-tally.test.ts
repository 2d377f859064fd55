// The ReplicaSet controller counts its pods from watch deltas (a tally per ReplicaSet) instead of
// re-reading every pod on every sync. Property: after any sequence of operations on ReplicaSets
// and their pods, each ReplicaSet's status is what a full recount of the store gives (the
// controller's old way), and it controls exactly spec.replicas active pods.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";
import type { KubeObject } from "../../src/engine/types.ts";
import { controllerRef, isPodActive, isPodAvailable, isPodReady } from "../../src/engine/controllers/util.ts";
import { matchLabelSelector } from "../../src/engine/api/selectors.ts";

type Op =
  | { op: "rs"; name: string; replicas: number; minReady: number; extraLabel: boolean }
  | { op: "scale"; name: string; replicas: number }
  | { op: "minReady"; name: string; seconds: number }
  | { op: "templateLabel"; name: string; on: boolean }
  | { op: "deleteRs"; name: string; orphan: boolean }
  | { op: "relabel"; name: string; index: number; match: boolean }
  | { op: "orphan"; name: string; image: string }
  | { op: "deletePod"; name: string; index: number }
  | { op: "kubelet"; run: boolean }
  | { op: "step"; ms: number };

const name = fc.constantFrom("a", "b");
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("rs" as const), name, replicas: fc.integer({ min: 0, max: 5 }), minReady: fc.constantFrom(0, 0, 7, 30), extraLabel: fc.boolean() }),
  fc.record({ op: fc.constant("scale" as const), name, replicas: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant("minReady" as const), name, seconds: fc.constantFrom(0, 5, 20) }),
  fc.record({ op: fc.constant("templateLabel" as const), name, on: fc.boolean() }),
  fc.record({ op: fc.constant("deleteRs" as const), name, orphan: fc.boolean() }),
  fc.record({ op: fc.constant("relabel" as const), name, index: fc.nat(5), match: fc.boolean() }),
  fc.record({ op: fc.constant("orphan" as const), name, image: fc.constantFrom("busybox", "nope:404") }),
  fc.record({ op: fc.constant("deletePod" as const), name, index: fc.nat(5) }),
  fc.record({ op: fc.constant("kubelet" as const), run: fc.boolean() }),
  fc.record({ op: fc.constant("step" as const), ms: fc.constantFrom(0, 1_000, 6_000, 25_000, 60_000) }),
);

function tryApi(f: () => void): void {
  try {
    f();
  } catch {
    // NotFound / AlreadyExists: the cluster is unchanged, as kubectl would report
  }
}

/** The pods of the ReplicaSet's app label, in name order. */
function podsOf(c: Cluster, n: string): KubeObject[] {
  return c.store.listRaw("pods", "default").filter((p) => p.metadata.labels?.tier === `rs-${n}` || p.metadata.labels?.was === `rs-${n}`);
}

function apply(c: Cluster, o: Op): void {
  const api = c.api;
  const rsName = `rs-${"name" in o ? o.name : ""}`;
  const editRs = (f: (rs: KubeObject) => void) =>
    tryApi(() => {
      const rs = api.get("replicasets", "default", rsName);
      f(rs);
      api.update("replicasets", rs);
    });
  switch (o.op) {
    case "rs":
      tryApi(() =>
        api.create("replicasets", {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          metadata: { name: rsName },
          spec: {
            replicas: o.replicas,
            minReadySeconds: o.minReady,
            selector: { matchLabels: { tier: rsName } },
            template: { metadata: { labels: { tier: rsName, ...(o.extraLabel ? { extra: "x" } : {}) } }, spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"] }] } },
          },
        }),
      );
      break;
    case "scale":
      editRs((rs) => (rs.spec.replicas = o.replicas));
      break;
    case "minReady":
      editRs((rs) => (rs.spec.minReadySeconds = o.seconds));
      break;
    case "templateLabel":
      editRs((rs) => {
        if (o.on) rs.spec.template.metadata.labels.extra = "x";
        else delete rs.spec.template.metadata.labels.extra;
      });
      break;
    case "deleteRs":
      tryApi(() => api.delete("replicasets", "default", rsName, o.orphan ? { propagationPolicy: "Orphan" } : {}));
      break;
    case "relabel": {
      const p = podsOf(c, o.name)[o.index];
      if (p)
        tryApi(() => {
          const upd = api.get("pods", "default", p.metadata.name!);
          const labels = { ...(upd.metadata.labels ?? {}) };
          if (o.match) {
            labels.tier = rsName;
            delete labels.was;
          } else {
            delete labels.tier;
            labels.was = rsName;
          }
          upd.metadata.labels = labels;
          api.update("pods", upd);
        });
      break;
    }
    case "orphan":
      tryApi(() => api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { generateName: `stray-${o.name}-`, labels: { tier: rsName } }, spec: { containers: [{ name: "c", image: o.image, command: ["sleep", "3600"] }] } }));
      break;
    case "deletePod": {
      const p = podsOf(c, o.name)[o.index];
      if (p) tryApi(() => api.delete("pods", "default", p.metadata.name!));
      break;
    }
    case "kubelet":
      if (o.run) c.machine("node01")!.systemd.start("kubelet");
      else c.machine("node01")!.systemd.stop("kubelet");
      break;
    case "step":
      c.advance(o.ms);
      return;
  }
  c.settle();
}

/** The ReplicaSet's status as a full recount of the store gives it (replica_set_utils.calculateStatus). */
function recount(c: Cluster, rs: KubeObject) {
  const uid = rs.metadata.uid;
  const minReady = rs.spec.minReadySeconds ?? 0;
  const tmpl = Object.entries(rs.spec.template?.metadata?.labels ?? {});
  let replicas = 0, labeled = 0, ready = 0, available = 0;
  for (const p of c.store.listRaw("pods", "default")) {
    if (controllerRef(p)?.uid !== uid || !isPodActive(p)) continue;
    replicas++;
    if (tmpl.every(([k, v]) => p.metadata.labels?.[k] === v)) labeled++;
    if (isPodReady(p)) ready++;
    if (isPodAvailable(p, minReady, c.now())) available++;
  }
  return { replicas, fullyLabeledReplicas: labeled || undefined, readyReplicas: ready || undefined, availableReplicas: available || undefined };
}

function check(c: Cluster): void {
  for (const rs of c.store.listRaw("replicasets", "default")) {
    const st = rs.status ?? {};
    expect({ replicas: st.replicas, fullyLabeledReplicas: st.fullyLabeledReplicas, readyReplicas: st.readyReplicas, availableReplicas: st.availableReplicas }, rs.metadata.name).toEqual(recount(c, rs));
    if (rs.metadata.deletionTimestamp) continue;
    // controlled pods all match the selector (the others were released), active ones = spec.replicas
    const controlled = c.store.listRaw("pods", "default").filter((p) => controllerRef(p)?.uid === rs.metadata.uid);
    for (const p of controlled) expect(matchLabelSelector(rs.spec.selector, p.metadata.labels), p.metadata.name).toBe(true);
    expect(controlled.filter(isPodActive).length, rs.metadata.name).toBe(rs.spec.replicas);
  }
}

describe("ReplicaSet tally", () => {
  it("status and replica count equal a full recount after any sequence of operations", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 14 }), (ops) => {
        const c = createCluster(undefined, { seed: 4 });
        for (const o of ops) {
          apply(c, o);
          check(c);
        }
        c.advance(60_000);
        check(c);
      }),
      { numRuns: 40, seed: 20261122 },
    );
  }, 120_000);
});

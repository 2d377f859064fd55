// kube-scheduler: binds pods that have no node, when the kube-scheduler static pod runs.
// Filters (NodeUnschedulable, TaintToleration, NodeAffinity incl. nodeSelector,
// NodeResourcesFit) and a least-allocated score; FailedScheduling with the real message.

import type { KubeObject } from "../types.ts";
import { rfc3339 } from "../types.ts";
import type { Store } from "../api/store.ts";
import type { Clock } from "../clock.ts";
import type { EventRecorder } from "../events.ts";
import { matchLabelSelector } from "../api/selectors.ts";
import { claimRefTo, findBestMatchForClaim, isDelayBindingMode, volumeFitsNode, ANN_BOUND_BY_CONTROLLER } from "../controllers/persistentvolume/index.ts";

export function tolerates(tols: any[] | undefined, taint: { key: string; value?: string; effect: string }): boolean {
  return (tols ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === "Exists") return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
  });
}

/** Quantity to milli-units (cpu) or bytes (memory). */
const quantityCache = new Map<string, number>();
export function parseQuantity(q: unknown): number {
  if (typeof q === "number") return q;
  const s = String(q ?? "0");
  const hit = quantityCache.get(s);
  if (hit !== undefined) return hit;
  const v = parseQuantityText(s);
  if (quantityCache.size > 4096) quantityCache.clear();
  quantityCache.set(s, v);
  return v;
}

function parseQuantityText(s: string): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(s);
  if (!m) return 0;
  const n = Number(m[1]);
  const suf: Record<string, number> = { "": 1, m: 0.001, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return n * (suf[m[2]] ?? 1);
}

/** per stored spec (stored objects are immutable; a binding shares the spec's containers) */
const requestsCache = new WeakMap<object, { cpu: number; memory: number }>();
function requests(pod: KubeObject): { cpu: number; memory: number } {
  const containers = pod.spec?.containers;
  if (containers && typeof containers === "object") {
    const hit = requestsCache.get(containers);
    if (hit) return hit;
  }
  let cpu = 0, memory = 0;
  for (const c of containers ?? []) {
    cpu += parseQuantity(c.resources?.requests?.cpu);
    memory += parseQuantity(c.resources?.requests?.memory);
  }
  const r = { cpu, memory };
  if (containers && typeof containers === "object") requestsCache.set(containers, r);
  return r;
}

export function nodeMatchesAffinity(pod: KubeObject, node: KubeObject): boolean {
  const sel = pod.spec?.nodeSelector as Record<string, string> | undefined;
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(sel ?? {})) if (labels[k] !== v) return false;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req?.nodeSelectorTerms?.length) {
    const ok = req.nodeSelectorTerms.some((term: any) => {
      const exprs = term.matchExpressions ?? [];
      const fields = term.matchFields ?? [];
      if (!exprs.length && !fields.length) return false;
      // matchFields first: a DaemonSet pod's metadata.name term rules out every other node at once
      if (!fields.every((f: any) => f.key !== "metadata.name" || (f.operator === "In" ? f.values?.includes(node.metadata.name) : !f.values?.includes(node.metadata.name)))) return false;
      return (
        matchLabelSelector({ matchExpressions: exprs.filter((e: any) => ["In", "NotIn", "Exists", "DoesNotExist"].includes(e.operator)) }, labels) &&
        exprs.filter((e: any) => e.operator === "Gt" || e.operator === "Lt").every((e: any) => {
          const v = Number(labels[e.key]);
          const w = Number(e.values?.[0]);
          return e.key in labels && (e.operator === "Gt" ? v > w : v < w);
        }) &&
        fields.every((f: any) => f.key !== "metadata.name" || (f.operator === "In" ? f.values?.includes(node.metadata.name) : !f.values?.includes(node.metadata.name)))
      );
    });
    if (!ok) return false;
  }
  return true;
}

export class Scheduler {
  private retryTimer: number | null = null;
  private retryAt = 0;
  /** unbound pods ("namespace/name"), in arrival order (the active queue) */
  private pending = new Set<string>();
  /** per scheduling pass: requests and pod count already on each node */
  private usage = new Map<string, { cpu: number; memory: number; pods: number }>();

  constructor(
    private store: Store,
    private clock: Clock,
    private events: EventRecorder,
    /** kube-scheduler is running (its static pod) and the API server is up */
    public isActive: () => boolean,
  ) {
    store.watch((e) => {
      if (e.resource === "pods") {
        if (e.type !== "DELETED" && !e.object.spec?.nodeName && !e.object.metadata.deletionTimestamp) {
          const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
          if (!this.pending.has(key)) {
            this.pending.add(key);
            this.kick(0);
          }
          // (the key only when there is something to drop: a bound pod's status writes build none)
        } else if (this.pending.size) this.pending.delete(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
        if (e.type === "DELETED" && e.object.spec?.nodeName && this.pending.size) this.kick(1000);
      } else if ((e.resource === "persistentvolumeclaims" || e.resource === "persistentvolumes" || e.resource === "storageclasses") && this.pending.size) {
        this.kick(1000);
      } else if (e.resource === "nodes" && this.pending.size) {
        const a = e.old, b = e.object;
        if (e.type !== "MODIFIED" || JSON.stringify(a?.spec) !== JSON.stringify(b.spec) || JSON.stringify(a?.metadata.labels) !== JSON.stringify(b.metadata.labels) || JSON.stringify(a?.status?.allocatable) !== JSON.stringify(b.status?.allocatable)) this.kick(1000);
      }
    }, { resources: ["pods", "nodes", "persistentvolumeclaims", "persistentvolumes", "storageclasses"] });
  }

  /** Try to schedule pending pods after delay ms. */
  kick(delay: number): void {
    const at = this.clock.now() + delay;
    if (this.retryTimer !== null) {
      if (this.retryAt <= at) return;
      this.clock.cancel(this.retryTimer);
    }
    this.retryAt = at;
    this.retryTimer = this.clock.at(at, () => {
      this.retryTimer = null;
      this.scheduleAll();
    });
  }

  scheduleAll(): void {
    if (!this.isActive() || !this.pending.size) return;
    this.usage.clear();
    const queue: KubeObject[] = [];
    for (const key of this.pending) {
      const i = key.indexOf("/");
      const p = this.store.peek("pods", key.slice(0, i), key.slice(i + 1));
      if (!p || p.spec?.nodeName || p.metadata.deletionTimestamp) {
        this.pending.delete(key);
        continue;
      }
      if ((p.spec?.schedulerName ?? "default-scheduler") !== "default-scheduler") continue;
      if ((p.spec?.schedulingGates ?? []).length) continue;
      queue.push(p);
    }
    // the active queue: higher priority first, then oldest
    queue.sort((a, b) => (b.spec?.priority ?? 0) - (a.spec?.priority ?? 0) || (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? 1 : 0));
    const nodes = this.store.listRaw("nodes");
    for (const p of queue) this.scheduleOne(p, nodes);
    this.usage.clear();
    // unschedulable pods are flushed back to the active queue every 5 min (podMaxInUnschedulablePodsDuration)
    if (this.pending.size) this.kick(300_000);
  }

  private nodeUsage(node: string): { cpu: number; memory: number; pods: number } {
    let u = this.usage.get(node);
    if (!u) {
      u = { cpu: 0, memory: 0, pods: 0 };
      for (const p of this.store.podsOnNode(node)) {
        if (p.status?.phase === "Succeeded" || p.status?.phase === "Failed") continue;
        const r = requests(p);
        u.cpu += r.cpu;
        u.memory += r.memory;
        u.pods++;
      }
      this.usage.set(node, u);
    }
    return u;
  }

  /**
   * VolumeBinding PreFilter (pkg/scheduler/framework/plugins/volumebinding): every claim must
   * exist and not be terminating; an unbound claim of an Immediate class stops the pod; bound
   * claims and WaitForFirstConsumer claims are checked per node by volumeFilter.
   */
  private volumePreFilter(pod: KubeObject): { error: string } | { bound: KubeObject[]; delayed: KubeObject[] } {
    const bound: KubeObject[] = [], delayed: KubeObject[] = [];
    let immediate = false;
    for (const v of pod.spec?.volumes ?? []) {
      const name = v?.persistentVolumeClaim?.claimName;
      if (typeof name !== "string") continue;
      const pvc = this.store.peek("persistentvolumeclaims", pod.metadata.namespace, name);
      if (!pvc) return { error: `persistentvolumeclaim "${name}" not found` };
      if (pvc.metadata.deletionTimestamp) return { error: `persistentvolumeclaim "${name}" is being deleted` };
      if (pvc.spec?.volumeName) bound.push(pvc);
      else if (isDelayBindingMode(pvc, (n) => this.store.peek("storageclasses", undefined, n))) delayed.push(pvc);
      else immediate = true;
    }
    if (immediate) return { error: "pod has unbound immediate PersistentVolumeClaims" };
    return { bound, delayed };
  }

  /** VolumeBinding Filter: the reasons a node cannot host the pod's volumes, and the volumes it would bind there. */
  private volumeFilter(vols: { bound: KubeObject[]; delayed: KubeObject[] }, node: KubeObject): { reasons: string[]; picks: [KubeObject, KubeObject][] } {
    const reasons: string[] = [];
    const picks: [KubeObject, KubeObject][] = [];
    for (const pvc of vols.bound) {
      const pv = this.store.peek("persistentvolumes", undefined, pvc.spec.volumeName);
      if (!pv) reasons.push("node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)");
      else if (!volumeFitsNode(pv, node)) reasons.push("node(s) had volume node affinity conflict");
    }
    if (vols.delayed.length) {
      const chosen = new Set<string>();
      let missing = false;
      for (const pvc of vols.delayed) {
        const pv = findBestMatchForClaim(pvc, this.store.listRaw("persistentvolumes").filter((v) => !chosen.has(v.metadata.name!)), true, node);
        if (!pv) missing = true;
        else {
          chosen.add(pv.metadata.name!);
          picks.push([pvc, pv]);
        }
      }
      if (missing) reasons.push("node(s) didn't find available persistent volumes to bind");
    }
    return { reasons: [...new Set(reasons)], picks };
  }

  private scheduleOne(pod: KubeObject, nodes: KubeObject[]): void {
    const reasons = new Map<string, number>();
    const vols = this.volumePreFilter(pod);
    const picksByNode = new Map<string, [KubeObject, KubeObject][]>();
    let resourceFail = 0;
    const fits: { node: KubeObject; load: number }[] = [];
    const add = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const req = requests(pod);
    for (const node of nodes) {
      if ("error" in vols) break; // PreFilter rejected the pod: no node is filtered
      if (node.spec?.unschedulable && !tolerates(pod.spec?.tolerations, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })) {
        add("node(s) were unschedulable");
        continue;
      }
      const taint = (node.spec?.taints ?? []).find(
        (t: any) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerates(pod.spec?.tolerations, t),
      );
      if (taint) {
        add(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`);
        continue;
      }
      if (!nodeMatchesAffinity(pod, node)) {
        add("node(s) didn't match Pod's node affinity/selector");
        continue;
      }
      const used = this.nodeUsage(node.metadata.name!);
      const alloc = node.status?.allocatable ?? {};
      const maxPods = parseQuantity(alloc.pods ?? 110);
      const insufficient: string[] = [];
      if (req.cpu && used.cpu + req.cpu > parseQuantity(alloc.cpu)) insufficient.push("Insufficient cpu");
      if (req.memory && used.memory + req.memory > parseQuantity(alloc.memory)) insufficient.push("Insufficient memory");
      if (used.pods + 1 > maxPods) insufficient.push("Too many pods");
      if (insufficient.length) {
        insufficient.forEach(add);
        resourceFail++;
        continue;
      }
      if (vols.bound.length || vols.delayed.length) {
        const vf = this.volumeFilter(vols, node);
        if (vf.reasons.length) {
          vf.reasons.forEach(add);
          continue;
        }
        picksByNode.set(node.metadata.name!, vf.picks);
      }
      fits.push({ node, load: used.pods + (parseQuantity(alloc.cpu) ? (used.cpu + req.cpu) / parseQuantity(alloc.cpu) : 0) * 10 });
    }
    const cur = this.store.peek("pods", pod.metadata.namespace, pod.metadata.name!);
    if (!cur) return;
    if (!fits.length) {
      const n = nodes.length;
      const parts = [...reasons].map(([r, c]) => `${c} ${r}`).sort();
      const notHelpful = n - resourceFail;
      const pre: string[] = [];
      if (resourceFail) pre.push(`${resourceFail} No preemption victims found for incoming pod`);
      if (notHelpful) pre.push(`${notHelpful} Preemption is not helpful for scheduling`);
      const why = "error" in vols ? vols.error : parts.join(", ");
      const msg = n === 0 ? "no nodes available to schedule pods" : `0/${n} nodes are available: ${why}. preemption: 0/${n} nodes are available: ${pre.sort().join(", ")}.`;
      const conds = cur.status?.conditions ?? [];
      const existing = conds.find((c: any) => c.type === "PodScheduled");
      if (!existing || existing.message !== msg) {
        // a new object sharing the stored one's unchanged parts (stored objects are immutable)
        const conditions = [
          { lastProbeTime: null, lastTransitionTime: existing?.lastTransitionTime ?? rfc3339(this.clock.now()), message: msg, reason: "Unschedulable", status: "False", type: "PodScheduled" },
        ];
        this.store.update("pods", { ...cur, metadata: { ...cur.metadata }, status: { ...(cur.status ?? {}), conditions } }, { owned: true });
      }
      this.events.record(
        { apiVersion: "v1", kind: "Pod", name: cur.metadata.name!, namespace: cur.metadata.namespace, uid: cur.metadata.uid, resourceVersion: cur.metadata.resourceVersion },
        "Warning",
        "FailedScheduling",
        msg,
        { component: "default-scheduler" },
      );
      return;
    }
    fits.sort((a, b) => a.load - b.load || (a.node.metadata.name! < b.node.metadata.name! ? -1 : 1));
    const target = fits[0].node.metadata.name!;
    // VolumeBinding PreBind: the chosen volumes are bound to the claims (the PV controller completes the claims)
    for (const [pvc, pv] of picksByNode.get(target) ?? []) {
      if (pv.spec?.claimRef?.uid === pvc.metadata.uid) continue;
      const upd = { ...pv, metadata: { ...pv.metadata, annotations: { ...(pv.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: "yes" } }, spec: { ...pv.spec, claimRef: claimRefTo(pvc) } };
      this.store.update("persistentvolumes", upd, { owned: true });
    }
    const u = this.nodeUsage(target);
    u.cpu += req.cpu;
    u.memory += req.memory;
    u.pods++;
    const upd = { ...cur, metadata: { ...cur.metadata }, spec: { ...cur.spec, nodeName: target }, status: { ...(cur.status ?? { phase: "Pending" }), conditions: [{ lastProbeTime: null, lastTransitionTime: rfc3339(this.clock.now()), status: "True", type: "PodScheduled" }] } };
    this.store.update("pods", upd, { owned: true });
    this.events.record(
      { apiVersion: "v1", kind: "Pod", name: cur.metadata.name!, namespace: cur.metadata.namespace, uid: cur.metadata.uid },
      "Normal",
      "Scheduled",
      `Successfully assigned ${cur.metadata.namespace}/${cur.metadata.name} to ${target}`,
      { component: "default-scheduler" },
    );
  }
}

// DaemonSet controller (pkg/controller/daemon): one pod per eligible node, placed through
// the default scheduler with a required node affinity on metadata.name; the DaemonSet
// tolerations for node conditions; ControllerRevisions and controller-revision-hash;
// RollingUpdate (maxUnavailable) and OnDelete; status as the real controller writes it.

import type { KubeObject } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { matchLabelSelector } from "../../api/selectors.ts";
import { refOf } from "../../events.ts";
import { Controller, nsKey, splitKey } from "../manager.ts";
import { computeHash, controllerRef, isPodActive, isPodAvailable, isPodReady, msUntilAvailable, podFromTemplate, scaledValue, sameJson } from "../util.ts";
import { nodeMatchesAffinity, tolerates } from "../../scheduler/scheduler.ts";

const SOURCE = { component: "daemonset-controller" };

/** AddOrUpdateDaemonPodTolerations */
export function addDaemonTolerations(spec: any): void {
  const add = (key: string, effect: string) => {
    const tols: any[] = (spec.tolerations ??= []);
    const t = { key, operator: "Exists", effect };
    const i = tols.findIndex((x) => x.key === key && x.effect === effect);
    if (i >= 0) tols[i] = t;
    else tols.push(t);
  };
  add("node.kubernetes.io/not-ready", "NoExecute");
  add("node.kubernetes.io/unreachable", "NoExecute");
  add("node.kubernetes.io/disk-pressure", "NoSchedule");
  add("node.kubernetes.io/memory-pressure", "NoSchedule");
  add("node.kubernetes.io/pid-pressure", "NoSchedule");
  add("node.kubernetes.io/unschedulable", "NoSchedule");
  if (spec.hostNetwork) add("node.kubernetes.io/network-unavailable", "NoSchedule");
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity */
function setNodeAffinity(spec: any, node: string): void {
  const term = { key: "metadata.name", operator: "In", values: [node] };
  spec.affinity ??= {};
  spec.affinity.nodeAffinity ??= {};
  const req = spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req?.nodeSelectorTerms?.length) {
    spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchFields: [term] }] };
    return;
  }
  for (const t of req.nodeSelectorTerms) t.matchFields = [term];
}

export class DaemonSetController extends Controller {
  readonly name = "daemonset";
  /** DaemonSets that may have orphans to adopt */
  private adopt = new Set<string>();

  onEvent(e: WatchEvent): void {
    if (e.resource === "daemonsets") {
      if (e.type === "ADDED" || (e.type === "MODIFIED" && JSON.stringify(e.old?.spec?.selector) !== JSON.stringify(e.object.spec?.selector))) this.adopt.add(nsKey(e.object));
      this.enqueue(nsKey(e.object));
    } else if (e.resource === "pods") {
      const ref = controllerRef(e.object);
      if (ref?.kind === "DaemonSet") this.enqueue(`${e.object.metadata.namespace}/${ref.name}`);
      else if (!ref && e.type !== "DELETED") {
        for (const ds of this.store.inNamespace("daemonsets", e.object.metadata.namespace!)) {
          if (matchLabelSelector(ds.spec?.selector, e.object.metadata.labels)) {
            this.adopt.add(nsKey(ds));
            this.enqueue(nsKey(ds));
          }
        }
      }
    } else if (e.resource === "nodes") {
      // a node joined, left, or changed labels/taints/readiness
      if (e.type === "MODIFIED" && e.old) {
        const a = e.old, b = e.object;
        const ready = (n: KubeObject) => (n.status?.conditions ?? []).find((c: any) => c.type === "Ready")?.status;
        if (sameJson(a.metadata.labels, b.metadata.labels) && sameJson(a.spec?.taints, b.spec?.taints) && ready(a) === ready(b) && !!a.spec?.unschedulable === !!b.spec?.unschedulable) return;
      }
      for (const ds of this.store.listRaw("daemonsets")) this.enqueue(nsKey(ds));
    }
  }

  resyncAll(): void {
    for (const ds of this.store.listRaw("daemonsets")) {
      this.queue.add(nsKey(ds));
      this.adopt.add(nsKey(ds));
    }
  }

  /** The pod the DaemonSet would create (for the predicates), cached per DaemonSet version. */
  private simCache = new Map<string, { rv: string; pod: KubeObject }>();
  private simPod(ds: KubeObject): KubeObject {
    const key = ds.metadata.uid!;
    const hit = this.simCache.get(key);
    if (hit && hit.rv === ds.metadata.resourceVersion) return hit.pod;
    const spec = deepClone(ds.spec?.template?.spec ?? {});
    addDaemonTolerations(spec);
    const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: {}, spec };
    if (this.simCache.size > 1000) this.simCache.clear();
    this.simCache.set(key, { rv: ds.metadata.resourceVersion!, pod });
    return pod;
  }

  /** nodeShouldRunDaemonPod: [shouldRun, shouldContinueRunning] */
  shouldRun(ds: KubeObject, node: KubeObject): [boolean, boolean] {
    const pod = this.simPod(ds);
    const spec = pod.spec;
    if (spec.nodeName && spec.nodeName !== node.metadata.name) return [false, false];
    if (!nodeMatchesAffinity(pod, node)) return [false, false];
    const taints: any[] = node.spec?.taints ?? [];
    const untolerated = (effects: string[]) => taints.some((t) => effects.includes(t.effect) && !tolerates(spec.tolerations, t));
    if (untolerated(["NoExecute"])) return [false, false];
    if (untolerated(["NoSchedule"])) return [false, true];
    return [true, true];
  }

  private hashCache = new Map<string, { key: string; hash: string }>();
  private revisionHash(ds: KubeObject): string {
    const key = `${ds.metadata.generation}/${ds.status?.collisionCount ?? ""}`;
    const hit = this.hashCache.get(ds.metadata.uid!);
    if (hit?.key === key) return hit.hash;
    const hash = computeHash(ds.spec?.template ?? {}, ds.status?.collisionCount);
    if (this.hashCache.size > 1000) this.hashCache.clear();
    this.hashCache.set(ds.metadata.uid!, { key, hash });
    return hash;
  }

  /** constructHistory: the ControllerRevision of the current template (created if missing), old ones pruned. */
  private syncHistory(ds: KubeObject, hash: string): void {
    const name = `${ds.metadata.name}-${hash}`;
    const revs = this.store.dependents(ds.metadata.uid!).filter((d) => d.resource === "controllerrevisions").map((d) => d.object);
    const maxRev = Math.max(0, ...revs.map((r) => Number(r.revision) || 0));
    const cur = revs.find((r) => r.metadata.name === name);
    if (!cur) {
      const tmpl = deepClone(ds.spec.template);
      tmpl.$patch = "replace";
      this.api.create("controllerrevisions", {
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        metadata: {
          name,
          namespace: ds.metadata.namespace,
          labels: { ...(ds.spec.template?.metadata?.labels ?? {}), "controller-revision-hash": hash },
          annotations: ds.metadata.annotations?.["deprecated.daemonset.template.generation"] ? { "deprecated.daemonset.template.generation": ds.metadata.annotations["deprecated.daemonset.template.generation"] } : undefined,
          ownerReferences: [{ apiVersion: "apps/v1", kind: "DaemonSet", name: ds.metadata.name!, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        },
        data: { spec: { template: tmpl } },
        revision: maxRev + 1,
      });
    } else if ((Number(cur.revision) || 0) < maxRev) {
      const upd = deepClone(cur);
      upd.revision = maxRev + 1;
      this.api.update("controllerrevisions", upd);
    }
    const limit = ds.spec?.revisionHistoryLimit ?? 10;
    const old = revs.filter((r) => r.metadata.name !== name).sort((a, b) => (Number(a.revision) || 0) - (Number(b.revision) || 0));
    const live = new Set<string>();
    for (const { resource, object } of this.store.dependents(ds.metadata.uid!)) if (resource === "pods") live.add(object.metadata.labels?.["controller-revision-hash"] ?? "");
    const removable = old.filter((r) => !live.has(r.metadata.labels?.["controller-revision-hash"] ?? ""));
    for (const r of removable.slice(0, Math.max(0, old.length - limit))) this.api.delete("controllerrevisions", r.metadata.namespace, r.metadata.name!);
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const ds = this.store.peek("daemonsets", ns, name);
    if (!ds) return;
    if (ds.metadata.deletionTimestamp) return;
    const hash = this.revisionHash(ds);
    this.syncHistory(ds, hash);
    const nodes = this.store.listRaw("nodes");
    const byNode = new Map<string, KubeObject[]>();
    for (const { resource, object: p } of this.store.dependents(ds.metadata.uid!)) {
      if (resource !== "pods" || controllerRef(p)?.uid !== ds.metadata.uid) continue;
      const n = podNodeName(p);
      if (!n) continue;
      const l = byNode.get(n) ?? [];
      l.push(p);
      byNode.set(n, l);
    }
    // adopt orphans matching the selector
    for (const p of this.adopt.delete(key) ? [...this.store.inNamespace("pods", ns!)] : []) {
      if (controllerRef(p) || !isPodActive(p) || !matchLabelSelector(ds.spec?.selector, p.metadata.labels)) continue;
      const n = podNodeName(p);
      if (!n) continue;
      const upd = deepClone(p);
      upd.metadata.ownerReferences = [...(upd.metadata.ownerReferences ?? []), { apiVersion: "apps/v1", kind: "DaemonSet", name: ds.metadata.name!, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true }];
      const stored = this.store.update("pods", upd, { owned: true });
      byNode.set(n, [...(byNode.get(n) ?? []), stored]);
    }
    const toCreate: string[] = [];
    const toDelete: KubeObject[] = [];
    const nodeNames = new Set(nodes.map((n) => n.metadata.name!));
    for (const node of nodes) {
      const [run, cont] = this.shouldRun(ds, node);
      const pods = byNode.get(node.metadata.name!) ?? [];
      const live = pods.filter((p) => !p.metadata.deletionTimestamp);
      if (run && !live.length) toCreate.push(node.metadata.name!);
      else if (run || cont) {
        // failed pods are replaced; extra pods removed (keep the oldest)
        const failed = live.filter((p) => p.status?.phase === "Failed");
        toDelete.push(...failed);
        const ok = live.filter((p) => p.status?.phase !== "Failed").sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : 1));
        if (ok.length > 1) toDelete.push(...ok.slice(1));
        if (!cont && ok.length) toDelete.push(...ok);
      } else toDelete.push(...live);
    }
    for (const [n, pods] of byNode) if (!nodeNames.has(n)) toDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
    for (const n of toCreate) {
      const tmpl = deepClone(ds.spec.template ?? {});
      tmpl.metadata ??= {};
      tmpl.metadata.labels = { ...(tmpl.metadata.labels ?? {}), "controller-revision-hash": hash, "pod-template-generation": String(ds.metadata.generation ?? 1) };
      const pod = podFromTemplate(tmpl, ds, { apiVersion: "apps/v1", kind: "DaemonSet", name: ds.metadata.name!, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true });
      addDaemonTolerations(pod.spec);
      setNodeAffinity(pod.spec, n);
      const created = this.api.create("pods", pod);
      this.ctx.events.record(refOf(ds), "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, SOURCE);
    }
    for (const p of toDelete) {
      this.api.delete("pods", p.metadata.namespace, p.metadata.name!);
      this.ctx.events.record(refOf(ds), "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, SOURCE);
    }
    if (!toCreate.length && !toDelete.length) this.rollingUpdate(ds, hash, nodes);
    this.updateStatus(ds, hash, nodes);
  }

  private rollingUpdate(ds: KubeObject, hash: string, nodes: KubeObject[]): void {
    const strategy = ds.spec?.updateStrategy?.type ?? "RollingUpdate";
    if (strategy !== "RollingUpdate") return;
    const now = this.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const desired = nodes.filter((n) => this.shouldRun(ds, n)[0]).length;
    const maxUnavailable = Math.max(scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true), 0) || (scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0, desired, true) ? 0 : 1);
    const pods = this.store.dependents(ds.metadata.uid!).filter((d) => d.resource === "pods" && controllerRef(d.object)?.uid === ds.metadata.uid).map((d) => d.object);
    let unavailable = 0;
    const oldAvailable: KubeObject[] = [];
    const oldUnavailable: KubeObject[] = [];
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) {
        unavailable++;
        continue;
      }
      const isNew = p.metadata.labels?.["controller-revision-hash"] === hash;
      const avail = isPodAvailable(p, minReady, now);
      if (!avail) unavailable++;
      if (!isNew) (avail ? oldAvailable : oldUnavailable).push(p);
    }
    const victims = [...oldUnavailable];
    let budget = maxUnavailable - unavailable;
    for (const p of oldAvailable.sort((a, b) => (a.spec?.nodeName ?? "") < (b.spec?.nodeName ?? "") ? -1 : 1)) {
      if (budget <= 0) break;
      victims.push(p);
      budget--;
    }
    for (const p of victims) {
      this.api.delete("pods", p.metadata.namespace, p.metadata.name!);
      this.ctx.events.record(refOf(ds), "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, SOURCE);
    }
  }

  private updateStatus(ds0: KubeObject, hash: string, nodes: KubeObject[]): void {
    const ds = this.store.peek("daemonsets", ds0.metadata.namespace, ds0.metadata.name!);
    if (!ds) return;
    const now = this.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const podsByNode = new Map<string, KubeObject>();
    for (const { resource, object: p } of this.store.dependents(ds.metadata.uid!)) {
      if (resource !== "pods" || controllerRef(p)?.uid !== ds.metadata.uid || p.metadata.deletionTimestamp) continue;
      const n = podNodeName(p);
      if (n && !podsByNode.has(n)) podsByNode.set(n, p);
    }
    let desired = 0, current = 0, mis = 0, ready = 0, updated = 0, available = 0;
    let wake: number | undefined;
    for (const node of nodes) {
      const [run] = this.shouldRun(ds, node);
      const p = podsByNode.get(node.metadata.name!);
      if (run) desired++;
      if (!p) continue;
      if (run) {
        current++;
        if (isPodReady(p)) {
          ready++;
          if (isPodAvailable(p, minReady, now)) available++;
          else {
            const w = msUntilAvailable(p, minReady, now);
            if (w !== undefined) wake = Math.min(wake ?? w, w);
          }
        }
        if (p.metadata.labels?.["controller-revision-hash"] === hash) updated++;
      } else mis++;
    }
    const status: any = {
      currentNumberScheduled: current,
      numberMisscheduled: mis,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
    };
    if (updated) status.updatedNumberScheduled = updated;
    if (available) status.numberAvailable = available;
    if (desired - available > 0) status.numberUnavailable = desired - available;
    if (ds.status?.collisionCount !== undefined) status.collisionCount = ds.status.collisionCount;
    if (wake !== undefined) this.enqueueAfter(nsKey(ds), wake);
    if (sameJson(status, ds.status)) return;
    const upd = deepClone(ds);
    upd.status = status;
    this.api.updateStatus("daemonsets", upd);
  }
}

/** The node a DaemonSet pod is for: spec.nodeName, or its metadata.name node affinity. */
function podNodeName(p: KubeObject): string | undefined {
  if (p.spec?.nodeName) return p.spec.nodeName;
  for (const t of p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of t.matchFields ?? []) if (f.key === "metadata.name" && f.operator === "In" && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

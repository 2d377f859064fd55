// ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas active pods
// matching the selector, adopting orphans and releasing pods that no longer match;
// writes status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas).

import type { KubeObject } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { matchLabelSelector } from "../../api/selectors.ts";
import { refOf } from "../../events.ts";
import { Controller, nsKey, splitKey } from "../manager.ts";
import { controllerRef, isPodActive, isPodAvailable, isPodReady, msUntilAvailable, podFromTemplate, rankForDeletion, sameJson } from "../util.ts";

const BURST = 500;
const SOURCE = { component: "replicaset-controller" };

export class ReplicaSetController extends Controller {
  readonly name = "replicaset";
  /** ReplicaSets that may have orphans to adopt (scanning the namespace is not free) */
  private adopt = new Set<string>();

  onEvent(e: WatchEvent): void {
    if (e.resource === "replicasets") {
      if (e.type === "ADDED" || (e.type === "MODIFIED" && JSON.stringify(e.old?.spec?.selector) !== JSON.stringify(e.object.spec?.selector))) this.adopt.add(nsKey(e.object));
      this.enqueue(nsKey(e.object));
      return;
    }
    if (e.resource !== "pods") return;
    const ref = controllerRef(e.object);
    const oldRef = e.old ? controllerRef(e.old) : undefined;
    if (ref?.kind === "ReplicaSet") this.enqueue(`${e.object.metadata.namespace}/${ref.name}`);
    if (oldRef?.kind === "ReplicaSet" && oldRef.uid !== ref?.uid) this.enqueue(`${e.object.metadata.namespace}/${oldRef.name}`);
    if (!ref && e.type !== "DELETED" && isPodActive(e.object)) {
      // an orphan: the ReplicaSets whose selector matches may adopt it
      for (const rs of this.store.inNamespace("replicasets", e.object.metadata.namespace!)) {
        if (matchLabelSelector(rs.spec?.selector, e.object.metadata.labels)) {
          this.adopt.add(nsKey(rs));
          this.enqueue(nsKey(rs));
        }
      }
    }
  }

  resyncAll(): void {
    for (const rs of this.store.listRaw("replicasets")) {
      this.queue.add(nsKey(rs));
      this.adopt.add(nsKey(rs));
    }
  }

  /** Pods this ReplicaSet controls after adoption/release (controller.PodControllerRefManager). */
  private claimPods(rs: KubeObject): KubeObject[] {
    const uid = rs.metadata.uid!;
    const out: KubeObject[] = [];
    const sel = rs.spec?.selector;
    for (const { resource, object: p } of this.store.dependents(uid)) {
      if (resource !== "pods" || controllerRef(p)?.uid !== uid) continue;
      if (!matchLabelSelector(sel, p.metadata.labels) && !rs.metadata.deletionTimestamp) {
        const upd = deepClone(p);
        upd.metadata.ownerReferences = (upd.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (!upd.metadata.ownerReferences.length) delete upd.metadata.ownerReferences;
        this.api.update("pods", upd);
        continue;
      }
      out.push(p);
    }
    if (!rs.metadata.deletionTimestamp && this.adopt.delete(nsKey(rs))) {
      for (const p of [...this.store.inNamespace("pods", rs.metadata.namespace!)]) {
        if (controllerRef(p) || !isPodActive(p) || !matchLabelSelector(sel, p.metadata.labels)) continue;
        const upd = deepClone(p);
        upd.metadata.ownerReferences = [...(upd.metadata.ownerReferences ?? []), { apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.metadata.name!, uid, controller: true, blockOwnerDeletion: true }];
        out.push(this.store.update("pods", upd, { owned: true }));
      }
    }
    return out;
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const rs = this.store.peek("replicasets", ns, name);
    if (!rs) return;
    const pods = this.claimPods(rs);
    const active = pods.filter(isPodActive);
    const want = rs.spec?.replicas ?? 1;
    if (!rs.metadata.deletionTimestamp) {
      const diff = active.length - want;
      if (diff < 0) {
        const n = Math.min(-diff, BURST);
        for (let i = 0; i < n; i++) {
          const cur = this.store.peek("replicasets", ns, name);
          if (!cur) return;
          const pod = podFromTemplate(cur.spec?.template, cur, { apiVersion: "apps/v1", kind: "ReplicaSet", name: cur.metadata.name!, uid: cur.metadata.uid!, controller: true, blockOwnerDeletion: true });
          try {
            const created = this.api.create("pods", pod);
            this.ctx.events.record(refOf(cur), "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, SOURCE);
            active.push(this.store.peek("pods", ns, created.metadata.name!)!);
          } catch (e) {
            this.ctx.events.record(refOf(cur), "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`, SOURCE);
            throw e;
          }
        }
      } else if (diff > 0) {
        const victims = rankForDeletion(active, this.now()).slice(0, diff);
        for (const p of victims) {
          this.api.delete("pods", p.metadata.namespace, p.metadata.name!);
          this.ctx.events.record(refOf(rs), "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, SOURCE);
        }
      }
    }
    this.updateStatus(ns, name);
  }

  private updateStatus(ns: string | undefined, name: string): void {
    const rs = this.store.peek("replicasets", ns, name);
    if (!rs) return;
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const now = this.now();
    let replicas = 0, labeled = 0, ready = 0, available = 0;
    const tmplLabels = rs.spec?.template?.metadata?.labels ?? {};
    let wake: number | undefined;
    for (const { resource, object: p } of this.store.dependents(rs.metadata.uid!)) {
      if (resource !== "pods" || controllerRef(p)?.uid !== rs.metadata.uid || !isPodActive(p)) continue;
      replicas++;
      if (Object.entries(tmplLabels).every(([k, v]) => p.metadata.labels?.[k] === v)) labeled++;
      if (isPodReady(p)) ready++;
      if (isPodAvailable(p, minReady, now)) available++;
      else {
        const w = msUntilAvailable(p, minReady, now);
        if (w !== undefined) wake = Math.min(wake ?? w, w);
      }
    }
    const status: any = { replicas };
    if (labeled) status.fullyLabeledReplicas = labeled;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    status.observedGeneration = rs.metadata.generation;
    if (rs.status?.conditions?.length) status.conditions = rs.status.conditions;
    if (wake !== undefined) this.enqueueAfter(nsKey(rs), wake);
    if (sameJson(status, rs.status)) return;
    const upd = deepClone(rs);
    upd.status = status;
    this.api.updateStatus("replicasets", upd);
  }
}

// ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas active pods
// matching the selector, adopting orphans and releasing pods that no longer match;
// writes status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas).

import type { KubeObject } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { matchLabelSelector } from "../../api/selectors.ts";
import { refOf } from "../../events.ts";
import { Controller, nsKey, splitKey } from "../manager.ts";
import { controllerRef, isPodActive, podFromTemplate, podReadyCondition, rankForDeletion, sameJson } from "../util.ts";

const BURST = 500;
const SOURCE = { component: "replicaset-controller" };

/** What one pod controlled by a ReplicaSet adds to its sync and status (stored pods are immutable). */
interface PodFacts {
  active: boolean;
  /** matches the ReplicaSet's selector (else claimPods releases it) */
  matches: boolean;
  /** carries every label of the template (fullyLabeledReplicas) */
  labeled: boolean;
  ready: boolean;
  /** the Ready condition's lastTransitionTime (ms, NaN when unparsable) */
  readyAt: number;
}

/**
 * A ReplicaSet's controlled pods and their counts, kept up to date from the pod watch events
 * (dirty keys) instead of re-reading every pod on every sync: a 10 000-replica ReplicaSet is
 * synced after each status change of one of its pods. Built for one selector and template
 * labels; rebuilt when they change.
 */
interface Tally {
  selector: string;
  tmplLabels: string;
  pods: Map<string, PodFacts>;
  dirty: Set<string>;
  active: number;
  /** controlled pods that do not match the selector (claimPods releases them) */
  mismatched: number;
  labeled: number;
  ready: number;
}

export class ReplicaSetController extends Controller {
  readonly name = "replicaset";
  /** ReplicaSets that may have orphans to adopt (scanning the namespace is not free) */
  private adopt = new Set<string>();
  /** by ReplicaSet uid */
  private tallies = new Map<string, Tally>();

  onEvent(e: WatchEvent): void {
    if (e.resource === "replicasets") {
      if (e.type === "ADDED" || (e.type === "MODIFIED" && JSON.stringify(e.old?.spec?.selector) !== JSON.stringify(e.object.spec?.selector))) this.adopt.add(nsKey(e.object));
      if (e.type === "DELETED") this.tallies.delete(e.object.metadata.uid!);
      this.enqueue(nsKey(e.object));
      return;
    }
    if (e.resource !== "pods") return;
    const ref = controllerRef(e.object);
    const oldRef = e.old ? controllerRef(e.old) : undefined;
    if (this.tallies.size) {
      const podKey = nsKey(e.object);
      if (ref) this.tallies.get(ref.uid)?.dirty.add(podKey);
      if (oldRef && oldRef.uid !== ref?.uid) this.tallies.get(oldRef.uid)?.dirty.add(podKey);
    }
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
    this.tallies.clear();
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
    for (const p of this.store.dependentsOf(uid, "pods")) {
      if (controllerRef(p)?.uid !== uid) continue;
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

  private facts(p: KubeObject, sel: KubeObject["spec"], tmplLabels: [string, unknown][]): PodFacts {
    const labels = p.metadata.labels;
    const c = podReadyCondition(p);
    return {
      active: isPodActive(p),
      matches: matchLabelSelector(sel, labels),
      labeled: tmplLabels.every(([k, v]) => labels?.[k] === v),
      ready: c?.status === "True",
      readyAt: c?.status === "True" ? Date.parse(c.lastTransitionTime ?? "") : NaN,
    };
  }

  private count(t: Tally, f: PodFacts, sign: 1 | -1): void {
    if (!f.matches) t.mismatched += sign;
    if (!f.active) return;
    t.active += sign;
    if (f.labeled) t.labeled += sign;
    if (f.ready) t.ready += sign;
  }

  /** The ReplicaSet's tally, brought up to date with the store (the pods changed since the last call). */
  private tally(rs: KubeObject): Tally {
    const uid = rs.metadata.uid!;
    const sel = rs.spec?.selector;
    const selector = JSON.stringify(sel) ?? "";
    const tmpl = rs.spec?.template?.metadata?.labels ?? {};
    const tmplLabels = JSON.stringify(tmpl);
    const entries = Object.entries(tmpl);
    let t = this.tallies.get(uid);
    if (!t || t.selector !== selector || t.tmplLabels !== tmplLabels) {
      t = { selector, tmplLabels, pods: new Map(), dirty: new Set(), active: 0, mismatched: 0, labeled: 0, ready: 0 };
      this.tallies.set(uid, t);
      for (const p of this.store.dependentsOf(uid, "pods")) {
        if (controllerRef(p)?.uid !== uid) continue;
        const f = this.facts(p, sel, entries);
        t.pods.set(nsKey(p), f);
        this.count(t, f, 1);
      }
      return t;
    }
    for (const key of t.dirty) {
      const old = t.pods.get(key);
      if (old) {
        this.count(t, old, -1);
        t.pods.delete(key);
      }
      const [ns, name] = splitKey(key);
      const p = this.store.peek("pods", ns, name);
      if (!p || controllerRef(p)?.uid !== uid) continue;
      const f = this.facts(p, sel, entries);
      t.pods.set(key, f);
      this.count(t, f, 1);
    }
    t.dirty.clear();
    return t;
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const rs = this.store.peek("replicasets", ns, name);
    if (!rs) return;
    // nothing to release or adopt: the active count is the tally's (claimPods would return the controlled pods)
    const t = this.tally(rs);
    const counted = !rs.metadata.deletionTimestamp && !t.mismatched && !this.adopt.has(key);
    let active = counted ? undefined : this.claimPods(rs).filter(isPodActive);
    const want = rs.spec?.replicas ?? 1;
    if (!rs.metadata.deletionTimestamp) {
      const diff = (active?.length ?? t.active) - want;
      if (diff < 0) {
        const n = Math.min(-diff, BURST);
        for (let i = 0; i < n; i++) {
          const cur = this.store.peek("replicasets", ns, name);
          if (!cur) return;
          const pod = podFromTemplate(cur.spec?.template, cur, { apiVersion: "apps/v1", kind: "ReplicaSet", name: cur.metadata.name!, uid: cur.metadata.uid!, controller: true, blockOwnerDeletion: true });
          try {
            const created = this.api.create("pods", pod, { owned: true });
            this.ctx.events.record(refOf(cur), "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, SOURCE);
          } catch (e) {
            this.ctx.events.record(refOf(cur), "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`, SOURCE);
            throw e;
          }
        }
      } else if (diff > 0) {
        active ??= this.claimPods(rs).filter(isPodActive);
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
    const t = this.tally(rs);
    const replicas = t.active, labeled = t.labeled, ready = t.ready;
    // available: Ready (podutil.IsPodAvailable) for minReadySeconds; wake when the next one becomes so
    let available = minReady ? 0 : ready;
    let wake: number | undefined;
    if (minReady) {
      for (const f of t.pods.values()) {
        if (!f.active || !f.ready) continue;
        const at = f.readyAt + minReady * 1000;
        if (!isNaN(f.readyAt) && at <= now) available++;
        else if (at > now) wake = Math.min(wake ?? at - now, at - now);
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

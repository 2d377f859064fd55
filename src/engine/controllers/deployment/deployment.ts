// Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template
// (name <deployment>-<pod-template-hash>), revisions in deployment.kubernetes.io/revision,
// RollingUpdate (maxSurge/maxUnavailable) and Recreate, pause/resume, old ReplicaSets kept
// for `kubectl rollout undo` up to revisionHistoryLimit, status and conditions as the real
// controller writes them.

import type { KubeObject } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { matchLabelSelector } from "../../api/selectors.ts";
import { refOf } from "../../events.ts";
import { Controller, nsKey, splitKey } from "../manager.ts";
import { computeHash, controllerRef, equalIgnoreHash, isPodActive, sameTemplate, scaledValue, sameJson, ts } from "../util.ts";

const SOURCE = { component: "deployment-controller" };
const REV = "deployment.kubernetes.io/revision";
const REV_HISTORY = "deployment.kubernetes.io/revision-history";
const DESIRED = "deployment.kubernetes.io/desired-replicas";
const MAX = "deployment.kubernetes.io/max-replicas";
/** annotations never copied from a Deployment to its ReplicaSets */
const SKIP_COPY = new Set(["kubectl.kubernetes.io/last-applied-configuration", REV, REV_HISTORY, DESIRED, MAX, "deprecated.deployment.rollback.to"]);

type Cond = { type: string; status: string; lastUpdateTime: string; lastTransitionTime: string; reason: string; message: string };

function revision(o: KubeObject | undefined): number {
  return Number(o?.metadata.annotations?.[REV] ?? 0) || 0;
}

function getCond(status: any, type: string): Cond | undefined {
  return (status?.conditions ?? []).find((c: Cond) => c.type === type);
}

/** deploymentutil.SetDeploymentCondition */
function setCond(status: any, c: Cond): void {
  const cur = getCond(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x: Cond) => x.type !== c.type), c];
}

function newCond(now: number, type: string, status: string, reason: string, message: string): Cond {
  const t = ts(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export class DeploymentController extends Controller {
  readonly name = "deployment";
  /** "uid/generation" -> the object's pod template without pod-template-hash */
  private templates = new Map<string, string>();

  onEvent(e: WatchEvent): void {
    if (e.resource === "deployments") {
      this.enqueue(nsKey(e.object));
      return;
    }
    if (e.resource === "replicasets") {
      const ref = controllerRef(e.object);
      if (ref?.kind === "Deployment") this.enqueue(`${e.object.metadata.namespace}/${ref.name}`);
      else if (!ref && e.type !== "DELETED") {
        for (const d of this.store.inNamespace("deployments", e.object.metadata.namespace!)) {
          if (matchLabelSelector(d.spec?.selector, e.object.metadata.labels)) this.enqueue(nsKey(d));
        }
      }
      return;
    }
    if (e.resource === "pods" && e.type === "DELETED") {
      // Recreate waits for the old pods to be gone
      const ref = controllerRef(e.object);
      if (ref?.kind !== "ReplicaSet") return;
      const rs = this.store.peek("replicasets", e.object.metadata.namespace, ref.name);
      const dref = rs && controllerRef(rs);
      if (dref?.kind === "Deployment") this.enqueue(`${e.object.metadata.namespace}/${dref.name}`);
    }
  }

  resyncAll(): void {
    for (const d of this.store.listRaw("deployments")) this.queue.add(nsKey(d));
  }

  private replicaSets(d: KubeObject): KubeObject[] {
    const out: KubeObject[] = [];
    for (const { resource, object } of this.store.dependents(d.metadata.uid!)) {
      if (resource === "replicasets" && controllerRef(object)?.uid === d.metadata.uid) out.push(object);
    }
    if (!d.metadata.deletionTimestamp) {
      for (const rs of [...this.store.inNamespace("replicasets", d.metadata.namespace!)]) {
        if (controllerRef(rs) || rs.metadata.deletionTimestamp || !matchLabelSelector(d.spec?.selector, rs.metadata.labels)) continue;
        const upd = deepClone(rs);
        upd.metadata.ownerReferences = [...(upd.metadata.ownerReferences ?? []), { apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }];
        out.push(this.store.update("replicasets", upd, { owned: true }));
      }
    }
    return out.sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? 1 : a.metadata.name! < b.metadata.name! ? -1 : 1));
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const d0 = this.store.peek("deployments", ns, name);
    if (!d0) return;
    const d = deepClone(d0);
    if (d.metadata.deletionTimestamp) {
      this.syncStatusOnly(d);
      return;
    }
    const rsList = this.replicaSets(d);
    this.checkPausedConditions(d);
    if (d.spec?.paused) {
      this.scaleSync(d, rsList);
      return;
    }
    if (this.isScalingEvent(d, rsList)) {
      this.scaleSync(d, rsList);
      return;
    }
    if (d.spec?.strategy?.type === "Recreate") this.rolloutRecreate(d, rsList);
    else this.rolloutRolling(d, rsList);
  }

  // ------------------------------------------------------------------ replica sets

  private findNewRS(d: KubeObject, rsList: KubeObject[]): KubeObject | undefined {
    return rsList.find((rs) => sameTemplate(rs, d, this.templates));
  }

  private oldRSs(d: KubeObject, rsList: KubeObject[], newRS: KubeObject | undefined): KubeObject[] {
    return rsList.filter((rs) => rs !== newRS && rs.metadata.uid !== newRS?.metadata.uid);
  }

  /** getAllReplicaSetsAndSyncRevision + getNewReplicaSet */
  private getNewRS(d: KubeObject, rsList: KubeObject[], create: boolean): KubeObject | undefined {
    const existing = this.findNewRS(d, rsList);
    const olds = this.oldRSs(d, rsList, existing);
    const maxOld = Math.max(0, ...olds.map(revision));
    const newRevision = String(maxOld + 1);
    const status = (d.status ??= {});
    if (existing) {
      let rs = existing;
      const annChanged = this.setNewRSAnnotations(d, (rs = deepClone(existing)), newRevision, true);
      const minReadyChanged = (rs.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      if (annChanged || minReadyChanged) {
        rs.spec.minReadySeconds = d.spec.minReadySeconds;
        if (rs.spec.minReadySeconds === undefined) delete rs.spec.minReadySeconds;
        rs = this.api.update("replicasets", rs);
      } else rs = existing;
      let needs = this.setDeploymentRevision(d, rs.metadata.annotations?.[REV] ?? newRevision);
      const cur = getCond(status, "Progressing");
      if (d.spec.progressDeadlineSeconds !== undefined && !cur) {
        setCond(status, newCond(this.now(), "Progressing", "True", "FoundNewReplicaSet", `Found new replica set "${rs.metadata.name}"`));
        needs = true;
      }
      if (needs) this.writeDeployment(d);
      return rs;
    }
    if (!create) return undefined;
    const template = deepClone(d.spec.template ?? {});
    const collision = d.status?.collisionCount;
    const hash = computeHash(template, collision);
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), "pod-template-hash": hash };
    const selector = deepClone(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), "pod-template-hash": hash };
    const rs: KubeObject = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds, selector, template },
    };
    if (rs.spec.minReadySeconds === undefined) delete rs.spec.minReadySeconds;
    const allRSs = [...olds];
    const newReplicas = this.newRSNewReplicas(d, allRSs, rs);
    rs.spec.replicas = newReplicas;
    this.setNewRSAnnotations(d, rs, newRevision, false);
    let created: KubeObject;
    try {
      created = this.api.create("replicasets", rs);
    } catch (e) {
      const existingRS = this.store.peek("replicasets", d.metadata.namespace, rs.metadata.name!);
      if (existingRS && controllerRef(existingRS)?.uid === d.metadata.uid && equalIgnoreHash(existingRS.spec?.template, d.spec.template)) return existingRS;
      if (existingRS) {
        // a hash collision: bump collisionCount and retry
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        this.writeDeployment(d);
      }
      throw e;
    }
    if (newReplicas > 0) {
      this.ctx.events.record(refOf(d), "Normal", "ScalingReplicaSet", `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicas}`, SOURCE);
    }
    this.setDeploymentRevision(d, newRevision);
    if (d.spec.progressDeadlineSeconds !== undefined) {
      setCond(status, newCond(this.now(), "Progressing", "True", "NewReplicaSetCreated", `Created new replica set "${created.metadata.name}"`));
    }
    this.writeDeployment(d);
    return this.store.peek("replicasets", created.metadata.namespace, created.metadata.name!);
  }

  /** SetNewReplicaSetAnnotations: revision (+history), desired/max replicas, copied annotations. */
  private setNewRSAnnotations(d: KubeObject, rs: KubeObject, newRevision: string, exists: boolean): boolean {
    const ann = (rs.metadata.annotations ??= {});
    let changed = false;
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
      if (SKIP_COPY.has(k) || ann[k] === v) continue;
      ann[k] = v;
      changed = true;
    }
    const oldRev = ann[REV];
    if ((Number(oldRev) || 0) < Number(newRevision)) {
      ann[REV] = newRevision;
      changed = true;
      if (oldRev && exists) {
        ann[REV_HISTORY] = ann[REV_HISTORY] ? `${ann[REV_HISTORY]},${oldRev}` : oldRev;
      }
    }
    if (!exists || !ann[DESIRED]) {
      changed = this.setReplicasAnnotations(rs, d) || changed;
    }
    return changed;
  }

  private setReplicasAnnotations(rs: KubeObject, d: KubeObject): boolean {
    const ann = (rs.metadata.annotations ??= {});
    const desired = String(d.spec.replicas ?? 1);
    const max = String((d.spec.replicas ?? 1) + this.maxSurge(d));
    if (ann[DESIRED] === desired && ann[MAX] === max) return false;
    ann[DESIRED] = desired;
    ann[MAX] = max;
    return true;
  }

  private setDeploymentRevision(d: KubeObject, rev: string): boolean {
    const ann = (d.metadata.annotations ??= {});
    if (ann[REV] === rev) return false;
    ann[REV] = rev;
    return true;
  }

  private writeDeployment(d: KubeObject): void {
    const upd = this.api.store.update("deployments", d);
    d.metadata.resourceVersion = upd.metadata.resourceVersion;
  }

  private maxSurge(d: KubeObject): number {
    if (d.spec?.strategy?.type === "Recreate") return 0;
    const { surge } = this.resolveFenceposts(d);
    return surge;
  }

  /** deploymentutil.ResolveFenceposts */
  private resolveFenceposts(d: KubeObject): { surge: number; unavailable: number } {
    const replicas = d.spec.replicas ?? 1;
    const ru = d.spec.strategy?.rollingUpdate ?? {};
    const surge = scaledValue(ru.maxSurge ?? "25%", replicas, true);
    let unavailable = scaledValue(ru.maxUnavailable ?? "25%", replicas, false);
    if (surge === 0 && unavailable === 0) unavailable = 1;
    return { surge, unavailable };
  }

  private newRSNewReplicas(d: KubeObject, allOld: KubeObject[], newRS: KubeObject): number {
    const replicas = d.spec.replicas ?? 1;
    if (d.spec?.strategy?.type === "Recreate") return replicas;
    const { surge } = this.resolveFenceposts(d);
    const current = [...allOld, newRS].reduce((a, rs) => a + (rs.spec?.replicas ?? 0), 0);
    const maxTotal = replicas + surge;
    if (current >= maxTotal) return newRS.spec.replicas ?? 0;
    const up = Math.min(maxTotal - current, replicas - (newRS.spec.replicas ?? 0));
    return (newRS.spec.replicas ?? 0) + Math.max(0, up);
  }

  /** Scale a ReplicaSet, with its replica annotations and the ScalingReplicaSet event. */
  private scaleRS(rs: KubeObject, n: number, d: KubeObject): KubeObject {
    const cur = this.store.peek("replicasets", rs.metadata.namespace, rs.metadata.name!) ?? rs;
    const upd = deepClone(cur);
    const sizeNeedsUpdate = (cur.spec?.replicas ?? 0) !== n;
    const annNeedsUpdate = this.setReplicasAnnotations(upd, d);
    if (!sizeNeedsUpdate && !annNeedsUpdate) return cur;
    const old = cur.spec?.replicas ?? 0;
    upd.spec.replicas = n;
    const out = this.api.update("replicasets", upd);
    if (sizeNeedsUpdate) {
      const op = old < n ? "up" : "down";
      this.ctx.events.record(refOf(d), "Normal", "ScalingReplicaSet", `Scaled ${op} replica set ${cur.metadata.name} from ${old} to ${n}`, SOURCE);
    }
    return this.store.peek("replicasets", out.metadata.namespace, out.metadata.name!)!;
  }

  // ------------------------------------------------------------------ strategies

  private isScalingEvent(d: KubeObject, rsList: KubeObject[]): boolean {
    const newRS = this.getNewRS(d, rsList, false);
    const all = [...this.oldRSs(d, rsList, newRS), ...(newRS ? [newRS] : [])];
    for (const rs of all) {
      if ((rs.spec?.replicas ?? 0) === 0) continue;
      const desired = rs.metadata.annotations?.[DESIRED];
      if (desired !== undefined && Number(desired) !== (d.spec.replicas ?? 1)) return true;
    }
    return false;
  }

  /** dc.sync: scale (proportionally onto the newest active RS) and clean up, no rollout. */
  private scaleSync(d: KubeObject, rsList: KubeObject[]): void {
    const newRS = this.getNewRS(d, rsList, false);
    let olds = this.oldRSs(d, rsList, newRS);
    const replicas = d.spec.replicas ?? 1;
    const active = [...olds, ...(newRS ? [newRS] : [])].filter((rs) => (rs.spec?.replicas ?? 0) > 0);
    if (active.length <= 1) {
      const target = active[0] ?? newRS;
      if (target) this.scaleRS(target, target === newRS || active.length ? replicas : 0, d);
    } else if (newRS && d.spec?.strategy?.type !== "Recreate") {
      // proportional scaling: spread the difference, largest (then newest) first
      const maxTotal = replicas + this.maxSurge(d);
      const all = [...active];
      const current = all.reduce((a, rs) => a + (rs.spec?.replicas ?? 0), 0);
      let left = maxTotal - current;
      if (left !== 0) {
        all.sort((a, b) => (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0));
        for (const rs of all) {
          if (left === 0) break;
          const share = left > 0 ? left : -Math.min(-left, rs.spec.replicas ?? 0);
          this.scaleRS(rs, (rs.spec.replicas ?? 0) + share, d);
          left -= share;
        }
      }
    }
    olds = this.oldRSs(d, this.replicaSets(d), newRS);
    if (d.spec.paused) this.cleanup(d, olds);
    this.syncStatusOnly(d);
  }

  private rolloutRolling(d: KubeObject, rsList: KubeObject[]): void {
    let newRS = this.getNewRS(d, rsList, true);
    const olds = () => this.oldRSs(d, this.replicaSets(d), newRS);
    // reconcileNewReplicaSet
    if (newRS) {
      const want = this.newRSNewReplicas(d, olds(), newRS);
      const replicas = d.spec.replicas ?? 1;
      if ((newRS.spec?.replicas ?? 0) > replicas) newRS = this.scaleRS(newRS, replicas, d);
      else if (want !== (newRS.spec?.replicas ?? 0)) newRS = this.scaleRS(newRS, want, d);
    }
    // reconcileOldReplicaSets
    this.reconcileOld(d, olds(), newRS);
    if (this.complete(d, newRS)) this.cleanup(d, olds());
    this.syncStatusOnly(d);
  }

  private reconcileOld(d: KubeObject, olds: KubeObject[], newRS: KubeObject | undefined): void {
    const oldPods = olds.reduce((a, rs) => a + (rs.spec?.replicas ?? 0), 0);
    if (oldPods === 0) return;
    const all = [...olds, ...(newRS ? [newRS] : [])];
    const allPods = all.reduce((a, rs) => a + (rs.spec?.replicas ?? 0), 0);
    const replicas = d.spec.replicas ?? 1;
    const { unavailable } = this.resolveFenceposts(d);
    const minAvailable = replicas - unavailable;
    const newUnavailable = newRS ? (newRS.spec?.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0) : 0;
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    // cleanupUnhealthyReplicas: old RSs' unavailable pods go first
    let cleaned = 0;
    const byAge = [...olds].sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : 1));
    for (const rs of byAge) {
      if (cleaned >= maxScaledDown) break;
      const spec = rs.spec?.replicas ?? 0;
      const avail = rs.status?.availableReplicas ?? 0;
      if (spec === 0 || spec === avail) continue;
      const down = Math.min(maxScaledDown - cleaned, spec - avail);
      this.scaleRS(rs, spec - down, d);
      cleaned += down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    const fresh = this.oldRSs(d, this.replicaSets(d), newRS);
    const cur = [...fresh, ...(newRS ? [this.store.peek("replicasets", newRS.metadata.namespace, newRS.metadata.name!) ?? newRS] : [])];
    const availableAll = cur.reduce((a, rs) => a + (rs.status?.availableReplicas ?? 0), 0);
    let total = availableAll - minAvailable;
    if (total <= 0) return;
    for (const rs of fresh.sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : 1))) {
      if (total <= 0) break;
      const spec = rs.spec?.replicas ?? 0;
      if (spec === 0) continue;
      const down = Math.min(spec, total);
      this.scaleRS(rs, spec - down, d);
      total -= down;
    }
  }

  private rolloutRecreate(d: KubeObject, rsList: KubeObject[]): void {
    let newRS = this.getNewRS(d, rsList, false);
    const olds = this.oldRSs(d, rsList, newRS);
    let scaledDown = false;
    for (const rs of olds) {
      if ((rs.spec?.replicas ?? 0) !== 0) {
        this.scaleRS(rs, 0, d);
        scaledDown = true;
      }
    }
    if (scaledDown) {
      this.syncStatusOnly(d);
      return;
    }
    // wait for every old pod to be gone
    for (const rs of olds) {
      for (const { resource, object } of this.store.dependents(rs.metadata.uid!)) {
        if (resource === "pods" && (isPodActive(object) || object.metadata.deletionTimestamp)) {
          this.syncStatusOnly(d);
          return;
        }
      }
    }
    if (!newRS) newRS = this.getNewRS(d, this.replicaSets(d), true);
    if (newRS) this.scaleRS(newRS, d.spec.replicas ?? 1, d);
    if (this.complete(d, newRS)) this.cleanup(d, this.oldRSs(d, this.replicaSets(d), newRS));
    this.syncStatusOnly(d);
  }

  private complete(d: KubeObject, newRS: KubeObject | undefined): boolean {
    const st = this.calculateStatus(d, this.replicaSets(d), newRS);
    const replicas = d.spec.replicas ?? 1;
    return st.updatedReplicas === replicas && st.replicas === replicas && st.availableReplicas === replicas;
  }

  /** cleanupDeployment: delete the oldest RSs with no replicas beyond revisionHistoryLimit. */
  private cleanup(d: KubeObject, olds: KubeObject[]): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const cleanable = olds.filter((rs) => (rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revision(a) - revision(b));
    for (const rs of cleanable.slice(0, diff)) this.api.delete("replicasets", rs.metadata.namespace, rs.metadata.name!);
  }

  // ------------------------------------------------------------------ status

  private calculateStatus(d: KubeObject, rsList: KubeObject[], newRS: KubeObject | undefined): any {
    const sum = (f: (rs: KubeObject) => number) => rsList.reduce((a, rs) => a + f(rs), 0);
    const replicas = sum((rs) => rs.status?.replicas ?? 0);
    const updated = newRS ? this.store.peek("replicasets", newRS.metadata.namespace, newRS.metadata.name!)?.status?.replicas ?? 0 : 0;
    const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
    const available = sum((rs) => rs.status?.availableReplicas ?? 0);
    const want = d.spec.replicas ?? 1;
    const status: any = { observedGeneration: d.metadata.generation };
    if (replicas) status.replicas = replicas;
    if (updated) status.updatedReplicas = updated;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    const unavailable = Math.max(0, want - available);
    if (unavailable) status.unavailableReplicas = unavailable;
    status.conditions = deepClone(d.status?.conditions ?? []);
    if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
    const { unavailable: maxUnavail } = this.resolveFenceposts(d);
    const minAvail = want - (d.spec?.strategy?.type === "Recreate" ? 0 : maxUnavail);
    if (available >= minAvail) setCond(status, newCond(this.now(), "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."));
    else setCond(status, newCond(this.now(), "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."));
    return status;
  }

  private checkPausedConditions(d: KubeObject): void {
    if (d.spec.progressDeadlineSeconds === undefined) return;
    const cond = getCond(d.status, "Progressing");
    if (cond?.reason === "ProgressDeadlineExceeded") return;
    const paused = !!d.spec.paused;
    const pausedCond = cond?.reason === "DeploymentPaused";
    let changed = false;
    d.status ??= {};
    if (paused && !pausedCond) {
      setCond(d.status, newCond(this.now(), "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused"));
      changed = true;
    } else if (!paused && pausedCond) {
      setCond(d.status, newCond(this.now(), "Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed"));
      changed = true;
    }
    if (changed) this.writeDeployment(d);
  }

  /** syncRolloutStatus (and syncDeploymentStatus for paused/scaling). */
  private syncStatusOnly(d0: KubeObject): void {
    const d = deepClone(this.store.peek("deployments", d0.metadata.namespace, d0.metadata.name!) ?? d0);
    const rsList = this.replicaSets(d);
    const newRS = this.findNewRS(d, rsList);
    const st = this.calculateStatus(d, rsList, newRS);
    const now = this.now();
    const replicas = d.spec.replicas ?? 1;
    const cur = getCond(d.status, "Progressing");
    const completeNow = st.updatedReplicas === replicas && (st.replicas ?? 0) === replicas && (st.availableReplicas ?? 0) === replicas && st.observedGeneration >= d.metadata.generation!;
    const isComplete = (st.replicas ?? 0) === (st.updatedReplicas ?? 0) && cur?.reason === "NewReplicaSetAvailable";
    const paused = cur?.reason === "DeploymentPaused" || d.spec.paused;
    if (d.spec.progressDeadlineSeconds !== undefined && !paused && !isComplete) {
      const old = d.status ?? {};
      const progressing =
        (st.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
        (st.replicas ?? 0) - (st.updatedReplicas ?? 0) < (old.replicas ?? 0) - (old.updatedReplicas ?? 0) ||
        (st.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
        (st.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
      if (completeNow) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setCond(st, newCond(now, "Progressing", "True", "NewReplicaSetAvailable", msg));
      } else if (progressing) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        const c = newCond(now, "Progressing", "True", "ReplicaSetUpdated", msg);
        const pc = getCond(st, "Progressing");
        if (pc) {
          if (pc.status === "True") c.lastTransitionTime = pc.lastTransitionTime;
          st.conditions = st.conditions.filter((x: Cond) => x.type !== "Progressing");
        }
        setCond(st, c);
      } else if (cur && cur.status !== "Unknown") {
        // DeploymentTimedOut: no progress for progressDeadlineSeconds since the last update
        const last = Date.parse(cur.lastUpdateTime);
        const deadline = last + d.spec.progressDeadlineSeconds * 1000;
        if (now >= deadline) {
          const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
          setCond(st, newCond(now, "Progressing", "False", "ProgressDeadlineExceeded", msg));
        } else this.enqueueAfter(nsKey(d), deadline - now + 1);
      }
    }
    if (sameJson(st, d.status)) return;
    d.status = st;
    this.api.updateStatus("deployments", d);
  }
}

export { revision as deploymentRevision };

// StatefulSet controller (pkg/controller/statefulset: stateful_set.go, stateful_set_control.go,
// stateful_pod_control.go, stateful_set_utils.go): pods NAME-0 … NAME-(n-1) with a stable
// identity (statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index, hostname =
// pod name, subdomain = serviceName), one PVC per volumeClaimTemplate and ordinal
// (<template>-<set>-<ordinal>, created before the pod), OrderedReady (one pod at a time, each
// Running and Ready before the next; scale down from the highest ordinal) or Parallel;
// ControllerRevisions (controller-revision-hash = the revision name); RollingUpdate from the
// highest ordinal down to the partition, or OnDelete; status as updateStatefulSet computes it.

import type { KubeObject } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { matchLabelSelector } from "../../api/selectors.ts";
import { refOf } from "../../events.ts";
import { stableJson } from "../../hash.ts";
import { Controller, nsKey, splitKey } from "../manager.ts";
import { computeHash, controllerRef, isPodAvailable, isPodReady, msUntilAvailable, podFromTemplate, sameJson } from "../util.ts";

const SOURCE = { component: "statefulset-controller" };
const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
const REVISION_LABEL = "controller-revision-hash";

/** getParentNameAndOrdinal: "web-2" → ["web", 2]; -1 when the name has no ordinal. */
export function parentAndOrdinal(name: string): [string, number] {
  const m = /^(.*)-([0-9]+)$/.exec(name);
  if (!m) return ["", -1];
  const n = Number(m[2]);
  return Number.isSafeInteger(n) && n <= 2 ** 31 - 1 ? [m[1], n] : ["", -1];
}

const ordinalOf = (p: KubeObject) => parentAndOrdinal(p.metadata.name!)[1];
const isCreated = (p: KubeObject) => !!p.status?.phase;
const isTerminating = (p: KubeObject) => !!p.metadata.deletionTimestamp;
const isRunningAndReady = (p: KubeObject) => p.status?.phase === "Running" && isPodReady(p);

/** The ordinals a set runs: [start, start + replicas). */
function startOrdinal(set: KubeObject): number {
  return Number(set.spec?.ordinals?.start ?? 0) || 0;
}

/** getPersistentVolumeClaimName */
export function claimName(set: KubeObject, template: string, ordinal: number): string {
  return `${template}-${set.metadata.name}-${ordinal}`;
}

export class StatefulSetController extends Controller {
  readonly name = "statefulset";
  private adopt = new Set<string>();

  onEvent(e: WatchEvent): void {
    if (e.resource === "statefulsets") {
      if (e.type === "ADDED" || (e.type === "MODIFIED" && JSON.stringify(e.old?.spec?.selector) !== JSON.stringify(e.object.spec?.selector))) this.adopt.add(nsKey(e.object));
      this.enqueue(nsKey(e.object));
      return;
    }
    if (e.resource !== "pods") return;
    const ref = controllerRef(e.object);
    const oldRef = e.old ? controllerRef(e.old) : undefined;
    if (ref?.kind === "StatefulSet") this.enqueue(`${e.object.metadata.namespace}/${ref.name}`);
    if (oldRef?.kind === "StatefulSet" && oldRef.uid !== ref?.uid) this.enqueue(`${e.object.metadata.namespace}/${oldRef.name}`);
    if (!ref && e.type !== "DELETED") {
      for (const set of this.store.inNamespace("statefulsets", e.object.metadata.namespace!)) {
        if (matchLabelSelector(set.spec?.selector, e.object.metadata.labels)) {
          this.adopt.add(nsKey(set));
          this.enqueue(nsKey(set));
        }
      }
    }
  }

  resyncAll(): void {
    for (const s of this.store.listRaw("statefulsets")) {
      this.queue.add(nsKey(s));
      this.adopt.add(nsKey(s));
    }
  }

  /** isMemberOf + ClaimPods: owned pods whose name carries the set's name and an ordinal; orphans adopted. */
  private claimPods(set: KubeObject): KubeObject[] {
    const uid = set.metadata.uid!;
    const out: KubeObject[] = [];
    const sel = set.spec?.selector;
    const member = (p: KubeObject) => parentAndOrdinal(p.metadata.name!)[0] === set.metadata.name;
    for (const { resource, object: p } of this.store.dependents(uid)) {
      if (resource !== "pods" || controllerRef(p)?.uid !== uid) continue;
      if ((!matchLabelSelector(sel, p.metadata.labels) || !member(p)) && !set.metadata.deletionTimestamp) {
        const upd = deepClone(p);
        upd.metadata.ownerReferences = (upd.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (!upd.metadata.ownerReferences.length) delete upd.metadata.ownerReferences;
        this.api.update("pods", upd);
        continue;
      }
      out.push(p);
    }
    if (!set.metadata.deletionTimestamp && this.adopt.delete(nsKey(set))) {
      for (const p of [...this.store.inNamespace("pods", set.metadata.namespace!)]) {
        if (controllerRef(p) || isTerminating(p) || !member(p) || !matchLabelSelector(sel, p.metadata.labels)) continue;
        const upd = deepClone(p);
        upd.metadata.ownerReferences = [...(upd.metadata.ownerReferences ?? []), this.ownerRef(set)];
        out.push(this.store.update("pods", upd, { owned: true }));
      }
    }
    return out;
  }

  private ownerRef(set: KubeObject) {
    return { apiVersion: "apps/v1", kind: "StatefulSet", name: set.metadata.name!, uid: set.metadata.uid!, controller: true, blockOwnerDeletion: true };
  }

  // ------------------------------------------------------------------ revisions

  /** getPatch: the part of the set a revision records. */
  private revisionData(set: KubeObject): any {
    const tmpl = deepClone(set.spec?.template ?? {});
    tmpl.$patch = "replace";
    return { spec: { template: tmpl } };
  }

  private revisions(set: KubeObject): KubeObject[] {
    return this.store
      .dependents(set.metadata.uid!)
      .filter((d) => d.resource === "controllerrevisions" && controllerRef(d.object)?.uid === set.metadata.uid)
      .map((d) => d.object)
      .sort((a, b) => (Number(a.revision) || 0) - (Number(b.revision) || 0) || (a.metadata.name! < b.metadata.name! ? -1 : 1));
  }

  /** getStatefulSetRevisions: [current, update, collisionCount] */
  private syncRevisions(set: KubeObject, revs: KubeObject[]): [KubeObject, KubeObject, number] {
    let collision = Number(set.status?.collisionCount ?? 0) || 0;
    const data = this.revisionData(set);
    const key = stableJson(data);
    const next = revs.length ? (Number(revs[revs.length - 1].revision) || 0) + 1 : 1;
    const equal = revs.filter((r) => stableJson(r.data) === key);
    let update: KubeObject;
    if (equal.length && equal[equal.length - 1] === revs[revs.length - 1]) update = revs[revs.length - 1];
    else if (equal.length) {
      const upd = deepClone(equal[equal.length - 1]);
      upd.revision = next;
      update = this.api.update("controllerrevisions", upd);
    } else {
      for (;;) {
        const hash = computeHash(data, collision || undefined);
        const name = `${set.metadata.name}-${hash}`;
        const existing = this.store.peek("controllerrevisions", set.metadata.namespace, name);
        if (existing) {
          if (controllerRef(existing)?.uid === set.metadata.uid && stableJson(existing.data) === key) {
            update = existing;
            break;
          }
          collision++;
          continue;
        }
        const annotations = set.metadata.annotations ? { ...set.metadata.annotations } : undefined;
        update = this.api.create("controllerrevisions", {
          apiVersion: "apps/v1",
          kind: "ControllerRevision",
          metadata: {
            name,
            namespace: set.metadata.namespace,
            labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [REVISION_LABEL]: hash },
            ...(annotations ? { annotations } : {}),
            ownerReferences: [this.ownerRef(set)],
          },
          data,
          revision: next,
        });
        break;
      }
    }
    const current = revs.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return [current, update, collision];
  }

  /** truncateHistory */
  private truncateHistory(set: KubeObject, pods: KubeObject[], current: KubeObject, update: KubeObject): void {
    const live = new Set([current.metadata.name, update.metadata.name, ...pods.map((p) => p.metadata.labels?.[REVISION_LABEL])]);
    const history = this.revisions(set).filter((r) => !live.has(r.metadata.name));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    if (limit < 0 || history.length <= limit) return;
    for (const r of history.slice(0, history.length - limit)) this.api.delete("controllerrevisions", r.metadata.namespace, r.metadata.name!);
  }

  // ------------------------------------------------------------------ pods and claims

  private templateOf(rev: KubeObject): any {
    const t = deepClone(rev.data?.spec?.template ?? {});
    delete t.$patch;
    return t;
  }

  /** getPersistentVolumeClaims */
  private claimsFor(set: KubeObject, ordinal: number): KubeObject[] {
    return ((set.spec?.volumeClaimTemplates ?? []) as any[]).map((t) => {
      const c = deepClone(t);
      c.apiVersion = "v1";
      c.kind = "PersistentVolumeClaim";
      c.metadata = { ...(c.metadata ?? {}) };
      const tname = c.metadata.name;
      c.metadata.name = claimName(set, tname, ordinal);
      c.metadata.namespace = set.metadata.namespace;
      delete c.metadata.creationTimestamp;
      c.metadata.labels = { ...(c.metadata.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
      delete c.status;
      return c as KubeObject;
    });
  }

  /** newStatefulSetPod with setPodRevision */
  private newPod(set: KubeObject, template: any, revision: string, ordinal: number): KubeObject {
    const pod = podFromTemplate(template, set, this.ownerRef(set));
    delete pod.metadata.generateName;
    pod.metadata.name = `${set.metadata.name}-${ordinal}`;
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revision };
    pod.spec.hostname = pod.metadata.name;
    if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
    // updateStorage: the claim volumes first, then the template's other volumes
    const templates: any[] = set.spec?.volumeClaimTemplates ?? [];
    if (templates.length) {
      const names = new Set(templates.map((t) => t.metadata?.name));
      pod.spec.volumes = [
        ...templates.map((t) => ({ name: t.metadata?.name, persistentVolumeClaim: { claimName: claimName(set, t.metadata?.name, ordinal) } })),
        ...((pod.spec.volumes ?? []) as any[]).filter((v) => !names.has(v.name)),
      ];
    }
    return pod;
  }

  /** createPersistentVolumeClaims: the claims that do not exist yet, with their events. */
  private createClaims(set: KubeObject, podName: string, ordinal: number): void {
    const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
    for (const claim of this.claimsFor(set, ordinal)) {
      if (this.store.peek("persistentvolumeclaims", claim.metadata.namespace, claim.metadata.name!)) continue;
      if (policy.whenDeleted === "Delete") claim.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: "StatefulSet", name: set.metadata.name!, uid: set.metadata.uid!, controller: true, blockOwnerDeletion: true }];
      try {
        this.api.create("persistentvolumeclaims", claim);
        this.ctx.events.record(refOf(set), "Normal", "SuccessfulCreate", `create Claim ${claim.metadata.name} Pod ${podName} in StatefulSet ${set.metadata.name} success`, SOURCE);
      } catch (e) {
        this.ctx.events.record(refOf(set), "Warning", "FailedCreate", `create Claim ${claim.metadata.name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`, SOURCE);
        throw e;
      }
    }
  }

  private createPod(set: KubeObject, pod: KubeObject, ordinal: number): void {
    this.createClaims(set, pod.metadata.name!, ordinal);
    try {
      this.api.create("pods", pod);
    } catch (e) {
      if ((e as { reason?: string }).reason === "AlreadyExists") throw e;
      this.ctx.events.record(refOf(set), "Warning", "FailedCreate", `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`, SOURCE);
      throw e;
    }
    this.ctx.events.record(refOf(set), "Normal", "SuccessfulCreate", `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
  }

  private deletePod(set: KubeObject, pod: KubeObject): void {
    try {
      this.api.delete("pods", pod.metadata.namespace, pod.metadata.name!);
    } catch (e) {
      this.ctx.events.record(refOf(set), "Warning", "FailedDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`, SOURCE);
      throw e;
    }
    this.ctx.events.record(refOf(set), "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
  }

  /** whenScaled: Delete — a condemned pod's claims are owned by the pod, so the garbage collector removes them after it. */
  private ownClaimsByPod(set: KubeObject, pod: KubeObject): void {
    if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled !== "Delete") return;
    for (const claim of this.claimsFor(set, ordinalOf(pod))) {
      const cur = this.store.peek("persistentvolumeclaims", claim.metadata.namespace, claim.metadata.name!);
      if (!cur || (cur.metadata.ownerReferences ?? []).some((r) => r.uid === pod.metadata.uid)) continue;
      const upd = deepClone(cur);
      upd.metadata.ownerReferences = [...(upd.metadata.ownerReferences ?? []).filter((r) => r.kind !== "StatefulSet"), { apiVersion: "v1", kind: "Pod", name: pod.metadata.name!, uid: pod.metadata.uid!, controller: true, blockOwnerDeletion: true }];
      this.api.update("persistentvolumeclaims", upd);
    }
  }

  // ------------------------------------------------------------------ sync

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const set = this.store.peek("statefulsets", ns, name);
    if (!set) return;
    const pods = this.claimPods(set);
    const revs = this.revisions(set);
    const [current, update, collision] = this.syncRevisions(set, revs);
    const status = this.updateSet(set, pods, current, update, collision);
    this.writeStatus(ns, name, status);
    this.truncateHistory(set, this.claimPods(set), current, update);
  }

  private statusOf(set: KubeObject, pods: KubeObject[], current: KubeObject, update: KubeObject, collision: number): any {
    const minReady = set.spec?.minReadySeconds ?? 0;
    const now = this.now();
    let replicas = 0, ready = 0, available = 0, cur = 0, upd = 0;
    for (const p of pods) {
      if (isCreated(p)) replicas++;
      if (isRunningAndReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
        else {
          const w = msUntilAvailable(p, minReady, now);
          if (w !== undefined) this.enqueueAfter(nsKey(set), w);
        }
      }
      if (isCreated(p) && !isTerminating(p)) {
        const rev = p.metadata.labels?.[REVISION_LABEL];
        if (rev === current.metadata.name) cur++;
        if (rev === update.metadata.name) upd++;
      }
    }
    return { observedGeneration: set.metadata.generation, replicas, readyReplicas: ready, currentReplicas: cur, updatedReplicas: upd, currentRevision: current.metadata.name, updateRevision: update.metadata.name, collisionCount: collision, availableReplicas: available };
  }

  /** updateStatefulSet: returns the status to record. */
  private updateSet(set: KubeObject, pods: KubeObject[], current: KubeObject, update: KubeObject, collision: number): any {
    const minReady = set.spec?.minReadySeconds ?? 0;
    const now = this.now();
    const start = startOrdinal(set);
    const count = set.spec?.replicas ?? 1;
    const replicas: (KubeObject | undefined)[] = new Array(count).fill(undefined);
    const condemned: KubeObject[] = [];
    for (const p of pods) {
      const o = ordinalOf(p);
      if (o >= start && o < start + count) replicas[o - start] = p;
      else if (o >= 0) condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    const status = () => this.statusOf(set, [...(replicas.filter(Boolean) as KubeObject[]), ...condemned], current, update, collision);
    if (set.metadata.deletionTimestamp) return status();

    const monotonic = (set.spec?.podManagementPolicy ?? "OrderedReady") !== "Parallel";
    const strategy = set.spec?.updateStrategy?.type ?? "RollingUpdate";
    const partition = Number(set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0) || 0;
    const unavailable = (p: KubeObject) => !isCreated(p) || isTerminating(p) || !isRunningAndReady(p) || !isPodAvailable(p, minReady, now);
    // newVersionedStatefulSetPod: below the partition the current revision, else the update revision
    const wantRevision = (ord: number) => {
      const cs = set.status?.currentReplicas ?? 0;
      const useCurrent = strategy === "RollingUpdate" && (set.spec?.updateStrategy?.rollingUpdate ? ord < start + partition : ord < start + cs);
      return useCurrent ? current : update;
    };

    // processReplica, in ordinal order
    for (let i = 0; i < count; i++) {
      const ord = start + i;
      const p = replicas[i];
      if (p && (p.status?.phase === "Failed" || p.status?.phase === "Succeeded")) {
        if (!isTerminating(p)) this.deletePod(set, p);
        if (monotonic) return status();
        continue;
      }
      if (!p) {
        const rev = wantRevision(ord);
        const pod = this.newPod(set, this.templateOf(rev), rev.metadata.name!, ord);
        this.createPod(set, pod, ord);
        replicas[i] = this.store.peek("pods", set.metadata.namespace, pod.metadata.name!);
        if (monotonic) return status();
        continue;
      }
      // a pending pod: create its missing claims
      if (p.status?.phase === "Pending") this.createClaims(set, p.metadata.name!, ord);
      if (isTerminating(p) && monotonic) return status();
      if (!isRunningAndReady(p) && monotonic) return status();
      if (!isPodAvailable(p, minReady, now) && monotonic) return status();
      // identity: the labels a pod of the set carries
      const labels = p.metadata.labels ?? {};
      if (labels[POD_NAME_LABEL] !== p.metadata.name || labels[POD_INDEX_LABEL] !== String(ord)) {
        const u = deepClone(p);
        u.metadata.labels = { ...(u.metadata.labels ?? {}), [POD_NAME_LABEL]: p.metadata.name!, [POD_INDEX_LABEL]: String(ord) };
        replicas[i] = this.api.update("pods", u);
      }
    }

    // processCondemned, from the highest ordinal
    const live = replicas as KubeObject[];
    let firstUnhealthy: KubeObject | undefined = live.find(unavailable);
    if (!firstUnhealthy) for (let i = condemned.length - 1; i >= 0; i--) if (unavailable(condemned[i])) { firstUnhealthy = condemned[i]; break; }
    for (const p of condemned) {
      if (isTerminating(p)) {
        if (monotonic) return status();
        continue;
      }
      if (monotonic && p !== firstUnhealthy && (!isRunningAndReady(p) || !isPodAvailable(p, minReady, now))) return status();
      this.ownClaimsByPod(set, p);
      this.deletePod(set, p);
      if (monotonic) return status();
    }

    const st = status();
    if (strategy === "OnDelete") return st;
    // RollingUpdate: delete the highest ordinal not at the update revision, one at a time
    for (let target = live.length - 1; target >= partition; target--) {
      const p = live[target];
      if (p.metadata.labels?.[REVISION_LABEL] !== update.metadata.name && !isTerminating(p)) {
        this.deletePod(set, p);
        st.currentReplicas--;
        return st;
      }
      if (unavailable(p)) return st;
    }
    return st;
  }

  private writeStatus(ns: string | undefined, name: string, s: any): void {
    const set = this.store.peek("statefulsets", ns, name);
    if (!set) return;
    // completeRollingUpdate
    if ((set.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate" && s.updatedReplicas === s.replicas && s.readyReplicas === s.replicas) {
      s.currentReplicas = s.updatedReplicas;
      s.currentRevision = s.updateRevision;
    }
    const status: any = {};
    if (s.observedGeneration) status.observedGeneration = s.observedGeneration;
    status.replicas = s.replicas;
    if (s.readyReplicas) status.readyReplicas = s.readyReplicas;
    if (s.currentReplicas) status.currentReplicas = s.currentReplicas;
    if (s.updatedReplicas) status.updatedReplicas = s.updatedReplicas;
    if (s.currentRevision) status.currentRevision = s.currentRevision;
    if (s.updateRevision) status.updateRevision = s.updateRevision;
    status.collisionCount = s.collisionCount;
    if (set.status?.conditions?.length) status.conditions = set.status.conditions;
    status.availableReplicas = s.availableReplicas;
    if (sameJson(status, set.status)) return;
    const upd = deepClone(set);
    upd.status = status;
    this.api.updateStatus("statefulsets", upd);
  }
}

// PersistentVolume controller (kube-controller-manager's persistentvolume-binder,
// pkg/controller/volume/persistentvolume/pv_controller.go): binds claims to volumes
// (syncUnboundClaim / syncBoundClaim / syncVolume, bind, updateClaimStatus, updateVolumePhase),
// reclaims released volumes (Retain, Delete with the in-tree deleters' errors, Recycle), and
// the pvc-protection / pv-protection controllers that hold the kubernetes.io/pvc-protection and
// kubernetes.io/pv-protection finalizers while a claim is used by a pod or a volume is bound.
// Dynamic provisioning is not simulated: an external provisioner is announced with the real
// ExternalProvisioning event and never answers; in-tree provisioners are gone in 1.32.

import type { KubeObject } from "../../types.ts";
import { rfc3339 } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { claimClass, defaultClass, PV_PROTECTION, PVC_PROTECTION, ANN_BETA_CLASS } from "../../api/storage.ts";
import { refOf } from "../../events.ts";
import { Controller, splitKey } from "../manager.ts";
import {
  ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER,
  claimRefTo, findBestMatchForClaim, isDelayBindingMode, isVolumeBoundToClaim, podClaimNames, volumeSatisfyError,
} from "./index.ts";

/** --pvclaimbinder-sync-period: every claim and volume is synced again this often. */
export const PV_RESYNC_MS = 15_000;
const SOURCE = { component: "persistentvolume-controller" };

const hasAnn = (o: KubeObject, k: string) => o.metadata.annotations?.[k] !== undefined;

export class PersistentVolumeController extends Controller {
  readonly name = "persistentvolume-binder";
  /** keys with a resync timer armed ("c:<ns>/<name>" or "v:<name>") */
  private armed = new Set<string>();

  onEvent(e: WatchEvent): void {
    const o = e.object;
    switch (e.resource) {
      case "persistentvolumes":
        if (e.type !== "DELETED") this.enqueue("v:" + o.metadata.name);
        if (o.spec?.claimRef?.name) this.enqueue(`c:${o.spec.claimRef.namespace}/${o.spec.claimRef.name}`);
        break;
      case "persistentvolumeclaims":
        if (e.type !== "DELETED") this.enqueue(`c:${o.metadata.namespace}/${o.metadata.name}`);
        else {
          // the volumes bound to it are released
          for (const pv of this.store.listRaw("persistentvolumes")) if (pv.spec?.claimRef?.uid === o.metadata.uid) this.enqueue("v:" + pv.metadata.name);
        }
        break;
      case "storageclasses":
        for (const c of this.store.listRaw("persistentvolumeclaims")) if (!c.spec?.volumeName) this.enqueue(`c:${c.metadata.namespace}/${c.metadata.name}`);
        break;
    }
  }

  resyncAll(): void {
    for (const pv of this.store.listRaw("persistentvolumes")) this.queue.add("v:" + pv.metadata.name);
    for (const c of this.store.listRaw("persistentvolumeclaims")) this.queue.add(`c:${c.metadata.namespace}/${c.metadata.name}`);
  }

  /** The periodic resync (the informers' 15 s), kept only for objects that wait for something. */
  private resyncLater(key: string): void {
    if (this.armed.has(key)) return;
    this.armed.add(key);
    this.mgr.after(PV_RESYNC_MS, () => {
      this.armed.delete(key);
      this.enqueue(key);
    });
  }

  sync(key: string): void {
    if (key.startsWith("v:")) {
      const pv = this.store.peek("persistentvolumes", undefined, key.slice(2));
      if (pv) this.syncVolume(pv);
      return;
    }
    const [ns, name] = splitKey(key.slice(2));
    const pvc = this.store.peek("persistentvolumeclaims", ns, name);
    if (!pvc) return;
    if (!hasAnn(pvc, ANN_BIND_COMPLETED)) this.syncUnboundClaim(pvc);
    else this.syncBoundClaim(pvc);
  }

  private classOf = (n: string) => this.store.peek("storageclasses", undefined, n);

  private event(o: KubeObject, type: "Normal" | "Warning", reason: string, message: string): void {
    this.ctx.events.record(refOf(o), type, reason, message, SOURCE);
  }

  private syncUnboundClaim(pvc: KubeObject): void {
    const key = `c:${pvc.metadata.namespace}/${pvc.metadata.name}`;
    if (!pvc.spec?.volumeName) {
      const delay = isDelayBindingMode(pvc, this.classOf);
      const pv = findBestMatchForClaim(pvc, this.store.listRaw("persistentvolumes"), delay);
      if (pv) {
        this.bind(pv, pvc);
        return;
      }
      // assignDefaultStorageClass (retroactive default StorageClass)
      if (pvc.spec?.storageClassName === undefined && !hasAnn(pvc, ANN_BETA_CLASS)) {
        const def = defaultClass(this.store.listRaw("storageclasses"));
        if (def) {
          const upd = deepClone(pvc);
          upd.spec.storageClassName = def.metadata.name;
          this.store.update("persistentvolumeclaims", upd);
          return;
        }
      }
      this.resyncLater(key);
      if (delay && !hasAnn(pvc, ANN_SELECTED_NODE)) {
        const waiting = this.store.listRaw("pods", pvc.metadata.namespace).filter((p) => !p.spec?.nodeName && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed" && podClaimNames(p).includes(pvc.metadata.name!));
        if (waiting.length > 1) this.event(pvc, "Normal", "WaitForPodScheduled", `waiting for pods ${waiting.map((p) => p.metadata.name).join(",")} to be scheduled`);
        else if (waiting.length === 1) this.event(pvc, "Normal", "WaitForPodScheduled", `waiting for pod ${waiting[0].metadata.name} to be scheduled`);
        else this.event(pvc, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
      } else if (claimClass(pvc) !== "") {
        this.provisionClaim(pvc);
        return;
      } else {
        this.event(pvc, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
      }
      this.updateClaimStatus(pvc, "Pending", null);
      return;
    }
    const pv = this.store.peek("persistentvolumes", undefined, pvc.spec.volumeName);
    if (!pv) {
      this.resyncLater(key);
      this.updateClaimStatus(pvc, "Pending", null);
    } else if (!pv.spec?.claimRef) {
      const err = volumeSatisfyError(pv, pvc);
      if (err) {
        this.resyncLater(key);
        this.event(pvc, "Warning", "VolumeMismatch", `Cannot bind to requested volume "${pv.metadata.name}": ${err}`);
        this.updateClaimStatus(pvc, "Pending", null);
      } else this.bind(pv, pvc);
    } else if (isVolumeBoundToClaim(pv, pvc)) {
      this.bind(pv, pvc);
    } else {
      this.resyncLater(key);
      this.event(pvc, "Warning", "FailedBinding", `volume "${pv.metadata.name}" already bound to a different claim.`);
      if (!hasAnn(pvc, ANN_BOUND_BY_CONTROLLER)) this.updateClaimStatus(pvc, "Pending", null);
    }
  }

  /** provisionClaim: no in-tree provisioner exists in 1.32; an external one is asked through annotations. */
  private provisionClaim(pvc: KubeObject): void {
    const cls = claimClass(pvc);
    const sc = this.classOf(cls) as any;
    if (!sc) {
      this.event(pvc, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${cls}" not found`);
      return;
    }
    const prov: string = sc.provisioner ?? "";
    if (prov.startsWith("kubernetes.io/")) {
      this.event(pvc, "Warning", "ProvisioningFailed", `no volume plugin matched name: ${prov}`);
      return;
    }
    const a = pvc.metadata.annotations ?? {};
    let cur = pvc;
    if (a[ANN_STORAGE_PROVISIONER] !== prov || a[ANN_BETA_STORAGE_PROVISIONER] !== prov) {
      const upd = deepClone(pvc);
      upd.metadata.annotations = { ...a, [ANN_BETA_STORAGE_PROVISIONER]: prov, [ANN_STORAGE_PROVISIONER]: prov };
      cur = this.store.update("persistentvolumeclaims", upd, { owned: true });
    }
    this.event(cur, "Normal", "ExternalProvisioning", `Waiting for a volume to be created either by the external provisioner '${prov}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
  }

  private syncBoundClaim(pvc: KubeObject): void {
    if (!pvc.spec?.volumeName) {
      this.updateClaimStatusWithEvent(pvc, "Lost", "Warning", "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
      return;
    }
    const pv = this.store.peek("persistentvolumes", undefined, pvc.spec.volumeName);
    if (!pv) {
      this.updateClaimStatusWithEvent(pvc, "Lost", "Warning", "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    } else if (!pv.spec?.claimRef || pv.spec.claimRef.uid === pvc.metadata.uid) {
      this.bind(pv, pvc);
    } else {
      this.updateClaimStatusWithEvent(pvc, "Lost", "Warning", "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
    }
  }

  private syncVolume(pv: KubeObject): void {
    const ref = pv.spec?.claimRef;
    if (!ref || !ref.uid) {
      this.updateVolumePhase(pv, "Available", "");
      return;
    }
    let claim = this.store.peek("persistentvolumeclaims", ref.namespace, ref.name);
    if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
    if (!claim) {
      let cur = pv;
      if (pv.status?.phase !== "Released" && pv.status?.phase !== "Failed") cur = this.updateVolumePhase(pv, "Released", "");
      this.reclaimVolume(cur);
    } else if (!claim.spec?.volumeName) {
      this.enqueue(`c:${claim.metadata.namespace}/${claim.metadata.name}`);
    } else if (claim.spec.volumeName === pv.metadata.name) {
      this.updateVolumePhase(pv, "Bound", "");
    } else {
      this.unbindVolume(pv);
    }
  }

  private reclaimVolume(pv: KubeObject): void {
    const policy = pv.spec?.persistentVolumeReclaimPolicy;
    if (policy === "Retain") return;
    if (policy === "Recycle") {
      const used = this.store.listRaw("pods", pv.spec.claimRef.namespace).filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed" && podClaimNames(p).includes(pv.spec.claimRef.name));
      if (used.length) {
        this.event(pv, "Normal", "VolumeFailedRecycle", `Volume is used by pods: ${used.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort().join(",")}`);
        this.resyncLater("v:" + pv.metadata.name);
        return;
      }
      if (!pv.spec.hostPath && !pv.spec.nfs) {
        this.updateVolumePhaseWithEvent(pv, "Failed", "Warning", "VolumeFailedRecycle", "No recycler plugin found for the volume!");
        return;
      }
      this.event(pv, "Normal", "VolumeRecycled", "Volume recycled");
      this.unbindVolume(pv);
      return;
    }
    if (policy === "Delete") {
      let err: string | undefined;
      if (pv.spec.csi) return; // an external deleter's job
      if (pv.spec.hostPath) {
        if (!/\/tmp\/.+/.test(pv.spec.hostPath.path ?? "")) err = `host_path deleter only supports /tmp/.+ but received provided ${pv.spec.hostPath.path}`;
      } else err = `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`;
      if (err) {
        this.updateVolumePhaseWithEvent(pv, "Failed", "Warning", "VolumeFailedDelete", err);
        return;
      }
      if (!pv.metadata.deletionTimestamp) this.api.delete("persistentvolumes", undefined, pv.metadata.name!);
      return;
    }
    this.updateVolumePhaseWithEvent(pv, "Failed", "Warning", "VolumeUnknownReclaimPolicy", "Volume has unrecognized PersistentVolumeReclaimPolicy");
  }

  /** bind: the volume first (claimRef, Bound), then the claim (volumeName, annotations, Bound). */
  private bind(pv: KubeObject, pvc: KubeObject): void {
    // bindVolumeToClaim (GetBindVolumeToClaim)
    let vol = pv;
    const ref = pv.spec?.claimRef;
    const boundByController = !isVolumeBoundToClaim(pv, pvc);
    if (!ref || ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace || ref.uid !== pvc.metadata.uid || (boundByController && !hasAnn(pv, ANN_BOUND_BY_CONTROLLER))) {
      const upd = deepClone(pv);
      if (!ref || ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace || ref.uid !== pvc.metadata.uid) upd.spec.claimRef = claimRefTo(pvc);
      if (boundByController && !hasAnn(pv, ANN_BOUND_BY_CONTROLLER)) upd.metadata.annotations = { ...(upd.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: "yes" };
      vol = this.store.update("persistentvolumes", upd, { owned: true });
    }
    vol = this.updateVolumePhase(vol, "Bound", "");
    // bindClaimToVolume
    let claim = pvc;
    const shouldBind = pvc.spec?.volumeName !== vol.metadata.name;
    if (shouldBind || !hasAnn(pvc, ANN_BIND_COMPLETED)) {
      const upd = deepClone(pvc);
      const ann = { ...(upd.metadata.annotations ?? {}) };
      if (shouldBind) {
        upd.spec.volumeName = vol.metadata.name;
        if (ann[ANN_BOUND_BY_CONTROLLER] === undefined) ann[ANN_BOUND_BY_CONTROLLER] = "yes";
      }
      if (ann[ANN_BIND_COMPLETED] === undefined) ann[ANN_BIND_COMPLETED] = "yes";
      upd.metadata.annotations = ann;
      claim = this.store.update("persistentvolumeclaims", upd, { owned: true });
    }
    this.updateClaimStatus(claim, "Bound", vol);
  }

  private unbindVolume(pv: KubeObject): void {
    const upd = deepClone(pv);
    if (hasAnn(pv, ANN_BOUND_BY_CONTROLLER)) {
      delete upd.spec.claimRef;
      const ann = { ...(upd.metadata.annotations ?? {}) };
      delete ann[ANN_BOUND_BY_CONTROLLER];
      if (Object.keys(ann).length) upd.metadata.annotations = ann;
      else delete upd.metadata.annotations;
    } else upd.spec.claimRef = { ...upd.spec.claimRef, uid: "" };
    const cur = this.store.update("persistentvolumes", upd, { owned: true });
    this.updateVolumePhase(cur, "Available", "");
  }

  private updateClaimStatus(pvc: KubeObject, phase: string, pv: KubeObject | null): KubeObject {
    const st: any = { ...(pvc.status ?? {}) };
    let dirty = false;
    if (st.phase !== phase) {
      st.phase = phase;
      dirty = true;
    }
    if (!pv) {
      if (st.accessModes !== undefined) {
        delete st.accessModes;
        dirty = true;
      }
      if (st.capacity !== undefined) {
        delete st.capacity;
        dirty = true;
      }
    } else {
      if (JSON.stringify(st.accessModes) !== JSON.stringify(pv.spec?.accessModes)) {
        st.accessModes = deepClone(pv.spec?.accessModes);
        dirty = true;
      }
      if (pvc.status?.phase !== phase && st.capacity?.storage !== pv.spec?.capacity?.storage) {
        st.capacity = deepClone(pv.spec?.capacity);
        dirty = true;
      }
    }
    if (!dirty) return pvc;
    const ordered: any = { phase: st.phase };
    if (st.accessModes) ordered.accessModes = st.accessModes;
    if (st.capacity) ordered.capacity = st.capacity;
    for (const k of Object.keys(st)) if (!(k in ordered)) ordered[k] = st[k];
    return this.store.update("persistentvolumeclaims", { ...pvc, metadata: { ...pvc.metadata }, status: ordered }, { owned: true });
  }

  private updateClaimStatusWithEvent(pvc: KubeObject, phase: string, type: "Normal" | "Warning", reason: string, message: string): void {
    if (pvc.status?.phase === phase) return;
    const cur = this.updateClaimStatus(pvc, phase, null);
    this.event(cur, type, reason, message);
  }

  /** updateVolumePhase, with the status strategy's lastPhaseTransitionTime. */
  private updateVolumePhase(pv: KubeObject, phase: string, message: string): KubeObject {
    if (pv.status?.phase === phase) return pv;
    const status: any = { phase };
    if (message) status.message = message;
    status.lastPhaseTransitionTime = rfc3339(this.now());
    return this.store.update("persistentvolumes", { ...pv, metadata: { ...pv.metadata }, status }, { owned: true });
  }

  private updateVolumePhaseWithEvent(pv: KubeObject, phase: string, type: "Normal" | "Warning", reason: string, message: string): void {
    if (pv.status?.phase === phase) return;
    const cur = this.updateVolumePhase(pv, phase, message);
    this.event(cur, type, reason, message);
  }
}

/**
 * pvc-protection (pkg/controller/volume/pvcprotection): a claim being deleted keeps its
 * kubernetes.io/pvc-protection finalizer (and shows Terminating) while a scheduled pod that is
 * not finished uses it.
 */
export class PVCProtectionController extends Controller {
  readonly name = "pvc-protection";

  onEvent(e: WatchEvent): void {
    if (e.resource === "persistentvolumeclaims") {
      if (e.type !== "DELETED" && e.object.metadata.deletionTimestamp) this.enqueue(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    } else if (e.resource === "pods") {
      const finished = e.type === "DELETED" || e.object.status?.phase === "Succeeded" || e.object.status?.phase === "Failed";
      if (!finished) return;
      for (const n of podClaimNames(e.object)) this.enqueue(`${e.object.metadata.namespace}/${n}`);
    }
  }

  resyncAll(): void {
    for (const c of this.store.listRaw("persistentvolumeclaims")) if (c.metadata.deletionTimestamp) this.queue.add(`${c.metadata.namespace}/${c.metadata.name}`);
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const pvc = this.store.peek("persistentvolumeclaims", ns, name);
    if (!pvc?.metadata.deletionTimestamp || !pvc.metadata.finalizers?.includes(PVC_PROTECTION)) return;
    const used = this.store.listRaw("pods", ns).some((p) => !!p.spec?.nodeName && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed" && podClaimNames(p).includes(name));
    if (used) return;
    const upd = deepClone(pvc);
    upd.metadata.finalizers = upd.metadata.finalizers!.filter((f: string) => f !== PVC_PROTECTION);
    this.store.update("persistentvolumeclaims", upd, { owned: true });
  }
}

/** pv-protection (pkg/controller/volume/pvprotection): a volume being deleted stays while it is Bound. */
export class PVProtectionController extends Controller {
  readonly name = "pv-protection";

  onEvent(e: WatchEvent): void {
    if (e.resource === "persistentvolumes" && e.type !== "DELETED" && e.object.metadata.deletionTimestamp) this.enqueue(e.object.metadata.name!);
  }

  resyncAll(): void {
    for (const pv of this.store.listRaw("persistentvolumes")) if (pv.metadata.deletionTimestamp) this.queue.add(pv.metadata.name!);
  }

  sync(name: string): void {
    const pv = this.store.peek("persistentvolumes", undefined, name);
    if (!pv?.metadata.deletionTimestamp || !pv.metadata.finalizers?.includes(PV_PROTECTION)) return;
    if (pv.status?.phase === "Bound") return;
    const upd = deepClone(pv);
    upd.metadata.finalizers = upd.metadata.finalizers!.filter((f: string) => f !== PV_PROTECTION);
    this.store.update("persistentvolumes", upd, { owned: true });
  }
}

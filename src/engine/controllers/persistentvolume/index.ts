// Matching volumes to claims: pkg/controller/volume/persistentvolume/index.go (findByClaim,
// findMatchingVolume) and the storage helpers of component-helpers/storage/volume
// (IsVolumeBoundToClaim, CheckNodeAffinity, CheckAccessModes, IsDelayBindingMode). Shared by
// the PV controller and the scheduler's VolumeBinding plugin.

import type { KubeObject } from "../../types.ts";
import { matchLabelSelector } from "../../api/selectors.ts";
import { claimClass, quantityValue, volumeClass } from "../../api/storage.ts";

export const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
export const ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
export const ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";
export const ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
export const ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";

/** storagehelpers.IsVolumeBoundToClaim: claimRef names the claim (and its uid, when set). */
export function isVolumeBoundToClaim(pv: KubeObject, pvc: KubeObject): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata.uid;
}

/** The claim's class asks for delayed binding (a WaitForFirstConsumer StorageClass). */
export function isDelayBindingMode(pvc: KubeObject, classOf: (name: string) => KubeObject | undefined): boolean {
  const cls = claimClass(pvc);
  if (!cls) return false;
  const sc = classOf(cls);
  return (sc as any)?.volumeBindingMode === "WaitForFirstConsumer";
}

/** storagehelpers.CheckNodeAffinity: the PV's required node affinity matches the node's labels (and name). */
export function volumeFitsNode(pv: KubeObject, node: KubeObject): boolean {
  const terms: any[] | undefined = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  const labels = node.metadata.labels ?? {};
  return terms.some((term: any) => {
    const exprs: any[] = term?.matchExpressions ?? [];
    const fields: any[] = term?.matchFields ?? [];
    if (!exprs.length && !fields.length) return false;
    const setOps = exprs.filter((e) => ["In", "NotIn", "Exists", "DoesNotExist"].includes(e.operator));
    if (setOps.length && !matchLabelSelector({ matchExpressions: setOps }, labels)) return false;
    for (const e of exprs) {
      if (e.operator !== "Gt" && e.operator !== "Lt") continue;
      if (!(e.key in labels)) return false;
      const v = Number(labels[e.key]), w = Number(e.values?.[0]);
      if (e.operator === "Gt" ? !(v > w) : !(v < w)) return false;
    }
    for (const f of fields) {
      if (f.key !== "metadata.name") return false;
      const has = (f.values ?? []).includes(node.metadata.name);
      if ((f.operator === "In") !== has) return false;
    }
    return true;
  });
}

/** storagehelpers.CheckAccessModes: the volume offers every mode the claim asks for. */
export function checkAccessModes(pvc: KubeObject, pv: KubeObject): boolean {
  const offered: string[] = pv.spec?.accessModes ?? [];
  return (pvc.spec?.accessModes ?? []).every((m: string) => offered.includes(m));
}

function volumeModeMismatch(pvc: KubeObject, pv: KubeObject): boolean {
  return (pvc.spec?.volumeMode ?? "Filesystem") !== (pv.spec?.volumeMode ?? "Filesystem");
}

/** checkVolumeSatisfyClaim (pv_controller.go): why a requested (volumeName) PV cannot serve the claim. */
export function volumeSatisfyError(pv: KubeObject, pvc: KubeObject): string | undefined {
  if (pv.metadata.deletionTimestamp) return `the volume is marked for deletion "${pv.metadata.name}"`;
  if (quantityValue(pv.spec?.capacity?.storage) < quantityValue(pvc.spec?.resources?.requests?.storage)) return "requested PV is too small";
  if (volumeClass(pv) !== claimClass(pvc)) return "storageClassName does not match";
  if (volumeModeMismatch(pvc, pv)) return "incompatible volumeMode";
  if (!checkAccessModes(pvc, pv)) return "incompatible accessMode";
  return undefined;
}

/** findMatchingVolume (index.go) over one access-mode group. */
function findMatchingVolume(pvc: KubeObject, volumes: KubeObject[], node: KubeObject | undefined, delayBinding: boolean): KubeObject | null {
  let smallest: KubeObject | null = null;
  let smallestQty = 0;
  const requested = quantityValue(pvc.spec?.resources?.requests?.storage);
  const cls = claimClass(pvc);
  const selector = pvc.spec?.selector;
  for (const pv of volumes) {
    if (pv.spec?.claimRef && !isVolumeBoundToClaim(pv, pvc)) continue;
    const qty = quantityValue(pv.spec?.capacity?.storage);
    if (!(qty >= requested)) continue;
    if (volumeModeMismatch(pvc, pv)) continue;
    if (pv.metadata.deletionTimestamp) continue;
    const affinityOk = !node || volumeFitsNode(pv, node);
    if (isVolumeBoundToClaim(pv, pvc)) return affinityOk ? pv : null;
    // the PV controller leaves delayed claims to the scheduler (which passes the node)
    if (!node && delayBinding) continue;
    if (pv.status?.phase !== "Available") continue;
    if (selector && !matchLabelSelector(selector, pv.metadata.labels ?? {})) continue;
    if (volumeClass(pv) !== cls) continue;
    if (!affinityOk) continue;
    if (node && !checkAccessModes(pvc, pv)) continue;
    if (!smallest || smallestQty > qty) {
      smallest = pv;
      smallestQty = qty;
    }
  }
  return smallest;
}

/**
 * persistentVolumeOrderedIndex.findByClaim: volumes are grouped by their exact set of access
 * modes; the groups that contain every mode the claim asks for are tried from the fewest
 * modes up, and the smallest matching volume of the first group that has one wins.
 */
export function findBestMatchForClaim(pvc: KubeObject, volumes: KubeObject[], delayBinding: boolean, node?: KubeObject): KubeObject | null {
  const groups = new Map<string, KubeObject[]>();
  for (const pv of volumes) {
    const key = [...new Set<string>(pv.spec?.accessModes ?? [])].sort().join(",");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(pv);
  }
  const wanted: string[] = pvc.spec?.accessModes ?? [];
  const keys = [...groups.keys()].filter((k) => {
    const modes = k ? k.split(",") : [];
    return wanted.every((m) => modes.includes(m));
  });
  keys.sort((a, b) => (a ? a.split(",").length : 0) - (b ? b.split(",").length : 0) || (a < b ? -1 : a > b ? 1 : 0));
  for (const k of keys) {
    const pv = findMatchingVolume(pvc, groups.get(k)!, node, delayBinding);
    if (pv) return pv;
  }
  return null;
}

/** The names of the PVCs a pod's volumes reference. */
export function podClaimNames(pod: KubeObject): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    const n = v?.persistentVolumeClaim?.claimName;
    if (typeof n === "string" && n) out.push(n);
  }
  return out;
}

/** ObjectReference to a claim, as reference.GetReference builds it (Go field order). */
export function claimRefTo(pvc: KubeObject): Record<string, string> {
  return { kind: "PersistentVolumeClaim", namespace: pvc.metadata.namespace!, name: pvc.metadata.name!, uid: pvc.metadata.uid!, apiVersion: "v1", resourceVersion: pvc.metadata.resourceVersion! };
}

// Storage kinds in kube-apiserver 1.32: PersistentVolume, PersistentVolumeClaim, StorageClass.
// Defaulting (pkg/apis/core/v1/defaults.go SetDefaults_PersistentVolume/_PersistentVolumeClaim,
// pkg/apis/storage/v1/defaults.go), the strategies' PrepareForCreate, the admission plugins
// StorageObjectInUseProtection (the pv/pvc-protection finalizers), DefaultStorageClass and
// PersistentVolumeClaimResize, and validation (pkg/apis/core/validation/validation.go
// ValidatePersistentVolumeSpec, ValidatePersistentVolumeClaimSpec, ValidatePersistentVolumeClaimUpdate;
// pkg/apis/storage/validation) with the real messages.

import type { KubeObject } from "../types.ts";
import { rfc3339 } from "../types.ts";
import { ApiError, type FieldError } from "./errors.ts";

type Obj = Record<string, any>;

export const PV_PROTECTION = "kubernetes.io/pv-protection";
export const PVC_PROTECTION = "kubernetes.io/pvc-protection";
export const ANN_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
export const ANN_BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";
export const ANN_BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
const SUPPORTED_MODES = '"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"';
const VOLUME_TYPES = [
  "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs", "rbd", "quobyte", "cephfs", "iscsi",
  "cinder", "fc", "flexVolume", "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO",
  "local", "storageos", "csi",
];

/** storagehelpers.IsDefaultAnnotation */
export function isDefaultClass(sc: KubeObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[ANN_DEFAULT_CLASS] === "true" || a[ANN_BETA_DEFAULT_CLASS] === "true";
}

/** util.GetDefaultClass: the newest default StorageClass (by creationTimestamp, then name). */
export function defaultClass(classes: KubeObject[]): KubeObject | undefined {
  const defs = classes.filter(isDefaultClass);
  defs.sort((a, b) => (a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? -1 : a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? 1 : a.metadata.name! < b.metadata.name! ? -1 : 1));
  return defs[0];
}

/** storagehelpers.GetPersistentVolumeClaimClass: the beta annotation wins, then spec.storageClassName. */
export function claimClass(pvc: KubeObject): string {
  const ann = pvc.metadata.annotations?.[ANN_BETA_CLASS];
  if (ann !== undefined) return ann;
  return pvc.spec?.storageClassName ?? "";
}

/** storagehelpers.GetPersistentVolumeClass */
export function volumeClass(pv: KubeObject): string {
  const ann = pv.metadata.annotations?.[ANN_BETA_CLASS];
  if (ann !== undefined) return ann;
  return pv.spec?.storageClassName ?? "";
}

/** The scheme defaults (applied when any write is decoded, updates included). */
export function schemeDefaultStorage(resource: string, o: KubeObject): void {
  if (resource === "persistentvolumes" && o.spec && typeof o.spec === "object") {
    o.spec.persistentVolumeReclaimPolicy ??= "Retain";
    o.spec.volumeMode ??= "Filesystem";
    if (o.spec.hostPath && typeof o.spec.hostPath === "object") o.spec.hostPath.type ??= "";
  } else if (resource === "persistentvolumeclaims" && o.spec && typeof o.spec === "object") {
    o.spec.volumeMode ??= "Filesystem";
  } else if (resource === "storageclasses") admitNewStorageClass(o);
}

/** Everything kube-apiserver does to a new PersistentVolume before storing it. */
export function admitNewPV(pv: KubeObject, now: number): void {
  const spec: Obj = (pv.spec ??= {});
  spec.persistentVolumeReclaimPolicy ??= "Retain";
  spec.volumeMode ??= "Filesystem";
  if (spec.hostPath && typeof spec.hostPath === "object") spec.hostPath.type ??= "";
  // PrepareForCreate: a fresh status, phase Pending, lastPhaseTransitionTime now
  pv.status = { phase: "Pending", lastPhaseTransitionTime: rfc3339(now) };
  addFinalizer(pv, PV_PROTECTION);
}

/** Everything kube-apiserver does to a new PersistentVolumeClaim before storing it. */
export function admitNewPVC(pvc: KubeObject, classes: KubeObject[]): void {
  const spec: Obj = (pvc.spec ??= {});
  // DefaultStorageClass admission: only a claim without any class asked for
  if (spec.storageClassName === undefined && pvc.metadata.annotations?.[ANN_BETA_CLASS] === undefined) {
    const def = defaultClass(classes);
    if (def) spec.storageClassName = def.metadata.name;
  }
  spec.volumeMode ??= "Filesystem";
  pvc.status = { phase: "Pending" };
  addFinalizer(pvc, PVC_PROTECTION);
}

export function admitNewStorageClass(sc: KubeObject): void {
  const o = sc as Obj;
  o.reclaimPolicy ??= "Delete";
  o.volumeBindingMode ??= "Immediate";
}

function addFinalizer(o: KubeObject, f: string): void {
  const fins = o.metadata.finalizers ?? [];
  if (!fins.includes(f)) o.metadata.finalizers = [...fins, f];
}

const quantityRe = /^([+-]?[0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$/;

/** A resource.Quantity's value in base units, or NaN when it does not parse. */
export function quantityValue(q: unknown): number {
  if (typeof q === "number") return q;
  const m = quantityRe.exec(String(q ?? "").trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  const s = m[2] ?? "";
  if (/^[eE]/.test(s)) return n * 10 ** Number(s.slice(1));
  const f: Record<string, number> = { "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return n * f[s];
}

function accessModeErrors(modes: unknown, base: string, errs: FieldError[]): void {
  if (!Array.isArray(modes)) return;
  let rwop = false, other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m)) errs.push({ field: `${base}.accessModes`, type: "Unsupported value", value: m, detail: `supported values: ${SUPPORTED_MODES}` });
    else if (m === "ReadWriteOncePod") rwop = true;
    else other = true;
  }
  if (rwop && other) errs.push({ field: `${base}.accessModes`, type: "Forbidden", detail: "may not use ReadWriteOncePod with other access modes" });
}

/** ValidatePersistentVolumeSpec (not inline). */
export function validatePV(pv: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec: Obj = pv.spec && typeof pv.spec === "object" ? pv.spec : {};
  if (!Array.isArray(spec.accessModes) || !spec.accessModes.length) errs.push({ field: "spec.accessModes", type: "Required value" });
  accessModeErrors(spec.accessModes, "spec", errs);
  const cap = spec.capacity && typeof spec.capacity === "object" ? spec.capacity : {};
  const keys = Object.keys(cap);
  if (!keys.length) errs.push({ field: "spec.capacity", type: "Required value" });
  if (!("storage" in cap) || keys.length > 1) {
    errs.push({ field: "spec.capacity", type: "Unsupported value", goValue: keys.length ? `core.ResourceList{${keys.sort().map((k) => `"${k}":resource.Quantity{…}`).join(", ")}}` : "core.ResourceList(nil)", detail: 'supported values: "storage"' });
  }
  for (const k of keys) {
    const v = quantityValue(cap[k]);
    if (v < 0) errs.push({ field: `spec.capacity[${k}]`, type: "Invalid value", value: String(cap[k]), detail: "must be greater than zero" });
    else if (v === 0) errs.push({ field: `spec.capacity[${k}]`, type: "Invalid value", value: String(cap[k]), detail: "must be greater than zero" });
  }
  const rp = spec.persistentVolumeReclaimPolicy;
  if (rp !== undefined && rp !== "" && !["Delete", "Recycle", "Retain"].includes(rp)) {
    errs.push({ field: "spec.persistentVolumeReclaimPolicy", type: "Unsupported value", value: rp, detail: 'supported values: "Delete", "Recycle", "Retain"' });
  }
  const hasAffinity = !!spec.nodeAffinity?.required;
  let n = 0;
  for (const t of VOLUME_TYPES) {
    if (spec[t] == null) continue;
    if (n > 0 && t !== "flexVolume") {
      errs.push({ field: `spec.${t}`, type: "Forbidden", detail: "may not specify more than 1 volume type" });
      continue;
    }
    n++;
    if (t === "hostPath" && !spec.hostPath.path) errs.push({ field: "spec.hostPath.path", type: "Required value" });
    if (t === "local") {
      if (!spec.local.path) errs.push({ field: "spec.local.path", type: "Required value" });
      if (!hasAffinity) errs.push({ field: "spec.nodeAffinity", type: "Required value", detail: "Local volume requires node affinity" });
    }
    if (t === "nfs") {
      if (!spec.nfs.server) errs.push({ field: "spec.nfs.server", type: "Required value" });
      if (!spec.nfs.path) errs.push({ field: "spec.nfs.path", type: "Required value" });
    }
  }
  if (n === 0) errs.push({ field: "spec", type: "Required value", detail: "must specify a volume type" });
  const vm = spec.volumeMode;
  if (vm !== undefined && vm !== "Block" && vm !== "Filesystem") errs.push({ field: "spec.volumeMode", type: "Unsupported value", value: vm, detail: 'supported values: "Block", "Filesystem"' });
  return errs;
}

/** ValidatePersistentVolumeClaimSpec */
export function validatePVC(pvc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec: Obj = pvc.spec && typeof pvc.spec === "object" ? pvc.spec : {};
  if (!Array.isArray(spec.accessModes) || !spec.accessModes.length) errs.push({ field: "spec.accessModes", type: "Required value", detail: "at least 1 access mode is required" });
  accessModeErrors(spec.accessModes, "spec", errs);
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push({ field: "spec.resources[storage]", type: "Required value" });
  else if (!(quantityValue(storage) > 0)) errs.push({ field: "spec.resources[storage]", type: "Invalid value", value: String(storage), detail: "must be greater than zero" });
  const vm = spec.volumeMode;
  if (vm !== undefined && vm !== "Block" && vm !== "Filesystem") errs.push({ field: "spec.volumeMode", type: "Unsupported value", value: vm, detail: 'supported values: "Block", "Filesystem"' });
  return errs;
}

export function validateStorageClass(sc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const o = sc as Obj;
  if (!o.provisioner) errs.push({ field: "provisioner", type: "Required value" });
  const rp = o.reclaimPolicy;
  if (rp !== undefined && !["Delete", "Retain"].includes(rp)) errs.push({ field: "reclaimPolicy", type: "Unsupported value", value: rp, detail: 'supported values: "Delete", "Retain"' });
  const bm = o.volumeBindingMode;
  if (bm !== undefined && !["Immediate", "WaitForFirstConsumer"].includes(bm)) errs.push({ field: "volumeBindingMode", type: "Unsupported value", value: bm, detail: 'supported values: "Immediate", "WaitForFirstConsumer"' });
  return errs;
}

/** StorageClass strategy ValidateUpdate: parameters, provisioner, reclaimPolicy, volumeBindingMode are immutable. */
export function validateStorageClassUpdate(old: KubeObject, sc: KubeObject): FieldError[] {
  const errs = validateStorageClass(sc);
  const o = old as Obj, n = sc as Obj;
  if (JSON.stringify(sortObj(o.parameters)) !== JSON.stringify(sortObj(n.parameters))) errs.push({ field: "parameters", type: "Forbidden", detail: "updates to parameters are forbidden." });
  if (o.provisioner !== n.provisioner) errs.push({ field: "provisioner", type: "Forbidden", detail: "updates to provisioner are forbidden." });
  if ((o.reclaimPolicy ?? "Delete") !== (n.reclaimPolicy ?? "Delete")) errs.push({ field: "reclaimPolicy", type: "Forbidden", detail: "updates to reclaimPolicy are forbidden." });
  if ((o.volumeBindingMode ?? "Immediate") !== (n.volumeBindingMode ?? "Immediate")) errs.push({ field: "volumeBindingMode", type: "Invalid value", value: n.volumeBindingMode, detail: "field is immutable" });
  return errs;
}

function sortObj(v: unknown): unknown {
  if (!v || typeof v !== "object") return v ?? null;
  return Object.fromEntries(Object.entries(v as Obj).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is immutable except volumeName (set once),
 * storageClassName (nil → a class) and, for a bound claim, resources.requests.storage.
 * The real message ends with a go-cmp diff of the two specs; this prints the changed fields
 * in that diff's shape (go-cmp randomises its whitespace on purpose, so no byte-exact copy exists).
 */
export function validatePVCUpdate(old: KubeObject, pvc: KubeObject): FieldError[] {
  const errs = validatePVC(pvc);
  const a: Obj = structuredClone(old.spec ?? {});
  const b: Obj = structuredClone(pvc.spec ?? {});
  if (!a.volumeName) a.volumeName = b.volumeName;
  if (a.storageClassName === undefined && b.storageClassName !== undefined) a.storageClassName = b.storageClassName;
  const bound = (old.status?.phase ?? "") === "Bound";
  if (bound && b.resources?.requests) {
    b.resources.requests.storage = a.resources?.requests?.storage;
  }
  b.volumeAttributesClassName = a.volumeAttributesClassName;
  const diff = specDiff(a, b);
  if (diff) errs.push({ field: "spec", type: "Forbidden", detail: `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${diff}` });
  const oldSize = quantityValue(old.spec?.resources?.requests?.storage);
  const newSize = quantityValue(pvc.spec?.resources?.requests?.storage);
  if (newSize < oldSize) errs.push({ field: "spec.resources.requests.storage", type: "Forbidden", detail: "field can not be less than previous value" });
  if ((old.spec?.volumeMode ?? null) !== (pvc.spec?.volumeMode ?? null)) errs.push({ field: "volumeMode", type: "Invalid value", value: pvc.spec?.volumeMode, detail: "field is immutable" });
  return errs;
}

const SPEC_FIELDS: [string, string][] = [
  ["accessModes", "AccessModes"], ["selector", "Selector"], ["resources", "Resources"], ["volumeName", "VolumeName"],
  ["storageClassName", "StorageClassName"], ["volumeMode", "VolumeMode"], ["dataSource", "DataSource"], ["dataSourceRef", "DataSourceRef"],
  ["volumeAttributesClassName", "VolumeAttributesClassName"],
];

function goLit(v: unknown): string {
  if (v === undefined || v === null) return "nil";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `{${v.map(goLit).join(", ")}}`;
  if (typeof v === "object") return `{${Object.entries(v as Obj).map(([k, x]) => `${k.charAt(0).toUpperCase() + k.slice(1)}: ${goLit(x)}`).join(", ")}}`;
  return String(v);
}

function specDiff(a: Obj, b: Obj): string {
  let changed = false;
  const lines = ["  core.PersistentVolumeClaimSpec{"];
  for (const [k, goName] of SPEC_FIELDS) {
    const x = a[k], y = b[k];
    if (JSON.stringify(sortDeep(x)) === JSON.stringify(sortDeep(y))) continue;
    changed = true;
    lines.push(`- \t${goName}: ${goLit(x)},`);
    lines.push(`+ \t${goName}: ${goLit(y)},`);
  }
  if (!changed) return "";
  lines.push("  \t... // other fields unchanged", "  }", "");
  return lines.join("\n");
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as Obj).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, sortDeep(x)]));
  return v ?? null;
}

/** ValidatePersistentVolumeUpdate: the volume source and volumeMode are immutable. */
export function validatePVUpdate(old: KubeObject, pv: KubeObject): FieldError[] {
  const errs = validatePV(pv);
  const src = (o: KubeObject) => JSON.stringify(sortDeep(Object.fromEntries(VOLUME_TYPES.filter((t) => o.spec?.[t] != null).map((t) => [t, o.spec[t]]))));
  if (src(old) !== src(pv)) errs.push({ field: "spec.persistentvolumesource", type: "Forbidden", detail: "spec.persistentvolumesource is immutable after creation" });
  if ((old.spec?.volumeMode ?? null) !== (pv.spec?.volumeMode ?? null)) errs.push({ field: "volumeMode", type: "Invalid value", value: pv.spec?.volumeMode, detail: "field is immutable" });
  return errs;
}

/**
 * PersistentVolumeClaimResize admission: a bound claim may grow only when its StorageClass
 * allows volume expansion.
 */
export function admitPVCResize(old: KubeObject, pvc: KubeObject, classOf: (name: string) => KubeObject | undefined): void {
  const oldSize = quantityValue(old.spec?.resources?.requests?.storage);
  const newSize = quantityValue(pvc.spec?.resources?.requests?.storage);
  if (!(newSize > oldSize) || old.status?.phase !== "Bound") return;
  const cls = claimClass(old);
  const sc = cls ? classOf(cls) : undefined;
  if (!sc || sc.allowVolumeExpansion !== true) {
    throw new ApiError("Forbidden", 403, `persistentvolumeclaims "${pvc.metadata.name}" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`);
  }
}

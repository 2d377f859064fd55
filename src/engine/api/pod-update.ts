// ValidatePodUpdate (pkg/apis/core/validation/validation.go, v1.32): what a Pod update may
// change. The message is the server's: `The Pod "x" is invalid: spec: Forbidden: pod updates
// may not change fields other than …` followed by cmp.Diff of the old and the munged new
// core.PodSpec (the updatable fields set back to their old values), as apimachinery prints it.
// (Moved from kubectl's client-side stand-in, src/commands/kubectl/pod-update.ts.)
//
// The diff follows go-cmp's reporter layout (report_compare.go / report_text.go): "  " for
// equal, "- "/"+ " for removed/inserted lines, tab indentation, two records of context around
// a change, `... // N identical fields`, keys aligned within runs of one-line records, the
// internal core.PodSpec/core.Container field order. Values are printed in go-cmp's compact
// form from the JSON (Go field names, pointers as &v); Go types the JSON cannot tell
// (Quantity internals, named string types) are approximations. go-cmp itself randomises
// U+0020/U+00A0 after the markers, so its output is not byte-stable even in Kubernetes.

import type { KubeObject } from "../types.ts";
import { invalid, type FieldError } from "./errors.ts";

type J = unknown;
type O = Record<string, J>;
const isObj = (v: J): v is O => v !== null && typeof v === "object" && !Array.isArray(v);
const eq = (a: J, b: J) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));
function canon(v: J): J {
  if (Array.isArray(v)) return v.map(canon);
  if (isObj(v)) {
    const o: O = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== undefined) o[k] = canon(v[k]);
    return o;
  }
  return v;
}

export const UPDATABLE_POD_SPEC_FIELDS = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** Throws the API server's Invalid error when a pod update changes what may not change. */
export function validatePodUpdate(oldPod: KubeObject, newPod: KubeObject): void {
  const errs: FieldError[] = [];
  const os: O = (oldPod.spec as O) ?? {};
  const ns: O = (newPod.spec as O) ?? {};
  for (const kind of ["containers", "initContainers"] as const) {
    const a = (os[kind] as O[] | undefined) ?? [];
    const b = (ns[kind] as O[] | undefined) ?? [];
    if (a.length !== b.length) {
      errs.push({ field: `spec.${kind}`, type: "Forbidden", detail: "pod updates may not add or remove containers" });
      throw invalid("Pod", newPod.metadata.name ?? "", errs);
    }
    b.forEach((c, i) => {
      if (!c.image) errs.push({ field: `spec.${kind}[${i}].image`, type: "Required value" });
    });
  }
  if (eq(os, ns) && !errs.length) return;
  // munge the updatable fields to their old values
  const munged: O = structuredClone(ns);
  for (const kind of ["containers", "initContainers"] as const) {
    const a = (os[kind] as O[] | undefined) ?? [];
    ((munged[kind] as O[] | undefined) ?? []).forEach((c, i) => (c.image = a[i]?.image));
  }
  const oldAds = os.activeDeadlineSeconds as number | undefined;
  const newAds = ns.activeDeadlineSeconds as number | undefined;
  if (newAds !== undefined && (oldAds === undefined || newAds <= oldAds)) munged.activeDeadlineSeconds = oldAds;
  else if (oldAds !== undefined && newAds === undefined) {
    errs.push({ field: "spec.activeDeadlineSeconds", type: "Invalid value", value: null, detail: "must not update from a positive integer to nil value" });
  } else if (newAds !== undefined && oldAds !== undefined && newAds > oldAds) {
    errs.push({ field: "spec.activeDeadlineSeconds", type: "Invalid value", value: newAds, detail: "must be less than or equal to previous value" });
    munged.activeDeadlineSeconds = oldAds;
  }
  const oldTol = (os.tolerations as J[] | undefined) ?? [];
  const newTol = (ns.tolerations as J[] | undefined) ?? [];
  if (oldTol.every((t) => newTol.some((n) => eq(n, t)))) munged.tolerations = os.tolerations;
  const oldGrace = os.terminationGracePeriodSeconds as number | undefined;
  if (oldGrace !== undefined && oldGrace < 0 && ns.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  if (!eq(munged, os)) {
    const diff = cmpDiff(os, munged, "PodSpec");
    errs.push({ field: "spec", type: "Forbidden", detail: `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(",")}\n${diff}` });
  }
  if (errs.length) throw invalid("Pod", newPod.metadata.name ?? "", errs);
}

// ---------------------------------------------------------------- go-cmp style diff

/** Field order of the internal (pkg/apis/core) types, as JSON names. */
const STRUCTS: Record<string, string[]> = {
  PodSpec: [
    "volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy", "terminationGracePeriodSeconds",
    "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName", "automountServiceAccountToken", "nodeName",
    "securityContext", "imagePullSecrets", "hostname", "subdomain", "setHostnameAsFQDN", "affinity", "schedulerName",
    "tolerations", "hostAliases", "priorityClassName", "priority", "preemptionPolicy", "dnsConfig", "readinessGates",
    "runtimeClassName", "overhead", "enableServiceLinks", "topologySpreadConstraints", "os", "schedulingGates",
    "resourceClaims", "resources",
  ],
  Container: [
    "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy", "restartPolicy",
    "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
    "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty",
  ],
  ResourceRequirements: ["limits", "requests", "claims"],
  Volume: ["name", "@VolumeSource"],
  VolumeSource: [
    "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
    "persistentVolumeClaim", "rbd", "quobyte", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile",
    "configMap", "vsphereVolume", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
    "ephemeral", "image",
  ],
  ProjectedVolumeSource: ["sources", "defaultMode"],
  VolumeProjection: ["secret", "downwardAPI", "configMap", "serviceAccountToken", "clusterTrustBundle"],
  ServiceAccountTokenProjection: ["audience", "expirationSeconds", "path"],
  ConfigMapProjection: ["@LocalObjectReference", "items", "optional"],
  ConfigMapVolumeSource: ["@LocalObjectReference", "items", "defaultMode", "optional"],
  SecretVolumeSource: ["secretName", "items", "defaultMode", "optional"],
  KeyToPath: ["key", "path", "mode"],
  DownwardAPIProjection: ["items"],
  DownwardAPIVolumeFile: ["path", "fieldRef", "resourceFieldRef", "mode"],
  ObjectFieldSelector: ["apiVersion", "fieldPath"],
  Toleration: ["key", "operator", "value", "effect", "tolerationSeconds"],
  ContainerPort: ["name", "hostPort", "containerPort", "protocol", "hostIP"],
  VolumeMount: ["name", "readOnly", "recursiveReadOnly", "mountPath", "subPath", "mountPropagation", "subPathExpr"],
  EnvVar: ["name", "value", "valueFrom"],
};

/** The internal struct a JSON member holds, from its name and the struct it is in ("x[]": an element of list x). */
function structFor(key: string, parent: string): string {
  switch (key) {
    case "PodSpec": return "PodSpec";
    case "containers[]": case "initContainers[]": return "Container";
    case "resources": return parent === "Container" ? "ResourceRequirements" : "";
    case "volumes[]": return "Volume";
    case "projected": return "ProjectedVolumeSource";
    case "sources[]": return "VolumeProjection";
    case "serviceAccountToken": return "ServiceAccountTokenProjection";
    case "configMap": return parent === "VolumeProjection" ? "ConfigMapProjection" : "ConfigMapVolumeSource";
    case "secret": return parent === "VolumeSource" ? "SecretVolumeSource" : "";
    case "downwardAPI": return parent === "VolumeProjection" ? "DownwardAPIProjection" : "";
    case "items[]": return parent === "DownwardAPIProjection" ? "DownwardAPIVolumeFile" : /^(ConfigMap|Secret)/.test(parent) ? "KeyToPath" : "";
    case "fieldRef": return "ObjectFieldSelector";
    case "tolerations[]": return "Toleration";
    case "ports[]": return parent === "Container" ? "ContainerPort" : "";
    case "volumeMounts[]": return "VolumeMount";
    case "env[]": return "EnvVar";
    default: return "";
  }
}
/** Pointer members (printed &{…} / &v); by name, or name@struct where the name alone would mislead. */
const POINTER_STRUCTS = new Set([
  "projected", "configMap@VolumeProjection", "secret@VolumeProjection", "downwardAPI@VolumeProjection", "serviceAccountToken",
  "configMap@VolumeSource", "secret@VolumeSource", "downwardAPI@VolumeSource", "emptyDir", "hostPath", "persistentVolumeClaim",
  "fieldRef", "resourceFieldRef", "exec", "httpGet", "tcpSocket", "grpc", "affinity", "nodeAffinity", "podAffinity", "podAntiAffinity",
  "securityContext", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "valueFrom", "dnsConfig", "os",
]);
/** Go type of a field (for the struct tables above and the lists they hold). */
const FIELD_TYPES: Record<string, string> = {
  containers: "[]core.Container", initContainers: "[]core.Container", ephemeralContainers: "[]core.EphemeralContainer",
  volumes: "[]core.Volume", tolerations: "[]core.Toleration", resources: "core.ResourceRequirements",
  limits: "core.ResourceList", requests: "core.ResourceList", overhead: "core.ResourceList", nodeSelector: "map[string]string",
  command: "[]string", args: "[]string", env: "[]core.EnvVar", envFrom: "[]core.EnvFromSource", ports: "[]core.ContainerPort",
  volumeMounts: "[]core.VolumeMount", imagePullSecrets: "[]core.LocalObjectReference", affinity: "&core.Affinity",
  securityContext: "&core.PodSecurityContext", livenessProbe: "&core.Probe", readinessProbe: "&core.Probe", startupProbe: "&core.Probe",
};
const MAP_FIELDS = new Set(["nodeSelector", "limits", "requests", "overhead", "labels", "annotations", "matchLabels", "data"]);
const POINTER_SCALARS = new Set([
  "terminationGracePeriodSeconds", "activeDeadlineSeconds", "automountServiceAccountToken", "setHostnameAsFQDN", "priority",
  "preemptionPolicy", "runtimeClassName", "enableServiceLinks", "defaultMode", "mode", "runAsUser",
  "runAsGroup", "runAsNonRoot", "fsGroup", "privileged", "readOnlyRootFilesystem", "allowPrivilegeEscalation", "optional",
  "tolerationSeconds", "restartPolicy@Container",
]);
const ACRONYMS: Record<string, string> = {
  dnsPolicy: "DNSPolicy", dnsConfig: "DNSConfig", setHostnameAsFQDN: "SetHostnameAsFQDN", os: "OS", tty: "TTY", ip: "IP",
  hostIP: "HostIP", podIP: "PodIP", httpGet: "HTTPGet", tcpSocket: "TCPSocket", grpc: "GRPC", apiVersion: "APIVersion",
  uid: "UID", fsGroup: "FSGroup", hostPath: "HostPath", nfs: "NFS", iscsi: "ISCSI", configMapKeyRef: "ConfigMapKeyRef",
  hostIPC: "HostIPC", hostPID: "HostPID",
};
const goName = (k: string) => ACRONYMS[k] ?? k[0].toUpperCase() + k.slice(1);

function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** go-cmp's compact form of a value (no types), as FormatValue prints equal values. */
const STRING_FIELDS = new Set([
  "name", "image", "workingDir", "dnsPolicy", "serviceAccountName", "nodeName", "hostname", "subdomain", "schedulerName",
  "priorityClassName", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "restartPolicy@PodSpec",
]);
const BOOL_FIELDS = new Set(["stdin", "stdinOnce", "tty"]);

function compact(v: J, key = "", parentStruct = ""): string {
  if (v === undefined || v === null) {
    if (STRING_FIELDS.has(key) && key !== "restartPolicy") return '""';
    if (STRING_FIELDS.has(`${key}@${parentStruct}`)) return '""';
    if (BOOL_FIELDS.has(key)) return "false";
    return "nil";
  }
  const ptr = POINTER_SCALARS.has(key) || POINTER_SCALARS.has(`${key}@${parentStruct}`) ? "&" : "";
  if (typeof v === "string") return ptr + goQuote(v);
  if (typeof v === "number" || typeof v === "boolean") return ptr + String(v);
  if (Array.isArray(v)) return "{" + v.map((x) => (isObj(x) ? compactStruct(x, structFor(`${key}[]`, parentStruct)) : compact(x))).join(", ") + "}";
  const o = v as O;
  if (MAP_FIELDS.has(key)) return "{" + Object.keys(o).sort().map((k) => `${goQuote(k)}: ${compact(o[k])}`).join(", ") + "}";
  const isPtr = POINTER_STRUCTS.has(key) || POINTER_STRUCTS.has(`${key}@${parentStruct}`);
  return (isPtr ? "&" : "") + compactStruct(o, structFor(key, parentStruct));
}

/** A struct value in go-cmp's compact form: fields in struct order, zero values left out, embedded structs by type name. */
function compactStruct(o: O, struct: string): string {
  const order = STRUCTS[struct] ?? Object.keys(o);
  const parts: string[] = [];
  for (const k of order) {
    if (k === "@VolumeSource") {
      const src: O = {};
      for (const [kk, vv] of Object.entries(o)) if (kk !== "name") src[kk] = vv;
      parts.push(`VolumeSource: ${compactStruct(src, "VolumeSource")}`);
    } else if (k === "@LocalObjectReference") {
      if (o.name) parts.push(`LocalObjectReference: {Name: ${goQuote(String(o.name))}}`);
    } else if (o[k] !== undefined && o[k] !== null && o[k] !== "" && o[k] !== false && o[k] !== 0) {
      parts.push(`${goName(k)}: ${compact(o[k], k, struct)}`);
    }
  }
  return "{" + parts.join(", ") + "}";
}

interface Rec {
  diff: "" | "-" | "+";
  key: string; // "" for ellipsis and list elements
  value: string | Rec[]; // string: one line; Rec[]: nested block
  open?: string; // "[]core.Container{" for nested blocks
  ellipsis?: string;
}

/** The diff records of two values of the same struct/list/map. */
function diffRecords(x: J, y: J, field: string, struct: string): Rec[] {
  const recs: { key: string; x: J; y: J; goKey: string; field: string }[] = [];
  let kindWord = "fields";
  if (Array.isArray(x) && Array.isArray(y)) {
    kindWord = "elements";
    const n = Math.max(x.length, y.length);
    for (let i = 0; i < n; i++) recs.push({ key: "", goKey: "", x: x[i], y: y[i], field });
  } else if (MAP_FIELDS.has(field)) {
    kindWord = "entries";
    const keys = [...new Set([...Object.keys((x as O) ?? {}), ...Object.keys((y as O) ?? {})])].sort();
    for (const k of keys) recs.push({ key: k, goKey: goQuote(k), x: (x as O)?.[k], y: (y as O)?.[k], field: "" });
  } else {
    const xo = (x as O) ?? {}, yo = (y as O) ?? {};
    const order = STRUCTS[struct] ?? [...new Set([...Object.keys(xo), ...Object.keys(yo)])].sort();
    for (const k of order) recs.push({ key: k, goKey: goName(k), x: xo[k], y: yo[k], field: k });
  }
  const out: Rec[] = [];
  const same = recs.map((r) => eq(r.x, r.y));
  let i = 0;
  while (i < recs.length) {
    if (same[i]) {
      let j = i;
      while (j < recs.length && same[j]) j++;
      const numEqual = j - i;
      let lo = 0, hi = 0;
      while (lo < 2 && lo + hi < numEqual && i !== 0) lo++;
      while (hi < 2 && lo + hi < numEqual && j !== recs.length) hi++;
      if (numEqual - (lo + hi) === 1) hi++;
      for (let k = i; k < i + lo; k++) out.push({ diff: "", key: recs[k].goKey, value: compact(recs[k].y, recs[k].field, struct) });
      if (numEqual > lo + hi) out.push({ diff: "", key: "", value: "", ellipsis: `... // ${numEqual - lo - hi} identical ${kindWord}` });
      for (let k = j - hi; k < j; k++) out.push({ diff: "", key: recs[k].goKey, value: compact(recs[k].y, recs[k].field, struct) });
      i = j;
      continue;
    }
    const r = recs[i];
    const both = r.x !== undefined && r.y !== undefined && r.x !== null && r.y !== null;
    const nested = both && ((Array.isArray(r.x) && Array.isArray(r.y)) || (isObj(r.x) && isObj(r.y)));
    if (nested) {
      const t = (FIELD_TYPES[r.field] ?? "");
      if (Array.isArray(r.x)) out.push({ diff: "", key: r.goKey, value: diffList(r.x, r.y as J[], r.field, struct), open: `${t}{` });
      else {
        const child = structFor(r.field, struct);
        out.push({ diff: "", key: r.goKey, value: diffRecords(r.x, r.y, r.field, child), open: `${t.replace(/^&/, "&")}{` });
      }
    } else {
      out.push({ diff: "-", key: r.goKey, value: compact(r.x, r.field, struct) });
      out.push({ diff: "+", key: r.goKey, value: compact(r.y, r.field, struct) });
    }
    i++;
  }
  return out;
}

function diffList(x: J[], y: J[], field: string, parent: string): Rec[] {
  const elemStruct = structFor(`${field}[]`, parent);
  const out: Rec[] = [];
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i];
    if (a !== undefined && b !== undefined && eq(a, b)) out.push({ diff: "", key: "", value: isObj(b) ? compactStruct(b, elemStruct) : compact(b) });
    else if (isObj(a) && isObj(b)) out.push({ diff: "", key: "", value: diffRecords(a, b, "", elemStruct), open: "{" });
    else {
      if (a !== undefined) out.push({ diff: "-", key: "", value: isObj(a) ? compactStruct(a, elemStruct) : compact(a) });
      if (b !== undefined) out.push({ diff: "+", key: "", value: isObj(b) ? compactStruct(b, elemStruct) : compact(b) });
    }
  }
  return out;
}

function render(recs: Rec[], depth: number, lines: string[]): void {
  // key alignment over runs of one-line records with a key
  const pad: number[] = new Array(recs.length).fill(0);
  let start = 0, max = 0;
  for (let i = 0; i <= recs.length; i++) {
    const r = recs[i];
    if (i === recs.length || r.key === "" || typeof r.value !== "string") {
      for (let k = start; k < i; k++) pad[k] = max - recs[k].key.length;
      start = i + 1;
      max = 0;
      continue;
    }
    max = Math.max(max, r.key.length);
  }
  const tabs = "\t".repeat(depth);
  recs.forEach((r, i) => {
    const mark = r.diff === "" ? "  " : `${r.diff} `;
    if (r.ellipsis) {
      lines.push(`${mark}${tabs}${r.ellipsis}`);
      return;
    }
    const key = r.key ? `${r.key}: ${" ".repeat(pad[i])}` : "";
    if (typeof r.value === "string") lines.push(`${mark}${tabs}${key}${r.value},`);
    else {
      lines.push(`${mark}${tabs}${key}${r.open ?? "{"}`);
      render(r.value, depth + 1, lines);
      lines.push(`${mark}${tabs}},`);
    }
  });
}

/** cmp.Diff(oldSpec, newSpec) for two core.PodSpecs (see the header for what is approximate). */
export function cmpDiff(x: O, y: O, type: "PodSpec"): string {
  const lines = [`  core.${type}{`];
  render(diffRecords(x, y, "PodSpec", type), 1, lines);
  lines.push("  }");
  return lines.join("\n") + "\n";
}

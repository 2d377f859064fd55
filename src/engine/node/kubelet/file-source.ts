// The kubelet's manifest folder source (pkg/kubelet/config/file.go + common.go): list the
// static pod path (sorted, dot-files skipped, no recursion, any extension), decode each file
// as a Pod, apply the static pod defaults, and hand the SET to the kubelet. A file that does
// not decode or validate is logged and left out of the SET.

import { goYamlError } from "../../yaml-guard.ts";
import { loadGoYaml } from "../../go-yaml.ts";
import type { NodeFs } from "../fs.ts";
import type { KubeObject } from "../../types.ts";
import { schemeDefaultPod } from "../../api/defaults.ts";
import { validatePod } from "../../api/validation.ts";
import { formatFieldError } from "../../api/errors.ts";
import { podDecodeError, zeroNullStrings } from "../../api/decode.ts";
import { fnv128a, stableJson } from "../../hash.ts";

export interface StaticPod {
  file: string;
  /** the config hash = static pod UID */
  uid: string;
  pod: KubeObject;
}

export interface ListResult {
  pods: StaticPod[];
  /** klog messages for files that could not be processed */
  errors: { file: string; message: string }[];
  /** the folder itself is missing or not a folder */
  dirError?: string;
}

export function decodeStaticPod(text: string, file: string, nodeName: string): { pod: StaticPod } | { error: string } {
  let doc: unknown;
  try {
    doc = loadGoYaml(text);
  } catch (e) {
    return { error: `${file}: couldn't parse as pod(${goYamlError(e)}), please check config file` };
  }
  if (doc === null || doc === undefined || typeof doc !== "object" || Array.isArray(doc)) {
    const shown = doc === null || doc === undefined ? "" : JSON.stringify(doc);
    return { error: `${file}: couldn't parse as pod(Object 'Kind' is missing in '${shown}'), please check config file` };
  }
  const o = doc as Record<string, any>;
  if (!o.kind) return { error: `${file}: couldn't parse as pod(Object 'Kind' is missing in '${JSON.stringify(o)}'), please check config file` };
  if (o.kind !== "Pod" || o.apiVersion !== "v1") {
    return { error: `${file}: couldn't parse as pod(no kind "${o.kind}" is registered for version "${o.apiVersion ?? ""}" in scheme "pkg/api/legacyscheme/scheme.go:30"), please check config file` };
  }
  const decodeErr = podDecodeError(o);
  if (decodeErr) return { error: `${file}: couldn't parse as pod(${decodeErr}), please check config file` };
  const pod = structuredClone(o) as KubeObject;
  zeroNullStrings("pods", pod as unknown as Record<string, unknown>);
  pod.metadata ??= {};
  if (typeof pod.metadata !== "object") return { error: `${file}: couldn't parse as pod(json: cannot unmarshal ${typeof pod.metadata} into Go struct field Pod.metadata of type v1.ObjectMeta), please check config file` };
  const name = pod.metadata.name;
  // applyDefaults (common.go): uid = hash(pod, host, file), name = <name>-<node>
  const uid = fnv128a(stableJson(pod) + `host:${nodeName}` + `file:${file}`);
  pod.metadata.uid = uid;
  if (name) pod.metadata.name = `${name}-${nodeName.toLowerCase()}`;
  pod.metadata.namespace ||= "default";
  pod.spec ??= {};
  pod.spec.nodeName = nodeName;
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), "kubernetes.io/config.hash": uid };
  const tols = (pod.spec.tolerations ??= []);
  tols.push({ operator: "Exists", effect: "NoExecute" });
  schemeDefaultPod(pod);
  pod.status = { phase: "Pending" };
  const errs = validatePod(pod);
  if (errs.length) return { error: `invalid pod: [${errs.map(formatFieldError).join(" ")}]` };
  const forbidden = forbiddenRefs(pod);
  if (forbidden.length) return { error: `pod ${JSON.stringify(name)} has forbidden references to API objects: ${forbidden.join(", ")}` };
  return { pod: { file, uid, pod } };
}

/** Static pods may not reference API objects (ServiceAccounts, Secrets, ConfigMaps, PVCs). */
function forbiddenRefs(pod: KubeObject): string[] {
  const out: string[] = [];
  const spec = pod.spec;
  if (spec.serviceAccountName && spec.serviceAccountName !== "default") out.push("spec.serviceAccountName");
  for (const [i, v] of (spec.volumes ?? []).entries()) {
    if (v?.secret) out.push(`spec.volumes[${i}].secret`);
    if (v?.configMap) out.push(`spec.volumes[${i}].configMap`);
    if (v?.persistentVolumeClaim) out.push(`spec.volumes[${i}].persistentVolumeClaim`);
  }
  for (const [i, c] of (spec.containers ?? []).entries()) {
    for (const [j, e] of (c.env ?? []).entries()) {
      if (e.valueFrom?.secretKeyRef) out.push(`spec.containers[${i}].env[${j}].valueFrom.secretKeyRef`);
      if (e.valueFrom?.configMapKeyRef) out.push(`spec.containers[${i}].env[${j}].valueFrom.configMapKeyRef`);
    }
    for (const [j, e] of (c.envFrom ?? []).entries()) {
      if (e.secretRef) out.push(`spec.containers[${i}].envFrom[${j}].secretRef`);
      if (e.configMapRef) out.push(`spec.containers[${i}].envFrom[${j}].configMapRef`);
    }
  }
  return out;
}

export function listStaticPods(fs: NodeFs, dir: string, nodeName: string, cache?: Map<string, { text: string; result: ReturnType<typeof decodeStaticPod> }>): ListResult {
  const res: ListResult = { pods: [], errors: [] };
  if (!fs.exists(dir)) {
    res.dirError = `path does not exist, ignoring`;
    return res;
  }
  if (!fs.isDir(dir)) {
    // a single file as the path is read as one manifest (file.go: not a directory → extractFromFile)
    const text = fs.tryRead(dir) ?? "";
    const r = decodeStaticPod(text, dir, nodeName);
    if ("pod" in r) res.pods.push(r.pod);
    else res.errors.push({ file: dir, message: r.error });
    return res;
  }
  for (const ent of fs.readdirTypes(dir)) {
    if (ent.name.startsWith(".")) continue;
    const path = `${dir.replace(/\/$/, "")}/${ent.name}`;
    if (ent.type === "dir") continue; // "Not recursing into manifest path"
    const text = fs.tryRead(path);
    if (text === undefined) continue;
    let r = cache?.get(path);
    if (!r || r.text !== text) {
      r = { text, result: decodeStaticPod(text, path, nodeName) };
      cache?.set(path, r);
    }
    const result = r.result;
    if ("pod" in result) res.pods.push({ ...result.pod, pod: structuredClone(result.pod.pod) });
    else res.errors.push({ file: path, message: result.error });
  }
  return res;
}

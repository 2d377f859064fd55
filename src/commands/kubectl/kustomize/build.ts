// `kustomize build` as kubectl 1.32 embeds it (sigs.k8s.io/kustomize/api v0.18, kustomize v5.5.0):
// krusty's KustTarget — a kustomization file, its resources (files and nested kustomization
// directories), components, the ConfigMap/Secret generators and the builtin transformers in
// krusty's order (patchesStrategicMerge, patches, namespace, prefix, suffix, labels, annotations,
// patchesJson6902, replicas, images); then, at the top only, the content-hash name suffixes,
// the name-reference fix-up and the legacy sort. Error texts are kustomize's own.

import yaml from "js-yaml";
import { loadYamlGuarded, goYamlError } from "../../../engine/yaml-guard.ts";
import { loadGoYaml } from "../../../engine/go-yaml.ts";
import { marshal, sortKeysDeep } from "../printers/json.ts";
import { applyJsonPatch, isObj, JsonPatchError, strategicMerge, type J, type JObj } from "./patch.ts";

/** The filesystem a build reads (absolute paths). */
export interface KFs {
  exists(p: string): boolean;
  isDir(p: string): boolean;
  readFile(p: string): string;
}

export class KustomizeError extends Error {
  /** the deprecation warnings printed before the failure */
  warnings: string[] = [];
}

export interface BuildResult {
  objects: JObj[];
  /** "# Warning: …" lines (deprecated fields), each ending in a newline */
  warnings: string[];
}

// ------------------------------------------------------------------ paths

export function cleanPath(p: string): string {
  const abs = p.startsWith("/");
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (!seg || seg === ".") continue;
    if (seg === "..") {
      if (out.length && out[out.length - 1] !== "..") out.pop();
      else if (!abs) out.push("..");
    } else out.push(seg);
  }
  return (abs ? "/" : "") + out.join("/") || (abs ? "/" : ".");
}

const join = (dir: string, p: string) => (p.startsWith("/") ? cleanPath(p) : cleanPath(`${dir}/${p}`));
const within = (root: string, p: string) => p === root || p.startsWith(root === "/" ? "/" : root + "/");

// ------------------------------------------------------------------ the Kustomization type

type FieldType = "string" | "bool" | "int64" | "map" | "list" | "strings" | "obj" | "any";
interface Struct {
  name: string;
  fields: Record<string, FieldType | { list: Struct } | { obj: Struct }>;
}

const TARGET: Struct = {
  name: "Selector",
  fields: { group: "string", version: "string", kind: "string", name: "string", namespace: "string", labelSelector: "string", annotationSelector: "string" },
};
const PATCH: Struct = { name: "Patch", fields: { path: "string", patch: "string", target: { obj: TARGET }, options: "map" } };
const GEN_OPTIONS: Struct = { name: "GeneratorOptions", fields: { labels: "map", annotations: "map", disableNameSuffixHash: "bool", immutable: "bool" } };
const GEN: Struct = {
  name: "ConfigMapArgs",
  fields: { name: "string", namespace: "string", behavior: "string", literals: "strings", files: "strings", envs: "strings", env: "string", options: { obj: GEN_OPTIONS } },
};
const SECRET_GEN: Struct = { ...GEN, name: "SecretArgs", fields: { ...GEN.fields, type: "string" } };
const KUSTOMIZATION: Struct = {
  name: "Kustomization",
  fields: {
    apiVersion: "string",
    kind: "string",
    metadata: "obj",
    openapi: "map",
    namePrefix: "string",
    nameSuffix: "string",
    namespace: "string",
    commonLabels: "map",
    labels: { list: { name: "Label", fields: { pairs: "map", includeSelectors: "bool", includeTemplates: "bool", fields: "any" } } },
    commonAnnotations: "map",
    patchesStrategicMerge: "strings",
    patchesJson6902: { list: PATCH },
    patches: { list: PATCH },
    images: { list: { name: "Image", fields: { name: "string", newName: "string", newTag: "string", tagSuffix: "string", digest: "string" } } },
    imageTags: { list: { name: "Image", fields: { name: "string", newName: "string", newTag: "string", digest: "string" } } },
    replacements: "list",
    replicas: { list: { name: "Replica", fields: { name: "string", count: "int64" } } },
    vars: "list",
    sortOptions: "obj",
    resources: "strings",
    components: "strings",
    crds: "strings",
    bases: "strings",
    configMapGenerator: { list: GEN },
    secretGenerator: { list: SECRET_GEN },
    helmGlobals: "obj",
    helmCharts: "list",
    helmChartInflationGenerator: "list",
    generatorOptions: { obj: GEN_OPTIONS },
    configurations: "strings",
    generators: "strings",
    transformers: "strings",
    validators: "strings",
    buildMetadata: "strings",
  },
};

const jsType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v === "boolean" ? "bool" : typeof v);

/** encoding/json's Unmarshal into the struct with DisallowUnknownFields: the first error in document order. */
function checkStruct(v: unknown, s: Struct, path: string): string | null {
  if (v === null || v === undefined) return null;
  if (!isObj(v as J)) return `json: cannot unmarshal ${jsType(v)} into Go ${path ? `struct field ${s.name}.${path}` : "value"} of type ${path ? "types." + s.name : "types." + s.name}`;
  const lower = new Map(Object.keys(s.fields).map((k) => [k.toLowerCase(), k]));
  for (const [k, x] of Object.entries(v as JObj)) {
    const f = Object.prototype.hasOwnProperty.call(s.fields, k) ? k : lower.get(k.toLowerCase());
    if (!f) return `json: unknown field "${k}"`;
    const t = s.fields[f];
    const where = `${s.name}.${path ? path + "." : ""}${f}`;
    const at = path ? `${path}.${f}` : f;
    if (x === null) continue;
    const bad = (type: string, got: unknown = x) => `json: cannot unmarshal ${jsType(got) === "bool" ? "bool" : jsType(got)} into Go struct field ${where} of type ${type}`;
    if (t === "string" && typeof x !== "string") return bad("string");
    if (t === "bool" && typeof x !== "boolean") return bad("bool");
    if (t === "int64" && !(typeof x === "number" && Number.isInteger(x))) return bad("int64");
    if (t === "map") {
      if (!isObj(x)) return bad("map[string]string");
      for (const mv of Object.values(x)) if (mv !== null && typeof mv !== "string") return bad("string", mv);
    }
    if (t === "strings") {
      if (!Array.isArray(x)) return bad("[]string");
      for (const e of x) if (e !== null && typeof e !== "string") return bad("string", e);
    }
    if (t === "list" && !Array.isArray(x)) return bad("[]interface {}");
    if (typeof t === "object" && "list" in t) {
      if (!Array.isArray(x)) return bad(`[]types.${t.list.name}`);
      for (const e of x) {
        const err = checkStruct(e, t.list, at);
        if (err) return err;
      }
    }
    if (typeof t === "object" && "obj" in t) {
      const err = checkStruct(x, t.obj, at);
      if (err) return err;
    }
  }
  return null;
}

interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}
interface PatchSpec {
  path?: string;
  patch?: string;
  target?: Target;
}
interface GenArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  type?: string;
  options?: GenOptions;
}
interface GenOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}
interface Kustomization {
  kind?: string;
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  commonLabels?: Record<string, string>;
  labels?: { pairs?: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  commonAnnotations?: Record<string, string>;
  patchesStrategicMerge?: string[];
  patchesJson6902?: PatchSpec[];
  patches?: PatchSpec[];
  images?: { name?: string; newName?: string; newTag?: string; digest?: string }[];
  imageTags?: { name?: string; newName?: string; newTag?: string; digest?: string }[];
  replicas?: { name?: string; count?: number }[];
  resources?: string[];
  bases?: string[];
  components?: string[];
  configMapGenerator?: GenArgs[];
  secretGenerator?: GenArgs[];
  generatorOptions?: GenOptions;
}

/** Go's encoding/json matches keys case-insensitively: normalise them to the struct's names. */
function canonicalKeys(v: unknown, s: Struct): unknown {
  if (!isObj(v as J)) return v;
  const lower = new Map(Object.keys(s.fields).map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as JObj)) {
    const f = lower.get(k.toLowerCase()) ?? k;
    const t = s.fields[f];
    if (t && typeof t === "object" && "list" in t && Array.isArray(x)) out[f] = x.map((e) => canonicalKeys(e, t.list));
    else if (t && typeof t === "object" && "obj" in t) out[f] = canonicalKeys(x, t.obj);
    else out[f] = x;
  }
  return out;
}

const DEPRECATIONS: [keyof Kustomization | "vars", string, string][] = [
  ["bases", "bases", "resources"],
  ["commonLabels", "commonLabels", "labels"],
  ["imageTags", "imageTags", "images"],
  ["patchesJson6902", "patchesJson6902", "patches"],
  ["patchesStrategicMerge", "patchesStrategicMerge", "patches"],
];

// ------------------------------------------------------------------ resources

interface Res {
  obj: JObj;
  /** names this resource had before (original first) */
  prevNames: string[];
  prevNamespaces: string[];
  /** a generated ConfigMap/Secret whose name gets the content hash */
  needsHash?: boolean;
  generated?: boolean;
}

const str = (v: J | undefined): string => (typeof v === "string" ? v : "");
const md = (o: JObj): JObj => (isObj(o.metadata) ? o.metadata : (o.metadata = {}));
const nameOf = (o: JObj) => str(md(o).name);
const nsOf = (o: JObj) => str(md(o).namespace);
const kindOf = (o: JObj) => str(o.kind);
function gvOf(o: JObj): { group: string; version: string } {
  const av = str(o.apiVersion);
  const i = av.indexOf("/");
  return i < 0 ? { group: "", version: av } : { group: av.slice(0, i), version: av.slice(i + 1) };
}

const CLUSTER_SCOPED = new Set([
  "APIService", "CSIDriver", "CSINode", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding", "ComponentStatus",
  "CustomResourceDefinition", "FlowSchema", "IngressClass", "MutatingWebhookConfiguration", "Namespace", "Node", "PersistentVolume",
  "PodSecurityPolicy", "PriorityClass", "PriorityLevelConfiguration", "RuntimeClass", "SelfSubjectAccessReview", "SelfSubjectRulesReview",
  "StorageClass", "SubjectAccessReview", "TokenReview", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration", "VolumeAttachment",
]);

/** resid.ResId.String(): Kind.version.group/name.namespace */
function idString(o: JObj): string {
  const { group, version } = gvOf(o);
  const ns = nsOf(o);
  return `${kindOf(o)}.${version || "[noVer]"}.${group || "[noGrp]"}/${nameOf(o)}.${ns || (CLUSTER_SCOPED.has(kindOf(o)) ? "[noNs]" : "[noNs]")}`;
}

const nsEq = (a: string, b: string) => (a || "default") === (b || "default");

function sameId(a: JObj, b: JObj): boolean {
  return str(a.apiVersion) === str(b.apiVersion) && kindOf(a) === kindOf(b) && nameOf(a) === nameOf(b) && nsEq(nsOf(a), nsOf(b));
}

/** Go's %v of a struct resembling the typed object kustomize failed to identify. */
function goStructDump(o: JObj): string {
  const m = md(o);
  const map = (v: J | undefined) => (isObj(v) ? `map[${Object.keys(v).sort().map((k) => `${k}:${str(v[k])}`).join(" ")}]` : "map[]");
  return `{{${str(o.apiVersion)} ${kindOf(o)}} {{${str(m.name)} ${str(m.namespace)}} ${map(m.labels)} ${map(m.annotations)}}}`;
}

// ------------------------------------------------------------------ hashing

/** SHA-256 (FIPS 180-4) of the UTF-8 bytes of s, as hex. */
export function sha256(s: string): string {
  const bytes = new TextEncoder().encode(s);
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const len = bytes.length;
  const total = Math.ceil((len + 9) / 64) * 64;
  const buf = new Uint8Array(total);
  buf.set(bytes);
  buf[len] = 0x80;
  const bits = len * 8;
  const dv = new DataView(buf.buffer);
  dv.setUint32(total - 4, bits >>> 0);
  dv.setUint32(total - 8, Math.floor(bits / 0x100000000));
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i] + w[i]) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return [...h].map((x) => x.toString(16).padStart(8, "0")).join("");
}

/** hasher.encode: the first 10 hex digits with 0,1,3,a,e replaced (no vowels, no look-alikes). */
function encodeHash(hex: string): string {
  const map: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  return [...hex.slice(0, 10)].map((c) => map[c] ?? c).join("");
}

/**
 * hasher.Hash of a ConfigMap or Secret. Its `metadata/name` lookup is a single path element,
 * which never matches, so the encoded name is always "" (this is what kustomize hashes).
 */
export function contentHash(o: JObj): string {
  const m: JObj = { kind: kindOf(o), name: "", data: isObj(o.data) ? o.data : "" };
  if (kindOf(o) === "ConfigMap") {
    if (isObj(o.binaryData)) m.binaryData = o.binaryData;
  } else {
    m.type = typeof o.type === "string" ? o.type : "";
    if (isObj(o.stringData)) m.stringData = o.stringData;
  }
  return encodeHash(sha256(marshal(sortKeysDeep(m))));
}

// ------------------------------------------------------------------ generators

/** kustomize's encodeBase64: base64 in lines of 70 characters, each line ending in \n when there are several. */
function encodeBase64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  const enc = btoa(bin);
  const lineLen = 70;
  const lines = Math.floor(enc.length / lineLen) + 1;
  if (lines <= 1) return enc;
  let out = "";
  for (let i = 0; i < enc.length; i += lineLen) out += enc.slice(i, i + lineLen) + "\n";
  return out;
}

function removeQuotes(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v[v.length - 1] === '"') || (v[0] === "'" && v[v.length - 1] === "'"))) return v.slice(1, -1);
  return v;
}

// ------------------------------------------------------------------ field specs

const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

function getPath(o: J, path: string[]): J | undefined {
  let cur: J | undefined = o;
  for (const p of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** The map at path, created when `create` (fsslice with create: true), else undefined. */
function mapAt(o: JObj, path: string[], create: boolean): JObj | undefined {
  let cur: JObj = o;
  for (const p of path) {
    const next = cur[p];
    if (isObj(next)) cur = next;
    else if ((next === undefined || next === null) && create) cur = cur[p] = {};
    else return undefined;
  }
  return cur;
}

type Spec = { kinds?: string[]; group?: string; path: string[]; create: boolean };

const TEMPLATE_LABELS: Spec[] = [
  { kinds: ["ReplicationController", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"], path: ["spec", "template", "metadata", "labels"], create: true },
  { kinds: ["CronJob"], path: ["spec", "jobTemplate", "metadata", "labels"], create: true },
  { kinds: ["CronJob"], path: ["spec", "jobTemplate", "spec", "template", "metadata", "labels"], create: true },
];
const SELECTOR_LABELS: Spec[] = [
  { kinds: ["Service", "ReplicationController"], path: ["spec", "selector"], create: true },
  { kinds: ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"], path: ["spec", "selector", "matchLabels"], create: true },
  { kinds: ["Job"], path: ["spec", "selector", "matchLabels"], create: false },
  { kinds: ["CronJob"], path: ["spec", "jobTemplate", "spec", "selector", "matchLabels"], create: false },
  { kinds: ["PodDisruptionBudget"], path: ["spec", "selector", "matchLabels"], create: false },
  { kinds: ["NetworkPolicy"], path: ["spec", "podSelector", "matchLabels"], create: false },
];
const ANNOTATION_SPECS: Spec[] = [
  { path: ["metadata", "annotations"], create: true },
  { kinds: ["ReplicationController", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"], path: ["spec", "template", "metadata", "annotations"], create: true },
  { kinds: ["CronJob"], path: ["spec", "jobTemplate", "metadata", "annotations"], create: true },
  { kinds: ["CronJob"], path: ["spec", "jobTemplate", "spec", "template", "metadata", "annotations"], create: true },
];

function applyMapSpecs(o: JObj, specs: Spec[], pairs: Record<string, string>) {
  for (const s of specs) {
    if (s.kinds && !s.kinds.includes(kindOf(o))) continue;
    const m = mapAt(o, s.path, s.create);
    if (m) for (const [k, v] of Object.entries(pairs)) m[k] = v;
  }
  // NetworkPolicy peers and StatefulSet claim templates (lists along the path)
  if (specs === SELECTOR_LABELS && kindOf(o) === "NetworkPolicy") {
    const spec = o.spec;
    if (isObj(spec)) {
      for (const [dir, peer] of [["ingress", "from"], ["egress", "to"]] as const) {
        const rules = spec[dir];
        if (!Array.isArray(rules)) continue;
        for (const r of rules) {
          const peers = isObj(r) ? r[peer] : undefined;
          if (!Array.isArray(peers)) continue;
          for (const p of peers) {
            const sel = isObj(p) ? getPath(p, ["podSelector", "matchLabels"]) : undefined;
            if (isObj(sel)) Object.assign(sel, pairs);
          }
        }
      }
    }
  }
}

// ------------------------------------------------------------------ images

/** image.IsImageMatched */
function imageMatches(image: string, name: string): boolean {
  try {
    return new RegExp("^" + name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$").test(image);
  } catch {
    return false;
  }
}

/** image.Split: name, tag, digest (a registry host's port is not a tag). */
function splitImage(image: string): [string, string, string] {
  let slash = image.indexOf("/");
  let search = image;
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let id = search.indexOf("@");
  let ic = search.indexOf(":");
  if (ic < 0 && id < 0) return [image, "", ""];
  if (id >= 0 && (id < ic || ic < 0)) {
    id += slash;
    return [image.slice(0, id), "", image.slice(id + 1)];
  }
  if (id >= 0 && ic >= 0) {
    id += slash;
    ic += slash;
    return [image.slice(0, ic), image.slice(ic + 1, id), image.slice(id + 1)];
  }
  ic += slash;
  return [image.slice(0, ic), image.slice(ic + 1), ""];
}

// ------------------------------------------------------------------ the build

interface Ctx {
  fs: KFs;
  warnings: string[];
  nameserver: string;
  hasGit: boolean;
}

interface Loaded {
  dir: string;
  k: Kustomization;
}

/** The kustomization is read by sigs.k8s.io/yaml (goyaml.v2, YAML 1.1): y/yes/on/off … are booleans. */
const YAML11_BOOL = new yaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (d: string) => /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(d),
  construct: (d: string) => /^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(d),
});
const KUSTOMIZATION_SCHEMA = yaml.DEFAULT_SCHEMA.extend({ implicit: [YAML11_BOOL] });

function loadKustomization(c: Ctx, dir: string): Loaded {
  const names = ["kustomization.yaml", "kustomization.yml", "Kustomization"].filter((n) => c.fs.exists(`${dir === "/" ? "" : dir}/${n}`) && !c.fs.isDir(`${dir === "/" ? "" : dir}/${n}`));
  if (names.length === 0) throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'`);
  if (names.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${dir}`);
  const text = c.fs.readFile(`${dir === "/" ? "" : dir}/${names[0]}`);
  let raw: unknown;
  try {
    raw = loadYamlGuarded(text, { schema: KUSTOMIZATION_SCHEMA });
  } catch (e) {
    throw new KustomizeError(`invalid Kustomization: ${kyamlError(e, text)}`);
  }
  if (raw === null || raw === undefined) raw = {};
  const err = checkStruct(raw, KUSTOMIZATION, "");
  if (err) throw new KustomizeError(`invalid Kustomization: ${err}`);
  const k = canonicalKeys(raw, KUSTOMIZATION) as Kustomization & Record<string, unknown>;
  for (const [field, old, use] of DEPRECATIONS) {
    if (k[field] !== undefined && k[field] !== null) {
      c.warnings.push(`# Warning: '${old}' is deprecated. Please use '${use}' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n`);
    }
  }
  return { dir, k };
}

/**
 * yaml.v3's wording: a line indented less than its block but more than the parent is "did not
 * find expected key", reported (as a parser error) on the line before the offending one.
 */
function kyamlError(e: unknown, text: string): string {
  const err = e as { reason?: string; mark?: { line: number } };
  if (err.reason && /^bad indentation of a (mapping|sequence) entry/.test(err.reason) && err.mark) {
    const lines = text.split("\n");
    const indent = (l: string) => l.length - l.trimStart().length;
    const bad = lines[err.mark.line] ?? "";
    let prev = err.mark.line - 1;
    while (prev >= 0 && !lines[prev].trim()) prev--;
    if (prev >= 0 && indent(bad) < indent(lines[prev])) return `yaml: line ${err.mark.line}: did not find expected key`;
  }
  return goYamlError(e);
}

function lstatMissing(p: string, shown = p): string {
  return `evalsymlink failure on '${shown}' : lstat ${p}: no such file or directory`;
}

/** Parse a YAML stream of resources (kio.ByteReader): documents, List items, empty documents skipped. */
function parseResources(text: string, file: string): JObj[] {
  const out: JObj[] = [];
  // each document padded with the lines before it, so errors carry the stream's line numbers
  const docs: string[] = [];
  let cur: string[] = [];
  let start = 0;
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (/^---(\s.*)?$/.test(line)) {
      docs.push("\n".repeat(start) + cur.join("\n"));
      cur = [];
      start = i + 1;
    } else cur.push(line);
  });
  docs.push("\n".repeat(start) + cur.join("\n"));
  for (const d of docs) {
    let v: unknown;
    try {
      v = loadGoYaml(d, { json: false }, "kyaml");
    } catch (e) {
      throw new KustomizeError(`MalformedYAMLError: ${kyamlError(e, d)} in File: ${file}`);
    }
    if (v === null || v === undefined) continue;
    if (!isObj(v as J)) throw new KustomizeError(`missing kind in object ${String(v)}`);
    const o = v as JObj;
    if (kindOf(o).endsWith("List") && Array.isArray(o.items)) {
      for (const it of o.items) if (isObj(it)) out.push(it);
      continue;
    }
    out.push(o);
  }
  return out;
}

function remoteError(c: Ctx, url: string): string {
  const m = /^(https?):\/\/([^/]+)\/([^?]*)(?:\?(.*))?$/.exec(url) ?? ["", "https", url, "", ""];
  const host = m[2];
  const segs = m[3].split("/").filter(Boolean);
  const repo = `${m[1]}://${host}/${segs.slice(0, 2).join("/").replace(/\.git$/, "")}`;
  const ref = /(?:^|&)(?:ref|version)=([^&]*)/.exec(m[4] ?? "")?.[1] ?? "HEAD";
  const lookup = `Get "${url}": dial tcp: lookup ${host} on ${c.nameserver}:53: no such host': `;
  if (!c.hasGit) return lookup + `no 'git' program on path: exec: "git": executable file not found in $PATH`;
  return lookup + `failed to run '/usr/bin/git fetch --depth=1 ${repo} ${ref}': fatal: unable to access '${repo}/': Could not resolve host: ${host}\n: exit status 128`;
}

class ResMap {
  list: Res[] = [];
  append(r: Res, from: string) {
    if (this.list.some((x) => sameId(x.obj, r.obj))) {
      throw new KustomizeError(`merging resources from '${from}': may not add resource with an already registered id: ${idString(r.obj)}`);
    }
    this.list.push(r);
  }
}

function newRes(o: JObj): Res {
  return { obj: o, prevNames: [nameOf(o)], prevNamespaces: [nsOf(o)] };
}

function accumulate(c: Ctx, dir: string, ra: ResMap, component: boolean, roots: string[] = [dir]): void {
  const { k } = loadKustomization(c, dir);
  void component;
  // resources (and the deprecated bases)
  for (const entry of [...(k.resources ?? []), ...(k.bases ?? [])]) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) || entry.startsWith("git@")) {
      throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': ${remoteError(c, entry)}`);
    }
    const abs = join(dir, entry);
    if (!c.fs.exists(abs)) {
      const e = lstatMissing(abs);
      throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': ${e}': must build at directory: not a valid directory: ${e}`);
    }
    if (c.fs.isDir(abs)) {
      // loader.newLoaderAtConfirmedDir: a new root may not contain one being built
      const visited = [...roots].reverse().find((r) => within(abs, r));
      if (visited) {
        throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': '${abs}' must resolve to a file': cycle detected: candidate root '${abs}' contains visited root '${visited}'`);
      }
      const sub = new ResMap();
      try {
        accumulate(c, abs, sub, false, [...roots, abs]);
      } catch (e) {
        if (!(e instanceof KustomizeError)) throw e;
        throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': '${abs}' must resolve to a file': recursed accumulation of path '${abs}': ${e.message}`);
      }
      for (const r of sub.list) ra.append(r, entry);
      continue;
    }
    const fileErr = (msg: string) => new KustomizeError(`accumulating resources: accumulation err='${msg}': must build at directory: '${abs}': file is not directory`);
    if (!within(dir, abs)) throw fileErr(`accumulating resources from '${entry}': security; file '${abs}' is not in or below '${dir}'`);
    let objs: JObj[];
    try {
      objs = parseResources(c.fs.readFile(abs), entry);
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      if (e.message.startsWith("MalformedYAMLError")) throw new KustomizeError(`accumulating resources: accumulating resources from '${entry}': ${e.message}`);
      throw fileErr(`accumulating resources from '${entry}': ${e.message}`);
    }
    for (const o of objs) {
      if (!kindOf(o)) throw fileErr(`accumulating resources from '${entry}': missing kind in object ${goStructDump(o)}`);
      try {
        ra.append(newRes(o), entry);
      } catch (e) {
        if (e instanceof KustomizeError) throw fileErr(e.message);
        throw e;
      }
    }
  }
  // components: their resources, generators and transformers act on this target's resources
  for (const entry of k.components ?? []) {
    const abs = join(dir, entry);
    if (!c.fs.exists(abs) || !c.fs.isDir(abs)) {
      const e = lstatMissing(abs);
      throw new KustomizeError(`accumulating components: accumulation err='accumulating components from '${entry}': ${e}': must build at directory: not a valid directory: ${e}`);
    }
    accumulate(c, abs, ra, true, [...roots, abs]);
  }
  generate(c, dir, k, ra);
  transform(c, dir, k, ra);
}

// ------------------------------------------------------------------ generators

function readKvFile(c: Ctx, dir: string, p: string, what: string): string {
  const abs = join(dir, p);
  if (!c.fs.exists(abs)) throw new KustomizeError(`loading KV pairs: ${what}: ${lstatMissing(abs)}`);
  if (!within(dir, abs)) throw new KustomizeError(`loading KV pairs: ${what}: security; file '${abs}' is not in or below '${dir}'`);
  return c.fs.readFile(abs);
}

function generate(c: Ctx, dir: string, k: Kustomization, ra: ResMap) {
  const gens: [string, GenArgs][] = [...(k.configMapGenerator ?? []).map((g) => ["ConfigMap", g] as [string, GenArgs]), ...(k.secretGenerator ?? []).map((g) => ["Secret", g] as [string, GenArgs])];
  for (const [kind, g] of gens) {
    const data: Record<string, string> = {};
    const put = (key: string, value: string) => {
      data[key] = kind === "Secret" ? encodeBase64(value) : value;
    };
    for (const env of [...(g.envs ?? []), ...(g.env ? [g.env] : [])]) {
      const text = readKvFile(c, dir, env, `env source files: [${env}]`).replace(/^\uFEFF/, "");
      for (const raw of text.split("\n")) {
        const line = raw.replace(/\r$/, "").replace(/^\s+/, "");
        if (!line || line.startsWith("#")) continue;
        const i = line.indexOf("=");
        if (i < 0) put(line, "");
        else put(line.slice(0, i), line.slice(i + 1));
      }
    }
    for (const lit of g.literals ?? []) {
      const i = lit.indexOf("=");
      if (i < 0) throw new KustomizeError(`loading KV pairs: literal sources [${(g.literals ?? []).join(" ")}]: invalid literal source ${lit}, expected key=value`);
      put(lit.slice(0, i), removeQuotes(lit.slice(i + 1)));
    }
    for (const f of g.files ?? []) {
      const i = f.indexOf("=");
      const key = i < 0 ? f.slice(f.lastIndexOf("/") + 1) : f.slice(0, i);
      const p = i < 0 ? f : f.slice(i + 1);
      put(key, readKvFile(c, dir, p, `file sources: [${f}]`));
    }
    const opts: GenOptions = { ...(k.generatorOptions ?? {}) };
    const own = g.options ?? {};
    const labels = { ...(opts.labels ?? {}), ...(own.labels ?? {}) };
    const annotations = { ...(opts.annotations ?? {}), ...(own.annotations ?? {}) };
    const noHash = own.disableNameSuffixHash ?? opts.disableNameSuffixHash ?? false;
    const immutable = own.immutable ?? opts.immutable ?? false;
    const meta: JObj = { name: g.name ?? "" };
    if (g.namespace) meta.namespace = g.namespace;
    if (Object.keys(labels).length) meta.labels = labels;
    if (Object.keys(annotations).length) meta.annotations = annotations;
    const obj: JObj = { apiVersion: "v1", kind, metadata: meta };
    if (Object.keys(data).length) obj.data = data;
    if (kind === "Secret") obj.type = g.type || "Opaque";
    if (immutable) obj.immutable = true;
    const behavior = g.behavior || "create";
    const byName = ra.list.filter((r) => kindOf(r.obj) === kind && r.prevNames.includes(meta.name as string));
    const existing = byName.find((r) => r.prevNamespaces.some((n) => nsEq(n, g.namespace ?? ""))) ?? (byName.length === 1 ? byName[0] : undefined);
    if (behavior === "create") {
      const r = newRes(obj);
      r.needsHash = !noHash;
      r.generated = true;
      ra.append(r, `${kind}Generator`);
    } else if (behavior === "merge" || behavior === "replace") {
      if (!existing) {
        throw new KustomizeError(`merging from generator ${kind}: id resid.ResId{Gvk:resid.Gvk{Group:"", Version:"v1", Kind:"${kind}", isClusterScoped:false}, Name:"${g.name ?? ""}", Namespace:"${g.namespace ?? ""}"} does not exist; cannot merge or replace`);
      }
      // the new resource is the basis: the old one's data and metadata maps merged under it (merge) or dropped (replace)
      const eo = existing.obj;
      const em = md(eo);
      if (behavior === "merge") {
        const od = isObj(eo.data) ? eo.data : {};
        if (Object.keys(od).length || obj.data) obj.data = { ...od, ...((obj.data as JObj) ?? {}) };
      }
      for (const f of ["labels", "annotations"] as const) {
        const merged = { ...(isObj(em[f]) ? em[f] : {}), ...((meta[f] as JObj) ?? {}) };
        if (Object.keys(merged).length) meta[f] = merged;
      }
      meta.name = em.name ?? meta.name;
      if (em.namespace) meta.namespace = em.namespace;
      existing.obj = obj;
      existing.needsHash = !noHash;
    } else {
      throw new KustomizeError(`unknown generation behavior '${behavior}'`);
    }
  }
}

// ------------------------------------------------------------------ transformers

function matchesSelector(sel: string, labels: J | undefined): boolean {
  const l = isObj(labels) ? labels : {};
  for (const term of sel.split(",").map((s) => s.trim()).filter(Boolean)) {
    let m: RegExpExecArray | null;
    if ((m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term))) {
      const has = str(l[m[1]]) === m[3] && m[1] in l;
      if (m[2] === "!=" ? has : !has) return false;
    } else if ((m = /^([^\s]+)\s+(in|notin)\s+\((.*)\)$/.exec(term))) {
      const vals = m[3].split(",").map((s) => s.trim());
      const inSet = m[1] in l && vals.includes(str(l[m[1]]));
      if (m[2] === "in" ? !inSet : inSet) return false;
    } else if (term.startsWith("!")) {
      if (term.slice(1) in l) return false;
    } else if (!(term in l)) return false;
  }
  return true;
}

const anchored = (re: string, v: string) => {
  try {
    return new RegExp(`^(?:${re})$`).test(v);
  } catch {
    return re === v;
  }
};

function selectTargets(ra: ResMap, t: Target): Res[] {
  return ra.list.filter((r) => {
    const o = r.obj;
    const { group, version } = gvOf(o);
    if (t.group && t.group !== group) return false;
    if (t.version && t.version !== version) return false;
    if (t.kind && t.kind !== kindOf(o)) return false;
    if (t.name && !r.prevNames.concat(nameOf(o)).some((n) => anchored(t.name!, n))) return false;
    if (t.namespace && !r.prevNamespaces.concat(nsOf(o)).some((n) => anchored(t.namespace!, n))) return false;
    if (t.labelSelector && !matchesSelector(t.labelSelector, md(o).labels)) return false;
    if (t.annotationSelector && !matchesSelector(t.annotationSelector, md(o).annotations)) return false;
    return true;
  });
}

function readPatchFile(c: Ctx, dir: string, p: string, plugin: string, config: string): string {
  const abs = join(dir, p);
  if (!c.fs.exists(abs)) {
    throw new KustomizeError(`trouble configuring builtin ${plugin} with config: \`\n${config}\`: failed to get the patch file from path(${p}): ${lstatMissing(abs)}`);
  }
  return c.fs.readFile(abs);
}

function parsePatch(text: string): J[] {
  const out: J[] = [];
  for (const d of text.split(/^---\s*$/m)) {
    let v: unknown;
    try {
      v = loadGoYaml(d, { json: false }, "kyaml");
    } catch (e) {
      throw new KustomizeError(goYamlError(e));
    }
    if (v !== null && v !== undefined) out.push(v as J);
  }
  return out;
}

function smpIdString(p: JObj): string {
  const { group, version } = gvOf(p);
  const m = isObj(p.metadata) ? p.metadata : {};
  return `${kindOf(p)}.${version || "[noVer]"}.${group || "[noGrp]"}/${str(m.name)}.${str(m.namespace) || "[noNs]"}`;
}

function applySmpById(ra: ResMap, patch: JObj) {
  const pm = isObj(patch.metadata) ? patch.metadata : {};
  const matches = ra.list.filter(
    (r) =>
      kindOf(r.obj) === kindOf(patch) &&
      (!patch.apiVersion || str(r.obj.apiVersion) === str(patch.apiVersion)) &&
      r.prevNames.concat(nameOf(r.obj)).includes(str(pm.name)) &&
      r.prevNamespaces.concat(nsOf(r.obj)).some((n) => nsEq(n, str(pm.namespace))),
  );
  if (matches.length !== 1) {
    const id = smpIdString(patch);
    if (!matches.length) throw new KustomizeError(`no resource matches strategic merge patch "${id}": no matches for Id ${id}; failed to find unique target for patch ${id}`);
    throw new KustomizeError(`multiple matches for Id ${id}; failed to find unique target for patch ${id}`);
  }
  applySmp(ra, matches[0], patch);
}

function applySmp(ra: ResMap, r: Res, patch: JObj) {
  const p = structuredClone(patch);
  if (p["$patch"] === "delete") {
    ra.list.splice(ra.list.indexOf(r), 1);
    return;
  }
  // the target keeps its identity
  if (isObj(p.metadata)) {
    delete p.metadata.name;
    delete p.metadata.namespace;
  }
  delete p.apiVersion;
  delete p.kind;
  const merged = strategicMerge(r.obj, p);
  if (merged === undefined) ra.list.splice(ra.list.indexOf(r), 1);
  else r.obj = merged as JObj;
}

function applyPatchSpec(c: Ctx, dir: string, ra: ResMap, spec: PatchSpec, plugin: string) {
  const config = `${spec.path ? `path: ${spec.path}\n` : ""}${spec.patch ? `patch: ${JSON.stringify(spec.patch)}\n` : ""}`;
  if (spec.path && spec.patch) throw new KustomizeError(`trouble configuring builtin ${plugin} with config: \`\n${config}\`: patch and path can't be set at the same time`);
  if (!spec.path && !spec.patch) throw new KustomizeError(`trouble configuring builtin ${plugin} with config: \`\n${config}\`: must specify one of patch and path in\n${config}`);
  const text = spec.path ? readPatchFile(c, dir, spec.path, plugin, config) : spec.patch!;
  const docs = parsePatch(text);
  const isJson6902 = docs.length === 1 && Array.isArray(docs[0]);
  if (isJson6902 || plugin === "PatchJson6902Transformer") {
    if (!spec.target) throw new KustomizeError(`must specify a target for JSON patch [${spec.path ? `path: ${spec.path}` : `patch: ${JSON.stringify(spec.patch)}`}]`);
    for (const r of selectTargets(ra, spec.target)) {
      try {
        r.obj = applyJsonPatch(r.obj, docs[0] ?? []) as JObj;
      } catch (e) {
        // json-patch's error (an operation that does not apply) is what kustomize returns
        if (e instanceof JsonPatchError) throw new KustomizeError(e.message);
        throw e;
      }
    }
    return;
  }
  for (const d of docs) {
    if (!isObj(d)) continue;
    if (spec.target) for (const r of selectTargets(ra, spec.target)) applySmp(ra, r, d);
    else applySmpById(ra, d);
  }
}

function rename(r: Res, name: string) {
  md(r.obj).name = name;
  r.prevNames.push(name);
}

function transform(c: Ctx, dir: string, k: Kustomization, ra: ResMap) {
  // PatchStrategicMergeTransformer
  for (const p of k.patchesStrategicMerge ?? []) {
    const text = p.includes("\n") || !/\.(ya?ml|json)$/.test(p) && p.includes(":") ? p : readPatchFile(c, dir, p, "PatchStrategicMergeTransformer", `paths:\n- ${p}\n`);
    for (const d of parsePatch(text)) if (isObj(d)) applySmpById(ra, d);
  }
  // PatchTransformer
  for (const p of k.patches ?? []) applyPatchSpec(c, dir, ra, p, "PatchTransformer");
  // NamespaceTransformer
  if (k.namespace) {
    for (const r of ra.list) {
      const o = r.obj;
      if (!CLUSTER_SCOPED.has(kindOf(o))) {
        md(o).namespace = k.namespace;
        r.prevNamespaces.push(k.namespace);
      } else if (kindOf(o) === "Namespace") {
        // the namespace fieldspecs include metadata/name of a Namespace
        rename(r, k.namespace);
      }
      if ((kindOf(o) === "RoleBinding" || kindOf(o) === "ClusterRoleBinding") && Array.isArray(o.subjects)) {
        for (const s of o.subjects) if (isObj(s) && s.name === "default") s.namespace = k.namespace;
      }
    }
  }
  // PrefixTransformer, SuffixTransformer
  for (const [affix, isPrefix] of [[k.namePrefix, true], [k.nameSuffix, false]] as const) {
    if (!affix) continue;
    for (const r of ra.list) {
      const kind = kindOf(r.obj);
      if (kind === "CustomResourceDefinition" || kind === "Namespace" || (kind === "APIService" && gvOf(r.obj).group === "apiregistration.k8s.io")) continue;
      rename(r, isPrefix ? affix + nameOf(r.obj) : nameOf(r.obj) + affix);
    }
  }
  // LabelTransformer: commonLabels (selectors too), then labels
  const labelSets: { pairs: Record<string, string>; selectors: boolean; templates: boolean }[] = [];
  if (k.commonLabels && Object.keys(k.commonLabels).length) labelSets.push({ pairs: k.commonLabels, selectors: true, templates: true });
  for (const l of k.labels ?? []) if (l.pairs && Object.keys(l.pairs).length) labelSets.push({ pairs: l.pairs, selectors: !!l.includeSelectors, templates: !!l.includeSelectors || !!l.includeTemplates });
  for (const set of labelSets) {
    for (const r of ra.list) {
      applyMapSpecs(r.obj, [{ path: ["metadata", "labels"], create: true }], set.pairs);
      if (set.templates) applyMapSpecs(r.obj, TEMPLATE_LABELS, set.pairs);
      if (set.selectors) {
        applyMapSpecs(r.obj, SELECTOR_LABELS, set.pairs);
        if (kindOf(r.obj) === "StatefulSet") {
          const vct = getPath(r.obj, ["spec", "volumeClaimTemplates"]);
          if (Array.isArray(vct)) for (const t of vct) if (isObj(t)) Object.assign(mapAt(t, ["metadata", "labels"], true)!, set.pairs);
        }
      }
    }
  }
  // AnnotationsTransformer
  if (k.commonAnnotations && Object.keys(k.commonAnnotations).length) for (const r of ra.list) applyMapSpecs(r.obj, ANNOTATION_SPECS, k.commonAnnotations);
  // PatchJson6902Transformer
  for (const p of k.patchesJson6902 ?? []) applyPatchSpec(c, dir, ra, p, "PatchJson6902Transformer");
  // ReplicaCountTransformer
  for (const rep of k.replicas ?? []) {
    for (const r of ra.list) {
      if (!["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"].includes(kindOf(r.obj))) continue;
      if (!r.prevNames.includes(rep.name ?? "") && nameOf(r.obj) !== rep.name) continue;
      const spec = mapAt(r.obj, ["spec"], true)!;
      spec.replicas = rep.count ?? 0;
    }
  }
  // ImageTagTransformer
  for (const img of [...(k.images ?? []), ...(k.imageTags ?? [])]) {
    if (!img.name) continue;
    for (const r of ra.list) {
      const podSpecs: J[] = [];
      const path = POD_SPEC_PATHS[kindOf(r.obj)];
      if (path) podSpecs.push(getPath(r.obj, path) ?? null);
      for (const ps of podSpecs) {
        if (!isObj(ps)) continue;
        for (const field of ["containers", "initContainers", "ephemeralContainers"]) {
          const list = ps[field];
          if (!Array.isArray(list)) continue;
          for (const ctr of list) {
            if (!isObj(ctr) || typeof ctr.image !== "string" || !imageMatches(ctr.image, img.name)) continue;
            let [name, tag, digest] = splitImage(ctr.image);
            if (img.newName) name = img.newName;
            if (img.newTag && img.digest) [tag, digest] = [img.newTag, img.digest];
            else if (img.newTag) [tag, digest] = [img.newTag, ""];
            else if (img.digest) [tag, digest] = ["", img.digest];
            ctr.image = name + (tag ? ":" + tag : "") + (digest ? "@" + digest : "");
          }
        }
      }
    }
  }
}

// ------------------------------------------------------------------ name references

interface RefSpec {
  /** kind referred to */
  kind: string;
  /** where, in a pod spec (relative) or in an object of `in` kinds */
  in?: string[];
  paths: string[][];
  podSpec?: boolean;
}

const REFS: RefSpec[] = [
  { kind: "ConfigMap", podSpec: true, paths: [["volumes", "*", "configMap", "name"], ["volumes", "*", "projected", "sources", "*", "configMap", "name"], ["*containers", "*", "env", "*", "valueFrom", "configMapKeyRef", "name"], ["*containers", "*", "envFrom", "*", "configMapRef", "name"]] },
  { kind: "Secret", podSpec: true, paths: [["volumes", "*", "secret", "secretName"], ["volumes", "*", "projected", "sources", "*", "secret", "name"], ["*containers", "*", "env", "*", "valueFrom", "secretKeyRef", "name"], ["*containers", "*", "envFrom", "*", "secretRef", "name"], ["imagePullSecrets", "*", "name"]] },
  { kind: "Secret", in: ["ServiceAccount"], paths: [["secrets", "*", "name"], ["imagePullSecrets", "*", "name"]] },
  { kind: "Secret", in: ["Ingress"], paths: [["spec", "tls", "*", "secretName"]] },
  { kind: "ServiceAccount", podSpec: true, paths: [["serviceAccountName"], ["serviceAccount"]] },
  { kind: "PersistentVolumeClaim", podSpec: true, paths: [["volumes", "*", "persistentVolumeClaim", "claimName"]] },
  { kind: "PersistentVolume", in: ["PersistentVolumeClaim"], paths: [["spec", "volumeName"]] },
  { kind: "PriorityClass", podSpec: true, paths: [["priorityClassName"]] },
  { kind: "Service", in: ["StatefulSet"], paths: [["spec", "serviceName"]] },
  { kind: "Service", in: ["Ingress"], paths: [["spec", "rules", "*", "http", "paths", "*", "backend", "service", "name"], ["spec", "defaultBackend", "service", "name"]] },
  { kind: "StorageClass", in: ["PersistentVolumeClaim", "PersistentVolume"], paths: [["spec", "storageClassName"]] },
  { kind: "StorageClass", in: ["StatefulSet"], paths: [["spec", "volumeClaimTemplates", "*", "spec", "storageClassName"]] },
];

/** Visit string leaves along a path with "*" (every list element) and "*containers" (containers + initContainers). */
function visit(o: J | undefined, path: string[], fn: (parent: JObj, key: string) => void) {
  if (o === undefined || o === null) return;
  const [head, ...rest] = path;
  if (head === "*") {
    if (Array.isArray(o)) for (const e of o) visit(e, rest, fn);
    return;
  }
  if (!isObj(o)) return;
  if (head === "*containers") {
    for (const f of ["containers", "initContainers", "ephemeralContainers"]) visit(o[f], rest, fn);
    return;
  }
  if (!rest.length) {
    if (typeof o[head] === "string") fn(o, head);
    return;
  }
  visit(o[head], rest, fn);
}

function fixBackReferences(list: Res[]) {
  const renamed = list.filter((r) => r.prevNames.some((n) => n !== nameOf(r.obj)));
  if (!renamed.length) return;
  const find = (kind: string, value: string, ns: string | null, group?: string): Res | undefined =>
    renamed.find(
      (r) =>
        kindOf(r.obj) === kind &&
        (group === undefined || gvOf(r.obj).group === group) &&
        r.prevNames.includes(value) &&
        (ns === null || CLUSTER_SCOPED.has(kind) || nsEq(nsOf(r.obj), ns)),
    );
  for (const referrer of list) {
    const o = referrer.obj;
    const kind = kindOf(o);
    const refNs = CLUSTER_SCOPED.has(kind) ? null : nsOf(o);
    for (const spec of REFS) {
      const roots: J[] = [];
      if (spec.podSpec) {
        const p = POD_SPEC_PATHS[kind];
        if (p) roots.push(getPath(o, p) ?? null);
      } else if (spec.in?.includes(kind)) roots.push(o);
      for (const root of roots) {
        for (const path of spec.paths) {
          visit(root, path, (parent, key) => {
            const hit = find(spec.kind, parent[key] as string, refNs);
            if (hit) parent[key] = nameOf(hit.obj);
          });
        }
      }
    }
    if (kind === "RoleBinding" || kind === "ClusterRoleBinding") {
      const ref = o.roleRef;
      if (isObj(ref) && typeof ref.name === "string") {
        const k = str(ref.kind);
        const hit = k === "Role" && kind === "RoleBinding" ? find("Role", ref.name, refNs) : k === "ClusterRole" ? find("ClusterRole", ref.name, null) : undefined;
        if (hit) ref.name = nameOf(hit.obj);
      }
      if (Array.isArray(o.subjects)) {
        for (const s of o.subjects) {
          if (!isObj(s) || s.kind !== "ServiceAccount" || typeof s.name !== "string") continue;
          const subjectNs = str(s.namespace);
          const hit = renamedOrMoved(list).find((r) => kindOf(r.obj) === "ServiceAccount" && r.prevNames.includes(s.name as string) && r.prevNamespaces.some((n) => nsEq(n, subjectNs)));
          if (hit) {
            s.name = nameOf(hit.obj);
            if (nsOf(hit.obj)) s.namespace = nsOf(hit.obj);
          }
        }
      }
    }
    if (kind === "HorizontalPodAutoscaler") {
      const t = getPath(o, ["spec", "scaleTargetRef"]);
      if (isObj(t) && typeof t.name === "string") {
        const hit = find(str(t.kind), t.name, refNs);
        if (hit) t.name = nameOf(hit.obj);
      }
    }
  }
}

function renamedOrMoved(list: Res[]): Res[] {
  return list.filter((r) => r.prevNames.some((n) => n !== nameOf(r.obj)) || r.prevNamespaces.some((n) => n !== nsOf(r.obj)));
}

// ------------------------------------------------------------------ legacy sort

const ORDER_FIRST = [
  "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole",
  "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume",
  "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
];
const ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];
const typeOrder = (k: string) => {
  const i = ORDER_FIRST.indexOf(k);
  if (i >= 0) return -ORDER_FIRST.length + i;
  const j = ORDER_LAST.indexOf(k);
  return j >= 0 ? 1 + j : 0;
};
const gvkString = (o: JObj) => {
  const { group, version } = gvOf(o);
  return `${group || "~G"}_${version || "~V"}_${kindOf(o) || "~K"}`;
};
const goLess = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function legacyCompare(a: JObj, b: JObj): number {
  const ga = gvkString(a);
  const gb = gvkString(b);
  if (ga !== gb) {
    const ia = typeOrder(kindOf(a));
    const ib = typeOrder(kindOf(b));
    if (ia !== ib) return ia - ib;
    if (kindOf(a) === "Namespace" && kindOf(b) === "Namespace" && (!gvOf(a).group || !gvOf(b).group)) return goLess(gb, ga);
    return goLess(ga, gb);
  }
  const idA = `${ga}|${nsOf(a) || "~X"}|${nameOf(a) || "~N"}`;
  const idB = `${gb}|${nsOf(b) || "~X"}|${nameOf(b) || "~N"}`;
  return goLess(idA, idB);
}

// ------------------------------------------------------------------ entry point

/**
 * krusty.Kustomizer.Run(fs, path): `arg` as the user gave it, resolved against cwd.
 * Throws KustomizeError with kustomize's text.
 */
export function kustomizeBuild(fs: KFs, cwd: string, arg: string, opts: { nameserver?: string; hasGit?: boolean } = {}): BuildResult {
  const c: Ctx = { fs, warnings: [], nameserver: opts.nameserver ?? "127.0.0.53", hasGit: opts.hasGit ?? false };
  const abs = join(cwd, arg);
  if (!fs.exists(abs)) throw new KustomizeError(`must build at directory: not a valid directory: ${lstatMissing(abs, arg)}`);
  if (!fs.isDir(abs)) throw new KustomizeError(`must build at directory: '${arg}': file is not directory`);
  const ra = new ResMap();
  try {
    accumulate(c, abs, ra, false);
  } catch (e) {
    if (e instanceof KustomizeError) e.warnings = c.warnings;
    throw e;
  }
  for (const r of ra.list) {
    if (r.needsHash) rename(r, `${nameOf(r.obj)}-${contentHash(r.obj)}`);
  }
  fixBackReferences(ra.list);
  const objects = ra.list.map((r) => r.obj).sort(legacyCompare);
  return { objects, warnings: c.warnings };
}

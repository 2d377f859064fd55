// Reconstructs Kubernetes v1.32 OpenAPI v3 documents (the shape of api/openapi-spec/v3/*.json:
// components.schemas with x-kubernetes-group-version-kind, properties, required, type/format,
// items, additionalProperties, `allOf:[{$ref}]`-wrapped references, enum, description, and the
// `paths` whose operations carry x-kubernetes-group-version-kind, which kubectl explain's
// plaintext.tmpl uses to find a kind) for the kinds tests/golden/gen-explain-data.mjs keeps and
// every schema they reach.
//
// The real v1.32 documents cannot be downloaded here (only the npm registry is reachable), so
// they are rebuilt from npm packages generated from them:
//   - @kubernetes/client-node@1.1.2 ("OpenAPI spec version: v1.32.0"): the field set of every
//     definition, required (no `?`), types and formats (attributeTypeMap). Its descriptions have
//     paragraphs joined and none on reference fields.
//   - cdk8s-plus-32@2.5.92 lib/imports/k8s.d.ts (`cdk8s import k8s@1.32.0`): the v1.32 field set of
//     every spec-side definition (cross-check), descriptions with line indentation stripped and
//     "Possible enum values:" paragraphs removed.
//   - @pulumi/kubernetes@4.22.1 types/output.d.ts (Kubernetes v1.32 schema): descriptions of the
//     status-side fields cdk8s does not have (enum paragraphs removed as well).
//   - kubernetes-models@4.5.1 + @kubernetes-models/apimachinery@2.2.0 (generated from v1.33): the
//     FULL descriptions (indentation, "Possible enum values:" lists) and enums (string-literal
//     unions), and which definition each reference names.
// A description is kubernetes-models' text when that text, normalised (enum paragraph and markdown
// escapes removed, whitespace collapsed), equals the v1.32 text; otherwise the v1.32 text as
// given (counted and listed in the report as "fallback") — unless kubernetes-models@4.4.2 (pre-v1.32)
// has that text in full (v1.33 changed it; listed as "fromOlderKm"). Enums come from kubernetes-models'
// unions of fields present in v1.32. The few non-object apimachinery schemas (Quantity,
// IntOrString, Time, MicroTime, RawExtension, FieldsV1) are written as the real v3 documents
// have them (kubernetes/kubernetes api/openapi-spec/v3/api__v1_openapi.json). `default` values
// are not reconstructed (plaintext explain does not print them).
//
// Run:  node tests/golden/explain-source/build-v3.mjs OUT_DIR [PACKAGES_DIR]
// PACKAGES_DIR (optional) holds already unpacked packages; otherwise they are `npm pack`ed into a
// temporary folder. Writes OUT_DIR/<api__v1 | apis__apps__v1 …>_openapi.json and
// OUT_DIR/report.json (fallback and mismatch lists).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const PACKAGES = {
  cdk8s: ["cdk8s-plus-32", "2.5.92"],
  km: ["kubernetes-models", "4.5.1"],
  kmOld: ["kubernetes-models", "4.4.2"],
  kmApi: ["@kubernetes-models/apimachinery", "2.2.0"],
  client: ["@kubernetes/client-node", "1.1.2"],
  pulumi: ["@pulumi/kubernetes", "4.22.1"],
};

// kind → [group, version, plural, namespaced]; the kinds gen-explain-data.mjs keeps
const KINDS = [
  ["Pod", "", "v1", "pods", true], ["Service", "", "v1", "services", true], ["ConfigMap", "", "v1", "configmaps", true],
  ["Secret", "", "v1", "secrets", true], ["Namespace", "", "v1", "namespaces", false], ["Node", "", "v1", "nodes", false],
  ["PersistentVolume", "", "v1", "persistentvolumes", false], ["PersistentVolumeClaim", "", "v1", "persistentvolumeclaims", true],
  ["ServiceAccount", "", "v1", "serviceaccounts", true], ["Endpoints", "", "v1", "endpoints", true], ["Event", "", "v1", "events", true],
  ["ResourceQuota", "", "v1", "resourcequotas", true], ["LimitRange", "", "v1", "limitranges", true],
  ["ReplicationController", "", "v1", "replicationcontrollers", true],
  ["Deployment", "apps", "v1", "deployments", true], ["DaemonSet", "apps", "v1", "daemonsets", true],
  ["StatefulSet", "apps", "v1", "statefulsets", true], ["ReplicaSet", "apps", "v1", "replicasets", true],
  ["Job", "batch", "v1", "jobs", true], ["CronJob", "batch", "v1", "cronjobs", true],
  ["Ingress", "networking.k8s.io", "v1", "ingresses", true], ["IngressClass", "networking.k8s.io", "v1", "ingressclasses", false],
  ["NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies", true],
  ["Role", "rbac.authorization.k8s.io", "v1", "roles", true], ["RoleBinding", "rbac.authorization.k8s.io", "v1", "rolebindings", true],
  ["ClusterRole", "rbac.authorization.k8s.io", "v1", "clusterroles", false],
  ["ClusterRoleBinding", "rbac.authorization.k8s.io", "v1", "clusterrolebindings", false],
  ["StorageClass", "storage.k8s.io", "v1", "storageclasses", false],
  ["HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers", true],
  ["HorizontalPodAutoscaler", "autoscaling", "v1", "horizontalpodautoscalers", true],
  ["Event", "events.k8s.io", "v1", "events", true],
  ["PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets", true],
  ["PriorityClass", "scheduling.k8s.io", "v1", "priorityclasses", false],
];
// group → package segment of its definitions (io.k8s.api.<seg>.<version>.<Kind>)
const groupSeg = (g) => (g === "" ? "core" : g.split(".")[0]);

// ------------------------------------------------------------------ packages
const outDir = process.argv[2];
if (!outDir) {
  console.error("usage: node tests/golden/explain-source/build-v3.mjs OUT_DIR [PACKAGES_DIR]");
  process.exit(2);
}
let pkgDir = process.argv[3];
const pkgRoot = {};
if (!pkgDir) pkgDir = mkdtempSync(join(tmpdir(), "explain-src-"));
for (const [key, [name, ver]] of Object.entries(PACKAGES)) {
  const dir = join(pkgDir, key);
  if (!existsSync(join(dir, "package"))) {
    mkdirSync(dir, { recursive: true });
    const tgz = execFileSync("npm", ["pack", `${name}@${ver}`, "--silent"], { cwd: dir, encoding: "utf8" }).trim().split("\n").pop();
    execFileSync("tar", ["xzf", tgz], { cwd: dir });
  }
  pkgRoot[key] = join(dir, "package");
}

// ------------------------------------------------------------------ JSDoc parsing
/** Lines of a file as [{doc, decl}] pairs: each declaration line with the JSDoc block just before it. */
function docDecls(text) {
  const lines = text.split("\n");
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t.startsWith("/**")) {
      const body = [];
      if (t.endsWith("*/") && t.length > 4) {
        body.push(t.slice(3, -2).trim());
      } else {
        for (i++; i < lines.length && !lines[i].trim().startsWith("*/"); i++) {
          body.push(lines[i].replace(/^\s*\* ?/, "").replace(/^\s*\*$/, ""));
        }
      }
      let j = i + 1;
      while (j < lines.length && !lines[j].trim()) j++;
      out.push({ doc: body, decl: lines[j] ?? "", line: j });
      i = j;
    } else {
      out.push({ doc: null, decl: lines[i], line: i });
    }
  }
  return out;
}
/** The text of a JSDoc block up to its first @tag, trailing blank lines dropped. */
function docText(body) {
  if (!body) return undefined;
  const end = body.findIndex((l) => /^@\w/.test(l));
  const lines = (end < 0 ? body : body.slice(0, end)).slice();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  while (lines.length && !lines[0].trim()) lines.shift();
  return lines.length ? lines.join("\n") : undefined;
}

// ---- cdk8s-plus-32 k8s.d.ts: defName → {desc, props: {name: {desc, required}}}
const cdk = {};
{
  const items = docDecls(readFileSync(join(pkgRoot.cdk8s, "lib/imports/k8s.d.ts"), "utf8"));
  let cur = null;
  for (const { doc, decl } of items) {
    const schemaTag = doc?.find((l) => l.startsWith("@schema "))?.slice(8).trim();
    const mi = /^export interface (\w+) \{/.exec(decl);
    if (mi) {
      cur = schemaTag && !schemaTag.includes("#") ? (cdk[schemaTag] = { desc: docText(doc), props: {} }) : null;
      continue;
    }
    if (/^\}/.test(decl)) cur = null;
    if (!cur || !schemaTag?.includes("#")) continue;
    const mp = /^\s+readonly (\w+)(\?)?:/.exec(decl);
    if (mp) cur.props[schemaTag.split("#")[1]] = { desc: docText(doc), required: !mp[2] };
  }
}

// ---- pulumi output.d.ts: defName → {props: {name: desc}}
const pulumi = {};
{
  const items = docDecls(readFileSync(join(pkgRoot.pulumi, "types/output.d.ts"), "utf8"));
  let group = "", version = "", cur = null, depth = 0;
  for (const { doc, decl } of items) {
    let m;
    if ((m = /^export declare namespace (\w+) \{/.exec(decl))) group = m[1];
    else if ((m = /^ {4}namespace (\w+) \{/.exec(decl))) version = m[1];
    else if ((m = /^ {8}interface (\w+) \{/.exec(decl))) {
      const pre = group === "meta" ? "io.k8s.apimachinery.pkg.apis.meta" : `io.k8s.api.${group}`;
      cur = pulumi[`${pre}.${version}.${m[1]}`] = { desc: docText(doc), props: {} };
      depth = 0;
    } else if (/^ {8}\}/.test(decl)) cur = null;
    else if (cur && (m = /^ {12}(\w+)\??: /.exec(decl)) && depth === 0) cur.props[m[1]] = docText(doc);
  }
}

// ---- kubernetes-models (v1.33): defName → {desc, props: {name: {desc, type}}}, alias → defName
const km = {};
const kmOld = {}; // kubernetes-models 4.4.2 (pre-v1.32): full texts of descriptions v1.33 changed
function kmFile(file, defName, target) {
  const km = target;
  const text = readFileSync(file, "utf8");
  const aliases = {};
  for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";/gm)) aliases[m[1]] = m[2];
  const items = docDecls(text);
  const lines = text.split("\n");
  let cur = null;
  for (const { doc, decl, line } of items) {
    let m;
    if ((m = /^export interface I\w+ (?:extends \w+ )?\{/.exec(decl))) {
      cur = km[defName] = { desc: docText(doc), props: {}, aliases, file };
      continue;
    }
    if ((m = /^export declare type I\w+ = (.+);$/.exec(decl)) && !km[defName]) {
      km[defName] = { desc: docText(doc), props: {}, scalar: m[1], aliases, file };
      continue;
    }
    if (/^\}/.test(decl)) cur = null;
    if (cur && (m = /^ {4}"(\w+)"(\?)?: (.+)$/.exec(decl))) {
      // a type may go on over lines (maps): up to the `;` that closes it
      let type = m[3];
      for (let j = line + 1; !/;$/.test(type) || (type.match(/\{/g) ?? []).length > (type.match(/\}/g) ?? []).length; j++) type += " " + lines[j].trim();
      cur.props[m[1]] = { desc: docText(doc), type: type.replace(/;$/, "").replace(/\s+/g, " "), required: !m[2] };
    }
  }
}
function walkDir(dir, fn) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (e.name !== "_schemas" && e.name !== "node_modules") walkDir(join(dir, e.name), fn);
    } else if (e.name.endsWith(".d.ts") && e.name !== "index.d.ts") fn(join(dir, e.name));
  }
}
for (const [root, target] of [[pkgRoot.km, km], [pkgRoot.kmOld, kmOld]]) walkDir(root, (f) => {
  const rel = f.slice(root.length + 1).replace(/\.d\.ts$/, "").split("/");
  if (rel.length < 2) return;
  const [kind] = rel.slice(-1);
  const version = rel[rel.length - 2];
  const group = rel.length === 2 ? "" : rel[0];
  if (rel.length > 3) return;
  kmFile(f, `io.k8s.api.${groupSeg(group)}.${version}.${kind}`, target);
});
walkDir(pkgRoot.kmApi, (f) => {
  const rel = f.slice(pkgRoot.kmApi.length + 1).replace(/\.d\.ts$/, "");
  kmFile(f, `io.k8s.apimachinery.pkg.${rel.replace(/\//g, ".")}`, km);
});
/** The definition a kubernetes-models alias names, seen from the file that imports it. */
function kmRef(alias, from) {
  const mod = from.aliases[alias];
  if (!mod) return undefined;
  if (mod.startsWith("@kubernetes-models/apimachinery/")) return `io.k8s.apimachinery.pkg.${mod.slice(32).replace(/\//g, ".")}`;
  if (mod.startsWith("./")) return from.defName.replace(/[^.]+$/, mod.slice(2));
  if (mod.startsWith("../")) {
    // ../../apps/v1/X or ../v1/X relative to the importing file
    const abs = join(from.file, "..", mod).slice(pkgRoot.km.length + 1).split("/");
    const kind = abs.pop(), version = abs.pop();
    return `io.k8s.api.${groupSeg(abs.join("/"))}.${version}.${kind}`;
  }
  return undefined;
}
for (const [n, d] of Object.entries(km)) d.defName = n;

// ---- @kubernetes/client-node (v1.32.0): className → {desc, attrs:[{name, type, format}], required:Set, propDesc}
const client = {};
const modelsDir = join(pkgRoot.client, "dist/gen/models");
for (const f of readdirSync(modelsDir)) {
  if (!f.endsWith(".js") || f === "all.js" || f.startsWith("ObjectSerializer")) continue;
  const cls = f.slice(0, -3);
  const dts = join(modelsDir, cls + ".d.ts");
  if (!existsSync(dts)) continue;
  const mod = await import(pathToFileURL(join(modelsDir, f)).href);
  const C = mod[cls];
  if (!C || !Array.isArray(C.attributeTypeMap)) continue;
  const unesc = (s) => s?.replace(/\\(['"\\])/g, "$1");
  const entry = (client[cls] = { desc: undefined, attrs: C.attributeTypeMap, required: new Set(), propDesc: {} });
  for (const { doc, decl } of docDecls(readFileSync(dts, "utf8"))) {
    let m;
    if (/^export declare class /.test(decl)) entry.desc = unesc(docText(doc));
    else if ((m = /^ {4}'(\w+)'(\?)?: /.exec(decl))) {
      if (!m[2]) entry.required.add(m[1]);
      entry.propDesc[m[1]] = unesc(docText(doc));
    }
  }
}

// ------------------------------------------------------------------ descriptions
const ENUM_PARA = /\n\nPossible enum values:\n[\s\S]*$/;
const norm = (s) => (s ?? "").replace(ENUM_PARA, "").replace(/\\\*/g, "*").replace(/\s+/g, " ").trim();
const unescKm = (s) => s?.replace(/\\\*/g, "*");
const report = { fallback: [], fromOlderKm: [], noKmText: [], fromKmUnchecked: [], none: [], requiredMismatch: [], fieldSetMismatch: [], unresolved: [] };
/** where: "Def#field" for the report */
function pickDesc(where, kmDesc, candidates, oldDesc) {
  const t132 = candidates.find((c) => c);
  if (kmDesc && t132 && norm(kmDesc) === norm(t132)) return unescKm(kmDesc);
  if (kmDesc && t132 && candidates.some((c) => c && norm(c) === norm(kmDesc))) return unescKm(kmDesc);
  // v1.33 changed it: the older kubernetes-models' full text, when that is the v1.32 text
  if (oldDesc && t132 && norm(oldDesc) === norm(t132)) {
    report.fromOlderKm.push(where);
    return unescKm(oldDesc);
  }
  if (t132) {
    (kmDesc ? report.fallback : report.noKmText).push(where);
    return t132;
  }
  if (kmDesc) {
    report.fromKmUnchecked.push(where);
    return unescKm(kmDesc);
  }
  report.none.push(where);
  return undefined;
}

// ------------------------------------------------------------------ special (non-object) schemas
// As in kubernetes/kubernetes api/openapi-spec/v3/api__v1_openapi.json.
const SPECIAL = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": {
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```\n\nNo matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.\n\nWhen a Quantity is parsed from a string, it will remember the type of suffix it had, and will use the same type again when it is serialized.\n\nBefore serializing, Quantity will be put in "canonical form". This means that Exponent/suffix will be adjusted up or down (with a corresponding increase or decrease in Mantissa) such that:\n\n- No precision is lost - No fractional digits will be emitted - The exponent (or suffix) is as large as possible.\n\nThe sign will be omitted unless the number is negative.\n\nExamples:\n\n- 1.5 will be serialized as "1500m" - 1.5Gi will be serialized as "1536Mi"\n\nNote that the quantity will NEVER be internally represented by a floating point number. That is the whole point of this exercise.\n\nNon-canonical values will still parse as long as they are well formed, but will be re-emitted in their canonical form. (So always use canonical form, or don\'t diff.)\n\nThis format is intended to make it difficult to use these numbers without writing some sort of special handling code in the hopes that that will cause implementors to also use a fixed point implementation.',
    oneOf: [{ type: "string" }, { type: "number" }],
  },
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {
    description:
      "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
    format: "int-or-string",
    oneOf: [{ type: "integer" }, { type: "string" }],
  },
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": {
    description: "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
    format: "date-time",
    type: "string",
  },
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": {
    description: "MicroTime is version of Time with microsecond level precision.",
    format: "date-time",
    type: "string",
  },
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": {
    description:
      "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff",
    type: "object",
  },
  "io.k8s.apimachinery.pkg.runtime.RawExtension": {
    description:
      'RawExtension is used to hold extensions in external versions.\n\nTo use this, make a field which has RawExtension as its type in your external, versioned struct, and Object in your internal struct. You also need to register your various plugin types.\n\n// Internal package:\n\n\ttype MyAPIObject struct {\n\t\truntime.TypeMeta `json:",inline"`\n\t\tMyPlugin runtime.Object `json:"myPlugin"`\n\t}\n\n\ttype PluginA struct {\n\t\tAOption string `json:"aOption"`\n\t}\n\n// External package:\n\n\ttype MyAPIObject struct {\n\t\truntime.TypeMeta `json:",inline"`\n\t\tMyPlugin runtime.RawExtension `json:"myPlugin"`\n\t}\n\n\ttype PluginA struct {\n\t\tAOption string `json:"aOption"`\n\t}\n\n// On the wire, the JSON will look something like this:\n\n\t{\n\t\t"kind":"MyAPIObject",\n\t\t"apiVersion":"v1",\n\t\t"myPlugin": {\n\t\t\t"kind":"PluginA",\n\t\t\t"aOption":"foo",\n\t\t},\n\t}\n\nSo what happens? Decode first uses json or yaml to unmarshal the serialized data into your external MyAPIObject. That causes the raw JSON to be stored, but not unpacked. The next step is to copy (using pkg/conversion) into the internal struct. The runtime package\'s DefaultScheme has conversion functions installed which will unpack the JSON stored in RawExtension, turning it into the correct object type, and storing it in the Object. (TODO: In the case where the object is of an unknown type, a runtime.Unknown object will be created and stored.)',
    type: "object",
  },
};

// ------------------------------------------------------------------ building schemas
const REF = "#/components/schemas/";
const schemas = {}; // defName → schema
const classOf = {}; // defName → client-node class
const queue = [];

function want(defName, cls) {
  if (schemas[defName] || queue.some(([d]) => d === defName)) return;
  if (cls && !classOf[defName]) classOf[defName] = cls;
  queue.push([defName, cls]);
}

/** Strip Array<…> / map wrappers of a client-node type to its element class. */
function clientElem(t) {
  let m;
  while ((m = /^Array<(.+)>$/.exec(t) || /^\{ \[key: string\]: (.+); \}$/.exec(t))) t = m[1];
  return t;
}
const PRIMS = new Set(["string", "number", "boolean", "Date", "any", "object", "IntOrString", "RuntimeRawExtension"]);

/** A property schema from kubernetes-models' TS type (refs, enums) and client-node's attr (format). */
function propSchema(kmType, from, attr, where) {
  const t = kmType?.trim();
  let m;
  if (t && (m = /^Array<(.+)>$/.exec(t))) {
    const inner = attr && /^Array<(.+)>$/.exec(attr.type);
    return { items: wrapItem(propSchema(m[1], from, inner ? { type: inner[1], format: attr.format } : undefined, where)), type: "array" };
  }
  if (t && (m = /^\{\s*\[key: string\]: (.+?);?\s*\}$/.exec(t))) {
    const inner = attr && /^\{ \[key: string\]: (.+); \}$/.exec(attr.type);
    return { additionalProperties: wrapItem(propSchema(m[1], from, inner ? { type: inner[1], format: attr.format } : undefined, where)), type: "object" };
  }
  if (t && /^"[^"]*"( \| "[^"]*")*$/.test(t)) return { enum: [...t.matchAll(/"([^"]*)"/g)].map((x) => x[1]), type: "string" };
  if (t && /^I?IIoK8s\w+$/.test(t)) {
    const def = kmRef(t, from);
    if (!def) report.unresolved.push(`${where}: ${t}`);
    else {
      const cls = attr ? clientElem(attr.type) : undefined;
      if (!SPECIAL[def]) want(def, cls && !PRIMS.has(cls) ? cls : undefined);
      else if (!schemas[def]) schemas[def] = SPECIAL[def];
      return { $ref: REF + def };
    }
  }
  if (t === "string" || (!t && attr && (attr.type === "string" || attr.type === "Date"))) {
    const s = { type: "string" };
    if (attr?.format && attr.format !== "date-time" && attr.format !== "") s.format = attr.format;
    return s;
  }
  if (t === "number" || (!t && attr?.type === "number")) {
    const f = attr?.format;
    if (f === "int32" || f === "int64") return { format: f, type: "integer" };
    if (f === "double") return { format: f, type: "number" };
    return { type: "number" };
  }
  if (t === "boolean" || (!t && attr?.type === "boolean")) return { type: "boolean" };
  if (!t && attr) {
    // a field kubernetes-models (v1.33) does not have: client-node's type
    let a;
    if ((a = /^Array<(.+)>$/.exec(attr.type))) return { items: wrapItem(propSchema(undefined, from, { type: a[1], format: attr.format }, where)), type: "array" };
    if ((a = /^\{ \[key: string\]: (.+); \}$/.exec(attr.type))) return { additionalProperties: wrapItem(propSchema(undefined, from, { type: a[1], format: attr.format }, where)), type: "object" };
    const def = Object.keys(classOf).find((d) => classOf[d] === attr.type);
    if (def) return { $ref: REF + def };
    report.unresolved.push(`${where}: client-node ${attr.type}`);
  }
  return { type: "object" };
}
/** Array items / map values: a reference is wrapped like the real documents do for defaulted values. */
function wrapItem(s) {
  if (s.$ref && !s.$ref.endsWith(".Quantity")) return { allOf: [{ $ref: s.$ref }], default: {} };
  return s;
}

function buildDef(defName, cls) {
  const k = km[defName];
  const c = cls ? client[cls] : undefined;
  const d = cdk[defName];
  const p = pulumi[defName];
  if (!c) {
    report.unresolved.push(`${defName}: no client-node class (${cls})`);
    return;
  }
  const out = { description: pickDesc(defName, k?.desc, [d?.desc, p?.desc, c.desc], kmOld[defName]?.desc), properties: {}, required: [], type: "object" };
  if (!out.description) delete out.description;
  if (d) {
    // cdk8s leaves apiVersion, kind and status out of a kind's props
    const isKind = roots.some(([n]) => n === defName);
    const a = Object.keys(d.props).sort().join(",");
    const b = c.attrs.map((x) => x.baseName).filter((n) => !isKind || !["apiVersion", "kind", "status"].includes(n)).sort().join(",");
    if (a !== b) report.fieldSetMismatch.push(`${defName}: cdk8s [${a}] client-node [${b}]`);
  }
  for (const attr of c.attrs) {
    const name = attr.baseName;
    const where = `${defName}#${name}`;
    const kp = k?.props[name];
    const s = propSchema(kp?.type, k ?? { aliases: {} }, attr, where);
    // kubernetes-models types a kind's apiVersion/kind as literals; the documents have no enum there
    if (s.enum && (!kp || name === "apiVersion" || name === "kind")) delete s.enum;
    const desc = pickDesc(where, kp?.desc, [d?.props[name]?.desc, p?.props[name], c.propDesc[name]], kmOld[defName]?.props[name]?.desc);
    let prop;
    if (s.$ref) prop = { allOf: [{ $ref: s.$ref }], ...(desc ? { description: desc } : {}) };
    else prop = { ...(desc ? { description: desc } : {}), ...s };
    out.properties[name] = sortKeys(prop);
    const req = c.required.has(name);
    if (req) out.required.push(name);
    if (d?.props[name] && d.props[name].required !== req) report.requiredMismatch.push(`${where}: cdk8s ${d.props[name].required} client-node ${req}`);
  }
  if (!out.required.length) delete out.required;
  out.properties = Object.fromEntries(Object.keys(out.properties).sort().map((n) => [n, out.properties[n]]));
  schemas[defName] = out;
}
const sortKeys = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));

// roots: each kind's definition and client-node class
const roots = [];
for (const [kind, group, version] of KINDS) {
  const seg = groupSeg(group);
  const defName = `io.k8s.api.${seg}.${version}.${kind}`;
  const V = version[0].toUpperCase() + version.slice(1);
  const Seg = seg[0].toUpperCase() + seg.slice(1);
  const cls = [`${Seg}${V}${kind}`, `${V}${kind}`].find((n) => client[n]);
  roots.push([defName, kind, group, version]);
  want(defName, cls);
}
while (queue.length) {
  const [defName, cls] = queue.shift();
  if (!schemas[defName]) buildDef(defName, cls ?? classOf[defName]);
}
for (const [defName, kind, group, version] of roots) {
  if (schemas[defName]) schemas[defName]["x-kubernetes-group-version-kind"] = [{ group, kind, version }];
}

// ------------------------------------------------------------------ documents
mkdirSync(outDir, { recursive: true });
const docs = {};
for (const [kind, group, version, plural, namespaced] of KINDS) {
  const gvPath = group ? `apis/${group}/${version}` : `api/${version}`;
  const doc = (docs[gvPath] ??= { components: { schemas: {} }, info: { title: "Kubernetes", version: "unversioned" }, openapi: "3.0.0", paths: {} });
  const defName = `io.k8s.api.${groupSeg(group)}.${version}.${kind}`;
  // every schema the kind reaches
  const stack = [defName];
  while (stack.length) {
    const n = stack.pop();
    if (doc.components.schemas[n] || !schemas[n]) continue;
    doc.components.schemas[n] = schemas[n];
    JSON.stringify(schemas[n], (key, v) => {
      if (key === "$ref") stack.push(v.slice(REF.length));
      return v;
    });
  }
  const base = `/${gvPath}${namespaced ? "/namespaces/{namespace}" : ""}/${plural}`;
  const gvk = { group, kind, version };
  const op = (action, id) => ({ description: `${action} ${kind}`, operationId: id, "x-kubernetes-action": action, "x-kubernetes-group-version-kind": gvk });
  doc.paths[base] = { get: op("list", `list${kind}`), post: op("post", `create${kind}`) };
  doc.paths[`${base}/{name}`] = { get: op("get", `read${kind}`), delete: op("delete", `delete${kind}`) };
}
for (const [gvPath, doc] of Object.entries(docs)) {
  doc.components.schemas = sortKeys(doc.components.schemas);
  doc.paths = sortKeys(doc.paths);
  writeFileSync(join(outDir, `${gvPath.replace(/\//g, "__")}_openapi.json`), JSON.stringify(doc, null, 2) + "\n");
}
// DEBUG_FALLBACK=N prints the candidate texts of the first N fallbacks
if (process.env.DEBUG_FALLBACK) {
  for (const w of report.fallback.slice(0, Number(process.env.DEBUG_FALLBACK))) {
    const [def, f] = w.split("#");
    const c = classOf[def];
    console.log(`== ${w}`);
    console.log("kubernetes-models:", JSON.stringify(f ? km[def]?.props[f]?.desc : km[def]?.desc));
    console.log("cdk8s:", JSON.stringify(f ? cdk[def]?.props[f]?.desc : cdk[def]?.desc));
    console.log("pulumi:", JSON.stringify(f ? pulumi[def]?.props[f] : pulumi[def]?.desc));
    console.log("client-node:", JSON.stringify(f ? client[c]?.propDesc[f] : client[c]?.desc));
  }
}
writeFileSync(join(outDir, "report.json"), JSON.stringify(report, null, 2) + "\n");
console.log(
  `${Object.keys(docs).length} documents, ${Object.keys(schemas).length} schemas; descriptions: ${report.fallback.length} v1.32 text as given (kubernetes-models text differs), ` +
    `${report.fromOlderKm.length} from kubernetes-models 4.4.2, ` +
    `${report.noKmText.length} v1.32 text (kubernetes-models has none), ` +
    `${report.fromKmUnchecked.length} kubernetes-models text unchecked (no v1.32 text), ${report.none.length} none; ` +
    `${report.unresolved.length} unresolved, ${report.requiredMismatch.length} required mismatches, ${report.fieldSetMismatch.length} field-set mismatches`,
);

// CustomResourceDefinitions (apiextensions.k8s.io/v1, k8s.io/apiextensions-apiserver):
// defaulting (apis/apiextensions/v1/defaults.go), validation
// (apis/apiextensions/validation/validation.go, over the internal form the v1 object converts to:
// identical per-version schemas, subresources and printer columns move to the top level, so
// their errors name spec.validation / spec.subresources / spec.additionalPrinterColumns), the
// strategy's status.storedVersions, the naming and establishing controllers' conditions, and
// the serving table the store keeps of the Established ones.

import type { KubeObject } from "../types.ts";
import type { FieldError } from "./errors.ts";
import type { ResourceInfo } from "./resources.ts";
import { SUBDOMAIN_MSG, validateObjectName } from "./validation.ts";

type Obj = Record<string, any>;

export const CRD_RESOURCE = "customresourcedefinitions";

/** SetDefaults_CustomResourceDefinitionSpec (v1) and the strategy's status.storedVersions. */
export function defaultCrd(crd: KubeObject): void {
  const spec = (crd.spec ??= {}) as Obj;
  const names = (spec.names ??= {}) as Obj;
  if (!names.singular && typeof names.kind === "string") names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: "None" };
  if (spec.conversion.strategy === "Webhook" && !spec.conversion.webhook?.conversionReviewVersions?.length) {
    spec.conversion.webhook = { ...(spec.conversion.webhook ?? {}), conversionReviewVersions: ["v1"] };
  }
  if (spec.conversion.webhook?.clientConfig?.service && spec.conversion.webhook.clientConfig.service.port === undefined) {
    spec.conversion.webhook.clientConfig.service.port = 443;
  }
}

/** PrepareForCreate/PrepareForUpdate: the storage version joins status.storedVersions. */
export function addStoredVersion(crd: KubeObject): void {
  const storage = (crd.spec?.versions ?? []).find((v: Obj) => v?.storage === true);
  if (!storage) return;
  const status = (crd.status ??= {}) as Obj;
  const stored: string[] = (status.storedVersions ??= []);
  if (!stored.includes(storage.name)) stored.push(storage.name);
}

// ---------------------------------------------------------------- validation

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function dns1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push("must be no more than 253 characters");
  if (!v.split(".").every((p) => DNS1123_LABEL.test(p))) {
    errs.push(SUBDOMAIN_MSG);
  }
  return errs;
}

function dns1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push("must be no more than 63 characters");
  if (!DNS1035_LABEL.test(v)) {
    errs.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  }
  return errs;
}

const PRINTER_TYPES = ["boolean", "date", "integer", "number", "string"];
const PRINTER_FORMATS = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];
const SCHEMA_TYPES = ["array", "boolean", "integer", "number", "object", "string"];

/** %#v of a Go string slice. */
function goStrings(v: unknown): string {
  if (!Array.isArray(v) || v.length === 0) return Array.isArray(v) ? "[]string{}" : "[]string(nil)";
  return `[]string{${v.map((s) => JSON.stringify(String(s))).join(", ")}}`;
}

/** %#v of []apiextensions.CustomResourceDefinitionVersion (pointers print as addresses, as Go does). */
function goVersions(versions: Obj[] | undefined, perVersion: { schema: boolean; subresources: boolean; columns: boolean }): string {
  if (!versions) return "[]apiextensions.CustomResourceDefinitionVersion(nil)";
  let addr = 0xc000a1e000;
  const ptr = (type: string, set: boolean) => `(*apiextensions.${type})(${set ? `0x${(addr += 0x60).toString(16)}` : "nil"})`;
  return `[]apiextensions.CustomResourceDefinitionVersion{${versions
    .map((v) => {
      const cols = perVersion.columns && v.additionalPrinterColumns?.length ? `[]apiextensions.CustomResourceColumnDefinition{…}` : "[]apiextensions.CustomResourceColumnDefinition(nil)";
      return (
        `apiextensions.CustomResourceDefinitionVersion{Name:${JSON.stringify(String(v.name ?? ""))}, Served:${!!v.served}, Storage:${!!v.storage}, Deprecated:${!!v.deprecated}, ` +
        `DeprecationWarning:${v.deprecationWarning === undefined ? "(*string)(nil)" : ptr("string", true).replace("apiextensions.", "")}, ` +
        `Schema:${ptr("CustomResourceValidation", perVersion.schema && !!v.schema)}, Subresources:${ptr("CustomResourceSubresources", perVersion.subresources && !!v.subresources)}, ` +
        `AdditionalPrinterColumns:${cols}, SelectableFields:[]apiextensions.SelectableField(nil)}`
      );
    })
    .join(", ")}}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** hasIdenticalPerVersion*: every version sets the same non-empty value (the v1 → internal conversion then moves it to the top level). */
function identical(versions: Obj[], get: (v: Obj) => unknown, nonEmpty: (x: unknown) => boolean): boolean {
  if (!versions.length) return false;
  const first = get(versions[0]);
  return versions.every((v) => nonEmpty(get(v)) && same(get(v), first));
}

/** ValidateCustomResourceDefinition / ValidateCustomResourceDefinitionUpdate. */
export function validateCrd(crd: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = (crd.spec ?? {}) as Obj;
  const names = (spec.names ?? {}) as Obj;
  const versions: Obj[] = Array.isArray(spec.versions) ? spec.versions : [];
  const name = crd.metadata.name;
  if (!old) {
    const nameErrs: FieldError[] = [];
    validateObjectName(name, nameErrs, crd.metadata.generateName);
    errs.push(...nameErrs);
    if (name && name !== `${names.plural ?? ""}.${spec.group ?? ""}`) errs.push({ field: "metadata.name", type: "Invalid value", value: name, detail: 'must be spec.names.plural+"."+spec.group' });
  }
  // spec.group
  if (!spec.group) errs.push({ field: "spec.group", type: "Required value" });
  else {
    const e = dns1123Subdomain(String(spec.group));
    if (e.length) errs.push({ field: "spec.group", type: "Invalid value", value: spec.group, detail: e.join(",") });
    else if (String(spec.group).split(".").length < 2) errs.push({ field: "spec.group", type: "Invalid value", value: spec.group, detail: "should be a domain with at least one dot" });
  }
  // spec.scope
  if (!spec.scope) errs.push({ field: "spec.scope", type: "Required value" });
  else if (spec.scope !== "Cluster" && spec.scope !== "Namespaced") errs.push({ field: "spec.scope", type: "Unsupported value", value: spec.scope, detail: 'supported values: "Cluster", "Namespaced"' });

  const schemaOf = (v: Obj) => v.schema;
  const topSchema = identical(versions, schemaOf, (x) => x != null);
  const topSub = identical(versions, (v) => v.subresources, (x) => x != null);
  const topCols = identical(versions, (v) => v.additionalPrinterColumns, (x) => Array.isArray(x) && x.length > 0);
  // schemas are required in v1
  if (!topSchema) {
    versions.forEach((v, i) => {
      if (!v.schema?.openAPIV3Schema) errs.push({ field: `spec.versions[${i}].schema.openAPIV3Schema`, type: "Required value", detail: "schemas are required" });
    });
  }
  let storage = 0;
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    if (v.storage === true) storage++;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const e = dns1035Label(String(v.name ?? ""));
    if (e.length) errs.push({ field: `spec.versions[${i}].name`, type: "Invalid value", value: String(v.name ?? ""), detail: e.join(",") });
    const status = !!(topSub ? versions[0].subresources : v.subresources)?.status;
    if (!topSchema && v.schema?.openAPIV3Schema) errs.push(...validateSchemaRoot(v.schema.openAPIV3Schema, `spec.versions[${i}].schema.openAPIV3Schema`, status));
    if (!topCols) (v.additionalPrinterColumns ?? []).forEach((c: Obj, j: number) => errs.push(...validateColumn(c, `spec.versions[${i}].additionalPrinterColumns[${j}]`)));
  });
  const perVersion = { schema: !topSchema, subresources: !topSub, columns: !topCols };
  if (!unique) errs.push({ field: "spec.versions", type: "Invalid value", goValue: goVersions(versions, perVersion), detail: "must contain unique version names" });
  if (storage !== 1) errs.push({ field: "spec.versions", type: "Invalid value", goValue: goVersions(spec.versions, perVersion), detail: "must have exactly one version marked as storage version" });
  // names
  if (!names.plural) errs.push({ field: "spec.names.plural", type: "Required value" });
  if (!names.singular) errs.push({ field: "spec.names.singular", type: "Required value" });
  if (!names.kind) errs.push({ field: "spec.names.kind", type: "Required value" });
  if (!names.listKind) errs.push({ field: "spec.names.listKind", type: "Required value" });
  errs.push(...validateNames(names, "spec.names"));
  if (topSchema && versions[0].schema?.openAPIV3Schema) errs.push(...validateSchemaRoot(versions[0].schema.openAPIV3Schema, "spec.validation.openAPIV3Schema", !!(topSub ? versions[0].subresources : undefined)?.status));
  if (topCols) (versions[0].additionalPrinterColumns as Obj[]).forEach((c, j) => errs.push(...validateColumn(c, `spec.additionalPrinterColumns[${j}]`)));
  // conversion
  const conv = spec.conversion as Obj | undefined;
  if (conv) {
    if (!conv.strategy) errs.push({ field: "spec.conversion.strategy", type: "Required value" });
    else if (conv.strategy !== "None" && conv.strategy !== "Webhook") errs.push({ field: "spec.conversion.strategy", type: "Unsupported value", value: conv.strategy, detail: 'supported values: "None", "Webhook"' });
    else if (conv.strategy === "Webhook" && !conv.webhook?.clientConfig) errs.push({ field: "spec.conversion.webhookClientConfig", type: "Required value", detail: "required when strategy is set to Webhook" });
  }
  if (old) {
    const oldSpec = (old.spec ?? {}) as Obj;
    const established = (old.status?.conditions ?? []).some((c: Obj) => c.type === "Established" && c.status === "True");
    const immutable = (field: string, a: unknown, b: unknown) => {
      if (!same(a, b)) errs.push({ field, type: "Invalid value", value: a, detail: "field is immutable" });
    };
    if (established) {
      immutable("spec.scope", spec.scope, oldSpec.scope);
      immutable("spec.names.kind", names.kind, oldSpec.names?.kind);
    }
    immutable("spec.group", spec.group, oldSpec.group);
    immutable("spec.names.plural", names.plural, oldSpec.names?.plural);
  }
  // status
  errs.push(...validateNames(crd.status?.acceptedNames ?? {}, "status.acceptedNames"));
  const stored: string[] = crd.status?.storedVersions ?? [];
  if (!stored.length) errs.push({ field: "status.storedVersions", type: "Invalid value", goValue: goStrings(crd.status?.storedVersions), detail: "must have at least one stored version" });
  else {
    for (const v of versions) if (v.storage === true && !stored.includes(v.name)) errs.push({ field: "status.storedVersions", type: "Invalid value", goValue: goStrings(stored), detail: `must have the storage version ${v.name}` });
    stored.forEach((s, i) => {
      if (!versions.some((v) => v.name === s)) {
        errs.push({ field: `status.storedVersions[${i}]`, type: "Invalid value", value: s, detail: `missing from spec.versions; ${s} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${s} and removes ${s} from status.storedVersions` });
      }
    });
  }
  return errs;
}

function validateNames(names: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const label = (f: string, v: unknown, mixed = false) => {
    if (typeof v !== "string" || !v) return;
    const e = dns1035Label(mixed ? v.toLowerCase() : v);
    if (e.length) errs.push({ field: `${path}.${f}`, type: "Invalid value", value: v, detail: (mixed ? "may have mixed case, but should otherwise match: " : "") + e.join(",") });
  };
  label("plural", names.plural);
  label("singular", names.singular);
  label("kind", names.kind, true);
  label("listKind", names.listKind, true);
  (names.shortNames ?? []).forEach((s: string, i: number) => {
    const e = dns1035Label(String(s));
    if (e.length) errs.push({ field: `${path}.shortNames[${i}]`, type: "Invalid value", value: s, detail: e.join(",") });
  });
  if (names.kind && names.kind === names.listKind) errs.push({ field: `${path}.listKind`, type: "Invalid value", value: names.listKind, detail: "kind and listKind may not be the same" });
  (names.categories ?? []).forEach((s: string, i: number) => {
    const e = dns1035Label(String(s));
    if (e.length) errs.push({ field: `${path}.categories[${i}]`, type: "Invalid value", value: s, detail: e.join(",") });
  });
  return errs;
}

/** ValidateCustomResourceColumnDefinition. */
function validateColumn(col: Obj | null, path: string): FieldError[] {
  // a null list item decodes as the zero CustomResourceColumnDefinition
  const c: Obj = col !== null && typeof col === "object" ? col : {};
  const errs: FieldError[] = [];
  if (!c.name) errs.push({ field: `${path}.name`, type: "Required value" });
  if (!c.type) errs.push({ field: `${path}.type`, type: "Required value", detail: `must be one of ${PRINTER_TYPES.join(",")}` });
  else if (!PRINTER_TYPES.includes(c.type)) errs.push({ field: `${path}.type`, type: "Invalid value", value: c.type, detail: `must be one of ${PRINTER_TYPES.join(",")}` });
  if (c.format && !PRINTER_FORMATS.includes(c.format)) errs.push({ field: `${path}.format`, type: "Invalid value", value: c.format, detail: `must be one of ${PRINTER_FORMATS.join(",")}` });
  if (!c.jsonPath) errs.push({ field: `${path}.JSONPath`, type: "Required value" });
  else if (!String(c.jsonPath).startsWith(".")) errs.push({ field: `${path}.JSONPath`, type: "Invalid value", value: c.jsonPath, detail: "must be a simple json path starting with ." });
  return errs;
}

/** The structural-schema rules (structuralschema.ValidateStructural) and property types (specStandardValidatorV3) most often met. */
function validateSchemaRoot(schema: Obj, path: string, statusEnabled: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (statusEnabled && schema.type && schema.type !== "object") {
    errs.push({ field: `${path}.type`, type: "Invalid value", value: schema.type, detail: 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled' });
  }
  if (schema.nullable === true) errs.push({ field: `${path}.nullable`, type: "Forbidden", detail: "nullable cannot be true at the root" });
  const structural: FieldError[] = [];
  const standard: FieldError[] = [];
  if (!schema.type) structural.push({ field: `${path}.type`, type: "Required value", detail: "must not be empty at the root" });
  else if (schema.type !== "object") structural.push({ field: `${path}.type`, type: "Invalid value", value: schema.type, detail: "must be object at the root" });
  const walk = (s: Obj, p: string, where: "root" | "property" | "items") => {
    if (!s || typeof s !== "object") return;
    const free = s["x-kubernetes-int-or-string"] === true || s["x-kubernetes-preserve-unknown-fields"] === true;
    if (where !== "root" && !s.type && !free) {
      structural.push({ field: `${p}.type`, type: "Required value", detail: where === "items" ? "must not be empty for specified array items" : "must not be empty for specified object fields" });
    }
    if (s.type && !SCHEMA_TYPES.includes(s.type)) standard.push({ field: `${p}.type`, type: "Unsupported value", value: s.type, detail: `supported values: ${SCHEMA_TYPES.map((t) => JSON.stringify(t)).join(", ")}` });
    if (s.type === "array" && !s.items) standard.push({ field: `${p}.items`, type: "Required value", detail: "must be specified" });
    if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== true) standard.push({ field: `${p}.additionalProperties`, type: "Forbidden", detail: "additionalProperties and properties are mutual exclusive" });
    if (s.uniqueItems === true) standard.push({ field: `${p}.uniqueItems`, type: "Forbidden", detail: "uniqueItems cannot be set to true since the runtime complexity becomes quadratic" });
    for (const k of Object.keys(s.properties ?? {}).sort()) walk(s.properties[k], `${p}.properties[${k}]`, "property");
    if (s.items && typeof s.items === "object" && !Array.isArray(s.items)) walk(s.items, `${p}.items`, "items");
    if (s.additionalProperties && typeof s.additionalProperties === "object") walk(s.additionalProperties, `${p}.additionalProperties`, "property");
  };
  walk(schema, path, "root");
  errs.push(...structural, ...standard);
  return errs;
}

// ---------------------------------------------------------------- status (naming + establishing controllers)

/** The conditions and accepted names the apiextensions controllers give a new or changed CRD. */
export function crdStatus(crd: KubeObject, now: string, inUse: (plural: string, kind: string) => string | undefined): Obj {
  const status = { ...(crd.status ?? {}) } as Obj;
  const names = crd.spec?.names ?? {};
  const prev = (type: string) => (status.conditions ?? []).find((c: Obj) => c.type === type);
  const cond = (type: string, st: string, reason: string, message: string) => {
    const p = prev(type);
    return { lastTransitionTime: p && p.status === st ? p.lastTransitionTime : now, message, reason, status: st, type };
  };
  const conflict = inUse(names.plural, names.kind);
  const wasEstablished = prev("Established")?.status === "True";
  const conditions: Obj[] = [];
  if (conflict) {
    conditions.push(cond("NamesAccepted", "False", "NameConflict", conflict));
    if (!wasEstablished) conditions.push(cond("Established", "False", "NotAccepted", "not all names are accepted"));
    else conditions.push(prev("Established"));
  } else {
    status.acceptedNames = { ...names };
    conditions.push(cond("NamesAccepted", "True", "NoConflicts", "no conflicts found"));
    conditions.push(cond("Established", "True", "InitialNamesAccepted", "the initial names have been accepted"));
  }
  for (const c of status.conditions ?? []) if (c.type !== "NamesAccepted" && c.type !== "Established") conditions.push(c);
  status.conditions = conditions;
  status.acceptedNames ??= { kind: "", plural: "" };
  return status;
}

export function isEstablished(crd: KubeObject): boolean {
  return (crd.status?.conditions ?? []).some((c: Obj) => c.type === "Established" && c.status === "True");
}

// ---------------------------------------------------------------- serving

/** Kubernetes-aware version order (version.CompareKubeAwareVersionStrings): v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > others alphabetically. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    return { major: Number(m[1]), stage: m[2] === "alpha" ? 0 : m[2] === "beta" ? 1 : 2, minor: m[3] ? Number(m[3]) : 0 };
  };
  const pa = parse(a), pb = parse(b);
  if (pa && pb) {
    if (pa.stage !== pb.stage) return pb.stage - pa.stage;
    if (pa.major !== pb.major) return pb.major - pa.major;
    return pb.minor - pa.minor;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Served versions of a CRD, preferred first. */
export function servedVersions(crd: KubeObject): Obj[] {
  return ((crd.spec?.versions ?? []) as Obj[]).filter((v) => v?.served === true).sort((a, b) => compareVersions(String(a.name), String(b.name)));
}

/** The serving table: one entry per Established CRD (its storage version). */
export function customResourceInfos(crds: Iterable<KubeObject>): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const crd of crds) {
    if (!isEstablished(crd) || crd.metadata.deletionTimestamp) continue;
    const names = crd.status?.acceptedNames ?? crd.spec?.names ?? {};
    const storage = ((crd.spec?.versions ?? []) as Obj[]).find((v) => v.storage === true);
    if (!names.plural || !names.kind || !storage) continue;
    out.push({ resource: names.plural, kind: names.kind, group: crd.spec.group, version: storage.name, namespaced: crd.spec.scope === "Namespaced", crd: crd.metadata.name! });
  }
  return out;
}

/** The version entry of a CRD that an object of apiVersion uses (its own version when served, else the storage version). */
export function crdVersion(crd: KubeObject, apiVersion: string | undefined): Obj | undefined {
  const versions = (crd.spec?.versions ?? []) as Obj[];
  const v = apiVersion?.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : undefined;
  return versions.find((x) => x.name === v && x.served === true) ?? versions.find((x) => x.storage === true);
}

// Custom resources against their CRD's structural schema, as the apiextensions apiserver
// handles a create or update: pruning of unknown fields (structural/pruning), defaulting
// (structural/defaulting), then OpenAPI validation (kube-openapi's validator, its errors mapped
// to field errors by apiserver/validation's kubeOpenAPIResultToFieldErrors: Required value,
// Unsupported value for enums, Too long for maxLength, Too many for maxItems, the rest as
// Invalid value with go-openapi's message, e.g. "spec.replicas in body must be of type integer: \"string\"").

import type { FieldError } from "./errors.ts";

export type JsonSchema = Record<string, any>;

const PRESERVE = "x-kubernetes-preserve-unknown-fields";
const INT_OR_STRING = "x-kubernetes-int-or-string";
const EMBEDDED = "x-kubernetes-embedded-resource";

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === "object" && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** Drop the fields the schema does not specify (keeps apiVersion/kind/metadata at the root and in embedded resources). */
export function prune(value: any, schema: JsonSchema | undefined, root = false): any {
  if (!schema || schema[PRESERVE] === true && !schema.properties && !schema.additionalProperties && !schema.items) return value;
  if (Array.isArray(value)) {
    if (schema.items && typeof schema.items === "object") for (let i = 0; i < value.length; i++) value[i] = prune(value[i], schema.items);
    return value;
  }
  if (!isObject(value)) return value;
  const meta = root || schema[EMBEDDED] === true;
  const props = schema.properties ?? {};
  for (const k of Object.keys(value)) {
    if (meta && (k === "apiVersion" || k === "kind" || k === "metadata")) continue;
    if (k in props) value[k] = prune(value[k], props[k]);
    else if (isObject(schema.additionalProperties)) value[k] = prune(value[k], schema.additionalProperties);
    else if (schema.additionalProperties === true || schema[PRESERVE] === true) continue;
    else delete value[k];
  }
  return value;
}

/** Apply the schema's defaults to absent fields (and to nulls of non-nullable fields), outside in. */
export function applyDefaults(value: any, schema: JsonSchema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    if (isObject(schema.items)) for (const x of value) applyDefaults(x, schema.items);
    return;
  }
  if (!isObject(value)) return;
  for (const [k, s] of Object.entries(schema.properties ?? {}) as [string, JsonSchema][]) {
    if (s.default !== undefined && (value[k] === undefined || (value[k] === null && s.nullable !== true))) value[k] = clone(s.default);
    if (value[k] !== undefined) applyDefaults(value[k], s);
  }
  if (isObject(schema.additionalProperties)) for (const k of Object.keys(value)) if (!(schema.properties && k in schema.properties)) applyDefaults(value[k], schema.additionalProperties);
}

/** The JSON type kube-openapi reports for a value. */
function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (typeof v === "object") return "object";
  return typeof v; // string, boolean
}

/** %v of a number as Go prints a float64 bound (10, 1.5). */
const num = (n: number) => String(n);

/** The value in a field error: strings quoted, numbers and booleans bare, the rest as Go's %#v of decoded JSON. */
function goValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "<nil>";
  const inner = (x: unknown): string => {
    if (typeof x === "string") return JSON.stringify(x);
    if (typeof x === "number" || typeof x === "boolean") return String(x);
    if (x === null) return "interface {}(nil)";
    if (Array.isArray(x)) return `[]interface {}{${x.map(inner).join(", ")}}`;
    const o = x as Record<string, unknown>;
    return `map[string]interface {}{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${inner(o[k])}`).join(", ")}}`;
  };
  return inner(v);
}

/** Validate a custom resource (the whole object) against the version's openAPIV3Schema. */
export function validateAgainstSchema(obj: unknown, schema: JsonSchema): FieldError[] {
  const errs: FieldError[] = [];
  validateNode(obj, schema, "", errs, true);
  return errs;
}

function validateNode(v: any, s: JsonSchema, path: string, errs: FieldError[], root = false): void {
  if (!s || typeof s !== "object") return;
  const name = path || ".";
  const at = path || "<root>";
  const invalid = (detail: string, value: unknown = v) => errs.push({ field: at, type: "Invalid value", goValue: goValue(value), detail });
  // type
  if (v === null) {
    if (s.nullable === true) return;
    if (s.type) {
      errs.push({ field: at, type: "Invalid value", value: "null", detail: `${name} in body must be of type ${s.type}: "null"` });
      return;
    }
  }
  const t = jsonType(v);
  if (s[INT_OR_STRING] === true) {
    if (t !== "integer" && t !== "string") {
      errs.push({ field: at, type: "Invalid value", value: t, detail: `${name} in body must be of type integer,string: "${t}"` });
      return;
    }
  } else if (s.type && !(s.type === t || (s.type === "number" && t === "integer"))) {
    errs.push({ field: at, type: "Invalid value", value: t, detail: `${name} in body must be of type ${s.type}: "${t}"` });
    return;
  }
  // strings
  if (typeof v === "string") {
    if (typeof s.maxLength === "number" && [...v].length > s.maxLength) errs.push({ field: at, type: "Too long", detail: `may not be longer than ${s.maxLength}` });
    if (typeof s.minLength === "number" && [...v].length < s.minLength) invalid(`${name} in body should be at least ${s.minLength} chars long`);
    if (typeof s.pattern === "string") {
      let re: RegExp | undefined;
      try {
        re = new RegExp(s.pattern, "u");
      } catch {
        re = undefined;
      }
      if (re && !re.test(v)) invalid(`${name} in body should match '${s.pattern}'`);
    }
  }
  // numbers
  if (typeof v === "number") {
    if (typeof s.maximum === "number") {
      if (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum) invalid(`${name} in body should be less than ${s.exclusiveMaximum === true ? "" : "or equal to "}${num(s.maximum)}`);
    }
    if (typeof s.minimum === "number") {
      if (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum) invalid(`${name} in body should be greater than ${s.exclusiveMinimum === true ? "" : "or equal to "}${num(s.minimum)}`);
    }
    if (typeof s.multipleOf === "number" && s.multipleOf > 0 && Math.abs(v / s.multipleOf - Math.round(v / s.multipleOf)) > 1e-9) invalid(`${name} in body should be a multiple of ${num(s.multipleOf)}`);
  }
  // arrays
  if (Array.isArray(v)) {
    if (typeof s.maxItems === "number" && v.length > s.maxItems) errs.push({ field: at, type: "Too many", value: v.length, detail: `must have at most ${s.maxItems} items` });
    if (typeof s.minItems === "number" && v.length < s.minItems) invalid(`${name} in body should have at least ${s.minItems} items`);
  }
  // enum
  if (Array.isArray(s.enum) && !s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(v))) {
    const values = s.enum.map((e: unknown) => JSON.stringify(typeof e === "string" ? e : JSON.stringify(e)));
    errs.push({ field: at, type: "Unsupported value", goValue: goValue(v), detail: `supported values: ${values.join(", ")}` });
  }
  // objects
  if (isObject(v)) {
    const n = Object.keys(v).length;
    if (typeof s.maxProperties === "number" && n > s.maxProperties) errs.push({ field: at, type: "Too many", value: n, detail: `must have at most ${s.maxProperties} items` });
    if (typeof s.minProperties === "number" && n < s.minProperties) invalid(`${name} in body should have at least ${s.minProperties} properties`);
    for (const r of Array.isArray(s.required) ? s.required : []) {
      if (v[r] === undefined) errs.push({ field: path ? `${path}.${r}` : r, type: "Required value" });
    }
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const k of Object.keys(v)) {
      if (root && k === "metadata") continue;
      const child = path ? `${path}.${k}` : k;
      if (k in props) validateNode(v[k], props[k], child, errs);
      else if (isObject(s.additionalProperties)) validateNode(v[k], s.additionalProperties, child, errs);
    }
  }
  if (Array.isArray(v) && isObject(s.items)) v.forEach((x, i) => validateNode(x, s.items, `${path}[${i}]`, errs));
  // combinators (the common case: anyOf of int-or-string alternatives)
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) validateNode(v, { ...sub, type: sub.type }, path, errs);
}

// Server-side field validation (kubectl 1.32 sends ?fieldValidation=Strict by default, Warn with
// --validate=warn, Ignore with --validate=false). The API server's decoder (sigs.k8s.io/json's
// strict mode) reports every field the typed object has no place for, as
// `unknown field "spec.containers[0].imagePullPolice"`, in the order of the JSON kubectl sends
// (its keys sorted); the create handler (apiserver endpoints/handlers/create.go) then answers
//   Strict: 400 `<Kind> in version "<v>" cannot be handled as a <Kind>: strict decoding error: unknown field "a", unknown field "b"`
//   Warn:   201 with one `Warning: unknown field "a"` header per field
//   Ignore: 201
// and in every case the unknown fields are dropped (the typed decode has nowhere to keep them).
// The lab's engine has no per-kind field lists, so the known fields come from the OpenAPI v3
// schemas explain uses (explain-data.ts, ~0.5 MB): this module is imported only when a create
// with validation reaches the server, never in the first-load bundle.

import { EXPLAIN_DATA } from "./explain-data.ts";
import type { Schema } from "./explain.ts";

const REF_PREFIX = "#/components/schemas/";

function deref(s: Schema | undefined): Schema | undefined {
  const schemas = EXPLAIN_DATA?.schemas;
  for (let i = 0; s && schemas && i < 10; i++) {
    const ref = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0].$ref : undefined);
    if (!ref) return s;
    s = schemas[ref.slice(REF_PREFIX.length)];
  }
  return s;
}

/** Whether the built-in kind's schema is known (CRDs and unknown kinds are not checked here). */
export function hasSchema(group: string, version: string, kind: string): boolean {
  return !!EXPLAIN_DATA?.kinds[`${group}/${version}/${kind}`];
}

/**
 * The unknown fields of a built-in object, in the order the server reports them (depth first,
 * keys sorted), removed from the object. Only objects with declared properties are checked, and
 * lists of them; maps (additionalProperties) and free-form fields are left alone.
 */
export function dropUnknownFields(group: string, version: string, kind: string, obj: Record<string, unknown>): string[] {
  const name = EXPLAIN_DATA?.kinds[`${group}/${version}/${kind}`];
  const root = name ? EXPLAIN_DATA?.schemas[name] : undefined;
  const out: string[] = [];
  const walk = (v: unknown, schema: Schema | undefined, path: string): void => {
    const s = deref(schema);
    if (!s || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      if (s.items) v.forEach((x, i) => walk(x, s.items, `${path}[${i}]`));
      return;
    }
    if (!s.properties) return;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o).sort()) {
      const p = path ? `${path}.${k}` : k;
      const sub = s.properties[k];
      if (!sub) {
        out.push(p);
        delete o[k];
      } else walk(o[k], sub, p);
    }
  };
  if (root) walk(obj, root, "");
  return out;
}

// kubectl explain (k8s.io/kubectl/pkg/explain/v2): a port of templates/plaintext.tmpl over
// OpenAPI v3 component schemas — KIND/VERSION (GROUP), FIELD <type> with ENUM, DESCRIPTION
// (the field's description followed by those of its allOf/items/additionalProperties
// schemas), FIELDS (name<TAB><typeGuess> -required-, `enum: a, b, ....`, descriptions wrapped
// by go-wordwrap), --recursive, and `error: field "x" does not exist`.
//
// The schemas come from generated data (explain-data.ts, made by tests/golden/gen-explain-data.mjs
// from v1.32 OpenAPI v3 documents that tests/golden/explain-source/build-v3.mjs reconstructs from
// npm packages — see explain-data.ts's header), loaded only when explain runs. The output is
// checked byte for byte against real kubectl 1.32 serving those documents
// (tests/golden/kubectl-explain-corpus.json).

import { KubectlError, RawError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { allApiResources, resolveResource, ResourceTypeError, type ApiResource } from "./discovery.ts";
import { fromHelp } from "./spec.ts";
import { withCustomSchemas } from "./explain-custom.ts";

/** A compacted OpenAPI v3 schema (see gen-explain-data.mjs). */
export interface Schema {
  description?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  $ref?: string;
  enum?: unknown[];
  externalDocs?: { description?: string; url?: string };
}

export interface ExplainData {
  /** "group/version/Kind" (core: "/v1/Pod") → component schema name */
  kinds: Record<string, string>;
  /** component schema name → schema */
  schemas: Record<string, Schema>;
}

const REF_PREFIX = "#/components/schemas/";

// ---------------------------------------------------------------- template functions

/** github.com/mitchellh/go-wordwrap WrapString (the template's `wrap`). */
export function wrapString(s: string, lim: number): string {
  let buf = "";
  let current = 0;
  let word = "", space = "";
  let wordLen = 0, spaceLen = 0;
  const isSpace = (c: string) => /^[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
  for (const ch of s) {
    if (ch === "\n") {
      if (word.length === 0) {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          buf += space;
        }
        space = "";
        spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        buf += space + word;
        space = "";
        spaceLen = 0;
        word = "";
        wordLen = 0;
      }
      buf += ch;
      current = 0;
    } else if (isSpace(ch) && ch !== "\u00a0") {
      if (space.length === 0 || word.length > 0) {
        current += spaceLen + wordLen;
        buf += space + word;
        space = "";
        spaceLen = 0;
        word = "";
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        buf += "\n";
        current = 0;
        space = "";
        spaceLen = 0;
      }
    }
  }
  if (word.length === 0) {
    if (current + spaceLen <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

/** The template's `indent`: pad + every "\n" followed by pad. */
export function indent(amount: number, s: string): string {
  const pad = " ".repeat(amount);
  return pad + s.split("\n").join("\n" + pad);
}

class Renderer {
  constructor(private data: ExplainData, private recursive = false) {}

  resolveRef(ref: string | undefined): Schema | undefined {
    if (!ref || !ref.startsWith(REF_PREFIX)) return undefined;
    return this.data.schemas[ref.slice(REF_PREFIX.length)];
  }

  typeGuess(s: Schema): string {
    if (s.items) return "[]" + this.typeGuess(s.items);
    if (s.additionalProperties && typeof s.additionalProperties === "object") return "map[string]" + this.typeGuess(s.additionalProperties);
    if (s.allOf && !s.properties && s.allOf.length === 1) return this.typeGuess(s.allOf[0]);
    if (s.$ref) {
      const r = this.resolveRef(s.$ref);
      if (!r || !r.type || r.type === "object") {
        const name = s.$ref.split("/").pop() ?? "";
        return name.split(".").pop() || "Object";
      }
      return r.type || "Object";
    }
    if (s.type === "object") return "Object";
    return s.type || "Object";
  }

  extractEnum(s: Schema, longView: boolean, limit: number, indentAmount = 0): string {
    if (!s.enum || !s.enum.length) return "";
    let out = longView ? "ENUM:" : "\n" + " ".repeat(indentAmount) + "enum: ";
    for (let i = 0; i < s.enum.length; i++) {
      if (limit > -1 && i >= limit) {
        out += ", ....";
        break;
      }
      if (i > 0 && !longView) out += ", ";
      else if (longView) out += "\n    ";
      const el = s.enum[i];
      out += el === "" ? '""' : String(el);
    }
    return out;
  }

  description(s: Schema): string {
    const r = this.resolveRef(s.$ref) ?? s;
    let out = "";
    if (r.description) out += r.description + "\n";
    for (const a of r.allOf ?? []) out += this.description(a);
    if (r.items) out += this.description(r.items);
    if (r.additionalProperties && typeof r.additionalProperties === "object") out += this.description(r.additionalProperties);
    return out;
  }

  externalDocs(s: Schema, base: number): string {
    const d = s.externalDocs;
    if (!d) return "";
    let out = indent(base, "EXTERNAL DOCS:") + "\n";
    if (d.description) out += indent(base + 4, wrapString(d.description, 76 - base)) + "\n";
    if (d.url) out += indent(base + 4, "URL: " + d.url) + "\n";
    return out;
  }

  output(schema: Schema, path: string[], history: Set<string>): string {
    const ref = schema.$ref ?? "";
    const next = new Set(history).add(ref);
    const resolved = this.resolveRef(ref) ?? schema;
    if (!path.length) {
      let out = "DESCRIPTION:\n" + indent(4, wrapString(this.description(resolved) || "<empty>", 76)) + "\n";
      const ext = this.externalDocs(resolved, 0);
      if (ext) out += "\n" + ext;
      const fl = this.fieldList(resolved, 1, new Set(), this.recursive);
      if (fl) out += "FIELDS:\n" + fl;
      return out;
    }
    if (ref && history.has(ref)) return "";
    const sub = resolved.properties?.[path[0]];
    if (sub) {
      let out = "";
      if (path.length === 1) out += `FIELD: ${path[0]} <${this.typeGuess(sub)}>\n` + this.extractEnum(sub, true, -1) + "\n" + "\n";
      return out + this.output(sub, path.slice(1), new Set());
    }
    if (resolved.items) return this.output(resolved.items, path, next);
    if (resolved.additionalProperties && typeof resolved.additionalProperties === "object") return this.output(resolved.additionalProperties, path, next);
    for (const a of resolved.allOf ?? []) {
      const r = this.output(a, path, next);
      if (r) return r;
    }
    return "";
  }

  fieldList(schema: Schema, level: number, history: Set<string>, recursive: boolean): string {
    const ref = schema.$ref ?? "";
    if (ref && history.has(ref)) return "";
    const next = new Set(history).add(ref);
    const resolved = this.resolveRef(ref) ?? schema;
    let out = "";
    const props = resolved.properties ?? {};
    for (const k of Object.keys(props).sort()) {
      out += this.fieldDetail(k, resolved, recursive, level);
      if (recursive) out += this.fieldList(props[k], level + 1, next, recursive);
    }
    for (const a of resolved.allOf ?? []) out += this.fieldList(a, level, next, recursive);
    if (resolved.items) out += this.fieldList(resolved.items, level, next, recursive);
    if (resolved.additionalProperties && typeof resolved.additionalProperties === "object") out += this.fieldList(resolved.additionalProperties, level, next, recursive);
    return out;
  }

  fieldDetail(name: string, parent: Schema, short: boolean, level: number): string {
    const ind = level * 2;
    const f = parent.properties![name];
    let out = indent(ind, name) + "\t<" + this.typeGuess(f) + ">";
    if (parent.required?.includes(name)) out += " -required-";
    out += this.extractEnum(f, false, 4, ind);
    out += "\n";
    if (!short) {
      out += indent(ind + 2, wrapString(f.description || "<no description>", 78 - ind)) + "\n";
      if (f.externalDocs) {
        out += "\n" + indent(ind + 2, "EXTERNAL DOCS:") + "\n";
        if (f.externalDocs.description) out += indent(ind + 4, wrapString(f.externalDocs.description, 76 - ind)) + "\n";
        if (f.externalDocs.url) out += indent(ind + 4, "URL: " + f.externalDocs.url) + "\n";
      }
      out += "\n";
    }
    return out;
  }
}

/** GroupVersionResource.String(): "apps/v1, Resource=deployments", "/v1, Resource=pods". */
function gvrString(r: { group: string; version: string; resource: string }): string {
  return `${r.group}/${r.version}, Resource=${r.resource}`;
}

/**
 * The plaintext explain of a kind (and a field path in it), as the template streams it: the
 * KIND/VERSION header is written before a missing field is found, so an error comes with the
 * header already on stdout.
 */
export function renderExplain(
  data: ExplainData,
  gvk: { group: string; version: string; kind: string },
  fieldPath: string[],
  recursive: boolean,
): { out: string; error?: string } {
  const name = data.kinds[`${gvk.group}/${gvk.version}/${gvk.kind}`];
  const schema = name ? data.schemas[name] : undefined;
  let out = "";
  if (gvk.group) out += `GROUP:      ${gvk.group}\n`;
  out += `KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
  // `%v` of the gvk map: map[group:apps kind:Deployment version:v1]
  if (!schema) return { out, error: `GVK map[group:${gvk.group} kind:${gvk.kind} version:${gvk.version}] not found in OpenAPI schema` };
  const body = new Renderer(data, recursive).output(schema, fieldPath, new Set());
  if (!body) return { out, error: `field "${fieldPath[fieldPath.length - 1]}" does not exist` };
  return { out: out + body + "\n" };
}

/** mapper.ResourcesFor({Resource: name}) behind the short-name expander: every version, preferred first. */
function resourcesFor(name: string): ApiResource[] {
  const arg = name.toLowerCase();
  const short = allApiResources().find((r) => r.shortNames.includes(arg));
  if (short) return allApiResources().filter((r) => r.name === short.name && r.group === short.group);
  const all = allApiResources().filter((r) => r.name === arg || r.singularName === arg || r.kind.toLowerCase() === arg);
  if (!all.length) throw new ResourceTypeError(name);
  return all;
}

/** The short-name expander's warning (restmapper shortcut.go) when a short name also names a lower priority resource. */
function warnAmbiguousShortName(name: string, err: (s: string) => void): void {
  const arg = name.toLowerCase();
  if (allApiResources().some((r) => r.name === arg)) return;
  const matches = allApiResources().filter((r) => r.shortNames.includes(arg));
  const first = matches[0];
  const warned = new Set<string>();
  for (const r of matches) {
    if (r.name === first.name && r.group === first.group) continue;
    const gr = r.group ? `${r.name}.${r.group}` : r.name;
    if (warned.has(gr)) continue;
    warned.add(gr);
    err(`Warning: short name "${name}" could also match lower priority resource ${gr}\n`);
  }
}

/** explain.SplitAndParseResourceRequestWithMatchingPrefix (and, with --api-version, SplitAndParseResourceRequest). */
function parseResourceRequest(input: string, withApiVersion: boolean): { r: ApiResource; fields: string[] } {
  input = input.replace(/\.$/, "");
  const dotParts = input.split(".");
  if (withApiVersion) return { r: resolveResource(dotParts[0]), fields: dotParts.slice(1) };
  const gvrs = resourcesFor(dotParts[0]);
  for (const r of gvrs) {
    const groupResource = r.group ? `${r.name}.${r.group}` : r.name;
    if (input.startsWith(groupResource)) {
      const suffix = input.slice(groupResource.length);
      return { r, fields: suffix ? suffix.split(".").slice(1) : [] };
    }
  }
  return { r: gvrs[0], fields: dotParts.slice(1) };
}

async function runExplain(ctx: RunCtx): Promise<void> {
  if (!ctx.args.length) {
    throw new KubectlError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  if (ctx.args.length > 1) throw new KubectlError(`We accept only this format: explain RESOURCE\n`);
  const apiVersion = ctx.str("api-version");
  warnAmbiguousShortName(ctx.args[0].replace(/\.$/, "").split(".")[0], ctx.err);
  let req: { r: ApiResource; fields: string[] };
  try {
    req = parseResourceRequest(ctx.args[0], apiVersion !== "");
  } catch (e) {
    if (e instanceof ResourceTypeError) throw new RawError(`${e.message}\n`);
    throw e;
  }
  const gvr = { group: req.r.group, version: req.r.version, resource: req.r.name };
  if (apiVersion) {
    const slash = apiVersion.indexOf("/");
    gvr.group = slash < 0 ? "" : apiVersion.slice(0, slash);
    gvr.version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  }
  const output = ctx.str("output");
  if (output === "plaintext-openapiv2") throw new KubectlError("explain --output=plaintext-openapiv2: this lab has no OpenAPI v2 schema (use the default --output=plaintext)");
  // the schema data is large: it loads only when explain runs
  const data = withCustomSchemas((await import("./explain-data.ts")).EXPLAIN_DATA);
  // the server's /openapi/v3 index: one document per group version; the lab has the documents
  // of the group versions whose kinds it ships
  const gvKey = `${gvr.group}/${gvr.version}/`;
  if (!data || !Object.keys(data.kinds).some((k) => k.startsWith(gvKey))) throw new KubectlError(`couldn't find resource for "${gvrString(gvr)}"`);
  if (output !== "plaintext") throw new KubectlError(`unrecognized format: ${output}`);
  // the template finds the kind from the document's paths of the resource
  const kind = allApiResources().find((r) => r.group === gvr.group && r.version === gvr.version && r.name === gvr.resource)?.kind;
  if (!kind || !data.kinds[gvKey + kind]) throw new KubectlError(`GVR (${gvrString(gvr)}) not found in OpenAPI schema`);
  const res = renderExplain(data, { group: gvr.group, version: gvr.version, kind }, req.fields, ctx.bool("recursive"));
  ctx.out(res.out);
  if (res.error) throw new KubectlError(res.error);
}

export const explainCommand: CommandSpec = fromHelp("explain", { run: runExplain });

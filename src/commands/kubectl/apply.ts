// Objects from files (-f FILE|DIR|-, resource.Builder's FilenameParam) and the verbs that send
// them: create -f, apply (client-side, with the last-applied-configuration annotation and a
// three-way merge), replace (--force).

import { goYamlError } from "../../engine/yaml-guard.ts";
import { loadGoYaml } from "../../engine/go-yaml.ts";
import type { KubeObject } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { metadataOnlyDecodeError, podDecodeError, workloadDecodeError } from "../../engine/api/decode.ts";
import { KubectlError, RawError, errorText, type CommandSpec, type RunCtx } from "./cobra.ts";
import { dryRunStrategy, operationSuffix, strategicMergePatch } from "./common.ts";
import { resourceForKind, apiVersionOf, type ApiResource } from "./discovery.ts";
import { absPath, joinPath, LocalFileError, readLocal, statLocal } from "./files.ts";
import { marshal, sortKeysDeep } from "./printers/json.ts";
import { makePrinter, objectName } from "./printers/output.ts";
import { fromHelp } from "./spec.ts";
import { kustomizeYaml } from "./kustomize/command.ts";

export const LAST_APPLIED_KEY = "kubectl.kubernetes.io/last-applied-configuration";

export interface Info {
  source: string;
  obj: KubeObject;
  resource: ApiResource;
  namespace: string | undefined;
}

const EXTENSIONS = [".json", ".yaml", ".yml"];

/** go-yaml's wording for js-yaml errors (shared with the kubelet's manifest reader). */
export const yamlError = goYamlError;

/** Split a YAML stream into documents at `---` lines (yaml.NewYAMLReader). */
function splitDocs(text: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of text.split("\n")) {
    if (/^---(\s.*)?$/.test(line)) {
      docs.push(cur.join("\n"));
      cur = [];
    } else cur.push(line);
  }
  docs.push(cur.join("\n"));
  return docs;
}

export function decodeSource(text: string, source: string): KubeObject[] {
  const out: KubeObject[] = [];
  const trimmed = text.trimStart();
  const docs = trimmed.startsWith("{") || trimmed.startsWith("[") ? [text] : splitDocs(text);
  for (const d of docs) {
    if (!d.trim() || d.split("\n").every((l) => !l.trim() || l.trim().startsWith("#"))) continue;
    let v: unknown;
    try {
      v = loadGoYaml(d);
    } catch (e) {
      throw new KubectlError(`error parsing ${source}: error converting YAML to JSON: ${yamlError(e)}`);
    }
    if (v === null || v === undefined) continue;
    if (typeof v !== "object" || Array.isArray(v)) {
      throw new KubectlError(`error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
    }
    const o = v as KubeObject;
    const metaErr = o.kind ? metadataOnlyDecodeError(o) : null;
    if (metaErr) throw new KubectlError(`unable to decode "${source}": ${metaErr}`);
    if (o.kind === "List" && Array.isArray(o.items)) out.push(...(o.items as KubeObject[]));
    else out.push(o);
  }
  return out;
}

/** The objects named by -f (files, directories, `-`), each resolved against discovery. */
export function readInfos(ctx: RunCtx, opts: { allowEmpty?: boolean } = {}): Info[] {
  const files = ctx.arr("filename");
  const recursive = ctx.bool("recursive");
  const texts: { source: string; text: string }[] = [];
  const kdir = ctx.cmd.flags?.some((f) => f.name === "kustomize") ? ctx.str("kustomize") : "";
  if (kdir) {
    if (files.length) throw new KubectlError("only one of -f or -k can be specified");
    if (recursive) throw new KubectlError("the -k flag can't be used with -f or -R");
    texts.push({ source: kdir, text: kustomizeYaml(ctx, kdir) });
  }
  for (const f of files) {
    if (f === "-") {
      texts.push({ source: "STDIN", text: ctx.io.stdin });
      continue;
    }
    if (/^https?:\/\//.test(f)) throw new KubectlError(`unable to read URL "${f}", server reported 404 Not Found, status code=404`);
    let t: "file" | "dir";
    try {
      t = statLocal(ctx, f);
    } catch {
      throw new KubectlError(`the path "${f}" does not exist`);
    }
    if (t === "file") texts.push({ source: f, text: readLocal(ctx, f) });
    else {
      const walk = (dir: string) => {
        const fsys = ctx.lab.machine.fs;
        for (const e of fsys.readdirTypes(absPath(ctx, dir)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
          const p = joinPath(dir, e.name);
          if (e.type === "dir") {
            if (recursive) walk(p);
          } else if (EXTENSIONS.some((x) => e.name.endsWith(x))) {
            try {
              texts.push({ source: p, text: readLocal(ctx, p) });
            } catch (err) {
              if (!(err instanceof LocalFileError)) throw err;
            }
          }
        }
      };
      walk(f);
    }
  }
  const infos: Info[] = [];
  const ns = ctx.namespace();
  for (const { source, text } of texts) {
    for (const obj of decodeSource(text, source)) {
      if (!obj.kind) throw new KubectlError(`unable to decode "${source}": Object 'Kind' is missing in '${marshal(obj)}'`);
      if (!obj.apiVersion) throw new KubectlError(`unable to decode "${source}": Object 'apiVersion' is missing in '${marshal(obj)}'`);
      const r = resourceForKind(obj.kind, obj.apiVersion);
      if (!r || apiVersionOf(r) !== obj.apiVersion) {
        const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
        throw new KubectlError(
          `resource mapping not found for name: "${obj.metadata?.name ?? ""}" namespace: "${obj.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${obj.kind}" in version "${group ? `${group}/${version}` : version}"\nensure CRDs are installed first`,
        );
      }
      obj.metadata ??= {};
      let namespace: string | undefined;
      if (r.namespaced) {
        const own = obj.metadata.namespace;
        if (own && ctx.namespaceEnforced() && own !== ns) {
          throw new KubectlError(`the namespace from the provided object "${own}" does not match the namespace "${ns}". You must pass '--namespace=${own}' to perform this operation.`);
        }
        namespace = own || ns;
      }
      infos.push({ source, obj, resource: r, namespace });
    }
  }
  if (!infos.length && !opts.allowEmpty) throw new KubectlError("no objects passed to " + ctx.cmd.name);
  return infos;
}

function withNamespace(info: Info): KubeObject {
  const o = structuredClone(info.obj);
  // unstructured.SetNamespace leaves a metadata that is not a map as it is (the name then reads as "")
  const md = o.metadata as unknown;
  if (info.namespace !== undefined && md !== null && typeof md === "object" && !Array.isArray(md)) o.metadata.namespace = info.namespace;
  return o;
}

/** GetModifiedConfiguration(obj, false, unstructured JSON): sorted keys, `annotations: {}` kept, trailing newline. */
export function unstructuredLastApplied(obj: KubeObject): string {
  const c = structuredClone(obj);
  const ann = { ...(c.metadata.annotations ?? {}) };
  delete ann[LAST_APPLIED_KEY];
  c.metadata.annotations = ann;
  return marshal(sortKeysDeep(c)) + "\n";
}

type J = unknown;
const isObj = (v: J): v is Record<string, J> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The three-way merge of apply: fields in original but not in modified are removed; modified is merged into current. */
function threeWay(original: J, modified: J, current: J): J {
  if (!isObj(modified) || !isObj(current)) return modified;
  const out: Record<string, J> = { ...current };
  const orig = isObj(original) ? original : {};
  for (const k of Object.keys(orig)) if (!(k in modified)) delete out[k];
  for (const [k, v] of Object.entries(modified)) {
    if (isObj(v) && isObj(current[k])) out[k] = threeWay(orig[k], v, current[k]);
    else if (Array.isArray(v) && Array.isArray(current[k]) && mergeKeyOf(k)) {
      out[k] = mergeList(k, (orig[k] as J[]) ?? [], v, current[k] as J[]);
    } else out[k] = v;
  }
  return out;
}

function mergeKeyOf(field: string): string | undefined {
  return ({ containers: "name", initContainers: "name", env: "name", volumes: "name", volumeMounts: "mountPath", ports: "containerPort", imagePullSecrets: "name" } as Record<string, string>)[field];
}

function mergeList(field: string, original: J[], modified: J[], current: J[]): J[] {
  const key = mergeKeyOf(field)!;
  const id = (x: J) => (isObj(x) ? x[key] : x);
  const out: J[] = [];
  for (const m of modified) {
    const cur = current.find((c) => id(c) === id(m));
    const o = original.find((c) => id(c) === id(m));
    out.push(cur !== undefined ? threeWay(o, m, cur) : m);
  }
  // items the user never managed stay (those in current but not in original)
  for (const c of current) {
    if (!modified.some((m) => id(m) === id(c)) && !original.some((o) => id(o) === id(c))) out.push(c);
  }
  return out;
}

function stable(o: J): string {
  return JSON.stringify(sortKeysDeep(o));
}

/** cmdutil.GetValidationDirective: --validate as the fieldValidation query parameter. */
function validationDirective(ctx: RunCtx): "Strict" | "Warn" | "Ignore" {
  const v = ctx.str("validate");
  if (v === "strict" || v === "true") return "Strict";
  if (v === "warn") return "Warn";
  if (v === "ignore" || v === "false") return "Ignore";
  throw new KubectlError(`invalid - validate option ${JSON.stringify(v)}; must be one of: strict (or true), warn, ignore (or false)`);
}

const MISSING_ANNOTATION = (r: ApiResource, name: string) =>
  `Warning: resource ${r.group ? `${r.name}.${r.group}` : r.name}/${name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`;

/** create -f / apply -f / replace -f over every object, collecting per-object errors as kubectl does. */
export async function runApplyLike(ctx: RunCtx, verb: "create" | "apply" | "replace"): Promise<void> {
  const validation = validationDirective(ctx);
  const dry = dryRunStrategy(ctx);
  const output = ctx.str("output");
  const infos = readInfos(ctx);
  const api = ctx.lab.api();
  const errors: string[] = [];
  let fields: typeof import("./field-validation.ts") | undefined;
  /** The API server's field validation of a create or update (see field-validation.ts): unknown fields dropped, refused (Strict) or warned about (Warn). */
  const sendWithValidation = async (info: Info, obj: KubeObject, op: "create" | "update" = "create"): Promise<KubeObject> => {
    const r = info.resource;
    const typedErr = r.name === "pods" ? podDecodeError(obj as never) : workloadDecodeError(r.name, obj as never);
    if (!typedErr) {
      fields ??= await import("./field-validation.ts");
      if (fields.hasSchema(r.group, r.version, r.kind)) {
        const unknown = fields.dropUnknownFields(r.group, r.version, r.kind, obj as never).map((f) => `unknown field ${JSON.stringify(f)}`);
        if (unknown.length && validation === "Strict") throw new ApiError("BadRequest", 400, `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${unknown.join(", ")}`);
        if (validation === "Warn") for (const u of unknown) ctx.err(`Warning: ${u}\n`);
      }
    }
    return op === "create" ? api.create(r.name, obj, { dryRun: dry === "server" }) : api.update(r.name, obj, { dryRun: dry === "server" });
  };
  const printers = new Map<string, ReturnType<typeof makePrinter>>();
  // apply's printObjects: with -o (not name) the objects are printed at the end, several as a v1 List
  const collected: KubeObject[] | null = verb === "apply" && output !== "" && output !== "name" ? [] : null;
  const print = (obj: KubeObject, op: string) => {
    if (collected) return void collected.push(obj);
    const key = output ? "o" : op;
    let p = printers.get(key);
    if (!p) {
      p = makePrinter(output, { operation: operationSuffix(op, dry) });
      printers.set(key, p);
    }
    ctx.out(p.print(obj));
  };
  const fail = (e: unknown, action: string, info: Info) => {
    if (e instanceof ApiError) {
      const text = errorText(e).text;
      if (e.reason === "Invalid") errors.push(text);
      else errors.push(text.replace(/^(Error from server \([A-Za-z]+\): )/, `$1error when ${action} "${info.source}": `));
    } else throw e;
  };
  for (const info of infos) {
    const obj = withNamespace(info);
    const name = obj.metadata.name;
    if (!name && !(verb === "create" && obj.metadata.generateName)) {
      errors.push(`error: error when retrieving current configuration of:\nResource: "${info.resource.group}/${info.resource.version}, Resource=${info.resource.name}", GroupVersionKind: "${info.resource.group}/${info.resource.version}, Kind=${info.resource.kind}"\nName: "", Namespace: "${info.namespace ?? ""}"\nfrom server for: "${info.source}": resource name may not be empty\n`);
      continue;
    }
    if (verb === "create") {
      if (ctx.bool("save-config")) {
        obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED_KEY]: unstructuredLastApplied(obj) };
      }
      try {
        const created = dry === "client" ? obj : await sendWithValidation(info, obj);
        print(created, "created");
      } catch (e) {
        fail(e, "creating", info);
      }
      continue;
    }
    if (verb === "replace") {
      try {
        if (ctx.bool("force")) {
          if (dry === "none") {
            try {
              api.delete(info.resource.name, info.namespace, name!, { gracePeriodSeconds: ctx.num("grace-period") >= 0 ? ctx.num("grace-period") : undefined });
              ctx.out(`${info.resource.kind.toLowerCase()}${info.resource.group ? "." + info.resource.group : ""} "${name}" deleted\n`);
              // wait for the old object to go (graceful deletion)
              for (let i = 0; i < 3600 && api.exists(info.resource.name, info.namespace, name!); i++) await ctx.lab.sleep(1000, ctx.io.signal);
            } catch (e) {
              if (!(e instanceof ApiError && e.reason === "NotFound")) throw e;
            }
            delete obj.metadata.resourceVersion;
            delete obj.metadata.uid;
            print(await sendWithValidation(info, obj), "replaced");
          } else print(obj, "replaced");
          continue;
        }
        const cur = api.get(info.resource.name, info.namespace, name!);
        if (cur.metadata.annotations?.[LAST_APPLIED_KEY] && !ctx.bool("save-config")) {
          // replace keeps the annotation up to date when it exists
          obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED_KEY]: unstructuredLastApplied(obj) };
        } else if (ctx.bool("save-config")) {
          obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED_KEY]: unstructuredLastApplied(obj) };
        }
        obj.metadata.resourceVersion ||= cur.metadata.resourceVersion;
        obj.metadata.uid ||= cur.metadata.uid;
        obj.metadata.creationTimestamp ||= cur.metadata.creationTimestamp;
        if (obj.status === undefined && cur.status !== undefined) obj.status = cur.status;
        const res = dry === "client" ? obj : await sendWithValidation(info, obj, "update");
        print(res, "replaced");
      } catch (e) {
        fail(e, "replacing", info);
      }
      continue;
    }
    // apply
    const lastApplied = unstructuredLastApplied(obj);
    let cur: KubeObject | undefined;
    try {
      cur = api.get(info.resource.name, info.namespace, name!);
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === "NotFound")) {
        fail(e, "retrieving current configuration of", info);
        continue;
      }
    }
    try {
      if (!cur) {
        obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED_KEY]: lastApplied };
        let created: KubeObject;
        try {
          created = dry === "client" ? obj : await sendWithValidation(info, obj);
        } catch (e) {
          // applyOneObject: cmdutil.AddSourceToErr("creating", …) for the object that did not exist
          fail(e, "creating", info);
          continue;
        }
        print(created, "created");
        continue;
      }
      const originalText = cur.metadata.annotations?.[LAST_APPLIED_KEY];
      if (!originalText) ctx.err(MISSING_ANNOTATION(info.resource, name!));
      const original = originalText ? (JSON.parse(originalText) as J) : {};
      const modified = JSON.parse(lastApplied) as KubeObject;
      modified.metadata.annotations = { ...(modified.metadata.annotations ?? {}), [LAST_APPLIED_KEY]: lastApplied };
      const merged = threeWay(original, modified, cur) as KubeObject;
      merged.metadata.annotations = { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED_KEY]: lastApplied };
      if (stable(merged) === stable(cur)) {
        print(cur, "unchanged");
        continue;
      }
      const res = dry === "client" ? merged : api.update(info.resource.name, merged, { dryRun: dry === "server" });
      print(res, "configured");
    } catch (e) {
      fail(e, "patching", info);
    }
  }
  if (collected?.length) {
    const list = { apiVersion: "v1", items: collected, kind: "List", metadata: {} } as unknown as KubeObject;
    ctx.out(makePrinter(output, { operation: operationSuffix("configured", dry) }).print(collected.length > 1 ? list : collected[0]));
  }
  if (errors.length) throw new RawError(errors.join(""));
}

export const applyCommand: CommandSpec = fromHelp("apply", {
  run: async (ctx) => {
    if (ctx.arr("filename").length === 0 && !ctx.str("kustomize")) throw new KubectlError("must specify one of -f and -k");
    if (ctx.bool("server-side")) throw new KubectlError("--server-side is not supported in this lab yet");
    await runApplyLike(ctx, "apply");
  },
});

export const replaceCommand: CommandSpec = fromHelp("replace", {
  run: async (ctx) => {
    if (ctx.arr("filename").length === 0 && !ctx.str("kustomize")) {
      throw new KubectlError("must specify --filename to replace");
    }
    await runApplyLike(ctx, "replace");
  },
});

export { strategicMergePatch, objectName };

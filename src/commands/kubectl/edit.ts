// kubectl edit (k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go, NormalEditMode): fetch the
// objects, write them (YAML with the header comment, or JSON without) to
// /tmp/kubectl-edit-<digits>.yaml, open the page's editor, and on save send the two-way patch
// from the printed object to the edited one (the API server validates it, pods included). Syntax errors and invalid objects re-open the
// file with the reasons as comments; a second save without change gives up and keeps the file.

import type { KubeObject } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { loadGoYaml } from "../../engine/go-yaml.ts";
import { KubectlError, RawError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { decodeSource, LAST_APPLIED_KEY, readInfos, unstructuredLastApplied } from "./apply.ts";
import { parseResourceArgs } from "./get.ts";
import { qualifiedName, type ApiResource } from "./discovery.ts";
import { mergePatch } from "./common.ts";
import { marshalIndent, sortKeysDeep } from "./printers/json.ts";
import { toYaml } from "./printers/yaml.ts";
import { makePrinter } from "./printers/output.ts";
import { fromHelp } from "./spec.ts";

type J = unknown;
const isObj = (v: J): v is Record<string, J> => v !== null && typeof v === "object" && !Array.isArray(v);

const MISSING_RESOURCES =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

interface Reason {
  head: string;
  other: string[];
}

interface EditInfo {
  resource: ApiResource;
  obj: KubeObject;
}

/** editoptions.go hashOnLineBreak: a '#' after every line break not already followed by one. */
export function hashOnLineBreak(s: string): string {
  let r = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "\n" && i + 1 < s.length && s[i + 1] !== "#") r += "\n# ";
    else r += ch;
  }
  return r;
}

/** editHeader.writeTo (NormalEditMode). */
export function editHeader(reasons: Reason[]): string {
  const out = [HEADER];
  for (const r of reasons) {
    out.push(`# ${hashOnLineBreak(r.head)}${r.other.length ? ":" : ""}\n`);
    for (const o of r.other) out.push(`# * ${hashOnLineBreak(o)}\n`);
    out.push("#\n");
  }
  return out.join("");
}

/** cmdutil.ManualStrip: drop comment lines ('#', but not '#!'). */
export function manualStrip(file: string): string {
  const lines = file.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t.startsWith("#") && !t.startsWith("#!")) continue;
    out.push(lines[i] + (i < lines.length - 1 ? "\n" : ""));
  }
  return out.join("");
}

/** cmdutil.StripComments: the document as JSON (so reformatting is no change), or ManualStrip when it does not parse. */
function stripComments(file: string): string {
  try {
    return JSON.stringify(loadGoYaml(file) ?? null);
  } catch {
    return "\u0000" + manualStrip(file);
  }
}

/** hasLines: any line that is not blank and not a comment. */
function hasLines(s: string): boolean {
  return s.split("\n").some((l) => {
    const t = l.trim();
    return t.length > 0 && t[0] !== "#";
  });
}

/** jsonpatch.CreateMergePatch(original, modified). */
function createMergePatch(a: J, b: J): J {
  if (!isObj(a) || !isObj(b)) return b;
  const out: Record<string, J> = {};
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  for (const [k, v] of Object.entries(b)) {
    if (!(k in a)) out[k] = v;
    else if (JSON.stringify(a[k]) !== JSON.stringify(v)) {
      if (isObj(a[k]) && isObj(v)) out[k] = createMergePatch(a[k], v);
      else out[k] = v;
    }
  }
  return out;
}

/** os.CreateTemp("", "kubectl-edit-*.yaml"): a decimal uint32, here from the virtual clock (deterministic). */
function tempName(ctx: RunCtx, ext: string, n: number): string {
  const fs = ctx.lab.machine.fs;
  let x = (Math.floor(ctx.lab.now()) ^ (n * 0x9e3779b1)) >>> 0;
  for (;;) {
    x = (Math.imul(x ^ (x >>> 16), 0x45d9f3b) ^ 0x2545f491) >>> 0;
    const p = `/tmp/kubectl-edit-${x}${ext}`;
    if (!fs.exists(p)) return p;
  }
}

function editorMode(ctx: RunCtx): "vim" | "nano" {
  const e = ctx.io.env.KUBE_EDITOR || ctx.io.env.EDITOR || "";
  return /(^|\/)nano(\s|$)/.test(e.trim()) ? "nano" : "vim";
}

function fetchInfos(ctx: RunCtx): EditInfo[] {
  const api = ctx.lab.api();
  if (ctx.arr("filename").length) {
    return readInfos(ctx).map((i) => ({ resource: i.resource, obj: api.get(i.resource.name, i.namespace, i.obj.metadata.name!) }));
  }
  if (!ctx.args.length) throw new KubectlError(MISSING_RESOURCES);
  const ns = ctx.namespace();
  const out: EditInfo[] = [];
  for (const r of parseResourceArgs(ctx.args)) {
    const namespace = r.resource.namespaced ? ns : undefined;
    if (r.names.length) for (const n of r.names) out.push({ resource: r.resource, obj: api.get(r.resource.name, namespace, n) });
    else {
      const sel = ctx.str("selector");
      for (const o of api.list(r.resource.name, namespace, sel ? { labelSelector: sel } : {})) out.push({ resource: r.resource, obj: o });
    }
  }
  return out;
}

function printForEdit(infos: EditInfo[], json: boolean): string {
  const obj: J =
    infos.length === 1 ? infos[0].obj : { apiVersion: "v1", items: infos.map((i) => i.obj), kind: "List", metadata: {} };
  return json ? marshalIndent(sortKeysDeep(obj)) + "\n" : toYaml(obj);
}

async function runEdit(ctx: RunCtx): Promise<void> {
  if (!ctx.args.length && !ctx.arr("filename").length) throw new KubectlError(MISSING_RESOURCES);
  const infos = fetchInfos(ctx);
  if (!infos.length) throw new KubectlError("edit cancelled, no objects found");
  const json = ctx.str("output") === "json";
  const ext = json ? ".json" : ".yaml";
  const printer = makePrinter(ctx.str("output"), { operation: "edited" });
  const fs = ctx.lab.machine.fs;
  const api = ctx.lab.api();
  const mode = editorMode(ctx);
  const preserved = (path: string) => {
    if (path && fs.exists(path)) ctx.err(`A copy of your changes has been stored to "${path}"\n`);
  };

  let reasons: Reason[] = [];
  let resultsFile = "";
  let original = "";
  let edited = "";
  let containsError = false;
  for (let attempt = 0; ; attempt++) {
    let buf = json ? "" : editHeader(reasons);
    if (!containsError) {
      buf += printForEdit(infos, json);
      original = buf;
    } else buf += manualStrip(edited);

    const editedDiff = edited;
    const file = tempName(ctx, ext, attempt);
    if (!fs.exists("/tmp")) fs.mkdir("/tmp", true);
    fs.writeFile(file, buf, 0o600);
    const r = await ctx.lab.openEditor(file, mode);
    if (r === null) {
      fs.rm(file, false, true);
      throw new KubectlError("kubectl edit needs the lab page's editor (none here): use kubectl get -o yaml > f.yaml, edit f.yaml, then kubectl replace -f f.yaml");
    }
    edited = fs.tryRead(file) ?? "";

    if (containsError && stripComments(editedDiff) === stripComments(edited)) {
      preserved(file);
      throw new KubectlError("Edit cancelled, no valid changes were saved.");
    }
    if (resultsFile) fs.rm(resultsFile, false, true);

    if (stripComments(original) === stripComments(edited)) {
      fs.rm(file, false, true);
      ctx.err("Edit cancelled, no changes made.\n");
      return;
    }
    if (!hasLines(edited)) {
      fs.rm(file, false, true);
      ctx.err("Edit cancelled, saved file was empty.\n");
      return;
    }
    reasons = [];
    resultsFile = file;

    let updated: KubeObject[];
    try {
      updated = decodeSource(edited, "edited-file");
    } catch (e) {
      if (!(e instanceof KubectlError)) throw e;
      containsError = true;
      reasons.push({ head: `The edited file had a syntax error: ${e.message}`, other: [] });
      continue;
    }
    containsError = false;

    let retryable = 0, notfound = 0, invalid = 0;
    // visitAnnotation: --save-config records the edited object as the last-applied configuration
    if (ctx.bool("save-config")) {
      for (const u of updated) u.metadata.annotations = { ...(u.metadata.annotations ?? {}), [LAST_APPLIED_KEY]: unstructuredLastApplied(u) };
    }
    for (const u of updated) {
      const info = infos.find((i) => i.obj.metadata.uid === u.metadata?.uid);
      if (!info) {
        preserved(resultsFile);
        throw new KubectlError(`no original object found for ${u.kind ?? ""} "${u.metadata?.name ?? ""}"`);
      }
      const orig = info.obj;
      if (JSON.stringify(sortKeysDeep(orig)) === JSON.stringify(sortKeysDeep(u))) {
        ctx.out(makePrinter(ctx.str("output"), { operation: "skipped" }).print(orig));
        continue;
      }
      const patch = createMergePatch(orig, u) as Record<string, J>;
      if ("apiVersion" in patch || "kind" in patch || (isObj(patch.metadata) && "name" in patch.metadata)) {
        preserved(resultsFile);
        throw new KubectlError("At least one of apiVersion, kind and name was changed");
      }
      const res = qualifiedName(info.resource);
      const name = orig.metadata.name!;
      try {
        const live = api.get(info.resource.name, orig.metadata.namespace, name);
        const next = mergePatch(live, patch) as KubeObject;
        const saved = api.update(info.resource.name, next);
        info.obj = saved;
        ctx.out(printer.print(saved));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.reason === "Invalid") {
          invalid++;
          reasons.push({
            head: `${res} "${name}" was not valid`,
            other: (e.details?.causes ?? []).map((c) => `${c.field ?? ""}: ${c.message}`),
          });
          ctx.err(`error: ${res} "${name}" is invalid\n`);
        } else if (e.reason === "NotFound") {
          notfound++;
          ctx.err(`error: ${res} "${name}" could not be found on the server\n`);
        } else {
          retryable++;
          ctx.err(`error: ${res} "${name}" could not be patched: ${e.message}\n`);
        }
      }
    }
    if (retryable > 0) {
      ctx.err(`You can run \`kubectl replace -f ${resultsFile}\` to try this update again.\n`);
      throw new RawError("", 1);
    }
    if (notfound > 0) {
      ctx.err(`The edits you made on deleted resources have been saved to "${resultsFile}"\n`);
      throw new RawError("", 1);
    }
    if (invalid === 0) {
      fs.rm(resultsFile, false, true);
      return;
    }
    if (reasons.length > 0) containsError = true;
  }
}

export const editCommand: CommandSpec = fromHelp("edit", { run: runEdit });

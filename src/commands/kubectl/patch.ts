// kubectl patch (k8s.io/kubectl/pkg/cmd/patch): -p/--patch-file with --type strategic|merge|json,
// computed client-side over the live object and written with update.

import type { KubeObject } from "../../engine/types.ts";
import { loadGoYaml } from "../../engine/go-yaml.ts";
import { KubectlError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { dryRunStrategy, mergePatch, operationSuffix, strategicMergePatch } from "./common.ts";
import { readLocal } from "./files.ts";
import { fromHelp } from "./spec.ts";
import { targets } from "./verbs.ts";
import { makePrinter } from "./printers/output.ts";

type J = any;

function applyJsonPatch(doc: J, ops: J[]): J {
  const out = structuredClone(doc);
  const parse = (p: string) => p.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const parent = (path: string[]) => {
    let cur = out;
    for (const k of path.slice(0, -1)) {
      cur = Array.isArray(cur) ? cur[Number(k)] : cur?.[k];
      if (cur === undefined || cur === null) throw new KubectlError(`jsonpatch add operation does not apply: doc is missing path: "/${path.join("/")}": missing value`);
    }
    return cur;
  };
  const get = (path: string[]) => path.reduce((c, k) => (c === undefined ? undefined : Array.isArray(c) ? c[Number(k)] : c[k]), out);
  for (const op of ops) {
    const path = parse(String(op.path ?? ""));
    const last = path[path.length - 1];
    switch (op.op) {
      case "add":
      case "replace": {
        const p = parent(path);
        if (op.op === "replace" && get(path) === undefined) throw new KubectlError(`jsonpatch replace operation does not apply: doc is missing key: ${op.path}: missing value`);
        if (Array.isArray(p)) {
          if (op.op === "add") p.splice(last === "-" ? p.length : Number(last), 0, op.value);
          else p[Number(last)] = op.value;
        } else p[last] = op.value;
        break;
      }
      case "remove": {
        const p = parent(path);
        if (get(path) === undefined) throw new KubectlError(`jsonpatch remove operation does not apply: doc is missing path: "${op.path}": missing value`);
        if (Array.isArray(p)) p.splice(Number(last), 1);
        else delete p[last];
        break;
      }
      case "test":
        if (JSON.stringify(get(path)) !== JSON.stringify(op.value)) throw new KubectlError("testing value failed");
        break;
      case "copy":
      case "move": {
        const from = parse(String(op.from ?? ""));
        const v = structuredClone(get(from));
        if (op.op === "move") {
          const fp = parent(from);
          if (Array.isArray(fp)) fp.splice(Number(from[from.length - 1]), 1);
          else delete fp[from[from.length - 1]];
        }
        const p = parent(path);
        if (Array.isArray(p)) p.splice(last === "-" ? p.length : Number(last), 0, v);
        else p[last] = v;
        break;
      }
      default:
        throw new KubectlError(`Unexpected kind: ${op.op}`);
    }
  }
  return out;
}

function runPatch(ctx: RunCtx): void {
  const type = ctx.str("type") || "strategic";
  if (!["json", "merge", "strategic"].includes(type)) throw new KubectlError(`--type must be one of [json merge strategic], not "${type}"`);
  let text = ctx.str("patch");
  if (ctx.str("patch-file")) text = readLocal(ctx, ctx.str("patch-file"));
  if (!text) throw new KubectlError("must specify --patch or --patch-file containing the contents of the patch");
  let patch: J;
  try {
    patch = loadGoYaml(text, { json: false });
  } catch (e) {
    throw new KubectlError(`unable to parse "${text}": ${(e as Error).message.split("\n")[0]}`);
  }
  if (type === "json" && !Array.isArray(patch)) throw new KubectlError(`unable to parse "${text}": json: cannot unmarshal object into Go value of type jsonpatch.Patch`);
  const dry = dryRunStrategy(ctx);
  const api = ctx.lab.api();
  for (const t of targets(ctx, ctx.args)) {
    const live = api.get(t.resource.name, t.namespace, t.name);
    let next: KubeObject;
    if (type === "json") next = applyJsonPatch(live, patch);
    else if (type === "merge") next = mergePatch(live, patch) as KubeObject;
    else next = strategicMergePatch(live, patch) as KubeObject;
    const changed = JSON.stringify(next) !== JSON.stringify(live);
    const res = !changed || dry === "client" ? next : api.update(t.resource.name, next, { dryRun: dry === "server" });
    ctx.out(makePrinter(ctx.str("output"), { operation: operationSuffix(changed ? "patched" : "patched (no change)", dry) }).print(res));
  }
}

export const patchCommand: CommandSpec = fromHelp("patch", { run: runPatch });

// Helpers shared by kubectl verbs: --dry-run strategy, klog warning lines, patches.

import type { FlagDef } from "./flags.ts";
import { KubectlError, type RunCtx } from "./cobra.ts";

export type DryRun = "none" | "client" | "server";

export const DRY_RUN_FLAG: FlagDef = { name: "dry-run", type: "string", default: "none", noOptDefVal: "unchanged" };

/** A klog line: `W1122 16:21:29.321169   27637 helpers.go:702] msg`. */
export function klog(level: "I" | "W" | "E", nowMs: number, file: string, msg: string): string {
  const d = new Date(nowMs);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const micros = String(d.getUTCMilliseconds() * 1000).padStart(6, "0");
  const stamp = `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${micros}`;
  return `${level}${stamp} ${String(KUBECTL_PID).padStart(7)} ${file}] ${msg}\n`;
}

/** The simulated kubectl process id in klog lines. */
export const KUBECTL_PID = 4242;

/** cmdutil.GetDryRunStrategy, with its deprecation warnings. */
export function dryRunStrategy(ctx: RunCtx): DryRun {
  const v = ctx.str("dry-run");
  const t = ["1", "t", "T", "TRUE", "true", "True"], f = ["0", "f", "F", "FALSE", "false", "False"];
  if (t.includes(v) || f.includes(v)) {
    const b = t.includes(v);
    ctx.err(klog("W", ctx.lab.now(), "helpers.go:716", `--dry-run=${v} is deprecated (boolean value) and can be replaced with --dry-run=${b ? "client" : "none"}.`));
    return b ? "client" : "none";
  }
  switch (v) {
    case "unchanged":
      ctx.err(klog("W", ctx.lab.now(), "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client."));
      return "client";
    case "client":
    case "server":
    case "none":
      return v;
    default:
      throw new KubectlError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  }
}

export function operationSuffix(op: string, dry: DryRun): string {
  return dry === "client" ? `${op} (dry run)` : dry === "server" ? `${op} (server dry run)` : op;
}

type J = unknown;
const isObj = (v: J): v is Record<string, J> => v !== null && typeof v === "object" && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: J, patch: J): J {
  if (!isObj(patch)) return patch;
  const out: Record<string, J> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Merge keys of list fields in the core API types (strategic merge patch). */
const MERGE_KEYS: Record<string, string> = {
  containers: "name", initContainers: "name", ephemeralContainers: "name", env: "name", volumes: "name",
  volumeMounts: "mountPath", ports: "containerPort", imagePullSecrets: "name", hostAliases: "ip",
};

/** A strategic merge patch (lists with a merge key merged by key; others replaced). */
export function strategicMergePatch(target: J, patch: J): J {
  if (!isObj(patch)) return patch;
  const out: Record<string, J> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) { delete out[k]; continue; }
    const key = MERGE_KEYS[k];
    if (key && Array.isArray(v) && Array.isArray(out[k])) {
      const list = [...(out[k] as J[])];
      for (const item of v) {
        const idx = isObj(item) ? list.findIndex((x) => isObj(x) && x[key] === item[key]) : -1;
        if (idx >= 0) list[idx] = strategicMergePatch(list[idx], item);
        else list.push(item);
      }
      out[k] = list;
    } else out[k] = strategicMergePatch(out[k], v);
  }
  return out;
}

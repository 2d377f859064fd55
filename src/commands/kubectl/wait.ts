// kubectl wait (k8s.io/kubectl/pkg/cmd/wait): --for=delete | condition=NAME[=VALUE] |
// jsonpath={…}[=VALUE] over the objects named, selected (-l, --all) or in -f; `<type>/<name>
// condition met` per object, `timed out waiting for the condition on <resource>/<name>` after
// --timeout (default 30s). Polls the API every second of lab time (kubectl watches).

import type { KubeObject } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { KubectlError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { parseGoDuration } from "./flags.ts";
import { fromHelp } from "./spec.ts";
import { targets } from "./verbs.ts";
import { makePrinter } from "./printers/output.ts";
import { executeJsonPath, parseJsonPath } from "./printers/jsonpath.ts";
import { sortKeysDeep } from "./printers/json.ts";

type Check = (o: KubeObject | undefined) => boolean;

function conditionFor(forCondition: string): { check: Check; deletion: boolean } {
  if (forCondition.toLowerCase() === "delete") return { check: (o) => o === undefined, deletion: true };
  if (forCondition.startsWith("condition=")) {
    let name = forCondition.slice("condition=".length);
    let value = "true";
    const eq = name.indexOf("=");
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return {
      deletion: false,
      check: (o) => {
        for (const c of (o?.status?.conditions as { type?: string; status?: string }[] | undefined) ?? []) {
          if ((c.type ?? "").toLowerCase() !== name.toLowerCase()) continue;
          return (c.status ?? "").toLowerCase() === value.toLowerCase();
        }
        return false;
      },
    };
  }
  if (forCondition.startsWith("jsonpath=")) {
    const spec = forCondition.slice("jsonpath=".length);
    const close = spec.lastIndexOf("}");
    const expr = close >= 0 ? spec.slice(0, close + 1) : spec;
    const rest = close >= 0 ? spec.slice(close + 1) : "";
    const value = rest.startsWith("=") ? rest.slice(1) : undefined;
    const nodes = parseJsonPath(expr);
    return {
      deletion: false,
      check: (o) => {
        if (!o) return false;
        let got: string;
        try {
          got = executeJsonPath(nodes, sortKeysDeep(o));
        } catch {
          return false;
        }
        return value === undefined ? got !== "" : got === value;
      },
    };
  }
  throw new KubectlError(`unrecognized condition: "${forCondition}"`);
}

async function runWait(ctx: RunCtx): Promise<void> {
  const { check, deletion } = conditionFor(ctx.str("for"));
  const timeoutMs = parseGoDuration(ctx.str("timeout") || "30s") ?? 30_000;
  const api = ctx.lab.api();
  const ts = targets(ctx, ctx.args, { selector: ctx.str("selector"), all: ctx.bool("all") });
  if (!ts.length && !deletion) throw new KubectlError("no matching resources found");
  const printer = makePrinter(ctx.str("output"), { operation: "condition met" });
  for (const t of ts) {
    const fetch = (): KubeObject | undefined => {
      try {
        return api.get(t.resource.name, t.namespace, t.name);
      } catch (e) {
        if (e instanceof ApiError && e.reason === "NotFound") return undefined;
        throw e;
      }
    };
    let obj = fetch();
    // the builder's GET: a missing object is an error except when waiting for its deletion
    if (!obj && !deletion) api.get(t.resource.name, t.namespace, t.name);
    if (!obj && deletion) continue;
    const last = obj;
    let waited = 0;
    while (!check(obj)) {
      if (waited >= timeoutMs || ctx.io.signal?.aborted) throw new KubectlError(`timed out waiting for the condition on ${t.resource.name}/${t.name}`);
      const step = Math.min(1000, timeoutMs - waited);
      await ctx.lab.sleep(step, ctx.io.signal);
      waited += step;
      obj = fetch();
    }
    ctx.out(printer.print(obj ?? last!));
  }
}

export const waitCommand: CommandSpec = fromHelp("wait", { run: runWait });

// kubectl delete (k8s.io/kubectl/pkg/cmd/delete): names, type/name, -l, --all,
// --grace-period, --force (with its warning), --now, --wait, --ignore-not-found, --dry-run.

import type { KubeObject } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { KubectlError, RawError, errorText, type CommandSpec, type RunCtx } from "./cobra.ts";
import { DRY_RUN_FLAG, dryRunStrategy } from "./common.ts";
import type { ApiResource } from "./discovery.ts";
import { parseResourceArgs } from "./get.ts";
import { HELP } from "./help-data.ts";
import { readInfos } from "./apply.ts";
import { matchLabels } from "../../engine/api/selectors.ts";
import { builderSelector } from "./get.ts";

const FORCE_WARNING =
  "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n";

/** How long `kubectl delete` waits at most (virtual time) before giving up. */
const MAX_WAIT_MS = 3600_000;

function kindName(r: ApiResource): string {
  const k = r.kind.toLowerCase();
  return r.group ? `${k}.${r.group}` : k;
}

async function runDelete(ctx: RunCtx): Promise<void> {
  const selector = ctx.str("selector");
  const all = ctx.bool("all");
  if (ctx.args.length === 0 && ctx.arr("filename").length === 0 && !ctx.str("kustomize")) {
    throw new KubectlError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  let grace = ctx.num("grace-period");
  const force = ctx.bool("force");
  if (ctx.bool("now")) {
    if (grace !== -1) throw new KubectlError("--now and --grace-period cannot be specified together");
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace > 0) throw new KubectlError("--force and --grace-period greater than 0 cannot be specified together");
  if (force && grace < 0) grace = 0;
  if (all && selector) throw new KubectlError("setting 'all' parameter but found a non empty selector. ");
  const dry = dryRunStrategy(ctx);
  const fromFiles = ctx.arr("filename").length > 0 || !!ctx.str("kustomize");
  if (fromFiles && ctx.args.length) throw new KubectlError("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well");
  // resource.Builder: TYPE NAME… / TYPE -l / TYPE --all, or the objects of -f (filtered by -l)
  const requests: { resource: ApiResource; names: string[]; source?: string; targets?: { name: string; ns: string | undefined }[] }[] = fromFiles
    ? []
    : parseResourceArgs(ctx.args);
  const hasNames = requests.some((r) => r.names.length > 0);
  if (!fromFiles) {
    if (hasNames && (selector || all)) throw new KubectlError("name cannot be provided when a selector is specified");
    if (!hasNames && !selector && !all) throw new KubectlError("resource(s) were provided, but no name was specified");
  } else {
    const reqs = selector ? builderSelector(selector) : undefined;
    for (const info of readInfos(ctx)) {
      if (reqs && !matchLabels(reqs, info.obj.metadata.labels)) continue;
      requests.push({ resource: info.resource, names: [], source: info.source, targets: [{ name: info.obj.metadata.name!, ns: info.namespace }] });
    }
  }
  // delete.go Complete: --all, -l and --field-selector ignore NotFound unless --ignore-not-found was given
  const ignoreNotFound = ctx.changed("ignore-not-found") ? ctx.bool("ignore-not-found") : all || !!selector || !!ctx.str("field-selector");
  if (force) ctx.err(FORCE_WARNING);

  const api = ctx.lab.api();
  const ns = ctx.namespace();
  const allNs = ctx.bool("all-namespaces");
  const errors: string[] = [];
  const deleted: { r: ApiResource; ns: string | undefined; name: string; uid?: string }[] = [];
  let found = 0;
  let visited = 0;
  for (const req of requests) {
    const namespace = req.resource.namespaced ? (allNs ? undefined : ns) : undefined;
    let targets: { name: string; ns: string | undefined }[];
    if (req.targets) targets = req.targets;
    else if (req.names.length) targets = req.names.map((n) => ({ name: n, ns: namespace }));
    else {
      targets = api
        .list(req.resource.name, namespace, selector ? { labelSelector: selector } : {})
        .map((o: KubeObject) => ({ name: o.metadata.name!, ns: o.metadata.namespace }));
    }
    for (const t of targets) {
      visited++;
      try {
        if (dry === "client") {
          // client dry run prints without contacting the server for the object
          ctx.out(ctx.str("output") === "name" ? `${kindName(req.resource)}/${t.name}\n` : `${kindName(req.resource)} "${t.name}" ${grace === 0 ? "force deleted" : "deleted"} (dry run)\n`);
          found++;
          continue;
        }
        const before = api.delete(req.resource.name, t.ns, t.name, {
          gracePeriodSeconds: grace >= 0 ? grace : undefined,
          propagationPolicy: cascadePolicy(ctx.str("cascade")),
          dryRun: dry === "server",
        });
        found++;
        const op = (grace === 0 ? "force deleted" : "deleted") + (dry === "server" ? " (server dry run)" : "");
        ctx.out(ctx.str("output") === "name" ? `${kindName(req.resource)}/${t.name}\n` : `${kindName(req.resource)} "${t.name}" ${op}\n`);
        if (dry === "none") deleted.push({ r: req.resource, ns: t.ns, name: t.name, uid: before?.metadata?.uid });
      } catch (e) {
        if (e instanceof ApiError && e.reason === "NotFound" && ignoreNotFound) continue;
        if (e instanceof ApiError) {
          // cmdutil.AddSourceToErr("deleting", source, err)
          if (req.source) e.message = `error when deleting "${req.source}": ${e.message}`;
          errors.push(errorText(e).text);
        } else throw e;
      }
    }
  }
  if (fromFiles ? visited === 0 : found === 0 && !hasNames && errors.length === 0 && !ctx.bool("ignore-not-found")) ctx.out("No resources found\n");

  if (ctx.bool("wait") && deleted.length) {
    const timeoutMs = 0; // --timeout=0: kubectl waits up to a week; the lab bounds it
    const limit = timeoutMs > 0 ? timeoutMs : MAX_WAIT_MS;
    let waited = 0;
    for (const d of deleted) {
      // kubectl waits for this object (by UID) to go: a mirror pod recreated under the same name does not count
      const stillThere = () => {
        try {
          const cur = api.get(d.r.name, d.ns, d.name);
          return !d.uid || cur.metadata.uid === d.uid;
        } catch {
          return false;
        }
      };
      while (stillThere() && waited < limit) {
        if (ctx.io.signal?.aborted) throw new RawError("", 130);
        await ctx.lab.sleep(1000, ctx.io.signal);
        waited += 1000;
      }
    }
  }
  if (errors.length) throw new RawError(errors.join(""));
}

function cascadePolicy(v: string): "Foreground" | "Background" | "Orphan" | undefined {
  switch (v) {
    case "foreground":
      return "Foreground";
    case "orphan":
    case "false":
      return "Orphan";
    case "background":
    case "true":
    case "":
      return "Background";
    default:
      throw new KubectlError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
  }
}

export const deleteCommand: CommandSpec = {
  name: "delete",
  help: HELP["delete"],
  flags: [
    { name: "all", type: "bool" },
    { name: "all-namespaces", short: "A", type: "bool" },
    { name: "cascade", type: "string", default: "background", noOptDefVal: "background" },
    DRY_RUN_FLAG,
    { name: "field-selector", type: "string" },
    { name: "filename", short: "f", type: "stringSlice" },
    { name: "force", type: "bool" },
    { name: "grace-period", type: "int", default: -1 },
    { name: "ignore-not-found", type: "bool" },
    { name: "interactive", short: "i", type: "bool" },
    { name: "kustomize", short: "k", type: "string" },
    { name: "now", type: "bool" },
    { name: "output", short: "o", type: "string" },
    { name: "raw", type: "string" },
    { name: "recursive", short: "R", type: "bool" },
    { name: "selector", short: "l", type: "string" },
    { name: "timeout", type: "duration", default: "0s" },
    { name: "wait", type: "bool", default: true },
  ],
  run: runDelete,
};

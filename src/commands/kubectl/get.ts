// kubectl get (k8s.io/kubectl/pkg/cmd/get): resource/name arguments, server tables,
// -o wide|yaml|json|name|jsonpath|custom-columns, -A, -l, --show-labels, --no-headers.

import type { KubeObject } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { KubectlError, RawError, errorText, type CommandSpec, type RunCtx } from "./cobra.ts";
import { resolveResource, apiVersionOf, type ApiResource } from "./discovery.ts";
import { HELP } from "./help-data.ts";
import { readInfos } from "./apply.ts";
import { makePrinter } from "./printers/output.ts";
import { renderTable, tableLines, toTable } from "./printers/table.ts";
import { customResourceTable } from "./printers/crd-table.ts";
import { toYaml } from "./printers/yaml.ts";
import { marshalIndent, sortKeysDeep } from "./printers/json.ts";
import { executeJsonPath, parseJsonPath } from "./printers/jsonpath.ts";
import { tabwrite } from "./printers/tabwriter.ts";
import { parseQuantityNanos } from "./quantity.ts";
import { matchLabels, parseLabelSelector, SelectorError } from "../../engine/api/selectors.ts";

export const GET_FORMATS = ["custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml"];

export interface ResourceRequest {
  resource: ApiResource;
  names: string[];
  /** expanded from the "all" category: a kind the server does not serve is skipped */
  fromCategory?: boolean;
  /** the object's own namespace (objects read from -f/-k) */
  namespace?: string;
}

/** Parse `TYPE[,TYPE2] [NAME...]` or `TYPE/NAME...` (resource.Builder's ResourceTypeOrNameArgs). */
export function parseResourceArgs(args: string[]): ResourceRequest[] {
  if (args.some((a) => a.includes("/"))) {
    if (!args.every((a) => a.includes("/"))) {
      throw new KubectlError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    }
    const out: ResourceRequest[] = [];
    for (const a of args) {
      const i = a.indexOf("/");
      const r = resolveResource(a.slice(0, i));
      const last = out[out.length - 1];
      if (last && last.resource === r) last.names.push(a.slice(i + 1));
      else out.push({ resource: r, names: [a.slice(i + 1)] });
    }
    return out;
  }
  const types = args[0].split(",").filter(Boolean);
  const names = args.slice(1);
  if (types.includes("all")) {
    if (names.length) throw new KubectlError("you must specify only one resource");
  }
  const expanded: ResourceRequest[] = [];
  for (const t of types) {
    if (t === "all") {
      for (const n of ["pods", "replicationcontrollers", "services", "daemonsets.apps", "deployments.apps", "replicasets.apps", "statefulsets.apps", "horizontalpodautoscalers.autoscaling", "cronjobs.batch", "jobs.batch"]) {
        expanded.push({ resource: resolveResource(n), names: [...names], fromCategory: true });
      }
    } else expanded.push({ resource: resolveResource(t), names: [...names] });
  }
  return expanded;
}

function engineResource(r: ApiResource): string {
  return r.name;
}

/** resource.Builder's labels.Parse of -l given with -f: a bad selector is kubectl's own error. */
export function builderSelector(selector: string): ReturnType<typeof parseLabelSelector> {
  try {
    return parseLabelSelector(selector);
  } catch (e) {
    if (e instanceof SelectorError) throw new KubectlError(`the provided selector "${selector}" is not valid: unable to parse requirement: ${e.message}`);
    throw e;
  }
}

async function runGet(ctx: RunCtx): Promise<void> {
  const fromFiles = ctx.arr("filename").length > 0 || !!ctx.str("kustomize");
  if (ctx.args.length === 0 && !fromFiles) {
    throw new RawError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples\n",
    );
  }
  const allNs = ctx.bool("all-namespaces");
  const selector = ctx.str("selector");
  const requests = fromFiles
    ? readInfos(ctx).map((i): ResourceRequest => ({ resource: i.resource, names: [i.obj.metadata.name!], namespace: i.namespace }))
    : parseResourceArgs(ctx.args);
  const hasNames = requests.some((r) => r.names.length > 0);
  if (hasNames && allNs) throw new KubectlError("a resource cannot be retrieved by name across all namespaces");
  if (hasNames && selector && !fromFiles) throw new KubectlError("name cannot be provided when a selector is specified");
  // resource.Builder with paths: the selector filters what was read (after fetching the latest)
  const fileFilter = fromFiles && selector ? builderSelector(selector) : undefined;

  const output = ctx.str("output");
  const now = ctx.lab.now();
  const ns = ctx.namespace();
  const api = ctx.lab.api();
  const errors: string[] = [];
  const groups: { req: ResourceRequest; objs: KubeObject[] }[] = [];
  for (const req of requests) {
    const namespace = req.resource.namespaced ? (req.namespace ?? (allNs ? undefined : ns)) : undefined;
    const objs: KubeObject[] = [];
    if (req.names.length) {
      for (const name of req.names) {
        try {
          const o = api.get(engineResource(req.resource), namespace, name);
          if (!fileFilter || matchLabels(fileFilter, o.metadata.labels)) objs.push(o);
        } catch (e) {
          if (e instanceof ApiError) {
            if (!(e.reason === "NotFound" && ctx.bool("ignore-not-found"))) errors.push(errorText(e).text);
          } else throw e;
        }
      }
    } else {
      // the printers only read: the store's own objects, not deep copies
      const opts: { labelSelector?: string; fieldSelector?: string; readOnly?: boolean } = { readOnly: true };
      if (selector) opts.labelSelector = selector;
      if (ctx.str("field-selector")) opts.fieldSelector = ctx.str("field-selector");
      try {
        objs.push(...api.list(engineResource(req.resource), namespace, opts));
      } catch (e) {
        if (!(req.fromCategory && e instanceof ApiError && e.reason === "NotFound")) throw e;
      }
    }
    groups.push({ req, objs });
  }
  const sortBy = ctx.str("sort-by");
  if (sortBy) for (const g of groups) g.objs = sortObjects(g.objs, sortBy);
  const all = groups.flatMap((g) => g.objs);
  const single = requests.length === 1 && requests[0].names.length === 1;
  const clean = (o: KubeObject): KubeObject => {
    if (ctx.bool("show-managed-fields")) return o;
    const c = { ...o, metadata: { ...o.metadata } };
    delete c.metadata.managedFields;
    return c;
  };

  const watching = ctx.bool("watch") || ctx.bool("watch-only");
  if (ctx.bool("watch-only")) {
    // nothing printed before the first change
  } else if (output === "" || output === "wide") {
    const multiKinds = groups.length > 1;
    let text = "";
    for (const g of groups) {
      if (!g.objs.length) continue;
      const t = customResourceTable(g.req.resource, g.objs, now) ?? toTable(g.req.resource.name, g.objs, now);
      const lines = tableLines(t, {
        wide: output === "wide",
        noHeaders: ctx.bool("no-headers"),
        showLabels: ctx.bool("show-labels"),
        withNamespace: allNs && g.req.resource.namespaced,
        kindPrefix: multiKinds || ctx.bool("show-kind") ? `${kindPrefix(g.req.resource)}/` : undefined,
        labelColumns: ctx.arr("label-columns"),
      });
      if (text) text += "\n";
      text += renderTable(lines);
    }
    ctx.out(text);
  } else if (all.length) {
    const [kind, arg] = output.includes("=") ? [output.slice(0, output.indexOf("=")), output.slice(output.indexOf("=") + 1)] : [output, ""];
    if (kind === "custom-columns") ctx.out(customColumns(arg, all.map(clean), ctx.bool("no-headers")));
    else if (single) ctx.out(makePrinter(output, { allowed: GET_FORMATS }).print(clean(all[0])));
    else {
      const list = { apiVersion: "v1", items: all.map(clean), kind: "List", metadata: { resourceVersion: "" } };
      if (kind === "yaml") ctx.out(toYaml(list));
      else if (kind === "json") ctx.out(marshalIndent(sortKeysDeep(list)) + "\n");
      else if (kind === "name") {
        const p = makePrinter("name", { allowed: GET_FORMATS });
        for (const o of all) ctx.out(p.print(o));
      } else ctx.out(makePrinter(output, { allowed: GET_FORMATS }).print(list as unknown as KubeObject));
    }
  }
  if (errors.length) throw new RawError(errors.join(""));
  if (all.length === 0 && (!hasNames || fileFilter) && !watching) {
    const nsScoped = requests.every((r) => r.resource.namespaced) && !allNs;
    ctx.err(nsScoped ? `No resources found in ${ns} namespace.\n` : "No resources found\n");
  }
  if (watching) await watchChanges(ctx, requests, allNs ? undefined : ns, selector, output, all.length);
}

/**
 * get -w: after the list, one line per watch event (ADDED/MODIFIED/DELETED) of the objects the
 * request selects, each flushed through its own tabwriter as kubectl's watch printer does (so a
 * row's widths are its own), until Ctrl-C. Without io.signal (the headless CLI) it returns at
 * once. The events come from the store's watch: ApiClient has no watch call yet.
 */
async function watchChanges(ctx: RunCtx, requests: ResourceRequest[], namespace: string | undefined, selector: string, output: string, printed: number): Promise<void> {
  const signal = ctx.io.signal;
  const store = (ctx.lab.cluster as unknown as { store?: { watch(fn: (e: { type: string; resource: string; object: KubeObject }) => void, f: { resources: string[] }): () => void } } | undefined)?.store;
  if (!signal || !store) return;
  const reqs = selector ? parseLabelSelector(selector) : undefined;
  const byResource = new Map(requests.map((r) => [r.resource.name, r]));
  const queue: { resource: ApiResource; obj: KubeObject }[] = [];
  const stop = store.watch(
    (e) => {
      const r = byResource.get(e.resource);
      if (!r) return;
      const o = e.object;
      if (r.resource.namespaced && namespace !== undefined && o.metadata.namespace !== namespace) return;
      if (r.names.length && !r.names.includes(o.metadata.name!)) return;
      if (reqs && !matchLabels(reqs, o.metadata.labels)) return;
      queue.push({ resource: r.resource, obj: o });
    },
    { resources: [...byResource.keys()] },
  );
  const printer = output && output !== "wide" ? makePrinter(output, { allowed: GET_FORMATS }) : undefined;
  let count = printed;
  try {
    while (!signal.aborted) {
      for (const { resource, obj } of queue.splice(0)) {
        if (printer) {
          if (output === "yaml" && count++ > 0) ctx.out("---\n");
          ctx.out(printer.print(obj));
          continue;
        }
        const lines = tableLines(customResourceTable(resource, [obj], ctx.lab.now()) ?? toTable(resource.name, [obj], ctx.lab.now()), {
          wide: output === "wide",
          noHeaders: count++ > 0 || ctx.bool("no-headers"),
          showLabels: ctx.bool("show-labels"),
          withNamespace: namespace === undefined && resource.namespaced,
          labelColumns: ctx.arr("label-columns"),
        });
        ctx.out(renderTable(lines));
      }
      await ctx.lab.sleep(250, signal);
    }
  } finally {
    stop();
  }
  throw new RawError("", 130);
}

/** --sort-by: a relaxed JSONPath, evaluated on each object; stable, numbers and quantities by value. */
export function sortObjects(objs: KubeObject[], field: string): KubeObject[] {
  let expr = field.trim();
  if (!expr.startsWith("{")) expr = `{${expr.startsWith(".") ? expr : "." + expr}}`;
  let nodes;
  try {
    nodes = parseJsonPath(expr);
  } catch (e) {
    throw new KubectlError(`couldn't parse sort-by field ${JSON.stringify(field)}: ${(e as Error).message}`);
  }
  const keyed = objs.map((o) => {
    let v = "";
    try {
      v = executeJsonPath(nodes, sortKeysDeep(o));
    } catch {
      v = "";
    }
    return { o, v };
  });
  const numeric = (s: string): number | undefined => {
    if (s === "" || !/^[+-]?\d/.test(s)) return undefined;
    if (/^[+-]?\d+(\.\d+)?$/.test(s)) return Number(s);
    try {
      return Number(parseQuantityNanos(s).nanos);
    } catch {
      return undefined;
    }
  };
  return keyed
    .sort((a, b) => {
      const x = numeric(a.v), y = numeric(b.v);
      if (x !== undefined && y !== undefined) return x - y;
      return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    })
    .map((k) => k.o);
}

function kindPrefix(r: ApiResource): string {
  const k = r.kind.toLowerCase();
  return r.group ? `${k}.${r.group}` : k;
}

/** -o custom-columns=HEADER:.json.path,… */
function customColumns(spec: string, objs: KubeObject[], noHeaders: boolean): string {
  if (!spec) throw new KubectlError("custom-columns format specified but no custom columns given");
  const cols = spec.split(",").map((c) => {
    const i = c.indexOf(":");
    if (i < 0) throw new KubectlError(`unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
    let path = c.slice(i + 1);
    if (!path.startsWith("{")) path = `{${path.startsWith(".") ? path : "." + path}}`;
    return { header: c.slice(0, i), nodes: parseJsonPath(path) };
  });
  const lines: string[] = [];
  if (!noHeaders) lines.push(cols.map((c) => c.header).join("\t"));
  for (const o of objs) {
    const data = sortKeysDeep(o);
    lines.push(cols.map((c) => executeJsonPath(c.nodes, data) || "<none>").join("\t"));
  }
  return tabwrite(lines.join("\n") + "\n", 6, 3);
}

export const getCommand: CommandSpec = {
  name: "get",
  help: HELP["get"],
  flags: [
    { name: "all-namespaces", short: "A", type: "bool" },
    { name: "allow-missing-template-keys", type: "bool", default: true },
    { name: "chunk-size", type: "int64", default: 500 },
    { name: "field-selector", type: "string" },
    { name: "filename", short: "f", type: "stringSlice" },
    { name: "ignore-not-found", type: "bool" },
    { name: "kustomize", short: "k", type: "string" },
    { name: "label-columns", short: "L", type: "stringSlice" },
    { name: "no-headers", type: "bool" },
    { name: "output", short: "o", type: "string" },
    { name: "output-watch-events", type: "bool" },
    { name: "raw", type: "string" },
    { name: "recursive", short: "R", type: "bool" },
    { name: "selector", short: "l", type: "string" },
    { name: "server-print", type: "bool", default: true },
    { name: "show-kind", type: "bool" },
    { name: "show-labels", type: "bool" },
    { name: "show-managed-fields", type: "bool" },
    { name: "sort-by", type: "string" },
    { name: "subresource", type: "string" },
    { name: "template", type: "string" },
    { name: "watch", short: "w", type: "bool" },
    { name: "watch-only", type: "bool" },
  ],
  run: runGet,
};

export { apiVersionOf };

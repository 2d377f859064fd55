// kubectl auth can-i (staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go, v1.32): a
// SelfSubjectAccessReview for VERB TYPE[/NAME] or VERB NONRESOURCEURL, or with --list a
// SelfSubjectRulesReview printed as kubectl's rules table (BreakdownRule, CompactRules,
// sorted by the PolicyRule's String()).

import { ApiError } from "../../engine/api/errors.ts";
import type { AccessReview, Attributes, AuthorizingClient, RulesReview } from "../../engine/api/rbac.ts";
import type { ApiClient } from "../../engine/api/client.ts";
import { KubectlError, RawError, type RunCtx } from "./cobra.ts";
import { resolveResource, ResourceTypeError } from "./discovery.ts";
import { DISCOVERY } from "./discovery-data.ts";
import { tabwrite } from "./printers/tabwriter.ts";

const RESOURCE_VERBS = new Set(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind", "impersonate", "*", "approve", "sign", "escalate", "attest"]);
const NON_RESOURCE_URL_VERBS = new Set(["get", "put", "post", "head", "options", "delete", "patch", "*"]);
/** server-supported resources that discovery does not list (the impersonate verb's users and groups) */
const NON_STANDARD_RESOURCE_NAMES = new Set(["users", "groups"]);

interface Gvr {
  group: string;
  version: string;
  resource: string;
}

/** printers.WarningPrinter: `Warning: <msg>\n`, the word in bold yellow on a colour terminal. */
function warn(ctx: RunCtx, msg: string): void {
  const env = ctx.io.env;
  const color = ctx.io.tty === true && env.TERM !== "dumb" && !("NO_COLOR" in env);
  ctx.err(`${color ? "\u001b[33;1mWarning:\u001b[0m" : "Warning:"} ${msg}\n`);
}

/** CanIOptions.resourceFor */
function resourceFor(ctx: RunCtx, arg: string): Gvr {
  if (arg === "*") return { group: "", version: "", resource: "*" };
  const lower = arg.toLowerCase();
  // schema.ParseResourceArg: resource.version.group, else resource.group
  const dot = lower.indexOf(".");
  const gr = dot < 0 ? { resource: lower, group: "" } : { resource: lower.slice(0, dot), group: lower.slice(dot + 1) };
  try {
    const r = resolveResource(lower);
    return { group: r.group, version: r.version, resource: r.name };
  } catch (e) {
    if (!(e instanceof ResourceTypeError)) throw e;
  }
  const grString = gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
  if (!NON_STANDARD_RESOURCE_NAMES.has(grString)) {
    warn(ctx, gr.group ? `the server doesn't have a resource type '${gr.resource}' in group '${gr.group}'\n` : `the server doesn't have a resource type '${gr.resource}'\n`);
  }
  return { group: "", version: "", resource: arg };
}

/** isNamespaced: from discovery of the resource's group version; unknown → no answer. */
function isNamespaced(gvr: Gvr): boolean | undefined {
  if (gvr.resource === "*") return true;
  const r = DISCOVERY.find((x) => x.group === gvr.group && x.version === gvr.version && x.name === gvr.resource);
  if (!gvr.version) return undefined;
  return r ? r.namespaced : false;
}

/** A client that does not authorize (a test double, no kubeconfig): the review is POSTed like any create. */
function postReview(api: ApiClient, kind: string): never {
  api.create(kind, { apiVersion: "authorization.k8s.io/v1", kind: "", metadata: {} });
  throw new ApiError("NotFound", 404, "the server could not find the requested resource");
}

function authorizing(api: ApiClient): api is AuthorizingClient {
  return typeof (api as Partial<AuthorizingClient>).accessReview === "function";
}

export function runCanI(ctx: RunCtx): void {
  const list = ctx.bool("list");
  const quiet = ctx.bool("quiet");
  const allNs = ctx.bool("all-namespaces");
  const sub = ctx.str("subresource");
  let verb = "";
  let gvr: Gvr | undefined;
  let nonResourceURL = "";
  let resourceName = "";
  // Complete
  if (list) {
    if (ctx.args.length !== 0) throw new KubectlError("list option must be specified with no arguments");
  } else {
    if (ctx.args.length !== 2) {
      throw new KubectlError("you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
    }
    verb = ctx.args[0];
    if (ctx.args[1].startsWith("/")) nonResourceURL = ctx.args[1];
    else {
      const slash = ctx.args[1].indexOf("/");
      gvr = resourceFor(ctx, slash < 0 ? ctx.args[1] : ctx.args[1].slice(0, slash));
      if (slash >= 0) resourceName = ctx.args[1].slice(slash + 1);
    }
  }
  const api = ctx.lab.api();
  const namespace = allNs ? "" : ctx.namespace();
  // Validate
  if (list) {
    if (quiet || allNs || sub) throw new KubectlError("list option can't be specified with neither quiet, all-namespaces nor subresource options");
  } else {
    if (nonResourceURL) {
      if (sub) throw new KubectlError("--subresource can not be used with NonResourceURL");
      if (!NON_RESOURCE_URL_VERBS.has(verb)) warn(ctx, `verb '${verb}' is not a known verb\n`);
    } else if (gvr && gvr.resource && !allNs) {
      if (isNamespaced(gvr) === false) {
        warn(ctx, gvr.group ? `resource '${gvr.resource}' is not namespace scoped in group '${gvr.group}'\n` : `resource '${gvr.resource}' is not namespace scoped\n`);
      }
      if (!RESOURCE_VERBS.has(verb)) warn(ctx, `verb '${verb}' is not a known verb\n`);
    }
    if (ctx.bool("no-headers")) throw new KubectlError("--no-headers cannot be set without --list specified");
  }

  if (list) {
    if (!authorizing(api)) postReview(api, "selfsubjectrulesreviews");
    api.check({ verb: "create", apiGroup: "authorization.k8s.io", resource: "selfsubjectrulesreviews" });
    printRules(ctx, api.rulesReview(namespace));
    return;
  }
  if (!authorizing(api)) postReview(api, "selfsubjectaccessreviews");
  api.check({ verb: "create", apiGroup: "authorization.k8s.io", resource: "selfsubjectaccessreviews" });
  const attrs: Attributes = nonResourceURL
    ? { verb, path: nonResourceURL }
    : { verb, namespace, apiGroup: gvr!.group, resource: gvr!.resource, subresource: sub, name: resourceName };
  const review: AccessReview = api.accessReview(attrs);
  if (review.allowed) {
    if (!quiet) ctx.out("yes\n");
    return;
  }
  let line = "no";
  if (review.reason) line += ` - ${review.reason}`;
  if (review.evaluationError) line += ` - ${review.evaluationError}`;
  if (!quiet) ctx.out(line + "\n");
  throw new RawError("", 1);
}

// ---------------------------------------------------------------- --list

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

const rule = (p: Partial<Rule>): Rule => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...p });

/** rbacutil.BreakdownRule: one verb, one resource, one name a rule. */
function breakdown(r: Rule): Rule[] {
  const out: Rule[] = [];
  for (const g of r.apiGroups) {
    for (const res of r.resources) {
      for (const v of r.verbs) {
        if (r.resourceNames.length) for (const n of r.resourceNames) out.push(rule({ apiGroups: [g], resources: [res], verbs: [v], resourceNames: [n] }));
        else out.push(rule({ apiGroups: [g], resources: [res], verbs: [v] }));
      }
    }
  }
  for (const u of r.nonResourceURLs) for (const v of r.verbs) out.push(rule({ nonResourceURLs: [u], verbs: [v] }));
  return out;
}

/** rbacutil.CompactRules: rules of one group, one resource and at most one name merge their verbs. */
function compact(rules: Rule[]): Rule[] {
  const out: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple = r.resourceNames.length <= 1 && r.nonResourceURLs.length === 0 && r.apiGroups.length === 1 && r.resources.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames.length > 0, r.resourceNames[0] ?? ""]);
    const have = simple.get(key);
    if (have) have.verbs.push(...r.verbs);
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  out.push(...simple.values());
  return out;
}

/** The generated (*PolicyRule).String() of k8s.io/api, which SortableRuleSlice sorts by. */
function ruleString(r: Rule): string {
  const v = (l: string[]) => `[${l.join(" ")}]`;
  return `&PolicyRule{Verbs:${v(r.verbs)},APIGroups:${v(r.apiGroups)},Resources:${v(r.resources)},ResourceNames:${v(r.resourceNames)},NonResourceURLs:${v(r.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup */
function combineResourceGroup(resources: string[], groups: string[]): string {
  if (!resources.length) return "";
  const i = resources[0].indexOf("/");
  let s = i < 0 ? resources[0] : resources[0].slice(0, i);
  if (groups.length && groups[0] !== "") s += "." + groups[0];
  if (i >= 0) s += "/" + resources[0].slice(i + 1);
  return s;
}

function printRules(ctx: RunCtx, status: RulesReview): void {
  if (status.incomplete) warn(ctx, `the list may be incomplete: ${status.evaluationError}`);
  const rules: Rule[] = [
    ...status.resourceRules.map((r) => rule({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames })),
    ...status.nonResourceRules.map((r) => rule({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
  ];
  const rows = compact(rules.flatMap(breakdown))
    .map((r) => ({ r, key: ruleString(r) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ r }) => r);
  let text = ctx.bool("no-headers") ? "" : "Resources\tNon-Resource URLs\tResource Names\tVerbs\n";
  for (const r of rows) text += `${combineResourceGroup(r.resources, r.apiGroups)}\t[${r.nonResourceURLs.join(" ")}]\t[${r.resourceNames.join(" ")}]\t[${r.verbs.join(" ")}]\n`;
  ctx.out(tabwrite(text));
}

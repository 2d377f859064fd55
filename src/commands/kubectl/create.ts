// kubectl create (k8s.io/kubectl/pkg/cmd/create): `-f FILE` and the generator subcommands.
// Each generator builds the typed object exactly as its Go code does (omitempty fields left out,
// struct fields that always print kept as {} or null), then prints it (client dry run) or
// sends it to the API server.

import type { KubeObject } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { parseLabelSelector, SelectorError } from "../../engine/api/selectors.ts";
import { KubectlError, usageError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { dryRunStrategy, operationSuffix, type DryRun } from "./common.ts";
import { resolveResource, ResourceTypeError } from "./discovery.ts";
import { base64, joinPath, listLocal, LocalFileError, readLocal, statLocal } from "./files.ts";
import { canonicalize } from "./printers/canonical.ts";
import { marshal } from "./printers/json.ts";
import { makePrinter } from "./printers/output.ts";
import { fromHelp } from "./spec.ts";
import { parseQuantity } from "./quantity.ts";
import { runApplyLike } from "./apply.ts";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

type Obj = Record<string, any>;

/** create.NameFromCommandArgs */
export function nameFromArgs(ctx: RunCtx): string {
  const n = ctx.argsLenAtDash === -1 ? ctx.args.length : ctx.argsLenAtDash;
  if (n !== 1) throw usageError(ctx, `exactly one NAME is required, got ${n}`);
  return ctx.args[0];
}

/** util.CreateApplyAnnotation with a typed object (struct-ordered JSON, trailing newline). */
export function setLastApplied(obj: KubeObject, json: string): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: json };
}

export function typedLastApplied(obj: KubeObject): string {
  const c = structuredClone(obj);
  if (c.metadata.annotations) {
    delete c.metadata.annotations[LAST_APPLIED];
    if (!Object.keys(c.metadata.annotations).length) delete c.metadata.annotations;
  }
  return marshal(canonicalize(c)) + "\n";
}

interface Generator {
  /** API resource (plural) */
  resource: string;
  /** extra checks after Complete (Validate) */
  validate?: (ctx: RunCtx, name: string) => void;
  build: (ctx: RunCtx, name: string) => Promise<KubeObject> | KubeObject;
  /** `failed to create deployment: ` — the prefix the Go code wraps server errors in */
  failPrefix?: string | ((ctx: RunCtx) => string);
  /** skip NameFromCommandArgs (create token has its own) */
  noSaveConfig?: boolean;
}

function meta(name: string, ctx: RunCtx, extra: Obj = {}): Obj {
  const m: Obj = { name, ...extra };
  if (ctx.namespaceEnforced()) m.namespace = ctx.namespace();
  m.creationTimestamp = null;
  return m;
}

async function runGenerator(ctx: RunCtx, g: Generator): Promise<void> {
  const name = nameFromArgs(ctx);
  const dry: DryRun = dryRunStrategy(ctx);
  const printer = makePrinter(ctx.str("output"), { operation: operationSuffix("created", dry), typed: true });
  g.validate?.(ctx, name);
  let obj = canonicalize(await g.build(ctx, name));
  if (!g.noSaveConfig && ctx.bool("save-config")) {
    setLastApplied(obj, typedLastApplied(obj));
    obj = canonicalize(obj);
  }
  if (dry !== "client") {
    const toSend = structuredClone(obj);
    toSend.metadata.namespace = ctx.namespace();
    delete toSend.metadata.creationTimestamp;
    try {
      obj = ctx.lab.api().create(g.resource, toSend, { dryRun: dry === "server" });
    } catch (e) {
      if (e instanceof ApiError && g.failPrefix) {
        const p = typeof g.failPrefix === "function" ? g.failPrefix(ctx) : g.failPrefix;
        throw new KubectlError(p + e.message);
      }
      throw e;
    }
  }
  ctx.out(printer.print(obj));
}

function generator(path: string, g: Generator, extra: Partial<CommandSpec> = {}): CommandSpec {
  return fromHelp(path, { run: (ctx) => runGenerator(ctx, g), ...extra });
}

// ---------------------------------------------------------------- helpers from k8s.io/kubectl/pkg/util

/** util.ParseLiteralSource */
function parseLiteralSource(source: string): [string, string] {
  const i = source.indexOf("=");
  if (i <= 0) throw new KubectlError(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, i), source.slice(i + 1)];
}

/** util.ParseFileSource */
function parseFileSource(source: string): [string, string] {
  const n = source.split("=").length - 1;
  if (n === 0) {
    const parts = source.split("/").filter((p, i, a) => p !== "" || i === a.length - 1);
    let base = parts[parts.length - 1] ?? "";
    if (base === "") base = source.includes("/") ? "/" : ".";
    return [base, source];
  }
  if (n === 1 && source.startsWith("=")) throw new KubectlError(`key name for file path ${source.slice(1)} missing`);
  if (n === 1 && source.endsWith("=")) throw new KubectlError(`file path for key name ${source.slice(0, -1)} missing`);
  if (n > 1) throw new KubectlError("key names or file paths cannot contain '='");
  const [k, v] = source.split("=");
  return [k, v];
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** validation.IsConfigMapKey */
function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push("must be no more than 253 characters");
  if (!CONFIG_KEY.test(key)) errs.push(CONFIG_KEY_MSG);
  if (key === ".") errs.push("must not be '.'");
  else if (key === "..") errs.push("must not be '..'");
  else if (key.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** cmdutil.AddFromEnvFile */
function addFromEnvFile(ctx: RunCtx, file: string, add: (k: string, v: string) => void): void {
  const text = readLocal(ctx, file);
  const lines = text.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.replace(/\r$/, "");
    if (i === 0) line = line.replace(/^\uFEFF/, "");
    line = line.replace(/^\s+/, "");
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const key = eq >= 0 ? line.slice(0, eq) : line;
    if (!ENV_VAR_NAME.test(key)) {
      throw new KubectlError(
        `${JSON.stringify(key)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
      );
    }
    add(key, eq >= 0 ? line.slice(eq + 1) : (ctx.io.env[key] ?? ""));
  });
}

function fileErr(path: string, e: unknown): never {
  if (e instanceof LocalFileError) throw new KubectlError(`error reading ${path}: ${e.errno}`);
  throw e;
}

/** Key/value sources of configmaps and secrets: files first or literals first, as each Go command does. */
function collectSources(ctx: RunCtx, kind: "ConfigMap" | "Secret", add: (k: string, v: string) => void, envDirMsg: string): void {
  const literals = () => {
    for (const s of ctx.arr("from-literal")) {
      const [k, v] = parseLiteralSource(s);
      add(k, v);
    }
  };
  const files = () => {
    for (const src of ctx.arr("from-file")) {
      const [key, path] = parseFileSource(src);
      let t: "file" | "dir";
      try {
        t = statLocal(ctx, path);
      } catch (e) {
        fileErr(path, e);
      }
      if (t === "dir") {
        if (src.includes("=")) throw new KubectlError("cannot give a key name for a directory path");
        for (const f of listLocal(ctx, path)) add(f, readLocal(ctx, joinPath(path, f)));
      } else add(key, readLocal(ctx, path));
    }
  };
  if (kind === "ConfigMap") {
    files();
    literals();
  } else {
    literals();
    files();
  }
  for (const f of ctx.arr("from-env-file")) {
    let t: "file" | "dir";
    try {
      t = statLocal(ctx, f);
    } catch (e) {
      fileErr(f, e);
    }
    if (t === "dir") throw new KubectlError(envDirMsg);
    addFromEnvFile(ctx, f, add);
  }
}

function validateSources(ctx: RunCtx): void {
  if (ctx.arr("from-env-file").length && (ctx.arr("from-file").length || ctx.arr("from-literal").length)) {
    throw new KubectlError("from-env-file cannot be combined with from-file or from-literal");
  }
}

/** hash.ConfigMapHash / SecretHash: sha256 of the encoded object, first 10 hex chars, "encoded" with bcdfghkmt. */
async function contentHash(obj: Obj): Promise<string> {
  const enc = marshal(obj);
  const buf = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(enc));
  const hex = [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const map: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  return hex.slice(0, 10).replace(/[013ae]/g, (c) => map[c]);
}

// ---------------------------------------------------------------- generators

const deployment = generator("create deployment", {
  resource: "deployments",
  failPrefix: "failed to create deployment: ",
  validate: (ctx) => {
    const n = ctx.argsLenAtDash === -1 ? ctx.args.length : ctx.argsLenAtDash;
    if (ctx.arr("image").length > 1 && ctx.args.length > n) throw new KubectlError("cannot specify multiple --image options and command");
  },
  build: (ctx, name) => {
    const labels = { app: name };
    const command = ctx.args.slice(1);
    let rnd = 0;
    const containers = ctx.arr("image").map((image) => {
      let n = image.split("/").pop()!;
      if (n.includes(":")) n = n.split(":")[0];
      if (n.includes("@")) n = n.split("@")[0];
      if (/[_.]/.test(n)) n = `${n.replace(/[_.]/g, "-")}-${ctx.lab.cluster ? ctx.lab.cluster.rand.kubeSuffix(5) : `x${rnd++}xxx`.slice(0, 5)}`;
      const c: Obj = { name: n, image };
      if (command.length) c.command = command;
      c.resources = {};
      return c;
    });
    const port = ctx.num("port");
    if (port >= 0 && containers.length) containers[0].ports = [{ containerPort: port }];
    return {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(name, ctx, { labels }),
      spec: {
        replicas: ctx.num("replicas"),
        selector: { matchLabels: labels },
        template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
        strategy: {},
      },
      status: {},
    };
  },
}, { required: ["image"] });

async function jobFromCronJob(ctx: RunCtx, name: string, from: string): Promise<KubeObject> {
  const slash = from.indexOf("/");
  if (slash < 0) throw new KubectlError(`from must be an existing cronjob`);
  const r = resolveResource(from.slice(0, slash));
  const cj = ctx.lab.api().get(r.name, ctx.namespace(), from.slice(slash + 1));
  if (cj.kind !== "CronJob") throw new KubectlError(`unknown object type *${cj.kind}`);
  const annotations: Obj = { "cronjob.kubernetes.io/instantiate": "manual", ...(cj.spec?.jobTemplate?.metadata?.annotations ?? {}) };
  const m: Obj = { name, annotations };
  if (cj.spec?.jobTemplate?.metadata?.labels) m.labels = cj.spec.jobTemplate.metadata.labels;
  m.ownerReferences = [{ apiVersion: "batch/v1", kind: "CronJob", name: cj.metadata.name, uid: cj.metadata.uid, controller: true }];
  if (ctx.namespaceEnforced()) m.namespace = ctx.namespace();
  m.creationTimestamp = null;
  const spec = structuredClone(cj.spec?.jobTemplate?.spec ?? {});
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.metadata.creationTimestamp ??= null;
  return { apiVersion: "batch/v1", kind: "Job", metadata: m, spec, status: {} };
}

const job = generator("create job", {
  resource: "jobs",
  failPrefix: "failed to create job: ",
  validate: (ctx) => {
    const image = ctx.str("image"), from = ctx.str("from");
    if ((!image && !from) || (image && from)) throw new KubectlError("either --image or --from must be specified");
    if (ctx.args.length > 1 && from) throw new KubectlError("cannot specify --from and command");
  },
  build: (ctx, name) => {
    if (ctx.str("from")) return jobFromCronJob(ctx, name, ctx.str("from"));
    const c: Obj = { name, image: ctx.str("image") };
    if (ctx.args.length > 1) c.command = ctx.args.slice(1);
    c.resources = {};
    return {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: meta(name, ctx),
      spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [c], restartPolicy: "Never" } } },
      status: {},
    };
  },
});

const cronjob = generator("create cronjob", {
  resource: "cronjobs",
  failPrefix: "failed to create cronjob: ",
  build: (ctx, name) => {
    const c: Obj = { name, image: ctx.str("image") };
    if (ctx.args.length > 1) c.command = ctx.args.slice(1);
    c.resources = {};
    return {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: meta(name, ctx),
      spec: {
        schedule: ctx.str("schedule"),
        jobTemplate: {
          metadata: { name, creationTimestamp: null },
          spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [c], restartPolicy: ctx.str("restart") || "OnFailure" } } },
        },
      },
      status: {},
    };
  },
}, { required: ["image", "schedule"] });

const configmap = generator("create configmap", {
  resource: "configmaps",
  failPrefix: "failed to create configmap: ",
  validate: (ctx) => validateSources(ctx),
  build: async (ctx, name) => {
    const data: Record<string, string> = {};
    const add = (k: string, v: string) => {
      const errs = configKeyErrors(k);
      if (errs.length) throw new KubectlError(`${JSON.stringify(k)} is not a valid key name for a ConfigMap: ${errs.join(",")}`);
      if (k in data) throw new KubectlError(`cannot add key ${JSON.stringify(k)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(name)}`);
      data[k] = v;
    };
    collectSources(ctx, "ConfigMap", add, "env config file cannot be a directory");
    const cm: Obj = { apiVersion: "v1", kind: "ConfigMap", metadata: meta(name, ctx) };
    if (Object.keys(data).length) cm.data = data;
    if (ctx.bool("append-hash")) {
      const h = await contentHash({ kind: "ConfigMap", name, data: marshal(data) });
      cm.metadata.name = `${name}-${h}`;
    }
    return cm as KubeObject;
  },
});

function secretData(ctx: RunCtx): Record<string, string> {
  const data: Record<string, string> = {};
  const add = (k: string, v: string) => {
    const errs = configKeyErrors(k);
    if (errs.length) throw new KubectlError(`${JSON.stringify(k)} is not valid key name for a Secret ${errs.join(";")}`);
    if (k in data) throw new KubectlError(`cannot add key ${k}, another key by that name already exists`);
    data[k] = base64(v);
  };
  collectSources(ctx, "Secret", add, "env secret file cannot be a directory");
  return data;
}

function secretObj(ctx: RunCtx, name: string, data: Record<string, string>, type: string): KubeObject {
  const s: Obj = { apiVersion: "v1", kind: "Secret", metadata: meta(name, ctx) };
  if (Object.keys(data).length) s.data = data;
  if (type) s.type = type;
  return s as KubeObject;
}

async function appendHash(ctx: RunCtx, s: KubeObject): Promise<KubeObject> {
  if (ctx.bool("append-hash")) {
    const h = await contentHash({ kind: "Secret", type: s.type ?? "", name: s.metadata.name, data: marshal(s.data ?? {}) });
    s.metadata.name = `${s.metadata.name}-${h}`;
  }
  return s;
}

const secretGeneric = generator("create secret generic", {
  resource: "secrets",
  failPrefix: "failed to create secret ",
  validate: (ctx) => validateSources(ctx),
  build: (ctx, name) => appendHash(ctx, secretObj(ctx, name, secretData(ctx), ctx.str("type"))),
});

const secretTls = generator("create secret tls", {
  resource: "secrets",
  failPrefix: "failed to create secret ",
  validate: (ctx) => {
    if (!ctx.str("cert")) throw new KubectlError("key must be specified");
  },
  build: (ctx, name) => {
    const cert = ctx.str("cert"), key = ctx.str("key");
    if (!key) throw new KubectlError("key must be specified");
    let certText: string, keyText: string;
    try {
      certText = readLocal(ctx, cert);
      keyText = readLocal(ctx, key);
    } catch (e) {
      if (e instanceof LocalFileError) throw new KubectlError(`open ${e.path}: ${e.errno}`);
      throw e;
    }
    if (!/-----BEGIN [A-Z ]*CERTIFICATE-----/.test(certText)) throw new KubectlError("failed to load key pair tls: failed to find any PEM data in certificate input");
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyText)) throw new KubectlError("failed to load key pair tls: failed to find any PEM data in key input");
    return appendHash(ctx, secretObj(ctx, name, { "tls.crt": base64(certText), "tls.key": base64(keyText) }, "kubernetes.io/tls"));
  },
});

const secretDocker = generator("create secret docker-registry", {
  resource: "secrets",
  failPrefix: "failed to create secret ",
  validate: (ctx) => {
    if (!ctx.arr("from-file").length) {
      const missing = ["docker-password", "docker-username"].filter((f) => !ctx.str(f));
      if (missing.length) throw new KubectlError(`required flag(s) ${missing.map((m) => `"${m}"`).join(", ")} not set`);
    }
  },
  build: (ctx, name) => {
    let data: Record<string, string>;
    if (ctx.arr("from-file").length) data = secretData(ctx);
    else {
      const user = ctx.str("docker-username"), pass = ctx.str("docker-password"), email = ctx.str("docker-email");
      const entry: Obj = { username: user, password: pass };
      if (email) entry.email = email;
      entry.auth = base64(`${user}:${pass}`);
      data = { ".dockerconfigjson": base64(marshal({ auths: { [ctx.str("docker-server")]: entry } })) };
    }
    return appendHash(ctx, secretObj(ctx, name, data, "kubernetes.io/dockerconfigjson"));
  },
});

const namespace = generator("create namespace", {
  resource: "namespaces",
  build: (_ctx, name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, creationTimestamp: null }, spec: {}, status: {} }),
});

const serviceaccount = generator("create serviceaccount", {
  resource: "serviceaccounts",
  failPrefix: "failed to create serviceaccount: ",
  build: (ctx, name) => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: meta(name, ctx) }),
});

/** utilsnet.ParsePort(s, true) and the target port of `--tcp`. */
function parsePorts(spec: string): [number, number | string] {
  const parts = spec.split(":");
  const port = parseUint16(parts[0]);
  if (parts.length === 1) return [port, port];
  const t = parts[1];
  if (/^[+-]?\d+$/.test(t)) {
    const n = Number(t);
    if (n < 1 || n > 65535) throw new KubectlError("must be between 1 and 65535, inclusive");
    return [port, n];
  }
  const errs: string[] = [];
  if (t.length > 15) errs.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(t)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (t.includes("--")) errs.push("must not contain consecutive hyphens");
  if (!/[a-z]/.test(t)) errs.push("must contain at least one letter (a-z)");
  if (t.startsWith("-") || t.endsWith("-")) errs.push("must not begin or end with a hyphen");
  if (errs.length) throw new KubectlError(errs.join(","));
  return [port, t];
}

function parseUint16(s: string): number {
  if (!/^\d+$/.test(s)) throw new KubectlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new KubectlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function serviceGen(type: "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"): Generator {
  return {
    resource: "services",
    failPrefix: `failed to create ${type} service: `,
    validate: (ctx) => {
      const clusterIP = ctx.str("clusterip");
      if (clusterIP === "None" && type !== "ClusterIP") throw new KubectlError("ClusterIP=None can only be used with ClusterIP service type");
      if (clusterIP !== "None" && ctx.arr("tcp").length === 0 && type !== "ExternalName") throw new KubectlError("at least one tcp port specifier must be provided");
      if (type === "ExternalName") {
        const n = ctx.str("external-name");
        if (n.length > 253 || !DNS1123_SUBDOMAIN.test(n)) throw new KubectlError(`invalid service external name ${n}`);
      }
    },
    build: (ctx, name) => {
      const ports = ctx.arr("tcp").map((t) => {
        const [port, targetPort] = parsePorts(t);
        const p: Obj = { name: t.replace(/:/g, "-"), protocol: "TCP", port, targetPort };
        const np = type === "NodePort" ? ctx.num("node-port") : 0;
        if (np) p.nodePort = np;
        return p;
      });
      const spec: Obj = {};
      if (ports.length) spec.ports = ports;
      spec.selector = { app: name };
      if (ctx.str("clusterip")) spec.clusterIP = ctx.str("clusterip");
      spec.type = type;
      if (type === "ExternalName") spec.externalName = ctx.str("external-name");
      return { apiVersion: "v1", kind: "Service", metadata: meta(name, ctx, { labels: { app: name } }), spec, status: { loadBalancer: {} } };
    },
  };
}

const VALID_VERBS = ["*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy", "deletecollection", "use", "bind", "escalate", "impersonate"];
const SPECIAL_VERBS: Record<string, [string, string][]> = {
  use: [["policy", "podsecuritypolicies"], ["extensions", "podsecuritypolicies"]],
  bind: [["rbac.authorization.k8s.io", "roles"], ["rbac.authorization.k8s.io", "clusterroles"]],
  escalate: [["rbac.authorization.k8s.io", "roles"], ["rbac.authorization.k8s.io", "clusterroles"]],
  impersonate: [["", "users"], ["", "serviceaccounts"], ["", "groups"], ["authentication.k8s.io", "userextras"]],
};

interface RuleResource { group: string; resource: string; sub: string }

function ruleInputs(ctx: RunCtx): { verbs: string[]; resources: RuleResource[]; names: string[] } {
  let verbs: string[] = [];
  for (const v of ctx.arr("verb")) {
    if (v === "*") {
      verbs = ["*"];
      break;
    }
    if (!verbs.includes(v)) verbs.push(v);
  }
  const resources: RuleResource[] = [];
  for (const r of ctx.arr("resource")) {
    const [main, sub = ""] = splitN(r, "/", 2);
    const [res, group = ""] = splitN(main, ".", 2);
    const rr = { group, resource: res, sub };
    if (res === "*" && !main.includes(".") && !r.includes("/")) {
      resources.splice(0, resources.length, rr);
      break;
    }
    resources.push(rr);
  }
  const names: string[] = [];
  for (const n of ctx.arr("resource-name")) if (!names.includes(n)) names.push(n);
  return { verbs, resources, names };
}

function splitN(s: string, sep: string, n: number): string[] {
  const i = s.indexOf(sep);
  return i < 0 || n < 2 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

/** The mapper's ResourceFor on a (group, resource) pair. */
function mapResource(r: RuleResource): { group: string; resource: string } | ResourceTypeError {
  try {
    const found = resolveResource(r.group ? `${r.resource}.${r.group}` : r.resource);
    return { group: found.group, resource: found.name };
  } catch (e) {
    if (e instanceof ResourceTypeError) return e;
    throw e;
  }
}

function validateRule(ctx: RunCtx, verbs: string[], resources: RuleResource[], requireResources: boolean): void {
  if (verbs.length === 0) throw new KubectlError("at least one verb must be specified");
  for (const v of verbs) if (!VALID_VERBS.includes(v)) ctx.err(`Warning: '${v}' is not a standard resource verb\n`);
  if (requireResources && resources.length === 0) throw new KubectlError("at least one resource must be specified");
  for (const r of resources) {
    if (!r.resource) throw new KubectlError("resource must be specified if apiGroup/subresource specified");
    if (r.resource === "*") return;
    const m = mapResource(r);
    const gr = m instanceof ResourceTypeError ? { group: r.group, resource: r.resource } : m;
    let err: Error | undefined = m instanceof ResourceTypeError ? m : undefined;
    for (const v of verbs) {
      const special = SPECIAL_VERBS[v];
      if (special) {
        if (!special.some(([g, res]) => g === gr.group && res === gr.resource)) {
          throw new KubectlError(`can not perform '${v}' on '${gr.resource}' in group '${gr.group}'`);
        }
        err = undefined;
      }
    }
    if (err) throw new KubectlError(err.message);
  }
}

function policyRules(verbs: string[], resources: RuleResource[], names: string[], nonResourceURLs: string[]): Obj[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const m = mapResource(r);
    const gr = m instanceof ResourceTypeError ? { group: r.group, resource: r.resource } : m;
    const res = r.sub ? `${gr.resource}/${r.sub}` : gr.resource;
    const list = byGroup.get(gr.group) ?? [];
    if (!list.includes(res)) list.push(res);
    byGroup.set(gr.group, list);
  }
  const rules: Obj[] = [];
  for (const g of [...byGroup.keys()].sort()) {
    const rule: Obj = { verbs, apiGroups: [g], resources: byGroup.get(g) };
    if (names.length) rule.resourceNames = names;
    rules.push(rule);
  }
  if (nonResourceURLs.length) rules.push({ verbs, nonResourceURLs });
  return rules;
}

const role = generator("create role", {
  resource: "roles",
  validate: (ctx) => {
    const { verbs, resources } = ruleInputs(ctx);
    validateRule(ctx, verbs, resources, true);
  },
  build: (ctx, name) => {
    const { verbs, resources, names } = ruleInputs(ctx);
    return { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(name, ctx), rules: policyRules(verbs, resources, names, []) };
  },
});

function parseMapStringString(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const kv of s.split(",")) {
    const i = kv.indexOf("=");
    if (i < 0) throw new KubectlError(`invalid argument "${s}" for "--aggregation-rule" flag: ${kv} must be formatted as key=value`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

const clusterrole = generator("create clusterrole", {
  resource: "clusterroles",
  validate: (ctx) => {
    const { verbs, resources, names } = ruleInputs(ctx);
    const urls = ctx.arr("non-resource-url");
    const agg = ctx.str("aggregation-rule");
    if (agg) {
      if (verbs.length || resources.length || names.length || urls.length) {
        throw new KubectlError("aggregation rule must be specified without nonResourceURLs, resources, verbs or resourceNames");
      }
      parseMapStringString(agg);
      return;
    }
    if (urls.length) {
      if (ctx.changed("resource-name") && names.length) throw new KubectlError("non-resource-urls can't be used with resource names");
      for (const u of urls) {
        if (u === "*") continue;
        if (!u.startsWith("/")) throw new KubectlError(`'${u}' is not a valid non-resource URL: it must begin with '/'`);
        const star = u.indexOf("*");
        if (star >= 0 && star !== u.length - 1) throw new KubectlError(`'*' can only be used in non-resource URL's suffix`);
      }
      if (resources.length === 0) {
        if (verbs.length === 0) throw new KubectlError("at least one verb must be specified");
        for (const v of verbs) if (!["get", "post", "put", "delete", "patch", "head", "options", "*"].includes(v)) throw new KubectlError(`invalid verb: '${v}' for nonResourceURL`);
        return;
      }
    }
    validateRule(ctx, verbs, resources, true);
  },
  build: (ctx, name) => {
    const agg = ctx.str("aggregation-rule");
    const cr: Obj = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: meta(name, ctx) };
    if (agg) {
      cr.aggregationRule = { clusterRoleSelectors: [{ matchLabels: parseMapStringString(agg) }] };
      cr.rules = null;
    } else {
      const { verbs, resources, names } = ruleInputs(ctx);
      cr.rules = policyRules(verbs, resources, names, ctx.arr("non-resource-url"));
    }
    return cr as KubeObject;
  },
});

function subjects(ctx: RunCtx): Obj[] {
  const out: Obj[] = [];
  for (const u of ctx.arr("user")) out.push({ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: u });
  for (const g of ctx.arr("group")) out.push({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: g });
  for (const sa of ctx.arr("serviceaccount")) {
    const parts = sa.split(":");
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new KubectlError(`serviceaccount must be <namespace>:<name>`);
    out.push({ kind: "ServiceAccount", namespace: parts[0], name: parts[1] });
  }
  return out;
}

const rolebinding = generator("create rolebinding", {
  resource: "rolebindings",
  validate: (ctx) => {
    const r = ctx.str("role"), cr = ctx.str("clusterrole");
    if ((r && cr) || (!r && !cr)) throw new KubectlError("exactly one of clusterrole or role must be specified");
  },
  build: (ctx, name) => {
    const rb: Obj = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta(name, ctx) };
    const s = subjects(ctx);
    if (s.length) rb.subjects = s;
    rb.roleRef = ctx.str("role")
      ? { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: ctx.str("role") }
      : { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: ctx.str("clusterrole") };
    return rb as KubeObject;
  },
});

const clusterrolebinding = generator("create clusterrolebinding", {
  resource: "clusterrolebindings",
  build: (ctx, name) => {
    const rb: Obj = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: meta(name, ctx) };
    const s = subjects(ctx);
    if (s.length) rb.subjects = s;
    rb.roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: ctx.str("clusterrole") };
    return rb as KubeObject;
  },
}, { required: ["clusterrole"] });

const priorityclass = generator("create priorityclass", {
  resource: "priorityclasses",
  failPrefix: "failed to create priorityclass: ",
  build: (ctx, name) => {
    const pc: Obj = { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: meta(name, ctx), value: ctx.num("value") };
    if (ctx.bool("global-default")) pc.globalDefault = true;
    if (ctx.str("description")) pc.description = ctx.str("description");
    pc.preemptionPolicy = ctx.str("preemption-policy");
    return pc as KubeObject;
  },
});

const RULE_REGEX = /^(?<host>[\w*\-.]*)(?<path>\/.*)=(?<service>[\w-]+):(?<port>[\w-]+)(,(?<istls>tls)=?(?<secretname>[\w-]+)?)?$/;

function backend(svc: string): Obj {
  const [name, port] = svc.split(":");
  return { service: { name, port: /^-?\d+$/.test(port) ? { number: Number(port) } : { name: port } } };
}

const ingress = generator("create ingress", {
  resource: "ingresses",
  failPrefix: "failed to create ingress: ",
  validate: (ctx) => {
    const rules = ctx.arr("rule"), def = ctx.str("default-backend");
    if (!def && !rules.length) {
      throw new KubectlError("not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)");
    }
    for (const r of rules) if (!RULE_REGEX.test(r)) throw new KubectlError(`rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    for (const a of ctx.arr("annotation")) if (!a.includes("=")) throw new KubectlError(`annotation ${a} is invalid and should be in format key=[value]`);
    if (def && def.split(":").length !== 2) throw new KubectlError("default-backend should be in format servicename:serviceport");
  },
  build: (ctx, name) => {
    const annotations: Record<string, string> = {};
    for (const a of ctx.arr("annotation")) {
      const i = a.indexOf("=");
      annotations[a.slice(0, i)] = a.slice(i + 1);
    }
    const spec: Obj = {};
    if (ctx.str("class")) spec.ingressClassName = ctx.str("class");
    if (ctx.str("default-backend")) spec.defaultBackend = backend(ctx.str("default-backend"));
    const tls: Obj[] = [];
    const seenHosts = new Set<string>();
    for (const rule of ctx.arr("rule")) {
      const parts = rule.split(",");
      if (parts.length !== 2) continue;
      const host = rule.split("/")[0];
      const sn = parts[1].split("=");
      const secret = sn.length > 1 ? sn[1] : "";
      const idx = tls.findIndex((t) => (t.secretName ?? "") === secret);
      if (seenHosts.has(host)) continue;
      if (idx > -1) {
        (tls[idx].hosts ??= []).push(host);
        seenHosts.add(host);
        continue;
      }
      const t: Obj = {};
      if (host) t.hosts = [host];
      if (secret) t.secretName = secret;
      if (t.hosts || t.secretName) tls.push(t);
      seenHosts.add(host);
    }
    if (tls.length) spec.tls = tls;
    const rules: Obj[] = [];
    for (const rule of ctx.arr("rule")) {
      const noTls = rule.split(",")[0];
      const slash = noTls.indexOf("/");
      const host = noTls.slice(0, slash);
      const pathsvc = noTls.slice(slash + 1).split("=");
      let path = "/" + pathsvc[0];
      let pathType = "Exact";
      if (path.endsWith("*")) {
        pathType = "Prefix";
        path = path.slice(0, -1);
      }
      const p = { path, pathType, backend: backend(pathsvc[1]) };
      const idx = rules.findIndex((r) => (r.host ?? "") === host);
      if (idx > -1) {
        rules[idx].http.paths.push(p);
        continue;
      }
      const r: Obj = {};
      if (host) r.host = host;
      r.http = { paths: [p] };
      rules.push(r);
    }
    if (rules.length) spec.rules = rules;
    const m = meta(name, ctx);
    if (Object.keys(annotations).length) m.annotations = annotations;
    return { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: m, spec, status: { loadBalancer: {} } };
  },
});

function intOrString(s: string): number | string {
  return /^-?\d+$/.test(s) && Math.abs(Number(s)) < 2 ** 31 ? Number(s) : s;
}

const pdb = generator("create poddisruptionbudget", {
  resource: "poddisruptionbudgets",
  failPrefix: "failed to create poddisruptionbudgets: ",
  validate: (ctx) => {
    const min = ctx.str("min-available"), max = ctx.str("max-unavailable");
    if (!ctx.str("selector")) throw new KubectlError("a selector must be specified");
    if (!min && !max) throw new KubectlError("one of min-available or max-unavailable must be specified");
    if (min && max) throw new KubectlError("min-available and max-unavailable cannot be both specified");
    if (min && !/^[0-9]+%?$/.test(min)) throw new KubectlError("invalid format specified for min-available");
    if (max && !/^[0-9]+%?$/.test(max)) throw new KubectlError("invalid format specified for max-unavailable");
  },
  build: (ctx, name) => {
    const spec: Obj = {};
    const min = ctx.str("min-available"), max = ctx.str("max-unavailable");
    if (min) spec.minAvailable = intOrString(min);
    spec.selector = toLabelSelector(ctx.str("selector"));
    if (!min && max) spec.maxUnavailable = intOrString(max);
    return {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta(name, ctx),
      spec,
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    };
  },
});

/** metav1.ParseToLabelSelector */
export function toLabelSelector(s: string): Obj {
  let reqs;
  try {
    reqs = parseLabelSelector(s);
  } catch (e) {
    if (e instanceof SelectorError) throw new KubectlError(`couldn't parse the selector string "${s}": ${e.message}`);
    throw e;
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Obj[] = [];
  for (const r of reqs as Obj[]) {
    const op = r.op ?? r.operator;
    const values: string[] = r.values ?? (r.value !== undefined ? [r.value] : []);
    if ((op === "=" || op === "==" || op === "in") && values.length === 1) matchLabels[r.key] = values[0];
    else if (op === "in") matchExpressions.push({ key: r.key, operator: "In", values });
    else if (op === "notin" || op === "!=") matchExpressions.push({ key: r.key, operator: "NotIn", values });
    else if (op === "exists") matchExpressions.push({ key: r.key, operator: "Exists" });
    else if (op === "!") matchExpressions.push({ key: r.key, operator: "DoesNotExist" });
  }
  const out: Obj = {};
  if (Object.keys(matchLabels).length) out.matchLabels = matchLabels;
  if (matchExpressions.length) out.matchExpressions = matchExpressions;
  return out;
}

const quota = generator("create quota", {
  resource: "resourcequotas",
  failPrefix: "failed to create quota: ",
  build: (ctx, name) => {
    const spec: Obj = {};
    const hard = ctx.str("hard");
    if (hard) {
      const list: Record<string, string> = {};
      for (const st of hard.split(",")) {
        const p = st.split("=");
        if (p.length !== 2) throw new KubectlError(`Invalid argument syntax ${st}, expected <resource>=<value>`);
        list[p[0]] = parseQuantity(p[1]);
      }
      spec.hard = list;
    }
    const scopes = ctx.str("scopes");
    if (scopes) {
      const list = scopes.split(",");
      if (list.includes("")) throw new KubectlError('invalid resource quota scope ""');
      spec.scopes = list;
    }
    return { apiVersion: "v1", kind: "ResourceQuota", metadata: meta(name, ctx), spec, status: {} };
  },
});

// ---------------------------------------------------------------- token

async function runToken(ctx: RunCtx): Promise<void> {
  const name = nameFromArgs(ctx);
  const output = ctx.str("output");
  for (const a of ctx.arr("audience")) if (!a) throw new KubectlError("--audience must not be an empty string");
  const dur = ctx.str("duration");
  const kind = ctx.str("bound-object-kind");
  if (kind && !["Pod", "Secret", "Node"].includes(kind)) {
    throw new KubectlError(`supported --bound-object-kind values are Node, Pod, Secret`);
  }
  if (!kind && (ctx.str("bound-object-name") || ctx.str("bound-object-uid"))) {
    throw new KubectlError("--bound-object-name can only be set if --bound-object-kind is provided");
  }
  const api = ctx.lab.api();
  let sa: KubeObject;
  try {
    sa = api.get("serviceaccounts", ctx.namespace(), name);
  } catch (e) {
    if (e instanceof ApiError) throw new KubectlError(`failed to create token: ${e.message}`);
    throw e;
  }
  const now = Math.floor(ctx.lab.now() / 1000);
  const seconds = dur && dur !== "0s" ? Math.floor((parseDurationMs(dur) ?? 3600_000) / 1000) : 3600;
  const token = fakeJwt(sa, now, seconds, ctx.arr("audience"));
  if (output) {
    const tr = {
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { name, namespace: ctx.namespace(), creationTimestamp: new Date(now * 1000).toISOString().replace(/\.\d+Z$/, "Z") },
      spec: { audiences: ctx.arr("audience").length ? ctx.arr("audience") : ["https://kubernetes.default.svc.cluster.local"], expirationSeconds: seconds, boundObjectRef: null },
      status: { token, expirationTimestamp: new Date((now + seconds) * 1000).toISOString().replace(/\.\d+Z$/, "Z") },
    };
    ctx.out(makePrinter(output).print(tr as unknown as KubeObject));
    return;
  }
  ctx.out(token + "\n");
}

function parseDurationMs(s: string): number | undefined {
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/g;
  let m;
  while ((m = re.exec(s))) total += Number(m[1]) * { h: 3600_000, m: 60_000, s: 1000, ms: 1 }[m[2] as "h"];
  return total;
}

function b64url(s: string): string {
  return base64(s).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

function fakeJwt(sa: KubeObject, iat: number, seconds: number, aud: string[]): string {
  const header = b64url(JSON.stringify({ alg: "RS256", kid: "kubelab-sa-signing-key" }));
  const payload = b64url(
    JSON.stringify({
      aud: aud.length ? aud : ["https://kubernetes.default.svc.cluster.local"],
      exp: iat + seconds,
      iat,
      iss: "https://kubernetes.default.svc.cluster.local",
      jti: sa.metadata.uid,
      "kubernetes.io": { namespace: sa.metadata.namespace, serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid } },
      nbf: iat,
      sub: `system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`,
    }),
  );
  let h = 2166136261;
  const sig: string[] = [];
  for (let i = 0; i < 256; i++) {
    h = Math.imul(h ^ (payload.charCodeAt(i % payload.length) + i), 16777619) >>> 0;
    sig.push(String.fromCharCode(h & 0xff));
  }
  return `${header}.${payload}.${btoa(sig.join("")).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}`;
}

// ---------------------------------------------------------------- the tree

async function runCreateRoot(ctx: RunCtx): Promise<void> {
  if (ctx.arr("filename").length === 0 && !ctx.str("kustomize") && !ctx.bool("edit")) {
    throw new KubectlError("must specify one of -f and -k");
  }
  await runApplyLike(ctx, "create");
}

export const createCommand: CommandSpec = fromHelp("create", {
  run: runCreateRoot,
  children: [
    clusterrole,
    clusterrolebinding,
    configmap,
    cronjob,
    deployment,
    ingress,
    job,
    namespace,
    pdb,
    priorityclass,
    quota,
    role,
    rolebinding,
    fromHelp("create secret", {
      children: [secretDocker, secretGeneric, secretTls],
    }),
    fromHelp("create service", {
      children: [
        generator("create service clusterip", serviceGen("ClusterIP")),
        generator("create service externalname", serviceGen("ExternalName"), { required: ["external-name"] }),
        generator("create service loadbalancer", serviceGen("LoadBalancer")),
        generator("create service nodeport", serviceGen("NodePort")),
      ],
    }),
    serviceaccount,
    fromHelp("create token", { run: runToken }),
  ],
});

export { runGenerator, generator };

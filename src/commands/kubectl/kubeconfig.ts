// The kubeconfig file of this machine ($KUBECONFIG, --kubeconfig, or ~/.kube/config): the current
// context and its namespace (read on every command), and `kubectl config` (k8s.io/kubectl/pkg/cmd/config).

import { loadGoYaml } from "../../engine/go-yaml.ts";
import type { CmdIO, LabContext } from "../types.ts";
import { FsError } from "../../engine/node/fs.ts";
import { KubectlError, RawError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { fromHelp } from "./spec.ts";
import { toYaml } from "./printers/yaml.ts";
import { marshalIndent } from "./printers/json.ts";
import { executeJsonPath, JsonPathError, parseJsonPath } from "./printers/jsonpath.ts";
import { tabwrite } from "./printers/tabwriter.ts";
import { toBase64 } from "../../engine/pki/der.ts";

const b64 = (text: string) => toBase64(new TextEncoder().encode(text));

type Obj = Record<string, any>;

export interface Kubeconfig {
  path: string;
  data: Obj;
}

export function kubeconfigPath(io: CmdIO, flag?: string): string {
  if (flag) return flag;
  const env = io.env.KUBECONFIG;
  if (env) return env.split(":").filter(Boolean)[0] ?? "/root/.kube/config";
  const home = io.env.HOME || "/root";
  return `${home === "/" ? "" : home}/.kube/config`;
}

/** Parsed kubeconfig texts, for the read-only callers (every command reads the file two or three times). */
const parsed = new Map<string, unknown>();

/**
 * The kubeconfig file of this invocation, parsed. readOnly: the caller only reads — the parse
 * of an unchanged file is shared between commands (its data must not be modified).
 */
export function loadKubeconfig(lab: LabContext, io: CmdIO, flag?: string, opts: { readOnly?: boolean } = {}): Kubeconfig | undefined {
  const path = kubeconfigPath(io, flag);
  const fs = lab.machine?.fs;
  if (!fs) return undefined;
  const abs = lab.resolve(io.cwd, path);
  const text = fs.tryRead(abs);
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    if (opts.readOnly && parsed.has(text)) data = parsed.get(text);
    else {
      data = loadGoYaml(text);
      if (opts.readOnly) {
        if (parsed.size >= 16) parsed.clear();
        parsed.set(text, data);
      }
    }
  } catch {
    return undefined;
  }
  if (!data || typeof data !== "object") return { path: abs, data: {} };
  return { path: abs, data: data as Obj };
}

/** The namespace of the current (or --context) context; "default" when unset. */
export function contextNamespace(lab: LabContext, io: CmdIO, kubeconfigFlag?: string, contextFlag?: string): string {
  const kc = loadKubeconfig(lab, io, kubeconfigFlag, { readOnly: true });
  if (!kc) return "default";
  const name = contextFlag || kc.data["current-context"];
  const ctx = (kc.data.contexts ?? []).find((c: Obj) => c?.name === name);
  return ctx?.context?.namespace || "default";
}

/** clientcmd.WriteToFile: MkdirAll(dir, 0755) when the folder does not exist, then os.WriteFile(…, 0600). */
function save(ctx: RunCtx, kc: Kubeconfig): void {
  const fs = ctx.lab.machine.fs;
  try {
    try {
      fs.mkdir(kc.path.slice(0, kc.path.lastIndexOf("/")) || "/", true, 0o755);
    } catch (e) {
      // a file on the way: os.Stat gives ENOTDIR, not IsNotExist, and WriteFile reports it
      if (!(e instanceof FsError)) throw e;
    }
    fs.writeFile(kc.path, toYaml(kc.data), 0o600);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    let up = kc.path.slice(0, kc.path.lastIndexOf("/"));
    while (up && !fs.exists(up)) up = up.slice(0, up.lastIndexOf("/"));
    const notDir = e.code === "ENOTDIR" || (up !== "" && !fs.isDir(up));
    throw new KubectlError(`open ${kc.path}: ${e.code === "EISDIR" ? "is a directory" : notDir ? "not a directory" : "no such file or directory"}`);
  }
}

function load(ctx: RunCtx): Kubeconfig {
  const kc = loadKubeconfig(ctx.lab, ctx.io, ctx.str("kubeconfig") || undefined);
  if (kc) return kc;
  return { path: ctx.lab.resolve(ctx.io.cwd, kubeconfigPath(ctx.io, ctx.str("kubeconfig") || undefined)), data: {} };
}

const list = (d: Obj, k: string): Obj[] => (Array.isArray(d[k]) ? d[k] : []);

function redact(d: Obj, raw: boolean): Obj {
  const c = structuredClone(d);
  if (raw) return c;
  for (const cl of list(c, "clusters")) if (cl.cluster?.["certificate-authority-data"]) cl.cluster["certificate-authority-data"] = "DATA+OMITTED";
  for (const u of list(c, "users")) {
    for (const k of ["client-certificate-data", "client-key-data"]) if (u.user?.[k]) u.user[k] = "DATA+OMITTED";
    for (const k of ["token", "password"]) if (u.user?.[k]) u.user[k] = "REDACTED";
  }
  return c;
}

function normalized(d: Obj): Obj {
  // clientcmd's Config as it serialises: every list present, preferences {}
  const out: Obj = {
    apiVersion: d.apiVersion ?? "v1",
    clusters: list(d, "clusters").length ? list(d, "clusters") : null,
    contexts: list(d, "contexts").length ? list(d, "contexts") : null,
    "current-context": d["current-context"] ?? "",
    kind: d.kind ?? "Config",
    preferences: d.preferences ?? {},
    users: list(d, "users").length ? list(d, "users") : null,
  };
  return out;
}

function runView(ctx: RunCtx): void {
  const kc = load(ctx);
  let d = normalized(redact(kc.data, ctx.bool("raw") || !ctx.bool("flatten") ? ctx.bool("raw") : true));
  if (ctx.bool("minify")) {
    const cur = d["current-context"];
    if (!cur) throw new KubectlError("current-context must exist in order to minify");
    const c = list(d, "contexts").find((x) => x.name === cur);
    d = {
      ...d,
      contexts: c ? [c] : null,
      clusters: list(d, "clusters").filter((x) => x.name === c?.context?.cluster),
      users: list(d, "users").filter((x) => x.name === c?.context?.user),
    };
  }
  const out = ctx.str("output") || "yaml";
  if (out === "yaml") ctx.out(toYaml(d));
  else if (out === "json") ctx.out(marshalIndent(jsonOrder(d)) + "\n");
  else if (out.startsWith("jsonpath=")) {
    const arg = out.slice(9);
    let nodes;
    try {
      nodes = parseJsonPath(arg);
    } catch (e) {
      if (e instanceof JsonPathError) throw new KubectlError(`error parsing jsonpath ${arg}, ${e.message}`);
      throw e;
    }
    ctx.out(executeJsonPath(nodes, d));
  }
  else throw new KubectlError(`unable to match a printer suitable for the output format "${out}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,yaml`);
}

/** clientcmd v1.Config field order for -o json. */
function jsonOrder(d: Obj): Obj {
  const pick = (o: Obj | undefined, keys: string[]): Obj => {
    const out: Obj = {};
    for (const k of keys) if (o?.[k] !== undefined) out[k] = o[k];
    for (const k of Object.keys(o ?? {}).sort()) if (!(k in out)) out[k] = o![k];
    return out;
  };
  return {
    kind: d.kind,
    apiVersion: d.apiVersion,
    preferences: d.preferences,
    clusters: (d.clusters ?? []).map((c: Obj) => ({ name: c.name, cluster: pick(c.cluster, ["server", "tls-server-name", "insecure-skip-tls-verify", "certificate-authority", "certificate-authority-data", "proxy-url"]) })),
    users: (d.users ?? []).map((u: Obj) => ({ name: u.name, user: pick(u.user, ["client-certificate", "client-certificate-data", "client-key", "client-key-data", "token", "tokenFile", "as", "username", "password"]) })),
    contexts: (d.contexts ?? []).map((c: Obj) => ({ name: c.name, context: pick(c.context, ["cluster", "user", "namespace"]) })),
    "current-context": d["current-context"],
  };
}

function runCurrentContext(ctx: RunCtx): void {
  const kc = load(ctx);
  const cur = kc.data["current-context"];
  if (!cur) throw new KubectlError("current-context is not set");
  ctx.out(cur + "\n");
}

function runGetContexts(ctx: RunCtx): void {
  const kc = load(ctx);
  const cur = kc.data["current-context"];
  let contexts = list(kc.data, "contexts");
  const names = ctx.args;
  const missing = names.filter((n) => !contexts.some((c) => c.name === n));
  if (names.length) contexts = contexts.filter((c) => names.includes(c.name));
  contexts = [...contexts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const output = ctx.str("output");
  if (output === "name") {
    for (const c of contexts) ctx.out(c.name + "\n");
  } else {
    if (output && output !== "name") throw new KubectlError(`output must be one of '' or 'name'`);
    let text = ctx.bool("no-headers") ? "" : "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n";
    for (const c of contexts) {
      text += `${c.name === cur ? "*" : ""}\t${c.name}\t${c.context?.cluster ?? ""}\t${c.context?.user ?? ""}\t${c.context?.namespace ?? ""}\n`;
    }
    ctx.out(tabwrite(text, 6, 3));
  }
  if (missing.length) throw new RawError(missing.map((n) => `error: context ${n} not found\n`).join(""));
}

function runUseContext(ctx: RunCtx): void {
  if (ctx.args.length !== 1) {
    ctx.out(ctx.cmd.help ?? "");
    throw new KubectlError(`Unexpected args: [${ctx.args.join(" ")}]`);
  }
  const kc = load(ctx);
  const name = ctx.args[0];
  if (!list(kc.data, "contexts").some((c) => c.name === name)) throw new KubectlError(`no context exists with the name: "${name}"`);
  kc.data["current-context"] = name;
  save(ctx, kc);
  ctx.out(`Switched to context "${name}".\n`);
}

function runSetContext(ctx: RunCtx): void {
  const kc = load(ctx);
  let name: string;
  if (ctx.bool("current")) {
    if (ctx.args.length > 0) throw new KubectlError("you cannot specify both a context name and --current");
    name = kc.data["current-context"];
    if (!name) throw new KubectlError("no current context is set");
  } else {
    if (ctx.args.length === 0 || !ctx.args[0]) throw new KubectlError("you must specify a non-empty context name or --current");
    if (ctx.args.length > 1) {
      ctx.out(ctx.cmd.help ?? "");
      throw new KubectlError(`Unexpected args: [${ctx.args.join(" ")}]`);
    }
    name = ctx.args[0];
  }
  const contexts = (kc.data.contexts = list(kc.data, "contexts"));
  let entry = contexts.find((c) => c.name === name);
  const exists = !!entry;
  if (!entry) {
    entry = { context: {}, name };
    contexts.push(entry);
  }
  entry.context ??= {};
  for (const [flag, key] of [["cluster", "cluster"], ["user", "user"], ["namespace", "namespace"]]) {
    if (ctx.changed(flag)) {
      const v = ctx.str(flag);
      if (v) entry.context[key] = v;
      else delete entry.context[key];
    }
  }
  save(ctx, kc);
  ctx.out(`Context "${name}" ${exists ? "modified" : "created"}.\n`);
}

/** config set-credentials (create_authinfo.go): file paths made absolute, or the files' bytes with --embed-certs. */
function runSetCredentials(ctx: RunCtx): void {
  const kc = load(ctx);
  const name = ctx.args[0];
  if (!name) throw new KubectlError("you must specify a non-empty user name");
  const users = (kc.data.users = list(kc.data, "users"));
  let entry = users.find((u) => u.name === name);
  if (!entry) {
    entry = { name, user: {} };
    users.push(entry);
  }
  entry.user ??= {};
  const embed = ctx.bool("embed-certs");
  for (const [flag, key] of [["client-certificate", "client-certificate"], ["client-key", "client-key"]]) {
    if (!ctx.changed(flag)) continue;
    const file = ctx.str(flag);
    const abs = ctx.lab.resolve(ctx.io.cwd, file);
    if (embed) {
      const text = ctx.lab.machine.fs.tryRead(abs);
      if (text === undefined) throw new KubectlError(`error reading ${key} data from ${file}: open ${file}: no such file or directory`);
      entry.user[`${key}-data`] = b64(text);
      delete entry.user[key];
    } else {
      entry.user[key] = abs;
      delete entry.user[`${key}-data`];
    }
  }
  for (const key of ["token", "username", "password"]) if (ctx.changed(key)) entry.user[key] = ctx.str(key);
  save(ctx, kc);
  ctx.out(`User "${name}" set.\n`);
}

function runGetNames(key: "clusters" | "users", header: string) {
  return (ctx: RunCtx) => {
    const kc = load(ctx);
    ctx.out(header + "\n" + list(kc.data, key).map((c) => c.name + "\n").join(""));
  };
}

function runDeleteContext(ctx: RunCtx): void {
  const kc = load(ctx);
  const name = ctx.args[0];
  const contexts = list(kc.data, "contexts");
  if (!contexts.some((c) => c.name === name)) throw new KubectlError(`cannot delete context ${name}, not in ${kc.path}`);
  if (kc.data["current-context"] === name) ctx.err(`warning: this removed your active context, use "kubectl config use-context" to select a different one\n`);
  kc.data.contexts = contexts.filter((c) => c.name !== name);
  save(ctx, kc);
  ctx.out(`deleted context ${name} from ${kc.path}\n`);
}

export const configCommand: CommandSpec = fromHelp("config", {
  flags: [{ name: "kubeconfig", type: "string" }],
  children: [
    fromHelp("config current-context", { run: runCurrentContext }),
    fromHelp("config delete-context", { run: runDeleteContext }),
    fromHelp("config get-clusters", { run: runGetNames("clusters", "NAME") }),
    fromHelp("config get-contexts", { run: runGetContexts }),
    fromHelp("config get-users", { run: runGetNames("users", "NAME") }),
    fromHelp("config set-context", { run: runSetContext }),
    {
      name: "set-credentials",
      flags: [
        { name: "client-certificate", type: "string", default: "", usage: "Path to client-certificate file for the user entry in kubeconfig" },
        { name: "client-key", type: "string", default: "", usage: "Path to client-key file for the user entry in kubeconfig" },
        { name: "embed-certs", type: "bool", default: false, usage: "Embed client cert/key for the user entry in kubeconfig" },
        { name: "token", type: "string", default: "", usage: "token for the user entry in kubeconfig" },
        { name: "username", type: "string", default: "", usage: "username for the user entry in kubeconfig" },
        { name: "password", type: "string", default: "", usage: "password for the user entry in kubeconfig" },
      ],
      run: runSetCredentials,
    },
    fromHelp("config use-context", { run: runUseContext }),
    fromHelp("config view", { run: runView }),
  ],
});

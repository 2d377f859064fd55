// kubeadm v1.32.5 (cmd/kubeadm/app/cmd): version, token create/list/delete/generate, certs
// check-expiration. Tokens are bootstrap-token Secrets in kube-system, as kubeadm writes
// them; the join command is built from admin.conf (server and CA data) as
// cmdutil.GetJoinWorkerCommand does; certificate expiry follows the files on the node (a
// kubeadm certificate is valid 365 days from when it was written, a CA 10 years). Errors go
// through kubeadm's CheckErr (the message, the --v=5 hint, exit 1).

import type { Command, CmdResult, LabContext } from "../types.ts";
import type { KubeObject } from "../../engine/types.ts";
import { VERSION_INFO } from "../kubectl/version.ts";
import { goTabwriter } from "../node/tabwriter.ts";
import { binaryGitVersion, versionInfo, type VersionInfo } from "../node/versions.ts";
import { runApply, runNode, runPlan } from "./upgrade.ts";
import { certOfFile } from "../../engine/pki/files.ts";

const HINT = "To see the stack trace of this error execute with --v=5 or higher";
const ADMIN_CONF = "/etc/kubernetes/admin.conf";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

class KubeadmError extends Error {}

function checkErr(msg: string, stdout = ""): CmdResult {
  return { stdout, stderr: `${msg}\n${HINT}\n`, exitCode: 1 };
}

/** apimachinery duration.ShortHumanDuration */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / 3600000);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Go's "Jan 02, 2006 15:04 MST" in UTC */
function goDate(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())}, ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())} UTC`;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function goVersionString(v: VersionInfo): string {
  // 1.33's version.Info has the (empty, for a client) compatibility-version fields
  const compat = Number(v.minor) >= 33 ? `EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", ` : "";
  return `&version.Info{Major:"${v.major}", Minor:"${v.minor}", ${compat}GitVersion:"${v.gitVersion}", GitCommit:"${v.gitCommit}", GitTreeState:"${v.gitTreeState}", BuildDate:"${v.buildDate}", GoVersion:"${v.goVersion}", Compiler:"${v.compiler}", Platform:"${v.platform}"}`;
}

function runVersion(output: string, v: VersionInfo = VERSION_INFO): CmdResult {
  switch (output) {
    case "":
      return { stdout: `kubeadm version: ${goVersionString(v)}\n`, stderr: "", exitCode: 0 };
    case "short":
      return { stdout: `${v.gitVersion}\n`, stderr: "", exitCode: 0 };
    case "yaml":
      return {
        stdout: `clientVersion:\n  buildDate: "${v.buildDate}"\n  compiler: ${v.compiler}\n  gitCommit: ${v.gitCommit}\n  gitTreeState: ${v.gitTreeState}\n  gitVersion: ${v.gitVersion}\n  goVersion: ${v.goVersion}\n  major: "${v.major}"\n  minor: "${v.minor}"\n  platform: ${v.platform}\n\n`,
        stderr: "",
        exitCode: 0,
      };
    case "json":
      return {
        stdout: `{\n  "clientVersion": {\n    "major": "${v.major}",\n    "minor": "${v.minor}",\n    "gitVersion": "${v.gitVersion}",\n    "gitCommit": "${v.gitCommit}",\n    "gitTreeState": "${v.gitTreeState}",\n    "buildDate": "${v.buildDate}",\n    "goVersion": "${v.goVersion}",\n    "compiler": "${v.compiler}",\n    "platform": "${v.platform}"\n  }\n}\n`,
        stderr: "",
        exitCode: 0,
      };
    default:
      return checkErr(`invalid output format: ${output}`);
  }
}

interface Parsed {
  words: string[];
  flags: Map<string, string>;
}

const BOOL_FLAGS = new Set([
  "print-join-command", "dry-run", "help", "h", "allow-missing-template-keys", "show-managed-fields",
  "yes", "y", "force", "f", "allow-experimental-upgrades", "allow-release-candidate-upgrades", "print-config", "etcd-upgrade", "certificate-renewal",
]);
const VALUE_FLAGS = new Set([
  "output", "o", "kubeconfig", "ttl", "usages", "groups", "description", "config", "certificate-key", "cert-dir", "v", "rootfs",
  "ignore-preflight-errors", "skip-phases", "patches",
]);

function parse(args: string[]): Parsed {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      words.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      words.push(a);
      continue;
    }
    const long = a.startsWith("--");
    const body = a.slice(long ? 2 : 1);
    const eq = body.indexOf("=");
    const name = eq >= 0 ? body.slice(0, eq) : long ? body : body[0];
    const attached = eq >= 0 ? body.slice(eq + 1) : !long && body.length > 1 ? body.slice(1) : undefined;
    if (BOOL_FLAGS.has(name)) flags.set(name, attached ?? "true");
    else if (VALUE_FLAGS.has(name)) {
      const v = attached ?? args[++i];
      if (v === undefined) throw new KubeadmError(`flag needs an argument: ${long ? `--${name}` : `'${name}' in -${name}`}`);
      flags.set(name, v);
    } else throw new KubeadmError(long ? `unknown flag: --${name}` : `unknown shorthand flag: '${name}' in -${body}`);
  }
  return { words, flags };
}

/** kubeconfigutil.ClientSetFromFile: the file must exist; the server and CA data are read from it. */
function loadKubeconfig(lab: LabContext, path: string): { server: string; caData: string } {
  const text = lab.machine.fs.tryRead(path);
  if (text === undefined) throw new KubeadmError(`failed to load admin kubeconfig: open ${path}: no such file or directory`);
  const server = /server:\s*(\S+)/.exec(text)?.[1] ?? "";
  const caData = /certificate-authority-data:\s*(\S+)/.exec(text)?.[1] ?? "";
  return { server, caData };
}

const TOKEN_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";

function randomToken(lab: LabContext): string {
  const pick = (n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += TOKEN_CHARS[lab.cluster.rand.int(TOKEN_CHARS.length)];
    return s;
  };
  return `${pick(6)}.${pick(16)}`;
}

/** time.ParseDuration for the forms people type (24h, 2h30m, 0, 1h0m0s) */
function parseDuration(s: string): number | undefined {
  if (s === "0") return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * units[m[2]];
    pos = re.lastIndex;
  }
  return pos === s.length && pos > 0 ? total : undefined;
}

function b64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function unb64(s: string | undefined): string {
  if (!s) return "";
  try {
    const bin = atob(s);
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return "";
  }
}

async function sha256Hex(text: string): Promise<string> {
  const buf = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function tokenCreate(lab: LabContext, p: Parsed): Promise<CmdResult> {
  if (p.words.length > 1) throw new KubeadmError(`unknown command "${p.words[1]}" for "kubeadm token create"`);
  const kubeconfig = p.flags.get("kubeconfig") ?? ADMIN_CONF;
  const kc = loadKubeconfig(lab, kubeconfig);
  let token = p.words[0];
  if (token !== undefined && !/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token)) {
    throw new KubeadmError(`the bootstrap token "${token}" was not of the form "^([a-z0-9]{6})\\.([a-z0-9]{16})$"`);
  }
  const ttlText = p.flags.get("ttl") ?? "24h0m0s";
  const ttl = parseDuration(ttlText);
  if (ttl === undefined) throw new KubeadmError(`invalid argument "${ttlText}" for "--ttl" flag: time: invalid duration "${ttlText}"`);
  token ??= randomToken(lab);
  const [id, secret] = token.split(".");
  const data: Record<string, string> = { "token-id": b64(id), "token-secret": b64(secret) };
  const description = p.flags.get("description");
  if (description) data.description = b64(description);
  if (ttl > 0) data.expiration = b64(rfc3339(lab.now() + ttl));
  for (const u of (p.flags.get("usages") ?? "signing,authentication").split(",").filter(Boolean)) data[`usage-bootstrap-${u}`] = b64("true");
  data["auth-extra-groups"] = b64(p.flags.get("groups") ?? "system:bootstrappers:kubeadm:default-node-token");
  const obj = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: `bootstrap-token-${id}`, namespace: "kube-system" },
    type: "bootstrap.kubernetes.io/token",
    data,
  } as unknown as KubeObject;
  const api = lab.api();
  try {
    if (api.exists("secrets", "kube-system", obj.metadata!.name!)) api.update("secrets", obj);
    else api.create("secrets", obj);
  } catch (e) {
    throw new KubeadmError(`failed to create or update bootstrap token with name bootstrap-token-${id}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (p.flags.get("print-join-command") !== "true") {
    if (p.flags.has("certificate-key")) throw new KubeadmError("cannot use --certificate-key without --print-join-command");
    return { stdout: `${token}\n`, stderr: "", exitCode: 0 };
  }
  const hash = await sha256Hex(unb64(kc.caData));
  const host = kc.server.replace(/^https?:\/\//, "");
  let line = `kubeadm join ${host} --token ${token} --discovery-token-ca-cert-hash sha256:${hash} `;
  const key = p.flags.get("certificate-key");
  if (key) line += `--control-plane --certificate-key ${key}`;
  return { stdout: `${line}\n`, stderr: "", exitCode: 0 };
}

function tokenList(lab: LabContext, p: Parsed): CmdResult {
  const out = p.flags.get("output") ?? p.flags.get("o") ?? "text";
  if (out !== "text") throw new KubeadmError(`could not construct output printer: unable to match a printer suitable for the output format "${out}", allowed formats are: text`);
  loadKubeconfig(lab, p.flags.get("kubeconfig") ?? ADMIN_CONF);
  let secrets: KubeObject[];
  try {
    secrets = lab.api().list("secrets", "kube-system").filter((s) => (s as { type?: string }).type === "bootstrap.kubernetes.io/token");
  } catch (e) {
    throw new KubeadmError(`failed to list bootstrap tokens: ${e instanceof Error ? e.message : String(e)}`);
  }
  let text = "";
  let header = false;
  let result = "";
  for (const s of secrets) {
    const data = ((s as { data?: Record<string, string> }).data ?? {}) as Record<string, string>;
    const id = unb64(data["token-id"]);
    const secret = unb64(data["token-secret"]);
    const exp = unb64(data.expiration);
    let ttl = "<forever>";
    let expires = "<never>";
    if (exp) {
      const t = Date.parse(exp);
      ttl = shortHumanDuration(t - lab.now());
      expires = rfc3339(t);
    }
    const usages = Object.keys(data).filter((k) => k.startsWith("usage-bootstrap-") && unb64(data[k]) === "true").map((k) => k.slice("usage-bootstrap-".length)).sort();
    const description = unb64(data.description) || "<none>";
    const groups = unb64(data["auth-extra-groups"]) || "<none>";
    text = header ? "" : "TOKEN\tTTL\tEXPIRES\tUSAGES\tDESCRIPTION\tEXTRA GROUPS\n";
    header = true;
    text += `${id}.${secret}\t${ttl.padEnd(9)}\t${expires}\t${(usages.join(",") || "<none>").padEnd(22)}\t${description.padEnd(56)}\t${groups}\n`;
    // each token is printed through its own tabwriter (tokenTextPrinter.PrintObj)
    result += goTabwriter(text, 10, 3);
  }
  return { stdout: result, stderr: "", exitCode: 0 };
}

function tokenDelete(lab: LabContext, p: Parsed): CmdResult {
  if (!p.words.length) throw new KubeadmError(`missing argument; 'token delete' is missing token of form "^([a-z0-9]{6})\\\\.([a-z0-9]{16})$" or "^([a-z0-9]{6})$"`);
  loadKubeconfig(lab, p.flags.get("kubeconfig") ?? ADMIN_CONF);
  let out = "";
  for (const t of p.words) {
    let id = t;
    if (!/^[a-z0-9]{6}$/.test(t)) {
      const m = /^([a-z0-9]{6})\.([a-z0-9]{16})$/.exec(t);
      if (!m) throw new KubeadmError(`given token didn't match pattern "^([a-z0-9]{6})\\\\.([a-z0-9]{16})$" or "^([a-z0-9]{6})$"`);
      id = m[1];
    }
    const name = `bootstrap-token-${id}`;
    try {
      lab.api().delete("secrets", "kube-system", name);
    } catch {
      throw new KubeadmError(`failed to delete bootstrap token "${id}": secrets "${name}" not found`);
    }
    out += `bootstrap token "${id}" deleted\n`;
  }
  return { stdout: out, stderr: "", exitCode: 0 };
}

const CERTS: Array<[name: string, path: string, ca: string]> = [
  ["admin.conf", "/etc/kubernetes/admin.conf", "ca"],
  ["apiserver", "/etc/kubernetes/pki/apiserver.crt", "ca"],
  ["apiserver-etcd-client", "/etc/kubernetes/pki/apiserver-etcd-client.crt", "etcd-ca"],
  ["apiserver-kubelet-client", "/etc/kubernetes/pki/apiserver-kubelet-client.crt", "ca"],
  ["controller-manager.conf", "/etc/kubernetes/controller-manager.conf", "ca"],
  ["etcd-healthcheck-client", "/etc/kubernetes/pki/etcd/healthcheck-client.crt", "etcd-ca"],
  ["etcd-peer", "/etc/kubernetes/pki/etcd/peer.crt", "etcd-ca"],
  ["etcd-server", "/etc/kubernetes/pki/etcd/server.crt", "etcd-ca"],
  ["front-proxy-client", "/etc/kubernetes/pki/front-proxy-client.crt", "front-proxy-ca"],
  ["scheduler.conf", "/etc/kubernetes/scheduler.conf", "ca"],
  ["super-admin.conf", "/etc/kubernetes/super-admin.conf", "ca"],
];
const CAS: Array<[name: string, path: string]> = [
  ["ca", "/etc/kubernetes/pki/ca.crt"],
  ["etcd-ca", "/etc/kubernetes/pki/etcd/ca.crt"],
  ["front-proxy-ca", "/etc/kubernetes/pki/front-proxy-ca.crt"],
];

/** The certificate's NotAfter (kubeadm reads the file or the kubeconfig's embedded certificate). */
function notAfter(lab: LabContext, path: string): number | undefined {
  const text = lab.machine.fs.tryRead(path);
  return text === undefined ? undefined : certOfFile(text)?.notAfter;
}

function checkExpiration(lab: LabContext, p: Parsed): CmdResult {
  if (p.words.length) throw new KubeadmError(`unknown command "${p.words[0]}" for "kubeadm certs check-expiration"`);
  const out = p.flags.get("output") ?? p.flags.get("o") ?? "text";
  if (out !== "text") throw new KubeadmError(`could not construct output printer: unable to match a printer suitable for the output format "${out}", allowed formats are: text`);
  let pre = "";
  const kubeconfig = p.flags.get("kubeconfig") ?? ADMIN_CONF;
  if (lab.machine.fs.exists(kubeconfig) && !p.flags.has("config")) {
    try {
      lab.api().get("configmaps", "kube-system", "kubeadm-config");
      pre = "[check-expiration] Reading configuration from the cluster...\n[check-expiration] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n\n";
    } catch {
      pre = "[check-expiration] Reading configuration from the cluster...\n[check-expiration] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n[check-expiration] Error reading configuration from the Cluster. Falling back to default configuration\n\n";
    }
  }
  const now = lab.now();
  let text = "CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED\n";
  for (const [name, path, ca] of CERTS) {
    const exp = notAfter(lab, path);
    if (exp === undefined) text += `!MISSING! ${name}\t\t\t\t\n`;
    else {
      text += `${name}\t${goDate(exp)}\t${shortHumanDuration(Math.trunc((exp - now) / 1000) * 1000)}\t${ca}\t${"no".padEnd(8)}\n`;
    }
  }
  text += "\nCERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED\n";
  for (const [name, path] of CAS) {
    const exp = notAfter(lab, path);
    if (exp === undefined) text += `!MISSING! ${name}\t\t\t\n`;
    else {
      text += `${name}\t${goDate(exp)}\t${shortHumanDuration(Math.trunc((exp - now) / 1000) * 1000)}\t${"no".padEnd(8)}\n`;
    }
  }
  return { stdout: pre + goTabwriter(text, 10, 3), stderr: "", exitCode: 0 };
}

const ROOT_COMMANDS = ["certs", "completion", "config", "help", "init", "join", "kubeconfig", "reset", "token", "upgrade", "version"];

/** cobra's suggestions: Levenshtein ≤ 2 or a prefix. */
function suggest(word: string, names: string[]): string {
  const lev = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
    return d[a.length][b.length];
  };
  const hits = names.filter((n) => lev(word, n) <= 2 || n.startsWith(word.toLowerCase()));
  return hits.length ? `\n\nDid you mean this?\n${hits.map((h) => `\t${h}\n`).join("")}` : "";
}

function invalidSub(path: string, words: string[]): KubeadmError {
  return new KubeadmError(`invalid subcommand "${words.join(" ")}"\nSee '${path} -h' for help and examples`);
}

/**
 * The root command's help (cmd/kubeadm/app/cmd/cmd.go Long, dedented, and cobra's usage
 * template): `kubeadm` alone (the root is not runnable), `kubeadm help`, `kubeadm -h`. The klog
 * flags are the three app/kubeadm.go keeps (add_dir_header, skip_headers, v); --rootfs has
 * options.AddKubeadmOtherFlags's v1.31+ text; alpha has no subcommands left, so it is a help topic.
 */
export const KUBEADM_ROOT_HELP = `

    ┌──────────────────────────────────────────────────────────┐
    │ KUBEADM                                                  │
    │ Easily bootstrap a secure Kubernetes cluster             │
    │                                                          │
    │ Please give us feedback at:                              │
    │ https://github.com/kubernetes/kubeadm/issues             │
    └──────────────────────────────────────────────────────────┘

Example usage:

    Create a two-machine cluster with one control-plane node
    (which controls the cluster), and one worker node
    (where your workloads, like Pods and Deployments run).

    ┌──────────────────────────────────────────────────────────┐
    │ On the first machine:                                    │
    ├──────────────────────────────────────────────────────────┤
    │ control-plane# kubeadm init                              │
    └──────────────────────────────────────────────────────────┘

    ┌──────────────────────────────────────────────────────────┐
    │ On the second machine:                                   │
    ├──────────────────────────────────────────────────────────┤
    │ worker# kubeadm join <arguments-returned-from-init>      │
    └──────────────────────────────────────────────────────────┘

    You can then repeat the second step on as many other machines as you like.

Usage:
  kubeadm [command]

Available Commands:
  certs       Commands related to handling kubernetes certificates
  completion  Output shell completion code for the specified shell (bash or zsh)
  config      Manage configuration for a kubeadm cluster persisted in a ConfigMap in the cluster
  help        Help about any command
  init        Run this command in order to set up the Kubernetes control plane
  join        Run this on any machine you wish to join an existing cluster
  kubeconfig  Kubeconfig file utilities
  reset       Performs a best effort revert of changes made to this host by 'kubeadm init' or 'kubeadm join'
  token       Manage bootstrap tokens
  upgrade     Upgrade your cluster smoothly to a newer version with this command
  version     Print the version of kubeadm

Flags:
      --add-dir-header   If true, adds the file directory to the header of the log messages
  -h, --help             help for kubeadm
      --rootfs string    The path to the 'real' host root filesystem. This will cause kubeadm to chroot into the provided path.
      --skip-headers     If true, avoid header prefixes in the log messages
  -v, --v Level          number for the log level verbosity

Additional help topics:
  kubeadm alpha      Kubeadm experimental sub-commands

Use "kubeadm [command] --help" for more information about a command.
`;

export const kubeadm: Command = {
  name: "kubeadm",
  async run(args, io, lab) {
    try {
      const p = parse(args);
      const [cmd, sub, ...rest] = p.words;
      if (cmd === undefined || (cmd === "help" && sub === undefined)) return { stdout: KUBEADM_ROOT_HELP, stderr: "", exitCode: 0 };
      switch (cmd) {
        case "version":
          if (sub !== undefined) throw new KubeadmError(`unknown command "${sub}" for "kubeadm version"`);
          return runVersion(p.flags.get("output") ?? p.flags.get("o") ?? "", versionInfo(binaryGitVersion(lab, "kubeadm")));
        case "token": {
          const q = { words: rest, flags: p.flags };
          if (sub === "create") return await tokenCreate(lab, q);
          if (sub === "list") {
            if (rest.length) throw new KubeadmError(`unknown command "${rest[0]}" for "kubeadm token list"`);
            return tokenList(lab, q);
          }
          if (sub === "delete") return tokenDelete(lab, q);
          if (sub === "generate") {
            if (rest.length) throw new KubeadmError(`unknown command "${rest[0]}" for "kubeadm token generate"`);
            return { stdout: `${randomToken(lab)}\n`, stderr: "", exitCode: 0 };
          }
          if (sub === undefined) throw new KubeadmError("exit");
          throw invalidSub("kubeadm token", p.words.slice(1));
        }
        case "certs":
          if (sub === "check-expiration") return checkExpiration(lab, { words: rest, flags: p.flags });
          if (sub === undefined) throw new KubeadmError("exit");
          if (["renew", "certificate-key", "generate-csr"].includes(sub)) {
            return { stdout: "", stderr: `kubeadm certs ${sub} is not available in this lab\n`, exitCode: 1 };
          }
          throw invalidSub("kubeadm certs", p.words.slice(1));
        case "upgrade":
          if (sub === "plan") return runPlan(lab, io, rest, p.flags);
          if (sub === "apply") return await runApply(lab, io, rest, p.flags);
          if (sub === "node") return await runNode(lab, io, rest, p.flags);
          if (sub === undefined) throw new KubeadmError("exit");
          if (sub === "diff") return { stdout: "", stderr: "kubeadm upgrade diff is not available in this lab\n", exitCode: 1 };
          throw invalidSub("kubeadm upgrade", p.words.slice(1));
        case "init":
        case "join":
        case "reset":
        case "config":
        case "kubeconfig":
          return { stdout: "", stderr: `kubeadm ${cmd} is not available in this lab\n`, exitCode: 1 };
        default:
          throw new KubeadmError(`unknown command "${cmd}" for "kubeadm"${suggest(cmd, ROOT_COMMANDS)}`);
      }
    } catch (e) {
      if (e instanceof KubeadmError) {
        if (e.message === "exit") return { stdout: "", stderr: "", exitCode: 1 };
        return checkErr(e.message);
      }
      throw e;
    }
  },
};

// Tab completion as bash-completion does it in the exam's terminal: command names, file
// paths on the current machine, kubectl verbs / resource types (with short names) / object
// names from the cluster (in the namespace given by -n) / flags, ssh hosts, systemctl verbs
// and units. `completeLine` is pure over a CompletionSource; `labCompletionSource` reads a
// session's machine and cluster.

import { getCommandNames } from "just-bash";
import type { Cluster } from "../engine/cluster.ts";
import type { Machine } from "../engine/node/machine.ts";
import { normalizePath } from "../engine/node/fs.ts";
import type { CmdIO, LabContext } from "../commands/types.ts";
import { allApiResources, resolveResource } from "../commands/kubectl/discovery.ts";
import { kubectlRoot } from "../commands/kubectl/index.ts";
import { contextNamespace } from "../commands/kubectl/kubeconfig.ts";
import type { CommandSpec } from "../commands/kubectl/cobra.ts";

export interface Completion {
  /** where the completed word starts in the text */
  from: number;
  /** full replacement words; a folder ends with "/", a flag taking a value with "=" */
  candidates: string[];
}

export interface ResourceType {
  name: string;
  singular: string;
  shortNames: string[];
}

export interface CompletionSource {
  commands(): string[];
  cwd: string;
  home: string;
  /** entries of a folder of the current machine, null when it is not one */
  listDir(path: string): { name: string; dir: boolean }[] | null;
  resourceTypes(): ResourceType[];
  /** names of objects of a type (as typed: po, pods, deploy …); namespace null: all */
  objectNames(type: string, namespace: string | null): string[];
  defaultNamespace(): string;
  hosts(): string[];
  kubectl(): CommandSpec;
}

const BASH_BUILTINS = ["cd", "export", "exit", "source", "type", "unset", "set", "read", "for", "while", "if", "function", "local", "return", "shift", "test", "logout"];

/** kubectl verbs whose first argument is a resource type, then names of that type */
const TYPE_VERBS = new Set(["get", "describe", "delete", "edit", "label", "annotate", "patch", "scale", "explain", "expose", "autoscale", "wait", "top", "set", "rollout", "events"]);
const POD_VERBS = new Set(["logs", "exec", "attach", "port-forward", "cp", "debug"]);
const NODE_VERBS = new Set(["cordon", "uncordon", "drain", "taint"]);
const OUTPUTS = ["json", "yaml", "wide", "name", "jsonpath=", "jsonpath-file=", "custom-columns=", "custom-columns-file=", "go-template=", "go-template-file=", "template="];
const SYSTEMCTL = ["status", "start", "stop", "restart", "reload", "enable", "disable", "is-active", "is-enabled", "daemon-reload", "cat", "list-units", "show"];
const UNITS = ["kubelet", "containerd", "docker", "cri-docker", "ssh"];
const CRICTL = ["ps", "pods", "images", "inspect", "inspectp", "logs", "exec", "rm", "rmp", "stop", "stopp", "pull", "rmi", "info", "version", "stats"];
const DOCKER = ["ps", "images", "inspect", "logs", "exec", "rm", "stop", "start", "restart", "pull", "rmi", "info", "version", "stats"];

interface Word {
  text: string;
  start: number;
}

/** Split the current simple command into words (quotes kept out of the text), ending with the word at the cursor. */
function wordsOf(text: string): Word[] {
  let words: Word[] = [];
  let cur: Word | null = null;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else cur!.text += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      cur ??= { text: "", start: i };
      continue;
    }
    if (ch === "\\" && i + 1 < text.length) {
      cur ??= { text: "", start: i };
      cur.text += text[++i];
      continue;
    }
    if (/\s/.test(ch)) {
      if (cur) words.push(cur);
      cur = null;
      continue;
    }
    // a command separator starts a new command
    if (ch === "|" || ch === ";" || ch === "&" || ch === "(" || ch === ")" || ch === "`") {
      if (cur) words.push(cur);
      cur = null;
      words = [];
      continue;
    }
    if (ch === "$" && text[i + 1] === "(") {
      if (cur) words.push(cur);
      cur = null;
      words = [];
      i++;
      continue;
    }
    if ((ch === ">" || ch === "<") && !cur) {
      // a redirection: the next word is a path; keep it as a marker word
      words.push({ text: ch, start: i });
      continue;
    }
    cur ??= { text: "", start: i };
    cur.text += ch;
  }
  words.push(cur ?? { text: "", start: text.length });
  return words;
}

export function completeLine(text: string, cursor: number, src: CompletionSource): Completion {
  const before = text.slice(0, cursor);
  const words = wordsOf(before);
  const word = words[words.length - 1];
  const prev = words.length > 1 ? words[words.length - 2].text : null;
  const done = (cands: string[], prefix = word.text): Completion => ({
    from: word.start,
    candidates: [...new Set(cands.filter((c) => c.startsWith(prefix)))].sort(),
  });
  if (prev === ">" || prev === "<") return done(paths(word.text, src));
  // skip wrappers: sudo kubectl …, watch kubectl …
  let cmdAt = 0;
  while (cmdAt < words.length - 1 && ["sudo", "watch", "time", "timeout", "xargs"].includes(words[cmdAt].text)) cmdAt++;
  if (words.length - 1 === cmdAt) {
    if (word.text.includes("/")) return done(paths(word.text, src));
    return done([...src.commands(), ...BASH_BUILTINS]);
  }
  const cmd = words[cmdAt].text;
  const args = words.slice(cmdAt + 1, -1).map((w) => w.text);
  if (cmd === "kubectl" || cmd === "k") return kubectlComplete(args, word, src);
  if (cmd === "ssh" || cmd === "scp") return done(src.hosts());
  if (cmd === "systemctl") return done(args.filter((a) => !a.startsWith("-")).length === 0 ? SYSTEMCTL : UNITS);
  if (cmd === "journalctl" && (prev === "-u" || prev === "--unit")) return done(UNITS);
  if (cmd === "crictl" && args.length === 0) return done(CRICTL);
  if (cmd === "docker" && args.length === 0) return done(DOCKER);
  if (cmd === "cd" || cmd === "pushd") return done(paths(word.text, src).filter((p) => p.endsWith("/")));
  return done(paths(word.text, src));
}

function paths(typed: string, src: CompletionSource): string[] {
  const slash = typed.lastIndexOf("/");
  const dirTyped = slash >= 0 ? typed.slice(0, slash + 1) : "";
  const prefix = typed.slice(slash + 1);
  let dir = dirTyped === "" ? src.cwd : dirTyped;
  if (dir.startsWith("~")) dir = src.home + dir.slice(1);
  if (!dir.startsWith("/")) dir = `${src.cwd}/${dir}`;
  const entries = src.listDir(normalizePath(dir)) ?? [];
  return entries
    .filter((e) => e.name.startsWith(prefix) && (prefix.startsWith(".") || !e.name.startsWith(".")))
    .map((e) => dirTyped + e.name + (e.dir ? "/" : ""));
}

interface FlagInfo {
  name: string;
  short?: string;
  takesValue: boolean;
}

function flagsOf(cmd: CommandSpec, root: CommandSpec): FlagInfo[] {
  const out: FlagInfo[] = [];
  for (let c: CommandSpec | undefined = cmd; c; c = c.parent) {
    for (const f of [...(c === cmd ? (c.flags ?? []) : []), ...(c.persistentFlags ?? [])]) {
      if (f.hidden || f.deprecated) continue;
      out.push({ name: f.name, short: f.short, takesValue: f.type !== "bool" });
    }
  }
  for (const f of root.persistentFlags ?? []) {
    if (f.hidden || f.deprecated) continue;
    if (!out.some((o) => o.name === f.name)) out.push({ name: f.name, short: f.short, takesValue: f.type !== "bool" });
  }
  return out;
}

function kubectlComplete(args: string[], word: Word, src: CompletionSource): Completion {
  const done = (cands: string[], prefix = word.text, from = word.start): Completion => ({
    from,
    candidates: [...new Set(cands.filter((c) => c.startsWith(prefix)))].sort(),
  });
  const root = src.kubectl();
  // walk the command tree with the positional words; collect namespace flags
  let cmd = root;
  const positional: string[] = [];
  let namespace: string | null = src.defaultNamespace();
  let pendingFlag: FlagInfo | null = null;
  const flagByName = (c: CommandSpec, name: string, short: boolean) => flagsOf(c, root).find((f) => (short ? f.short === name : f.name === name));
  for (const a of args) {
    if (pendingFlag) {
      if (pendingFlag.name === "namespace") namespace = a;
      pendingFlag = null;
      continue;
    }
    if (a.startsWith("--")) {
      const [name, value] = a.slice(2).split("=", 2);
      if (name === "all-namespaces") namespace = null;
      const f = flagByName(cmd, name, false);
      if (f?.takesValue && value === undefined) pendingFlag = f;
      else if (name === "namespace" && value !== undefined) namespace = value;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      const short = a[1];
      if (short === "A") namespace = null;
      const f = flagByName(cmd, short, true);
      if (f?.takesValue) {
        if (a.length === 2) pendingFlag = f;
        else if (f.name === "namespace") namespace = a.slice(2).replace(/^=/, "");
      }
      continue;
    }
    if (positional.length === cmdDepth(cmd, root)) {
      const child = cmd.children?.find((c) => !c.hidden && (c.name === a || c.aliases?.includes(a)));
      if (child) cmd = child;
    }
    positional.push(a);
  }
  // the value of a flag
  if (pendingFlag) {
    if (pendingFlag.name === "namespace") return done(src.objectNames("namespaces", null));
    if (pendingFlag.name === "output") return done(OUTPUTS);
    if (pendingFlag.name === "filename" || pendingFlag.name === "kubeconfig") return done(paths(word.text, src));
    if (pendingFlag.name === "context" || pendingFlag.name === "cluster" || pendingFlag.name === "user") return done([]);
    return done([]);
  }
  if (word.text.startsWith("--") && word.text.includes("=")) {
    const [name, value] = word.text.slice(2).split("=", 2);
    const from = word.start + name.length + 3;
    if (name === "namespace") return done(src.objectNames("namespaces", null), value, from);
    if (name === "output") return done(OUTPUTS, value, from);
    if (name === "filename") return done(paths(value, src), value, from);
    return done([]);
  }
  if (word.text.startsWith("-")) {
    const flags = flagsOf(cmd, root);
    return done(flags.map((f) => `--${f.name}${f.takesValue ? "=" : ""}`));
  }
  // subcommands
  const depth = cmdDepth(cmd, root);
  const rest = positional.slice(depth);
  const kids = (cmd.children ?? []).filter((c) => !c.hidden);
  if (kids.length && rest.length === 0) return done(kids.map((c) => c.name));
  const verb = depth >= 1 ? pathOf(cmd, root)[0] : "";
  const types = () => {
    const all = src.resourceTypes();
    const names = all.map((r) => r.name);
    if (word.text) for (const r of all) names.push(r.singular, ...r.shortNames);
    return names;
  };
  if (POD_VERBS.has(verb)) return rest.length === 0 ? done(src.objectNames("pods", namespace)) : done([]);
  if (NODE_VERBS.has(verb)) return rest.length === 0 ? done(src.objectNames("nodes", null)) : done([]);
  if (TYPE_VERBS.has(verb) || verb === "create" || verb === "apply") {
    if (verb === "create" || verb === "apply") return done(paths(word.text, src));
    // TYPE/NAME form
    const slash = word.text.indexOf("/");
    if (slash > 0) {
      const type = word.text.slice(0, slash);
      return done(src.objectNames(type, namespace).map((n) => `${type}/${n}`));
    }
    if (rest.length === 0) return done(types());
    const type = rest[0];
    if (type.includes("/") || type.includes(",")) return done([]);
    return done(src.objectNames(type, namespace));
  }
  return done([]);
}

function pathOf(cmd: CommandSpec, root: CommandSpec): string[] {
  const out: string[] = [];
  let c: CommandSpec | undefined = cmd;
  while (c && c !== root) {
    out.unshift(c.name);
    c = c.parent;
  }
  return out;
}

function cmdDepth(cmd: CommandSpec, root: CommandSpec): number {
  return pathOf(cmd, root).length;
}

// ------------------------------------------------------------------ the lab's source

let KUBECTL: CommandSpec | null = null;

function kubectlTree(): CommandSpec {
  if (KUBECTL) return KUBECTL;
  const root = kubectlRoot();
  const link = (c: CommandSpec) => {
    for (const k of c.children ?? []) {
      k.parent = c;
      link(k);
    }
  };
  link(root);
  KUBECTL = root;
  return root;
}

export function labCompletionSource(opts: { cluster: Cluster; machine: Machine; cwd: string; env: Record<string, string>; commands: string[]; lab: LabContext }): CompletionSource {
  const { cluster, machine, cwd, env } = opts;
  return {
    cwd,
    home: env.HOME || "/root",
    commands: () => [...getCommandNames(), ...opts.commands],
    listDir(path) {
      try {
        if (!machine.fs.isDir(path)) return null;
        return machine.fs.readdirTypes(path).map((e) => ({ name: e.name, dir: e.type === "dir" || (e.type === "symlink" && machine.fs.isDir(`${path}/${e.name}`)) }));
      } catch {
        return null;
      }
    },
    resourceTypes: () => allApiResources().filter((r) => r.verbs.includes("list")).map((r) => ({ name: r.name, singular: r.singularName, shortNames: r.shortNames })),
    objectNames(type, namespace) {
      try {
        const r = resolveResource(type);
        return cluster.store.listRaw(r.name, r.namespaced && namespace !== null ? namespace : undefined).map((o) => o.metadata.name!);
      } catch {
        return [];
      }
    },
    defaultNamespace() {
      try {
        const io: CmdIO = { stdin: "", cwd, env };
        return contextNamespace(opts.lab, io);
      } catch {
        return "default";
      }
    },
    hosts: () => [...cluster.machines.keys()],
    kubectl: kubectlTree,
  };
}

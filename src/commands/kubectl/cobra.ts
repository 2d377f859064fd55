// A small spf13/cobra: a command tree, Find (with stripFlags and legacyArgs), suggestions
// (Levenshtein ≤ 2 or prefix, in registration order), required flags, help, and kubectl's
// error printing (cmdutil.CheckErr).

import type { CmdIO, LabContext } from "../types.ts";
import { ApiError, ConnectionRefused } from "../../engine/api/errors.ts";
import { FlagError, FlagSet, type FlagDef, type FlagValue, type ParsedFlags } from "./flags.ts";
import { ResourceTypeError } from "./discovery.ts";
import { contextNamespace } from "./kubeconfig.ts";
import { withIdentity } from "./identity.ts";

export interface RunCtx {
  args: string[];
  flags: ParsedFlags;
  argsLenAtDash: number;
  cmd: CommandSpec;
  /** "kubectl run" */
  path: string;
  io: CmdIO;
  lab: LabContext;
  out: (s: string) => void;
  err: (s: string) => void;
  str(name: string): string;
  bool(name: string): boolean;
  num(name: string): number;
  arr(name: string): string[];
  changed(name: string): boolean;
  namespace(): string;
  /** true when -n/--namespace was given */
  namespaceEnforced(): boolean;
  /** what was printed so far and not yet written to the terminal (taken: not printed again at the end) */
  takeOutput?(): { stdout: string; stderr: string };
}

export interface CommandSpec {
  name: string;
  aliases?: string[];
  hidden?: boolean;
  flags?: FlagDef[];
  persistentFlags?: FlagDef[];
  required?: string[];
  children?: CommandSpec[];
  /** recorded `--help` text of real kubectl */
  help?: string;
  run?: (ctx: RunCtx) => Promise<void> | void;
  parent?: CommandSpec;
  /** a group command run bare prints its help on stdout and exits 1 (rollout) */
  groupHelpStdout?: boolean;
}

/** An error printed as `error: <msg>` (exit 1), as cmdutil.CheckErr does. */
export class KubectlError extends Error {
  constructor(message: string, public exitCode = 1) {
    super(message);
  }
}

/** An error printed verbatim (already formatted), e.g. plugin errors or help-on-stderr. */
export class RawError extends Error {
  constructor(public text: string, public exitCode = 1) {
    super(text);
  }
}

/** cmdutil.UsageErrorf: `error: <msg>\nSee 'kubectl run -h' for help and examples`. */
export function usageError(ctx: { path: string }, msg: string): KubectlError {
  return new KubectlError(`${msg}\nSee '${ctx.path} -h' for help and examples`);
}

export function commandPath(c: CommandSpec): string {
  const parts: string[] = [];
  for (let x: CommandSpec | undefined = c; x; x = x.parent) parts.unshift(x.name);
  return parts.join(" ");
}

function link(c: CommandSpec): void {
  for (const ch of c.children ?? []) {
    ch.parent = c;
    link(ch);
  }
}

const flagSets = new WeakMap<CommandSpec, { parent: CommandSpec | undefined; fs: FlagSet }>();

/** The command's flags plus the persistent flags of its ancestors (built once per command; parse does not change it). */
function flagSetFor(c: CommandSpec): FlagSet {
  const hit = flagSets.get(c);
  if (hit && hit.parent === c.parent) return hit.fs;
  const fs = new FlagSet(c.flags ?? []);
  for (let x: CommandSpec | undefined = c; x; x = x.parent) for (const f of x.persistentFlags ?? []) fs.add(f);
  flagSets.set(c, { parent: c.parent, fs });
  return fs;
}

function hasNoOptDefVal(fs: FlagSet, name: string): boolean {
  const f = fs.lookup(name);
  return !!f && (f.type === "bool" || f.noOptDefVal !== undefined);
}
function shortHasNoOptDefVal(fs: FlagSet, c: string): boolean {
  const f = fs.lookupShort(c);
  return !!f && (f.type === "bool" || f.noOptDefVal !== undefined);
}

/** cobra's stripFlags: the non-flag words of args. */
function stripFlags(args: string[], c: CommandSpec): string[] {
  const fs = flagSetFor(c);
  const commands: string[] = [];
  let rest = [...args];
  while (rest.length > 0) {
    const s = rest.shift()!;
    if (s === "--") break;
    if (
      (s.startsWith("--") && !s.includes("=") && !hasNoOptDefVal(fs, s.slice(2))) ||
      (s.startsWith("-") && !s.startsWith("--") && !s.includes("=") && s.length === 2 && !shortHasNoOptDefVal(fs, s.slice(1)))
    ) {
      if (rest.length <= 1) break;
      rest = rest.slice(1);
      continue;
    }
    if (s !== "" && !s.startsWith("-")) commands.push(s);
  }
  return commands;
}

function findNext(c: CommandSpec, name: string): CommandSpec | undefined {
  return (c.children ?? []).find((ch) => ch.name === name || (ch.aliases ?? []).includes(name));
}

function argsMinusFirst(args: string[], x: string): string[] {
  const i = args.indexOf(x);
  return i < 0 ? args : [...args.slice(0, i), ...args.slice(i + 1)];
}

export function find(root: CommandSpec, args: string[]): { cmd: CommandSpec; args: string[]; error?: string } {
  const inner = (c: CommandSpec, a: string[]): [CommandSpec, string[]] => {
    const words = stripFlags(a, c);
    if (words.length === 0) return [c, a];
    const next = findNext(c, words[0]);
    if (next) return inner(next, argsMinusFirst(a, words[0]));
    return [c, a];
  };
  const [cmd, rest] = inner(root, args);
  if (cmd.children?.length && !cmd.parent) {
    const words = stripFlags(rest, cmd);
    if (words.length > 0) {
      return { cmd, args: rest, error: `unknown command "${words[0]}" for "${commandPath(cmd)}"${suggestions(cmd, words[0])}` };
    }
  }
  return { cmd, args: rest };
}

export function levenshtein(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let j = 1; j <= b.length; j++) {
    for (let i = 1; i <= a.length; i++) {
      if (a[i - 1] === b[j - 1]) d[i][j] = d[i - 1][j - 1];
      else d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + 1);
    }
  }
  return d[a.length][b.length];
}

function suggestions(c: CommandSpec, typed: string): string {
  const list: string[] = [];
  for (const ch of c.children ?? []) {
    if (ch.hidden) continue;
    if (levenshtein(typed, ch.name) <= 2 || ch.name.toLowerCase().startsWith(typed.toLowerCase())) list.push(ch.name);
  }
  if (!list.length) return "";
  return "\n\nDid you mean this?\n" + list.map((s) => `\t${s}\n`).join("");
}

/** cmdutil.CheckErr's text for an error (always ends with a newline). */
export function errorText(e: unknown): { text: string; exitCode: number } {
  const nl = (s: string) => (s.endsWith("\n") ? s : s + "\n");
  if (e instanceof RawError) return { text: e.text, exitCode: e.exitCode };
  if (e instanceof ConnectionRefused) return { text: nl(e.message), exitCode: 1 };
  if (e instanceof ApiError) {
    if (e.reason === "Invalid") {
      const d = e.details;
      if (!d) return { text: "The request is invalid\n", exitCode: 1 };
      const s = d.kind || d.name ? `The ${d.kind ?? ""} "${d.name ?? ""}" is invalid` : "The request is invalid";
      const causes = d.causes ?? [];
      if (causes.length === 0) return { text: nl(s), exitCode: 1 };
      const msgs = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
      if (msgs.length === 1) return { text: `${s}: ${msgs[0]}\n`, exitCode: 1 };
      return { text: `${s}: \n` + msgs.map((m) => `* ${m}\n`).join(""), exitCode: 1 };
    }
    return { text: nl(`Error from server (${e.reason}): ${e.message}`), exitCode: 1 };
  }
  if (e instanceof KubectlError) return { text: nl(`error: ${e.message}`), exitCode: e.exitCode };
  if (e instanceof ResourceTypeError) return { text: nl(`error: ${e.message}`), exitCode: 1 };
  throw e;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function execute(root: CommandSpec, args: string[], io: CmdIO, lab: LabContext): Promise<ExecResult> {
  link(root);
  let stdout = "";
  let stderr = "";
  // at the terminal, written as it comes (get -w, rollout status), in the order kubectl writes
  const toOut = io.write?.stdout;
  const toErr = io.write?.stderr;
  const rawErr = (s: string) => (toErr ? toErr(s) : (stderr += s));
  // the API server's Warning headers, printed as each response arrives (before what the command
  // prints from it): rest.NewWarningWriter(stderr, {Deduplicate: true, Color: term.AllowsColorOutput(stderr)})
  const warned = new Set<string>();
  const api = (lab.cluster as { api?: { takeWarnings?: () => string[] } } | undefined)?.api;
  api?.takeWarnings?.(); // what other clients' requests left
  const flushWarnings = () => {
    for (const w of api?.takeWarnings?.() ?? []) {
      if (warned.has(w)) continue;
      warned.add(w);
      rawErr(io.tty === true && io.env.TERM !== "dumb" ? `\u001b[33;1mWarning:\u001b[0m ${w}\n` : `Warning: ${w}\n`);
    }
  };
  const out = (s: string) => {
    flushWarnings();
    if (toOut) toOut(s);
    else stdout += s;
  };
  const err = (s: string) => {
    flushWarnings();
    rawErr(s);
  };
  const fail = (e: unknown): ExecResult => {
    flushWarnings();
    const { text, exitCode } = errorText(e);
    return { stdout, stderr: stderr + text, exitCode };
  };

  const found = find(root, args);
  if (found.error) {
    // kubectl looks for a plugin first: flags before the plugin name are an error
    const remaining: string[] = [];
    for (const a of args) {
      if (a.startsWith("-")) break;
      remaining.push(a);
    }
    if (remaining.length === 0) return { stdout, stderr: `Error: flags cannot be placed before plugin name: ${args[0]}\n`, exitCode: 1 };
    return fail(new KubectlError(found.error));
  }
  const cmd = found.cmd;
  const path = commandPath(cmd);
  const fs = flagSetFor(cmd);
  let parsed: ParsedFlags;
  try {
    parsed = fs.parse(found.args);
  } catch (e) {
    if (e instanceof FlagError) return fail(new KubectlError(`${e.message}\nSee '${path} --help' for usage.`));
    throw e;
  }
  for (const w of parsed.warnings) err(w);
  if (parsed.help) {
    if (cmd.help !== undefined) return { stdout: cmd.help, stderr, exitCode: 0 };
    return { stdout, stderr: stderr + `error: help for "${path}" is not available in this lab\n`, exitCode: 1 };
  }
  if (!cmd.run) {
    if (cmd.children?.length && cmd.help !== undefined) {
      // cmdutil.DefaultSubCommandRun: help on stderr, exit 1 (the root prints it on stdout, exit 0)
      if (!cmd.parent) return { stdout: cmd.help, stderr, exitCode: 0 };
      if (cmd.groupHelpStdout) return { stdout: cmd.help, stderr, exitCode: 1 };
      return { stdout, stderr: stderr + cmd.help, exitCode: 1 };
    }
    return fail(new KubectlError(`"${path}" is not supported in this lab yet`));
  }
  const missing = (cmd.required ?? []).filter((r) => !parsed.changed.has(r)).sort();
  if (missing.length) return fail(new KubectlError(`required flag(s) ${missing.map((m) => `"${m}"`).join(", ")} not set`));

  const get = (name: string): FlagValue | undefined => parsed.values.get(name);
  let ns: string | undefined;
  const ctx: RunCtx = {
    args: parsed.positional,
    flags: parsed,
    argsLenAtDash: parsed.argsLenAtDash,
    cmd,
    path,
    io,
    lab: withIdentity(lab, io, {
      kubeconfig: String(get("kubeconfig") ?? ""),
      context: String(get("context") ?? ""),
      // a command's own --user (create rolebinding, config set-context) shadows the global one
      user: cmd.flags?.some((f) => f.name === "user") ? "" : String(get("user") ?? ""),
      as: String(get("as") ?? ""),
      asGroups: (get("as-group") as string[] | undefined) ?? [],
      asUid: String(get("as-uid") ?? ""),
    }),
    out,
    err,
    str: (n) => String(get(n) ?? ""),
    bool: (n) => get(n) === true,
    num: (n) => Number(get(n) ?? 0),
    arr: (n) => (get(n) as string[] | undefined) ?? [],
    changed: (n) => parsed.changed.has(n),
    namespace: () => (parsed.changed.has("namespace") && get("namespace") ? String(get("namespace")) : (ns ??= contextNamespace(lab, io, String(get("kubeconfig") ?? "") || undefined, String(get("context") ?? "") || undefined))),
    namespaceEnforced: () => parsed.changed.has("namespace") && !!get("namespace"),
    takeOutput: () => {
      flushWarnings();
      const taken = { stdout, stderr };
      stdout = stderr = "";
      return taken;
    },
  };
  try {
    await cmd.run(ctx);
  } catch (e) {
    return fail(e);
  }
  flushWarnings();
  return { stdout, stderr, exitCode: 0 };
}


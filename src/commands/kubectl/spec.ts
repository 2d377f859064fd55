// Command specs built from kubectl's own recorded help texts: the `Options:` section lists every
// visible flag with its default (`-o, --output='':`, `--replicas=1:`, `--image=[]:`), `Aliases:`
// the command's aliases. The flag types follow from the defaults; the few that the text cannot
// tell apart (StringArray vs StringSlice, NoOptDefVal) are listed here from the Go sources.

import type { CommandSpec } from "./cobra.ts";
import type { FlagDef, FlagType } from "./flags.ts";
import { HELP } from "./help-data.ts";

/** Flags registered with StringArrayVar (no comma splitting). */
const STRING_ARRAY = new Set([
  "from-literal", "annotation", "rule", "resource-name", "user", "group", "serviceaccount", "audience", "env", "annotations",
  "prune-allowlist", "as-group", "overrides-file",
]);
/** Flags with a NoOptDefVal (usable without `=value`). */
const NO_OPT: Record<string, string> = { "dry-run": "unchanged", validate: "strict", cascade: "background" };
const INT32 = new Set(["replicas", "port", "value", "current-replicas", "min", "max", "cpu-percent"]);

const cache = new Map<string, FlagDef[]>();

function unquote(s: string): string {
  return s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1) : s;
}

/** The flags a command's help text lists (without the global ones). */
export function helpFlags(path: string): FlagDef[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const text = HELP[path] ?? "";
  const defs: FlagDef[] = [];
  const opts = text.split("\nOptions:\n")[1]?.split("\nUsage:\n")[0] ?? "";
  for (const m of opts.matchAll(/^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/gm)) {
    const [, short, name, dflt] = m;
    let type: FlagType;
    let def: FlagDef["default"];
    if (dflt === "true" || dflt === "false") {
      type = "bool";
      def = dflt === "true";
    } else if (dflt === "[]" || (dflt.startsWith("[") && dflt.endsWith("]"))) {
      type = STRING_ARRAY.has(name) ? "stringArray" : "stringSlice";
      def = dflt === "[]" ? [] : dflt.slice(1, -1).split(",");
    } else if (/^-?\d+$/.test(dflt)) {
      type = INT32.has(name) ? "int32" : "int";
      def = Number(dflt);
    } else if (/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(dflt)) {
      type = "duration";
      def = dflt;
    } else {
      type = "string";
      def = unquote(dflt);
    }
    const f: FlagDef = { name, type, default: def };
    if (short) f.short = short;
    if (NO_OPT[name] && type === "string") f.noOptDefVal = NO_OPT[name];
    defs.push(f);
  }
  cache.set(path, defs);
  return defs;
}

export function helpAliases(path: string): string[] {
  const m = /\nAliases:\n(.*)\n/.exec("\n" + (HELP[path] ?? ""));
  if (!m) return [];
  return m[1].split(",").map((s) => s.trim()).slice(1);
}

/** A command whose flags, aliases and help come from its recorded help text. */
export function fromHelp(path: string, extra: Partial<CommandSpec> = {}): CommandSpec {
  const name = path.split(" ").pop()!;
  const flags = [...(extra.flags ?? []), ...helpFlags(path)]; // explicit definitions win
  return { name, aliases: helpAliases(path), help: HELP[path], ...extra, flags };
}

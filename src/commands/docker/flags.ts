// A small pflag-like parser for docker and crictl subcommands: long flags with `=value` or
// a following value, short flags that combine (`-aq`) or take a value (`-n 5`, `-n5`).

export interface FlagSpec {
  /** canonical name first, then aliases: ["all", "a"] */
  names: string[];
  value?: boolean;
  /** may be repeated (values collected) */
  repeat?: boolean;
}

export interface ParsedFlags {
  flags: Map<string, string[]>;
  args: string[];
}

export type FlagError =
  | { kind: "unknown-long"; flag: string }
  | { kind: "unknown-short"; ch: string; arg: string }
  | { kind: "needs-value"; flag: string };

export function parseFlags(argv: string[], specs: FlagSpec[]): ParsedFlags | FlagError {
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) for (const n of s.names) byName.set(n, s);
  const flags = new Map<string, string[]>();
  const args: string[] = [];
  const set = (s: FlagSpec, v: string) => {
    const k = s.names[0];
    if (s.repeat) flags.set(k, [...(flags.get(k) ?? []), v]);
    else flags.set(k, [v]);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byName.get(name);
      if (!spec || name.length === 1) return { kind: "unknown-long", flag: eq >= 0 ? a.slice(0, eq) : a };
      if (spec.value) {
        if (eq >= 0) set(spec, a.slice(eq + 1));
        else if (i + 1 < argv.length) set(spec, argv[++i]);
        else return { kind: "needs-value", flag: `--${name}` };
      } else set(spec, eq >= 0 ? a.slice(eq + 1) : "true");
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        const spec = byName.get(ch);
        if (!spec) return { kind: "unknown-short", ch, arg: a };
        if (spec.value) {
          const rest = a.slice(j + 1).replace(/^=/, "");
          if (rest) set(spec, rest);
          else if (i + 1 < argv.length) set(spec, argv[++i]);
          else return { kind: "needs-value", flag: `-${ch}` };
          break;
        }
        set(spec, "true");
      }
      continue;
    }
    args.push(a);
  }
  return { flags, args };
}

export function isFlagError(p: ParsedFlags | FlagError): p is FlagError {
  return "kind" in p;
}

export function flagBool(p: ParsedFlags, name: string): boolean {
  const v = p.flags.get(name);
  return !!v && v[v.length - 1] !== "false";
}

export function flagStr(p: ParsedFlags, name: string): string | undefined {
  const v = p.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function flagAll(p: ParsedFlags, name: string): string[] {
  return p.flags.get(name) ?? [];
}

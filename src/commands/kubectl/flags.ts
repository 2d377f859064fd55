// Flag parsing as spf13/pflag does it (interspersed arguments, `--` terminator, `--f=v`,
// `--f v`, `-abc` shorthand clusters, `-ovalue`, `-o=value`, NoOptDefVal for bools), with
// pflag's exact error texts.

export type FlagType = "bool" | "string" | "stringArray" | "stringSlice" | "int" | "int32" | "int64" | "duration";

export interface FlagDef {
  name: string;
  short?: string;
  type: FlagType;
  default?: string | boolean | number | string[];
  /** value used when the flag is given without `=value` (pflag NoOptDefVal); "true" for bools */
  noOptDefVal?: string;
  usage?: string;
  deprecated?: string;
  hidden?: boolean;
}

export class FlagError extends Error {}

export type FlagValue = string | boolean | number | string[];

export interface ParsedFlags {
  values: Map<string, FlagValue>;
  changed: Set<string>;
  positional: string[];
  /** index in positional where `--` was seen, or -1 */
  argsLenAtDash: number;
  help: boolean;
  /** deprecation notices pflag prints on stderr */
  warnings: string[];
}

export class FlagSet {
  private byName = new Map<string, FlagDef>();
  private byShort = new Map<string, FlagDef>();

  constructor(defs: FlagDef[] = []) {
    for (const d of defs) this.add(d);
  }

  add(d: FlagDef): void {
    if (this.byName.has(d.name)) return; // local flags shadow inherited ones
    const def = { ...d };
    if (def.type === "bool" && def.noOptDefVal === undefined) def.noOptDefVal = "true";
    this.byName.set(def.name, def);
    if (def.short && !this.byShort.has(def.short)) this.byShort.set(def.short, def);
  }

  lookup(name: string): FlagDef | undefined {
    return this.byName.get(name);
  }

  lookupShort(c: string): FlagDef | undefined {
    return this.byShort.get(c);
  }

  defs(): FlagDef[] {
    return [...this.byName.values()];
  }

  defaultValue(d: FlagDef): FlagValue {
    if (d.default !== undefined) return Array.isArray(d.default) ? [...d.default] : d.default;
    switch (d.type) {
      case "bool":
        return false;
      case "string":
      case "duration":
        return "";
      case "stringArray":
      case "stringSlice":
        return [];
      default:
        return 0;
    }
  }

  parse(args: string[]): ParsedFlags {
    const res: ParsedFlags = { values: new Map(), changed: new Set(), positional: [], argsLenAtDash: -1, help: false, warnings: [] };
    for (const d of this.byName.values()) res.values.set(d.name, this.defaultValue(d));
    let rest = [...args];
    while (rest.length > 0) {
      const s = rest.shift()!;
      if (s.length === 0 || s[0] !== "-" || s.length === 1) {
        res.positional.push(s);
        continue;
      }
      if (s[1] === "-") {
        if (s.length === 2) {
          res.argsLenAtDash = res.positional.length;
          res.positional.push(...rest);
          break;
        }
        rest = this.parseLong(s, rest, res);
      } else {
        let shorthands = s.slice(1);
        while (shorthands.length > 0) {
          [shorthands, rest] = this.parseShort(shorthands, rest, res);
        }
      }
      if (res.help) break;
    }
    return res;
  }

  private parseLong(s: string, rest: string[], res: ParsedFlags): string[] {
    const name = s.slice(2);
    if (name.length === 0 || name[0] === "-" || name[0] === "=") throw new FlagError(`bad flag syntax: ${s}`);
    const eq = name.indexOf("=");
    const fname = eq >= 0 ? name.slice(0, eq) : name;
    const flag = this.byName.get(fname);
    if (!flag) {
      if (fname === "help") {
        res.help = true;
        return rest;
      }
      throw new FlagError(`unknown flag: --${fname}`);
    }
    let value: string;
    if (eq >= 0) value = name.slice(eq + 1);
    else if (flag.noOptDefVal !== undefined) value = flag.noOptDefVal;
    else if (rest.length > 0) {
      value = rest[0];
      rest = rest.slice(1);
    } else throw new FlagError(`flag needs an argument: ${s}`);
    this.set(flag, value, res);
    return rest;
  }

  private parseShort(shorthands: string, rest: string[], res: ParsedFlags): [string, string[]] {
    const c = shorthands[0];
    const flag = this.byShort.get(c);
    if (!flag) {
      if (c === "h") {
        res.help = true;
        return ["", rest];
      }
      throw new FlagError(`unknown shorthand flag: '${c}' in -${shorthands}`);
    }
    let value: string;
    let out = shorthands.slice(1);
    if (shorthands.length > 2 && shorthands[1] === "=") {
      value = shorthands.slice(2);
      out = "";
    } else if (flag.noOptDefVal !== undefined) {
      value = flag.noOptDefVal;
    } else if (shorthands.length > 1) {
      value = shorthands.slice(1);
      out = "";
    } else if (rest.length > 0) {
      value = rest[0];
      rest = rest.slice(1);
    } else throw new FlagError(`flag needs an argument: '${c}' in -${shorthands}`);
    this.set(flag, value, res);
    return [out, rest];
  }

  private set(flag: FlagDef, value: string, res: ParsedFlags): void {
    const display = flag.short ? `-${flag.short}, --${flag.name}` : `--${flag.name}`;
    const bad = (err: string) => new FlagError(`invalid argument "${value}" for "${display}" flag: ${err}`);
    let v: FlagValue;
    switch (flag.type) {
      case "bool": {
        const t = ["1", "t", "T", "TRUE", "true", "True"], f = ["0", "f", "F", "FALSE", "false", "False"];
        if (t.includes(value)) v = true;
        else if (f.includes(value)) v = false;
        else throw bad(`strconv.ParseBool: parsing "${value}": invalid syntax`);
        break;
      }
      case "int":
      case "int64":
      case "int32": {
        const bits = flag.type === "int32" ? 32 : 64;
        const n = parseGoInt(value);
        if (n === undefined) throw bad(`strconv.ParseInt: parsing "${value}": invalid syntax`);
        const lim = 2n ** BigInt(bits - 1);
        if (n >= lim || n < -lim) throw bad(`strconv.ParseInt: parsing "${value}": value out of range`);
        v = Number(n);
        break;
      }
      case "duration": {
        if (parseGoDuration(value) === undefined) throw bad(`time: invalid duration "${value}"`);
        v = value;
        break;
      }
      case "stringArray": {
        const prev = res.changed.has(flag.name) ? (res.values.get(flag.name) as string[]) : [];
        v = [...prev, value];
        break;
      }
      case "stringSlice": {
        const prev = res.changed.has(flag.name) ? (res.values.get(flag.name) as string[]) : [];
        v = [...prev, ...(value === "" ? [] : parseCsvLine(value))];
        break;
      }
      default:
        v = value;
    }
    res.values.set(flag.name, v);
    res.changed.add(flag.name);
    if (flag.deprecated) res.warnings.push(`Flag --${flag.name} has been deprecated, ${flag.deprecated}\n`);
  }
}

/** strconv.ParseInt(s, 0, 64) syntax. */
export function parseGoInt(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m) return undefined;
  let body = m[2];
  if (body.includes("_")) {
    if (!/^0[xXbBoO]/.test(body) && !(body.startsWith("0") && body.length > 1)) return undefined;
    body = body.replace(/_/g, "");
  }
  let n: bigint;
  if (/^0[oO]/.test(body)) n = BigInt("0o" + body.slice(2));
  else if (/^0[0-7]+$/.test(body)) n = BigInt("0o" + body.slice(1));
  else n = BigInt(body);
  return m[1] === "-" ? -n : n;
}

/** time.ParseDuration, in ms (undefined when invalid). */
export function parseGoDuration(s: string): number | undefined {
  if (s === "0") return 0;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m) return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  for (const p of s.slice(m[1].length).matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += parseFloat(p[1]) * unit[p[2]];
  return m[1] === "-" ? -total : total;
}

/** encoding/csv reading of one line (pflag's StringSlice). */
export function parseCsvLine(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= s.length) {
    if (s[i] === '"') {
      let v = "";
      i++;
      while (i < s.length) {
        if (s[i] === '"') {
          if (s[i + 1] === '"') { v += '"'; i += 2; continue; }
          i++;
          break;
        }
        v += s[i++];
      }
      out.push(v);
      i++; // skip comma
    } else {
      const j = s.indexOf(",", i);
      if (j < 0) { out.push(s.slice(i)); break; }
      out.push(s.slice(i, j));
      i = j + 1;
      if (i === s.length) { out.push(""); break; }
    }
  }
  return out;
}

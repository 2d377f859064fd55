// YAML as Kubernetes reads it: sigs.k8s.io/yaml's YAMLToJSON, i.e. its goyaml.v2 fork
// (gopkg.in/yaml.v2 v2.4.0, YAML 1.1 resolution) decoding into interface{}, then
// convertToJSONableObject and encoding/json. kubectl -f, patch, edit, kubeconfig files, the
// kubelet's static pod files and config.yaml all go this way. (Kustomize reads with kyaml /
// go-yaml v3 and the scenario loader with js-yaml's own schema: they keep js-yaml's default.)
//
// goyaml.v2 resolve.go, for a plain (unquoted, untagged) scalar:
//   - a table lookup: y Y yes Yes YES true True TRUE on On ON → true; n N no No NO false False
//     FALSE off Off OFF → false; "" ~ null Null NULL → null; .nan .NaN .NAN; [+-].inf .Inf .INF
//     (a plain `<<` key is a merge: decode.go isMerge);
//   - first char '.': strconv.ParseFloat;
//   - first char a digit or a sign: a timestamp (YYYY-…, kept as the text when decoded into
//     interface{}), else with every '_' removed strconv.ParseInt(s, 0, 64) (sign, 0x, 0o, 0b, a
//     leading 0 = octal), ParseUint(s, 0, 64), then a float matching
//     ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ (an overflow such as 1e400 stays a string);
//   - anything else is a string. Quoted scalars are strings.
// An explicit tag resolves the text the same way and must agree (!!float takes an int):
// "cannot decode !!bool `yes` as a !!int". !!binary is base64-decoded into a string, any other
// tag leaves the scalar's text.
// YAMLToJSON then turns keys into strings (int → Itoa, float → FormatFloat(f, 'g', -1, 32) with
// ±Inf/NaN as .inf/-.inf/.nan, bool → true/false; null or uint64 keys are refused) and
// json.Marshal refuses ±Inf and NaN values: "json: unsupported value: +Inf".
//
// Kustomize's resources go through kyaml (go-yaml v3) instead, then the same JSON and YAML: as
// recorded from kubectl 1.32 (kustomize v5.5.0), ints and floats resolve as above (0644 → 420,
// 1_000), but only true/True/TRUE/false/False/FALSE are bools, and a date alone (2024-1-2) becomes
// a time.Time, written "2024-01-02T00:00:00Z"; other timestamps keep their text (the "kyaml" dialect).

import yaml from "js-yaml";
import { loadYamlGuarded, YamlGuardError } from "./yaml-guard.ts";
import { parseTimestamp } from "./go-timestamp.ts";

const YAML_TAG = "tag:yaml.org,2002:";
const KEY_MARK = "\u0000go-yaml\u0000";

/** A float64 (kept apart from ints: a float key is written as FormatFloat(f, 'g', -1, 32)). */
class GoFloat {
  readonly #v: number;
  constructor(v: number) {
    this.#v = v;
    boxes++;
  }
  get value(): number {
    return this.#v;
  }
  get [Symbol.toStringTag](): string {
    return "GoFloat";
  }
  toString(): string {
    return floatKey(this.#v);
  }
}

/** An int beyond ±2^53 (exact as a key; a JSON number otherwise), or a uint64 beyond int64. */
class GoBigInt {
  readonly #v: bigint;
  constructor(v: bigint) {
    this.#v = v;
    boxes++;
  }
  get value(): bigint {
    return this.#v;
  }
  get uint64(): boolean {
    return this.#v > INT64_MAX;
  }
  get [Symbol.toStringTag](): string {
    return "GoBigInt";
  }
  toString(): string {
    return this.uint64 ? `${KEY_MARK}uint64\u0000${goSharpV(this)}` : this.#v.toString();
  }
}

/** A null that was written (~, null, !!null): refused as a map key. */
class GoNull {
  constructor() {
    boxes++;
  }
  get [Symbol.toStringTag](): string {
    return "GoNull";
  }
  toString(): string {
    return `${KEY_MARK}nil`;
  }
}

/** Boxes made by the current load (none: nothing to unbox). */
let boxes = 0;

/** The reader of the current load: sigs.k8s.io/yaml (goyaml.v2) or kustomize's kyaml (go-yaml v3). */
export type Dialect = "goyaml.v2" | "kyaml";
let dialect: Dialect = "goyaml.v2";
const KYAML_BOOLS = new Set(["true", "True", "TRUE", "false", "False", "FALSE"]);

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

// ---- resolve.go ----

type Tag = "str" | "bool" | "int" | "float" | "null" | "timestamp";
interface Resolved {
  tag: Tag;
  value: unknown;
}

const RESOLVE_MAP = new Map<string, Resolved>();
for (const [value, tag, words] of [
  [true, "bool", "y Y yes Yes YES true True TRUE on On ON"],
  [false, "bool", "n N no No NO false False FALSE off Off OFF"],
  [null, "null", "~ null Null NULL"],
  [NaN, "float", ".nan .NaN .NAN"],
  [Infinity, "float", ".inf .Inf .INF +.inf +.Inf +.INF"],
  [-Infinity, "float", "-.inf -.Inf -.INF"],
] as [unknown, Tag, string][]) {
  for (const w of words.split(" ")) RESOLVE_MAP.set(w, { tag, value });
}
RESOLVE_MAP.set("", { tag: "null", value: null });

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const isDigit = (c: string) => c >= "0" && c <= "9";

/** strconv.ParseInt / ParseUint with base 0 (no underscores: the caller removed them). */
function parseGoInt(s: string, signed: boolean): bigint | undefined {
  if (!s) return undefined;
  let neg = false;
  if (s[0] === "+" || s[0] === "-") {
    if (!signed) return undefined;
    neg = s[0] === "-";
    s = s.slice(1);
    if (!s) return undefined;
  }
  let base = 10;
  if (s[0] === "0") {
    const p = s.length >= 3 ? s[1].toLowerCase() : "";
    if (p === "b" || p === "o" || p === "x") {
      base = p === "b" ? 2 : p === "o" ? 8 : 16;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
    }
  }
  let n = 0n;
  const b = BigInt(base);
  for (const c of s) {
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base || c === "_") return undefined;
    n = n * b + BigInt(d);
  }
  if (neg) n = -n;
  if (signed ? n > INT64_MAX || n < INT64_MIN : n > UINT64_MAX) return undefined;
  return n;
}

/** strconv.ParseFloat on a text starting with '.' (decimal only: `.5`, `.5e3`); undefined when refused or out of range. */
function parseDotFloat(s: string): number | undefined {
  const m = /^\.([0-9_]+)(?:[eE]([-+]?[0-9_]+))?$/.exec(s);
  if (!m || !underscoreOk(s)) return undefined;
  const v = Number(s.replace(/_/g, ""));
  return Number.isFinite(v) ? v : undefined;
}

/** strconv's underscoreOK: an '_' only between digits. */
function underscoreOk(s: string): boolean {
  let saw = "^";
  for (const c of s) {
    if (isDigit(c)) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/** resolve(tag, in) for an untagged plain scalar (tag "") or an explicit one; values before boxing. */
function resolve(inp: string, tag: Tag | ""): Resolved {
  const c = inp === "" ? "" : inp[0];
  const hint = inp === "" ? "N" : c === "+" || c === "-" ? "S" : isDigit(c) ? "D" : "yYnNtTfFoO~".includes(c) ? "M" : c === "." ? "." : "";
  if (hint && tag !== "str") {
    const hit = RESOLVE_MAP.get(inp);
    if (hit && !(dialect === "kyaml" && hit.tag === "bool" && !KYAML_BOOLS.has(inp))) return hit;
    if (hint === ".") {
      const f = parseDotFloat(inp);
      if (f !== undefined) return { tag: "float", value: f };
    } else if (hint === "D" || hint === "S") {
      if ((tag === "" || tag === "timestamp") && parseTimestamp(inp)) {
        const d = dialect === "kyaml" && tag === "" ? /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(inp) : null;
        return { tag: "timestamp", value: d ? `${d[1]}-${d[2].padStart(2, "0")}-${d[3].padStart(2, "0")}T00:00:00Z` : inp };
      }
      const plain = inp.replace(/_/g, "");
      const i = parseGoInt(plain, true) ?? parseGoInt(plain, false);
      if (i !== undefined) return { tag: "int", value: i };
      if (YAML_STYLE_FLOAT.test(plain)) {
        const f = Number(plain);
        if (Number.isFinite(f)) return { tag: "float", value: f };
      }
    }
  }
  return { tag: "str", value: inp };
}

/** A resolved value as the tree holds it until toJsonable: ints beyond 2^53, floats and nulls boxed. */
function box(r: Resolved): unknown {
  switch (r.tag) {
    case "int": {
      const v = r.value as bigint;
      return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : new GoBigInt(v);
    }
    case "float":
      return new GoFloat(typeof r.value === "bigint" ? Number(r.value) : (r.value as number));
    case "null":
      return new GoNull();
    default:
      return r.value;
  }
}

const shortTag = (t: string) => (t.startsWith(YAML_TAG) ? "!!" + t.slice(YAML_TAG.length) : t);

/** A scalar with an explicit tag (decode.go scalar → resolve(tag, in)). */
function explicit(tag: string, data: string | null): unknown {
  const inp = data ?? "";
  const short = shortTag(tag);
  if (short === "!!binary") {
    const clean = inp.replace(/[\r\n]/g, "");
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) throw new YamlGuardError("yaml: !!binary value contains invalid base64 data");
    const bin = atob(clean);
    return new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
  }
  const want = short.slice(2) as Tag;
  if (!short.startsWith("!!") || !["str", "bool", "int", "float", "null", "timestamp"].includes(want)) return inp;
  if (want === "str") return inp;
  const r = resolve(inp, want);
  if (r.tag === want) return r.tag === "timestamp" ? inp : box(r);
  if (want === "float" && r.tag === "int") return box({ tag: "float", value: r.value });
  throw new YamlGuardError(`yaml: cannot decode !!${r.tag} \`${inp}\` as a !!${want}`);
}

// js-yaml calls an implicit type's resolve(data) then construct(data) for a plain scalar, and
// resolve(data, tag) / construct(data, tag) for an explicitly tagged one.
let memoIn: string | null = null;
let memoDialect: Dialect = dialect;
let memoOut: Resolved = { tag: "str", value: "" };
function plain(data: string): Resolved {
  if (data !== memoIn || memoDialect !== dialect) {
    memoDialect = dialect;
    memoIn = data;
    memoOut = resolve(data, "");
  }
  return memoOut;
}

/** decode.go isMerge: a plain `<<` (as a value it is the string "<<"). */
const MERGE = new yaml.Type(YAML_TAG + "merge", { kind: "scalar", resolve: (data: string | null) => data === "<<" });

function implicitType(tag: Tag): yaml.Type {
  return new yaml.Type(YAML_TAG + tag, {
    kind: "scalar",
    resolve: (data: string | null, explicitTag?: string) => explicitTag !== undefined || (data !== null && plain(data).tag === tag),
    construct: (data: string | null, explicitTag?: string) => (explicitTag !== undefined ? explicit(explicitTag, data) : box(plain(data ?? ""))),
  });
}

/** Any other tag: go-yaml v2 decodes the node as if untagged text / mapping / sequence. */
const anyTag = [
  new yaml.Type("", { kind: "scalar", multi: true, construct: (data: string | null, tag?: string) => explicit(tag ?? "", data) }),
  new yaml.Type("", { kind: "sequence", multi: true, construct: (data: unknown[] | null) => data ?? [] }),
  new yaml.Type("", { kind: "mapping", multi: true, construct: (data: object | null) => data ?? {} }),
];

/** The js-yaml schema that resolves plain scalars as goyaml.v2 does (use with toJsonable). */
export const GO_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [MERGE, ...(["null", "bool", "int", "float", "timestamp"] as Tag[]).map(implicitType)],
  explicit: [new yaml.Type(YAML_TAG + "binary", { kind: "scalar", construct: (data: string | null) => explicit(YAML_TAG + "binary", data) }), ...anyTag],
});

// ---- YAMLToJSON ----

/** strconv.FormatFloat(f, 'g', -1, 32), with go-yaml's names for the infinities and NaN. */
export function floatKey(x: number): string {
  const f = Math.fround(x);
  if (Number.isNaN(f)) return ".nan";
  if (f === Infinity) return ".inf";
  if (f === -Infinity) return "-.inf";
  return formatG(f, (s) => Math.fround(Number(s)) === f, 9);
}

/** strconv's 'g' format with the shortest digits that read back (roundTrips): %e for an exponent < -4 or ≥ 6. */
function formatG(f: number, roundTrips: (s: string) => boolean, maxDigits: number): string {
  const eprec = 6;
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  let e = "";
  for (let p = 1; p <= maxDigits; p++) {
    e = f.toExponential(p - 1);
    if (roundTrips(e)) break;
  }
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const digits = (m[2] + (m[3] ?? "")).replace(/0+$/, "") || "0";
  const exp = Number(m[4]);
  const sign = m[1];
  if (exp < -4 || exp >= eprec) {
    const x = Math.abs(exp);
    return `${sign}${digits[0]}${digits.length > 1 ? "." + digits.slice(1) : ""}e${exp < 0 ? "-" : "+"}${x < 10 ? "0" + x : x}`;
  }
  const dp = exp + 1;
  const intPart = dp > 0 ? digits.slice(0, dp).padEnd(dp, "0") : "0";
  const frac = dp < digits.length ? (dp < 0 ? "0".repeat(-dp) + digits : digits.slice(dp)) : "";
  return sign + intPart + (frac ? "." + frac : "");
}

/** Go's %+#v of a decoded value (in "unsupported map key" errors). */
function goSharpV(v: unknown, nested = false): string {
  if (v === null || v === undefined || v instanceof GoNull) return nested ? "interface {}(nil)" : "<nil>";
  if (v instanceof GoFloat) return Number.isFinite(v.value) ? formatG(v.value, (s) => Number(s) === v.value, 17) : v.value > 0 ? "+Inf" : v.value < 0 ? "-Inf" : "NaN";
  if (v instanceof GoBigInt) return v.uint64 ? "0x" + v.value.toString(16) : v.value.toString();
  if (typeof v === "string") return goQuote(v);
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x, true)).join(", ")}}`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  return `map[interface {}]interface {}{${keys.map((k) => `${goQuote(k)}:${goSharpV(o[k], true)}`).join(", ")}}`;
}

/** strconv.Quote for the strings YAML keys, values and commands are made of (docker/crictl print with it too). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

/** convertToJSONableObject + json.Marshal's refusals, unboxing in place. */
function toJsonable(root: unknown): unknown {
  let nonFinite = false;
  const seen = new Set<object>();
  const unbox = (v: unknown): unknown => {
    if (v instanceof GoFloat) {
      if (!Number.isFinite(v.value)) nonFinite = true;
      return v.value;
    }
    if (v instanceof GoBigInt) return Number(v.value);
    if (v instanceof GoNull) return null;
    if (v !== null && typeof v === "object" && !seen.has(v)) {
      seen.add(v);
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) v[i] = unbox(v[i]);
      } else {
        const o = v as Record<string, unknown>;
        for (const k of Object.keys(o)) {
          if (k.startsWith(KEY_MARK)) {
            const [kind, shown] = k.slice(KEY_MARK.length).split("\u0000");
            throw new YamlGuardError(`unsupported map key of type: ${kind === "nil" ? "%!s(<nil>)" : kind}, key: ${kind === "nil" ? "<nil>" : shown}, value: ${goSharpV(o[k])}`);
          }
          o[k] = unbox(o[k]);
        }
      }
    }
    return v;
  };
  const out = unbox(root);
  if (nonFinite) {
    // json.Marshal walks maps in sorted key order and stops at the first ±Inf or NaN
    const check = (v: unknown): void => {
      if (typeof v === "number" && !Number.isFinite(v)) throw new YamlGuardError(`json: unsupported value: ${v > 0 ? "+Inf" : v < 0 ? "-Inf" : "NaN"}`);
      if (Array.isArray(v)) v.forEach(check);
      else if (v !== null && typeof v === "object") for (const k of Object.keys(v).sort()) check((v as Record<string, unknown>)[k]);
    };
    check(out);
  }
  return out;
}

/**
 * One YAML (or JSON) document as sigs.k8s.io/yaml's YAMLToJSON reads it: YAML 1.1 scalars, the
 * alias guard of loadYamlGuarded, duplicate keys overriding (json: true by default), and
 * YAMLToJSON's refusals. Throws YamlGuardError (go's text) or js-yaml's errors (goYamlError words them).
 */
export function loadGoYaml(text: string, opts?: yaml.LoadOptions, reader: Dialect = "goyaml.v2"): unknown {
  const before = boxes;
  memoIn = null;
  dialect = reader;
  try {
    const v = loadYamlGuarded(text, { json: true, ...opts, schema: GO_YAML_SCHEMA });
    return boxes === before ? v : toJsonable(v);
  } finally {
    dialect = "goyaml.v2";
  }
}

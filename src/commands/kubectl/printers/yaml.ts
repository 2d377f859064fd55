// YAML exactly as kubectl prints it: object → JSON → sigs.k8s.io/yaml → goyaml.v2.
// A port of the parts of goyaml.v2 that kubectl output reaches: encode.go's string style
// choice (resolve.go), keyList.Less (sorted map keys), and emitterc.go's block emitter,
// scalar analysis and scalar writers (plain / single / double quoted / literal, with the
// 80-column folding of long scalars). Input is a JSON-like value.

import { parseTimestamp } from "../../../engine/go-timestamp.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

// ---------------------------------------------------------------- character classes
const isBreak = (c: number) => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isSpace = (c: number) => c === 0x20;
const isBlank = (c: number) => c === 0x20 || c === 0x09;
const isBlankz = (c: number | undefined) => c === undefined || c === 0 || isBlank(c) || isBreak(c);
const isPrintable = (c: number) =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

// ---------------------------------------------------------------- resolve.go
const RESOLVE_MAP = new Set([
  "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
  "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
  "", "~", "null", "Null", "NULL",
  ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
  "<<",
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Go's strconv.ParseInt(s, 0, 64) / ParseUint acceptance (syntax only, 64-bit range). */
function goParsesAsInt(s: string): boolean {
  let body = s;
  let neg = false;
  if (body.startsWith("+") || body.startsWith("-")) {
    neg = body[0] === "-";
    body = body.slice(1);
  }
  let digits: string;
  let base: bigint;
  if (/^0[xX]/.test(body)) { digits = body.slice(2); base = 16n; if (!/^[0-9a-fA-F]+$/.test(digits)) return false; }
  else if (/^0[bB]/.test(body)) { digits = body.slice(2); base = 2n; if (!/^[01]+$/.test(digits)) return false; }
  else if (/^0[oO]/.test(body)) { digits = body.slice(2); base = 8n; if (!/^[0-7]+$/.test(digits)) return false; }
  else if (/^0/.test(body) && body.length > 1) { digits = body.slice(1); base = 8n; if (!/^[0-7]+$/.test(digits)) return false; }
  else { digits = body; base = 10n; if (!/^[0-9]+$/.test(digits)) return false; }
  let v = 0n;
  for (const ch of digits) v = v * base + BigInt(parseInt(ch, 16));
  return neg ? v <= 9223372036854775808n : v <= 18446744073709551615n;
}

/** time.Parse against goyaml.v2's allowedTimestampFormats (2024-02-30 is not a date: it stays a plain string). */
function isTimestamp(s: string): boolean {
  return /^[0-9]{4}-/.test(s) && parseTimestamp(s);
}

const resolveMemo = new Map<string, boolean>();

/** True when goyaml.v2 would resolve this plain scalar to something other than a string (memoised). */
export function resolvesToNonString(s: string): boolean {
  let r = resolveMemo.get(s);
  if (r === undefined) {
    r = resolvesToNonStringUncached(s);
    if (resolveMemo.size > 50_000) resolveMemo.clear();
    resolveMemo.set(s, r);
  }
  return r;
}

function resolvesToNonStringUncached(s: string): boolean {
  const c = s.length ? s[0] : "";
  let hint: string;
  if (s === "") hint = "N";
  else if (c === "+" || c === "-") hint = "S";
  else if (c >= "0" && c <= "9") hint = "D";
  else if ("yYnNtTfFoO~".includes(c)) hint = "M";
  else if (c === ".") hint = ".";
  else hint = "";
  if (!hint) return false;
  if (RESOLVE_MAP.has(s)) return true;
  if (hint === ".") return goParseFloatOk(s);
  if (hint === "D" || hint === "S") {
    if (isTimestamp(s)) return true;
    const plain = s.replace(/_/g, "");
    if (goParsesAsInt(plain)) return true;
    if (YAML_STYLE_FLOAT.test(plain)) return true;
    if (plain.startsWith("0b") && /^[01]+$/.test(plain.slice(2))) return true;
    if (plain.startsWith("-0b") && /^[01]+$/.test(plain.slice(3))) return true;
  }
  return false;
}

function goParseFloatOk(s: string): boolean {
  // strconv.ParseFloat: decimal or hex floats, inf/nan words, underscores only with base prefix.
  return /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)$/i.test(s);
}

function isBase60Float(s: string): boolean {
  if (!s) return false;
  const c = s[0];
  if (!(c === "+" || c === "-" || (c >= "0" && c <= "9")) || !s.includes(":")) return false;
  return BASE60_FLOAT.test(s);
}

// ---------------------------------------------------------------- keyList.Less
const isLetter = (ch: string) => /\p{L}/u.test(ch);
const isDigit = (ch: string) => /\p{Nd}/u.test(ch);

export function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a), br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]), bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0, bn = 0, ai: number, bi: number;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") { an = 1; bn = 1; break; }
      }
    }
    for (ai = i; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].codePointAt(0)! - 48);
    for (bi = i; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

const sortMemo = new Map<string, string[]>();

export function sortYamlKeys(keys: string[]): string[] {
  const id = keys.join("\u0000");
  let r = sortMemo.get(id);
  if (!r) {
    r = [...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
    if (sortMemo.size > 10_000) sortMemo.clear();
    sortMemo.set(id, r);
  }
  return [...r];
}

// ---------------------------------------------------------------- emitter
type Style = "plain" | "single" | "double" | "literal";

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

function analyze(cps: number[]): Analysis {
  if (cps.length === 0) return { multiline: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = false, lineBreaks = false, special = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false;
  const n = cps.length;
  if (n >= 3 && ((cps[0] === 45 && cps[1] === 45 && cps[2] === 45) || (cps[0] === 46 && cps[1] === 46 && cps[2] === 46))) blockInd = true;
  let precededByWs = true;
  for (let i = 0; i < n; i++) {
    const c = cps[i];
    const followedByWs = i + 1 >= n || isBlank(cps[i + 1]) || isBreak(cps[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockInd = true;
      else if (ch === "?" || ch === ":") { if (followedByWs) blockInd = true; }
      else if (ch === "-") { if (followedByWs) blockInd = true; }
    } else {
      if (ch === ":") { if (followedByWs) blockInd = true; }
      else if (ch === "#") { if (precededByWs) blockInd = true; }
    }
    if (!isPrintable(c)) special = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true; prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false; prevBreak = true;
    } else {
      prevSpace = false; prevBreak = false;
    }
    precededByWs = isBlankz(c);
  }
  const a: Analysis = { multiline: lineBreaks, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) { a.blockPlain = false; a.singleQuoted = false; }
  if (spaceBreak || special) { a.blockPlain = false; a.singleQuoted = false; a.block = false; }
  if (lineBreaks) a.blockPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

/**
 * Strings that goyaml.v2 writes plain, checked without the emitter's per-character analysis:
 * no spaces, breaks or indicators; not starting with '.', '-' or a digit-free indicator; not
 * ending with ':'. The resolver check (true, 1.5, 2024-01-01 …) still applies.
 */
const SAFE_PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9_./=+-]*(?::[A-Za-z0-9_./=+-]+)*$/;

class Emitter {
  out = "";
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  private indents: number[] = [];

  put(s: string): void {
    this.out += s;
    this.column += 1;
  }
  putBreak(): void {
    this.out += "\n";
    this.column = 0;
  }
  writeCp(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }
  writeBreakCp(c: number): void {
    if (c === 0x0a) this.putBreak();
    else { this.out += String.fromCodePoint(c); this.column = 0; }
  }
  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) {
      this.out += " ".repeat(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }
  writeIndicator(ind: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(" ");
    this.out += ind;
    this.column += ind.length;
    this.whitespace = isWs;
    this.indention = this.indention && isIndention;
  }

  // ---- nodes
  node(v: Json | undefined, ctx: { mapping?: boolean; simpleKey?: boolean }): void {
    if (v === undefined) v = null;
    if (v !== null && typeof v === "object") {
      if (Array.isArray(v)) this.sequence(v, !!ctx.mapping);
      else this.mapping(v);
      return;
    }
    this.scalar(v, !!ctx.simpleKey);
  }

  mapping(m: { [k: string]: Json }): void {
    const keys = sortYamlKeys(Object.keys(m).filter((k) => m[k] !== undefined));
    if (keys.length === 0) {
      this.writeIndicator("{", true, true, false);
      this.writeIndicator("}", false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (const k of keys) {
      this.writeIndent();
      if (k.length <= 128 && SAFE_PLAIN.test(k) && !resolvesToNonString(k) && !isBase60Float(k)) {
        this.writePlainFast(k);
        this.writeIndicator(":", false, false, false);
        this.node(m[k], MAPPING_CTX);
        continue;
      }
      const cps = Array.from(k, (ch) => ch.codePointAt(0)!);
      if (cps.length <= 128 && !analyze(cps).multiline) {
        this.scalar(k, true);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.scalar(k, false);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(m[k], MAPPING_CTX);
    }
    this.popIndent();
  }

  sequence(s: Json[], mappingContext: boolean): void {
    if (s.length === 0) {
      this.writeIndicator("[", true, true, false);
      this.writeIndicator("]", false, false, false);
      return;
    }
    this.increaseIndent(false, mappingContext && !this.indention);
    for (const item of s) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, NO_CTX);
    }
    this.popIndent();
  }

  /** writePlain for a SAFE_PLAIN string (no spaces or breaks: nothing to fold). */
  writePlainFast(s: string): void {
    if (s.length > 0 && !this.whitespace) {
      this.out += " ";
      this.column++;
    }
    this.out += s;
    this.column += s.length;
    if (s.length > 0) this.whitespace = false;
    this.indention = false;
  }

  scalar(v: Exclude<Json, object> | string, simpleKey: boolean): void {
    if (typeof v === "string" ? SAFE_PLAIN.test(v) && !resolvesToNonString(v) && !isBase60Float(v) : typeof v !== "number" || Number.isInteger(v)) {
      this.writePlainFast(typeof v === "string" ? v : v === null ? "null" : String(v));
      return;
    }
    let text: string;
    let style: Style;
    if (typeof v === "string") {
      text = v;
      if (v.includes("\n")) style = "literal";
      else if (!resolvesToNonString(v) && !isBase60Float(v)) style = "plain";
      else style = "double";
    } else {
      text = v === null ? "null" : typeof v === "boolean" ? String(v) : formatNumber(v);
      style = "plain";
    }
    const cps = Array.from(text, (ch) => ch.codePointAt(0)!);
    const a = analyze(cps);
    if (simpleKey && a.multiline) style = "double";
    if (style === "plain") {
      if (!a.blockPlain) style = "single";
      if (cps.length === 0 && simpleKey) style = "single";
    }
    if (style === "single" && !a.singleQuoted) style = "double";
    if (style === "literal" && (!a.block || simpleKey)) style = "double";

    this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    if (style === "plain") this.writePlain(cps, allowBreaks);
    else if (style === "single") this.writeSingle(cps, allowBreaks);
    else if (style === "double") this.writeDouble(cps, allowBreaks);
    else this.writeLiteral(cps);
    this.popIndent();
  }

  writePlain(cps: number[], allowBreaks: boolean): void {
    if (cps.length > 0 && !this.whitespace) this.put(" ");
    let spaces = false, breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(cps[i + 1] ?? 0)) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    if (cps.length > 0) this.whitespace = false;
    this.indention = false;
  }

  writeSingle(cps: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false, breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1 && !isSpace(cps[i + 1])) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeDouble(cps: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put("\\");
        const simple: Record<number, string> = {
          0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r", 0x1b: "e",
          0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
        };
        if (simple[c] !== undefined) this.put(simple[c]);
        else {
          const [letter, w] = c <= 0xff ? ["x", 2] : c <= 0xffff ? ["u", 4] : ["U", 8];
          this.put(letter as string);
          for (const d of c.toString(16).toUpperCase().padStart(w as number, "0")) this.put(d);
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
          this.writeIndent();
          if (isSpace(cps[i + 1])) this.put("\\");
        } else this.writeCp(c);
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeLiteral(cps: number[]): void {
    this.writeIndicator("|", true, false, false);
    // block scalar hints
    if (cps.length > 0 && (isSpace(cps[0]) || isBreak(cps[0]))) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = "";
    if (cps.length === 0) chomp = "-";
    else {
      const last = cps.length - 1;
      if (!isBreak(cps[last])) chomp = "-";
      else if (last === 0) chomp = "+";
      else if (isBreak(cps[last - 1])) chomp = "+";
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreakCp(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** Go's strconv formatting of a JSON number as goyaml.v2 prints it. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (n === Infinity) return ".inf";
  if (n === -Infinity) return "-.inf";
  if (Number.isNaN(n)) return ".nan";
  // FormatFloat(f, 'g', -1, 64): exponent form when exp < -4 || exp >= 21 (shortest repr digits)
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

const MAPPING_CTX = { mapping: true };
const NO_CTX = {};

/** sigs.k8s.io/yaml.Marshal of a JSON-like value (ends with a newline). */
export function toYaml(value: unknown): string {
  const e = new Emitter();
  e.node((value ?? null) as Json, NO_CTX);
  // document end: write_indent
  e.writeIndent();
  return e.out;
}

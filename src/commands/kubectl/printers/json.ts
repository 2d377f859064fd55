// Go's encoding/json as kubectl uses it: json.MarshalIndent (HTML-safe escaping, `\u003c`,
// `\u2028` …), keys in the order the value carries them (struct order for typed objects,
// sorted for unstructured maps: see sortKeysDeep).

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const JSON_PLAIN = /^[^"\\\x00-\x1f<>&\u2028\u2029]*$/;
const JSON_ESCAPE = /["\\\x00-\x1f<>&\u2028\u2029]/g;
const JSON_SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
const jsonEscape = (ch: string): string => JSON_SHORT[ch] ?? "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");

export function goQuoteJson(s: string): string {
  // one regex pass instead of a loop per character: a 100 kB string is common in an annotation
  if (JSON_PLAIN.test(s)) return '"' + s + '"';
  return '"' + s.replace(JSON_ESCAPE, jsonEscape) + '"';
}

export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // strconv 'e' then encoding/json's clean-up of e-09 to e-9: the same as JavaScript's
    return n.toExponential();
  }
  return String(n);
}

const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

function enc(v: unknown, indent: string, cur: string): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goQuoteJson(v);
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    if (indent === "") return "[" + v.map((x) => enc(x, indent, cur)).join(",") + "]";
    const next = cur + indent;
    return "[\n" + v.map((x) => next + enc(x, indent, next)).join(",\n") + "\n" + cur + "]";
  }
  let keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
  // JavaScript enumerates integer-like keys first; only a map has them, and Go sorts a map's keys
  if (keys.length > 1 && INDEX_KEY.test(keys[0])) keys = keys.sort(byteCompare);
  if (keys.length === 0) return "{}";
  const o = v as Record<string, unknown>;
  if (indent === "") return "{" + keys.map((k) => goQuoteJson(k) + ":" + enc(o[k], indent, cur)).join(",") + "}";
  const next = cur + indent;
  return "{\n" + keys.map((k) => next + goQuoteJson(k) + ": " + enc(o[k], indent, next)).join(",\n") + "\n" + cur + "}";
}

/** json.MarshalIndent(v, "", indent) (no trailing newline). */
export function marshalIndent(v: unknown, indent = "    "): string {
  return enc(v, indent, "");
}

/** json.Marshal(v). */
export function marshal(v: unknown): string {
  return enc(v, "", "");
}

const keyOrderMemo = new Map<string, string[]>();

/** Object keys in Go's byte-wise map order, memoised per key set (objects of one kind share a few shapes). */
export function sortedKeys(o: Record<string, unknown>): string[] {
  const keys = Object.keys(o);
  if (keys.length < 2) return keys;
  const id = keys.join("\u0000");
  let r = keyOrderMemo.get(id);
  if (!r) {
    r = keys.sort(byteCompare);
    if (keyOrderMemo.size > 10_000) keyOrderMemo.clear();
    keyOrderMemo.set(id, r);
  }
  return r;
}

/** Go sorts map keys byte-wise: what an unstructured object (map[string]interface{}) marshals as. */
export function sortKeysDeep(v: unknown): Json {
  if (Array.isArray(v)) {
    const out: Json[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = sortKeysDeep(v[i]);
    return out;
  }
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const out: Record<string, Json> = {};
    for (const k of sortedKeys(o)) if (o[k] !== undefined) out[k] = sortKeysDeep(o[k]);
    return out;
  }
  return (v ?? null) as Json;
}

/**
 * Byte-wise comparison of the UTF-8 encodings, without encoding: UTF-8 order is code point
 * order, which is UTF-16 code unit order except that surrogates (code points ≥ U+10000)
 * sort after U+E000–U+FFFF.
 */
export function byteCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i), cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 0xd800 && ca <= 0xdfff) ca += 0x10000;
    if (cb >= 0xd800 && cb <= 0xdfff) cb += 0x10000;
    return ca - cb;
  }
  return a.length - b.length;
}

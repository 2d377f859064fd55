// The API server reads at most 3 MiB of a request body (k8s.io/apiserver handlers/rest.go
// limitedReadBody with the generic server's default MaxRequestBodyBytes = 3 * 1024 * 1024) and
// answers a longer one with 413 "Request entity too large: limit is 3145728" before it decodes,
// admits or validates anything. kubectl sends an object read from a file as JSON: encoding/json's
// Encoder (unstructured.UnstructuredJSONScheme), compact, HTML-escaped, with a final newline.

import { ApiError } from "./errors.ts";

export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/** Strings made only of characters encoding/json writes as one byte, unescaped. */
const PLAIN = /^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

/** Bytes of a JSON string as Go's encoding/json writes it (escapeHTML, Go ≥ 1.22 short escapes). */
function stringBytes(s: string): number {
  if (PLAIN.test(s)) return s.length + 2;
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x0c || c === 0x0a || c === 0x0d || c === 0x09) n += 2;
      else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) n += 6; // \u00XX
      else n += 1;
    } else if (c < 0x800) n += 2;
    else if (c === 0x2028 || c === 0x2029) n += 6;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) n += 6; // invalid UTF-8 → \ufffd
    else n += 3;
  }
  return n;
}

/**
 * The length of the JSON kubectl sends for `value`, or a number above `limit` as soon as it is
 * known to exceed it (a value repeated by YAML aliases is counted each time, as it is sent).
 */
export function goJsonBytes(value: unknown, limit = Infinity): number {
  let n = 1; // Encoder.Encode's newline
  const walk = (v: unknown): void => {
    if (n > limit) return;
    if (v === null || v === undefined) n += 4;
    else if (typeof v === "string") n += v.length + 2 > limit - n ? v.length + 2 : stringBytes(v); // every character is ≥ 1 byte
    else if (typeof v === "number") n += Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === "boolean") n += v ? 4 : 5;
    else if (Array.isArray(v)) {
      n += v.length ? v.length + 1 : 2;
      for (const x of v) walk(x);
    } else if (typeof v === "object") {
      let k = 0;
      for (const key in v as Record<string, unknown>) {
        const x = (v as Record<string, unknown>)[key];
        if (x === undefined) continue;
        k++;
        n += stringBytes(key) + 1;
        walk(x);
        if (n > limit) return;
      }
      n += k ? k + 1 : 2;
    }
  };
  walk(value);
  return n;
}

/** The API server's refusal of a request body longer than MAX_REQUEST_BODY_BYTES. */
export function checkRequestBody(body: unknown): void {
  if (goJsonBytes(body, MAX_REQUEST_BODY_BYTES) > MAX_REQUEST_BODY_BYTES)
    throw new ApiError("RequestEntityTooLarge", 413, `Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`);
}

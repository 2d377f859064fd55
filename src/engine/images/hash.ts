// Deterministic pseudo-random strings derived from a seed string (FNV-1a → mulberry32).
// Not cryptographic: used for image ids/digests and fake PEM bodies that must look real and
// be the same bytes on every run (the engine has no crypto and no Math.random).

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function stream(seed: string): () => number {
  let s = fnv1a(seed);
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `len` lowercase hex characters derived from `seed`. */
export function detHex(seed: string, len: number): string {
  const next = stream(seed);
  let out = "";
  for (let i = 0; i < len; i++) out += "0123456789abcdef"[Math.floor(next() * 16)];
  return out;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** `len` base64-alphabet characters derived from `seed`. */
export function detBase64(seed: string, len: number): string {
  const next = stream(seed);
  let out = "";
  for (let i = 0; i < len; i++) out += B64[Math.floor(next() * 64)];
  return out;
}

/** Standard base64 of an ASCII/latin1 string (no btoa dependency, same in Node and browser). */
export function base64(s: string): string {
  let out = "";
  let i = 0;
  for (; i + 2 < s.length; i += 3) {
    const n = (s.charCodeAt(i) << 16) | (s.charCodeAt(i + 1) << 8) | s.charCodeAt(i + 2);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = s.length - i;
  if (rest === 1) {
    const n = s.charCodeAt(i) << 16;
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + "==";
  } else if (rest === 2) {
    const n = (s.charCodeAt(i) << 16) | (s.charCodeAt(i + 1) << 8);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + "=";
  }
  return out;
}

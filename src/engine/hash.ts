// FNV-1a 128-bit (the hash newer kubelets use for static pod UIDs), over UTF-8 bytes.

const PRIME = 0x0000000001000000000000000000013bn;
const OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const MASK = (1n << 128n) - 1n;

export function fnv128a(text: string): string {
  let h = OFFSET;
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i++) {
    h ^= BigInt(bytes[i]);
    h = (h * PRIME) & MASK;
  }
  return h.toString(16).padStart(32, "0");
}

/** 32-bit FNV-1a, for cheap deterministic ids (pod-template-hash-like values). */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted: a stable text for hashing objects. */
export function stableJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return "[" + v.map(stableJson).join(",") + "]";
  const o = v as Record<string, unknown>;
  return "{" + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ":" + stableJson(o[k])).join(",") + "}";
}

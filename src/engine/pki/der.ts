// A small ASN.1 DER encoder/decoder: enough for X.509 certificates, PKCS#10 requests and
// RSA/EC keys. Nodes keep their raw bytes, so a decoded structure re-encodes to the same
// bytes (what a signature covers).

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8String: 0x0c,
  PrintableString: 0x13,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export interface Der {
  tag: number;
  /** the content octets */
  content: Uint8Array;
  /** the whole TLV */
  raw: Uint8Array;
  /** children of a constructed node */
  children?: Der[];
}

export class DerError extends Error {}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function lengthBytes(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** A primitive or constructed TLV. */
export function tlv(tag: number, content: Uint8Array | Uint8Array[]): Uint8Array {
  const c = Array.isArray(content) ? concat(content) : content;
  return concat([Uint8Array.of(tag), lengthBytes(c.length), c]);
}

export const seq = (...items: Uint8Array[]) => tlv(TAG.SEQUENCE, items);
export const set = (...items: Uint8Array[]) => tlv(TAG.SET, items);
export const nul = () => Uint8Array.of(TAG.NULL, 0);
export const bool = (v: boolean) => Uint8Array.of(TAG.BOOLEAN, 1, v ? 0xff : 0);
export const octets = (b: Uint8Array) => tlv(TAG.OCTET_STRING, b);
export const bits = (b: Uint8Array, unused = 0) => tlv(TAG.BIT_STRING, [Uint8Array.of(unused), b]);
export const utf8 = (s: string) => tlv(TAG.UTF8String, new TextEncoder().encode(s));
export const printable = (s: string) => tlv(TAG.PrintableString, new TextEncoder().encode(s));
export const ia5 = (s: string) => tlv(TAG.IA5String, new TextEncoder().encode(s));
/** [n] EXPLICIT (constructed) */
export const explicit = (n: number, inner: Uint8Array) => tlv(0xa0 | n, inner);
/** [n] IMPLICIT primitive */
export const implicit = (n: number, content: Uint8Array) => tlv(0x80 | n, content);

/** An INTEGER from unsigned big-endian magnitude bytes (a 0x00 is prefixed when the top bit is set). */
export function uint(mag: Uint8Array): Uint8Array {
  let i = 0;
  while (i < mag.length - 1 && mag[i] === 0) i++;
  let m = mag.subarray(i);
  if (m.length === 0) m = Uint8Array.of(0);
  if (m[0] & 0x80) m = concat([Uint8Array.of(0), m]);
  return tlv(TAG.INTEGER, m);
}

export function int(n: number | bigint): Uint8Array {
  let v = BigInt(n);
  if (v < 0n) throw new DerError("negative integers are not supported");
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  return uint(Uint8Array.from(bytes));
}

export function oid(dotted: string): Uint8Array {
  const parts = dotted.split(".").map((p) => BigInt(p));
  const out: number[] = [Number(parts[0] * 40n + parts[1])];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [];
    let v = p;
    do {
      chunk.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return tlv(TAG.OID, Uint8Array.from(out));
}

export function decodeOid(content: Uint8Array): string {
  if (!content.length) throw new DerError("empty OID");
  const first = content[0];
  const out = [first < 80 ? Math.floor(first / 40) : 2, first < 80 ? first % 40 : first - 80].map(String);
  let v = 0n;
  for (let i = 1; i < content.length; i++) {
    v = (v << 7n) | BigInt(content[i] & 0x7f);
    if (!(content[i] & 0x80)) {
      out.push(v.toString());
      v = 0n;
    }
  }
  return out.join(".");
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), as Go writes them. */
export function time(ms: number): Uint8Array {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const rest = `${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(TAG.UTCTime, new TextEncoder().encode(pad2(y % 100) + rest));
  return tlv(TAG.GeneralizedTime, new TextEncoder().encode(String(y).padStart(4, "0") + rest));
}

export function decodeTime(node: Der): number {
  const s = new TextDecoder().decode(node.content);
  const m = node.tag === TAG.UTCTime ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s) : /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s);
  if (!m || (node.tag !== TAG.UTCTime && node.tag !== TAG.GeneralizedTime)) throw new DerError("bad time");
  let y = Number(m[1]);
  if (node.tag === TAG.UTCTime) y += y < 50 ? 2000 : 1900;
  return Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** Decode one TLV at `offset`; constructed nodes are decoded recursively. */
export function decodeAt(buf: Uint8Array, offset = 0): Der {
  if (offset + 2 > buf.length) throw new DerError("truncated header");
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError("high tag numbers are not supported");
  let len = buf[offset + 1];
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError("bad length");
    len = 0;
    for (let i = 0; i < n; i++) {
      if (p >= buf.length) throw new DerError("truncated length");
      len = len * 256 + buf[p++];
    }
    if (len < 0x80) throw new DerError("non-minimal length");
  }
  if (p + len > buf.length) throw new DerError("truncated content");
  const content = buf.subarray(p, p + len);
  const node: Der = { tag, content, raw: buf.subarray(offset, p + len) };
  if (tag & 0x20) {
    node.children = [];
    let q = 0;
    while (q < content.length) {
      const child = decodeAt(content, q);
      node.children.push(child);
      q += child.raw.length;
    }
  }
  return node;
}

/** Decode a whole buffer that holds exactly one TLV. */
export function decode(buf: Uint8Array): Der {
  const node = decodeAt(buf, 0);
  if (node.raw.length !== buf.length) throw new DerError("trailing data");
  return node;
}

/** Children of a constructed node, checking the tag. */
export function kids(node: Der | undefined, tag?: number): Der[] {
  if (!node || !node.children || (tag !== undefined && node.tag !== tag)) throw new DerError("unexpected structure");
  return node.children;
}

/** An INTEGER's magnitude (the sign byte dropped). */
export function uintBytes(node: Der): Uint8Array {
  if (node.tag !== TAG.INTEGER) throw new DerError("expected INTEGER");
  return node.content[0] === 0 && node.content.length > 1 ? node.content.subarray(1) : node.content;
}

export function toBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

export function stringValue(node: Der): string {
  return new TextDecoder().decode(node.content);
}

export { concat };

// ---- base64 / PEM (no Buffer/btoa dependency: the same in Node and the browser)

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

export function toBase64(b: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (b.length - i === 1) {
    const n = b[i] << 16;
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + "==";
  } else if (b.length - i === 2) {
    const n = (b[i] << 16) | (b[i + 1] << 8);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + "=";
  }
  return out;
}

/** Standard base64 (whitespace ignored); undefined when it is not base64. */
export function fromBase64(s: string): Uint8Array | undefined {
  const clean = s.replace(/\s+/g, "");
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  const pad = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n = ((B64_INDEX.get(clean[i]) ?? 0) << 18) | ((B64_INDEX.get(clean[i + 1]) ?? 0) << 12) | ((B64_INDEX.get(clean[i + 2]) ?? 0) << 6) | (B64_INDEX.get(clean[i + 3]) ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** PEM with 64-column lines, as Go's encoding/pem and OpenSSL write it. */
export function pem(type: string, der: Uint8Array): string {
  const body = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${body.join("\n")}\n-----END ${type}-----\n`;
}

export interface PemBlock {
  type: string;
  der: Uint8Array;
}

/** Every well-formed PEM block of a text, in order. */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const der = fromBase64(m[2]);
    if (der) out.push({ type: m[1], der });
  }
  return out;
}

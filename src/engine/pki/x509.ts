// X.509 v3 certificates, PKCS#10 certificate requests and RSA / EC keys as real DER
// structures (RFC 5280, RFC 2986, RFC 8017, RFC 5915), built and parsed with der.ts.
//
// There is no cryptography in the engine: keys are deterministic pseudo-random numbers of
// the right sizes (an RSA-2048 modulus has 256 bytes with its top bit set, p and q 128
// bytes, e = 65537; an EC P-256 point is 04||X||Y) that do not satisfy the RSA/EC maths, and
// a "signature" is 256 pseudo-random bytes derived from the signed bytes and the signer's
// public key. Every structure is well-formed, so it parses and prints like a real one, and a
// signature can be checked the way the lab needs it: recomputed from the issuer's key.

import * as D from "./der.ts";
import type { Der } from "./der.ts";

export const OID = {
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRSAEncryption: "1.2.840.113549.1.1.11",
  ecPublicKey: "1.2.840.10045.2.1",
  prime256v1: "1.2.840.10045.3.1.7",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
  CN: "2.5.4.3",
  C: "2.5.4.6",
  L: "2.5.4.7",
  ST: "2.5.4.8",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  emailAddress: "1.2.840.113549.1.9.1",
  extensionRequest: "1.2.840.113549.1.9.14",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  codeSigning: "1.3.6.1.5.5.7.3.3",
  emailProtection: "1.3.6.1.5.5.7.3.4",
} as const;

/** Short names of the name attributes, as OpenSSL prints them. */
export const ATTR_SHORT: Record<string, string> = {
  [OID.CN]: "CN",
  [OID.C]: "C",
  [OID.L]: "L",
  [OID.ST]: "ST",
  [OID.O]: "O",
  [OID.OU]: "OU",
  [OID.emailAddress]: "emailAddress",
};
const SHORT_ATTR: Record<string, string> = Object.fromEntries(Object.entries(ATTR_SHORT).map(([k, v]) => [v, k]));

// ---------------------------------------------------------------- deterministic bytes

function fnv(bytes: Uint8Array, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `n` pseudo-random bytes from a seed (two FNV-1a hashes driving xoshiro128**). */
export function detBytes(seed: string | Uint8Array, n: number): Uint8Array {
  const s = typeof seed === "string" ? new TextEncoder().encode(seed) : seed;
  let a = fnv(s, 0x811c9dc5), b = fnv(s, 0x1b873593) ^ 0x9e3779b9, c = (a ^ 0x85ebca6b) >>> 0, d = (b ^ 0xc2b2ae35) >>> 0;
  if (!(a | b | c | d)) a = 1;
  const out = new Uint8Array(n);
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  for (let i = 0; i < n; i += 4) {
    const r = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (r >>> (24 - 8 * k)) & 0xff;
  }
  return out;
}

export function hex(b: Uint8Array, sep = ":", upper = true): string {
  const parts = [...b].map((x) => x.toString(16).padStart(2, "0"));
  const s = parts.join(sep);
  return upper ? s.toUpperCase() : s;
}

// ---------------------------------------------------------------- keys

export type PublicKey = { kind: "rsa"; n: Uint8Array; e: number } | { kind: "ec"; curve: string; point: Uint8Array };

export interface RsaPrivateKey {
  kind: "rsa";
  n: Uint8Array;
  e: number;
  d: Uint8Array;
  p: Uint8Array;
  q: Uint8Array;
  dp: Uint8Array;
  dq: Uint8Array;
  qinv: Uint8Array;
}
export interface EcPrivateKey {
  kind: "ec";
  d: Uint8Array;
  point: Uint8Array;
}
export type PrivateKey = RsaPrivateKey | EcPrivateKey;

function topOdd(b: Uint8Array): Uint8Array {
  b[0] |= 0x80;
  b[b.length - 1] |= 1;
  return b;
}

/** A deterministic RSA key of `bitsLen` bits (sizes right, maths not: see the file comment). */
export function rsaKey(seed: string, bitsLen = 2048): RsaPrivateKey {
  const n = bitsLen / 8;
  const d = detBytes(`${seed}/d`, n);
  d[0] &= 0x7f;
  return {
    kind: "rsa",
    n: topOdd(detBytes(`${seed}/n`, n)),
    e: 65537,
    d,
    p: topOdd(detBytes(`${seed}/p`, n / 2)),
    q: topOdd(detBytes(`${seed}/q`, n / 2)),
    dp: detBytes(`${seed}/dp`, n / 2),
    dq: detBytes(`${seed}/dq`, n / 2),
    qinv: detBytes(`${seed}/qinv`, n / 2),
  };
}

const P256 = {
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
};

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

function bytes32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * A deterministic EC P-256 key: the public point is on the curve (x pseudo-random, y its
 * square root of x³ - 3x + b), though not d·G.
 */
export function ecKey(seed: string): EcPrivateKey {
  const { p, b } = P256;
  for (let i = 0; ; i++) {
    const x = D.toBigInt(detBytes(`${seed}/x/${i}`, 32)) % p;
    const rhs = (((x * x * x - 3n * x + b) % p) + p) % p;
    const y = modPow(rhs, (p + 1n) / 4n, p);
    if ((y * y) % p !== rhs) continue;
    const point = new Uint8Array(65);
    point[0] = 4;
    point.set(bytes32(x), 1);
    point.set(bytes32(y), 33);
    return { kind: "ec", d: detBytes(`${seed}/d`, 32), point };
  }
}

export function publicOf(k: PrivateKey): PublicKey {
  return k.kind === "rsa" ? { kind: "rsa", n: k.n, e: k.e } : { kind: "ec", curve: OID.prime256v1, point: k.point };
}

export function keyBits(k: PublicKey): number {
  if (k.kind === "ec") return 256;
  let i = 0;
  while (i < k.n.length && k.n[i] === 0) i++;
  return (k.n.length - i) * 8 - Math.clz32(k.n[i] ?? 0) + 24;
}

export function samePublicKey(a: PublicKey, b: PublicKey): boolean {
  if (a.kind === "rsa" && b.kind === "rsa") return a.e === b.e && hex(a.n) === hex(b.n);
  if (a.kind === "ec" && b.kind === "ec") return hex(a.point) === hex(b.point);
  return false;
}

const rsaAlg = () => D.seq(D.oid(OID.rsaEncryption), D.nul());

export function spki(k: PublicKey): Uint8Array {
  if (k.kind === "rsa") return D.seq(rsaAlg(), D.bits(D.seq(D.uint(k.n), D.int(k.e))));
  return D.seq(D.seq(D.oid(OID.ecPublicKey), D.oid(k.curve)), D.bits(k.point));
}

export function parseSpki(node: Der): PublicKey {
  const [alg, key] = D.kids(node, D.TAG.SEQUENCE);
  const [algOid, param] = D.kids(alg, D.TAG.SEQUENCE);
  const o = D.decodeOid(algOid.content);
  if (key.tag !== D.TAG.BIT_STRING) throw new D.DerError("expected BIT STRING");
  const body = key.content.subarray(1);
  if (o === OID.rsaEncryption) {
    const [n, e] = D.kids(D.decode(body), D.TAG.SEQUENCE);
    return { kind: "rsa", n: D.uintBytes(n), e: Number(D.toBigInt(D.uintBytes(e))) };
  }
  if (o === OID.ecPublicKey) return { kind: "ec", curve: param?.tag === D.TAG.OID ? D.decodeOid(param.content) : "", point: body };
  throw new D.DerError(`unsupported key algorithm ${o}`);
}

/** PKCS#1 RSAPrivateKey (kubeadm's "RSA PRIVATE KEY") */
export function pkcs1(k: RsaPrivateKey): Uint8Array {
  return D.seq(D.int(0), D.uint(k.n), D.int(k.e), D.uint(k.d), D.uint(k.p), D.uint(k.q), D.uint(k.dp), D.uint(k.dq), D.uint(k.qinv));
}

/** PKCS#8 PrivateKeyInfo (OpenSSL 3's "PRIVATE KEY") */
export function pkcs8(k: PrivateKey): Uint8Array {
  if (k.kind === "rsa") return D.seq(D.int(0), rsaAlg(), D.octets(pkcs1(k)));
  return D.seq(D.int(0), D.seq(D.oid(OID.ecPublicKey), D.oid(OID.prime256v1)), D.octets(sec1(k, false)));
}

/** SEC 1 ECPrivateKey ("EC PRIVATE KEY") */
export function sec1(k: EcPrivateKey, withCurve = true): Uint8Array {
  return D.seq(D.int(1), D.octets(k.d), ...(withCurve ? [D.explicit(0, D.oid(OID.prime256v1))] : []), D.explicit(1, D.bits(k.point)));
}

function parsePkcs1(node: Der): RsaPrivateKey {
  const k = D.kids(node, D.TAG.SEQUENCE);
  if (k.length < 9) throw new D.DerError("bad RSA key");
  const u = (i: number) => D.uintBytes(k[i]);
  return { kind: "rsa", n: u(1), e: Number(D.toBigInt(u(2))), d: u(3), p: u(4), q: u(5), dp: u(6), dq: u(7), qinv: u(8) };
}

function parseSec1(node: Der): EcPrivateKey {
  const k = D.kids(node, D.TAG.SEQUENCE);
  const pub = k.find((c) => c.tag === 0xa1);
  const bitsNode = pub?.children?.[0];
  return { kind: "ec", d: k[1].content, point: bitsNode ? bitsNode.content.subarray(1) : new Uint8Array(65) };
}

/** A private key from one PEM block (PKCS#1, PKCS#8 or SEC 1), or undefined. */
export function parsePrivateKey(block: D.PemBlock): PrivateKey | undefined {
  try {
    const node = D.decode(block.der);
    if (block.type === "RSA PRIVATE KEY") return parsePkcs1(node);
    if (block.type === "EC PRIVATE KEY") return parseSec1(node);
    if (block.type === "PRIVATE KEY") {
      const [, alg, inner] = D.kids(node, D.TAG.SEQUENCE);
      const o = D.decodeOid(D.kids(alg)[0].content);
      if (o === OID.rsaEncryption) return parsePkcs1(D.decode(inner.content));
      if (o === OID.ecPublicKey) return parseSec1(D.decode(inner.content));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------- names

export interface NameAttr {
  oid: string;
  value: string;
}
/** A distinguished name, one attribute per RDN (as Go and `openssl -subj` write them). */
export type Name = NameAttr[];

/** pkix.Name.ToRDNSequence's order: C, ST, L, O, OU, then CN. */
export function goName(cn: string, orgs: string[] = []): Name {
  return [...orgs.map((o) => ({ oid: OID.O, value: o })), ...(cn ? [{ oid: OID.CN, value: cn }] : [])];
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

export function encodeName(name: Name, utf8Always = false): Uint8Array {
  return D.seq(
    ...name.map((a) =>
      D.set(D.seq(D.oid(a.oid), !utf8Always && PRINTABLE.test(a.value) && a.oid !== OID.emailAddress ? D.printable(a.value) : a.oid === OID.emailAddress ? D.ia5(a.value) : D.utf8(a.value))),
    ),
  );
}

export function parseName(node: Der): Name {
  const out: Name = [];
  for (const rdn of D.kids(node, D.TAG.SEQUENCE)) {
    for (const atv of D.kids(rdn, D.TAG.SET)) {
      const [t, v] = D.kids(atv, D.TAG.SEQUENCE);
      out.push({ oid: D.decodeOid(t.content), value: D.stringValue(v) });
    }
  }
  return out;
}

export function nameValues(name: Name, attr: "CN" | "O" | "OU"): string[] {
  const o = SHORT_ATTR[attr];
  return name.filter((a) => a.oid === o).map((a) => a.value);
}

export function sameName(a: Name, b: Name): boolean {
  return a.length === b.length && a.every((x, i) => x.oid === b[i].oid && x.value === b[i].value);
}

/** `/CN=jane/O=dev` as `openssl -subj` takes it; undefined when malformed. */
export function parseSubjArg(s: string): { name: Name } | { error: string } {
  if (!s.startsWith("/")) return { error: `name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: '${s}'` };
  const name: Name = [];
  const parts: string[] = [];
  let cur = "";
  for (let i = 1; i < s.length; i++) {
    if (s[i] === "\\" && i + 1 < s.length) cur += s[++i];
    else if (s[i] === "/") {
      parts.push(cur);
      cur = "";
    } else cur += s[i];
  }
  parts.push(cur);
  for (const p of parts) {
    if (p === "") continue;
    const eq = p.indexOf("=");
    if (eq < 0) return { error: `Hit end of string before finding the '='` };
    const type = p.slice(0, eq);
    const value = p.slice(eq + 1);
    const o = SHORT_ATTR[type] ?? (type === "commonName" ? OID.CN : type === "organizationName" ? OID.O : undefined);
    if (!o) return { error: `Skipping unknown subject name attribute "${type}"` };
    if (value === "") continue;
    name.push({ oid: o, value });
  }
  return { name };
}

// ---------------------------------------------------------------- extensions

export interface Extension {
  oid: string;
  critical: boolean;
  /** the extnValue OCTET STRING's content */
  value: Uint8Array;
}

export const KU = { digitalSignature: 0, contentCommitment: 1, keyEncipherment: 2, dataEncipherment: 3, keyAgreement: 4, keyCertSign: 5, cRLSign: 6, encipherOnly: 7, decipherOnly: 8 } as const;

/** KeyUsage as Go marshals it: the named bits, the BIT STRING cut after the last set bit. */
export function keyUsageExt(bitsSet: number[]): Extension {
  const a = new Uint8Array(2);
  for (const b of bitsSet) a[b >> 3] |= 0x80 >> (b & 7);
  const l = a[1] ? 2 : 1;
  const bytes = a.subarray(0, l);
  let last = 0;
  for (let i = 0; i < l * 8; i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) last = i + 1;
  return { oid: OID.keyUsage, critical: true, value: D.bits(bytes, l * 8 - last) };
}

export function extKeyUsageExt(oids: string[]): Extension {
  return { oid: OID.extKeyUsage, critical: false, value: D.seq(...oids.map(D.oid)) };
}

export function basicConstraintsExt(ca: boolean): Extension {
  return { oid: OID.basicConstraints, critical: true, value: ca ? D.seq(D.bool(true)) : D.seq() };
}

export function skiExt(id: Uint8Array): Extension {
  return { oid: OID.subjectKeyIdentifier, critical: false, value: D.octets(id) };
}

export function akiExt(id: Uint8Array): Extension {
  return { oid: OID.authorityKeyIdentifier, critical: false, value: D.seq(D.implicit(0, id)) };
}

export function ipBytes(ip: string): Uint8Array {
  if (ip.includes(":")) {
    const [head, tail] = ip.split("::");
    const h = head ? head.split(":") : [];
    const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
    const out = new Uint8Array(16);
    groups.forEach((g, i) => {
      const v = parseInt(g, 16);
      out[2 * i] = v >> 8;
      out[2 * i + 1] = v & 0xff;
    });
    return out;
  }
  return Uint8Array.from(ip.split(".").map(Number));
}

export interface AltNames {
  dns: string[];
  ips: Uint8Array[];
  emails: string[];
  uris: string[];
}

/** Go's marshalSANs order: DNS names, emails, IPs, URIs. */
export function sanExt(alt: Partial<AltNames>): Extension {
  const enc = new TextEncoder();
  return {
    oid: OID.subjectAltName,
    critical: false,
    value: D.seq(
      ...(alt.dns ?? []).map((d) => D.implicit(2, enc.encode(d))),
      ...(alt.emails ?? []).map((e) => D.implicit(1, enc.encode(e))),
      ...(alt.ips ?? []).map((ip) => D.implicit(7, ip)),
      ...(alt.uris ?? []).map((u) => D.implicit(6, enc.encode(u))),
    ),
  };
}

export function parseSan(value: Uint8Array): AltNames {
  const out: AltNames = { dns: [], ips: [], emails: [], uris: [] };
  const dec = new TextDecoder();
  for (const gn of D.kids(D.decode(value), D.TAG.SEQUENCE)) {
    if (gn.tag === 0x82) out.dns.push(dec.decode(gn.content));
    else if (gn.tag === 0x87) out.ips.push(gn.content);
    else if (gn.tag === 0x81) out.emails.push(dec.decode(gn.content));
    else if (gn.tag === 0x86) out.uris.push(dec.decode(gn.content));
  }
  return out;
}

export function parseKeyUsage(value: Uint8Array): number[] {
  const n = D.decode(value);
  const bytes = n.content.subarray(1);
  const out: number[] = [];
  for (let i = 0; i < bytes.length * 8; i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) out.push(i);
  return out;
}

export function parseExtKeyUsage(value: Uint8Array): string[] {
  return D.kids(D.decode(value), D.TAG.SEQUENCE).map((o) => D.decodeOid(o.content));
}

export function parseBasicConstraints(value: Uint8Array): { ca: boolean; pathLen?: number } {
  const k = D.kids(D.decode(value), D.TAG.SEQUENCE);
  const ca = k[0]?.tag === D.TAG.BOOLEAN ? k[0].content[0] !== 0 : false;
  const pl = k.find((c) => c.tag === D.TAG.INTEGER);
  return { ca, ...(pl ? { pathLen: Number(D.toBigInt(pl.content)) } : {}) };
}

export function parseSki(value: Uint8Array): Uint8Array {
  return D.decode(value).content;
}

export function parseAki(value: Uint8Array): Uint8Array | undefined {
  return D.kids(D.decode(value), D.TAG.SEQUENCE).find((c) => c.tag === 0x80)?.content;
}

function encodeExtensions(exts: Extension[]): Uint8Array {
  return D.seq(...exts.map((e) => D.seq(D.oid(e.oid), ...(e.critical ? [D.bool(true)] : []), D.octets(e.value))));
}

function parseExtensions(node: Der): Extension[] {
  return D.kids(node, D.TAG.SEQUENCE).map((e) => {
    const k = D.kids(e, D.TAG.SEQUENCE);
    const critical = k.length === 3 && k[1].tag === D.TAG.BOOLEAN && k[1].content[0] !== 0;
    return { oid: D.decodeOid(k[0].content), critical, value: k[k.length - 1].content };
  });
}

// ---------------------------------------------------------------- signatures

const sigAlg = () => D.seq(D.oid(OID.sha256WithRSAEncryption), D.nul());

/** The stand-in signature: 256 bytes from the signed bytes and the signer's public key. */
export function signatureOf(tbs: Uint8Array, signer: PublicKey): Uint8Array {
  const key = signer.kind === "rsa" ? signer.n : signer.point;
  return detBytes(D.concat([tbs, key]), signer.kind === "rsa" ? signer.n.length : 64);
}

// ---------------------------------------------------------------- certificates

export interface CertTemplate {
  /** 3 for v3, 1 for a certificate without extensions (openssl x509 -req) */
  version?: 1 | 3;
  serial: Uint8Array;
  issuer: Name;
  subject: Name;
  notBefore: number;
  notAfter: number;
  publicKey: PublicKey;
  extensions?: Extension[];
  /** strings as UTF8String (OpenSSL) rather than PrintableString when possible (Go) */
  utf8Names?: boolean;
}

export interface Certificate {
  der: Uint8Array;
  tbs: Uint8Array;
  version: number;
  serial: Uint8Array;
  sigAlg: string;
  issuer: Name;
  notBefore: number;
  notAfter: number;
  subject: Name;
  publicKey: PublicKey;
  extensions: Extension[];
  signature: Uint8Array;
}

/** Sign a certificate with the issuer's key (its public part determines the stand-in signature). */
export function createCertificate(t: CertTemplate, signer: PrivateKey): Uint8Array {
  const v3 = (t.version ?? 3) === 3;
  const tbs = D.seq(
    ...(v3 ? [D.explicit(0, D.int(2))] : []),
    D.uint(t.serial),
    sigAlg(),
    encodeName(t.issuer, t.utf8Names),
    D.seq(D.time(t.notBefore), D.time(t.notAfter)),
    encodeName(t.subject, t.utf8Names),
    spki(t.publicKey),
    ...(v3 && t.extensions?.length ? [D.explicit(3, encodeExtensions(t.extensions))] : []),
  );
  return D.seq(tbs, sigAlg(), D.bits(signatureOf(tbs, publicOf(signer))));
}

export function parseCertificate(der: Uint8Array): Certificate {
  const root = D.decode(der);
  const [tbsNode, alg, sig] = D.kids(root, D.TAG.SEQUENCE);
  const f = D.kids(tbsNode, D.TAG.SEQUENCE);
  let i = 0;
  let version = 1;
  if (f[0].tag === 0xa0) {
    version = Number(D.toBigInt(D.kids(f[0])[0].content)) + 1;
    i++;
  }
  const serial = f[i++].content;
  i++; // signature algorithm (repeated below)
  const issuer = parseName(f[i++]);
  const [nb, na] = D.kids(f[i++], D.TAG.SEQUENCE);
  const subject = parseName(f[i++]);
  const publicKey = parseSpki(f[i++]);
  let extensions: Extension[] = [];
  for (; i < f.length; i++) if (f[i].tag === 0xa3) extensions = parseExtensions(D.kids(f[i])[0]);
  if (sig?.tag !== D.TAG.BIT_STRING) throw new D.DerError("expected signature");
  return {
    der,
    tbs: tbsNode.raw,
    version,
    serial,
    sigAlg: D.decodeOid(D.kids(alg)[0].content),
    issuer,
    notBefore: D.decodeTime(nb),
    notAfter: D.decodeTime(na),
    subject,
    publicKey,
    extensions,
    signature: sig.content.subarray(1),
  };
}

/** Whether `cert` carries the signature `issuer`'s key makes (and names it as its issuer). */
export function signedBy(cert: Certificate, issuer: Certificate): boolean {
  if (!sameName(cert.issuer, issuer.subject)) return false;
  const want = signatureOf(cert.tbs, issuer.publicKey);
  return hex(want) === hex(cert.signature);
}

export function extension(c: { extensions: Extension[] }, oidStr: string): Extension | undefined {
  return c.extensions.find((e) => e.oid === oidStr);
}

/** The first CERTIFICATE block of a PEM text, parsed; undefined when there is none that parses. */
export function certFromPem(text: string): Certificate | undefined {
  for (const b of D.pemBlocks(text)) {
    if (b.type !== "CERTIFICATE") continue;
    try {
      return parseCertificate(b.der);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- certificate requests (PKCS#10)

export interface CertificateRequest {
  der: Uint8Array;
  info: Uint8Array;
  version: number;
  subject: Name;
  publicKey: PublicKey;
  /** raw attributes (OID, values' DER) */
  attributes: Array<{ oid: string; values: Der[] }>;
  extensions: Extension[];
  sigAlg: string;
  signature: Uint8Array;
}

export function createCsr(subject: Name, key: PrivateKey, extensions: Extension[] = []): Uint8Array {
  const attrs = extensions.length ? [D.seq(D.oid(OID.extensionRequest), D.set(encodeExtensions(extensions)))] : [];
  const info = D.seq(D.int(0), encodeName(subject, true), spki(publicOf(key)), D.tlv(0xa0, attrs));
  return D.seq(info, sigAlg(), D.bits(signatureOf(info, publicOf(key))));
}

export function parseCsr(der: Uint8Array): CertificateRequest {
  const [infoNode, alg, sig] = D.kids(D.decode(der), D.TAG.SEQUENCE);
  const f = D.kids(infoNode, D.TAG.SEQUENCE);
  if (f.length < 3) throw new D.DerError("bad request");
  const attributes: CertificateRequest["attributes"] = [];
  let extensions: Extension[] = [];
  if (f[3]?.tag === 0xa0) {
    for (const a of f[3].children ?? []) {
      const [o, vals] = D.kids(a, D.TAG.SEQUENCE);
      const oidStr = D.decodeOid(o.content);
      attributes.push({ oid: oidStr, values: vals.children ?? [] });
      if (oidStr === OID.extensionRequest && vals.children?.[0]) extensions = parseExtensions(vals.children[0]);
    }
  }
  if (sig?.tag !== D.TAG.BIT_STRING) throw new D.DerError("expected signature");
  return {
    der,
    info: infoNode.raw,
    version: Number(D.toBigInt(f[0].content)) + 1,
    subject: parseName(f[1]),
    publicKey: parseSpki(f[2]),
    attributes,
    extensions,
    sigAlg: D.decodeOid(D.kids(alg)[0].content),
    signature: sig.content.subarray(1),
  };
}

/** A request's self-signature made with its own key. */
export function csrSelfSigned(csr: CertificateRequest): boolean {
  return hex(signatureOf(csr.info, csr.publicKey)) === hex(csr.signature);
}

export function csrFromPem(text: string): CertificateRequest | undefined {
  for (const b of D.pemBlocks(text)) {
    if (b.type !== "CERTIFICATE REQUEST" && b.type !== "NEW CERTIFICATE REQUEST") continue;
    try {
      return parseCsr(b.der);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

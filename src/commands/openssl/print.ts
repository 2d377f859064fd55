// OpenSSL 3.0's text printers for certificates and requests: X509_print_ex
// (crypto/x509/t_x509.c), X509_REQ_print_ex (t_req.c), the RSA/EC key printers of the
// default provider (encode_key2text.c), X509V3_extensions_print and the extension methods'
// i2v/i2s (v3_bitst.c, v3_extku.c, v3_bcons.c, v3_skid.c, v3_akid.c, v3_san.c), with the
// `openssl x509`/`req` apps' default name format (-nameopt oneline) and RFC 822 dates.
// Checked byte for byte against OpenSSL 3.0 on kubeadm's and OpenSSL's own certificates.

import * as X from "../../engine/pki/x509.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** ASN1_TIME_print: "Nov 20 06:00:00 2026 GMT" */
export function asn1Time(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

/** X509_NAME_print_ex with XN_FLAG_ONELINE: "CN = jane, O = dev" */
export function onelineName(name: X.Name): string {
  return name
    .map((a) => {
      const short = X.ATTR_SHORT[a.oid] ?? a.oid;
      const v = /[,+"\\<>;]/.test(a.value) ? `"${a.value.replace(/(["\\])/g, "\\$1")}"` : a.value;
      return `${short} = ${v}`;
    })
    .join(", ");
}

function magnitude(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** i2a_ASN1_INTEGER: upper-case hex, no separators */
export function serialHex(serial: Uint8Array): string {
  return X.hex(magnitude(serial), "", true);
}

function serialLine(serial: Uint8Array): string {
  const m = magnitude(serial);
  if (m.length <= 8 && !(m.length === 8 && m[0] & 0x80)) {
    const v = m.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
    return ` ${v} (0x${v.toString(16)})\n`;
  }
  return `\n            ${X.hex(m, ":", false)}\n`;
}

/** bytes as "xx:xx:…", `per` a line, each line indented */
function hexBlock(b: Uint8Array, per: number, indent: number): string {
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += per) {
    const chunk = X.hex(b.subarray(i, i + per), ":", false);
    lines.push(" ".repeat(indent) + chunk + (i + per < b.length ? ":" : ""));
  }
  return lines.join("\n") + "\n";
}

export function publicKeyText(k: X.PublicKey, indent: number): string {
  const pad = " ".repeat(indent);
  if (k.kind === "rsa") {
    const n = k.n[0] & 0x80 ? Uint8Array.of(0, ...k.n) : k.n;
    return `${pad}Public-Key: (${X.keyBits(k)} bit)\n${pad}Modulus:\n${hexBlock(n, 15, indent + 4)}${pad}Exponent: ${k.e} (0x${k.e.toString(16)})\n`;
  }
  return `${pad}Public-Key: (256 bit)\n${pad}pub:\n${hexBlock(k.point, 15, indent + 4)}${pad}ASN1 OID: prime256v1\n${pad}NIST CURVE: P-256\n`;
}

function algName(oid: string): string {
  return oid === X.OID.rsaEncryption ? "rsaEncryption" : oid === X.OID.ecPublicKey ? "id-ecPublicKey" : oid === X.OID.sha256WithRSAEncryption ? "sha256WithRSAEncryption" : oid === X.OID.ecdsaWithSHA256 ? "ecdsa-with-SHA256" : oid;
}

const KU_NAMES = ["Digital Signature", "Non Repudiation", "Key Encipherment", "Data Encipherment", "Key Agreement", "Certificate Sign", "CRL Sign", "Encipher Only", "Decipher Only"];
const EKU_NAMES: Record<string, string> = {
  [X.OID.serverAuth]: "TLS Web Server Authentication",
  [X.OID.clientAuth]: "TLS Web Client Authentication",
  [X.OID.codeSigning]: "Code Signing",
  [X.OID.emailProtection]: "E-mail Protection",
};
const EXT_NAMES: Record<string, string> = {
  [X.OID.keyUsage]: "X509v3 Key Usage",
  [X.OID.extKeyUsage]: "X509v3 Extended Key Usage",
  [X.OID.basicConstraints]: "X509v3 Basic Constraints",
  [X.OID.subjectKeyIdentifier]: "X509v3 Subject Key Identifier",
  [X.OID.authorityKeyIdentifier]: "X509v3 Authority Key Identifier",
  [X.OID.subjectAltName]: "X509v3 Subject Alternative Name",
};
/** the short names `-ext` takes */
export const EXT_SHORT: Record<string, string> = {
  keyUsage: X.OID.keyUsage,
  extendedKeyUsage: X.OID.extKeyUsage,
  basicConstraints: X.OID.basicConstraints,
  subjectKeyIdentifier: X.OID.subjectKeyIdentifier,
  authorityKeyIdentifier: X.OID.authorityKeyIdentifier,
  subjectAltName: X.OID.subjectAltName,
};

function ipText(b: Uint8Array): string {
  if (b.length === 4) return [...b].join(".");
  if (b.length === 16) {
    const g: string[] = [];
    for (let i = 0; i < 16; i += 2) g.push(((b[i] << 8) | b[i + 1]).toString(16).toUpperCase());
    return g.join(":");
  }
  return "<invalid>";
}

function extValue(e: X.Extension): string {
  switch (e.oid) {
    case X.OID.keyUsage:
      return X.parseKeyUsage(e.value).map((b) => KU_NAMES[b]).join(", ");
    case X.OID.extKeyUsage:
      return X.parseExtKeyUsage(e.value).map((o) => EKU_NAMES[o] ?? o).join(", ");
    case X.OID.basicConstraints: {
      const bc = X.parseBasicConstraints(e.value);
      return `CA:${bc.ca ? "TRUE" : "FALSE"}${bc.pathLen !== undefined ? `, pathlen:${bc.pathLen}` : ""}`;
    }
    case X.OID.subjectKeyIdentifier:
      return X.hex(X.parseSki(e.value));
    case X.OID.authorityKeyIdentifier: {
      const id = X.parseAki(e.value);
      return id ? X.hex(id) : "";
    }
    case X.OID.subjectAltName: {
      const s = X.parseSan(e.value);
      return [...s.emails.map((v) => `email:${v}`), ...s.dns.map((v) => `DNS:${v}`), ...s.uris.map((v) => `URI:${v}`), ...s.ips.map((v) => `IP Address:${ipText(v)}`)].join(", ");
    }
    default:
      return X.hex(e.value);
  }
}

/** X509V3_extensions_print of the given extensions at `indent`. */
export function extensionsText(exts: X.Extension[], indent: number): string {
  let out = "";
  for (const e of exts) {
    out += `${" ".repeat(indent)}${EXT_NAMES[e.oid] ?? e.oid}: ${e.critical ? "critical" : ""}\n`;
    out += `${" ".repeat(indent + 4)}${extValue(e)}\n`;
  }
  return out;
}

function signatureText(alg: string, sig: Uint8Array): string {
  return `    Signature Algorithm: ${algName(alg)}\n    Signature Value:\n${hexBlock(sig, 18, 8)}`;
}

/** `openssl x509 -text` */
export function certText(c: X.Certificate): string {
  let out = "Certificate:\n    Data:\n";
  out += `        Version: ${c.version} (0x${(c.version - 1).toString(16)})\n`;
  out += `        Serial Number:${serialLine(c.serial)}`;
  out += `        Signature Algorithm: ${algName(c.sigAlg)}\n`;
  out += `        Issuer: ${onelineName(c.issuer)}\n`;
  out += `        Validity\n            Not Before: ${asn1Time(c.notBefore)}\n            Not After : ${asn1Time(c.notAfter)}\n`;
  out += `        Subject: ${onelineName(c.subject)}\n`;
  out += `        Subject Public Key Info:\n            Public Key Algorithm: ${c.publicKey.kind === "rsa" ? "rsaEncryption" : "id-ecPublicKey"}\n`;
  out += publicKeyText(c.publicKey, 16);
  if (c.extensions.length) out += `        X509v3 extensions:\n${extensionsText(c.extensions, 12)}`;
  out += signatureText(c.sigAlg, c.signature);
  return out;
}

/** `openssl req -text` (3.0 prints "Requested Extensions:" even when there are none) */
export function csrText(r: X.CertificateRequest): string {
  let out = "Certificate Request:\n    Data:\n";
  out += `        Version: ${r.version} (0x${(r.version - 1).toString(16)})\n`;
  out += `        Subject: ${onelineName(r.subject)}\n`;
  out += `        Subject Public Key Info:\n            Public Key Algorithm: ${r.publicKey.kind === "rsa" ? "rsaEncryption" : "id-ecPublicKey"}\n`;
  out += publicKeyText(r.publicKey, 16);
  out += "        Attributes:\n";
  const others = r.attributes.filter((a) => a.oid !== X.OID.extensionRequest);
  if (!r.attributes.length) out += "            (none)\n";
  for (const a of others) out += `            ${a.oid}:unable to print attribute\n`;
  out += "            Requested Extensions:\n";
  if (r.extensions.length) out += extensionsText(r.extensions, 16);
  out += signatureText(r.sigAlg, r.signature);
  return out;
}

/** `openssl x509 -ext NAMES` (X509V3_extensions_print with no title, indent 0) */
export function selectedExtensionsText(c: X.Certificate, oids: string[]): string {
  return extensionsText(c.extensions.filter((e) => oids.includes(e.oid)), 0);
}

// openssl (OpenSSL 3.0.13, Ubuntu 24.04) on the nodes: the commands a CKA candidate uses on
// kubeadm's PKI and to make a user's certificate — x509 (print, -req signing with a CA),
// req (-new with a key and -subj, print a request), genrsa, version. apps/x509.c, req.c and
// genrsa.c give the option handling, the print order (x509's print options in the order
// given), the messages and exit codes; the stderr error lines carry OpenSSL 3.0's error
// codes and source locations as 3.0 prints them (the leading thread id is fixed here).
// Keys are the engine's deterministic stand-ins (engine/pki/x509.ts), seeded from the
// machine, the virtual time and a counter.

import * as D from "../../engine/pki/der.ts";
import * as X from "../../engine/pki/x509.ts";
import type { CmdIO, CmdResult, Command, LabContext } from "../types.ts";
import { certText, csrText, EXT_SHORT, onelineName, asn1Time, serialHex, selectedExtensionsText } from "./print.ts";

const TID = "40C7A1E5B67F0000";
const VERSION = "OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)";

class OsslError extends Error {
  constructor(
    public stderr: string,
    public stdout = "",
  ) {
    super(stderr);
  }
}

interface Ctx {
  lab: LabContext;
  io: CmdIO;
  out: string;
  err: string;
  /** a key generation that does not end in any useful time: it waits for Ctrl-C */
  endless?: boolean;
}

const counters = new WeakMap<object, number>();
function keySeed(c: Ctx, what: string): string {
  const n = (counters.get(c.lab.machine) ?? 0) + 1;
  counters.set(c.lab.machine, n);
  return `openssl/${c.lab.machine.name}/${c.lab.now()}/${n}/${what}`;
}

function path(c: Ctx, p: string): string {
  return c.lab.resolve(c.io.cwd, p);
}

function readText(c: Ctx, p: string): string | undefined {
  const abs = path(c, p);
  if (c.lab.machine.fs.isDir(abs)) return "";
  return c.lab.machine.fs.tryRead(abs);
}

function write(c: Ctx, p: string | undefined, text: string, mode = 0o644, prog = ""): void {
  if (p === undefined) {
    c.out += text;
    return;
  }
  const abs = path(c, p);
  const parent = abs.replace(/\/[^/]*$/, "") || "/";
  if (!c.lab.machine.fs.isDir(parent)) throw new OsslError(`${prog ? `${prog}: ` : ""}Can't open "${p}" for writing, No such file or directory\n`);
  c.lab.machine.fs.writeFile(abs, text, mode);
}

/** load_cert: the messages of apps/lib/apps.c for a missing or unreadable certificate. */
function loadCert(c: Ctx, file: string | undefined, what = "certificate"): X.Certificate {
  const name = file ?? "<stdin>";
  const text = file === undefined ? c.io.stdin : readText(c, file);
  if (text === undefined) {
    throw new OsslError(
      `Could not open file or uri for loading ${what} from ${name}\n` +
        `${TID}:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file\n` +
        `${TID}:error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:267:calling stat(${file})\n` +
        (what === "certificate" ? "Unable to load certificate\n" : ""),
    );
  }
  const cert = X.certFromPem(text);
  if (!cert) {
    const unsupported = D.pemBlocks(text).some((b) => /PRIVATE KEY|PUBLIC KEY/.test(b.type)) ? `${TID}:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:151:\n` : "";
    throw new OsslError(`Could not read ${what} from ${name}\n${unsupported}${what === "certificate" ? "Unable to load certificate\n" : ""}`);
  }
  return cert;
}

function loadKey(c: Ctx, file: string, what = "private key"): X.PrivateKey {
  const text = readText(c, file);
  if (text === undefined) {
    throw new OsslError(
      `Could not open file or uri for loading ${what} from ${file}\n` +
        `${TID}:error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file\n` +
        `${TID}:error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:267:calling stat(${file})\n`,
    );
  }
  for (const b of D.pemBlocks(text)) {
    const k = X.parsePrivateKey(b);
    if (k) return k;
  }
  throw new OsslError(`Could not read ${what} from ${file}\n`);
}

function loadCsr(c: Ctx, file: string | undefined): X.CertificateRequest {
  const text = file === undefined ? c.io.stdin : readText(c, file);
  if (text === undefined) {
    throw new OsslError(
      `Can't open "${file}" for reading, No such file or directory\n` +
        `${TID}:error:80000002:system library:BIO_new_file:No such file or directory:../crypto/bio/bss_file.c:67:calling fopen(${file}, r)\n` +
        `${TID}:error:10000080:BIO routines:BIO_new_file:no such file:../crypto/bio/bss_file.c:75:\n` +
        "Unable to load X509 request\n",
    );
  }
  const csr = X.csrFromPem(text);
  if (!csr) throw new OsslError(`Unable to load X509 request\n${TID}:error:0480006C:PEM routines:get_name:no start line:../crypto/pem/pem_lib.c:763:Expecting: CERTIFICATE REQUEST\n`);
  return csr;
}

interface Opts {
  values: Map<string, string>;
  flags: Set<string>;
  /** print options in the order given (x509's ++num) */
  order: string[];
}

function parseOpts(prog: string, args: string[], valued: Set<string>, flags: Set<string>, opts: { digestFallback?: boolean; positional?: string[] } = {}): Opts {
  const o: Opts = { values: new Map(), flags: new Set(), order: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("-") || a === "-") {
      if (opts.positional) {
        opts.positional.push(a);
        continue;
      }
      throw new OsslError(`${prog}: Extra option: "${a}"\n${prog}: Use -help for summary.\n`);
    }
    const name = a.replace(/^--?/, "");
    if (valued.has(name)) {
      if (i + 1 >= args.length) throw new OsslError(`${prog}: Option -${name} needs a value\n${prog}: Use -help for summary.\n`);
      o.values.set(name, args[++i]);
      o.order.push(name);
    } else if (flags.has(name)) {
      o.flags.add(name);
      o.order.push(name);
    } else if (opts.digestFallback) {
      o.values.set("digest", name);
    } else {
      throw new OsslError(`${prog}: Unknown option or message digest: ${name}\n${prog}: Use -help for summary.\n`);
    }
  }
  return o;
}

function randomSerial(c: Ctx): Uint8Array {
  const b = X.detBytes(keySeed(c, "serial"), 20);
  b[0] &= 0x7f;
  return b;
}

function addOne(b: Uint8Array): Uint8Array {
  let v = D.toBigInt(b) + 1n;
  const out: number[] = [];
  while (v > 0n) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return Uint8Array.from(out);
}

/** x509_load_serial: CAfile's name with its extension replaced by .srl; created when asked. */
function caSerial(c: Ctx, caFile: string, serialFile: string | undefined, create: boolean): Uint8Array {
  const file = serialFile ?? `${caFile.includes(".") && caFile.lastIndexOf(".") > caFile.lastIndexOf("/") ? caFile.slice(0, caFile.lastIndexOf(".")) : caFile}.srl`;
  const text = readText(c, file);
  let serial: Uint8Array;
  if (text === undefined) {
    if (!create) {
      throw new OsslError(
        `${file}: No such file or directory\n` +
          `${TID}:error:80000002:system library:BIO_new_file:No such file or directory:../crypto/bio/bss_file.c:67:calling fopen(${file}, r)\n` +
          `${TID}:error:10000080:BIO routines:BIO_new_file:no such file:../crypto/bio/bss_file.c:75:\n`,
      );
    }
    serial = randomSerial(c);
  } else {
    const hex = text.trim();
    if (!/^[0-9A-Fa-f]+$/.test(hex)) throw new OsslError(`unable to load number from ${file}\nerror while loading serial number\n`);
    serial = Uint8Array.from(hex.padStart(hex.length + (hex.length % 2), "0").match(/../g)!.map((h) => parseInt(h, 16)));
  }
  serial = addOne(serial);
  write(c, file, serialHex(serial) + "\n");
  return serial;
}

function x509(c: Ctx, args: string[]): number {
  const o = parseOpts(
    "x509",
    args,
    new Set(["in", "out", "CA", "CAkey", "CAserial", "days", "set_serial", "signkey", "key", "ext", "checkend", "inform", "outform", "nameopt", "extfile", "extensions", "subj"]),
    new Set(["text", "noout", "subject", "issuer", "dates", "startdate", "enddate", "serial", "req", "CAcreateserial", "pubkey", "modulus", "nocert"]),
    { digestFallback: true },
  );
  const v = (k: string) => o.values.get(k);
  const f = (k: string) => o.flags.has(k);
  let cert: X.Certificate;
  if (f("req")) {
    const csr = loadCsr(c, v("in"));
    if (!X.csrSelfSigned(csr)) throw new OsslError("Certificate request self-signature did not match the contents\n");
    c.err += `Certificate request self-signature ok\nsubject=${onelineName(csr.subject)}\n`;
    const signkey = v("signkey") ?? v("key");
    if (!v("CA") && !signkey) throw new OsslError("We need a private key to sign with, use -key or -CAkey or -CA with private key\n");
    const days = Number(v("days") ?? "30");
    if (!Number.isInteger(days)) throw new OsslError(`x509: Invalid number "${v("days")}" for option -days\nx509: Use -help for summary.\n`);
    const now = Math.floor(c.lab.now() / 1000) * 1000;
    let issuer: X.Name = csr.subject;
    let signer: X.PrivateKey;
    let serial: Uint8Array;
    if (v("CA")) {
      const ca = loadCert(c, v("CA"), "CA certificate");
      serial = v("set_serial") ? Uint8Array.from([Number(v("set_serial")) & 0xff]) : caSerial(c, v("CA")!, v("CAserial"), f("CAcreateserial"));
      signer = loadKey(c, v("CAkey") ?? v("CA")!, "CA private key");
      if (!X.samePublicKey(X.publicOf(signer), ca.publicKey)) {
        throw new OsslError(`CA certificate and CA private key do not match\n${TID}:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:../crypto/x509/x509_cmp.c:405:\n`);
      }
      issuer = ca.subject;
    } else {
      signer = loadKey(c, signkey!);
      serial = randomSerial(c);
    }
    const der = X.createCertificate({ version: 1, serial, issuer, subject: csr.subject, notBefore: now, notAfter: now + days * 86400_000, publicKey: csr.publicKey, utf8Names: true }, signer);
    cert = X.parseCertificate(der);
  } else {
    cert = loadCert(c, v("in"));
  }
  for (const opt of o.order) {
    switch (opt) {
      case "subject":
        c.out += `subject=${onelineName(cert.subject)}\n`;
        break;
      case "issuer":
        c.out += `issuer=${onelineName(cert.issuer)}\n`;
        break;
      case "serial":
        c.out += `serial=${serialHex(cert.serial)}\n`;
        break;
      case "dates":
        c.out += `notBefore=${asn1Time(cert.notBefore)}\nnotAfter=${asn1Time(cert.notAfter)}\n`;
        break;
      case "startdate":
        c.out += `notBefore=${asn1Time(cert.notBefore)}\n`;
        break;
      case "enddate":
        c.out += `notAfter=${asn1Time(cert.notAfter)}\n`;
        break;
      case "text":
        c.out += certText(cert);
        break;
      case "pubkey":
        c.out += D.pem("PUBLIC KEY", X.spki(cert.publicKey));
        break;
      case "modulus":
        c.out += cert.publicKey.kind === "rsa" ? `Modulus=${X.hex(cert.publicKey.n, "", true)}\n` : "Modulus=No modulus for this public key type\n";
        break;
      case "ext": {
        const names = v("ext")!.split(",").filter(Boolean);
        const oids = names.map((n) => EXT_SHORT[n]).filter(Boolean);
        if (!cert.extensions.length) c.err += "No extensions in certificate\n";
        else if (!cert.extensions.some((e) => oids.includes(e.oid))) c.out += `No extensions matched with ${v("ext")}\n`;
        else c.out += selectedExtensionsText(cert, oids);
        break;
      }
    }
  }
  if (v("checkend") !== undefined) {
    const expires = cert.notAfter < c.lab.now() + Number(v("checkend")) * 1000;
    c.out += expires ? "Certificate will expire\n" : "Certificate will not expire\n";
    return expires ? 1 : 0;
  }
  if (!f("noout") && !f("nocert")) write(c, v("out"), D.pem("CERTIFICATE", cert.der));
  return 0;
}

function req(c: Ctx, args: string[]): number {
  const o = parseOpts("req", args, new Set(["in", "out", "key", "subj", "newkey", "keyout", "days", "config", "inform", "outform", "nameopt", "addext"]), new Set(["new", "noout", "text", "verify", "nodes", "noenc", "x509", "subject", "pubkey", "batch", "sha256"]));
  const v = (k: string) => o.values.get(k);
  const f = (k: string) => o.flags.has(k);
  let csr: X.CertificateRequest;
  if (f("new") || v("newkey")) {
    let key: X.PrivateKey;
    if (v("key")) key = loadKey(c, v("key")!);
    else {
      const spec = v("newkey") ?? "rsa:2048";
      const bits = Number(/^rsa:(\d+)$/.exec(spec)?.[1] ?? "2048");
      key = X.rsaKey(keySeed(c, "rsa"), bits);
      c.err += progress(c);
      write(c, v("keyout") ?? "privkey.pem", D.pem("PRIVATE KEY", X.pkcs8(key)), 0o600, "req");
      c.err += "-----\n";
    }
    const subj = v("subj");
    if (subj === undefined) throw new OsslError("req: no subject given (use -subj): the lab has no interactive prompt\n");
    const parsed = X.parseSubjArg(subj);
    if ("error" in parsed) throw new OsslError(`req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: '${subj}'\n`);
    csr = X.parseCsr(X.createCsr(parsed.name, key));
    if (f("x509")) throw new OsslError("req: -x509 is not supported in this lab; sign the request with `openssl x509 -req`\n");
  } else {
    csr = loadCsr(c, v("in"));
  }
  if (f("verify")) c.err += X.csrSelfSigned(csr) ? "Certificate request self-signature verify OK\n" : "Certificate request self-signature verify failure\n";
  if (f("subject")) c.out += `subject=${onelineName(csr.subject)}\n`;
  if (f("text")) c.out += csrText(csr);
  if (f("pubkey")) c.out += D.pem("PUBLIC KEY", X.spki(csr.publicKey));
  if (!f("noout")) write(c, v("out"), D.pem("CERTIFICATE REQUEST", csr.der), 0o644, "req");
  return 0;
}

/** the key generation callback's dots and pluses (generation is instant here: a short line) */
function progress(c: Ctx): string {
  const b = X.detBytes(keySeed(c, "progress"), 24);
  const line = (off: number) => [...b.subarray(off, off + 12)].map((x) => ".".repeat(1 + (x % 5)) + "+").join("") + "+".repeat(64) + "*";
  return `${line(0)}\n${line(12)}\n`;
}

const RSA_MAX_MODULUS_BITS = 16384;
/** above this the lab does not build the key (megabytes of bytes): the generation runs until Ctrl-C */
const RSA_ENDLESS_BITS = 65536;

/** Waits for Ctrl-C as a command that never ends (at once without a terminal), exit 130. */
async function untilInterrupted(c: Ctx): Promise<CmdResult> {
  const { io, lab } = c;
  if (!io.signal) return { stdout: c.out, stderr: c.err, exitCode: 130 };
  io.write?.stderr?.(c.err);
  while (!io.signal.aborted) await lab.sleep(1000, io.signal).catch(() => undefined);
  return { stdout: c.out, stderr: io.write?.stderr ? "" : c.err, exitCode: 130 };
}

/** RSA_MIN_MODULUS_BITS (include/crypto/rsa.h): rsa_gen_set_params refuses fewer bits. */
const RSA_MIN_MODULUS_BITS = 512;

/**
 * opt_long: C strtol(value, &end, 0) over the whole argument (leading spaces and a sign allowed,
 * 0x… hexadecimal, 0… octal); the kind of number opt_number_error names when it does not parse.
 */
function optLong(v: string): number | "a" | "a hexadecimal" | "an octal" {
  const kind = /^0[xX]/.test(v) ? "a hexadecimal" : v.startsWith("0") ? "an octal" : "a";
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))$/.exec(v);
  if (!m) return kind;
  const n = m[2] !== undefined ? parseInt(m[2], 16) : m[3] !== undefined ? parseInt(m[3], 8) : parseInt(m[4], 10);
  if (n > 2 ** 63 - 1) return kind;
  return m[1] === "-" ? -n : n;
}

function genrsa(c: Ctx, args: string[]): number {
  const positional: string[] = [];
  const o = parseOpts("genrsa", args, new Set(["out", "passout"]), new Set(["verbose", "quiet", "traditional"]), { positional });
  // opt_int (apps/lib/opt.c): strtol base 0, the whole argument; num <= 0 ends without a message
  const bits = positional[0] === undefined ? 2048 : optLong(positional[0]);
  if (typeof bits === "string") throw new OsslError(`genrsa: Can't parse "${positional[0]}" as ${bits} number\n`);
  if (bits > 2 ** 31 - 1 || bits < -(2 ** 31)) throw new OsslError(`genrsa: Value "${positional[0]}" outside integer range\n`);
  if (bits <= 0) throw new OsslError("");
  // apps/genrsa.c warns above OPENSSL_RSA_MAX_MODULUS_BITS, then generates: hours for a large key
  if (bits > RSA_MAX_MODULUS_BITS) c.err += `Warning: It is not recommended to use more than ${RSA_MAX_MODULUS_BITS} bit for RSA keys.\n         Your key size is ${bits}! Larger key size may behave not as expected.\n`;
  if (bits > RSA_ENDLESS_BITS) {
    c.endless = true;
    return 130;
  }
  if (bits < RSA_MIN_MODULUS_BITS) {
    // bio_open_owner has created the -out file (empty, 0600) before EVP_PKEY_CTX_set_rsa_keygen_bits fails
    if (o.values.get("out") !== undefined) write(c, o.values.get("out"), "", 0o600, "genrsa");
    throw new OsslError(`Error setting RSA length\n${TID}:error:1C8000AB:Provider routines:rsa_gen_set_params:key size too small:../providers/implementations/keymgmt/rsa_kmgmt.c:509:\n`);
  }
  const key = X.rsaKey(keySeed(c, "genrsa"), Math.round(bits / 8) * 8);
  const text = o.flags.has("traditional") ? D.pem("RSA PRIVATE KEY", X.pkcs1(key)) : D.pem("PRIVATE KEY", X.pkcs8(key));
  if (o.flags.has("verbose")) c.err += progress(c);
  write(c, o.values.get("out"), text, 0o600, "genrsa");
  return 0;
}

export const openssl: Command = {
  name: "openssl",
  run(args, io, lab): CmdResult | Promise<CmdResult> {
    const c: Ctx = { lab, io, out: "", err: "" };
    const [sub, ...rest] = args;
    try {
      let code: number;
      switch (sub) {
        case undefined:
          return { stdout: "", stderr: "OpenSSL> ", exitCode: 0 };
        case "version":
          return { stdout: VERSION + "\n", stderr: "", exitCode: 0 };
        case "x509":
          code = x509(c, rest);
          break;
        case "req":
          code = req(c, rest);
          break;
        case "genrsa":
          code = genrsa(c, rest);
          break;
        default:
          return { stdout: "", stderr: `Invalid command '${sub}'; type "help" for a list.\n`, exitCode: 1 };
      }
      if (c.endless) return untilInterrupted(c);
      return { stdout: c.out, stderr: c.err, exitCode: code };
    } catch (e) {
      if (!(e instanceof OsslError)) throw e;
      return { stdout: c.out + e.stdout, stderr: c.err + e.stderr, exitCode: 1 };
    }
  },
};

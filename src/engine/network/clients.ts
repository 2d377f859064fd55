// Network clients over the network model, as pure functions: busybox wget, nslookup, nc and
// ping (busybox-based containers) and curl (the nodes' Ubuntu curl 8.5 and images that ship
// curl). Messages are the tools' own (busybox networking/wget.c, nslookup.c, nc.c, ping.c,
// curl lib/connect.c). Nothing waits: a dropped packet shows as elapsedMs, the virtual time
// the client spends before it gives up; the caller sleeps it (kubectl exec, the node's curl:
// src/commands/net/clients.ts) or moves a script's clock (a container's main process:
// node/script.ts through the kubelet's world).

import type { KubeObject } from "../types.ts";
import type { Container } from "../node/runtime.ts";
import { CLUSTER_DNS_IP, SYN_TIMEOUT_MS, isIPv4, type Network, type NetSource, type HttpResponse, type ConnectOk } from "./index.ts";
import type { ServedCert } from "./components.ts";
import { certFromPem, parseCertificate, parseSan, signedBy, type Certificate } from "../pki/x509.ts";
import { pemBlocks } from "../pki/der.ts";

export interface ClientCtx {
  net: Network;
  src: NetSource;
  /** a file in a destination container (the web server's document root) */
  readFile(pod: KubeObject, ctr: Container, path: string): string | undefined;
  /** write a downloaded file (relative to the cwd) */
  writeFile(path: string, content: string): "ok" | "exists" | "error";
  /** whether stdout is a terminal (curl's progress meter) */
  tty: boolean;
  /** a file where the client runs (curl --cacert), relative to its cwd */
  readLocal?(path: string): string | undefined;
}

export interface ClientResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** virtual ms the client waits (timeouts) before it ends with this result */
  elapsedMs: number;
  /** what it leaves when interrupted (Ctrl-C) during that wait; undefined: the result as it is */
  interrupted?: { stdout: string; stderr: string; exitCode: number };
  /** lines printed during the wait (ping), at ms from the client's start; stdout/stderr hold the rest, printed at the end */
  timed?: { at: number; stream: "stdout" | "stderr"; text: string }[];
}

/** busybox/resolver DNS timeout: 5 s per try, 2 tries. */
export const DNS_TIMEOUT_MS = 10_000;

/** busybox's multi-call banner (its usage texts start with it) */
export const BUSYBOX_BANNER = "BusyBox v1.36.1 (2023-07-18 23:19:33 UTC) multi-call binary.\n\n";
const BUSYBOX = BUSYBOX_BANNER;

interface Url {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

function parseUrl(u: string): Url | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/?#:]*)(?::(\d+))?([/?#].*)?$/.exec(u);
  if (!m) return undefined;
  const scheme = (m[1] ?? "http").toLowerCase();
  return { scheme, host: m[2], port: m[3] ? Number(m[3]) : scheme === "https" ? 443 : 80, path: m[4] ? (m[4].startsWith("/") ? m[4] : "/" + m[4]) : "/" };
}

/** getaddrinfo; a timed-out resolver costs DNS_TIMEOUT_MS */
function resolve(ctx: ClientCtx, host: string): { ip: string; ms: 0 } | { error: "nxdomain" | "timeout"; ms: number } {
  const r = ctx.net.resolve(ctx.src, host);
  if (r.ok) return { ip: r.addresses[0], ms: 0 };
  return { error: r.error, ms: r.error === "timeout" ? DNS_TIMEOUT_MS : 0 };
}

function get(ctx: ClientCtx, ip: string, port: number, path: string): { conn: ReturnType<Network["connect"]>; res?: HttpResponse } {
  const conn = ctx.net.connect(ctx.src, ip, port);
  if (!conn.ok) return { conn };
  return { conn, res: ctx.net.httpResponse(conn, path, ctx.readFile) };
}

// ---------------------------------------------------------------- busybox wget

const WGET_USAGE = "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n";

export function wget(args: string[], ctx: ClientCtx): ClientResult {
  let quiet = false, spider = false, serverResponse = false, out: string | undefined, timeout = 900;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--spider") spider = true;
    else if (a === "--quiet") quiet = true;
    else if (a === "--server-response") serverResponse = true;
    else if (a.startsWith("--output-document=")) out = a.slice(18);
    else if (a === "--output-document") out = args[++i];
    else if (a.startsWith("--timeout=")) timeout = Number(a.slice(10));
    else if (a === "--timeout") timeout = Number(args[++i]);
    else if (a.startsWith("-") && a.length > 1 && !a.startsWith("--")) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === "q") quiet = true;
        else if (f === "S") serverResponse = true;
        else if (f === "c") continue;
        else if ("OTPUYt".includes(f)) {
          const v = a.slice(j + 1) || args[++i];
          if (f === "O") out = v;
          if (f === "T") timeout = Number(v);
          break;
        } else return { stdout: "", stderr: `wget: unrecognized option '${a}'\n${BUSYBOX}${WGET_USAGE}`, exitCode: 1, elapsedMs: 0 };
      }
    } else urls.push(a);
  }
  if (!urls.length) return { stdout: "", stderr: BUSYBOX + WGET_USAGE, exitCode: 1, elapsedMs: 0 };
  let stdout = "", stderr = "", elapsedMs = 0;
  const die = (msg: string): ClientResult => ({ stdout, stderr: stderr + `wget: ${msg}\n`, exitCode: 1, elapsedMs });
  for (const raw of urls) {
    const u = parseUrl(raw);
    if (!u || (u.scheme !== "http" && u.scheme !== "https" && u.scheme !== "ftp")) return die(`not an http or ftp url: ${raw}`);
    const r = resolve(ctx, u.host);
    elapsedMs += r.ms;
    if ("error" in r) return die(`bad address '${u.host}'`);
    if (!quiet) stderr += `Connecting to ${u.host} (${r.ip}:${u.port})\n`;
    const { conn, res } = get(ctx, r.ip, u.port, u.path);
    if (!conn.ok) {
      if (conn.error === "refused") return die(`can't connect to remote host (${r.ip}): Connection refused`);
      const wait = timeout > 0 ? Math.min(timeout * 1000, SYN_TIMEOUT_MS) : SYN_TIMEOUT_MS;
      const interrupted = { stdout, stderr, exitCode: 130 };
      elapsedMs += wait;
      return { ...die(timeout > 0 && timeout * 1000 < SYN_TIMEOUT_MS ? "download timed out" : `can't connect to remote host (${r.ip}): Connection timed out`), interrupted };
    }
    if (!res) return die("error getting response: Connection reset by peer");
    if (serverResponse) stderr += `  HTTP/1.1 ${res.status} ${res.reason}\n` + res.headers.map(([k, v]) => `  ${k}: ${v}\n`).join("");
    if (res.status >= 400) return die(`server returned error: HTTP/1.1 ${res.status} ${res.reason}`);
    if (spider) {
      if (!quiet) stderr += "remote file exists\n";
      continue;
    }
    const toStdout = out === "-";
    const fname = out ?? (u.path.split(/[?#]/)[0].split("/").pop() || "index.html");
    if (!toStdout) {
      const w = ctx.writeFile(fname, res.body);
      if (w === "exists") return die(`can't open '${fname}': File exists`);
      if (w === "error") return die(`can't open '${fname}': No such file or directory`);
    } else stdout += res.body;
    if (!quiet) {
      const name = toStdout ? "-" : fname.slice(fname.lastIndexOf("/") + 1);
      stderr += (toStdout ? "writing to stdout\n" : `saving to '${fname}'\n`) + `${name.padEnd(20).slice(0, 20)}100% |${"*".repeat(32)}|${String(res.body.length).padStart(6)}  0:00:00 ETA\n` + (toStdout ? "written to stdout\n" : `'${fname}' saved\n`);
    }
  }
  return { stdout, stderr, exitCode: 0, elapsedMs };
}

// ---------------------------------------------------------------- busybox nslookup

export function nslookup(args: string[], ctx: ClientCtx): ClientResult {
  const words = args.filter((a) => !a.startsWith("-"));
  if (!words.length) return { stdout: "", stderr: `${BUSYBOX}Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n`, exitCode: 1, elapsedMs: 0 };
  const name = words[0];
  const server = words[1] ?? (ctx.net.usesClusterDns(ctx.src) ? CLUSTER_DNS_IP : "127.0.0.53");
  if (server !== CLUSTER_DNS_IP || !ctx.net.dnsReachable(ctx.src)) return { stdout: ";; connection timed out; no servers could be reached\n\n", stderr: "", exitCode: 1, elapsedMs: DNS_TIMEOUT_MS };
  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  if (isIPv4(name)) {
    const rev = name.split(".").reverse().join(".") + ".in-addr.arpa";
    return { stdout: out + `** server can't find ${rev}: NXDOMAIN\n\n`, stderr: "", exitCode: 0, elapsedMs: 0 };
  }
  // busybox appends the search domains only to names without a dot (add_query_with_search)
  const names = name.includes(".") ? [name] : ctx.net.searchList(ctx.src).map((s) => `${name}.${s}`);
  const results = names.map((n) => ({ n, r: ctx.net.dnsQuery(ctx.src, n) }));
  for (const { n, r } of results) out += r.ok ? r.addresses.map((a) => `Name:\t${n}\nAddress: ${a}\n`).join("") + "\n" : `** server can't find ${n}: NXDOMAIN\n\n`;
  // the AAAA queries: NXDOMAIN again, or an empty answer
  for (const { n, r } of results) out += r.ok ? "\n" : `** server can't find ${n}: NXDOMAIN\n\n`;
  return { stdout: out, stderr: "", exitCode: 0, elapsedMs: 0 };
}

// ---------------------------------------------------------------- busybox nc

export function nc(args: string[], ctx: ClientCtx): ClientResult {
  let verbose = false, wait = 0;
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        if (a[j] === "v") verbose = true;
        else if (a[j] === "w") {
          wait = Number(a.slice(j + 1) || args[++i]);
          break;
        }
      }
    } else pos.push(a);
  }
  if (pos.length < 2) return { stdout: "", stderr: `${BUSYBOX}Usage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n`, exitCode: 1, elapsedMs: 0 };
  const [host, portS] = pos;
  const r = resolve(ctx, host);
  if ("error" in r) return { stdout: "", stderr: `nc: bad address '${host}'\n`, exitCode: 1, elapsedMs: r.ms };
  const port = Number(portS);
  const conn = ctx.net.connect(ctx.src, r.ip, port);
  const who = `${host} (${r.ip}:${port})`;
  if (conn.ok) return { stdout: "", stderr: verbose ? `${who} open\n` : "", exitCode: 0, elapsedMs: 0 };
  if (conn.error === "refused") return { stdout: "", stderr: `nc: ${who}: Connection refused\n`, exitCode: 1, elapsedMs: 0 };
  const elapsedMs = wait > 0 ? Math.min(wait * 1000, SYN_TIMEOUT_MS) : SYN_TIMEOUT_MS;
  return { stdout: "", stderr: `nc: ${who}: Connection timed out\n`, exitCode: 1, elapsedMs, interrupted: { stdout: "", stderr: "", exitCode: 130 } };
}

// ---------------------------------------------------------------- busybox ping

/** a ping without -c stops being modelled after this many seconds (the script runs on silently) */
const PING_FOREVER = 3600;

export function ping(args: string[], ctx: ClientCtx): ClientResult & { forever?: boolean } {
  let count = 0, wait = 0, quiet = false;
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === "q") quiet = true;
        else if ("cwWsItiQp".includes(f)) {
          const v = a.slice(j + 1) || args[++i];
          if (f === "c") count = Number(v);
          if (f === "w") wait = Number(v);
          break;
        }
      }
    } else pos.push(a);
  }
  if (!pos.length) return { stdout: "", stderr: `${BUSYBOX}Usage: ping [OPTIONS] HOST\n`, exitCode: 1, elapsedMs: 0 };
  const host = pos[0];
  const r = resolve(ctx, host);
  if ("error" in r) return { stdout: "", stderr: `ping: bad address '${host}'\n`, exitCode: 1, elapsedMs: r.ms };
  const reply = ctx.net.echo(ctx.src, r.ip);
  // -w: the whole run's deadline; no -c and no -w: on until interrupted
  const n = count > 0 ? (wait > 0 ? Math.min(count, wait) : count) : wait > 0 ? wait : PING_FOREVER;
  const timed: NonNullable<ClientResult["timed"]> = [{ at: 0, stream: "stdout", text: `PING ${host} (${r.ip}): 56 data bytes\n` }];
  const rtts: number[] = [];
  for (let seq = 0; seq < n; seq++) {
    if (!reply) continue;
    // a deterministic round trip: tens of µs on the node, a few hundred across nodes
    const us = (reply.remote ? 380 : 45) + ((seq * 7919 + r.ip.length * 131) % (reply.remote ? 240 : 60));
    rtts.push(us);
    if (!quiet) timed.push({ at: seq * 1000 + Math.ceil(us / 1000), stream: "stdout", text: `64 bytes from ${r.ip}: seq=${seq} ttl=${reply.ttl} time=${ms3(us)} ms\n` });
  }
  const forever = count <= 0 && wait <= 0;
  // busybox: all replies in → stats at once; none → MAXWAIT (10 s) after the last echo; -w: at the deadline
  const end = wait > 0 ? wait * 1000 : reply ? (n - 1) * 1000 + Math.ceil(rtts[rtts.length - 1] / 1000) : (n - 1) * 1000 + 10_000;
  let stats = `\n--- ${host} ping statistics ---\n${n} packets transmitted, ${rtts.length} packets received, ${Math.round(((n - rtts.length) * 100) / n)}% packet loss\n`;
  if (rtts.length) stats += `round-trip min/avg/max = ${ms3(Math.min(...rtts))}/${ms3(Math.floor(rtts.reduce((a, b) => a + b, 0) / rtts.length))}/${ms3(Math.max(...rtts))} ms\n`;
  if (forever) return { stdout: "", stderr: "", exitCode: 0, elapsedMs: n * 1000, timed, forever: true };
  return { stdout: stats, stderr: "", exitCode: rtts.length ? 0 : 1, elapsedMs: end, timed, interrupted: { stdout: stats, stderr: "", exitCode: rtts.length ? 0 : 1 } };
}

/** µs as busybox prints ms: %u.%03u */
function ms3(us: number): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, "0")}`;
}

// ---------------------------------------------------------------- curl

export function curl(args: string[], ctx: ClientCtx): ClientResult {
  let silent = false, showError = false, head = false, fail = false, include = false, outFile: string | undefined;
  let maxTime = 0, connectTimeout = 0, writeOut: string | undefined;
  let insecure = false, cacert: string | undefined, credentials = false;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const val = () => args[++i];
    if (a === "--insecure") insecure = true;
    else if (a === "--cacert") cacert = val();
    else if (a === "--cert" || a === "--key" || a === "--oauth2-bearer") {
      val();
      credentials = true;
    } else if (a === "--header") {
      if (/^authorization:/i.test(val() ?? "")) credentials = true;
    } else if (CURL_LONG_WITH_VALUE.has(a)) val();
    else if (a === "--silent") silent = true;
    else if (a === "--show-error") showError = true;
    else if (a === "--head") head = true;
    else if (a === "--fail") fail = true;
    else if (a === "--include") include = true;
    else if (a === "--output") outFile = val();
    else if (a === "--max-time") maxTime = Number(val());
    else if (a === "--connect-timeout") connectTimeout = Number(val());
    else if (a === "--write-out") writeOut = val();
    else if (a.startsWith("--")) continue;
    else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === "s") silent = true;
        else if (f === "S") showError = true;
        else if (f === "I") head = true;
        else if (f === "f") fail = true;
        else if (f === "i") include = true;
        else if (f === "k") insecure = true;
        else if ("omHXdwAeuE".includes(f)) {
          const v = a.slice(j + 1) || val();
          if (f === "o") outFile = v;
          if (f === "m") maxTime = Number(v);
          if (f === "w") writeOut = v;
          if (f === "E" || (f === "H" && /^authorization:/i.test(v ?? ""))) credentials = true;
          break;
        }
      }
    } else urls.push(a);
  }
  let elapsedMs = 0;
  // -w: the write-out after the transfer, failed ones too (tool_writeout.c; http_code 000 without a response)
  const wo = (status: number) => (writeOut ?? "").replace(/%\{(http_code|response_code)\}/g, String(status).padStart(3, "0")).replace(/\\n/g, "\n").replace(/\\t/g, "\t");
  const err = (code: number, msg: string): ClientResult => ({ stdout: wo(0), stderr: !silent || showError ? `curl: (${code}) ${msg}\n` : "", exitCode: code, elapsedMs });
  if (!urls.length) return { stdout: "", stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2, elapsedMs: 0 };
  const u = parseUrl(urls[0]);
  if (!u || !u.host) return err(3, "URL rejected: Malformed input to a URL function");
  if (u.scheme !== "http" && u.scheme !== "https") return err(1, `Protocol "${u.scheme}" not supported`);
  const r = resolve(ctx, u.host);
  elapsedMs += r.ms;
  if ("error" in r) return err(6, `Could not resolve host: ${u.host}`);
  const { conn, res: r2 } = get(ctx, r.ip, u.port, u.path);
  if (!conn.ok) {
    if (conn.error === "refused") return err(7, `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`);
    const limits = [maxTime, connectTimeout].filter((x) => x > 0).map((x) => x * 1000);
    const limit = limits.length ? Math.min(...limits) : 0;
    const wait = limit && limit < SYN_TIMEOUT_MS ? limit : SYN_TIMEOUT_MS;
    elapsedMs += wait;
    return { ...err(28, `Failed to connect to ${u.host} port ${u.port} after ${wait + 1} ms: ${wait === limit ? "Timeout was reached" : "Couldn't connect to server"}`), interrupted: { stdout: "", stderr: "", exitCode: 130 } };
  }
  const served = ctx.net.component(conn as ConnectOk)?.tls;
  let res = r2;
  if (u.scheme === "https") {
    // a plain-HTTP server answers the ClientHello with HTTP: OpenSSL reads no TLS record
    if (!served) return err(35, `${CURL_SSL}: error:0A00010B:SSL routines::wrong version number`);
    let ca: string | undefined;
    if (cacert !== undefined) {
      ca = ctx.readLocal?.(cacert);
      if (ca === undefined) return err(77, `error setting certificate file: ${cacert}`);
    }
    if (!insecure) {
      const problem = verifyServer(served, ca, u.host);
      if (problem) return { ...err(60, problem), stderr: !silent || showError ? `curl: (60) ${problem}\n${SSL_HELP}` : "" };
    }
    // a client certificate or a bearer token: authentication the lab's servers do not model
    if (credentials) return { stdout: "", stderr: "kubelab: curl with a client certificate or a bearer token is not modelled in this lab yet (anonymous requests are); use kubectl\n", exitCode: 2, elapsedMs };
    // etcd's --client-cert-auth: the server's alert arrives at curl's first read
    if (served.clientCertRequired) return err(56, `OpenSSL SSL_read: ${CURL_SSL}: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0`);
  } else if (served && res) {
    // Go's TLS server answering a plain HTTP request (net/http: tls handshake first byte looks like HTTP)
    res = { status: 400, reason: "Bad Request", proto: "HTTP/1.0", headers: [], body: "Client sent an HTTP request to an HTTPS server.\n" };
  }
  if (res?.labNote) return { stdout: "", stderr: res.labNote, exitCode: 2, elapsedMs };
  if (!res) return err(52, "Empty reply from server");
  if (fail && res.status >= 400) return { ...err(22, `The requested URL returned error: ${res.status}`), stdout: wo(res.status) };
  // HTTP/2's status line has no reason phrase (curl prints "HTTP/2 200 ")
  const statusLine = res.proto === "HTTP/2" ? `HTTP/2 ${res.status} ` : `${res.proto ?? "HTTP/1.1"} ${res.status} ${res.reason}`;
  const headers = `${statusLine}\r\n` + res.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n";
  const body = head ? headers : (include ? headers : "") + res.body;
  if (outFile) {
    if (outFile !== "/dev/null") ctx.writeFile(outFile, body);
    return { stdout: wo(res.status), stderr: silent ? "" : meter(body.length), exitCode: 0, elapsedMs };
  }
  return { stdout: body + wo(res.status), stderr: silent || ctx.tty ? "" : meter(body.length), exitCode: 0, elapsedMs };
}

/** curl's progress meter when stdout is not a terminal (one final line). */
function meter(n: number): string {
  const size = String(n).padStart(5);
  return "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n" +
    `\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100 ${size}  100 ${size}    0     0   ${size}      0 --:--:-- --:--:-- --:--:-- ${size}\n`;
}

/** The TLS library line in curl's messages (the nodes' Ubuntu 24.04 curl 8.5 with OpenSSL 3.0.13). */
const CURL_SSL = "OpenSSL/3.0.13";

/** curl's help after a verification failure (lib/strerror: CURLE_PEER_FAILED_VERIFICATION). */
const SSL_HELP =
  "More details here: https://curl.se/docs/sslcerts.html\n\n" +
  "curl failed to verify the legitimacy of the server and therefore could not\n" +
  "establish a secure connection to it. To learn more about this situation and\n" +
  "how to fix it, please visit the web page mentioned above.\n";

/** curl's long options that take a value (the next argument). */
const CURL_LONG_WITH_VALUE = new Set(["--request", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--user", "--user-agent", "--referer", "--resolve", "--connect-to", "--capath", "--cert-type", "--key-type", "--pass", "--proxy", "--retry", "--retry-delay", "--interface", "--form", "--cookie", "--limit-rate"]);

/**
 * OpenSSL's chain check against the CA bundle (--cacert, or Ubuntu's system store, which has no
 * cluster CA), then curl's host name check against the certificate's SANs.
 */
function verifyServer(served: ServedCert, caText: string | undefined, host: string): string | undefined {
  if (served.selfSignedChain) return "SSL certificate problem: self-signed certificate in certificate chain";
  const leaf = served.pem ? certFromPem(served.pem) : undefined;
  if (!leaf) return "SSL certificate problem: unable to get local issuer certificate";
  const cas: Certificate[] = [];
  for (const b of caText === undefined ? [] : pemBlocks(caText)) {
    if (b.type !== "CERTIFICATE") continue;
    try {
      cas.push(parseCertificate(b.der));
    } catch {
      // not a certificate OpenSSL can load: skipped
    }
  }
  if (!cas.some((ca) => signedBy(leaf, ca))) return "SSL certificate problem: unable to get local issuer certificate";
  const ext = leaf.extensions.find((e) => e.oid === "2.5.29.17");
  const san = ext ? parseSan(ext.value) : { dns: [], ips: [] as Uint8Array[] };
  const matches = isIPv4(host)
    ? san.ips.some((ip) => ip.length === 4 && Array.from(ip).join(".") === host)
    : san.dns.some((d) => d.toLowerCase() === host.toLowerCase() || (d.startsWith("*.") && host.toLowerCase().endsWith(d.slice(1).toLowerCase()) && !host.slice(0, -(d.length - 1)).includes(".")));
  if (!matches) return `SSL: no alternative certificate subject name matches target host name '${host}'`;
  return undefined;
}

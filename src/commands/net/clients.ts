// Network clients over the engine's network model (src/engine/network): busybox wget,
// nslookup and nc (in busybox-based containers), and curl (the nodes' Ubuntu curl 8.5 and
// images that ship curl). Messages are the tools' own (busybox networking/wget.c, nslookup.c,
// curl lib/connect.c); a dropped packet costs virtual time (ctx.sleep, interruptible).

import type { KubeObject } from "../../engine/types.ts";
import type { Container } from "../../engine/node/runtime.ts";
import { CLUSTER_DNS_IP, SYN_TIMEOUT_MS, isIPv4, type Network, type NetSource, type HttpResponse } from "../../engine/network/index.ts";
import type { CmdResult } from "../types.ts";

export interface NetCtx {
  net: Network;
  src: NetSource;
  sleep(ms: number): Promise<void>;
  aborted(): boolean;
  /** a file in a destination container (the web server's document root) */
  readFile(pod: KubeObject, ctr: Container, path: string): string | undefined;
  /** write a downloaded file (relative to the cwd) */
  writeFile(path: string, content: string): Promise<"ok" | "exists" | "error">;
  /** whether stdout is a terminal (curl's progress meter) */
  tty: boolean;
}

/** busybox/resolver DNS timeout: 5 s per try, 2 tries. */
const DNS_TIMEOUT_MS = 10_000;

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

async function resolve(ctx: NetCtx, host: string): Promise<{ ip: string } | { error: "nxdomain" | "timeout" }> {
  const r = ctx.net.resolve(ctx.src, host);
  if (r.ok) return { ip: r.addresses[0] };
  if (r.error === "timeout") await ctx.sleep(DNS_TIMEOUT_MS);
  return { error: r.error };
}

function get(ctx: NetCtx, ip: string, port: number, path: string): { conn: ReturnType<Network["connect"]>; res?: HttpResponse } {
  const conn = ctx.net.connect(ctx.src, ip, port);
  if (!conn.ok) return { conn };
  return { conn, res: ctx.net.httpResponse(conn, path, ctx.readFile) };
}

// ---------------------------------------------------------------- busybox wget

export async function wget(args: string[], ctx: NetCtx): Promise<CmdResult> {
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
        } else return { stdout: "", stderr: `wget: unrecognized option '${a}'\nBusyBox v1.36.1 (2023-07-18 23:19:33 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n`, exitCode: 1 };
      }
    } else urls.push(a);
  }
  if (!urls.length) return { stdout: "", stderr: "BusyBox v1.36.1 (2023-07-18 23:19:33 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n", exitCode: 1 };
  let stdout = "", stderr = "";
  const die = (msg: string): CmdResult => ({ stdout, stderr: stderr + `wget: ${msg}\n`, exitCode: 1 });
  for (const raw of urls) {
    const u = parseUrl(raw);
    if (!u || (u.scheme !== "http" && u.scheme !== "https" && u.scheme !== "ftp")) return die(`not an http or ftp url: ${raw}`);
    const r = await resolve(ctx, u.host);
    if ("error" in r) return die(`bad address '${u.host}'`);
    if (!quiet) stderr += `Connecting to ${u.host} (${r.ip}:${u.port})\n`;
    const { conn, res } = get(ctx, r.ip, u.port, u.path);
    if (!conn.ok) {
      if (conn.error === "refused") return die(`can't connect to remote host (${r.ip}): Connection refused`);
      const wait = timeout > 0 ? Math.min(timeout * 1000, SYN_TIMEOUT_MS) : SYN_TIMEOUT_MS;
      await ctx.sleep(wait);
      if (ctx.aborted()) return { stdout, stderr, exitCode: 130 };
      return die(timeout > 0 && timeout * 1000 < SYN_TIMEOUT_MS ? "download timed out" : `can't connect to remote host (${r.ip}): Connection timed out`);
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
      const w = await ctx.writeFile(fname, res.body);
      if (w === "exists") return die(`can't open '${fname}': File exists`);
      if (w === "error") return die(`can't open '${fname}': No such file or directory`);
    } else stdout += res.body;
    if (!quiet) {
      const name = toStdout ? "-" : fname.slice(fname.lastIndexOf("/") + 1);
      stderr += (toStdout ? "writing to stdout\n" : `saving to '${fname}'\n`) + `${name.padEnd(20).slice(0, 20)}100% |${"*".repeat(32)}|${String(res.body.length).padStart(6)}  0:00:00 ETA\n` + (toStdout ? "written to stdout\n" : `'${fname}' saved\n`);
    }
  }
  return { stdout, stderr, exitCode: 0 };
}

// ---------------------------------------------------------------- busybox nslookup

export async function nslookup(args: string[], ctx: NetCtx): Promise<CmdResult> {
  const words = args.filter((a) => !a.startsWith("-"));
  if (!words.length) return { stdout: "", stderr: "BusyBox v1.36.1 (2023-07-18 23:19:33 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n", exitCode: 1 };
  const name = words[0];
  const server = words[1] ?? (ctx.net.usesClusterDns(ctx.src) ? CLUSTER_DNS_IP : "127.0.0.53");
  if (server !== CLUSTER_DNS_IP || !ctx.net.dnsReachable(ctx.src)) {
    await ctx.sleep(DNS_TIMEOUT_MS);
    return { stdout: ";; connection timed out; no servers could be reached\n\n", stderr: "", exitCode: 1 };
  }
  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  if (isIPv4(name)) {
    const rev = name.split(".").reverse().join(".") + ".in-addr.arpa";
    return { stdout: out + `** server can't find ${rev}: NXDOMAIN\n\n`, stderr: "", exitCode: 0 };
  }
  // busybox appends the search domains only to names without a dot (add_query_with_search)
  const names = name.includes(".") ? [name] : ctx.net.searchList(ctx.src).map((s) => `${name}.${s}`);
  const results = names.map((n) => ({ n, r: ctx.net.dnsQuery(ctx.src, n) }));
  for (const { n, r } of results) out += r.ok ? r.addresses.map((a) => `Name:\t${n}\nAddress: ${a}\n`).join("") + "\n" : `** server can't find ${n}: NXDOMAIN\n\n`;
  // the AAAA queries: NXDOMAIN again, or an empty answer
  for (const { n, r } of results) out += r.ok ? "\n" : `** server can't find ${n}: NXDOMAIN\n\n`;
  return { stdout: out, stderr: "", exitCode: 0 };
}

// ---------------------------------------------------------------- busybox nc

export async function nc(args: string[], ctx: NetCtx): Promise<CmdResult> {
  let zero = false, verbose = false, wait = 0;
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        if (a[j] === "z") zero = true;
        else if (a[j] === "v") verbose = true;
        else if (a[j] === "w") {
          wait = Number(a.slice(j + 1) || args[++i]);
          break;
        } else if (a[j] === "n") continue;
      }
    } else pos.push(a);
  }
  if (pos.length < 2) return { stdout: "", stderr: "BusyBox v1.36.1 (2023-07-18 23:19:33 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n", exitCode: 1 };
  const [host, portS] = pos;
  const r = await resolve(ctx, host);
  if ("error" in r) return { stdout: "", stderr: `nc: bad address '${host}'\n`, exitCode: 1 };
  const port = Number(portS);
  const conn = ctx.net.connect(ctx.src, r.ip, port);
  const who = `${host} (${r.ip}:${port})`;
  if (conn.ok) return { stdout: "", stderr: verbose ? `${who} open\n` : "", exitCode: 0 };
  if (conn.error === "refused") return { stdout: "", stderr: `nc: ${who}: Connection refused\n`, exitCode: 1 };
  await ctx.sleep(wait > 0 ? Math.min(wait * 1000, SYN_TIMEOUT_MS) : SYN_TIMEOUT_MS);
  if (ctx.aborted()) return { stdout: "", stderr: "", exitCode: 130 };
  void zero;
  return { stdout: "", stderr: `nc: ${who}: Connection timed out\n`, exitCode: 1 };
}

// ---------------------------------------------------------------- curl

export async function curl(args: string[], ctx: NetCtx): Promise<CmdResult> {
  let silent = false, showError = false, head = false, fail = false, include = false, outFile: string | undefined;
  let maxTime = 0, connectTimeout = 0;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const val = () => args[++i];
    if (a === "--silent") silent = true;
    else if (a === "--show-error") showError = true;
    else if (a === "--head") head = true;
    else if (a === "--fail") fail = true;
    else if (a === "--include") include = true;
    else if (a === "--output") outFile = val();
    else if (a === "--max-time") maxTime = Number(val());
    else if (a === "--connect-timeout") connectTimeout = Number(val());
    else if (a.startsWith("--")) continue;
    else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === "s") silent = true;
        else if (f === "S") showError = true;
        else if (f === "I") head = true;
        else if (f === "f") fail = true;
        else if (f === "i") include = true;
        else if ("omHXdwAeu".includes(f)) {
          const v = a.slice(j + 1) || val();
          if (f === "o") outFile = v;
          if (f === "m") maxTime = Number(v);
          break;
        }
      }
    } else urls.push(a);
  }
  const err = (code: number, msg: string): CmdResult => ({ stdout: "", stderr: !silent || showError ? `curl: (${code}) ${msg}\n` : "", exitCode: code });
  if (!urls.length) return { stdout: "", stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2 };
  const u = parseUrl(urls[0]);
  if (!u || !u.host) return err(3, "URL rejected: Malformed input to a URL function");
  if (u.scheme !== "http" && u.scheme !== "https") return err(1, `Protocol "${u.scheme}" not supported`);
  const r = await resolve(ctx, u.host);
  if ("error" in r) return err(6, `Could not resolve host: ${u.host}`);
  const { conn, res } = get(ctx, r.ip, u.port, u.path);
  if (!conn.ok) {
    if (conn.error === "refused") return err(7, `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`);
    const limits = [maxTime, connectTimeout].filter((x) => x > 0).map((x) => x * 1000);
    const limit = limits.length ? Math.min(...limits) : 0;
    const wait = limit && limit < SYN_TIMEOUT_MS ? limit : SYN_TIMEOUT_MS;
    await ctx.sleep(wait);
    if (ctx.aborted()) return { stdout: "", stderr: "", exitCode: 130 };
    return err(28, `Failed to connect to ${u.host} port ${u.port} after ${wait + 1} ms: ${wait === limit ? "Timeout was reached" : "Couldn't connect to server"}`);
  }
  if (!res) return err(52, "Empty reply from server");
  if (fail && res.status >= 400) return err(22, `The requested URL returned error: ${res.status}`);
  const headers = `HTTP/1.1 ${res.status} ${res.reason}\r\n` + res.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n";
  const body = head ? headers : (include ? headers : "") + res.body;
  if (outFile) {
    await ctx.writeFile(outFile, body);
    return { stdout: "", stderr: silent ? "" : meter(body.length), exitCode: 0 };
  }
  return { stdout: body, stderr: silent || ctx.tty ? "" : meter(body.length), exitCode: 0 };
}

/** curl's progress meter when stdout is not a terminal (one final line). */
function meter(n: number): string {
  const size = String(n).padStart(5);
  return "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n" +
    `\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100 ${size}  100 ${size}    0     0   ${size}      0 --:--:-- --:--:-- --:--:-- ${size}\n`;
}

// etcdctl and etcdutl v3.5.16 (the binaries of registry.k8s.io/etcd:3.5.16-0, and the ones a
// CKA control plane has in /usr/bin) as one pure program over a file system view and the
// etcd member reachable from where they run. The host shell's commands and `kubectl exec` into
// the etcd container both call runEtcdTool(); only the file system view differs.
//
// Outputs follow etcd's source: etcdctl/ctlv3/command/{snapshot,member,ep,get,version}_command.go,
// client/v3/snapshot/v3_snapshot.go (the zap JSON lines of `snapshot save`), etcdutl/snapshot/
// v3_snapshot.go (the console lines of `snapshot restore`), printer.go / printer_table.go
// (tablewriter: upper-cased centred headers, right-aligned cells), cobra's flag errors and
// grpc's connection errors (retry_interceptor.go:63 and `Error: context deadline exceeded`).

import type { NodeFs } from "../node/fs.ts";
import { dbKeys, dbStatus, decode, encodeDb, encodeSnapshot, type EtcdDb } from "./db.ts";
import { clusterId, memberId } from "./ids.ts";
import { ETCD_VERSION, type EtcdServer } from "./server.ts";
import { fnv32a } from "../hash.ts";

export type ToolFs = Pick<NodeFs, "tryRead" | "writeFile" | "exists" | "isDir" | "readdir" | "mkdir" | "rm">;

export interface ToolContext {
  fs: ToolFs;
  cwd: string;
  env: Record<string, string>;
  /** virtual ms */
  now: number;
  etcd: EtcdServer;
  /** addresses that are this machine (127.0.0.1, localhost, its IP): etcd is reached there when it listens */
  localAddresses: string[];
}

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** virtual time the command takes (dial and command timeouts) */
  elapsedMs?: number;
  /** blocks until interrupted (snapshot save waiting for a connection that never comes) */
  hangs?: boolean;
}

const API_VERSION = "3.5";

// ---------------------------------------------------------------------------------------------
// flags

interface FlagDef {
  name: string;
  short?: string;
  type: "string" | "bool" | "duration" | "strings";
  def: string;
  usage: string;
}

const GLOBAL_FLAGS: FlagDef[] = [
  { name: "cacert", type: "string", def: "", usage: "verify certificates of TLS-enabled secure servers using this CA bundle" },
  { name: "cert", type: "string", def: "", usage: "identify secure client using this TLS certificate file" },
  { name: "command-timeout", type: "duration", def: "5s", usage: "timeout for short running command (excluding dial timeout)" },
  { name: "debug", type: "bool", def: "false", usage: "enable client-side debug logging" },
  { name: "dial-timeout", type: "duration", def: "2s", usage: "dial timeout for client connections" },
  { name: "discovery-srv", short: "d", type: "string", def: "", usage: "domain name to query for SRV records describing cluster endpoints" },
  { name: "discovery-srv-name", type: "string", def: "", usage: "service name to query when using DNS discovery" },
  { name: "endpoints", type: "strings", def: "[127.0.0.1:2379]", usage: "gRPC endpoints" },
  { name: "hex", type: "bool", def: "false", usage: "print byte strings as hex encoded strings" },
  { name: "insecure-discovery", type: "bool", def: "true", usage: "accept insecure SRV records describing cluster endpoints" },
  { name: "insecure-skip-tls-verify", type: "bool", def: "false", usage: "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)" },
  { name: "insecure-transport", type: "bool", def: "true", usage: "disable transport security for client connections" },
  { name: "keepalive-time", type: "duration", def: "2s", usage: "keepalive time for client connections" },
  { name: "keepalive-timeout", type: "duration", def: "6s", usage: "keepalive timeout for client connections" },
  { name: "key", type: "string", def: "", usage: "identify secure client using this TLS key file" },
  { name: "password", type: "string", def: "", usage: "password for authentication (if this option is used, --user option shouldn't include password)" },
  { name: "user", type: "string", def: "", usage: "username[:password] for authentication (prompt if password is not supplied)" },
  { name: "write-out", short: "w", type: "string", def: "simple", usage: "set the output format (fields, json, protobuf, simple, table)" },
];

const UTL_GLOBAL_FLAGS: FlagDef[] = [{ name: "write-out", short: "w", type: "string", def: "simple", usage: "set the output format (fields, json, protobuf, simple, table)" }];

const RESTORE_FLAGS: FlagDef[] = [
  { name: "data-dir", type: "string", def: "", usage: "Path to the data directory" },
  { name: "initial-advertise-peer-urls", type: "string", def: "http://localhost:2380", usage: "List of this member's peer URLs to advertise to the rest of the cluster" },
  { name: "initial-cluster", type: "string", def: "default=http://localhost:2380", usage: "Initial cluster configuration for restore bootstrap" },
  { name: "initial-cluster-token", type: "string", def: "etcd-cluster", usage: "Initial cluster token for the etcd cluster during restore bootstrap" },
  { name: "name", type: "string", def: "default", usage: "Human-readable name for this member" },
  { name: "skip-hash-check", type: "bool", def: "false", usage: "Ignore snapshot integrity hash value (required if copied from data directory)" },
  { name: "wal-dir", type: "string", def: "", usage: "Path to the WAL directory (use --data-dir if none given)" },
];

interface Cmd {
  path: string[];
  use: string;
  short: string;
  long?: string;
  flags: FlagDef[];
  run?: (c: Call) => ToolResult;
}

interface Call {
  tool: "etcdctl" | "etcdutl";
  cmd: Cmd;
  args: string[];
  flags: Map<string, string>;
  ctx: ToolContext;
}

const help = (name: string): FlagDef => ({ name: "help", short: "h", type: "bool", def: "false", usage: `help for ${name}` });

// ---------------------------------------------------------------------------------------------
// output helpers

/** go-humanize Bytes (SI). */
export function humanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const sizes = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / Math.pow(1000, e)) * 10 + 0.5) / 10;
  if (val < 10) return `${val.toFixed(1)} ${sizes[e]}`;
  // fmt's %.0f rounds a tie to even
  const fl = Math.floor(val);
  const whole = Math.abs(val - fl - 0.5) < 1e-9 ? (fl % 2 === 0 ? fl : fl + 1) : Math.round(val);
  return `${whole} ${sizes[e]}`;
}

/** olekukonko/tablewriter as etcdctl renders it: centred upper-case headers, right-aligned cells. */
export function table(hdr: string[], rows: string[][]): string {
  const w = hdr.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = "+" + w.map((x) => "-".repeat(x + 2)).join("+") + "+\n";
  const center = (s: string, x: number) => {
    const gap = x - s.length;
    const left = Math.floor(gap / 2);
    return " ".repeat(left) + s + " ".repeat(gap - left);
  };
  let out = line + "|" + hdr.map((h, i) => ` ${center(h.toUpperCase(), w[i])} `).join("|") + "|\n" + line;
  for (const r of rows) out += "|" + r.map((c, i) => ` ${c.padStart(w[i])} `).join("|") + "|\n";
  return out + line;
}

/** Go's text/tabwriter with padchar '\t' (minwidth 0, tabwidth 8, padding 1), as etcd's usage uses it. */
function tabwriter(text: string): string {
  const lines = text.split("\n");
  const cells = lines.map((l) => l.split("\t"));
  const out: string[] = [];
  let i = 0;
  while (i < cells.length) {
    if (cells[i].length === 1) {
      out.push(cells[i][0]);
      i++;
      continue;
    }
    // a block: consecutive lines with at least one tab-terminated cell; column 0 widths over the block
    let j = i;
    while (j < cells.length && cells[j].length > 1) j++;
    const block = cells.slice(i, j);
    out.push(...formatBlock(block, 0));
    i = j;
  }
  return out.join("\n");
}

function formatBlock(block: string[][], col: number): string[] {
  // column `col` of lines that have a cell after it
  const res = block.map(() => "");
  let k = 0;
  while (k < block.length) {
    if (block[k].length <= col + 1) {
      res[k] = block[k].slice(col).join("\t");
      k++;
      continue;
    }
    let e = k;
    while (e < block.length && block[e].length > col + 1) e++;
    const width = Math.max(...block.slice(k, e).map((r) => r[col].length)) + 1;
    const cellw = Math.ceil(width / 8) * 8;
    const rest = formatBlock(block.slice(k, e), col + 1);
    for (let x = k; x < e; x++) {
      const t = block[x][col];
      res[x] = t + "\t".repeat(Math.ceil((cellw - t.length) / 8)) + rest[x - k];
    }
    k = e;
  }
  return res;
}

function flagUsages(flags: FlagDef[]): string {
  return [...flags]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((f) => {
      const head = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
      const val = f.type === "string" ? `="${f.def}"` : `=${f.def}`;
      return f.type === "bool" ? `${head}[${val}]\t${f.usage}\n` : `${head}${val}\t${f.usage}\n`;
    })
    .join("");
}

function usage(tool: "etcdctl" | "etcdutl", cmd: Cmd, all: Cmd[]): string {
  const name = cmd.path.join(" ");
  // cobra sorts subcommands by name
  const subs = all.filter((c) => c.path.length > cmd.path.length && cmd.path.every((p, i) => c.path[i] === p) && c.run).sort((a, b) => (a.path.join(" ") < b.path.join(" ") ? -1 : 1));
  let t = `NAME:\n\t${name} - ${cmd.short}\n\nUSAGE:\n\t${tool} ${name} ${cmd.use}\n`;
  if (subs.length) {
    t += `\nAPI VERSION:\n\t${API_VERSION}\n\n\nCOMMANDS:\n`;
    for (const s of subs) t += `\t${s.path.slice(cmd.path.length).join(" ")}\t${s.short}\n`;
  }
  if (cmd.long) t += `\nDESCRIPTION:\n` + cmd.long.trim().split("\n").map((l) => `\t${l}\n`).join("");
  t += `\nOPTIONS:\n${flagUsages([...cmd.flags, help(cmd.path[cmd.path.length - 1])])}`;
  t += `\nGLOBAL OPTIONS:\n${flagUsages(tool === "etcdctl" ? GLOBAL_FLAGS : UTL_GLOBAL_FLAGS)}`;
  return tabwriter(t + "\n");
}

/** A zap production (JSON) line; ts with microseconds from the virtual clock. */
function zapJson(level: string, atUs: number, fields: Record<string, unknown>): string {
  const d = new Date(Math.floor(atUs / 1000));
  const us = String(Math.floor(atUs % 1_000_000)).padStart(6, "0");
  const ts = d.toISOString().replace(/\.\d{3}Z$/, `.${us}Z`);
  return JSON.stringify({ level, ts, ...fields }) + "\n";
}

/** An etcdutl console line (RFC 3339 seconds, tab-separated, fields as zap's console encoder). */
function zapConsole(atMs: number, caller: string, msg: string, fields?: Record<string, unknown>): string {
  const ts = new Date(atMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  const f = fields ? "\t" + JSON.stringify(fields).replace(/","/g, '", "').replace(/":/g, '": ').replace(/\],"/g, '], "') : "";
  return `${ts}\tinfo\t${caller}\t${msg}${f}\n`;
}

// ---------------------------------------------------------------------------------------------
// connecting

interface Endpoint {
  raw: string;
  scheme: "http" | "https" | "";
  host: string;
  port: number;
}

function parseEndpoint(raw: string): Endpoint {
  let rest = raw;
  let scheme: Endpoint["scheme"] = "";
  const m = /^(https?|unix|unixs):\/\//.exec(raw);
  if (m) {
    scheme = m[1] === "https" || m[1] === "unixs" ? "https" : "http";
    rest = raw.slice(m[0].length);
  }
  rest = rest.replace(/\/.*$/, "");
  const pm = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(rest);
  const host = (pm?.[1] ?? rest).replace(/^\[|\]$/g, "");
  return { raw, scheme, host, port: pm?.[2] ? Number(pm[2]) : scheme === "https" ? 443 : 80 };
}

type Dial = { ok: true } | { ok: false; error: string; early?: string };

/**
 * The control plane's certificates by content, as the etcd server judges them: a cert is signed
 * by the etcd CA when it is one kubeadm issued from it (etcd/server, etcd/peer,
 * etcd/healthcheck-client, apiserver-etcd-client); a key goes with the cert of its pair.
 */
function pkiIndex(etcd: EtcdServer): { certs: Map<string, { name: string; issuer: string }>; keys: Map<string, string> } {
  const certs = new Map<string, { name: string; issuer: string }>();
  const keys = new Map<string, string>();
  for (const name of ["ca", "etcd/ca", "front-proxy-ca", "apiserver", "apiserver-kubelet-client", "front-proxy-client", "etcd/server", "etcd/peer", "etcd/healthcheck-client", "apiserver-etcd-client"]) {
    const issuer = name.endsWith("ca") ? name : name.startsWith("etcd/") || name === "apiserver-etcd-client" ? "etcd/ca" : name === "front-proxy-client" ? "front-proxy-ca" : "ca";
    const crt = etcd.pkiFile(`${name}.crt`);
    const key = etcd.pkiFile(`${name}.key`);
    if (crt?.trim() && !certs.has(crt.trim())) certs.set(crt.trim(), { name, issuer });
    if (key?.trim() && !keys.has(key.trim())) keys.set(key.trim(), name);
  }
  return { certs, keys };
}

function abs(ctx: ToolContext, p: string): string {
  return p.startsWith("/") ? p : `${ctx.cwd.replace(/\/$/, "")}/${p}`;
}

/** TLS material is read before dialing; errors here are etcdctl's `Error: …` (exit 1). */
function loadTls(c: Call): { tls: boolean; skipVerify: boolean; ca?: string; cert?: { name: string; issuer: string }; certGiven: boolean } | { error: string } {
  const g = (n: string) => c.flags.get(n) ?? c.ctx.env[`ETCDCTL_${n.toUpperCase().replace(/-/g, "_")}`] ?? "";
  const cacert = g("cacert"), cert = g("cert"), key = g("key");
  const skipVerify = g("insecure-skip-tls-verify") === "true";
  const read = (p: string) => c.ctx.fs.tryRead(abs(c.ctx, p));
  const idx = pkiIndex(c.ctx.etcd);
  let ca: string | undefined;
  if (cacert) {
    const t = read(cacert);
    if (t === undefined) return { error: `open ${cacert}: no such file or directory` };
    ca = idx.certs.get(t.trim())?.name ?? "unknown";
  }
  let certInfo: { name: string; issuer: string } | undefined;
  if (cert || key) {
    const ct = read(cert);
    if (ct === undefined) return { error: `open ${cert}: no such file or directory` };
    const kt = read(key);
    if (kt === undefined) return { error: `open ${key}: no such file or directory` };
    if (!ct.includes("-----BEGIN CERTIFICATE-----")) return { error: "tls: failed to find any PEM data in certificate input" };
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(kt)) return { error: kt.includes("-----BEGIN CERTIFICATE-----") ? "tls: found a certificate rather than a key in the PEM for the private key" : "tls: failed to find any PEM data in key input" };
    const info = idx.certs.get(ct.trim()) ?? { name: "unknown", issuer: "unknown" };
    const keyOf = idx.keys.get(kt.trim());
    if (keyOf !== info.name) return { error: "tls: private key does not match public key" };
    certInfo = info;
  }
  return { tls: !!(cacert || cert || key), skipVerify, ca, cert: certInfo, certGiven: !!(cert || key) };
}

function dial(c: Call, ep: Endpoint): Dial {
  const tls = loadTls(c);
  if ("error" in tls) return { ok: false, error: "", early: tls.error };
  const cur = c.ctx.etcd.running();
  const local = c.ctx.localAddresses.includes(ep.host) || ep.host === "localhost";
  const listening = !!cur && cur.listenClientURLs.some((u) => {
    const l = parseEndpoint(u);
    return l.port === ep.port && (l.host === ep.host || (ep.host === "localhost" && l.host === "127.0.0.1") || l.host === "0.0.0.0");
  });
  const addr = `${ep.host.includes(":") ? `[${ep.host}]` : ep.host}:${ep.port}`;
  if (!local && !c.ctx.localAddresses.includes(ep.host)) {
    if (!cur || !cur.listenClientURLs.some((u) => parseEndpoint(u).host === ep.host)) return { ok: false, error: `transport: Error while dialing: dial tcp ${addr}: i/o timeout` };
  }
  if (!listening) return { ok: false, error: `transport: Error while dialing: dial tcp ${addr}: connect: connection refused` };
  const useTls = ep.scheme === "https" || (ep.scheme === "" && tls.tls);
  if (!useTls) return { ok: false, error: "error reading server preface: EOF" };
  if (!tls.skipVerify && tls.ca !== "etcd/ca") return { ok: false, error: "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority" };
  if (!tls.cert) return { ok: false, error: "error reading server preface: remote error: tls: certificate required" };
  if (tls.cert.issuer !== "etcd/ca") return { ok: false, error: "error reading server preface: remote error: tls: bad certificate" };
  return { ok: true };
}

function endpoints(c: Call): Endpoint[] {
  const raw = c.flags.get("endpoints") ?? c.ctx.env.ETCDCTL_ENDPOINTS ?? "127.0.0.1:2379";
  return raw.replace(/^\[|\]$/g, "").split(",").filter(Boolean).map(parseEndpoint);
}

function duration(s: string, def: number): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s);
  if (!m) return def;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3600_000 }[m[2] as "ms" | "s" | "m" | "h"];
}

/** grpc's retry warning and etcdctl's `Error: context deadline exceeded` after the command timeout. */
function deadline(c: Call, ep: Endpoint, error: string): ToolResult {
  const timeout = duration(c.flags.get("command-timeout") ?? c.ctx.env.ETCDCTL_COMMAND_TIMEOUT ?? "5s", 5000);
  const at = (c.ctx.now + timeout) * 1000 + (fnv32a(ep.raw) % 900_000);
  const line = zapJson("warn", at, {
    logger: "etcd-client",
    caller: "v3@v3.5.16/retry_interceptor.go:63",
    msg: "retrying of unary invoker failed",
    target: `etcd-endpoints://0xc000${(fnv32a(c.ctx.now + ep.raw) & 0xfff).toString(16).padStart(3, "0")}000/${ep.host.includes(":") ? `[${ep.host}]` : ep.host}:${ep.port}`,
    attempt: 0,
    error: `rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = "${error}"`,
  });
  return { stdout: "", stderr: line + "Error: context deadline exceeded\n", exitCode: 1, elapsedMs: timeout };
}

function connectOne(c: Call): { ep: Endpoint } | { result: ToolResult } {
  const eps = endpoints(c);
  // clientv3.New refuses an empty endpoint list; mustClient exits with ExitBadConnection
  if (!eps.length) return { result: { stdout: "", stderr: "Error: etcdclient: no available endpoints\n", exitCode: 2 } };
  const ep = eps[0];
  const d = dial(c, ep);
  if (d.ok) return { ep };
  if (d.early) return { result: { stdout: "", stderr: `Error: ${d.early}\n`, exitCode: 1 } };
  return { result: deadline(c, ep, d.error) };
}

function writeOut(c: Call): string {
  return c.flags.get("write-out") ?? c.ctx.env.ETCDCTL_WRITE_OUT ?? "simple";
}

// ---------------------------------------------------------------------------------------------
// commands

function snapshotSave(c: Call): ToolResult {
  if (c.args.length !== 1) return { stdout: "", stderr: "Error: snapshot save expects one argument\n", exitCode: 1 };
  const path = c.args[0];
  const eps = endpoints(c);
  if (eps.length !== 1) return { stdout: "", stderr: `Error: snapshot must be requested to one selected node, not multiple [${eps.map((e) => e.raw).join(" ")}]\n`, exitCode: 1 };
  const ep = eps[0];
  const d = dial(c, ep);
  if (!d.ok && d.early) return { stdout: "", stderr: `Error: ${d.early}\n`, exitCode: 1 };
  const part = `${path}.part`;
  const partAbs = abs(c.ctx, part);
  const dir = partAbs.slice(0, partAbs.lastIndexOf("/")) || "/";
  if (!c.ctx.fs.isDir(dir)) return { stdout: "", stderr: `Error: could not open ${part} (open ${part}: no such file or directory)\n`, exitCode: 1 };
  c.ctx.fs.writeFile(partAbs, "", 0o600);
  const t0 = c.ctx.now * 1000 + (fnv32a(path) % 400_000);
  let err = zapJson("info", t0, { caller: "snapshot/v3_snapshot.go:65", msg: "created temporary db file", path: part });
  if (!d.ok) return { stdout: "", stderr: err, exitCode: 130, hangs: true };
  c.ctx.etcd.flush();
  const db = encodeDb(c.ctx.etcd.currentDb());
  const snap = encodeSnapshot(db);
  const size = new TextEncoder().encode(snap).length;
  const t1 = t0 + 3_000 + (fnv32a(path + "1") % 6000);
  const t2 = t1 + 40 + (fnv32a(path + "2") % 300);
  const t3 = t2 + 6_000 + Math.floor(size / 40);
  const t4 = t3 + 200 + (fnv32a(path + "4") % 40_000);
  const t5 = t4 + 60 + (fnv32a(path + "5") % 200);
  err += zapJson("info", t1, { logger: "client", caller: "v3@v3.5.16/maintenance.go:212", msg: "opened snapshot stream; downloading" });
  err += zapJson("info", t2, { caller: "snapshot/v3_snapshot.go:73", msg: "fetching snapshot", endpoint: ep.raw });
  err += zapJson("info", t3, { logger: "client", caller: "v3@v3.5.16/maintenance.go:220", msg: "completed snapshot read; closing" });
  err += zapJson("info", t4, { caller: "snapshot/v3_snapshot.go:88", msg: "fetched snapshot", endpoint: ep.raw, size: humanBytes(size), took: "now" });
  c.ctx.fs.rm(partAbs, false, true);
  // os.Rename(partpath, dbPath) onto a folder: Go's rename refuses it with EEXIST
  if (c.ctx.fs.isDir(abs(c.ctx, path))) return { stdout: "", stderr: `${err}Error: could not rename ${part} to ${path} (rename ${part} ${path}: file exists)\n`, exitCode: 1 };
  c.ctx.fs.writeFile(abs(c.ctx, path), snap, 0o600);
  err += zapJson("info", t5, { caller: "snapshot/v3_snapshot.go:97", msg: "saved", path });
  return { stdout: `Snapshot saved at ${path}\n`, stderr: err, exitCode: 0 };
}

function readSnapshot(c: Call, path: string, syscall: "stat" | "open"): { d: Extract<ReturnType<typeof decode>, { ok: true }> } | { error: string } {
  const p = abs(c.ctx, path);
  if (c.ctx.fs.isDir(p)) return { error: syscall === "stat" ? "invalid database" : `read ${path}: is a directory` };
  const t = c.ctx.fs.tryRead(p);
  if (t === undefined) return { error: `${syscall} ${path}: no such file or directory` };
  const d = decode(t);
  if (!d.ok) return { error: "invalid database" };
  return { d };
}

function snapshotStatus(c: Call): ToolResult {
  const warn = c.tool === "etcdctl" ? "Deprecated: Use `etcdutl snapshot status` instead.\n\n" : "";
  if (c.args.length !== 1) return { stdout: "", stderr: `${warn}Error: snapshot status requires exactly one argument\n`, exitCode: 1 };
  const r = readSnapshot(c, c.args[0], "stat");
  if ("error" in r) return { stdout: "", stderr: `${warn}Error: ${r.error}\n`, exitCode: 1 };
  const s = dbStatus(r.d);
  const row = [s.hash.toString(16), String(s.revision), String(s.totalKey), humanBytes(s.totalSize)];
  const w = writeOut(c);
  let out: string;
  if (w === "table") out = table(["hash", "revision", "total keys", "total size"], [row]);
  else if (w === "json") out = JSON.stringify({ hash: s.hash, revision: s.revision, totalKey: s.totalKey, totalSize: s.totalSize, version: "3.5.0" }) + "\n";
  else if (w === "simple") out = row.join(", ") + "\n";
  else if (w === "fields") out = `"Hash" : ${s.hash}\n"Revision" : ${s.revision}\n"Keys" : ${s.totalKey}\n"Size" : ${s.totalSize}\n"Version" : "3.5.0"\n`;
  else return { stdout: "", stderr: `${warn}Error: unknown output format "${w}"\n`, exitCode: 1 };
  return { stdout: out, stderr: warn, exitCode: 0 };
}

function snapshotRestore(c: Call): ToolResult {
  let err = c.tool === "etcdctl" ? "Deprecated: Use `etcdutl snapshot restore` instead.\n\n" : "";
  const fail = (msg: string) => ({ stdout: "", stderr: `${err}Error: ${msg}\n`, exitCode: 1 });
  if (c.args.length !== 1) return fail("snapshot restore requires exactly one argument");
  const f = (n: string) => c.flags.get(n) ?? RESTORE_FLAGS.find((x) => x.name === n)!.def;
  const name = f("name");
  const dataDir = f("data-dir") || `${name}.etcd`;
  const walDir = f("wal-dir") || `${dataDir.replace(/\/+$/, "")}/member/wal`;
  const snapDir = `${dataDir.replace(/\/+$/, "")}/member/snap`;
  const peers = f("initial-advertise-peer-urls").split(",");
  const cluster = new Map<string, string[]>();
  for (const part of f("initial-cluster").split(",")) {
    const i = part.indexOf("=");
    if (i < 0) return fail(`parse ${part}: missing protocol scheme`);
    cluster.set(part.slice(0, i), [...(cluster.get(part.slice(0, i)) ?? []), part.slice(i + 1)]);
  }
  const mine = cluster.get(name);
  if (!mine) return fail(`couldn't find local name "${name}" in the initial cluster configuration`);
  if ([...mine].sort().join(",") !== [...peers].sort().join(",")) return fail(`--initial-cluster has ${name}=${mine.join(",")} but missing from --initial-advertise-peer-urls=${peers.join(",")} ("${peers[0]}"(resolved from "${peers[0]}") != "${mine[0]}"(resolved from "${mine[0]}"))`);
  const dirAbs = abs(c.ctx, dataDir);
  if (c.ctx.fs.exists(dirAbs) && (!c.ctx.fs.isDir(dirAbs) || c.ctx.fs.readdir(dirAbs).length > 0)) return fail(`data-dir "${dataDir}" not empty or could not be read`);
  if (f("wal-dir") && c.ctx.fs.exists(abs(c.ctx, walDir))) return fail(`wal-dir "${walDir}" exists`);
  const path = c.args[0];
  const fields = { path, "wal-dir": walDir, "data-dir": dataDir, "snap-dir": snapDir };
  err += zapConsole(c.ctx.now, "snapshot/v3_snapshot.go:260", "restoring snapshot", fields);
  const r = readSnapshot(c, path, "open");
  if ("error" in r) return fail(r.error === "invalid database" ? "invalid database" : r.error);
  const d = r.d;
  if (!d.hasHash && f("skip-hash-check") !== "true") return fail("snapshot missing hash but --skip-hash-check=false");
  if (d.hasHash && f("skip-hash-check") !== "true" && !d.hashOk) return fail(`expected sha256 [${d.expected!.join(" ")}], got [${d.got!.join(" ")}]`);
  // the new cluster: its members from --initial-cluster, this one first
  const token = f("initial-cluster-token");
  const members = [...cluster].map(([n, urls]) => ({ id: memberId(urls, token), name: n, peerURLs: urls, clientURLs: [] as string[] }));
  const cid = clusterId(members.map((m) => m.id));
  const me = members.find((m) => m.name === name)!;
  const db: EtcdDb = { rev: d.db.rev, cluster: cid, members: [me, ...members.filter((m) => m !== me)], data: d.db.data };
  err += zapConsole(c.ctx.now, "membership/store.go:141", "Trimming membership information from the backend...");
  for (const m of members) err += zapConsole(c.ctx.now + 1000, "membership/cluster.go:421", "added member", { "cluster-id": cid, "local-member-id": "0", "added-peer-id": m.id, "added-peer-peer-urls": m.peerURLs });
  const fs = c.ctx.fs;
  for (const dir of [dirAbs, `${dirAbs}/member`, abs(c.ctx, snapDir), abs(c.ctx, walDir)]) if (!fs.exists(dir)) fs.mkdir(dir, true, 0o700);
  fs.writeFile(`${abs(c.ctx, snapDir)}/db`, encodeDb(db), 0o600);
  fs.writeFile(`${abs(c.ctx, snapDir)}/0000000000000001-0000000000000001.snap`, `\u0000kubelab-etcd-raft-snapshot index=1 term=1\u0000\n`, 0o644);
  fs.writeFile(`${abs(c.ctx, walDir)}/0000000000000000-0000000000000000.wal`, "\u0000kubelab-etcd-wal 1\u0000\n", 0o600);
  err += zapConsole(c.ctx.now + 1000, "snapshot/v3_snapshot.go:287", "restored snapshot", fields);
  return { stdout: "", stderr: err, exitCode: 0 };
}

function memberList(c: Call): ToolResult {
  const conn = connectOne(c);
  if ("result" in conn) return conn.result;
  const cur = c.ctx.etcd.running()!;
  const rows = [[cur.member.id, "started", cur.member.name, cur.member.peerURLs.join(","), cur.clientURLs.join(","), "false"]];
  const w = writeOut(c);
  if (w === "table") return { stdout: table(["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"], rows), stderr: "", exitCode: 0 };
  if (w === "json") {
    const dec = (h: string) => BigInt("0x" + h).toString();
    return { stdout: `{"header":{"cluster_id":${dec(cur.cluster)},"member_id":${dec(cur.member.id)},"raft_term":${cur.term}},"members":[{"ID":${dec(cur.member.id)},"name":"${cur.member.name}","peerURLs":${JSON.stringify(cur.member.peerURLs)},"clientURLs":${JSON.stringify(cur.clientURLs)}}]}\n`, stderr: "", exitCode: 0 };
  }
  return { stdout: rows.map((r) => r.join(", ") + "\n").join(""), stderr: "", exitCode: 0 };
}

function endpointHealth(c: Call): ToolResult {
  const eps = endpoints(c);
  let out = "", err = "", bad = false, elapsed = 0;
  const rows: string[][] = [];
  for (const ep of eps) {
    const d = dial(c, ep);
    if (!d.ok && d.early) return { stdout: "", stderr: `Error: ${d.early}\n`, exitCode: 1 };
    if (d.ok) {
      const took = `${2 + (fnv32a(ep.raw + c.ctx.now) % 9)}.${String(fnv32a(c.ctx.now + ep.raw) % 1_000_000).padStart(6, "0")}ms`;
      out += `${ep.raw} is healthy: successfully committed proposal: took = ${took}\n`;
      rows.push([ep.raw, "true", took, ""]);
    } else {
      const r = deadline(c, ep, d.error);
      err += r.stderr.replace("Error: context deadline exceeded\n", "") + `${ep.raw} is unhealthy: failed to commit proposal: context deadline exceeded\n`;
      rows.push([ep.raw, "false", "5.00" + "0000000s", "context deadline exceeded"]);
      bad = true;
      elapsed = Math.max(elapsed, r.elapsedMs ?? 0);
    }
  }
  if (writeOut(c) === "table") {
    out = table(["endpoint", "health", "took", "error"], rows);
    err = err.split("\n").filter((l) => l.startsWith("{")).map((l) => l + "\n").join("");
  }
  if (bad) err += "Error: unhealthy cluster\n";
  return { stdout: out, stderr: err, exitCode: bad ? 1 : 0, elapsedMs: elapsed };
}

function endpointStatus(c: Call): ToolResult {
  const conn = connectOne(c);
  if ("result" in conn) return conn.result;
  c.ctx.etcd.flush();
  const cur = c.ctx.etcd.running()!;
  const db = c.ctx.etcd.currentDb();
  const size = Math.ceil(new TextEncoder().encode(encodeDb(db)).length / 4096) * 4096;
  const index = String(db.rev + cur.term);
  const row = [conn.ep.raw, cur.member.id, ETCD_VERSION, humanBytes(size), "true", "false", String(cur.term), index, index, ""];
  if (writeOut(c) === "table") return { stdout: table(["endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index", "raft applied index", "errors"], [row]), stderr: "", exitCode: 0 };
  return { stdout: row.join(", ") + "\n", stderr: "", exitCode: 0 };
}

/**
 * etcdctl/ctlv3/command/defrag_command.go (v3.5): each endpoint of --endpoints (the member list's
 * client URLs with --cluster) is defragmented in turn; `Finished defragmenting etcd member[EP]`
 * on stdout, `Failed to defragment etcd member[EP] (ERR)` on stderr and exit 1 for the others.
 * The lab's backend keeps no free pages, so a defragmentation leaves its size as it is.
 */
function defrag(c: Call): ToolResult {
  // --data-dir runs etcdutl's offline defragmentation (its backend log lines are not modelled)
  if (c.flags.get("data-dir")) return { stdout: "", stderr: `kubelab: offline defragmentation (${c.tool} defrag --data-dir) is not built in this lab yet; defragment the running member with etcdctl defrag\n`, exitCode: 1 };
  let eps: Endpoint[];
  if (c.flags.get("cluster") === "true") {
    const conn = connectOne(c);
    if ("result" in conn) return conn.result;
    eps = c.ctx.etcd.running()!.clientURLs.map(parseEndpoint);
  } else {
    eps = endpoints(c);
    if (!eps.length) return { stdout: "", stderr: "Error: etcdclient: no available endpoints\n", exitCode: 2 };
  }
  let out = "", err = "", failures = 0, elapsed = 0;
  for (const ep of eps) {
    const d = dial(c, ep);
    if (!d.ok && d.early) return { stdout: out, stderr: err + `Error: ${d.early}\n`, exitCode: 1 };
    if (d.ok) {
      out += `Finished defragmenting etcd member[${ep.raw}]\n`;
      continue;
    }
    const r = deadline(c, ep, d.error);
    err += r.stderr.replace("Error: context deadline exceeded\n", "") + `Failed to defragment etcd member[${ep.raw}] (context deadline exceeded)\n`;
    failures++;
    elapsed += r.elapsedMs ?? 0;
  }
  return { stdout: out, stderr: err, exitCode: failures ? 1 : 0, elapsedMs: elapsed };
}

function get(c: Call): ToolResult {
  if (c.args.length < 1 || c.args.length > 2) return { stdout: "", stderr: "Error: get command needs one argument as key and an optional argument as range_end\n", exitCode: 1 };
  const conn = connectOne(c);
  if ("result" in conn) return conn.result;
  const key = c.args[0];
  const prefix = c.flags.get("prefix") === "true";
  const keysOnly = c.flags.get("keys-only") === "true";
  const all = dbKeys(c.ctx.etcd.currentDb());
  const hits = all.filter((k) => (prefix ? k.key.startsWith(key) : c.args[1] ? k.key >= key && k.key < c.args[1] : k.key === key));
  const limit = Number(c.flags.get("limit") ?? "0");
  const list = limit > 0 ? hits.slice(0, limit) : hits;
  if (c.flags.get("count-only") === "true") return { stdout: "", stderr: "", exitCode: 0 };
  let out = "";
  for (const h of list) out += `${h.key}\n${keysOnly ? "" : JSON.stringify(h.object)}\n`;
  return { stdout: out, stderr: "", exitCode: 0 };
}

const ETCDCTL: Cmd[] = [
  { path: ["snapshot"], use: "<subcommand> [flags]", short: "Manages etcd node snapshots", flags: [] },
  { path: ["snapshot", "save"], use: "<filename> [flags]", short: "Stores an etcd node backend snapshot to a given file", flags: [], run: snapshotSave },
  { path: ["snapshot", "restore"], use: "<filename> <--data-dir {output dir}> [options] [flags]", short: "Restores an etcd member snapshot to an etcd directory", flags: RESTORE_FLAGS, run: snapshotRestore },
  { path: ["snapshot", "status"], use: "<filename> [flags]", short: "[deprecated] Gets backend snapshot status of a given file", long: "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are hash, revision, total keys, total size.\n", flags: [], run: snapshotStatus },
  { path: ["member"], use: "<subcommand> [flags]", short: "Membership related commands", flags: [] },
  { path: ["member", "list"], use: "[flags]", short: "Lists all members in the cluster", long: "When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.\nThe items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.\n", flags: [{ name: "consistency", type: "string", def: "l", usage: "Linearizable(l) or Serializable(s)" }], run: memberList },
  {
    path: ["defrag"],
    use: "[flags]",
    short: "Defragments the storage of the etcd members with given endpoints",
    flags: [
      { name: "cluster", type: "bool", def: "false", usage: "use all endpoints from the cluster member list" },
      { name: "data-dir", type: "string", def: "", usage: "Optional. If present, defragments a data directory not in use by etcd." },
    ],
    run: defrag,
  },
  { path: ["endpoint"], use: "<subcommand> [flags]", short: "Endpoint related commands", flags: [{ name: "cluster", type: "bool", def: "false", usage: "use all endpoints from the cluster member list" }] },
  { path: ["endpoint", "health"], use: "[flags]", short: "Checks the healthiness of endpoints specified in `--endpoints` flag", flags: [], run: endpointHealth },
  { path: ["endpoint", "status"], use: "[flags]", short: "Prints out the status of endpoints specified in `--endpoints` flag", long: "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.\n", flags: [], run: endpointStatus },
  {
    path: ["get"],
    use: "[options] <key> [range_end] [flags]",
    short: "Gets the key or a range of keys",
    flags: [
      { name: "consistency", type: "string", def: "l", usage: "Linearizable(l) or Serializable(s)" },
      { name: "count-only", type: "bool", def: "false", usage: "Get only the count" },
      { name: "from-key", type: "bool", def: "false", usage: "Get keys that are greater than or equal to the given key using byte compare" },
      { name: "keys-only", type: "bool", def: "false", usage: "Get only the keys" },
      { name: "limit", type: "string", def: "0", usage: "Maximum number of results" },
      { name: "prefix", type: "bool", def: "false", usage: "Get keys with matching prefix" },
      { name: "print-value-only", type: "bool", def: "false", usage: "Only write values when using the \"simple\" output format" },
      { name: "rev", type: "string", def: "0", usage: "Specify the kv revision" },
    ],
    run: get,
  },
  { path: ["version"], use: "[flags]", short: "Prints the version of etcdctl", flags: [], run: () => ({ stdout: `etcdctl version: ${ETCD_VERSION}\nAPI version: ${API_VERSION}\n`, stderr: "", exitCode: 0 }) },
];

const ETCDUTL: Cmd[] = [
  { path: ["defrag"], use: "[flags]", short: "Defragments the storage of the etcd", flags: [{ name: "data-dir", type: "string", def: "", usage: "Required. Defragments a data directory not in use by etcd." }], run: defrag },
  { path: ["snapshot"], use: "<subcommand> [flags]", short: "Manages etcd node snapshots", flags: [] },
  { path: ["snapshot", "restore"], use: "<filename> <--data-dir {output dir}> [options] [flags]", short: "Restores an etcd member snapshot to an etcd directory", flags: RESTORE_FLAGS, run: snapshotRestore },
  { path: ["snapshot", "status"], use: "<filename> [flags]", short: "Gets backend snapshot status of a given file", long: "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are hash, revision, total keys, total size.\n", flags: [], run: snapshotStatus },
  { path: ["version"], use: "[flags]", short: "Prints the version of etcdutl", flags: [], run: () => ({ stdout: `etcdutl version: ${ETCD_VERSION}\nAPI version: ${API_VERSION}\n`, stderr: "", exitCode: 0 }) },
];

/**
 * Run `etcdctl ARGS` or `etcdutl ARGS`. Flags may come before or after the command words
 * (cobra strips them to find the command, then parses all of them with its flag set).
 */
export function runEtcdTool(tool: "etcdctl" | "etcdutl", argv: string[], ctx: ToolContext): ToolResult {
  const cmds = tool === "etcdctl" ? ETCDCTL : ETCDUTL;
  const globals = tool === "etcdctl" ? GLOBAL_FLAGS : UTL_GLOBAL_FLAGS;
  // find the command: the leading non-flag words (a flag's separate value is skipped)
  const words: string[] = [];
  const allFlags = [...globals, ...cmds.flatMap((c) => c.flags)];
  const takesValue = (a: string) => {
    const n = a.replace(/^--?/, "");
    const f = allFlags.find((x) => x.name === n || x.short === n);
    return !!f && f.type !== "bool";
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") break;
    if (a.startsWith("-")) {
      if (!a.includes("=") && takesValue(a)) i++;
      continue;
    }
    words.push(a);
  }
  let cmd: Cmd | undefined;
  let depth = 0;
  for (let n = Math.min(words.length, 2); n >= 1; n--) {
    const found = cmds.find((c) => c.path.length === n && c.path.every((p, i) => p === words[i]));
    if (found) {
      cmd = found;
      depth = n;
      break;
    }
  }
  if (!cmd) {
    if (!words.length) return { stdout: "", stderr: `Error: ${tool} needs a command (this lab's ${tool} has: ${cmds.filter((c) => c.run).map((c) => c.path.join(" ")).join(", ")})\n`, exitCode: 1 };
    // cobra's legacyArgs error (the root's usage that follows on stdout is not reproduced)
    return { stdout: "", stderr: `Error: unknown command "${words[0]}" for "${tool}"\n`, exitCode: 1 };
  }
  // parse flags with the command's flag set (local + global)
  const defs = [...cmd.flags, ...globals, help(cmd.path[cmd.path.length - 1])];
  const flags = new Map<string, string>();
  const args: string[] = [];
  let skipped = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("-") && a.length > 1) {
      const long = a.startsWith("--");
      const body = a.slice(long ? 2 : 1);
      const eq = body.indexOf("=");
      const n = eq >= 0 ? body.slice(0, eq) : body;
      const f = defs.find((x) => (long ? x.name === n : x.short === n));
      if (!f) {
        const stdout = usage(tool, cmd, cmds);
        return { stdout, stderr: `Error: ${long ? `unknown flag: --${n}` : `unknown shorthand flag: '${n[0]}' in -${body}`}\n\n`, exitCode: 1 };
      }
      let v: string;
      if (eq >= 0) v = body.slice(eq + 1);
      else if (f.type === "bool") v = "true";
      else {
        if (i + 1 >= argv.length) return { stdout: usage(tool, cmd, cmds), stderr: `Error: flag needs an argument: --${f.name}\n\n`, exitCode: 1 };
        v = argv[++i];
      }
      flags.set(f.name, v);
      continue;
    }
    if (skipped < depth) {
      skipped++;
      continue;
    }
    args.push(a);
  }
  if (flags.get("help") === "true" || !cmd.run) return { stdout: usage(tool, cmd, cmds), stderr: "", exitCode: 0 };
  return cmd.run({ tool, cmd, args, flags, ctx });
}

/**
 * A ToolFs over a container's mounts (for `kubectl exec etcd-controlplane -- etcdctl …`): locate
 * maps a container path to the file system and path it lands on (the etcd-data and etcd-certs
 * hostPaths land on the node's own file system, so a snapshot saved to /var/lib/etcd/x.db in
 * the container is /var/lib/etcd/x.db on the node).
 */
export function toolFsOver(locate: (path: string) => { fs: NodeFs; p: string }): ToolFs {
  const at = <T>(path: string, f: (fs: NodeFs, p: string) => T): T => {
    const l = locate(path);
    return f(l.fs, l.p);
  };
  return {
    tryRead: (path) => at(path, (fs, p) => fs.tryRead(p)),
    writeFile: (path, content, mode) => at(path, (fs, p) => fs.writeFile(p, content, mode)),
    exists: (path) => at(path, (fs, p) => fs.exists(p)),
    isDir: (path) => at(path, (fs, p) => fs.isDir(p)),
    readdir: (path) => at(path, (fs, p) => fs.readdir(p)),
    mkdir: (path, recursive, mode) => at(path, (fs, p) => fs.mkdir(p, recursive, mode)),
    rm: (path, recursive, force) => at(path, (fs, p) => fs.rm(p, recursive, force)),
  };
}

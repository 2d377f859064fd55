#!/usr/bin/env node
// explain-stub.mjs — the oracle's discovery stub plus OpenAPI v3, for recording real
// `kubectl explain` output (tests/golden/kubectl-explain-corpus.json).
//
// Usage:  EXPLAIN_DOCS=DIR node tests/golden/explain-stub.mjs <port> [--verbose]
//   DIR holds the reconstructed v1.32 documents made by explain-source/build-v3.mjs
//   (api__v1_openapi.json, apis__apps__v1_openapi.json, …).
// Serves GET /openapi/v3 (the index: {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=…"}, …}})
// and GET /openapi/v3/<group-version> from DIR, like a v1.32 API server (hash = sha512 of the
// document, upper-case hex; immutable caching when the hash is given). Everything else is
// forwarded to ../shared/oracle/kube-discovery-stub.mjs (or $KUBE_DISCOVERY_STUB), started as a
// child on a free loopback port and stopped by its pid. Prints `listening 127.0.0.1:<port>`
// once, like the discovery stub, so ../shared/oracle/record.mjs can run it in its place
// (see record-explain.mjs).
import http from "node:http";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const portArg = args.find((a) => /^\d+$/.test(a));
const docsDir = process.env.EXPLAIN_DOCS;
if (portArg === undefined || !docsDir) {
  process.stderr.write("usage: EXPLAIN_DOCS=DIR node explain-stub.mjs <port> [--verbose]\n");
  process.exit(2);
}
const discoveryStub = process.env.KUBE_DISCOVERY_STUB ?? fileURLToPath(new URL("../../../shared/oracle/kube-discovery-stub.mjs", import.meta.url));

// ------------------------------------------------------------ the documents
const docs = new Map(); // "api/v1" → {text, hash}
for (const f of readdirSync(docsDir)) {
  const m = /^(.+)_openapi\.json$/.exec(f);
  if (!m) continue;
  const text = JSON.stringify(JSON.parse(readFileSync(join(docsDir, f), "utf8")));
  const hash = crypto.createHash("sha512").update(text).digest("hex").toUpperCase();
  docs.set(m[1].replace(/__/g, "/"), { text, hash });
}
const index = JSON.stringify({
  paths: Object.fromEntries([...docs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, d]) => [p, { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` }])),
});

// ------------------------------------------------------------ the discovery stub
let child = null;
function stopChild() {
  if (child && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(child.pid, "SIGTERM");
    } catch {
      /* gone */
    }
  }
}
process.on("exit", stopChild);
const childPort = await new Promise((resolve, reject) => {
  child = spawn(process.execPath, [discoveryStub, "0", ...(verbose ? ["--verbose"] : [])], { stdio: ["ignore", "pipe", "inherit"] });
  let buf = "";
  child.stdout.on("data", (d) => {
    buf += d;
    const m = /^listening 127\.0\.0\.1:(\d+)$/m.exec(buf);
    if (m) resolve(Number(m[1]));
  });
  child.on("exit", (code) => reject(new Error(`discovery stub exited (${code})`)));
});

function send(res, code, text, headers = {}) {
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://stub.invalid");
  const path = url.pathname.replace(/\/+$/, "");
  if (req.method === "GET" && (path === "/openapi/v3" || path.startsWith("/openapi/v3/"))) {
    if (verbose) process.stderr.write(`[stub] ${req.method} ${req.url} accept=${JSON.stringify(req.headers.accept || "")}\n`);
    if (path === "/openapi/v3") return send(res, 200, index, { "Cache-Control": "no-cache, private" });
    const d = docs.get(path.slice("/openapi/v3/".length));
    if (d) {
      const h = url.searchParams.get("hash");
      if (h && h !== d.hash) {
        // a stale hash: the real server redirects to the current one
        res.writeHead(301, { Location: `${url.pathname}?hash=${d.hash}` });
        return res.end();
      }
      return send(res, 200, d.text, { "Cache-Control": h ? "public, immutable" : "no-cache, private", Etag: `"${d.hash}"` });
    }
    process.stderr.write(`[stub] non-discovery ${req.method} ${req.url} accept=${JSON.stringify(req.headers.accept || "")}\n`);
    return send(res, 404, JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server could not find the requested resource", reason: "NotFound", details: {}, code: 404 }));
  }
  // forward everything else to the discovery stub
  const fwd = http.request({ host: "127.0.0.1", port: childPort, method: req.method, path: req.url, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  fwd.on("error", (e) => send(res, 502, JSON.stringify({ message: String(e) })));
  req.pipe(fwd);
});
server.listen(Number(portArg), "127.0.0.1", () => {
  const a = server.address();
  process.stdout.write(`listening ${a.address}:${a.port}\n`);
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => { stopChild(); server.close(() => process.exit(0)); });

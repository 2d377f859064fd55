// A tiny static file server for the built page (tests and bench): 127.0.0.1, a free port,
// correct MIME types (module scripts and the worker need text/javascript), no caching.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

/** Serve `dir`; resolves to { url, close, requests } once listening. */
export async function serve(dir, { prefix = "/" } = {}) {
  const root = resolve(dir);
  const requests = [];
  let stopped = false;
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      let path = decodeURIComponent(url.pathname);
      if (!path.startsWith(prefix)) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      path = path.slice(prefix.length - 1);
      // /~name/… serves the same folder as / (a lab per sub-path: tests keep their saved state apart)
      path = path.replace(/^(\/~[\w.-]+)+(?=\/)/, "");
      if (stopped) {
        req.socket.destroy();
        return;
      }
      if (path.endsWith("/")) path += "index.html";
      const file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      const st = await stat(file).catch(() => null);
      if (!st || !st.isFile()) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        requests.push({ path, status: 404, bytes: 0 });
        return;
      }
      const body = await readFile(file);
      requests.push({ path, status: 200, bytes: body.length, file });
      res.writeHead(200, {
        "content-type": MIME[extname(file).toLowerCase()] ?? "application/octet-stream",
        "content-length": body.length,
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    root,
    requests,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections?.();
      }),
    /** refuse every request from now on (the host went away), or serve again */
    offline(on = true) {
      stopped = on;
      if (on) server.closeIdleConnections?.();
    },
  };
}

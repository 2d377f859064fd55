// The built page works under the strict Content-Security-Policy the README gives self-hosters:
// serve dist/ with that header (plus a report endpoint), run the seed's flow in Chromium
// (open the static-busybox task, type the seed's command, see the pod Running, Check, open the
// editor), and fail on any CSP violation: reported by the browser, seen by the page
// (securitypolicyviolation), or printed on the console (page or worker).
//
//   node tests/fuzz/csp-check.mjs            (uses dist/ as built; builds nothing)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { MIME } from "../e2e/static-server.mjs";
import { launch } from "../e2e/browser.mjs";

export const CSP = process.env.CSP ?? [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const DIST = resolve(process.argv[2] ?? "dist");
const SEED = "kubectl run --restart=Never --image=busybox static-busybox --dry-run -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/static-busybox.yaml";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function serveWithCsp(dir) {
  const root = resolve(dir);
  const reports = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/csp-report") {
      let body = "";
      for await (const c of req) body += c;
      reports.push(body);
      res.writeHead(204).end();
      return;
    }
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return res.writeHead(403).end();
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) return res.writeHead(404).end("not found");
    const body = await readFile(file);
    res.writeHead(200, {
      "content-type": MIME[extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-security-policy": `${CSP}; report-uri /csp-report`,
      "cache-control": "no-store",
    });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}/`, reports, close: () => new Promise((r) => server.close(r)) };
}

async function main() {
  if (!existsSync(join(DIST, "index.html"))) {
    console.log(`csp-check: skipped, no ${DIST}/index.html (run npm run build first)`);
    return 0;
  }
  const srv = await serveWithCsp(DIST);
  const browser = await launch();
  const problems = [];
  const consoleLines = [];
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    const onConsole = (where) => (m) => {
      const t = m.text();
      consoleLines.push(`${where} ${m.type()}: ${t}`);
      if (/Content Security Policy|Refused to/i.test(t)) problems.push(`${where} console: ${t}`);
    };
    page.on("console", onConsole("page"));
    page.on("worker", (w) => w.on("console", onConsole("worker")));
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${srv.url}#/static-busybox`);
    await page.waitForFunction(() => window.__kubelab && window.__kubelab.ready, null, { timeout: 20000 });
    const screen = () => page.evaluate(() => window.__kubelab.screenText().join("\n"));
    await page.waitForFunction(() => window.__kubelab.sessionReady, null, { timeout: 60000 });
    const type = async (line) => {
      await page.keyboard.type(line);
      await page.keyboard.press("Enter");
    };
    await page.click("#terminal");
    await type(SEED);
    let running = false;
    const end = Date.now() + 90000;
    while (!running && Date.now() < end) {
      await sleep(2000);
      await type("kubectl get pods");
      await sleep(500);
      const t = await screen();
      running = /static-busybox-controlplane\s+1\/1\s+Running\s/.test(t.slice(t.lastIndexOf("kubectl get pods")));
    }
    if (!running) problems.push(`the seed's pod never Running:\n${(await screen()).split("\n").slice(-10).join("\n")}`);
    const check = await page.$(".check-button");
    if (check) {
      await check.click();
      await page.waitForSelector("[data-testid=results]", { timeout: 10000 }).catch(() => problems.push("no results after Check"));
    } else problems.push("no Check button");
    // the editor pane (monaco, lazily loaded with its own worker)
    await page.click("#terminal");
    await type("vim /etc/kubernetes/manifests/static-busybox.yaml");
    try {
      await page.waitForFunction(() => window.__kubelab.editorOpen, null, { timeout: 20000 });
      await page.waitForSelector(".editor-pane .monaco-editor", { timeout: 20000 });
      // a typo'd field: the editor's schema check marks it (its worker runs under the policy too)
      await page.keyboard.type("oimagee: x");
      await page.keyboard.press("Escape");
      await page.waitForFunction(() => document.querySelector(".editor-pane .squiggly-error") !== null, null, { timeout: 10000 });
      await page.keyboard.type("dd:q");
      await page.keyboard.press("Enter");
    } catch (e) {
      problems.push(`the editor flow failed: ${e.message.split("\n")[0]}`);
    }
    await sleep(1000);
    const seen = await page.evaluate(() => window.__csp);
    for (const v of seen) problems.push(`securitypolicyviolation: ${v}`);
    await sleep(500);
  } catch (e) {
    problems.push(`the flow stopped: ${e.message.split("\n")[0]}`);
    const seen = await browser.context.pages()[0]?.evaluate(() => window.__csp).catch(() => []);
    for (const v of seen ?? []) problems.push(`securitypolicyviolation: ${v}`);
  } finally {
    await browser.close();
    await srv.close();
  }
  for (const r of srv.reports) problems.push(`report: ${r}`);
  console.log(`csp-check: policy\n  ${CSP}`);
  if (problems.length) {
    console.log(`csp-check: FAILED\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    if (process.env.CSP_VERBOSE) console.log(consoleLines.join("\n"));
    return 1;
  }
  console.log("csp-check: no violation while the seed flow ran (page, worker, editor, Check)");
  return 0;
}

process.exitCode = await main();

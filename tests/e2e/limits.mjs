// Issue 7 in the page: each runaway command is typed into the real terminal with the cluster
// view shown, and the main thread's long tasks (PerformanceObserver "longtask", registered
// before) and requestAnimationFrame gaps are recorded while it runs. The page must stay
// responsive: no main-thread task over 100 ms.
//
//   node tests/e2e/limits.mjs [--dist dist] [--only <substring>] [--shots DIR] [--budget-ms 100]
//
// Also part of run.mjs's real suite (one test, "limits: …").
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const BUDGET_MS = 100;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Record long tasks and frame gaps from now on (registered once per page). */
async function installProbe(page) {
  await page.evaluate(() => {
    if (window.__probe) return;
    const p = { tasks: [], maxGap: 0, last: 0 };
    window.__probe = p;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) p.tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask" });
    const frame = (t) => {
      if (p.last) p.maxGap = Math.max(p.maxGap, t - p.last);
      p.last = t;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

async function resetProbe(page) {
  await page.evaluate(() => {
    const p = window.__probe;
    p.tasks.length = 0;
    p.maxGap = 0;
    p.last = 0;
  });
}

async function readProbe(page) {
  return page.evaluate(() => {
    const p = window.__probe;
    const worst = p.tasks.reduce((m, e) => Math.max(m, e.duration), 0);
    return { worst: Math.round(worst), count: p.tasks.length, over: p.tasks.filter((e) => e.duration > 100).length, maxGap: Math.round(p.maxGap) };
  });
}

/**
 * The rows xterm shows (its DOM renderer's rows: cheap to read, unlike the whole buffer — a
 * test reading 5 000 lines of scrollback would make long tasks of its own).
 */
async function shown(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".xterm-rows > div")]
      .map((d) => d.textContent.replace(/\u00a0/g, " ").trimEnd())
      .join("\n")
      .replace(/\n+$/, ""),
  );
}

async function waitShown(page, re, { timeout = 30000, what = String(re) } = {}) {
  const end = Date.now() + timeout;
  let text = "";
  while (Date.now() < end) {
    text = await shown(page);
    const m = re.exec(text);
    if (m) return m;
    await sleep(150);
  }
  throw new Error(`timed out waiting for ${what}; the terminal shows:\n${text.split("\n").slice(-12).join("\n")}`);
}

const PROMPT_END = /controlplane:~\$$/;

async function typeLine(page, text) {
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

/** The items of issue 7, each run in the page; `page` is at a fresh free-practice session with the cluster view shown. */
export const ITEMS = [
  {
    name: "10 MB paste",
    async run(page) {
      // the text is made in the page first (not measured); the paste event is
      await page.evaluate(() => {
        const line = "echo " + "0123456789".repeat(9) + "\n";
        window.__paste = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
      });
      await resetProbe(page);
      await page.evaluate(() => {
        const ta = document.querySelector(".xterm-helper-textarea");
        const dt = new DataTransfer();
        dt.setData("text/plain", window.__paste);
        window.__paste = null;
        ta.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
      });
      // the pasted lines run one by one (and the page answers meanwhile)
      await waitShown(page, /\n0123456789\d*\n(?:\d+\n)?controlplane:~\$ echo 0123/, { what: "pasted lines running", timeout: 15000 });
      await sleep(2000);
      await page.keyboard.press("Control+c");
      await waitShown(page, PROMPT_END, { what: "the prompt after Ctrl-C in the paste", timeout: 20000 });
      await sleep(300);
      await typeLine(page, "clear");
      await waitShown(page, /^controlplane:~\$$/, { what: "a clear screen" });
    },
  },
  {
    name: "seq 100000 > f; cat f",
    async run(page) {
      await typeLine(page, "seq 100000 > f; cat f");
      await waitShown(page, /\n100000\ncontrolplane:~\$$/, { what: "the end of cat f" });
    },
  },
  {
    name: "yes | head -n 1000000",
    async run(page) {
      await typeLine(page, "yes | head -n 1000000");
      await waitShown(page, PROMPT_END, { what: "the prompt after yes | head" });
    },
  },
  {
    name: "while true; do :; done + Ctrl-C",
    async run(page) {
      await typeLine(page, "while true; do :; done");
      await sleep(2000);
      await page.keyboard.press("Control+c");
      await waitShown(page, /\^C\ncontrolplane:~\$$/, { what: "the prompt after Ctrl-C", timeout: 10000 });
    },
  },
  {
    name: "f(){ f; }; f",
    async run(page) {
      await typeLine(page, "f(){ f; }; f");
      await waitShown(page, PROMPT_END, { what: "the prompt after the recursion" });
    },
  },
  {
    name: "10 000-pod Deployment: create, time passes, get pods | tail, get pods -w + Ctrl-C",
    async run(page, { shots } = {}) {
      await typeLine(page, "clear");
      await typeLine(page, "kubectl create deployment big --image=nginx --replicas=10000");
      await waitShown(page, /deployment\.apps\/big created\ncontrolplane:~\$$/, { what: "the Deployment created", timeout: 60000 });
      // `sleep 400` waits 400 real seconds in the page: the fast-forward buttons move the clock meanwhile
      await typeLine(page, "sleep 400");
      await sleep(500);
      for (const title of ["fast-forward 5 minutes", "fast-forward 1 minute", "fast-forward 1 minute", "fast-forward until the next restart of a crash-looping container"]) {
        await page.click(`button[title="${title}"]`);
        await sleep(1500);
      }
      // the panel draws a few pods per node and counts the rest
      await page.waitForSelector("[data-testid=cluster-view] .unscheduled [data-testid=pods-hidden]", { timeout: 10000 });
      if (shots) {
        await mkdir(shots, { recursive: true });
        await page.screenshot({ path: `${shots}/limits-10000-pods.png` });
        await page.evaluate(() => document.querySelector("[data-testid=cluster-view] [data-node=node01] [data-testid=pods-hidden], [data-testid=cluster-view] .unscheduled")?.scrollIntoView({ block: "center" }));
        await sleep(300);
        await page.screenshot({ path: `${shots}/limits-10000-pods-panel.png` });
      }
      await page.click(".terminal-pane");
      await page.keyboard.press("Control+c");
      await waitShown(page, /sleep 400\n\^C\ncontrolplane:~\$$/, { what: "sleep interrupted", timeout: 10000 });
      await typeLine(page, "kubectl get pods | tail");
      await waitShown(page, /\nbig-[\w-]+ +\d\/1 +\w+ +\d+ +\S+\ncontrolplane:~\$$/, { what: "the tail of get pods", timeout: 60000 });
      await typeLine(page, "kubectl get pods -w");
      await waitShown(page, /\nbig-[\w-]+ +\d\/1 +\w+ +\d+ +\S+$/, { what: "get pods -w listing", timeout: 60000 });
      await sleep(2000);
      await page.keyboard.press("Control+c");
      await waitShown(page, /\^C\ncontrolplane:~\$$/, { what: "the prompt after -w", timeout: 10000 });
      if (shots) await page.screenshot({ path: `${shots}/limits-10000-pods-after.png` });
    },
  },
];

/** Open a fresh free-practice session with the cluster view shown and the probe running. */
export async function openLab(page, base) {
  await page.goto(`${base}index.html#/`);
  await page.waitForFunction(() => window.__kubelab && window.__kubelab.sessionReady, null, { timeout: 30000 });
  await page.click("[data-testid=cluster-tab]");
  await page.waitForSelector("[data-testid=cluster-view] [data-node=node01]", { timeout: 15000 });
  await page.click(".terminal-pane");
  await installProbe(page);
}

/** Run every item (or those matching `only`) on one page; returns one row per item. */
export async function measureItems(page, base, { only = "", shots = null, log = console.log } = {}) {
  await openLab(page, base);
  const rows = [];
  for (const item of ITEMS.filter((i) => i.name.includes(only))) {
    await resetProbe(page);
    const t0 = Date.now();
    let error = null;
    try {
      await item.run(page, { shots });
      await sleep(300);
    } catch (err) {
      error = err;
    }
    const r = { item: item.name, ms: Date.now() - t0, ...(await readProbe(page)), ...(error ? { error: String(error.message ?? error) } : {}) };
    rows.push(r);
    log(`  ${r.item}: worst main-thread task ${r.worst} ms (${r.count} long tasks, ${r.over} over ${BUDGET_MS} ms), largest frame gap ${r.maxGap} ms, ${r.ms} ms${r.error ? `\n    FAILED: ${r.error.replace(/\n/g, "\n    ")}` : ""}`);
  }
  return rows;
}

// ---------------------------------------------------------------- standalone
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { launch } = await import("./browser.mjs");
  const { serve } = await import("./static-server.mjs");
  const argv = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : dflt;
  };
  const budget = Number(opt("budget-ms", String(BUDGET_MS)));
  const server = await serve(resolve(opt("dist", "dist")));
  const browser = await launch();
  let rows = [];
  try {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
    rows = await measureItems(page, `${server.url}~limits/`, { only: opt("only", ""), shots: resolve(opt("shots", "test-results")) });
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(JSON.stringify({ bench: "limits-page", budgetMs: budget, rows }));
  process.exit(rows.every((r) => !r.error && r.worst <= budget) ? 0 : 1);
}

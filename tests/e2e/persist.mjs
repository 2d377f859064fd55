// Browser tests of persistence (issue 6/7 "nothing lost"): a reload keeps a half-done task, a
// killed browser comes back byte-identical, a damaged store is reset with a message, a
// second tab is told the lab is open elsewhere, and the page starts offline from a sub-path.
import { readdir, readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ARGS, CHROMIUM } from "./browser.mjs";
import { serve } from "./static-server.mjs";
import { assert, screen, sleep, waitScreen, waitSession } from "./helpers.mjs";

async function open(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__kubelab && window.__kubelab.ready, null, { timeout: 20000 });
}

/** Type a command and wait for the prompt after its output. */
async function run(page, line) {
  const n = (await screen(page)).split(line).length;
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    ([l, k]) => {
      const t = window.__kubelab.screenText().join("\n");
      return t.split(l).length > k && /\n[\w-]+:[^\n]*\$$/.test(t.slice(t.lastIndexOf(l)));
    },
    [line, n],
    { timeout: 20000 },
  );
}

const clock = async (page) => {
  const t = await page.textContent("[data-testid=clock]");
  return t.trim();
};

const MANIFEST_CMD =
  "kubectl run --restart=Never --image=busybox kept-pod --dry-run=client -o yaml --command -- sleep 3000 > /etc/kubernetes/manifests/kept-pod.yaml";

/** A profile kept across browser launches (the same student coming back). */
async function profile() {
  const dir = await mkdtemp(join(tmpdir(), "kubelab-profile-"));
  return {
    dir,
    launch: (viewport = { width: 1280, height: 720 }) => chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport }),
    /** SIGKILL the browser of this profile: no pagehide, no clean shutdown */
    async kill() {
      for (const pid of await readdir("/proc")) {
        if (!/^\d+$/.test(pid)) continue;
        const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
        if (cmd.includes(dir) && cmd.includes("chromium")) {
          try {
            process.kill(Number(pid), "SIGKILL");
          } catch {
            // already gone
          }
        }
      }
    },
    remove: () => rm(dir, { recursive: true, force: true }).catch(() => undefined),
  };
}

export const persistTests = [
  {
    name: "persist: a reload keeps a half-done task (files, pod, history, scrollback, clock)",
    async run(page, base) {
      const url = `${base}index.html#/static-busybox`;
      await open(page, url);
      await waitSession(page);
      await run(page, "echo half-done > /root/notes.txt");
      await run(page, MANIFEST_CMD);
      await run(page, "cd /etc/kubernetes/manifests");
      await run(page, "ls");
      await page.click("button[title='fast-forward 1 minute']");
      await page.click("#terminal");
      await run(page, "kubectl get pods");
      await waitScreen(page, /kept-pod-controlplane\s+1\/1\s+Running/);
      await sleep(600);
      const before = await clock(page);
      await page.reload();
      await page.waitForFunction(() => window.__kubelab && window.__kubelab.ready);
      await waitSession(page);
      const text = await screen(page);
      assert(text.includes("echo half-done > /root/notes.txt") && text.includes("kept-pod.yaml"), `the previous lines are gone:\n${text}`);
      assert(/controlplane:\/etc\/kubernetes\/manifests\$$/.test(text), `the prompt is not the restored one:\n${text.slice(-300)}`);
      const after = await clock(page);
      assert(after >= before, `the clock went back: ${before} → ${after}`);
      await page.keyboard.press("ArrowUp");
      await waitScreen(page, /\$ kubectl get pods$/);
      await page.keyboard.press("Control+u");
      await run(page, "cat /root/notes.txt");
      await waitScreen(page, /\nhalf-done\n/);
      await run(page, "kubectl get pods kept-pod-controlplane");
      await waitScreen(page, /kept-pod-controlplane\s+1\/1\s+Running\s+0/);
    },
  },
  {
    name: "persist: a killed browser comes back byte-identical (pods yaml, files)",
    standalone: true,
    async run(_page, base) {
      const p = await profile();
      const url = `${base}index.html`;
      try {
        let ctx = await p.launch();
        let page = await ctx.newPage();
        await open(page, url);
        await waitSession(page);
        await run(page, "kubectl create deployment web --image=nginx --replicas=2");
        await run(page, MANIFEST_CMD);
        await run(page, "printf 'line one\\nline two\\n' > /root/work.txt");
        await run(page, "ssh node01");
        await run(page, "echo on-node > /root/node.txt");
        await page.click("button[title='fast-forward 10 seconds']");
        await page.click("#terminal");
        // a command still running when the browser dies
        await page.keyboard.type("sleep 100");
        await page.keyboard.press("Enter");
        await sleep(1500);
        await page.evaluate(() => window.__kubelab.flush());
        const read = (pg) => pg.evaluate(async () => [await window.__kubelab.run("kubectl get pods -A -o yaml"), await window.__kubelab.run("cat /root/work.txt; ssh node01 cat /root/node.txt")]);
        const before = await read(page);
        assert(before[0].includes("kept-pod-controlplane") && before[0].includes("web-"), "the pods are not there before");
        await p.kill();
        await ctx.close().catch(() => undefined);
        ctx = await p.launch();
        page = await ctx.newPage();
        await open(page, url);
        await waitSession(page);
        const after = await read(page);
        assert(after[0] === before[0], `pods differ after the restore:\n--- before\n${before[0].slice(0, 1500)}\n--- after\n${after[0].slice(0, 1500)}`);
        assert(after[1] === before[1], `files differ: ${JSON.stringify(before[1])} vs ${JSON.stringify(after[1])}`);
        await waitScreen(page, /\nnode01:~\$$/);
        await ctx.close();
      } finally {
        await p.remove();
      }
    },
  },
  {
    name: "persist: a damaged or older store is reset with a message",
    async run(page, base) {
      await open(page, `${base}index.html`);
      await waitSession(page);
      await page.evaluate(async () => {
        const db = await new Promise((res, rej) => {
          const r = indexedDB.open(`kubelab:${new URL(".", location.href).pathname}`, 1);
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        const tx = db.transaction("sessions", "readwrite");
        tx.objectStore("sessions").put('{"schema":1, "key": "static-busybox", "ops": [tru', "static-busybox");
        tx.objectStore("sessions").put(JSON.stringify({ schema: 0, key: "static-busybox-image", ops: [] }), "static-busybox-image");
        await new Promise((res) => (tx.oncomplete = res));
      });
      await page.evaluate(() => (location.hash = "#/static-busybox"));
      await waitScreen(page, /kubelab: the saved session could not be used \(the record is not valid JSON\); it was reset/);
      await waitSession(page);
      await run(page, "echo works");
      await page.evaluate(() => (location.hash = "#/static-busybox-image"));
      await waitScreen(page, /kubelab: the saved session could not be used \(schema version 0, this lab reads version 1\)/);
      await waitSession(page);
      await run(page, "echo works too");
    },
  },
  {
    name: "persist: a second tab says the lab is open elsewhere and can take it over",
    async run(page, base, context) {
      const url = `${base}index.html`;
      await open(page, url);
      await waitSession(page);
      await run(page, "echo from-tab-one > /root/t.txt");
      const second = await context.newPage();
      try {
        await open(second, url);
        await second.waitForSelector("#elsewhere:not([hidden])");
        const text = await second.textContent("#elsewhere");
        assert(/open in another tab/.test(text), `second tab says: ${text}`);
        await second.click("[data-testid=take-over]");
        await waitSession(second);
        await second.waitForSelector("#elsewhere", { state: "hidden" });
        await page.waitForSelector("#elsewhere:not([hidden])");
        assert(/now open in another tab/.test(await page.textContent("#elsewhere")), "the first tab was not told");
        await waitScreen(second, /echo from-tab-one/);
        await run(second, "cat /root/t.txt");
        await waitScreen(second, /\nfrom-tab-one\n/);
      } finally {
        await second.close();
      }
    },
  },
  {
    name: "offline: served from /some/path/, the host goes away, a reload still starts the lab (and vim)",
    async run(page, _base, _context, dist) {
      const server = await serve(dist, { prefix: "/some/path/" });
      try {
        const url = `${server.url}index.html#/static-busybox`;
        const t0 = Date.now();
        const lap = (what) => process.env.E2E_LAPS && console.log(`    ${what}: ${Date.now() - t0} ms`);
        await open(page, url);
        await waitSession(page);
        // the service worker controls the page and its cache holds the whole build
        const end = Date.now() + 30000;
        for (;;) {
          const ok = await page.evaluate(async () => {
            if (!navigator.serviceWorker.controller) return false;
            const name = (await caches.keys()).find((k) => k.startsWith("kubelab:/some/path/:"));
            return !!name && (await (await caches.open(name)).keys()).length > 5;
          });
          if (ok) break;
          assert(Date.now() < end, "the service worker did not take the page");
          await sleep(250);
        }
        lap("cached");
        await run(page, "echo before-offline");
        server.offline(true);
        await page.reload();
        await page.waitForFunction(() => window.__kubelab && window.__kubelab.ready, null, { timeout: 20000 });
        await waitSession(page);
        lap("restored offline");
        await waitScreen(page, /echo before-offline/);
        await run(page, "kubectl get nodes");
        await waitScreen(page, /node01\s+Ready/);
        lap("nodes");
        // the editor's lazy chunks (monaco) come from the cache too
        await page.keyboard.type("vim /tmp/offline.yaml");
        await page.keyboard.press("Enter");
        await page.waitForFunction(() => window.__kubelab.editorOpen, null, { timeout: 20000 });
        await page.waitForSelector(".editor-pane .monaco-editor");
        lap("vim");
      } finally {
        server.offline(false);
        await server.close();
      }
    },
  },
  {
    name: "looks: F6 between panes, divider by keyboard, theme and screen reader remembered, Reset task, a full quota told",
    async run(page, base) {
      const url = `${base}index.html#/static-busybox`;
      await open(page, url);
      await waitSession(page);
      const where = () => page.evaluate(() => ["header", "task", "terminal"].find((id) => document.getElementById(id).contains(document.activeElement)) ?? document.activeElement?.id ?? null);
      await page.waitForSelector("[data-testid=menu]");
      assert((await where()) === "terminal", `focus starts in ${await where()}`);
      await page.keyboard.press("F6");
      assert((await where()) === "header", `F6 went to ${await where()}`);
      await page.keyboard.press("F6");
      assert((await where()) === "task", `F6 went to ${await where()}`);
      await page.keyboard.press("F6");
      assert((await where()) === "terminal", `F6 went to ${await where()}`);
      await page.keyboard.press("Shift+F6");
      assert((await where()) === "task", `Shift+F6 went to ${await where()}`);
      // the divider
      const width = () => page.evaluate(() => document.getElementById("task").getBoundingClientRect().width);
      const w0 = await width();
      await page.focus("#splitter");
      for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
      const w1 = await width();
      assert(w1 > w0 + 40, `the divider did not move: ${w0} → ${w1}`);
      // theme and screen reader through the menu
      const theme0 = await page.evaluate(() => document.documentElement.dataset.theme);
      await page.click("[data-testid=menu]");
      await page.click("[data-testid=theme-toggle]");
      await page.check("[data-testid=screen-reader]");
      const theme1 = await page.evaluate(() => document.documentElement.dataset.theme);
      assert(theme1 && theme1 !== theme0, `theme ${theme0} → ${theme1}`);
      await page.waitForSelector(".xterm-accessibility-tree", { state: "attached" });
      await page.keyboard.press("Escape");
      await page.click("#terminal");
      await run(page, "echo precious > /root/p.txt");
      await sleep(600);
      await page.reload();
      await page.waitForFunction(() => window.__kubelab && window.__kubelab.ready);
      await waitSession(page);
      assert((await page.evaluate(() => document.documentElement.dataset.theme)) === theme1, "the theme was not remembered");
      assert(Math.abs((await width()) - w1) < 2, "the width was not remembered");
      await page.waitForSelector(".xterm-accessibility-tree", { state: "attached" });
      const bg = await page.evaluate(() => getComputedStyle(document.querySelector(".xterm-viewport")).backgroundColor);
      assert(theme1 === "light" ? bg === "rgb(255, 255, 255)" : bg !== "rgb(255, 255, 255)", `terminal background ${bg} in the ${theme1} theme`);
      // a full quota is told, not silent
      await page.evaluate(() => {
        IDBObjectStore.prototype.put = function () {
          throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        };
      });
      await page.click("#terminal");
      await run(page, "echo more");
      await page.waitForSelector("[data-testid=save-error]");
      await waitScreen(page, /kubelab: your work is not being saved: the browser's storage for this site is full/);
      // Reset task: asked, then a fresh cluster
      page.once("dialog", (d) => void d.accept());
      await page.click("[data-testid=menu]");
      await page.click("[data-testid=reset-task]");
      await waitSession(page);
      await page.click("#terminal");
      await run(page, "cat /root/p.txt");
      await waitScreen(page, /No such file or directory/);
      // settings are per origin: leave none behind for the tests after this one
      await page.evaluate(() => localStorage.removeItem("kubelab:prefs"));
    },
  },
];

// Browser tests of persistence (issue 6/7 "nothing lost"): a reload keeps a half-done task, a
// killed browser comes back byte-identical, a damaged store is reset with a message, a
// second tab is told the lab is open elsewhere, and the page starts offline from a sub-path.
import { readdir, readFile, mkdtemp, mkdir, rm } from "node:fs/promises";
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

/** The exam's countdown (h:mm:ss) in seconds. */
const examLeft = async (page) => {
  const [h, m, sec] = (await page.textContent("[data-testid=exam-clock]")).trim().split(":").map(Number);
  return h * 3600 + m * 60 + sec;
};

/** The exam task the bar marks as current (1-based). */
const examCurrent = (page) => page.$$eval("[data-testid=exam-task]", (els) => els.findIndex((e) => e.getAttribute("aria-current") === "step") + 1);

/** Move to exam task `n` (1-based) and wait for its session. */
async function examGo(page, n) {
  const title = await page.textContent(".task-title");
  await page.click(`[data-testid=exam-task] >> nth=${n - 1}`);
  await page.waitForFunction(([k, t]) => document.querySelector("[data-testid=exam-task-no]")?.textContent.includes(`Task ${k} of`) && document.querySelector(".task-title")?.textContent !== t, [n, title]);
  await waitSession(page);
  await page.click("#terminal");
}

/** A read-only kubectl line in the current session (outside the terminal). */
const kubectl = (page, line) => page.evaluate((l) => window.__kubelab.run(l), line);

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
        // stored before the host goes away (pagehide saves too, but a loaded machine can stall that write)
        await page.evaluate(() => window.__kubelab.flush());
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
  {
    name: "persist: a mock exam survives a reload (its clock ran on, the current task, each task's cluster), and Reset in the exam resets that task only",
    async run(page, base) {
      await open(page, `${base}index.html#/`);
      await waitSession(page);
      await page.click("[data-testid=exam-open-free]");
      await page.waitForSelector("[data-testid=exam-setup]");
      for (const el of await page.$$("[data-testid=exam-setup] input[type=checkbox]:checked")) await el.click();
      for (const id of ["static-busybox", "fix-crashloopbackoff", "static-busybox-image"]) await page.click(`[data-testid=exam-setup] input[data-scenario=${id}]`);
      await page.fill("[data-testid=exam-minutes]", "30");
      await page.click("[data-testid=exam-start]");
      await page.waitForSelector("[data-testid=exam-bar]");
      await waitSession(page);
      await page.click("#terminal");
      // task 1: a change to its cluster
      await run(page, "kubectl create configmap task-one --from-literal=k=v");
      await waitScreen(page, /configmap\/task-one created/);
      await page.click("[data-testid=exam-flag]");
      // task 2: a change of its own
      await examGo(page, 2);
      await run(page, "kubectl create configmap task-two --from-literal=k=v");
      await waitScreen(page, /configmap\/task-two created/);
      const title2 = await page.textContent(".task-title");
      await sleep(600);
      const left = await examLeft(page);
      const t0 = Date.now();
      await page.reload();
      await page.waitForFunction(() => window.__kubelab && window.__kubelab.ready);
      await waitSession(page);
      await page.waitForSelector("[data-testid=exam-bar]");
      await page.waitForFunction(() => !document.querySelector(".save-note"));
      // the exam runs on: same task, its clock counted the time the page was away
      const expect = left - Math.round((Date.now() - t0) / 1000);
      const now = await examLeft(page);
      assert(Math.abs(now - expect) <= 3, `the exam's clock after the reload: ${now} s left, expected about ${expect} s (${left} s before)`);
      assert((await examCurrent(page)) === 2, `the current task after the reload is ${await examCurrent(page)}`);
      assert((await page.textContent(".task-title")) === title2, "another task's text after the reload");
      const flags = await page.$$eval("[data-testid=exam-task]", (els) => els.map((e) => e.getAttribute("data-flagged")));
      assert(JSON.stringify(flags) === '["true","false","false"]', `flags after the reload: ${flags}`);
      assert(/^Exam task 2: /.test(await page.textContent("[data-testid=task-picker] option:checked")), "the picker does not show the exam's task");
      await waitScreen(page, /configmap\/task-two created/);
      await mkdir("test-results", { recursive: true });
      await page.screenshot({ path: "test-results/e2e-exam-reloaded.png" });
      console.log("  screenshot: test-results/e2e-exam-reloaded.png");
      assert((await kubectl(page, "kubectl get configmap task-two -o name")).trim() === "configmap/task-two", "task 2 lost its change in the reload");
      // task 1, replayed from its log: its change is there, task 2's is not
      await examGo(page, 1);
      await waitScreen(page, /configmap\/task-one created/);
      assert((await kubectl(page, "kubectl get configmap task-one -o name")).trim() === "configmap/task-one", "task 1 lost its change in the reload");
      assert(/NotFound/.test(await kubectl(page, "kubectl get configmap task-two")), "task 2's change is in task 1's cluster");
      // Reset on task 2: asked, then a fresh cluster for task 2 alone
      await examGo(page, 2);
      let asked = "";
      page.once("dialog", (d) => {
        asked = d.message();
        void d.accept();
      });
      await page.click("[data-testid=menu]");
      assert(await page.$eval("[data-testid=reset-all]", (el) => el.disabled), "Reset everything is offered during the exam");
      await page.click("[data-testid=reset-task]");
      await page.waitForFunction(() => !window.__kubelab.sessionReady || !window.__kubelab.screenText().join("\n").includes("task-two"));
      await waitSession(page);
      assert(/^Reset exam task 2 .*other tasks and the exam's clock are kept/.test(asked), `the question asked: ${asked}`);
      assert(/NotFound/.test(await kubectl(page, "kubectl get configmap task-two")), "task 2 still has its change after Reset");
      assert((await examCurrent(page)) === 2 && (await page.$("[data-testid=exam-bar]")), "Reset left the exam");
      await examGo(page, 1);
      assert((await kubectl(page, "kubectl get configmap task-one -o name")).trim() === "configmap/task-one", "Reset on task 2 touched task 1");
      // and after another reload, task 2 stays fresh and task 1 keeps its change
      await page.evaluate(() => window.__kubelab.flush());
      await page.reload();
      await page.waitForFunction(() => window.__kubelab && window.__kubelab.ready);
      await waitSession(page);
      await page.waitForSelector("[data-testid=exam-bar]");
      assert((await examCurrent(page)) === 1, "not back on task 1");
      assert((await kubectl(page, "kubectl get configmap task-one -o name")).trim() === "configmap/task-one", "task 1 lost its change in the second reload");
      await examGo(page, 2);
      assert(/NotFound/.test(await kubectl(page, "kubectl get configmap task-two")), "task 2's reset was undone by the reload");
    },
  },
  {
    name: "persist: a mock exam whose time ran out while the page was closed opens on its review, graded on the replayed cluster",
    async run(page, base) {
      await open(page, `${base}index.html#/`);
      await waitSession(page);
      await page.click("[data-testid=exam-open-free]");
      await page.waitForSelector("[data-testid=exam-setup]");
      for (const el of await page.$$("[data-testid=exam-setup] input[type=checkbox]:checked")) await el.click();
      await page.click("[data-testid=exam-setup] input[data-scenario=static-busybox]");
      await page.fill("[data-testid=exam-minutes]", "5");
      await page.click("[data-testid=exam-start]");
      await waitSession(page);
      await page.click("#terminal");
      await run(page, "kubectl run --restart=Never --image=busybox static-busybox --dry-run=client -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/static-busybox.yaml");
      await page.evaluate(() => window.__kubelab.flush());
      // the page is closed for longer than the exam has left: its start is moved back on the stored record
      await page.evaluate(async () => {
        const name = `kubelab:${new URL(".", location.href).pathname}`;
        const db = await new Promise((res, rej) => Object.assign(indexedDB.open(name, 1), { onsuccess: (e) => res(e.target.result), onerror: rej }));
        const store = () => db.transaction("sessions", "readwrite").objectStore("sessions");
        const raw = await new Promise((res) => (store().get("#exam").onsuccess = (e) => res(e.target.result)));
        const rec = JSON.parse(raw);
        rec.startedAt -= 6 * 60_000;
        await new Promise((res) => (store().put(JSON.stringify(rec), "#exam").onsuccess = res));
        db.close();
      });
      await page.reload();
      await page.waitForFunction(() => window.__kubelab && window.__kubelab.ready);
      await page.waitForSelector("[data-testid=exam-review]", { timeout: 60000 });
      assert((await page.$("[data-testid=exam-bar]")) === null, "the exam still runs");
      const badge = await page.textContent("[data-testid=review-task] .badge");
      assert(/^\d+\/\d+$/.test(badge.trim()), `task 1 not graded: ${badge}`);
      // graded on the task's own (replayed) cluster: the manifest written before the reload counts
      const checks = await page.$$eval("[data-testid=review-task] .check", (els) => els.map((e) => [e.getAttribute("data-passed"), e.textContent]));
      assert(checks.some(([p]) => p === "true"), `nothing of task 1's work counted: ${JSON.stringify(checks)}`);
      // the review survives a reload too, until it is left
      await page.reload();
      await page.waitForSelector("[data-testid=exam-review]", { timeout: 30000 });
      await page.click("[data-testid=exam-leave]");
      await page.waitForFunction(() => document.querySelector(".task-title")?.textContent === "Free practice");
      await page.reload();
      await page.waitForFunction(() => window.__kubelab && window.__kubelab.ready);
      await waitSession(page);
      await sleep(500);
      assert((await page.$("[data-testid=exam-review]")) === null, "the review came back after leaving it");
    },
  },
  {
    name: "persist: a mock exam in a second tab: told it is open elsewhere, taking over brings the exam and its task's cluster",
    async run(page, base, context) {
      await open(page, `${base}index.html#/`);
      await waitSession(page);
      await page.click("[data-testid=exam-open-free]");
      await page.waitForSelector("[data-testid=exam-setup]");
      for (const el of await page.$$("[data-testid=exam-setup] input[type=checkbox]:checked")) await el.click();
      for (const id of ["static-busybox", "fix-crashloopbackoff"]) await page.click(`[data-testid=exam-setup] input[data-scenario=${id}]`);
      await page.fill("[data-testid=exam-minutes]", "30");
      await page.click("[data-testid=exam-start]");
      await waitSession(page);
      await examGo(page, 2);
      await run(page, "kubectl create configmap in-tab-one --from-literal=k=v");
      const second = await context.newPage();
      try {
        await open(second, `${base}index.html#/`);
        await second.waitForSelector("#elsewhere:not([hidden])");
        await second.click("[data-testid=take-over]");
        await waitSession(second);
        await second.waitForSelector("[data-testid=exam-bar]");
        assert((await examCurrent(second)) === 2, `the second tab is on task ${await examCurrent(second)}`);
        assert((await kubectl(second, "kubectl get configmap in-tab-one -o name")).trim() === "configmap/in-tab-one", "the second tab's task 2 lacks the first tab's change");
        assert(Math.abs((await examLeft(second)) - (await examLeft(page))) <= 2, "the two tabs' exam clocks differ");
        await page.waitForSelector("#elsewhere:not([hidden])");
      } finally {
        await second.close();
      }
    },
  },
];

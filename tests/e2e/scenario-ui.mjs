// Browser tests of issue 5's page side (hints, results, progress, dropped scenario files and
// their safety, the mock exam), run by run.mjs in the real suite with its helpers.

export function scenarioUiTests({ sleep, screen, waitScreen, open, typeLine, waitSession, shot, assert, SEED_COMMAND }) {
/** Drop files onto the window as the browser does (dragenter, dragover, drop with a DataTransfer). */
async function dropFiles(page, files) {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const body = f.bytes ? new Uint8Array(f.bytes) : f.text;
      dt.items.add(new File([body], f.name, { type: f.type ?? "application/x-yaml" }));
    }
    for (const type of ["dragenter", "dragover", "drop"]) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

const LOCAL_SCENARIO = `id: my-local-task
title: A task from a dropped file
domain: Workloads and Scheduling
difficulty: easy
minutes: 3
tags: [local]
task: |
  Create a pod named \`dropped\` with the image \`nginx\`.
hints:
  - Use \`kubectl run\`.
  - "\`kubectl run dropped --image=nginx\`"
solution:
  - run: kubectl run dropped --image=nginx
checks:
  - name: the pod exists
    exists: { kind: Pod, name: dropped }
explanation: |
  \`kubectl run\` creates a **bare** pod.
`;

const X = "window.__xss=1";
const HOSTILE = [
  `<script>${X}</script>`,
  `<img src=x onerror="${X}">`,
  `<svg onload="${X}"><script>${X}</script></svg>`,
  `[a](javascript:${X})`,
  `[b](JaVaScRiPt:${X})`,
  `<a href="  javascript:${X}">c</a>`,
  `[d](data:text/html,<script>${X}</script>)`,
  `&lt;script&gt;${X}&lt;/script&gt; &#60;img src=x onerror=${X}&#62;`,
];
const q = (s) => JSON.stringify(s);
const HOSTILE_SCENARIO = `id: hostile
title: ${q(HOSTILE.join(" "))}
task: ${q(HOSTILE.join("\n\n"))}
hints: [${HOSTILE.map(q).join(", ")}]
explanation: ${q(HOSTILE.join("\n\n"))}
checks:
${HOSTILE.map((h) => `  - name: ${q(h)}\n    exists: { kind: Pod, name: nothing-here }`).join("\n")}
`;

const UNSAFE = 'script:not([type="module"]), [onerror], [onload], [onclick], [onmouseover], a[href^="javascript" i], a[href^="data:" i], iframe, object, embed';

return [
  {
    name: "hints reveal one by one; the explanation after Check; progress survives a reload",
    async run(page, base) {
      await open(page, base, "#/static-busybox-image");
      await waitSession(page);
      await page.waitForSelector("[data-testid=show-hint]");
      assert((await page.$$("[data-testid=hint]")).length === 0, "a hint shows before asked");
      const total = Number(/of (\d+)\)/.exec(await page.textContent("[data-testid=show-hint]"))[1]);
      for (let i = 1; i <= total; i++) {
        await page.click("[data-testid=show-hint]");
        const n = (await page.$$("[data-testid=hint]")).length;
        assert(n === i, `after ${i} clicks ${n} hints show`);
      }
      assert((await page.$("[data-testid=show-hint]")) === null, "the hint button stays after the last hint");
      assert((await page.$("[data-testid=explanation]")) === null, "the explanation shows before grading");
      await page.click(".check-button");
      await page.waitForSelector("[data-testid=explanation]");
      await page.waitForSelector(".check.fail");
      assert((await page.textContent(".results .score")).includes("checks failed"), "no failed count");
      await page.waitForFunction(() => /1 attempt/.test(document.querySelector("[data-testid=progress-badge]")?.textContent ?? ""));
      const picked = await page.textContent("[data-testid=task-picker] option:checked");
      assert(/ \(best \d+\/\d+\)$/.test(picked), `the picker does not show the best score: ${JSON.stringify(picked)}`);
      await shot(page, "e2e-hints-results");
      await page.reload();
      await waitSession(page);
      await page.waitForFunction(() => /best \d+\/\d+ · 1 attempt/.test(document.querySelector("[data-testid=progress-badge]")?.textContent ?? ""));
      await page.click("[data-testid=tasks-tab]");
      const mark = await page.textContent("[data-testid=task-list] [data-scenario=static-busybox-image] [data-testid=task-mark]");
      assert(/^\d+\/\d+$/.test(mark.trim()), `task list mark ${JSON.stringify(mark)}`);
      await shot(page, "e2e-task-list");
      // a corrupted value is reset, not a crash
      await page.evaluate(() => localStorage.setItem("kubelab.progress.v1", "{not json"));
      await page.reload();
      await waitSession(page);
      await page.click("[data-testid=task-tab]");
      await page.waitForSelector("[data-testid=task-meta]");
      assert((await page.$("[data-testid=progress-badge]")) === null, "corrupted progress was read");
    },
  },
  {
    name: "drop a valid scenario file: it plays at once as local:<id>, Check grades it",
    async run(page, base) {
      await open(page, base, "#/static-busybox");
      await waitSession(page);
      await dropFiles(page, [{ name: "my-task.yaml", text: LOCAL_SCENARIO }]);
      await page.waitForFunction(() => document.querySelector(".task-title")?.textContent === "A task from a dropped file", null, { timeout: 20000 });
      await page.waitForSelector("[data-testid=local-badge]");
      assert(page.url().endsWith("#/local:my-local-task"), `url ${page.url()}`);
      await page.waitForFunction(() => document.querySelector("[data-testid=task-picker] option:checked")?.textContent === "A task from a dropped file (dropped file)");
      await waitSession(page);
      await page.click(".terminal-pane");
      await typeLine(page, "kubectl run dropped --image=nginx");
      await waitScreen(page, /pod\/dropped created\ncontrolplane:~\$$/);
      await page.click(".check-button");
      await page.waitForSelector("[data-testid=results].passed");
      await shot(page, "e2e-drop-valid");
    },
  },
  {
    name: "drop an invalid, a binary and a huge file: errors with file and line, the task stays",
    async run(page, base) {
      await open(page, base, "#/static-busybox");
      await waitSession(page);
      const title = await page.textContent(".task-title");
      await dropFiles(page, [{ name: "broken.yaml", text: "id: Bad_Id\ntitle: x\ntask: y\nchecks:\n  - name: z\n    exists: { kind: Pod }\n" }]);
      await page.waitForSelector("[data-testid=drop-errors]");
      const text = await page.textContent("[data-testid=drop-errors]");
      assert(/broken\.yaml:1/.test(text) && /lower-case/.test(text), `errors: ${text}`);
      await shot(page, "e2e-drop-invalid");
      await dropFiles(page, [{ name: "image.png", bytes: [137, 80, 78, 71, 0, 0, 0, 13, 73, 72, 68, 82], type: "image/png" }]);
      await page.waitForFunction(() => /binary/.test(document.querySelector("[data-testid=drop-errors]")?.textContent ?? ""));
      await dropFiles(page, [{ name: "huge.yaml", text: "#".repeat(300 * 1024) }]);
      await page.waitForFunction(() => /too large/.test(document.querySelector("[data-testid=drop-errors]")?.textContent ?? ""));
      await dropFiles(page, [{ name: "broken.yaml", text: "id: x\ntitle: [\n" }]);
      await page.waitForFunction(() => /not valid YAML/.test(document.querySelector("[data-testid=drop-errors]")?.textContent ?? ""));
      assert((await page.textContent(".task-title")) === title, "the task changed");
      assert(page.url().endsWith("#/static-busybox"), `url ${page.url()}`);
    },
  },
  {
    name: "drop a hostile scenario file: nothing executes, no handler, script or javascript: link in the DOM",
    async run(page, base) {
      await open(page, base, "#/static-busybox");
      await waitSession(page);
      await dropFiles(page, [{ name: "hostile.yaml", text: HOSTILE_SCENARIO }]);
      await page.waitForSelector("[data-testid=local-badge]", { timeout: 20000 });
      await waitSession(page);
      while (await page.$("[data-testid=show-hint]")) await page.click("[data-testid=show-hint]");
      await page.click(".check-button");
      await page.waitForSelector("[data-testid=explanation]");
      // every link the task panel offers is clicked: none may run script
      for (const a of await page.$$(".task-panel a")) await a.click().catch(() => undefined);
      await sleep(300);
      const bad = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => e.outerHTML.slice(0, 120)), UNSAFE);
      assert(bad.length === 0, `unsafe elements in the DOM: ${bad.join("\n")}`);
      const handlers = await page.evaluate(() => [...document.querySelectorAll("*")].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)));
      assert(handlers.length === 0, `event handler attributes: ${handlers}`);
      assert((await page.evaluate(() => window.__xss)) === undefined, "a payload ran");
      const text = await page.textContent(".task-panel");
      assert(text.includes("<script>") && text.includes("onerror"), "the payloads are not shown as text");
      await shot(page, "e2e-drop-hostile");
    },
  },
  {
    name: "mock exam: start, flag, switch tasks (each keeps its cluster), end, score per CKA domain with the solutions",
    async run(page, base) {
      await open(page, base, "#/");
      await waitSession(page);
      await page.click("[data-testid=exam-open-free]");
      await page.waitForSelector("[data-testid=exam-setup]");
      const preset = await page.$$eval("[data-testid=exam-setup] input[type=checkbox]:checked", (els) => els.length);
      assert(preset >= 8 && preset <= 12, `default set of ${preset} tasks`);
      await shot(page, "e2e-exam-setup");
      // a short exam of three tasks from two domains
      for (const el of await page.$$("[data-testid=exam-setup] input[type=checkbox]:checked")) await el.click();
      for (const id of ["static-busybox", "fix-crashloopbackoff", "static-busybox-image"]) await page.click(`[data-testid=exam-setup] input[data-scenario=${id}]`);
      await page.fill("[data-testid=exam-minutes]", "20");
      await page.click("[data-testid=exam-start]");
      await page.waitForSelector("[data-testid=exam-bar]");
      await waitSession(page);
      assert(/^0:(19|20):\d\d$/.test((await page.textContent("[data-testid=exam-clock]")).trim()), "no countdown");
      // a 20-minute exam says nothing at the start about the 30-minute mark (the alerts are unit-tested)
      assert((await page.$("[data-testid=exam-alert]")) === null, "an alert at the start");
      assert((await page.$(".check-button")) === null && (await page.$("[data-testid=show-hint]")) === null, "Check or hints during the exam");
      // the header's picker would leave the exam: locked, with the exam task's title (not its id)
      assert(await page.$eval("[data-testid=task-picker]", (el) => el.disabled && /leave/.test(el.title)), "the picker is not locked during the exam");
      const pickerText = await page.textContent("[data-testid=task-picker] option:checked");
      assert(/^Exam task 1: \S/.test(pickerText) && !pickerText.includes("exam:"), `picker shows ${JSON.stringify(pickerText)}`);
      const first = await page.textContent(".task-title");
      await page.click(".terminal-pane");
      await typeLine(page, SEED_COMMAND);
      await waitScreen(page, /static-busybox\.yaml\n(?:.*\n)*controlplane:~\$$/);
      await page.click("[data-testid=exam-flag]");
      await page.click("[data-testid=exam-task] >> nth=1");
      await page.waitForFunction((t) => document.querySelector(".task-title")?.textContent !== t, first);
      await waitSession(page);
      await shot(page, "e2e-exam-running");
      // back to task 1: its cluster still has the manifest written there
      await page.click("[data-testid=exam-task] >> nth=0");
      await page.waitForFunction((t) => document.querySelector(".task-title")?.textContent === t, first);
      await waitSession(page);
      // no replay (the worker kept the task's session): the task's terminal comes back as it was
      const back = await screen(page);
      assert(!back.includes("restoring your session") && back.includes("static-busybox.yaml"), `task 1's terminal after switching back: ${back}`);
      const storedKeys = () =>
        page.evaluate(async () => {
          const dbs = await indexedDB.databases();
          const out = [];
          for (const { name } of dbs) {
            if (!name?.startsWith("kubelab:")) continue;
            const db = await new Promise((ok, ko) => Object.assign(indexedDB.open(name), { onsuccess: (e) => ok(e.target.result), onerror: ko }));
            const ks = await new Promise((ok) => (db.transaction("sessions").objectStore("sessions").getAllKeys().onsuccess = (e) => ok(e.target.result)));
            out.push(...ks.map(String));
            db.close();
          }
          return out;
        });
      // the running exam is kept (its record, and task 1's session saved when it was left)
      const keys = await storedKeys();
      assert(keys.includes("#exam") && keys.some((k) => /^exam:[^:]+:0:[\w.-]+$/.test(k)), `the exam is not kept: ${keys}`);
      await page.click(".terminal-pane");
      await typeLine(page, "ls -1 /etc/kubernetes/manifests/");
      await waitScreen(page, /static-busybox\.yaml\ncontrolplane:~\$$/);
      const flags = await page.$$eval("[data-testid=exam-task]", (els) => els.map((e) => e.getAttribute("data-flagged")));
      assert(JSON.stringify(flags) === '["true","false","false"]', `flags ${flags}`);
      await page.click("[data-testid=exam-end]");
      await page.waitForSelector("[data-testid=exam-review]", { timeout: 60000 });
      const domains = await page.$$eval("[data-testid=domain-scores] tbody tr", (rows) => rows.map((r) => r.getAttribute("data-domain")));
      assert(domains.length === 2, `domains ${domains}`);
      assert((await page.$$("[data-testid=review-task]")).length === 3, "not every task reviewed");
      const review = await page.textContent("[data-testid=exam-review]");
      assert(/Solution/.test(review), "no solution in the review");
      assert(/kubectl run/.test(await page.evaluate(() => document.querySelector(".review-task pre")?.textContent ?? "")), "no solution steps");
      await shot(page, "e2e-exam-review");
      assert(!(await page.$eval("[data-testid=task-picker]", (el) => el.disabled)), "the picker stays locked after the exam");
      await page.click("[data-testid=exam-leave]");
      await page.waitForFunction(() => document.querySelector(".task-title")?.textContent === "Free practice");
      // left: nothing of the exam stays stored
      await sleep(300);
      const after = await storedKeys();
      assert(!after.some((k) => k === "#exam" || k.startsWith("exam:")), `the exam is still stored after leaving it: ${after}`);
    },
  },
];
}

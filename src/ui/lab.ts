// One lab session as the page sees it: a zustand store (scenario, grade, clock, status), the
// terminal controller and the worker client, built by a factory — no global singletons, so a
// test builds as many as it likes with an in-process client.

import { createStore, type StoreApi } from "zustand/vanilla";
import type { EditorRequest, EditorResult, GradeResult, ScenarioInfo } from "../shell/session-api.ts";
import { TerminalController } from "../terminal/controller.ts";
import { Sink } from "../terminal/sink.ts";
import type { LabClient } from "./lab-client.ts";
import type { PanelView, TimeMode } from "./worker-protocol.ts";
import type { OpEntry } from "./persist/oplog.ts";
import { isQuotaError, SCHEMA, type SessionStore, type StoredSession } from "./persist/store.ts";
import { createPrefs, type Prefs } from "./persist/prefs.ts";
import { EXAM_KEY, examOfSlot } from "./persist/exam-key.ts";
import type { ExamRecord } from "./persist/exam-record.ts";

export const INITIAL_PROMPT = "controlplane:~$ ";

export type LabStatus = "booting" | "ready" | "error";

export interface LabState {
  status: LabStatus;
  error: string | null;
  scenarios: ScenarioInfo[];
  /** null: free practice without a task */
  scenarioId: string | null;
  scenario: ScenarioInfo | null;
  grade: GradeResult | null;
  grading: boolean;
  /** the cluster's clock (ms since the epoch), null until known */
  clock: number | null;
  /** bumped for every session loaded */
  sessionGen: number;
  /** vi/vim/nano asked the page to edit a file; null when no editor is open */
  editor: { id: number; request: EditorRequest } | null;
  /** the cluster view is shown (the worker pushes views while it is) */
  showCluster: boolean;
  /** the last view the worker pushed (big clusters: pods cut per node, the rest counted) */
  view: PanelView | null;
  /** a stored session is being replayed */
  restoring: boolean;
  /** the last save failed (quota …): told to the student */
  saveError: string | null;
  /** another tab owns the lab: this one is paused */
  elsewhere: boolean;
  /** the running mock exam's id (its tasks' sessions are saved with it), null when none runs */
  exam: string | null;
}

/** Printed while a stored session is replayed (and left out of the saved screen). */
export const RESTORING_NOTE = "kubelab: restoring your session…";

/** A mock exam's task (`exam:<exam>:<n>:<id>`): the worker keeps its session while the exam lasts. */
export const isExamSlot = (id: string | null): boolean => !!id && id.startsWith("exam:");
/** A dropped scenario file (`local:<id>`): it lives in the worker until the page goes away. */
export const isLocal = (id: string | null): boolean => !!id && id.startsWith("local:");
/**
 * Is this session kept in the browser's storage across reloads? A dropped file's is not (the
 * file is gone after a reload); an exam task's is while its exam runs (`exam`: the running
 * exam's id), and the records of other exams' tasks are dropped.
 */
export const keptAcrossReloads = (id: string | null, exam: string | null = null) => !isLocal(id) && (!isExamSlot(id) || (exam !== null && examOfSlot(id ?? "") === exam));
const examOf = (slot: string) => slot.split(":")[1];

export interface Lab {
  store: StoreApi<LabState>;
  /** the page's remembered settings (theme, screen reader, panel width) */
  prefs: StoreApi<Prefs> & { forget(): void };
  terminal: TerminalController;
  sink: Sink;
  client: LabClient;
  /** Load the scenarios and the first session. */
  boot(): Promise<void>;
  /** Switch to another scenario (a fresh session; the terminal starts over). */
  load(scenarioId: string | null): Promise<void>;
  /** Grade the task (the Check button). */
  check(): Promise<GradeResult | null>;
  refreshClock(): Promise<void>;
  /** Show or hide the cluster view (the worker pushes a view on every change while shown). */
  setShowCluster(on: boolean): Promise<void>;
  /** Fast-forward the cluster clock. */
  fastForward(ms: number): Promise<void>;
  /** Fast-forward to just after the next crash-loop restart; false when no container is backing off. */
  fastForwardToRestart(): Promise<boolean>;
  /** `kubectl describe` of a pod, outside the terminal. */
  describePod(namespace: string, name: string): Promise<string>;
  /** The editor closed: the command that opened it (vim FILE) resumes. */
  closeEditor(result: EditorResult): void;
  /** Let the cluster clock follow real time; returns the stop function. */
  startClock(opts?: { intervalMs?: number; now?: () => number }): () => void;
  /** Where the saved screen text comes from (the xterm pane). */
  setScreen(read: () => string[]): void;
  /** Save now (pagehide, another tab takes over); resolves when stored. */
  flush(): Promise<void>;
  /** Forget this task's saved session and start it on a fresh cluster. */
  resetTask(): Promise<void>;
  /** Forget every saved session of this lab and start this task fresh. */
  resetEverything(): Promise<void>;
  /** The lab's seed (null: the default), kept with a mock exam. */
  readonly seed: number | null;
  /** The mock exam found in storage by `boot()` / `resume()` (null: none). */
  readonly storedExam: ExamRecord | null;
  /** Told when a stored exam was read (boot, resume): the exam store takes it up. */
  onExamRestored: ((rec: ExamRecord | null) => void) | null;
  /** Keep the mock exam: running, its tasks' sessions are saved too; in review only the record; null forgets it and its tasks. */
  keepExam(rec: ExamRecord | null): Promise<void>;
  /** Before grading: bring back (replay) the exam tasks a reload left only in storage. */
  restoreExamTasks(slots: string[]): Promise<void>;
  /** Another tab took the lab: save, then stop the clock and saving until `resume()`. */
  suspend(): Promise<void>;
  /** This tab owns the lab again: load the task from what the other tab saved. */
  resume(): Promise<void>;
}

export interface LabOptions {
  client: LabClient;
  scenarioId: string | null;
  timeMode?: TimeMode;
  seed?: number;
  cols?: number;
  /** called when a session is ready to run commands */
  onSessionReady?(): void;
  /** where sessions are kept between visits (none: nothing is kept) */
  storage?: SessionStore;
  /** ms after the last change before saving (default 400) */
  saveDelayMs?: number;
  /** the page's settings (default: kept in localStorage) */
  prefs?: StoreApi<Prefs> & { forget(): void };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createLab(opts: LabOptions): Lab {
  const { client } = opts;
  const timeMode = opts.timeMode ?? "real";
  const sink = new Sink();
  const store = createStore<LabState>(() => ({
    status: "booting",
    error: null,
    scenarios: [],
    scenarioId: opts.scenarioId,
    scenario: null,
    grade: null,
    grading: false,
    clock: null,
    sessionGen: 0,
    editor: null,
    showCluster: false,
    view: null,
    restoring: false,
    saveError: null,
    elsewhere: false,
    exam: null,
  }));

  // ---- persistence: the worker's op log of this session, mirrored here and saved
  const storage = opts.storage ?? null;
  const saveDelay = opts.saveDelayMs ?? 400;
  let ops: OpEntry[] = [];
  let gen = -1;
  let lastNow = 0;
  /** the session loaded now (null while none of ours is) */
  let saving: { key: string; scenarioId: string | null } | null = null;
  /** the terminal of each exam task left for another one (in memory, for this exam) */
  const examScreens = new Map<string, { screen: string[]; history: string[] }>();
  /** exam tasks whose session the worker keeps (loaded by this page), and their op logs when left */
  const liveSlots = new Set<string>();
  const examOps = new Map<string, OpEntry[]>();
  /** entries of the current exam task's log from before the worker's log (it was left and came back) */
  let opBase = 0;
  let storedExam: ExamRecord | null = null;
  /** is this session saved now (an exam task only while its exam runs) */
  const kept = (id: string | null) => keptAcrossReloads(id, store.getState().exam);
  let dirty = false;
  /** the cluster clock of the last save: a save on leaving keeps the clock even with no new op */
  let savedClock = 0;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let readScreen: () => string[] = () => [];
  let toldSaveError = false;
  const keyOf = (id: string | null) => id ?? "";

  client.onEvent = (ev) => {
    if (ev.event === "editor") store.setState({ editor: { id: ev.id, request: ev.request } });
    else if (ev.event === "view") store.setState({ view: ev.view, clock: ev.view.now });
    else if (ev.event === "op" && ev.gen === gen) {
      ops[opBase + ev.index] = ev.entry;
      lastNow = Math.max(lastNow, ev.now);
      changed();
    }
  };

  function changed(): void {
    if (!storage || !saving || !kept(saving.scenarioId) || store.getState().elsewhere) return;
    dirty = true;
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void flush(), saveDelay);
  }

  /** The screen's lines without the prompt being typed at and the restore notes. */
  function screenLines(): string[] {
    let lines: string[] = [];
    try {
      lines = readScreen();
    } catch {
      lines = [];
    }
    if (!terminal.isBusy && lines.length) lines = lines.slice(0, -1);
    return lines.filter((l) => l !== RESTORING_NOTE).slice(-5000);
  }

  function record(): StoredSession | null {
    if (!saving) return null;
    const st = store.getState();
    return {
      schema: SCHEMA,
      key: saving.key,
      scenarioId: saving.scenarioId,
      seed: opts.seed ?? null,
      ops: ops.filter(Boolean),
      now: Math.max(lastNow, st.clock ?? 0),
      history: [...terminal.history],
      screen: screenLines(),
      ui: { grade: st.grade },
      savedAt: Date.now(),
    };
  }

  async function flush(): Promise<void> {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    const clockMoved = (store.getState().clock ?? 0) > savedClock && ops.some(Boolean);
    if (!storage || (!dirty && !clockMoved) || store.getState().elsewhere) return;
    const rec = saving && kept(saving.scenarioId) ? record() : null;
    dirty = false;
    if (!rec) return;
    try {
      await storage.save(rec);
      savedClock = Math.max(savedClock, rec.now);
      if (store.getState().saveError) store.setState({ saveError: null });
      toldSaveError = false;
    } catch (err) {
      dirty = true;
      const quota = isQuotaError(err);
      const why = quota ? "the browser's storage for this site is full" : message(err).split("\n")[0];
      store.setState({ saveError: why });
      if (!toldSaveError) {
        toldSaveError = true;
        terminal.notice(`\x1b[33mkubelab: your work is not being saved: ${why}.${quota ? " Free space (Reset everything forgets saved tasks) or keep this tab open." : ""}\x1b[0m\n`);
      }
    }
  }

  const terminal = new TerminalController({
    write: sink.write,
    cols: opts.cols ?? 80,
    prompt: INITIAL_PROMPT,
    onExec: () => void lab.refreshClock(),
  });

  let loads = 0;
  async function loadSession(scenarioId: string | null, first: boolean, fresh = false): Promise<void> {
    const mine = ++loads;
    // the task being left is saved first (a reset forgets it instead); an exam task's terminal is
    // kept in memory for coming back to it (its session stays in the worker)
    const leaving = saving;
    if (leaving?.scenarioId && isExamSlot(leaving.scenarioId) && !fresh) {
      examScreens.set(leaving.scenarioId, { screen: screenLines(), history: [...terminal.history] });
      // the worker keeps the task's session; a command still running there is stopped now
      const at = Math.max(lastNow, store.getState().clock ?? 0);
      examOps.set(
        leaving.scenarioId,
        ops.filter(Boolean).map((e) => (e.op === "exec" && e.end === undefined ? { ...e, intr: e.intr ?? at, end: at } : e)),
      );
    }
    if (!fresh) await flush();
    saving = null;
    gen = -1;
    ops = [];
    opBase = 0;
    dirty = false;
    store.setState({ status: "booting", error: null, scenarioId, grade: null, grading: false, editor: null, restoring: false });
    if (!first) terminal.reset(INITIAL_PROMPT, null);
    const key = keyOf(scenarioId);
    const keep = kept(scenarioId);
    // another exam's tasks are gone from the worker: their screens too
    const slot = scenarioId !== null && isExamSlot(scenarioId) ? scenarioId : null;
    if (slot) forgetExamTasks((k) => examOf(k) !== examOf(slot));
    // an exam task the worker still has comes back as it was left, without a replay
    const live = !!slot && !fresh && liveSlots.has(slot);
    const back = live ? examScreens.get(slot) : undefined;
    if (back) terminal.restoreScreen(back.screen, back.history);
    let stored: StoredSession | null = null;
    // a record of a dropped file or of a task of an exam no longer running is dropped, never replayed
    if (storage && !keep) void storage.remove(key).catch(() => undefined);
    if (storage && !fresh && keep && !live) {
      const got = await storage.load(key).catch((err: unknown) => ({ problem: `the browser's storage could not be read (${message(err)})` }));
      if (mine !== loads) return;
      if ("problem" in got) {
        terminal.notice(`\x1b[33mkubelab: the saved session could not be used (${got.problem}); it was reset and the task starts fresh\x1b[0m\n`);
        void storage.remove(key).catch(() => undefined);
      } else if (got.record && (opts.seed === undefined || got.record.seed === opts.seed)) {
        stored = got.record;
      }
    }
    if (stored) {
      terminal.restoreScreen(stored.screen, stored.history, `\x1b[2m${RESTORING_NOTE}\x1b[0m\n`);
      store.setState({ restoring: true, clock: stored.now, grade: stored.ui.grade });
    }
    try {
      const loaded = await client.loadScenario({
        ...(scenarioId ? { scenarioId } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        timeMode,
        ...(stored ? { restore: { ops: stored.ops, now: stored.now } } : {}),
        // an exam task not in hand here starts on a session of its own (not one the worker kept)
        ...(slot && !live ? { fresh: true } : {}),
      });
      if (mine !== loads) return;
      gen = loaded.gen;
      const before = live ? (examOps.get(slot) ?? []) : [];
      opBase = before.length;
      ops = [...before, ...loaded.ops];
      lastNow = loaded.now;
      savedClock = loaded.now;
      saving = { key, scenarioId };
      if (slot) liveSlots.add(slot);
      if (loaded.restoreError !== undefined) {
        terminal.reset(INITIAL_PROMPT, null);
        terminal.notice(`\x1b[33mkubelab: the saved session could not be replayed (${loaded.restoreError.split("\n")[0]}); it was reset and the task starts fresh\x1b[0m\n`);
        store.setState({ grade: null });
        void storage?.remove(key).catch(() => undefined);
      } else if (stored || back) {
        terminal.setPrompt(loaded.prompt, loaded.eofExits);
      }
      store.setState((s) => ({ status: "ready", scenario: loaded.scenario, sessionGen: s.sessionGen + 1, restoring: false, clock: loaded.now }));
      if (!stored || loaded.restoreError !== undefined) changed();
      terminal.attach(client.backend());
      if (store.getState().showCluster) void client.watchView(true).then((view) => view && store.setState({ view }), () => undefined);
      opts.onSessionReady?.();
      void lab.refreshClock();
    } catch (err) {
      if (mine !== loads) return;
      const why = message(err).split("\n")[0];
      store.setState({ status: "error", error: why, restoring: false });
      terminal.notice(`\x1b[31mkubelab: the lab could not start: ${why}\x1b[0m\n`);
      // commands typed now (or ahead) get the reason instead of waiting forever
      terminal.attach({
        needsMore: async () => false,
        exec: async () => ({ stdout: "", stderr: `kubelab: no cluster is running (${why}); pick a task above\n`, exitCode: 1, host: "controlplane", cwd: "/root", prompt: INITIAL_PROMPT }),
        interrupt: () => undefined,
      });
    }
  }

  /** Forget what this page holds of exam tasks (`which`: those to forget). */
  function forgetExamTasks(which: (slot: string) => boolean = () => true): void {
    for (const m of [examScreens, examOps]) for (const k of m.keys()) if (which(k)) m.delete(k);
    for (const k of liveSlots) if (which(k)) liveSlots.delete(k);
  }

  /** Read the stored mock exam (a damaged one is reset; `problem` says why); tells the exam store. */
  async function readExam(): Promise<{ exam: ExamRecord | null; problem?: string }> {
    let rec: ExamRecord | null = null;
    let problem: string | undefined;
    if (storage) {
      try {
        const raw = await storage.get(EXAM_KEY);
        if (raw !== undefined) {
          // the exam's code is loaded only when one is stored
          const { parseExamRecord } = await import("./persist/exam-record.ts");
          const r = parseExamRecord(raw);
          if (typeof r === "string") {
            problem = `\x1b[33mkubelab: the saved mock exam could not be used (${r}); it was reset\x1b[0m\n`;
            await storage.remove(EXAM_KEY).catch(() => undefined);
          } else rec = r;
        }
      } catch {
        // unreadable storage: the lab starts without the exam (the session's load says why)
      }
    }
    storedExam = rec;
    store.setState({ exam: rec?.phase === "running" ? rec.examId : null });
    lab.onExamRestored?.(rec);
    return { exam: rec, ...(problem ? { problem } : {}) };
  }

  /** The records of exam tasks nothing will load again (another exam's, or an ended one's). */
  async function sweepExamTasks(): Promise<void> {
    const keys = (await storage?.keys?.()) ?? [];
    await Promise.all(keys.filter((k) => k !== EXAM_KEY && !kept(k)).map((k) => storage?.remove(k)));
  }

  const lab: Lab = {
    store,
    seed: opts.seed ?? null,
    get storedExam() {
      return storedExam;
    },
    onExamRestored: null,
    prefs: opts.prefs ?? createPrefs(null),
    terminal,
    sink,
    client,
    async boot() {
      const list = client.listScenarios().then(
        (scenarios) => store.setState({ scenarios }),
        () => undefined,
      );
      // a mock exam still running comes back on the task it was left on
      const { exam, problem } = await readExam();
      const first = exam?.phase === "running" ? exam.tasks[exam.current].slot : opts.scenarioId;
      // records of dropped files and of tasks of exams no longer running: nothing loads them again
      const sweep = sweepExamTasks().catch(() => undefined);
      await Promise.all([loadSession(first, true), list, sweep]);
      // said once the terminal shows the session (a restored screen would cover it)
      if (problem) terminal.notice(problem);
    },
    load(scenarioId) {
      return loadSession(scenarioId, false);
    },
    async check() {
      if (store.getState().status !== "ready") return null;
      store.setState({ grading: true });
      try {
        const grade = await client.grade();
        store.setState({ grade, grading: false });
        changed();
        return grade;
      } catch (err) {
        store.setState({ grading: false, error: message(err) });
        return null;
      }
    },
    async setShowCluster(on) {
      store.setState({ showCluster: on });
      if (store.getState().status !== "ready") return;
      try {
        const view = await client.watchView(on);
        if (view) store.setState({ view, clock: view.now });
      } catch {
        // shown again on the next change
      }
    },
    async fastForward(ms) {
      if (store.getState().status !== "ready") return;
      await client.advance(ms, true).catch(() => undefined);
      await lab.refreshClock();
    },
    async fastForwardToRestart() {
      if (store.getState().status !== "ready") return false;
      const view = await client.view().catch(() => null);
      const next = view ? Math.min(...view.pods.map((p) => p.nextRestartSeconds ?? Infinity)) : Infinity;
      if (!Number.isFinite(next)) return false;
      await lab.fastForward(next * 1000 + 500);
      return true;
    },
    async describePod(namespace, name) {
      try {
        const r = await client.run(`kubectl describe pod ${name} -n ${namespace}`);
        return r.stdout + r.stderr;
      } catch (err) {
        return message(err);
      }
    },
    closeEditor(result) {
      const open = store.getState().editor;
      if (!open) return;
      store.setState({ editor: null });
      void client.editorDone(open.id, result).catch(() => undefined);
    },
    async refreshClock() {
      if (store.getState().status !== "ready") return;
      try {
        // the clock alone: a whole view of a big cluster is megabytes to copy into the page
        const clock = await client.clock();
        store.setState({ clock });
      } catch {
        // the clock is cosmetic; a failed read leaves the last value
      }
    },
    startClock({ intervalMs = 250, now = () => performance.now() } = {}) {
      let last = now();
      let owed = 0;
      let inFlight = false;
      let ticks = 0;
      const timer = setInterval(() => {
        const t = now();
        owed += t - last;
        last = t;
        if (store.getState().status !== "ready" || store.getState().elsewhere) {
          owed = 0; // time spent booting (or paused for another tab) is not cluster time
          return;
        }
        if (inFlight) return;
        const ms = Math.round(owed);
        if (ms <= 0) return;
        owed -= ms;
        inFlight = true;
        client
          .advance(ms)
          .catch(() => undefined)
          .finally(() => {
            inFlight = false;
          });
        if (++ticks % 4 === 0) void lab.refreshClock();
        // the clock is saved now and then (a killed page comes back close to where it was)
        if (ticks % 40 === 0) changed();
      }, intervalMs);
      return () => clearInterval(timer);
    },
    setScreen(read) {
      readScreen = read;
    },
    flush,
    async resetTask() {
      const id = store.getState().scenarioId;
      if (saveTimer) clearTimeout(saveTimer);
      saving = null;
      // an exam task: a fresh cluster for it alone (the worker's kept session is dropped)
      if (id !== null) forgetExamTasks((k) => k === id);
      await storage?.remove(keyOf(id)).catch(() => undefined);
      await loadSession(id, false, true);
    },
    async resetEverything() {
      const id = store.getState().scenarioId;
      if (saveTimer) clearTimeout(saveTimer);
      saving = null;
      await storage?.clear().catch(() => undefined);
      forgetExamTasks();
      lab.prefs.forget();
      await loadSession(id, false, true);
    },
    async suspend() {
      await flush();
      store.setState({ elsewhere: true });
    },
    async resume() {
      store.setState({ elsewhere: false });
      dirty = false;
      // the other tab may have changed the exam and its tasks: take them from storage again
      forgetExamTasks();
      const was = store.getState().scenarioId;
      const { exam, problem } = await readExam();
      await loadSession(exam?.phase === "running" ? exam.tasks[exam.current].slot : isExamSlot(was) ? null : was, false);
      if (problem) terminal.notice(problem);
    },
    async keepExam(rec) {
      storedExam = rec;
      const running = rec?.phase === "running" ? rec.examId : null;
      if (running !== store.getState().exam) store.setState({ exam: running });
      if (!running) forgetExamTasks();
      if (!storage || store.getState().elsewhere) return;
      try {
        if (rec) await storage.put(EXAM_KEY, JSON.stringify({ ...rec, seed: lab.seed }));
        else await storage.remove(EXAM_KEY);
        await sweepExamTasks();
      } catch (err) {
        const why = isQuotaError(err) ? "the browser's storage for this site is full" : message(err).split("\n")[0];
        store.setState({ saveError: why });
      }
    },
    async restoreExamTasks(slots) {
      if (!storage) return;
      const back = store.getState().scenarioId;
      let moved = false;
      for (const slot of slots) {
        if (liveSlots.has(slot)) continue;
        const got = await storage.load(slot).catch(() => null);
        if (!got || !("record" in got) || !got.record) continue;
        moved = true;
        await loadSession(slot, false);
      }
      if (moved && back !== store.getState().scenarioId) await loadSession(back, false);
    },
  };
  return lab;
}

// The worker's side of the protocol, separate from the Worker global so tests can run it in
// process with a fake session.

import type { ClusterView, EditorResult, GradeResult, LabSessionApi, PodView, ScenarioInfo } from "../shell/session-api.ts";
import type { ExecReply } from "../terminal/controller.ts";
import type { Completion, HiddenPods, LabEvent, LabRequest, LabResponse, LoadParams, Loaded, LocalLoad, Op, PanelView, Result, TimeMode } from "./worker-protocol.ts";
import { clockOf, Replayer, type OpEntry, type Sleep } from "./persist/oplog.ts";

// just-bash hides the timer globals while a script runs: real waits use these, taken at load
const hostSetTimeout = globalThis.setTimeout.bind(globalThis);
const hostClearTimeout = globalThis.clearTimeout.bind(globalThis);

export interface SessionModule {
  createLabSession(opts: Omit<LoadParams, "restore"> & { realSleep?: Sleep }): Promise<LabSessionApi>;
  listScenarios(): ScenarioInfo[];
  /** dropped scenario files and the mock exam (src/scenario/page-sessions.ts) */
  loadScenarioText?(text: string, name: string): LocalLoad;
  gradeSessions?(ids: string[], opts: { timeMode: TimeMode }): Promise<(GradeResult | null)[]>;
  solutionOf?(id: string): string[];
}

export type Handler = (req: LabRequest) => Promise<LabResponse>;

/** Pods the cluster panel shows per node (and not scheduled); the rest are counted. */
export const PANEL_PODS_PER_GROUP = 60;
/** The panel's view is pushed at most this often (a big cluster changes on every clock tick). */
export const VIEW_PUSH_MS = 500;

/**
 * The panel's view of the cluster: each node's pods (and the unscheduled ones) cut to `max`,
 * the ones that look wrong (not Running/Completed) kept first, the rest counted by status.
 */
export function panelView(view: ClusterView, max = PANEL_PODS_PER_GROUP): PanelView {
  const groups = new Map<string, PodView[]>();
  let next = Infinity;
  for (const p of view.pods) {
    let g = groups.get(p.node);
    if (!g) groups.set(p.node, (g = []));
    g.push(p);
    if (p.nextRestartSeconds !== undefined) next = Math.min(next, p.nextRestartSeconds);
  }
  const out: PanelView = { ...view, ...(Number.isFinite(next) ? { nextRestartSeconds: next } : {}) };
  if (![...groups.values()].some((g) => g.length > max)) return out;
  const quiet = (p: PodView) => p.status === "Running" || p.status === "Completed";
  const hidden: Record<string, HiddenPods> = {};
  const keep = new Set<PodView>();
  for (const [node, pods] of groups) {
    if (pods.length <= max) {
      for (const p of pods) keep.add(p);
      continue;
    }
    const shown = [...pods.filter((p) => !quiet(p)), ...pods.filter(quiet)].slice(0, max);
    for (const p of shown) keep.add(p);
    const h: HiddenPods = { count: pods.length - shown.length, byStatus: {} };
    for (const p of pods) if (!keep.has(p)) h.byStatus[p.status] = (h.byStatus[p.status] ?? 0) + 1;
    hidden[node] = h;
  }
  return { ...out, pods: view.pods.filter((p) => keep.has(p)), hidden };
}

export function createWorkerHost(
  loadModule: () => Promise<SessionModule>,
  opts: { logError?: (err: unknown) => void; emit?: (ev: LabEvent) => void } = {},
): Handler {
  const emit = opts.emit ?? (() => undefined);
  // editors open in the page: id → the session's waiting handler
  const editors = new Map<number, (r: EditorResult) => void>();
  let nextEditor = 1;
  // the cluster view follows changes: after anything that can change the cluster, compare
  // the session's cheap version with the last one pushed
  let watching = false;
  let lastVersion = "";
  let untracked = 0;
  // at most one push per VIEW_PUSH_MS: the first change at once, later ones once the time is up
  let lastPush = -Infinity;
  let pushTimer: ReturnType<typeof setTimeout> | null = null;
  const pushView = async () => {
    if (!watching || !current || pushTimer) return;
    const wait = lastPush + VIEW_PUSH_MS - performance.now();
    if (wait > 0) {
      pushTimer = hostSetTimeout(() => {
        pushTimer = null;
        void pushView();
      }, wait);
      return;
    }
    try {
      const s = await current;
      const v = s.viewVersion ? s.viewVersion() : String(++untracked);
      if (v === lastVersion) return;
      lastVersion = v;
      lastPush = performance.now();
      emit({ event: "view", view: panelView(s.view()) });
    } catch {
      // no session: nothing to show
    }
  };
  const closeEditors = () => {
    for (const done of editors.values()) done({ saved: false });
    editors.clear();
  };
  const logError = opts.logError ?? ((err: unknown) => err instanceof Error && err.stack && console.warn(err.stack));
  let current: Promise<LabSessionApi> | null = null;
  // the op log of the current session (persisted by the page), and the exec running now
  let gen = 0;
  let log: OpEntry[] = [];
  let running: Extract<OpEntry, { op: "exec" }> | null = null;
  let replayer: Replayer | null = null;
  /** the terminal's width (COLUMNS), given to every session */
  let columns: number | null = null;
  const realSleep: Sleep = (ms, signal) => {
    if (replayer) return replayer.sleep(ms, signal);
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const id = hostSetTimeout(resolve, ms);
      signal?.addEventListener("abort", () => (hostClearTimeout(id), resolve()), { once: true });
    });
  };
  /** Append (or update) an entry of this session's log and tell the page. */
  const record = (s: LabSessionApi, mine: number, entry: OpEntry, index = -1): number => {
    if (mine !== gen) return -1;
    const i = index >= 0 ? index : log.push(entry) - 1;
    emit({ event: "op", gen: mine, index: i, entry, now: clockOf(s) });
    return i;
  };

  const session = async (): Promise<LabSessionApi> => {
    if (!current) throw new Error("no lab session loaded");
    return current;
  };

  const handlers: { [K in Op]: (params: LabRequest<K>["params"]) => Promise<Result<K>> } = {
    async listScenarios() {
      return (await loadModule()).listScenarios();
    },
    async loadScenario({ restore, ...params }): Promise<Loaded> {
      const previous = current;
      const mine = ++gen;
      log = [];
      running = null;
      let restoreError: string | undefined;
      const next = loadModule().then(async (m) => {
        const fresh = async () => {
          const made = await m.createLabSession({ ...params, realSleep });
          if (columns !== null) made.setColumns?.(columns);
          return made;
        };
        const s = await fresh();
        if (!restore) return s;
        const r = new Replayer(restore.ops, restore.now);
        replayer = r;
        s.setEditorHandler(r.editor);
        try {
          const replayed = await r.run(s);
          if (mine === gen) log = replayed;
          return s;
        } catch (err) {
          logError(err);
          restoreError = err instanceof Error ? err.message : String(err);
          return fresh();
        } finally {
          if (replayer === r) replayer = null;
        }
      });
      current = next;
      closeEditors();
      previous?.then((s) => s.interrupt()).catch(() => undefined);
      const s = await next;
      lastVersion = "";
      s.setEditorHandler(
        (request) =>
          new Promise<EditorResult>((resolve) => {
            const id = nextEditor++;
            editors.set(id, resolve);
            emit({ event: "editor", id, request });
          }),
      );
      return { prompt: s.prompt(), scenario: s.scenario(), gen: mine, now: clockOf(s), ops: log.slice(), ...(restoreError !== undefined ? { restoreError } : {}), ...(s.programOpen?.() ? { eofExits: true } : {}) };
    },
    async exec({ line, stream }): Promise<ExecReply> {
      const s = await session();
      const mine = gen;
      const entry: Extract<OpEntry, { op: "exec" }> = { at: clockOf(s), op: "exec", line };
      const index = record(s, mine, entry);
      running = entry;
      try {
        const r = await s.exec(line, stream && mine === gen ? { onOutput: (data) => mine === gen && emit({ event: "output", data }) } : undefined);
        void pushView();
        return { ...r, prompt: s.prompt() };
      } finally {
        entry.end = clockOf(s);
        if (running === entry) running = null;
        record(s, mine, entry, index);
      }
    },
    async interrupt() {
      const s = await session();
      if (running && running.intr === undefined) {
        running.intr = clockOf(s);
        record(s, gen, running, log.indexOf(running));
      }
      s.interrupt();
      return null;
    },
    async grade() {
      return (await session()).grade();
    },
    async scenario() {
      return (await session()).scenario();
    },
    async advance({ ms, ff }) {
      const s = await session();
      if (ff) record(s, gen, { at: clockOf(s), op: "advance", ms, ...(running ? { in: true as const } : {}) });
      s.advance(ms);
      void pushView();
      return null;
    },
    async view() {
      return (await session()).view();
    },
    async clock() {
      return clockOf(await session());
    },
    async prompt() {
      return (await session()).prompt();
    },
    async needsMore({ text }) {
      return (await session()).needsMore(text);
    },
    async editorDone({ id, result }) {
      const done = editors.get(id);
      editors.delete(id);
      if (done && current) {
        const s = await current;
        record(s, gen, { at: clockOf(s), op: "editor", result, in: true });
      }
      done?.(result);
      return null;
    },
    async writeFile({ host, path, content }) {
      const s = await session();
      s.writeFile(host, path, content);
      record(s, gen, { at: clockOf(s), op: "write", host, path, content, ...(running ? { in: true as const } : {}) });
      void pushView();
      return null;
    },
    async watchView({ on }) {
      watching = on;
      lastVersion = "";
      if (!on || !current) return null;
      const s = await session();
      if (s.viewVersion) lastVersion = s.viewVersion();
      lastPush = performance.now();
      return panelView(s.view());
    },
    async run({ line }) {
      const s = await session();
      if (!s.run) return { stdout: "", stderr: "kubelab: this session cannot run commands outside the terminal\n", exitCode: 1 };
      return s.run(line);
    },
    async complete({ text, cursor }): Promise<Completion> {
      const s = await session();
      return s.complete ? s.complete(text, cursor) : { from: cursor, candidates: [] };
    },
    async loadScenarioText({ text, name }) {
      const m = await loadModule();
      if (!m.loadScenarioText) return { ok: false, errors: [{ file: name, message: "this lab cannot load scenario files" }] };
      return m.loadScenarioText(text, name);
    },
    async gradeSessions({ ids, timeMode }) {
      const m = await loadModule();
      return m.gradeSessions ? m.gradeSessions(ids, { timeMode }) : ids.map(() => null);
    },
    async setColumns({ cols }) {
      if (!Number.isInteger(cols) || cols <= 0) return null;
      columns = cols;
      if (current) (await current.catch(() => null))?.setColumns?.(cols);
      return null;
    },
    async solution({ id }) {
      const m = await loadModule();
      return m.solutionOf ? m.solutionOf(id) : [];
    },
  };

  return async (req) => {
    try {
      const fn = handlers[req.op] as (p: unknown) => Promise<unknown>;
      if (!fn) throw new Error(`unknown op ${String(req.op)}`);
      const value = await fn(req.params);
      return { id: req.id, ok: true, value };
    } catch (err) {
      // the message goes to the page; the stack to the worker's console (dev tools)
      logError(err);
      const error = err instanceof Error ? err.message : String(err);
      return { id: req.id, ok: false, error };
    }
  };
}

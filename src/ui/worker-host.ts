// The worker's side of the protocol, separate from the Worker global so tests can run it in
// process with a fake session.

import type { EditorResult, GradeResult, LabSessionApi, ScenarioInfo } from "../shell/session-api.ts";
import type { ExecReply } from "../terminal/controller.ts";
import type { Completion, LabEvent, LabRequest, LabResponse, LoadParams, Loaded, LocalLoad, Op, Result, TimeMode } from "./worker-protocol.ts";

export interface SessionModule {
  createLabSession(opts: LoadParams): Promise<LabSessionApi>;
  listScenarios(): ScenarioInfo[];
  /** dropped scenario files and the mock exam (src/scenario/page-sessions.ts) */
  loadScenarioText?(text: string, name: string): LocalLoad;
  gradeSessions?(ids: string[], opts: { timeMode: TimeMode }): Promise<(GradeResult | null)[]>;
  solutionOf?(id: string): string[];
}

export type Handler = (req: LabRequest) => Promise<LabResponse>;

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
  const pushView = async () => {
    if (!watching || !current) return;
    try {
      const s = await current;
      const v = s.viewVersion ? s.viewVersion() : String(++untracked);
      if (v === lastVersion) return;
      lastVersion = v;
      emit({ event: "view", view: s.view() });
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

  const session = async (): Promise<LabSessionApi> => {
    if (!current) throw new Error("no lab session loaded");
    return current;
  };

  const handlers: { [K in Op]: (params: LabRequest<K>["params"]) => Promise<Result<K>> } = {
    async listScenarios() {
      return (await loadModule()).listScenarios();
    },
    async loadScenario(params): Promise<Loaded> {
      const previous = current;
      const next = loadModule().then((m) => m.createLabSession(params));
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
      return { prompt: s.prompt(), scenario: s.scenario() };
    },
    async exec({ line }): Promise<ExecReply> {
      const s = await session();
      const r = await s.exec(line);
      void pushView();
      return { ...r, prompt: s.prompt() };
    },
    async interrupt() {
      (await session()).interrupt();
      return null;
    },
    async grade() {
      return (await session()).grade();
    },
    async scenario() {
      return (await session()).scenario();
    },
    async advance({ ms }) {
      (await session()).advance(ms);
      void pushView();
      return null;
    },
    async view() {
      return (await session()).view();
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
      done?.(result);
      return null;
    },
    async writeFile({ host, path, content }) {
      (await session()).writeFile(host, path, content);
      void pushView();
      return null;
    },
    async watchView({ on }) {
      watching = on;
      lastVersion = "";
      if (!on || !current) return null;
      const s = await session();
      if (s.viewVersion) lastVersion = s.viewVersion();
      return s.view();
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

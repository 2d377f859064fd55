// One lab session as the page sees it: a zustand store (scenario, grade, clock, status), the
// terminal controller and the worker client, built by a factory — no global singletons, so a
// test builds as many as it likes with an in-process client.

import { createStore, type StoreApi } from "zustand/vanilla";
import type { ClusterView, EditorRequest, EditorResult, GradeResult, ScenarioInfo } from "../shell/session-api.ts";
import { TerminalController } from "../terminal/controller.ts";
import { Sink } from "../terminal/sink.ts";
import type { LabClient } from "./lab-client.ts";
import type { TimeMode } from "./worker-protocol.ts";

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
  /** the last view the worker pushed */
  view: ClusterView | null;
}

export interface Lab {
  store: StoreApi<LabState>;
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
}

export interface LabOptions {
  client: LabClient;
  scenarioId: string | null;
  timeMode?: TimeMode;
  seed?: number;
  cols?: number;
  /** called when a session is ready to run commands */
  onSessionReady?(): void;
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
  }));
  client.onEvent = (ev) => {
    if (ev.event === "editor") store.setState({ editor: { id: ev.id, request: ev.request } });
    else if (ev.event === "view") store.setState({ view: ev.view, clock: ev.view.now });
  };

  const terminal = new TerminalController({
    write: sink.write,
    cols: opts.cols ?? 80,
    prompt: INITIAL_PROMPT,
    onExec: () => void lab.refreshClock(),
  });

  let loads = 0;
  async function loadSession(scenarioId: string | null, first: boolean): Promise<void> {
    const mine = ++loads;
    store.setState({ status: "booting", error: null, scenarioId, grade: null, grading: false, editor: null });
    if (!first) terminal.reset(INITIAL_PROMPT, null);
    try {
      const loaded = await client.loadScenario({ ...(scenarioId ? { scenarioId } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}), timeMode });
      if (mine !== loads) return;
      store.setState((s) => ({ status: "ready", scenario: loaded.scenario, sessionGen: s.sessionGen + 1 }));
      terminal.attach(client.backend());
      if (store.getState().showCluster) void client.watchView(true).then((view) => view && store.setState({ view }), () => undefined);
      opts.onSessionReady?.();
      void lab.refreshClock();
    } catch (err) {
      if (mine !== loads) return;
      const why = message(err).split("\n")[0];
      store.setState({ status: "error", error: why });
      terminal.notice(`\x1b[31mkubelab: the lab could not start: ${why}\x1b[0m\n`);
      // commands typed now (or ahead) get the reason instead of waiting forever
      terminal.attach({
        needsMore: async () => false,
        exec: async () => ({ stdout: "", stderr: `kubelab: no cluster is running (${why}); pick a task above\n`, exitCode: 1, host: "controlplane", cwd: "/root", prompt: INITIAL_PROMPT }),
        interrupt: () => undefined,
      });
    }
  }

  const lab: Lab = {
    store,
    terminal,
    sink,
    client,
    async boot() {
      const list = client.listScenarios().then(
        (scenarios) => store.setState({ scenarios }),
        () => undefined,
      );
      await Promise.all([loadSession(opts.scenarioId, true), list]);
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
      await client.advance(ms).catch(() => undefined);
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
        const view = await client.view();
        store.setState({ clock: view.now });
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
        if (store.getState().status !== "ready") {
          owed = 0; // time spent booting is not cluster time
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
      }, intervalMs);
      return () => clearInterval(timer);
    },
  };
  return lab;
}

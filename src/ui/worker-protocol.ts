// The message protocol between the page (main thread) and the lab worker: one request id →
// one response, mirroring LabSessionApi plus listing and loading scenarios. Plain data only.

import type { ClusterView, EditorRequest, EditorResult, GradeResult, ScenarioInfo } from "../shell/session-api.ts";
import type { ExecReply } from "../terminal/controller.ts";
import type { OpEntry, RestoreParams } from "./persist/oplog.ts";

export type TimeMode = "virtual" | "real";

/** Pods of one group (a node, or "" for those not scheduled) left out of a pushed view. */
export interface HiddenPods {
  count: number;
  /** how many of them show each STATUS */
  byStatus: Record<string, number>;
}

/**
 * The view the cluster panel draws: at most a few pods per node (and of the unscheduled), the
 * others counted in `hidden` — a 10 000-pod cluster would cost the page ~1.7 MB and 10 000
 * rows per update otherwise.
 */
export interface PanelView extends ClusterView {
  /** group ("" for not scheduled) → the pods left out */
  hidden?: Record<string, HiddenPods>;
  /** the soonest crash-loop restart of any pod, shown or not (seconds from `now`) */
  nextRestartSeconds?: number;
}

export interface LoadParams {
  scenarioId?: string;
  seed?: number;
  timeMode: TimeMode;
  /** replay a stored op log before answering (the page's reload) */
  restore?: RestoreParams;
  /** a mock exam's task: start it on a new session, not the one the worker keeps for it (Reset, a reload) */
  fresh?: boolean;
}

export interface Loaded {
  prompt: string;
  scenario: ScenarioInfo | null;
  /** the session's number: `op` events name it */
  gen: number;
  /** the cluster clock */
  now: number;
  /** the op log the session continues with (after a restore: the replayed one) */
  ops: OpEntry[];
  /** the stored log could not be replayed: the session started fresh */
  restoreError?: string;
  /** the replayed session ends inside a container's shell: Ctrl-D at the prompt ends it */
  eofExits?: boolean;
}

/** op → [params, result] */
export interface LabRpc {
  listScenarios: [null, ScenarioInfo[]];
  /** start a new session (the previous one is interrupted and dropped) */
  loadScenario: [LoadParams, Loaded];
  /** `stream`: push `output` events while it runs (the reply keeps what was not pushed) */
  exec: [{ line: string; stream?: boolean }, ExecReply];
  interrupt: [null, null];
  grade: [null, GradeResult];
  scenario: [null, ScenarioInfo | null];
  /** `ff`: the student's fast-forward (logged); without it the real-time ticker (not logged) */
  advance: [{ ms: number; ff?: boolean }, null];
  view: [null, ClusterView];
  /** the cluster clock (cheap: the page's clock display) */
  clock: [null, number];
  prompt: [null, string];
  needsMore: [{ text: string }, boolean];
  /** the page's editor closed (answer to an `editor` event) */
  editorDone: [{ id: number; result: EditorResult }, null];
  /** :w / ^O while the editor stays open */
  writeFile: [{ host: string; path: string; content: string }, null];
  /** Tab: what completes the word before the cursor */
  complete: [{ text: string; cursor: number }, Completion];
  /** push a `view` event whenever the cluster changes (on: false stops); answers the current view */
  watchView: [{ on: boolean }, PanelView | null];
  /** a read-only tool call outside the terminal (describe for the cluster view) */
  run: [{ line: string }, { stdout: string; stderr: string; exitCode: number }];
  /** a scenario file dropped onto the page: validated with the loader, then playable as its `scenario.id` (`local:<id>`) */
  loadScenarioText: [{ text: string; name: string }, LocalLoad];
  /** the mock exam: grade each task's session (a fresh one for a task never opened); null when one could not run */
  gradeSessions: [{ ids: string[]; timeMode: TimeMode }, (GradeResult | null)[]];
  /** the terminal's width: COLUMNS in the shell of this session and of every later one */
  setColumns: [{ cols: number }, null];
  /** the solution of a scenario as commands (the exam's review) */
  solution: [{ id: string }, string[]];
}

export type LocalLoad = { ok: true; scenario: ScenarioInfo } | { ok: false; errors: { file: string; line?: number; message: string }[] };

export interface Completion {
  /** where the word being completed starts in the text */
  from: number;
  candidates: string[];
}

/** Pushed by the worker without a request. */
export type LabEvent =
  | { event: "editor"; id: number; request: EditorRequest }
  | { event: "view"; view: PanelView }
  /** what the running exec wrote to the terminal (exec with `stream`) */
  | { event: "output"; data: string }
  /** the op log changed: entry `index` is new or updated (an exec ended or was interrupted) */
  | { event: "op"; gen: number; index: number; entry: OpEntry; now: number };

export type WorkerMessage = LabResponse | LabEvent;

export type Op = keyof LabRpc;
export type Params<K extends Op> = LabRpc[K][0];
export type Result<K extends Op> = LabRpc[K][1];

export interface LabRequest<K extends Op = Op> {
  id: number;
  op: K;
  params: Params<K>;
}

export type LabResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

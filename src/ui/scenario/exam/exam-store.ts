// The mock exam as the page holds it: setup → running → grading → review. One store per lab.
// Each task plays in its own session (`exam:<exam>:<n>:<id>`) that the worker keeps while the
// exam lasts, so moving between tasks keeps each task's cluster as the student left it. The
// exam is kept in the browser's storage (lab.keepExam; each task's op log is saved like a
// practice session's): a reload comes back to it, its clock having run on meanwhile.

import { createStore, type StoreApi } from "zustand/vanilla";
import type { GradeResult, ScenarioInfo } from "../../../shell/session-api.ts";
import type { Lab } from "../../lab.ts";
import { EXAM_SCHEMA, type ExamRecord } from "../../persist/exam-record.ts";
import { ALERT_MINUTES, dueAlert } from "./exam-core.ts";

export interface ExamTask {
  scenarioId: string;
  /** the session's id in the worker */
  slot: string;
  title: string;
  domain?: string;
  flagged: boolean;
}

export type ExamPhase = "idle" | "setup" | "running" | "grading" | "review";

export interface ExamState {
  phase: ExamPhase;
  examId: string;
  tasks: ExamTask[];
  current: number;
  /** Date.now() at the start, and the exam's length */
  startedAt: number;
  durationMs: number;
  /** Date.now() when time is up */
  endsAt: number;
  /** alert thresholds (minutes) already given */
  alerts: number[];
  /** the alert on screen */
  alert: string | null;
  grades: (GradeResult | null)[];
  solutions: string[][];
}

export interface ExamOptions {
  now?: () => number;
  /** the exam's id (default: from the clock) */
  examId?: () => string;
  /** the scenario ids of a task, recorded as attempts when the exam ends */
  record?: (scenarioId: string, grade: GradeResult) => void;
}

export interface Exam {
  store: StoreApi<ExamState>;
  openSetup(): void;
  cancelSetup(): void;
  start(scenarios: ScenarioInfo[], ids: string[], minutes: number): Promise<void>;
  go(index: number): Promise<void>;
  toggleFlag(index?: number): void;
  /** the ticker: gives alerts, ends the exam when time is up */
  tick(): void;
  dismissAlert(): void;
  end(): Promise<void>;
  leave(): void;
}

const initial = (): ExamState => ({ phase: "idle", examId: "", tasks: [], current: 0, startedAt: 0, durationMs: 0, endsAt: 0, alerts: [], alert: null, grades: [], solutions: [] });

/** The stored form of a running exam or of its review (null: nothing to keep). */
export function examRecord(s: ExamState, seed: number | null, savedAt: number): ExamRecord | null {
  if (s.phase !== "running" && s.phase !== "review") return null;
  return {
    schema: EXAM_SCHEMA,
    examId: s.examId,
    seed,
    startedAt: s.startedAt,
    durationMs: s.durationMs,
    tasks: s.tasks.map(({ scenarioId, slot, title, domain, flagged }) => ({ scenarioId, slot, title, ...(domain !== undefined ? { domain } : {}), flagged })),
    current: s.current,
    alerts: [...s.alerts],
    phase: s.phase,
    ...(s.phase === "review" ? { grades: s.grades, solutions: s.solutions } : {}),
    savedAt,
  };
}

/** The exam's state from its stored record. */
export function fromRecord(rec: ExamRecord): ExamState {
  return {
    ...initial(),
    phase: rec.phase,
    examId: rec.examId,
    tasks: rec.tasks.map((t) => ({ ...t })),
    current: rec.current,
    startedAt: rec.startedAt,
    durationMs: rec.durationMs,
    endsAt: rec.startedAt + rec.durationMs,
    alerts: [...rec.alerts],
    grades: rec.grades ?? [],
    solutions: rec.solutions ?? [],
  };
}

export function createExam(lab: Lab, opts: ExamOptions = {}): Exam {
  const now = opts.now ?? (() => Date.now());
  const store = createStore<ExamState>(initial);
  /** Keep the exam as it is now (running or in review) in the browser's storage. */
  const persist = () => {
    const rec = examRecord(store.getState(), lab.seed ?? null, now());
    if (rec) void lab.keepExam(rec);
  };
  /** The stored exam (a reload, another tab's): taken up as it was, ended at once when its time ran out meanwhile. */
  const restore = (rec: ExamRecord | null) => {
    const phase = store.getState().phase;
    if (!rec) {
      if (phase !== "idle" && phase !== "setup") store.setState(initial());
      return;
    }
    store.setState(fromRecord(rec));
    if (rec.phase === "running" && now() >= rec.startedAt + rec.durationMs) void exam.end();
  };
  const exam: Exam = {
    store,
    openSetup() {
      const phase = store.getState().phase;
      if (phase === "review") void lab.keepExam(null);
      if (phase === "idle" || phase === "review") store.setState({ ...initial(), phase: "setup" });
    },
    cancelSetup() {
      if (store.getState().phase === "setup") store.setState(initial());
    },
    async start(scenarios, ids, minutes) {
      const examId = opts.examId ? opts.examId() : now().toString(36);
      const tasks = ids.flatMap((id, n) => {
        const s = scenarios.find((x) => x.id === id);
        return s ? [{ scenarioId: id, slot: `exam:${examId}:${n}:${id}`, title: s.title, domain: s.domain, flagged: false }] : [];
      });
      if (!tasks.length) return;
      const startedAt = now();
      const durationMs = minutes * 60_000;
      // a short exam does not shout at once about thresholds it starts under
      const alerts = ALERT_MINUTES.filter((m) => m * 60_000 >= durationMs);
      store.setState({ ...initial(), phase: "running", examId, tasks, startedAt, durationMs, endsAt: startedAt + durationMs, alerts });
      // kept before the first task loads: its session is saved from its first command
      persist();
      await lab.load(tasks[0].slot);
    },
    async go(index) {
      const s = store.getState();
      if (s.phase !== "running" || index < 0 || index >= s.tasks.length) return;
      store.setState({ current: index });
      persist();
      if (lab.store.getState().scenarioId !== s.tasks[index].slot) await lab.load(s.tasks[index].slot);
    },
    toggleFlag(index) {
      const s = store.getState();
      const i = index ?? s.current;
      store.setState({ tasks: s.tasks.map((t, j) => (j === i ? { ...t, flagged: !t.flagged } : t)) });
      persist();
    },
    tick() {
      const s = store.getState();
      // another tab owns the lab (and the exam) now
      if (s.phase !== "running" || lab.store.getState().elsewhere) return;
      const left = s.endsAt - now();
      if (left <= 0) {
        void exam.end();
        return;
      }
      const m = dueAlert(left, s.alerts);
      if (m !== null) {
        store.setState({ alerts: [...s.alerts, ...ALERT_MINUTES.filter((x) => x >= m && !s.alerts.includes(x))], alert: `${m} minutes left` });
        persist();
      }
    },
    dismissAlert() {
      store.setState({ alert: null });
    },
    async end() {
      const s = store.getState();
      if (s.phase !== "running") return;
      store.setState({ phase: "grading", alert: null });
      // ended: a reload while grading grades it again instead of running on
      const ended = examRecord({ ...s, durationMs: Math.max(1, Math.min(s.durationMs, now() - s.startedAt)) }, lab.seed ?? null, now());
      if (ended) void lab.keepExam(ended);
      const ids = s.tasks.map((t) => t.slot);
      // tasks a reload left in storage only are replayed first: each is graded on its own cluster
      await lab.restoreExamTasks(ids).catch(() => undefined);
      let grades: (GradeResult | null)[];
      try {
        grades = await lab.client.call("gradeSessions", { ids, timeMode: "real" });
      } catch {
        grades = ids.map(() => null);
      }
      const solutions = await Promise.all(s.tasks.map((t) => lab.client.call("solution", { id: t.scenarioId }).catch(() => [] as string[])));
      s.tasks.forEach((t, i) => {
        const g = grades[i];
        if (g) opts.record?.(t.scenarioId, g);
      });
      store.setState({ phase: "review", grades, solutions });
      persist();
    },
    leave() {
      store.setState(initial());
      void lab.keepExam(null);
    },
  };
  if (lab.storedExam) restore(lab.storedExam);
  lab.onExamRestored = restore;
  return exam;
}

const exams = new WeakMap<Lab, Exam>();
/** The page's exam for a lab (created on first use). */
export function examFor(lab: Lab, opts?: ExamOptions): Exam {
  let e = exams.get(lab);
  if (!e) {
    e = createExam(lab, opts);
    exams.set(lab, e);
  }
  return e;
}

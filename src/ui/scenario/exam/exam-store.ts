// The mock exam as the page holds it: setup → running → grading → review. One store per lab.
// Each task plays in its own session (`exam:<exam>:<n>:<id>`) that the worker keeps while the
// exam lasts, so moving between tasks keeps each task's cluster as the student left it.

import { createStore, type StoreApi } from "zustand/vanilla";
import type { GradeResult, ScenarioInfo } from "../../../shell/session-api.ts";
import type { Lab } from "../../lab.ts";
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
  tasks: ExamTask[];
  current: number;
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

const initial = (): ExamState => ({ phase: "idle", tasks: [], current: 0, endsAt: 0, alerts: [], alert: null, grades: [], solutions: [] });

export function createExam(lab: Lab, opts: ExamOptions = {}): Exam {
  const now = opts.now ?? (() => Date.now());
  const store = createStore<ExamState>(initial);
  const exam: Exam = {
    store,
    openSetup() {
      if (store.getState().phase === "idle" || store.getState().phase === "review") store.setState({ ...initial(), phase: "setup" });
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
      store.setState({ ...initial(), phase: "running", tasks, endsAt: now() + minutes * 60_000 });
      // a short exam does not shout at once about thresholds it starts under
      store.setState({ alerts: ALERT_MINUTES.filter((m) => m * 60_000 >= minutes * 60_000) });
      await lab.load(tasks[0].slot);
    },
    async go(index) {
      const s = store.getState();
      if (s.phase !== "running" || index < 0 || index >= s.tasks.length) return;
      store.setState({ current: index });
      if (lab.store.getState().scenarioId !== s.tasks[index].slot) await lab.load(s.tasks[index].slot);
    },
    toggleFlag(index) {
      const s = store.getState();
      const i = index ?? s.current;
      store.setState({ tasks: s.tasks.map((t, j) => (j === i ? { ...t, flagged: !t.flagged } : t)) });
    },
    tick() {
      const s = store.getState();
      if (s.phase !== "running") return;
      const left = s.endsAt - now();
      if (left <= 0) {
        void exam.end();
        return;
      }
      const m = dueAlert(left, s.alerts);
      if (m !== null) store.setState({ alerts: [...s.alerts, ...ALERT_MINUTES.filter((x) => x >= m && !s.alerts.includes(x))], alert: `${m} minutes left` });
    },
    dismissAlert() {
      store.setState({ alert: null });
    },
    async end() {
      const s = store.getState();
      if (s.phase !== "running") return;
      store.setState({ phase: "grading", alert: null });
      const ids = s.tasks.map((t) => t.slot);
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
    },
    leave() {
      store.setState(initial());
    },
  };
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

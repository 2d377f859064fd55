// The mock exam as it is kept between visits: its definition (the tasks, the seed, when it
// started on the real clock and for how long, flags, the task on screen, the alerts given) in
// one record; each task's cluster is a session record of its own under the task's slot
// (`exam:<exam>:<n>:<id>`, the same format as a practice session's). After the exam ends
// the record holds the review (grades and solutions) until the student leaves it.

import type { GradeResult } from "../../shell/session-api.ts";

export { EXAM_KEY, examOfSlot } from "./exam-key.ts";
export const EXAM_SCHEMA = 1;

export interface ExamTaskRecord {
  scenarioId: string;
  /** the task's session (and its record's key) */
  slot: string;
  title: string;
  domain?: string;
  flagged: boolean;
}

export interface ExamRecord {
  schema: typeof EXAM_SCHEMA;
  examId: string;
  /** the lab's seed the tasks were started with (null: the default) */
  seed: number | null;
  /** Date.now() when the exam started, and its length: time runs on while the page is closed */
  startedAt: number;
  durationMs: number;
  tasks: ExamTaskRecord[];
  current: number;
  /** alert thresholds (minutes) already given */
  alerts: number[];
  phase: "running" | "review";
  /** the review (phase "review") */
  grades?: (GradeResult | null)[];
  solutions?: string[][];
  savedAt: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === "string";

const SLOT = /^exam:([^:]+):(\d+):(.+)$/;

function validTask(t: unknown, examId: string, n: number): boolean {
  if (!isObj(t) || !str(t.scenarioId) || !str(t.slot) || !str(t.title) || typeof t.flagged !== "boolean") return false;
  if (t.domain !== undefined && !str(t.domain)) return false;
  const m = SLOT.exec(t.slot);
  return !!m && m[1] === examId && Number(m[2]) === n && m[3] === t.scenarioId;
}

const validGrade = (g: unknown): boolean => g === null || (isObj(g) && typeof g.passed === "boolean" && num(g.score) && num(g.total) && Array.isArray(g.checks));

/** Parse and check the stored exam; a string saying what is wrong when it cannot be used. */
export function parseExamRecord(raw: unknown): ExamRecord | string {
  if (typeof raw !== "string") return "the record is not text";
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return "the record is not valid JSON";
  }
  if (!isObj(v)) return "the record is not an object";
  if (v.schema !== EXAM_SCHEMA) return `schema version ${JSON.stringify(v.schema)}, this lab reads version ${EXAM_SCHEMA}`;
  if (!str(v.examId) || !/^[^:]+$/.test(v.examId)) return "the exam's id is damaged";
  if (!num(v.startedAt) || !num(v.durationMs) || v.durationMs <= 0) return "the exam's clock is damaged";
  if (!Array.isArray(v.tasks) || !v.tasks.length || !v.tasks.every((t, n) => validTask(t, v.examId as string, n))) return "the exam's tasks are damaged";
  if (!Number.isInteger(v.current) || (v.current as number) < 0 || (v.current as number) >= v.tasks.length) return "the exam's current task is damaged";
  if (!(v.seed === null || num(v.seed))) return "the exam's seed is damaged";
  if (!Array.isArray(v.alerts) || !v.alerts.every(num)) return "the exam's alerts are damaged";
  if (v.phase !== "running" && v.phase !== "review") return "the exam's phase is damaged";
  if (v.phase === "review") {
    if (!Array.isArray(v.grades) || v.grades.length !== v.tasks.length || !v.grades.every(validGrade)) return "the exam's grades are damaged";
    if (!Array.isArray(v.solutions) || !v.solutions.every((s) => Array.isArray(s) && s.every(str))) return "the exam's solutions are damaged";
  }
  return v as unknown as ExamRecord;
}

// Progress per scenario (best score, attempts), kept in localStorage across reloads under a
// versioned key; anything unreadable is reset rather than trusted.

import { createStore, type StoreApi } from "zustand/vanilla";
import type { GradeResult } from "../../shell/session-api.ts";

export const PROGRESS_KEY = "kubelab.progress.v1";

export interface ProgressEntry {
  attempts: number;
  /** the best score so far, out of `total` */
  best: number;
  total: number;
  passed: boolean;
}

export type Progress = Record<string, ProgressEntry>;

/** The part of Storage used (localStorage, or a Map-backed stand-in in tests). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n) && n >= 0;

function validEntry(e: unknown): e is ProgressEntry {
  if (!e || typeof e !== "object") return false;
  const o = e as Record<string, unknown>;
  return isCount(o.attempts) && isCount(o.best) && isCount(o.total) && typeof o.passed === "boolean" && (o.best as number) <= (o.total as number);
}

/** Read the saved progress; a corrupted or unknown-version value is removed and read as empty. */
export function readProgress(storage: KeyValue | null): Progress {
  if (!storage) return {};
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch {
    return {};
  }
  if (raw === null) return {};
  try {
    const data = JSON.parse(raw) as unknown;
    if (!data || typeof data !== "object" || (data as { version?: unknown }).version !== 1) throw new Error("version");
    const scenarios = (data as { scenarios?: unknown }).scenarios;
    if (!scenarios || typeof scenarios !== "object" || Array.isArray(scenarios)) throw new Error("shape");
    const out: Progress = Object.create(null) as Progress;
    for (const [id, e] of Object.entries(scenarios)) if (validEntry(e)) out[id] = { attempts: e.attempts, best: e.best, total: e.total, passed: e.passed };
    return out;
  } catch {
    try {
      storage.removeItem(PROGRESS_KEY);
    } catch {
      // storage refused: nothing kept
    }
    return {};
  }
}

export function writeProgress(storage: KeyValue | null, progress: Progress): void {
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify({ version: 1, scenarios: progress }));
  } catch {
    // quota or private mode: progress lives for this page only
  }
}

/** One more attempt at `id` graded `grade`: attempts + 1, the best score kept. */
export function withAttempt(progress: Progress, id: string, grade: GradeResult): Progress {
  const old = progress[id];
  const entry: ProgressEntry = old
    ? {
        attempts: old.attempts + 1,
        best: grade.score / (grade.total || 1) >= old.best / (old.total || 1) ? grade.score : old.best,
        total: grade.score / (grade.total || 1) >= old.best / (old.total || 1) ? grade.total : old.total,
        passed: old.passed || grade.passed,
      }
    : { attempts: 1, best: grade.score, total: grade.total, passed: grade.passed };
  return { ...progress, [id]: entry };
}

/** "✓" once passed, else the best score "3/5"; "" before the first attempt. */
export function progressMark(e: ProgressEntry | undefined): string {
  if (!e) return "";
  return e.passed ? "✓" : `${e.best}/${e.total}`;
}

/** Only catalog scenarios count (not dropped files, exam slots are recorded under their scenario). */
export function trackable(id: string | null): id is string {
  return !!id && !id.includes(":");
}

export interface ProgressState {
  progress: Progress;
  record(id: string, grade: GradeResult): void;
}

export function createProgressStore(storage: KeyValue | null): StoreApi<ProgressState> {
  return createStore<ProgressState>((set, get) => ({
    progress: readProgress(storage),
    record(id, grade) {
      if (!trackable(id)) return;
      // another tab may have written meanwhile: start from what is saved
      const next = withAttempt({ ...get().progress, ...readProgress(storage) }, id, grade);
      writeProgress(storage, next);
      set({ progress: next });
    },
  }));
}

function browserStorage(): KeyValue | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

let shared: StoreApi<ProgressState> | null = null;
/** The page's progress store (localStorage). */
export function pageProgress(): StoreApi<ProgressState> {
  shared ??= createProgressStore(browserStorage());
  return shared;
}

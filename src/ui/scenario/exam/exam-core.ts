// The mock exam's rules as plain functions: a balanced set of tasks, the time alerts, the
// score per CKA domain.

import type { GradeResult, ScenarioInfo } from "../../../shell/session-api.ts";

export const DEFAULT_EXAM_MINUTES = 120;
export const DEFAULT_EXAM_TASKS = 10;
/** minutes left at which the student is told */
export const ALERT_MINUTES = [30, 15, 5];

/** Round-robin over the domains (each domain's tasks shuffled by `rng`) up to `n` tasks. */
export function balancedSet(scenarios: ScenarioInfo[], n = DEFAULT_EXAM_TASKS, rng: () => number = Math.random): string[] {
  const byDomain = new Map<string, ScenarioInfo[]>();
  for (const s of scenarios) {
    const d = s.domain ?? "Other";
    if (!byDomain.has(d)) byDomain.set(d, []);
    byDomain.get(d)!.push(s);
  }
  const queues = [...byDomain.values()].map((list) => {
    const a = [...list];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  });
  const out: string[] = [];
  while (out.length < n && queues.some((q) => q.length)) {
    for (const q of queues) {
      const s = q.shift();
      if (s && out.length < n) out.push(s.id);
    }
  }
  return out;
}

/** The alert due at `remainingMs` that was not given yet (the smallest threshold passed), or null. */
export function dueAlert(remainingMs: number, given: number[]): number | null {
  let due: number | null = null;
  for (const m of ALERT_MINUTES) if (remainingMs <= m * 60_000 && !given.includes(m)) due = due === null ? m : Math.min(due, m);
  return due;
}

/** h:mm:ss */
export function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

export interface DomainScore {
  domain: string;
  score: number;
  total: number;
  tasks: number;
  passed: number;
}

/** Points per CKA domain; a task that could not be graded counts 0 of 1. */
export function domainScores(tasks: { domain?: string }[], grades: (GradeResult | null)[]): DomainScore[] {
  const out = new Map<string, DomainScore>();
  tasks.forEach((t, i) => {
    const d = t.domain ?? "Other";
    const row = out.get(d) ?? { domain: d, score: 0, total: 0, tasks: 0, passed: 0 };
    const g = grades[i];
    row.tasks++;
    row.score += g ? g.score : 0;
    row.total += g ? g.total : 1;
    if (g?.passed) row.passed++;
    out.set(d, row);
  });
  return [...out.values()];
}

export const percent = (score: number, total: number) => (total ? Math.round((score / total) * 100) : 0);

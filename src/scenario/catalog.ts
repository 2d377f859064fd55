// The scenario pack: sources registered by the host (the page bundles scenarios/ at build
// time; the CLI reads the folder), parsed and validated once.

import { loadScenario, type LoadResult } from "./load.ts";
import type { Scenario, ScenarioError } from "./types.ts";
import type { ScenarioInfo } from "../shell/session-api.ts";

const sources = new Map<string, string>();
let cache: { scenarios: Scenario[]; errors: ScenarioError[] } | null = null;

/** Register scenario files: path → text. */
export function setScenarioSources(files: Record<string, string>): void {
  sources.clear();
  for (const [path, text] of Object.entries(files)) sources.set(path, text);
  cache = null;
}

export function loadAll(): { scenarios: Scenario[]; errors: ScenarioError[] } {
  if (cache) return cache;
  const scenarios: Scenario[] = [];
  const errors: ScenarioError[] = [];
  for (const [path, text] of [...sources].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const r: LoadResult = loadScenario(text, path);
    if (r.ok) scenarios.push(r.scenario);
    else errors.push(...r.errors);
  }
  cache = { scenarios, errors };
  return cache;
}

export function info(s: Scenario): ScenarioInfo {
  return { id: s.id, title: s.title, task: s.task, domain: s.domain, tags: s.tags, difficulty: s.difficulty, hints: s.hints, explanation: s.explanation, minutes: s.minutes };
}

export function listScenarios(): ScenarioInfo[] {
  return loadAll().scenarios.map(info);
}

export function getScenario(id: string): Scenario | undefined {
  return loadAll().scenarios.find((s) => s.id === id);
}

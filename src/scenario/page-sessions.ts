// Sessions the page asks for beyond the catalog's: a scenario file dropped onto the window
// (validated by the same loader, played as `local:<id>`), and the mock exam's per-task
// sessions (`exam:<exam>:<n>:<id>`, kept while the exam lasts so each task keeps its own
// cluster state when the student moves between tasks). Runs in the lab worker.

import { getScenario } from "./catalog.ts";
import { loadScenario, MAX_SCENARIO_BYTES } from "./load.ts";
import { createLabSession as createCatalogSession, sessionForScenario } from "./runner.ts";
import type { Scenario, ScenarioError, Step } from "./types.ts";
import { info } from "./catalog.ts";
import type { GradeResult, LabSessionApi, ScenarioInfo } from "../shell/session-api.ts";
import type { TimeMode } from "../shell/session.ts";

export const LOCAL_PREFIX = "local:";
export const EXAM_PREFIX = "exam:";

export type LocalLoad = { ok: true; scenario: ScenarioInfo } | { ok: false; errors: ScenarioError[] };

const local = new Map<string, Scenario>();
const examSessions = new Map<string, Promise<LabSessionApi>>();

/** The characters of a text file: no NUL, few replacement characters (a binary read as UTF-8). */
function looksBinary(text: string): boolean {
  if (text.includes("\u0000")) return true;
  let bad = 0;
  for (let i = 0; i < text.length && i < 8192; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return bad > 8;
}

/** Validate a dropped scenario file and keep it as `local:<id>`; never throws. */
export function loadScenarioText(text: unknown, name: unknown): LocalLoad {
  const file = typeof name === "string" && name ? name.slice(0, 200) : "dropped file";
  if (typeof text !== "string") return { ok: false, errors: [{ file, message: "not a text file" }] };
  if (text.length > MAX_SCENARIO_BYTES) return { ok: false, errors: [{ file, message: `file is too large (${text.length} bytes; the limit is ${MAX_SCENARIO_BYTES})` }] };
  if (looksBinary(text)) return { ok: false, errors: [{ file, message: "not a text file (binary content); a scenario is a YAML file" }] };
  let r: ReturnType<typeof loadScenario>;
  try {
    r = loadScenario(text, file);
  } catch (e) {
    return { ok: false, errors: [{ file, message: `could not read the file: ${(e as Error).message}` }] };
  }
  if (!r.ok) return { ok: false, errors: r.errors.slice(0, 50) };
  const scenario: Scenario = { ...r.scenario, id: LOCAL_PREFIX + r.scenario.id, source: file };
  local.set(scenario.id, scenario);
  return { ok: true, scenario: info(scenario) };
}

function examScenarioId(id: string): string | null {
  const m = /^exam:[^:]+:\d+:(.+)$/.exec(id);
  return m ? m[1] : null;
}

function scenarioFor(id: string): Scenario | undefined {
  if (id.startsWith(LOCAL_PREFIX)) return local.get(id);
  const inner = examScenarioId(id);
  return inner !== null ? scenarioFor(inner) : getScenario(id);
}

export interface SessionParams {
  scenarioId?: string;
  seed?: number;
  timeMode: TimeMode;
  startMs?: number;
  /** an exam task: drop the session kept for it and start a fresh one */
  fresh?: boolean;
}

/** The worker's session factory: catalog ids, `local:` files and exam tasks. */
export async function createLabSession(opts: SessionParams): Promise<LabSessionApi> {
  const id = opts.scenarioId;
  if (id?.startsWith(LOCAL_PREFIX)) {
    const s = local.get(id);
    if (!s) throw new Error(`the local scenario "${id.slice(LOCAL_PREFIX.length)}" is gone (drop its file again)`);
    return sessionForScenario(s, opts);
  }
  if (id?.startsWith(EXAM_PREFIX)) return examSession(id, opts);
  return createCatalogSession(opts);
}

function examSession(id: string, opts: SessionParams): Promise<LabSessionApi> {
  const have = opts.fresh ? undefined : examSessions.get(id);
  if (have) return have;
  const exam = id.split(":")[1];
  // a new exam drops the sessions of the previous one
  for (const k of examSessions.keys()) if (k.split(":")[1] !== exam) examSessions.delete(k);
  const inner = examScenarioId(id);
  const scenario = inner !== null ? scenarioFor(inner) : undefined;
  if (!scenario) return Promise.reject(new Error(`unknown scenario "${inner ?? id}"`));
  const made = sessionForScenario({ ...scenario, id }, opts) as Promise<LabSessionApi>;
  examSessions.set(id, made);
  made.catch(() => examSessions.delete(id));
  return made;
}

/** Grade the exam's tasks: each task's own session (a fresh one for a task never opened). */
export async function gradeSessions(ids: string[], opts: SessionParams): Promise<(GradeResult | null)[]> {
  const out: (GradeResult | null)[] = [];
  for (const id of ids) {
    try {
      const s = await (id.startsWith(EXAM_PREFIX) ? examSession(id, opts) : createLabSession({ ...opts, scenarioId: id }));
      out.push(await s.grade());
    } catch {
      out.push(null);
    }
  }
  return out;
}

/** The exam is over: forget its sessions. */
export function endExamSessions(): void {
  examSessions.clear();
}

function stepText(step: Step): string {
  const on = step.node && step.node !== "controlplane" ? `# on ${step.node}\n` : "";
  if (step.wait !== undefined) return `${on}# wait ${step.wait}s`;
  if (step.run !== undefined) return on + step.run.replace(/\n+$/, "");
  if (step.apply !== undefined) return `${on}kubectl apply -f - <<'EOF'\n${step.apply.replace(/\n+$/, "")}\nEOF`;
  return on.trim();
}

/** A scenario's solution as the commands to type (for the exam's review). */
export function solutionOf(id: string): string[] {
  const s = scenarioFor(id);
  return s ? s.solution.map(stepText).filter(Boolean) : [];
}

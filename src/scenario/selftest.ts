// Scenario self-tests: every file validates; each scenario's own solution passes its checks on
// a fresh lab (advancing virtual time until they pass, up to 10 minutes), and an untouched lab
// fails at least one check.

import { loadScenario, formatErrors } from "./load.ts";
import { sessionForScenario, runSteps } from "./runner.ts";
import { grade } from "./grader.ts";
import type { Scenario } from "./types.ts";

export interface SelfTestReport {
  passed: number;
  failed: number;
}

export async function selfTest(s: Scenario, log: (line: string) => void): Promise<boolean> {
  let ok = true;
  // an untouched lab (after setup) must fail at least one check
  const fresh = await sessionForScenario(s, { timeMode: "virtual", seed: 7 });
  fresh.cluster.advance(60_000);
  const g0 = await grade(s, fresh);
  if (g0.passed) {
    log(`✗ ${s.id}: an untouched lab already passes every check`);
    ok = false;
  }
  // the solution passes within 10 minutes of virtual time
  const session = await sessionForScenario(s, { timeMode: "virtual", seed: 7 });
  const logs = await runSteps(session, s.solution);
  let g = await grade(s, session);
  for (let waited = 0; !g.passed && waited < 600; waited += 10) {
    session.cluster.advance(10_000);
    g = await grade(s, session);
  }
  if (!g.passed) {
    ok = false;
    log(`✗ ${s.id}: the solution does not pass`);
    for (const c of g.checks.filter((c) => !c.passed)) log(`    ${c.name}: expected ${c.expected}; observed ${c.observed}`);
    for (const l of logs) if (l.exitCode !== 0) log(`    step ${JSON.stringify(l.step.run ?? l.step.apply ?? "")} exited ${l.exitCode}: ${(l.stderr || l.stdout).trim().slice(0, 300)}`);
  }
  if (ok) log(`✓ ${s.id}`);
  return ok;
}

export async function checkScenarioFiles(files: Record<string, string>, log: (line: string) => void): Promise<SelfTestReport> {
  const report: SelfTestReport = { passed: 0, failed: 0 };
  const ids = new Map<string, string>();
  for (const [path, text] of Object.entries(files)) {
    const r = loadScenario(text, path);
    if (!r.ok) {
      log(formatErrors(r.errors));
      report.failed++;
      continue;
    }
    const prev = ids.get(r.scenario.id);
    if (prev) {
      log(`${path}: id "${r.scenario.id}" is already used by ${prev}`);
      report.failed++;
      continue;
    }
    ids.set(r.scenario.id, path);
    if (await selfTest(r.scenario, log)) report.passed++;
    else report.failed++;
  }
  return report;
}

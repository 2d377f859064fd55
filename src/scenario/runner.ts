// Bring a session to a scenario's starting state, run a solution, grade.

import yaml from "js-yaml";
import { LabSession, type SessionOptions, type TimeMode } from "../shell/session.ts";
import { DEFAULT_SPEC, type ClusterSpec } from "../engine/cluster.ts";
import { kindInfo } from "../engine/api/resources.ts";
import { aliasingProblem } from "../engine/yaml-guard.ts";
import type { KubeObject } from "../engine/types.ts";
import type { Scenario, Step } from "./types.ts";
import { getScenario, info } from "./catalog.ts";
import { grade } from "./grader.ts";

export interface StepLog {
  step: Step;
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Run steps on the cluster (setup or solution). Time passes only on wait: steps and sleeps. */
export async function runSteps(session: LabSession, steps: Step[]): Promise<StepLog[]> {
  const logs: StepLog[] = [];
  for (const step of steps) {
    const host = step.node ?? "controlplane";
    if (step.wait !== undefined) {
      session.cluster.advance(step.wait * 1000);
      logs.push({ step, stdout: "", stderr: "", exitCode: 0 });
    } else if (step.run !== undefined) {
      const r = await session.runOn(host, step.run);
      logs.push({ step, ...r });
    } else if (step.apply !== undefined) {
      let err = "";
      try {
        for (const doc of yaml.loadAll(step.apply)) {
          if (!doc || typeof doc !== "object") continue;
          const bomb = aliasingProblem(doc);
          if (bomb) {
            err += `${bomb}\n`;
            continue;
          }
          const obj = doc as KubeObject;
          const custom = session.cluster.store.customKind(obj.kind, obj.apiVersion);
          const r = kindInfo(obj.kind) ?? (custom && { resource: `${custom.resource}.${custom.group}` });
          if (!r) {
            err += `no resource for kind ${obj.kind}\n`;
            continue;
          }
          session.cluster.api.create(r.resource, obj);
        }
      } catch (e) {
        err += `${(e as Error).message}\n`;
      }
      session.cluster.settle();
      logs.push({ step, stdout: "", stderr: err, exitCode: err ? 1 : 0 });
    }
  }
  return logs;
}

/** The default kubeadm cluster, with the scenario's runtime and number of worker nodes (node01 at 172.30.2.2, node02 at 172.30.3.2 …). */
export function clusterSpecFor(scenario: Scenario | null): ClusterSpec {
  const workers = scenario?.cluster?.workers ?? 1;
  const cp = DEFAULT_SPEC.nodes.find((n) => n.role === "control-plane")!;
  const nodes = [cp, ...Array.from({ length: workers }, (_, i) => ({ name: `node${String(i + 1).padStart(2, "0")}`, ip: `172.30.${i + 2}.2`, role: "worker" as const }))];
  return { ...DEFAULT_SPEC, nodes, runtime: scenario?.cluster?.runtime ?? DEFAULT_SPEC.runtime };
}

export async function sessionForScenario(scenario: Scenario | null, opts: { seed?: number; timeMode: TimeMode; startMs?: number; realSleep?: SessionOptions["realSleep"] }): Promise<LabSession> {
  const spec = clusterSpecFor(scenario);
  const session = new LabSession({ seed: opts.seed, timeMode: opts.timeMode, startMs: opts.startMs, spec, ...(opts.realSleep ? { realSleep: opts.realSleep } : {}) });
  if (scenario) {
    await runSteps(session, scenario.setup);
    session.setScenario(info(scenario), () => grade(scenario, session));
  }
  return session;
}

/** A session for the page's worker and the tests: a scenario's starting state, or free practice. */
export async function createLabSession(opts: { scenarioId?: string; seed?: number; timeMode: TimeMode; startMs?: number; realSleep?: SessionOptions["realSleep"] }): Promise<LabSession> {
  const scenario = opts.scenarioId ? getScenario(opts.scenarioId) : undefined;
  if (opts.scenarioId && !scenario) throw new Error(`unknown scenario "${opts.scenarioId}"`);
  return sessionForScenario(scenario ?? null, opts);
}

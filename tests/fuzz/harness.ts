// Drive a lab session through generated steps and check the oracle after each one.
// Shared by the CI fuzz tests and the long run (tests/bench/fuzz-long.mjs).

import fc from "fast-check";
import { LabSession } from "../../src/shell/session.ts";
import { assertNoJsText, knownBug, checkControlPlane, checkInvariants, controlPlaneFiles, OracleError, touchesControlPlane } from "./oracle.ts";
import { commandLine, manifestText, manifestUse } from "./grammar.ts";
import { kustomizeStep } from "./grammar-tools.ts";

export type Step =
  | { t: "line"; line: string }
  | { t: "manifest"; text: string; use: string; n: number }
  | { t: "advance"; ms: number }
  | { t: "files"; files: Record<string, string>; line: string };

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: commandLine.map((line) => ({ t: "line" as const, line })) },
  { weight: 3, arbitrary: fc.tuple(manifestText, manifestUse, fc.nat({ max: 3 })).map(([text, use, n]) => ({ t: "manifest" as const, text, use, n })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).map((s) => ({ t: "advance" as const, ms: s * 1000 })) },
  { weight: 1, arbitrary: kustomizeStep.map((k) => ({ t: "files" as const, ...k })) },
);

const hostSetTimeout = globalThis.setTimeout.bind(globalThis);
const hostClearTimeout = globalThis.clearTimeout.bind(globalThis);

/** A step that takes longer than this (wall time) counts as a hang. */
export const STEP_TIMEOUT_MS = 30_000;

export interface RunStats {
  lines: number;
  manifests: number;
  advances: number;
  touched: boolean;
  slowest: { ms: number; what: string };
}

export function describeStep(s: Step): string {
  if (s.t === "line") return s.line;
  if (s.t === "manifest") return `${s.use} <<< ${JSON.stringify(s.text.slice(0, 300))}`;
  if (s.t === "files") return `${s.line} <<< ${JSON.stringify(s.files).slice(0, 1500)}`;
  return `advance ${s.ms} ms`;
}

async function execChecked(session: LabSession, line: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, rej) => {
    timer = hostSetTimeout(() => {
      session.interrupt();
      rej(new OracleError(`hang: no answer after ${STEP_TIMEOUT_MS} ms`));
    }, STEP_TIMEOUT_MS);
  });
  try {
    const r = await Promise.race([session.exec(line), hang]);
    assertNoJsText(line, r.stdout, r.stderr);
  } finally {
    hostClearTimeout(timer);
  }
}

/** Run steps on a fresh session; throws OracleError (with the failing step) when something breaks. */
/** Would this step touch the control plane on purpose (its files, its node, kube-system …)? */
function touches(s: Step): boolean {
  if (s.t === "line") return touchesControlPlane(s.line);
  if (s.t === "manifest") return s.use.startsWith("static ") ? /kube-system/.test(s.text) : /kube-system|Node|Namespace|List/.test(s.text);
  if (s.t === "files") return touchesControlPlane(s.line) || /kube-system/.test(Object.values(s.files).join("\n"));
  return false;
}

/**
 * Run steps on a fresh session; throws OracleError (with the failing step) when something breaks.
 * gentle: leave out the steps that touch the control plane on purpose, so that the session ends
 * with the control-plane check (a healthy control plane is owed to every other input).
 */
export async function runSteps(steps: Step[], opts: { seed?: number; session?: LabSession; onStep?: (i: number, what: string) => void; gentle?: boolean } = {}): Promise<RunStats> {
  if (opts.gentle) steps = steps.filter((s) => !touches(s));
  let bug = "";
  const session = opts.session ?? new LabSession({ timeMode: "virtual", seed: opts.seed ?? 1, onLabBug: (e) => (bug = (e as Error)?.stack ?? String(e)) });
  const cluster = session.cluster;
  const cpFiles = controlPlaneFiles(cluster);
  const stats: RunStats = { lines: 0, manifests: 0, advances: 0, touched: false, slowest: { ms: 0, what: "" } };
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    opts.onStep?.(i, describeStep(s));
    const t0 = performance.now();
    try {
      if (s.t === "line") {
        stats.lines++;
        if (touchesControlPlane(s.line)) stats.touched = true;
        await execChecked(session, s.line);
      } else if (s.t === "manifest") {
        stats.manifests++;
        if (s.use.startsWith("static ")) {
          const host = s.use.slice(7);
          const m = cluster.machine(host)!;
          const dir = m.kubelet.settings?.staticPodPath ?? "/etc/kubernetes/manifests";
          try {
            session.writeFile(host, `${dir.replace(/\/$/, "")}/fz-${s.n}.yaml`, s.text);
          } catch (e) {
            // the folder may have been removed by an earlier step: that is the node's business
            if (!/ENOENT|ENOTDIR|EISDIR|no such|not a directory/i.test(String((e as Error).message))) throw e;
          }
          if (/kube-system/.test(s.text)) stats.touched = true;
        } else {
          stats.lines++;
          try {
            session.writeFile(session.host, "/root/fz.yaml", s.text);
          } catch {
            // /root may be gone
          }
          const line = s.use.replace("F", "/root/fz.yaml");
          if (/kube-system|Node|Namespace|List/.test(s.text)) stats.touched = true;
          await execChecked(session, line);
        }
      } else if (s.t === "files") {
        stats.lines++;
        for (const [path, text] of Object.entries(s.files)) {
          try {
            cluster.machine(session.host)!.fs.mkdir(path.slice(0, path.lastIndexOf("/")), true);
            session.writeFile(session.host, path, text);
          } catch {
            // /root may be gone, or a file stands where a folder should be
          }
        }
        if (touchesControlPlane(s.line) || /kube-system/.test(Object.values(s.files).join("\n"))) stats.touched = true;
        await execChecked(session, s.line);
      } else {
        stats.advances++;
        session.advance(s.ms);
      }
      if (bug && !knownBug(bug)) throw new OracleError(`lab bug reported by the session`);
      checkInvariants(cluster);
      if (!stats.touched && controlPlaneFiles(cluster) !== cpFiles) stats.touched = true;
    } catch (e) {
      if (bug && e instanceof OracleError) e.message += `\n${bug.split("\n").slice(0, 8).join("\n")}`;
      throw annotate(e, i, steps);
    }
    bug = "";
    const ms = performance.now() - t0;
    if (ms > stats.slowest.ms) stats.slowest = { ms, what: describeStep(s).slice(0, 200) };
  }
  opts.onStep?.(steps.length, "advance 2 × 60 s and the settled invariants");
  try {
    // let the kubelets, the controllers and the back-offs catch up, then the settled invariants
    session.advance(60_000);
    session.advance(60_000);
    checkInvariants(cluster, { settled: true });
    if (!stats.touched && controlPlaneFiles(cluster) === cpFiles) checkControlPlane(cluster);
  } catch (e) {
    throw annotate(e, steps.length, steps);
  }
  return stats;
}

function annotate(e: unknown, i: number, steps: Step[]): Error {
  const trail = steps.slice(Math.max(0, i - 3), i + 1).map((s, k) => `  ${Math.max(0, i - 3) + k}: ${describeStep(s).slice(0, 400)}`).join("\n");
  const err = e as Error;
  const msg = `${err instanceof OracleError ? "" : `uncaught ${err?.name}: `}${err?.message}\nat step ${i} of ${steps.length}:\n${trail}${err instanceof OracleError ? "" : `\n${err?.stack}`}`;
  return new OracleError(msg);
}

// One lab in a worker thread for the long fuzz run (tests/bench/fuzz-long.mjs): it runs the
// sessions it is asked for and reports each step before running it, so the parent's
// watchdog — which a blocked event loop here cannot starve — knows what hung.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";
import fc from "fast-check";

// loader hooks are per thread in Node 20: this worker registers tsx itself
register();
const { runSteps, stepArb } = await import("../fuzz/harness.ts");
const { knownBugHits } = await import("../fuzz/oracle.ts");

parentPort.on("message", async ({ seed, steps: perRun }) => {
  const [steps] = fc.sample(fc.array(stepArb, { minLength: perRun, maxLength: perRun }), { seed, numRuns: 1 });
  const onStep = (i, what) => parentPort.postMessage({ t: "step", seed, i, what });
  try {
    // one session in four leaves the control plane alone, so that its health is checked at the end
    const st = await runSteps(steps, { seed, onStep, gentle: seed % 4 === 0 });
    parentPort.postMessage({ t: "done", seed, stats: st, known: [...knownBugHits] });
  } catch (e) {
    parentPort.postMessage({ t: "done", seed, lines: steps.length, error: String(e?.message ?? e), known: [...knownBugHits] });
  }
  knownBugHits.clear();
});
parentPort.postMessage({ t: "ready" });

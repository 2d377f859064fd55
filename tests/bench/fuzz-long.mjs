// The long fuzz run (issue 7): generated command lines and manifests through the lab, the
// oracle after every step. Prints progress, every failure with its seed and steps, and totals.
//
//   nice -n 10 npx tsx tests/bench/fuzz-long.mjs [--lines 100000] [--seed 1] [--steps 150] [--minutes 0]
import fc from "fast-check";
import { runSteps, stepArb } from "../fuzz/harness.ts";
import { knownBugHits } from "../fuzz/oracle.ts";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const target = arg("lines", 100_000);
const seed0 = arg("seed", 1);
const perRun = arg("steps", 150);
const minutes = arg("minutes", 0);
const t0 = Date.now();
let lines = 0, manifests = 0, runs = 0, touched = 0;
const failures = [];
let slowest = { ms: 0, what: "" };
for (let run = 0; lines < target && (!minutes || Date.now() - t0 < minutes * 60_000); run++) {
  const seed = seed0 + run;
  const [steps] = fc.sample(fc.array(stepArb, { minLength: perRun, maxLength: perRun }), { seed, numRuns: 1 });
  try {
    const st = await runSteps(steps, { seed });
    lines += st.lines;
    manifests += st.manifests;
    if (st.touched) touched++;
    if (st.slowest.ms > slowest.ms) slowest = st.slowest;
  } catch (e) {
    lines += steps.length;
    failures.push({ seed, message: e.message });
    console.log(`\n--- FAIL run seed ${seed}\n${e.message.slice(0, 3000)}\n`);
  }
  runs++;
  if (runs % 10 === 0) console.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${runs} runs, ${lines} lines, ${failures.length} failures`);
}
const secs = (Date.now() - t0) / 1000;
console.log(`\nfuzz-long: ${runs} sessions, ${lines} command lines (${manifests} of them manifests), ${secs.toFixed(0)} s (${(lines / secs).toFixed(1)} lines/s), seeds ${seed0}..${seed0 + runs - 1}`);
console.log(`  control plane checked in ${runs - touched - failures.length} sessions (the others touched it on purpose)`);
console.log(`  slowest step: ${slowest.ms.toFixed(0)} ms — ${slowest.what}`);
console.log(`  failures: ${failures.length}`);
for (const f of failures) console.log(`    seed ${f.seed}: ${f.message.split("\n")[0].slice(0, 300)}`);
console.log(`  known bugs (handed over) hit: ${knownBugHits.size ? "" : "none"}`);
for (const [id, n] of knownBugHits) console.log(`    ${n}× ${id}`);
process.exitCode = failures.length ? 1 : 0;

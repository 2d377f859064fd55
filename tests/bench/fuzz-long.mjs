// The long fuzz run (issue 7): generated command lines and manifests through the lab, the
// oracle after every step. Prints progress, every failure with its seed and steps, and totals.
//
//   nice -n 10 npx tsx tests/bench/fuzz-long.mjs [--lines 100000] [--seed 1] [--steps 150] [--minutes 0] [--timeout 30]
//
// The lab runs in a worker thread (fuzz-worker.mjs). The worker reports each step before it
// runs it; when one step takes longer than --timeout seconds of wall time (an endless loop in
// the engine, a regex that backtracks forever …) the worker is terminated — a watchdog here,
// on a thread the stuck one cannot starve — the step is reported as a hang and the run goes on
// with the next seed in a fresh worker.
import { Worker } from "node:worker_threads";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const target = arg("lines", 100_000);
const seed0 = arg("seed", 1);
const perRun = arg("steps", 150);
const minutes = arg("minutes", 0);
const timeoutMs = arg("timeout", 30) * 1000;
const t0 = Date.now();
let lines = 0, manifests = 0, runs = 0, touched = 0;
const failures = [];
const known = new Map();
let slowest = { ms: 0, what: "" };

function startWorker() {
  const w = new Worker(new URL("./fuzz-worker.mjs", import.meta.url));
  const ready = new Promise((res, rej) => {
    w.once("message", (m) => (m.t === "ready" ? res() : rej(new Error(`worker said ${m.t} first`))));
    w.once("error", rej);
  });
  return { w, ready };
}

/** One session in the worker, under the watchdog: its stats, its error, or a hang. */
function runOne(w, seed) {
  return new Promise((resolve) => {
    let last = { i: -1, what: "(loading)", at: Date.now() };
    const trail = [];
    const onMsg = (m) => {
      if (m.t === "step") {
        last = { i: m.i, what: m.what, at: Date.now() };
        trail.push(`  ${m.i}: ${m.what.slice(0, 400)}`);
        if (trail.length > 4) trail.shift();
      } else if (m.t === "done") finish(m);
    };
    const onErr = (e) => finish({ seed, lines: perRun, error: `worker crashed: ${e?.stack ?? e}` });
    const onExit = (code) => finish({ seed, lines: perRun, error: `worker exited (${code}) at step ${last.i}: ${last.what}` });
    const dog = setInterval(() => {
      const ms = Date.now() - last.at;
      if (ms > timeoutMs) finish({ seed, lines: last.i, hang: true, error: `hang: step ${last.i} gave no answer after ${(ms / 1000).toFixed(0)} s (worker terminated)\nat step ${last.i} of ${perRun}:\n${trail.join("\n")}` });
    }, 250);
    let done = false;
    function finish(m) {
      if (done) return;
      done = true;
      clearInterval(dog);
      w.off("message", onMsg);
      w.off("error", onErr);
      w.off("exit", onExit);
      resolve(m);
    }
    w.on("message", onMsg);
    w.on("error", onErr);
    w.on("exit", onExit);
    w.postMessage({ seed, steps: perRun });
  });
}

let worker = startWorker();
await worker.ready;
for (let run = 0; lines < target && (!minutes || Date.now() - t0 < minutes * 60_000); run++) {
  const seed = seed0 + run;
  const m = await runOne(worker.w, seed);
  for (const [id, n] of m.known ?? []) known.set(id, (known.get(id) ?? 0) + n);
  if (m.stats) {
    lines += m.stats.lines;
    manifests += m.stats.manifests;
    if (m.stats.touched) touched++;
    if (m.stats.slowest.ms > slowest.ms) slowest = m.stats.slowest;
  } else {
    lines += Math.max(0, m.lines);
    failures.push({ seed, message: m.error, hang: !!m.hang });
    console.log(`\n--- FAIL run seed ${seed}\n${m.error.slice(0, 3000)}\n`);
    if (m.hang || /^worker (crashed|exited)/.test(m.error)) {
      await worker.w.terminate();
      worker = startWorker();
      await worker.ready;
    }
  }
  runs++;
  if (runs % 10 === 0) console.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${runs} runs, ${lines} lines, ${failures.length} failures`);
}
await worker.w.terminate();
const secs = (Date.now() - t0) / 1000;
console.log(`\nfuzz-long: ${runs} sessions, ${lines} command lines (${manifests} of them manifests), ${secs.toFixed(0)} s (${(lines / secs).toFixed(1)} lines/s), seeds ${seed0}..${seed0 + runs - 1}`);
console.log(`  control plane checked in ${runs - touched - failures.length} sessions (the others touched it on purpose)`);
console.log(`  slowest step: ${slowest.ms.toFixed(0)} ms — ${slowest.what}`);
console.log(`  failures: ${failures.length} (${failures.filter((f) => f.hang).length} hangs)`);
for (const f of failures) console.log(`    seed ${f.seed}: ${f.message.split("\n")[0].slice(0, 300)}`);
console.log(`  known bugs (handed over) hit: ${known.size ? "" : "none"}`);
for (const [id, n] of known) console.log(`    ${n}× ${id}`);
process.exitCode = failures.length ? 1 : 0;

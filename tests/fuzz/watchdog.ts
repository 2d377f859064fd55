// A watchdog for fuzzing in-process (the CI tests): a step that blocks the event loop forever
// (an endless loop in the engine) starves every timer of this thread, vitest's timeout
// included. The watchdog lives in a worker thread and reads the current step from a
// SharedArrayBuffer, so it needs nothing from the stuck thread: when one step runs longer than
// the limit it prints the step and ends the process, instead of CI hanging until its own limit.
// (The long run, tests/bench/fuzz-long.mjs, runs the lab in a worker it can terminate instead.)
import { Worker } from "node:worker_threads";

const TEXT_BYTES = 4096;

export interface Watchdog {
  /** a step starts (described for the report) */
  step(what: string): void;
  /** no step is running (between fuzz runs) */
  idle(): void;
  stop(): void;
}

const workerCode = `
const { workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const state = new Int32Array(workerData.sab, 0, 3);
const text = new Uint8Array(workerData.sab, 12);
const nap = new Int32Array(new SharedArrayBuffer(4));
let seen = -1, since = Date.now();
for (;;) {
  Atomics.wait(nap, 0, 0, 200);
  if (Atomics.load(state, 2) === 1) break;
  const n = Atomics.load(state, 0);
  if (n !== seen || Atomics.load(state, 1) === 0) { seen = n; since = Date.now(); continue; }
  if (Date.now() - since > workerData.limitMs) {
    const len = text.indexOf(0);
    const what = Buffer.from(text.slice(0, len < 0 ? text.length : len)).toString("utf8");
    writeSync(2, "\\nfuzz watchdog: a step gave no answer after " + Math.round((Date.now() - since) / 1000) + " s (the event loop is blocked); ending the test process.\\nthe step: " + what + "\\n");
    process.kill(process.pid, "SIGKILL");
  }
}
`;

export function startWatchdog(limitMs: number): Watchdog {
  const sab = new SharedArrayBuffer(12 + TEXT_BYTES);
  const state = new Int32Array(sab, 0, 3);
  const text = new Uint8Array(sab, 12);
  const enc = new TextEncoder();
  const w = new Worker(workerCode, { eval: true, workerData: { sab, limitMs } });
  w.unref();
  return {
    step(what) {
      text.fill(0);
      enc.encodeInto(what.slice(0, TEXT_BYTES / 4), text);
      Atomics.store(state, 1, 1);
      Atomics.add(state, 0, 1);
    },
    idle() {
      Atomics.store(state, 1, 0);
    },
    stop() {
      Atomics.store(state, 2, 1);
      void w.terminate();
    },
  };
}

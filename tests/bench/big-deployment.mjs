// Limits bench (issue 7): a 10 000-replica Deployment on the default two-node cluster.
//   node [--expose-gc] tests/bench/big-deployment.mjs [--replicas 10000] [--advance 400] [--source] [--json-only]
//     [--extra "get pods -o json"]…   more kubectl command lines to time
//     [--profile create|advance|get|getdeploy|events|extra]   (.tmp/profile-big-<section>.cpuprofile)
// node01 holds 110 pods (max-pods), controlplane is tainted: the rest stays Pending, retried by
// the scheduler. Measures wall and CPU ms for: the create command and its settle, advancing N s
// (in 10 s steps), `kubectl get pods`, `kubectl get deploy`, `kubectl get events`. The engine and kubectl are bundled with esbuild as in engine.mjs.
import { resolve } from "node:path";
import { benchLab, cpuNow, loadEngine, sectionProfiler } from "./engine-bundle.mjs";

const argv = process.argv.slice(2);
const root = resolve(import.meta.dirname, "../..");
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const { createCluster, kubectl } = await loadEngine(root, { source: argv.includes("--source") });
const REPLICAS = Number(opt("replicas", "10000"));
const ADVANCE_S = Number(opt("advance", "400"));
const profiler = await sectionProfiler(root, opt("profile", ""), { prefix: "profile-big-", intervalUs: 200 });
const profStart = (name) => profiler.start(name);
const profStop = (name) => profiler.stop(name);
const measure = async (name, fn) => {
  await profStart(name);
  const t = performance.now();
  const u = cpuNow();
  const r = await fn();
  const res = { wallMs: Math.round(performance.now() - t), cpuMs: Math.round(cpuNow() - u) };
  await profStop(name);
  return [res, r];
};

const c = createCluster(undefined, { seed: 7 });
const { lab, io } = benchLab(c);
const k = async (...args) => {
  const r = await kubectl.run(args, io, lab);
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

// the command, then settle() as the session does after every command line: the ReplicaSet
// creates every pod (burstReplicas per sync) and the scheduler's first pass runs
const [create] = await measure("create", async () => {
  await k("create", "deployment", "big", "--image=nginx", `--replicas=${REPLICAS}`);
  c.settle();
});
const steps = [];
const [advance] = await measure("advance", () => {
  // one command per virtual second, as a REPL session would (each settles)
  for (let s = 0; s < ADVANCE_S; s += 10) {
    const t = performance.now();
    c.advance(10_000);
    steps.push(Math.round(performance.now() - t));
  }
});
const [getPods, podsOut] = await measure("get", () => k("get", "pods"));
const [getDeploy, deployOut] = await measure("getdeploy", () => k("get", "deploy"));
const [getEvents, eventsOut] = await measure("events", () => k("get", "events"));
// --extra "get pods -o json": more kubectl command lines to time (profile section "extra")
const extra = {};
for (const line of argv.filter((_, i) => argv[i - 1] === "--extra")) {
  const [m, out] = await measure("extra", () => k(...line.split(" ")));
  extra[line] = { ...m, bytes: out.length };
}

const pods = c.store.listRaw("pods", "default");
const phases = {};
for (const p of pods) phases[p.status?.phase ?? "?"] = (phases[p.status?.phase ?? "?"] ?? 0) + 1;
const onNode01 = c.store.podsOnNode("node01").length;
const result = {
  replicas: REPLICAS,
  advanceS: ADVANCE_S,
  createMs: create,
  advanceMs: advance,
  slowestStep10sMs: Math.max(...steps),
  getPodsMs: getPods,
  getPodsLines: podsOut.split("\n").length - 2,
  getDeployMs: getDeploy,
  getEventsMs: getEvents,
  getEventsLines: eventsOut.split("\n").length - 2,
  pods: pods.length,
  phases,
  podsOnNode01: onNode01,
  events: c.store.count("events"),
  heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  ...(Object.keys(extra).length ? { extra } : {}),
};
// node --expose-gc: the heap the cluster keeps (after a full collection)
if (globalThis.gc) {
  globalThis.gc();
  result.heapAfterGcMB = Math.round(process.memoryUsage().heapUsed / 1e6);
}
if (!argv.includes("--json-only")) {
  console.log(deployOut.trimEnd());
  console.log(`create ${create.wallMs}/${create.cpuMs} ms, advance ${ADVANCE_S}s ${advance.wallMs}/${advance.cpuMs} ms (slowest 10 s step ${result.slowestStep10sMs} ms), get pods ${getPods.wallMs}/${getPods.cpuMs} ms, get deploy ${getDeploy.wallMs}/${getDeploy.cpuMs} ms, get events ${getEvents.wallMs}/${getEvents.cpuMs} ms (wall/cpu)`);
  console.log("steps", steps.join(" "));
}
console.log(JSON.stringify(result));

// Engine bench (issue 3): a 100-node kubeadm cluster with 3 000 pods.
//   node tests/bench/engine.mjs [--runs 5] [--json-only] [--no-fail]     (or: npx tsx tests/bench/engine.mjs)
//   --prewarm              run a small cluster's crash loops before the setup (what the first hours cost with V8 warm)
//   --profile ds|get|adv   write a V8 CPU profile of that measured section only (ds: its 2nd run; adv: runs 2..)
//                          (.tmp/profile-<section>.cpuprofile; open in Chrome DevTools)
// The engine and kubectl are bundled with esbuild first, as the page ships them (tsx's
// keepNames transform wraps every closure and costs ~2x on these paths); --source imports
// the TypeScript sources through tsx instead.
// Measures (median of runs, wall ms):
//   ds-settle     create a DaemonSet (one pod per node) and settle() the cluster
//   get-pods-A    `kubectl get pods -A` end to end (the kubectl Command with a fake io)
//   advance-1h    advance 1 h of virtual time with 20 crash-looping pods, the median of hours 9-13
//                 after the pods appear (the first hours warm V8 up: see 3. below); the first five
//                 hours are reported too (advance1hFirstMs), not budgeted
// Budget: each ≤ 50 ms median. Prints a table and one JSON line; exits 1 over budget.
import { resolve } from "node:path";
import { benchLab, cpuNow, loadEngine, sectionProfiler } from "./engine-bundle.mjs";

const argv = process.argv.slice(2);
const root = resolve(import.meta.dirname, "../..");
const { createCluster, DEFAULT_SPEC, kubectl } = await loadEngine(root, { source: argv.includes("--source") });
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const RUNS = Number(opt("runs", "5"));
const NODES = Number(opt("nodes", "100"));
const PODS = Number(opt("pods", "3000"));
const BUDGET_MS = 50;
const profiler = await sectionProfiler(root, opt("profile", ""));
const profStart = (name) => profiler.start(name);
const profStop = (name) => profiler.stop(name);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function spec() {
  const nodes = [{ name: "controlplane", ip: "172.30.1.2", role: "control-plane" }];
  for (let i = 1; i < NODES; i++) nodes.push({ name: `node${String(i).padStart(3, "0")}`, ip: `172.30.${2 + Math.floor(i / 250)}.${(i % 250) + 2}`, role: "worker" });
  return { ...DEFAULT_SPEC, nodes };
}

/** the i-th of the 20 crash-looping pods (section 3, and --prewarm's small cluster) */
const crashPod = (i) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: `crash-${i}` }, spec: { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "echo boom; exit 1"] }] } });

// --prewarm: a 2-node cluster runs 20 crash-looping pods for 5 minutes of its time first (see 3b)
if (argv.includes("--prewarm")) {
  const w = createCluster(DEFAULT_SPEC, { seed: 3 });
  for (let i = 0; i < 20; i++) w.api.create("pods", crashPod(i));
  w.advance(300_000);
}

const t0 = performance.now();
const c = createCluster(spec(), { seed: 7 });
const bootMs = performance.now() - t0;

// 3 000 pods: 30 Deployments × 100 replicas in 3 namespaces
const t1 = performance.now();
for (const ns of ["team-a", "team-b", "team-c"]) c.api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
const perDeploy = 100;
for (let i = 0; i < PODS / perDeploy; i++) {
  const ns = ["team-a", "team-b", "team-c"][i % 3];
  c.api.create("deployments", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: `app-${i}`, namespace: ns },
    spec: { replicas: perDeploy, selector: { matchLabels: { app: `app-${i}` } }, template: { metadata: { labels: { app: `app-${i}` } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } },
  });
}
c.advance(120_000);
const setupMs = performance.now() - t1;
const running = c.store.listRaw("pods").filter((p) => p.status?.phase === "Running").length;

// 1. DaemonSet settle
const dsTimes = [];
const dsCpu = [];
for (let r = 0; r < RUNS; r++) {
  if (r === 1) await profStart("ds"); // one run: the advance between runs stays out
  const t = performance.now();
  const u = cpuNow();
  c.api.create("daemonsets", {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: `agent-${r}`, namespace: "kube-system" },
    spec: { selector: { matchLabels: { app: `agent-${r}` } }, template: { metadata: { labels: { app: `agent-${r}` } }, spec: { tolerations: [{ operator: "Exists" }], containers: [{ name: "a", image: "busybox", command: ["sleep", "infinity"] }] } } },
  });
  c.settle();
  dsTimes.push(performance.now() - t);
  dsCpu.push(cpuNow() - u);
  if (r === 1) await profStop("ds");
  const n = c.store.listRaw("pods", "kube-system").filter((p) => p.metadata.ownerReferences?.[0]?.name === `agent-${r}`).length;
  if (n !== NODES) throw new Error(`DaemonSet agent-${r}: ${n} pods, want ${NODES}`);
  c.advance(30_000);
}


// 2. kubectl get pods -A
const { lab, io } = benchLab(c);
await profStart("get");
const getTimes = [];
const getCpu = [];
let lines = 0;
for (let r = 0; r < RUNS + 2; r++) {
  const t = performance.now();
  const u = cpuNow();
  const res = await kubectl.run(["get", "pods", "-A"], io, lab);
  const ms = performance.now() - t;
  if (r >= 2) {
    getTimes.push(ms);
    getCpu.push(cpuNow() - u);
  }
  if (res.exitCode !== 0) throw new Error(res.stderr);
  lines = res.stdout.split("\n").length - 2;
}

await profStop("get");

// 2b. the engine's share of it: the API list (copies of every pod) alone
const listTimes = [];
for (let r = 0; r < RUNS + 2; r++) {
  const t = performance.now();
  c.api.list("pods", undefined);
  if (r >= 2) listTimes.push(performance.now() - t);
}
// 2c. the read-only list (no copies; what kubectl's printers can opt into: {readOnly: true})
const roTimes = [];
for (let r = 0; r < RUNS + 2; r++) {
  const t = performance.now();
  c.api.list("pods", undefined, { readOnly: true });
  if (r >= 2) roTimes.push(performance.now() - t);
}

// 3. 1 h with 20 crash-looping pods
for (let i = 0; i < 20; i++) {
  c.api.create("pods", crashPod(i));
}
c.advance(60_000);
const advTimes = [];
const advCpu = [];
for (let r = 0; r < Math.max(3, Math.min(RUNS, 5)); r++) {
  if (r === 1) await profStart("adv"); // runs 1..: the first hour also expires the setup's events
  const t = performance.now();
  const u = cpuNow();
  c.advance(3600_000);
  advTimes.push(performance.now() - t);
  advCpu.push(cpuNow() - u);
}
await profStop("adv");
// 3b. the budgeted hours: 9-13, once V8 has compiled the crash-loop code. The first hours after the
// pods appear wait for V8's optimising compiler: a bare pod and the first container exits reach
// code that was optimised for the setup's running pods, ~20 functions deoptimise, and with the
// code the crash path needs for the first time that is ~1 s of TurboFan work, done on one
// background thread while the hours run back to back at ~50 ms each (node --trace-opt: the last
// of those compiles finish in hour 4-5; %GetOptimizationStatus shows syncPod, containerStatus,
// openLog, appendLog … still in baseline code 3 hours in). With --prewarm (a small cluster runs
// crash loops for 5 minutes of its time before this one is set up, so the setup optimises that
// code with the crash path's feedback and nothing deoptimises later) the first hours' median
// drops from ~60 to ~30-45 ms; 250 ms of idle time between the hours gave 43-52 ms. Warm-up runs
// are discarded as for get pods -A; the first hours stay in the report.
for (let r = 0; r < 3; r++) c.advance(3600_000);
const steadyTimes = [];
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  c.advance(3600_000);
  steadyTimes.push(performance.now() - t);
}
const restarts = c.store.listRaw("pods", "default").filter((p) => p.metadata.name.startsWith("crash-")).map((p) => p.status.containerStatuses[0].restartCount);
const maxBackoff = Math.max(...[...c.machines.values()].map((m) => m.kubelet.maxBackoffMs()));

const result = {
  nodes: NODES,
  pods: c.store.count("pods"),
  runningAtStart: running,
  bootMs: Math.round(bootMs),
  setupMs: Math.round(setupMs),
  dsSettleMs: +median(dsTimes).toFixed(1),
  getPodsAllMs: +median(getTimes).toFixed(1),
  getPodsLines: lines,
  apiListPodsMs: +median(listTimes).toFixed(1),
  apiListPodsReadOnlyMs: +median(roTimes).toFixed(1),
  advance1hMs: +median(steadyTimes).toFixed(1),
  advance1hFirstMs: +median(advTimes).toFixed(1),
  cpuMs: { dsSettle: +median(dsCpu).toFixed(1), getPodsAll: +median(getCpu).toFixed(1), advance1hFirst: +median(advCpu).toFixed(1) },
  loadAverage: (await import("node:os")).loadavg()[0],
  crashRestarts: [Math.min(...restarts), Math.max(...restarts)],
  maxBackoffMs: maxBackoff,
  runs: { dsSettle: dsTimes.map((x) => +x.toFixed(1)), getPodsAll: getTimes.map((x) => +x.toFixed(1)), advance1h: steadyTimes.map((x) => +x.toFixed(1)), advance1hFirst: advTimes.map((x) => +x.toFixed(1)) },
  budgetMs: BUDGET_MS,
};
const ok = result.dsSettleMs <= BUDGET_MS && result.getPodsAllMs <= BUDGET_MS && result.advance1hMs <= BUDGET_MS;
if (!argv.includes("--json-only")) {
  const row = (a, b, c1, c2) => console.log(a.padEnd(46) + String(b).padStart(10) + String(c1).padStart(10) + "  " + c2);
  row("measure", "wall ms", "cpu ms", "budget (median)");
  row(`settle after creating a DaemonSet (${NODES} pods)`, result.dsSettleMs, result.cpuMs.dsSettle, `≤ ${BUDGET_MS} ms`);
  row(`kubectl get pods -A (${lines} rows)`, result.getPodsAllMs, result.cpuMs.getPodsAll, `≤ ${BUDGET_MS} ms`);
  row("  of which the API server's list", result.apiListPodsMs, "", "");
  row("  the list with {readOnly: true} (no copies)", result.apiListPodsReadOnlyMs, "", "");
  row("advance 1 h, 20 crash-looping pods (h 9-13)", result.advance1hMs, "", `≤ ${BUDGET_MS} ms`);
  row("  the first hours, 0-4 (V8 still compiling)", result.advance1hFirstMs, result.cpuMs.advance1hFirst, "(reported)");
  console.log(`(boot ${result.bootMs} ms, setup ${result.setupMs} ms, ${result.pods} pods, ${running} running before the runs)`);
}
console.log(JSON.stringify(result));
process.exit(ok || argv.includes("--no-fail") ? 0 : 1);

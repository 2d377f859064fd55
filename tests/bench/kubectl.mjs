// Bench: 1 000 mixed kubectl commands against the default cluster, in Node, through the
// kubectl Command directly (real createCluster(), virtual time). Median and p99 per command.
// Run: npx tsx tests/bench/kubectl.mjs
import { performance } from "node:perf_hooks";
import { createCluster } from "../../src/engine/cluster.ts";
import { kubectl } from "../../src/commands/kubectl/index.ts";

const cluster = createCluster();
const machine = cluster.machine("controlplane");
const lab = {
  cluster,
  machine,
  api: () => cluster.api,
  now: () => cluster.now(),
  sleep: async (ms) => cluster.advance(ms),
  resolve: (cwd, p) => (p.startsWith("/") ? p : `${cwd}/${p}`),
};
const io = { stdin: "", cwd: "/root", env: { HOME: "/root" } };

const lines = [
  "get pods -A",
  "get po -A -o wide",
  "get nodes",
  "get nodes -o wide",
  "get pods -n kube-system -o yaml",
  "get pod -n kube-system -o jsonpath={.items[*].metadata.name}",
  "run nginx-{i} --image=nginx --dry-run=client -o yaml",
  "create deployment web-{i} --image=nginx --replicas=3 --dry-run=client -o yaml",
  "create configmap cm-{i} --from-literal=a=b --from-literal=c=d",
  "create secret generic s-{i} --from-literal=password=x",
  "label node node01 bench={i} --overwrite",
  "get cm",
  "config get-contexts",
  "get ns",
  "api-resources",
  "create role r-{i} --verb=get,list --resource=pods,deployments.apps --dry-run=client -o yaml",
  "get pods --show-labels -n kube-system",
  "create service clusterip svc-{i} --tcp=80:8080 --dry-run=client -o yaml",
  "version",
  "get pods -A --no-headers",
];

const split = (s) => s.split(" ");
// warm-up (JIT, lazy help parsing)
for (let i = 0; i < 50; i++) await kubectl.run(split(lines[i % lines.length].replace("{i}", `w${i}`)), io, lab);

const times = [];
const byCmd = new Map();
let failures = 0;
for (let i = 0; i < 1000; i++) {
  const tpl = lines[i % lines.length];
  const argv = split(tpl.replace("{i}", String(i)));
  const t0 = performance.now();
  const r = await kubectl.run(argv, io, lab);
  const dt = performance.now() - t0;
  if (r.exitCode !== 0) failures++;
  times.push(dt);
  if (!byCmd.has(tpl)) byCmd.set(tpl, []);
  byCmd.get(tpl).push(dt);
}
const q = (arr, p) => {
  const s = [...arr].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
console.log(`1000 kubectl commands: median ${q(times, 0.5).toFixed(3)} ms, p99 ${q(times, 0.99).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms, failures ${failures}`);
for (const [tpl, ts] of byCmd) console.log(`  ${q(ts, 0.5).toFixed(3).padStart(8)} ms median  ${q(ts, 0.99).toFixed(3).padStart(8)} ms p99   kubectl ${tpl}`);

// Behaviour identity of two engine trees — for performance work that must not change what the
// lab shows. Builds both trees' engine + kubectl bundles (esbuild, as tests/bench/engine.mjs does)
// (tests/bench/engine-bundle.mjs) and runs the same scenarios on each: crash loops on a 12-node cluster with kubelets stopped and
// started, kubelets toggled at 40 odd times (several seeds), control-plane outages (API server
// and controller manager manifests moved away and back). Compares the full store, every node's
// filesystem and `kubectl get pods -A -o wide`, `get events -A`, `get nodes`.
//   git worktree add --detach /tmp/base HEAD~1 && ln -s "$PWD/node_modules" /tmp/base/
//   node tests/bench/identical.mjs /tmp/base .        → one line per scenario, exit 1 if any differs
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { benchLab, loadEngine } from "./engine-bundle.mjs";

const trees = process.argv.slice(2).map((t) => resolve(t));
if (trees.length !== 2) {
  console.error("usage: node tests/bench/identical.mjs <treeA> <treeB>");
  process.exit(2);
}
const bundles = [];
for (const root of trees) bundles.push(await loadEngine(root));

const h = (s) => createHash("sha1").update(s).digest("hex").slice(0, 12);

function cluster(mod, { nodes, pods, ds }) {
  const { createCluster, DEFAULT_SPEC } = mod;
  const ns = [{ name: "controlplane", ip: "172.30.1.2", role: "control-plane" }];
  for (let i = 1; i < nodes; i++) ns.push({ name: `node${String(i).padStart(3, "0")}`, ip: `172.30.${2 + Math.floor(i / 250)}.${(i % 250) + 2}`, role: "worker" });
  const c = createCluster({ ...DEFAULT_SPEC, nodes: ns }, { seed: 7 });
  for (const n of ["team-a", "team-b", "team-c"]) c.api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: n } });
  for (let i = 0; i < pods / 100; i++) {
    const n = ["team-a", "team-b", "team-c"][i % 3];
    c.api.create("deployments", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: `app-${i}`, namespace: n }, spec: { replicas: 100, selector: { matchLabels: { app: `app-${i}` } }, template: { metadata: { labels: { app: `app-${i}` } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } } });
  }
  c.advance(120_000);
  for (let r = 0; r < ds; r++) {
    c.api.create("daemonsets", { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: `agent-${r}`, namespace: "kube-system" }, spec: { selector: { matchLabels: { app: `agent-${r}` } }, template: { metadata: { labels: { app: `agent-${r}` } }, spec: { tolerations: [{ operator: "Exists" }], containers: [{ name: "a", image: "busybox", command: ["sleep", "infinity"] }] } } } });
    c.settle();
    c.advance(30_000);
  }
  for (let i = 0; i < 20; i++) c.api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: `crash-${i}` }, spec: { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "echo boom; exit 1"] }] } });
  c.advance(60_000);
  return c;
}

async function fingerprint(mod, c) {
  const { lab, io } = benchLab(c);
  let get = "";
  for (const args of [["get", "pods", "-A", "-o", "wide"], ["get", "events", "-A"], ["get", "nodes"]]) get += (await mod.kubectl.run(args, io, lab)).stdout;
  const fs = [...c.machines.values()].map((m) => JSON.stringify(m.fs.toJSON())).join("|");
  return `store ${h(JSON.stringify(c.store.toJSON()))} fs ${h(fs)} get ${h(get)}`;
}

const scenarios = {
  "crash loops, kubelet stop/start (12 nodes)": (c) => {
    c.advance(1800_000);
    c.machines.get("node003").systemd.stop("kubelet");
    c.advance(600_000);
    c.machines.get("node003").systemd.start("kubelet");
    c.advance(120_000);
    c.machines.get("node005").kubelet.stop();
    c.advance(3600_000);
  },
  ...Object.fromEntries([12345, 1, 77, 4242].map((seed) => [`kubelets toggled at odd times (8 nodes, seed ${seed})`, (c) => {
    let x = seed;
    const r = (n) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), (x >>> 16) % n);
    for (let k = 0; k < 40; k++) {
      const m = c.machines.get(`node00${1 + r(7)}`);
      if (r(2)) m.systemd.stop("kubelet");
      else m.systemd.start("kubelet");
      c.advance(1000 + r(90_000));
      if (k % 7 === 3) {
        c.machines.get("controlplane").systemd.stop("kubelet");
        c.advance(r(70_000));
        c.machines.get("controlplane").systemd.start("kubelet");
      }
    }
    c.advance(600_000);
  }])),
  "control-plane outages (6 nodes)": (c) => {
    const fs = c.machines.get("controlplane").fs;
    const mv = (a, z) => {
      fs.writeFile(z, fs.readFile(a));
      fs.rm(a);
    };
    const M = "/etc/kubernetes/manifests";
    c.advance(123_457);
    mv(`${M}/kube-apiserver.yaml`, "/root/kube-apiserver.yaml");
    c.advance(47_000);
    c.machines.get("node002").systemd.stop("kubelet");
    c.advance(131_000);
    mv("/root/kube-apiserver.yaml", `${M}/kube-apiserver.yaml`);
    c.advance(77_777);
    mv(`${M}/kube-controller-manager.yaml`, "/root/kcm.yaml");
    c.advance(95_000);
    c.machines.get("node003").systemd.stop("kubelet");
    c.advance(61_000);
    mv("/root/kcm.yaml", `${M}/kube-controller-manager.yaml`);
    c.advance(200_000);
    c.machines.get("node002").systemd.start("kubelet");
    c.advance(900_000);
  },
};
const sizes = { "crash loops": { nodes: 12, pods: 300, ds: 2 }, kubelets: { nodes: 8, pods: 100, ds: 1 }, "control-plane": { nodes: 6, pods: 100, ds: 1 } };

let differ = 0;
for (const [name, run] of Object.entries(scenarios)) {
  const size = Object.entries(sizes).find(([k]) => name.startsWith(k))[1];
  const prints = [];
  for (const mod of bundles) {
    const c = cluster(mod, size);
    run(c);
    prints.push(await fingerprint(mod, c));
  }
  const same = prints[0] === prints[1];
  if (!same) differ++;
  console.log(`${same ? "IDENTICAL" : "DIFFERENT"}  ${name}${same ? "" : `\n  A ${prints[0]}\n  B ${prints[1]}`}`);
}
process.exit(differ ? 1 : 0);

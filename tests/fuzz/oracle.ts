// What must hold whatever the student types: no JavaScript error text on the terminal, the
// engine's invariants, and a healthy control plane unless the input touched it.

import type { Cluster } from "../../src/engine/cluster.ts";
import { listStaticPods } from "../../src/engine/node/kubelet/file-source.ts";
import type { KubeObject } from "../../src/engine/types.ts";

/** Text that only a JavaScript failure produces (never a real tool's message). */
export const JS_ERROR_PATTERNS: RegExp[] = [
  /\bTypeError\b/,
  /\bReferenceError\b/,
  /\bRangeError\b/,
  /\bSyntaxError: (?!.*Parse error)/,
  /undefined is not/,
  /Cannot read propert(y|ies) of/,
  /Cannot set propert(y|ies) of/,
  /is not a function/,
  /is not iterable/,
  /\[object Object\]/,
  /\bat Object\./,
  /\n\s+at [\w.<>$]+ \(.*:\d+:\d+\)/,
  /kubelab: internal error/,
  /kubelab: lab bug/,
  /Maximum call stack size exceeded/,
];

export class OracleError extends Error {}

/**
 * Lab bugs already handed to their owners (see the issue-7 report): tolerated by the fuzzers,
 * counted, and listed at the end of a run, so CI stays a guard against new ones.
 */
export const KNOWN_BUGS: { id: string; re: RegExp }[] = [
];
export const knownBugHits = new Map<string, number>();

export function knownBug(text: string): boolean {
  for (const k of KNOWN_BUGS) {
    if (k.re.test(text)) {
      knownBugHits.set(k.id, (knownBugHits.get(k.id) ?? 0) + 1);
      return true;
    }
  }
  return false;
}

export function findJsText(...texts: string[]): string | null {
  for (const t of texts) {
    for (const re of JS_ERROR_PATTERNS) {
      const m = re.exec(t);
      if (m) {
        const at = Math.max(0, m.index - 120);
        return `${re}: …${t.slice(at, m.index + 200)}…`;
      }
    }
  }
  return null;
}

export function assertNoJsText(cmd: string, stdout: string, stderr: string): void {
  const lines = stderr.split("\n").filter((l) => !knownBug(l));
  const hit = findJsText(lines.join("\n"), stdout);
  if (hit) throw new OracleError(`JavaScript error text shown for ${JSON.stringify(cmd.slice(0, 500))}: ${hit}`);
}

const INDEXED = ["pods", "nodes", "namespaces", "deployments", "replicasets", "daemonsets", "jobs", "cronjobs", "services", "configmaps", "secrets", "serviceaccounts", "events", "leases"];

/**
 * The engine's invariants. `settled` adds the ones that hold once the kubelets caught up
 * (call it after advancing time): every static manifest that decodes has exactly one mirror pod.
 */
export function checkInvariants(cluster: Cluster, opts: { settled?: boolean } = {}): void {
  const fail = (msg: string) => {
    throw new OracleError(`invariant: ${msg}`);
  };
  const store = cluster.store;
  const pods = store.listRaw("pods");
  const machines = new Set(cluster.machines.keys());

  // no pod runs on a machine that does not exist
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (node && !machines.has(node) && p.status?.phase === "Running") fail(`pod ${p.metadata.namespace}/${p.metadata.name} Running on missing node ${node}`);
  }

  // back-off never above 300 s
  for (const m of cluster.machines.values()) {
    const b = m.kubelet.maxBackoffMs();
    if (b > 300_000) fail(`${m.name}: kubelet back-off ${b} ms > 300 s`);
  }

  // store indexes agree with the tables
  const byNode = new Map<string, string[]>();
  for (const p of pods) {
    if (!p.spec?.nodeName) continue;
    const arr = byNode.get(p.spec.nodeName) ?? [];
    arr.push(key(p));
    byNode.set(p.spec.nodeName, arr);
  }
  for (const node of new Set([...byNode.keys(), ...machines])) {
    const idx = store.podsOnNode(node).map(key).sort();
    const want = (byNode.get(node) ?? []).sort();
    if (idx.join(",") !== want.join(",")) fail(`podsOnNode(${node}) = [${idx}] but the pods table has [${want}]`);
  }
  for (const r of INDEXED) {
    const all = store.listRaw(r);
    const nss = new Set(all.map((o) => o.metadata.namespace ?? ""));
    for (const ns of new Set([...nss, ...store.namespacesOf(r)])) {
      const idx = [...store.inNamespace(r, ns)].map(key).sort();
      const want = all.filter((o) => (o.metadata.namespace ?? "") === ns).map(key).sort();
      if (idx.join(",") !== want.join(",")) fail(`inNamespace(${r}, ${ns}) = [${idx.slice(0, 5)}…] but the table has [${want.slice(0, 5)}…]`);
    }
    // each owner's dependents once (a ReplicaSet of 10 000 pods made this check quadratic: 70 s)
    const deps = new Map<string, Set<KubeObject>>();
    for (const o of all) {
      for (const ref of o.metadata.ownerReferences ?? []) {
        let set = deps.get(ref.uid);
        if (!set) deps.set(ref.uid, (set = new Set(store.dependents(ref.uid).map((d) => d.object))));
        if (!set.has(o)) fail(`dependents(${ref.uid}) misses ${r} ${key(o)}`);
      }
    }
    const uids = new Set<string>();
    for (const o of all) {
      if (o.metadata.uid && uids.has(o.metadata.uid)) fail(`two ${r} share uid ${o.metadata.uid}`);
      uids.add(o.metadata.uid!);
    }
  }

  if (opts.settled && cluster.apiServing()) checkMirrors(cluster, pods, fail);
}

function key(o: KubeObject): string {
  return `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

/** Every static manifest that decodes has exactly one mirror pod (when nothing else holds its name). */
function checkMirrors(cluster: Cluster, pods: KubeObject[], fail: (m: string) => void): void {
  for (const m of cluster.machines.values()) {
    const dir = m.kubelet.settings?.staticPodPath;
    if (!m.kubelet.running || !dir) continue;
    if (!cluster.store.peek("nodes", undefined, m.name)) continue;
    let listed: ReturnType<typeof listStaticPods>;
    try {
      listed = listStaticPods(m.fs, dir, m.name);
    } catch (e) {
      if (knownBug(String((e as Error)?.stack ?? e))) continue; // reported by the session already
      throw e;
    }
    const names = new Map<string, number>();
    for (const sp of listed.pods) names.set(key(sp.pod), (names.get(key(sp.pod)) ?? 0) + 1);
    for (const sp of listed.pods) {
      const k = key(sp.pod);
      if (names.get(k)! > 1) continue; // two files, one name: the kubelet keeps one of them
      if (!cluster.store.peek("namespaces", undefined, sp.pod.metadata.namespace!)) continue; // mirror creation fails, as on a real cluster
      const holders = pods.filter((p) => key(p) === k);
      if (holders.some((p) => !p.metadata.annotations?.["kubernetes.io/config.mirror"])) continue; // a regular pod holds the name
      const mirrors = holders.filter((p) => p.metadata.annotations?.["kubernetes.io/config.mirror"] === sp.uid && !p.metadata.deletionTimestamp);
      if (mirrors.length !== 1) fail(`${m.name}: static manifest ${sp.file} (${k}, uid ${sp.uid}) has ${mirrors.length} mirror pods (holders: ${holders.map((h) => h.metadata.annotations?.["kubernetes.io/config.mirror"]).join(",")})`);
    }
    // and no mirror pod without its manifest
    const uids = new Set(listed.pods.map((sp) => sp.uid));
    for (const p of cluster.store.podsOnNode(m.name)) {
      const mirror = p.metadata.annotations?.["kubernetes.io/config.mirror"];
      if (mirror && !uids.has(mirror) && !p.metadata.deletionTimestamp) fail(`${m.name}: mirror pod ${key(p)} has no manifest`);
    }
  }
}

export const CONTROL_PLANE = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"];

/** The four control-plane mirror pods are Running. */
export function checkControlPlane(cluster: Cluster): void {
  for (const c of CONTROL_PLANE) {
    const p = cluster.store.peek("pods", "kube-system", `${c}-controlplane`);
    if (!p) throw new OracleError(`control plane: no mirror pod ${c}-controlplane`);
    if (p.status?.phase !== "Running") throw new OracleError(`control plane: ${c}-controlplane is ${p.status?.phase}`);
  }
}

/** Commands that may legitimately stop the control plane (besides editing its files). */
export function touchesControlPlane(line: string): boolean {
  return /etcd|kubeadm|apt|dpkg|sources\.list|systemctl|docker|crictl|\bkill|kube-system|\bnodes?\b|\bno\b|node01|controlplane|drain|cordon|taint|namespace|\bns\b|-A\b|--all|\breboot|\bshutdown|\bsudo\b|\bsh\b|\bbash\b|\beval\b|\bsource\b|xargs/.test(line);
}

/** The files the control plane's health depends on, as one string (compare before/after). */
export function controlPlaneFiles(cluster: Cluster): string {
  const m = cluster.machine("controlplane")!;
  const fixed = [
    "/etc/kubernetes/manifests/etcd.yaml",
    "/etc/kubernetes/manifests/kube-apiserver.yaml",
    "/etc/kubernetes/manifests/kube-controller-manager.yaml",
    "/etc/kubernetes/manifests/kube-scheduler.yaml",
    "/var/lib/kubelet/config.yaml",
    "/var/lib/kubelet/kubeadm-flags.env",
    "/etc/default/kubelet",
    "/usr/lib/systemd/system/kubelet.service",
    "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
    "/etc/kubernetes/kubelet.conf",
    "/etc/kubernetes/admin.conf",
    "/etc/kubernetes/controller-manager.conf",
    "/etc/kubernetes/scheduler.conf",
  ];
  const out: string[] = [];
  for (const f of fixed) out.push(`${f}\0${m.fs.tryRead(f) ?? "<missing>"}`);
  for (const f of m.fs.allPaths().filter((p) => p.startsWith("/etc/kubernetes/pki/") || p.startsWith("/var/lib/kubelet/pki/")).sort()) out.push(`${f}\0${m.fs.tryRead(f) ?? "<dir>"}`);
  // the folders themselves (a moved or removed folder)
  for (const d of ["/etc/kubernetes", "/etc/kubernetes/manifests", "/var/lib/kubelet", "/etc", "/var", "/usr/lib/systemd/system"]) out.push(`${d}:${m.fs.isDir(d)}`);
  return out.join("\n");
}

// The cluster as the page's cluster view draws it: nodes with their kubelet and manifest
// folder, pods with owner kind and status. Read from engine state (API store + machines).

import type { Cluster } from "../engine/cluster.ts";
import type { KubeObject } from "../engine/types.ts";
import type { ClusterView, PodView } from "./session-api.ts";
import { podRow } from "../commands/kubectl/printers/table.ts";

function ownerKind(pod: KubeObject): PodView["owner"] {
  if (pod.metadata.annotations?.["kubernetes.io/config.mirror"]) return "static";
  const o = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (!o) return "bare";
  if (o.kind === "DaemonSet") return "daemonset";
  if (o.kind === "ReplicaSet") return "replicaset";
  if (o.kind === "Job") return "job";
  return "other";
}

/** The kubelet knows a pod by its UID; a static pod's is its config hash. */
function restartInfo(cluster: Cluster, p: KubeObject): { uid?: string; nextRestartSeconds?: number } {
  const uid = p.metadata.annotations?.["kubernetes.io/config.hash"] ?? p.metadata.uid;
  const m = p.spec?.nodeName ? cluster.machine(p.spec.nodeName) : undefined;
  const next = uid && m ? m.kubelet.nextRestartIn(uid) : undefined;
  return { ...(uid ? { uid } : {}), ...(next !== undefined ? { nextRestartSeconds: next } : {}) };
}

/** Cheap: changes when the view may have changed (any API write, a kubelet started/stopped, a manifest folder edited, a crash loop counting down). */
export function viewVersion(cluster: Cluster): string {
  const parts = [String(cluster.store.resourceVersion())];
  for (const m of cluster.machines.values()) {
    const dir = m.kubelet.settings?.staticPodPath ?? "";
    let mt = "";
    try {
      mt = dir && m.fs.isDir(dir) ? `${m.fs.stat(dir).mtime}:${m.fs.readdir(dir).length}` : "";
    } catch {
      mt = "";
    }
    parts.push(`${m.kubelet.running ? 1 : 0}${dir}${mt}`);
  }
  return parts.join("|");
}

export function clusterView(cluster: Cluster): ClusterView {
  const now = cluster.now();
  const pods: PodView[] = cluster.store.listRaw("pods").map((p) => {
    // READY, STATUS and RESTARTS exactly as `kubectl get pods` derives them (printPod)
    const [, ready, status, restarts] = podRow(p, now);
    return {
      namespace: p.metadata.namespace!,
      name: p.metadata.name!,
      node: p.spec?.nodeName ?? "",
      status,
      ready,
      restarts: restarts.split(" ")[0],
      owner: ownerKind(p),
      ...restartInfo(cluster, p),
    };
  });
  const nodes = [...cluster.machines.values()].map((m) => {
    const node = cluster.store.peek("nodes", undefined, m.name);
    const ready = node?.status?.conditions?.find((c: any) => c.type === "Ready")?.status === "True";
    const dir = m.kubelet.settings?.staticPodPath ?? "";
    let manifests: string[] = [];
    try {
      manifests = dir && m.fs.isDir(dir) ? m.fs.readdir(dir) : [];
    } catch {
      manifests = [];
    }
    return { name: m.name, ip: m.ip, ready, kubelet: m.kubelet.running ? ("running" as const) : ("stopped" as const), staticPodPath: dir, manifests };
  });
  return { now: cluster.now(), nodes, pods };
}

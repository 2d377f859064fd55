// The cluster as it changes: each node with its kubelet, its manifest folder and its pods,
// coloured by owner, with status badges (a crash loop counts down to the next restart).
// The worker pushes a new view on every change; nothing polls.

import { useState } from "react";
import { useStore } from "zustand";
import type { ClusterView, NodeView, PodView } from "../shell/session-api.ts";
import type { Lab } from "./lab.ts";

const OWNER_LABEL: Record<PodView["owner"], string> = {
  static: "static (mirror)",
  daemonset: "DaemonSet",
  replicaset: "ReplicaSet / Deployment",
  job: "Job",
  bare: "bare pod",
  other: "other owner",
};

function statusClass(status: string): string {
  if (status === "Running") return "ok";
  if (status === "Completed" || status === "Succeeded" || status === "Terminating") return "done";
  if (/Pending|ContainerCreating|PodInitializing|Init:/.test(status)) return "wait";
  return "bad";
}

function Pod({ pod, view, clock, onPick }: { pod: PodView; view: ClusterView; clock: number | null; onPick(p: PodView): void }) {
  const elapsed = clock !== null ? Math.max(0, (clock - view.now) / 1000) : 0;
  const next = pod.nextRestartSeconds !== undefined ? Math.max(0, Math.ceil(pod.nextRestartSeconds - elapsed)) : null;
  return (
    <li>
      <button type="button" className={`pod owner-${pod.owner}`} onClick={() => onPick(pod)} title={`${OWNER_LABEL[pod.owner]} — ${pod.namespace}/${pod.name}: kubectl describe`} data-pod={pod.name}>
        <span className="pod-name">{pod.name}</span>
        <span className="pod-ns">{pod.namespace}</span>
        <span className={`badge badge-${statusClass(pod.status)}`}>{pod.status}</span>
        <span className="pod-ready">{pod.ready}</span>
        {pod.restarts !== "0" && <span className="pod-restarts">↻{pod.restarts}</span>}
        {next !== null && <span className="pod-next">restart in {next}s</span>}
      </button>
    </li>
  );
}

function Node({ node, pods, view, clock, onPick }: { node: NodeView; pods: PodView[]; view: ClusterView; clock: number | null; onPick(p: PodView): void }) {
  return (
    <section className="node-card" aria-label={`node ${node.name}`} data-node={node.name}>
      <header className="node-head">
        <strong>{node.name}</strong>
        <span className="node-ip">{node.ip}</span>
        <span className={`badge badge-${node.ready ? "ok" : "bad"}`}>{node.ready ? "Ready" : "NotReady"}</span>
        <span className={`badge badge-${node.kubelet === "running" ? "ok" : "bad"}`}>kubelet {node.kubelet}</span>
      </header>
      <div className="node-manifests">
        <span className="label">staticPodPath</span> <code>{node.staticPodPath || "(none)"}</code>
        <ul className="manifest-list">
          {node.manifests.length === 0 ? <li className="muted">empty</li> : node.manifests.map((m) => <li key={m}>{m}</li>)}
        </ul>
      </div>
      <ul className="pod-list">
        {pods.map((p) => (
          <Pod key={`${p.namespace}/${p.name}`} pod={p} view={view} clock={clock} onPick={onPick} />
        ))}
        {pods.length === 0 && <li className="muted">no pods</li>}
      </ul>
    </section>
  );
}

export function ClusterPanel({ lab }: { lab: Lab }) {
  const view = useStore(lab.store, (s) => s.view);
  const clock = useStore(lab.store, (s) => s.clock);
  const [described, setDescribed] = useState<{ pod: PodView; text: string } | null>(null);
  if (!view) return <p className="task-loading">Reading the cluster…</p>;
  const onPick = (pod: PodView) => {
    setDescribed({ pod, text: "…" });
    void lab.describePod(pod.namespace, pod.name).then((text) => setDescribed({ pod, text }));
  };
  const unscheduled = view.pods.filter((p) => !p.node);
  return (
    <div className="cluster-view" data-testid="cluster-view">
      {described && (
        <section className="describe" ref={(el) => el?.scrollIntoView({ block: "nearest" })} aria-label={`kubectl describe pod ${described.pod.name}`}>
          <header>
            <code>
              kubectl describe pod {described.pod.name} -n {described.pod.namespace}
            </code>
            <button type="button" onClick={() => setDescribed(null)} aria-label="close describe output">
              ✕
            </button>
          </header>
          <pre data-testid="describe">{described.text}</pre>
        </section>
      )}
      <ul className="legend" aria-label="colours by owner">
        {(Object.keys(OWNER_LABEL) as PodView["owner"][]).map((o) => (
          <li key={o} className={`owner-${o}`}>
            {OWNER_LABEL[o]}
          </li>
        ))}
      </ul>
      {view.nodes.map((n) => (
        <Node key={n.name} node={n} pods={view.pods.filter((p) => p.node === n.name)} view={view} clock={clock} onPick={onPick} />
      ))}
      {unscheduled.length > 0 && (
        <section className="node-card unscheduled" aria-label="pods not scheduled">
          <header className="node-head">
            <strong>not scheduled</strong>
          </header>
          <ul className="pod-list">
            {unscheduled.map((p) => (
              <Pod key={`${p.namespace}/${p.name}`} pod={p} view={view} clock={clock} onPick={onPick} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

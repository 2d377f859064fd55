// The cluster as it changes: each node with its kubelet, its manifest folder and its pods,
// coloured by owner, with status badges (a crash loop counts down to the next restart).
// The worker pushes a new view on every change (at most twice a second); nothing polls. A big
// cluster's view has a few pods per node, the others counted ("… and 9 890 more: Pending").

import { memo, useCallback, useState } from "react";
import { useStore } from "zustand";
import type { NodeView, PodView } from "../shell/session-api.ts";
import type { Lab } from "./lab.ts";
import type { HiddenPods } from "./worker-protocol.ts";

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

/** `elapsed`: seconds since the view was taken (only a crash-looping pod's countdown uses it). */
const Pod = memo(function Pod({ pod, elapsed, onPick }: { pod: PodView; elapsed: number; onPick(p: PodView): void }) {
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
});

const count = (n: number) => n.toLocaleString("en-US");

/** The pods of a group the view left out: how many, by status. */
function More({ hidden }: { hidden: HiddenPods | undefined }) {
  if (!hidden || hidden.count === 0) return null;
  const by = Object.entries(hidden.byStatus)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([status, n]) => `${count(n)} ${status}`)
    .join(", ");
  return (
    <li className="muted pod-more" data-testid="pods-hidden">
      … and {count(hidden.count)} more pods ({by}) — <code>kubectl get pods -A -o wide</code> lists them all
    </li>
  );
}

function PodList({ pods, hidden, elapsed, onPick, empty }: { pods: PodView[]; hidden: HiddenPods | undefined; elapsed: number; onPick(p: PodView): void; empty?: string }) {
  return (
    <ul className="pod-list">
      {pods.map((p) => (
        <Pod key={`${p.namespace}/${p.name}`} pod={p} elapsed={p.nextRestartSeconds !== undefined ? elapsed : 0} onPick={onPick} />
      ))}
      <More hidden={hidden} />
      {pods.length === 0 && !hidden && empty && <li className="muted">{empty}</li>}
    </ul>
  );
}

function Node({ node, pods, hidden, elapsed, onPick }: { node: NodeView; pods: PodView[]; hidden: HiddenPods | undefined; elapsed: number; onPick(p: PodView): void }) {
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
      <PodList pods={pods} hidden={hidden} elapsed={elapsed} onPick={onPick} empty="no pods" />
    </section>
  );
}

export function ClusterPanel({ lab }: { lab: Lab }) {
  const view = useStore(lab.store, (s) => s.view);
  const clock = useStore(lab.store, (s) => s.clock);
  const [described, setDescribed] = useState<{ pod: PodView; text: string } | null>(null);
  const onPick = useCallback(
    (pod: PodView) => {
      setDescribed({ pod, text: "…" });
      void lab.describePod(pod.namespace, pod.name).then((text) => setDescribed({ pod, text }));
    },
    [lab],
  );
  if (!view) return <p className="task-loading">Reading the cluster…</p>;
  const elapsed = clock !== null ? Math.max(0, (clock - view.now) / 1000) : 0;
  const unscheduled = view.pods.filter((p) => !p.node);
  const unscheduledHidden = view.hidden?.[""];
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
        <Node key={n.name} node={n} pods={view.pods.filter((p) => p.node === n.name)} hidden={view.hidden?.[n.name]} elapsed={elapsed} onPick={onPick} />
      ))}
      {(unscheduled.length > 0 || unscheduledHidden) && (
        <section className="node-card unscheduled" aria-label="pods not scheduled">
          <header className="node-head">
            <strong>not scheduled</strong>
          </header>
          <PodList pods={unscheduled} hidden={unscheduledHidden} elapsed={elapsed} onPick={onPick} />
        </section>
      )}
    </div>
  );
}

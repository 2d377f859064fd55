// Node lifecycle controller (pkg/controller/nodelifecycle) and the taint eviction
// controller (pkg/controller/tainteviction). Every node-monitor-period (5 s) it checks each
// node's heartbeat (its Lease in kube-node-lease and Ready's lastHeartbeatTime); after
// node-monitor-grace-period (50 s since v1.32, kubernetes#126287) without one, the node's conditions become Unknown
// ("Kubelet stopped posting node status."), its pods not ready, and it gets the
// node.kubernetes.io/unreachable NoSchedule + NoExecute taints (not-ready when the kubelet
// reports Ready=False). Pods that do not tolerate a NoExecute taint are deleted, after
// their tolerationSeconds (300 s from the DefaultTolerationSeconds admission).

import type { KubeObject } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { refOf } from "../../events.ts";
import { Controller } from "../manager.ts";
import { ts } from "../util.ts";

export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_MS = 50_000;
const UNREACHABLE = "node.kubernetes.io/unreachable";
const NOT_READY = "node.kubernetes.io/not-ready";
const SOURCE = { component: "node-controller" };

interface Health {
  probe: number;
  heartbeat: string;
  /** the Lease renewal last seen (undefined: String(hbMs)) */
  lease: string | undefined;
  /** the node object as last reconciled (stored objects are replaced on every write) */
  node?: KubeObject;
  hbMs?: number;
  ready?: string;
}

export class NodeLifecycleController extends Controller {
  readonly name = "nodelifecycle";
  private health = new Map<string, Health>();
  private armed = false;
  /*
   * Passes that cannot change anything are not walked node by node. A node can only go Unknown
   * once now > probe + grace, and the probe time (the pass that first saw the latest Lease
   * renewal) only moves forward; a node whose kubelet keeps renewing never gets there, and its
   * kubelet says when its renewals stop or start. So after a full pass nothing can happen before
   * the earliest probe + grace of the nodes not renewing, unless a Node or Lease object changes or
   * a kubelet's renewals start or stop. A later full pass rebuilds each probe time exactly from
   * the recent pass times: the first pass at or after the latest renewal is the one that saw it.
   */
  /** nodes whose Node or Lease object, or whose kubelet's renewing, changed since the last full pass */
  private dirty = new Set<string>();
  /** the times of the latest passes (a renewal seen late is at most a few passes old) */
  private passes: number[] = [];
  private lastFull = -Infinity;
  /** before this time no node can pass its grace period */
  private quietUntil = -Infinity;

  onEvent(e: WatchEvent): void {
    if (e.resource === "nodes") {
      if (e.type === "DELETED") this.health.delete(e.object.metadata.name!);
      this.dirty.add(e.object.metadata.name!);
    } else if (e.resource === "leases" && e.object.metadata.namespace === "kube-node-lease") this.dirty.add(e.object.metadata.name!);
  }

  /** A kubelet's Lease renewals started or stopped. */
  heartbeatChanged(node: string): void {
    this.dirty.add(node);
  }

  resyncAll(): void {
    // the controller (re)starts: every node gets a fresh grace period
    this.health.clear();
    this.quietUntil = -Infinity;
    this.queue.add("monitor");
  }

  private arm(): void {
    if (this.armed) return;
    this.armed = true;
    this.mgr.after(NODE_MONITOR_PERIOD_MS, () => {
      this.armed = false;
      this.enqueue("monitor");
    });
  }

  /** The first pass since the last full one that ran at or after time t (it saw a renewal at t first). */
  private firstPassFrom(t: number): number {
    const p = this.passes;
    for (let i = 0; i < p.length; i++) if (p[i] > this.lastFull && p[i] >= t) return p[i];
    return p[p.length - 1];
  }

  sync(): void {
    this.arm();
    const now = this.now();
    this.passes.push(now);
    if (this.passes.length > 32) this.passes.shift();
    if (!this.dirty.size && now <= this.quietUntil) return;
    this.dirty.clear();
    let quiet = Infinity;
    for (const node of this.store.inNamespace("nodes", "")) {
      const name = node.metadata.name!;
      let h = this.health.get(name);
      const hbMs = this.ctx.heartbeat?.(name);
      if (h && hbMs !== undefined && h.hbMs !== undefined && h.hbMs !== hbMs) {
        // renewed since the last full pass: the passes in between saw it (see above)
        const first = this.firstPassFrom(hbMs);
        if (h.node === node || first < now) {
          h.probe = first;
          h.lease = undefined;
          h.hbMs = hbMs;
        }
      }
      if (h && h.node === node && hbMs !== undefined && h.hbMs !== undefined) {
        // the node object is unchanged: only the Lease can have been renewed (handled above;
        // h.lease is String(h.hbMs) then, formatted only when compared)
      } else {
        // something changed: re-read the node's heartbeats
        let ready: any;
        for (const c of node.status?.conditions ?? []) if (c.type === "Ready") ready = c;
        const hb = ready?.lastHeartbeatTime ?? "";
        const lr = String(hbMs ?? this.store.peek("leases", "kube-node-lease", name)?.spec?.renewTime ?? "");
        if (!h) this.health.set(name, (h = { probe: now, heartbeat: hb, lease: lr, node, hbMs, ready: ready?.status }));
        if (h.heartbeat !== hb || (h.lease ?? String(h.hbMs)) !== lr) {
          h.probe = now;
          h.heartbeat = hb;
          h.lease = lr;
        }
        h.hbMs = hbMs;
        h.ready = ready?.status;
      }
      let cur = node;
      if (now > h.probe + NODE_MONITOR_GRACE_MS && h.ready !== "Unknown") {
        cur = this.markUnknown(node);
        h.ready = "Unknown";
      }
      // the tainting passes only matter when the node changed since we last looked
      if (h.node !== cur) {
        this.taints(cur);
        h.node = this.store.peek("nodes", undefined, name) ?? cur;
      }
      // a node without a kubelet heartbeat (its Lease read from the store) is looked at every pass
      if (hbMs === undefined) quiet = -Infinity;
      else if (h.ready !== "Unknown" && !this.ctx.renewing?.(name)) quiet = Math.min(quiet, h.probe + NODE_MONITOR_GRACE_MS);
    }
    this.quietUntil = quiet;
    this.lastFull = now;
  }

  private markUnknown(node: KubeObject): KubeObject {
    const upd = deepClone(node);
    const t = ts(this.now());
    const wasReady = (upd.status?.conditions ?? []).find((c: any) => c.type === "Ready")?.status === "True";
    for (const c of upd.status?.conditions ?? []) {
      if (c.status === "Unknown") continue;
      c.status = "Unknown";
      c.reason = "NodeStatusUnknown";
      c.message = "Kubelet stopped posting node status.";
      c.lastTransitionTime = t;
    }
    // tryUpdateNodeHealth: a condition the kubelet never posted (a Node object created by hand)
    // is added as Unknown, NodeStatusNeverUpdated — so the next pass sees Ready=Unknown and
    // writes nothing more
    const conds: any[] = ((upd.status ??= {}).conditions ??= []);
    for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]) {
      if (conds.some((c) => c.type === type)) continue;
      conds.push({ lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: t, message: "Kubelet never posted node status.", reason: "NodeStatusNeverUpdated", status: "Unknown", type });
    }
    const stored = this.api.updateStatus("nodes", upd);
    if (wasReady) {
      this.ctx.events.record({ apiVersion: "v1", kind: "Node", name: node.metadata.name!, uid: node.metadata.name! }, "Normal", "NodeNotReady", `Node ${node.metadata.name} status is now: NodeNotReady`, SOURCE);
      // MarkPodsNotReady
      for (const p of this.store.podsOnNode(node.metadata.name!)) {
        const pc = (p.status?.conditions ?? []).find((c: any) => c.type === "Ready");
        if (!pc || pc.status === "False") continue;
        const pu = deepClone(p);
        for (const c of pu.status.conditions) {
          if (c.type === "Ready" || c.type === "ContainersReady") {
            c.status = "False";
            c.lastTransitionTime = t;
            delete c.reason;
            delete c.message;
          }
        }
        this.api.updateStatus("pods", pu);
        this.ctx.events.record(refOf(p), "Warning", "NodeNotReady", "Node is not ready", SOURCE);
      }
    }
    return stored;
  }

  /** doNoScheduleTaintingPass + doNoExecuteTaintingPass */
  private taints(node: KubeObject): void {
    const ready = (node.status?.conditions ?? []).find((c: any) => c.type === "Ready")?.status;
    const want: { key: string; effect: string }[] = [];
    if (ready === "Unknown") want.push({ key: UNREACHABLE, effect: "NoSchedule" }, { key: UNREACHABLE, effect: "NoExecute" });
    else if (ready === "False") want.push({ key: NOT_READY, effect: "NoSchedule" }, { key: NOT_READY, effect: "NoExecute" });
    const taints: any[] = node.spec?.taints ?? [];
    const managed = (t: any) => t.key === UNREACHABLE || t.key === NOT_READY;
    const has = (w: { key: string; effect: string }) => taints.some((t) => t.key === w.key && t.effect === w.effect);
    const stale = taints.filter((t) => managed(t) && !want.some((w) => w.key === t.key && w.effect === t.effect));
    const missing = want.filter((w) => !has(w));
    if (!stale.length && !missing.length) return;
    const upd = deepClone(node);
    upd.spec ??= {};
    const next = taints.filter((t) => !stale.includes(t)).map((t) => ({ ...t }));
    for (const w of missing) next.push(w.effect === "NoExecute" ? { effect: w.effect, key: w.key, timeAdded: ts(this.now()) } : { effect: w.effect, key: w.key });
    if (next.length) upd.spec.taints = next;
    else delete upd.spec.taints;
    this.api.store.update("nodes", upd);
  }
}

/** Taint eviction (NoExecute): key = node name. */
export class TaintEvictionController extends Controller {
  readonly name = "tainteviction";
  private scheduled = new Map<string, number>();

  onEvent(e: WatchEvent): void {
    if (e.resource === "nodes") {
      const before = JSON.stringify((e.old?.spec?.taints ?? []).filter((t: any) => t.effect === "NoExecute"));
      const after = JSON.stringify((e.object.spec?.taints ?? []).filter((t: any) => t.effect === "NoExecute"));
      if (e.type !== "DELETED" && (before !== after || e.type === "ADDED")) this.enqueue(e.object.metadata.name!);
    } else if (e.resource === "pods" && e.type !== "DELETED") {
      const n = e.object.spec?.nodeName;
      if (n && n !== e.old?.spec?.nodeName) {
        const node = this.store.peek("nodes", undefined, n);
        if (node?.spec?.taints?.some((t: any) => t.effect === "NoExecute")) this.enqueue(n);
      }
    }
  }

  resyncAll(): void {
    for (const n of this.store.listRaw("nodes")) if (n.spec?.taints?.some((t: any) => t.effect === "NoExecute")) this.queue.add(n.metadata.name!);
  }

  sync(nodeName: string): void {
    const node = this.store.peek("nodes", undefined, nodeName);
    if (!node) return;
    const taints: any[] = (node.spec?.taints ?? []).filter((t: any) => t.effect === "NoExecute");
    if (!taints.length) return;
    const now = this.now();
    let wake: number | undefined;
    for (const p of this.store.podsOnNode(nodeName)) {
      if (p.metadata.deletionTimestamp || p.metadata.annotations?.["kubernetes.io/config.mirror"]) continue;
      let evictAt = Infinity;
      let never = true;
      for (const t of taints) {
        const matching = (p.spec?.tolerations ?? []).filter((tol: any) => (!tol.effect || tol.effect === "NoExecute") && (tol.operator === "Exists" ? !tol.key || tol.key === t.key : tol.key === t.key && (tol.value ?? "") === (t.value ?? "")));
        if (!matching.length) {
          evictAt = now;
          never = false;
          break;
        }
        const min = Math.min(...matching.map((m: any) => (m.tolerationSeconds === undefined || m.tolerationSeconds === null ? Infinity : Math.max(0, m.tolerationSeconds))));
        if (min === Infinity) continue;
        never = false;
        const added = t.timeAdded ? Date.parse(t.timeAdded) : now;
        evictAt = Math.min(evictAt, added + min * 1000);
      }
      if (never) continue;
      if (evictAt <= now) this.evict(p);
      else wake = Math.min(wake ?? evictAt, evictAt);
    }
    if (wake !== undefined && this.scheduled.get(nodeName) !== wake) {
      this.scheduled.set(nodeName, wake);
      this.enqueueAfter(nodeName, wake - now);
    }
  }

  private evict(p: KubeObject): void {
    const upd = deepClone(p);
    upd.status ??= {};
    const conds: any[] = (upd.status.conditions ??= []);
    if (!conds.some((c) => c.type === "DisruptionTarget")) {
      conds.unshift({ lastProbeTime: null, lastTransitionTime: ts(this.now()), message: "Taint manager: deleting due to NoExecute taint", reason: "DeletionByTaintManager", status: "True", type: "DisruptionTarget" });
      this.api.updateStatus("pods", upd);
    }
    this.ctx.events.record(refOf(p), "Normal", "TaintManagerEviction", `Marking for deletion Pod ${p.metadata.namespace}/${p.metadata.name}`, { component: "taint-eviction-controller" });
    this.api.delete("pods", p.metadata.namespace, p.metadata.name!);
  }
}

// The kubelet of one node: config sources (the static pod folder and the API server),
// pod workers that drive the container runtime, restart and image pull back-off, mirror
// pods for static pods, and the status manager. Every step that takes time is a timer on
// the virtual clock; every reaction is derived from current state (syncPod is idempotent).

import type { KubeObject, ContainerStatus } from "../../types.ts";
import { rfc3339, rfc3339Nano } from "../../types.ts";
import type { Clock, Timer } from "../../clock.ts";
import type { Rand } from "../../rand.ts";
import type { ApiServer } from "../../api/server.ts";
import type { EventRecorder, PreparedEvent } from "../../events.ts";
import { Backoff } from "../../backoff.ts";
import { fnv32a } from "../../hash.ts";
import type { DirHandle, NodeFs, FsEvent } from "../fs.ts";
import { Runtime, type Container, type Sandbox } from "../runtime.ts";
import type { Systemd } from "../systemd.ts";
import { containerStartError, planProcess, type ProcessPlan } from "../processes.ts";
import type { ContainerWorld } from "./world.ts";
import { imageProgram } from "../programs.ts";
import { readKubeletSettings, type KubeletSettings } from "./config.ts";
import { nextFileChange, runProbe } from "./probes.ts";
import { listStaticPods, type StaticPod } from "./file-source.ts";
import { hostMounts, resolveMount, setUpVolumes } from "./volumes.ts";
import { lookupImage, normalizeImageRef, PAUSE_IMAGE } from "../../images/catalog.ts";

/** Lifecycle timings (kwok-style stages as data), in ms of virtual time. */
export const STAGES = {
  sandbox: 600,
  create: 150,
  start: 250,
  /** an already-present image with pullPolicy Always: the registry round trip */
  pullCheck: [350, 900] as [number, number],
  /** PLEG relist: how long an exited container shows before the kubelet reacts */
  pleg: 1000,
  /** housekeeping: orphaned mirror pods are cleaned up this often */
  housekeeping: 2000,
  /** node status report (nodeStatusReportFrequency: posted at least this often) */
  nodeStatus: 300_000,
  /** node Lease renewal in kube-node-lease (nodeLeaseDurationSeconds 40 × 0.25) */
  lease: 10_000,
  /** ContainerGCPeriod: the container garbage collector's sweeps */
  containerGC: 60_000,
};

export interface KubeletDeps {
  nodeName: string;
  nodeIp: string;
  podCidrIndex: number;
  clock: Clock;
  rand: Rand;
  api: ApiServer;
  events: EventRecorder;
  fs: NodeFs;
  runtime: Runtime;
  systemd: Systemd;
  /** the Node object to register (labels, taints, capacity, nodeInfo) */
  nodeTemplate: () => KubeObject;
  /** what a container's main process sees beyond itself: its files and the network (kubelet/world.ts) */
  world?: (pod: KubeObject, ctr: Container) => ContainerWorld;
  /** the Lease renewals began or stopped (the node lifecycle controller looks again) */
  heartbeatChanged?: () => void;
}

/** a running process planned against the network (Kubelet.watchNetwork) */
interface NetPlan {
  rec: PodRec;
  c: any;
  st: CState;
  ctr: Container & { plan?: ProcessPlan };
  world: ContainerWorld;
  argv: string[];
  env: Record<string, string>;
  start: number;
  mounts: ReturnType<typeof hostMounts>;
}

interface CState {
  name: string;
  /** latest container instance id in the runtime */
  id?: string;
  restartCount: number;
  busy?: "pull" | "create" | "start";
  waiting?: { reason: string; message?: string };
  /** set when a probe/startup says ready (no probes: ready when running) */
  lastTerminated?: ContainerStatus["lastState"];
  /** the container instance the probe state belongs to */
  probedId?: string;
  ready?: boolean;
  started?: boolean;
  probes?: Record<string, { successes: number; failures: number; armed: boolean }>;
  /** the process plan of the last start, by argv and environment (a plan is pure data, never changed) */
  plan?: { argv: string[]; command?: readonly string[]; args?: readonly string[]; env: Record<string, string>; plan: ProcessPlan; used?: boolean };
  /** the status's terminated states of the latest attempts and the running state of the current one (kubelet.terminatedState/runningState) */
  terms?: { ctr: Container; obj: ContainerStatus["lastState"] }[];
  run?: { ctr: Container; at: number | undefined; obj: ContainerStatus["state"] };
  /** the container's log directory /var/log/pods/<ns>_<pod>_<uid>/<name> (a handle) and the current attempt's file in it */
  logDir?: DirHandle;
  log?: { ctr: Container; name: string };
  /** the container (id) the kubelet stopped because its spec changed: it restarts whatever the restart policy */
  specChanged?: string;
  /** "podUid/name": the runtime's attempts index key (unitKey) */
  unit?: string;
  /** the restart back-off's key: pod name, namespace, uid, container */
  backoffKey?: string;
  /** the restart time whose BackOff re-syncs are scheduled */
  backoffTick?: number;
  /** the events every restart records again, prepared once (their messages never change; Pulled's follows the image) */
  ev?: { fp: string; created?: PreparedEvent; started?: PreparedEvent; backoff?: PreparedEvent; pulled?: { image: string; p: PreparedEvent } };
  /** imageFields' answer for an image string and a length of the runtime's image list */
  imageFields?: { image: string; images: number; imageName: string; imageID: string };
}

/**
 * What the status path needs of one entry of spec.containers / spec.initContainers, read once when
 * the kubelet takes the pod (its spec never changes here): the status path then reads only the
 * kubelet's own records, whose shapes are the same for every pod (pods' objects are not: a
 * Deployment's pods and a bare pod differ, and the optimised status code deoptimised on them).
 */
interface SpecEntry {
  st: CState;
  name: string;
  /** String(c.image ?? "") */
  image: string;
  startupProbe: boolean;
  readinessProbe: boolean;
  /** an init container has this name */
  initName: boolean;
  /** the status's volumeMounts for it */
  mounts: any[];
}

interface PodRec {
  uid: string;
  pod: KubeObject;
  /** metadata.namespace and name, spec.restartPolicy (default Always) and status.qosClass as the kubelet took the pod */
  ns: string;
  name: string;
  policy: string;
  qos: string | undefined;
  /** spec.containers and spec.initContainers, entry by entry (SpecEntry) */
  mains: SpecEntry[];
  inits: SpecEntry[];
  /** the containers' states in cs order */
  states: CState[];
  /** the API pod's spec object last compared with ours (followImages) */
  apiSpec: unknown;
  source: "file" | "api";
  file?: string;
  seen: number;
  sandboxId?: string;
  sandboxBusy?: boolean;
  cs: Map<string, CState>;
  ip?: string;
  startTime?: number;
  /** condition transition times, by CONDITION_TYPES index */
  cond: ({ status: string; at: number } | undefined)[];
  /** the condition objects of the last status built, with what they were built from (buildStatus) */
  condObjs?: ({ status: string; reason?: string; message?: string; at: number; obj: unknown } | undefined)[];
  /** the condition messages last built, by the container names in them */
  condMsgs?: { init?: { names: string; msg: string }; ready?: { names: string; msg: string } };
  /** the conditions list of the last status built */
  condList?: unknown[];
  /** the podIPs list of the last status built */
  podIPs?: { ip: string }[];
  terminating?: { started: number; done: boolean };
  /** the pod's timers (killPod cancels them); fired ones are dropped now and then (keepTimer) */
  timers: Timer[];
  /** the kubelet has written this pod's status at least once (since its mirror pod was created) */
  statusWritten?: boolean;
  /** prepared events by type, reason, fieldPath and message (see podEvent) */
  events?: Map<string, PreparedEvent>;
  /** what the last written status was built from (see writeStatus) */
  built?: { inputs: readonly unknown[]; pod: KubeObject; api: KubeObject };
}

export class Kubelet {
  running = false;
  settings: KubeletSettings | null = null;
  pods = new Map<string, PodRec>();
  /** every timer of this run (stop cancels them); fired ones are dropped now and then (keepTimer) */
  private timers: Timer[] = [];
  private unsubFs: (() => void) | null = null;
  private unsubApi: (() => void) | null = null;
  private fileDirty = true;
  private fileCache = new Map<string, { text: string; result: any }>();
  private restartBackoff: Backoff;
  private pullBackoff: Backoff;
  private nextIp = 2;
  private lastFileErrors = new Map<string, string>();
  /** bumped by stop(): a timer of an earlier run does nothing */
  private runs = 0;
  pid = 0;

  constructor(private d: KubeletDeps) {
    this.restartBackoff = new Backoff(() => d.clock.now());
    this.pullBackoff = new Backoff(() => d.clock.now());
  }

  private now(): number {
    return this.d.clock.now();
  }

  private log(text: string, level: "I" | "E" | "W" = "I", file = "kubelet.go:0"): void {
    const t = new Date(this.now());
    const mm = String(t.getUTCMonth() + 1).padStart(2, "0");
    const dd = String(t.getUTCDate()).padStart(2, "0");
    const time = t.toISOString().slice(11, 23) + "000";
    this.d.systemd.log("kubelet.service", "kubelet", `${level}${mm}${dd} ${time}    ${this.pid} ${file}] ${text}`, this.pid);
  }

  private after(ms: number, fn: () => void, rec?: PodRec, quiet = false): void {
    const t = this.d.clock.timer(this.now() + Math.max(0, ms), () => {
      if (this.running) fn();
    }, quiet);
    this.timers = keepTimer(this.timers, t, 256);
    if (rec) rec.timers = keepTimer(rec.timers, t, 16);
  }

  // ---------------------------------------------------------------- lifecycle

  /** systemctl start kubelet: read config; on error exit (systemd restarts us); else register and run. */
  start(pid: number): boolean {
    this.pid = pid;
    this.settings = readKubeletSettings(this.d.fs);
    if (this.settings.error) {
      this.log(`"command failed" err="${this.settings.error}"`, "E", "run.go:72");
      return false;
    }
    this.running = true;
    this.d.events.forget(this.source()); // a new process: a new broadcaster and EventCorrelator
    this.log(`"Starting kubelet"`, "I", "kubelet.go:1623");
    if (this.settings.staticPodPath) this.log(`"Adding static pod path" path="${this.settings.staticPodPath}"`, "I", "kubelet.go:416");
    this.unsubFs = this.d.fs.onChange((e) => this.onFsEvent(e));
    this.unsubApi = this.d.api.store.watch((e) => {
      if (!this.running) return;
      if (e.resource === "pods") {
        this.onApiPod(e.type, e.object);
        // housekeeping looks at which pods exist and at mirror pods: a status write changes neither
        const m = e.object.metadata, o = e.old?.metadata;
        // (a binding brings a pod to this node: a scheduled pod carrying the mirror annotation is an orphan too)
        if (e.type !== "MODIFIED" || !o || o.annotations !== m.annotations || o.deletionTimestamp !== m.deletionTimestamp || o.uid !== m.uid || e.old?.spec?.nodeName !== e.object.spec?.nodeName) this.scheduleHousekeeping();
      } else if (e.resource === "nodes" && e.type === "DELETED" && e.object.metadata.name === this.d.nodeName) this.after(0, () => this.registerNode());
    }, { node: this.d.nodeName, resources: ["pods", "nodes"] });
    this.adoptRuntime();
    this.registerNode();
    this.fileDirty = true;
    this.syncFileSource();
    this.syncApiSource();
    this.scheduleFileCheck();
    this.scheduleHousekeeping();
    // StartGarbageCollection: a sweep now, then every ContainerGCPeriod
    this.gcEpoch = this.now();
    this.containerGC(true);
    if (this.d.api.isUp()) {
      this.leaseEpoch = this.now();
      this.statusEpoch = this.now();
      this.renewLease();
    }
    this.d.heartbeatChanged?.();
    return true;
  }

  /** systemctl stop kubelet: the agent stops; its containers keep running. */
  stop(): void {
    // the last renewal and the last 5-minute status report stay what the API shows
    this.renewLease();
    this.materializeNodeStatus();
    this.leaseFrozen = this.heartbeat();
    this.leaseEpoch = undefined;
    this.statusEpoch = undefined;
    this.running = false;
    this.d.heartbeatChanged?.();
    this.runs++;
    for (const t of this.timers) this.d.clock.cancelTimer(t);
    this.timers = [];
    // their timers are gone: a restarted kubelet must arm them again (an armed flag left set
    // meant no periodic re-list and no housekeeping after a restart; found by fuzzing, seed 716)
    this.fileCheckArmed = false;
    this.housekeepingArmed = false;
    this.gcArmed = false;
    for (const r of this.pods.values()) {
      r.timers = [];
      for (const c of r.cs.values()) c.busy = undefined;
      r.sandboxBusy = false;
    }
    this.unsubFs?.();
    this.unsubApi?.();
    this.unsubFs = this.unsubApi = null;
  }

  /** After a kubelet restart, the runtime's containers belong to the pods we rebuild from sources. */
  private adoptRuntime(): void {
    // pod records survive in memory across restarts (checkpoint of the real kubelet); drop stale busy flags
    for (const r of this.pods.values()) {
      for (const c of r.cs.values()) c.busy = undefined;
      r.sandboxBusy = false;
    }
  }

  private registerNode(): void {
    if (!this.d.api.isUp()) return;
    const existing = this.d.api.store.peek("nodes", undefined, this.d.nodeName);
    if (!existing) {
      this.d.api.store.create("nodes", this.d.nodeTemplate());
      this.log(`"Successfully registered node" node="${this.d.nodeName}"`, "I", "kubelet_node_status.go:79");
    }
    this.updateNodeStatus();
  }

  private updateNodeStatus(): void {
    if (!this.d.api.isUp()) return;
    const node = this.d.api.store.peek("nodes", undefined, this.d.nodeName);
    if (!node) return;
    const n = structuredClone(node);
    const ts = rfc3339(this.now());
    for (const c of n.status?.conditions ?? []) {
      c.lastHeartbeatTime = ts;
      if (c.type === "Ready" && c.status !== "True") {
        c.status = "True";
        c.reason = "KubeletReady";
        c.message = "kubelet is posting ready status";
        c.lastTransitionTime = ts;
      }
    }
    n.status.images = this.d.runtime.images.map((i) => ({ names: [`${i.repository}@${i.digest}`, `${i.repository}:${i.tag}`], sizeBytes: i.size }));
    // a restarted kubelet reports its own binary's version
    const info = this.d.nodeTemplate().status?.nodeInfo;
    if (info && n.status.nodeInfo) Object.assign(n.status.nodeInfo, { kubeletVersion: info.kubeletVersion, kubeProxyVersion: info.kubeProxyVersion });
    this.d.api.updateStatus("nodes", n);
  }

  private fileCheckArmed = false;
  /** The periodic re-list (fileCheckFrequency) matters only while a file failed to parse. */
  private scheduleFileCheck(): void {
    if (this.fileCheckArmed || !this.fileDirty) return;
    this.fileCheckArmed = true;
    const freq = this.settings?.fileCheckFrequencyMs ?? 20000;
    this.after(freq, () => {
      this.fileCheckArmed = false;
      this.syncFileSource(true);
      this.scheduleFileCheck();
    });
  }

  private housekeepingArmed = false;
  /** HandlePodCleanups runs every 2 s on a real kubelet; here only when something it checks changed. */
  private scheduleHousekeeping(): void {
    if (this.housekeepingArmed) return;
    this.housekeepingArmed = true;
    this.after(STAGES.housekeeping, () => {
      this.housekeepingArmed = false;
      this.housekeeping();
    });
  }

  // Heartbeats. The kubelet renews its Lease every 10 s and reports node status every 5 min;
  // both are computed from when the current run of renewals began, and written to the API
  // object when someone reads it (ApiServer's read hook) — the same values, without a timer
  // per node. The node lifecycle controller asks heartbeat() directly.
  private leaseEpoch: number | undefined;
  private leaseFrozen: number | undefined;
  private statusEpoch: number | undefined;

  /** Time of the latest successful Lease renewal, if any. */
  heartbeat(): number | undefined {
    if (this.running && this.leaseEpoch !== undefined) return this.leaseEpoch + Math.floor((this.now() - this.leaseEpoch) / STAGES.lease) * STAGES.lease;
    return this.leaseFrozen;
  }

  /** The API server came up (or we started with it up): renewals begin now. */
  apiUp(): void {
    if (!this.running) return;
    if (this.leaseEpoch === undefined) this.leaseEpoch = this.now();
    if (this.statusEpoch === undefined) this.statusEpoch = this.now();
    this.renewLease();
    this.d.heartbeatChanged?.();
  }

  /** The API server went away: renewals fail from now on. */
  apiDown(): void {
    this.leaseFrozen = this.heartbeat();
    this.leaseEpoch = undefined;
    this.materializeNodeStatus();
    this.statusEpoch = undefined;
    this.d.heartbeatChanged?.();
  }

  /** The Lease is being renewed every 10 s (running, with the API server answering). */
  renewing(): boolean {
    return this.running && this.leaseEpoch !== undefined;
  }

  /** Write the current Lease (create it when missing). */
  renewLease(): void {
    if (!this.d.api.isUp()) return;
    const hb = this.heartbeat();
    if (hb === undefined) return;
    const store = this.d.api.store;
    const name = this.d.nodeName;
    const renewTime = microTime(hb);
    const cur = store.peek("leases", "kube-node-lease", name);
    if (!cur) {
      const node = store.peek("nodes", undefined, name);
      if (!node || !store.peek("namespaces", undefined, "kube-node-lease")) return;
      store.create("leases", {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name, namespace: "kube-node-lease", ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: node.metadata.uid! }] },
        spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime },
      });
      return;
    }
    if (cur.spec?.renewTime === renewTime) return;
    store.update("leases", { ...cur, metadata: { ...cur.metadata }, spec: { ...cur.spec, renewTime } }, { owned: true });
  }

  /** Bring Node.status's lastHeartbeatTime up to the latest 5-minute report. */
  materializeNodeStatus(): void {
    if (!this.running || this.statusEpoch === undefined || !this.d.api.isUp()) return;
    const at = this.statusEpoch + Math.floor((this.now() - this.statusEpoch) / STAGES.nodeStatus) * STAGES.nodeStatus;
    const node = this.d.api.store.peek("nodes", undefined, this.d.nodeName);
    const ts = rfc3339(at);
    if (!node || (node.status?.conditions ?? []).every((c: any) => c.lastHeartbeatTime === ts || c.status === "Unknown")) return;
    if ((node.status?.conditions ?? []).some((c: any) => Date.parse(c.lastHeartbeatTime) > at)) return;
    const n = structuredClone(node);
    for (const c of n.status.conditions) if (c.status !== "Unknown") c.lastHeartbeatTime = ts;
    this.d.api.updateStatus("nodes", n);
  }

  // ---------------------------------------------------------------- sources

  private onFsEvent(e: FsEvent): void {
    const dir = this.settings?.staticPodPath;
    if (!dir) return;
    const d = dir.endsWith("/") ? dir.slice(0, -1) : dir;
    const p = e.path;
    if (p === d || (p.length > d.length && p.startsWith(d) && p[d.length] === "/") || (d.length > p.length && d.startsWith(p) && d[p.length] === "/")) {
      // inotify: read at once (an invalid file only logs until the periodic list removes its pod)
      this.fileDirty = true;
      this.after(0, () => {
        this.syncFileSource(false);
        this.scheduleFileCheck();
      });
    }
  }

  /**
   * List the static pod folder and apply the SET. periodic=false is an inotify-triggered read:
   * files that fail to parse keep their previous pod until the next periodic list.
   */
  syncFileSource(periodic = true): void {
    const dir = this.settings?.staticPodPath;
    if (!this.fileDirty && periodic) return;
    const current = [...this.pods.values()].filter((r) => r.source === "file");
    if (!dir) {
      for (const r of current) this.removePod(r);
      return;
    }
    const res = listStaticPods(this.d.fs, dir, this.d.nodeName, this.fileCache);
    if (res.dirError) {
      if (this.lastFileErrors.get(dir) !== res.dirError) this.log(`"Unable to read config path" err="${res.dirError}" path="${dir}"`, "I", "file.go:85");
      this.lastFileErrors.set(dir, res.dirError);
    } else this.lastFileErrors.delete(dir);
    for (const err of res.errors) {
      this.log(`"Could not process manifest file" err="${err.message}" path="${err.file}"`, "E", "file.go:187");
    }
    const failedFiles = new Set(res.errors.map((e) => e.file));
    const want = new Map<string, StaticPod>(res.pods.map((p) => [p.uid, p]));
    for (const r of current) {
      if (want.has(r.uid)) continue;
      // an inotify read keeps a pod whose file merely failed to parse; the periodic list drops it
      if (!periodic && r.file && failedFiles.has(r.file)) continue;
      this.removePod(r);
    }
    for (const sp of res.pods) {
      if (this.pods.has(sp.uid)) continue;
      this.addPod(sp.pod, "file", sp.file);
    }
    if (periodic || !res.errors.length) this.fileDirty = res.errors.length > 0 && !periodic;
  }

  private syncApiSource(): void {
    if (!this.d.api.isUp()) return;
    for (const p of this.d.api.store.podsOnNode(this.d.nodeName)) this.onApiPod("ADDED", p);
  }

  private onApiPod(type: string, pod: KubeObject): void {
    if (pod.spec?.nodeName !== this.d.nodeName) return;
    const mirrorOf = pod.metadata.annotations?.["kubernetes.io/config.mirror"];
    if (mirrorOf) {
      // a mirror pod changed or vanished: the static pod's sync repairs it
      const rec = [...this.pods.values()].find((r) => r.source === "file" && r.pod.metadata.name === pod.metadata.name && r.pod.metadata.namespace === pod.metadata.namespace);
      if (rec) this.after(type === "DELETED" ? 500 : 0, () => this.syncPod(rec), rec);
      return;
    }
    const uid = pod.metadata.uid!;
    const rec = this.pods.get(uid);
    if (type === "DELETED") {
      if (rec) this.removePod(rec, true);
      return;
    }
    if (!rec) {
      if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") {
        if (!pod.metadata.deletionTimestamp) return;
      }
      this.addPod(structuredClone(pod), "api");
      return;
    }
    // stored objects are never mutated: share the metadata (read-only here)
    rec.pod.metadata = pod.metadata;
    // (a status write keeps the spec object: only a spec the kubelet has not seen is compared)
    if (rec.apiSpec !== pod.spec) {
      rec.apiSpec = pod.spec;
      this.followImages(rec, pod);
    }
    if (pod.metadata.deletionTimestamp && !rec.terminating) {
      this.killPod(rec, pod.metadata.deletionGracePeriodSeconds ?? 30, () => this.finishApiPodDeletion(rec));
    }
  }

  // ---------------------------------------------------------------- pod workers

  private addPod(pod: KubeObject, source: "file" | "api", file?: string): void {
    const uid = pod.metadata.uid!;
    // every field from the start, in one order: records keep one shape (a field added later makes a
    // new hidden class, and the optimised code of the status path deoptimises on it)
    const rec: PodRec = {
      uid, pod, ns: pod.metadata.namespace!, name: pod.metadata.name!, policy: pod.spec.restartPolicy ?? "Always", qos: pod.status?.qosClass, mains: [], inits: [], states: [],
      source, file, seen: this.now(), sandboxId: undefined, sandboxBusy: undefined, cs: new Map(), ip: undefined, startTime: undefined,
      cond: [], condObjs: undefined, condMsgs: undefined, condList: undefined, podIPs: undefined, terminating: undefined, timers: [],
      statusWritten: undefined, events: undefined, built: undefined, apiSpec: undefined,
    };
    if (source === "file") {
      pod.metadata.annotations = { ...pod.metadata.annotations, "kubernetes.io/config.seen": seenTime(this.now(), this.d.rand), "kubernetes.io/config.source": "file" };
    }
    for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) rec.cs.set(c.name, newCState(c.name));
    const initList: any[] = pod.spec.initContainers ?? [];
    const entry = (c: any): SpecEntry => ({
      st: rec.cs.get(c.name)!,
      name: c.name,
      image: String(c.image ?? ""),
      startupProbe: !!c.startupProbe,
      readinessProbe: !!c.readinessProbe,
      initName: initList.some((x: any) => x.name === c.name),
      mounts: statusMounts(c),
    });
    rec.mains = (pod.spec.containers ?? []).map(entry);
    rec.inits = initList.map(entry);
    rec.states = [...rec.cs.values()];
    this.pods.set(uid, rec);
    if (source === "api" && pod.metadata.deletionTimestamp) {
      this.killPod(rec, pod.metadata.deletionGracePeriodSeconds ?? 0, () => this.finishApiPodDeletion(rec));
      return;
    }
    this.syncPod(rec);
  }

  private removePod(rec: PodRec, apiGone = false): void {
    if (rec.terminating) return;
    if (rec.source === "file") this.log(`"SyncLoop REMOVE" source="file" pods=["${rec.pod.metadata.namespace}/${rec.pod.metadata.name}"]`, "I", "kubelet.go:2417");
    this.killPod(rec, rec.pod.spec.terminationGracePeriodSeconds ?? 30, () => {
      this.pods.delete(rec.uid);
      this.cleanupLogs(rec);
      this.podGone(rec.uid);
      if (rec.source === "file") this.scheduleHousekeeping();
      if (apiGone) return;
    });
  }

  /** The pod's log directory and /var/log/containers links go with it. */
  private cleanupLogs(rec: PodRec): void {
    const ns = rec.pod.metadata.namespace, name = rec.pod.metadata.name;
    const fs = this.d.fs;
    try {
      fs.rm(`/var/log/pods/${ns}_${name}_${rec.uid}`, true, true);
      for (const c of this.d.runtime.containers) {
        if (c.podUid === rec.uid) fs.rm(`/var/log/containers/${c.podName}_${c.namespace}_${c.name}-${c.id}.log`, false, true);
      }
    } catch {
      // already gone
    }
  }

  private finishApiPodDeletion(rec: PodRec): void {
    this.pods.delete(rec.uid);
    this.cleanupLogs(rec);
    this.podGone(rec.uid);
    if (!this.d.api.isUp()) return;
    const cur = this.d.api.store.peek("pods", rec.pod.metadata.namespace, rec.pod.metadata.name!);
    if (cur && cur.metadata.uid === rec.uid) {
      this.writeStatus(rec, true);
      this.d.api.store.remove("pods", rec.pod.metadata.namespace, rec.pod.metadata.name!);
    }
  }

  /** Stop every container of the pod (SIGTERM, SIGKILL after the grace period), then the sandbox. */
  private killPod(rec: PodRec, graceSeconds: number, done: () => void): void {
    rec.terminating = { started: this.now(), done: false };
    for (const t of rec.timers) this.d.clock.cancelTimer(t);
    rec.timers = [];
    const live = [...(rec.pod.spec.initContainers ?? []), ...rec.pod.spec.containers]
      .map((c: any) => this.d.runtime.container(rec.cs.get(c.name)?.id ?? ""))
      .filter((c: Container | undefined): c is Container => !!c && c.state === "running");
    let longest = 0;
    for (const c of live) {
      this.podEvent(rec, this.fp(rec, c.name), "Normal", "Killing", `Stopping container ${c.name}`);
      const { handles, code } = this.sigterm(c);
      const delay = handles ? Math.min(300 + this.d.rand.int(400), graceSeconds * 1000) : graceSeconds * 1000;
      longest = Math.max(longest, delay);
      this.after(delay, () => this.exitContainer(rec, c, code, code === 0 ? "Completed" : "Error", true));
    }
    this.writeStatus(rec);
    this.after(longest + 50, () => {
      const sb = rec.sandboxId ? this.d.runtime.sandbox(rec.sandboxId) : undefined;
      if (sb) {
        sb.state = "notready";
        sb.stoppedAt = this.now();
      }
      rec.terminating!.done = true;
      done();
    });
  }

  /** The container's kept events (and its fieldPath). */
  private stEvents(rec: PodRec, st: CState): NonNullable<CState["ev"]> {
    return (st.ev ??= { fp: this.fp(rec, st.name) });
  }

  /** spec.containers{name} or spec.initContainers{name}: the event's fieldPath */
  private fp(rec: PodRec, name: string): string {
    return (rec.pod.spec.initContainers ?? []).some((c: any) => c.name === name) ? `spec.initContainers{${name}}` : `spec.containers{${name}}`;
  }

  private podRef(rec: PodRec, fieldPath?: string) {
    return {
      apiVersion: "v1",
      kind: "Pod",
      name: rec.pod.metadata.name!,
      namespace: rec.pod.metadata.namespace,
      uid: rec.uid,
      ...(fieldPath ? { fieldPath } : {}),
    };
  }

  /**
   * Record an event about a pod. The prepared event (its correlation keys) is kept per pod and
   * reused when the same event repeats (Pulling, Created, Started … on every restart).
   */
  private podEvent(rec: PodRec, fieldPath: string | undefined, type: "Normal" | "Warning", reason: string, message: string): void {
    this.d.events.recordPrepared(this.preparedPodEvent(rec, fieldPath, type, reason, message));
  }

  private preparedPodEvent(rec: PodRec, fieldPath: string | undefined, type: "Normal" | "Warning", reason: string, message: string): PreparedEvent {
    const key = type + "\u0000" + reason + "\u0000" + (fieldPath ?? "") + "\u0000" + message;
    let p = rec.events?.get(key);
    if (!p) {
      p = this.d.events.prepare(this.podRef(rec, fieldPath), type, reason, message, this.source());
      rec.events ??= new Map();
      if (rec.events.size >= 32) rec.events.clear();
      rec.events.set(key, p);
    }
    return p;
  }

  private src?: { component: string; host: string };
  private source() {
    return (this.src ??= { component: "kubelet", host: this.d.nodeName });
  }

  /** Reconcile one pod towards its spec. Idempotent; schedules timers for steps that take time. */
  syncPod(rec: PodRec): void {
    if (!this.running || rec.terminating || !this.pods.has(rec.uid)) return;
    if (rec.source === "file") this.syncMirrorPod(rec);
    rec.startTime ??= this.now();
    // (the rarer steps in functions of their own: this runs on every restart and stays small, so
    // V8 optimises it again soon after a new kind of pod made it deoptimise)
    // 1. sandbox
    const sb = rec.sandboxId ? this.d.runtime.sandbox(rec.sandboxId) : undefined;
    if (!sb || sb.state !== "ready") {
      this.syncSandbox(rec);
      return;
    }
    // 2. init containers, one at a time, each to successful completion
    if (rec.inits.length && !this.syncInitContainers(rec)) return;
    // 3. containers, in order
    for (const c of rec.pod.spec.containers as any[]) {
      const st = rec.cs.get(c.name)!;
      if (st.busy) break;
      const cur = st.id ? this.d.runtime.container(st.id) : undefined;
      if (cur && (cur.state === "running" || cur.state === "created")) continue;
      if (cur && cur.state === "exited" && !this.restartNow(rec, c, st, cur)) continue;
      this.startContainerFlow(rec, c, st);
      if (st.busy) break;
    }
    this.writeStatus(rec);
  }

  /** syncPod without a ready sandbox: create one (once at a time). */
  private syncSandbox(rec: PodRec): void {
    if (!rec.sandboxBusy) {
      rec.sandboxBusy = true;
      this.after(STAGES.sandbox, () => {
        rec.sandboxBusy = false;
        this.createSandbox(rec);
        this.syncPod(rec);
      }, rec);
    }
    this.writeStatus(rec);
  }

  /** syncPod's init containers: true when all completed (go on with the containers); else the status is written. */
  private syncInitContainers(rec: PodRec): boolean {
    for (const c of (rec.pod.spec.initContainers ?? []) as any[]) {
      const st = rec.cs.get(c.name)!;
      if (st.busy) {
        this.writeStatus(rec);
        return false;
      }
      const cur = st.id ? this.d.runtime.container(st.id) : undefined;
      if (cur?.state === "exited" && cur.exitCode === 0) continue;
      if (cur && (cur.state === "running" || cur.state === "created")) {
        this.writeStatus(rec);
        return false;
      }
      if (cur?.state === "exited") {
        // a failed init container: the pod fails (Never) or it is retried with back-off
        // (the back-off as for a container: restartNow; Always and OnFailure both restart a failure)
        if ((rec.pod.spec.restartPolicy ?? "Always") === "Never" || !this.restartNow(rec, c, st, cur)) {
          this.writeStatus(rec);
          return false;
        }
      }
      this.startContainerFlow(rec, c, st);
      this.writeStatus(rec);
      return false;
    }
    return true;
  }

  /**
   * syncPod's exited container: true when it starts again now; false when it stays down (the
   * restart policy) or waits out its back-off (CrashLoopBackOff, a re-sync when it ends).
   */
  private restartNow(rec: PodRec, c: any, st: CState, cur: Container): boolean {
    const policy = rec.pod.spec.restartPolicy ?? "Always";
    // (a container stopped because its spec changed restarts whatever the policy: computePodActions)
    const restart = policy === "Always" || (policy === "OnFailure" && cur.exitCode !== 0) || st.specChanged === cur.id;
    if (!restart) return false;
    const key = backoffKey(rec, st);
    const finished = cur.finishedAt ?? this.now();
    if (this.restartBackoff.isInBackOffSince(key, finished)) {
      const delay = this.restartBackoff.get(key);
      st.waiting = {
        reason: "CrashLoopBackOff",
        message: `back-off ${goDuration(delay)} restarting failed container=${c.name} pod=${rec.pod.metadata.name}_${rec.pod.metadata.namespace}(${rec.uid})`,
      };
      const until = finished + delay;
      this.recordBackOff(rec, c.name, st, until);
      this.after(Math.max(0, until - this.now()), () => this.syncPod(rec), rec);
      return false;
    }
    this.restartBackoff.next(key, finished);
    return true;
  }

  /**
   * The BackOff event of a container waiting to restart. The real pod worker re-syncs a pod whose
   * sync failed (ErrCrashLoopBackOff) after wait.Jitter(10s, 0.5) (pod_workers.go completeWork,
   * backOffPeriod) and every such sync records the event again (kuberuntime doBackOff); nothing
   * else changes until the restart, so here only the event repeats (jitter from a hash of the
   * pod, container and restart time: the engine's random stream stays untouched).
   */
  private recordBackOff(rec: PodRec, name: string, st: CState, until: number): void {
    // the same prepared event for this record and every re-sync of the chain below
    const kept = this.stEvents(rec, st);
    const ev = (kept.backoff ??= this.preparedPodEvent(rec, kept.fp, "Warning", "BackOff", `Back-off restarting failed container ${name} in pod ${rec.pod.metadata.name}_${rec.pod.metadata.namespace}(${rec.uid})`));
    this.d.events.recordPrepared(ev);
    if (st.backoffTick === until) return; // one chain of re-syncs per wait
    st.backoffTick = until;
    const id = st.id;
    const seed = fnv32a(`${rec.pod.metadata.namespace}/${rec.pod.metadata.name}/${name}/${until}`);
    // a bare quiet clock timer (no entry in the kubelet's and the pod's timer sets, ~23 per
    // restart): stop() and killPod() cancel those sets; here the run and the pod are checked
    const run = this.runs;
    let n = 0;
    // one timer object for the whole chain, re-armed after each fire (Clock.rearm: the order of a new timer)
    let timer: Timer | undefined;
    const fire = () => {
      if (!this.running || this.runs !== run || rec.terminating || st.id !== id || st.busy || st.waiting?.reason !== "CrashLoopBackOff") return;
      this.d.events.recordPrepared(ev);
      tick();
    };
    const tick = () => {
      const next = this.now() + 10_000 + ((Math.imul(seed ^ n++, 0x9e3779b1) >>> 0) % 5000);
      if (next >= until) return;
      // only an event: nothing the cluster's per-timer checks look at (quiet); never cancelled
      if (timer) this.d.clock.rearm(timer, next);
      else timer = this.d.clock.timer(next, fire, true);
    };
    tick();
  }

  private createSandbox(rec: PodRec): void {
    const hostNetwork = !!rec.pod.spec.hostNetwork;
    const attempt = this.d.runtime.sandboxes.filter((s) => s.podUid === rec.uid).length;
    if (!rec.ip) rec.ip = hostNetwork ? this.d.nodeIp : `192.168.${this.d.podCidrIndex}.${this.nextIp++}`;
    const pause = normalizeImageRef(PAUSE_IMAGE);
    if (pause.ok && !this.d.runtime.findImage(pause.full)) this.addImage(pause.full);
    const sb: Sandbox = {
      id: this.d.runtime.newId(),
      podUid: rec.uid,
      podName: rec.pod.metadata.name!,
      namespace: rec.pod.metadata.namespace!,
      attempt,
      createdAt: this.now(),
      state: "ready",
      ip: rec.ip,
      hostNetwork,
      labels: {
        "io.kubernetes.pod.name": rec.pod.metadata.name!,
        "io.kubernetes.pod.namespace": rec.pod.metadata.namespace!,
        "io.kubernetes.pod.uid": rec.uid,
        ...(rec.pod.metadata.labels ?? {}),
      },
    };
    // old sandboxes of the pod are stopped
    for (const old of this.d.runtime.sandboxes) {
      if (old.podUid === rec.uid && old.state === "ready") {
        old.state = "notready";
        old.stoppedAt = this.now();
      }
    }
    this.d.runtime.sandboxes.push(sb);
    rec.sandboxId = sb.id;
  }

  /** Add a pulled image to the runtime; true when it is new (the node's image list changed). */
  private addImage(full: string): boolean {
    if (this.d.runtime.findImage(full)) return false;
    const found = lookupImage(full, this.d.runtime.kind);
    if ("error" in found) return false;
    const [repo, tag] = splitRef(full);
    const t = found.spec.tags[found.tag];
    this.d.runtime.images.push({ repository: repo, tag, id: t.id, digest: t.digest, size: t.size, pulledAt: this.now() });
    return true;
  }

  private startContainerFlow(rec: PodRec, c: any, st: CState): void {
    // the common case first, in a function of its own: the image is present and need not be pulled
    // (a restart). The other cases are rarer and longer; kept apart they leave this small, so V8
    // optimises it again soon after a new kind of pod made it deoptimise (a function is optimised
    // after it ran some multiple of its own size: a long one called once per restart took hours)
    const image = String(c.image ?? "");
    const ref = normalizeImageRef(image);
    if (ref.ok && (c.imagePullPolicy ?? "IfNotPresent") !== "Always" && this.d.runtime.findImage(ref.full)) {
      const kept = this.stEvents(rec, st);
      if (kept.pulled?.image !== image) kept.pulled = { image, p: this.preparedPodEvent(rec, kept.fp, "Normal", "Pulled", `Container image "${image}" already present on machine`) };
      this.d.events.recordPrepared(kept.pulled.p);
      this.createContainer(rec, c, st, ref.full);
      return;
    }
    this.pullFlow(rec, c, st, image, ref);
  }

  /** startContainerFlow without the image, or with the pull policy Always: pull it (or fail) first. */
  private pullFlow(rec: PodRec, c: any, st: CState, image: string, ref: ReturnType<typeof normalizeImageRef>): void {
    const fieldPath = this.stEvents(rec, st).fp;
    if (!ref.ok) {
      st.waiting = { reason: "InvalidImageName", message: ref.error };
      this.podEvent(rec, fieldPath, "Warning", "InspectFailed", ref.error);
      this.podEvent(rec, fieldPath, "Warning", "Failed", "Error: InvalidImageName");
      return;
    }
    const present = this.d.runtime.findImage(ref.full);
    const policy = c.imagePullPolicy ?? "IfNotPresent";
    if (policy === "Never" && !present) {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      st.waiting = { reason: "ErrImageNeverPull", message: msg };
      this.podEvent(rec, fieldPath, "Warning", "ErrImageNeverPull", msg);
      this.podEvent(rec, fieldPath, "Warning", "Failed", "Error: ErrImageNeverPull");
      return;
    }
    const pullKey = `${ref.full}_${rec.uid}`;
    if (this.pullBackoff.isInBackOffSinceUpdate(pullKey, this.now())) {
      const msg = `Back-off pulling image "${image}"`;
      st.waiting = { reason: "ImagePullBackOff", message: msg };
      this.podEvent(rec, fieldPath, "Normal", "BackOff", msg);
      this.podEvent(rec, fieldPath, "Warning", "Failed", "Error: ImagePullBackOff");
      const until = this.pullBackoffUntil(pullKey);
      this.after(Math.max(0, until - this.now()), () => this.syncPod(rec), rec);
      return;
    }
    st.busy = "pull";
    this.podEvent(rec, fieldPath, "Normal", "Pulling", `Pulling image "${image}"`);
    const found = lookupImage(ref.full, this.d.runtime.kind);
    const [lo, hi] = STAGES.pullCheck;
    const ms = "error" in found ? 800 + this.d.rand.int(700) : present ? lo + this.d.rand.int(hi - lo) : found.spec.pullMs + this.d.rand.int(Math.max(1, Math.floor(found.spec.pullMs / 3)));
    this.after(ms, () => {
      st.busy = undefined;
      if ("error" in found) {
        const msg = `Failed to pull image "${image}": ${found.error}`;
        st.waiting = { reason: "ErrImagePull", message: msg };
        this.podEvent(rec, fieldPath, "Warning", "Failed", msg);
        this.podEvent(rec, fieldPath, "Warning", "Failed", "Error: ErrImagePull");
        this.pullBackoff.next(pullKey, this.now());
        this.writeStatus(rec);
        this.after(STAGES.pleg, () => this.syncPod(rec), rec);
        return;
      }
      if (this.addImage(ref.full)) this.updateNodeStatus();
      const size = found.spec.tags[found.tag].size;
      const secs = goSeconds(ms);
      this.podEvent(rec, fieldPath, "Normal", "Pulled", `Successfully pulled image "${image}" in ${secs} (${secs} including waiting). Image size: ${size} bytes.`);
      this.createContainer(rec, c, st, ref.full);
      this.syncPod(rec);
    }, rec);
  }

  private pullBackoffUntil(key: string): number {
    return this.pullBackoff.expiresAtSinceUpdate(key) ?? this.now();
  }

  private createContainer(rec: PodRec, c: any, st: CState, imageFull: string): void {
    st.busy = "create";
    // a first start shows the default waiting state; a restart keeps what the last sync showed
    // (CrashLoopBackOff from the reason cache, or the terminated state) until the new one runs
    if (!st.id) st.waiting = { reason: "ContainerCreating" };
    this.after(STAGES.create, () => {
      const found = lookupImage(imageFull, this.d.runtime.kind);
      const spec = "error" in found ? undefined : found.spec;
      const command: string[] = c.command ?? spec?.entrypoint ?? [];
      const args: string[] = c.args ?? (c.command ? [] : spec?.cmd ?? []);
      const img = this.d.runtime.findImage(imageFull);
      const attempt = this.d.runtime.attemptsOf(unitKey(rec, st)).length;
      const ctr: Container & { plan?: ProcessPlan } = {
        id: this.d.runtime.newId(),
        name: c.name,
        podUid: rec.uid,
        podName: rec.pod.metadata.name!,
        namespace: rec.pod.metadata.namespace!,
        sandboxId: rec.sandboxId!,
        attempt,
        image: String(c.image),
        imageRef: imageFull,
        imageId: img?.id ?? "",
        command,
        args,
        createdAt: this.now(),
        startedAt: undefined,
        finishedAt: undefined,
        state: "created",
        exitCode: undefined,
        reason: undefined,
        message: undefined,
        logs: [],
        labels: {
          "io.kubernetes.container.name": c.name,
          "io.kubernetes.pod.name": rec.pod.metadata.name!,
          "io.kubernetes.pod.namespace": rec.pod.metadata.namespace!,
          "io.kubernetes.pod.uid": rec.uid,
        },
        removed: undefined,
        files: undefined,
        env: undefined,
        logPath: undefined,
        plan: undefined,
      };
      // every field is present from the start (the fields set later too): a container keeps one
      // shape through created, running and exited, and the status path that reads it stays
      // optimised when the first containers exit (node tools tell a result by its stderr)
      this.d.runtime.containers.push(ctr);
      st.id = ctr.id;
      const kept = this.stEvents(rec, st);
      this.d.events.recordPrepared((kept.created ??= this.preparedPodEvent(rec, kept.fp, "Normal", "Created", `Created container: ${c.name}`)));
      st.busy = "start";
      this.after(STAGES.start, () => {
        st.busy = undefined;
        this.startContainer(rec, c, st, ctr);
        this.syncPod(rec);
      }, rec);
    }, rec);
  }

  private startContainer(rec: PodRec, c: any, st: CState, ctr: Container & { plan?: ProcessPlan }): void {
    // (the failure and the planning in functions of their own: see startContainerFlow)
    const env = containerEnv(rec.pod, c, this.d.nodeName, this.d.nodeIp, rec.ip);
    const argv = [...ctr.command, ...ctr.args];
    const failed = containerStartError(this.d.runtime.kind, ctr.id, argv);
    if (failed) {
      this.startFailed(rec, c, st, ctr, failed);
      return;
    }
    // node-backed volumes (hostPath, hostPath/local PVs): the process reads and writes the node's files
    const peek = (r: string, ns: string | undefined, n: string) => this.d.api.store.peek(r, ns, n);
    setUpVolumes(rec.pod, this.d.fs, peek);
    const mounts = hostMounts(rec.pod, c.name, peek);
    // the container's world (its files and network) is only asked while planning: a reused plan needs none
    let cw: ContainerWorld | undefined;
    const keptPlan = st.plan;
    // a kept plan applies (the same spec arrays: the same argv, without comparing it), with its
    // environment object (read-only everywhere; one per container, not one per attempt)
    const reuse = keptPlan && !mounts.length && !keptPlan.used && ((keptPlan.command === ctr.command && keptPlan.args === ctr.args) || sameArgv(keptPlan.argv, argv)) && sameEnv(keptPlan.env, env);
    if (!reuse) cw = this.planStart(rec, st, ctr, argv, env, mounts);
    const plan = st.plan!.plan;
    ctr.plan = plan;
    ctr.env = st.plan!.env;
    ctr.files = new Map();
    ctr.state = "running";
    ctr.startedAt = this.now();
    st.waiting = undefined;
    this.openLog(rec, ctr);
    const kept = this.stEvents(rec, st);
    this.d.events.recordPrepared((kept.started ??= this.preparedPodEvent(rec, kept.fp, "Normal", "Started", `Started container ${c.name}`)));
    st.probedId = ctr.id;
    st.ready = false;
    st.started = false;
    st.probes = {};
    if (c.startupProbe) this.armProbe(rec, c, st, ctr, "startup", (c.startupProbe.initialDelaySeconds ?? 0) * 1000);
    else this.startLiveReadyProbes(rec, c, st, ctr);
    const start = this.now();
    this.schedulePlan(rec, c, ctr, plan, start, mounts, start);
    if (cw) this.watchNetwork({ rec, c, st, ctr, world: cw, argv, env, start, mounts });
  }

  /**
   * StartContainer fails: the runtime keeps the container exited; the kubelet records the error
   * (Failed event, RunContainerError in the reason cache) and restarts with back-off.
   */
  private startFailed(rec: PodRec, c: any, st: CState, ctr: Container, failed: NonNullable<ReturnType<typeof containerStartError>>): void {
    ctr.state = "exited";
    ctr.exitCode = failed.exitCode;
    ctr.reason = failed.reason;
    ctr.message = failed.message;
    // containerd never sets StartedAt (the epoch); cri-dockerd reports createdAt for both
    ctr.startedAt = this.d.runtime.kind === "docker" ? ctr.createdAt : 0;
    ctr.finishedAt = this.d.runtime.kind === "docker" ? ctr.createdAt : this.now();
    st.waiting = { reason: "RunContainerError", message: failed.criError };
    this.podEvent(rec, this.fp(rec, c.name), "Warning", "Failed", `Error: ${failed.criError}`);
    this.after(STAGES.pleg, () => {
      if (st.id === ctr.id && st.waiting?.reason === "RunContainerError") st.waiting = undefined;
      this.syncPod(rec);
    }, rec);
  }

  /** Plan the process of a container (no kept plan applies): kept in st.plan; the world it asked, if any. */
  private planStart(rec: PodRec, st: CState, ctr: Container, argv: string[], env: Record<string, string>, mounts: ReturnType<typeof hostMounts>): ContainerWorld | undefined {
    const cw = this.d.world?.({ ...rec.pod, status: { ...rec.pod.status, podIP: rec.ip } }, ctr);
    const world = cw ?? (mounts.length
      ? {
          readFile: (p: string) => {
            const h = resolveMount(mounts, p);
            return h ? this.d.fs.tryRead(h.host) : undefined;
          },
          isDir: (p: string) => {
            const h = resolveMount(mounts, p);
            return !!h && this.d.fs.isDir(h.host);
          },
        }
      : undefined);
    const plan = planProcess(argv, { env, hostname: env.HOSTNAME, world } as Parameters<typeof planProcess>[1], (a) => imageProgram(a, { env, hostname: env.HOSTNAME }));
    st.plan = { argv, command: ctr.command, args: ctr.args, env, plan, used: !!cw?.used };
    return cw;
  }

  /** The plan's output, file writes and exit from `from` on; superseded by a re-plan (ctr.plan changes). */
  private schedulePlan(rec: PodRec, c: any, ctr: Container & { plan?: ProcessPlan }, plan: ProcessPlan, start: number, mounts: ReturnType<typeof hostMounts>, from: number): void {
    const live = () => ctr.state === "running" && ctr.plan === plan;
    const st = rec.cs.get(c.name);
    for (const step of plan.steps) {
      if (step.at > 6 * 3600_000) break;
      if (from !== start && start + step.at <= from) continue;
      this.d.clock.at(start + step.at, () => {
        if (!live()) return;
        const text = step.text.includes("\u0000") ? step.text.replace(/\u0000date/g, dateOutput(this.now())).replace(/\u0000klog/g, klogTime(this.now())) : step.text;
        this.appendLog(ctr, step.stream, text, st);
      }, false, false);
    }
    for (const f of plan.files ?? []) {
      if (f.at > 6 * 3600_000) break;
      if (from !== start && start + f.at <= from) continue;
      this.d.clock.at(start + f.at, () => {
        if (!live()) return;
        const host = resolveMount(mounts, f.path);
        if (host && !host.mount.readOnly) {
          try {
            if (f.content === undefined) this.d.fs.rm(host.host, false, true);
            else if (f.append) this.d.fs.appendFile(host.host, f.content);
            else this.d.fs.writeFile(host.host, f.content);
          } catch {
            // a missing directory: the process's write fails
          }
        } else if (f.content === undefined) ctr.files!.delete(f.path);
        else ctr.files!.set(f.path, (f.append ? ctr.files!.get(f.path) ?? "" : "") + f.content);
      }, false, false);
    }
    // a memory limit below what the process uses: the kernel's OOM killer
    const limit = c.resources?.limits?.memory !== undefined ? parseMemory(c.resources.limits.memory) : undefined;
    const use = plan.memoryBytes ?? MEMORY_USE[plan.comm] ?? 2 * 1024 * 1024;
    if (limit !== undefined && limit > 0 && use > limit) {
      if (from !== start) return;
      this.d.clock.at(start + 400, () => {
        if (ctr.state !== "running") return;
        this.exitContainer(rec, ctr, 137, "OOMKilled", false);
      }, false, false);
      return;
    }
    if (plan.exit) {
      const { at, code } = plan.exit;
      this.d.clock.at(Math.max(start + at, from), () => {
        if (!live()) return;
        this.exitContainer(rec, ctr, code, code === 0 ? "Completed" : "Error", false);
      }, false, false);
    }
  }

  private netPlans = new Set<NetPlan>();
  private netCheck = false;
  private netWatching = false;

  /**
   * A running process whose plan asked the network (wget in a loop …): when Services, endpoints,
   * NetworkPolicies, pods or namespaces change, the clients it ran are asked again; if they
   * answer differently the process is re-planned, its past kept and its future from now on
   * following the new answers (kubelet/world.ts).
   */
  private watchNetwork(e: NetPlan): void {
    if (!e.world.network) return;
    if (!this.netPlans.size && !this.netWatching) {
      this.netWatching = true;
      this.d.api.store.watch(() => {
        if (this.netCheck || !this.netPlans.size) return;
        this.netCheck = true;
        this.d.clock.at(this.now(), () => {
          this.netCheck = false;
          this.replanNetwork();
        }, true);
      }, { resources: ["services", "endpoints", "networkpolicies", "pods", "namespaces"] });
    }
    this.netPlans.add(e);
  }

  private replanNetwork(): void {
    for (const e of [...this.netPlans]) {
      const { ctr, world } = e;
      if (ctr.state !== "running" || ctr.plan === undefined || (ctr.plan.exit && e.start + ctr.plan.exit.at <= this.now())) {
        this.netPlans.delete(e);
        continue;
      }
      if (!world.changedAt(this.now() - e.start)) continue;
      const hostname = e.env.HOSTNAME;
      const plan = planProcess(e.argv, { env: e.env, hostname, world }, (a) => imageProgram(a, { env: e.env, hostname }));
      ctr.plan = plan;
      e.st.plan = { argv: e.argv, env: e.env, plan, used: true };
      this.schedulePlan(e.rec, e.c, ctr, plan, e.start, e.mounts, this.now());
    }
  }

  private startLiveReadyProbes(rec: PodRec, c: any, st: CState, ctr: Container): void {
    st.started = true;
    if (c.livenessProbe) this.armProbe(rec, c, st, ctr, "liveness", (c.livenessProbe.initialDelaySeconds ?? 0) * 1000);
    if (c.readinessProbe) this.armProbe(rec, c, st, ctr, "readiness", (c.readinessProbe.initialDelaySeconds ?? 0) * 1000);
  }

  /**
   * Schedule the next run of a probe. A probe whose result cannot change (a server that keeps
   * listening, a file nobody touches) is not re-run once it has settled on success: the
   * outcome of each skipped period would be the same. It resumes before the next file change.
   */
  private armProbe(rec: PodRec, c: any, st: CState, ctr: Container & { plan?: ProcessPlan }, kind: "startup" | "liveness" | "readiness", delayMs: number): void {
    const state = (st.probes![kind] ??= { successes: 0, failures: 0, armed: false });
    if (state.armed) return;
    state.armed = true;
    this.after(delayMs, () => {
      state.armed = false;
      if (st.probedId !== ctr.id || ctr.state !== "running") return;
      this.probeOnce(rec, c, st, ctr, kind);
    }, rec);
  }

  private probeOnce(rec: PodRec, c: any, st: CState, ctr: Container & { plan?: ProcessPlan }, kind: "startup" | "liveness" | "readiness"): void {
    const probe = kind === "startup" ? c.startupProbe : kind === "liveness" ? c.livenessProbe : c.readinessProbe;
    const state = st.probes![kind];
    const period = (probe.periodSeconds ?? 10) * 1000;
    const res = runProbe(probe, c, ctr, rec.ip ?? "");
    const label = kind === "startup" ? "Startup" : kind === "liveness" ? "Liveness" : "Readiness";
    if (res.ok) {
      state.successes++;
      state.failures = 0;
    } else {
      state.failures++;
      state.successes = 0;
      this.podEvent(rec, this.fp(rec, c.name), "Warning", "Unhealthy", `${label} probe failed: ${res.output}`.trimEnd());
    }
    const successThreshold = kind === "readiness" ? probe.successThreshold ?? 1 : 1;
    const failureThreshold = probe.failureThreshold ?? 3;
    if (kind === "startup") {
      if (state.successes >= 1) {
        this.startLiveReadyProbes(rec, c, st, ctr);
        this.writeStatus(rec);
        return;
      }
      if (state.failures >= failureThreshold) {
        this.killUnhealthy(rec, c, ctr, "startup");
        return;
      }
    } else if (kind === "liveness") {
      if (state.failures >= failureThreshold) {
        this.killUnhealthy(rec, c, ctr, "liveness");
        return;
      }
    } else {
      const was = !!st.ready;
      if (state.successes >= successThreshold) st.ready = true;
      if (state.failures >= failureThreshold) st.ready = false;
      if (was !== st.ready) this.writeStatus(rec);
    }
    // settled on success: sleep until something could change the outcome
    const sinceStart = this.now() - (ctr.startedAt ?? this.now());
    if (res.ok && state.successes >= successThreshold) {
      const change = nextFileChange(ctr, sinceStart);
      if (change === undefined) return;
      const periods = Math.max(1, Math.ceil((change - sinceStart) / period));
      this.armProbe(rec, c, st, ctr, kind, periods * period);
      return;
    }
    this.armProbe(rec, c, st, ctr, kind, period);
  }

  /** A failed liveness/startup probe: the container is killed and restarted under the restart policy. */
  /**
   * An update of an API pod may change its containers' images (the one container field a pod
   * update may change). The container's hash changes: a running container is stopped ("Container
   * web definition changed, will be restarted") and started again with the new image, whatever
   * the restart policy (kuberuntime_manager computePodActions); one not running starts with it.
   */
  private followImages(rec: PodRec, pod: KubeObject): void {
    if (rec.source !== "api" || rec.terminating) return;
    const lists: [any[], any[], SpecEntry[], boolean][] = [
      [rec.pod.spec.initContainers ?? [], pod.spec?.initContainers ?? [], rec.inits, false],
      [rec.pod.spec.containers ?? [], pod.spec?.containers ?? [], rec.mains, true],
    ];
    for (const [mine, theirs, entries, restart] of lists) {
      for (let i = 0; i < mine.length; i++) {
        const next = theirs[i];
        if (!next || next.name !== mine[i].name || next.image === mine[i].image) continue;
        const c = (mine[i] = { ...mine[i], image: next.image });
        entries[i].image = String(c.image ?? "");
        const st = entries[i].st;
        st.plan = undefined;
        const cur = st.id ? this.d.runtime.container(st.id) : undefined;
        // (an init container's new image applies when it runs next)
        if (!restart || !cur || cur.state !== "running" || st.busy) continue;
        st.specChanged = cur.id;
        // the same sync starts it again once it has stopped (no PLEG wait)
        this.stopContainer(rec, c.name, cur, `Container ${c.name} definition changed, will be restarted`, (code, reason) => {
          this.exitContainer(rec, cur, code, reason, true);
          this.syncPod(rec);
        });
      }
    }
  }

  private killUnhealthy(rec: PodRec, c: any, ctr: Container & { plan?: ProcessPlan }, kind: "liveness" | "startup"): void {
    this.stopContainer(rec, c.name, ctr, `Container ${c.name} failed ${kind} probe, will be restarted`, (code, reason) => this.exitContainer(rec, ctr, code, reason, false));
  }

  /**
   * kuberuntime's killContainer with a message: the Killing event, SIGTERM, and `stopped` with the
   * exit code and reason once the process has stopped (a server that handles SIGTERM: soon; else
   * SIGKILL after the pod's termination grace period).
   */
  private stopContainer(rec: PodRec, name: string, ctr: Container & { plan?: ProcessPlan }, message: string, stopped: (code: number, reason: string) => void): void {
    this.podEvent(rec, this.fp(rec, name), "Normal", "Killing", message);
    const { handles, code } = this.sigterm(ctr);
    const grace = (rec.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    const delay = handles ? 300 + this.d.rand.int(400) : grace;
    this.after(delay, () => stopped(code, code === 0 ? "Completed" : "Error"), rec);
  }

  /**
   * SIGTERM to a container's process: a shell's `trap … TERM` prints now; the exit code is the
   * trap's (0 for a server that handles the signal), 137 for SIGKILL after the grace period.
   */
  private sigterm(ctr: Container & { plan?: ProcessPlan }): { handles: boolean; code: number } {
    const plan = ctr.plan;
    const handles = plan?.handlesSigterm ?? true;
    const now = this.now();
    for (const step of plan?.sigterm?.steps ?? []) {
      this.d.clock.at(now + step.at, () => {
        if (ctr.state === "running") this.appendLog(ctr, step.stream, step.text.replace(/\u0000date/g, dateOutput(this.now())));
      });
    }
    return { handles, code: handles ? plan?.sigterm?.code ?? 0 : 137 };
  }

  /** The CRI log file of a container attempt and its /var/log/containers symlink. */
  private openLog(rec: PodRec, ctr: Container): void {
    const fs = this.d.fs;
    const st = rec.cs.get(ctr.name);
    // the container's log directory and /var/log/containers as directory handles (kept)
    const h = st && st.logDir ? st.logDir : fs.dir(`/var/log/pods/${ctr.namespace}_${ctr.podName}_${rec.uid}/${ctr.name}`);
    if (st) st.logDir = h;
    const dir = h.path;
    const name = `${ctr.attempt}.log`;
    const path = `${dir}/${name}`;
    try {
      if (ctr.attempt === 0 || !fs.isDir(dir)) fs.mkdir(dir, true);
      fs.writeFileAt(h, name, "", 0o640);
      fs.symlinkAt(path, (this.containerLogs ??= fs.dir("/var/log/containers")), `${ctr.podName}_${ctr.namespace}_${ctr.name}-${ctr.id}.log`);
      // older attempts' logs go with their containers (containerGC)
      ctr.logPath = path;
      if (st) st.log = { ctr, name };
    } catch {
      ctr.logPath = undefined;
    }
  }

  /** /var/log/containers (a handle: the links of every container go there) */
  private containerLogs?: DirHandle;

  private appendLog(ctr: Container, stream: "stdout" | "stderr", text: string, st?: CState): void {
    const now = this.now();
    ctr.logs.push({ time: now, stream, text });
    if (ctr.logs.length > 10000) ctr.logs.splice(0, ctr.logs.length - 10000);
    if (!ctr.logPath) return;
    let out = "";
    const lines = text.split("\n");
    const last = lines.pop()!;
    const stamp = rfc3339Nano(now, (now * 7919 + ctr.logs.length * 104729) % 1_000_000);
    for (const l of lines) out += `${stamp} ${stream} F ${l}\n`;
    if (last) out += `${stamp} ${stream} P ${last}\n`;
    try {
      // the current attempt's file through its directory's handle
      // (st.log is set with logPath by openLog: the same file)
      if (st?.log?.ctr === ctr && st.logDir) this.d.fs.appendFileAt(st.logDir, st.log.name, out);
      else this.d.fs.appendFile(ctr.logPath, out);
    } catch {
      ctr.logPath = undefined;
    }
  }

  /** A container's process ended (by itself or killed). Runtime state first; the kubelet reacts after PLEG. */
  private exitContainer(rec: PodRec, ctr: Container, code: number, reason: string, killed: boolean): void {
    if (ctr.state !== "running") return;
    ctr.state = "exited";
    ctr.exitCode = code;
    ctr.reason = reason;
    ctr.finishedAt = this.now();
    if (!this.running) return;
    const st = rec.cs.get(ctr.name);
    this.gcUnits.add(st && ctr.podUid === rec.uid ? unitKey(rec, st) : rec.uid + "/" + ctr.name);
    this.scheduleContainerGC();
    this.writeStatus(rec);
    if (!killed) this.after(STAGES.pleg, () => this.syncPod(rec), rec);
  }

  // ---------------------------------------------------------------- container garbage collection

  /*
   * kuberuntime_gc.go with the kubelet's defaults (MinAge 0, MaxPerPodContainer 1, MaxContainers
   * -1), every ContainerGCPeriod (1 min) from the kubelet's start: of each pod's container the
   * dead attempts but the newest are removed, all of a pod the kubelet no longer has; then the
   * not-ready sandboxes without containers (but the newest of a pod that still exists). A removed
   * container takes its log file and /var/log/containers link with it. Only sweeps that have
   * something to look at run: a container exited, or a pod went away, since the last one.
   */
  private gcEpoch = 0;
  private gcArmed = false;
  /** "podUid/container" whose dead attempts changed since the last sweep */
  private gcUnits = new Set<string>();
  /** pod uids the kubelet dropped since the last sweep */
  private gcPods = new Set<string>();
  /** the sets of the last sweep, emptied, to take the pending sets' place at the next */
  private gcSpare: [Set<string>, Set<string>] = [new Set(), new Set()];
  /** per "podUid/container": how many of its oldest attempts are known removed */
  private gcFrom = new Map<string, number>();

  /** A pod the kubelet dropped: its dead containers and sandboxes go at the next sweep. */
  private podGone(uid: string): void {
    this.gcPods.add(uid);
    this.scheduleContainerGC();
  }

  private scheduleContainerGC(): void {
    if (this.gcArmed || !this.running) return;
    this.gcArmed = true;
    const period = STAGES.containerGC;
    const next = this.gcEpoch + (Math.floor((this.now() - this.gcEpoch) / period) + 1) * period;
    this.after(next - this.now(), () => {
      this.gcArmed = false;
      this.containerGC(false);
    }, undefined, true);
  }

  private containerGC(all: boolean): void {
    // the pending sets are taken whole (the spare, empty ones take their place) and become the spare ones after
    const units = this.gcUnits;
    const pods = this.gcPods;
    this.gcUnits = this.gcSpare[0];
    this.gcPods = this.gcSpare[1];
    try {
      this.sweep(all, units, pods);
    } finally {
      units.clear();
      pods.clear();
      this.gcSpare = [units, pods];
    }
  }

  private sweep(all: boolean, units: Set<string>, pods: Set<string>): void {
    const rt = this.d.runtime;
    if (all) for (const c of rt.containers) if (!c.removed && c.state !== "running") units.add(c.podUid + "/" + c.name);
    for (const uid of pods) for (const c of rt.podContainers(uid)) units.add(uid + "/" + c.name);
    if (!units.size && !pods.size && !all) return;
    for (const unit of units) {
      const i = unit.indexOf("/");
      const uid = unit.slice(0, i);
      const name = unit.slice(i + 1);
      // evictable: not running; newest attempt first (byAttempt). The attempts before the first
      // one not yet removed are skipped (a crash loop's list only grows).
      const list = rt.attempts(uid, name);
      let from = this.gcFrom.get(unit) ?? 0;
      while (from < list.length && list[from].removed) from++;
      const keep = this.pods.has(uid) ? 1 : 0;
      if (from === list.length && !keep) this.gcFrom.delete(unit);
      else this.gcFrom.set(unit, from);
      const dead: Container[] = [];
      for (let k = from; k < list.length; k++) if (!list[k].removed && list[k].state !== "running") dead.push(list[k]);
      if (dead.length > 1) insertionSort(dead, byAttemptDesc);
      for (let k = dead.length - 1; k >= keep; k--) this.removeContainer(dead[k]);
    }
    // evictSandboxes
    const touched = new Set<string>();
    for (const unit of units) touched.add(unit.slice(0, unit.indexOf("/")));
    for (const uid of pods) touched.add(uid);
    if (all) for (const sb of rt.sandboxes) if (!sb.removed) touched.add(sb.podUid);
    for (const uid of touched) {
      const sbs = rt.podSandboxes(uid).filter((x) => !x.removed);
      if (sbs.length <= (this.pods.has(uid) ? 1 : 0)) continue;
      sbs.sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
      const keep = this.pods.has(uid) ? 1 : 0;
      const ctrs = rt.podContainers(uid);
      for (let k = sbs.length - 1; k >= keep; k--) {
        const sb = sbs[k];
        if (sb.state === "ready" || ctrs.some((c) => c.sandboxId === sb.id && !c.removed)) continue;
        sb.removed = true;
      }
    }
  }

  /** RemoveContainer, and removeContainerLog: the CRI log file and its legacy symlink. */
  private removeContainer(c: Container): void {
    c.removed = true;
    // (the runtime keeps its record: the status parts kept for it go)
    const st = this.pods.get(c.podUid)?.cs.get(c.name);
    if (st) {
      st.terms = st.terms?.filter((t) => t.ctr !== c);
      if (st.run?.ctr === c) st.run = undefined;
    }
    c.logs = [];
    c.files = undefined;
    const fs = this.d.fs;
    const dir = st?.logDir;
    const name = `${c.attempt}.log`;
    try {
      if (c.logPath) {
        if (dir && c.logPath === `${dir.path}/${name}`) fs.rmAt(dir, name, true);
        else fs.rm(c.logPath, false, true);
      }
      fs.rmAt((this.containerLogs ??= fs.dir("/var/log/containers")), `${c.podName}_${c.namespace}_${c.name}-${c.id}.log`, true);
    } catch {
      // already gone
    }
    c.logPath = undefined;
  }

  // ---------------------------------------------------------------- mirror pods

  private mirrorFor(rec: PodRec): KubeObject | undefined {
    return this.d.api.store.peek("pods", rec.pod.metadata.namespace, rec.pod.metadata.name!);
  }

  private syncMirrorPod(rec: PodRec): void {
    if (!this.d.api.isUp()) return;
    const hash = rec.uid;
    const mirror = this.mirrorFor(rec);
    if (mirror) {
      const ok = mirror.metadata.annotations?.["kubernetes.io/config.mirror"] === hash && !mirror.metadata.deletionTimestamp;
      if (ok) return;
      if (mirror.metadata.annotations?.["kubernetes.io/config.mirror"] === undefined) return; // a regular pod holds the name
      this.log(`"Trying to delete pod" pod="${rec.pod.metadata.namespace}/${rec.pod.metadata.name}" podUID="${mirror.metadata.uid}"`, "I", "mirror_client.go:126");
      this.d.api.store.remove("pods", mirror.metadata.namespace, mirror.metadata.name!);
      this.log(`"Deleted mirror pod because it is outdated" pod="${rec.pod.metadata.namespace}/${rec.pod.metadata.name}"`, "I", "kubelet.go:1975");
    }
    const node = this.d.api.store.peek("nodes", undefined, this.d.nodeName);
    if (!node) return;
    const copy = structuredClone(rec.pod);
    delete copy.metadata.uid;
    delete copy.metadata.resourceVersion;
    copy.metadata.annotations = { ...copy.metadata.annotations, "kubernetes.io/config.mirror": hash };
    copy.metadata.ownerReferences = [{ apiVersion: "v1", kind: "Node", name: this.d.nodeName, uid: node.metadata.uid!, controller: true }];
    delete copy.status;
    try {
      this.d.api.create("pods", copy);
      this.log(`"Creating a mirror pod for static pod" pod="${rec.pod.metadata.namespace}/${rec.pod.metadata.name}"`, "I", "kubelet.go:1990");
      rec.statusWritten = false;
    } catch (e) {
      this.log(`"Failed creating a mirror pod" err="${(e as Error).message}" pod="${rec.pod.metadata.namespace}/${rec.pod.metadata.name}"`, "E", "kubelet.go:1993");
    }
  }

  /** HandlePodCleanups: delete mirror pods whose static pod is gone; recreate missing ones. */
  housekeeping(): void {
    if (!this.running || !this.d.api.isUp()) return;
    if (!this.d.api.store.peek("nodes", undefined, this.d.nodeName)) this.registerNode();
    const staticNames = new Set([...this.pods.values()].filter((r) => r.source === "file").map((r) => `${r.pod.metadata.namespace}/${r.pod.metadata.name}`));
    for (const p of this.d.api.store.podsOnNode(this.d.nodeName)) {
      if (!p.metadata.annotations?.["kubernetes.io/config.mirror"]) continue;
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      if (!staticNames.has(key)) {
        this.d.api.store.remove("pods", p.metadata.namespace, p.metadata.name!);
        this.log(`"Deleting orphaned mirror pod" podName="${key}"`, "I", "kubelet_pods.go:1206");
      }
    }
    for (const r of this.pods.values()) {
      if (r.source !== "file" || r.terminating) continue;
      const m = this.mirrorFor(r);
      if (!m || m.metadata.annotations?.["kubernetes.io/config.mirror"] !== r.uid || m.metadata.deletionTimestamp) this.syncPod(r);
      else if (!r.statusWritten) this.writeStatus(r);
    }
    // API pods bound here that we do not know (e.g. created while we were down)
    for (const p of this.d.api.store.podsOnNode(this.d.nodeName)) {
      if (!p.metadata.annotations?.["kubernetes.io/config.mirror"] && !this.pods.has(p.metadata.uid!)) {
        if (p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed") this.onApiPod("ADDED", p);
      }
    }
  }

  // ---------------------------------------------------------------- status manager

  /**
   * The status's image and imageID of a container's image: parsed once per image string, looked
   * up again only when the runtime's image list changed (it only grows).
   */
  private imageFields(st: CState, image: string): { imageName: string; imageID: string } {
    const images = this.d.runtime.images.length;
    const kept = st.imageFields;
    if (kept && kept.image === image && kept.images === images) return kept;
    const ref = normalizeImageRef(image);
    const imageName = this.d.runtime.kind === "docker" ? dockerImageName(image) : ref.ok ? ref.full : image;
    const img = ref.ok ? this.d.runtime.findImage(ref.full) : undefined;
    const imageID = img ? (this.d.runtime.kind === "docker" ? `docker-pullable://${dockerRepo(image)}@${img.digest}` : `${img.repository}@${img.digest}`) : "";
    st.imageFields = { image, images, imageName, imageID };
    return st.imageFields;
  }

  private containerStatus(rec: PodRec, c: SpecEntry): ContainerStatus {
    const st = c.st;
    const all = this.d.runtime.attemptsOf(unitKey(rec, st));
    let cur = st.id ? this.d.runtime.container(st.id) : undefined;
    // a restart's new container, created but not started: the kubelet generates the status at
    // the start of a sync, from the runtime state it saw then — the previous attempt
    if (cur?.state === "created") for (let i = all.length - 1; i >= 0; i--) if (all[i] !== cur && all[i].state === "exited") { cur = all[i]; break; }
    let prev: Container | undefined;
    if (cur) for (let i = all.length - 1; i >= 0; i--) if (all[i] !== cur && all[i].state === "exited") { prev = all[i]; break; }
    // the image the reported container runs (the spec's until one exists; a spec update shows once the container restarts)
    const { imageName, imageID } = this.imageFields(st, cur ? cur.image : c.image);
    const restartCount = cur ? cur.attempt : 0;
    let state: ContainerStatus["state"];
    let lastState: ContainerStatus["lastState"] = {};
    let ready = false;
    let started = false;
    // (what buildStatus counts, kept here instead of read back from the state objects: those have
    // three shapes, running, terminated and waiting, and reading them made its code polymorphic)
    let kind = CS_WAITING;
    if (cur && cur.state === "running" && !st.waiting) {
      kind = CS_RUNNING;
      state = this.runningState(st, cur);
      const probed = st.probedId === cur.id;
      started = !c.startupProbe || (probed && !!st.started);
      ready = started && (!c.readinessProbe || (probed && !!st.ready));
      if (prev) lastState = this.terminatedState(st, prev);
    } else if (cur && cur.state === "exited" && !st.waiting) {
      kind = (cur.exitCode ?? 0) === 0 ? CS_SUCCEEDED : CS_TERMINATED;
      state = this.terminatedState(st, cur);
      if (cur.exitCode === 0 && c.initName) ready = true;
      if (prev) lastState = this.terminatedState(st, prev);
    } else if (st.waiting) {
      const waiting: { message?: string; reason: string } = st.waiting.message ? { message: st.waiting.message, reason: st.waiting.reason } : { reason: st.waiting.reason };
      state = { waiting };
      const last = cur?.state === "exited" ? cur : prev;
      if (last) {
        lastState = this.terminatedState(st, last);
        kind = CS_WAITING_AFTER_EXIT;
      }
    } else {
      state = { waiting: { reason: rec.inits.length ? "PodInitializing" : "ContainerCreating" } };
    }
    const cs: ContainerStatus = cur
      ? { containerID: `${this.d.runtime.kind}://${cur.id}`, image: imageName, imageID, lastState, name: c.name, ready, restartCount, started, state }
      : { image: imageName, imageID, lastState, name: c.name, ready, restartCount: 0, started, state };
    if (c.mounts.length) cs.volumeMounts = c.mounts;
    this.csKind = kind;
    this.csReady = ready;
    return cs;
  }

  /** what the last containerStatus() built: its CS_ kind and readiness */
  private csKind = CS_WAITING;
  private csReady = false;

  /*
   * Parts of a status that stay the same from one build to the next are built once and shared by
   * the statuses that contain them (stored objects are never changed: Store.freezeObjects in tests):
   * an exited container's terminated state, a running one's running state, the volume mounts of a
   * spec container (SpecEntry.mounts), the conditions, the IP lists.
   */

  /** (kept per container name: the states of its two latest attempts, the current and the previous) */
  private terminatedState(st: CState, x: Container): ContainerStatus["lastState"] {
    // an exited container's fields never change again; one without a finish time uses now
    const keep = x.state === "exited" && x.finishedAt !== undefined;
    const terms = (st.terms ??= []);
    if (keep) for (let i = 0; i < terms.length; i++) if (terms[i].ctr === x) return terms[i].obj;
    const t = {
      terminated: {
        containerID: `${this.d.runtime.kind}://${x.id}`,
        exitCode: x.exitCode ?? 0,
        finishedAt: rfc3339(x.finishedAt ?? this.now()),
        ...(x.message ? { message: x.message } : {}),
        reason: x.reason ?? (x.exitCode === 0 ? "Completed" : "Error"),
        startedAt: rfc3339(x.startedAt ?? x.createdAt),
      },
    };
    if (keep) {
      if (terms.length >= 2) terms.shift();
      terms.push({ ctr: x, obj: t });
    }
    return t;
  }

  private runningState(st: CState, x: Container): ContainerStatus["state"] {
    const kept = st.run;
    if (kept && kept.ctr === x && kept.at === x.startedAt) return kept.obj;
    const obj = { running: { startedAt: rfc3339(x.startedAt!) } };
    st.run = { ctr: x, at: x.startedAt, obj };
    return obj;
  }


  private hostIPsList?: { ip: string }[];

  private buildStatus(rec: PodRec): any {
    const now = this.now();
    // (plain loops, no closures or temporary lists: this runs on every status change)
    const containers = rec.mains;
    const statuses: ContainerStatus[] = [];
    let waiting = 0, running = 0, stopped = 0, succeeded = 0, ready = 0;
    for (let i = 0; i < containers.length; i++) {
      statuses.push(this.containerStatus(rec, containers[i]));
      if (this.csReady) ready++;
      const kind = this.csKind;
      if (kind === CS_RUNNING) running++;
      else if (kind === CS_SUCCEEDED) {
        stopped++;
        succeeded++;
      } else if (kind === CS_TERMINATED || kind === CS_WAITING_AFTER_EXIT) stopped++;
      else waiting++;
    }
    if (statuses.length > 1) statuses.sort((a, b) => (a.name < b.name ? -1 : 1));
    const inits = rec.inits;
    const initStatuses: ContainerStatus[] = [];
    for (let i = 0; i < inits.length; i++) initStatuses.push(this.containerStatus(rec, inits[i]));
    const policy = rec.policy;
    let incomplete = 0;
    let initFailedNever = false;
    for (const s of initStatuses) {
      const t = s.state.terminated;
      if (!(t && t.exitCode === 0)) incomplete++;
      if (policy === "Never" && t && t.exitCode !== 0) initFailedNever = true;
    }
    let phase = "Pending";
    if (waiting > 0) phase = "Pending";
    else if (running > 0) phase = "Running";
    else if (stopped > 0) phase = policy === "Always" ? "Running" : stopped === succeeded ? "Succeeded" : policy === "Never" ? "Failed" : "Running";
    if (incomplete) phase = initFailedNever ? "Failed" : "Pending";
    const sb = rec.sandboxId ? this.d.runtime.sandbox(rec.sandboxId) : undefined;
    const allReady = statuses.length > 0 && ready === statuses.length;
    const sandboxReady = !!sb && sb.state === "ready";
    const terminal = phase === "Succeeded" || phase === "Failed";
    const readyStatus = allReady && phase === "Running" ? "True" : "False";
    const notReadyReason = allReady ? undefined : terminal ? "PodCompleted" : "ContainersNotReady";
    const prevList = rec.condList;
    // the messages (the same string objects while the names are the same: compared by identity below)
    const initMsg = incomplete ? keptMessage(rec, "init", notDone(initStatuses), "containers with incomplete status: ") : undefined;
    const readyMsg = notReadyReason === "ContainersNotReady" && readyStatus === "False" ? keptMessage(rec, "ready", notReadyNames(statuses), "containers with unready status: ") : undefined;
    const c0 = this.condition(rec, 0, sandboxReady && !terminal ? "True" : "False", undefined, undefined, now);
    const c1 = this.condition(rec, 1, incomplete ? "False" : "True", incomplete ? "ContainersNotInitialized" : undefined, initMsg, now);
    const c2 = this.condition(rec, 2, readyStatus, notReadyReason, readyMsg, now);
    const c3 = this.condition(rec, 3, readyStatus, notReadyReason, readyMsg, now);
    const c4 = this.condition(rec, 4, "True", undefined, undefined, now);
    // the same five objects as last time: the same list
    const conditions = prevList && prevList[0] === c0 && prevList[1] === c1 && prevList[2] === c2 && prevList[3] === c3 && prevList[4] === c4 ? prevList : (rec.condList = [c0, c1, c2, c3, c4]);
    const hostIPs = this.hostIPsList?.[0].ip === this.d.nodeIp ? this.hostIPsList : (this.hostIPsList = [{ ip: this.d.nodeIp }]);
    const status: any = {
      conditions,
      containerStatuses: statuses,
      hostIP: this.d.nodeIp,
      hostIPs,
    };
    if (initStatuses.length) status.initContainerStatuses = initStatuses;
    status.phase = phase;
    if (rec.ip && sb) {
      status.podIP = rec.ip;
      status.podIPs = rec.podIPs?.[0].ip === rec.ip ? rec.podIPs : (rec.podIPs = [{ ip: rec.ip }]);
    }
    const qos = rec.qos;
    if (qos) status.qosClass = qos;
    status.startTime = rfc3339(rec.startTime ?? now);
    return status;
  }

  /**
   * One pod condition: its transition time moves when its status changes; the object is the one
   * of the last build while nothing in it changed. reason is given for a False status only.
   */
  private condition(rec: PodRec, i: number, status: string, reasonIfFalse: string | undefined, messageIfFalse: string | undefined, now: number): unknown {
    const type = CONDITION_TYPES[i];
    let c = rec.cond[i];
    if (!c || c.status !== status) rec.cond[i] = c = { status, at: now };
    const at = i === 4 ? rec.seen : c.at;
    const reason = reasonIfFalse && status === "False" ? reasonIfFalse : undefined;
    const message = reason === "ContainersNotInitialized" || reason === "ContainersNotReady" ? messageIfFalse : undefined;
    const kept = (rec.condObjs ??= [])[i];
    if (kept && kept.status === status && kept.reason === reason && kept.message === message && kept.at === at) return kept.obj;
    const out: any = { lastProbeTime: null, lastTransitionTime: rfc3339(at) };
    if (reason) {
      if (message !== undefined) out.message = message;
      out.reason = reason;
    }
    out.status = status;
    out.type = type;
    rec.condObjs[i] = { status, reason, message, at, obj: out };
    return out;
  }

  /**
   * Everything buildStatus() reads that can change while the pod object stays the same: the
   * sandbox, each container's runtime state and attempts, waiting reason and probe results, the
   * images present. Equal inputs give an equal status (time only matters through these).
   */
  private statusInputs(rec: PodRec): number {
    const rt = this.d.runtime;
    const a = this.inputs;
    let n = 0;
    const sb = rec.sandboxId ? rt.sandbox(rec.sandboxId) : undefined;
    a[n++] = rec.sandboxId;
    a[n++] = sb?.state;
    a[n++] = rec.ip;
    a[n++] = rec.startTime ?? this.now();
    a[n++] = rt.images.length;
    const states = rec.states;
    for (let i = 0; i < states.length; i++) {
      const st = states[i];
      const cur = st.id ? rt.container(st.id) : undefined;
      a[n++] = st.name;
      a[n++] = st.id;
      a[n++] = rt.attemptsOf(unitKey(rec, st)).length;
      a[n++] = cur?.state;
      a[n++] = cur?.exitCode;
      a[n++] = cur?.reason;
      a[n++] = cur?.message;
      a[n++] = cur?.startedAt;
      a[n++] = cur?.finishedAt;
      a[n++] = st.waiting?.reason;
      a[n++] = st.waiting?.message;
      a[n++] = st.probedId;
      a[n++] = st.ready;
      a[n++] = st.started;
    }
    return n;
  }

  /** statusInputs' values (a scratch array: compared in place, copied only when kept) */
  private inputs: unknown[] = [];

  private sameInputs(kept: readonly unknown[], n: number): boolean {
    if (kept.length !== n) return false;
    const a = this.inputs;
    for (let i = 0; i < n; i++) if (kept[i] !== a[i]) return false;
    return true;
  }

  /** Tests: build and compare even when the inputs say the status cannot have changed (and fail if it did). */
  static verifyStatusInputs = false;

  /** Write the pod's status to its API object (the mirror pod for a static pod). */
  writeStatus(rec: PodRec, force = false): void {
    if (!this.running || !this.d.api.isUp()) return;
    const apiPod = rec.source === "file" ? this.mirrorFor(rec) : this.d.api.store.peek("pods", rec.ns, rec.name);
    if (!apiPod) return;
    if (rec.source === "file" && apiPod.metadata.annotations?.["kubernetes.io/config.mirror"] !== rec.uid) return;
    if (rec.source === "api" && apiPod.metadata.uid !== rec.uid) return;
    // nothing it is built from changed, and nobody wrote the pod since we did: the same status
    const n = this.statusInputs(rec);
    const same = !force && !!rec.statusWritten && rec.built?.api === apiPod && rec.built.pod === rec.pod && this.sameInputs(rec.built.inputs, n);
    if (same && !Kubelet.verifyStatusInputs) return;
    const inputs = same ? rec.built!.inputs : this.inputs.slice(0, n);
    const status = this.buildStatus(rec);
    status.qosClass ??= apiPod.status?.qosClass;
    // the status manager skips a write that would not change the stored status (stored objects are
    // immutable, so a structural comparison against the API object is exact and allocation-free)
    if (!force && rec.statusWritten && statusEqual(apiPod.status, status)) {
      rec.built = { inputs, pod: rec.pod, api: apiPod };
      return;
    }
    if (same) throw new Error(`kubelet: the status of ${rec.pod.metadata.namespace}/${rec.pod.metadata.name} changed with the same inputs (${inputs.join(" ")})`);
    rec.statusWritten = true;
    const stored = this.d.api.store.replaceStatus("pods", apiPod, status);
    rec.built = { inputs, pod: rec.pod, api: stored };
  }

  /** Recompute every pod's status (the page calls this before reading; cheap when unchanged). */
  refreshStatuses(): void {
    for (const r of this.pods.values()) this.writeStatus(r);
  }

  /** For the cluster view and invariants. */
  staticPods(): { uid: string; name: string; namespace: string; file: string }[] {
    return [...this.pods.values()].filter((r) => r.source === "file" && !r.terminating).map((r) => ({ uid: r.uid, name: r.pod.metadata.name!, namespace: r.pod.metadata.namespace!, file: r.file! }));
  }

  /** Seconds until the next restart of a crash-looping container, if any. */
  nextRestartIn(podUid: string): number | undefined {
    const rec = this.pods.get(podUid);
    if (!rec) return undefined;
    let best: number | undefined;
    for (const c of rec.pod.spec.containers as any[]) {
      const st = rec.cs.get(c.name);
      if (st?.waiting?.reason !== "CrashLoopBackOff" || !st.id) continue;
      const cur = this.d.runtime.container(st.id);
      const at = (cur?.finishedAt ?? this.now()) + this.restartBackoff.get(backoffKey(rec, st));
      const s = Math.max(0, Math.ceil((at - this.now()) / 1000));
      best = best === undefined ? s : Math.min(best, s);
    }
    return best;
  }

  maxBackoffMs(): number {
    return Math.max(this.restartBackoff.maxHeld(), this.pullBackoff.maxHeld());
  }
}

// ---------------------------------------------------------------- helpers

/** containerStatus()'s kinds of state, as buildStatus counts them for the phase */
const CS_WAITING = 0;
const CS_RUNNING = 1;
const CS_TERMINATED = 2;
const CS_SUCCEEDED = 3;
/** waiting with a terminated lastState: a restart's back-off counts as stopped */
const CS_WAITING_AFTER_EXIT = 4;

/** Structural equality of two JSON-like values (undefined properties count as absent). */
/** A spec container's volumeMounts as its status lists them. */
function statusMounts(c: any): any[] {
  return (c.volumeMounts ?? []).map((m: any) => (m.readOnly ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: "Disabled" } : { mountPath: m.mountPath, name: m.name }));
}

/** The restart back-off's key of a container: "<pod>_<namespace>_<uid>_<container>" (kept per container). */
function backoffKey(rec: PodRec, st: CState): string {
  return (st.backoffKey ??= `${rec.pod.metadata.name}_${rec.pod.metadata.namespace}_${rec.uid}_${st.name}`);
}

/** "podUid/container name": the runtime's key for a container's attempts (kept per container) */
function unitKey(rec: PodRec, st: CState): string {
  return (st.unit ??= rec.uid + "/" + st.name);
}

/** newest attempt first (kuberuntime_gc's byCreated on attempts) */
function byAttemptDesc(a: Container, b: Container): number {
  return b.attempt - a.attempt || b.createdAt - a.createdAt;
}

/** A stable sort of a short list in place (no temporary arrays, unlike Array.prototype.sort). */
function insertionSort<T>(a: T[], cmp: (x: T, y: T) => number): void {
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && cmp(a[j], x) > 0) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/** Add a timer to a list, first dropping the finished ones when the list has grown past `limit` (amortised). */
function keepTimer(list: Timer[], t: Timer, limit: number): Timer[] {
  if (list.length >= limit && list.length % limit === 0) {
    const live = list.filter((x) => !x.done && !x.cancelled);
    // keep compacting at multiples of limit only while that frees room
    if (live.length < list.length) list = live;
  }
  list.push(t);
  return list;
}

/** The same argv (a kept plan applies). */
function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The same environment, in the same order (a kept plan applies). */
function sameEnv(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || a[ka[i]] !== b[kb[i]]) return false;
  return true;
}

/** A container's kubelet state, every field present from the start (one shape: see addPod). */
function newCState(name: string): CState {
  return {
    name, id: undefined, restartCount: 0, busy: undefined, waiting: undefined, lastTerminated: undefined, probedId: undefined, ready: undefined, started: undefined,
    probes: undefined, plan: undefined, terms: undefined, run: undefined, logDir: undefined, log: undefined, unit: undefined, backoffKey: undefined,
    backoffTick: undefined, ev: undefined, imageFields: undefined, specChanged: undefined,
  };
}

/** the pod conditions in the order the status lists them (PodScheduled's time is when the kubelet saw the pod) */
const CONDITION_TYPES = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"] as const;

/** "<prefix>[<names>]", the same string as last time for the same names */
function keptMessage(rec: PodRec, slot: "init" | "ready", names: string, prefix: string): string {
  const kept = (rec.condMsgs ??= {})[slot];
  if (kept && kept.names === names) return kept.msg;
  const msg = `${prefix}[${names}]`;
  rec.condMsgs[slot] = { names, msg };
  return msg;
}

/** the names of the init containers not (yet) completed, space-separated */
function notDone(inits: ContainerStatus[]): string {
  let out = "";
  for (const s of inits) if (!(s.state.terminated && s.state.terminated.exitCode === 0)) out += (out ? " " : "") + s.name;
  return out;
}

/** the names of the containers not ready, space-separated */
function notReadyNames(statuses: ContainerStatus[]): string {
  let out = "";
  for (const s of statuses) if (!s.ready) out += (out ? " " : "") + s.name;
  return out;
}

export function jsonEqual(a: any, b: any): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let na = 0;
  for (const k in a) {
    if (a[k] === undefined) continue;
    na++;
    if (!jsonEqual(a[k], b[k])) return false;
  }
  let nb = 0;
  for (const k in b) if (b[k] !== undefined) nb++;
  return na === nb;
}

/** jsonEqual for pod statuses: the container statuses (what changes most) first, for an early no. */
function statusEqual(a: any, b: any): boolean {
  if (!a || !b) return jsonEqual(a, b);
  if (a.phase !== b.phase) return false;
  // what a restart changes, before the rest: each container's state and restart count
  const ac = a.containerStatuses, bc = b.containerStatuses;
  if (Array.isArray(ac) && Array.isArray(bc)) {
    if (ac.length !== bc.length) return false;
    for (let i = 0; i < ac.length; i++) if (ac[i]?.restartCount !== bc[i]?.restartCount || !jsonEqual(ac[i]?.state, bc[i]?.state)) return false;
  }
  return jsonEqual(a, b);
}

function splitRef(full: string): [string, string] {
  const i = full.lastIndexOf(":");
  return [full.slice(0, i), full.slice(i + 1)];
}

/** cri-dockerd reports the image as docker names it: "busybox:latest", "registry.k8s.io/etcd:3.5.16-0". */
function dockerImageName(image: string): string {
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  const hasTag = colon > slash || image.includes("@");
  const name = image.replace(/^docker\.io\/library\//, "").replace(/^docker\.io\//, "");
  return hasTag ? name : `${name}:latest`;
}

function dockerRepo(image: string): string {
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return repo.replace(/^docker\.io\/library\//, "").replace(/^docker\.io\//, "");
}

/** Go's time.Duration.String() for whole-second-ish back-off values: 10s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${s % 60}s`;
}

/** Go's Duration.String() for a pull time (e.g. 1.532s, 823ms). */
function goSeconds(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, "")}s`;
}

/** RFC3339Nano with nanoseconds as the kubelet stamps config.seen. */
function seenTime(ms: number, rand: Rand): string {
  const iso = new Date(ms).toISOString().slice(0, 19);
  const frac = String((ms % 1000) * 1_000_000 + rand.int(1_000_000)).padStart(9, "0").replace(/0+$/, "");
  return `${iso}.${frac || "0"}Z`;
}

/** klog's header time: "1122 09:00:00.123456" */
function klogTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${d.toISOString().slice(11, 23)}${String((ms * 7) % 1000).padStart(3, "0")}`;
}

/** Resident memory of the catalog's programs (bytes), for OOM decisions against limits. */
const MEMORY_USE: Record<string, number> = {
  nginx: 12 * 1024 ** 2, httpd: 20 * 1024 ** 2, "redis-server": 10 * 1024 ** 2, mysqld: 380 * 1024 ** 2, postgres: 45 * 1024 ** 2,
  memcached: 8 * 1024 ** 2, etcd: 60 * 1024 ** 2, "kube-apiserver": 250 * 1024 ** 2, "kube-controller-manager": 60 * 1024 ** 2,
  "kube-scheduler": 30 * 1024 ** 2, "kube-proxy": 25 * 1024 ** 2, coredns: 20 * 1024 ** 2, sleep: 512 * 1024, sh: 1024 * 1024,
};

/** A memory quantity in bytes ("128Mi", "1G", "500000"). */
export function parseMemory(q: unknown): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q ?? ""));
  if (!m) return 0;
  const suf: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, m: 0.001 };
  return Number(m[1]) * (suf[m[2]] ?? 1);
}

/** The environment of a container's process: HOSTNAME, the pod's env (values and fieldRefs), KUBERNETES_* service variables. */
export function containerEnv(pod: KubeObject, c: any, nodeName: string, nodeIp: string, podIp?: string): Record<string, string> {
  const env: Record<string, string> = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOSTNAME: pod.spec.hostNetwork ? nodeName : pod.metadata.name!.slice(0, 63) };
  const field = (path: string): string => {
    switch (path) {
      case "metadata.name": return pod.metadata.name!;
      case "metadata.namespace": return pod.metadata.namespace!;
      case "metadata.uid": return pod.metadata.uid ?? "";
      case "spec.nodeName": return nodeName;
      case "spec.serviceAccountName": return pod.spec.serviceAccountName ?? "";
      case "status.hostIP": return nodeIp;
      case "status.podIP": return podIp ?? "";
      default: {
        const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
        return m ? (pod.metadata as any)[m[1]]?.[m[2]] ?? "" : "";
      }
    }
  };
  for (const e of c.env ?? []) {
    if (typeof e.value === "string") env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (w: string, n: string) => env[n] ?? w);
    else if (e.valueFrom?.fieldRef) env[e.name] = field(e.valueFrom.fieldRef.fieldPath);
    else if (e.value === undefined && !e.valueFrom) env[e.name] = "";
  }
  {
    env.KUBERNETES_SERVICE_HOST = "10.96.0.1";
    env.KUBERNETES_SERVICE_PORT = "443";
    env.KUBERNETES_SERVICE_PORT_HTTPS = "443";
    env.KUBERNETES_PORT = "tcp://10.96.0.1:443";
    env.KUBERNETES_PORT_443_TCP = "tcp://10.96.0.1:443";
    env.KUBERNETES_PORT_443_TCP_PROTO = "tcp";
    env.KUBERNETES_PORT_443_TCP_PORT = "443";
    env.KUBERNETES_PORT_443_TCP_ADDR = "10.96.0.1";
  }
  env.HOME ??= "/root";
  return env;
}

/** metav1.MicroTime: RFC3339 with exactly 6 fractional digits. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** busybox `date` output: "Sun Nov 22 16:56:58 UTC 2026". */
function dateOutput(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

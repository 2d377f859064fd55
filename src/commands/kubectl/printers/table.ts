// The API server's table printing (pkg/printers/internalversion/printers.go) for the kinds
// the lab shows, and kubectl's layout of it (cli-runtime tableprinter + tabwriter).
// Rules: ../shared/oracle/REFERENCE.md §1–5.

import type { KubeObject } from "../../../engine/types.ts";
import { tabwrite } from "./tabwriter.ts";

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

export function age(ts: string | null | undefined, now: number): string {
  if (!ts) return "<unknown>";
  return humanDuration(now - Date.parse(ts));
}

export interface Column {
  name: string;
  /** 1 = only with -o wide */
  priority: number;
}

export interface Table {
  columns: Column[];
  rows: { cells: string[]; object: KubeObject }[];
}

const POD_COLUMNS: Column[] = [
  { name: "Name", priority: 0 }, { name: "Ready", priority: 0 }, { name: "Status", priority: 0 }, { name: "Restarts", priority: 0 },
  { name: "Age", priority: 0 }, { name: "IP", priority: 1 }, { name: "Node", priority: 1 }, { name: "Nominated Node", priority: 1 },
  { name: "Readiness Gates", priority: 1 },
];

/** printPod (printers.go:865–1045). */
export function podRow(pod: KubeObject, now: number): string[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestartDate = 0;
  let lastRestartableInitRestartDate = 0;
  let reason: string = status.reason || status.phase || "";
  const initContainers: any[] = spec.initContainers ?? [];
  const isSidecar = (name: string) => initContainers.some((c) => c.name === name && c.restartPolicy === "Always");
  for (const c of initContainers) if (c.restartPolicy === "Always") totalContainers++;
  for (const cond of status.conditions ?? []) {
    if (cond.type === "PodScheduled" && cond.reason === "SchedulingGated") reason = "SchedulingGated";
  }
  const finishedAt = (cs: any): number => {
    const t = cs.lastState?.terminated?.finishedAt;
    return t ? Date.parse(t) : 0;
  };
  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    if (finishedAt(cs) > lastRestartDate) lastRestartDate = finishedAt(cs);
    if (isSidecar(cs.name)) {
      restartableInitRestarts += cs.restartCount ?? 0;
      if (finishedAt(cs) > lastRestartableInitRestartDate) lastRestartableInitRestartDate = finishedAt(cs);
    }
    const st = cs.state ?? {};
    if (st.terminated && st.terminated.exitCode === 0) continue;
    if (isSidecar(cs.name) && cs.started) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (st.terminated) {
      if (!st.terminated.reason) reason = st.terminated.signal ? `Init:Signal:${st.terminated.signal}` : `Init:ExitCode:${st.terminated.exitCode}`;
      else reason = `Init:${st.terminated.reason}`;
      initializing = true;
    } else if (st.waiting && st.waiting.reason && st.waiting.reason !== "PodInitializing") {
      reason = `Init:${st.waiting.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
      initializing = true;
    }
    break;
  }
  const initialized = (status.conditions ?? []).some((c: any) => c.type === "Initialized" && c.status === "True");
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestartDate = lastRestartableInitRestartDate;
    let hasRunning = false;
    const css: any[] = status.containerStatuses ?? [];
    for (let i = css.length - 1; i >= 0; i--) {
      const cs = css[i];
      restarts += cs.restartCount ?? 0;
      if (finishedAt(cs) > lastRestartDate) lastRestartDate = finishedAt(cs);
      const st = cs.state ?? {};
      if (st.waiting && st.waiting.reason) reason = st.waiting.reason;
      else if (st.terminated && st.terminated.reason) reason = st.terminated.reason;
      else if (st.terminated && !st.terminated.reason) reason = st.terminated.signal ? `Signal:${st.terminated.signal}` : `ExitCode:${st.terminated.exitCode}`;
      else if (cs.ready && st.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      const ready = (status.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
      reason = ready ? "Running" : "NotReady";
    }
  }
  if (pod.metadata.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata.deletionTimestamp && status.phase !== "Succeeded" && status.phase !== "Failed") reason = "Terminating";

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate) restartsStr = `${restarts} (${humanDuration(now - lastRestartDate)} ago)`;

  const ip = status.podIPs?.[0]?.ip || status.podIP || "<none>";
  const node = spec.nodeName || "<none>";
  const nominated = status.nominatedNodeName || "<none>";
  let gates = "<none>";
  if (spec.readinessGates?.length) {
    let trueGates = 0;
    for (const g of spec.readinessGates) {
      if ((status.conditions ?? []).some((c: any) => c.type === g.conditionType && c.status === "True")) trueGates++;
    }
    gates = `${trueGates}/${spec.readinessGates.length}`;
  }
  return [pod.metadata.name!, `${readyContainers}/${totalContainers}`, reason, restartsStr, age(pod.metadata.creationTimestamp, now), ip, node, nominated, gates];
}

const NODE_COLUMNS: Column[] = [
  { name: "Name", priority: 0 }, { name: "Status", priority: 0 }, { name: "Roles", priority: 0 }, { name: "Age", priority: 0 },
  { name: "Version", priority: 0 }, { name: "Internal-IP", priority: 1 }, { name: "External-IP", priority: 1 },
  { name: "OS-Image", priority: 1 }, { name: "Kernel-Version", priority: 1 }, { name: "Container-Runtime", priority: 1 },
];

export function nodeRow(node: KubeObject, now: number): string[] {
  const status = node.status ?? {};
  const ready = (status.conditions ?? []).find((c: any) => c.type === "Ready");
  let st = !ready ? "Unknown" : ready.status === "True" ? "Ready" : "NotReady";
  if (node.spec?.unschedulable) st += ",SchedulingDisabled";
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const r = k.slice("node-role.kubernetes.io/".length);
      if (r) roles.add(r);
    } else if (k === "kubernetes.io/role" && v) roles.add(v);
  }
  const addr = (t: string) => (status.addresses ?? []).find((a: any) => a.type === t)?.address || "<none>";
  const info = status.nodeInfo ?? {};
  return [
    node.metadata.name!, st, roles.size ? [...roles].sort().join(",") : "<none>", age(node.metadata.creationTimestamp, now),
    info.kubeletVersion ?? "", addr("InternalIP"), addr("ExternalIP"), info.osImage || "<unknown>", info.kernelVersion || "<unknown>",
    info.containerRuntimeVersion || "<unknown>",
  ];
}

const NS_COLUMNS: Column[] = [{ name: "Name", priority: 0 }, { name: "Status", priority: 0 }, { name: "Age", priority: 0 }];
const DEFAULT_COLUMNS: Column[] = [{ name: "Name", priority: 0 }, { name: "Age", priority: 0 }];

/** The server's Table for a list of objects of one resource. */
export function toTable(resource: string, objs: KubeObject[], now: number): Table {
  switch (resource) {
    case "pods":
      return { columns: POD_COLUMNS, rows: objs.map((o) => ({ cells: podRow(o, now), object: o })) };
    case "nodes":
      return { columns: NODE_COLUMNS, rows: objs.map((o) => ({ cells: nodeRow(o, now), object: o })) };
    case "namespaces":
      return { columns: NS_COLUMNS, rows: objs.map((o) => ({ cells: [o.metadata.name!, o.status?.phase ?? "", age(o.metadata.creationTimestamp, now)], object: o })) };
    default:
      return { columns: DEFAULT_COLUMNS, rows: objs.map((o) => ({ cells: [o.metadata.name!, age(o.metadata.creationTimestamp, now)], object: o })) };
  }
}

export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  showLabels?: boolean;
  /** -A: NAMESPACE column first */
  withNamespace?: boolean;
  /** "pod/" prefix on names when several kinds are printed */
  kindPrefix?: string;
}

/** labels.FormatLabels: sorted k=v joined with ",", or <none>. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

function cutCell(s: string): string {
  const m = /[\n\r\f]/.exec(s);
  return m ? s.slice(0, m.index) + "..." : s;
}

/** Lines of the table (tab-separated, not yet aligned). */
export function tableLines(t: Table, o: TableOptions): string[] {
  const lines: string[] = [];
  const cols = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => o.wide || c.priority === 0);
  if (!o.noHeaders && t.rows.length) {
    const h = cols.map(({ c }) => c.name.toUpperCase());
    if (o.withNamespace) h.unshift("NAMESPACE");
    if (o.showLabels) h.push("LABELS");
    lines.push(h.join("\t"));
  }
  for (const r of t.rows) {
    const cells = cols.map(({ i }) => cutCell(r.cells[i] ?? ""));
    if (o.kindPrefix) cells[0] = o.kindPrefix + cells[0];
    if (o.withNamespace) cells.unshift(r.object.metadata.namespace ?? "");
    if (o.showLabels) cells.push(formatLabels(r.object.metadata.labels));
    lines.push(cells.join("\t"));
  }
  return lines;
}

export function renderTable(lines: string[]): string {
  return lines.length ? tabwrite(lines.join("\n") + "\n") : "";
}

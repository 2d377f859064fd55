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

/** The cells of podRow that do not depend on the time, and the times the others print. */
interface PodCells {
  metadata: unknown;
  spec: unknown;
  status: unknown;
  resourceVersion: unknown;
  cells: string[];
  restarts: number;
  lastRestartDate: number;
  created: string | undefined;
  createdMs: number;
}
/**
 * By pod object: API objects are immutable once stored (a write stores a new object), so a
 * table of the same pods a second later only formats the two durations again. An entry is
 * used only while the object still holds the same metadata, spec and status (and version).
 */
const podCells = new WeakMap<KubeObject, PodCells>();

/** printPod (printers.go:865–1045). */
export function podRow(pod: KubeObject, now: number): string[] {
  let p = podCells.get(pod);
  if (!p || p.metadata !== pod.metadata || p.spec !== pod.spec || p.status !== pod.status || p.resourceVersion !== pod.metadata.resourceVersion) {
    p = podRowCells(pod);
    podCells.set(pod, p);
  }
  const c = p.cells;
  const restartsStr = p.restarts !== 0 && p.lastRestartDate ? `${p.restarts} (${humanDuration(now - p.lastRestartDate)} ago)` : String(p.restarts);
  return [c[0], c[1], c[2], restartsStr, p.created ? humanDuration(now - p.createdMs) : "<unknown>", c[5], c[6], c[7], c[8]];
}

function podRowCells(pod: KubeObject): PodCells {
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
  const created = pod.metadata.creationTimestamp ?? undefined;
  return {
    metadata: pod.metadata,
    spec: pod.spec,
    status: pod.status,
    resourceVersion: pod.metadata.resourceVersion,
    cells: [pod.metadata.name!, `${readyContainers}/${totalContainers}`, reason, "", "", ip, node, nominated, gates],
    restarts,
    lastRestartDate,
    created,
    createdMs: created ? Date.parse(created) : NaN,
  };
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

const cols = (spec: string): Column[] =>
  spec.split("|").map((n) => (n.startsWith("*") ? { name: n.slice(1), priority: 1 } : { name: n, priority: 0 }));

type Obj = Record<string, any>;
type RowFn = (o: KubeObject, now: number) => string[];

const num = (v: unknown) => String(v ?? 0);

/** layoutContainerCells: names and images joined with ",". */
function containerCells(spec: Obj | undefined): [string, string] {
  const cs: Obj[] = spec?.containers ?? [];
  return [cs.map((c) => c.name).join(","), cs.map((c) => c.image).join(",")];
}

/** metav1.FormatLabelSelector */
export function formatLabelSelector(sel: Obj | undefined | null): string {
  if (!sel) return "<none>";
  const reqs: { key: string; s: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, s: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(",");
    const s = e.operator === "In" ? `${e.key} in (${vals})` : e.operator === "NotIn" ? `${e.key} notin (${vals})` : e.operator === "Exists" ? e.key : `!${e.key}`;
    reqs.push({ key: e.key, s });
  }
  const s = reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => r.s).join(",");
  return s || "<none>";
}

function lbStatus(ingress: Obj[] | undefined, wide: boolean): string {
  const set = [...new Set((ingress ?? []).map((i) => i.ip || i.hostname).filter(Boolean))].sort();
  let r = set.join(",");
  if (!wide && r.length > 16) r = r.slice(0, 13) + "...";
  return r;
}

function serviceExternalIP(svc: Obj, wide: boolean): string {
  const spec = svc.spec ?? {};
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case "ClusterIP":
    case "NodePort":
      return ext.length ? ext.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = lbStatus(svc.status?.loadBalancer?.ingress, wide);
      if (ext.length) return [...(lb ? lb.split(",") : []), ...ext].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return spec.externalName ?? "";
  }
  return "<unknown>";
}

function servicePorts(ports: Obj[] | undefined): string {
  const s = (ports ?? []).map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(",");
  return s || "<none>";
}

/** printers.go formatEndpoints (get endpoints) */
function endpointsCell(ep: Obj): string {
  const subsets: Obj[] = ep.subsets ?? [];
  if (!subsets.length) return "<none>";
  const list: string[] = [];
  let more = false, count = 0;
  const add = (s: string) => {
    if (list.length === 3) more = true;
    if (!more) list.push(s);
    count++;
  };
  for (const ss of subsets) {
    if (!ss.ports?.length) for (const a of ss.addresses ?? []) add(a.ip);
    else for (const p of ss.ports) for (const a of ss.addresses ?? []) add(a.ip.includes(":") ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - 3} more...` : ret;
}

function hasCondition(o: Obj, type: string): boolean {
  return (o.status?.conditions ?? []).some((c: Obj) => c.type === type && c.status === "True");
}

function jobRow(o: KubeObject, now: number): string[] {
  const spec = o.spec ?? {}, st = o.status ?? {};
  let completions: string;
  if (spec.completions !== undefined && spec.completions !== null) completions = `${st.succeeded ?? 0}/${spec.completions}`;
  else {
    const par = spec.parallelism ?? 0;
    completions = par > 1 ? `${st.succeeded ?? 0}/1 of ${par}` : `${st.succeeded ?? 0}/1`;
  }
  let duration = "";
  if (st.startTime) duration = st.completionTime ? humanDuration(Date.parse(st.completionTime) - Date.parse(st.startTime)) : humanDuration(now - Date.parse(st.startTime));
  let status = "Running";
  if (hasCondition(o, "Complete")) status = "Complete";
  else if (hasCondition(o, "Failed")) status = "Failed";
  else if (o.metadata.deletionTimestamp) status = "Terminating";
  else if (hasCondition(o, "Suspended")) status = "Suspended";
  else if (hasCondition(o, "FailureTarget")) status = "FailureTarget";
  else if (hasCondition(o, "SuccessCriteriaMet")) status = "SuccessCriteriaMet";
  const [names, images] = containerCells(spec.template?.spec);
  return [o.metadata.name!, status, completions, duration, age(o.metadata.creationTimestamp, now), names, images, formatLabelSelector(spec.selector)];
}

function eventRow(o: KubeObject, now: number): string[] {
  const first = o.firstTimestamp ? age(o.firstTimestamp, now) : o.eventTime ? age(o.eventTime, now) : "<unknown>";
  let last = o.lastTimestamp ? age(o.lastTimestamp, now) : first;
  let count = o.count ?? 0;
  if (o.series) {
    last = age(o.series.lastObservedTime, now);
    count = o.series.count;
  } else if (!count) count = 1;
  const io = o.involvedObject ?? {};
  const target = io.name ? `${String(io.kind ?? "").toLowerCase()}/${io.name}` : String(io.kind ?? "").toLowerCase();
  const comp = o.source?.component || o.reportingComponent || "";
  const inst = o.source?.host || o.reportingInstance || "";
  const source = inst ? `${comp}, ${inst}` : comp;
  return [last, o.type ?? "", o.reason ?? "", target, io.fieldPath ?? "", source, String(o.message ?? "").trim(), first, String(count), o.metadata.name!];
}

function subjects(o: Obj): [string, string, string] {
  const users: string[] = [], groups: string[] = [], sas: string[] = [];
  for (const s of o.subjects ?? []) {
    if (s.kind === "User") users.push(s.name);
    else if (s.kind === "Group") groups.push(s.name);
    else if (s.kind === "ServiceAccount") sas.push(`${s.namespace ?? ""}/${s.name}`);
  }
  return [users.join(", "), groups.join(", "), sas.join(", ")];
}

/** formatHPAMetrics */
function hpaMetrics(specs: Obj[], statuses: Obj[]): string {
  if (!specs.length) return "<none>";
  const list: string[] = [];
  specs.forEach((spec, i) => {
    const st = statuses[i];
    const pair = (cur: string | undefined, target: unknown, avg = false) => `${cur ?? "<unknown>"}/${target}${avg ? " (avg)" : ""}`;
    switch (spec.type) {
      case "External": {
        const t = spec.external?.target ?? {};
        list.push(t.averageValue !== undefined ? pair(st?.external?.current?.averageValue, t.averageValue, true) : pair(st?.external?.current?.value, t.value));
        break;
      }
      case "Pods":
        list.push(pair(st?.pods?.current?.averageValue, spec.pods?.target?.averageValue));
        break;
      case "Object": {
        const t = spec.object?.target ?? {};
        list.push(t.averageValue !== undefined ? pair(st?.object?.current?.averageValue, t.averageValue, true) : pair(st?.object?.current?.value, t.value));
        break;
      }
      case "Resource":
      case "ContainerResource": {
        const src = spec.type === "Resource" ? spec.resource : spec.containerResource;
        const cs = spec.type === "Resource" ? st?.resource : st?.containerResource;
        const t = src?.target ?? {};
        const label = spec.type === "Resource" ? src?.name : `${src?.name}/${src?.container}`;
        if (t.averageValue !== undefined) list.push(`${label}: ${pair(cs?.current?.averageValue, t.averageValue)}`);
        else list.push(`${label}: ${cs?.current?.averageUtilization !== undefined ? `${cs.current.averageUtilization}%` : "<unknown>"}/${t.averageUtilization !== undefined ? `${t.averageUtilization}%` : "<auto>"}`);
        break;
      }
      default:
        list.push("<unknown type>");
    }
  });
  return list.length > 2 ? `${list.slice(0, 2).join(", ")} + ${list.length - 2} more...` : list.join(", ");
}

const createdAt = (o: KubeObject) => (o.metadata.creationTimestamp ? String(o.metadata.creationTimestamp) : "<unknown>");

const PRINTERS: Record<string, { columns: Column[]; row: RowFn }> = {
  namespaces: { columns: cols("Name|Status|Age"), row: (o, now) => [o.metadata.name!, o.status?.phase ?? "", age(o.metadata.creationTimestamp, now)] },
  deployments: {
    columns: cols("Name|Ready|Up-to-date|Available|Age|*Containers|*Images|*Selector"),
    row: (o, now) => {
      const [n, i] = containerCells(o.spec?.template?.spec);
      return [o.metadata.name!, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`, num(o.status?.updatedReplicas), num(o.status?.availableReplicas), age(o.metadata.creationTimestamp, now), n, i, formatLabelSelector(o.spec?.selector)];
    },
  },
  replicasets: {
    columns: cols("Name|Desired|Current|Ready|Age|*Containers|*Images|*Selector"),
    row: (o, now) => {
      const [n, i] = containerCells(o.spec?.template?.spec);
      return [o.metadata.name!, num(o.spec?.replicas), num(o.status?.replicas), num(o.status?.readyReplicas), age(o.metadata.creationTimestamp, now), n, i, formatLabelSelector(o.spec?.selector)];
    },
  },
  replicationcontrollers: {
    columns: cols("Name|Desired|Current|Ready|Age|*Containers|*Images|*Selector"),
    row: (o, now) => {
      const [n, i] = containerCells(o.spec?.template?.spec);
      return [o.metadata.name!, num(o.spec?.replicas), num(o.status?.replicas), num(o.status?.readyReplicas), age(o.metadata.creationTimestamp, now), n, i, formatLabels(o.spec?.selector)];
    },
  },
  daemonsets: {
    columns: cols("Name|Desired|Current|Ready|Up-to-date|Available|Node Selector|Age|*Containers|*Images|*Selector"),
    row: (o, now) => {
      const st = o.status ?? {};
      const [n, i] = containerCells(o.spec?.template?.spec);
      return [o.metadata.name!, num(st.desiredNumberScheduled), num(st.currentNumberScheduled), num(st.numberReady), num(st.updatedNumberScheduled), num(st.numberAvailable), formatLabels(o.spec?.template?.spec?.nodeSelector), age(o.metadata.creationTimestamp, now), n, i, formatLabelSelector(o.spec?.selector)];
    },
  },
  statefulsets: {
    columns: cols("Name|Ready|Age|*Containers|*Images"),
    row: (o, now) => {
      const [n, i] = containerCells(o.spec?.template?.spec);
      return [o.metadata.name!, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`, age(o.metadata.creationTimestamp, now), n, i];
    },
  },
  jobs: { columns: cols("Name|Status|Completions|Duration|Age|*Containers|*Images|*Selector"), row: jobRow },
  horizontalpodautoscalers: {
    columns: cols("Name|Reference|Targets|MinPods|MaxPods|Replicas|Age"),
    row: (o, now) => [o.metadata.name!, `${o.spec?.scaleTargetRef?.kind ?? ""}/${o.spec?.scaleTargetRef?.name ?? ""}`, hpaMetrics(o.spec?.metrics ?? [], o.status?.currentMetrics ?? []), o.spec?.minReplicas !== undefined ? String(o.spec.minReplicas) : "<unset>", String(o.spec?.maxReplicas ?? 0), String(o.status?.currentReplicas ?? 0), age(o.metadata.creationTimestamp, now)],
  },
  cronjobs: {
    columns: cols("Name|Schedule|Timezone|Suspend|Active|Last Schedule|Age|*Containers|*Images|*Selector"),
    row: (o, now) => {
      const spec = o.spec ?? {};
      const [n, i] = containerCells(spec.jobTemplate?.spec?.template?.spec);
      const suspend = spec.suspend === undefined || spec.suspend === null ? "<unset>" : spec.suspend ? "True" : "False";
      const last = o.status?.lastScheduleTime ? age(o.status.lastScheduleTime, now) : "<none>";
      return [o.metadata.name!, spec.schedule ?? "", spec.timeZone || "<none>", suspend, String((o.status?.active ?? []).length), last, age(o.metadata.creationTimestamp, now), n, i, formatLabelSelector(spec.jobTemplate?.spec?.selector)];
    },
  },
  services: {
    columns: cols("Name|Type|Cluster-IP|External-IP|Port(s)|Age|*Selector"),
    row: (o, now) => [o.metadata.name!, o.spec?.type ?? "", o.spec?.clusterIPs?.[0] ?? (o.spec?.clusterIP || "<none>"), serviceExternalIP(o, false), servicePorts(o.spec?.ports), age(o.metadata.creationTimestamp, now), formatLabels(o.spec?.selector)],
  },
  componentstatuses: { columns: cols("Name|Status|Message|Error"), row: componentStatusRow },
  endpoints: { columns: cols("Name|Endpoints|Age"), row: (o, now) => [o.metadata.name!, endpointsCell(o), age(o.metadata.creationTimestamp, now)] },
  events: { columns: cols("Last Seen|Type|Reason|Object|*Subobject|*Source|Message|*First Seen|*Count|*Name"), row: eventRow },
  configmaps: { columns: cols("Name|Data|Age"), row: (o, now) => [o.metadata.name!, String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), age(o.metadata.creationTimestamp, now)] },
  secrets: { columns: cols("Name|Type|Data|Age"), row: (o, now) => [o.metadata.name!, o.type ?? "", String(Object.keys(o.data ?? {}).length), age(o.metadata.creationTimestamp, now)] },
  serviceaccounts: { columns: cols("Name|Secrets|Age"), row: (o, now) => [o.metadata.name!, String((o.secrets ?? []).length), age(o.metadata.creationTimestamp, now)] },
  ingresses: {
    columns: cols("Name|Class|Hosts|Address|Ports|Age"),
    row: (o, now) => {
      const rules: Obj[] = o.spec?.rules ?? [];
      const list: string[] = [];
      let more = false;
      for (const r of rules) {
        if (list.length === 3) more = true;
        if (!more && r.host) list.push(r.host);
      }
      let hosts = list.length ? list.join(",") : "*";
      if (more) hosts = `${hosts} + ${rules.length - 3} more...`;
      return [o.metadata.name!, o.spec?.ingressClassName ?? "<none>", hosts, lbStatus(o.status?.loadBalancer?.ingress, false), o.spec?.tls?.length ? "80, 443" : "80", age(o.metadata.creationTimestamp, now)];
    },
  },
  ingressclasses: {
    columns: cols("Name|Controller|Parameters|Age"),
    row: (o, now) => {
      const p = o.spec?.parameters;
      const params = p ? `${p.apiGroup ? `${p.kind}.${p.apiGroup}` : p.kind}/${p.name}` : "<none>";
      return [o.metadata.name!, o.spec?.controller ?? "", params, age(o.metadata.creationTimestamp, now)];
    },
  },
  networkpolicies: { columns: cols("Name|Pod-Selector|Age"), row: (o, now) => [o.metadata.name!, formatLabelSelector(o.spec?.podSelector).replace("<none>", ""), age(o.metadata.creationTimestamp, now)] },
  roles: { columns: cols("Name|Created At"), row: (o) => [o.metadata.name!, createdAt(o)] },
  clusterroles: { columns: cols("Name|Created At"), row: (o) => [o.metadata.name!, createdAt(o)] },
  customresourcedefinitions: { columns: cols("Name|Created At"), row: (o) => [o.metadata.name!, createdAt(o)] },
  certificatesigningrequests: {
    columns: cols("Name|Age|SignerName|Requestor|RequestedDuration|Condition"),
    row: (o, now) => {
      // printCertificateSigningRequest / extractCSRStatus
      const types = new Set((o.status?.conditions ?? []).map((c: Obj) => c.type));
      let status = types.has("Denied") ? "Denied" : types.has("Approved") ? "Approved" : "Pending";
      if (types.has("Failed")) status += ",Failed";
      if (o.status?.certificate) status += ",Issued";
      const secs = o.spec?.expirationSeconds;
      return [o.metadata.name!, age(o.metadata.creationTimestamp, now), o.spec?.signerName || "<none>", o.spec?.username ?? "", typeof secs === "number" ? humanDuration(secs * 1000) : "<none>", status];
    },
  },
  rolebindings: {
    columns: cols("Name|Role|Age|*Users|*Groups|*ServiceAccounts"),
    row: (o, now) => [o.metadata.name!, `${o.roleRef?.kind ?? ""}/${o.roleRef?.name ?? ""}`, age(o.metadata.creationTimestamp, now), ...subjects(o)],
  },
  clusterrolebindings: {
    columns: cols("Name|Role|Age|*Users|*Groups|*ServiceAccounts"),
    row: (o, now) => [o.metadata.name!, `${o.roleRef?.kind ?? ""}/${o.roleRef?.name ?? ""}`, age(o.metadata.creationTimestamp, now), ...subjects(o)],
  },
  priorityclasses: {
    columns: cols("Name|Value|Global-Default|Age|PreemptionPolicy"),
    row: (o, now) => [o.metadata.name!, String(o.value ?? 0), o.globalDefault ? "true" : "false", age(o.metadata.creationTimestamp, now), o.preemptionPolicy ?? ""],
  },
  poddisruptionbudgets: {
    columns: cols("Name|Min Available|Max Unavailable|Allowed Disruptions|Age"),
    row: (o, now) => [o.metadata.name!, o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : "N/A", o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : "N/A", String(o.status?.disruptionsAllowed ?? 0), age(o.metadata.creationTimestamp, now)],
  },
  leases: { columns: cols("Name|Holder|Age"), row: (o, now) => [o.metadata.name!, o.spec?.holderIdentity ?? "", age(o.metadata.creationTimestamp, now)] },
  controllerrevisions: {
    columns: cols("Name|Controller|Revision|Age"),
    row: (o, now) => {
      const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
      const ctl = ref ? `${ref.kind.toLowerCase()}.${ref.apiVersion.includes("/") ? ref.apiVersion.split("/")[0] : ""}/${ref.name}`.replace("./", "/") : "<none>";
      return [o.metadata.name!, ctl, String(o.revision ?? 0), age(o.metadata.creationTimestamp, now)];
    },
  },
  persistentvolumes: {
    columns: cols("Name|Capacity|Access Modes|Reclaim Policy|Status|Claim|StorageClass|VolumeAttributesClass|Reason|Age|*VolumeMode"),
    row: (o, now) => {
      const claim = o.spec?.claimRef ? `${o.spec.claimRef.namespace}/${o.spec.claimRef.name}` : "";
      return [o.metadata.name!, o.spec?.capacity?.storage ?? "", accessModes(o.spec?.accessModes), o.spec?.persistentVolumeReclaimPolicy ?? "", o.metadata.deletionTimestamp ? "Terminating" : (o.status?.phase ?? ""), claim, o.spec?.storageClassName ?? "", o.spec?.volumeAttributesClassName || "<unset>", o.status?.reason ?? "", age(o.metadata.creationTimestamp, now), o.spec?.volumeMode ?? "<unset>"];
    },
  },
  persistentvolumeclaims: {
    columns: cols("Name|Status|Volume|Capacity|Access Modes|StorageClass|VolumeAttributesClass|Age|*VolumeMode"),
    row: (o, now) => {
      const bound = !!o.spec?.volumeName;
      return [o.metadata.name!, o.metadata.deletionTimestamp ? "Terminating" : (o.status?.phase ?? ""), o.spec?.volumeName ?? "", bound ? (o.status?.capacity?.storage ?? "") : "", bound ? accessModes(o.status?.accessModes) : "", o.spec?.storageClassName ?? "", o.spec?.volumeAttributesClassName || "<unset>", age(o.metadata.creationTimestamp, now), o.spec?.volumeMode ?? "<unset>"];
    },
  },
  storageclasses: {
    columns: cols("Name|Provisioner|ReclaimPolicy|VolumeBindingMode|AllowVolumeExpansion|Age"),
    row: (o, now) => {
      const def = o.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true" || o.metadata.annotations?.["storageclass.beta.kubernetes.io/is-default-class"] === "true";
      return [o.metadata.name! + (def ? " (default)" : ""), o.provisioner ?? "", o.reclaimPolicy ?? "Delete", o.volumeBindingMode ?? "Immediate", o.allowVolumeExpansion ? "true" : "false", age(o.metadata.creationTimestamp, now)];
    },
  },
  resourcequotas: {
    columns: cols("Name|Age|Request|Limit"),
    row: (o, now) => {
      const req: string[] = [], lim: string[] = [];
      const hard = o.status?.hard ?? {};
      for (const k of Object.keys(hard).sort()) {
        const cell = `${k}: ${o.status?.used?.[k] ?? "0"}/${hard[k]}`;
        if (k.startsWith("limits.")) lim.push(cell);
        else req.push(cell);
      }
      return [o.metadata.name!, age(o.metadata.creationTimestamp, now), req.join(", "), lim.join(", ")];
    },
  },
  limitranges: { columns: cols("Name|Created At"), row: (o) => [o.metadata.name!, createdAt(o)] },
};

function accessModes(modes: string[] | undefined): string {
  const short: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };
  const out: string[] = [];
  for (const m of ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]) if ((modes ?? []).includes(m)) out.push(short[m]);
  return out.join(",");
}

const DEFAULT_COLUMNS: Column[] = [{ name: "Name", priority: 0 }, { name: "Age", priority: 0 }];

/** The server's Table for a list of objects of one resource. */
export function toTable(resource: string, objs: KubeObject[], now: number): Table {
  switch (resource) {
    case "pods":
      return { columns: POD_COLUMNS, rows: objs.map((o) => ({ cells: podRow(o, now), object: o })) };
    case "nodes":
      return { columns: NODE_COLUMNS, rows: objs.map((o) => ({ cells: nodeRow(o, now), object: o })) };
  }
  const p = PRINTERS[resource];
  if (p) return { columns: p.columns, rows: objs.map((o) => ({ cells: p.row(o, now), object: o })) };
  return { columns: DEFAULT_COLUMNS, rows: objs.map((o) => ({ cells: [o.metadata.name!, age(o.metadata.creationTimestamp, now)], object: o })) };
}

export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  showLabels?: boolean;
  /** -A: NAMESPACE column first */
  withNamespace?: boolean;
  /** "pod/" prefix on names when several kinds are printed */
  kindPrefix?: string;
  /** -L: one column per label key (header: the last path segment, upper-cased) */
  labelColumns?: string[];
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
    for (const l of o.labelColumns ?? []) h.push(l.split("/").pop()!.toUpperCase());
    if (o.showLabels) h.push("LABELS");
    lines.push(h.join("\t"));
  }
  for (const r of t.rows) {
    const cells = cols.map(({ i }) => cutCell(r.cells[i] ?? ""));
    if (o.kindPrefix) cells[0] = o.kindPrefix + cells[0];
    if (o.withNamespace) cells.unshift(r.object.metadata.namespace ?? "");
    for (const l of o.labelColumns ?? []) cells.push(r.object.metadata.labels?.[l] ?? "");
    if (o.showLabels) cells.push(formatLabels(r.object.metadata.labels));
    lines.push(cells.join("\t"));
  }
  return lines;
}

export function renderTable(lines: string[]): string {
  return lines.length ? tabwrite(lines.join("\n") + "\n") : "";
}

/** printComponentStatus: the Healthy condition's status, message and error. */
function componentStatusRow(o: KubeObject): string[] {
  const c = (o.conditions ?? []).find((x: any) => x.type === "Healthy");
  const status = !c ? "Unknown" : c.status === "True" ? "Healthy" : "Unhealthy";
  return [o.metadata.name!, status, c?.message ?? "", c?.error ?? ""];
}

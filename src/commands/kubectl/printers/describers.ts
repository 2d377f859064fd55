// The per-kind describers of k8s.io/kubectl/pkg/describe/describe.go (v1.32), printed from the
// objects the API server holds. Field order, labels and tab stops follow the Go source.

import type { KubeObject } from "../../../engine/types.ts";
import {
  PrefixWriter, cmp, describeEvents, formatLabelSelector, intstr, matchesSelector, percent, podQOS, podRequestsAndLimits, printAnnotationsMultiline,
  printController, printLabelsMultiline, printTaintsMultiline, printTolerationsMultiline, q, qAdd, qMilli, qString, qValue, rfc1123z, searchEvents,
  selectorString, since, type Q,
} from "./describe-util.ts";
import { formatLabels } from "./table.ts";
import { parseQuantity } from "../quantity.ts";

type Obj = Record<string, any>;

/** What a describer may read besides the object itself. */
export interface DescribeContext {
  now: number;
  /** list objects of a resource (namespace undefined = all namespaces); [] when the server has none */
  list(resource: string, namespace: string | undefined): KubeObject[];
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  showEvents: boolean;
}

type Describer = (o: KubeObject, c: DescribeContext) => string;

function eventsFor(c: DescribeContext, o: KubeObject, ref?: { uid?: string; kind?: string }): KubeObject[] | undefined {
  if (!c.showEvents) return undefined;
  const all = c.list("events", o.metadata.namespace || undefined);
  return searchEvents(all, { name: o.metadata.name!, namespace: o.metadata.namespace, kind: ref?.kind ?? o.kind, uid: ref?.uid ?? o.metadata.uid });
}

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const goBool = (v: unknown) => (v ? "true" : "false");
const printBool = (v: unknown) => (v ? "True" : "False");
const printBoolPtr = (v: unknown) => (v === undefined || v === null ? "<unset>" : printBool(v));

// ---------------------------------------------------------------- containers and volumes

function describeContainers(label: string, containers: Obj[], statuses: Obj[] | undefined, pod: KubeObject | undefined, w: PrefixWriter, space: string): void {
  const byName = new Map<string, Obj>();
  for (const s of statuses ?? []) byName.set(s.name, s);
  w.write(0, `${space}${label}:${containers.length ? "" : " <none>"}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    const nameIndent = space ? " " : "";
    w.write(1, `${nameIndent}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${str(status.containerID)}\n`);
    w.write(2, `Image:\t${str(c.image)}\n`);
    if (status) w.write(2, `Image ID:\t${str(status.imageID)}\n`);
    const ports: Obj[] = c.ports ?? [];
    const portString = ports.map((p) => `${p.containerPort}/${p.protocol ?? ""}`).join(", ");
    if (portString.includes(",")) w.write(2, `Ports:\t${portString}\n`);
    else w.write(2, `Port:\t${portString || "<none>"}\n`);
    const hostPortString = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ""}`).join(", ");
    if (hostPortString.includes(",")) w.write(2, `Host Ports:\t${hostPortString}\n`);
    else w.write(2, `Host Port:\t${hostPortString || "<none>"}\n`);
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(2, `SeccompProfile:\t${str(seccomp.type)}\n`);
      if (seccomp.type === "Localhost") w.write(3, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
    }
    if (c.command?.length) {
      w.write(2, "Command:\n");
      for (const x of c.command) for (const s of String(x).split("\n")) w.write(3, `${s}\n`);
    }
    if (c.args?.length) {
      w.write(2, "Args:\n");
      for (const x of c.args) for (const s of String(x).split("\n")) w.write(3, `${s}\n`);
    }
    if (status) {
      describeStatus("State", status.state ?? {}, w);
      if (status.lastState?.terminated) describeStatus("Last State", status.lastState, w);
      w.write(2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(c.resources, w, 2);
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if (c.envFrom?.length) {
      w.write(2, "Environment Variables from:\n");
      for (const e of c.envFrom) {
        const [from, ref] = e.configMapRef ? ["ConfigMap", e.configMapRef] : e.secretRef ? ["Secret", e.secretRef] : ["", {}];
        const optional = ref.optional === true;
        if (!e.prefix) w.write(3, `${str(ref.name)}\t${from}\tOptional: ${optional}\n`);
        else w.write(3, `${str(ref.name)}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
      }
    }
    const env: Obj[] = c.env ?? [];
    w.write(2, `Environment:${env.length ? "" : "\t<none>"}\n`);
    for (const e of env) {
      if (!e.valueFrom) {
        String(e.value ?? "").split("\n").forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
        continue;
      }
      const vf = e.valueFrom;
      if (vf.fieldRef) {
        const value = pod ? fieldPathValue(pod, vf.fieldRef.fieldPath) : "";
        w.write(3, `${e.name}:\t${value} (${str(vf.fieldRef.apiVersion)}:${str(vf.fieldRef.fieldPath)})\n`);
      } else if (vf.resourceFieldRef) {
        let v = resourceFieldValue(vf.resourceFieldRef, c);
        const resource = vf.resourceFieldRef.resource;
        if (v === "0" && (resource === "limits.cpu" || resource === "limits.memory")) v = "node allocatable";
        w.write(3, `${e.name}:\t${v} (${resource})\n`);
      } else if (vf.secretKeyRef) {
        w.write(3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`);
      } else if (vf.configMapKeyRef) {
        w.write(3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`);
      }
    }
    const mounts: Obj[] = [...(c.volumeMounts ?? [])].sort((a, b) => cmp(a.mountPath, b.mountPath));
    w.write(2, `Mounts:${mounts.length ? "" : "\t<none>"}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? "ro" : "rw"];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
    }
    if (c.volumeDevices?.length) {
      w.write(2, "Devices:\n");
      for (const d of [...c.volumeDevices].sort((a: Obj, b: Obj) => cmp(a.devicePath, b.devicePath))) w.write(3, `${d.devicePath} from ${d.name}\n`);
    }
  }
}

function fieldPathValue(pod: KubeObject, path: string): string {
  const m = /^metadata\.(annotations|labels)\['(.*)'\]$/.exec(path);
  if (m) return pod.metadata[m[1] as "labels"]?.[m[2]] ?? "";
  switch (path) {
    case "metadata.name":
      return pod.metadata.name ?? "";
    case "metadata.namespace":
      return pod.metadata.namespace ?? "";
    case "metadata.uid":
      return pod.metadata.uid ?? "";
    case "metadata.labels":
      return Object.keys(pod.metadata.labels ?? {}).sort().map((k) => `${k}="${pod.metadata.labels![k]}"`).join("\n");
    case "metadata.annotations":
      return Object.keys(pod.metadata.annotations ?? {}).sort().map((k) => `${k}="${pod.metadata.annotations![k]}"`).join("\n");
    default:
      return "";
  }
}

function resourceFieldValue(ref: Obj, c: Obj): string {
  const [kind, res] = String(ref.resource ?? "").split(".");
  const v = c.resources?.[kind]?.[res];
  if (v === undefined) return "0";
  const divisor = q(ref.divisor ?? "1");
  const x = q(v);
  if (divisor.nanos === 0n) return "0";
  const r = (x.nanos + divisor.nanos - 1n) / divisor.nanos;
  return r.toString();
}

function describeStatus(name: string, state: Obj, w: PrefixWriter): void {
  if (state.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated) {
    const t = state.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.write(2, `${name}:\tWaiting\n`);
}

function describeResources(res: Obj | undefined, w: PrefixWriter, level: number): void {
  if (!res) return;
  const limits = res.limits ?? {};
  const requests = res.requests ?? {};
  if (Object.keys(limits).length) w.write(level, "Limits:\n");
  for (const k of Object.keys(limits).sort()) w.write(level + 1, `${k}:\t${canon(limits[k])}\n`);
  if (Object.keys(requests).length) w.write(level, "Requests:\n");
  for (const k of Object.keys(requests).sort()) w.write(level + 1, `${k}:\t${canon(requests[k])}\n`);
}

function canon(v: unknown): string {
  try {
    return parseQuantity(String(v));
  } catch {
    return String(v);
  }
}

/** DescribeProbe */
export function describeProbe(p: Obj): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(" ")}] ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    const scheme = String(h.scheme ?? "").toLowerCase();
    const port = intstr(h.port);
    const host = h.host ?? "";
    const hostPort = port ? (host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`) : host;
    return `http-get ${scheme ? scheme + ":" : ""}//${hostPort}${h.path ?? ""} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ""}:${intstr(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeVolumes(volumes: Obj[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes?.length) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? " " : ""}${v.name}:\n`);
    if (v.hostPath) {
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type === undefined ? "<none>" : v.hostPath.type}\n`);
    } else if (v.emptyDir) {
      const sl = v.emptyDir.sizeLimit && q(v.emptyDir.sizeLimit).nanos > 0n ? canon(v.emptyDir.sizeLimit) : "<unset>";
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ""}\n    SizeLimit:\t${sl}\n`);
    } else if (v.secret) {
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ""}\n    Optional:\t${goBool(v.secret.optional)}\n`);
    } else if (v.configMap) {
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ""}\n    Optional:\t${goBool(v.configMap.optional)}\n`);
    } else if (v.nfs) {
      w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n    Path:\t${v.nfs.path}\n    ReadOnly:\t${goBool(v.nfs.readOnly)}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${goBool(v.persistentVolumeClaim.readOnly)}\n`);
    } else if (v.downwardAPI) {
      w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
      for (const it of v.downwardAPI.items ?? []) {
        if (it.fieldRef) w.write(3, `${it.fieldRef.fieldPath} -> ${it.path}\n`);
        if (it.resourceFieldRef) w.write(3, `${it.resourceFieldRef.resource} -> ${it.path}\n`);
      }
    } else if (v.projected) {
      w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(2, `SecretName:\t${s.secret.name ?? ""}\n    SecretOptionalName:\t${ptr(s.secret.optional)}\n`);
        else if (s.downwardAPI) w.write(2, "DownwardAPI:\ttrue\n");
        else if (s.configMap) w.write(2, `ConfigMapName:\t${s.configMap.name ?? ""}\n    ConfigMapOptional:\t${ptr(s.configMap.optional)}\n`);
        else if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`);
      }
    } else if (v.csi) {
      w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v.csi.driver}\n    FSType:\t${v.csi.fsType ?? ""}\n    ReadOnly:\t${goBool(v.csi.readOnly)}\n`);
      csiVolumeAttributes(w, v.csi.volumeAttributes);
    } else if (v.image) {
      w.write(2, `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${v.image.reference ?? ""}\n    PullPolicy:\t${v.image.pullPolicy ?? ""}\n`);
    } else w.write(1, "<unknown>\n");
  }
}

/** %v of a *bool: <nil> when unset. */
const ptr = (v: unknown) => (v === undefined || v === null ? "<nil>" : String(v));

function describeTopologySpreadConstraints(tscs: Obj[] | undefined, w: PrefixWriter, space: string): void {
  if (!tscs?.length) return;
  const sorted = [...tscs].sort((a, b) => cmp(a.topologyKey, b.topologyKey));
  w.write(0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i) w.write(0, `${space}\t`);
    let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(0, s + "\n");
  });
}

/** DescribePodTemplate */
function describePodTemplate(t: Obj | undefined, w: PrefixWriter): void {
  w.write(0, "Pod Template:\n");
  if (!t) {
    w.write(1, "<unset>");
    return;
  }
  const spec = t.spec ?? {};
  printLabelsMultiline(w, "  Labels", t.metadata?.labels);
  if (Object.keys(t.metadata?.annotations ?? {}).length) printAnnotationsMultiline(w, "  Annotations", t.metadata.annotations);
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers("Init Containers", spec.initContainers, undefined, undefined, w, "  ");
  describeContainers("Containers", spec.containers ?? [], undefined, undefined, w, "  ");
  describeVolumes(spec.volumes, w, "  ");
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, "  ");
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, "  Node-Selectors", spec.nodeSelector);
  printTolerationsMultiline(w, "Tolerations", spec.tolerations, "  ");
}

/** DescribePodTemplate into a plain buffer (rollout history --revision: tabs are not aligned). */
export function describePodTemplateRaw(t: Obj): string {
  const w = new PrefixWriter(true);
  describePodTemplate(t, w);
  return w.toString();
}

// ---------------------------------------------------------------- pods and nodes

const describePod: Describer = (pod, c) => {
  const w = new PrefixWriter();
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let events: KubeObject[] | undefined;
  if (c.showEvents) {
    const mirror = pod.metadata.annotations?.["kubernetes.io/config.mirror"];
    events = searchEvents(c.list("events", pod.metadata.namespace), { name: pod.metadata.name!, namespace: pod.metadata.namespace, uid: mirror ?? pod.metadata.uid });
  }
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace}\n`);
  if (spec.priority !== undefined && spec.priority !== null) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  if (!spec.nodeName) w.write(0, "Node:\t<none>\n");
  else w.write(0, `Node:\t${spec.nodeName}/${status.hostIP ?? ""}\n`);
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, "Labels", pod.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && status.phase !== "Failed" && status.phase !== "Succeeded") {
    w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, c.now)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${status.phase ?? ""}\n`);
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  const seccomp = spec.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(0, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === "Localhost") w.write(0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
  }
  w.write(0, `IP:\t${status.podIP ?? ""}\n`);
  if (!status.podIPs?.length) w.write(0, "IPs:\t<none>\n");
  else {
    w.write(0, "IPs:\n");
    for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const ctl = printController(pod);
  if (ctl) w.write(0, `Controlled By:\t${ctl}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.resources) {
    w.write(0, "Resources:\n");
    describeResources(spec.resources, w, 1);
  }
  if (spec.initContainers?.length) describeContainers("Init Containers", spec.initContainers, status.initContainerStatuses, pod, w, "");
  describeContainers("Containers", spec.containers ?? [], status.containerStatuses, pod, w, "");
  if (spec.ephemeralContainers?.length) describeContainers("Ephemeral Containers", spec.ephemeralContainers, status.ephemeralContainerStatuses, pod, w, "");
  if (spec.readinessGates?.length) {
    w.write(0, "Readiness Gates:\n  Type\tStatus\n");
    for (const g of spec.readinessGates) {
      const cond = (status.conditions ?? []).find((x: Obj) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${cond ? cond.status : "<none>"} \n`);
    }
  }
  if (status.conditions?.length) {
    w.write(0, "Conditions:\n  Type\tStatus\n");
    for (const cond of status.conditions) w.write(1, `${cond.type} \t${cond.status} \n`);
  }
  describeVolumes(spec.volumes, w, "");
  w.write(0, `QoS Class:\t${podQOS(pod)}\n`);
  printLabelsMultiline(w, "Node-Selectors", spec.nodeSelector);
  printTolerationsMultiline(w, "Tolerations", spec.tolerations);
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, "");
  describeEvents(events, w, c.now);
  return w.toString();
};

function nodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const r = k.slice("node-role.kubernetes.io/".length);
      if (r) roles.add(r);
    } else if (k === "kubernetes.io/role" && v) roles.add(v);
  }
  return [...roles].sort();
}

const describeNode: Describer = (node, c) => {
  const w = new PrefixWriter();
  const name = node.metadata.name!;
  const status = node.status ?? {};
  let events: KubeObject[] | undefined;
  if (c.showEvents) {
    const all = c.list("events", undefined);
    events = [
      ...searchEvents(all, { name, namespace: "", kind: "Node", uid: node.metadata.uid }),
      ...searchEvents(all, { name, namespace: "", kind: "Node", uid: name }),
    ];
  }
  w.write(0, `Name:\t${name}\n`);
  const roles = nodeRoles(node);
  w.write(0, `Roles:\t${roles.length ? roles.join(",") : "<none>"}\n`);
  printLabelsMultiline(w, "Labels", node.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, "Taints", node.spec?.taints);
  w.write(0, `Unschedulable:\t${goBool(node.spec?.unschedulable)}\n`);
  const lease = c.get("leases", "kube-node-lease", name);
  if (lease) {
    w.write(0, "Lease:\n");
    w.write(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? "<unset>"}\n`);
    w.write(1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : "<unset>"}\n`);
    w.write(1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : "<unset>"}\n`);
  } else w.write(0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${name}" not found\n`);
  if (status.conditions?.length) {
    w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
    for (const x of status.conditions) {
      w.write(1, `${x.type} \t${x.status} \t${rfc1123z(x.lastHeartbeatTime)} \t${rfc1123z(x.lastTransitionTime)} \t${str(x.reason)} \t${str(x.message)}\n`);
    }
  }
  w.write(0, "Addresses:\n");
  for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  const printResourceList = (rl: Record<string, string>) => {
    for (const k of Object.keys(rl).sort()) w.write(0, `  ${k}:\t${canon(rl[k])}\n`);
  };
  if (Object.keys(status.capacity ?? {}).length) {
    w.write(0, "Capacity:\n");
    printResourceList(status.capacity);
  }
  if (Object.keys(status.allocatable ?? {}).length) {
    w.write(0, "Allocatable:\n");
    printResourceList(status.allocatable);
  }
  const info = status.nodeInfo ?? {};
  w.write(0, "System Info:\n");
  w.write(0, `  Machine ID:\t${str(info.machineID)}\n`);
  w.write(0, `  System UUID:\t${str(info.systemUUID)}\n`);
  w.write(0, `  Boot ID:\t${str(info.bootID)}\n`);
  w.write(0, `  Kernel Version:\t${str(info.kernelVersion)}\n`);
  w.write(0, `  OS Image:\t${str(info.osImage)}\n`);
  w.write(0, `  Operating System:\t${str(info.operatingSystem)}\n`);
  w.write(0, `  Architecture:\t${str(info.architecture)}\n`);
  w.write(0, `  Container Runtime Version:\t${str(info.containerRuntimeVersion)}\n`);
  w.write(0, `  Kubelet Version:\t${str(info.kubeletVersion)}\n`);
  w.write(0, `  Kube-Proxy Version:\t${str(info.kubeProxyVersion)}\n`);
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(",")}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  const pods = c.list("pods", undefined).filter((p) => p.spec?.nodeName === name && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
  describeNodeResource(pods, node, w, c.now);
  describeEvents(events, w, c.now);
  return w.toString();
};

function describeNodeResource(pods: KubeObject[], node: KubeObject, w: PrefixWriter, now: number): void {
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const alloc: Record<string, string> = Object.keys(node.status?.allocatable ?? {}).length ? node.status.allocatable : (node.status?.capacity ?? {});
  const aCpu = qMilli(q(alloc.cpu ?? "0"));
  const aMem = qValue(q(alloc.memory ?? "0"));
  const aEph = qValue(q(alloc["ephemeral-storage"] ?? "0"));
  const pct = (a: bigint, b: bigint) => String(percent(a, b)).replace("NaN", "-9223372036854775808").replace("Infinity", "-9223372036854775808");
  const totalReq = new Map<string, Q>(), totalLim = new Map<string, Q>();
  for (const p of pods) {
    const { reqs, limits } = podRequestsAndLimits(p);
    const cr = reqs.get("cpu"), cl = limits.get("cpu"), mr = reqs.get("memory"), ml = limits.get("memory");
    w.write(1, `${p.metadata.namespace}\t${p.metadata.name}\t\t${qString(cr)} (${pct(qMilli(cr), aCpu)}%)\t${qString(cl)} (${pct(qMilli(cl), aCpu)}%)\t${qString(mr)} (${pct(qValue(mr), aMem)}%)\t${qString(ml)} (${pct(qValue(ml), aMem)}%)\t${since(p.metadata.creationTimestamp, now)}\n`);
    for (const [k, v] of reqs) totalReq.set(k, qAdd(totalReq.get(k), v));
    for (const [k, v] of limits) totalLim.set(k, qAdd(totalLim.get(k), v));
  }
  w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(1, "Resource\tRequests\tLimits\n");
  w.write(1, "--------\t--------\t------\n");
  const frac = (a: bigint, b: bigint) => (b === 0n ? 0 : percent(a, b));
  const row = (name: string, r: Q | undefined, l: Q | undefined, val: (x: Q | undefined) => bigint, total: bigint) =>
    w.write(1, `${name}\t${qString(r)} (${frac(val(r), total)}%)\t${qString(l)} (${frac(val(l), total)}%)\n`);
  row("cpu", totalReq.get("cpu"), totalLim.get("cpu"), qMilli, aCpu);
  row("memory", totalReq.get("memory"), totalLim.get("memory"), qValue, aMem);
  row("ephemeral-storage", totalReq.get("ephemeral-storage"), totalLim.get("ephemeral-storage"), qValue, aEph);
  const standard = new Set(["cpu", "memory", "ephemeral-storage", "storage", "pods"]);
  const huge = Object.keys(alloc).filter((k) => k.startsWith("hugepages-")).sort();
  const ext = Object.keys(alloc).filter((k) => !k.startsWith("hugepages-") && !standard.has(k) && !k.startsWith("requests.") && !k.startsWith("limits.")).sort();
  for (const h of huge) row(h, totalReq.get(h), totalLim.get(h), qValue, qValue(q(alloc[h])));
  for (const e of ext) w.write(1, `${e}\t${qString(totalReq.get(e))}\t${qString(totalLim.get(e))}\n`);
}

// ---------------------------------------------------------------- workloads

function podStatusForController(c: DescribeContext, o: KubeObject): string {
  let running = 0, waiting = 0, succeeded = 0, failed = 0;
  for (const p of c.list("pods", o.metadata.namespace)) {
    if (!matchesSelector(o.spec?.selector, p.metadata.labels)) continue;
    const ref = (p.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (!ref || ref.uid !== o.metadata.uid) continue;
    switch (p.status?.phase) {
      case "Running": running++; break;
      case "Pending": waiting++; break;
      case "Succeeded": succeeded++; break;
      case "Failed": failed++; break;
    }
  }
  return `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed`;
}

function stripHash(t: Obj | undefined): string {
  const c = structuredClone(t ?? {});
  if (c.metadata?.labels) delete c.metadata.labels["pod-template-hash"];
  return JSON.stringify(sortDeep(c));
}
function sortDeep(v: any): any {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]));
  return v;
}

/** deploymentutil: the ReplicaSets a Deployment controls, split into the new one and the old ones. */
export function deploymentReplicaSets(d: KubeObject, all: KubeObject[]): { newRS?: KubeObject; old: KubeObject[] } {
  const owned = all
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata.uid))
    .sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? "") - Date.parse(b.metadata.creationTimestamp ?? "") || cmp(a.metadata.name!, b.metadata.name!));
  const want = stripHash(d.spec?.template);
  const newRS = owned.find((rs) => stripHash(rs.spec?.template) === want);
  return { newRS, old: owned.filter((rs) => rs !== newRS) };
}

const describeDeployment: Describer = (d, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, d);
  const spec = d.spec ?? {}, status = d.status ?? {};
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, "Labels", d.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", d.metadata.annotations);
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
  w.write(0, `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? ""}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${intstr(ru.maxUnavailable)} max unavailable, ${intstr(ru.maxSurge)} max surge\n`);
  describePodTemplate(spec.template, w);
  if (status.conditions?.length) {
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
    w.write(1, "----\t------\t------\n");
    for (const x of status.conditions) w.write(1, `${x.type} \t${x.status}\t${str(x.reason)}\n`);
  }
  const { newRS, old } = deploymentReplicaSets(d, c.list("replicasets", d.metadata.namespace));
  if (old.length || newRS) {
    const fmt = (l: KubeObject[]) => l.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(", ") || "<none>";
    w.write(0, `OldReplicaSets:\t${fmt(old)}\n`);
    w.write(0, `NewReplicaSet:\t${fmt(newRS ? [newRS] : [])}\n`);
  }
  describeEvents(events, w, c.now);
  return w.toString();
};

const describeReplicaSet: Describer = (rs, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, rs);
  w.write(0, `Name:\t${rs.metadata.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, "Labels", rs.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", rs.metadata.annotations);
  const ctl = printController(rs);
  if (ctl) w.write(0, `Controlled By:\t${ctl}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
  w.write(0, `Pods Status:\t${podStatusForController(c, rs)}\n`);
  describePodTemplate(rs.spec?.template, w);
  if (rs.status?.conditions?.length) {
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
    w.write(1, "----\t------\t------\n");
    for (const x of rs.status.conditions) w.write(1, `${x.type} \t${x.status}\t${str(x.reason)}\n`);
  }
  describeEvents(events, w, c.now);
  return w.toString();
};

const describeDaemonSet: Describer = (ds, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, ds);
  const st = ds.status ?? {};
  w.write(0, `Name:\t${ds.metadata.name}\n`);
  w.write(0, `Namespace:\t${ds.metadata.namespace}\n`);
  w.write(0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, "Labels", ds.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", ds.metadata.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${podStatusForController(c, ds)}\n`);
  describePodTemplate(ds.spec?.template, w);
  describeEvents(events, w, c.now);
  return w.toString();
};

const describeStatefulSet: Describer = (ss, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, ss);
  w.write(0, `Name:\t${ss.metadata.name}\n`);
  w.write(0, `Namespace:\t${ss.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(ss.metadata.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${selectorString(ss.spec?.selector)}\n`);
  printLabelsMultiline(w, "Labels", ss.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", ss.metadata.annotations);
  w.write(0, `Replicas:\t${ss.spec?.replicas ?? 0} desired | ${ss.status?.replicas ?? 0} total\n`);
  w.write(0, `Update Strategy:\t${ss.spec?.updateStrategy?.type ?? ""}\n`);
  const ru = ss.spec?.updateStrategy?.rollingUpdate;
  if (ru && ru.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${intstr(ru.maxUnavailable)}\n`);
  }
  w.write(0, `Pods Status:\t${podStatusForController(c, ss)}\n`);
  describePodTemplate(ss.spec?.template, w);
  const vcts: Obj[] = ss.spec?.volumeClaimTemplates ?? [];
  if (!vcts.length) w.write(0, "Volume Claims:\t<none>\n");
  else {
    w.write(0, "Volume Claims:\n");
    for (const p of vcts) {
      w.write(1, `Name:\t${p.metadata?.name ?? ""}\n`);
      w.write(1, `StorageClass:\t${p.spec?.storageClassName ?? ""}\n`);
      printLabelsMultiline(w, "Labels", p.metadata?.labels, "  ");
      printLabelsMultiline(w, "Annotations", p.metadata?.annotations, "  ");
      const cap = p.spec?.resources?.requests?.storage;
      w.write(1, `Capacity:\t${cap ? canon(cap) : "<default>"}\n`);
      w.write(1, `Access Modes:\t[${(p.spec?.accessModes ?? []).join(" ")}]\n`);
    }
  }
  describeEvents(events, w, c.now);
  return w.toString();
};

const describeJob: Describer = (job, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, job);
  const spec = job.spec ?? {}, st = job.status ?? {};
  w.write(0, `Name:\t${job.metadata.name}\n`);
  w.write(0, `Namespace:\t${job.metadata.namespace}\n`);
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`);
  printLabelsMultiline(w, "Labels", job.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", job.metadata.annotations);
  const ctl = printController(job);
  if (ctl) w.write(0, `Controlled By:\t${ctl}\n`);
  if (spec.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec.completions ?? "<unset>"}\n`);
  if (spec.completionMode) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec.suspend !== undefined) w.write(0, `Suspend:\t${goBool(spec.suspend)}\n`);
  if (spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec.ttlSecondsAfterFinished !== undefined) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  if (st.completionTime) w.write(0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
  if (st.startTime && st.completionTime) w.write(0, `Duration:\t${since(st.startTime, Date.parse(st.completionTime))}\n`);
  if (spec.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  if (st.ready === undefined) w.write(0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  else w.write(0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  if (spec.completionMode === "Indexed") w.write(0, `Completed Indexes:\t${st.completedIndexes || "<none>"}\n`);
  describePodTemplate(spec.template, w);
  describeEvents(events, w, c.now);
  return w.toString();
};

const describeCronJob: Describer = (cj, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, cj);
  const spec = cj.spec ?? {};
  w.write(0, `Name:\t${cj.metadata.name}\n`);
  w.write(0, `Namespace:\t${cj.metadata.namespace}\n`);
  printLabelsMultiline(w, "Labels", cj.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", cj.metadata.annotations);
  w.write(0, `Schedule:\t${spec.schedule ?? ""}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ""}\n`);
  w.write(0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
  w.write(0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit ?? "<unset>"}\n`);
  w.write(0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit ?? "<unset>"}\n`);
  w.write(0, `Starting Deadline Seconds:\t${spec.startingDeadlineSeconds !== undefined ? `${spec.startingDeadlineSeconds}s` : "<unset>"}\n`);
  const jt = spec.jobTemplate?.spec ?? {};
  w.write(0, `Selector:\t${jt.selector ? selectorString(jt.selector) : "<unset>"}\n`);
  w.write(0, `Parallelism:\t${jt.parallelism ?? "<unset>"}\n`);
  w.write(0, `Completions:\t${jt.completions ?? "<unset>"}\n`);
  if (jt.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
  describePodTemplate(jt.template, w);
  w.write(0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : "<unset>"}\n`);
  const active: Obj[] = cj.status?.active ?? [];
  w.write(0, `Active Jobs:\t${active.length ? active.map((j) => j.name).join(", ") : "<none>"}\n`);
  describeEvents(events, w, c.now);
  return w.toString();
};

// ---------------------------------------------------------------- core objects

const describeService: Describer = (svc, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, svc);
  const spec = svc.spec ?? {};
  const ep = c.get("endpoints", svc.metadata.namespace, svc.metadata.name!);
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace}\n`);
  printLabelsMultiline(w, "Labels", svc.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", svc.metadata.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? ""}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(",") : "<none>"}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ""}\n`);
  w.write(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(",") : "<none>"}\n`);
  if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(",")}\n`);
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  const ing: Obj[] = svc.status?.loadBalancer?.ingress ?? [];
  if (ing.length) w.write(0, `LoadBalancer Ingress:\t${ing.map((i) => (i.ip ? i.ip + (i.ipMode ? ` (${i.ipMode})` : "") : i.hostname)).join(", ")}\n`);
  for (const sp of spec.ports ?? []) {
    const name = sp.name || "<unset>";
    w.write(0, `Port:\t${name}\t${sp.port}/${sp.protocol ?? ""}\n`);
    w.write(0, `TargetPort:\t${intstr(sp.targetPort)}/${sp.protocol ?? ""}\n`);
    if (sp.nodePort) w.write(0, `NodePort:\t${name}\t${sp.nodePort}/${sp.protocol ?? ""}\n`);
    w.write(0, `Endpoints:\t${formatEndpoints(ep, new Set([sp.name ?? ""]))}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ""}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.loadBalancerSourceRanges?.length) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(",")}\n`);
  if (spec.trafficDistribution) w.write(0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
  describeEvents(events, w, c.now);
  return w.toString();
};

/** formatEndpoints (describe.go): up to 3 "ip:port", then "+ N more...". */
export function formatEndpoints(ep: KubeObject | undefined, ports: Set<string> | null): string {
  const subsets: Obj[] = ep?.subsets ?? [];
  if (!subsets.length) return "<none>";
  const list: string[] = [];
  let more = false;
  let count = 0;
  const add = (s: string) => {
    if (list.length === 3) more = true;
    if (!more) list.push(s);
    count++;
  };
  for (const ss of subsets) {
    if (!ss.ports?.length) for (const a of ss.addresses ?? []) add(a.ip);
    else
      for (const p of ss.ports) {
        if (ports && !ports.has(p.name ?? "")) continue;
        for (const a of ss.addresses ?? []) add(a.ip.includes(":") ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
      }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - 3} more...` : ret;
}

const describeNamespace: Describer = (ns, c) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, "Labels", ns.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", ns.metadata.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ""}\n`);
  if (ns.status?.conditions?.length) {
    w.write(0, "Conditions:\n");
    w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
    w.write(1, "----\t------\t------------------\t------\t-------\n");
    for (const x of ns.status.conditions) w.write(1, `${x.type}\t${x.status}\t${rfc1123z(x.lastTransitionTime)}\t${str(x.reason)}\t${str(x.message)}\n`);
  }
  w.write(0, "\n");
  const quotas = c.list("resourcequotas", ns.metadata.name).sort((a, b) => cmp(a.metadata.name!, b.metadata.name!));
  if (!quotas.length) w.write(0, "No resource quota.\n");
  else {
    w.write(0, "Resource Quotas\n");
    for (const rq of quotas) {
      w.write(1, `Name:\t${rq.metadata.name}\n`);
      if (rq.spec?.scopes?.length) w.write(1, `Scopes:\t${[...rq.spec.scopes].sort().join(", ")}\n`);
      w.write(1, "Resource\tUsed\tHard\n");
      w.write(1, "--------\t---\t---\n");
      const hard = rq.status?.hard ?? {};
      for (const k of Object.keys(hard).sort()) w.write(1, `${k}\t${canon(rq.status?.used?.[k] ?? "0")}\t${canon(hard[k])}\n`);
    }
  }
  w.write(0, "\n");
  const lrs = c.list("limitranges", ns.metadata.name);
  if (!lrs.length) w.write(0, "No LimitRange resource.\n");
  else {
    w.write(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
    w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
    for (const lr of lrs) describeLimitRangeSpec(lr.spec, " ", w);
  }
  return w.toString();
};

function describeLimitRangeSpec(spec: Obj | undefined, prefix: string, w: PrefixWriter): void {
  for (const item of spec?.limits ?? []) {
    const keys = new Set<string>();
    for (const f of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]) for (const k of Object.keys(item[f] ?? {})) keys.add(k);
    for (const k of keys) {
      const v = (f: string) => (item[f]?.[k] !== undefined ? canon(item[f][k]) : "-");
      w.write(0, `${prefix}${item.type}\t${k}\t${v("min")}\t${v("max")}\t${v("defaultRequest")}\t${v("default")}\t${v("maxLimitRequestRatio")}\n`);
    }
  }
}

const describeConfigMap: Describer = (cm, c) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${cm.metadata.name}\n`);
  w.write(0, `Namespace:\t${cm.metadata.namespace}\n`);
  printLabelsMultiline(w, "Labels", cm.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", cm.metadata.annotations);
  w.write(0, "\nData\n====\n");
  const data = cm.data ?? {};
  for (const k of Object.keys(data).sort()) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${data[k]}\n`);
    w.write(0, "\n");
  }
  w.write(0, "\nBinaryData\n====\n");
  const bin = cm.binaryData ?? {};
  for (const k of Object.keys(bin).sort()) w.write(0, `${k}: ${b64len(bin[k])} bytes\n`);
  w.write(0, "\n");
  describeEvents(eventsFor(c, cm), w, c.now);
  return w.toString();
};

function b64len(s: string): number {
  const clean = String(s ?? "").replace(/=+$/, "");
  return Math.floor((clean.length * 3) / 4);
}

const describeSecret: Describer = (s) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${s.metadata.name}\n`);
  w.write(0, `Namespace:\t${s.metadata.namespace}\n`);
  printLabelsMultiline(w, "Labels", s.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", s.metadata.annotations);
  w.write(0, `\nType:\t${s.type ?? ""}\n`);
  w.write(0, "\nData\n====\n");
  const data = s.data ?? {};
  for (const k of Object.keys(data).sort()) {
    if (k === "token" && s.type === "kubernetes.io/service-account-token") w.write(0, `${k}:\t${atobSafe(data[k])}\n`);
    else w.write(0, `${k}:\t${b64len(data[k])} bytes\n`);
  }
  return w.toString();
};

function atobSafe(s: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0)));
  } catch {
    return s;
  }
}

const describeServiceAccount: Describer = (sa, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, sa);
  const secrets = c.list("secrets", sa.metadata.namespace);
  const existing = new Set(secrets.map((s) => s.metadata.name));
  const tokens = secrets.filter(
    (s) => s.type === "kubernetes.io/service-account-token" && s.metadata.annotations?.["kubernetes.io/service-account.name"] === sa.metadata.name && s.metadata.annotations?.["kubernetes.io/service-account.uid"] === sa.metadata.uid,
  );
  w.write(0, `Name:\t${sa.metadata.name}\n`);
  w.write(0, `Namespace:\t${sa.metadata.namespace}\n`);
  printLabelsMultiline(w, "Labels", sa.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", sa.metadata.annotations);
  const groups: [string, string[]][] = [
    ["Image pull secrets:", (sa.imagePullSecrets ?? []).map((s: Obj) => s.name)],
    ["Mountable secrets: ", (sa.secrets ?? []).map((s: Obj) => s.name)],
    ["Tokens:            ", tokens.map((s) => s.metadata.name!)],
  ];
  for (const [header, names] of groups) {
    if (!names.length) {
      w.write(0, `${header}\t<none>\n`);
      continue;
    }
    let prefix = header;
    for (const n of names) {
      w.write(0, `${prefix}\t${n}${existing.has(n) || header.startsWith("Tokens") ? "" : " (not found)"}\n`);
      prefix = "                   ";
    }
  }
  describeEvents(events, w, c.now);
  return w.toString();
};

const describeEndpoints: Describer = (ep, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, ep);
  w.write(0, `Name:\t${ep.metadata.name}\n`);
  w.write(0, `Namespace:\t${ep.metadata.namespace}\n`);
  printLabelsMultiline(w, "Labels", ep.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", ep.metadata.annotations);
  w.write(0, "Subsets:\n");
  for (const ss of ep.subsets ?? []) {
    w.write(1, `Addresses:\t${(ss.addresses ?? []).map((a: Obj) => a.ip).join(",") || "<none>"}\n`);
    w.write(1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a: Obj) => a.ip).join(",") || "<none>"}\n`);
    if (ss.ports?.length) {
      w.write(1, "Ports:\n");
      w.write(2, "Name\tPort\tProtocol\n");
      w.write(2, "----\t----\t--------\n");
      for (const p of ss.ports) w.write(2, `${p.name || "<unset>"}\t${p.port}\t${p.protocol ?? ""}\n`);
    }
    w.write(0, "\n");
  }
  describeEvents(events, w, c.now);
  return w.toString();
};

// ---------------------------------------------------------------- rbac, policy, networking, scheduling

function describeRules(o: KubeObject, w: PrefixWriter): void {
  w.write(0, "PolicyRule:\n");
  w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
  w.write(1, "---------\t-----------------\t--------------\t-----\n");
  const rules: { res: string; nonres: string[]; names: string[]; verbs: string[] }[] = [];
  // rbac.BreakdownRule: one rule per group/resource (and per non-resource URL)
  for (const r of o.rules ?? []) {
    for (const g of r.apiGroups ?? []) for (const res of r.resources ?? []) rules.push({ res: combineResourceGroup(res, g), nonres: [], names: r.resourceNames ?? [], verbs: r.verbs ?? [] });
    for (const u of r.nonResourceURLs ?? []) rules.push({ res: "", nonres: [u], names: [], verbs: r.verbs ?? [] });
  }
  // CompactRules merges rules that differ only in verbs; SortableRuleSlice sorts by the printed form
  const merged: typeof rules = [];
  for (const r of rules) {
    const m = merged.find((x) => x.res === r.res && x.nonres.join() === r.nonres.join() && x.names.join() === r.names.join() && r.res !== "");
    if (m) for (const v of r.verbs) { if (!m.verbs.includes(v)) m.verbs.push(v); }
    else merged.push({ ...r, verbs: [...r.verbs] });
  }
  const key = (r: (typeof rules)[number]) => `${r.res}${JSON.stringify(r.nonres)}${JSON.stringify(r.names)}`;
  merged.sort((a, b) => cmp(key(a), key(b)));
  for (const r of merged) w.write(1, `${r.res}\t[${r.nonres.join(" ")}]\t[${r.names.join(" ")}]\t[${r.verbs.join(" ")}]\n`);
}

function combineResourceGroup(resource: string, group: string): string {
  const [res, sub] = [resource.split("/")[0], resource.includes("/") ? resource.slice(resource.indexOf("/") + 1) : undefined];
  let s = res;
  if (group) s += "." + group;
  if (sub !== undefined) s += "/" + sub;
  return s;
}

const describeRole: Describer = (r) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${r.metadata.name}\n`);
  printLabelsMultiline(w, "Labels", r.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", r.metadata.annotations);
  describeRules(r, w);
  return w.toString();
};

const describeBinding: Describer = (b) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${b.metadata.name}\n`);
  printLabelsMultiline(w, "Labels", b.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", b.metadata.annotations);
  w.write(0, "Role:\n");
  w.write(1, `Kind:\t${b.roleRef?.kind ?? ""}\n`);
  w.write(1, `Name:\t${b.roleRef?.name ?? ""}\n`);
  w.write(0, "Subjects:\n");
  w.write(1, "Kind\tName\tNamespace\n");
  w.write(1, "----\t----\t---------\n");
  for (const s of b.subjects ?? []) w.write(1, `${s.kind}\t${s.name}\t${s.namespace ?? ""}\n`);
  return w.toString();
};

const describePriorityClass: Describer = (pc, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, pc);
  w.write(0, `Name:\t${pc.metadata.name}\n`);
  w.write(0, `Value:\t${pc.value ?? 0}\n`);
  w.write(0, `GlobalDefault:\t${goBool(pc.globalDefault)}\n`);
  w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ""}\n`);
  w.write(0, `Description:\t${pc.description ?? ""}\n`);
  w.write(0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
  describeEvents(events, w, c.now);
  return w.toString();
};

const describePDB: Describer = (pdb, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, pdb);
  w.write(0, `Name:\t${pdb.metadata.name}\n`);
  w.write(0, `Namespace:\t${pdb.metadata.namespace}\n`);
  if (pdb.spec?.minAvailable !== undefined) w.write(0, `Min available:\t${intstr(pdb.spec.minAvailable)}\n`);
  else if (pdb.spec?.maxUnavailable !== undefined) w.write(0, `Max unavailable:\t${intstr(pdb.spec.maxUnavailable)}\n`);
  w.write(0, `Selector:\t${pdb.spec?.selector ? formatLabelSelector(pdb.spec.selector) : "<unset>"}\n`);
  w.write(0, "Status:\n");
  w.write(2, `Allowed disruptions:\t${pdb.status?.disruptionsAllowed ?? 0}\n`);
  w.write(2, `Current:\t${pdb.status?.currentHealthy ?? 0}\n`);
  w.write(2, `Desired:\t${pdb.status?.desiredHealthy ?? 0}\n`);
  w.write(2, `Total:\t${pdb.status?.expectedPods ?? 0}\n`);
  describeEvents(events, w, c.now);
  return w.toString();
};

const describeIngress: Describer = (ing, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, ing);
  const ns = ing.metadata.namespace;
  const backend = (b: Obj | undefined): string => {
    if (!b) return "";
    if (b.service) {
      const port = b.service.port?.number ? String(b.service.port.number) : (b.service.port?.name ?? "");
      const sb = `${b.service.name}:${port}`;
      const svc = c.get("services", ns, b.service.name);
      if (!svc) return `${sb} (<error: services "${b.service.name}" not found>)`;
      let spName = "";
      for (const sp of svc.spec?.ports ?? []) {
        if ((b.service.port?.number && b.service.port.number === sp.port) || (b.service.port?.name && b.service.port.name === sp.name)) spName = sp.name ?? "";
      }
      return `${sb} (${formatEndpoints(c.get("endpoints", ns, b.service.name), new Set([spName]))})`;
    }
    if (b.resource) return `APIGroup: ${b.resource.apiGroup ?? "<none>"}, Kind: ${b.resource.kind}, Name: ${b.resource.name}`;
    return "";
  };
  w.write(0, `Name:\t${ing.metadata.name}\n`);
  printLabelsMultiline(w, "Labels", ing.metadata.labels);
  w.write(0, `Namespace:\t${ns}\n`);
  const addrs = [...new Set((ing.status?.loadBalancer?.ingress ?? []).map((i: Obj) => i.ip || i.hostname).filter(Boolean))].sort();
  w.write(0, `Address:\t${addrs.join(",")}\n`);
  w.write(0, `Ingress Class:\t${ing.spec?.ingressClassName ?? "<none>"}\n`);
  const def = ing.spec?.defaultBackend ? backend(ing.spec.defaultBackend) : "<default>";
  w.write(0, `Default backend:\t${def}\n`);
  if (ing.spec?.tls?.length) {
    w.write(0, "TLS:\n");
    for (const t of ing.spec.tls) {
      if (!t.secretName) w.write(1, `SNI routes ${(t.hosts ?? []).join(",")}\n`);
      else w.write(1, `${t.secretName} terminates ${(t.hosts ?? []).join(",")}\n`);
    }
  }
  w.write(0, "Rules:\n  Host\tPath\tBackends\n");
  w.write(1, "----\t----\t--------\n");
  let count = 0;
  for (const r of ing.spec?.rules ?? []) {
    if (!r.http) continue;
    count++;
    w.write(1, `${r.host || "*"}\t\n`);
    for (const p of r.http.paths ?? []) w.write(2, `\t${p.path ?? ""} \t${backend(p.backend)}\n`);
  }
  if (count === 0) w.write(1, `*\t*\t${def}\n`);
  printAnnotationsMultiline(w, "Annotations", ing.metadata.annotations);
  describeEvents(events, w, c.now);
  return w.toString();
};

const describeNetworkPolicy: Describer = (np) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${np.metadata.name}\n`);
  w.write(0, `Namespace:\t${np.metadata.namespace}\n`);
  w.write(0, `Created on:\t${goTime(np.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, "Labels", np.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", np.metadata.annotations);
  const spec = np.spec ?? {};
  w.write(0, "Spec:\n");
  w.write(1, "PodSelector: ");
  const ps = spec.podSelector ?? {};
  if (!Object.keys(ps.matchLabels ?? {}).length && !(ps.matchExpressions ?? []).length) w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n");
  else w.write(2, `${formatLabelSelector(ps)}\n`);
  const types: string[] = spec.policyTypes ?? [];
  const rules = (list: Obj[] | undefined, dir: "From" | "To", isolated: string) => {
    const indent = "    ";
    if (!list?.length) {
      w.write(0, `${indent}<none> (Selected pods are isolated for ${isolated} connectivity)\n`);
      return;
    }
    list.forEach((r, i) => {
      if (!r.ports?.length) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
      else
        for (const p of r.ports) {
          const proto = p.protocol ?? "TCP";
          if (p.endPort === undefined) w.write(0, `${indent}To Port: ${intstr(p.port)}/${proto}\n`);
          else w.write(0, `${indent}To Port Range: ${intstr(p.port)}-${p.endPort}/${proto}\n`);
        }
      const peers: Obj[] = r[dir === "From" ? "from" : "to"] ?? [];
      if (!peers.length) w.write(0, `${indent}${dir}: <any> (traffic not restricted by ${dir === "From" ? "source" : "destination"})\n`);
      for (const p of peers) {
        w.write(0, `${indent}${dir}:\n`);
        if (p.podSelector && p.namespaceSelector) {
          w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(p.namespaceSelector)}\n`);
          w.write(1, `${indent}PodSelector: ${formatLabelSelector(p.podSelector)}\n`);
        } else if (p.podSelector) w.write(1, `${indent}PodSelector: ${formatLabelSelector(p.podSelector)}\n`);
        else if (p.namespaceSelector) w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(p.namespaceSelector)}\n`);
        else if (p.ipBlock) {
          w.write(1, `${indent}IPBlock:\n`);
          w.write(2, `${indent}CIDR: ${p.ipBlock.cidr}\n`);
          w.write(2, `${indent}Except: ${(p.ipBlock.except ?? []).join(", ")}\n`);
        }
      }
      if (i !== list.length - 1) w.write(0, `${indent}----------\n`);
    });
  };
  if (types.includes("Ingress")) {
    w.write(1, "Allowing ingress traffic:\n");
    rules(spec.ingress, "From", "ingress");
  } else w.write(1, "Not affecting ingress traffic\n");
  if (types.includes("Egress")) {
    w.write(1, "Allowing egress traffic:\n");
    rules(spec.egress, "To", "egress");
  } else w.write(1, "Not affecting egress traffic\n");
  w.write(1, `Policy Types: ${types.length ? types.join(", ") : "<none>"}\n`);
  return w.toString();
};

/** metav1.Time's String(): Go's time.Time default format. */
function goTime(ts: string | null | undefined): string {
  if (!ts) return "0001-01-01 00:00:00 +0000 UTC";
  return ts.replace("T", " ").replace("Z", "") + " +0000 UTC";
}

const describeStorageClass: Describer = (sc, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, sc);
  const isDefault = sc.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true" || sc.metadata.annotations?.["storageclass.beta.kubernetes.io/is-default-class"] === "true";
  w.write(0, `Name:\t${sc.metadata.name}\n`);
  w.write(0, `IsDefaultClass:\t${isDefault ? "Yes" : "No"}\n`);
  w.write(0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
  w.write(0, `Provisioner:\t${sc.provisioner ?? ""}\n`);
  w.write(0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
  if (!sc.mountOptions?.length) w.write(0, "MountOptions:\t<none>\n");
  else {
    w.write(0, "MountOptions:\n");
    for (const m of sc.mountOptions) w.write(1, `${m}\n`);
  }
  if (sc.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  describeEvents(events, w, c.now);
  return w.toString();
};

// ---------------------------------------------------------------- storage

/** storageutil.GetAccessModesAsString */
function accessModesString(modes: string[] | undefined): string {
  const short: [string, string][] = [["ReadWriteOnce", "RWO"], ["ReadOnlyMany", "ROX"], ["ReadWriteMany", "RWX"], ["ReadWriteOncePod", "RWOP"]];
  return short.filter(([m]) => (modes ?? []).includes(m)).map(([, s]) => s).join(",");
}

const storageClassOf = (o: KubeObject) => o.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? o.spec?.storageClassName ?? "";
const quantityString = (v: unknown) => (v === undefined || v === null ? "0" : canon(v));
const finalizers = (o: KubeObject) => `[${(o.metadata.finalizers ?? []).join(" ")}]`;

/** printVolumeNodeAffinity */
function printVolumeNodeAffinity(w: PrefixWriter, affinity: Obj | undefined): void {
  w.write(0, "Node Affinity:\t");
  if (!affinity?.required) {
    w.write(0, "<none>\n");
    return;
  }
  w.write(0, "\n");
  w.write(1, "Required Terms:\t");
  const terms: Obj[] = affinity.required.nodeSelectorTerms ?? [];
  if (!terms.length) {
    w.write(0, "<none>\n");
    return;
  }
  w.write(0, "\n");
  terms.forEach((term, i) => {
    w.write(2, `Term ${i}:\t`);
    const reqs: Obj[] = term.matchExpressions ?? [];
    if (!reqs.length) w.write(0, "<none>\n");
    reqs.forEach((r, j) => {
      if (j) w.write(2, "\t");
      let e = `${r.key} ${String(r.operator ?? "").toLowerCase()}`;
      if (r.values?.length) e += ` [${r.values.join(", ")}]`;
      w.write(0, `${e}\n`);
    });
  });
}

const describePersistentVolume: Describer = (pv, c) => {
  const w = new PrefixWriter();
  const spec: Obj = pv.spec ?? {};
  w.write(0, `Name:\t${pv.metadata.name}\n`);
  printLabelsMultiline(w, "Labels", pv.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", pv.metadata.annotations);
  w.write(0, `Finalizers:\t${finalizers(pv)}\n`);
  w.write(0, `StorageClass:\t${storageClassOf(pv)}\n`);
  if (pv.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, c.now)})\n`);
  else w.write(0, `Status:\t${pv.status?.phase ?? ""}\n`);
  w.write(0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ""}/${spec.claimRef.name ?? ""}` : ""}\n`);
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ""}\n`);
  w.write(0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
  if (spec.volumeMode !== undefined) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(0, `Capacity:\t${quantityString(spec.capacity?.storage)}\n`);
  printVolumeNodeAffinity(w, spec.nodeAffinity);
  w.write(0, `Message:\t${pv.status?.message ?? ""}\n`);
  w.write(0, "Source:\n");
  if (spec.hostPath) w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path}\n    HostPathType:\t${spec.hostPath.type === undefined ? "<none>" : spec.hostPath.type}\n`);
  else if (spec.nfs) w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server}\n    Path:\t${spec.nfs.path}\n    ReadOnly:\t${goBool(spec.nfs.readOnly)}\n`);
  else if (spec.local) w.write(2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path}\n`);
  else if (spec.csi) {
    w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${spec.csi.driver}\n    FSType:\t${spec.csi.fsType ?? ""}\n    VolumeHandle:\t${spec.csi.volumeHandle ?? ""}\n    ReadOnly:\t${goBool(spec.csi.readOnly)}\n`);
    csiVolumeAttributes(w, spec.csi.volumeAttributes);
  } else w.write(1, "<unknown>\n");
  describeEvents(eventsFor(c, pv), w, c.now);
  return w.toString();
};

const describePersistentVolumeClaim: Describer = (pvc, c) => {
  const w = new PrefixWriter();
  const spec: Obj = pvc.spec ?? {};
  w.write(0, `Name:\t${pvc.metadata.name}\n`);
  w.write(0, `Namespace:\t${pvc.metadata.namespace}\n`);
  w.write(0, `StorageClass:\t${storageClassOf(pvc)}\n`);
  if (pvc.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, c.now)})\n`);
  else w.write(0, `Status:\t${pvc.status?.phase ?? ""}\n`);
  w.write(0, `Volume:\t${spec.volumeName ?? ""}\n`);
  printLabelsMultiline(w, "Labels", pvc.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", pvc.metadata.annotations);
  w.write(0, `Finalizers:\t${finalizers(pvc)}\n`);
  const bound = !!spec.volumeName;
  w.write(0, `Capacity:\t${bound ? quantityString(pvc.status?.capacity?.storage) : ""}\n`);
  w.write(0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ""}\n`);
  if (spec.volumeMode !== undefined) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(0, "DataSource:\n");
    if (spec.dataSource.apiGroup !== undefined) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(1, `Kind:\t${spec.dataSource.kind ?? ""}\n`);
    w.write(1, `Name:\t${spec.dataSource.name ?? ""}\n`);
  }
  // getPodsForPVC: the namespace's pods whose volumes name the claim (once per volume)
  const users: string[] = [];
  for (const p of c.list("pods", pvc.metadata.namespace)) {
    for (const v of p.spec?.volumes ?? []) if (v?.persistentVolumeClaim?.claimName === pvc.metadata.name) users.push(p.metadata.name!);
  }
  users.sort((a, b) => cmp(a, b));
  w.write(0, "Used By:\t");
  if (!users.length) w.write(0, "<none>\n");
  users.forEach((n, i) => {
    if (i) w.write(0, "\t");
    w.write(0, `${n}\n`);
  });
  const conds: Obj[] = pvc.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, "Conditions:\n");
    w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
    for (const x of conds) w.write(1, `${x.type} \t${x.status} \t${rfc1123z(x.lastProbeTime)} \t${rfc1123z(x.lastTransitionTime)} \t${x.reason ?? ""} \t${x.message ?? ""}\n`);
  }
  describeEvents(eventsFor(c, pvc), w, c.now);
  return w.toString();
};

// ---------------------------------------------------------------- generic

/** genericDescriber: Name, Namespace, Labels, Annotations, then the remaining content sorted. */
const describeGeneric: Describer = (o, c) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${o.metadata.name}\n`);
  w.write(0, `Namespace:\t${o.metadata.namespace ?? ""}\n`);
  printLabelsMultiline(w, "Labels", o.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", o.metadata.annotations);
  const skip = new Set([".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"]);
  const walk = (level: number, content: Obj, prefix: string) => {
    for (const field of Object.keys(content).sort()) {
      const v = content[field];
      const expr = `${prefix}.${field}`;
      if (skip.has(expr)) continue;
      if (v && typeof v === "object" && !Array.isArray(v)) {
        w.write(level, `${smartLabel(field)}:\n`);
        walk(level + 1, v, expr);
      } else if (Array.isArray(v)) {
        w.write(level, `${smartLabel(field)}:\n`);
        for (const ch of v) {
          if (ch && typeof ch === "object" && !Array.isArray(ch)) walk(level + 1, ch, expr);
          else w.write(level + 1, `${goValue(ch)}\n`);
        }
      } else w.write(level, `${smartLabel(field)}:\t${goValue(v)}\n`);
    }
  };
  walk(0, o, "");
  describeEvents(eventsFor(c, o), w, c.now);
  return w.toString();
};

function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  return String(v);
}

function smartLabel(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  const parts = field.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
  return parts
    .map((p) => (["API", "URL", "UID", "GUID"].includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(" ");
}

/** describeHorizontalPodAutoscalerV2 (Resource and ContainerResource metrics; other sources as <unknown>) */
const describeHPA: Describer = (hpa, c) => {
  const w = new PrefixWriter();
  const events = eventsFor(c, hpa);
  const spec = hpa.spec ?? {}, st = hpa.status ?? {};
  w.write(0, `Name:\t${hpa.metadata.name}\n`);
  w.write(0, `Namespace:\t${hpa.metadata.namespace}\n`);
  printLabelsMultiline(w, "Labels", hpa.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", hpa.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
  w.write(0, `Reference:\t${spec.scaleTargetRef?.kind ?? ""}/${spec.scaleTargetRef?.name ?? ""}\n`);
  w.write(0, "Metrics:\t( current / target )\n");
  (spec.metrics ?? []).forEach((m: Obj, i: number) => {
    const cur: Obj | undefined = st.currentMetrics?.[i];
    const src = m.type === "Resource" ? m.resource : m.type === "ContainerResource" ? m.containerResource : undefined;
    const cs = m.type === "Resource" ? cur?.resource : cur?.containerResource;
    if (!src) return;
    if (m.type === "Resource") w.write(1, `resource ${src.name} on pods`);
    else w.write(1, `resource ${src.name} of container "${src.container}" on pods`);
    if (src.target?.averageValue !== undefined) {
      w.write(0, `:\t${cs?.current?.averageValue ?? "<unknown>"} / ${canon(src.target.averageValue)}\n`);
    } else {
      const current = cs?.current?.averageUtilization !== undefined ? `${cs.current.averageUtilization}% (${cs.current.averageValue})` : "<unknown>";
      const target = src.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : "<auto>";
      w.write(1, `(as a percentage of request):\t${current} / ${target}\n`);
    }
  });
  w.write(0, `Min replicas:\t${spec.minReplicas ?? "<unset>"}\n`);
  w.write(0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
  w.write(0, `${spec.scaleTargetRef?.kind ?? ""} pods:\t${st.currentReplicas ?? 0} current / ${st.desiredReplicas ?? 0} desired\n`);
  if (st.conditions?.length) {
    w.write(0, "Conditions:\n");
    w.write(1, "Type\tStatus\tReason\tMessage\n");
    w.write(1, "----\t------\t------\t-------\n");
    for (const x of st.conditions) w.write(1, `${x.type}\t${x.status}\t${x.reason ?? ""}\t${x.message ?? ""}\n`);
  }
  describeEvents(events, w, c.now);
  return w.toString();
};

const DESCRIBERS: Record<string, Describer> = {
  Pod: describePod,
  Node: describeNode,
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  DaemonSet: describeDaemonSet,
  StatefulSet: describeStatefulSet,
  Job: describeJob,
  CronJob: describeCronJob,
  Service: describeService,
  Namespace: describeNamespace,
  ConfigMap: describeConfigMap,
  Secret: describeSecret,
  ServiceAccount: describeServiceAccount,
  Endpoints: describeEndpoints,
  Role: describeRole,
  ClusterRole: describeRole,
  RoleBinding: describeBinding,
  ClusterRoleBinding: describeBinding,
  PriorityClass: describePriorityClass,
  PodDisruptionBudget: describePDB,
  Ingress: describeIngress,
  NetworkPolicy: describeNetworkPolicy,
  StorageClass: describeStorageClass,
  PersistentVolume: describePersistentVolume,
  PersistentVolumeClaim: describePersistentVolumeClaim,
  HorizontalPodAutoscaler: describeHPA,
};

export function describeObject(o: KubeObject, c: DescribeContext): string {
  return (DESCRIBERS[o.kind] ?? describeGeneric)(o, c);
}

/** printCSIPersistentVolumeAttributesMultilineIndent, shared by the pod volume and PV describers. */
function csiVolumeAttributes(w: { write(level: number, text: string): void }, attributes: Record<string, string> | undefined): void {
  const attrs = attributes ?? {};
  const keys = Object.keys(attrs).sort();
  w.write(2, "VolumeAttributes:\t");
  if (!keys.length) w.write(0, "<none>\n");
  keys.forEach((k, i) => {
    if (i) w.write(2, "\t");
    w.write(2, `${k}=${attrs[k]}\n`);
  });
}

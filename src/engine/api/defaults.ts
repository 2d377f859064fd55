// Server-side defaulting and admission for Pods, as kube-apiserver 1.32 applies them:
// SetDefaults_* (pkg/apis/core/v1/defaults.go), PrepareForCreate (status.phase, qosClass),
// the Priority, ServiceAccount and DefaultTolerationSeconds admission plugins.

import type { KubeObject } from "../types.ts";
import type { Rand } from "../rand.ts";

type Obj = Record<string, any>;

export const SYSTEM_PRIORITIES: Record<string, number> = {
  "system-node-critical": 2000001000,
  "system-cluster-critical": 2000000000,
};

function imageTag(image: string): string | undefined {
  const at = image.indexOf("@");
  if (at >= 0) return "@digest";
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  return colon > slash ? image.slice(colon + 1) : undefined;
}

export function defaultImagePullPolicy(image: string): string {
  const tag = imageTag(image);
  return tag === undefined || tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(p: Obj | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) p.httpGet.scheme ??= "HTTP";
}

// wrongly typed values are refused by the typed decode (decode.ts); never crash on them here
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => !!x && typeof x === "object" && !Array.isArray(x)) : []);

function defaultContainer(c: Obj, hostNetwork: boolean): void {
  c.terminationMessagePath ??= "/dev/termination-log";
  c.terminationMessagePolicy ??= "File";
  if (c.image !== undefined) c.imagePullPolicy ??= defaultImagePullPolicy(String(c.image));
  c.resources ??= {};
  for (const p of objs(c.ports)) {
    p.protocol ??= "TCP";
    if (hostNetwork && p.hostPort === undefined) p.hostPort = p.containerPort;
  }
  for (const e of objs(c.env)) {
    const fr = e.valueFrom?.fieldRef;
    if (fr) fr.apiVersion ??= "v1";
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

/**
 * SetDefaults_Pod (pkg/apis/core/v1/defaults.go): limits without requests → requests = limits.
 * Only for a v1.Pod, never for a PodTemplate (a Deployment's template keeps its requests unset).
 */
function defaultRequestsFromLimits(c: Obj): void {
  const r = c.resources;
  if (r?.limits && Object.keys(r.limits).length) {
    r.requests ??= {};
    for (const [k, v] of Object.entries(r.limits)) if (r.requests[k] === undefined) r.requests[k] = v;
  }
}

function defaultVolume(v: Obj): void {
  if (v.hostPath) v.hostPath.type ??= "";
  if (v.configMap) v.configMap.defaultMode ??= 420;
  if (v.secret) v.secret.defaultMode ??= 420;
  if (v.projected) v.projected.defaultMode ??= 420;
  if (v.downwardAPI) v.downwardAPI.defaultMode ??= 420;
  if (v.emptyDir === null) v.emptyDir = {};
}

/**
 * The scheme defaults (what both the API server and the kubelet's file source apply).
 * template: the PodSpec of a PodTemplateSpec (SetDefaults_Pod's requests-from-limits is skipped).
 */
export function schemeDefaultPod(pod: KubeObject, opts: { template?: boolean } = {}): void {
  const spec: Obj = (pod.spec ??= {});
  const hostNetwork = !!spec.hostNetwork;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.schedulerName ??= "default-scheduler";
  spec.enableServiceLinks ??= true;
  for (const c of objs(spec.containers)) defaultContainer(c, hostNetwork);
  for (const c of objs(spec.initContainers)) defaultContainer(c, hostNetwork);
  if (!opts.template) for (const c of [...objs(spec.containers), ...objs(spec.initContainers)]) defaultRequestsFromLimits(c);
  for (const v of objs(spec.volumes)) defaultVolume(v);
  for (const t of objs(spec.tolerations)) if (t.operator === undefined && t.key !== undefined) t.operator = "Equal";
}

/** BestEffort / Burstable / Guaranteed (pkg/apis/core/helper/qos). */
export function podQOS(pod: KubeObject): string {
  const containers: Obj[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let anyReq = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const k of ["cpu", "memory"]) {
      if (req[k] !== undefined || lim[k] !== undefined) anyReq = true;
      if (lim[k] === undefined || (req[k] !== undefined && String(req[k]) !== String(lim[k]))) guaranteed = false;
    }
  }
  if (!anyReq) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

export interface AdmissionContext {
  rand: Rand;
  /** a mirror pod (static pod's API copy): no ServiceAccount admission */
  mirror: boolean;
}

/** Everything kube-apiserver does to a new Pod before storing it. */
export function admitNewPod(pod: KubeObject, ctx: AdmissionContext): void {
  schemeDefaultPod(pod);
  const spec: Obj = pod.spec;
  // Priority admission
  if (spec.priority === undefined) spec.priority = SYSTEM_PRIORITIES[spec.priorityClassName] ?? 0;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
  // ServiceAccount admission (skipped for mirror pods)
  if (!ctx.mirror) {
    spec.serviceAccountName ??= spec.serviceAccount ?? "default";
    spec.serviceAccount = spec.serviceAccountName;
    if (spec.automountServiceAccountToken !== false) {
      const volName = `kube-api-access-${ctx.rand.kubeSuffix(5)}`;
      const hasMount = (c: Obj) => (c.volumeMounts ?? []).some((m: Obj) => m.mountPath === "/var/run/secrets/kubernetes.io/serviceaccount");
      const all: Obj[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
      if (!all.every(hasMount)) {
        spec.volumes = [
          ...(spec.volumes ?? []),
          {
            name: volName,
            projected: {
              defaultMode: 420,
              sources: [
                { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
                { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
                { downwardAPI: { items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }] } },
              ],
            },
          },
        ];
        for (const c of all) {
          if (!hasMount(c)) c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: volName, readOnly: true }];
        }
      }
    }
  }
  // DefaultTolerationSeconds admission
  const tols: Obj[] = (spec.tolerations ??= []);
  const tolerates = (key: string) =>
    tols.some((t) => (t.effect === undefined || t.effect === "" || t.effect === "NoExecute") && ((t.operator === "Exists" && (!t.key || t.key === key)) || t.key === key));
  for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
    if (!tolerates(key)) tols.push({ effect: "NoExecute", key, operator: "Exists", tolerationSeconds: 300 });
  }
  // PrepareForCreate
  pod.status = { phase: "Pending", qosClass: podQOS(pod) };
}

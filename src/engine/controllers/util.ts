// Helpers shared by the controllers (k8s.io/kubernetes/pkg/controller: controller_utils.go,
// pod helpers of pkg/api/v1/pod, hashing of pod templates).

import type { KubeObject, OwnerReference } from "../types.ts";
import { rfc3339 } from "../types.ts";
import { fnv32a, stableJson } from "../hash.ts";
import { deepClone } from "../api/store.ts";

/** The controller reference among ownerReferences (controller: true). */
export function controllerRef(o: KubeObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

export function isPodActive(p: KubeObject): boolean {
  const ph = p.status?.phase;
  return ph !== "Succeeded" && ph !== "Failed" && !p.metadata.deletionTimestamp;
}

export function podReadyCondition(p: KubeObject): any {
  return (p.status?.conditions ?? []).find((c: any) => c.type === "Ready");
}

export function isPodReady(p: KubeObject): boolean {
  return podReadyCondition(p)?.status === "True";
}

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(p: KubeObject, minReadySeconds: number, now: number): boolean {
  const c = podReadyCondition(p);
  if (c?.status !== "True") return false;
  if (!minReadySeconds) return true;
  const t = Date.parse(c.lastTransitionTime ?? "");
  return !isNaN(t) && t + minReadySeconds * 1000 <= now;
}

/** ms until a ready pod becomes available, or undefined. */
export function msUntilAvailable(p: KubeObject, minReadySeconds: number, now: number): number | undefined {
  const c = podReadyCondition(p);
  if (c?.status !== "True" || !minReadySeconds) return undefined;
  const t = Date.parse(c.lastTransitionTime ?? "");
  const at = t + minReadySeconds * 1000;
  return at > now ? at - now : undefined;
}

const SAFE = "bcdfghjklmnpqrstvwxz2456789";

/** rand.SafeEncodeString: each character mapped into the no-vowel alphabet. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += SAFE[s.charCodeAt(i) % SAFE.length];
  return out;
}

/** controller.ComputeHash: fnv32a of the template (and collision count), as a safe-encoded decimal. */
export function computeHash(template: unknown, collisionCount?: number): string {
  const h = fnv32a(stableJson(template) + (collisionCount ? `#${collisionCount}` : ""));
  return safeEncodeString(String(h));
}

/** Templates equal, ignoring the pod-template-hash label (deploymentutil.EqualIgnoreHash). */
const stripped = new WeakMap<object, string>();
/** The pod templates of two objects (ReplicaSet vs Deployment) are equal ignoring pod-template-hash; cached per uid/generation in the caller's cache. */
export function sameTemplate(a: KubeObject, b: KubeObject, strippedByGen: Map<string, string>): boolean {
  const key = (o: KubeObject) => {
    const k = `${o.metadata.uid}/${o.metadata.generation}`;
    let v = strippedByGen.get(k);
    if (v === undefined) {
      v = templateString(o.spec?.template);
      if (strippedByGen.size > 5000) strippedByGen.clear();
      strippedByGen.set(k, v);
    }
    return v;
  };
  return key(a) === key(b);
}

function templateString(t: any): string {
  const c = deepClone(t ?? {});
  if (c.metadata?.labels) {
    delete c.metadata.labels["pod-template-hash"];
    if (!Object.keys(c.metadata.labels).length) delete c.metadata.labels;
  }
  if (c.metadata) delete c.metadata.creationTimestamp;
  return stableJson(c);
}

export function equalIgnoreHash(a: any, b: any): boolean {
  const strip = (t: any) => {
    if (t && typeof t === "object") {
      const hit = stripped.get(t);
      if (hit !== undefined) return hit;
      const s = stripUncached(t);
      stripped.set(t, s);
      return s;
    }
    return stripUncached(t);
  };
  const stripUncached = (t: any) => {
    const c = deepClone(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels["pod-template-hash"];
      if (!Object.keys(c.metadata.labels).length) delete c.metadata.labels;
    }
    if (c.metadata) delete c.metadata.creationTimestamp;
    return stableJson(c);
  };
  return strip(a) === strip(b);
}

export function ownerRefTo(o: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: o.metadata.name!, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** controller.GetPodFromTemplate */
export function podFromTemplate(template: any, owner: KubeObject, ref: OwnerReference): KubeObject {
  const md: any = { generateName: `${owner.metadata.name}-`, namespace: owner.metadata.namespace };
  if (template?.metadata?.labels) md.labels = { ...template.metadata.labels };
  if (template?.metadata?.annotations) md.annotations = { ...template.metadata.annotations };
  md.ownerReferences = [ref];
  if (template?.metadata?.finalizers) md.finalizers = [...template.metadata.finalizers];
  return { apiVersion: "v1", kind: "Pod", metadata: md, spec: deepClone(template?.spec ?? {}) };
}

/** intstr.GetScaledValueFromIntOrPercent */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number") return v;
  const s = String(v);
  if (s.endsWith("%")) {
    const pct = Number(s.slice(0, -1));
    const x = (pct * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return Number(s) || 0;
}

export function ts(ms: number): string {
  return rfc3339(ms);
}

/** Pods ordered for deletion (controller.ActivePods ranking): the first is deleted first. */
export function rankForDeletion(pods: KubeObject[], now: number): KubeObject[] {
  const phaseRank = (p: KubeObject) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? "Pending"] ?? 0;
  const readySince = (p: KubeObject) => {
    const c = podReadyCondition(p);
    return c?.status === "True" ? Date.parse(c.lastTransitionTime ?? "") || now : now;
  };
  const restarts = (p: KubeObject) => Math.max(0, ...((p.status?.containerStatuses ?? []) as any[]).map((c) => c.restartCount ?? 0));
  return [...pods].sort((a, b) => {
    const na = a.spec?.nodeName ? 1 : 0, nb = b.spec?.nodeName ? 1 : 0;
    if (na !== nb) return na - nb;
    if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
    const ra = isPodReady(a) ? 1 : 0, rb = isPodReady(b) ? 1 : 0;
    if (ra !== rb) return ra - rb;
    if (ra && rb && readySince(a) !== readySince(b)) return readySince(b) - readySince(a);
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const ca = Date.parse(a.metadata.creationTimestamp ?? ""), cb = Date.parse(b.metadata.creationTimestamp ?? "");
    if (ca !== cb) return cb - ca;
    return a.metadata.name! < b.metadata.name! ? 1 : -1;
  });
}

/** Status JSON changed? */
export function sameJson(a: unknown, b: unknown): boolean {
  // statuses are built in a fixed key order by their controllers: plain JSON compares them
  return JSON.stringify(a) === JSON.stringify(b);
}

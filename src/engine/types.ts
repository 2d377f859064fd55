// Kubernetes object shapes as the simulated API server stores them.
// Deliberately loose (JSON-like): objects round-trip through YAML/JSON exactly as users write them.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [k: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [k: string]: any;
}

export interface ContainerStateWaiting { reason?: string; message?: string }
export interface ContainerStateRunning { startedAt?: string }
export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}
export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}
export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
  volumeMounts?: unknown[];
}

/** The clock format of metav1.Time: RFC3339 with second precision, UTC ("2026-11-22T16:56:58Z"). */
const rfcCache = new Map<number, string>();

export function rfc3339(ms: number): string {
  const sec = Math.floor(ms / 1000);
  let out = rfcCache.get(sec);
  if (out === undefined) {
    out = new Date(sec * 1000).toISOString().slice(0, 19) + "Z";
    if (rfcCache.size > 4096) rfcCache.clear();
    rfcCache.set(sec, out);
  }
  return out;
}

/** metav1.MicroTime / RFC3339Nano as Go prints it (trailing zeros of the fraction trimmed). */
export function rfc3339Nano(ms: number, nanosExtra = 0): string {
  if (Number.isInteger(ms) && ms >= 0 && Number.isInteger(nanosExtra) && nanosExtra >= 0 && nanosExtra < 1_000_000) {
    // the seconds from rfc3339's cache; the fraction's nine digits without trailing zeros, by arithmetic
    const base = rfc3339(ms).slice(0, -1);
    let v = (ms % 1000) * 1_000_000 + nanosExtra;
    if (!v) return base + "Z";
    let digits = 9;
    while (v % 10 === 0) {
      v /= 10;
      digits--;
    }
    return base + "." + String(v).padStart(digits, "0") + "Z";
  }
  const iso = new Date(ms).toISOString(); // 2026-11-22T16:56:58.123Z
  const base = iso.slice(0, 19);
  const frac = (String(ms % 1000).padStart(3, "0") + String(nanosExtra).padStart(6, "0")).replace(/0+$/, "");
  return frac ? `${base}.${frac}Z` : `${base}Z`;
}

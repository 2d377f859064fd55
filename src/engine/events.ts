// The event recorder (client-go tools/record) the kubelet, scheduler and controllers use:
// v1 Events with count aggregation of identical events, written through the API server.

import type { KubeObject } from "./types.ts";
import { rfc3339 } from "./types.ts";
import type { Store } from "./api/store.ts";

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EventSource {
  component: string;
  host?: string;
}

export function refOf(o: KubeObject, fieldPath?: string): ObjectRef {
  const r: ObjectRef = { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name!, namespace: o.metadata.namespace, uid: o.metadata.uid };
  if (o.metadata.resourceVersion) r.resourceVersion = o.metadata.resourceVersion;
  if (fieldPath) r.fieldPath = fieldPath;
  return r;
}

export class EventRecorder {
  constructor(
    private store: Store,
    private now: () => number,
    private apiUp: () => boolean,
  ) {}

  /** aggregation key -> event name (the recorder's EventCorrelator cache) */
  private cache = new Map<string, string>();
  private seq = 0;

  record(ref: ObjectRef, type: "Normal" | "Warning", reason: string, message: string, source: EventSource): void {
    if (!this.apiUp()) return;
    this.store.expireEvents();
    const ns = ref.namespace || "default";
    const ts = rfc3339(this.now());
    // aggregate identical events (same object, reason, message, source)
    const key = [ns, ref.uid, ref.name, ref.fieldPath ?? "", reason, message, source.component, source.host ?? ""].join("\u0000");
    const prevName = this.cache.get(key);
    const prev = prevName ? this.store.peek("events", ns, prevName) : undefined;
    if (prev) {
      this.store.update("events", { ...prev, metadata: { ...prev.metadata }, count: (prev.count ?? 1) + 1, lastTimestamp: ts }, { owned: true });
      return;
    }
    // "<name>.<UnixNano in hex>", unique per event
    const nanos = BigInt(this.now()) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    const name = `${ref.name}.${nanos.toString(16)}`;
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(key, name);
    const involved: Record<string, unknown> = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace, uid: ref.uid };
    if (ref.resourceVersion) involved.resourceVersion = ref.resourceVersion;
    if (ref.fieldPath) involved.fieldPath = ref.fieldPath;
    try {
      this.store.create("events", {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name, namespace: ns },
        involvedObject: involved,
        reason,
        message,
        source: source.host ? { component: source.component, host: source.host } : { component: source.component },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? "",
      });
    } catch {
      // namespace gone: the real recorder drops the event too
    }
  }
}

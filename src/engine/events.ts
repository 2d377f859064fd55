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

  record(ref: ObjectRef, type: "Normal" | "Warning", reason: string, message: string, source: EventSource): void {
    if (!this.apiUp()) return;
    const ns = ref.namespace || "default";
    const ts = rfc3339(this.now());
    // aggregate identical events (same object, reason, message, source)
    for (const e of this.store.listRaw("events", ns)) {
      if (
        e.involvedObject?.uid === ref.uid &&
        e.involvedObject?.name === ref.name &&
        e.involvedObject?.fieldPath === ref.fieldPath &&
        e.reason === reason &&
        e.message === message &&
        e.source?.component === source.component &&
        e.source?.host === source.host
      ) {
        const upd = structuredClone(e);
        upd.count = (upd.count ?? 1) + 1;
        upd.lastTimestamp = ts;
        this.store.update("events", upd);
        return;
      }
    }
    const name = `${ref.name}.${(this.now() * 1_000_000 + this.store.resourceVersion()).toString(16).padStart(16, "0").slice(-16)}`;
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

// Namespace controller (pkg/controller/namespace): a namespace being deleted is Terminating
// until every object in it is gone; then its `kubernetes` finalizer is removed and it vanishes.

import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { Controller } from "../manager.ts";
import { sameJson, ts } from "../util.ts";

export class NamespaceController extends Controller {
  readonly name = "namespace";

  onEvent(e: WatchEvent): void {
    if (e.resource === "namespaces") {
      if (e.type !== "DELETED" && e.object.metadata.deletionTimestamp) this.enqueue(e.object.metadata.name!);
      return;
    }
    const ns = e.object.metadata.namespace;
    if (e.type === "DELETED" && ns && this.store.peek("namespaces", undefined, ns)?.metadata.deletionTimestamp) this.enqueue(ns);
  }

  resyncAll(): void {
    for (const n of this.store.listRaw("namespaces")) if (n.metadata.deletionTimestamp) this.queue.add(n.metadata.name!);
  }

  sync(name: string): void {
    const ns = this.store.peek("namespaces", undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    const remaining: [string, number][] = [];
    for (const r of this.store.allResources()) {
      if (!r.namespaced) continue;
      const key = r.crd ? `${r.resource}.${r.group}` : r.resource;
      const objs = [...this.store.inNamespace(key, name)];
      if (!objs.length) continue;
      for (const o of objs) {
        if (o.metadata.deletionTimestamp) continue;
        if (r.resource === "events") this.store.remove("events", name, o.metadata.name!);
        else this.api.delete(key, name, o.metadata.name!, { propagationPolicy: "Background" });
      }
      const left = [...this.store.inNamespace(key, name)].length;
      if (left) remaining.push([r.group ? `${r.resource}.${r.group}` : r.resource, left]);
    }
    const now = ts(this.now());
    const upd = deepClone(ns);
    const prev = (type: string) => (ns.status?.conditions ?? []).find((c: any) => c.type === type);
    const c = (type: string, status: string, reason: string, message: string) => {
      const p = prev(type);
      return { lastTransitionTime: p && p.status === status ? p.lastTransitionTime : now, message, reason, status, type };
    };
    remaining.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    upd.status = {
      conditions: [
        c("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
        c("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        c("NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        remaining.length
          ? c("NamespaceContentRemaining", "True", "SomeResourcesRemain", `Some resources are remaining: ${remaining.map(([r, n]) => `${r} has ${n} resource instances`).join(", ")}`)
          : c("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"),
        c("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
      ],
      phase: "Terminating",
    };
    if (remaining.length) {
      if (!sameJson(upd.status, ns.status)) this.api.store.update("namespaces", upd);
      return;
    }
    this.api.store.remove("namespaces", undefined, name);
  }
}

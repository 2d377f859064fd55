// Garbage collector (pkg/controller/garbagecollector): deletes dependents whose owners are
// gone (cascading Background deletion), finishes Foreground deletion (owner kept with the
// foregroundDeletion finalizer until its blocking dependents are gone) and Orphan deletion
// (ownerReferences removed from dependents, then the orphan finalizer). Also the pod GC's
// orphaned-pod rule: pods bound to a node that no longer exists are force-deleted.

import type { KubeObject, OwnerReference } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { kindInfo } from "../../api/resources.ts";
import { Controller } from "../manager.ts";

const FG = "foregroundDeletion";
const ORPHAN = "orphan";

function key(kind: "dep" | "owner", resource: string, o: KubeObject): string {
  return `${kind}|${resource}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;
}

export class GarbageCollector extends Controller {
  readonly name = "garbagecollector";
  /** orphaned pods (bound to a missing node) by uid: when the pod GC first saw them */
  private orphanSince = new Map<string, number>();

  onEvent(e: WatchEvent): void {
    if (e.resource === "events") return;
    const o = e.object;
    if (e.type === "DELETED") {
      if (e.resource === "pods") this.orphanSince.delete(o.metadata.uid!);
      for (const d of this.store.dependents(o.metadata.uid!)) this.enqueue(key("dep", d.resource, d.object));
      // a dependent of a foreground-deleting owner is gone
      for (const r of o.metadata.ownerReferences ?? []) this.enqueueOwner(r, o);
      if (e.resource === "nodes") {
        for (const p of this.store.podsOnNode(o.metadata.name!)) this.enqueueAfter(key("dep", "pods", p), 40_000);
      }
      return;
    }
    const refs = o.metadata.ownerReferences;
    if (refs?.length && (e.type === "ADDED" || (refs !== e.old?.metadata.ownerReferences && JSON.stringify(refs) !== JSON.stringify(e.old?.metadata.ownerReferences)))) {
      this.enqueue(key("dep", e.resource, o));
    }
    if (o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).some((f) => f === FG || f === ORPHAN)) this.enqueue(key("owner", e.resource, o));
  }

  private enqueueOwner(r: OwnerReference, dep: KubeObject): void {
    const info = kindInfo(r.kind);
    if (!info) return;
    const owner = this.store.peek(info.resource, info.namespaced ? dep.metadata.namespace : undefined, r.name);
    if (owner && owner.metadata.uid === r.uid && owner.metadata.deletionTimestamp) this.enqueue(key("owner", info.resource, owner));
  }

  resyncAll(): void {
    // dependents whose owners vanished while we were down
    for (const resource of ["pods", "replicasets", "controllerrevisions", "jobs", "deployments", "daemonsets", "endpoints", "configmaps", "leases"]) {
      for (const o of this.store.listRaw(resource)) {
        if (o.metadata.ownerReferences?.length) this.queue.add(key("dep", resource, o));
        if (o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).some((f) => f === FG || f === ORPHAN)) this.queue.add(key("owner", resource, o));
      }
    }
  }

  private ownerState(r: OwnerReference, dep: KubeObject): "absent" | "present" | "deleting-fg" | "deleting" {
    const info = kindInfo(r.kind);
    if (!info) return "present";
    const owner = this.store.peek(info.resource, info.namespaced ? dep.metadata.namespace : undefined, r.name);
    if (!owner || owner.metadata.uid !== r.uid) return "absent";
    if (owner.metadata.deletionTimestamp) return (owner.metadata.finalizers ?? []).includes(FG) ? "deleting-fg" : "deleting";
    return "present";
  }

  sync(k: string): void {
    const [kind, resource, ns, name] = k.split("|");
    const o = this.store.peek(resource, ns || undefined, name);
    if (!o) return;
    if (kind === "owner") return this.syncOwner(resource, o);
    if (resource === "pods" && o.spec?.nodeName && !this.store.peek("nodes", undefined, o.spec.nodeName) && !o.metadata.annotations?.["kubernetes.io/config.mirror"]) {
      // PodGC: orphaned pod on a missing node, after the 40 s quarantine (gcOrphaned). Not at
      // once: a Job whose template names a missing node recreated its pod forever inside one
      // settle (found by fuzzing)
      const since = this.orphanSince.get(o.metadata.uid!) ?? this.now();
      if (this.now() - since >= 40_000) {
        this.orphanSince.delete(o.metadata.uid!);
        this.store.remove("pods", o.metadata.namespace, o.metadata.name!);
        return;
      }
      this.orphanSince.set(o.metadata.uid!, since);
      this.enqueueAfter(k, since + 40_000 - this.now());
    } else if (resource === "pods") this.orphanSince.delete(o.metadata.uid!);
    const refs = o.metadata.ownerReferences ?? [];
    if (!refs.length || o.metadata.deletionTimestamp) return;
    const states = refs.map((r) => this.ownerState(r, o));
    const solid = states.filter((s) => s === "present" || s === "deleting").length;
    const waitingFg = states.some((s) => s === "deleting-fg");
    if (solid === 0 && !waitingFg) {
      this.api.delete(resource, o.metadata.namespace, o.metadata.name!, { propagationPolicy: "Background" });
      return;
    }
    if (waitingFg && solid === 0) {
      this.api.delete(resource, o.metadata.namespace, o.metadata.name!, { propagationPolicy: "Foreground" });
      return;
    }
    if (states.includes("absent")) {
      const upd = deepClone(o);
      upd.metadata.ownerReferences = refs.filter((_, i) => states[i] !== "absent");
      this.api.store.update(resource, upd);
    }
  }

  private syncOwner(resource: string, o: KubeObject): void {
    if (!o.metadata.deletionTimestamp) return;
    const fins = o.metadata.finalizers ?? [];
    const deps = this.store.dependents(o.metadata.uid!);
    if (fins.includes(ORPHAN)) {
      for (const d of deps) {
        const upd = deepClone(d.object);
        upd.metadata.ownerReferences = (upd.metadata.ownerReferences ?? []).filter((r) => r.uid !== o.metadata.uid);
        if (!upd.metadata.ownerReferences.length) delete upd.metadata.ownerReferences;
        this.api.store.update(d.resource, upd);
      }
      this.removeFinalizer(resource, o, ORPHAN);
      return;
    }
    if (fins.includes(FG)) {
      const blocking = deps.filter((d) => (d.object.metadata.ownerReferences ?? []).some((r) => r.uid === o.metadata.uid && r.blockOwnerDeletion));
      for (const d of blocking) {
        if (!d.object.metadata.deletionTimestamp) this.api.delete(d.resource, d.object.metadata.namespace, d.object.metadata.name!, { propagationPolicy: "Foreground" });
      }
      for (const d of deps) {
        if (!blocking.includes(d) && !d.object.metadata.deletionTimestamp) this.api.delete(d.resource, d.object.metadata.namespace, d.object.metadata.name!, { propagationPolicy: "Background" });
      }
      const left = this.store.dependents(o.metadata.uid!).filter((d) => (d.object.metadata.ownerReferences ?? []).some((r) => r.uid === o.metadata.uid && r.blockOwnerDeletion));
      if (!left.length) this.removeFinalizer(resource, o, FG);
    }
  }

  private removeFinalizer(resource: string, o: KubeObject, f: string): void {
    const cur = this.store.peek(resource, o.metadata.namespace, o.metadata.name!);
    if (!cur) return;
    const upd = deepClone(cur);
    upd.metadata.finalizers = (upd.metadata.finalizers ?? []).filter((x) => x !== f);
    if (!upd.metadata.finalizers.length) delete upd.metadata.finalizers;
    this.api.store.update(resource, upd);
  }
}

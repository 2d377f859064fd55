// The API server's object store (etcd behind kube-apiserver): the only truth of the cluster.
// Objects are keyed by resource/namespace/name; every write bumps a global resourceVersion
// and is delivered synchronously to watchers.

import type { KubeObject } from "../types.ts";
import { rfc3339 } from "../types.ts";
import type { Rand } from "../rand.ts";
import { ApiError, alreadyExists, notFound } from "./errors.ts";
import { kindInfo, qualifiedResource, resourceInfo, type ResourceInfo } from "./resources.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";
export interface WatchEvent {
  type: WatchEventType;
  resource: string;
  object: KubeObject;
  old?: KubeObject;
}
export type Watcher = (e: WatchEvent) => void;

export function deepClone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

export function objKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class Store {
  private data = new Map<string, Map<string, KubeObject>>();
  private rv = 1000;
  private watchers = new Set<Watcher>();
  /** pods by spec.nodeName (kubelets and the scheduler read it constantly) */
  private podsByNode = new Map<string, Map<string, KubeObject>>();

  private indexPod(o: KubeObject | undefined, add: boolean): void {
    const node = o?.spec?.nodeName;
    if (!o || !node) return;
    const key = objKey(o.metadata.namespace, o.metadata.name!);
    let m = this.podsByNode.get(node);
    if (add) {
      if (!m) this.podsByNode.set(node, (m = new Map()));
      m.set(key, o);
    } else m?.delete(key);
  }

  /** Pods bound to a node (not copied; do not mutate). */
  podsOnNode(node: string): KubeObject[] {
    return [...(this.podsByNode.get(node)?.values() ?? [])];
  }

  constructor(
    private now: () => number,
    private rand: Rand,
  ) {}

  watch(fn: Watcher): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  resourceVersion(): number {
    return this.rv;
  }

  private table(resource: string): Map<string, KubeObject> {
    let t = this.data.get(resource);
    if (!t) {
      t = new Map();
      this.data.set(resource, t);
    }
    return t;
  }

  private info(resource: string): ResourceInfo {
    const r = resourceInfo(resource);
    if (!r) throw new ApiError("NotFound", 404, `the server could not find the requested resource`);
    return r;
  }

  private emit(e: WatchEvent): void {
    for (const w of [...this.watchers]) w(e);
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject {
    const r = this.info(resource);
    const o = this.table(resource).get(objKey(r.namespaced ? namespace : undefined, name));
    if (!o) throw notFound(qualifiedResource(r), name);
    return deepClone(o);
  }

  /** Read without copying. Callers must not mutate the result. */
  peek(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const r = resourceInfo(resource);
    if (!r) return undefined;
    return this.table(resource).get(objKey(r.namespaced ? namespace : undefined, name));
  }

  /** All objects of a resource (in one namespace, or all when namespace is undefined), sorted by namespace then name. Not copied. */
  listRaw(resource: string, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.table(resource).values()) {
      if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    }
    out.sort((a, b) => {
      const na = a.metadata.namespace ?? "", nb = b.metadata.namespace ?? "";
      if (na !== nb) return na < nb ? -1 : 1;
      const ma = a.metadata.name ?? "", mb = b.metadata.name ?? "";
      return ma < mb ? -1 : ma > mb ? 1 : 0;
    });
    return out;
  }

  list(resource: string, namespace?: string): KubeObject[] {
    this.info(resource);
    return this.listRaw(resource, namespace).map(deepClone);
  }

  count(resource: string): number {
    return this.table(resource).size;
  }

  /** Store a new object. Assigns uid, resourceVersion, creationTimestamp (and generation for objects with a spec other than Pods). */
  create(resource: string, input: KubeObject): KubeObject {
    const r = this.info(resource);
    const obj = deepClone(input);
    const md = (obj.metadata ??= {});
    if (!md.name && md.generateName) md.name = md.generateName + this.rand.kubeSuffix(5);
    const name = md.name!;
    if (r.namespaced) {
      md.namespace ||= "default";
      if (resource !== "namespaces" && !this.peek("namespaces", undefined, md.namespace)) {
        throw notFound("namespaces", md.namespace);
      }
    } else {
      delete md.namespace;
    }
    const t = this.table(resource);
    const key = objKey(md.namespace, name);
    if (t.has(key)) throw alreadyExists(qualifiedResource(r), name);
    const info = kindInfo(obj.kind);
    if (info) obj.apiVersion = obj.apiVersion || (info.group ? `${info.group}/${info.version}` : info.version);
    md.uid = this.rand.uuid();
    md.resourceVersion = String(++this.rv);
    md.creationTimestamp = rfc3339(this.now());
    if (obj.spec !== undefined && resource !== "pods" && resource !== "nodes" && resource !== "namespaces") md.generation = 1;
    const stored = reorderMeta(obj);
    t.set(key, stored);
    if (resource === "pods") this.indexPod(stored, true);
    this.emit({ type: "ADDED", resource, object: stored });
    return deepClone(stored);
  }

  /**
   * Replace an object. Keeps uid and creationTimestamp; bumps resourceVersion; bumps generation when the spec changed.
   * If input carries a resourceVersion that is not current, fails with a Conflict like the real API server.
   */
  update(resource: string, input: KubeObject, opts: { checkResourceVersion?: boolean } = {}): KubeObject {
    const r = this.info(resource);
    const ns = r.namespaced ? input.metadata.namespace || "default" : undefined;
    const name = input.metadata.name!;
    const t = this.table(resource);
    const key = objKey(ns, name);
    const old = t.get(key);
    if (!old) throw notFound(qualifiedResource(r), name);
    if (opts.checkResourceVersion && input.metadata.resourceVersion && input.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw new ApiError(
        "Conflict",
        409,
        `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const obj = deepClone(input);
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (ns) obj.metadata.namespace = ns;
    if (old.metadata.generation !== undefined) {
      const specChanged = JSON.stringify(old.spec) !== JSON.stringify(obj.spec);
      obj.metadata.generation = old.metadata.generation + (specChanged ? 1 : 0);
    }
    if (old.metadata.deletionTimestamp && !obj.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    obj.metadata.resourceVersion = String(++this.rv);
    const stored = reorderMeta(obj);
    t.set(key, stored);
    if (resource === "pods") {
      this.indexPod(old, false);
      this.indexPod(stored, true);
    }
    this.emit({ type: "MODIFIED", resource, object: stored, old });
    return deepClone(stored);
  }

  /** Remove an object at once (grace period already handled by the caller). */
  remove(resource: string, namespace: string | undefined, name: string): KubeObject {
    const r = this.info(resource);
    const t = this.table(resource);
    const key = objKey(r.namespaced ? namespace : undefined, name);
    const old = t.get(key);
    if (!old) throw notFound(qualifiedResource(r), name);
    t.delete(key);
    if (resource === "pods") this.indexPod(old, false);
    ++this.rv;
    this.emit({ type: "DELETED", resource, object: old });
    return deepClone(old);
  }

  /** Serializable snapshot and its inverse (persistence). */
  toJSON(): unknown {
    return { rv: this.rv, data: [...this.data].map(([res, t]) => [res, [...t.values()]]) };
  }
  load(snapshot: unknown): void {
    const s = snapshot as { rv: number; data: [string, KubeObject[]][] };
    this.rv = s.rv;
    this.data.clear();
    this.podsByNode.clear();
    for (const [res, objs] of s.data) {
      const t = this.table(res);
      for (const o of objs) {
        t.set(objKey(o.metadata.namespace, o.metadata.name!), o);
        if (res === "pods") this.indexPod(o, true);
      }
    }
  }
}

/** The API server returns metadata fields in the Go struct's order; keep insertion order canonical. */
const META_ORDER = [
  "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
];
function reorderMeta(o: KubeObject): KubeObject {
  const md: Record<string, unknown> = {};
  for (const k of META_ORDER) if (o.metadata[k] !== undefined) md[k] = o.metadata[k];
  for (const k of Object.keys(o.metadata)) if (!(k in md) && o.metadata[k] !== undefined) md[k] = o.metadata[k];
  o.metadata = md as KubeObject["metadata"];
  return o;
}

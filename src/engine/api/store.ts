// The API server's object store (etcd behind kube-apiserver): the only truth of the cluster.
// Objects are keyed by resource/namespace/name; every write bumps a global resourceVersion
// and is delivered synchronously to watchers.

import type { KubeObject } from "../types.ts";
import { rfc3339 } from "../types.ts";
import type { Rand } from "../rand.ts";
import { ApiError, alreadyExists, notFound } from "./errors.ts";
import { allResources, kindInfo, qualifiedResource, resourceInfo, type ResourceInfo } from "./resources.ts";
import { customResourceInfos } from "./crd.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";
export interface WatchEvent {
  type: WatchEventType;
  resource: string;
  object: KubeObject;
  old?: KubeObject;
}
export type Watcher = (e: WatchEvent) => void;

/** Deep copy of a JSON-like value (faster than structuredClone for API objects). */
export function deepClone<T>(v: T): T {
  return jsonClone(v);
}

function jsonClone<T>(v: T): T {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = jsonClone(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = jsonClone(x);
  }
  return out as T;
}

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== "object" || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k in v as Record<string, unknown>) deepFreeze((v as Record<string, unknown>)[k]);
}

export function objKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * Stored objects are immutable: every write (create, update, status) stores a new object and
 * never changes a stored one in place, so peek/listRaw/podsOnNode and list({readOnly}) can hand
 * them out without copies. `Store.freezeObjects = true` (tests) deep-freezes every stored
 * object, so any in-place mutation throws.
 */
export class Store {
  static freezeObjects = false;
  private data = new Map<string, Map<string, KubeObject>>();
  private rv = 1000;
  private watchers = new Set<Watcher>();
  private byResource = new Map<string, Set<Watcher>>();
  private byNode = new Map<string, Set<Watcher>>();
  /** pods by spec.nodeName (kubelets and the scheduler read it constantly) */
  private podsByNode = new Map<string, Map<string, KubeObject>>();
  /** per resource, per namespace ("" for cluster-scoped) */
  private byNs = new Map<string, Map<string, Map<string, KubeObject>>>();
  /** owner uid -> "resource|key" -> [resource, key] of the objects that list it in ownerReferences (split once: reads are hot) */
  private byOwner = new Map<string, Map<string, [string, string]>>();
  /** bumped whenever the set of pods bound to a node (or one of them) changes */
  private nodeVersions = new Map<string, number>();
  /**
   * Event TTL (kube-apiserver --event-ttl, 1 h by default): etcd keeps an Event for an hour
   * after its last write. A FIFO of [expiry, key] in write order (time never goes back) and the
   * current expiry of each key; expireEvents() removes what is due.
   */
  eventTtlMs = 3600_000;
  private eventExpiry = new Map<string, number>();
  private eventQueue: [number, string][] = [];
  private eventQueueHead = 0;

  private touchEvent(key: string, written = this.now()): void {
    const at = written + this.eventTtlMs;
    this.eventExpiry.set(key, at);
    this.eventQueue.push([at, key]);
  }

  /** Remove the Events whose TTL has passed (with DELETED watch events). */
  expireEvents(): void {
    const now = this.now();
    const q = this.eventQueue;
    while (this.eventQueueHead < q.length && q[this.eventQueueHead][0] <= now) {
      const [at, key] = q[this.eventQueueHead++];
      if (this.eventExpiry.get(key) !== at) continue;
      this.eventExpiry.delete(key);
      const o = this.data.get("events")?.get(key);
      if (o) this.drop("events", o.metadata.namespace, o.metadata.name!);
    }
    if (this.eventQueueHead > 1024 && this.eventQueueHead * 2 > q.length) {
      this.eventQueue = q.slice(this.eventQueueHead);
      this.eventQueueHead = 0;
    }
  }

  private indexNs(resource: string, o: KubeObject, add: boolean, keepSlot = false): void {
    let r = this.byNs.get(resource);
    if (!r) this.byNs.set(resource, (r = new Map()));
    const ns = o.metadata.namespace ?? "";
    let m = r.get(ns);
    if (!m) r.set(ns, (m = new Map()));
    const key = objKey(o.metadata.namespace, o.metadata.name!);
    if (add) m.set(key, o);
    else if (!keepSlot) m.delete(key);
    const refs = o.metadata.ownerReferences;
    if (refs) this.indexOwners(resource, key, refs, add);
  }

  /** byOwner: the object (resource, key) listed under each of its owners' uids, or not. */
  private indexOwners(resource: string, key: string, refs: { uid: string }[], add: boolean): void {
    const ref = resource + "|" + key;
    for (const or of refs) {
      let set = this.byOwner.get(or.uid);
      if (add) {
        if (!set) this.byOwner.set(or.uid, (set = new Map()));
        if (!set.has(ref)) set.set(ref, [resource, key]);
      } else if (set) {
        set.delete(ref);
        if (!set.size) this.byOwner.delete(or.uid);
      }
    }
  }

  /** Objects whose ownerReferences name uid (not copied; do not mutate). */
  dependents(uid: string): { resource: string; object: KubeObject }[] {
    const set = this.byOwner.get(uid);
    if (!set) return [];
    const out: { resource: string; object: KubeObject }[] = [];
    for (const [resource, key] of set.values()) {
      const o = this.table(resource).get(key);
      if (o) out.push({ resource, object: o });
    }
    return out;
  }

  /** The objects of one resource whose ownerReferences name uid, in the order of dependents() (not copied; do not mutate). */
  dependentsOf(uid: string, resource: string): KubeObject[] {
    const set = this.byOwner.get(uid);
    if (!set) return [];
    const t = this.table(resource);
    const out: KubeObject[] = [];
    for (const [r, key] of set.values()) {
      if (r !== resource) continue;
      const o = t.get(key);
      if (o) out.push(o);
    }
    return out;
  }

  /** Objects of a resource in one namespace, unsorted (not copied). */
  inNamespace(resource: string, namespace: string): Iterable<KubeObject> {
    resource = this.key(resource);
    return this.byNs.get(resource)?.get(namespace)?.values() ?? [];
  }

  /** Namespaces holding at least one object of resource. */
  namespacesOf(resource: string): string[] {
    resource = this.key(resource);
    return [...(this.byNs.get(resource) ?? new Map<string, Map<string, KubeObject>>())].filter(([, m]) => m.size > 0).map(([ns]) => ns);
  }

  /** A counter that changes whenever a pod bound to node is added, changed or removed. */
  nodeVersion(node: string): number {
    return this.nodeVersions.get(node) ?? 0;
  }

  private indexPod(o: KubeObject | undefined, add: boolean): void {
    const node = o?.spec?.nodeName;
    if (!o || !node) return;
    const key = objKey(o.metadata.namespace, o.metadata.name!);
    this.nodeVersions.set(node, (this.nodeVersions.get(node) ?? 0) + 1);
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

  /**
   * Watch changes. filter.resources: only these resources; filter.node: only pod events for
   * pods bound to that node (before or after the change), plus the other listed resources.
   */
  watch(fn: Watcher, filter: { resources?: string[]; node?: string } = {}): () => void {
    this.watchSets++;
    if (filter.node) {
      let s = this.byNode.get(filter.node);
      if (!s) this.byNode.set(filter.node, (s = new Set()));
      s.add(fn);
      const others = (filter.resources ?? []).filter((r) => r !== "pods");
      for (const r of others) this.addResWatcher(r, fn);
      return () => {
        this.watchSets++;
        s!.delete(fn);
        for (const r of others) this.byResource.get(r)?.delete(fn);
      };
    }
    if (filter.resources) {
      for (const r of filter.resources) this.addResWatcher(r, fn);
      return () => {
        this.watchSets++;
        for (const r of filter.resources!) this.byResource.get(r)?.delete(fn);
      };
    }
    this.watchers.add(fn);
    return () => {
      this.watchSets++;
      this.watchers.delete(fn);
    };
  }

  private addResWatcher(r: string, fn: Watcher): void {
    let s = this.byResource.get(r);
    if (!s) this.byResource.set(r, (s = new Set()));
    s.add(fn);
  }

  /** bumped whenever a watcher comes or goes: the listener arrays emit() iterates stay valid until then */
  private watchSets = 0;
  private listCache = new Map<Set<Watcher>, { v: number; list: Watcher[] }>();

  /** The watchers of a set as an array taken now (a watcher added or removed meanwhile does not change it). */
  private listeners(set: Set<Watcher>): Watcher[] {
    let c = this.listCache.get(set);
    if (!c || c.v !== this.watchSets) this.listCache.set(set, (c = { v: this.watchSets, list: [...set] }));
    return c.list;
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

  /**
   * The custom resources of the Established CustomResourceDefinitions (the apiextensions
   * apiserver's serving table): by store key "plural.group", and by plural alone (kubectl's
   * discovery hands commands the plural), recomputed on every write to the CRDs.
   */
  private custom = new Map<string, ResourceInfo>();
  private customAlias = new Map<string, string>();

  private refreshCustom(): void {
    this.custom.clear();
    this.customAlias.clear();
    for (const r of customResourceInfos(this.data.get("customresourcedefinitions")?.values() ?? [])) {
      const key = `${r.resource}.${r.group}`;
      this.custom.set(key, r);
      if (!resourceInfo(r.resource) && !this.customAlias.has(r.resource)) this.customAlias.set(r.resource, key);
    }
  }

  /** The store key of a resource: itself, or "plural.group" for a custom resource named by its plural. */
  key(resource: string): string {
    return this.customAlias.get(resource) ?? resource;
  }

  /** A built-in resource or a served custom resource (by plural or "plural.group"). */
  resourceInfo(resource: string): ResourceInfo | undefined {
    return resourceInfo(resource) ?? this.custom.get(this.key(resource));
  }

  /** The served custom resource of a kind (apiVersion "group/version" picks among groups). */
  customKind(kind: string, apiVersion?: string): ResourceInfo | undefined {
    const group = apiVersion?.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : undefined;
    for (const r of this.custom.values()) if (r.kind === kind && (group === undefined || r.group === group)) return r;
    return undefined;
  }

  /** Built-in resources, then the served custom resources. */
  allResources(): ResourceInfo[] {
    return [...allResources(), ...this.custom.values()];
  }

  private info(resource: string): ResourceInfo {
    const r = this.resourceInfo(resource);
    if (!r) throw new ApiError("NotFound", 404, `the server could not find the requested resource`);
    return r;
  }

  private emit(e: WatchEvent): void {
    if (e.resource === "customresourcedefinitions") this.refreshCustom();
    if (this.watchers.size) for (const w of this.listeners(this.watchers)) w(e);
    const rs = this.byResource.get(e.resource);
    if (rs?.size) for (const w of this.listeners(rs)) w(e);
    if (e.resource === "pods" && this.byNode.size) {
      const a = e.object.spec?.nodeName, b = e.old?.spec?.nodeName;
      if (a) {
        const ws = this.byNode.get(a);
        if (ws?.size) for (const w of this.listeners(ws)) w(e);
      }
      if (b && b !== a) {
        const ws = this.byNode.get(b);
        if (ws?.size) for (const w of this.listeners(ws)) w(e);
      }
    }
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject {
    resource = this.key(resource);
    const r = this.info(resource);
    const o = this.table(resource).get(objKey(r.namespaced ? namespace : undefined, name));
    if (!o) throw notFound(qualifiedResource(r), name);
    return deepClone(o);
  }

  /** Read without copying. Callers must not mutate the result. */
  peek(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    resource = this.key(resource);
    const r = this.resourceInfo(resource);
    if (!r) return undefined;
    return this.table(resource).get(objKey(r.namespaced ? namespace : undefined, name));
  }

  /**
   * The sorted keys of listRaw, per resource (and namespace), valid while the resource's set of
   * keys is unchanged (members[resource]: bumped by every create and removal, not by updates —
   * an update stores a new object under the same key). Sorting ~4 000 pods cost ~2 ms per list.
   */
  private sortedKeys = new Map<string, { v: number; keys: string[] }>();
  private members = new Map<string, number>();
  private membersChanged(resource: string): void {
    this.members.set(resource, (this.members.get(resource) ?? 0) + 1);
  }

  /** All objects of a resource (in one namespace, or all when namespace is undefined), sorted by namespace then name. Not copied. */
  listRaw(resource: string, namespace?: string): KubeObject[] {
    resource = this.key(resource);
    const t = this.table(resource);
    const ck = namespace === undefined ? resource : resource + "\u0000" + namespace;
    const v = this.members.get(resource) ?? 0;
    const cached = this.sortedKeys.get(ck);
    if (cached && cached.v === v) {
      const keys = cached.keys;
      const out = new Array<KubeObject>(keys.length);
      for (let i = 0; i < keys.length; i++) out[i] = t.get(keys[i])!;
      return out;
    }
    const out: KubeObject[] = namespace === undefined ? [...t.values()] : [...this.inNamespace(resource, namespace)];
    out.sort(byNamespaceName);
    this.sortedKeys.set(ck, { v, keys: out.map((o) => objKey(o.metadata.namespace, o.metadata.name!)) });
    return out;
  }

  list(resource: string, namespace?: string): KubeObject[] {
    this.info(resource);
    return this.listRaw(resource, namespace).map(deepClone);
  }

  count(resource: string): number {
    resource = this.key(resource);
    return this.table(resource).size;
  }

  /** Store a new object. Assigns uid, resourceVersion, creationTimestamp (and generation for objects with a spec other than Pods). */
  create(resource: string, input: KubeObject, opts: { prepare?: (o: KubeObject) => void; owned?: boolean } = {}): KubeObject {
    resource = this.key(resource);
    const r = this.info(resource);
    const obj = opts.owned ? input : deepClone(input);
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
    if (GENERATION.has(resource) || r.crd) md.generation = 1;
    opts.prepare?.(obj);
    const stored = reorderMeta(obj);
    if (Store.freezeObjects) deepFreeze(stored);
    t.set(key, stored);
    this.membersChanged(resource);
    this.indexNs(resource, stored, true);
    if (resource === "pods") this.indexPod(stored, true);
    else if (resource === "events") this.touchEvent(key);
    this.emit({ type: "ADDED", resource, object: stored });
    return opts.owned ? stored : deepClone(stored);
  }

  /**
   * Replace an object. Keeps uid and creationTimestamp; bumps resourceVersion; bumps generation when the spec changed.
   * If input carries a resourceVersion that is not current, fails with a Conflict like the real API server.
   */
  update(resource: string, input: KubeObject, opts: { checkResourceVersion?: boolean; owned?: boolean } = {}): KubeObject {
    resource = this.key(resource);
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
    const obj = opts.owned ? input : deepClone(input);
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (ns) obj.metadata.namespace = ns;
    if (old.metadata.generation !== undefined) {
      const specChanged = JSON.stringify(old.spec) !== JSON.stringify(obj.spec);
      obj.metadata.generation = old.metadata.generation + (specChanged ? 1 : 0);
    }
    if (old.metadata.deletionTimestamp && !obj.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (old.metadata.deletionTimestamp && resource !== "pods" && resource !== "namespaces" && !(obj.metadata.finalizers?.length)) {
      // the last finalizer is gone: the object is deleted
      return this.remove(resource, ns, name);
    }
    obj.metadata.resourceVersion = String(++this.rv);
    const stored = reorderMeta(obj);
    this.commitUpdate(resource, t, key, ns, old, stored);
    return opts.owned ? stored : deepClone(stored);
  }

  /**
   * A status write of the stored object `old` (as peek gave it): stores and emits exactly what
   * update(resource, { ...old, metadata: { ...old.metadata }, status }, { owned: true }) would,
   * without its generic work (key, namespace, uid, generation and deletion are old's, and old's
   * metadata is already in stored order). Anything else goes through update().
   */
  replaceStatus(resource: string, old: KubeObject, status: unknown): KubeObject {
    const r = resourceInfo(resource);
    const t = this.data.get(resource);
    const md = old.metadata;
    const ns = r?.namespaced ? md.namespace || "default" : undefined;
    const key = objKey(ns, md.name!);
    if (!r || !t || t.get(key) !== old || md.namespace !== ns || md.generation !== undefined || md.deletionTimestamp || !storedOrder(md)) {
      return this.update(resource, { ...old, metadata: { ...md }, status }, { owned: true });
    }
    const metadata = { ...md };
    metadata.resourceVersion = String(++this.rv);
    const stored = { ...old, metadata, status } as KubeObject;
    this.commitUpdate(resource, t, key, ns, old, stored);
    return stored;
  }

  /** update()'s write of the new object: the table, the indexes, the watch event. */
  private commitUpdate(resource: string, t: Map<string, KubeObject>, key: string, ns: string | undefined, old: KubeObject, stored: KubeObject): void {
    if (Store.freezeObjects) deepFreeze(stored);
    t.set(key, stored);
    // replaced in place (same key, same position): a caller iterating inNamespace while it
    // writes sees each object once (delete + set moved it to the end, visited again: a node
    // monitor pass over a node without a Ready condition never ended)
    // same namespace and the same ownerReferences array (a status write): the indexes keep their
    // entries, only the object they point at changes
    const nsm = old.metadata.namespace === stored.metadata.namespace && old.metadata.ownerReferences === stored.metadata.ownerReferences ? this.byNs.get(resource)?.get(stored.metadata.namespace ?? "") : undefined;
    // (the object's key: the same namespace and name as the table's key)
    const k = stored.metadata.namespace === ns ? key : objKey(stored.metadata.namespace, stored.metadata.name!);
    if (nsm) {
      nsm.set(k, stored);
      const refs = stored.metadata.ownerReferences;
      if (refs) {
        // as the remove + add of indexNs: each owner's entry moves to the end
        this.indexOwners(resource, k, refs, false);
        this.indexOwners(resource, k, refs, true);
      }
    } else {
      this.indexNs(resource, old, false, (old.metadata.namespace ?? "") === (stored.metadata.namespace ?? ""));
      this.indexNs(resource, stored, true);
    }
    if (resource === "pods") {
      const node = stored.spec?.nodeName;
      const onNode = nsm && node && old.spec?.nodeName === node ? this.podsByNode.get(node) : undefined;
      if (onNode) {
        this.nodeVersions.set(node, (this.nodeVersions.get(node) ?? 0) + 2);
        // (remove + add: the pod moves to the end of the node's list)
        onNode.delete(k);
        onNode.set(k, stored);
      } else {
        this.indexPod(old, false);
        this.indexPod(stored, true);
      }
    } else if (resource === "events") this.touchEvent(key);
    this.emit({ type: "MODIFIED", resource, object: stored, old });
  }

  /** Remove an object at once (grace period already handled by the caller). */
  remove(resource: string, namespace: string | undefined, name: string): KubeObject {
    return deepClone(this.drop(resource, namespace, name));
  }

  /** remove() returning the stored object itself (do not mutate). */
  drop(resource: string, namespace: string | undefined, name: string): KubeObject {
    resource = this.key(resource);
    const r = this.info(resource);
    const t = this.table(resource);
    const key = objKey(r.namespaced ? namespace : undefined, name);
    const old = t.get(key);
    if (!old) throw notFound(qualifiedResource(r), name);
    t.delete(key);
    this.membersChanged(resource);
    this.indexNs(resource, old, false);
    if (resource === "pods") this.indexPod(old, false);
    else if (resource === "events") this.eventExpiry.delete(key);
    ++this.rv;
    this.emit({ type: "DELETED", resource, object: old });
    return old;
  }

  /**
   * Make the store hold exactly the content of snapshot (a toJSON() value): etcd started on
   * another data dir. Objects are kept as they were stored there (uid, resourceVersion …); the
   * differences are delivered to watchers as DELETED / ADDED / MODIFIED, through the indexes,
   * the way a relist of the new content looks to them. The revision becomes the snapshot's.
   */
  replaceContent(snapshot: unknown): void {
    const s = snapshot as { rv: number; data: [string, KubeObject[]][] };
    const next = new Map<string, Map<string, KubeObject>>();
    for (const [res, objs] of s.data) {
      const m = new Map<string, KubeObject>();
      for (const o of objs) m.set(objKey(o.metadata.namespace, o.metadata.name!), o);
      next.set(res, m);
    }
    // dependents first, namespaces last: what goes away goes away in a safe order
    const order = (r: string) => (r === "namespaces" || r === "customresourcedefinitions" ? 1 : 0);
    for (const res of [...this.data.keys()].sort((a, b) => order(a) - order(b))) {
      const want = next.get(res);
      for (const [key, o] of [...this.table(res)]) if (!want?.has(key)) this.drop(res, o.metadata.namespace, o.metadata.name!);
    }
    for (const res of [...next.keys()].sort((a, b) => order(b) - order(a))) {
      const t = this.table(res);
      for (const [key, o] of next.get(res)!) {
        let old = t.get(key);
        if (old && old.metadata.resourceVersion === o.metadata.resourceVersion && old.metadata.uid === o.metadata.uid) continue;
        if (old && old.metadata.uid !== o.metadata.uid) {
          // another object of the same name: the old one is gone, this one is new
          this.drop(res, old.metadata.namespace, old.metadata.name!);
          old = undefined;
        }
        if (Store.freezeObjects) deepFreeze(o);
        t.set(key, o);
        if (!old) this.membersChanged(res);
        if (old) this.indexNs(res, old, false, true);
        this.indexNs(res, o, true);
        if (res === "pods") {
          if (old) this.indexPod(old, false);
          this.indexPod(o, true);
        } else if (res === "events") this.touchEvent(key, Date.parse(o.lastTimestamp ?? o.metadata.creationTimestamp ?? "") || this.now());
        this.emit(old ? { type: "MODIFIED", resource: res, object: o, old } : { type: "ADDED", resource: res, object: o });
      }
    }
    this.rv = s.rv;
  }

  /** Serializable snapshot and its inverse (persistence). */
  toJSON(): unknown {
    return { rv: this.rv, data: [...this.data].map(([res, t]) => [res, [...t.values()]]) };
  }
  load(snapshot: unknown): void {
    const s = snapshot as { rv: number; data: [string, KubeObject[]][] };
    this.rv = s.rv;
    this.data.clear();
    this.sortedKeys.clear();
    this.podsByNode.clear();
    this.byNs.clear();
    this.byOwner.clear();
    this.eventExpiry.clear();
    this.eventQueue = [];
    this.eventQueueHead = 0;
    for (const [res, objs] of s.data) {
      const t = this.table(res);
      for (const o of objs) {
        const key = objKey(o.metadata.namespace, o.metadata.name!);
        t.set(key, o);
        this.indexNs(res, o, true);
        if (res === "pods") this.indexPod(o, true);
      }
    }
    // event TTLs from their last write, in time order
    const evs = [...(this.data.get("events")?.entries() ?? [])].map(([key, o]) => [key, Date.parse(o.lastTimestamp ?? o.metadata.creationTimestamp ?? "") || this.now()] as const);
    evs.sort((a, b) => a[1] - b[1]);
    for (const [key, at] of evs) this.touchEvent(key, at);
    this.refreshCustom();
  }
}

/** Resources whose registry strategy tracks metadata.generation. */
const GENERATION = new Set(["deployments", "replicasets", "daemonsets", "statefulsets", "jobs", "cronjobs", "ingresses", "networkpolicies", "poddisruptionbudgets", "horizontalpodautoscalers", "customresourcedefinitions"]);

function byNamespaceName(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? "", nb = b.metadata.namespace ?? "";
  if (na !== nb) return na < nb ? -1 : 1;
  const ma = a.metadata.name ?? "", mb = b.metadata.name ?? "";
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}

/** The API server returns metadata fields in the Go struct's order; keep insertion order canonical. */
const META_ORDER = [
  "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
];
const META_INDEX = new Map(META_ORDER.map((k, i) => [k, i]));

/** Metadata as reorderMeta leaves it: META_ORDER's keys in order, then the others, no undefined values. */
function storedOrder(md: Record<string, unknown>): boolean {
  let last = -1;
  let other = false;
  for (const k in md) {
    if (md[k] === undefined) return false;
    const i = META_INDEX.get(k);
    if (i === undefined) other = true;
    else if (other || i < last) return false;
    else last = i;
  }
  return true;
}

function reorderMeta(o: KubeObject): KubeObject {
  const md: Record<string, unknown> = {};
  for (const k of META_ORDER) if (o.metadata[k] !== undefined) md[k] = o.metadata[k];
  for (const k of Object.keys(o.metadata)) if (!(k in md) && o.metadata[k] !== undefined) md[k] = o.metadata[k];
  o.metadata = md as KubeObject["metadata"];
  return o;
}

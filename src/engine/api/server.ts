// kube-apiserver: admission, validation and graceful deletion in front of the store.
// Reachable only while the kube-apiserver static pod (and etcd) run on the control plane.

import type { KubeObject } from "../types.ts";
import { rfc3339 } from "../types.ts";
import type { Rand } from "../rand.ts";
import type { ApiClient, DeleteOptions, ListOptions } from "./client.ts";
import { ApiError, ConnectionRefused, invalid, type FieldError } from "./errors.ts";
import { Store, deepClone } from "./store.ts";
import { admitNewPod, schemeDefaultPod } from "./defaults.ts";
import { podDecodeError, workloadDecodeError, zeroNullStrings } from "./decode.ts";
import { validatePodUpdate } from "./pod-update.ts";
import { validateObjectName, validatePod, validateWorkloadTemplate } from "./validation.ts";
import { fieldValue, matchLabelSelector, matchLabels, parseFieldSelector, parseLabelSelector, SelectorError } from "./selectors.ts";
import { apiVersionOf, qualifiedResource } from "./resources.ts";
import { defaultService, defaultWorkload, jobGeneratedSelector } from "./workloads.ts";
import { allocateNodePorts } from "./nodeports.ts";
import { admitNewPV, admitNewPVC, admitNewStorageClass, admitPVCResize, schemeDefaultStorage, validatePV, validatePVC, validatePVCUpdate, validatePVUpdate, validateStorageClass, validateStorageClassUpdate } from "./storage.ts";
import { AuthorizingClient, validateRbacName, type RbacSource, type UserInfo } from "./rbac.ts";
import { validateCsr, validateCsrConditions } from "./certificates.ts";
import { CRD_RESOURCE } from "./crd.ts";
import { admitCrd, admitCustomResource, deleteCrd, establishCrd } from "./customresources.ts";

const POD_FIELDS = new Set([
  "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
  "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
]);

/** Resources a v1.32 API server serves with a deprecation warning (their types' prerelease-lifecycle tags). */
const DEPRECATED: Record<string, string> = {
  componentstatuses: "v1 ComponentStatus is deprecated in v1.19+",
};

export class ApiServer implements ApiClient {
  readonly server: string;

  /** Called before get/list of a resource (heartbeat objects are brought up to date). */
  beforeRead: ((resource: string) => void) | null = null;

  /** Resources computed on each read instead of stored (componentstatuses); undefined: stored. */
  computed: ((resource: string) => KubeObject[] | undefined) | null = null;

  /** Warning headers of the responses served since the client last took them (code 299). */
  private warnings: string[] = [];

  /** The Warning headers of the requests made since the last call (client-go's warning handler reads them). */
  takeWarnings(): string[] {
    return this.warnings.splice(0);
  }

  /** the service CIDR's first address (10.96.0.0/12 → 10.96.0.1 is `kubernetes`) */
  serviceBase = [10, 96, 0, 0];

  constructor(
    public store: Store,
    private rand: Rand,
    private now: () => number,
    controlPlaneIp: string,
    /** whether kube-apiserver (and its etcd) are serving */
    public isUp: () => boolean,
  ) {
    this.server = `${controlPlaneIp}:6443`;
  }

  private check(): void {
    if (!this.isUp()) throw new ConnectionRefused(this.server);
  }

  /** The RBAC objects as the authorizer's informers see them. */
  private readonly rbac: RbacSource = {
    list: (resource, namespace) => this.store.listRaw(resource, namespace),
    get: (resource, namespace, name) => this.store.peek(resource, namespace, name),
  };

  as(user: UserInfo): AuthorizingClient {
    return new AuthorizingClient(this, this.rbac, user, () => this.check());
  }

  /** The deprecation warning the API server adds to responses of a deprecated API (v1.32). */
  private warnDeprecated(resource: string): void {
    const w = DEPRECATED[resource];
    if (w) this.warnings.push(w);
  }

  private info(resource: string, write = false) {
    const r = this.store.resourceInfo(resource);
    if (!r) throw new ApiError("NotFound", 404, "the server could not find the requested resource");
    if (write && this.computed?.(resource)) throw new ApiError("MethodNotAllowed", 405, "the server does not allow this method on the requested resource");
    return r;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject {
    this.check();
    const computed = this.computed?.(resource);
    if (computed) {
      this.warnDeprecated(resource);
      const found = computed.find((o) => o.metadata.name === name);
      if (!found) throw new ApiError("InternalError", 500, `Internal error occurred: Component not found: ${name}`);
      return found;
    }
    this.beforeRead?.(resource);
    if (resource === "events") this.store.expireEvents();
    return this.store.get(resource, namespace, name);
  }

  exists(resource: string, namespace: string | undefined, name: string): boolean {
    this.check();
    return this.store.peek(resource, namespace, name) !== undefined;
  }

  list(resource: string, namespace: string | undefined, opts: ListOptions = {}): KubeObject[] {
    this.check();
    this.beforeRead?.(resource);
    if (resource === "events") this.store.expireEvents();
    const r = this.info(resource);
    const computed = this.computed?.(resource);
    if (computed) {
      this.warnDeprecated(resource);
      return computed; // "the label and field are both ignored"
    }
    let labelReqs;
    let fieldReqs;
    try {
      labelReqs = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : [];
      fieldReqs = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : [];
    } catch (e) {
      if (e instanceof SelectorError) throw new ApiError("BadRequest", 400, `unable to parse requirement: ${e.message}`);
      throw e;
    }
    for (const f of fieldReqs) {
      const generic = f.field === "metadata.name" || f.field === "metadata.namespace";
      if (!generic && !(resource === "pods" && POD_FIELDS.has(f.field)) && !(resource === "events" && f.field.startsWith("involvedObject.")) && !(resource === "nodes" && f.field === "spec.unschedulable")) {
        const gv = r.group ? `${r.group}/${r.version}` : `/${r.version}`;
        throw new ApiError(
          "BadRequest",
          400,
          `Unable to find "${gv}, Resource=${r.resource}" that match label selector "${opts.labelSelector ?? ""}", field selector "${opts.fieldSelector ?? ""}": field label not supported: ${f.field}`,
        );
      }
    }
    const all = this.store.listRaw(resource, r.namespaced ? namespace : undefined);
    const out: KubeObject[] = [];
    for (const o of all) {
      if (labelReqs.length && !matchLabels(labelReqs, o.metadata.labels)) continue;
      if (fieldReqs.length && !fieldReqs.every((f) => (fieldValue(o, f.field) === f.value) === (f.op === "="))) continue;
      out.push(opts.readOnly ? o : deepClone(o));
    }
    return out;
  }

  /** owned: input is the caller's fresh object, given away, and the stored object is returned (not a copy; do not mutate) — controllers creating many pods. */
  create(resource: string, input: KubeObject, opts: { dryRun?: boolean; owned?: boolean } = {}): KubeObject {
    this.check();
    const r = this.info(resource, true);
    const obj = opts.owned ? input : deepClone(input);
    obj.apiVersion ||= apiVersionOf(r);
    obj.kind ||= r.kind;
    obj.metadata ??= {};
    if (r.namespaced) obj.metadata.namespace ||= "default";
    if (resource === "pods") {
      const decodeErr = podDecodeError(obj as unknown as Record<string, unknown>);
      if (decodeErr) throw new ApiError("BadRequest", 400, `Pod in version "v1" cannot be handled as a Pod: ${decodeErr}`);
      zeroNullStrings(resource, obj as unknown as Record<string, unknown>);
      const errs = validatePod(obj);
      if (errs.length) throw invalid("Pod", obj.metadata.name ?? "", errs);
      admitNewPod(obj, { rand: this.rand, mirror: !!obj.metadata.annotations?.["kubernetes.io/config.mirror"] });
    } else if (resource === CRD_RESOURCE) {
      const decodeErr = workloadDecodeError(resource, obj as unknown as Record<string, unknown>);
      if (decodeErr) throw new ApiError("BadRequest", 400, `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${decodeErr}`);
      admitCrd(obj);
    } else if (r.crd) admitCustomResource(this.store, r, obj);
    else {
      const decodeErr = workloadDecodeError(resource, obj as unknown as Record<string, unknown>);
      if (decodeErr) throw new ApiError("BadRequest", 400, `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${decodeErr}`);
      zeroNullStrings(resource, obj as unknown as Record<string, unknown>);
      const errs: FieldError[] = [];
      if (r.group === "rbac.authorization.k8s.io") validateRbacName(obj.metadata.name, errs, obj.metadata.generateName);
      else validateObjectName(obj.metadata.name, errs, obj.metadata.generateName);
      errs.push(...validateWorkloadSelector(resource, obj), ...validateWorkloadTemplate(resource, obj));
      if (resource === "persistentvolumes") errs.push(...validatePV(obj));
      else if (resource === "persistentvolumeclaims") errs.push(...validatePVC(obj));
      else if (resource === "storageclasses") errs.push(...validateStorageClass(obj));
      else if (resource === "certificatesigningrequests") {
        errs.push(...validateCsr(obj));
        delete obj.status;
      }
      if (errs.length) throw invalid(r.kind, obj.metadata.name ?? "", errs, r.group);
      defaultWorkload(resource, obj);
      if (resource === "persistentvolumes") admitNewPV(obj, this.now());
      else if (resource === "persistentvolumeclaims") admitNewPVC(obj, this.store.listRaw("storageclasses"));
      else if (resource === "storageclasses") admitNewStorageClass(obj);
      if (resource === "services") {
        defaultService(obj, () => this.allocateServiceIP());
        allocateNodePorts(obj, undefined, this.store.listRaw("services"), this.rand);
      }
      if (resource === "namespaces") {
        obj.spec ??= { finalizers: ["kubernetes"] };
        obj.status ??= { phase: "Active" };
        obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": obj.metadata.name! };
      }
    }
    if (opts.dryRun) {
      if (this.store.peek(resource, obj.metadata.namespace, obj.metadata.name ?? "")) {
        throw new ApiError("AlreadyExists", 409, `${qualifiedResource(r)} "${obj.metadata.name}" already exists`);
      }
      obj.metadata.uid = this.rand.uuid();
      obj.metadata.creationTimestamp = rfc3339(this.now());
      return obj;
    }
    if (r.namespaced && resource !== "events") {
      const ns = this.store.peek("namespaces", undefined, obj.metadata.namespace!);
      if (ns?.metadata.deletionTimestamp) {
        throw new ApiError(
          "Forbidden",
          403,
          `${qualifiedResource(r)} "${obj.metadata.name ?? ""}" is forbidden: unable to create new content in namespace ${ns.metadata.name} because it is being terminated`,
        );
      }
    }
    // obj is already our own copy: the store keeps it; the caller gets a copy
    if (resource === CRD_RESOURCE) return deepClone(establishCrd(this.store, this.store.create(resource, obj, { owned: true }), this.now()));
    const stored = this.store.create(resource, obj, resource === "jobs" ? { prepare: jobGeneratedSelector, owned: true } : { owned: true });
    return opts.owned ? stored : deepClone(stored);
  }

  /** A free ClusterIP from the service CIDR (random, as the real allocator picks). */
  allocateServiceIP(): string {
    const used = new Set(this.store.listRaw("services").map((s) => s.spec?.clusterIP));
    for (let i = 0; i < 10_000; i++) {
      const n = 10 + this.rand.int(65_000);
      const ip = `${this.serviceBase[0]}.${this.serviceBase[1] + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
      if (!used.has(ip) && (n & 255) !== 0 && (n & 255) !== 255) return ip;
    }
    return "10.96.0.254";
  }

  update(resource: string, input: KubeObject, opts: { dryRun?: boolean } = {}): KubeObject {
    this.check();
    const r = this.info(resource, true);
    const obj = deepClone(input);
    const old = this.store.peek(resource, r.namespaced ? obj.metadata.namespace || "default" : undefined, obj.metadata.name ?? "");
    const decodeErr = old ? workloadDecodeError(resource, obj as unknown as Record<string, unknown>) : null;
    if (decodeErr) throw new ApiError("BadRequest", 400, `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${decodeErr}`);
    if (old) zeroNullStrings(resource, obj as unknown as Record<string, unknown>);
    if (old && resource === "pods") {
      // decoding applies the scheme defaults; the main resource ignores status (PrepareForUpdate)
      schemeDefaultPod(obj);
      validatePodUpdate(old, obj);
      if (old.status !== undefined) obj.status = old.status;
    }
    if (old && (resource === "deployments" || resource === "replicasets" || resource === "daemonsets")) {
      // apps/v1: spec.selector may not change (ValidateImmutableField in the strategies' ValidateUpdate)
      if (!sameSelector(old.spec?.selector, obj.spec?.selector)) {
        throw invalid(r.kind, obj.metadata.name ?? "", [{ field: "spec.selector", type: "Invalid value", goValue: goLabelSelector(obj.spec?.selector), detail: "field is immutable" }], r.group);
      }
    }
    if (old && resource === CRD_RESOURCE) admitCrd(obj, old);
    else if (old && r.crd) admitCustomResource(this.store, r, obj, old);
    if (old) {
      if (resource === "services") allocateNodePorts(obj, old, this.store.listRaw("services"), this.rand);
      schemeDefaultStorage(resource, obj);
      const errs = [...validateWorkloadSelector(resource, obj), ...validateWorkloadTemplate(resource, obj)];
      if (resource === "persistentvolumes") errs.push(...validatePVUpdate(old, obj));
      else if (resource === "persistentvolumeclaims") errs.push(...validatePVCUpdate(old, obj));
      else if (resource === "storageclasses") errs.push(...validateStorageClassUpdate(old, obj));
      else if (resource === "certificatesigningrequests") {
        // the approval subresource: only status.conditions change
        obj.spec = old.spec;
        obj.status = { ...(obj.status ?? {}), certificate: old.status?.certificate };
        if (obj.status.certificate === undefined) delete obj.status.certificate;
        errs.push(...validateCsrConditions(obj));
      }
      if (errs.length) throw invalid(r.kind, obj.metadata.name ?? "", errs, r.group);
      if (resource === "persistentvolumeclaims") admitPVCResize(old, obj, (n) => this.store.peek("storageclasses", undefined, n));
    }
    if (opts.dryRun) return obj;
    if (old && resource !== "pods") {
      defaultWorkload(resource, obj);
      // the main resource ignores status (it has its own subresource)
      if (old.status !== undefined && ["deployments", "replicasets", "daemonsets", "statefulsets", "jobs", "cronjobs", "nodes", "namespaces", "services", "persistentvolumes", "persistentvolumeclaims"].includes(resource)) obj.status = old.status;
      if (resource === "daemonsets" && JSON.stringify(old.spec?.template) !== JSON.stringify(obj.spec?.template)) {
        obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), "deprecated.daemonset.template.generation": String((old.metadata.generation ?? 1) + 1) };
      }
    }
    if (resource === CRD_RESOURCE) return establishCrd(this.store, this.store.update(resource, obj, { checkResourceVersion: true }), this.now());
    return this.store.update(resource, obj, { checkResourceVersion: true });
  }

  /** Status writes from kubelets and controllers (the /status subresource): no conflict check. */
  updateStatus(resource: string, obj: KubeObject): KubeObject {
    return this.store.update(resource, obj);
  }

  delete(resource: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    this.check();
    const r = this.info(resource, true);
    const cur = this.store.get(resource, r.namespaced ? namespace : undefined, name);
    if (opts.dryRun) return cur;
    if (resource === CRD_RESOURCE) return deleteCrd(this.store, cur);
    if (resource === "pods") {
      const grace = opts.gracePeriodSeconds ?? cur.spec?.terminationGracePeriodSeconds ?? 30;
      const bound = !!cur.spec?.nodeName;
      const finished = cur.status?.phase === "Succeeded" || cur.status?.phase === "Failed";
      if (bound && !finished && grace > 0) {
        if (cur.metadata.deletionTimestamp) return cur;
        cur.metadata.deletionTimestamp = rfc3339(this.now() + grace * 1000);
        cur.metadata.deletionGracePeriodSeconds = grace;
        return this.store.update(resource, cur);
      }
    }
    if (resource === "namespaces") {
      if (["default", "kube-system", "kube-public"].includes(name)) {
        throw new ApiError("Forbidden", 403, `namespaces "${name}" is forbidden: this namespace may not be deleted`);
      }
      // Terminating until the namespace controller has removed its content
      if (cur.metadata.deletionTimestamp) return cur;
      cur.metadata.deletionTimestamp = rfc3339(this.now());
      cur.metadata.deletionGracePeriodSeconds = 0;
      cur.status = { ...(cur.status ?? {}), phase: "Terminating" };
      return this.store.update(resource, cur);
    }
    if (resource !== "pods") {
      if (cur.metadata.deletionTimestamp) return cur;
      const policy = opts.propagationPolicy ?? "Background";
      const fins = [...(cur.metadata.finalizers ?? [])];
      if (policy === "Orphan" && !fins.includes("orphan")) fins.push("orphan");
      if (policy === "Foreground" && !fins.includes("foregroundDeletion")) fins.push("foregroundDeletion");
      if (fins.length) {
        cur.metadata.deletionTimestamp = rfc3339(this.now());
        cur.metadata.deletionGracePeriodSeconds = 0;
        cur.metadata.finalizers = fins;
        return this.store.update(resource, cur);
      }
    }
    return this.store.remove(resource, r.namespaced ? namespace : undefined, name);
  }
}

function sameSelector(a: any, b: any): boolean {
  const norm = (s: any) => JSON.stringify({ l: Object.entries(s?.matchLabels ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)), e: s?.matchExpressions ?? [] });
  return (a == null) === (b == null) && norm(a) === norm(b);
}

/**
 * apps/v1 ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateDaemonSetSpec /
 * ValidateStatefulSetSpec, the selector part: a selector is required, a Deployment's or
 * DaemonSet's may not be empty, and it must match the template's labels
 * (ValidatePodTemplateSpecForReplicaSet). Without this a controller whose pods never match
 * its selector creates pods forever (found by fuzzing).
 */
function validateWorkloadSelector(resource: string, obj: KubeObject): FieldError[] {
  const kinds: Record<string, string> = { deployments: "deployment", replicasets: "", daemonsets: "daemonset", statefulsets: "" };
  if (!(resource in kinds)) return [];
  const spec = obj.spec;
  if (!spec || typeof spec !== "object") return [];
  const sel = spec.selector;
  const errs: FieldError[] = [];
  if (sel == null) errs.push({ field: "spec.selector", type: "Required value" });
  else if (typeof sel !== "object" || (sel.matchLabels != null && typeof sel.matchLabels !== "object") || (sel.matchExpressions != null && !Array.isArray(sel.matchExpressions))) return [];
  else if (kinds[resource] && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
    errs.push({ field: "spec.selector", type: "Invalid value", goValue: goLabelSelector(sel), detail: `empty selector is invalid for ${kinds[resource]}` });
  }
  const everything = sel != null && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
  const labels = spec.template?.metadata?.labels;
  if (labels != null && typeof labels !== "object") return errs;
  if (!everything && !matchLabelSelector(sel ?? undefined, labels ?? {})) {
    const q = (v: unknown) => JSON.stringify(String(v));
    const goLabels = labels == null ? "map[string]string(nil)" : `map[string]string{${Object.keys(labels).sort().map((k) => `${q(k)}:${q(labels[k])}`).join(", ")}}`;
    errs.push({ field: "spec.template.metadata.labels", type: "Invalid value", goValue: goLabels, detail: "`selector` does not match template `labels`" });
  }
  return errs;
}

/** fmt's %#v of a metav1.LabelSelector (field.Invalid prints a dereferenced struct that way). */
export function goLabelSelector(s: any): string {
  if (s == null) return "null";
  const q = (v: string) => JSON.stringify(String(v));
  const ml = s.matchLabels;
  const labels = ml == null ? "map[string]string(nil)" : `map[string]string{${Object.keys(ml).sort().map((k) => `${q(k)}:${q(ml[k])}`).join(", ")}}`;
  const me = s.matchExpressions;
  const exprs = me == null
    ? "[]v1.LabelSelectorRequirement(nil)"
    : `[]v1.LabelSelectorRequirement{${me.map((e: any) => `v1.LabelSelectorRequirement{Key:${q(e.key ?? "")}, Operator:${q(e.operator ?? "")}, Values:${e.values == null ? "[]string(nil)" : `[]string{${e.values.map(q).join(", ")}}`}}`).join(", ")}}`;
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`;
}

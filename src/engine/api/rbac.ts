// kube-apiserver's authorization (--authorization-mode=Node,RBAC) and impersonation, read
// from the cluster's Roles, ClusterRoles and their bindings:
//   plugin/pkg/auth/authorizer/rbac/rbac.go                (RBACAuthorizer, RuleAllows)
//   pkg/registry/rbac/validation/rule.go                   (VisitRulesFor, appliesTo)
//   pkg/apis/rbac/v1/evaluation_helpers.go                 (VerbMatches … NonResourceURLMatches)
//   staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (forbiddenMessage)
//   staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go
// In front of RBAC the server has the privileged-group authorizer: system:masters may do
// anything. The Node authorizer (kubelets' graph-based rights) is not modelled: it answers
// "no opinion" here, so node identities get only what RBAC gives them.

import type { KubeObject } from "../types.ts";
import type { ApiClient, DeleteOptions, ListOptions } from "./client.ts";
import { ApiError, type FieldError } from "./errors.ts";
import { resourceInfo } from "./resources.ts";
import { prepareCsrForCreate } from "./certificates.ts";
import { checkRequestBody } from "./request-size.ts";

export interface UserInfo {
  name: string;
  groups: string[];
}

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** authorizer.Attributes: a resource request (resource set) or a non-resource one (path set). */
export interface Attributes {
  verb: string;
  namespace?: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** non-resource requests: the URL path */
  path?: string;
}

export interface Decision {
  allowed: boolean;
  /** "RBAC: allowed by …" when allowed; the resolution errors ("RBAC: …") when not */
  reason: string;
}

/** What the authorizer reads: the RBAC objects (an ApiServer's store, or any lister). */
export interface RbacSource {
  list(resource: "roles" | "rolebindings" | "clusterroles" | "clusterrolebindings", namespace?: string): readonly KubeObject[];
  get(resource: "roles" | "clusterroles", namespace: string | undefined, name: string): KubeObject | undefined;
}

export const SYSTEM_MASTERS = "system:masters";
export const ALL_AUTHENTICATED = "system:authenticated";
export const ALL_UNAUTHENTICATED = "system:unauthenticated";
export const ANONYMOUS = "system:anonymous";
const SA_PREFIX = "system:serviceaccount:";

// ---------------------------------------------------------------- evaluation helpers

const has = (list: readonly string[] | undefined, s: string) => (list ?? []).includes(s);

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return has(rule.verbs, "*") || has(rule.verbs, verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return has(rule.apiGroups, "*") || has(rule.apiGroups, group);
}

export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === "*" || r === combined) return true;
    if (!subresource) continue;
    if (r.length === subresource.length + 2 && r.startsWith("*/") && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (!rule.resourceNames?.length) return true;
  return rule.resourceNames.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, url: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === "*" || u === url) return true;
    if (u.endsWith("*") && url.startsWith(u.replace(/\*+$/, ""))) return true;
  }
  return false;
}

export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (a.resource !== undefined) {
    const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup ?? "") && resourceMatches(rule, combined, a.subresource ?? "") && resourceNameMatches(rule, a.name ?? "");
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path ?? "");
}

// ---------------------------------------------------------------- rule resolution

/** serviceaccount.MatchesUsername */
function saMatches(ns: string, name: string, username: string): boolean {
  return username === `${SA_PREFIX}${ns}:${name}`;
}

function appliesToUser(user: UserInfo, s: any, namespace: string): boolean {
  switch (s?.kind) {
    case "User":
      return user.name === s.name;
    case "Group":
      return user.groups.includes(s.name);
    case "ServiceAccount": {
      const ns = s.namespace || namespace;
      if (!ns) return false;
      return saMatches(ns, s.name, user.name);
    }
    default:
      return false;
  }
}

function appliesTo(user: UserInfo, subjects: any, namespace: string): number {
  if (!Array.isArray(subjects)) return -1;
  return subjects.findIndex((s) => appliesToUser(user, s, namespace));
}

/** A lister's NotFound: `clusterrole.rbac.authorization.k8s.io "x" not found` (listers name the singular resource). */
function roleRefRules(src: RbacSource, roleRef: any, namespace: string): { rules?: PolicyRule[]; err?: string } {
  switch (roleRef?.kind) {
    case "Role": {
      const r = src.get("roles", namespace, roleRef.name);
      if (!r) return { err: `role.rbac.authorization.k8s.io "${roleRef.name}" not found` };
      return { rules: (r.rules as PolicyRule[] | null | undefined) ?? [] };
    }
    case "ClusterRole": {
      const r = src.get("clusterroles", undefined, roleRef.name);
      if (!r) return { err: `clusterrole.rbac.authorization.k8s.io "${roleRef.name}" not found` };
      return { rules: (r.rules as PolicyRule[] | null | undefined) ?? [] };
    }
    default:
      return { err: `unsupported role reference kind: "${roleRef?.kind ?? ""}"` };
  }
}

function describeSubject(s: any, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/**
 * VisitRulesFor: every rule that applies to the user in the namespace (ClusterRoleBindings
 * first, then the namespace's RoleBindings), with a describer of its source and the
 * resolution errors. The visitor returns false to stop.
 */
export function visitRulesFor(src: RbacSource, user: UserInfo, namespace: string, visit: (source: () => string, rule: PolicyRule | null, err: string | null) => boolean): void {
  for (const b of src.list("clusterrolebindings")) {
    const i = appliesTo(user, b.subjects, "");
    if (i < 0) continue;
    const { rules, err } = roleRefRules(src, b.roleRef, "");
    if (err) {
      if (!visit(() => "", null, err)) return;
      continue;
    }
    const source = () => `ClusterRoleBinding ${JSON.stringify(b.metadata.name)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(b.subjects[i], "")}`;
    for (const r of rules!) if (!visit(source, r, null)) return;
  }
  if (!namespace) return;
  for (const b of src.list("rolebindings", namespace)) {
    const i = appliesTo(user, b.subjects, namespace);
    if (i < 0) continue;
    const { rules, err } = roleRefRules(src, b.roleRef, namespace);
    if (err) {
      if (!visit(() => "", null, err)) return;
      continue;
    }
    const source = () => `RoleBinding ${JSON.stringify(`${b.metadata.name}/${namespace}`)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(b.subjects[i], namespace)}`;
    for (const r of rules!) if (!visit(source, r, null)) return;
  }
}

/** utilerrors.NewAggregate(errs).Error(): one message, or `[a, b]`. */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
}

/** The union of the privileged-group authorizer, the Node authorizer (no opinion) and RBAC. */
export function authorize(src: RbacSource, user: UserInfo, a: Attributes): Decision {
  if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: "" };
  let allowed = false;
  let reason = "";
  const errors: string[] = [];
  visitRulesFor(src, user, a.namespace ?? "", (source, rule, err) => {
    if (rule && ruleAllows(a, rule)) {
      allowed = true;
      reason = `RBAC: allowed by ${source()}`;
      return false;
    }
    if (err) errors.push(err);
    return true;
  });
  if (allowed) return { allowed, reason };
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : "" };
}

export interface RulesReview {
  resourceRules: { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames: string[] }[];
  nonResourceRules: { verbs: string[]; nonResourceURLs: string[] }[];
  incomplete: boolean;
  evaluationError: string;
}

/** SelfSubjectRulesReview: the RBAC rules of the user in the namespace, split as the review reports them. */
export function rulesFor(src: RbacSource, user: UserInfo, namespace: string): RulesReview {
  const out: RulesReview = { resourceRules: [], nonResourceRules: [], incomplete: false, evaluationError: "" };
  const errors: string[] = [];
  visitRulesFor(src, user, namespace, (_s, rule, err) => {
    if (rule) {
      if (rule.resources?.length) out.resourceRules.push({ verbs: rule.verbs ?? [], apiGroups: rule.apiGroups ?? [], resources: rule.resources, resourceNames: rule.resourceNames ?? [] });
      if (rule.nonResourceURLs?.length) out.nonResourceRules.push({ verbs: rule.verbs ?? [], nonResourceURLs: rule.nonResourceURLs });
    }
    if (err) errors.push(err);
    return true;
  });
  // the Node authorizer cannot enumerate a node's rights
  if (user.groups.includes("system:nodes") && user.name.startsWith("system:node:")) {
    out.incomplete = true;
    errors.push("node authorizer does not support user rule resolution");
  }
  if (errors.length) out.evaluationError = aggregate(errors);
  return out;
}

/**
 * ValidateRBACName (path.IsValidPathSegmentName): RBAC names may hold ':' (system:basic-user)
 * but not be '.' or '..' nor contain '/' or '%'.
 */
export function validateRbacName(name: string | undefined, errs: FieldError[], generateName?: string): void {
  if (!name) {
    if (!generateName) errs.push({ field: "metadata.name", type: "Required value", detail: "name or generateName is required" });
    return;
  }
  if (name === "." || name === "..") {
    errs.push({ field: "metadata.name", type: "Invalid value", value: name, detail: `may not be '${name}'` });
    return;
  }
  for (const bad of ["/", "%"]) if (name.includes(bad)) errs.push({ field: "metadata.name", type: "Invalid value", value: name, detail: `may not contain '${bad}'` });
}

// ---------------------------------------------------------------- messages

/** responsewriters.forbiddenMessage */
export function forbiddenMessage(user: UserInfo, a: Attributes): string {
  if (a.resource === undefined) return `User ${JSON.stringify(user.name)} cannot ${a.verb} path ${JSON.stringify(a.path ?? "")}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (a.namespace) return `User ${JSON.stringify(user.name)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup ?? "")} in the namespace ${JSON.stringify(a.namespace)}`;
  return `User ${JSON.stringify(user.name)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup ?? "")} at the cluster scope`;
}

/** responsewriters.Forbidden → apierrors.NewForbidden(groupResource, name, msg[: reason]). */
export function forbidden(user: UserInfo, a: Attributes, reason: string): ApiError {
  const msg = forbiddenMessage(user, a) + (reason ? `: ${reason}` : "");
  const gr = a.resource === undefined ? "" : a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const message = !gr ? `forbidden: ${msg}` : a.name ? `${gr} ${JSON.stringify(a.name)} is forbidden: ${msg}` : `${gr} is forbidden: ${msg}`;
  return new ApiError("Forbidden", 403, message, { name: a.name || undefined, group: a.apiGroup || undefined, kind: a.resource });
}

// ---------------------------------------------------------------- identities

/** The identity kubeadm's admin.conf carries (CN=kubernetes-admin, O=kubeadm:cluster-admins). */
export const KUBEADM_ADMIN: UserInfo = { name: "kubernetes-admin", groups: ["kubeadm:cluster-admins", ALL_AUTHENTICATED] };

/**
 * The user the impersonation filter builds from Impersonate-User / Impersonate-Group: a
 * service account's name brings its groups when none are given; every user but
 * system:anonymous is in system:authenticated (unless a group already says which).
 */
export function impersonatedUser(name: string, groups: string[]): UserInfo {
  let gs = [...groups];
  if (name.startsWith(SA_PREFIX) && groups.length === 0) {
    const [ns, sa] = splitSA(name);
    if (ns !== undefined) gs = ["system:serviceaccounts", `system:serviceaccounts:${ns}`];
    void sa;
  }
  if (name !== ANONYMOUS) {
    if (!gs.includes(ALL_AUTHENTICATED) && !gs.includes(ALL_UNAUTHENTICATED)) gs.push(ALL_AUTHENTICATED);
  } else if (!gs.includes(ALL_UNAUTHENTICATED)) gs.push(ALL_UNAUTHENTICATED);
  return { name, groups: gs };
}

function splitSA(name: string): [string | undefined, string | undefined] {
  const parts = name.slice(SA_PREFIX.length).split(":");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return [undefined, undefined];
  return [parts[0], parts[1]];
}

/** The checks the impersonation filter makes for the acting user (impersonate users/groups/serviceaccounts). */
export function impersonationAttributes(name: string, groups: string[]): Attributes[] {
  const out: Attributes[] = [];
  const [ns, sa] = name.startsWith(SA_PREFIX) ? splitSA(name) : [undefined, undefined];
  if (ns !== undefined) out.push({ verb: "impersonate", apiGroup: "", resource: "serviceaccounts", namespace: ns, name: sa });
  else out.push({ verb: "impersonate", apiGroup: "", resource: "users", name });
  for (const g of groups) out.push({ verb: "impersonate", apiGroup: "", resource: "groups", name: g });
  return out;
}

// ---------------------------------------------------------------- an authorizing client

export interface AccessReview {
  allowed: boolean;
  reason: string;
  evaluationError: string;
}

/**
 * An ApiClient that authorizes each request as `user` before passing it to `inner` (the API
 * server), as the authorization filter does in front of every handler.
 */
export class AuthorizingClient implements ApiClient {
  readonly server: string;
  constructor(
    private inner: ApiClient,
    private src: RbacSource,
    readonly user: UserInfo,
    /** throws ConnectionRefused while the API server is down */
    private ready: () => void = () => {},
  ) {
    this.server = inner.server;
  }

  private attrs(verb: string, resource: string, namespace: string | undefined, name?: string): Attributes {
    const r = resourceInfo(resource);
    return { verb, apiGroup: r?.group ?? "", resource, namespace: r && !r.namespaced ? undefined : namespace || undefined, name: name || undefined };
  }

  /** Refuse with the API server's Forbidden unless the user may do this. */
  check(a: Attributes): void {
    this.ready();
    const d = authorize(this.src, this.user, a);
    if (!d.allowed) throw forbidden(this.user, a, d.reason);
  }

  /** SelfSubjectAccessReview */
  accessReview(a: Attributes): AccessReview {
    this.ready();
    const d = authorize(this.src, this.user, a);
    return { allowed: d.allowed, reason: d.reason, evaluationError: "" };
  }

  /** SelfSubjectRulesReview */
  rulesReview(namespace: string): RulesReview {
    this.ready();
    return rulesFor(this.src, this.user, namespace);
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject {
    this.check(this.attrs("get", resource, namespace, name));
    return this.inner.get(resource, namespace, name);
  }
  list(resource: string, namespace: string | undefined, opts?: ListOptions): KubeObject[] {
    this.check(this.attrs("list", resource, namespace));
    return this.inner.list(resource, namespace, opts);
  }
  create(resource: string, obj: KubeObject, opts?: { dryRun?: boolean }): KubeObject {
    const r = resourceInfo(resource);
    this.check(this.attrs("create", resource, r?.namespaced ? obj.metadata?.namespace || "default" : undefined));
    checkRequestBody(obj); // kubectl POSTs the object as JSON; the handler reads at most 3 MiB of it
    if (resource === "certificatesigningrequests") {
      obj = { ...obj };
      prepareCsrForCreate(obj, this.user);
    }
    return this.inner.create(resource, obj, opts);
  }
  update(resource: string, obj: KubeObject, opts?: { dryRun?: boolean }): KubeObject {
    this.check(this.attrs("update", resource, obj.metadata?.namespace || "default", obj.metadata?.name));
    return this.inner.update(resource, obj, opts);
  }
  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): KubeObject {
    this.check(this.attrs("delete", resource, namespace, name));
    return this.inner.delete(resource, namespace, name, opts);
  }
  exists(resource: string, namespace: string | undefined, name: string): boolean {
    return this.inner.exists(resource, namespace, name);
  }
  as(user: UserInfo): AuthorizingClient {
    return new AuthorizingClient(this.inner, this.src, user, this.ready);
  }
}

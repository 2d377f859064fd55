// The one door commands use to reach the API server, as kubectl reaches it over HTTPS.
// Every call first checks that the API server is reachable (the kube-apiserver static pod
// is running); when it is not, it throws ConnectionRefused like a refused TCP connect.

import type { KubeObject } from "../types.ts";
import type { UserInfo } from "./rbac.ts";

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Return the stored objects themselves instead of copies (no deep copy: O(matches), not
   * O(bytes)). The store never mutates an object in place — every write stores a new object —
   * so the result stays a consistent snapshot, but the caller must treat it as deeply
   * read-only: copy (structuredClone) before changing anything. For printers such as
   * `kubectl get`/`describe` that only read.
   */
  readOnly?: boolean;
}

export interface DeleteOptions {
  /** Seconds; undefined = the object's own default (pods: spec.terminationGracePeriodSeconds). 0 with force = immediate. */
  gracePeriodSeconds?: number;
  propagationPolicy?: "Foreground" | "Background" | "Orphan";
  dryRun?: boolean;
}

export interface ApiClient {
  /** "172.30.1.2:6443": used in error messages. */
  readonly server: string;
  get(resource: string, namespace: string | undefined, name: string): KubeObject;
  /** namespace undefined = all namespaces (or cluster-scoped). Sorted by namespace, then name. */
  list(resource: string, namespace: string | undefined, opts?: ListOptions): KubeObject[];
  /** Server-side defaulting + validation + admission; dryRun returns the object without storing it. */
  create(resource: string, obj: KubeObject, opts?: { dryRun?: boolean }): KubeObject;
  update(resource: string, obj: KubeObject, opts?: { dryRun?: boolean }): KubeObject;
  /** Starts deletion; returns the object as it is after the call (with deletionTimestamp when graceful, or as it was when gone). */
  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): KubeObject;
  /** True while the object still exists (`kubectl delete` waits until it is false). */
  exists(resource: string, namespace: string | undefined, name: string): boolean;
  /**
   * The same server, every request authorized as `user` (RBAC; an AuthorizingClient, which
   * also answers SelfSubjectAccessReviews and SelfSubjectRulesReviews). Absent on clients
   * that do not authorize (test doubles).
   */
  as?(user: UserInfo): ApiClient;
}

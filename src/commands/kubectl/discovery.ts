// kubectl's view of the server's resources: resolution of what a user types (`po`, `pods`,
// `pod`, `Pod`, `deploy`, `deployments.apps`, `deployment.v1.apps`) to one resource, as the
// discovery RESTMapper plus the short-name expander do it.

import { DISCOVERY, type ApiResource } from "./discovery-data.ts";

export type { ApiResource };

/**
 * The dynamic layer: resources the server serves beyond the built-in table (the custom
 * resources of Established CRDs, see custom-discovery.ts), set by the kubectl entry point for
 * the cluster it talks to. Discovery is re-read on each command, as kubectl's cache is
 * invalidated when a resource is not found.
 */
let dynamicLayer: (() => readonly ApiResource[]) | null = null;

export function setDynamicDiscovery(fn: (() => readonly ApiResource[]) | null): void {
  dynamicLayer = fn;
}

/** Group order of the server's discovery (preferred first); kubectl prefers the first match. */
export function allApiResources(): readonly ApiResource[] {
  const extra = dynamicLayer?.();
  return extra?.length ? [...DISCOVERY, ...extra] : DISCOVERY;
}

export class ResourceTypeError extends Error {
  constructor(public typed: string) {
    super(`the server doesn't have a resource type "${typed}"`);
  }
}

function matches(r: ApiResource, name: string): boolean {
  return r.name === name || r.singularName === name || r.shortNames.includes(name) || r.kind.toLowerCase() === name;
}

/** Resolve a resource argument. Throws ResourceTypeError when the server has no such type. */
export function resolveResource(typed: string): ApiResource {
  const arg = typed.toLowerCase();
  const table = allApiResources();
  // exact name first (short names win over nothing else), across groups in preference order
  const dot = arg.indexOf(".");
  if (dot < 0) {
    const exact = table.find((r) => r.name === arg) ?? table.find((r) => r.shortNames.includes(arg)) ?? table.find((r) => matches(r, arg));
    if (exact) return exact;
    throw new ResourceTypeError(typed);
  }
  const res = arg.slice(0, dot);
  const rest = arg.slice(dot + 1);
  // resource.version.group
  const dot2 = rest.indexOf(".");
  if (dot2 > 0) {
    const version = rest.slice(0, dot2), group = rest.slice(dot2 + 1);
    const r = table.find((x) => x.group === group && x.version === version && matches(x, res));
    if (r) return r;
  }
  // resource.group
  const r = table.find((x) => x.group === rest && matches(x, res));
  if (r) return r;
  throw new ResourceTypeError(res);
}

export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** "pods", "deployments.apps": how API errors name a resource. */
export function qualifiedName(r: ApiResource): string {
  return r.group ? `${r.name}.${r.group}` : r.name;
}

/** The discovery entry for a kind (preferred group version first). */
export function resourceForKind(kind: string, apiVersion?: string): ApiResource | undefined {
  const table = allApiResources();
  return (
    table.find((r) => r.kind === kind && (!apiVersion || apiVersionOf(r) === apiVersion)) ?? table.find((r) => r.kind === kind)
  );
}

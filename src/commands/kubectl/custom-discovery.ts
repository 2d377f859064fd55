// Discovery of custom resources: what the apiextensions apiserver publishes for each Established
// CustomResourceDefinition (one entry per served version; groups after the built-in ones, by
// name — all CRD groups have the same priority; versions in Kubernetes version order), and the
// CRD behind a discovered resource (for its printer columns and schema).

import type { KubeObject } from "../../engine/types.ts";
import { CRD_RESOURCE, compareVersions, isEstablished, servedVersions } from "../../engine/api/crd.ts";
import type { ApiResource } from "./discovery.ts";


const definitions = new WeakMap<ApiResource, KubeObject>();

/** The CustomResourceDefinition of a discovered custom resource (undefined for built-in resources). */
export function definitionOf(r: ApiResource): KubeObject | undefined {
  return definitions.get(r);
}

/** The API resources of the Established CRDs, in discovery order. */
export function customApiResources(crds: readonly KubeObject[]): ApiResource[] {
  const out: ApiResource[] = [];
  const established = crds.filter((c) => isEstablished(c) && !c.metadata.deletionTimestamp);
  established.sort((a, b) => (a.spec.group < b.spec.group ? -1 : a.spec.group > b.spec.group ? 1 : 0));
  // versions of one group across its CRDs, in version order; resources by name within each
  const groups = new Map<string, KubeObject[]>();
  for (const c of established) groups.set(c.spec.group, [...(groups.get(c.spec.group) ?? []), c]);
  for (const [group, defs] of groups) {
    const versions = [...new Set(defs.flatMap((c) => servedVersions(c).map((v) => String(v.name))))].sort(compareVersions);
    for (const version of versions) {
      const inVersion = defs.filter((c) => servedVersions(c).some((v) => v.name === version));
      inVersion.sort((a, b) => (a.status.acceptedNames.plural < b.status.acceptedNames.plural ? -1 : 1));
      for (const c of inVersion) {
        const n = c.status?.acceptedNames ?? c.spec.names;
        const r: ApiResource = {
          name: n.plural,
          singularName: n.singular ?? String(n.kind).toLowerCase(),
          shortNames: [...(n.shortNames ?? [])],
          kind: n.kind,
          group,
          version,
          namespaced: c.spec.scope === "Namespaced",
          verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
          categories: [...(n.categories ?? [])],
        };
        definitions.set(r, c);
        out.push(r);
      }
    }
  }
  return out;
}

/** A dynamic discovery layer over a store (cached until the store changes). */
export function customDiscoveryOf(store: { listRaw(resource: string): KubeObject[]; resourceVersion(): number }): () => readonly ApiResource[] {
  let rv = -1;
  let cached: ApiResource[] = [];
  return () => {
    const now = store.resourceVersion();
    if (now !== rv) {
      rv = now;
      cached = customApiResources(store.listRaw(CRD_RESOURCE));
    }
    return cached;
  };
}

/** The schema of a custom resource's version (openAPIV3Schema), if any. */
export function schemaOf(r: ApiResource): Record<string, any> | undefined {
  const crd = definitionOf(r);
  return (crd?.spec?.versions ?? []).find((v: any) => v.name === r.version)?.schema?.openAPIV3Schema;
}

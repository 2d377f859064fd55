// The apiextensions apiserver inside kube-apiserver: CustomResourceDefinition admission and
// establishing (the naming and establishing controllers run in the API server and act within
// milliseconds, so a CRD is Established by the time `kubectl apply` returns), deletion of a CRD
// with its custom resources (the finalizer controller's work, done at once), and the
// custom-resource strategy (status subresource, pruning, defaulting, schema validation).

import type { KubeObject } from "../types.ts";
import { rfc3339 } from "../types.ts";
import { invalid, type FieldError } from "./errors.ts";
import type { Store } from "./store.ts";
import type { ResourceInfo } from "./resources.ts";
import { addStoredVersion, CRD_RESOURCE, crdStatus, crdVersion, defaultCrd, validateCrd } from "./crd.ts";
import { applyDefaults, prune, validateAgainstSchema } from "./schema.ts";
import { validateObjectName } from "./validation.ts";


/** Defaulting, the strategy (status comes from the controllers and the status subresource) and validation of a CRD write. */
export function admitCrd(obj: KubeObject, old?: KubeObject): void {
  defaultCrd(obj);
  obj.status = old ? structuredClone(old.status ?? {}) : {};
  addStoredVersion(obj);
  if (!old) obj.status = { storedVersions: obj.status.storedVersions ?? [] };
  const errs = validateCrd(obj, old);
  if (errs.length) throw invalid("CustomResourceDefinition", obj.metadata.name ?? "", errs, "apiextensions.k8s.io");
  if (!old) {
    // status on create: what the strategy keeps (acceptedNames empty until the naming controller runs)
    obj.status = { acceptedNames: { kind: "", plural: "" }, storedVersions: obj.status.storedVersions };
  }
}

/** The naming and establishing controllers: accepted names and the NamesAccepted/Established conditions. */
export function establishCrd(store: Store, crd: KubeObject, now: number): KubeObject {
  const inUse = (plural: string, kind: string): string | undefined => {
    for (const other of store.listRaw(CRD_RESOURCE)) {
      if (other.metadata.name === crd.metadata.name || other.spec?.group !== crd.spec?.group) continue;
      const acc = other.status?.acceptedNames ?? {};
      if (acc.plural === plural || acc.singular === plural || (acc.shortNames ?? []).includes(plural)) return `"${plural}" is already in use`;
      if (acc.kind === kind || acc.listKind === kind) return `"${kind}" is already in use`;
    }
    return undefined;
  };
  const status = crdStatus(crd, rfc3339(now), inUse);
  if (JSON.stringify(status) === JSON.stringify(crd.status)) return crd;
  return store.update(CRD_RESOURCE, { ...structuredClone(crd), status });
}

/** Delete a CRD: its custom resources go first (customresourcecleanup finalizer), then the definition. */
export function deleteCrd(store: Store, crd: KubeObject): KubeObject {
  const plural = crd.status?.acceptedNames?.plural || crd.spec?.names?.plural;
  const key = `${plural}.${crd.spec?.group}`;
  if (store.resourceInfo(key)) for (const o of store.listRaw(key)) store.drop(key, o.metadata.namespace, o.metadata.name!);
  return store.remove(CRD_RESOURCE, undefined, crd.metadata.name!);
}

/** The custom resource strategy and validation for a create (or an update of old). */
export function admitCustomResource(store: Store, r: ResourceInfo, obj: KubeObject, old?: KubeObject): void {
  const crd = store.peek(CRD_RESOURCE, undefined, r.crd!);
  if (!crd) return;
  const version = crdVersion(crd, obj.apiVersion);
  const schema = version?.schema?.openAPIV3Schema;
  const hasStatus = !!version?.subresources?.status;
  // the main resource ignores status when it has its own subresource
  if (hasStatus) {
    if (old?.status !== undefined) obj.status = structuredClone(old.status);
    else delete obj.status;
  }
  if (schema) {
    prune(obj, schema, true);
    applyDefaults(obj, schema);
  }
  const errs: FieldError[] = [];
  if (!old) validateObjectName(obj.metadata.name, errs, obj.metadata.generateName);
  if (schema) errs.push(...validateAgainstSchema(withoutMeta(obj), schema));
  if (errs.length) throw invalid(r.kind, obj.metadata.name ?? "", errs, r.group);
}

function withoutMeta(obj: KubeObject): Record<string, any> {
  const { metadata: _m, ...rest } = obj as Record<string, any>;
  return rest;
}

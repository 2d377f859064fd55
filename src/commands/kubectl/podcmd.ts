// kubectl's container choice for a pod: staging/src/k8s.io/kubectl/pkg/cmd/util/podcmd/podcmd.go
// (exec, attach, cp, run) and polymorphichelpers/logsforobject.go (logs), one place for all.

import type { KubeObject } from "../../engine/types.ts";
import { KubectlError } from "./cobra.ts";

type Obj = Record<string, any>;

export const DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

/** podcmd.FindContainerByName: containers, then init containers, then ephemeral containers. */
export function findContainerByName(pod: KubeObject, name: string): Obj | undefined {
  const spec = pod.spec ?? {};
  for (const list of [spec.containers, spec.initContainers, spec.ephemeralContainers] as (Obj[] | undefined)[]) {
    const c = (list ?? []).find((x) => x?.name === name);
    if (c) return c;
  }
  return undefined;
}

/** podcmd.AllContainerNames: "a, b, dbg (ephem), init (init)". */
export function allContainerNames(pod: KubeObject): string {
  const spec = pod.spec ?? {};
  return [
    ...((spec.containers ?? []) as Obj[]).map((c) => c.name),
    ...((spec.ephemeralContainers ?? []) as Obj[]).map((c) => `${c.name} (ephem)`),
    ...((spec.initContainers ?? []) as Obj[]).map((c) => `${c.name} (init)`),
  ].join(", ");
}

function hasOthers(pod: KubeObject): boolean {
  const spec = pod.spec ?? {};
  return (spec.containers ?? []).length > 1 || (spec.initContainers ?? []).length > 0 || (spec.ephemeralContainers ?? []).length > 0;
}

/**
 * podcmd.FindOrDefaultContainerByName: the named container (or `container NAME not found in pod
 * POD`), else the annotation's container when it exists, else the first one, with `Defaulted
 * container …` on stderr unless quiet or the pod has only that one.
 */
export function findOrDefaultContainer(pod: KubeObject, name: string, quiet: boolean, warn: (s: string) => void): Obj {
  if (name) {
    const c = findContainerByName(pod, name);
    if (!c) throw new KubectlError(`container ${name} not found in pod ${pod.metadata.name}`);
    return c;
  }
  const containers: Obj[] = pod.spec?.containers ?? [];
  if (!containers.length) throw new KubectlError(`pod ${pod.metadata.namespace}/${pod.metadata.name} does not have any containers`);
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated) {
    const c = findContainerByName(pod, annotated);
    if (c) return c;
  }
  if (!quiet && hasOthers(pod)) warn(`Defaulted container "${containers[0].name}" out of: ${allContainerNames(pod)}\n`);
  return containers[0];
}

/**
 * logsForObjectWithClient's choice for a pod: the requested container, else the annotation's
 * (`Default container name "x" not found in pod p` when it names none), else the first one with
 * `Defaulted container …`; a name the pod does not have: `container x is not valid for pod p`.
 */
export function logsContainer(pod: KubeObject, requested: string, warn: (s: string) => void): string {
  let name = requested;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (!name && annotated) {
    if (findContainerByName(pod, annotated)) name = annotated;
    else warn(`Default container name "${annotated}" not found in pod ${pod.metadata.name}\n`);
  }
  if (!name) {
    name = pod.spec?.containers?.[0]?.name ?? "";
    if (hasOthers(pod)) warn(`Defaulted container "${name}" out of: ${allContainerNames(pod)}\n`);
  }
  if (!findContainerByName(pod, name)) throw new KubectlError(`container ${name} is not valid for pod ${pod.metadata.name}`);
  return name;
}

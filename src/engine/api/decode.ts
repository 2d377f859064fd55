// Go's typed decode of a Pod (encoding/json into k8s.io/api/core/v1 structs): values of the
// wrong JSON type are refused with json's message before anything else looks at the object.

type Obj = Record<string, unknown>;

function jsType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

function err(got: unknown, field: string, goType: string): string {
  return `json: cannot unmarshal ${jsType(got)} into Go struct field ${field} of type ${goType}`;
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function strings(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) return err(v, field, "[]string");
  for (const s of v) if (typeof s !== "string" && s !== null) return err(s, field, "string");
  return null;
}

function stringMap(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (!isObj(v)) return err(v, field, "map[string]string");
  for (const x of Object.values(v)) if (typeof x !== "string" && x !== null) return err(x, field, "string");
  return null;
}

function objList(v: unknown, field: string, goType: string): string | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) return err(v, field, `[]${goType}`);
  for (const x of v) if (!isObj(x) && x !== null) return err(x, field, goType);
  return null;
}

function container(c: Obj, base: string): string | null {
  return (
    strings(c.command, `Container.${base}.command`) ??
    strings(c.args, `Container.${base}.args`) ??
    objList(c.ports, `Container.${base}.ports`, "v1.ContainerPort") ??
    objList(c.env, `Container.${base}.env`, "v1.EnvVar") ??
    envValues(c.env, `${base}.env`) ??
    objList(c.volumeMounts, `Container.${base}.volumeMounts`, "v1.VolumeMount") ??
    (c.image !== undefined && c.image !== null && typeof c.image !== "string" ? err(c.image, `Container.${base}.image`, "string") : null) ??
    (c.name !== undefined && c.name !== null && typeof c.name !== "string" ? err(c.name, `Container.${base}.name`, "string") : null) ??
    (c.resources !== undefined && c.resources !== null && !isObj(c.resources) ? err(c.resources, `Container.${base}.resources`, "v1.ResourceRequirements") : null)
  );
}

const str = (v: unknown, field: string): string | null => (v !== undefined && v !== null && typeof v !== "string" ? err(v, field, "string") : null);

function int64(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "number") return err(v, field, "int64");
  return Number.isInteger(v) ? null : `json: cannot unmarshal number ${v} into Go struct field ${field} of type int64`;
}

/** ObjectMeta's typed fields, in the (sorted) order of the JSON kubectl sends: the first refusal wins. */
/** EnvVar.name and .value are strings: `value: yes` (YAML 1.1's true) is refused. */
function envValues(env: unknown, at: string): string | null {
  if (!Array.isArray(env)) return null;
  for (const e of env) if (isObj(e)) {
    const bad = str(e.name, `EnvVar.${at}.name`) ?? str(e.value, `EnvVar.${at}.value`);
    if (bad) return bad;
  }
  return null;
}

/** Kinds whose string maps are where a YAML 1.1 scalar (yes, on, 0644) goes wrong, in their JSON (sorted) field order. */
const MAP_KINDS: Record<string, (o: Obj) => string | null> = {
  configmaps: (o) => stringMap(o.data, "ConfigMap.data"),
  secrets: (o) => {
    if (o.data === undefined || o.data === null) return null;
    if (!isObj(o.data)) return err(o.data, "Secret.data", "map[string][]uint8");
    for (const v of Object.values(o.data)) if (v !== null && typeof v !== "string") return err(v, "Secret.data", "[]uint8");
    return null;
  },
  services: (o) => (isObj(o.spec) ? stringMap(o.spec.selector, "ServiceSpec.spec.selector") : null),
};
const MAP_KINDS_AFTER_META: Record<string, (o: Obj) => string | null> = {
  secrets: (o) => stringMap(o.stringData, "Secret.stringData"),
};

function metaError(md: Obj, at: string): string | null {
  return (
    stringMap(md.annotations, `ObjectMeta.${at}.annotations`) ??
    strings(md.finalizers, `ObjectMeta.${at}.finalizers`) ??
    str(md.generateName, `ObjectMeta.${at}.generateName`) ??
    int64(md.generation, `ObjectMeta.${at}.generation`) ??
    stringMap(md.labels, `ObjectMeta.${at}.labels`) ??
    str(md.name, `ObjectMeta.${at}.name`) ??
    str(md.namespace, `ObjectMeta.${at}.namespace`)
  );
}

/**
 * kubectl's metadataValidatingDecoder (cli-runtime resource/builder.go): every object read from a
 * file is decoded into a metadataOnlyObject (TypeMeta + ObjectMeta) before anything else; its json
 * error is "unable to decode FILE: …".
 */
export function metadataOnlyDecodeError(o: Obj): string | null {
  if (o.metadata !== undefined && o.metadata !== null && !isObj(o.metadata)) return err(o.metadata, "metadataOnlyObject.metadata", "v1.ObjectMeta");
  return metaError((o.metadata ?? {}) as Obj, "metadata");
}

/** A PodSpec at `at` (spec, spec.template.spec …). */
function podSpecError(spec: Obj, at: string): string | null {
  for (const key of ["containers", "initContainers"] as const) {
    const e = objList(spec[key], `PodSpec.${at}.${key}`, "v1.Container");
    if (e) return e;
    for (const c of (spec[key] as unknown[] | undefined) ?? []) {
      if (!isObj(c)) continue;
      const ce = container(c, `${at}.${key}`);
      if (ce) return ce;
    }
  }
  return (
    objList(spec.volumes, `PodSpec.${at}.volumes`, "v1.Volume") ??
    objList(spec.tolerations, `PodSpec.${at}.tolerations`, "v1.Toleration") ??
    stringMap(spec.nodeSelector, `PodSpec.${at}.nodeSelector`) ??
    (spec.nodeName !== undefined && spec.nodeName !== null && typeof spec.nodeName !== "string" ? err(spec.nodeName, `PodSpec.${at}.nodeName`, "string") : null)
  );
}

/** The json decode error a Pod would give, or null when its shape decodes. */
export function podDecodeError(pod: Obj): string | null {
  if (pod.metadata !== undefined && pod.metadata !== null && !isObj(pod.metadata)) return err(pod.metadata, "Pod.metadata", "v1.ObjectMeta");
  const mdErr = metaError((pod.metadata ?? {}) as Obj, "metadata");
  if (mdErr) return mdErr;
  if (pod.spec === undefined || pod.spec === null) return null;
  if (!isObj(pod.spec)) return err(pod.spec, "Pod.spec", "v1.PodSpec");
  return podSpecError(pod.spec, "spec");
}

/** A struct field that must decode as a JSON object: its Go struct and type. */
type Shape = { [field: string]: [string, string, Shape?] };

const TEMPLATE: Shape = { metadata: ["PodTemplateSpec", "v1.ObjectMeta"], spec: ["PodTemplateSpec", "v1.PodSpec"] };
const JOB_SPEC: Shape = { selector: ["JobSpec", "v1.LabelSelector"], template: ["JobSpec", "v1.PodTemplateSpec", TEMPLATE] };
/** The objects the workloads' defaulting walks into, per resource (k8s.io/api apps/v1, batch/v1, autoscaling/v2). */
const WORKLOAD_SHAPES: Record<string, [string, string, Shape]> = {
  deployments: ["Deployment", "v1.DeploymentSpec", { selector: ["DeploymentSpec", "v1.LabelSelector"], strategy: ["DeploymentSpec", "v1.DeploymentStrategy", { rollingUpdate: ["DeploymentStrategy", "v1.RollingUpdateDeployment"] }], template: ["DeploymentSpec", "v1.PodTemplateSpec", TEMPLATE] }],
  replicasets: ["ReplicaSet", "v1.ReplicaSetSpec", { selector: ["ReplicaSetSpec", "v1.LabelSelector"], template: ["ReplicaSetSpec", "v1.PodTemplateSpec", TEMPLATE] }],
  daemonsets: ["DaemonSet", "v1.DaemonSetSpec", { selector: ["DaemonSetSpec", "v1.LabelSelector"], updateStrategy: ["DaemonSetSpec", "v1.DaemonSetUpdateStrategy", { rollingUpdate: ["DaemonSetUpdateStrategy", "v1.RollingUpdateDaemonSet"] }], template: ["DaemonSetSpec", "v1.PodTemplateSpec", TEMPLATE] }],
  statefulsets: ["StatefulSet", "v1.StatefulSetSpec", { selector: ["StatefulSetSpec", "v1.LabelSelector"], updateStrategy: ["StatefulSetSpec", "v1.StatefulSetUpdateStrategy", { rollingUpdate: ["StatefulSetUpdateStrategy", "v1.RollingUpdateStatefulSetStrategy"] }], persistentVolumeClaimRetentionPolicy: ["StatefulSetSpec", "v1.StatefulSetPersistentVolumeClaimRetentionPolicy"], template: ["StatefulSetSpec", "v1.PodTemplateSpec", TEMPLATE] }],
  jobs: ["Job", "v1.JobSpec", JOB_SPEC],
  cronjobs: ["CronJob", "v1.CronJobSpec", { jobTemplate: ["CronJobSpec", "v1.JobTemplateSpec", { metadata: ["JobTemplateSpec", "v1.ObjectMeta"], spec: ["JobTemplateSpec", "v1.JobSpec", JOB_SPEC] }] }],
  horizontalpodautoscalers: ["HorizontalPodAutoscaler", "v2.HorizontalPodAutoscalerSpec", { scaleTargetRef: ["HorizontalPodAutoscalerSpec", "v2.CrossVersionObjectReference"] }],
};

function shapeError(o: Obj, at: string, shape: Shape): string | null {
  for (const [field, [struct, goType, inner]] of Object.entries(shape)) {
    const v = o[field];
    if (v === undefined || v === null) continue;
    const path = `${at}.${field}`;
    if (!isObj(v)) return err(v, `${struct}.${path}`, goType);
    const e = goType === "v1.ObjectMeta" ? metaError(v, path) : goType === "v1.PodSpec" ? podSpecError(v, path) : inner ? shapeError(v, path, inner) : null;
    if (e) return e;
  }
  return null;
}

/** The json decode error of a workload (Deployment … HPA) whose objects have the wrong JSON type, or null. */
export function workloadDecodeError(resource: string, o: Obj): string | null {
  if (resource === "customresourcedefinitions") return crdDecodeError(o);
  const simple = MAP_KINDS[resource];
  if (simple) {
    const e = (resource !== "services" ? simple(o) : null) ?? (isObj(o.metadata) ? metaError(o.metadata, "metadata") : null) ?? (resource === "services" ? simple(o) : null);
    return e ?? MAP_KINDS_AFTER_META[resource]?.(o) ?? null;
  }
  const w = WORKLOAD_SHAPES[resource];
  if (!w) return null;
  const [kind, specType, shape] = w;
  if (o.metadata !== undefined && o.metadata !== null && !isObj(o.metadata)) return err(o.metadata, `${kind}.metadata`, "v1.ObjectMeta");
  const mdErr = metaError((o.metadata ?? {}) as Obj, "metadata");
  if (mdErr) return mdErr;
  if (o.spec === undefined || o.spec === null) return null;
  if (!isObj(o.spec)) return err(o.spec, `${kind}.spec`, specType);
  if (resource === "statefulsets") {
    const e = objList(o.spec.volumeClaimTemplates, "StatefulSetSpec.spec.volumeClaimTemplates", "v1.PersistentVolumeClaim");
    if (e) return e;
    for (const t of (o.spec.volumeClaimTemplates as unknown[] | undefined) ?? []) {
      if (!isObj(t)) continue;
      for (const f of ["metadata", "spec"] as const) if (t[f] != null && !isObj(t[f])) return err(t[f], `PersistentVolumeClaim.spec.volumeClaimTemplates.${f}`, f === "metadata" ? "v1.ObjectMeta" : "v1.PersistentVolumeClaimSpec");
    }
  }
  return shapeError(o.spec, "spec", shape);
}

/**
 * A JSON null inside a []string decodes as Go's zero value "" (`command:\n- ` in YAML is
 * [null]): the containers' command and args of a Pod, or of the pod template of a workload,
 * after their shape decoded.
 */
export function zeroNullStrings(resource: string, o: Obj): void {
  const spec = isObj(o.spec) ? o.spec : undefined;
  const podSpec = resource === "pods" ? spec : resource === "cronjobs" ? at(spec, "jobTemplate", "spec", "template", "spec") : at(spec, "template", "spec");
  if (!podSpec) return;
  for (const key of ["containers", "initContainers"]) {
    const list = podSpec[key];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isObj(c)) continue;
      for (const f of ["command", "args"]) if (Array.isArray(c[f])) c[f] = (c[f] as unknown[]).map((x) => x ?? "");
    }
  }
}

function at(o: Obj | undefined, ...path: string[]): Obj | undefined {
  let cur: unknown = o;
  for (const k of path) cur = isObj(cur) ? cur[k] : undefined;
  return isObj(cur) ? cur : undefined;
}

/**
 * The json decode error a CustomResourceDefinition's spec would give where the lab reads it
 * (spec, names, versions, conversion of the wrong JSON type), or null.
 */
function crdDecodeError(o: Obj): string | null {
  const spec = o.spec;
  if (spec === undefined || spec === null) return null;
  if (!isObj(spec)) return err(spec, "CustomResourceDefinition.spec", "v1.CustomResourceDefinitionSpec");
  if (spec.names !== undefined && spec.names !== null && !isObj(spec.names)) return err(spec.names, "CustomResourceDefinitionSpec.spec.names", "v1.CustomResourceDefinitionNames");
  if (spec.versions !== undefined && spec.versions !== null && !Array.isArray(spec.versions)) return err(spec.versions, "CustomResourceDefinitionSpec.spec.versions", "[]v1.CustomResourceDefinitionVersion");
  if (spec.conversion !== undefined && spec.conversion !== null && !isObj(spec.conversion)) return err(spec.conversion, "CustomResourceDefinitionSpec.spec.conversion", "v1.CustomResourceConversion");
  return null;
}

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
    objList(c.volumeMounts, `Container.${base}.volumeMounts`, "v1.VolumeMount") ??
    (c.image !== undefined && c.image !== null && typeof c.image !== "string" ? err(c.image, `Container.${base}.image`, "string") : null) ??
    (c.name !== undefined && c.name !== null && typeof c.name !== "string" ? err(c.name, `Container.${base}.name`, "string") : null) ??
    (c.resources !== undefined && c.resources !== null && !isObj(c.resources) ? err(c.resources, `Container.${base}.resources`, "v1.ResourceRequirements") : null)
  );
}

/** The json decode error a Pod would give, or null when its shape decodes. */
export function podDecodeError(pod: Obj): string | null {
  if (pod.metadata !== undefined && pod.metadata !== null && !isObj(pod.metadata)) return err(pod.metadata, "Pod.metadata", "v1.ObjectMeta");
  const md = (pod.metadata ?? {}) as Obj;
  const mdErr =
    (md.name !== undefined && md.name !== null && typeof md.name !== "string" ? err(md.name, "ObjectMeta.metadata.name", "string") : null) ??
    (md.namespace !== undefined && md.namespace !== null && typeof md.namespace !== "string" ? err(md.namespace, "ObjectMeta.metadata.namespace", "string") : null) ??
    stringMap(md.labels, "ObjectMeta.metadata.labels") ??
    stringMap(md.annotations, "ObjectMeta.metadata.annotations");
  if (mdErr) return mdErr;
  if (pod.spec === undefined || pod.spec === null) return null;
  if (!isObj(pod.spec)) return err(pod.spec, "Pod.spec", "v1.PodSpec");
  const spec = pod.spec;
  for (const key of ["containers", "initContainers"] as const) {
    const e = objList(spec[key], `PodSpec.spec.${key}`, "v1.Container");
    if (e) return e;
    for (const c of (spec[key] as unknown[] | undefined) ?? []) {
      if (!isObj(c)) continue;
      const ce = container(c, `spec.${key}`);
      if (ce) return ce;
    }
  }
  return (
    objList(spec.volumes, "PodSpec.spec.volumes", "v1.Volume") ??
    objList(spec.tolerations, "PodSpec.spec.tolerations", "v1.Toleration") ??
    stringMap(spec.nodeSelector, "PodSpec.spec.nodeSelector") ??
    (spec.nodeName !== undefined && spec.nodeName !== null && typeof spec.nodeName !== "string" ? err(spec.nodeName, "PodSpec.spec.nodeName", "string") : null)
  );
}

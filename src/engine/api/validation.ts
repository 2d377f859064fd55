// A subset of kube-apiserver's validation (pkg/apis/core/validation) with the real messages.

import type { KubeObject } from "../types.ts";
import type { FieldError } from "./errors.ts";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

export function validateObjectName(name: string | undefined, errs: FieldError[], generateName?: string): void {
  if (!name) {
    if (!generateName) errs.push({ field: "metadata.name", type: "Required value", detail: "name or generateName is required" });
    return;
  }
  if (name.length > 253) errs.push({ field: "metadata.name", type: "Invalid value", value: name, detail: "must be no more than 253 characters" });
  else if (!DNS1123_SUBDOMAIN.test(name)) errs.push({ field: "metadata.name", type: "Invalid value", value: name, detail: SUBDOMAIN_MSG });
}

export function validatePod(pod: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  validateObjectName(pod.metadata?.name, errs, pod.metadata?.generateName);
  errs.push(...validatePodSpec(pod.spec ?? {}, "spec"));
  return errs;
}

/** The ValidatePodSpec subset, for a pod's spec or a template's (`base` is the field path of the spec). */
/** VolumeSource's members: a volume must name exactly one of them. */
const VOLUME_SOURCES = [
  "hostPath", "emptyDir", "gitRepo", "awsElasticBlockStore", "gcePersistentDisk", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder",
  "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO",
  "storageos", "csi", "ephemeral", "image",
];

/**
 * ValidateVolumes (the subset the lab's volumes need): per volume its source errors, then its
 * name (Required, a DNS-1123 label, not a duplicate). A null item decodes to an empty Volume.
 * Returns the names of the volumes without errors (what volumeMounts may name).
 */
function validateVolumes(list: unknown, path: string, errs: FieldError[]): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(list)) return names;
  list.forEach((raw, i) => {
    const v = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    const f = `${path}[${i}]`;
    const el: FieldError[] = [];
    if (!VOLUME_SOURCES.some((k) => v[k] !== undefined && v[k] !== null)) el.push({ field: f, type: "Required value", detail: "must specify a volume type" });
    const name = typeof v.name === "string" ? v.name : "";
    if (!name) el.push({ field: `${f}.name`, type: "Required value" });
    else if (!DNS1123_LABEL.test(name) || name.length > 63) el.push({ field: `${f}.name`, type: "Invalid value", value: name, detail: LABEL_MSG });
    if (names.has(name)) el.push({ field: `${f}.name`, type: "Duplicate value", value: name });
    if (!el.length) names.add(name);
    else errs.push(...el);
  });
  return names;
}

/** ValidateVolumeMounts (subset): name Required / Not found among the volumes, mountPath Required / unique. */
function validateVolumeMounts(list: unknown, vols: Set<string>, path: string, errs: FieldError[]): void {
  if (!Array.isArray(list)) return;
  const points = new Set<string>();
  list.forEach((raw, i) => {
    const m = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    const f = `${path}[${i}]`;
    const name = typeof m.name === "string" ? m.name : "";
    const mountPath = typeof m.mountPath === "string" ? m.mountPath : "";
    if (!name) errs.push({ field: `${f}.name`, type: "Required value" });
    if (!vols.has(name)) errs.push({ field: `${f}.name`, type: "Not found", value: name });
    if (!mountPath) errs.push({ field: `${f}.mountPath`, type: "Required value" });
    if (points.has(mountPath)) errs.push({ field: `${f}.mountPath`, type: "Invalid value", value: mountPath, detail: "must be unique" });
    points.add(mountPath);
  });
}

export function validatePodSpec(spec: any, base: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec || typeof spec !== "object") spec = {};
  // ValidatePodSpec: the volumes first, then the containers (whose mounts must name one)
  const vols = validateVolumes(spec.volumes, `${base}.volumes`, errs);
  const containers: any[] = Array.isArray(spec.containers) ? spec.containers : [];
  if (!containers.length) errs.push({ field: `${base}.containers`, type: "Required value" });
  const names = new Set<string>();
  const check = (list: any[], path: string) =>
    list.forEach((c, i) => {
      const f = `${path}[${i}]`;
      if (!c || typeof c !== "object") {
        errs.push({ field: f, type: "Invalid value", value: c });
        return;
      }
      if (!c.name) errs.push({ field: `${f}.name`, type: "Required value" });
      else if (!DNS1123_LABEL.test(c.name) || c.name.length > 63) errs.push({ field: `${f}.name`, type: "Invalid value", value: c.name, detail: LABEL_MSG });
      else if (names.has(c.name)) errs.push({ field: `${f}.name`, type: "Duplicate value", value: c.name });
      else names.add(c.name);
      if (!c.image || !String(c.image).trim()) errs.push({ field: `${f}.image`, type: "Required value" });
      for (const [j, p] of (c.ports ?? []).entries()) {
        const cp = p?.containerPort;
        if (cp === undefined) errs.push({ field: `${f}.ports[${j}].containerPort`, type: "Required value" });
        else if (typeof cp !== "number" || cp < 1 || cp > 65535) errs.push({ field: `${f}.ports[${j}].containerPort`, type: "Invalid value", value: cp, detail: "must be between 1 and 65535, inclusive" });
      }
      validateVolumeMounts(c.volumeMounts, vols, `${f}.volumeMounts`, errs);
    });
  check(Array.isArray(spec.initContainers) ? spec.initContainers : [], `${base}.initContainers`);
  check(containers, `${base}.containers`);
  const rp = spec.restartPolicy;
  if (rp !== undefined && !["Always", "OnFailure", "Never"].includes(rp)) {
    errs.push({ field: `${base}.restartPolicy`, type: "Unsupported value", value: rp, detail: 'supported values: "Always", "OnFailure", "Never"' });
  }
  const dp = spec.dnsPolicy;
  if (dp !== undefined && !["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"].includes(dp)) {
    errs.push({ field: `${base}.dnsPolicy`, type: "Unsupported value", value: dp, detail: 'supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"' });
  }
  for (const [i, c] of containers.entries()) {
    const pp = c?.imagePullPolicy;
    if (pp !== undefined && !["Always", "IfNotPresent", "Never"].includes(pp)) {
      errs.push({ field: `${base}.containers[${i}].imagePullPolicy`, type: "Unsupported value", value: pp, detail: 'supported values: "Always", "IfNotPresent", "Never"' });
    }
  }
  return errs;
}

/**
 * The pod template part of the workload validations: ValidatePodTemplateSpec (its pod spec)
 * and the kind's restartPolicy rule, on the template as decoding defaulted it (an unset
 * restartPolicy is "Always"). apps ValidatePodTemplateSpecForReplicaSet (Deployment,
 * ReplicaSet), ValidateDaemonSetSpec, batch validateJobSpec (Job, and a CronJob's
 * jobTemplate). A StatefulSet's template spec is not validated (ValidatePodTemplateSpecForStatefulSet
 * leaves it out), only its restartPolicy.
 */
export function validateWorkloadTemplate(resource: string, obj: KubeObject): FieldError[] {
  const spec = obj.spec;
  if (!spec || typeof spec !== "object") return [];
  let base: string;
  let template: any;
  let allowed: string[];
  switch (resource) {
    case "deployments":
    case "replicasets":
    case "daemonsets":
    case "statefulsets":
      base = "spec.template";
      template = spec.template;
      allowed = ["Always"];
      break;
    case "jobs":
      base = "spec.template";
      template = spec.template;
      allowed = ["OnFailure", "Never"];
      break;
    case "cronjobs":
      base = "spec.jobTemplate.spec.template";
      template = spec.jobTemplate?.spec?.template;
      allowed = ["OnFailure", "Never"];
      break;
    default:
      return [];
  }
  if (template != null && typeof template !== "object") return [];
  const podSpec = template?.spec;
  if (podSpec != null && typeof podSpec !== "object") return [];
  const errs = resource === "statefulsets" ? [] : validatePodSpec(podSpec ?? {}, `${base}.spec`);
  const rp = podSpec?.restartPolicy || "Always";
  if (!allowed.includes(rp)) {
    errs.push({ field: `${base}.spec.restartPolicy`, type: "Unsupported value", value: rp, detail: `supported values: ${allowed.map((a) => `"${a}"`).join(", ")}` });
  }
  return errs;
}

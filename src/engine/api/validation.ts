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
  const spec = pod.spec ?? {};
  const containers: any[] = spec.containers ?? [];
  if (!containers.length) errs.push({ field: "spec.containers", type: "Required value" });
  const names = new Set<string>();
  const check = (list: any[], base: string) =>
    list.forEach((c, i) => {
      const f = `${base}[${i}]`;
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
    });
  check(spec.initContainers ?? [], "spec.initContainers");
  check(containers, "spec.containers");
  const rp = spec.restartPolicy;
  if (rp !== undefined && !["Always", "OnFailure", "Never"].includes(rp)) {
    errs.push({ field: "spec.restartPolicy", type: "Unsupported value", value: rp, detail: 'supported values: "Always", "OnFailure", "Never"' });
  }
  const dp = spec.dnsPolicy;
  if (dp !== undefined && !["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"].includes(dp)) {
    errs.push({ field: "spec.dnsPolicy", type: "Unsupported value", value: dp, detail: 'supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"' });
  }
  for (const [i, c] of containers.entries()) {
    const pp = c?.imagePullPolicy;
    if (pp !== undefined && !["Always", "IfNotPresent", "Never"].includes(pp)) {
      errs.push({ field: `spec.containers[${i}].imagePullPolicy`, type: "Unsupported value", value: pp, detail: 'supported values: "Always", "IfNotPresent", "Never"' });
    }
  }
  return errs;
}

// ComponentStatus (v1, deprecated since 1.19 but served by 1.32): computed on every read by
// probing the control plane the way pkg/registry/core/componentstatus does — GET
// https://127.0.0.1:10259/healthz (scheduler), :10257/healthz (controller-manager), and etcd's
// health through the API server's storage (etcd-0, one per --etcd-servers entry). Nothing is
// stored: create/update/delete are not allowed, and labels and fields are ignored.

import type { KubeObject } from "../types.ts";

export interface ComponentProbe {
  /** the running container of a control-plane component on the control plane node, if any */
  listening(component: string, port: number): boolean;
}

const condition = (healthy: boolean, message: string, error: string) => ({
  type: "Healthy",
  status: healthy ? "True" : "Unknown",
  message,
  error,
});

function status(name: string, cond: ReturnType<typeof condition>): KubeObject {
  const c: Record<string, string> = { type: cond.type, status: cond.status };
  if (cond.message) c.message = cond.message;
  if (cond.error) c.error = cond.error;
  return { apiVersion: "v1", kind: "ComponentStatus", metadata: { name, creationTimestamp: null as unknown as string }, conditions: [c] } as KubeObject;
}

function httpsHealthz(probe: ComponentProbe, component: string, port: number) {
  if (probe.listening(component, port)) return condition(true, "ok", "");
  return condition(false, "", `Get "https://127.0.0.1:${port}/healthz": dial tcp 127.0.0.1:${port}: connect: connection refused`);
}

/**
 * The list the API server returns. The real server probes in goroutines and lists them in the
 * order they finish (no fixed order); the lab uses the order most often seen.
 * While etcd is down the API server does not answer at all, so etcd-0 is always healthy here.
 */
export function componentStatuses(probe: ComponentProbe): KubeObject[] {
  return [
    status("controller-manager", httpsHealthz(probe, "kube-controller-manager", 10257)),
    status("scheduler", httpsHealthz(probe, "kube-scheduler", 10259)),
    status("etcd-0", condition(true, "ok", "")),
  ];
}

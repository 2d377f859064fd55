// What the node tools do to the runtime: stop (SIGKILL: exit 137), remove containers and
// sandboxes. The runtime's state changes at once, as the CRI call returns; the kubelet then
// reacts as after a PLEG relist (a stopped container of a restartPolicy Always pod is
// restarted, a removed sandbox is re-created with the next attempt).

import type { LabContext } from "../types.ts";
import type { Container, Sandbox } from "../../engine/node/runtime.ts";

/** Kill a created or running container; returns false when it had already exited. */
export function killContainer(lab: LabContext, c: Container, code = 137): boolean {
  if (c.state === "exited") return false;
  const now = lab.now();
  c.state = "exited";
  c.exitCode = code;
  c.reason = code === 0 ? "Completed" : "Error";
  c.finishedAt = now;
  c.startedAt ??= now;
  return true;
}

export function stopSandbox(lab: LabContext, s: Sandbox): void {
  for (const c of lab.machine.runtime.containers) {
    if (c.sandboxId === s.id && !c.removed) killContainer(lab, c);
  }
  if (s.state === "ready") {
    s.state = "notready";
    s.stoppedAt = lab.now();
  }
}

export function removeContainer(c: Container): void {
  c.removed = true;
}

export function removeSandbox(lab: LabContext, s: Sandbox): void {
  for (const c of lab.machine.runtime.containers) if (c.sandboxId === s.id) c.removed = true;
  s.removed = true;
}

/** The kubelet's pod worker for this pod looks again (PLEG saw the container die). */
export function notifyKubelet(lab: LabContext, podUid: string): void {
  const k = lab.machine.kubelet as { running?: boolean; pods?: Map<string, unknown>; syncPod?: (rec: never) => void } | undefined;
  if (!k?.running || !k.pods || !k.syncPod) return;
  const rec = k.pods.get(podUid);
  if (rec) k.syncPod(rec as never);
}

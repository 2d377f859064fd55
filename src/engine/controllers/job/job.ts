// Job controller (pkg/controller/job), NonIndexed: keeps `parallelism` pods running until
// `completions` succeeded; a failed pod counts against backoffLimit and is replaced after
// the pod failure back-off (10 s doubling, capped at 6 min); conditions SuccessCriteriaMet
// + Complete or FailureTarget + Failed as 1.32 writes them.

import type { KubeObject } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { refOf } from "../../events.ts";
import { Controller, nsKey, splitKey } from "../manager.ts";
import { controllerRef, isPodReady, podFromTemplate, sameJson, ts } from "../util.ts";

const SOURCE = { component: "job-controller" };

function cond(now: number, type: string, reason: string, message: string) {
  const t = ts(now);
  return { lastProbeTime: t, lastTransitionTime: t, message, reason, status: "True", type };
}

export class JobController extends Controller {
  readonly name = "job";

  onEvent(e: WatchEvent): void {
    if (e.resource === "jobs") this.enqueue(nsKey(e.object));
    else if (e.resource === "pods") {
      const ref = controllerRef(e.object);
      if (ref?.kind === "Job") this.enqueue(`${e.object.metadata.namespace}/${ref.name}`);
    }
  }

  resyncAll(): void {
    for (const j of this.store.listRaw("jobs")) this.queue.add(nsKey(j));
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const j0 = this.store.peek("jobs", ns, name);
    if (!j0 || j0.metadata.deletionTimestamp) return;
    const job = deepClone(j0);
    const st: any = job.status ?? {};
    const finished = (st.conditions ?? []).some((c: any) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
    const pods = this.store.dependents(job.metadata.uid!).filter((d) => d.resource === "pods" && controllerRef(d.object)?.uid === job.metadata.uid).map((d) => d.object);
    const now = this.now();
    const active = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
    const succeeded = pods.filter((p) => p.status?.phase === "Succeeded").length;
    const failed = pods.filter((p) => p.status?.phase === "Failed").length;
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed").length;
    const completions: number | undefined = job.spec?.completions ?? undefined;
    const parallelism: number = job.spec?.parallelism ?? 1;
    const backoffLimit: number = job.spec?.backoffLimit ?? 6;
    const suspended = !!job.spec?.suspend;
    const status: any = {};
    const conditions: any[] = deepClone(st.conditions ?? []);
    const hasCond = (t: string) => conditions.some((c) => c.type === t && c.status === "True");
    if (!finished) {
      const activeDeadline = job.spec?.activeDeadlineSeconds;
      const startMs = st.startTime ? Date.parse(st.startTime) : now;
      if (failed > backoffLimit && !hasCond("FailureTarget")) {
        conditions.push(cond(now, "FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
      } else if (activeDeadline !== undefined && now - startMs >= activeDeadline * 1000 && !hasCond("FailureTarget")) {
        conditions.push(cond(now, "FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline"));
        this.ctx.events.record(refOf(job), "Warning", "DeadlineExceeded", "Job was active longer than specified deadline", SOURCE);
      }
      const succeededNeeded = completions ?? 1;
      const complete = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
      if (hasCond("FailureTarget")) {
        for (const p of active) this.api.delete("pods", p.metadata.namespace, p.metadata.name!);
        if (!active.length && !terminating) {
          const ft = conditions.find((c) => c.type === "FailureTarget");
          conditions.push(cond(now, "Failed", ft.reason, ft.message));
          if (ft.reason === "BackoffLimitExceeded") this.ctx.events.record(refOf(job), "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit", SOURCE);
        }
      } else if (complete) {
        if (!hasCond("SuccessCriteriaMet")) conditions.push(cond(now, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"));
        for (const p of active) this.api.delete("pods", p.metadata.namespace, p.metadata.name!);
        if (!active.length) {
          conditions.push(cond(now, "Complete", "CompletionsReached", "Reached expected number of succeeded pods"));
          status.completionTime = ts(now);
          this.ctx.events.record(refOf(job), "Normal", "Completed", "Job completed", SOURCE);
        }
      } else if (!suspended) {
        let want = Math.min(parallelism, Math.max(0, succeededNeeded - succeeded));
        if (completions === undefined) want = succeeded > 0 ? 0 : parallelism;
        const diff = want - active.length;
        if (diff > 0) {
          // pod failure back-off: 10s * 2^(failures-1), capped at 6 min, from the last failure
          const lastFail = Math.max(0, ...pods.filter((p) => p.status?.phase === "Failed").map((p) => finishedAt(p)));
          const delay = failed ? Math.min(10_000 * 2 ** (failed - 1), 360_000) : 0;
          if (failed && lastFail + delay > now) this.enqueueAfter(key, lastFail + delay - now);
          else {
            for (let i = 0; i < diff; i++) {
              const tmpl = deepClone(job.spec.template ?? {});
              const pod = podFromTemplate(tmpl, job, { apiVersion: "batch/v1", kind: "Job", name: job.metadata.name!, uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true });
              const created = this.api.create("pods", pod);
              this.ctx.events.record(refOf(job), "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, SOURCE);
            }
          }
        } else if (diff < 0) {
          for (const p of active.slice(diff)) {
            this.api.delete("pods", p.metadata.namespace, p.metadata.name!);
            this.ctx.events.record(refOf(job), "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, SOURCE);
          }
        }
        if (activeDeadline !== undefined) this.enqueueAfter(key, Math.max(1, startMs + activeDeadline * 1000 - now));
      }
    }
    const cur = this.store.peek("jobs", ns, name)!;
    const nowActive = this.store.dependents(job.metadata.uid!).filter((d) => d.resource === "pods" && !d.object.metadata.deletionTimestamp && d.object.status?.phase !== "Succeeded" && d.object.status?.phase !== "Failed").map((d) => d.object);
    if (conditions.length) status.conditions = conditions;
    status.startTime = st.startTime ?? (suspended ? undefined : ts(now));
    if (!status.startTime) delete status.startTime;
    if (st.completionTime) status.completionTime = st.completionTime;
    if (nowActive.length) status.active = nowActive.length;
    if (succeeded) status.succeeded = succeeded;
    if (failed) status.failed = failed;
    status.terminating = terminating;
    status.uncountedTerminatedPods = {};
    status.ready = nowActive.filter(isPodReady).length;
    const ordered = orderJobStatus(status);
    if (sameJson(ordered, cur.status)) return;
    const upd = deepClone(cur);
    upd.status = ordered;
    this.api.updateStatus("jobs", upd);
  }
}

function finishedAt(p: KubeObject): number {
  let t = 0;
  for (const c of p.status?.containerStatuses ?? []) {
    const f = Date.parse(c.state?.terminated?.finishedAt ?? "");
    if (!isNaN(f)) t = Math.max(t, f);
  }
  return t;
}

/** JobStatus field order: conditions, startTime, completionTime, active, succeeded, failed, terminating, completedIndexes, failedIndexes, uncountedTerminatedPods, ready */
function orderJobStatus(s: any): any {
  const out: any = {};
  for (const k of ["conditions", "startTime", "completionTime", "active", "succeeded", "failed", "terminating", "uncountedTerminatedPods", "ready"]) if (s[k] !== undefined) out[k] = s[k];
  return out;
}

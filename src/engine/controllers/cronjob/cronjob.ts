// CronJob controller (pkg/controller/cronjob, v2): creates a Job <cronjob>-<minutes since epoch>
// at each scheduled time on the virtual clock, honours concurrencyPolicy and suspend, keeps
// successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs.

import type { KubeObject } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { refOf } from "../../events.ts";
import { Controller, nsKey, splitKey } from "../manager.ts";
import { controllerRef, sameJson, ts } from "../util.ts";

const SOURCE = { component: "cronjob-controller" };

interface Cron {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domStar: boolean;
  dowStar: boolean;
}

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
};

/** robfig/cron's standard parser (5 fields, ranges, steps, lists, names, macros). */
export function parseCron(spec: string): Cron | { error: string } {
  const s = MACROS[spec.trim()] ?? spec.trim();
  const f = s.split(/\s+/);
  if (f.length !== 5) return { error: `expected exactly 5 fields, found ${f.length}: ${spec}` };
  const names: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12, sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
  const field = (txt: string, lo: number, hi: number): Set<number> | string => {
    const out = new Set<number>();
    for (const part of txt.split(",")) {
      const [range, stepS] = part.split("/");
      const step = stepS === undefined ? 1 : Number(stepS);
      if (!Number.isInteger(step) || step <= 0) return `failed to parse int from ${stepS}`;
      let a: number, b: number;
      const num = (x: string) => (x.toLowerCase() in names ? names[x.toLowerCase()] : Number(x));
      if (range === "*" || range === "?") [a, b] = [lo, hi];
      else if (range.includes("-")) {
        const [x, y] = range.split("-");
        [a, b] = [num(x), num(y)];
      } else {
        a = num(range);
        b = stepS === undefined ? a : hi;
      }
      if (!Number.isInteger(a) || !Number.isInteger(b)) return `failed to parse int from ${range}`;
      if (a < lo || b > hi || a > b) return `end of range (${b}) above maximum (${hi}): ${range}`;
      for (let v = a; v <= b; v += step) out.add(v);
    }
    return out;
  };
  const parts = [field(f[0], 0, 59), field(f[1], 0, 23), field(f[2], 1, 31), field(f[3], 1, 12), field(f[4], 0, 7)];
  for (const p of parts) if (typeof p === "string") return { error: p };
  const dow = parts[4] as Set<number>;
  if (dow.has(7)) dow.add(0);
  return { minute: parts[0] as Set<number>, hour: parts[1] as Set<number>, dom: parts[2] as Set<number>, month: parts[3] as Set<number>, dow, domStar: f[2] === "*" || f[2] === "?", dowStar: f[4] === "*" || f[4] === "?" };
}

/** The first scheduled time strictly after `after` (UTC), searching up to ~4 years. */
export function nextRun(c: Cron, after: number): number | undefined {
  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  const limit = after + 4 * 366 * 86400_000;
  while (t < limit) {
    const d = new Date(t);
    if (!c.month.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      continue;
    }
    const domOk = c.dom.has(d.getUTCDate()), dowOk = c.dow.has(d.getUTCDay());
    const dayOk = c.domStar || c.dowStar ? domOk && dowOk : domOk || dowOk;
    if (!dayOk) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!c.hour.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (!c.minute.has(d.getUTCMinutes())) {
      t += 60_000;
      continue;
    }
    return t;
  }
  return undefined;
}

function jobFinished(j: KubeObject): string | undefined {
  return (j.status?.conditions ?? []).find((c: any) => (c.type === "Complete" || c.type === "Failed") && c.status === "True")?.type;
}

export class CronJobController extends Controller {
  readonly name = "cronjob";
  private timers = new Map<string, number>();

  onEvent(e: WatchEvent): void {
    if (e.resource === "cronjobs") this.enqueue(nsKey(e.object));
    else if (e.resource === "jobs") {
      const ref = controllerRef(e.object);
      if (ref?.kind === "CronJob") this.enqueue(`${e.object.metadata.namespace}/${ref.name}`);
    }
  }

  resyncAll(): void {
    for (const c of this.store.listRaw("cronjobs")) this.queue.add(nsKey(c));
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const cj = this.store.peek("cronjobs", ns, name);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const now = this.now();
    const jobs = this.store.dependents(cj.metadata.uid!).filter((d) => d.resource === "jobs" && controllerRef(d.object)?.uid === cj.metadata.uid).map((d) => d.object);
    const status: any = deepClone(cj.status ?? {});
    // finished jobs leave the active list
    const active = jobs.filter((j) => !jobFinished(j) && !j.metadata.deletionTimestamp);
    for (const j of jobs) {
      const fin = jobFinished(j);
      if (fin && (status.active ?? []).some((r: any) => r.uid === j.metadata.uid)) {
        this.ctx.events.record(refOf(cj), "Normal", "SawCompletedJob", `Saw completed job: ${j.metadata.name}, condition: ${fin}`, SOURCE);
        if (fin === "Complete") {
          const ct = j.status?.completionTime;
          if (ct && (!status.lastSuccessfulTime || status.lastSuccessfulTime < ct)) status.lastSuccessfulTime = ct;
        }
      }
    }
    status.active = active.map((j) => ({ apiVersion: "batch/v1", kind: "Job", name: j.metadata.name, namespace: j.metadata.namespace, resourceVersion: j.metadata.resourceVersion, uid: j.metadata.uid }));
    if (!status.active.length) delete status.active;
    // history limits
    const keep = (type: string, limit: number) => {
      const done = jobs.filter((j) => jobFinished(j) === type && !j.metadata.deletionTimestamp).sort((a, b) => (a.status?.startTime ?? a.metadata.creationTimestamp! < (b.status?.startTime ?? b.metadata.creationTimestamp!) ? -1 : 1));
      for (const j of done.slice(0, Math.max(0, done.length - limit))) {
        this.api.delete("jobs", j.metadata.namespace, j.metadata.name!, { propagationPolicy: "Background" });
        this.ctx.events.record(refOf(cj), "Normal", "SuccessfulDelete", `Deleted job ${j.metadata.name}`, SOURCE);
      }
    };
    keep("Complete", cj.spec?.successfulJobsHistoryLimit ?? 3);
    keep("Failed", cj.spec?.failedJobsHistoryLimit ?? 1);
    const sched = parseCron(String(cj.spec?.schedule ?? ""));
    if (!("error" in sched) && !cj.spec?.suspend) {
      const last = status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : Date.parse(cj.metadata.creationTimestamp!);
      // the most recent missed time (up to now)
      let due: number | undefined;
      let guard = 0;
      for (let t = nextRun(sched, last); t !== undefined && t <= now && guard < 10_000; t = nextRun(sched, t), guard++) due = t;
      if (due !== undefined && due > (status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : -Infinity)) {
        const policy = cj.spec?.concurrencyPolicy ?? "Allow";
        if (policy === "Forbid" && active.length) {
          this.ctx.events.record(refOf(cj), "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid", SOURCE);
        } else {
          if (policy === "Replace") {
            for (const j of active) {
              this.api.delete("jobs", j.metadata.namespace, j.metadata.name!, { propagationPolicy: "Background" });
              this.ctx.events.record(refOf(cj), "Normal", "SuccessfulDelete", `Deleted job ${j.metadata.name}`, SOURCE);
            }
            status.active = undefined;
          }
          const jobName = `${cj.metadata.name}-${Math.floor(due / 60_000)}`;
          const tmpl = deepClone(cj.spec?.jobTemplate ?? {});
          const job: KubeObject = {
            apiVersion: "batch/v1",
            kind: "Job",
            metadata: {
              name: jobName,
              namespace: cj.metadata.namespace,
              labels: tmpl.metadata?.labels,
              annotations: { ...(tmpl.metadata?.annotations ?? {}), "batch.kubernetes.io/cronjob-scheduled-timestamp": ts(due) },
              ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cj.metadata.name!, uid: cj.metadata.uid!, controller: true, blockOwnerDeletion: true }],
            },
            spec: tmpl.spec ?? {},
          };
          if (!job.metadata.labels) delete job.metadata.labels;
          try {
            const created = this.api.create("jobs", job);
            this.ctx.events.record(refOf(cj), "Normal", "SuccessfulCreate", `Created job ${created.metadata.name}`, SOURCE);
            status.active = [...(status.active ?? []), { apiVersion: "batch/v1", kind: "Job", name: created.metadata.name, namespace: created.metadata.namespace, resourceVersion: created.metadata.resourceVersion, uid: created.metadata.uid }];
          } catch {
            // already exists: the job of this schedule was created before
          }
        }
        status.lastScheduleTime = ts(due);
      }
      const next = nextRun(sched, now);
      if (next !== undefined) {
        const old = this.timers.get(key);
        if (old !== next) {
          this.timers.set(key, next);
          this.enqueueAfter(key, next - now);
        }
      }
    }
    if (!status.active?.length) delete status.active;
    const out: any = {};
    for (const k of ["active", "lastScheduleTime", "lastSuccessfulTime"]) if (status[k] !== undefined) out[k] = status[k];
    const cur = this.store.peek("cronjobs", ns, name)!;
    if (sameJson(out, cur.status ?? {})) return;
    const upd = deepClone(cur);
    upd.status = out;
    this.api.updateStatus("cronjobs", upd);
  }
}

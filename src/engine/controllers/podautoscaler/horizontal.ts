// HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go), for a
// kubeadm cluster without metrics-server: every HPA is reconciled 15 s after it appears and
// then every 15 s (--horizontal-pod-autoscaler-sync-period, the queue's fixed-interval rate
// limiter). The target's scale is read; out of [minReplicas, maxReplicas] it is set back into
// range (SuccessfulRescale); inside the range the metrics are needed, and the resource metrics
// API (metrics.k8s.io) is not served, so the HPA records FailedGetResourceMetric and
// FailedComputeMetricsReplicas and sets ScalingActive False, as the real controller does.

import type { KubeObject } from "../../types.ts";
import { rfc3339 } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { deepClone } from "../../api/store.ts";
import { kindInfo, qualifiedResource } from "../../api/resources.ts";
import { refOf } from "../../events.ts";
import { Controller, nsKey, splitKey } from "../manager.ts";
import { sameJson } from "../util.ts";

const SOURCE = { component: "horizontal-pod-autoscaler" };
export const HPA_SYNC_PERIOD_MS = 15_000;
const SCALABLE = new Set(["deployments", "replicasets", "statefulsets", "replicationcontrollers"]);

type Cond = { type: string; status: string; lastTransitionTime?: string; reason: string; message: string };

class ReconcileError extends Error {}

export class HorizontalPodAutoscalerController extends Controller {
  readonly name = "horizontalpodautoscaler";
  /** keys waiting in the rate-limited queue (a second add while one waits is dropped) */
  private waiting = new Set<string>();

  onEvent(e: WatchEvent): void {
    if (e.resource !== "horizontalpodautoscalers" || e.type === "DELETED") return;
    this.addRateLimited(nsKey(e.object));
  }

  resyncAll(): void {
    for (const h of this.store.listRaw("horizontalpodautoscalers")) this.addRateLimited(nsKey(h));
  }

  private addRateLimited(key: string): void {
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    this.mgr.after(HPA_SYNC_PERIOD_MS, () => {
      this.waiting.delete(key);
      this.enqueue(key);
    });
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const hpa = this.store.peek("horizontalpodautoscalers", ns, name);
    if (!hpa) return;
    try {
      this.reconcile(hpa);
    } catch (e) {
      if (!(e instanceof ReconcileError)) throw e;
    } finally {
      if (this.store.peek("horizontalpodautoscalers", ns, name)) this.addRateLimited(key);
    }
  }

  private warn(hpa: KubeObject, reason: string, message: string): void {
    this.ctx.events.record(refOf(hpa), "Warning", reason, message, SOURCE);
  }

  private setCondition(hpa: KubeObject, type: string, status: string, reason: string, message: string): void {
    const list: Cond[] = (hpa.status.conditions ??= []);
    let c = list.find((x) => x.type === type);
    if (!c) {
      c = { type, status: "" } as Cond;
      list.push(c);
    }
    const changed = c.status !== status;
    const next: Cond = { type, status, lastTransitionTime: changed ? rfc3339(this.now()) : c.lastTransitionTime, reason, message };
    list[list.indexOf(c)] = next;
  }

  private updateStatusIfNeeded(original: any, hpa: KubeObject): void {
    if (sameJson(original, hpa.status)) return;
    const cur = this.store.peek("horizontalpodautoscalers", hpa.metadata.namespace, hpa.metadata.name!);
    if (!cur) return;
    const upd = deepClone(cur);
    upd.status = hpa.status;
    this.api.updateStatus("horizontalpodautoscalers", upd);
  }

  /** setStatus: the v2 status fields in their struct order. */
  private setStatus(hpa: KubeObject, current: number, desired: number, metrics: any[] | undefined, rescale: boolean): void {
    const old = hpa.status ?? {};
    const st: any = {};
    if (rescale) st.lastScaleTime = rfc3339(this.now());
    else if (old.lastScaleTime) st.lastScaleTime = old.lastScaleTime;
    if (current) st.currentReplicas = current;
    st.desiredReplicas = desired;
    if (metrics?.length) st.currentMetrics = metrics;
    if (old.conditions?.length) st.conditions = old.conditions;
    hpa.status = st;
  }

  /** The target's scale: [resource, object], or the error the scale client gives. */
  private scaleOf(hpa: KubeObject): [string, KubeObject] {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const apiVersion = String(ref.apiVersion ?? "");
    const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
    const info = kindInfo(String(ref.kind ?? ""));
    if (!info || info.group !== group) throw new ReconcileError(`no matches for kind "${ref.kind}" in group "${group}"`);
    if (!SCALABLE.has(info.resource)) throw new ReconcileError("the server could not find the requested resource");
    const o = this.store.peek(info.resource, hpa.metadata.namespace, String(ref.name ?? ""));
    if (!o) throw new ReconcileError(`${qualifiedResource(info)} "${ref.name}" not found`);
    return [info.resource, o];
  }

  /** computeReplicasForMetric for one metric spec: without a metrics API every source fails. */
  private metricError(hpa: KubeObject, m: any): Error {
    const fail = (reason: string, err: string, wrapped: string) => {
      this.warn(hpa, reason, err);
      this.setPending = { type: "ScalingActive", status: "False", reason, message: `the HPA was unable to compute the replica count: ${err}` };
      return new Error(wrapped);
    };
    switch (m?.type) {
      case "Resource": {
        const r = m.resource?.name;
        const err = `failed to get ${r} utilization: unable to get metrics for resource ${r}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)`;
        return fail("FailedGetResourceMetric", err, `failed to get ${r} resource metric value: ${err}`);
      }
      case "ContainerResource": {
        const r = m.containerResource?.name;
        const err = `failed to get ${r} utilization: unable to get metrics for resource ${r}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)`;
        return fail("FailedGetContainerResourceMetric", err, `failed to get ${r} container metric value: ${err}`);
      }
      default: {
        const err = `unknown metric source type "${m?.type ?? ""}"`;
        return fail("InvalidMetricSourceType", err, err);
      }
    }
  }
  private setPending: Cond | undefined;

  private reconcile(hpa0: KubeObject): void {
    const hpa = deepClone(hpa0);
    hpa.status ??= {};
    const original = deepClone(hpa.status);
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const reference = `${ref.kind}/${hpa.metadata.namespace}/${ref.name}`;
    let resource: string, target: KubeObject;
    try {
      [resource, target] = this.scaleOf(hpa);
    } catch (e) {
      if (!(e instanceof ReconcileError)) throw e;
      this.warn(hpa, "FailedGetScale", e.message);
      this.setCondition(hpa, "AbleToScale", "False", "FailedGetScale", `the HPA controller was unable to get the target's current scale: ${e.message}`);
      this.updateStatusIfNeeded(original, hpa);
      throw new ReconcileError(`failed to query scale subresource for ${reference}: ${e.message}`);
    }
    this.setCondition(hpa, "AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale");
    const current = Number(target.spec?.replicas ?? 1);
    const min = hpa.spec?.minReplicas ?? 1;
    const max = hpa.spec?.maxReplicas ?? 0;
    let desired = 0;
    let reason = "";
    let rescale = true;
    if (current === 0 && min !== 0) {
      rescale = false;
      this.setCondition(hpa, "ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
    } else if (current > max) {
      reason = "Current number of replicas above Spec.MaxReplicas";
      desired = max;
    } else if (current < min) {
      reason = "Current number of replicas below Spec.MinReplicas";
      desired = min;
    } else {
      // computeReplicasForMetrics: every metric is invalid without a metrics API
      const specs: any[] = hpa.spec?.metrics ?? [];
      let first: Error | undefined;
      let firstCond: Cond | undefined;
      for (const m of specs) {
        this.setPending = undefined;
        const err = this.metricError(hpa, m);
        if (!first) {
          first = err;
          firstCond = this.setPending;
        }
      }
      if (firstCond) this.setCondition(hpa, firstCond.type, firstCond.status, firstCond.reason, firstCond.message);
      const message = `invalid metrics (${specs.length} invalid out of ${specs.length}), first error is: ${first?.message ?? ""}`;
      this.setStatus(hpa, current, hpa.status.desiredReplicas ?? 0, specs.map(() => ({ type: "" })), false);
      this.updateStatusIfNeeded(original, hpa);
      this.warn(hpa, "FailedComputeMetricsReplicas", message);
      throw new ReconcileError(`failed to compute desired number of replicas based on listed metrics for ${reference}: ${message}`);
    }
    if (rescale) {
      const upd = deepClone(target);
      upd.spec.replicas = desired;
      try {
        this.api.update(resource, upd);
      } catch (e) {
        const msg = (e as Error).message;
        this.warn(hpa, "FailedRescale", `New size: ${desired}; reason: ${reason}; error: ${msg}`);
        this.setCondition(hpa, "AbleToScale", "False", "FailedUpdateScale", `the HPA controller was unable to update the target scale: ${msg}`);
        this.setStatus(hpa, current, hpa.status.desiredReplicas ?? 0, undefined, false);
        this.updateStatusIfNeeded(original, hpa);
        throw new ReconcileError(`failed to rescale ${reference}: ${msg}`);
      }
      this.setCondition(hpa, "AbleToScale", "True", "SucceededRescale", `the HPA controller was able to update the target scale to ${desired}`);
      this.ctx.events.record(refOf(hpa), "Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${reason}`, SOURCE);
    } else desired = current;
    this.setStatus(hpa, current, desired, undefined, rescale);
    this.updateStatusIfNeeded(original, hpa);
  }
}

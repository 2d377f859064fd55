// Endpoints controller (pkg/controller/endpoint/endpoints_controller.go, syncService): for every
// Service with a selector, an Endpoints object of the same name listing the IPs of the matching
// pods (ready → addresses, not ready → notReadyAddresses) with the ports their targetPorts
// resolve to. Services without a selector are left alone (their Endpoints are written by hand);
// a deleted Service takes its Endpoints with it.
//
// Not modelled: RepackSubsets orders ports and subsets by a hash of the Go objects (we keep the
// Service's port order); the 1000-address truncation.

import type { KubeObject } from "../../types.ts";
import type { WatchEvent } from "../../api/store.ts";
import { rfc3339 } from "../../types.ts";
import { ApiError } from "../../api/errors.ts";
import { Controller, nsKey, splitKey } from "../manager.ts";
import { isPodReady, podReadyCondition, sameJson } from "../util.ts";

const TRIGGER = "endpoints.kubernetes.io/last-change-trigger-time";
const HEADLESS = "service.kubernetes.io/headless";

export class EndpointController extends Controller {
  readonly name = "endpoint";
  /** trigger-time tracker: per service, the last seen service time and pod trigger times */
  private seen = new Map<string, { svc: string; pods: Map<string, string> }>();

  onEvent(e: WatchEvent): void {
    if (e.resource === "services") {
      this.enqueue(nsKey(e.object));
      return;
    }
    if (e.resource === "endpoints") {
      // onEndpointsDelete: a deleted Endpoints object of a Service is written again
      if (e.type === "DELETED") this.enqueue(nsKey(e.object));
      return;
    }
    if (e.resource !== "pods") return;
    const p = e.object, o = e.old;
    if (e.type === "MODIFIED" && o && !podEndpointsChanged(o, p)) return;
    const ns = p.metadata.namespace!;
    for (const svc of this.store.inNamespace("services", ns)) {
      const sel = svc.spec?.selector;
      if (!sel || !Object.keys(sel).length) continue;
      if (selects(sel, p.metadata.labels) || (o && selects(sel, o.metadata.labels))) this.enqueue(nsKey(svc));
    }
  }

  resyncAll(): void {
    for (const s of this.store.listRaw("services")) this.queue.add(nsKey(s));
    for (const ep of this.store.listRaw("endpoints")) this.queue.add(nsKey(ep));
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const svc = this.store.peek("services", ns, name);
    const cur = this.store.peek("endpoints", ns, name);
    if (!svc) {
      this.seen.delete(key);
      // the Service is gone: its Endpoints go too (only those it managed: a selector-less
      // Service's hand-written Endpoints disappear with the Service as well on a real cluster)
      if (cur && !cur.metadata.deletionTimestamp) this.api.delete("endpoints", ns, name);
      return;
    }
    const selector = svc.spec?.selector;
    if (!selector) return;
    const pods = [...this.store.inNamespace("pods", ns!)].filter((p) => selects(selector, p.metadata.labels));
    pods.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
    const trigger = this.triggerTime(key, svc, pods);
    const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
    const headless = svc.spec?.clusterIP === "None";
    const ports: any[] = svc.spec?.ports ?? [];
    // per address: the ports it serves, ready or not (RepackSubsets groups by port set)
    const entries: { addr: any; ready: boolean; ports: any[] }[] = [];
    for (const p of pods) {
      if (!shouldBeInEndpoints(p, publishNotReady)) continue;
      const addr: any = { ip: p.status?.podIP ?? p.status?.podIPs?.[0]?.ip };
      if (p.spec?.hostname && p.spec?.subdomain === svc.metadata.name) addr.hostname = p.spec.hostname;
      if (p.spec?.nodeName) addr.nodeName = p.spec.nodeName;
      addr.targetRef = { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid };
      const ready = publishNotReady || isPodReady(p);
      if (!ports.length) {
        if (headless) entries.push({ addr, ready, ports: [] });
        continue;
      }
      const eps: any[] = [];
      for (const sp of ports) {
        const num = findPort(p, sp);
        if (num === undefined) continue;
        const ep: any = { name: sp.name, port: num, protocol: sp.protocol ?? "TCP" };
        if (!sp.name) delete ep.name;
        if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
        eps.push(ep);
      }
      if (eps.length) entries.push({ addr, ready, ports: eps });
    }
    const groups = new Map<string, { addresses: any[]; notReadyAddresses: any[]; ports: any[] }>();
    for (const e of entries) {
      const k = JSON.stringify(e.ports);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { addresses: [], notReadyAddresses: [], ports: e.ports }));
      (e.ready ? g.addresses : g.notReadyAddresses).push(e.addr);
    }
    const byIp = (a: any, b: any) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.targetRef.uid < b.targetRef.uid ? -1 : 1);
    const subsets = [...groups.values()].map((g) => {
      const s: any = {};
      if (g.addresses.length) s.addresses = g.addresses.sort(byIp);
      if (g.notReadyAddresses.length) s.notReadyAddresses = g.notReadyAddresses.sort(byIp);
      if (g.ports.length) s.ports = g.ports;
      return s;
    });
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
    if (headless || !svc.spec?.clusterIP) labels[HEADLESS] = "";
    const curLabels = { ...(cur?.metadata.labels ?? {}) };
    if (cur && sameJson(cur.subsets ?? [], subsets) && sameJson(curLabels, labels)) return;
    const annotations: Record<string, string> = { ...(cur?.metadata.annotations ?? {}) };
    if (trigger !== undefined) annotations[TRIGGER] = rfc3339(trigger);
    else delete annotations[TRIGGER];
    const obj: KubeObject = {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: {
        ...(cur ? cur.metadata : { name, namespace: ns }),
        ...(Object.keys(labels).length ? { labels } : {}),
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
    };
    if (!Object.keys(labels).length) delete obj.metadata.labels;
    if (!Object.keys(annotations).length) delete obj.metadata.annotations;
    if (subsets.length) obj.subsets = subsets;
    try {
      if (cur) this.api.update("endpoints", obj);
      else this.api.create("endpoints", obj);
    } catch (err) {
      // a terminating namespace forbids creates: the item is dropped
      if (err instanceof ApiError && err.reason === "Forbidden") return;
      throw err;
    }
  }

  /**
   * ComputeEndpointLastChangeTriggerTime: the oldest change since the last sync — the Service's
   * creation when it is new, else the Ready transition (or creation) time of each pod that changed.
   */
  private triggerTime(key: string, svc: KubeObject, pods: KubeObject[]): number | undefined {
    let st = this.seen.get(key);
    const svcTime = svc.metadata.creationTimestamp ?? "";
    let min: number | undefined;
    const take = (t: string) => {
      const ms = Date.parse(t);
      if (!Number.isNaN(ms) && (min === undefined || ms < min)) min = ms;
    };
    if (!st || st.svc !== svcTime) {
      st = { svc: svcTime, pods: new Map() };
      this.seen.set(key, st);
      take(svcTime);
    }
    const next = new Map<string, string>();
    for (const p of pods) {
      const t = podReadyCondition(p)?.lastTransitionTime ?? p.metadata.creationTimestamp ?? "";
      next.set(p.metadata.uid!, t);
      if (st.pods.get(p.metadata.uid!) !== t) take(t);
    }
    st.pods = next;
    return min;
  }
}

function selects(sel: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const k in sel) if (labels?.[k] !== sel[k]) return false;
  return true;
}

/** ShouldPodBeInEndpoints (endpointslice util). */
function shouldBeInEndpoints(p: KubeObject, includeTerminating: boolean): boolean {
  const phase = p.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  if (!p.status?.podIP && !p.status?.podIPs?.length) return false;
  if (!includeTerminating && p.metadata.deletionTimestamp) return false;
  return true;
}

/** podutil.FindPort: a numeric targetPort as is; a named one from the containers' ports. */
function findPort(p: KubeObject, sp: any): number | undefined {
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === "number") return tp;
  if (/^\d+$/.test(String(tp))) return Number(tp);
  for (const c of p.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) if (cp.name === tp && (cp.protocol ?? "TCP") === (sp.protocol ?? "TCP")) return cp.containerPort;
  }
  return undefined;
}

/** podEndpointsChanged: only changes that can change an Endpoints object. */
function podEndpointsChanged(a: KubeObject, b: KubeObject): boolean {
  return (
    a.status?.podIP !== b.status?.podIP ||
    isPodReady(a) !== isPodReady(b) ||
    a.status?.phase !== b.status?.phase ||
    a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp ||
    a.spec?.nodeName !== b.spec?.nodeName ||
    a.spec?.hostname !== b.spec?.hostname ||
    a.spec?.subdomain !== b.spec?.subdomain ||
    !sameJson(a.metadata.labels, b.metadata.labels) ||
    podReadyCondition(a)?.lastTransitionTime !== podReadyCondition(b)?.lastTransitionTime
  );
}

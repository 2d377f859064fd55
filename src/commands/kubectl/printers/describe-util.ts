// Helpers of k8s.io/kubectl/pkg/describe (v1.32): PrefixWriter over Go's tabwriter
// (minwidth 0, tabwidth 8, padding 2, flags 0), label/annotation/taint/toleration blocks,
// RFC1123Z times, label selectors, quantities and events.

import type { KubeObject } from "../../../engine/types.ts";
import { tabwrite } from "./tabwriter.ts";
import { humanDuration } from "./table.ts";
import { formatQuantity, parseQuantityNanos } from "../quantity.ts";

type Obj = Record<string, any>;

/** PrefixWriter + tabbedString: Write(level, text); Flush() aligns what was written so far. */
export class PrefixWriter {
  private cur: string[] = [];
  private done = "";
  /** raw: a PrefixWriter over a plain buffer (tabs left as they are), as `rollout history --revision` uses */
  constructor(private raw = false) {}
  write(level: number, text: string): void {
    this.cur.push("  ".repeat(level) + text);
  }
  flush(): void {
    const s = this.cur.join("");
    this.cur = [];
    if (s) this.done += this.raw ? s : tabwrite(s, 0, 2);
  }
  toString(): string {
    this.flush();
    return this.done;
  }
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. A missing time is Go's zero time. */
export function rfc1123z(ts: string | null | undefined): string {
  if (!ts) return "Mon, 01 Jan 0001 00:00:00 +0000";
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** translateTimestampSince */
export function since(ts: string | null | undefined, now: number): string {
  if (!ts) return "<unknown>";
  return humanDuration(now - Date.parse(ts));
}

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = ""): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) {
    w.write(0, "<none>\n");
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, `${initialIndent}\t`);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => k !== "kubectl.kubernetes.io/last-applied-configuration").sort();
  if (!keys.length) {
    w.write(0, "<none>\n");
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, "\t");
    const value = annotations![k].replace(/\n$/, "");
    if (byteLen(value) + byteLen(k) + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(0, `${k}:\n`);
      for (const s of value.split("\n")) w.write(0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

const enc = new TextEncoder();
const byteLen = (s: string) => enc.encode(s).length;
function shorten(s: string, max: number): string {
  const b = enc.encode(s);
  return b.length > max ? new TextDecoder().decode(b.slice(0, max)) + "..." : s;
}

export function taintString(t: Obj): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : `${t.key}`;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Obj[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!taints?.length) {
    w.write(0, "<none>\n");
    return;
  }
  const sorted = [...taints].sort((a, b) => cmp(`${a.effect ?? ""},${a.key ?? ""}`, `${b.effect ?? ""},${b.key ?? ""}`));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, "\t");
    w.write(0, `${taintString(t)}\n`);
  });
}

export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Obj[] | undefined, initialIndent = ""): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tolerations?.length) {
    w.write(0, "<none>\n");
    return;
  }
  const sorted = [...tolerations].sort((a, b) => cmp(a.key ?? "", b.key ?? ""));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? "";
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === "Exists" && !t.value) s += t.key || t.effect ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, s + "\n");
  });
}

export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** labels.Selector.String() of metav1.LabelSelectorAsSelector (requirements sorted by key). */
export function selectorString(sel: Obj | undefined | null): string {
  if (!sel) return "";
  const reqs: { key: string; s: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, s: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(",");
    switch (e.operator) {
      case "In":
        reqs.push({ key: e.key, s: `${e.key} in (${vals})` });
        break;
      case "NotIn":
        reqs.push({ key: e.key, s: `${e.key} notin (${vals})` });
        break;
      case "Exists":
        reqs.push({ key: e.key, s: e.key });
        break;
      case "DoesNotExist":
        reqs.push({ key: e.key, s: `!${e.key}` });
        break;
    }
  }
  return reqs.sort((a, b) => cmp(a.key, b.key)).map((r) => r.s).join(",");
}

/** metav1.FormatLabelSelector: the selector string, or <none>. */
export function formatLabelSelector(sel: Obj | undefined | null): string {
  if (!sel) return "<none>";
  const s = selectorString(sel);
  return s === "" ? "<none>" : s;
}

export function matchesSelector(sel: Obj | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in l;
    if (e.operator === "In" && !(has && (e.values ?? []).includes(l[e.key]))) return false;
    if (e.operator === "NotIn" && has && (e.values ?? []).includes(l[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** A resource.Quantity kept as nanos plus its format. */
export interface Q {
  nanos: bigint;
  format: "BinarySI" | "DecimalSI" | "DecimalExponent";
}
export const ZERO: Q = { nanos: 0n, format: "DecimalSI" };
export function q(s: string | number | undefined): Q {
  if (s === undefined || s === null) return ZERO;
  try {
    return parseQuantityNanos(String(s));
  } catch {
    return ZERO;
  }
}
export const qAdd = (a: Q | undefined, b: Q): Q => (a ? { nanos: a.nanos + b.nanos, format: a.nanos === 0n && a === ZERO ? b.format : a.format } : b);
export const qMax = (a: Q | undefined, b: Q): Q => (!a || b.nanos > a.nanos ? b : a);
export const qString = (x: Q | undefined): string => (x ? formatQuantity(x.nanos, x.format) : "0");
/** MilliValue (rounded up) */
export const qMilli = (x: Q | undefined): bigint => (x ? ceilDiv(x.nanos, 1_000_000n) : 0n);
/** Value (rounded up) */
export const qValue = (x: Q | undefined): bigint => (x ? ceilDiv(x.nanos, 1_000_000_000n) : 0n);
function ceilDiv(a: bigint, b: bigint): bigint {
  if (a >= 0n) return (a + b - 1n) / b;
  return a / b;
}
/** int64(float64(a)/float64(b)*100) */
export function percent(a: bigint, b: bigint): number {
  if (b === 0n) return a === 0n ? NaN : Infinity;
  return Math.trunc((Number(a) / Number(b)) * 100);
}

/** resourcehelper.PodRequestsAndLimits (containers summed, init containers as maxima, sidecars added, overhead). */
export function podRequestsAndLimits(pod: KubeObject): { reqs: Map<string, Q>; limits: Map<string, Q> } {
  const calc = (field: "requests" | "limits") => {
    const sum = new Map<string, Q>();
    for (const c of pod.spec?.containers ?? []) {
      for (const [k, v] of Object.entries(c.resources?.[field] ?? {})) sum.set(k, qAdd(sum.get(k), q(v as string)));
    }
    const sidecar = new Map<string, Q>();
    const initMax = new Map<string, Q>();
    for (const c of pod.spec?.initContainers ?? []) {
      const own = c.resources?.[field] ?? {};
      if (c.restartPolicy === "Always") {
        for (const [k, v] of Object.entries(own)) {
          sum.set(k, qAdd(sum.get(k), q(v as string)));
          sidecar.set(k, qAdd(sidecar.get(k), q(v as string)));
        }
      } else {
        for (const [k, v] of Object.entries(own)) {
          const tmp = qAdd(sidecar.get(k), q(v as string));
          initMax.set(k, qMax(initMax.get(k), tmp));
        }
      }
    }
    for (const [k, v] of initMax) sum.set(k, qMax(sum.get(k), v));
    for (const [k, v] of Object.entries(pod.spec?.overhead ?? {})) if (sum.has(k) || field === "requests") sum.set(k, qAdd(sum.get(k), q(v as string)));
    return sum;
  };
  return { reqs: calc("requests"), limits: calc("limits") };
}

/** qos.GetPodQOS: status.qosClass, else computed. */
export function podQOS(pod: KubeObject): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const supported = ["cpu", "memory"];
  let isGuaranteed = true;
  let any = false;
  const reqs = new Map<string, Q>(), lims = new Map<string, Q>();
  for (const c of all) {
    for (const [k, v] of Object.entries(c.resources?.requests ?? {})) {
      if (!supported.includes(k)) continue;
      const x = q(v as string);
      if (x.nanos !== 0n) {
        any = true;
        reqs.set(k, qAdd(reqs.get(k), x));
      }
    }
    const climits = new Set<string>();
    for (const [k, v] of Object.entries(c.resources?.limits ?? {})) {
      if (!supported.includes(k)) continue;
      const x = q(v as string);
      if (x.nanos !== 0n) {
        any = true;
        climits.add(k);
        lims.set(k, qAdd(lims.get(k), x));
      }
    }
    if (climits.size !== supported.length) isGuaranteed = false;
  }
  if (!any) return "BestEffort";
  if (isGuaranteed) {
    for (const [k, v] of reqs) if (lims.get(k)?.nanos !== v.nanos) isGuaranteed = false;
  }
  return isGuaranteed && reqs.size === lims.size ? "Guaranteed" : "Burstable";
}

export function printController(o: KubeObject): string {
  const r = (o.metadata.ownerReferences ?? []).find((x) => x.controller);
  return r ? `${r.kind}/${r.name}` : "";
}

/** intstr.String() */
export const intstr = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

export interface EventRef {
  name: string;
  namespace?: string;
  kind?: string;
  uid?: string;
}

/** searchEvents: events whose involvedObject matches name, namespace, and kind/uid when given. */
export function searchEvents(events: KubeObject[], ref: EventRef): KubeObject[] {
  return events.filter((e) => {
    const io = e.involvedObject ?? {};
    if (io.name !== ref.name) return false;
    if ((io.namespace ?? "") !== (ref.namespace ?? "")) return false;
    if (ref.kind && io.kind !== ref.kind) return false;
    if (ref.uid && io.uid !== ref.uid) return false;
    return true;
  });
}

/** DescribeEvents */
export function describeEvents(events: KubeObject[] | undefined, w: PrefixWriter, now: number): void {
  if (!events) return;
  if (!events.length) {
    w.write(0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  const last = (e: KubeObject) => Date.parse(e.lastTimestamp ?? "") || 0;
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => last(a.e) - last(b.e) || a.i - b.i).map((x) => x.e);
  w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(1, "----\t------\t----\t----\t-------\n");
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || "";
    w.write(1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${String(e.message ?? "").trim()}\n`);
  }
}

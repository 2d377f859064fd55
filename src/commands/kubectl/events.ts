// kubectl events (staging/src/k8s.io/kubectl/pkg/cmd/events: events.go, event_printer.go): the
// events of a namespace (or -A), optionally only those of one object (--for TYPE/NAME, a field
// selector on involvedObject.kind/name) or of some types (--types Normal,Warning), sorted by
// time, printed as LAST SEEN / TYPE / REASON / OBJECT / MESSAGE; -w prints them as the watch
// delivers them (the existing ones first) and then each new one, until Ctrl-C.

import type { KubeObject } from "../../engine/types.ts";
import { KubectlError, RawError, type RunCtx } from "./cobra.ts";
import { resolveResource } from "./discovery.ts";
import { makePrinter } from "./printers/output.ts";
import { humanDuration } from "./printers/table.ts";
import { tabwrite } from "./printers/tabwriter.ts";
import { fromHelp } from "./spec.ts";

type Obj = Record<string, any>;

/** event_printer.go escapeCell: cut at the first line break, with "..." */
function escapeCell(s: string): string {
  const i = s.search(/[\f\n\r]/);
  return i >= 0 ? s.slice(0, i) + "..." : s;
}

function since(ts: string | null | undefined, now: number): string {
  return ts ? humanDuration(now - Date.parse(ts)) : "<unknown>";
}

/** getInterval */
function interval(e: Obj, now: number): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** eventTime: what SortableEvents sorts by */
function sortTime(e: Obj): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime;
  return t ? Date.parse(t) : 0;
}

function row(e: Obj, now: number, allNamespaces: boolean): string {
  const o = e.involvedObject ?? {};
  return (
    (allNamespaces ? `${e.metadata?.namespace ?? ""}\t` : "") +
    `${interval(e, now)}\t${escapeCell(e.type ?? "")}\t${escapeCell(e.reason ?? "")}\t${escapeCell(o.kind ?? "")}/${escapeCell(o.name ?? "")}\t${escapeCell(String(e.message ?? "").trim())}\n`
  );
}

async function runEvents(ctx: RunCtx): Promise<void> {
  const allNamespaces = ctx.bool("all-namespaces");
  const types = [...new Set(ctx.arr("types"))].sort();
  const namespace = ctx.namespace();
  let fieldSelector: string | undefined;
  const forObject = ctx.str("for");
  if (forObject) {
    if (!forObject.includes("/")) throw new KubectlError("--for must be in resource/name form");
    const seg = forObject.split("/");
    if (seg.length !== 2) throw new KubectlError("arguments in resource/name form may not have more than one slash");
    const kind = resolveResource(seg[0]).kind;
    fieldSelector = `involvedObject.kind=${kind},involvedObject.name=${seg[1]}`;
  }
  for (const t of types) if (t.toLowerCase() !== "normal" && t.toLowerCase() !== "warning") throw new KubectlError("valid --types are Normal or Warning");
  const wanted = (e: Obj) => !types.length || types.some((t) => t.toLowerCase() === String(e.type ?? "").toLowerCase());
  const output = ctx.str("output");
  const printer = output ? makePrinter(output) : undefined;
  const ns = allNamespaces ? undefined : namespace;
  const now = ctx.lab.now();

  if (ctx.bool("watch")) {
    // a watch without a resourceVersion: the existing events as ADDED first, then the new ones
    const store = (ctx.lab.cluster as unknown as { store?: { watch(fn: (e: { type: string; object: KubeObject }) => void, f: { resources: string[] }): () => void } } | undefined)?.store;
    const matches = (e: Obj) => (ns === undefined || e.metadata?.namespace === ns) && wanted(e) && (!fieldSelector || `involvedObject.kind=${e.involvedObject?.kind},involvedObject.name=${e.involvedObject?.name}` === fieldSelector);
    let headers = !ctx.bool("no-headers") && !printer;
    const emit = (list: Obj[]) => {
      if (!list.length) return;
      if (printer) {
        for (const e of list) ctx.out(printer.print(e as KubeObject));
        return;
      }
      let t = headers ? `${allNamespaces ? "NAMESPACE\t" : ""}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n` : "";
      headers = false;
      for (const e of list) t += row(e, ctx.lab.now(), allNamespaces);
      ctx.out(tabwrite(t));
    };
    emit(ctx.lab.api().list("events", ns, { fieldSelector, readOnly: true }).filter(wanted));
    const signal = ctx.io.signal;
    if (!signal || !store) return;
    const queue: Obj[] = [];
    const stop = store.watch((w) => {
      if (w.type !== "DELETED" && matches(w.object)) queue.push(w.object);
    }, { resources: ["events"] });
    try {
      while (!signal.aborted) {
        emit(queue.splice(0));
        await ctx.lab.sleep(250, signal);
      }
    } finally {
      stop();
    }
    throw new RawError("", 130);
  }

  const items = ctx.lab
    .api()
    .list("events", ns, { fieldSelector, readOnly: true })
    .filter(wanted)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => sortTime(a.e) - sortTime(b.e) || a.i - b.i)
    .map((x) => x.e);
  if (!items.length) {
    ctx.err(allNamespaces ? "No events found.\n" : `No events found in ${namespace} namespace.\n`);
    return;
  }
  if (printer) {
    ctx.out(printer.print({ apiVersion: "v1", items, kind: "EventList", metadata: {} } as unknown as KubeObject));
    return;
  }
  let t = ctx.bool("no-headers") ? "" : `${allNamespaces ? "NAMESPACE\t" : ""}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
  for (const e of items) t += row(e, now, allNamespaces);
  ctx.out(tabwrite(t));
}

export const eventsCommand = fromHelp("events", { run: runEvents });

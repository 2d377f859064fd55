// The event recorder (client-go tools/record) the kubelet, scheduler and controllers use:
// v1 Events written through the API server after the EventCorrelator (events_cache.go) of
// each source: the spam filter, the aggregator of similar events and the counting logger.

import type { KubeObject } from "./types.ts";
import { rfc3339 } from "./types.ts";
import type { Store } from "./api/store.ts";

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EventSource {
  component: string;
  host?: string;
}

export function refOf(o: KubeObject, fieldPath?: string): ObjectRef {
  const r: ObjectRef = { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name!, namespace: o.metadata.namespace, uid: o.metadata.uid };
  if (o.metadata.resourceVersion) r.resourceVersion = o.metadata.resourceVersion;
  if (fieldPath) r.fieldPath = fieldPath;
  return r;
}

/** events_cache.go's defaults (NewEventCorrelator). */
export const CORRELATOR = {
  /** maxLruCacheEntries: each of the three caches */
  lruEntries: 4096,
  /** defaultAggregateMaxEvents: the 10th similar event with a different message is aggregated */
  aggregateMaxEvents: 10,
  /** defaultAggregateIntervalInSeconds: a similar event more than 10 min after the last one starts afresh */
  aggregateIntervalMs: 600_000,
  /** defaultSpamBurst: events a source may send about one object at once */
  spamBurst: 25,
  /** defaultSpamQPS (a float32): one more token every 5 min */
  spamQps: Math.fround(1 / 300),
  aggregatePrefix: "(combined from similar events): ",
};

/**
 * groupcache/lru: Get and Add make an entry the newest; Add past the limit drops the oldest.
 * A Map for lookups and a doubly linked list for the order (touching an entry does not write the Map).
 */
interface LruEntry<V> {
  k: string;
  v: V;
  prev: LruEntry<V> | null;
  next: LruEntry<V> | null;
  /** evicted: no longer the entry of its key */
  dead?: boolean;
}
export class Lru<V> {
  private m = new Map<string, LruEntry<V>>();
  /** newest first */
  private head: LruEntry<V> | null = null;
  private tail: LruEntry<V> | null = null;
  constructor(private max: number) {}
  private unlink(e: LruEntry<V>): void {
    if (e.prev) e.prev.next = e.next;
    else this.head = e.next;
    if (e.next) e.next.prev = e.prev;
    else this.tail = e.prev;
    e.prev = e.next = null;
  }
  private toFront(e: LruEntry<V>): void {
    if (this.head === e) return;
    if (e.prev || e.next || this.tail === e) this.unlink(e);
    e.next = this.head;
    if (this.head) this.head.prev = e;
    this.head = e;
    this.tail ??= e;
  }
  get(k: string): V | undefined {
    return this.getEntry(k)?.v;
  }
  /** get() returning the entry itself: a caller may keep it and touch() it instead of the key lookup */
  getEntry(k: string): LruEntry<V> | undefined {
    const e = this.m.get(k);
    if (!e) return undefined;
    this.toFront(e);
    return e;
  }
  /** get() through a kept entry (the same effect as get(e.k)); false when it was evicted since */
  touch(e: LruEntry<V>): boolean {
    if (e.dead) return false;
    this.toFront(e);
    return true;
  }
  add(k: string, v: V): LruEntry<V> {
    let e = this.m.get(k);
    if (e) e.v = v;
    else this.m.set(k, (e = { k, v, prev: null, next: null }));
    this.toFront(e);
    if (this.m.size > this.max && this.tail) {
      const old = this.tail;
      this.unlink(old);
      this.m.delete(old.k);
      old.dead = true;
    }
    return e;
  }
}

/** golang.org/x/time/rate.Limiter as flowcontrol's token bucket uses it (starts full). */
interface Bucket {
  tokens: number;
  last: number;
}

interface Observation {
  count: number;
  firstTimestamp: string;
  name: string;
}

/** One EventCorrelator: a broadcaster's (one per kubelet, one per controller) spam filter, aggregator and logger. */
class Correlator {
  spam = new Lru<Bucket>(CORRELATOR.lruEntries);
  aggregate = new Lru<AggRecord>(CORRELATOR.lruEntries);
  logger = new Lru<Observation>(CORRELATOR.lruEntries);
  /**
   * The events.k8s.io broadcaster's eventCache (tools/events/event_broadcaster.go) for the
   * scheduler: a map, not an LRU (10 000 Pending pods keep their events counted), emptied of
   * what was last seen more than finishTime (6 min) ago by finishSeries every 6 min.
   */
  series = new Map<string, { obs: Observation; last: number }>();
  nextFinish = 0;
}

/** tools/events finishTime: the period of finishSeries and the age after which it forgets an event. */
const FINISH_MS = 6 * 60_000;

/** The event as makeEvent builds it, before correlation. */
interface Draft {
  namespace: string;
  involved: Record<string, unknown>;
  type: string;
  reason: string;
  message: string;
  source: EventSource;
  reporting: boolean;
}

/**
 * An event with its correlation keys computed once: record() makes one per call; a caller that
 * records the same event again and again (the kubelet's BackOff on every pod worker re-sync)
 * keeps one and passes it to recordPrepared().
 */
export interface PreparedEvent {
  draft: Draft;
  /** source "component\0host": the correlator */
  sourceKey: string;
  /** getSpamKey: source and involvedObject (no fieldPath) */
  spamKey: string;
  /** EventAggregatorByReasonFunc: the spam key, type, reason, reportingController/Instance */
  aggKey: string;
  /** getEventKey: the aggregate key, fieldPath and message */
  eventKey: string;
  /** the correlator's cache entries this event used last (a repeat skips the key lookups) */
  entries?: { c: Correlator; agg?: LruEntry<AggRecord>; obs?: LruEntry<Observation>; spam?: LruEntry<Bucket> };
}

interface AggRecord {
  localKeys: Set<string>;
  last: number;
}

export class EventRecorder {
  constructor(
    private store: Store,
    private now: () => number,
    private apiUp: () => boolean,
  ) {}

  /** source "component\0host" -> its correlator */
  private correlators = new Map<string, Correlator>();
  private seq = 0;

  /** A new process of a source (a restarted kubelet): its caches start empty. */
  forget(source: EventSource): void {
    this.correlators.delete(source.component + "\u0000" + (source.host ?? ""));
  }

  record(ref: ObjectRef, type: "Normal" | "Warning", reason: string, message: string, source: EventSource): void {
    if (this.apiUp()) this.correlatePrepared(this.prepare(ref, type, reason, message, source));
  }

  prepare(ref: ObjectRef, type: "Normal" | "Warning", reason: string, message: string, source: EventSource): PreparedEvent {
    const involved: Record<string, unknown> = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace, uid: ref.uid };
    if (ref.resourceVersion) involved.resourceVersion = ref.resourceVersion;
    if (ref.fieldPath) involved.fieldPath = ref.fieldPath;
    const draft: Draft = { namespace: ref.namespace || "default", involved, type, reason, message, source, reporting: true };
    // the keys separate their fields (client-go joins them with ""; only its accidental collisions differ)
    const sourceKey = source.component + "\u0000" + (source.host ?? "");
    const spamKey = sourceKey + "\u0000" + ref.kind + "\u0000" + (ref.namespace ?? "") + "\u0000" + ref.name + "\u0000" + (ref.uid ?? "") + "\u0000" + (ref.apiVersion ?? "");
    // reportingController/Instance are the source's (makeEvent): no separate field needed
    const aggKey = spamKey + "\u0000" + type + "\u0000" + reason;
    const eventKey = aggKey + "\u0000" + (ref.fieldPath ?? "") + "\u0000" + message;
    // (entries present from the start: a kept event and a new one have one shape)
    return { draft, sourceKey, spamKey, aggKey, eventKey, entries: undefined };
  }

  recordPrepared(p: PreparedEvent): void {
    if (this.apiUp()) this.correlatePrepared(p);
  }

  private correlatePrepared(p: PreparedEvent): void {
    this.store.expireEvents();
    const c = this.correlator(p.sourceKey);
    // the scheduler records through the events.k8s.io broadcaster (no v1 correlator): identical events are counted
    if (p.draft.source.component === "default-scheduler") {
      this.write(this.observeSeries(c, p.draft, p.eventKey), p.draft);
      return;
    }
    this.correlate(c, p);
  }

  private correlator(sourceKey: string): Correlator {
    let c = this.correlators.get(sourceKey);
    if (!c) this.correlators.set(sourceKey, (c = new Correlator()));
    return c;
  }

  /** EventCorrelate: aggregate, observe (count), then the spam filter; a filtered event is still counted. */
  private correlate(c: Correlator, p: PreparedEvent): void {
    const now = this.now();
    const draft = p.draft;
    // the entries this prepared event found last time, while they are still the live ones
    let kept = p.entries;
    if (kept?.c !== c) kept = p.entries = { c, agg: undefined, obs: undefined, spam: undefined };
    // EventAggregate (all but the message and fieldPath)
    let aggE = kept.agg && c.aggregate.touch(kept.agg) ? kept.agg : c.aggregate.getEntry(p.aggKey);
    if (!aggE || now - aggE.v.last > CORRELATOR.aggregateIntervalMs) aggE = c.aggregate.add(p.aggKey, { localKeys: new Set(), last: 0 });
    kept.agg = aggE;
    const rec = aggE.v;
    rec.localKeys.add(draft.message);
    rec.last = now;
    let obs: Observation;
    let ev = draft;
    if (rec.localKeys.size >= CORRELATOR.aggregateMaxEvents) {
      // sets.String.PopAny: Go map order; any one key keeps the set at max - 1
      rec.localKeys.delete(rec.localKeys.values().next().value!);
      // a new event: the whole involvedObject, the prefixed message, no reportingController/Instance
      ev = { ...draft, message: CORRELATOR.aggregatePrefix + draft.message, reporting: false };
      obs = this.observe(c, ev, p.aggKey).v;
    } else {
      const obsE = kept.obs && c.logger.touch(kept.obs) ? kept.obs : undefined;
      if (obsE) {
        obsE.v.count++;
        obs = obsE.v;
      } else {
        kept.obs = this.observe(c, ev, p.eventKey);
        obs = kept.obs.v;
      }
    }
    if (this.spamFiltered(c, p.spamKey, now, kept)) return;
    this.write(obs, ev);
  }

  /** eventLogger.eventObserve: the name, first timestamp and count this occurrence gets. */
  private observe(c: Correlator, ev: Draft, key: string): LruEntry<Observation> {
    const prev = c.logger.getEntry(key);
    if (prev) {
      prev.v.count++;
      return prev;
    }
    const obs: Observation = { count: 1, firstTimestamp: rfc3339(this.now()), name: this.newName(String(ev.involved.name)) };
    return c.logger.add(key, obs);
  }

  /** observe() on the scheduler's eventCache: counted while seen within 6 min, forgotten by finishSeries after. */
  private observeSeries(c: Correlator, ev: Draft, key: string): Observation {
    const now = this.now();
    if (now >= c.nextFinish) {
      for (const [k, e] of c.series) if (now - e.last > FINISH_MS) c.series.delete(k);
      c.nextFinish = now + FINISH_MS;
    }
    const prev = c.series.get(key);
    if (prev) {
      prev.obs.count++;
      prev.last = now;
      return prev.obs;
    }
    const obs: Observation = { count: 1, firstTimestamp: rfc3339(now), name: this.newName(String(ev.involved.name)) };
    c.series.set(key, { obs, last: now });
    return obs;
  }

  /** EventSourceObjectSpamFilter.Filter: true when the source's bucket for the object is empty. */
  private spamFiltered(c: Correlator, key: string, now: number, kept: NonNullable<PreparedEvent["entries"]>): boolean {
    let b: Bucket | undefined;
    if (kept.spam && c.spam.touch(kept.spam)) b = kept.spam.v;
    else {
      kept.spam = c.spam.getEntry(key);
      b = kept.spam?.v;
    }
    if (!b) kept.spam = c.spam.add(key, (b = { tokens: CORRELATOR.spamBurst, last: now }));
    else {
      b.tokens = Math.min(CORRELATOR.spamBurst, b.tokens + ((now - b.last) / 1000) * CORRELATOR.spamQps);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return false;
    }
    return true;
  }

  /** "<name>.<UnixNano in hex>", unique per event */
  private newName(objName: string): string {
    const nanos = BigInt(this.now()) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    return `${objName}.${nanos.toString(16)}`;
  }

  /** recordEvent: patch the counted event (count, lastTimestamp, message), or create it (first, or expired meanwhile). */
  private write(obs: Observation, ev: Draft): void {
    const ts = rfc3339(this.now());
    const prev = obs.count > 1 ? this.store.peek("events", ev.namespace, obs.name) : undefined;
    if (prev) {
      this.store.update("events", { ...prev, metadata: { ...prev.metadata }, message: ev.message, count: obs.count, lastTimestamp: ts }, { owned: true });
      return;
    }
    try {
      this.store.create(
        "events",
        {
          apiVersion: "v1",
          kind: "Event",
          metadata: { name: obs.name, namespace: ev.namespace },
          involvedObject: ev.involved,
          reason: ev.reason,
          message: ev.message,
          source: ev.source.host ? { component: ev.source.component, host: ev.source.host } : { component: ev.source.component },
          firstTimestamp: obs.firstTimestamp,
          lastTimestamp: ts,
          count: obs.count,
          type: ev.type,
          eventTime: null,
          reportingComponent: ev.reporting ? ev.source.component : "",
          reportingInstance: ev.reporting ? (ev.source.host ?? "") : "",
        },
        { owned: true },
      );
    } catch {
      // namespace gone: the real recorder drops the event too
    }
  }
}

// The event recorder's EventCorrelator (client-go tools/record/events_cache.go): counting of
// identical events, the aggregator's "(combined from similar events): " after 10 similar events
// within 10 minutes, and the per source+object spam filter (burst 25, one token per 300 s).
import { describe, expect, it } from "vitest";
import { Store } from "../../src/engine/api/store.ts";
import { Rand } from "../../src/engine/rand.ts";
import { Clock } from "../../src/engine/clock.ts";
import { EventRecorder, Lru, type ObjectRef } from "../../src/engine/events.ts";
import { createCluster } from "../../src/engine/cluster.ts";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import type { KubeObject } from "../../src/engine/types.ts";

const T0 = Date.UTC(2026, 0, 1);
function setup() {
  const clock = new Clock(T0);
  const store = new Store(() => clock.now(), new Rand(3));
  store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  const rec = new EventRecorder(store, () => clock.now(), () => true);
  const events = () => store.listRaw("events", "default").sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  return { clock, store, rec, events };
}
const POD: ObjectRef = { apiVersion: "v1", kind: "Pod", name: "web", namespace: "default", uid: "u-1", fieldPath: "spec.containers{web}" };
const KUBELET = { component: "kubelet", host: "node01" };
const pick = (e: KubeObject) => ({ message: e.message, count: e.count, firstTimestamp: e.firstTimestamp, lastTimestamp: e.lastTimestamp, reportingComponent: e.reportingComponent, reportingInstance: e.reportingInstance });

describe("event correlator", () => {
  it("counts identical events on one Event: count, firstTimestamp, lastTimestamp", () => {
    const { clock, rec, events } = setup();
    for (let i = 0; i < 4; i++) {
      rec.record(POD, "Normal", "Pulled", 'Container image "busybox" already present on machine', KUBELET);
      clock.advance(40_000);
    }
    expect(events().map(pick)).toEqual([
      { message: 'Container image "busybox" already present on machine', count: 4, firstTimestamp: "2026-01-01T00:00:00Z", lastTimestamp: "2026-01-01T00:02:00Z", reportingComponent: "kubelet", reportingInstance: "node01" },
    ]);
  });

  it("the 10th similar event with another message within 10 min starts a combined event; later ones update it", () => {
    const { clock, rec, events } = setup();
    for (let i = 1; i <= 12; i++) {
      rec.record(POD, "Normal", "Pulled", `Successfully pulled image "busybox" in ${i}00ms`, KUBELET);
      clock.advance(30_000);
    }
    const evs = events();
    expect(evs.length).toBe(10);
    expect(evs.slice(0, 9).map((e) => [e.message, e.count])).toEqual(Array.from({ length: 9 }, (_, i) => [`Successfully pulled image "busybox" in ${i + 1}00ms`, 1]));
    // events_cache.go: the aggregate event has no reportingController/Instance; its message is the latest one
    expect(pick(evs[9])).toEqual({
      message: '(combined from similar events): Successfully pulled image "busybox" in 1200ms',
      count: 3,
      firstTimestamp: "2026-01-01T00:04:30Z",
      lastTimestamp: "2026-01-01T00:05:30Z",
      reportingComponent: "",
      reportingInstance: "",
    });
  });

  it("a similar event more than 10 min after the last one is not combined", () => {
    const { clock, rec, events } = setup();
    for (let i = 1; i <= 9; i++) rec.record(POD, "Normal", "Pulled", `m${i}`, KUBELET);
    clock.advance(600_001);
    rec.record(POD, "Normal", "Pulled", "m10", KUBELET);
    expect(events().map((e) => e.message)).toEqual(["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"]);
  });

  it("the spam filter: 25 events per source and object, then one per 5 minutes; skipped ones still count", () => {
    const { clock, rec, events } = setup();
    for (let i = 0; i < 30; i++) rec.record(POD, "Warning", "BackOff", "Back-off restarting failed container", KUBELET);
    expect(events().map((e) => e.count)).toEqual([25]);
    // another object, or another source, has its own bucket
    rec.record({ ...POD, name: "db", uid: "u-2" }, "Warning", "BackOff", "Back-off restarting failed container", KUBELET);
    rec.record(POD, "Warning", "BackOff", "Back-off restarting failed container", { component: "kubelet", host: "node02" });
    expect(events().length).toBe(3);
    const web = () => events().find((e) => e.involvedObject.name === "web" && e.source.host === "node01")!;
    clock.advance(299_000);
    rec.record(POD, "Warning", "BackOff", "Back-off restarting failed container", KUBELET);
    expect(web().count).toBe(25);
    clock.advance(1_000);
    rec.record(POD, "Warning", "BackOff", "Back-off restarting failed container", KUBELET);
    expect(pick(web())).toMatchObject({ count: 32, firstTimestamp: "2026-01-01T00:00:00Z", lastTimestamp: "2026-01-01T00:05:00Z" });
  });

  it("an expired event that happens again is created again under its name, with its count and first timestamp", () => {
    const { clock, rec, events } = setup();
    rec.record(POD, "Normal", "Pulled", "same", KUBELET);
    const name = events()[0].metadata.name;
    clock.advance(3600_000);
    rec.record(POD, "Normal", "Pulled", "same", KUBELET);
    const evs = events();
    expect(evs.map((e) => [e.metadata.name, e.count, e.firstTimestamp, e.lastTimestamp])).toEqual([[name, 2, "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z"]]);
  });

  it("a restarted kubelet forgets its counts (a new EventCorrelator)", () => {
    const { rec, events } = setup();
    rec.record(POD, "Normal", "Started", "Started container web", KUBELET);
    rec.forget(KUBELET);
    rec.record(POD, "Normal", "Started", "Started container web", KUBELET);
    expect(events().map((e) => e.count)).toEqual([1, 1]);
  });

  it("LRU caches drop the least recently used entry", () => {
    const l = new Lru<number>(3);
    l.add("a", 1);
    l.add("b", 2);
    l.add("c", 3);
    expect(l.get("a")).toBe(1);
    l.add("d", 4);
    expect([l.get("a"), l.get("b"), l.get("c"), l.get("d")]).toEqual([1, undefined, 3, 4]);
    l.add("c", 5);
    l.add("e", 6);
    expect([l.get("a"), l.get("c"), l.get("d"), l.get("e")]).toEqual([undefined, 5, 4, 6]);
  });
});

describe("events of a crash-looping pod", () => {
  const run = async (c: ReturnType<typeof createCluster>, args: string[]) => {
    const lab = { cluster: c, machine: c.machine("controlplane"), api: () => c.api, now: () => c.now(), sleep: async (ms: number) => c.advance(ms), resolve: (cwd: string, p: string) => (p.startsWith("/") ? p : `${cwd}/${p}`) };
    const r = await kubectl.run(args, { stdin: "", cwd: "/root", env: { HOME: "/root" } } as never, lab as never);
    return r.stdout;
  };

  it("describe counts the Pulled/Created/Started events; after the 25-event burst only BackOff gets through, still counting", async () => {
    const c = createCluster();
    // the image is on node01 already: no pull (whose time is random), every start finds it present
    const container = { name: "crash", image: "busybox:1.36", imagePullPolicy: "IfNotPresent" };
    c.api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "warm" }, spec: { nodeName: "node01", containers: [{ ...container, command: ["sleep", "infinity"] }] } });
    c.advance(60_000);
    c.api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "crash" }, spec: { nodeName: "node01", containers: [{ ...container, command: ["sh", "-c", "exit 1"] }] } });
    c.advance(5 * 60_000);
    const kubeletEvents = () => c.store.listRaw("events", "default").filter((e) => e.involvedObject.name === "crash" && e.source.component === "kubelet");
    // the spam filter's burst: 25 writes for the kubelet and this pod, each a count
    expect(kubeletEvents().reduce((n, e) => n + e.count, 0)).toBe(25);
    const uid = c.store.peek("pods", "default", "crash")!.metadata.uid;
    let out = await run(c, ["describe", "pod", "crash"]);
    expect(out.slice(out.indexOf("Events:"))).toBe(
      [
        "Events:",
        "  Type     Reason   Age                     From     Message",
        "  ----     ------   ----                    ----     -------",
        '  Normal   Pulled   3m47s (x5 over 5m)      kubelet  Container image "busybox:1.36" already present on machine',
        "  Normal   Created  3m47s (x5 over 5m)      kubelet  Created container: crash",
        "  Normal   Started  3m47s (x5 over 4m59s)   kubelet  Started container crash",
        `  Warning  BackOff  3m22s (x10 over 4m57s)  kubelet  Back-off restarting failed container crash in pod crash_default(${uid})`,
        "",
      ].join("\n"),
    );
    // 20 minutes on: one write per 5 minutes, and the pod worker re-syncs every 10-15 s in back-off,
    // so BackOff takes the tokens and its count includes every skipped occurrence
    c.advance(20 * 60_000);
    const backoff = kubeletEvents().find((e) => e.reason === "BackOff")!;
    expect(backoff.count).toBeGreaterThan(60);
    expect(c.now() - Date.parse(backoff.lastTimestamp)).toBeLessThanOrEqual(300_000);
    out = await run(c, ["describe", "pod", "crash"]);
    expect(out).toMatch(new RegExp(`  Warning  BackOff  \\S+ \\(x${backoff.count} over 24m\\)  kubelet  Back-off restarting failed container crash in pod crash_default\\(${uid}\\)\n$`));
  });
});

describe("the scheduler's events (events.k8s.io broadcaster: a map, finishSeries every 6 min)", () => {
  const SCHED = { component: "default-scheduler" };
  const pod = (i: number): ObjectRef => ({ apiVersion: "v1", kind: "Pod", name: `p${i}`, namespace: "default", uid: `u-${i}` });

  it("counts the events of more objects than the v1 correlator's LRU holds", () => {
    const { clock, rec, events } = setup();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5000; i++) rec.record(pod(i), "Warning", "FailedScheduling", "0/2 nodes are available", SCHED);
      clock.advance(300_000);
    }
    const evs = events();
    expect(evs.length).toBe(5000);
    expect(evs.every((e) => e.count === 2 && e.reportingComponent === "default-scheduler")).toBe(true);
  });

  it("an event not seen for more than 6 min is forgotten: the next one is a new Event", () => {
    const { clock, rec, events } = setup();
    rec.record(pod(1), "Warning", "FailedScheduling", "m", SCHED);
    clock.advance(300_000);
    rec.record(pod(1), "Warning", "FailedScheduling", "m", SCHED);
    clock.advance(420_000);
    rec.record(pod(1), "Warning", "FailedScheduling", "m", SCHED);
    expect(events().map((e) => [e.count, e.firstTimestamp, e.lastTimestamp])).toEqual([
      [2, "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z"],
      [1, "2026-01-01T00:12:00Z", "2026-01-01T00:12:00Z"],
    ]);
  });
});

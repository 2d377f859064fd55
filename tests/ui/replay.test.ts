// The op log replays a session exactly: the same pods (to the byte), files and clock.
import { describe, expect, it } from "vitest";
import { createLabSession } from "../../src/scenario/runner.ts";
import { listScenarios } from "../../src/scenario/catalog.ts";
import { createWorkerHost } from "../../src/ui/worker-host.ts";
import type { LabEvent, LabRequest, Loaded, Op, Params } from "../../src/ui/worker-protocol.ts";
import type { OpEntry } from "../../src/ui/persist/oplog.ts";

function host() {
  const ops: OpEntry[] = [];
  let now = 0;
  const editors: { id: number }[] = [];
  const handle = createWorkerHost(async () => ({ createLabSession, listScenarios }), {
    logError: () => undefined,
    emit: (ev: LabEvent) => {
      if (ev.event === "op") {
        ops[ev.index] = structuredClone(ev.entry);
        now = ev.now;
      } else if (ev.event === "editor") editors.push({ id: ev.id });
    },
  });
  let id = 1;
  const call = async <K extends Op>(op: K, params: Params<K>) => {
    const r = await handle({ id: id++, op, params } as LabRequest);
    if (!r.ok) throw new Error(r.error);
    return r.value as never;
  };
  return { call, ops, editors, now: () => now };
}

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: static-web
spec:
  containers:
  - name: web
    image: nginx
`;

async function snapshot(h: ReturnType<typeof host>) {
  const pods = (await h.call("run", { line: "kubectl get pods -A -o yaml" })) as { stdout: string };
  const file = (await h.call("run", { line: "cat /etc/kubernetes/manifests/static-web.yaml /root/notes.txt" })) as { stdout: string };
  const view = (await h.call("view", null)) as { now: number };
  return { pods: pods.stdout, file: file.stdout, now: view.now };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("op log replay", () => {
  it("restores pods, files and clock byte-identical, with ticks, fast-forwards, sleeps, Ctrl-C and editor saves", async () => {
    const a = host();
    await a.call("loadScenario", { timeMode: "real" });
    await a.call("advance", { ms: 1234 }); // the real-time ticker: not logged
    await a.call("exec", { line: "kubectl run web --image=nginx" });
    await a.call("advance", { ms: 60_000, ff: true });
    await a.call("exec", { line: "echo hello > /root/notes.txt; kubectl create deployment api --image=nginx --replicas=2" });
    // a command that sleeps while the ticker runs
    const sleeping = a.call("exec", { line: "sleep 0.3; kubectl run after-sleep --image=busybox -- sleep 3600" });
    for (let i = 0; i < 3; i++) {
      await wait(120);
      await a.call("advance", { ms: 120 });
    }
    await sleeping;
    // Ctrl-C of a long sleep, with a fast-forward while it runs
    const long = a.call("exec", { line: "sleep 100; kubectl run never --image=nginx" });
    await wait(50);
    await a.call("advance", { ms: 300_000, ff: true });
    await a.call("advance", { ms: 80 });
    await a.call("interrupt", null);
    await long;
    // vim with a :w, then :wq of other content
    const vim = a.call("exec", { line: "vim /etc/kubernetes/manifests/static-web.yaml" });
    while (!a.editors.length) await wait(5);
    await a.call("advance", { ms: 500 });
    await a.call("writeFile", { host: "controlplane", path: "/etc/kubernetes/manifests/static-web.yaml", content: "kind: Pod\n" });
    await a.call("advance", { ms: 2000 });
    await a.call("editorDone", { id: a.editors[0].id, result: { saved: true, content: MANIFEST } });
    await vim;
    await a.call("advance", { ms: 45_000 });
    const before = await snapshot(a);
    expect(before.pods).toContain("static-web-controlplane");
    expect(before.pods).not.toContain("name: never");
    expect(a.ops.map((o) => o.op)).toEqual(["exec", "advance", "exec", "exec", "exec", "advance", "exec", "write", "editor"]);

    const b = host();
    const loaded = (await b.call("loadScenario", { timeMode: "real", restore: { ops: a.ops, now: before.now } })) as Loaded;
    expect(loaded.restoreError).toBeUndefined();
    expect(loaded.now).toBe(before.now);
    const after = await snapshot(b);
    expect(after).toEqual(before);
    expect(loaded.ops.length).toBe(a.ops.length);
  }, 30_000);

  it("a command running when the page died stops at the saved clock", async () => {
    const a = host();
    await a.call("loadScenario", { timeMode: "real" });
    await a.call("exec", { line: "kubectl run one --image=nginx" });
    const running = a.call("exec", { line: "sleep 1000; kubectl run two --image=nginx" });
    await wait(20);
    await a.call("advance", { ms: 5000 });
    const saved = structuredClone(a.ops);
    const now = a.now();
    await a.call("interrupt", null);
    await running;
    const b = host();
    const loaded = (await b.call("loadScenario", { timeMode: "real", restore: { ops: saved, now: now + 5000 } })) as Loaded;
    expect(loaded.restoreError).toBeUndefined();
    expect(loaded.now).toBe(now + 5000);
    const pods = (await b.call("run", { line: "kubectl get pods" })) as { stdout: string };
    expect(pods.stdout).toContain("one");
    expect(pods.stdout).not.toContain("two");
    expect(loaded.ops[1]).toMatchObject({ op: "exec", intr: now + 5000 });
  });

  it("a replay that fails starts fresh and says why", async () => {
    const b = host();
    const loaded = (await b.call("loadScenario", { timeMode: "real", restore: { ops: [{ at: 0, op: "write", host: "nowhere", path: "/x", content: "" }], now: 0 } })) as Loaded;
    expect(loaded.restoreError).toMatch(/nowhere/);
    expect(loaded.ops).toEqual([]);
  });

  it("a watch whose Ctrl-C the log missed stops at its recorded end (replay never runs away)", async () => {
    const a = host();
    const loaded0 = (await a.call("loadScenario", { timeMode: "real" })) as Loaded;
    const t = loaded0.now;
    const ops: OpEntry[] = [
      { at: t + 1000, op: "exec", line: "kubectl get pods -A -w", end: t + 6000 },
      { at: t + 7000, op: "exec", line: "kubectl run after --image=nginx", end: t + 7000 },
    ];
    const b = host();
    const loaded = (await b.call("loadScenario", { timeMode: "real", restore: { ops, now: t + 8000 } })) as Loaded;
    expect(loaded.restoreError).toBeUndefined();
    expect(loaded.now).toBe(t + 8000);
    const pods = (await b.call("run", { line: "kubectl get pods" })) as { stdout: string };
    expect(pods.stdout).toContain("after");
  });
});

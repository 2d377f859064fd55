// The page's persistence without a DOM: records checked before use, settings, the terminal's
// restore, and a lab that saves and comes back through a store.
import { describe, expect, it } from "vitest";
import { createLab, RESTORING_NOTE } from "../../src/ui/lab.ts";
import { memoryStore, parseRecord, SCHEMA, type StoredSession } from "../../src/ui/persist/store.ts";
import { EXAM_KEY, EXAM_SCHEMA, parseExamRecord, type ExamRecord } from "../../src/ui/persist/exam-record.ts";
import { LabClient, type Port } from "../../src/ui/lab-client.ts";
import { createWorkerHost } from "../../src/ui/worker-host.ts";
import type { LabResponse } from "../../src/ui/worker-protocol.ts";
import type { LabSessionApi } from "../../src/shell/session-api.ts";
import { FAKE_SCENARIOS, FakeSession } from "../terminal/fake-session.ts";
import { createPrefs, PREFS_KEY } from "../../src/ui/persist/prefs.ts";
import { TerminalController } from "../../src/terminal/controller.ts";
import { inProcessClient, until } from "../terminal/in-process.ts";
import { Screen } from "../terminal/screen.ts";

const good = { schema: SCHEMA, key: "t", scenarioId: "t", seed: null, ops: [{ at: 1, op: "exec", line: "ls", end: 2 }], now: 5, history: ["ls"], screen: ["x"], ui: { grade: null }, savedAt: 1 };

describe("stored records", () => {
  it("accepts a good record and names what is wrong with a bad one", () => {
    expect(parseRecord(JSON.stringify(good), "t")).toMatchObject({ key: "t", now: 5 });
    expect(parseRecord("{oops", "t")).toBe("the record is not valid JSON");
    expect(parseRecord(42, "t")).toBe("the record is not text");
    expect(parseRecord(JSON.stringify({ ...good, schema: 0 }), "t")).toMatch(/schema version 0, this lab reads version 1/);
    expect(parseRecord(JSON.stringify({ ...good, ops: [{ at: 1, op: "rm -rf" }] }), "t")).toBe("the command log is damaged");
    expect(parseRecord(JSON.stringify({ ...good, history: [1] }), "t")).toBe("the terminal's text is damaged");
    expect(parseRecord(JSON.stringify(good), "other")).toBe("the record belongs to another task");
  });
});

function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i: number) => [...m.keys()][i] ?? null,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
  };
}

describe("settings", () => {
  it("are remembered, ignore junk, and Reset everything forgets every kubelab key", () => {
    const st = fakeStorage();
    const a = createPrefs(st);
    a.setState({ theme: "light", taskWidth: 50, screenReader: true });
    st.setItem("kubelab:progress", "{}");
    st.setItem("other-app", "keep");
    expect(createPrefs(st).getState()).toEqual({ theme: "light", taskWidth: 50, screenReader: true });
    st.setItem(PREFS_KEY, '{"theme":"neon","taskWidth":999}');
    expect(createPrefs(st).getState().taskWidth).toBeNull();
    a.forget();
    expect(st.getItem("kubelab:progress")).toBeNull();
    expect(st.getItem("other-app")).toBe("keep");
  });
});

describe("terminal restore", () => {
  it("puts back lines and history, then moves the prompt to the restored host", async () => {
    const screen = new Screen(60);
    const t = new TerminalController({ write: (d) => void screen.write(d), prompt: "controlplane:~$ ", cols: 60 });
    t.start();
    t.restoreScreen(["controlplane:~$ ssh node01", "node01:~$ ls"], ["ssh node01", "ls"], "note\n");
    t.setPrompt("node01:~$ ");
    expect(screen.lines()).toEqual(["controlplane:~$ ssh node01", "node01:~$ ls", "note", "node01:~$"]);
    expect(t.history).toEqual(["ssh node01", "ls"]);
  });
});

describe("a lab with a store", () => {
  it("saves its log, history and screen, and a new lab restores them", async () => {
    const storage = memoryStore();
    const first = inProcessClient();
    const a = createLab({ client: first.client, scenarioId: "static-busybox", timeMode: "virtual", storage, saveDelayMs: 0 });
    const s1 = new Screen(80);
    a.sink.attach((d) => void s1.write(d));
    a.setScreen(() => s1.lines());
    a.terminal.start();
    await a.boot();
    a.terminal.input("ssh node01\r");
    await until(() => s1.lines().at(-1) === "node01:~$");
    await a.flush();
    const saved = JSON.parse(storage.raw.get("static-busybox") as string);
    expect(saved.ops.map((o: { op: string; line?: string }) => o.line)).toEqual(["ssh node01"]);
    expect(saved.history).toEqual(["ssh node01"]);

    const second = inProcessClient();
    const b = createLab({ client: second.client, scenarioId: "static-busybox", timeMode: "virtual", storage });
    const s2 = new Screen(80);
    b.sink.attach((d) => void s2.write(d));
    b.terminal.start();
    await b.boot();
    expect(b.terminal.history).toEqual(["ssh node01"]);
    expect(s2.lines()).toEqual(["controlplane:~$ ssh node01", RESTORING_NOTE, "node01:~$"]);
    expect(second.sessions[0].host).toBe("node01");
  });

  it("a damaged record is reset with one line", async () => {
    const storage = memoryStore();
    storage.raw.set("", "not json");
    const { client } = inProcessClient();
    const lab = createLab({ client, scenarioId: null, timeMode: "virtual", storage });
    const s = new Screen(120);
    lab.sink.attach((d) => void s.write(d));
    lab.terminal.start();
    await lab.boot();
    expect(s.lines().join("\n")).toMatch(/kubelab: the saved session could not be used \(the record is not valid JSON\); it was reset/);
    expect(storage.raw.has("") ? storage.raw.get("") : null).not.toBe("not json");
  });
});

describe("without a running exam, exam tasks and dropped files are not saved sessions", () => {
  const SLOT_A = "exam:e1:0:static-busybox";
  const SLOT_B = "exam:e1:1:other";

  it("switching between exam tasks stores nothing, says nothing about restoring, and brings each task's terminal back", async () => {
    const storage = memoryStore();
    const { client, sessions } = inProcessClient();
    const lab = createLab({ client, scenarioId: null, timeMode: "virtual", storage, saveDelayMs: 0 });
    const s = new Screen(80);
    lab.sink.attach((d) => void s.write(d));
    lab.setScreen(() => s.lines());
    lab.terminal.start();
    await lab.boot();
    const restoring: boolean[] = [];
    lab.store.subscribe((st) => restoring.push(st.restoring));

    await lab.load(SLOT_A);
    lab.terminal.input("ssh node01\r");
    await until(() => s.lines().at(-1) === "node01:~$");
    await lab.flush();
    await lab.load(SLOT_B);
    expect(s.lines()).toEqual(["controlplane:~$"]);
    lab.terminal.input("printf b\r");
    await until(() => sessions.at(-1)!.execs.length === 1);
    await lab.load(SLOT_A);
    expect(s.lines().join("\n")).not.toContain(RESTORING_NOTE);
    expect(s.lines().slice(0, 1)).toEqual(["controlplane:~$ ssh node01"]);
    expect(lab.terminal.history).toEqual(["ssh node01"]);
    await lab.flush();
    expect(restoring).not.toContain(true);
    expect([...storage.raw.keys()].filter((k) => k.includes(":"))).toEqual([]);
  });

  it("a dropped file's session is not stored, and records an older version left are swept at boot", async () => {
    const storage = memoryStore();
    storage.raw.set(SLOT_A, JSON.stringify({ ...good, key: SLOT_A, scenarioId: SLOT_A }));
    storage.raw.set("local:mine", JSON.stringify({ ...good, key: "local:mine", scenarioId: "local:mine" }));
    storage.raw.set("t", JSON.stringify(good));
    const { client, sessions } = inProcessClient();
    const lab = createLab({ client, scenarioId: "local:mine", timeMode: "virtual", storage, saveDelayMs: 0 });
    const s = new Screen(80);
    lab.sink.attach((d) => void s.write(d));
    lab.setScreen(() => s.lines());
    lab.terminal.start();
    await lab.boot();
    expect(s.lines().join("\n")).not.toContain(RESTORING_NOTE);
    lab.terminal.input("printf x\r");
    await until(() => sessions[0].execs.length === 1);
    await lab.flush();
    await lab.load(null);
    await lab.flush();
    expect([...storage.raw.keys()].sort()).toEqual(["", "t"]);
  });
});

// ---- the mock exam kept across reloads (issue 6/7): a worker that keeps exam tasks' sessions as page-sessions.ts does

function examWorker() {
  const sessions: FakeSession[] = [];
  const loads: { id: string | undefined; fresh: boolean }[] = [];
  const kept = new Map<string, FakeSession>();
  const handle = createWorkerHost(async () => ({
    async createLabSession(p): Promise<LabSessionApi> {
      const id = p.scenarioId;
      loads.push({ id, fresh: !!p.fresh });
      const have = id?.startsWith("exam:") && !p.fresh ? kept.get(id) : undefined;
      if (have) return have;
      const s = new FakeSession(FAKE_SCENARIOS[0]);
      sessions.push(s);
      if (id?.startsWith("exam:")) kept.set(id, s);
      return s;
    },
    listScenarios: () => FAKE_SCENARIOS,
  }), { logError: () => undefined, emit: (ev) => port.onmessage?.({ data: structuredClone(ev) }) });
  const port: Port = {
    onmessage: null,
    postMessage(msg) {
      void handle(structuredClone(msg)).then((res: LabResponse) => port.onmessage?.({ data: structuredClone(res) }));
    },
  };
  return { client: new LabClient(port), sessions, loads, kept };
}

const E_A = "exam:e1:0:static-busybox";
const E_B = "exam:e1:1:other";
const examRec = (over: Partial<ExamRecord> = {}): ExamRecord => ({
  schema: EXAM_SCHEMA,
  examId: "e1",
  seed: null,
  startedAt: 1_000,
  durationMs: 3600_000,
  tasks: [
    { scenarioId: "static-busybox", slot: E_A, title: "A", flagged: true },
    { scenarioId: "other", slot: E_B, title: "B", flagged: false },
  ],
  current: 0,
  alerts: [],
  phase: "running",
  savedAt: 1_000,
  ...over,
});

async function page(storage: ReturnType<typeof memoryStore>, scenarioId: string | null = null) {
  const w = examWorker();
  const lab = createLab({ client: w.client, scenarioId, timeMode: "virtual", storage, saveDelayMs: 0 });
  const s = new Screen(100);
  lab.sink.attach((d) => void s.write(d));
  lab.setScreen(() => s.lines());
  lab.terminal.start();
  await lab.boot();
  const run = async (line: string, session: () => FakeSession) => {
    const n = session().execs.length;
    lab.terminal.input(`${line}\r`);
    await until(() => session().execs.length === n + 1 && !lab.terminal.isBusy);
  };
  return { ...w, lab, screen: s, run };
}

const linesOf = (storage: ReturnType<typeof memoryStore>, key: string) => (JSON.parse(storage.raw.get(key) as string) as StoredSession).ops.map((o) => (o.op === "exec" ? o.line : o.op));

describe("a mock exam kept across reloads", () => {
  it("each task's log is saved under its slot while the exam runs; a reload comes back to the current task, and the others replay when opened", async () => {
    const storage = memoryStore();
    const one = await page(storage);
    await one.lab.keepExam(examRec());
    expect(one.lab.store.getState().exam).toBe("e1");
    await one.lab.load(E_A);
    await one.run("printf one", () => one.kept.get(E_A)!);
    await one.lab.keepExam(examRec({ current: 1 }));
    await one.lab.load(E_B);
    await one.run("cd /tmp", () => one.kept.get(E_B)!);
    await one.lab.flush();
    expect(linesOf(storage, E_A)).toEqual(["printf one"]);
    expect(linesOf(storage, E_B)).toEqual(["cd /tmp"]);
    expect(parseExamRecord(storage.raw.get(EXAM_KEY))).toMatchObject({ examId: "e1", current: 1, tasks: [{ flagged: true }, { flagged: false }] });

    // the reload: a new page and worker on the same storage, its address still free practice
    const two = await page(storage, null);
    expect(two.lab.storedExam).toMatchObject({ examId: "e1", current: 1 });
    expect(two.lab.store.getState()).toMatchObject({ scenarioId: E_B, exam: "e1" });
    expect(two.kept.get(E_B)!.execs).toEqual(["cd /tmp"]);
    expect(two.kept.get(E_B)!.cwd).toBe("/tmp");
    expect(two.screen.lines().join("\n")).toContain("cd /tmp");
    // task 1 was never opened since the reload: its log replays on a fresh session
    await two.lab.load(E_A);
    expect(two.kept.get(E_A)!.execs).toEqual(["printf one"]);
    expect(two.loads.filter((l) => l.id === E_A)).toEqual([{ id: E_A, fresh: true }]);
    // back to task 2: the worker's session as it was (no replay), its log continued
    const made = two.sessions.length;
    await two.lab.load(E_B);
    expect(two.sessions.length).toBe(made);
    await two.run("printf two", () => two.kept.get(E_B)!);
    await two.lab.flush();
    expect(linesOf(storage, E_B)).toEqual(["cd /tmp", "printf two"]);
  });

  it("Reset inside the exam gives that task a fresh cluster and an empty log; the other task keeps its own", async () => {
    const storage = memoryStore();
    const p = await page(storage);
    await p.lab.keepExam(examRec());
    await p.lab.load(E_A);
    await p.run("printf a", () => p.kept.get(E_A)!);
    await p.lab.load(E_B);
    await p.run("printf b", () => p.kept.get(E_B)!);
    const oldB = p.kept.get(E_B)!;
    await p.lab.resetTask();
    const newB = p.kept.get(E_B)!;
    expect(newB).not.toBe(oldB);
    expect(newB.execs).toEqual([]);
    expect(p.loads.at(-1)).toEqual({ id: E_B, fresh: true });
    expect(p.screen.lines()).toEqual(["controlplane:~$"]);
    await p.lab.flush();
    expect(linesOf(storage, E_B)).toEqual([]);
    // task 1 comes back as it was, from the worker
    await p.lab.load(E_A);
    expect(p.kept.get(E_A)!.execs).toEqual(["printf a"]);
    expect(linesOf(storage, E_A)).toEqual(["printf a"]);
    // and a reload after the reset: task 2 fresh, task 1 replayed
    await p.lab.flush();
    const q = await page(storage);
    expect(q.lab.store.getState().scenarioId).toBe(E_A);
    expect(q.kept.get(E_A)!.execs).toEqual(["printf a"]);
    await q.lab.load(E_B);
    expect(q.kept.get(E_B)!.execs).toEqual([]);
  });

  it("grading after a reload first replays the tasks kept only in storage, then comes back to the current one", async () => {
    const storage = memoryStore();
    const p = await page(storage);
    await p.lab.keepExam(examRec());
    await p.lab.load(E_A);
    await p.run("printf a", () => p.kept.get(E_A)!);
    await p.lab.load(E_B);
    await p.lab.flush();
    const q = await page(storage);
    expect(q.lab.store.getState().scenarioId).toBe(E_A);
    await q.lab.keepExam(examRec({ current: 1 }));
    await q.lab.load(E_B);
    expect(q.kept.has(E_A)).toBe(true);
    const r = await page(storage);
    expect(r.lab.store.getState().scenarioId).toBe(E_B);
    expect(r.kept.has(E_A)).toBe(false);
    await r.lab.restoreExamTasks([E_A, E_B]);
    expect(r.kept.get(E_A)!.execs).toEqual(["printf a"]);
    expect(r.lab.store.getState().scenarioId).toBe(E_B);
  });

  it("the review keeps only the exam's record; leaving it forgets everything of the exam", async () => {
    const storage = memoryStore();
    const p = await page(storage);
    await p.lab.keepExam(examRec());
    await p.lab.load(E_A);
    await p.run("printf a", () => p.kept.get(E_A)!);
    await p.lab.flush();
    await p.lab.keepExam(examRec({ phase: "review", grades: [null, null], solutions: [[], []] }));
    expect(p.lab.store.getState().exam).toBeNull();
    expect([...storage.raw.keys()].sort()).toEqual([EXAM_KEY, ""].sort());
    await p.run("printf after", () => p.kept.get(E_A)!);
    await p.lab.flush();
    expect(storage.raw.has(E_A)).toBe(false);
    // a reload in the review: the page's own address, the review kept
    const q = await page(storage, null);
    expect(q.lab.store.getState().scenarioId).toBeNull();
    expect(q.lab.storedExam?.phase).toBe("review");
    await q.lab.keepExam(null);
    expect(storage.raw.has(EXAM_KEY)).toBe(false);
  });

  it("a tab taking the lab back takes up the exam as the other tab left it (its task, its log)", async () => {
    const storage = memoryStore();
    const one = await page(storage);
    await one.lab.keepExam(examRec());
    await one.lab.load(E_A);
    await one.lab.suspend();
    // the other tab moved to task 2 and worked there
    const two = await page(storage);
    await two.lab.keepExam(examRec({ current: 1 }));
    await two.lab.load(E_B);
    await two.run("printf elsewhere", () => two.kept.get(E_B)!);
    await two.lab.suspend();
    const seen: (ExamRecord | null)[] = [];
    one.lab.onExamRestored = (rec) => seen.push(rec);
    await one.lab.resume();
    expect(seen.map((r) => r?.current)).toEqual([1]);
    expect(one.lab.store.getState().scenarioId).toBe(E_B);
    expect(one.kept.get(E_B)!.execs).toEqual(["printf elsewhere"]);
  });

  it("older or damaged stores: a damaged exam record is reset with a message; tasks of no running exam are swept; a practice record still restores", async () => {
    const storage = memoryStore();
    storage.raw.set(EXAM_KEY, '{"schema":1,"examId":"e1"');
    storage.raw.set(E_A, JSON.stringify({ ...good, key: E_A, scenarioId: E_A }));
    storage.raw.set("", JSON.stringify({ ...good, key: "", scenarioId: null }));
    const p = await page(storage, null);
    const text = p.screen.lines().join("\n");
    expect(text).toContain("kubelab: the saved mock exam could not be used (the record is not valid JSON); it was reset");
    expect(text).toContain(RESTORING_NOTE);
    expect(p.sessions[0].execs).toEqual(["ls"]);
    expect(p.lab.store.getState()).toMatchObject({ scenarioId: null, exam: null });
    await until(() => !storage.raw.has(E_A) && !storage.raw.has(EXAM_KEY));
  });
});

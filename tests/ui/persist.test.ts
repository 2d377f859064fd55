// The page's persistence without a DOM: records checked before use, settings, the terminal's
// restore, and a lab that saves and comes back through a store.
import { describe, expect, it } from "vitest";
import { createLab, RESTORING_NOTE } from "../../src/ui/lab.ts";
import { memoryStore, parseRecord, SCHEMA } from "../../src/ui/persist/store.ts";
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

describe("exam tasks and dropped files are not saved sessions", () => {
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

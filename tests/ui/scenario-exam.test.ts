import { describe, expect, it } from "vitest";
import { balancedSet, domainScores, dueAlert, formatRemaining } from "../../src/ui/scenario/exam/exam-core.ts";
import { createExam } from "../../src/ui/scenario/exam/exam-store.ts";
import type { Lab } from "../../src/ui/lab.ts";
import { EXAM_SCHEMA, parseExamRecord, type ExamRecord } from "../../src/ui/persist/exam-record.ts";
import type { GradeResult, ScenarioInfo } from "../../src/shell/session-api.ts";

const S = (id: string, domain: string): ScenarioInfo => ({ id, title: id, task: "", tags: [], domain });
const PACK = [S("a1", "A"), S("a2", "A"), S("a3", "A"), S("a4", "A"), S("b1", "B"), S("c1", "C"), S("c2", "C")];
const g = (score: number, total: number): GradeResult => ({ passed: score === total, score, total, checks: [] });

describe("exam rules", () => {
  it("a balanced set takes from every domain in turn", () => {
    const set = balancedSet(PACK, 5, () => 0);
    expect(set).toHaveLength(5);
    expect(new Set(set.slice(0, 3).map((id) => id[0]))).toEqual(new Set(["a", "b", "c"]));
    expect(balancedSet(PACK, 50)).toHaveLength(PACK.length);
  });

  it("alerts at 30, 15 and 5 minutes left, each once", () => {
    expect(dueAlert(31 * 60_000, [])).toBeNull();
    expect(dueAlert(30 * 60_000, [])).toBe(30);
    expect(dueAlert(20 * 60_000, [30])).toBeNull();
    expect(dueAlert(14 * 60_000, [30])).toBe(15);
    expect(dueAlert(4 * 60_000, [30])).toBe(5);
    expect(dueAlert(4 * 60_000, [30, 15, 5])).toBeNull();
    expect(formatRemaining(2 * 3600_000)).toBe("2:00:00");
    expect(formatRemaining(61_500)).toBe("0:01:02");
  });

  it("scores per domain; an ungraded task counts 0 of 1", () => {
    expect(domainScores([{ domain: "A" }, { domain: "A" }, { domain: "B" }], [g(2, 2), g(1, 3), null])).toEqual([
      { domain: "A", score: 3, total: 5, tasks: 2, passed: 1 },
      { domain: "B", score: 0, total: 1, tasks: 1, passed: 0 },
    ]);
  });
});

function fakeLab(storedExam: ExamRecord | null = null) {
  const loads: (string | null)[] = [];
  const calls: [string, unknown][] = [];
  /** every record the exam asked to keep (null: forget) */
  const kept: (ExamRecord | null)[] = [];
  const restored: string[][] = [];
  const state = { scenarioId: null as string | null, elsewhere: false };
  const lab = {
    store: { getState: () => state },
    seed: 7,
    storedExam,
    onExamRestored: null,
    keepExam: async (rec: ExamRecord | null) => {
      // what goes to storage must read back as it was
      if (rec) expect(parseExamRecord(JSON.stringify(rec))).toEqual(rec);
      kept.push(rec);
    },
    restoreExamTasks: async (slots: string[]) => {
      restored.push(slots);
    },
    load: async (id: string | null) => {
      loads.push(id);
      state.scenarioId = id;
    },
    client: {
      call: async (op: string, params: { ids?: string[]; id?: string }) => {
        calls.push([op, params]);
        if (op === "gradeSessions") return params.ids!.map((_, i) => (i === 0 ? g(3, 3) : g(0, 2)));
        if (op === "solution") return [`solve ${params.id}`];
        throw new Error(op);
      },
    },
  } as unknown as Lab;
  return { lab, loads, calls, kept, restored, state };
}

describe("exam store", () => {
  it("start, flag, switch, alerts, end with grades, solutions and progress", async () => {
    let t = 0;
    const recorded: string[] = [];
    const { lab, loads } = fakeLab();
    const exam = createExam(lab, { now: () => t, examId: () => "e", record: (id) => recorded.push(id) });
    exam.openSetup();
    expect(exam.store.getState().phase).toBe("setup");
    await exam.start(PACK, ["a1", "b1", "nope"], 120);
    const s = exam.store.getState();
    expect(s.phase).toBe("running");
    expect(s.tasks.map((x) => x.slot)).toEqual(["exam:e:0:a1", "exam:e:1:b1"]);
    expect(loads).toEqual(["exam:e:0:a1"]);
    exam.toggleFlag();
    await exam.go(1);
    expect(loads).toEqual(["exam:e:0:a1", "exam:e:1:b1"]);
    expect(exam.store.getState().tasks.map((x) => x.flagged)).toEqual([true, false]);
    t = 90 * 60_000 + 1;
    exam.tick();
    expect(exam.store.getState().alert).toBe("30 minutes left");
    exam.dismissAlert();
    exam.tick();
    expect(exam.store.getState().alert).toBeNull();
    t = 116 * 60_000;
    exam.tick();
    expect(exam.store.getState().alert).toBe("5 minutes left");
    expect(exam.store.getState().alerts.sort()).toEqual([15, 30, 5].sort());
    await exam.end();
    const r = exam.store.getState();
    expect(r.phase).toBe("review");
    expect(r.grades.map((x) => x?.score)).toEqual([3, 0]);
    expect(r.solutions).toEqual([["solve a1"], ["solve b1"]]);
    expect(recorded).toEqual(["a1", "b1"]);
  });

  it("time up ends the exam", async () => {
    let t = 0;
    const { lab } = fakeLab();
    const exam = createExam(lab, { now: () => t });
    await exam.start(PACK, ["a1"], 1);
    expect(exam.store.getState().alerts).toEqual([30, 15, 5]);
    t = 61_000;
    exam.tick();
    await new Promise((r) => setTimeout(r, 0));
    expect(exam.store.getState().phase).toBe("review");
  });
});

const RUNNING = (over: Partial<ExamRecord> = {}): ExamRecord => ({
  schema: EXAM_SCHEMA,
  examId: "e",
  seed: 7,
  startedAt: 1_000_000,
  durationMs: 60 * 60_000,
  tasks: [
    { scenarioId: "a1", slot: "exam:e:0:a1", title: "a1", domain: "A", flagged: false },
    { scenarioId: "b1", slot: "exam:e:1:b1", title: "b1", domain: "B", flagged: true },
  ],
  current: 1,
  alerts: [30],
  phase: "running",
  savedAt: 1_000_500,
  ...over,
});

describe("exam kept across reloads", () => {
  it("keeps its definition as it changes: tasks, seed, start on the real clock, length, flags, current task, alerts, then the review", async () => {
    let t = 5_000;
    const { lab, kept } = fakeLab();
    const exam = createExam(lab, { now: () => t, examId: () => "e" });
    await exam.start(PACK, ["a1", "b1"], 40);
    // kept before the first task loads (its session is saved from the first command)
    expect(kept[0]).toMatchObject({ examId: "e", seed: 7, startedAt: 5_000, durationMs: 40 * 60_000, current: 0, phase: "running", alerts: [] });
    expect(kept[0]!.tasks.map((x) => [x.slot, x.flagged])).toEqual([
      ["exam:e:0:a1", false],
      ["exam:e:1:b1", false],
    ]);
    exam.toggleFlag();
    await exam.go(1);
    expect(kept.at(-1)).toMatchObject({ current: 1, tasks: [{ flagged: true }, { flagged: false }] });
    t = 5_000 + 26 * 60_000;
    exam.tick();
    expect(kept.at(-1)!.alerts.sort()).toEqual([15, 30]);
    const n = kept.length;
    t = 5_000 + 30 * 60_000;
    await exam.end();
    // ended early: the kept exam is over at once (a reload while grading grades it again)
    expect(kept[n]).toMatchObject({ phase: "running", durationMs: 30 * 60_000 });
    expect(kept.at(-1)).toMatchObject({ phase: "review", grades: [{ score: 3 }, { score: 0 }], solutions: [["solve a1"], ["solve b1"]] });
    exam.leave();
    expect(kept.at(-1)).toBeNull();
  });

  it("a stored running exam comes back with its clock having run on, its flags and its current task", () => {
    const { lab } = fakeLab(RUNNING());
    const exam = createExam(lab, { now: () => 1_000_000 + 45 * 60_000 });
    const s = exam.store.getState();
    expect(s.phase).toBe("running");
    expect(s.endsAt).toBe(1_000_000 + 60 * 60_000);
    expect(s.current).toBe(1);
    expect(s.tasks.map((x) => x.flagged)).toEqual([false, true]);
    // 15 minutes left: the 15-minute alert is due, the 30-minute one was given before the reload
    exam.tick();
    expect(s.alerts).toEqual([30]);
    expect(exam.store.getState().alert).toBe("15 minutes left");
  });

  it("time that ran out while the page was closed ends the exam: the tasks kept in storage are brought back, then graded", async () => {
    const { lab, restored, calls } = fakeLab(RUNNING());
    const exam = createExam(lab, { now: () => 1_000_000 + 61 * 60_000 });
    await new Promise((r) => setTimeout(r, 0));
    expect(exam.store.getState().phase).toBe("review");
    expect(restored).toEqual([["exam:e:0:a1", "exam:e:1:b1"]]);
    expect(calls[0]).toEqual(["gradeSessions", { ids: ["exam:e:0:a1", "exam:e:1:b1"], timeMode: "real" }]);
  });

  it("a stored review comes back as the review; another tab's change is taken up; none clears a running exam", () => {
    const review = RUNNING({ phase: "review", grades: [g(1, 1), null], solutions: [["x"], []] });
    const { lab } = fakeLab(review);
    const exam = createExam(lab, { now: () => 0 });
    expect(exam.store.getState()).toMatchObject({ phase: "review", grades: [{ score: 1 }, null], solutions: [["x"], []] });
    lab.onExamRestored!(RUNNING({ current: 0 }));
    expect(exam.store.getState()).toMatchObject({ phase: "running", current: 0 });
    lab.onExamRestored!(null);
    expect(exam.store.getState().phase).toBe("idle");
  });

  it("while another tab owns the lab, the clock does not end the exam here", () => {
    const { lab, state } = fakeLab(RUNNING());
    let t = 1_000_000;
    const exam = createExam(lab, { now: () => t });
    state.elsewhere = true;
    t += 2 * 3600_000;
    exam.tick();
    expect(exam.store.getState().phase).toBe("running");
  });
});

describe("the stored exam's format", () => {
  const text = (over: Record<string, unknown>) => JSON.stringify({ ...RUNNING(), ...over });
  it("reads a good record and names what is wrong with a damaged or newer one", () => {
    expect(parseExamRecord(text({}))).toEqual(RUNNING());
    expect(parseExamRecord("{")).toBe("the record is not valid JSON");
    expect(parseExamRecord(text({ schema: 2 }))).toBe("schema version 2, this lab reads version 1");
    expect(parseExamRecord(text({ schema: undefined }))).toBe("schema version undefined, this lab reads version 1");
    expect(parseExamRecord(text({ durationMs: 0 }))).toBe("the exam's clock is damaged");
    expect(parseExamRecord(text({ current: 2 }))).toBe("the exam's current task is damaged");
    // a task's slot must be its own: this exam's, its place, its scenario
    expect(parseExamRecord(text({ tasks: [{ scenarioId: "a1", slot: "exam:other:0:a1", title: "a1", flagged: false }] }))).toBe("the exam's tasks are damaged");
    expect(parseExamRecord(text({ tasks: [{ scenarioId: "a1", slot: "exam:e:1:a1", title: "a1", flagged: false }], current: 0 }))).toBe("the exam's tasks are damaged");
    expect(parseExamRecord(text({ phase: "review" }))).toBe("the exam's grades are damaged");
    expect(parseExamRecord(text({ phase: "review", grades: [null, null], solutions: [[], []] }))).toMatchObject({ phase: "review" });
  });
});

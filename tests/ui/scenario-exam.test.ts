import { describe, expect, it } from "vitest";
import { balancedSet, domainScores, dueAlert, formatRemaining } from "../../src/ui/scenario/exam/exam-core.ts";
import { createExam } from "../../src/ui/scenario/exam/exam-store.ts";
import type { Lab } from "../../src/ui/lab.ts";
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

function fakeLab() {
  const loads: (string | null)[] = [];
  const calls: [string, unknown][] = [];
  const state = { scenarioId: null as string | null };
  const lab = {
    store: { getState: () => state },
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
  return { lab, loads, calls };
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

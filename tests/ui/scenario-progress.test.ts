import { describe, expect, it } from "vitest";
import { createProgressStore, PROGRESS_KEY, progressMark, readProgress, withAttempt, type KeyValue } from "../../src/ui/scenario/progress.ts";
import type { GradeResult } from "../../src/shell/session-api.ts";

function memory(init: Record<string, string> = {}): KeyValue & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}
const g = (score: number, total: number): GradeResult => ({ passed: score === total, score, total, checks: [] });

describe("progress", () => {
  it("counts attempts and keeps the best score across a reload", () => {
    const kv = memory();
    const a = createProgressStore(kv);
    a.getState().record("static-busybox", g(1, 3));
    a.getState().record("static-busybox", g(2, 3));
    a.getState().record("static-busybox", g(0, 3));
    const b = createProgressStore(kv); // a reload
    expect(b.getState().progress["static-busybox"]).toEqual({ attempts: 3, best: 2, total: 3, passed: false });
    expect(JSON.parse(kv.data.get(PROGRESS_KEY)!).version).toBe(1);
    b.getState().record("static-busybox", g(3, 3));
    b.getState().record("static-busybox", g(1, 3));
    expect(createProgressStore(kv).getState().progress["static-busybox"]).toEqual({ attempts: 5, best: 3, total: 3, passed: true });
  });

  it("dropped files and exam slots are not recorded under their own ids", () => {
    const kv = memory();
    const s = createProgressStore(kv);
    s.getState().record("local:x", g(1, 1));
    s.getState().record("exam:1:0:x", g(1, 1));
    expect(s.getState().progress).toEqual({});
  });

  it.each([["not json"], ["null"], ['{"version":2,"scenarios":{}}'], ['{"version":1,"scenarios":[1]}'], ["[]"]])("corrupted data %s is reset", (raw) => {
    const kv = memory({ [PROGRESS_KEY]: raw });
    expect(readProgress(kv)).toEqual({});
    expect(kv.data.has(PROGRESS_KEY)).toBe(false);
  });

  it("bad entries are skipped, good ones kept; __proto__ is plain data", () => {
    const kv = memory({
      [PROGRESS_KEY]: JSON.stringify({ version: 1, scenarios: { a: { attempts: 1, best: 1, total: 2, passed: false }, b: { attempts: "x" }, c: { attempts: 1, best: 5, total: 2, passed: false } } }).replace('"b"', '"__proto__"'),
    });
    const p = readProgress(kv);
    expect(Object.keys(p)).toEqual(["a"]);
  });

  it("a throwing storage is survived", () => {
    const bad: KeyValue = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => undefined,
    };
    const s = createProgressStore(bad);
    s.getState().record("a", g(1, 1));
    expect(s.getState().progress.a.passed).toBe(true);
  });

  it("marks: ✓ once passed, else the best score", () => {
    expect(progressMark(undefined)).toBe("");
    expect(progressMark(withAttempt({}, "a", g(2, 5)).a)).toBe("2/5");
    expect(progressMark(withAttempt(withAttempt({}, "a", g(5, 5)), "a", g(0, 5)).a)).toBe("✓");
  });
});

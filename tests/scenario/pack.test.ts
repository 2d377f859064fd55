// Every scenario of the pack: its solution passes its grader; an untouched lab fails it.
import { describe, expect, it } from "vitest";
import { readScenarioFiles } from "../../src/cli/scenario-files.ts";
import { loadScenario } from "../../src/scenario/load.ts";
import { selfTest } from "../../src/scenario/selftest.ts";

const files = readScenarioFiles();

describe("scenario pack", () => {
  it("has scenarios, with unique ids", () => {
    const ids = Object.entries(files).map(([p, t]) => {
      const r = loadScenario(t, p);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.scenario.id;
    });
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(ids.length);
  });
  for (const [path, text] of Object.entries(files)) {
    it(`${path}: the solution passes and an untouched lab fails`, async () => {
      const r = loadScenario(text, path);
      expect(r.ok ? [] : r.errors).toEqual([]);
      if (!r.ok) return;
      const log: string[] = [];
      const ok = await selfTest(r.scenario, (l) => log.push(l));
      expect(log.join("\n")).toBe(`✓ ${r.scenario.id}`);
      expect(ok).toBe(true);
    });
  }
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { setScenarioSources } from "../../src/scenario/catalog.ts";
import { createLabSession, gradeSessions, loadScenarioText, solutionOf } from "../../src/scenario/page-sessions.ts";

const STATIC = readFileSync("scenarios/static-pods/static-busybox.yaml", "utf8");
setScenarioSources({ "scenarios/static-pods/static-busybox.yaml": STATIC });

describe("page sessions: dropped files", () => {
  it("a valid file is played as local:<id>", async () => {
    const r = loadScenarioText(STATIC.replace(/^id: .*$/m, "id: my-task"), "mine.yaml");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.id).toBe("local:my-task");
    const s = await createLabSession({ scenarioId: "local:my-task", timeMode: "virtual" });
    expect(s.scenario()?.id).toBe("local:my-task");
    const g = await s.grade();
    expect(g.passed).toBe(false);
  });

  it("errors come with file and line; nothing throws", () => {
    const r = loadScenarioText("id: x\ntitle: [\n", "bad.yaml");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: "bad.yaml", line: expect.any(Number) });
  });

  it("binary, huge and non-text input is refused with a message", () => {
    const bin = loadScenarioText("\u0000\u0001PNG\u0002", "x.png");
    expect(bin.ok || bin.errors[0].message).toMatch(/not a text file/);
    const huge = loadScenarioText("a".repeat(300 * 1024), "big.yaml");
    expect(huge.ok || huge.errors[0].message).toMatch(/too large/);
    const obj = loadScenarioText({ toString: () => "x" }, 5);
    expect(obj.ok || obj.errors[0]).toEqual({ file: "dropped file", message: "not a text file" });
  });

  it("an unknown local scenario says to drop it again", async () => {
    await expect(createLabSession({ scenarioId: "local:gone", timeMode: "virtual" })).rejects.toThrow(/drop its file again/);
  });
});

describe("page sessions: exam tasks", () => {
  it("a task's session survives switching; grading covers unopened tasks; solutions as commands", async () => {
    const a = await createLabSession({ scenarioId: "exam:e1:0:static-busybox", timeMode: "virtual" });
    await a.exec(
      "kubectl run --restart=Never --image=busybox static-busybox --dry-run=client -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/static-busybox.yaml",
    );
    a.advance(30_000);
    const again = await createLabSession({ scenarioId: "exam:e1:0:static-busybox", timeMode: "virtual" });
    expect(again).toBe(a);
    const [g0, g1, g2] = await gradeSessions(["exam:e1:0:static-busybox", "exam:e1:1:static-busybox", "exam:e1:2:nope"], { timeMode: "virtual" });
    expect(g0?.passed).toBe(true);
    expect(g1?.passed).toBe(false);
    expect(g2).toBeNull();
    // a new exam starts over
    const b = await createLabSession({ scenarioId: "exam:e2:0:static-busybox", timeMode: "virtual" });
    expect(b).not.toBe(a);
    expect(solutionOf("static-busybox").join("\n")).toMatch(/kubectl run/);
    expect(solutionOf("exam:e2:0:static-busybox")).toEqual(solutionOf("static-busybox"));
    expect(solutionOf("nope")).toEqual([]);
  });
});

describe("page sessions: an exam task reset or restored", () => {
  it("`fresh` drops the session kept for that task only", async () => {
    const a = await createLabSession({ scenarioId: "exam:e3:0:static-busybox", timeMode: "virtual" });
    const b = await createLabSession({ scenarioId: "exam:e3:1:static-busybox", timeMode: "virtual" });
    await a.exec("echo changed > /root/mark");
    const a2 = await createLabSession({ scenarioId: "exam:e3:0:static-busybox", timeMode: "virtual", fresh: true });
    expect(a2).not.toBe(a);
    expect((await a2.exec("cat /root/mark")).exitCode).not.toBe(0);
    // the fresh one is the task's session from now on; the other task's is untouched
    expect(await createLabSession({ scenarioId: "exam:e3:0:static-busybox", timeMode: "virtual" })).toBe(a2);
    expect(await createLabSession({ scenarioId: "exam:e3:1:static-busybox", timeMode: "virtual" })).toBe(b);
  });
});

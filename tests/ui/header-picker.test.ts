// The header's task picker: titles (not raw ids) for dropped files and exam tasks, progress per
// task, locked while a mock exam runs.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { optionLabel, PICKER_LOCKED, sessionTitle, TaskPicker } from "../../src/ui/Header.tsx";
import type { ScenarioInfo } from "../../src/shell/session-api.ts";

const scenarios: ScenarioInfo[] = [
  { id: "static-busybox", title: "Create a static pod", task: "", tags: [] },
  { id: "fix-crashloopbackoff", title: "Fix a CrashLoopBackOff", task: "", tags: [] },
  { id: "daemonset-all", title: "A DaemonSet on every node", task: "", tags: [] },
];
const progress = {
  "static-busybox": { attempts: 2, best: 3, total: 3, passed: true },
  "fix-crashloopbackoff": { attempts: 1, best: 1, total: 4, passed: false },
};
const render = (p: Partial<Parameters<typeof TaskPicker>[0]>) =>
  renderToStaticMarkup(createElement(TaskPicker, { scenarios, scenarioId: null, scenario: null, progress, locked: false, onPick: () => undefined, ...p }));

describe("task picker", () => {
  it("marks passed tasks ✓ and shows the best score of the others", () => {
    expect(optionLabel(scenarios[0], progress)).toBe("Create a static pod  ✓");
    expect(optionLabel(scenarios[1], progress)).toBe("Fix a CrashLoopBackOff  (best 1/4)");
    expect(optionLabel(scenarios[2], progress)).toBe("A DaemonSet on every node");
    const html = render({ scenarioId: "static-busybox" });
    expect(html).toContain('<option value="static-busybox" selected="">Create a static pod  ✓</option>');
    expect(html).toContain("(best 1/4)");
    expect(html).not.toContain("disabled");
  });

  it("names a dropped file and an exam task by their titles, not their ids", () => {
    const local: ScenarioInfo = { id: "local:my-task", title: "A task from a dropped file", task: "", tags: [] };
    expect(sessionTitle("local:my-task", scenarios, local)).toBe("A task from a dropped file (dropped file)");
    // before the session has loaded: the id without its prefix
    expect(sessionTitle("local:my-task", scenarios, null)).toBe("my-task (dropped file)");
    expect(sessionTitle("exam:lq3x:1:fix-crashloopbackoff", scenarios, null)).toBe("Exam task 2: Fix a CrashLoopBackOff");
    const html = render({ scenarioId: "local:my-task", scenario: local });
    expect(html).toContain('<option value="local:my-task" selected="">A task from a dropped file (dropped file)</option>');
    expect(html).not.toMatch(/>local:/);
    const exam = render({ scenarioId: "exam:lq3x:0:static-busybox", locked: true });
    expect(exam).toContain(">Exam task 1: Create a static pod</option>");
    expect(exam).not.toMatch(/>exam:/);
  });

  it("is disabled with a tooltip while a mock exam runs", () => {
    const html = render({ scenarioId: "exam:lq3x:0:static-busybox", locked: true });
    expect(html).toMatch(/<select[^>]* disabled=""/);
    expect(html).toMatch(/<select[^>]* title="The mock exam is running: picking a task would leave it\./);
    expect(PICKER_LOCKED).toMatch(/leave/);
  });
});

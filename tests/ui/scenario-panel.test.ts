import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Hints } from "../../src/ui/scenario/Hints.tsx";
import { Results } from "../../src/ui/scenario/Results.tsx";
import { TaskMeta } from "../../src/ui/scenario/TaskMeta.tsx";
import type { GradeResult } from "../../src/shell/session-api.ts";

const grade: GradeResult = {
  passed: false,
  score: 2,
  total: 5,
  checks: [
    { name: "a pod exists", passed: true, expected: "pod static-busybox-controlplane", observed: "found", points: 2 },
    { name: "image", passed: false, expected: '"busybox:1.28.4"', observed: 'pod static-busybox-controlplane: .spec.containers[0].image is "busybox"', points: 3 },
  ],
};

describe("task panel pieces", () => {
  it("results keep the file's order, mark failed checks and count them", () => {
    const html = renderToStaticMarkup(createElement(Results, { grade, explanation: "A **static** pod." }));
    expect(html.indexOf("a pod exists")).toBeLessThan(html.indexOf("image"));
    expect(html).toMatch(/class="check fail" data-passed="false"/);
    expect(html).toContain("1 of 2 checks failed");
    expect(html).toContain("0/3 pt");
    expect(html).toContain("is &quot;busybox&quot;");
    expect(html).toContain('data-testid="explanation"');
    expect(html).toContain("<strong>static</strong>");
  });

  it("hints start hidden behind a button that counts them", () => {
    const html = renderToStaticMarkup(createElement(Hints, { hints: ["one", "two"] }));
    expect(html).toContain("Show a hint (1 of 2)");
    expect(html).not.toContain("one");
    expect(renderToStaticMarkup(createElement(Hints, { hints: [] }))).toBe("");
  });

  it("badges: domain, difficulty, minutes, tags, local file, progress", () => {
    const html = renderToStaticMarkup(
      createElement(TaskMeta, {
        scenario: { id: "local:x", title: "t", task: "", domain: "Troubleshooting", difficulty: "easy", minutes: 8, tags: ["static-pod"] },
        progress: { attempts: 2, best: 1, total: 3, passed: false },
      }),
    );
    for (const s of ["local file", "Troubleshooting", "easy", "~8 min", "#static-pod", "best 1/3 · 2 attempts"]) expect(html).toContain(s);
  });
});

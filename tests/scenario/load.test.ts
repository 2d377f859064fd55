import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.ts";
import { grade } from "../../src/scenario/grader.ts";
import { sessionForScenario } from "../../src/scenario/runner.ts";

const GOOD = `id: demo
title: Demo
task: do it
checks:
  - name: a pod
    exists: { kind: Pod, name: web }
`;

describe("scenario loader", () => {
  it("accepts a minimal scenario", () => {
    const r = loadScenario(GOOD, "demo.yaml");
    expect(r.ok).toBe(true);
  });

  it("reports YAML errors with a line number", () => {
    const r = loadScenario("id: x\ntitle: [\n", "bad.yaml");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0].file).toBe("bad.yaml");
      expect(r.errors[0].line).toBeGreaterThanOrEqual(2);
      expect(r.errors[0].message).toMatch(/^not valid YAML: /);
    }
  });

  it("reports schema mistakes at the line of the field, in plain words", () => {
    const r = loadScenario(GOOD.replace("exists: { kind: Pod, name: web }", "exist: { kind: Pod, name: web }") + "difficulty: impossible\n", "x.yaml");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const msgs = r.errors.map((e) => `${e.line}: ${e.message}`);
      expect(msgs).toContain("5: checks.0: a check has exactly one of: exists, absent, field, podRunning, staticPod, file, rollout, shell");
      expect(msgs).toContain("6: checks.0.exist: unknown check field");
      expect(msgs).toContain('7: difficulty: must be "easy", "medium" or "hard"');
    }
  });

  it("rejects huge files and non-mappings without throwing", () => {
    expect(loadScenario("x".repeat(300 * 1024), "big.yaml").ok).toBe(false);
    expect(loadScenario("- a\n- b\n", "list.yaml").ok).toBe(false);
    expect(loadScenario("", "empty.yaml").ok).toBe(false);
    expect(loadScenario("a: &a [*a, *a]\n", "alias.yaml").ok).toBe(false);
  });
});

describe("grader explanations", () => {
  it("says what it looked at, what it expected and what it found", async () => {
    const r = loadScenario(
      `id: img
title: t
task: t
checks:
  - name: image
    field: { kind: Pod, name: static-busybox-controlplane, path: ".spec.containers[0].image", equals: "busybox:1.28.4" }
  - name: static
    staticPod: { name: static-busybox, node: controlplane }
`,
      "img.yaml",
    );
    if (!r.ok) throw new Error("bad");
    const s = await sessionForScenario(r.scenario, { timeMode: "virtual" });
    await s.exec("kubectl run static-busybox --image=busybox --restart=Never -- sleep 1000");
    s.advance(5000);
    const g = await grade(r.scenario, s);
    expect(g.passed).toBe(false);
    expect(g.score).toBe(0);
    expect(g.checks[0].observed).toBe("no pod named static-busybox-controlplane in namespace default");
    expect(g.checks[1].observed).toBe("no pod named static-busybox-controlplane — pod static-busybox exists but it was created through the API server, so it is not a static pod");
    await s.exec("kubectl run static-busybox --restart=Never --image=busybox --dry-run=client -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/static-busybox.yaml");
    s.advance(5000);
    const g2 = await grade(r.scenario, s);
    expect(g2.checks[0]).toMatchObject({ passed: false, expected: '.spec.containers[0].image = "busybox:1.28.4"', observed: 'pod static-busybox-controlplane: .spec.containers[0].image is "busybox"' });
    expect(g2.checks[1].passed).toBe(true);
    expect(g2.score).toBe(1);
    expect(g2.total).toBe(2);
  });
});

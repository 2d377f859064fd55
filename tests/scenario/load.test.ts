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
      expect(msgs).toContain("5: checks.0: a check has exactly one of: exists, absent, field, podRunning, staticPod, file, rollout, shell, connect");
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

describe("scenario cluster", () => {
  it("runs on containerd with more worker nodes when the scenario says so", async () => {
    const r = loadScenario("id: w\ntitle: t\ntask: t\ncluster: { workers: 2, runtime: containerd }\nchecks:\n  - name: a\n    exists: { kind: Node, name: node02 }\n", "w.yaml");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const s = await sessionForScenario(r.scenario, { timeMode: "virtual" });
    s.advance(90_000);
    expect((await s.exec("kubectl get nodes --no-headers -o custom-columns=N:.metadata.name,R:.status.nodeInfo.containerRuntimeVersion")).stdout).toBe(
      "controlplane   containerd://1.7.24\nnode01         containerd://1.7.24\nnode02         containerd://1.7.24\n",
    );
    expect((await s.exec("ssh node02 docker ps")).stderr).toBe("bash: docker: command not found\n");
    expect((await grade(r.scenario, s)).passed).toBe(true);
    const bad = loadScenario("id: w\ntitle: t\ntask: t\ncluster: { workers: 9 }\nchecks:\n  - name: a\n    exists: { kind: Node, name: node02 }\n", "w.yaml");
    expect(bad.ok ? [] : bad.errors.map((e) => `${e.line}: ${e.message}`)).toEqual(["4: cluster.workers: must be a whole number of worker nodes from 0 to 5 (node01, node02 …)"]);
  });
});

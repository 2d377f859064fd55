import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../src/cli/kubelab.mjs", import.meta.url));
const run = (args: string[], input: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", timeout: 60_000 });

describe("npx kubelab run", () => {
  it("--json prints one object per command, then the grade", () => {
    const r = run(
      ["run", "--scenario", "static-busybox", "--json"],
      "kubectl run --restart=Never --image=busybox static-busybox --dry-run=client -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/static-busybox.yaml\nsleep 10\ncat <<EOF\na\nb\nEOF\nssh node01\nhostname\n",
    );
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual({ host: "controlplane", cwd: "/root", cmd: expect.stringContaining("kubectl run"), stdout: "", stderr: "", exit: 0 });
    expect(lines[2]).toMatchObject({ cmd: "cat <<EOF\na\nb\nEOF", stdout: "a\nb\n", exit: 0 });
    expect(lines[4]).toMatchObject({ host: "node01", cmd: "hostname", stdout: "node01\n" });
    const { grade } = lines[5];
    expect(grade.passed).toBe(true);
    expect(grade.score).toBe(grade.total);
    for (const c of grade.checks) expect(Object.keys(c)).toEqual(["name", "passed", "expected", "observed", "points"]);
  });

  it("an untouched scenario fails, and the plain transcript shows prompts", () => {
    const r = run(["run", "--scenario", "static-busybox"], "kubectl get nodes\n");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^controlplane:~\$ kubectl get nodes\nNAME +STATUS +ROLES +AGE +VERSION\ncontrolplane +Ready +control-plane /);
    const last = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(last.grade.passed).toBe(false);
  });

  it("scenarios list --json", () => {
    const r = run(["scenarios", "list", "--json"], "");
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.map((s: { id: string }) => s.id)).toContain("static-busybox");
    expect(Object.keys(list[0])).toEqual(["id", "title", "domain", "tags", "difficulty"]);
  });

  it("an unknown scenario is an error, not a crash", () => {
    const r = run(["run", "--scenario", "nope"], "");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kubelab: unknown scenario "nope"/);
  });
});

// Runaway commands stop with a clear message, in bounded time, and the session goes on.
import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { capOutput, labBugMessage, splitPaste, translateLimitErrors, MAX_SHOWN_OUTPUT } from "../../src/shell/limits.ts";
import { needsMore } from "../../src/shell/bash-syntax.ts";
import { assertNoJsText } from "./oracle.ts";

async function timed(s: LabSession, line: string) {
  const t = performance.now();
  const r = await s.exec(line);
  assertNoJsText(line, r.stdout, r.stderr);
  return { ...r, ms: performance.now() - t };
}

describe("limits", () => {
  it("deep recursion stops with bash's FUNCNEST message", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await timed(s, "f(){ f; }; f");
    expect(r.stderr).toBe("bash: f: maximum function nesting level exceeded (100)\n");
    expect(r.exitCode).not.toBe(0);
    expect((await s.exec("echo still here")).stdout).toBe("still here\n");
  });

  it("an endless loop stops after the command limit", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await timed(s, "while true; do :; done");
    expect(r.stderr).toBe("kubelab: stopped after 50000 commands in one command line (the lab stops runaway commands)\n");
    expect(r.ms).toBeLessThan(10_000);
  });

  it("Ctrl-C stops a loop of builtins at once (loops yield to the host, tick.ts)", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    for (const line of ["while true; do :; done", "until false; do x=1; done", "for ((;;)); do :; done", "for i in $(seq 100000); do true; done", "f(){ :; }; while :; do f; done"]) {
      let firedAt = 0;
      setTimeout(() => {
        firedAt = performance.now();
        s.interrupt();
      }, 50);
      const r = await timed(s, line);
      const late = performance.now() - firedAt;
      expect(firedAt, line).toBeGreaterThan(0);
      expect(late, line).toBeLessThan(200);
      expect(r.exitCode).toBe(130);
      expect(r.stderr).toBe("");
    }
    expect((await s.exec("echo still here")).stdout).toBe("still here\n");
  });

  it("the loop ticks change nothing a script sees: $?, set -e, set -x, read loops", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const run = async (line: string) => {
      const r = await s.exec(line);
      return [r.stdout, r.stderr, r.exitCode];
    };
    expect(await run("false; for i in 1 2; do echo $?; done")).toEqual(["1\n0\n", "", 0]);
    expect(await run("set -e; for i in 1 2; do false && true; done; echo survived")).toEqual(["survived\n", "", 0]);
    expect(await run("set -x; for i in 1; do echo $i; done; while false; do :; done")).toEqual(["1\n", "+ echo 1\n+ false\n", 0]);
    expect(await run("while read l; do echo \"<$l>\"; done <<'EOF'\na\nb\nEOF")).toEqual(["<a>\n<b>\n", "", 0]);
    expect(await run("for ((i=0;i<3;i++)); do echo $i; done; echo $?")).toEqual(["0\n1\n2\n0\n", "", 0]);
    expect(await run("ls -a /dev | grep -c kubelab")).toEqual(["0\n", "", 1]);
  });

  it("yes | head -n 1000000 gives a million lines; bare yes is truncated with a notice", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await timed(s, "yes | head -n 1000000 | wc -l")).stdout).toBe("1000000\n");
    const r = await timed(s, "yes");
    expect(r.stdout.length).toBeLessThanOrEqual(MAX_SHOWN_OUTPUT);
    expect(r.stderr).toMatch(/^kubelab: output truncated \(showed the first 2 MiB of 4 MiB; /);
  });

  it("a 100 000-line file: seq, wc -l, sed -i", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await timed(s, "seq 100000 > f; wc -l f; sed -i 's/^1$/one/' f; head -n 2 f; wc -l < f");
    expect(r.stdout).toBe("100000 f\none\n2\n100000\n");
    expect(r.ms).toBeLessThan(30_000);
  }, 60_000);

  it("a 10 MB single line is refused with a clear message; a 10 MB heredoc too", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await timed(s, "echo " + "A".repeat(10_000_000));
    expect(r.stderr).toMatch(/^kubelab: the command is too long \(9\.5 MiB; one command may have up to 976\.6 KiB\)/);
    expect(r.stdout).toBe("");
    const h = await timed(s, "cat > big.txt <<'EOF'\n" + "line of text here\n".repeat(600_000) + "EOF");
    expect(h.stderr).toMatch(/^kubelab: the command is too long/);
  });

  it("a long multi-line paste runs as commands, carrying variables, and stops at the line limit", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const paste = "export N=1\n" + "N=$((N+1))\n".repeat(3000) + "echo $N\n";
    const r = await timed(s, paste);
    expect(r.stdout).toBe("3001\n");
    expect(r.stderr).toBe("");
    const big = "# a comment line\n".repeat(60_000);
    const b = await timed(s, big);
    expect(b.stderr).toBe("kubelab: stopped the paste after 50000 lines (the lab stops runaway commands)\n");
  }, 60_000);

  it("Ctrl-C ends a long paste between pieces", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const p = s.exec("echo hi\n".repeat(40_000));
    setTimeout(() => s.interrupt(), 50);
    const r = await p;
    expect(r.exitCode).toBe(130);
    expect(r.stdout.length).toBeLessThan(40_000 * 3);
  });

  it("a redirect into a missing folder inside a pipeline is bash's error, not a lab bug (found by fuzzing)", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await timed(s, "cat > /nonexistent/dir/f <<'EOF'\nx\nEOF | head -n 2");
    expect(r.stderr).toBe("bash: /nonexistent/dir/f: No such file or directory\n");
    expect(r.exitCode).toBe(1);
  });

  it("a redirect onto a symlink loop is bash's ELOOP line, not a lab bug (found by the long fuzz run, seed 50)", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("cd /tmp && ln -s loop.yaml loop.yaml");
    const r = await timed(s, "echo x >> loop.yaml | head -n 1");
    expect(r.stderr).toBe("bash: /tmp/loop.yaml: Too many levels of symbolic links\n");
  });

  it("splitPaste cuts only between complete commands", () => {
    const heredoc = "cat <<EOF\n" + "x\n".repeat(2000) + "EOF\n";
    const text = ("echo a\n".repeat(1000) + heredoc).repeat(3);
    const pieces = splitPaste(text, needsMore, 4096, 300);
    expect(pieces.join("")).toBe(text);
    for (const p of pieces) expect(needsMore(p)).toBe(false);
    expect(pieces.length).toBeGreaterThan(3);
  });

  it("messages: limits translated, output capped at a line, lab bugs on one line without JS jargon", () => {
    expect(translateLimitErrors("bash: source: maximum nesting depth (100) exceeded, increase executionLimits.maxSourceDepth\n")).toBe(
      "kubelab: stopped: source: maximum nesting depth (100) exceeded (the lab stops runaway commands)\n",
    );
    const c = capOutput("line\n".repeat(100), "", 52);
    expect(c.stdout).toBe("line\n".repeat(10));
    expect(c.stderr).toMatch(/^kubelab: output truncated/);
    const m = labBugMessage("kubectl", "kubectl get pods", new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(m).toBe('kubelab: lab bug in kubectl (missing value (reading \'x\')) while running "kubectl get pods"; the session goes on — please report this line (kubelab 0.1.0)\n');
    assertNoJsText("m", m.replace("kubelab: lab bug", "lab bug"), "");
  });
});

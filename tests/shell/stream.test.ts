// Output reaches the terminal as commands write it (stream.ts), $? carries across prompt lines.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

async function run(s: LabSession, line: string, onChunk?: (all: string) => void) {
  const chunks: string[] = [];
  const r = await s.exec(line, {
    onOutput: (t) => {
      chunks.push(t);
      onChunk?.(chunks.join(""));
    },
  });
  return { chunks, streamed: chunks.join(""), r };
}

describe("streaming to the terminal", () => {
  it("kubectl get pods -w: the table at once, a row per change, until Ctrl-C", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    let firstAt = -1;
    const { chunks, streamed, r } = await run(s, "kubectl run w --image=nginx; kubectl get pods -w", (all) => {
      if (firstAt < 0 && all.includes("NAME")) firstAt = s.cluster.now();
      if (/\nw +1\/1 +Running/.test(all)) s.interrupt();
    });
    // the first flush: what was written before any time passed; the rows of the changes follow
    expect(chunks[0]).toMatch(/^pod\/w created\nNAME +READY +STATUS +RESTARTS +AGE\nw +0\/1 +Pending +0 +0s\n$/);
    expect(chunks.length).toBeGreaterThan(1);
    const lines = streamed.split("\n").filter(Boolean);
    expect(lines[1]).toBe("NAME   READY   STATUS    RESTARTS   AGE");
    expect(lines[2]).toMatch(/^w      0\/1     Pending   0          0s$/);
    expect(lines.at(-1)).toMatch(/^w +1\/1 +Running +0 +\d+s$/);
    expect(r).toMatchObject({ stdout: "", stderr: "", exitCode: 130 });
    expect((await s.exec("echo $?")).stdout).toBe("130\n");
  });
});

describe("what reaches the terminal, and when", () => {
  it("writes each command's output when it ends, in order; pipes, files and $(…) keep theirs", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const a = await run(s, "echo a; echo b >&2; ls /nope 2>&1 | cat; x=$(echo hi); echo $x; for i in 1 2; do echo $i; done > /tmp/f; cat /tmp/f");
    expect(a.streamed).toBe("a\nb\nls: cannot access '/nope': No such file or directory\nhi\n1\n2\n");
    expect(a.r).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    const b = await run(s, "kubectl get ns default --no-headers > /tmp/ns 2>/dev/null; cat /tmp/ns | wc -l; kubectl get pod nope 2>&1 >/dev/null | tr a-z A-Z");
    expect(b.streamed).toBe("1\nERROR FROM SERVER (NOTFOUND): PODS \"NOPE\" NOT FOUND\n");
  });

  it("the marker of the lab's commands shows nowhere: env, set -x", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const a = await run(s, "set -x; hostname; set +x; sudo env | grep -c KUBELAB");
    // (just-bash hands a command's xtrace line with its stderr, so it follows the command's stdout)
    expect(a.streamed.split("\n").sort()).toEqual(["", "+ hostname", "+ set +x", "0", "controlplane"]);
  });

  it("without a terminal (the headless CLI) kubectl get -w prints the list and returns", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl run w --image=nginx");
    const r = await s.exec("kubectl get pods -w");
    expect(r.stdout).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nw +0\/1 +\S+ +0 +\d+s\n$/);
    expect(r.exitCode).toBe(0);
  });
});

describe("shell state between prompt lines", () => {
  it("$? is the last line's status, per machine; exit without a number returns it", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("false");
    expect((await s.exec("echo $?")).stdout).toBe("1\n");
    expect((await s.exec("echo $?")).stdout).toBe("0\n");
    await s.exec("kubectl get pod nope");
    expect((await s.exec("echo $?")).stdout).toBe("1\n");
    await s.exec("ssh node01");
    expect((await s.exec("echo $?")).stdout).toBe("0\n");
    await s.exec("ls /nope");
    const exit = await s.exec("exit");
    expect(exit.exitCode).toBe(2);
    expect((await s.exec("echo $?")).stdout).toBe("2\n");
  });

  it("variables, exports, cd and aliases carry over", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("export X=1");
    await s.exec("x=5");
    await s.exec("cd /etc");
    await s.exec("alias k=kubectl");
    expect((await s.exec("echo $X $x; pwd")).stdout).toBe("1 5\n/etc\n");
    expect((await s.exec("alias")).stdout).toBe("alias k='kubectl'\n");
  });
});

describe("stdout and stderr in the order written", () => {
  it("kubectl delete --force: the warning comes before the deletion line, as kubectl writes them", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl run x --image=nginx");
    const { streamed, r } = await run(s, "kubectl delete pod x --force --grace-period=0");
    expect(streamed).toBe('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\npod "x" force deleted\n');
    expect(r).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
  });
});

// kubectl logs -f: the log so far, then each line as the container writes it, until the
// container exits or Ctrl-C; without a terminal it prints the log and returns.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

async function term(s: LabSession, line: string, onChunk?: (all: string) => void) {
  const chunks: { t: string; at: number }[] = [];
  const r = await s.exec(line, {
    onOutput: (t) => {
      chunks.push({ t, at: s.cluster.now() });
      onChunk?.(chunks.map((c) => c.t).join(""));
    },
  });
  return { chunks, all: chunks.map((c) => c.t).join(""), r };
}

describe("kubectl logs -f", () => {
  it("follows until the container exits (exit 0), each line when it is written", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`kubectl run job --image=busybox --restart=Never -- sh -c 'echo a; sleep 3; echo b; sleep 3; echo c'`);
    await s.exec("kubectl wait --for=condition=Ready pod/job --timeout=60s");
    const { chunks, all, r } = await term(s, "kubectl logs -f job");
    expect(all).toBe("a\nb\nc\n");
    expect(r).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    const at = (t: string) => chunks.find((c) => c.t.includes(t))!.at;
    expect(at("b\n") - at("a\n")).toBeGreaterThanOrEqual(2500);
    expect(at("c\n") - at("b\n")).toBeGreaterThanOrEqual(2750);
  });

  it("a container that keeps writing: --tail, then new lines until Ctrl-C (130)", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`kubectl run tick --image=busybox -- sh -c 'while true; do echo tick; sleep 1; done'`);
    await s.exec("sleep 20");
    let stopped = false;
    const { chunks, all, r } = await term(s, "kubectl logs -f tick --tail=2 --prefix", (a) => {
      if (!stopped && a.split("\n").length > 5) {
        stopped = true;
        s.interrupt();
      }
    });
    expect(chunks[0].t).toBe("[pod/tick/tick] tick\n[pod/tick/tick] tick\n");
    expect(all).toMatch(/^(\[pod\/tick\/tick\] tick\n){5,}$/);
    expect(r.exitCode).toBe(130);
    expect((await s.exec("echo $?")).stdout).toBe("130\n");
  });

  it("without a terminal (the headless CLI) it prints the log and returns", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`kubectl run tick --image=busybox -- sh -c 'while true; do echo tick; sleep 1; done'`);
    await s.exec("sleep 10");
    const t0 = s.cluster.now();
    const r = await s.exec("kubectl logs -f tick --tail=3");
    expect(r).toMatchObject({ stdout: "tick\ntick\ntick\n", exitCode: 0 });
    expect(s.cluster.now() - t0).toBeLessThan(2000);
  });
});

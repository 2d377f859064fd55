// kubectl run -i/-t/--attach/--rm and kubectl attach: the container's output as it writes it,
// the hint, the exit code, --rm's deletion, Ctrl-C (run.go, attach.go).

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { kubectl } from "../../src/commands/kubectl/index.ts";

async function term(s: LabSession, line: string, onChunk?: (all: string, s: LabSession) => void) {
  const chunks: { t: string; fd: 1 | 2; at: number }[] = [];
  const r = await s.exec(line, {
    onOutput: (t, fd) => {
      chunks.push({ t, fd, at: s.cluster.now() });
      onChunk?.(chunks.map((c) => c.t).join(""), s);
    },
  });
  return { chunks, all: chunks.map((c) => c.t).join(""), r };
}

const LOOP = `sh -c 'echo 1; sleep 1; echo 2; sleep 1; echo 3'`;

describe("kubectl run --attach / -i", () => {
  it("streams the container's lines as it prints them, then --rm deletes the pod; restart Never returns the exit code", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const { chunks, all, r } = await term(s, `kubectl run loop --image=busybox --restart=Never --rm -i -- ${LOOP}`);
    expect(all).toBe(`If you don't see a command prompt, try pressing enter.\n1\n2\n3\npod "loop" deleted\n`);
    expect(r).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    // one line a second, as the process writes them (kubectl looks every 250 ms)
    const at = (t: string) => chunks.find((c) => c.t.includes(t))!.at;
    expect(at("2\n") - at("1\n")).toBeGreaterThanOrEqual(750);
    expect(at("3\n") - at("2\n")).toBeGreaterThanOrEqual(750);
    expect(chunks.find((c) => c.t.startsWith("If you"))!.fd).toBe(2);
    expect((await s.exec("kubectl get pod loop")).stderr).toMatch(/NotFound|not found/);
  });

  it("a failing container: the pod is deleted, then 'pod NS/NAME terminated (Error)' and its exit code", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const { all, r } = await term(s, `kubectl run bad --image=busybox --restart=Never --rm -i -- sh -c 'echo oops; exit 3'`);
    // the deferred deletion runs before CheckErr prints the error
    expect(all).toBe(`If you don't see a command prompt, try pressing enter.\noops\npod "bad" deleted\npod default/bad terminated (Error)\n`);
    expect(r.exitCode).toBe(3);
    expect((await s.exec("echo $?")).stdout).toBe("3\n");
  });

  it("headless (the CLI's lines are typed at the terminal) -i prints the output and the exit code; a piped stdin is no terminal", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec(`kubectl run hi --image=busybox --restart=Never -i -- echo hello`);
    expect(r).toMatchObject({ stdout: "hello\n", stderr: "If you don't see a command prompt, try pressing enter.\n", exitCode: 0 });
    expect((await s.exec("kubectl get pod hi --no-headers")).stdout).toMatch(/^hi +0\/1 +Completed +0 /);
    const t = await s.exec(`echo | kubectl run tt --image=busybox --restart=Never --rm -it -- echo hi`);
    expect(t.stderr).toBe("Unable to use a TTY - input is not a terminal or the right kind of file\nIf you don't see a command prompt, try pressing enter.\n");
    expect(t.stdout).toBe('hi\r\npod "tt" deleted\n');
    const u = await s.exec(`kubectl run tu --image=busybox --restart=Never --rm -it -- echo hi`);
    expect(u).toMatchObject({ stdout: 'hi\r\npod "tu" deleted\n', stderr: "If you don't see a command prompt, try pressing enter.\n", exitCode: 0 });
  });

  it("an image that cannot be pulled: timed out waiting for the condition after --pod-running-timeout; --rm still deletes", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const t0 = s.cluster.now();
    const r = await s.exec(`kubectl run nope --image=busybox:nosuchtag --restart=Never --rm -i --pod-running-timeout=20s -- echo hi`);
    expect(r).toMatchObject({ stdout: 'pod "nope" deleted\n', stderr: "error: timed out waiting for the condition\n", exitCode: 1 });
    expect(s.cluster.now() - t0).toBeGreaterThanOrEqual(20_000);
    expect(s.cluster.now() - t0).toBeLessThan(25_000);
  });

  it("errors of the flags, with kubectl's text", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("kubectl run x --image=busybox --rm -- sleep 1")).stderr).toBe("error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n");
    expect((await s.exec("kubectl run x --image=busybox -t -- sleep 1")).stderr).toBe("error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n");
    expect((await s.exec("kubectl run x --image=busybox -i --dry-run=client -- sleep 1")).stderr).toBe("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples\n");
  });

  it("Ctrl-C while attached: kubectl stops (130), the pod stays even with --rm", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const { all, r } = await term(s, `kubectl run tick --image=busybox --rm -i -- sh -c 'while true; do echo tick; sleep 1; done'`, (all, ss) => {
      if (all.split("tick").length > 3) ss.interrupt();
    });
    expect(all).toMatch(/^If you don't see a command prompt, try pressing enter.\n(tick\n){2,}$/);
    expect(r.exitCode).toBe(130);
    expect((await s.exec("kubectl get pod tick --no-headers")).stdout).toMatch(/^tick +1\/1 +Running/);
  });
  it("Ctrl-C while kubectl waits for the pod: its interrupt handler exits 1, nothing printed, --rm does not run", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const ctl = new AbortController();
    // Ctrl-C five seconds in (the image cannot be pulled, so kubectl is still waiting)
    s.cluster.clock.at(s.cluster.now() + 5000, () => ctl.abort());
    // kubectl's own status (the shell reports 130 for any line ended by Ctrl-C)
    const r = await kubectl.run(["run", "stuck", "--image=busybox:nosuchtag", "--restart=Never", "--rm", "-i", "--", "echo", "hi"], { stdin: "", cwd: "/root", env: {}, signal: ctl.signal, tty: true }, s.lab(s.cluster.machine("controlplane")!));
    expect(r).toEqual({ stdout: "", stderr: "", exitCode: 1 });
    expect((await s.exec("kubectl get pod stuck --no-headers")).stdout).toMatch(/^stuck +0\/1 +(ErrImagePull|ImagePullBackOff)/);
  });
});

describe("kubectl run -it at the terminal", () => {
  it("restart Always: the session-ended line, then --rm's deletion; output through the container's TTY", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const { all, r } = await term(s, `kubectl run tty --image=busybox --rm -it -- ${LOOP}`);
    expect(all).toBe(`If you don't see a command prompt, try pressing enter.\n1\r\n2\r\n3\r\nSession ended, resume using 'kubectl attach tty -c tty -i -t' command when the pod is running\npod "tty" deleted\n`);
    expect(r.exitCode).toBe(0);
  });

  it("an interactive shell: the hint, the container's prompt until exit, then --rm's deletion", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const { all, r } = await term(s, `kubectl run sh --image=busybox --rm -it --restart=Never -- sh`);
    expect(all + r.stdout + r.stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
    expect(s.prompt()).toBe("/ # ");
    expect(r.eofExits).toBe(true);
    expect((await s.exec("hostname")).stdout).toBe("sh\r\n");
    const end = await term(s, "exit");
    expect(end.all + end.r.stdout + end.r.stderr).toBe('pod "sh" deleted\n');
    expect(end.r.exitCode).toBe(0);
    expect(s.prompt()).toBe("controlplane:~$ ");
    expect((await s.exec("kubectl get pod sh")).stderr).toBe('Error from server (NotFound): pods "sh" not found\n');
  });
});

describe("kubectl attach", () => {
  it("streams the running container's output from now on until Ctrl-C", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`kubectl run tick --image=busybox -- sh -c 'while true; do echo tick; sleep 1; done'`);
    await s.exec("sleep 10");
    expect((await s.exec("kubectl logs tick")).stdout.split("\n").filter(Boolean).length).toBeGreaterThan(5);
    const t0 = s.cluster.now();
    const { all, r } = await term(s, "kubectl attach tick", (a, ss) => {
      if (a.split("tick").length > 3) ss.interrupt();
    });
    // only what the container writes after attaching, one line a second
    expect(all).toMatch(/^If you don't see a command prompt, try pressing enter.\n(tick\n)+$/);
    expect(all.split("tick").length - 1).toBeLessThanOrEqual(Math.ceil((s.cluster.now() - t0) / 1000));
    expect(r.exitCode).toBe(130);
  });

  it("errors with kubectl's text", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("kubectl attach")).stderr).toBe("error: at least 1 argument is required for attach\n");
    expect((await s.exec("kubectl attach nope")).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    await s.exec("kubectl run done --image=busybox --restart=Never -- true");
    await s.exec("sleep 10");
    expect((await s.exec("kubectl attach done")).stderr).toBe("error: cannot attach a container in a completed pod; current phase is Succeeded\n");
    await s.exec("kubectl run web --image=nginx");
    await s.exec("sleep 10");
    expect((await s.exec("kubectl attach web -c nope")).stderr).toBe("error: cannot attach to the container: container nope not found in pod web\n");
  });
});

import { describe, expect, it } from "vitest";
import { columns, TerminalController, toCrlf, type ExecReply, type ShellBackend } from "../../src/terminal/controller.ts";
import { fakeNeedsMore, FakeSession } from "./fake-session.ts";
import { until } from "./in-process.ts";
import { Screen } from "./screen.ts";

const P = "controlplane:~$";

function backendOf(session: FakeSession): ShellBackend {
  return {
    needsMore: async (t) => session.needsMore(t),
    exec: async (line): Promise<ExecReply> => {
      const r = await session.exec(line);
      return { ...r, prompt: session.prompt() };
    },
    interrupt: () => session.interrupt(),
    complete: async (text, cursor) => session.complete(text, cursor),
  };
}

function setup(opts: { attach?: boolean } = {}) {
  const screen = new Screen(80);
  const session = new FakeSession();
  const execs: string[] = [];
  const ctl = new TerminalController({ write: (d) => void screen.write(d), prompt: "controlplane:~$ ", onExec: (c) => execs.push(c) });
  ctl.start();
  if (opts.attach !== false) ctl.attach(backendOf(session));
  const last = () => screen.lines()[screen.lines().length - 1];
  return { screen, session, ctl, execs, last, idle: () => until(() => !ctl.isBusy) };
}

describe("terminal controller", () => {
  it("draws the prompt at once and runs a line", async () => {
    const t = setup();
    expect(t.screen.lines()).toEqual([P]);
    t.ctl.input("kubectl get pods\r");
    await t.idle();
    expect(t.screen.lines()).toEqual([`${P} kubectl get pods`, "ran: kubectl get pods", P]);
    expect(t.execs).toEqual(["kubectl get pods"]);
  });

  it("queues type-ahead while the session boots, then runs it in order", async () => {
    const t = setup({ attach: false });
    t.ctl.input("one\r");
    t.ctl.input("two\r");
    t.ctl.input("thr");
    expect(t.screen.lines()).toEqual([`${P} one`]);
    t.ctl.attach(backendOf(t.session));
    await until(() => t.session.execs.length === 2 && !t.ctl.isBusy);
    expect(t.screen.lines()).toEqual([`${P} one`, "ran: one", `${P} two`, "ran: two", `${P} thr`]);
    t.ctl.input("ee\r");
    await t.idle();
    expect(t.session.execs).toEqual(["one", "two", "three"]);
  });

  it("a multi-line paste runs line by line", async () => {
    const t = setup();
    t.ctl.input("a\rb\rc\r");
    await until(() => t.session.execs.length === 3 && !t.ctl.isBusy);
    expect(t.screen.lines()).toEqual([`${P} a`, "ran: a", `${P} b`, "ran: b", `${P} c`, "ran: c", P]);
  });

  it("a paste longer than the type-ahead bound runs its first lines and says where it stopped", async () => {
    const screen = new Screen(80);
    const session = new FakeSession();
    const ctl = new TerminalController({ write: (d) => void screen.write(d), prompt: "controlplane:~$ ", maxTypeaheadLines: 3 });
    ctl.start();
    ctl.attach(backendOf(session));
    ctl.input("a\rb\rc\rd\re\r");
    await until(() => session.execs.length === 3 && !ctl.isBusy);
    expect(session.execs).toEqual(["a", "b", "c"]);
    expect(screen.lines().slice(-3)).toEqual(["ran: c", "kubelab: stopped the paste after 3 lines (the lab stops runaway commands)", P]);
    // the bound is per paste: typing goes on
    ctl.input("f\r");
    await until(() => session.execs.length === 4 && !ctl.isBusy);
    expect(screen.lines().slice(-2)).toEqual(["ran: f", P]);
  });

  it("toCrlf of a long output (typed-array path) is the regex's result", () => {
    for (const s of ["a\nb\r\nc\n", "\n\n\r\n", "é😀\nx", "\r"]) {
      const big = s.repeat(40_000);
      expect(toCrlf(big)).toBe(big.replace(/\r?\n/g, "\r\n"));
    }
  });

  it("a 10 MB paste is parsed in one pass and queued without copying per line", async () => {
    const t = setup();
    const line = "echo " + "0123456789".repeat(9) + "\r";
    const paste = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    const t0 = performance.now();
    t.ctl.input(paste);
    // parsing and queueing 110 000 lines: well under a frame budget of 100 ms on a fast machine, allow 10×
    expect(performance.now() - t0).toBeLessThan(1000);
    await until(() => t.session.execs.length >= 50);
    t.ctl.input("\x03");
    await t.idle();
    const n = t.session.execs.length;
    expect(n).toBeLessThan(110_000);
    expect(t.screen.lines().at(-1)).toBe(P);
  });

  it("collects continuation lines on '> ' and runs the whole command", async () => {
    const t = setup();
    t.ctl.input("cat <<EOF > /tmp/x\r");
    await t.idle();
    expect(t.last()).toBe(">");
    t.ctl.input("hello\rEOF\r");
    await until(() => t.session.execs.length === 1 && !t.ctl.isBusy);
    expect(t.session.execs).toEqual(["cat <<EOF > /tmp/x\nhello\nEOF"]);
    expect(t.screen.lines()).toEqual([`${P} cat <<EOF > /tmp/x`, "> hello", "> EOF", "ran: cat <<EOF > /tmp/x", "hello", "EOF", P]);
    // the whole command is one history entry
    expect(t.ctl.history).toEqual(["cat <<EOF > /tmp/x\nhello\nEOF"]);
    t.ctl.input("echo 'open\r");
    await t.idle();
    t.ctl.input("\x03");
    expect(t.last()).toBe(P);
    t.ctl.input("x\r");
    await t.idle();
    expect(t.session.execs[1]).toBe("x");
  });

  it("a trailing backslash continues", async () => {
    expect(fakeNeedsMore("kubectl get \\")).toBe(true);
    const t = setup();
    t.ctl.input("kubectl get \\\rpods\r");
    await until(() => t.session.execs.length === 1 && !t.ctl.isBusy);
    expect(t.session.execs).toEqual(["kubectl get \\\npods"]);
  });

  it("takes the prompt from the session after each command", async () => {
    const t = setup();
    t.ctl.input("ssh node01\r");
    await t.idle();
    expect(t.last()).toBe("node01:~$");
    t.ctl.input("cd /tmp\r");
    await t.idle();
    expect(t.last()).toBe("node01:/tmp$");
  });

  it("Ctrl-C while a command runs interrupts it and drops type-ahead", async () => {
    const t = setup();
    t.ctl.input("sleep 100\r");
    await until(() => t.session.execs.length === 1);
    t.ctl.input("typed");
    t.ctl.input("\x03");
    await t.idle();
    expect(t.session.interrupts).toBe(1);
    expect(t.screen.lines()).toEqual([`${P} sleep 100`, "^C", P]);
    expect(t.ctl.editor.buffer).toBe("");
  });

  it("output without a final newline is followed by the prompt, and editing keeps it", async () => {
    const t = setup();
    t.ctl.input("printf foo\r");
    await t.idle();
    expect(t.last()).toBe(`foo${P}`);
    t.ctl.input("ab\x7f");
    expect(t.last()).toBe(`foo${P} a`);
  });

  it("survives a backend error", async () => {
    const t = setup();
    t.ctl.input("boom\r");
    await t.idle();
    expect(t.screen.lines()).toEqual([`${P} boom`, "kubelab: internal error: boom", P]);
  });

  it("reset clears the screen and starts again", async () => {
    const t = setup();
    t.ctl.input("one\r");
    await t.idle();
    t.ctl.input("half");
    t.ctl.reset("controlplane:~$ ", null);
    expect(t.screen.lines()).toEqual([P]);
    t.ctl.input("two\r");
    t.ctl.attach(backendOf(t.session));
    await until(() => t.session.execs.length === 2 && !t.ctl.isBusy);
    expect(t.session.execs).toEqual(["one", "two"]);
  });

  it("Tab completes a single candidate inline with a space", async () => {
    const t = setup();
    t.ctl.input("kubec\t");
    await until(() => t.last() === `${P} kubectl`);
    t.ctl.input("get po stat\t");
    await until(() => t.last() === `${P} kubectl get po static-`);
    // several candidates share "static-": a first Tab rings, the second lists them as bash does
    t.ctl.input("\t");
    await new Promise((r) => setTimeout(r, 20));
    expect(t.last()).toBe(`${P} kubectl get po static-`);
    t.ctl.input("\t");
    await until(() => t.screen.lines().length === 3);
    expect(t.screen.lines()).toEqual([`${P} kubectl get po static-`, "static-busybox-controlplane  static-web-controlplane", `${P} kubectl get po static-`]);
    // typing goes on after the listing; keys typed while completing are kept
    t.ctl.input("b\tx");
    await until(() => t.last() === `${P} kubectl get po static-busybox-controlplane x`);
  });

  it("lays out listings in columns, top to bottom", () => {
    expect(columns(["a", "bb", "ccc", "d", "e"], 12)).toBe("a    d\nbb   e\nccc\n");
    expect(columns(["one", "two"], 80)).toBe("one  two\n");
  });
});

describe("output while a command runs", () => {
  it("draws what the command writes as it comes; Ctrl-C ends it with a fresh prompt", async () => {
    const screen = new Screen(80);
    let emit: (d: string) => void = () => undefined;
    let finish: (r: ExecReply) => void = () => undefined;
    const backend: ShellBackend = {
      needsMore: async () => false,
      exec: (_line, onOutput) =>
        new Promise<ExecReply>((res) => {
          emit = onOutput ?? (() => undefined);
          finish = res;
        }),
      interrupt: () => finish({ stdout: "", stderr: "", exitCode: 130, host: "controlplane", cwd: "/root", prompt: "controlplane:~$ " }),
    };
    const ctl = new TerminalController({ write: (d) => void screen.write(d), prompt: "controlplane:~$ " });
    ctl.start();
    ctl.attach(backend);
    ctl.input("kubectl get pods -w\r");
    await until(() => emit !== undefined && ctl.isBusy);
    await new Promise((r) => setTimeout(r, 0));
    emit("NAME   READY   STATUS    RESTARTS   AGE\nw      0/1     Pending   0          0s\n");
    expect(screen.lines()).toEqual([`${P} kubectl get pods -w`, "NAME   READY   STATUS    RESTARTS   AGE", "w      0/1     Pending   0          0s"]);
    emit("w      1/1     Running   0          5s\n");
    expect(screen.lines().at(-1)).toBe("w      1/1     Running   0          5s");
    ctl.input("\x03");
    await until(() => !ctl.isBusy);
    expect(screen.lines().slice(-2)).toEqual(["^C", P]);
  });
});

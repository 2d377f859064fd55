// A lab session: the cluster, one just-bash shell per machine over that machine's
// filesystem, the ssh stack (controlplane → node01 → exit), and the scenario being graded.
// The page runs it in a Web Worker; the CLI and the tests run it in-process.

import { Bash, defineCommand, type CustomCommand } from "just-bash";
import { createCluster, DEFAULT_SPEC, type Cluster, type ClusterSpec } from "../engine/cluster.ts";
import type { Machine } from "../engine/node/machine.ts";
import { ConnectionRefused } from "../engine/api/errors.ts";
import type { ApiClient } from "../engine/api/client.ts";
import { normalizePath } from "../engine/node/fs.ts";
import { NodeFsAdapter } from "./fs-adapter.ts";
import { needsMore } from "./bash-syntax.ts";
import type { Command, InteractiveProgram, LabContext } from "../commands/types.ts";
import { registry } from "../commands/registry.ts";
import { EOF_LINE, type ClusterView, type EditorRequest, type EditorResult, type ExecResult, type GradeResult, type LabSessionApi, type ScenarioInfo } from "./session-api.ts";
import { clusterView, viewVersion } from "./view.ts";
import { dropTickTrace, loopTickPlugin, macrotask } from "../commands/loop-tick.ts";
import { dropTtyTrace, terminalPlugin, TTY_VAR } from "./stream.ts";
import { completeLine, labCompletionSource, type Completion, type CompletionSource } from "./completion.ts";
import { EXECUTION_LIMITS, YES_MAX_BYTES, capOutput, labBugMessage, splitPaste, tooLong, translateLimitErrors, countLines, fsErrorMessage, MAX_PARSE_CHARS, MAX_PASTE_LINES } from "./limits.ts";

export type TimeMode = "virtual" | "real";

// just-bash blocks timer globals while a script runs (defense in depth); the lab's real-time
// waits are host code, so they use the functions captured here, at load time.
const hostSetTimeout = globalThis.setTimeout.bind(globalThis);
const hostClearTimeout = globalThis.clearTimeout.bind(globalThis);

interface Frame {
  host: string;
  cwd: string;
  env: Record<string, string>;
  /** the last command line's exit status ($? on the next line) */
  status: number;
  /** an interactive program has the terminal (kubectl exec -it POD -- sh): the lines typed go to it */
  program?: ProgramFrame;
}

interface ProgramFrame {
  p: InteractiveProgram;
  /** tells the command that started it (kubectl) how it ended */
  resolve(code: number): void;
  /** the command line that started it, waiting for the program to end */
  line: RunningLine;
}

/** A command line typed at the prompt, while it runs. */
interface RunningLine {
  done: Promise<ExecResult>;
  abort: AbortController;
  /** wakes whoever waits for the line when one of its commands hands the terminal to a program */
  wake: ((before: { stdout: string; stderr: string }) => void) | null;
}

/** Where the output of the command line running now goes while it runs (the page's terminal). */
export interface ExecOptions {
  /** called with the text as commands write it to the terminal (stdout and stderr in order) */
  onOutput?: (text: string, fd: 1 | 2) => void;
}

/** Carry $? into the next exec: just-bash starts every exec from its constructor's state. */
function setLastStatus(sh: Bash, code: number): void {
  const st = (sh as unknown as { state?: { lastExitCode?: unknown } }).state;
  if (st && typeof st === "object" && typeof st.lastExitCode === "number") st.lastExitCode = code;
}

export interface SessionOptions {
  seed?: number;
  startMs?: number;
  timeMode: TimeMode;
  spec?: ClusterSpec;
  /** told about every lab bug (a command or the shell threw) with its stack: fuzzing and the page's error log */
  onLabBug?: (err: unknown, where: string, command: string) => void;
  /** real-time waits (the page); defaults to setTimeout */
  realSleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** An API client that is never reachable: kubectl on a machine without a kubeconfig talks to localhost:8080. */
class NoKubeconfig implements ApiClient {
  readonly server = "localhost:8080";
  private fail(): never {
    throw new ConnectionRefused(this.server);
  }
  get = () => this.fail();
  list = () => this.fail();
  create = () => this.fail();
  update = () => this.fail();
  delete = () => this.fail();
  exists = () => this.fail();
}

const decoder = new TextDecoder();
function decodeStdin(s: string): string {
  // just-bash hands stdin as a latin1-shaped byte string
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return decoder.decode(bytes);
}

export function baseEnv(host: string): Record<string, string> {
  return {
    HOME: "/root",
    USER: "root",
    LOGNAME: "root",
    SHELL: "/bin/bash",
    TERM: "xterm-256color",
    LANG: "C.UTF-8",
    HOSTNAME: host,
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin",
    PWD: "/root",
  };
}

/** Output kept across the pieces of a long paste before the rest is skipped. */
const MAX_SHOWN_OUTPUT_TOTAL = 8 * 1024 * 1024;

/** yes [STRING…]: repeats its line; bounded, since pipes here are not lazy (yes | head works). */
const yesCommand = defineCommand("yes", async (args, ctx) => {
  const line = (args.length ? args.join(" ") : "y") + "\n";
  const count = Math.max(1, Math.floor(YES_MAX_BYTES / line.length));
  if (ctx.signal?.aborted) return { stdout: "", stderr: "", exitCode: 130 };
  return { stdout: line.repeat(count), stderr: "", exitCode: 0 };
});

/**
 * Whether a command line is one simple command whose output goes straight to the terminal:
 * no pipe, redirection, command substitution, list or background job outside quotes.
 */
export function writesToTerminal(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
      else if (quote === '"' && (c === "`" || (c === "$" && text[i + 1] === "("))) return false;
      continue;
    }
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ("|><;&`\n".includes(c) || (c === "$" && text[i + 1] === "(")) return false;
  }
  return true;
}

export class LabSession implements LabSessionApi {
  readonly cluster: Cluster;
  private shells = new Map<string, Bash>();
  private terminals = new Map<string, ReturnType<typeof terminalPlugin>>();
  /** the terminal of the exec running now (null: its output is returned when it ends) */
  private out: ExecOptions["onOutput"] | null = null;
  private pending: { text: string; fd: 1 | 2 }[] = [];
  private flushing = false;
  private streamed = 0;
  private dropped = 0;
  private stack: Frame[];
  private abort: AbortController | null = null;
  /** the line typed at the prompt that runs now (or waits for a program it started) */
  private line: RunningLine | null = null;
  /** inside runOn (ssh HOST CMD, scenario steps): no terminal */
  private detached = 0;
  /** the running interactive piece writes straight to the terminal (see writesToTerminal) */
  private ttyPiece = false;
  private scenarioInfo: ScenarioInfo | null = null;
  grader: (() => Promise<GradeResult>) | null = null;
  private editorHandler: ((req: EditorRequest) => Promise<EditorResult>) | null = null;

  constructor(private opts: SessionOptions) {
    this.cluster = createCluster(opts.spec ?? DEFAULT_SPEC, { seed: opts.seed, startMs: opts.startMs });
    const first = [...this.cluster.machines.keys()][0];
    this.stack = [{ host: first, cwd: "/root", env: baseEnv(first), status: 0 }];
  }

  get host(): string {
    const f = this.stack[this.stack.length - 1];
    return f.program ? f.program.p.where().host : f.host;
  }

  get cwd(): string {
    const f = this.stack[this.stack.length - 1];
    return f.program ? f.program.p.where().cwd : f.cwd;
  }

  setScenario(info: ScenarioInfo | null, grader: (() => Promise<GradeResult>) | null): void {
    this.scenarioInfo = info;
    this.grader = grader;
  }

  scenario(): ScenarioInfo | null {
    return this.scenarioInfo;
  }

  programOpen(): boolean {
    return this.stack[this.stack.length - 1].program !== undefined;
  }

  prompt(): string {
    const f = this.stack[this.stack.length - 1];
    if (f.program) return f.program.p.prompt();
    const cwd = f.cwd === "/root" ? "~" : f.cwd.startsWith("/root/") ? "~" + f.cwd.slice(5) : f.cwd;
    return `${f.host}:${cwd}$ `;
  }

  needsMore(text: string): boolean {
    return needsMore(text);
  }

  /** Let time pass for a command (sleep, kubectl delete waiting …). */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.opts.timeMode === "virtual") {
      // advance in steps so a huge sleep stays interruptible and cheap
      let left = ms;
      while (left > 0 && !signal?.aborted) {
        const step = Math.min(left, 60_000);
        this.cluster.advance(step);
        left -= step;
        // at a terminal, let the host run (flush the output, deliver Ctrl-C) after each step
        if (this.out) await macrotask();
        else if (left > 0) await Promise.resolve();
      }
      return;
    }
    const wait = this.opts.realSleep ?? ((t: number, s?: AbortSignal) => new Promise<void>((res) => {
      const id = hostSetTimeout(res, t);
      s?.addEventListener("abort", () => {
        hostClearTimeout(id);
        res();
      });
    }));
    await wait(ms, signal);
  }

  advance(ms: number): void {
    this.cluster.advance(ms);
  }

  interrupt(): void {
    this.abort?.abort();
  }

  lab(machine: Machine): LabContext {
    return {
      cluster: this.cluster,
      machine,
      api: () => {
        const fs = machine.fs;
        const env = this.stack[this.stack.length - 1].env;
        const kubeconfig = env.KUBECONFIG || "/root/.kube/config";
        if (!fs.exists(kubeconfig)) return new NoKubeconfig();
        return this.cluster.api;
      },
      now: () => this.cluster.now(),
      sleep: (ms, signal) => this.sleep(ms, signal),
      resolve: (cwd, path) => (path.startsWith("/") ? normalizePath(path) : normalizePath(`${cwd}/${path}`)),
      openEditor: (path, mode) => this.openEditor(path, mode),
      terminal: (stdin) => this.terminal(stdin),
    };
  }

  /** The terminal, for a command of the line typed at the prompt whose stdin is not redirected. */
  private terminal(stdin: string): ReturnType<NonNullable<LabContext["terminal"]>> {
    const run = this.line;
    if (!run || !run.wake || this.detached > 0 || stdin !== "") return null;
    return {
      take: (program, before) =>
        new Promise<number>((resolve) => {
          const top = this.stack[this.stack.length - 1];
          this.stack.push({ host: top.host, cwd: top.cwd, env: { ...top.env }, status: 0, program: { p: program, resolve, line: run } });
          run.wake?.(before);
        }),
    };
  }

  private commandsFor(machine: Machine): CustomCommand[] {
    const lab = this.lab(machine);
    const wrap = (cmd: Command) =>
      defineCommand(cmd.name, async (args, ctx) => {
        const env: Record<string, string> = {};
        for (const [k, v] of ctx.env) env[k] = v;
        // stream.ts marks the commands whose stdout (1) / stderr (2) is the terminal
        const mark = env[TTY_VAR] !== undefined ? Number(env[TTY_VAR]) : null;
        delete env[TTY_VAR];
        try {
          const exec = ctx.exec ? (line: string) => ctx.exec!(line, { cwd: ctx.cwd, env, stdin: ctx.stdin as unknown as string, stdinKind: "bytes" }) : undefined;
          // stdout is the terminal for a command the stream plugin marked; without the plugin, for a
          // lone command typed at the prompt (not piped, redirected or substituted)
          const tty = mark !== null ? (mark & 1) !== 0 : this.ttyPiece && this.abort !== null;
          const out = this.out && mark !== null ? this.out : null;
          const write = out ? { ...(mark! & 1 ? { stdout: (t: string) => this.toTerminal(1, t) } : {}), ...(mark! & 2 ? { stderr: (t: string) => this.toTerminal(2, t) } : {}) } : undefined;
          // a person at a terminal can press Ctrl-C: watching commands (-w, -f) follow until then;
          // without one (the headless CLI, scripts) they print what there is and return
          const interactive = this.out !== null || this.opts.timeMode === "real";
          const signal = interactive ? (ctx.signal ?? this.abort?.signal) : undefined;
          const r = await cmd.run(args, { stdin: decodeStdin(ctx.stdin as unknown as string), cwd: ctx.cwd, env, signal, exec, tty, ...(write ? { write } : {}) }, lab);
          return r;
        } catch (e) {
          this.opts.onLabBug?.(e, cmd.name, [cmd.name, ...args].join(" "));
          return { stdout: "", stderr: labBugMessage(cmd.name, [cmd.name, ...args].join(" "), e), exitCode: 70 };
        }
      });
    const list = registry(this, machine).map(wrap);
    list.push(yesCommand);
    return list;
  }

  private shell(host: string): Bash {
    let sh = this.shells.get(host);
    if (!sh) {
      const machine = this.cluster.machine(host)!;
      sh = new Bash({
        fs: new NodeFsAdapter(machine.fs, (fd, text) => this.toTerminal(fd, text)),
        cwd: "/root",
        env: baseEnv(host),
        customCommands: this.commandsFor(machine),
        sleep: (ms: number) => this.sleep(ms, this.abort?.signal),
        executionLimits: EXECUTION_LIMITS,
      });
      // loops yield to the host now and then, so Ctrl-C reaches a loop of builtins (loop-tick.ts)
      sh.registerTransformPlugin(loopTickPlugin);
      // output to the terminal as commands write it (stream.ts); armed per line typed at the prompt
      const terminal = terminalPlugin(new Set(registry(this, machine).map((c) => c.name)));
      sh.registerTransformPlugin(terminal);
      this.terminals.set(host, terminal);
      this.shells.set(host, sh);
    }
    return sh;
  }

  setEditorHandler(handler: ((req: EditorRequest) => Promise<EditorResult>) | null): void {
    this.editorHandler = handler;
  }

  readFile(host: string, path: string): string | null {
    const m = this.cluster.machine(host);
    return m?.fs.tryRead(normalizePath(path)) ?? null;
  }

  writeFile(host: string, path: string, content: string): void {
    const m = this.cluster.machine(host);
    if (!m) throw new Error(`no machine named ${host}`);
    m.fs.writeFile(normalizePath(path), content);
    try {
      this.cluster.settle();
    } catch (e) {
      // the file is written; a lab bug reacting to it must not take the page's save down
      this.opts.onLabBug?.(e, "the cluster", `write ${host}:${path}`);
    }
  }

  /** vi/vim/nano: hand the file to the page's editor and wait for it to close. */
  async openEditor(path: string, mode: "vim" | "nano"): Promise<{ saved: boolean } | null> {
    if (!this.editorHandler) return null;
    const host = this.host;
    const text = this.readFile(host, path);
    const res = await this.editorHandler({ host, path, mode, content: text ?? "", exists: text !== null });
    if (res.saved && res.content !== undefined) this.writeFile(host, path, res.content);
    return { saved: res.saved };
  }

  private columns: number | null = null;
  /** The terminal's width: COLUMNS in every frame of the ssh stack and in the frames to come (ls, ps lay out to it). */
  setColumns(cols: number): void {
    if (!Number.isInteger(cols) || cols <= 0) return;
    this.columns = cols;
    for (const f of this.stack) f.env.COLUMNS = String(cols);
  }

  /** ssh to another machine of the cluster (interactive: the prompt moves there). */
  pushHost(host: string): void {
    this.stack.push({ host, cwd: "/root", env: { ...baseEnv(host), ...(this.columns ? { COLUMNS: String(this.columns) } : {}) }, status: 0 });
  }

  /** Text a command wrote to the terminal while the line runs: to the exec's sink, a macrotask at a time. */
  private toTerminal(fd: 1 | 2, text: string): void {
    if (!this.out) return;
    if (fd === 2) text = dropTtyTrace(dropTickTrace(text));
    if (!text) return;
    if (this.streamed + text.length > MAX_SHOWN_OUTPUT_TOTAL) {
      // show the whole lines that still fit (one 16 MiB `kubectl get -o json` showed nothing)
      const room = MAX_SHOWN_OUTPUT_TOTAL - this.streamed;
      const nl = room > 0 ? text.lastIndexOf("\n", room - 1) : -1;
      this.dropped += text.length - (nl + 1);
      if (nl < 0) return;
      text = text.slice(0, nl + 1);
    }
    this.streamed += text.length;
    const last = this.pending[this.pending.length - 1];
    if (last && last.fd === fd) last.text += text;
    else this.pending.push({ text, fd });
    if (this.flushing) return;
    this.flushing = true;
    void macrotask().then(() => this.flushOutput());
  }

  private flushOutput(): void {
    this.flushing = false;
    const out = this.out;
    const chunks = this.pending;
    this.pending = [];
    if (out) for (const c of chunks) out(c.text, c.fd);
  }

  /** Run a command line on a given machine without changing the session (ssh node01 CMD, scenario setup). */
  async runOn(host: string, line: string, stdin?: string, cwd = "/root"): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    const sh = this.shell(host);
    if (line.length > MAX_PARSE_CHARS) return { stdout: "", stderr: tooLong(line.length), exitCode: 2 };
    let r: { stdout: string; stderr: string; exitCode: number };
    const tty = this.ttyPiece;
    this.ttyPiece = false; // ssh HOST CMD has no terminal, nor do scenario steps and checks
    this.detached++;
    try {
      r = await sh.exec(line, { cwd, env: baseEnv(host), rawScript: true, signal: this.abort?.signal, ...(stdin ? { stdin } : {}) });
    } catch (e) {
      this.opts.onLabBug?.(e, "the shell", line);
      r = { stdout: "", stderr: labBugMessage("the shell", line, e), exitCode: 70 };
    } finally {
      this.ttyPiece = tty;
      this.detached--;
    }
    this.cluster.settle();
    const out = capOutput(r.stdout, translateLimitErrors(dropTickTrace(r.stderr)));
    return { stdout: out.stdout, stderr: out.stderr, exitCode: r.exitCode };
  }

  async exec(line: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const top = this.stack[this.stack.length - 1];
    if (top.program) return this.execProgram(top, top.program, line, opts);
    // Ctrl-D reaches the session only while a program has the prompt
    if (line === EOF_LINE) return { stdout: "", stderr: "", exitCode: top.status, host: this.host, cwd: this.cwd };
    const trimmed = line.trim();
    const exitMatch = /^(exit|logout)(\s+(\d+))?$/.exec(trimmed);
    if (exitMatch && this.stack.length > 1) {
      const left = this.stack.pop()!;
      // exit without a number: the status of the last command (ssh returns it)
      const code = exitMatch[3] !== undefined ? Number(exitMatch[3]) & 255 : left.status;
      this.stack[this.stack.length - 1].status = code;
      return { stdout: `logout\nConnection to ${left.host} closed.\n`, stderr: "", exitCode: code, host: this.host, cwd: this.cwd };
    }
    if (!trimmed) return { stdout: "", stderr: "", exitCode: this.stack[this.stack.length - 1].status, host: this.host, cwd: this.cwd };
    const abort = new AbortController();
    const run: RunningLine = { done: Promise.resolve(null as unknown as ExecResult), abort, wake: null };
    run.done = this.runLine(line, opts, abort);
    this.line = run;
    return this.waitLine(run, "");
  }

  /**
   * Wait until the line has run, or until one of its commands hands the terminal to a program:
   * then the program's prompt shows and the lines typed go to it (execProgram); the line goes on
   * when the program ends.
   */
  private async waitLine(run: RunningLine, shown: string): Promise<ExecResult> {
    const r = await new Promise<{ done: ExecResult } | { taken: { stdout: string; stderr: string } }>((resolve) => {
      run.wake = (before) => resolve({ taken: before });
      run.done.then((done) => resolve({ done }), (e: unknown) => resolve({ done: { stdout: "", stderr: labBugMessage("the shell", "", e), exitCode: 70, host: this.host, cwd: this.cwd } }));
    });
    run.wake = null;
    if ("done" in r) {
      if (this.line === run) this.line = null;
      return { ...r.done, stdout: shown + r.done.stdout, host: this.host, cwd: this.cwd };
    }
    // the program has the terminal: what the line printed so far, then its prompt
    this.flushOutput();
    this.abort = null;
    this.out = null;
    return { stdout: shown + r.taken.stdout, stderr: r.taken.stderr, exitCode: 0, host: this.host, cwd: this.cwd, eofExits: true };
  }

  /** A line typed while a program has the terminal (Ctrl-D: EOF_LINE). */
  private async execProgram(frame: Frame, prog: ProgramFrame, line: string, opts: ExecOptions): Promise<ExecResult> {
    const abort = (this.abort = new AbortController());
    // at a terminal, sleeps in the line let the host run (Ctrl-C reaches them)
    this.out = opts.onOutput ?? null;
    let r: { output: string; status: number; exit?: number };
    try {
      const died = prog.p.ended();
      if (died !== undefined) r = { output: "", status: died, exit: died };
      else if (line.length > MAX_PARSE_CHARS) r = { output: tooLong(line.length), status: 2 };
      else if (line === EOF_LINE) r = await prog.p.eof();
      else if (!line.trim()) r = { output: "", status: frame.status };
      else r = await prog.p.line(line, { signal: abort.signal });
    } catch (e) {
      this.opts.onLabBug?.(e, "the container's shell", line);
      r = { output: labBugMessage("the container's shell", line, e), status: 70 };
    } finally {
      this.abort = null;
      this.out = null;
    }
    try {
      this.cluster.settle();
    } catch (e) {
      this.opts.onLabBug?.(e, "the cluster", line);
    }
    const shown = capOutput(r.output, "");
    r.output = shown.stdout + shown.stderr;
    if (r.exit === undefined) {
      frame.status = r.status;
      return { stdout: r.output, stderr: "", exitCode: r.status, host: this.host, cwd: this.cwd, eofExits: true };
    }
    // the program ended: back to the prompt it was started from, and its command (kubectl) goes on
    const i = this.stack.indexOf(frame);
    if (i >= 0) this.stack.splice(i, 1);
    const run = prog.line;
    this.out = opts.onOutput ?? null;
    this.abort = run.abort;
    prog.resolve(r.exit);
    return this.waitLine(run, r.output);
  }

  /** The line in the frame's shell (a long paste in pieces); the result when it has run. */
  private async runLine(line: string, opts: ExecOptions, abort: AbortController): Promise<ExecResult> {
    this.abort = abort;
    let stdout = "";
    let stderr = "";
    let exitCode = 0;
    this.out = opts.onOutput ?? null;
    this.streamed = 0;
    this.dropped = 0;
    try {
      // a paste longer than the parser takes runs as a sequence of complete commands
      const pieces = splitPaste(line, needsMore);
      let lines = 0;
      for (let i = 0; i < pieces.length; i++) {
        if (i > 0) {
          lines += countLines(pieces[i - 1]);
          if (lines >= MAX_PASTE_LINES) {
            stderr += `kubelab: stopped the paste after ${lines} lines (the lab stops runaway commands)\n`;
            exitCode = 126;
            break;
          }
          // let the host deliver Ctrl-C (and stay responsive) between pieces
          await new Promise<void>((res) => hostSetTimeout(res, 0));
          if (abort.signal.aborted) break;
        }
        const r = await this.execPiece(this.stack[this.stack.length - 1], pieces[i], abort.signal);
        stdout += r.stdout;
        stderr += r.stderr;
        exitCode = r.exitCode;
        if (stdout.length > MAX_SHOWN_OUTPUT_TOTAL || stderr.length > MAX_SHOWN_OUTPUT_TOTAL) break;
      }
    } finally {
      this.abort = null;
      this.flushOutput();
      this.out = null;
    }
    if (this.dropped) stderr += `kubelab: output truncated (showed the first ${MAX_SHOWN_OUTPUT_TOTAL / 1024 / 1024} MiB of ${((this.streamed + this.dropped) / 1024 / 1024).toFixed(1)} MiB; redirect it to a file and use head, tail or grep)\n`;
    if (abort.signal.aborted) {
      // Ctrl-C: bash prints nothing (the terminal echoes ^C) and the status is 128 + SIGINT
      stderr = stderr.replace(/(^|\n)bash: execution aborted\n?$/, "$1");
      exitCode = 130;
    }
    const frame = this.stack[this.stack.length - 1];
    frame.status = exitCode;
    const out = capOutput(stdout, translateLimitErrors(dropTtyTrace(dropTickTrace(stderr))));
    return { stdout: out.stdout, stderr: out.stderr, exitCode, host: this.host, cwd: this.cwd };
  }

  /** One complete command text in the frame's shell; carries env and cwd on. */
  private async execPiece(frame: Frame, text: string, signal: AbortSignal): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    if (text.length > MAX_PARSE_CHARS) return { stdout: "", stderr: tooLong(text.length), exitCode: 2 };
    const sh = this.shell(frame.host);
    this.ttyPiece = writesToTerminal(text);
    let r: { stdout: string; stderr: string; exitCode: number; env?: Record<string, string> };
    const terminal = this.terminals.get(frame.host)!;
    terminal.arm(this.out !== null);
    setLastStatus(sh, frame.status);
    try {
      r = await sh.exec(text, { cwd: frame.cwd, env: frame.env, replaceEnv: true, rawScript: true, signal });
    } catch (e) {
      const fsErr = fsErrorMessage(e);
      if (fsErr) r = { stdout: "", stderr: fsErr, exitCode: 1 };
      else {
        this.opts.onLabBug?.(e, "the shell", text);
        r = { stdout: "", stderr: labBugMessage("the shell", text, e), exitCode: 70 };
      }
    } finally {
      terminal.arm(false);
    }
    if (this.stack.includes(frame)) frame.status = r.exitCode;
    try {
      this.cluster.settle();
    } catch (e) {
      this.opts.onLabBug?.(e, "the cluster", text);
      r = { ...r, stderr: r.stderr + labBugMessage("the cluster", text, e), exitCode: r.exitCode || 70 };
    }
    if (r.env && this.stack.includes(frame)) {
      frame.env = { ...r.env };
      if (r.env.PWD && this.cluster.machine(frame.host)!.fs.isDir(r.env.PWD)) frame.cwd = r.env.PWD;
    }
    return r;
  }

  async grade(): Promise<GradeResult> {
    this.cluster.settle();
    if (!this.grader) return { passed: false, score: 0, total: 0, checks: [] };
    return this.grader();
  }

  /** Tab: candidates for the word before the cursor, on the current machine. */
  complete(text: string, cursor: number): Completion {
    const f = this.stack[this.stack.length - 1];
    if (f.program) {
      // a container's shell: its programs and files, nothing of the node's or the cluster's
      const files = f.program.p.files?.();
      if (!files) return { from: cursor, candidates: [] };
      const none = { name: "kubectl" } as ReturnType<CompletionSource["kubectl"]>;
      return completeLine(text, cursor, { cwd: files.cwd, home: files.home, commands: () => files.commands, listDir: files.listDir, resourceTypes: () => [], objectNames: () => [], defaultNamespace: () => "default", hosts: () => [], kubectl: () => none });
    }
    const machine = this.cluster.machine(f.host)!;
    const commands = registry(this, machine).map((c) => c.name);
    return completeLine(text, cursor, labCompletionSource({ cluster: this.cluster, machine, cwd: f.cwd, env: f.env, commands, lab: this.lab(machine) }));
  }

  view(): ClusterView {
    return clusterView(this.cluster);
  }

  viewVersion(): string {
    return viewVersion(this.cluster);
  }

  /** A read-only tool call on controlplane for the page (describe from the cluster view). */
  run(line: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
    return this.runOn([...this.cluster.machines.keys()][0], line);
  }
}

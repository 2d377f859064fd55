// A container's `sh -c` script, run in virtual time. The kubelet computes a container's
// ProcessPlan (timed output, file writes, listens, exit) synchronously when it starts the
// container, so the script cannot run through just-bash's async interpreter; it is parsed by
// just-bash's parser (the terminal's shell grammar) and evaluated here, one command after the
// other, with `sleep` moving a clock instead of waiting. The shell is busybox ash (the images
// students use in pod specs); invoked as `bash`, errors read like bash's.

import { Bash } from "just-bash";
import type { CommandNode, PipelineNode, ScriptNode, SimpleCommandNode, StatementNode, WordNode } from "just-bash";
import type { FileOp, ProcStep, ProcessEnv, ProcessPlan } from "./processes.ts";

let parser: Bash | undefined;
/**
 * just-bash's parser. Its browser bundle (the page's worker) exports no `parse`, so the parser is
 * reached through Bash.transform: parse (and re-serialize) without running anything.
 */
function parse(src: string): ScriptNode {
  return (parser ??= new Bash()).transform(src).ast;
}

type WordPart = WordNode["parts"][number];
type Part<T extends WordPart["type"]> = Extract<WordPart, { type: T }>;
type Node<T extends CommandNode["type"]> = Extract<CommandNode, { type: T }>;
type Redirection = SimpleCommandNode["redirections"][number];
type ArithExpr = Part<"ArithmeticExpansion">["expression"]["expression"];
type CondExpr = Node<"ConditionalCommand">["expression"];
type ParamOp = NonNullable<Part<"ParameterExpansion">["operation"]>;
type Compound = Node<"FunctionDef">["body"];

/** What the script's world offers beyond the container (network, mounted volumes): the kubelet may pass it. */
export interface ScriptWorld {
  /** a file of the container's image or volumes (configMap, secret, emptyDir …); undefined: no such file */
  readFile?(path: string): string | undefined;
  /**
   * A command that needs the cluster (wget, nc, nslookup, ping …), run `at` ms after the
   * container started. undefined: not modelled (the command prints nothing and succeeds).
   */
  run?(argv: string[], stdin: string, at: number): WorldResult | undefined;
  /** whether the container's image has the program (undefined: not known) */
  has?(program: string): boolean | undefined;
  /** a directory of the container's volumes (a hostPath or PersistentVolume mount point and what is under it) */
  isDir?(path: string): boolean;
  /** run() may answer differently before this offset (the network changed then): a loop round that started earlier is not taken as steady */
  steadyFrom?: number;
  /** the container's stdin is kept open (spec.stdin: kubectl run -i/-it): a shell without a script waits on it */
  stdinOpen?: boolean;
}

/** A program run by the world: its output, printed when it ends (ms after it started), and lines it prints meanwhile. */
export interface WorldResult {
  stdout: string;
  stderr: string;
  code: number;
  /** virtual ms the program takes (a connection that times out): the script's clock moves on by it */
  ms?: number;
  /** lines printed before the end (ping's replies), at ms after the start */
  timed?: { at: number; stream: "stdout" | "stderr"; text: string }[];
  /** files the program wrote (wget -O), relative to the script's working directory */
  writes?: { path: string; content: string }[];
  /** the program runs on after its timed lines (ping without -c): the script never gets past it */
  forever?: boolean;
}

/** network clients the world runs even when the shell's busybox would not have them (curlimages/curl) */
const NET_CLIENTS = new Set(["curl", "wget", "nslookup", "nc", "ping", "ping6"]);

export interface ScriptOptions {
  /** the shell's name as invoked: sh, ash or bash (error message style, brace expansion) */
  shell: string;
  /** options given before -c (sh -ec …): e, x */
  flags?: string;
  /** $0 and the positional parameters after `sh -c SCRIPT` */
  argv0?: string;
  args?: string[];
  /** the image's server programs (nginx, httpd …) a script may start or exec */
  program?: (argv: string[]) => ProcessPlan | undefined;
  world?: ScriptWorld;
}

export const HORIZON_MS = 6 * 3600_000;
/** distinct output moments before a script counts as running on forever */
export const MAX_STEPS = 5000;
/** commands (simple commands and loop rounds) without the clock moving: a busy loop runs forever */
const MAX_BUSY = 20_000;
/** commands in all: a loop of short sleeps is cut there (the plan then runs on silently) */
const MAX_COMMANDS = 200_000;
/** bytes printed or captured before output counts as unbounded */
const MAX_OUTPUT = 256 * 1024;
const MAX_DEPTH = 200;

// ---- control flow, as exceptions ----
class Exit {
  constructor(public code: number) {}
}
/** the script runs past the horizon or the budget: it never exits on its own */
class Forever {}
class Flow {
  constructor(public kind: "break" | "continue", public n: number) {}
}
class Return {
  constructor(public code: number) {}
}
/** an error that ends a non-interactive shell (syntax, arithmetic, ${x?}) */
class Fatal {
  constructor(public msg: string, public code: number) {}
}

interface Sink {
  write(text: string, at: number): void;
  capture?: { buf: string };
}

class Stdin {
  pos = 0;
  constructor(public buf: string) {}
  rest(): string {
    const r = this.buf.slice(this.pos);
    this.pos = this.buf.length;
    return r;
  }
  line(): string | undefined {
    if (this.pos >= this.buf.length) return undefined;
    const nl = this.buf.indexOf("\n", this.pos);
    const end = nl < 0 ? this.buf.length : nl;
    const l = this.buf.slice(this.pos, end);
    this.pos = nl < 0 ? end : end + 1;
    return l;
  }
}

const BUSYBOX = new Set(
  ("[ [[ ash awk base64 basename bc cal cat chgrp chmod chown chroot clear cmp cp cut date dc dd df diff dirname dmesg dnsdomainname du echo egrep env " +
    "expand expr factor false fgrep find fold free getopt grep groups gunzip gzip head hexdump hostid hostname httpd id ifconfig ip ipcalc kill killall less " +
    "link ln logger logname ls lsof md5sum mkdir mkfifo mknod mktemp more mount mv nc netstat nice nl nohup nproc nslookup od paste patch pidof ping ping6 " +
    "printenv printf ps pwd readlink realpath renice rev rm rmdir route sed seq sh sha1sum sha256sum sha512sum shuf sleep sort split stat strings stty su sync " +
    "sysctl tac tail tar tee telnet test time timeout top touch tr traceroute true truncate tty uname uniq unlink unzip uptime usleep uudecode uuencode vi " +
    "watch wc wget which who whoami xargs xxd yes zcat").split(" "),
);

const STD_DIRS = new Set(["/", "/bin", "/dev", "/etc", "/home", "/proc", "/root", "/sys", "/tmp", "/usr", "/usr/bin", "/usr/sbin", "/var", "/var/log", "/var/run", "/sbin", "/lib", "/mnt", "/opt", "/run", "/srv", "/var/tmp"]);

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** Shared by the main shell and its subshells / background jobs. */
class Run {
  plan: ProcessPlan;
  commands = 0;
  busy = 0;
  /** steps and file ops before these indexes take no more text (a loop round starts there) */
  sealedSteps = 0;
  sealedFiles = 0;
  output = 0;
  files = new Map<string, string>();
  dirs = new Set<string>();
  bgEnds: number[] = [];
  nextPid = 7;
  seed: number;
  bash: boolean;
  constructor(plan: ProcessPlan, public penv: ProcessEnv, public opts: ScriptOptions) {
    this.plan = plan;
    this.bash = opts.shell === "bash";
    let h = 2166136261;
    for (const ch of penv.hostname ?? "") h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    this.seed = h >>> 0;
  }
  step(stream: "stdout" | "stderr", text: string, at: number, steps: ProcStep[] = this.plan.steps): void {
    if (!text) return;
    this.output += text.length;
    if (this.output > MAX_OUTPUT) throw new Forever();
    const last = steps.length > this.sealedSteps || steps !== this.plan.steps ? steps[steps.length - 1] : undefined;
    if (last && last.at === at && last.stream === stream) last.text += text;
    else {
      if (steps.length >= MAX_STEPS) throw new Forever();
      steps.push({ at, stream, text });
    }
  }
  fileOp(op: FileOp): void {
    const files = (this.plan.files ??= []);
    const last = files.length > this.sealedFiles ? files[files.length - 1] : undefined;
    if (last && op.append && op.content !== undefined && last.path === op.path && last.at === op.at && last.content !== undefined) last.content += op.content;
    else {
      if (files.length >= MAX_STEPS) throw new Forever();
      files.push(op);
    }
    if (op.content === undefined) this.files.delete(op.path);
    else this.files.set(op.path, (op.append ? this.files.get(op.path) ?? "" : "") + op.content);
  }
  readFile(path: string): string | undefined {
    if (this.files.has(path)) return this.files.get(path);
    if (path === "/etc/hostname") return this.penv.hostname + "\n";
    return this.opts.world?.readFile?.(path);
  }
  isDir(path: string): boolean {
    return STD_DIRS.has(path) || this.dirs.has(path) || [...this.files.keys()].some((f) => f.startsWith(path === "/" ? "/" : path + "/")) || !!this.opts.world?.isDir?.(path);
  }
  random(): number {
    this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
    return (this.seed >>> 16) & 0x7fff;
  }
}

/**
 * Shell variables. A subshell's are a layer over its parent's (a fork copies nothing): the
 * parent does not run while its child does, so the layer sees exactly the values at the fork.
 */
class Vars {
  private own = new Map<string, string | undefined>();
  constructor(private parent?: Vars, private depth = 0) {}
  get(k: string): string | undefined {
    if (this.own.has(k)) return this.own.get(k);
    return this.parent?.get(k);
  }
  has(k: string): boolean {
    return this.get(k) !== undefined;
  }
  set(k: string, value: string): void {
    this.own.set(k, value);
  }
  delete(k: string): void {
    if (this.parent) this.own.set(k, undefined);
    else this.own.delete(k);
  }
  child(): Vars {
    if (this.depth < 8) return new Vars(this, this.depth + 1);
    const flat = new Vars();
    for (const [k, v] of this.entries()) flat.own.set(k, v);
    return new Vars(flat, 1);
  }
  /** name, value: the oldest definitions first, as the environment was built */
  entries(): [string, string][] {
    const merged = new Map<string, string | undefined>(this.parent ? this.parent.layers() : []);
    for (const [k, x] of this.own) merged.set(k, x);
    return [...merged].filter((e): e is [string, string] => e[1] !== undefined);
  }
  private layers(): Map<string, string | undefined> {
    const merged = new Map<string, string | undefined>(this.parent ? this.parent.layers() : []);
    for (const [k, x] of this.own) merged.set(k, x);
    return merged;
  }
}

/** The exported names, layered like Vars. */
class Names {
  constructor(private vars = new Vars()) {}
  has(k: string): boolean {
    return this.vars.has(k);
  }
  add(k: string): void {
    this.vars.set(k, "");
  }
  delete(k: string): void {
    this.vars.delete(k);
  }
  keys(): string[] {
    return this.vars.entries().map(([k]) => k);
  }
  child(): Names {
    return new Names(this.vars.child());
  }
}

interface Fds {
  1: Sink;
  2: Sink;
}

/** One shell process: the main shell, a subshell, a pipeline part or a background job. */
class Shell {
  t = 0;
  vars = new Vars();
  exported = new Names();
  positional: string[] = [];
  status = 0;
  funcs = new Map<string, Compound>();
  traps = new Map<string, string>();
  fds: Fds;
  stdin = new Stdin("");
  cwd = "/";
  errexit = false;
  xtrace = false;
  cond = 0;
  depth = 0;
  locals: Map<string, string | undefined>[] = [];
  lastBg = "";
  lineno = 1;
  /** loops around the running command (break/continue outside one do nothing) */
  loops = 0;
  /** the process exec'd over the shell */
  execd?: ProcessPlan;
  /** the longest foreground command the shell waited for, ms (a SIGTERM trap waits for it) */
  longestWait = 0;

  constructor(public run: Run, fds?: Fds) {
    this.fds = fds ?? { 1: this.planSink("stdout"), 2: this.planSink("stderr") };
  }

  planSink(stream: "stdout" | "stderr"): Sink {
    return { write: (text, at) => this.run.step(stream, text, at) };
  }

  fork(): Shell {
    const s = new Shell(this.run, { ...this.fds });
    s.t = this.t;
    s.vars = this.vars.child();
    s.exported = this.exported.child();
    s.positional = [...this.positional];
    s.status = this.status;
    s.funcs = new Map(this.funcs);
    s.traps = this.traps.size ? new Map([...this.traps].filter(([, v]) => v === "")) : new Map();
    s.stdin = this.stdin;
    s.cwd = this.cwd;
    s.errexit = this.errexit;
    s.xtrace = this.xtrace;
    s.depth = this.depth;
    return s;
  }

  /** Run a forked shell to its end; its exit status. */
  sub(s: Shell, body: () => number): number {
    try {
      return body();
    } catch (e) {
      if (e instanceof Exit) return e.code;
      if (e instanceof Fatal) {
        s.err(e.msg);
        return e.code;
      }
      if (e instanceof Flow || e instanceof Return) return s.status;
      throw e;
    } finally {
      this.t = Math.max(this.t, s.t);
    }
  }

  out(text: string): void {
    this.fds[1].write(text, this.t);
  }
  err(text: string): void {
    this.fds[2].write(text, this.t);
  }
  /** "sh: " or "bash: " */
  get me(): string {
    return this.run.bash ? "bash: " : "sh: ";
  }
  /** a builtin's error: ash names the line (counted from 0 in -c text), bash the builtin */
  builtinError(cmd: string, msg: string): string {
    return this.run.bash ? `bash: line ${this.lineno}: ${cmd}: ${msg}\n` : `sh: ${cmd}: line ${this.lineno - 1}: ${msg}\n`;
  }

  tick(): void {
    if (++this.run.commands > MAX_COMMANDS || ++this.run.busy > MAX_BUSY) throw new Forever();
  }

  /** A foreground wait: a signal's trap runs only after it. */
  sleep(ms: number, interruptible = false): void {
    if (!interruptible) this.longestWait = Math.max(this.longestWait, ms);
    if (ms > 0) this.run.busy = 0;
    this.t += ms;
    if (this.t > HORIZON_MS) throw new Forever();
  }

  // ---- variables ----
  get(name: string): string | undefined {
    switch (name) {
      case "?":
        return String(this.status);
      case "$":
        return "1";
      case "#":
        return String(this.positional.length);
      case "@":
      case "*":
        return this.positional.join(name === "*" ? this.ifsFirst() : " ");
      case "0":
        return this.run.opts.argv0 ?? this.run.opts.shell;
      case "!":
        return this.lastBg;
      case "-":
        return this.errexit ? (this.xtrace ? "ex" : "e") : this.xtrace ? "x" : "";
      case "RANDOM":
        if (!this.vars.has("RANDOM")) return String(this.run.random());
        break;
      case "LINENO":
        return String(this.lineno);
    }
    if (/^\d+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name);
  }
  set(name: string, value: string): void {
    this.vars.set(name, value);
  }
  ifsFirst(): string {
    const ifs = this.vars.get("IFS");
    return ifs === undefined ? " " : ifs.slice(0, 1);
  }
  env(extra?: Map<string, string>): [string, string][] {
    const out: [string, string][] = [];
    for (const k of this.exported.keys()) {
      const v = extra?.get(k) ?? this.vars.get(k);
      if (v !== undefined) out.push([k, v]);
    }
    for (const [k, v] of extra ?? []) if (!this.exported.has(k)) out.push([k, v]);
    return out;
  }

  path(p: string): string {
    const abs = p.startsWith("/") ? p : (this.cwd === "/" ? "" : this.cwd) + "/" + p;
    const parts: string[] = [];
    for (const seg of abs.split("/")) {
      if (!seg || seg === ".") continue;
      if (seg === "..") parts.pop();
      else parts.push(seg);
    }
    return "/" + parts.join("/");
  }

  // ---- statements ----
  list(stmts: StatementNode[]): number {
    for (const s of stmts) this.statement(s);
    return this.status;
  }

  statement(s: StatementNode): void {
    if (s.deferredError) throw new Fatal(syntaxError(s.deferredError.message, this.run.bash), 2);
    if (s.background) {
      this.background(s);
      return;
    }
    let status = this.pipeline(s.pipelines[0]);
    let ran = true;
    for (let i = 1; i < s.pipelines.length; i++) {
      const op = s.operators[i - 1];
      if ((op === "&&" && status !== 0) || (op === "||" && status === 0)) {
        ran = false;
        continue;
      }
      ran = true;
      status = this.pipeline(s.pipelines[i]);
    }
    this.status = status;
    const last = s.pipelines[s.pipelines.length - 1];
    if (this.errexit && status !== 0 && this.cond === 0 && ran && !last.negated && s.operators[s.operators.length - 1] !== "||") throw new Exit(status);
  }

  background(s: StatementNode): void {
    const job = this.fork();
    job.stdin = new Stdin("");
    const pid = String(this.run.nextPid++);
    this.lastBg = pid;
    try {
      job.sub(job, () => job.list([{ ...s, background: false }]));
      this.run.bgEnds.push(job.t);
    } catch (e) {
      if (!(e instanceof Forever)) throw e;
      this.run.bgEnds.push(Infinity);
    }
    this.status = 0;
  }

  pipeline(p: PipelineNode): number {
    let status: number;
    if (p.commands.length === 1) status = this.command(p.commands[0]);
    else {
      let input = this.stdin;
      status = 0;
      for (let i = 0; i < p.commands.length; i++) {
        const part = this.fork();
        part.stdin = input;
        const lastPart = i === p.commands.length - 1;
        let cap: { buf: string } | undefined;
        if (!lastPart) {
          cap = { buf: "" };
          const c = cap;
          part.fds = { ...part.fds, 1: captureSink(c, this.run) };
          if (p.pipeStderr?.[i]) part.fds[2] = part.fds[1];
        }
        try {
          status = this.sub(part, () => part.command(p.commands[i]));
        } catch (e) {
          // a producer that never ends: its consumer reads what it wrote so far, then waits on
          if (!(e instanceof Forever) || lastPart) throw e;
          this.t = part.t;
          const rest = this.fork();
          rest.stdin = new Stdin(cap!.buf);
          this.sub(rest, () => rest.pipeline({ ...p, commands: p.commands.slice(i + 1), negated: false }));
          throw e;
        }
        if (cap) input = new Stdin(cap.buf);
      }
    }
    if (p.negated) status = status === 0 ? 1 : 0;
    this.status = status;
    return status;
  }

  condition(stmts: StatementNode[]): number {
    this.cond++;
    try {
      return this.list(stmts);
    } finally {
      this.cond--;
    }
  }

  command(c: CommandNode): number {
    switch (c.type) {
      case "SimpleCommand":
        return this.simple(c);
      case "FunctionDef":
        this.funcs.set(c.name, c.body);
        return (this.status = 0);
      default:
        return this.redirected(c.redirections, () => this.compound(c));
    }
  }

  compound(c: Compound | Node<"ArithmeticCommand"> | Node<"ConditionalCommand">): number {
    switch (c.type) {
      case "If": {
        for (const cl of c.clauses) {
          if (this.condition(cl.condition) === 0) return this.list(cl.body);
        }
        if (c.elseBody) return this.list(c.elseBody);
        return (this.status = 0);
      }
      case "For": {
        const words = c.words === null ? [...this.positional] : c.words.flatMap((w) => this.fields(w));
        this.status = 0;
        for (const w of words) {
          this.set(c.variable, w);
          const f = this.loopBody(c.body);
          if (f === "break") break;
        }
        return this.status;
      }
      case "CStyleFor": {
        if (c.init) this.arith(c.init.expression);
        this.status = 0;
        for (;;) {
          this.tick();
          if (c.condition && this.arith(c.condition.expression) === 0) break;
          if (this.loopBody(c.body) === "break") break;
          if (c.update) this.arith(c.update.expression);
        }
        return this.status;
      }
      case "While":
      case "Until": {
        let status = 0;
        let last: string | undefined;
        for (let n = 1; ; n++) {
          const round = this.startRound();
          this.tick();
          const r = this.condition(c.condition);
          if (c.type === "While" ? r !== 0 : r === 0) break;
          const f = this.loopBody(c.body);
          status = this.status;
          if (f === "break") break;
          // compare rounds 1-8, then pairs at powers of two (cheap for loops that count)
          const check = n <= 8 || (n & (n - 1)) === 0 || ((n - 1) & (n - 2)) === 0;
          const sig = check ? this.roundSignature(round) : undefined;
          if (sig !== undefined && sig === last && round.t >= (this.run.opts.world?.steadyFrom ?? 0)) this.repeatForever(round);
          last = sig;
        }
        return (this.status = status);
      }
      case "Case": {
        const word = this.string(c.word);
        this.status = 0;
        let fall = false;
        for (const item of c.items) {
          if (!fall && !item.patterns.some((p) => globMatch(this.pattern(p), word))) continue;
          this.list(item.body);
          if (item.terminator === ";&") fall = true;
          else if (item.terminator === ";;&") fall = false;
          else break;
        }
        return this.status;
      }
      case "Subshell": {
        const s = this.fork();
        return (this.status = this.sub(s, () => s.list(c.body)));
      }
      case "Group":
        return this.list(c.body);
      case "ArithmeticCommand":
        return (this.status = this.arith(c.expression.expression) !== 0 ? 0 : 1);
      case "ConditionalCommand":
        return (this.status = this.condExpr(c.expression) ? 0 : 1);
    }
  }

  // ---- steady loops ----
  // A loop round that starts and ends in the same state, printing the same lines at the same
  // offsets, repeats forever: the rest of the plan is copied instead of evaluated.
  startRound(): { t: number; steps: number; files: number } {
    const run = this.run;
    run.sealedSteps = run.plan.steps.length;
    run.sealedFiles = run.plan.files?.length ?? 0;
    return { t: this.t, steps: run.sealedSteps, files: run.sealedFiles };
  }

  roundSignature(round: { t: number; steps: number; files: number }): string | undefined {
    const run = this.run;
    if (this.fds[1].capture || this.fds[2].capture || run.bgEnds.length) return undefined;
    let size = 0;
    for (const v of run.files.values()) size += v.length;
    if (size > 4096) return undefined;
    const steps = run.plan.steps.slice(round.steps).map((x) => [x.at - round.t, x.stream, x.text]);
    const files = (run.plan.files ?? []).slice(round.files).map((f) => [f.at - round.t, f.path, f.content ?? null, !!f.append]);
    return JSON.stringify([this.t - round.t, this.status, steps, files, this.vars.entries(), [...run.files], [...run.dirs], this.cwd, run.seed, this.stdin.pos, this.positional, this.funcs.size, this.exported.keys(), this.errexit]);
  }

  repeatForever(round: { t: number; steps: number; files: number }): never {
    const run = this.run;
    const period = this.t - round.t;
    const steps = run.plan.steps.slice(round.steps);
    const files = (run.plan.files ?? []).slice(round.files);
    for (let k = 1; ; k++) {
      const shift = k * period;
      // a busy round printing nothing runs on silently; a round's copies stop at the output limits
      if (round.t + shift + period > HORIZON_MS || (period === 0 && !steps.length) || k > MAX_COMMANDS) throw new Forever();
      run.sealedSteps = run.plan.steps.length;
      run.sealedFiles = run.plan.files?.length ?? 0;
      for (const x of steps) run.step(x.stream, x.text, x.at + shift);
      for (const f of files) run.fileOp({ ...f, at: f.at + shift });
      this.t = round.t + shift + period;
    }
  }

  loopBody(body: StatementNode[]): "break" | "continue" | undefined {
    this.loops++;
    try {
      this.list(body);
      return undefined;
    } catch (e) {
      if (!(e instanceof Flow)) throw e;
      if (e.n > 1) throw new Flow(e.kind, e.n - 1);
      return e.kind;
    } finally {
      this.loops--;
    }
  }

  // ---- redirections ----
  /** Apply redirections around body; an unopenable file fails the command with status 1. */
  redirected(rs: Redirection[], body: () => number): number {
    if (!rs.length) return body();
    const saved = { fds: this.fds, stdin: this.stdin };
    const fds = { ...this.fds };
    let stdin = this.stdin;
    const r = this.openRedirections(rs, fds, (s) => (stdin = s));
    if (r !== undefined) {
      this.err(r);
      return (this.status = 1);
    }
    this.fds = fds;
    this.stdin = stdin;
    try {
      return body();
    } finally {
      this.fds = saved.fds;
      this.stdin = saved.stdin;
    }
  }

  /** Open redirections into fds; an error message if one fails. */
  openRedirections(rs: Redirection[], fds: Fds, setStdin: (s: Stdin) => void): string | undefined {
    for (const r of rs) {
      const fd = r.fd ?? (r.operator.startsWith("<") ? 0 : 1);
      if (r.target.type === "HereDoc") {
        const h = r.target;
        let text = h.quoted ? literalText(h.content) : this.string(h.content, true);
        if (h.stripTabs) text = text.replace(/^\t+/gm, "");
        if (fd === 0) setStdin(new Stdin(text));
        continue;
      }
      const target = this.string(r.target);
      switch (r.operator) {
        case "<<<":
          if (fd === 0) setStdin(new Stdin(target + "\n"));
          break;
        case "<": {
          const content = target === "/dev/null" ? "" : this.run.readFile(this.path(target));
          if (content === undefined) return this.run.bash ? `bash: ${target}: No such file or directory\n` : `sh: can't open ${target}: no such file\n`;
          if (fd === 0) setStdin(new Stdin(content));
          break;
        }
        case ">&":
        case "<&": {
          if (/^\d+$/.test(target)) {
            const src = Number(target);
            if ((fd === 1 || fd === 2) && (src === 1 || src === 2)) fds[fd] = fds[src as 1 | 2];
          } else if (target === "-") {
            if (fd === 1 || fd === 2) fds[fd] = nullSink;
          } else if (r.operator === ">&") {
            const s = this.fileSink(target, false);
            if (typeof s === "string") return s;
            fds[1] = fds[2] = s;
          }
          break;
        }
        case "&>":
        case "&>>": {
          const s = this.fileSink(target, r.operator === "&>>");
          if (typeof s === "string") return s;
          fds[1] = fds[2] = s;
          break;
        }
        case ">":
        case ">|":
        case ">>":
        case "<>": {
          const s = this.fileSink(target, r.operator === ">>" || r.operator === "<>");
          if (typeof s === "string") return s;
          if (fd === 1 || fd === 2) fds[fd] = s;
          break;
        }
      }
    }
    return undefined;
  }

  fileSink(target: string, append: boolean): Sink | string {
    switch (target) {
      case "/dev/null":
        return nullSink;
      case "/dev/stdout":
      case "/proc/self/fd/1":
        return this.fds[1];
      case "/dev/stderr":
      case "/proc/self/fd/2":
        return this.fds[2];
      case "/proc/1/fd/1":
        return this.planSink("stdout");
      case "/proc/1/fd/2":
        return this.planSink("stderr");
    }
    const path = this.path(target);
    const dir = path.slice(0, path.lastIndexOf("/")) || "/";
    if (!this.run.isDir(dir)) return this.run.bash ? `bash: ${target}: No such file or directory\n` : `sh: can't create ${target}: nonexistent directory\n`;
    if (this.run.isDir(path)) return this.run.bash ? `bash: ${target}: Is a directory\n` : `sh: can't create ${target}: Is a directory\n`;
    if (!append || !this.run.files.has(path)) this.run.fileOp({ at: this.t, path, content: "", append: false });
    const run = this.run;
    return { write: (text, at) => run.fileOp({ at, path, content: text, append: true }) };
  }

  // ---- simple commands ----
  simple(c: SimpleCommandNode): number {
    this.tick();
    if (c.line) this.lineno = c.line;
    let subStatus: number | undefined;
    const assigns: [string, string][] = [];
    for (const a of c.assignments) {
      const before = this.substitutions;
      let v = a.value ? this.string(a.value, false, true) : "";
      if (a.array) v = a.array.map((w) => this.string(w)).join(" ");
      if (a.append) v = (this.get(a.name) ?? "") + v;
      if (this.substitutions !== before) subStatus = this.status;
      assigns.push([a.name, v]);
    }
    const before = this.substitutions;
    const argv: string[] = [];
    for (const w of c.name ? [c.name, ...c.args] : c.args) argv.push(...this.fields(w));
    if (this.substitutions !== before) subStatus = this.status;
    if (!argv.length) {
      if (this.xtrace && assigns.length) this.err(`+ ${assigns.map(([k, v]) => `${k}=${shQuote(v)}`).join(" ")}\n`);
      for (const [k, v] of assigns) this.assign(k, v);
      if (c.redirections.length) return this.redirected(c.redirections, () => (this.status = subStatus ?? 0));
      return (this.status = subStatus ?? 0);
    }
    if (this.xtrace) this.err(`+ ${[...assigns.map(([k, v]) => `${k}=${shQuote(v)}`), ...argv.map(shQuote)].join(" ")}\n`);
    const name = argv[0];
    // exec with redirections only: they stay for the rest of the script
    if (name === "exec" && argv.length === 1) {
      const fds = { ...this.fds };
      const r = this.openRedirections(c.redirections, fds, (s) => (this.stdin = s));
      if (r !== undefined) throw new Fatal(r, 2);
      this.fds = fds;
      return (this.status = 0);
    }
    return this.redirected(c.redirections, () => {
      const fn = this.funcs.get(name);
      if (fn && name !== "exec") return this.callFunction(fn, argv.slice(1), assigns);
      if (SPECIAL.has(name)) for (const [k, v] of assigns) this.assign(k, v);
      const env = new Map(SPECIAL.has(name) ? [] : assigns);
      if (!BUILTINS[name] || SPECIAL.has(name) || !assigns.length) return (this.status = this.exec(argv, env));
      // VAR=x builtin: the variable holds for the builtin only (IFS=, read a b)
      const saved = assigns.map(([k]) => [k, this.vars.get(k)] as const);
      for (const [k, v] of assigns) this.set(k, v);
      try {
        return (this.status = this.exec(argv, env));
      } finally {
        for (const [k, v] of saved) {
          if (v === undefined) this.vars.delete(k);
          else this.vars.set(k, v);
        }
      }
    });
  }

  substitutions = 0;

  assign(name: string, value: string): void {
    if (this.readonly.has(name)) throw new Fatal(`${this.me}${name}: is read only\n`, 2);
    this.set(name, value);
  }
  readonly = new Set<string>();

  callFunction(fn: Compound, args: string[], assigns: [string, string][]): number {
    if (this.depth >= MAX_DEPTH) {
      // the real shell overflows its stack and dies
      this.err(`${this.me}Segmentation fault\n`);
      throw new Exit(139);
    }
    const savedPos = this.positional;
    const savedVars = assigns.map(([k]) => [k, this.vars.get(k)] as const);
    for (const [k, v] of assigns) this.set(k, v);
    this.positional = args;
    this.depth++;
    this.locals.push(new Map());
    try {
      return (this.status = this.command(fn));
    } catch (e) {
      if (e instanceof Return) return (this.status = e.code);
      throw e;
    } finally {
      const locals = this.locals.pop()!;
      for (const [k, v] of locals) {
        if (v === undefined) this.vars.delete(k);
        else this.vars.set(k, v);
      }
      this.depth--;
      this.positional = savedPos;
      for (const [k, v] of savedVars) {
        if (v === undefined) this.vars.delete(k);
        else this.vars.set(k, v);
      }
    }
  }

  /** Run a builtin or a program of the image; its exit status. */
  exec(argv: string[], env: Map<string, string>): number {
    const [name, ...args] = argv;
    const builtin = BUILTINS[name];
    if (builtin) return builtin(this, args, env);
    const cmd = base(name);
    const fromImage = this.run.opts.program?.(argv);
    if (fromImage && !(cmd === "httpd" && args.some((a) => a === "-f" || a.startsWith("-p")))) return this.foreground(fromImage);
    const tool = name.includes("/") && !TOOL_PATH.test(name) ? undefined : TOOLS[cmd];
    if (tool) return tool(this, args, env);
    if ((BUSYBOX.has(cmd) || NET_CLIENTS.has(cmd)) && (!name.includes("/") || TOOL_PATH.test(name)) && !(NET_CLIENTS.has(cmd) && this.run.opts.world?.has?.(cmd) === false)) {
      const code = this.worldRun(argv);
      if (code !== undefined) return code;
      if (BUSYBOX.has(cmd)) return 0;
    }
    this.err(this.run.bash ? `bash: ${name}: ${name.includes("/") ? "No such file or directory" : "command not found"}\n` : `sh: ${name}: not found\n`);
    return 127;
  }

  /**
   * A program the world runs (wget, nc, nslookup, curl, ping …): its lines at their times, the
   * clock moved on by its waits (a connection that times out). undefined: not modelled.
   */
  worldRun(argv: string[]): number | undefined {
    const r = this.run.opts.world?.run?.(argv, this.stdin.rest(), this.t);
    if (!r) return undefined;
    const start = this.t;
    for (const c of r.timed ?? []) {
      if (start + c.at > this.t) this.sleep(start + c.at - this.t);
      if (c.stream === "stdout") this.out(c.text);
      else this.err(c.text);
    }
    if (r.forever) {
      this.longestWait = Infinity;
      throw new Forever();
    }
    for (const w of r.writes ?? []) this.run.fileOp({ at: this.t, path: this.path(w.path), content: w.content });
    if (r.ms && start + r.ms > this.t) this.sleep(start + r.ms - this.t);
    this.out(r.stdout);
    this.err(r.stderr);
    return r.code;
  }

  /** A server program run in the foreground: its output follows the script's clock. */
  foreground(p: ProcessPlan): number {
    for (const s of p.steps) this.run.step(s.stream, s.text, this.t + s.at);
    for (const port of p.listens) if (!this.run.plan.listens.includes(port)) this.run.plan.listens.push(port);
    if (p.memoryBytes !== undefined) this.run.plan.memoryBytes = Math.max(this.run.plan.memoryBytes ?? 0, p.memoryBytes);
    if (!p.exit) {
      this.execd ??= p;
      this.longestWait = Infinity;
      throw new Forever();
    }
    this.sleep(p.exit.at);
    return p.exit.code;
  }

  // ---- words ----
  /** A word expanded to fields (field splitting on unquoted expansions; no pathname expansion). */
  fields(w: WordNode): string[] {
    if (this.run.bash && w.parts.some((p) => p.type === "BraceExpansion")) return braceWords(w).flatMap((x) => this.fields(x));
    const segs: Seg[] = [];
    this.parts(w.parts, false, segs);
    return splitFields(segs, this.vars.get("IFS"));
  }

  /** A word expanded to one string (assignments, redirection targets, case words, here-documents). */
  string(w: WordNode, heredoc = false, assignment = false): string {
    const segs: Seg[] = [];
    this.parts(w.parts, heredoc, segs, assignment);
    return segs.map((s) => ("brk" in s ? " " : s.text)).join("");
  }

  /** A word as a glob pattern: quoted parts match literally. */
  pattern(w: WordNode): string {
    const segs: Seg[] = [];
    this.parts(w.parts, false, segs, false, true);
    return segs.map((s) => ("brk" in s ? " " : s.quoted ? escapeGlob(s.text) : s.text)).join("");
  }

  parts(parts: WordPart[], dq: boolean, segs: Seg[], assignment = false, pattern = false): void {
    for (const p of parts) {
      switch (p.type) {
        case "Literal":
          segs.push({ text: p.value, quoted: dq, split: false });
          break;
        case "SingleQuoted":
          segs.push({ text: p.value, quoted: true, split: false });
          break;
        case "Escaped":
          segs.push({ text: dq && !'$`"\\\n'.includes(p.value) ? "\\" + p.value : p.value, quoted: true, split: false });
          break;
        case "DoubleQuoted": {
          const before = segs.length;
          this.parts(p.parts, true, segs);
          if (segs.length === before) segs.push({ text: "", quoted: true, split: false });
          break;
        }
        case "Glob":
          segs.push({ text: p.pattern, quoted: false, split: false });
          break;
        case "TildeExpansion":
          if (dq) segs.push({ text: "~" + (p.user ?? ""), quoted: true, split: false });
          else segs.push({ text: p.user === null ? this.vars.get("HOME") ?? "/root" : p.user === "root" ? "/root" : "~" + p.user, quoted: true, split: false });
          break;
        case "BraceExpansion":
          segs.push({ text: braceText(p), quoted: dq, split: false });
          break;
        case "ParameterExpansion": {
          if ((p.parameter === "@" || p.parameter === "*") && !p.operation && dq && p.parameter === "@") {
            this.positional.forEach((v, i) => {
              if (i) segs.push({ brk: true });
              segs.push({ text: v, quoted: true, split: false });
            });
            if (!this.positional.length) segs.push({ text: "", quoted: false, split: true });
            break;
          }
          segs.push({ text: this.param(p.parameter, p.operation), quoted: dq, split: !dq && !assignment });
          break;
        }
        case "CommandSubstitution":
          segs.push({ text: this.substitute(p.body), quoted: dq, split: !dq && !assignment });
          break;
        case "ArithmeticExpansion":
          segs.push({ text: String(this.arith(p.expression.expression)), quoted: dq, split: !dq && !assignment });
          break;
        case "ProcessSubstitution":
          segs.push({ text: "/dev/fd/63", quoted: true, split: false });
          break;
      }
      if (pattern && segs.length) {
        // unquoted expansions inside a pattern keep their glob characters
        const last = segs[segs.length - 1];
        if ("text" in last && last.split) last.split = false;
      }
    }
  }

  substitute(body: ScriptNode): string {
    const s = this.fork();
    const cap = { buf: "" };
    s.fds = { ...s.fds, 1: captureSink(cap, this.run) };
    this.substitutions++;
    this.status = this.sub(s, () => s.list(body.statements));
    return cap.buf.replace(/\n+$/, "");
  }

  param(name: string, op: ParamOp | null): string {
    const v = this.get(name);
    if (!op) {
      return v ?? "";
    }
    const isSet = (empty: boolean) => v !== undefined && (!empty || v !== "");
    switch (op.type) {
      case "DefaultValue":
        return isSet(op.checkEmpty) ? v! : this.string(op.word);
      case "AssignDefault": {
        if (isSet(op.checkEmpty)) return v!;
        const d = this.string(op.word);
        this.assign(name, d);
        return d;
      }
      case "UseAlternative":
        return isSet(op.checkEmpty) ? this.string(op.word) : "";
      case "ErrorIfUnset": {
        if (isSet(op.checkEmpty)) return v!;
        const msg = op.word ? this.string(op.word) : op.checkEmpty ? "parameter null or not set" : "parameter not set";
        throw new Fatal(`${this.me}${name}: ${msg}\n`, this.run.bash ? 1 : 2);
      }
      case "Length":
        return name === "@" || name === "*" ? String(this.positional.length) : String((v ?? "").length);
      case "Substring": {
        const s = v ?? "";
        let off = this.arith(op.offset.expression);
        if (off < 0) off = Math.max(0, s.length + off);
        if (!op.length) return s.slice(off);
        const len = this.arith(op.length.expression);
        if (len < 0) return s.slice(off, Math.max(off, s.length + len));
        return s.slice(off, off + len);
      }
      case "PatternRemoval": {
        const s = v ?? "";
        const re = globRegex(this.pattern(op.pattern));
        const n = s.length;
        if (op.side === "prefix") {
          for (let i = op.greedy ? n : 0; op.greedy ? i >= 0 : i <= n; i += op.greedy ? -1 : 1) if (re.test(s.slice(0, i))) return s.slice(i);
        } else {
          for (let i = op.greedy ? 0 : n; op.greedy ? i <= n : i >= 0; i += op.greedy ? 1 : -1) if (re.test(s.slice(i))) return s.slice(0, i);
        }
        return s;
      }
      case "PatternReplacement": {
        const s = v ?? "";
        const pat = this.pattern(op.pattern);
        const rep = op.replacement ? this.string(op.replacement) : "";
        if (pat === "") return s;
        const re = globRegex(pat);
        let out = "";
        let i = 0;
        while (i <= s.length) {
          let matched = -1;
          if (op.anchor !== "start" || i === 0) {
            // the longest match starting here
            for (let j = s.length; j > i; j--) {
              if (op.anchor === "end" && j !== s.length) continue;
              if (re.test(s.slice(i, j))) {
                matched = j;
                break;
              }
            }
          }
          if (matched > i) {
            out += rep;
            if (!op.all) return out + s.slice(matched);
            i = matched;
            continue;
          }
          if (i < s.length) out += s[i];
          i++;
        }
        return out;
      }
      case "CaseModification": {
        const s = v ?? "";
        const f = op.direction === "upper" ? (x: string) => x.toUpperCase() : (x: string) => x.toLowerCase();
        return op.all ? f(s) : f(s.slice(0, 1)) + s.slice(1);
      }
      default:
        throw new Fatal(`${this.me}syntax error: bad substitution\n`, 2);
    }
  }

  // ---- arithmetic ----
  arith(e: ArithExpr, depth = 0): number {
    const num = (s: string, d: number): number => {
      const t = s.trim();
      if (t === "") return 0;
      if (/^-?\d+$/.test(t)) return t.replace(/^-/, "").startsWith("0") && t.length > 1 && !/^-?0+$/.test(t) ? this.octal(t) : Number(t);
      if (/^-?0[xX][0-9a-fA-F]+$/.test(t)) return (t.startsWith("-") ? -1 : 1) * parseInt(t.replace(/^-/, ""), 16);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t) && d < 10) return num(this.get(t) ?? "", d + 1);
      if (d < 10) {
        try {
          const ast = parse(`: $((${t}))`);
          const part = (ast.statements[0].pipelines[0].commands[0] as SimpleCommandNode).args[0]?.parts[0];
          if (part?.type === "ArithmeticExpansion") return this.arith(part.expression.expression, d + 1);
        } catch {
          /* reported below */
        }
      }
      throw new Fatal(this.run.bash ? `bash: ${t}: syntax error: operand expected\n` : `sh: arithmetic syntax error\n`, this.run.bash ? 1 : 2);
    };
    const A = (x: ArithExpr) => this.arith(x, depth);
    const setv = (name: string, n: number) => {
      this.assign(name, String(n));
      return n;
    };
    switch (e.type) {
      case "ArithNumber":
        return e.value;
      case "ArithVariable":
        return num(this.get(e.name) ?? "", depth);
      case "ArithSpecialVar":
        return num(this.get(e.name) ?? "", depth);
      case "ArithGroup":
      case "ArithNested":
        return A(e.expression);
      case "ArithTernary":
        return A(e.condition) !== 0 ? A(e.consequent) : A(e.alternate);
      case "ArithUnary": {
        if (e.operator === "++" || e.operator === "--") {
          if (e.operand.type !== "ArithVariable") throw new Fatal(`${this.me}arithmetic syntax error\n`, 2);
          const old = num(this.get(e.operand.name) ?? "", depth);
          const nv = e.operator === "++" ? old + 1 : old - 1;
          setv(e.operand.name, nv);
          return e.prefix ? nv : old;
        }
        const x = A(e.operand);
        return e.operator === "-" ? wrap(-x) : e.operator === "+" ? x : e.operator === "!" ? (x === 0 ? 1 : 0) : wrap(~x);
      }
      case "ArithBinary": {
        if (e.operator === "&&") return A(e.left) !== 0 && A(e.right) !== 0 ? 1 : 0;
        if (e.operator === "||") return A(e.left) !== 0 || A(e.right) !== 0 ? 1 : 0;
        const l = A(e.left);
        const r = A(e.right);
        return binop(e.operator, l, r, this);
      }
      case "ArithAssignment": {
        const r = A(e.value);
        if (e.operator === "=") return setv(e.variable, r);
        const l = num(this.get(e.variable) ?? "", depth);
        return setv(e.variable, binop(e.operator.slice(0, -1) as ArithOp, l, r, this));
      }
      case "ArithCommandSubst":
        return num(this.substitute(parse(e.command)), depth);
      case "ArithBracedExpansion": {
        const ast = parse(`: \${${e.content}}`);
        const w = (ast.statements[0].pipelines[0].commands[0] as SimpleCommandNode).args[0];
        return num(w ? this.string(w) : "", depth);
      }
      case "ArithSyntaxError":
        throw new Fatal(this.run.bash ? `bash: ${e.message}\n` : `sh: arithmetic syntax error\n`, this.run.bash ? 1 : 2);
      default:
        throw new Fatal(`${this.me}arithmetic syntax error\n`, 2);
    }
  }

  octal(t: string): number {
    const neg = t.startsWith("-");
    const d = t.replace(/^-/, "");
    if (/[89]/.test(d)) throw new Fatal(this.run.bash ? `bash: ${t}: value too great for base (error token is "${t}")\n` : `sh: arithmetic syntax error\n`, this.run.bash ? 1 : 2);
    return (neg ? -1 : 1) * parseInt(d, 8);
  }

  /** A string as an arithmetic expression ([[ a -lt b ]], let). */
  arithString(s: string): number {
    const ast = parse(`: $((${s === "" ? "0" : s}))`);
    const part = (ast.statements[0].pipelines[0].commands[0] as SimpleCommandNode).args[0]?.parts[0];
    return part?.type === "ArithmeticExpansion" ? this.arith(part.expression.expression) : 0;
  }

  // ---- [[ … ]] ----
  condExpr(e: CondExpr): boolean {
    switch (e.type) {
      case "CondNot":
        return !this.condExpr(e.operand);
      case "CondAnd":
        return this.condExpr(e.left) && this.condExpr(e.right);
      case "CondOr":
        return this.condExpr(e.left) || this.condExpr(e.right);
      case "CondGroup":
        return this.condExpr(e.expression);
      case "CondWord":
        return this.string(e.word) !== "";
      case "CondUnary":
        return this.unaryTest(e.operator, this.string(e.operand));
      case "CondBinary": {
        const l = this.string(e.left);
        switch (e.operator) {
          case "=":
          case "==":
            return globMatch(this.pattern(e.right), l);
          case "!=":
            return !globMatch(this.pattern(e.right), l);
          case "=~": {
            try {
              const m = new RegExp(this.string(e.right)).exec(l);
              if (m) this.set("BASH_REMATCH", m[0]);
              return !!m;
            } catch {
              return false;
            }
          }
          case "<":
            return l < this.string(e.right);
          case ">":
            return l > this.string(e.right);
          case "-nt":
          case "-ot":
          case "-ef":
            return false;
          default: {
            const a = this.arithString(l);
            const b = this.arithString(this.string(e.right));
            return intCompare(e.operator, a, b);
          }
        }
      }
    }
  }

  unaryTest(op: string, a: string): boolean {
    const path = a === "" ? "" : this.path(a);
    switch (op) {
      case "-z":
        return a === "";
      case "-n":
        return a !== "";
      case "-e":
      case "-a":
        return a !== "" && (this.run.readFile(path) !== undefined || this.run.isDir(path) || DEV.has(path));
      case "-f":
        return a !== "" && this.run.readFile(path) !== undefined && !this.run.isDir(path);
      case "-d":
        return a !== "" && this.run.isDir(path);
      case "-s":
        return a !== "" && (this.run.readFile(path) ?? "") !== "";
      case "-r":
      case "-w":
        return a !== "" && (this.run.readFile(path) !== undefined || this.run.isDir(path) || DEV.has(path));
      case "-x":
        return a !== "" && (this.run.isDir(path) || /^\/(usr\/)?s?bin\/./.test(path));
      case "-c":
        return DEV.has(path);
      case "-h":
      case "-L":
        return false;
      case "-t":
        return false;
      case "-v":
        return this.vars.has(a);
      default:
        return false;
    }
  }
}

type ArithOp = "+" | "-" | "*" | "/" | "%" | "**" | "<<" | ">>" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "&" | "|" | "^" | "&&" | "||" | ",";

const DEV = new Set(["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty"]);

/** 64-bit two's complement, as the shells compute. */
function wrap(n: number): number {
  if (Number.isSafeInteger(n)) return n;
  return Number(BigInt.asIntN(64, BigInt(Math.trunc(n))));
}

function binop(op: ArithOp, l: number, r: number, sh: Shell): number {
  switch (op) {
    case "+":
      return wrap(l + r);
    case "-":
      return wrap(l - r);
    case "*":
      return Number(BigInt.asIntN(64, BigInt(l) * BigInt(r)));
    case "/":
    case "%":
      if (r === 0) throw new Fatal(sh.run.bash ? "bash: division by 0 (error token is \"0\")\n" : "sh: divide by zero\n", sh.run.bash ? 1 : 2);
      return op === "/" ? Math.trunc(l / r) : l % r;
    case "**":
      if (r < 0) throw new Fatal(`${sh.me}exponent less than 0\n`, 2);
      return Number(BigInt.asIntN(64, BigInt(l) ** BigInt(Math.min(r, 64))));
    case "<<":
      return Number(BigInt.asIntN(64, BigInt(l) << BigInt(r & 63)));
    case ">>":
      return Number(BigInt.asIntN(64, BigInt(l) >> BigInt(r & 63)));
    case "<":
      return l < r ? 1 : 0;
    case "<=":
      return l <= r ? 1 : 0;
    case ">":
      return l > r ? 1 : 0;
    case ">=":
      return l >= r ? 1 : 0;
    case "==":
      return l === r ? 1 : 0;
    case "!=":
      return l !== r ? 1 : 0;
    case "&":
      return Number(BigInt.asIntN(64, BigInt(l) & BigInt(r)));
    case "|":
      return Number(BigInt.asIntN(64, BigInt(l) | BigInt(r)));
    case "^":
      return Number(BigInt.asIntN(64, BigInt(l) ^ BigInt(r)));
    case ",":
      return r;
    default:
      return 0;
  }
}

function intCompare(op: string, a: number, b: number): boolean {
  switch (op) {
    case "-eq":
      return a === b;
    case "-ne":
      return a !== b;
    case "-lt":
      return a < b;
    case "-le":
      return a <= b;
    case "-gt":
      return a > b;
    default:
      return a >= b;
  }
}

// ---- field splitting ----
type Seg = { text: string; quoted: boolean; split: boolean } | { brk: true };

function splitFields(segs: Seg[], ifs: string | undefined): string[] {
  if (segs.length === 1) {
    const s = segs[0];
    if ("text" in s && !s.split) return s.quoted || s.text ? [s.text] : [];
  }
  const out: string[] = [];
  let cur = "";
  let has = false;
  const sep = ifs === undefined ? " \t\n" : ifs;
  const ws = [...sep].filter((c) => " \t\n".includes(c)).join("");
  const isSep = (c: string) => sep.includes(c);
  for (const s of segs) {
    if ("brk" in s) {
      out.push(cur);
      cur = "";
      has = false;
      continue;
    }
    if (!s.split || sep === "") {
      cur += s.text;
      if (s.quoted || s.text) has = true;
      continue;
    }
    let i = 0;
    const t = s.text;
    while (i < t.length) {
      const c = t[i];
      if (isSep(c)) {
        // a run of IFS white space, with at most one other IFS character, ends a field
        let j = i;
        while (j < t.length && ws.includes(t[j])) j++;
        let hard = false;
        if (j < t.length && isSep(t[j]) && !ws.includes(t[j])) {
          hard = true;
          j++;
          while (j < t.length && ws.includes(t[j])) j++;
        } else if (!ws.includes(c)) hard = true;
        if (has || hard) out.push(cur);
        cur = "";
        has = false;
        i = j;
      } else {
        cur += c;
        has = true;
        i++;
      }
    }
  }
  if (has) out.push(cur);
  return out;
}

function captureSink(cap: { buf: string }, run: Run): Sink {
  return {
    capture: cap,
    write: (text) => {
      cap.buf += text;
      run.output += text.length;
      if (run.output > MAX_OUTPUT) throw new Forever();
    },
  };
}

const nullSink: Sink = { write: () => undefined };

function literalText(w: WordNode): string {
  return w.parts.map((p) => ("value" in p && typeof p.value === "string" ? p.value : "")).join("");
}

function braceText(p: Part<"BraceExpansion">): string {
  const items = p.items.map((i) => (i.type === "Word" ? literalText(i.word) : `${i.startStr ?? i.start}..${i.endStr ?? i.end}${i.step ? ".." + i.step : ""}`));
  return p.items.length === 1 && p.items[0].type === "Range" ? `{${items[0]}}` : `{${items.join(",")}}`;
}

/** bash's brace expansion: one word per alternative, left to right. */
function braceWords(w: WordNode): WordNode[] {
  const i = w.parts.findIndex((p) => p.type === "BraceExpansion");
  if (i < 0) return [w];
  const p = w.parts[i] as Part<"BraceExpansion">;
  const alts: WordPart[][] = [];
  for (const item of p.items) {
    if (item.type === "Word") alts.push(item.word.parts);
    else {
      const numeric = typeof item.start === "number" && typeof item.end === "number";
      const a = numeric ? (item.start as number) : String(item.start).charCodeAt(0);
      const b = numeric ? (item.end as number) : String(item.end).charCodeAt(0);
      const step = Math.abs(item.step || 1);
      const n = Math.min(Math.floor(Math.abs(b - a) / step) + 1, 10000);
      for (let k = 0; k < n; k++) {
        const v = a <= b ? a + k * step : a - k * step;
        alts.push([{ type: "Literal", value: numeric ? String(v) : String.fromCharCode(v) }]);
      }
    }
  }
  return alts.flatMap((alt) => braceWords({ ...w, parts: [...w.parts.slice(0, i), ...alt, ...w.parts.slice(i + 1)] }));
}

// ---- glob patterns ----
function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, "\\$&");
}

const globCache = new Map<string, RegExp>();

function globRegex(pat: string): RegExp {
  let hit = globCache.get(pat);
  if (!hit) {
    if (globCache.size > 500) globCache.clear();
    hit = compileGlob(pat);
    globCache.set(pat, hit);
  }
  return hit;
}

function compileGlob(pat: string): RegExp {
  let re = "";
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === "\\" && i + 1 < pat.length) re += escapeRe(pat[++i]);
    else if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = pat.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let body = pat.slice(i + 1, end);
        const neg = body.startsWith("!") || body.startsWith("^");
        if (neg) body = body.slice(1);
        body = body.replace(/\[:(\w+):\]/g, (_, cls: string) => CLASSES[cls] ?? "").replace(/\\(?![a-zA-Z\]\\-])/g, "\\\\").replace(/\]/g, "\\]");
        re += `[${neg ? "^" : ""}${body}]`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    return new RegExp(`^${escapeRe(pat)}$`);
  }
}

const CLASSES: Record<string, string> = { alpha: "a-zA-Z", digit: "0-9", alnum: "a-zA-Z0-9", upper: "A-Z", lower: "a-z", space: " \\t\\n\\r\\f\\v", blank: " \\t", punct: "!-\\/:-@\\[-`{-~", xdigit: "0-9A-Fa-f" };

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function globMatch(pat: string, s: string): boolean {
  return globRegex(pat).test(s);
}

/** How `set -x` shows a word. */
function shQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** just-bash's parse errors, as busybox ash / bash report them. */
function syntaxError(message: string, bash: boolean): string {
  const unexpected = /unexpected token `([^']*)'/.exec(message)?.[1];
  const expected = /Expected (\w+), got EOF/.exec(message)?.[1];
  if (bash) {
    if (unexpected !== undefined) return `bash: -c: line 1: syntax error near unexpected token \`${unexpected}'\n`;
    return `bash: -c: line 1: syntax error: unexpected end of file\n`;
  }
  if (unexpected !== undefined) return `sh: syntax error: unexpected "${unexpected}"\n`;
  if (expected) return `sh: syntax error: unexpected end of file (expecting "${expected.toLowerCase().replace(/^rparen$/, ")").replace(/^fi$/, "fi")}")\n`;
  if (/EOF while looking for matching|unterminated|Unterminated/.test(message)) return "sh: syntax error: unterminated quoted string\n";
  return "sh: syntax error: unexpected end of file\n";
}

// ---- builtins ----
type Builtin = (sh: Shell, args: string[], env: Map<string, string>) => number;

const SPECIAL = new Set([":", ".", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift", "trap", "unset"]);

const SIGNALS: Record<string, string> = { "0": "EXIT", "1": "HUP", "2": "INT", "3": "QUIT", "9": "KILL", "15": "TERM", "10": "USR1", "12": "USR2" };

function signalName(s: string): string {
  const u = s.toUpperCase().replace(/^SIG/, "");
  return SIGNALS[u] ?? u;
}

function numArg(sh: Shell, cmd: string, a: string | undefined, def: number): number {
  if (a === undefined) return def;
  if (!/^\d+$/.test(a)) throw new Fatal(sh.run.bash ? `bash: line ${sh.lineno}: ${cmd}: ${a}: numeric argument required\n` : sh.builtinError(cmd, `Illegal number: ${a}`), 2);
  return Number(a);
}

const BUILTINS: Record<string, Builtin> = {
  ":": () => 0,
  true: () => 0,
  false: () => 1,
  echo: (sh, args) => {
    let newline = true;
    let escapes = false;
    let i = 0;
    for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
      for (const f of args[i].slice(1)) {
        if (f === "n") newline = false;
        else if (f === "e") escapes = true;
        else escapes = false;
      }
    }
    let text = args.slice(i).join(" ");
    if (escapes) {
      const r = backslashes(text, true);
      text = r.text;
      if (r.stop) newline = false;
    }
    sh.out(text + (newline ? "\n" : ""));
    return 0;
  },
  printf: (sh, args) => {
    if (!args.length) {
      sh.err("printf: usage: printf format [arguments]\n".replace(/^/, sh.run.bash ? "bash: " : ""));
      return sh.run.bash ? 2 : 1;
    }
    const r = printf(args[0], args.slice(1));
    sh.out(r.out);
    if (r.err) sh.err(r.err);
    return r.err ? 1 : 0;
  },
  exit: (sh, args) => {
    throw new Exit(numArg(sh, "exit", args[0], sh.status) & 255);
  },
  return: (sh, args) => {
    throw new Return(numArg(sh, "return", args[0], sh.status) & 255);
  },
  break: (sh, args) => {
    const n = Math.max(1, numArg(sh, "break", args[0], 1));
    if (!sh.loops) return 0;
    throw new Flow("break", Math.min(n, sh.loops));
  },
  continue: (sh, args) => {
    const n = Math.max(1, numArg(sh, "continue", args[0], 1));
    if (!sh.loops) return 0;
    throw new Flow("continue", Math.min(n, sh.loops));
  },
  export: (sh, args) => {
    for (const a of args.filter((x) => x !== "-p")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (eq >= 0) sh.assign(name, a.slice(eq + 1));
      sh.exported.add(name);
    }
    if (!args.length || args[0] === "-p") for (const [k, v] of sh.env()) sh.out(`export ${k}=${shQuote(v)}\n`);
    return 0;
  },
  readonly: (sh, args) => {
    for (const a of args.filter((x) => x !== "-p")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (eq >= 0) sh.assign(name, a.slice(eq + 1));
      sh.readonly.add(name);
    }
    return 0;
  },
  local: (sh, args) => {
    const frame = sh.locals[sh.locals.length - 1];
    if (!frame) {
      sh.err(`${sh.me}local: not in a function\n`);
      return 1;
    }
    for (const a of args) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!frame.has(name)) frame.set(name, sh.vars.get(name));
      sh.set(name, eq < 0 ? "" : a.slice(eq + 1));
    }
    return 0;
  },
  unset: (sh, args) => {
    for (const a of args) {
      if (a === "-v") continue;
      if (a === "-f") continue;
      if (args.includes("-f")) sh.funcs.delete(a);
      else {
        sh.vars.delete(a);
        sh.exported.delete(a);
      }
    }
    return 0;
  },
  set: (sh, args) => {
    let sawDashDash = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "--") {
        sh.positional = args.slice(i + 1);
        sawDashDash = true;
        break;
      }
      if (/^[-+][a-zA-Z]+$/.test(a)) {
        const on = a[0] === "-";
        for (const f of a.slice(1)) {
          if (f === "e") sh.errexit = on;
          else if (f === "x") sh.xtrace = on;
          else if (f === "o" || f === "u") continue;
        }
        if (a.includes("o")) i++;
        continue;
      }
      sh.positional = args.slice(i);
      sawDashDash = true;
      break;
    }
    if (!args.length) for (const [k, v] of [...sh.vars.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) sh.out(`${k}=${shQuote(v)}\n`);
    void sawDashDash;
    return 0;
  },
  shift: (sh, args) => {
    const n = numArg(sh, "shift", args[0], 1);
    if (n > sh.positional.length) return sh.run.bash ? 1 : 0;
    sh.positional = sh.positional.slice(n);
    return 0;
  },
  cd: (sh, args) => {
    const target = args[0] === undefined || args[0] === "~" ? sh.vars.get("HOME") ?? "/root" : args[0] === "-" ? sh.vars.get("OLDPWD") ?? "/" : args[0];
    const p = sh.path(target);
    if (!sh.run.isDir(p)) {
      sh.err(sh.run.bash ? `bash: line ${sh.lineno}: cd: ${target}: No such file or directory\n` : sh.builtinError("cd", `can't cd to ${target}: No such file or directory`));
      return sh.run.bash ? 1 : 2;
    }
    sh.set("OLDPWD", sh.cwd);
    sh.cwd = p;
    sh.set("PWD", p);
    return 0;
  },
  pwd: (sh) => {
    sh.out(sh.cwd + "\n");
    return 0;
  },
  test: (sh, args) => test(sh, args, "test"),
  "[": (sh, args) => {
    if (args[args.length - 1] !== "]") {
      sh.err(`${sh.me}${sh.run.bash ? "[: " : ""}missing ]\n`);
      return 2;
    }
    return test(sh, args.slice(0, -1), "[");
  },
  read: (sh, args) => {
    let raw = false;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "-r") raw = true;
      else if (args[i] === "-p" || args[i] === "-t" || args[i] === "-n" || args[i] === "-d" || args[i] === "-u") i++;
      else if (!args[i].startsWith("-")) names.push(args[i]);
    }
    if (!names.length) names.push("REPLY");
    let line = sh.stdin.line();
    if (line === undefined) {
      for (const n of names) sh.set(n, "");
      return 1;
    }
    if (!raw) {
      while (line.endsWith("\\") && !line.endsWith("\\\\")) {
        const next = sh.stdin.line();
        line = line.slice(0, -1) + (next ?? "");
        if (next === undefined) break;
      }
      line = line.replace(/\\(.)/g, "$1");
    }
    if (names.length === 1 && names[0] === "REPLY") {
      sh.set("REPLY", line);
      return 0;
    }
    const ifs = sh.vars.get("IFS") ?? " \t\n";
    const ws = new RegExp(`^[${escapeRe(ifs)}]+|[${escapeRe(ifs)}]+$`, "g");
    let rest = ifs ? line.replace(ws, "") : line;
    for (let i = 0; i < names.length; i++) {
      if (i === names.length - 1) {
        sh.set(names[i], rest);
        break;
      }
      const m = ifs ? new RegExp(`[${escapeRe(ifs)}]+`).exec(rest) : null;
      if (!m) {
        sh.set(names[i], rest);
        rest = "";
        continue;
      }
      sh.set(names[i], rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return 0;
  },
  eval: (sh, args) => {
    const src = args.join(" ");
    let ast: ScriptNode;
    try {
      ast = parse(src);
    } catch (e) {
      throw new Fatal(syntaxError(String((e as Error).message), sh.run.bash), 2);
    }
    return sh.list(ast.statements);
  },
  ".": (sh, args) => sourceFile(sh, args),
  source: (sh, args) => sourceFile(sh, args),
  exec: (sh, args, env) => {
    if (!args.length) return 0;
    const prog = sh.run.opts.program?.(args);
    if (prog) {
      sh.execd = prog;
      sh.run.plan.comm = prog.comm;
      return sh.foreground(prog);
    }
    const name = base(args[0]);
    if (name === "sleep") sh.run.plan.comm = "sleep";
    const status = sh.exec(args, env);
    if (status === 127) throw new Exit(127);
    throw new Exit(status);
  },
  wait: (sh) => {
    const end = Math.max(sh.t, ...sh.run.bgEnds);
    if (end === Infinity || end > HORIZON_MS) throw new Forever();
    sh.sleep(end - sh.t, true);
    return 0;
  },
  trap: (sh, args) => {
    if (!args.length) {
      for (const [sig, action] of sh.traps) sh.out(`trap -- ${shQuote(action).replace(/^([^'].*)$/, "'$1'")} ${sig}\n`);
      return 0;
    }
    if (args.length === 1) {
      sh.traps.delete(signalName(args[0]));
      return 0;
    }
    const [action, ...sigs] = args;
    for (const s of sigs) {
      if (action === "-") sh.traps.delete(signalName(s));
      else sh.traps.set(signalName(s), action);
    }
    return 0;
  },
  type: (sh, args) => {
    let status = 0;
    for (const a of args) {
      if (sh.funcs.has(a)) sh.out(`${a} is a function\n`);
      else if (BUILTINS[a]) sh.out(`${a} is a ${SPECIAL.has(a) ? "special " : ""}shell builtin\n`);
      else if (TOOLS[a] || BUSYBOX.has(a)) sh.out(`${a} is /bin/${a}\n`);
      else {
        sh.out(`${a}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
  command: (sh, args, env) => {
    if (args[0] === "-v" || args[0] === "-V") {
      let status = 0;
      for (const a of args.slice(1)) {
        if (sh.funcs.has(a) || BUILTINS[a]) sh.out(`${a}\n`);
        else if (TOOLS[a] || BUSYBOX.has(a)) sh.out(`/bin/${a}\n`);
        else status = 1;
      }
      return status;
    }
    return args.length ? sh.exec(args, env) : 0;
  },
  let: (sh, args) => {
    let v = 0;
    for (const a of args) v = sh.arithString(a);
    return v !== 0 ? 0 : 1;
  },
  kill: (sh, args) => {
    if (!args.length) {
      sh.err("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n");
      return 2;
    }
    return 0;
  },
  umask: () => 0,
  ulimit: (sh) => {
    sh.out("unlimited\n");
    return 0;
  },
  hash: () => 0,
  getopts: () => 1,
};

function sourceFile(sh: Shell, args: string[]): number {
  const f = args[0];
  if (f === undefined) return 0;
  const text = sh.run.readFile(sh.path(f));
  if (text === undefined) throw new Fatal(sh.run.bash ? `bash: ${f}: No such file or directory\n` : `sh: .: can't open '${f}'\n`, sh.run.bash ? 1 : 2);
  return BUILTINS.eval(sh, [text], new Map());
}

/** POSIX test / [ … ]. */
function test(sh: Shell, args: string[], name: string): number {
  let i = 0;
  const bad = (msg: string): never => {
    throw new TestError(msg);
  };
  const int = (s: string): number => {
    const t = s.trim();
    if (!/^[-+]?\d+$/.test(t)) bad(sh.run.bash ? `${name}: ${s}: integer expression expected` : `${s}: bad number`);
    return Number(t);
  };
  const UNARY = new Set(["-z", "-n", "-e", "-a", "-f", "-d", "-s", "-r", "-w", "-x", "-c", "-h", "-L", "-t", "-b", "-p", "-S", "-g", "-u", "-k", "-O", "-G"]);
  const BINARY = new Set(["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"]);
  const primary = (): boolean => {
    const a = args[i];
    if (a === undefined) bad(sh.run.bash ? `${name}: argument expected` : "argument expected");
    if (a === "!" && i + 1 < args.length) {
      i++;
      return !primary();
    }
    if (a === "(" && i + 2 < args.length) {
      i++;
      const v = or();
      if (args[i] !== ")") bad(sh.run.bash ? `${name}: \`)' expected` : "')' expected");
      i++;
      return v;
    }
    if (BINARY.has(args[i + 1] ?? "") && i + 2 < args.length) {
      const l = a;
      const op = args[i + 1];
      const r = args[i + 2];
      i += 3;
      switch (op) {
        case "=":
        case "==":
          return l === r;
        case "!=":
          return l !== r;
        case "<":
          return l < r;
        case ">":
          return l > r;
        case "-nt":
        case "-ot":
        case "-ef":
          return false;
        default:
          return intCompare(op, int(l), int(r));
      }
    }
    if (UNARY.has(a) && i + 1 < args.length) {
      i += 2;
      return sh.unaryTest(a, args[i - 1]);
    }
    i++;
    return a !== "";
  };
  const and = (): boolean => {
    let v = primary();
    while (args[i] === "-a") {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (args[i] === "-o") {
      i++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  try {
    if (!args.length) return 1;
    const v = or();
    if (i < args.length) bad(sh.run.bash ? `${name}: too many arguments` : `${args[i]}: unknown operand`);
    return v ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    sh.err(`${sh.me}${e.message}\n`);
    return 2;
  }
}

class TestError {
  constructor(public message: string) {}
}

/** echo -e / printf %b escapes; stop: \c was seen. */
function backslashes(s: string, echo: boolean): { text: string; stop: boolean } {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", e: "\x1b", "\\": "\\" };
    if (n in simple) out += simple[n];
    else if (n === "c") return { text: out, stop: true };
    else if (n === "0" || (!echo && /[0-7]/.test(n))) {
      let digits = n === "0" && echo ? "" : n;
      while (digits.length < 3 && /[0-7]/.test(s[i + 1] ?? "")) digits += s[++i];
      out += String.fromCharCode(parseInt(digits || "0", 8) & 255);
    } else if (n === "x" && /[0-9a-fA-F]/.test(s[i + 1] ?? "")) {
      let digits = "";
      while (digits.length < 2 && /[0-9a-fA-F]/.test(s[i + 1] ?? "")) digits += s[++i];
      out += String.fromCharCode(parseInt(digits, 16));
    } else out += "\\" + n;
  }
  return { text: out, stop: false };
}

/** printf FORMAT ARGS…: the format is reused until the arguments are used up. */
export function printf(format: string, args: string[]): { out: string; err: string } {
  let out = "";
  let err = "";
  let ai = 0;
  for (let round = 0; round < 1000; round++) {
    let consumed = false;
    let stop = false;
    for (let i = 0; i < format.length && !stop; i++) {
      const c = format[i];
      if (c === "\\") {
        const r = backslashes(format.slice(i, i + 5), false);
        // re-scan the escape alone
        let j = i + 1;
        const n = format[j];
        if (/[0-7]/.test(n)) {
          let k = 0;
          while (k < 3 && /[0-7]/.test(format[j] ?? "")) {
            j++;
            k++;
          }
          out += String.fromCharCode(parseInt(format.slice(i + 1, j), 8) & 255);
          i = j - 1;
        } else if (n === "c") {
          stop = true;
        } else {
          out += backslashes("\\" + (n ?? ""), false).text;
          i = j;
        }
        void r;
        continue;
      }
      if (c !== "%") {
        out += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXcsfFeEgGb%])/.exec(format.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length - 1;
      const conv = m[4];
      if (conv === "%") {
        out += "%";
        continue;
      }
      let width = m[2] === "*" ? Number(args[ai++] ?? 0) : m[2] ? Number(m[2]) : 0;
      const prec = m[3] === "*" ? Number(args[ai++] ?? 0) : m[3] !== undefined ? Number(m[3]) : undefined;
      const flags = m[1];
      consumed = true;
      const arg = args[ai++];
      let s: string;
      switch (conv) {
        case "s":
          s = arg ?? "";
          if (prec !== undefined) s = s.slice(0, prec);
          break;
        case "b": {
          const r = backslashes(arg ?? "", true);
          s = r.text;
          if (r.stop) stop = true;
          break;
        }
        case "c":
          s = (arg ?? "").slice(0, 1);
          break;
        case "d":
        case "i":
        case "o":
        case "u":
        case "x":
        case "X": {
          let n = 0;
          const a = (arg ?? "").trim();
          if (a === "") n = 0;
          else if (/^[-+]?\d+$/.test(a)) n = Number(a);
          else if (/^0x[0-9a-f]+$/i.test(a)) n = parseInt(a, 16);
          else if (/^['"]./.test(a)) n = a.charCodeAt(1);
          else {
            err += `printf: invalid number '${a}'\n`;
            n = parseInt(a, 10) || 0;
          }
          const neg = n < 0;
          let digits = conv === "o" ? Math.abs(n).toString(8) : conv === "x" ? Math.abs(n).toString(16) : conv === "X" ? Math.abs(n).toString(16).toUpperCase() : String(Math.abs(n));
          if (prec !== undefined) digits = digits.padStart(prec, "0");
          const sign = neg ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
          if (flags.includes("0") && !flags.includes("-") && prec === undefined) digits = digits.padStart(width - sign.length, "0");
          s = sign + digits;
          break;
        }
        default: {
          const n = Number(arg ?? 0) || 0;
          const p = prec ?? 6;
          s = conv === "e" || conv === "E" ? n.toExponential(p).replace(/e([+-])(\d)$/, "e$10$2") : conv === "g" || conv === "G" ? String(Number(n.toPrecision(p || 1))) : n.toFixed(p);
          if (conv === "E" || conv === "G") s = s.toUpperCase();
          if (flags.includes("0") && !flags.includes("-")) s = s.padStart(width, "0");
        }
      }
      if (width < 0) width = -width;
      out += flags.includes("-") ? s.padEnd(width) : s.padStart(width);
    }
    if (stop || !consumed || ai >= args.length) break;
  }
  return { out, err };
}

// ---- programs of the image (busybox applets) ----
const TOOL_PATH = /^\/(usr\/)?s?bin\/[^/]+$/;

function operands(args: string[]): { flags: string[]; files: string[] } {
  const flags: string[] = [];
  const files: string[] = [];
  let end = false;
  for (const a of args) {
    if (!end && a === "--") end = true;
    else if (!end && a.startsWith("-") && a !== "-") flags.push(a);
    else files.push(a);
  }
  return { flags, files };
}

/** Read a program's input: its file operands, or stdin. undefined entries: missing files (reported). */
function inputs(sh: Shell, cmd: string, files: string[]): { text: string; status: number } {
  if (!files.length) return { text: sh.stdin.rest(), status: 0 };
  let text = "";
  let status = 0;
  for (const f of files) {
    if (f === "-") {
      text += sh.stdin.rest();
      continue;
    }
    const p = sh.path(f);
    if (sh.run.isDir(p)) {
      sh.err(`${cmd}: read error: Is a directory\n`);
      status = 1;
      continue;
    }
    const c = DEV.has(p) ? "" : sh.run.readFile(p);
    if (c === undefined) {
      sh.err(`${cmd}: can't open '${f}': No such file or directory\n`);
      status = 1;
    } else text += c;
  }
  return { text, status };
}

function lines(text: string): string[] {
  if (!text) return [];
  const l = text.split("\n");
  if (l[l.length - 1] === "") l.pop();
  return l;
}

function countArg(flags: string[], args: string[], letter: string): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === `-${letter}`) return Number(args[i + 1]);
    if (a.startsWith(`-${letter}`)) return Number(a.slice(2));
    if (/^-\d+$/.test(a)) return Number(a.slice(1));
  }
  void flags;
  return undefined;
}

/** tr's SET: ranges and [:classes:] expanded to characters. */
function trSet(s: string): string {
  let out = "";
  s = backslashes(s, false).text;
  s = s.replace(/\[:(\w+):\]/g, (_, c: string) => ({ upper: "A-Z", lower: "a-z", digit: "0-9", alpha: "a-zA-Z", alnum: "a-zA-Z0-9", space: " \t\n\r\f\v", blank: " \t" })[c] ?? "");
  for (let i = 0; i < s.length; i++) {
    if (s[i + 1] === "-" && i + 2 < s.length) {
      const a = s.charCodeAt(i);
      const b = s.charCodeAt(i + 2);
      for (let c = a; c <= b && out.length < 65536; c++) out += String.fromCharCode(c);
      i += 2;
    } else out += s[i];
  }
  return out;
}

const TOOLS: Record<string, Builtin> = {
  echo: BUILTINS.echo,
  printf: BUILTINS.printf,
  true: BUILTINS.true,
  false: BUILTINS.false,
  test: BUILTINS.test,
  "[": BUILTINS["["],
  pwd: BUILTINS.pwd,
  kill: BUILTINS.kill,
  sleep: (sh, args) => {
    const d = parseSleepArgs(args);
    if (d === "forever") {
      sh.longestWait = Infinity;
      throw new Forever();
    }
    if (typeof d === "object") {
      sh.err(d.error + "\n");
      return 1;
    }
    sh.sleep(d);
    return 0;
  },
  usleep: (sh, args) => {
    sh.sleep(Number(args[0] ?? 0) / 1000 || 0);
    return 0;
  },
  date: (sh) => {
    // the kubelet writes the wall clock of the moment the line is logged
    sh.out("\u0000date\n");
    return 0;
  },
  cat: (sh, args) => {
    const { files } = operands(args);
    const r = inputs(sh, "cat", files);
    sh.out(r.text);
    return r.status;
  },
  tee: (sh, args) => {
    const { flags, files } = operands(args);
    const text = sh.stdin.rest();
    for (const f of files) {
      const s = sh.fileSink(f, flags.includes("-a"));
      if (typeof s === "string") sh.err(s.replace(/^sh: can't create/, "tee: can't open"));
      else s.write(text, sh.t);
    }
    sh.out(text);
    return 0;
  },
  touch: (sh, args) => {
    let status = 0;
    for (const f of operands(args).files) {
      const p = sh.path(f);
      const dir = p.slice(0, p.lastIndexOf("/")) || "/";
      if (!sh.run.isDir(dir)) {
        sh.err(`touch: ${f}: No such file or directory\n`);
        status = 1;
      } else if (!sh.run.files.has(p) && !sh.run.isDir(p)) sh.run.fileOp({ at: sh.t, path: p, content: "", append: true });
    }
    return status;
  },
  rm: (sh, args) => {
    const { flags, files } = operands(args);
    const force = flags.some((f) => f.includes("f"));
    const recursive = flags.some((f) => /[rR]/.test(f));
    let status = 0;
    for (const f of files) {
      const p = sh.path(f);
      if (sh.run.isDir(p)) {
        if (!recursive) {
          sh.err(`rm: '${f}' is a directory\n`);
          status = 1;
          continue;
        }
        for (const k of [...sh.run.files.keys()]) if (k.startsWith(p + "/")) sh.run.fileOp({ at: sh.t, path: k });
        sh.run.dirs.delete(p);
        continue;
      }
      if (!sh.run.files.has(p)) {
        if (!force) {
          sh.err(`rm: can't remove '${f}': No such file or directory\n`);
          status = 1;
        }
        continue;
      }
      sh.run.fileOp({ at: sh.t, path: p });
    }
    return status;
  },
  mkdir: (sh, args) => {
    const { flags, files } = operands(args);
    const parents = flags.some((f) => f.includes("p"));
    let status = 0;
    for (const f of files) {
      const p = sh.path(f);
      const dir = p.slice(0, p.lastIndexOf("/")) || "/";
      if (sh.run.isDir(p)) {
        if (!parents) {
          sh.err(`mkdir: can't create directory '${f}': File exists\n`);
          status = 1;
        }
        continue;
      }
      if (!parents && !sh.run.isDir(dir)) {
        sh.err(`mkdir: can't create directory '${f}': No such file or directory\n`);
        status = 1;
        continue;
      }
      let d = p;
      while (d !== "/" && d) {
        sh.run.dirs.add(d);
        d = d.slice(0, d.lastIndexOf("/")) || "/";
      }
    }
    return status;
  },
  hostname: (sh) => {
    sh.out(sh.run.penv.hostname + "\n");
    return 0;
  },
  whoami: (sh) => {
    sh.out("root\n");
    return 0;
  },
  id: (sh) => {
    sh.out("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n");
    return 0;
  },
  uname: (sh, args) => {
    sh.out(args.includes("-n") ? sh.run.penv.hostname + "\n" : args.includes("-m") ? "x86_64\n" : "Linux\n");
    return 0;
  },
  basename: (sh, args) => {
    if (!args.length) return 1;
    let b = args[0].replace(/\/+$/, "");
    b = b.slice(b.lastIndexOf("/") + 1) || "/";
    if (args[1] && b.endsWith(args[1]) && b !== args[1]) b = b.slice(0, -args[1].length);
    sh.out(b + "\n");
    return 0;
  },
  dirname: (sh, args) => {
    if (!args.length) return 1;
    const p = args[0].replace(/\/+$/, "");
    const i = p.lastIndexOf("/");
    sh.out((i < 0 ? "." : i === 0 ? "/" : p.slice(0, i)) + "\n");
    return 0;
  },
  env: (sh, args, env) => {
    const extra = new Map(env);
    let i = 0;
    for (; i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i]); i++) {
      const eq = args[i].indexOf("=");
      extra.set(args[i].slice(0, eq), args[i].slice(eq + 1));
    }
    if (i < args.length) {
      const child = sh.fork();
      for (const [k, v] of extra) {
        child.set(k, v);
        child.exported.add(k);
      }
      return sh.sub(child, () => child.exec(args.slice(i), new Map()));
    }
    for (const [k, v] of sh.env(extra)) sh.out(`${k}=${v}\n`);
    return 0;
  },
  printenv: (sh, args, env) => {
    const all = sh.env(env);
    if (!args.length) {
      for (const [k, v] of all) sh.out(`${k}=${v}\n`);
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const hit = all.find(([k]) => k === a);
      if (hit) sh.out(hit[1] + "\n");
      else status = 1;
    }
    return status;
  },
  seq: (sh, args) => {
    let sep = "\n";
    let pad = false;
    const nums: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "-s") sep = args[++i] ?? "";
      else if (args[i] === "-w") pad = true;
      else nums.push(args[i]);
    }
    if (!nums.length || nums.length > 3) {
      sh.err("seq: usage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n");
      return 1;
    }
    const bad = nums.find((n) => !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(n));
    if (bad !== undefined) {
      sh.err(`seq: invalid number '${bad}'\n`);
      return 1;
    }
    const [first, inc, last] = nums.length === 1 ? [1, 1, Number(nums[0])] : nums.length === 2 ? [Number(nums[0]), 1, Number(nums[1])] : nums.map(Number);
    if (inc === 0) return 1;
    const decimals = Math.max(...nums.map((n) => (n.includes(".") ? n.length - n.indexOf(".") - 1 : 0)));
    const width = pad ? Math.max(String(Math.trunc(first)).length, String(Math.trunc(last)).length) : 0;
    const out: string[] = [];
    for (let k = 0; ; k++) {
      const v = first + k * inc;
      if (inc > 0 ? v > last + 1e-9 : v < last - 1e-9) break;
      const s = decimals ? v.toFixed(decimals) : String(v);
      out.push(pad ? s.padStart(width, "0") : s);
      if (out.length % 1000 === 0) sh.tick();
      if (out.length > 200_000) throw new Forever();
    }
    if (out.length) sh.out(out.join(sep) + "\n");
    return 0;
  },
  expr: (sh, args) => {
    try {
      const v = expr(args);
      sh.out(v + "\n");
      return v === "" || v === "0" ? 1 : 0;
    } catch (e) {
      sh.err(`expr: ${(e as Error).message}\n`);
      return 2;
    }
  },
  tr: (sh, args) => {
    const { flags, files } = operands(args);
    const del = flags.some((f) => f.includes("d"));
    const squeeze = flags.some((f) => f.includes("s"));
    const text = sh.stdin.rest();
    const s1 = trSet(files[0] ?? "");
    const s2 = trSet(files[1] ?? "");
    let out = "";
    let prev = "";
    for (const c of text) {
      let o = c;
      const k = s1.indexOf(c);
      if (del && k >= 0) continue;
      if (!del && k >= 0 && s2) o = s2[Math.min(k, s2.length - 1)];
      if (squeeze && o === prev && (s2 || s1).includes(o)) continue;
      out += o;
      prev = o;
    }
    sh.out(out);
    return 0;
  },
  wc: (sh, args) => {
    const { flags, files } = operands(args);
    const r = inputs(sh, "wc", files);
    const f = flags.join("");
    const want = { l: f.includes("l"), w: f.includes("w"), c: f.includes("c") || f.includes("m") };
    if (!want.l && !want.w && !want.c) want.l = want.w = want.c = true;
    const counts: number[] = [];
    if (want.l) counts.push((r.text.match(/\n/g) ?? []).length);
    if (want.w) counts.push(r.text.split(/\s+/).filter(Boolean).length);
    if (want.c) counts.push(new TextEncoder().encode(r.text).length);
    const name = files.length ? " " + files.join(" ") : "";
    sh.out((counts.length === 1 ? String(counts[0]) : counts.map((n) => String(n).padStart(9)).join(" ")) + name + "\n");
    return r.status;
  },
  head: (sh, args) => {
    const { flags, files } = operands(args.filter((a, i) => !(/^\d+$/.test(a) && /^-[nc]$/.test(args[i - 1] ?? ""))));
    const r = inputs(sh, "head", files);
    const c = args.findIndex((a) => a === "-c" || /^-c\d+$/.test(a));
    if (c >= 0) {
      const n = Number(args[c] === "-c" ? args[c + 1] : args[c].slice(2));
      sh.out(r.text.slice(0, n));
      return r.status;
    }
    const n = countArg(flags, args, "n") ?? 10;
    const l = r.text.split("\n");
    const keep = l.slice(0, n).join("\n") + (l.length > n ? "\n" : "");
    sh.out(keep);
    return r.status;
  },
  tail: (sh, args) => {
    const { flags, files } = operands(args.filter((a, i) => !(/^\+?\d+$/.test(a) && /^-[nc]$/.test(args[i - 1] ?? ""))));
    if (flags.includes("-f") || flags.includes("-F")) {
      const r = inputs(sh, "tail", files);
      sh.out(lines(r.text).slice(-10).map((l) => l + "\n").join(""));
      sh.longestWait = Infinity;
      throw new Forever();
    }
    const r = inputs(sh, "tail", files);
    const n = countArg(flags, args, "n") ?? 10;
    const l = lines(r.text);
    sh.out(l.slice(Math.max(0, l.length - n)).map((x) => x + "\n").join(""));
    return r.status;
  },
  grep: (sh, args) => {
    const { flags, files } = operands(args);
    const f = flags.join("");
    const [pat, ...rest] = files;
    if (pat === undefined) {
      sh.err("Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n");
      return 2;
    }
    const r = inputs(sh, "grep", rest);
    let re: RegExp;
    try {
      const src = f.includes("F") ? escapeRe(pat) : f.includes("E") ? pat : bre(pat);
      re = new RegExp(f.includes("w") ? `\\b(?:${src})\\b` : f.includes("x") ? `^(?:${src})$` : src, f.includes("i") ? "i" : "");
    } catch {
      re = new RegExp(escapeRe(pat));
    }
    const hits = lines(r.text).filter((l) => re.test(l) !== f.includes("v"));
    if (f.includes("q")) return hits.length ? 0 : 1;
    if (f.includes("c")) sh.out(hits.length + "\n");
    else sh.out(hits.map((l) => l + "\n").join(""));
    return r.status ? 2 : hits.length ? 0 : 1;
  },
  sort: (sh, args) => {
    const { flags, files } = operands(args);
    const f = flags.join("");
    const r = inputs(sh, "sort", files);
    let l = lines(r.text);
    l = f.includes("n") ? l.sort((a, b) => (parseFloat(a) || 0) - (parseFloat(b) || 0)) : l.sort();
    if (f.includes("r")) l.reverse();
    if (f.includes("u")) l = l.filter((x, i) => i === 0 || x !== l[i - 1]);
    sh.out(l.map((x) => x + "\n").join(""));
    return r.status;
  },
  uniq: (sh, args) => {
    const r = inputs(sh, "uniq", operands(args).files);
    const l = lines(r.text);
    sh.out(l.filter((x, i) => i === 0 || x !== l[i - 1]).map((x) => x + "\n").join(""));
    return r.status;
  },
  tac: (sh, args) => {
    const r = inputs(sh, "tac", operands(args).files);
    sh.out(lines(r.text).reverse().map((x) => x + "\n").join(""));
    return r.status;
  },
  rev: (sh, args) => {
    const r = inputs(sh, "rev", operands(args).files);
    sh.out(lines(r.text).map((x) => [...x].reverse().join("") + "\n").join(""));
    return r.status;
  },
  yes: (sh, args) => {
    // writes until its reader goes away: in a pipe, enough for the reader; else forever
    const line = (args.length ? args.join(" ") : "y") + "\n";
    if (sh.fds[1].capture) {
      sh.out(line.repeat(Math.ceil(65536 / line.length)));
      return 0;
    }
    for (;;) sh.out(line.repeat(4096));
  },
  ls: (sh, args) => {
    const { files } = operands(args);
    let status = 0;
    for (const f of files.length ? files : ["."]) {
      const p = sh.path(f);
      if (sh.run.readFile(p) !== undefined && !sh.run.isDir(p)) sh.out(f + "\n");
      else if (sh.run.isDir(p)) {
        const names = new Set<string>();
        for (const k of [...sh.run.files.keys(), ...sh.run.dirs]) if (k.startsWith(p === "/" ? "/" : p + "/") && k !== p) names.add(k.slice(p === "/" ? 1 : p.length + 1).split("/")[0]);
        for (const n of [...names].sort()) sh.out(n + "\n");
      } else {
        sh.err(`ls: ${f}: No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  },
  nc: (sh, args) => listen(sh, args, "nc", 0),
  httpd: (sh, args) => listen(sh, args, "httpd", 80),
};

/** busybox nc -l / httpd: a server on a port (httpd without -f goes to the background). */
function listen(sh: Shell, args: string[], cmd: string, def: number): number {
  const server = cmd === "httpd" || args.some((a) => /^-[a-zA-Z]*l/.test(a));
  if (!server) {
    return sh.worldRun([cmd, ...args]) ?? 0;
  }
  let port = def;
  for (let i = 0; i < args.length; i++) {
    const m = /^-p(\d+)$/.exec(args[i]);
    if (m) port = Number(m[1]);
    else if (args[i] === "-p" || /^-[a-zA-Z]*p$/.test(args[i])) port = Number(args[i + 1]);
    else if (cmd === "nc" && /^\d+$/.test(args[i]) && args[i - 1] !== "-p" && !/^-[a-zA-Z]*[pw]$/.test(args[i - 1] ?? "")) port = Number(args[i]);
  }
  if (port && !sh.run.plan.listens.includes(port)) sh.run.plan.listens.push(port);
  if (cmd === "httpd" && !args.some((a) => /^-[a-zA-Z]*f/.test(a))) return 0;
  sh.longestWait = Infinity;
  throw new Forever();
}

/** A POSIX basic regular expression as a JavaScript one: \( \) \{ \} \| \+ \? are the operators. */
function bre(p: string): string {
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\" && i + 1 < p.length) {
      const n = p[++i];
      out += "(){}|+?".includes(n) ? n : "\\" + n;
    } else out += "(){}|+?/".includes(c) ? "\\" + c : c;
  }
  return out;
}

/** busybox expr. */
function expr(args: string[]): string {
  let i = 0;
  const isNum = (s: string) => /^-?\d+$/.test(s);
  const atom = (): string => {
    const a = args[i++];
    if (a === undefined) throw new Error("syntax error");
    if (a === "(") {
      const v = or();
      if (args[i++] !== ")") throw new Error("syntax error");
      return v;
    }
    if (a === "length") return String((args[i++] ?? "").length);
    if (a === "substr") {
      const s = args[i++] ?? "";
      const p = Number(args[i++]);
      const l = Number(args[i++]);
      return s.substr(p - 1, l);
    }
    if (a === "index") {
      const s = args[i++] ?? "";
      const chars = args[i++] ?? "";
      const k = [...s].findIndex((c) => chars.includes(c));
      return String(k + 1);
    }
    if (a === "match") return match(args[i++] ?? "", args[i++] ?? "");
    return a;
  };
  const match = (s: string, p: string): string => {
    const m = new RegExp("^(?:" + bre(p) + ")").exec(s);
    if (/\\\(/.test(p)) return m?.[1] ?? "";
    return String(m ? m[0].length : 0);
  };
  const colon = (): string => {
    let v = atom();
    while (args[i] === ":") {
      i++;
      v = match(v, atom());
    }
    return v;
  };
  const mul = (): string => {
    let v = colon();
    while (args[i] === "*" || args[i] === "/" || args[i] === "%") {
      const op = args[i++];
      const r = colon();
      if (!isNum(v) || !isNum(r)) throw new Error("non-numeric argument");
      if (op !== "*" && Number(r) === 0) throw new Error("division by zero");
      v = String(op === "*" ? Number(v) * Number(r) : op === "/" ? Math.trunc(Number(v) / Number(r)) : Number(v) % Number(r));
    }
    return v;
  };
  const add = (): string => {
    let v = mul();
    while (args[i] === "+" || args[i] === "-") {
      const op = args[i++];
      const r = mul();
      if (!isNum(v) || !isNum(r)) throw new Error("non-numeric argument");
      v = String(op === "+" ? Number(v) + Number(r) : Number(v) - Number(r));
    }
    return v;
  };
  const cmp = (): string => {
    let v = add();
    while (["=", "==", "!=", "<", "<=", ">", ">="].includes(args[i] ?? "")) {
      const op = args[i++];
      const r = add();
      const c = isNum(v) && isNum(r) ? Number(v) - Number(r) : v < r ? -1 : v > r ? 1 : 0;
      const ok = op === "=" || op === "==" ? c === 0 : op === "!=" ? c !== 0 : op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0;
      v = ok ? "1" : "0";
    }
    return v;
  };
  const and = (): string => {
    let v = cmp();
    while (args[i] === "&") {
      i++;
      const r = cmp();
      v = v !== "" && v !== "0" && r !== "" && r !== "0" ? v : "0";
    }
    return v;
  };
  const or = (): string => {
    let v = and();
    while (args[i] === "|") {
      i++;
      const r = and();
      v = v !== "" && v !== "0" ? v : r !== "" && r !== "0" ? r : "0";
    }
    return v;
  };
  if (!args.length) throw new Error("too few arguments");
  const v = or();
  if (i < args.length) throw new Error("syntax error");
  return v;
}

/** sleep's operands (busybox: N[smhd], fractions, several summed; inf). */
function parseSleepArgs(args: string[]): number | "forever" | { error: string } {
  if (!args.length) return { error: "sleep: missing operand\nTry 'sleep --help' for more information." };
  let total = 0;
  for (const a of args) {
    if (/^inf(inity)?$/i.test(a)) return "forever";
    const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return { error: `sleep: invalid number '${a}'` };
    total += Number(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"] * 1000;
  }
  return total;
}

/**
 * Run `script` as `sh -c` does and record what it does into plan: output steps, file writes,
 * listens, its exit (none when it runs past the horizon), and its SIGTERM behaviour.
 */
export function runScript(script: string, penv: ProcessEnv, plan: ProcessPlan, opts: ScriptOptions): void {
  const run = new Run(plan, penv, opts);
  const sh = new Shell(run);
  for (const [k, v] of Object.entries(penv.env)) {
    sh.vars.set(k, v);
    sh.exported.add(k);
  }
  if (!sh.vars.has("HOSTNAME")) {
    sh.vars.set("HOSTNAME", penv.hostname);
    sh.exported.add("HOSTNAME");
  }
  if (!sh.vars.has("HOME")) {
    sh.vars.set("HOME", "/root");
    sh.exported.add("HOME");
  }
  sh.vars.set("PWD", "/");
  sh.exported.add("PWD");
  if (!sh.vars.has("SHLVL")) {
    sh.vars.set("SHLVL", "1");
    sh.exported.add("SHLVL");
  }
  sh.positional = opts.args ?? [];
  sh.errexit = !!opts.flags?.includes("e");
  sh.xtrace = !!opts.flags?.includes("x");

  const { ast, error: parseError } = parseScript(script, run.bash);
  let exit: number | undefined;
  let forever = false;
  try {
    sh.list(ast.statements);
    if (parseError) throw new Fatal(parseError, 2);
    exit = sh.status;
  } catch (e) {
    if (e instanceof Exit) exit = e.code;
    else if (e instanceof Fatal) {
      try {
        sh.err(e.msg);
      } catch {
        /* output budget */
      }
      exit = e.code;
    } else if (e instanceof Forever) forever = true;
    else if (e instanceof Flow) exit = sh.status;
    else if (e instanceof Return) exit = e.code;
    else throw e;
  }
  const exitTrap = sh.traps.get("EXIT");
  run.commands = run.busy = 0;
  if (exit !== undefined && exitTrap) {
    const code = exit;
    exit = trapRun(sh, exitTrap, code) ?? code;
  }
  if (!forever && exit !== undefined && sh.t <= HORIZON_MS) plan.exit = { at: sh.t, code: exit & 255 };
  if (sh.execd) {
    plan.comm = sh.execd.comm;
    plan.handlesSigterm = sh.execd.handlesSigterm;
  }
  // SIGTERM: PID 1 without a handler ignores it; a trap runs once the foreground command ends
  const term = sh.traps.get("TERM");
  if (!sh.execd && term) {
    const probe = sh.fork();
    probe.t = 0;
    run.commands = run.busy = 0;
    run.output = 0;
    const steps: ProcStep[] = [];
    probe.fds = { 1: { write: (t, at) => run.step("stdout", t, at, steps) }, 2: { write: (t, at) => run.step("stderr", t, at, steps) } };
    let code: number | undefined;
    try {
      probe.list(parse(term).statements);
    } catch (e) {
      if (e instanceof Exit) code = e.code;
      else if (e instanceof Fatal) code = e.code;
    }
    // the trap runs when the foreground command ends: within the default grace period, or never
    const exitsNow = code !== undefined && sh.longestWait <= 30_000;
    plan.handlesSigterm = exitsNow;
    plan.sigterm = { steps, ...(exitsNow ? { code } : {}) };
  }
  plan.steps.sort((a, b) => a.at - b.at);
  plan.files?.sort((a, b) => a.at - b.at);
}

/**
 * The statements that run before a syntax error stops the shell, and the error. ash reads
 * `-c` text a line at a time, so the lines before the bad one run; bash parses it whole.
 */
function parseScript(script: string, bash: boolean): { ast: ScriptNode; error?: string } {
  const empty = (): ScriptNode => ({ type: "Script", statements: [] });
  const deferred = (a: ScriptNode) => a.statements.find((st) => st.deferredError)?.deferredError;
  let line: number;
  let message: string;
  try {
    const ast = parse(script);
    const d = deferred(ast);
    if (!d) return { ast };
    message = d.message;
    const lines = script.split("\n");
    line = lines.length;
    for (let k = 1; k <= lines.length; k++) {
      try {
        if (deferred(parse(lines.slice(0, k).join("\n")))) {
          line = k;
          break;
        }
      } catch {
        /* an unfinished construct: read on */
      }
    }
  } catch (e) {
    message = String((e as Error).message);
    line = Number((e as { line?: number }).line ?? 1);
  }
  const error = syntaxError(message, bash);
  if (bash) return { ast: empty(), error };
  try {
    const before = parse(script.split("\n").slice(0, Math.max(0, line - 1)).join("\n"));
    return { ast: deferred(before) ? empty() : before, error };
  } catch {
    return { ast: empty(), error };
  }
}

function trapRun(sh: Shell, action: string, status: number): number | undefined {
  sh.status = status;
  try {
    sh.list(parse(action).statements);
    return undefined;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof Fatal) return e.code;
    return undefined;
  }
}

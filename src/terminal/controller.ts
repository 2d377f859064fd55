// The terminal's controller: feeds keys to the line editor, runs accepted lines on the shell
// backend (continuation lines until the command is complete, then exec), queues type-ahead
// while a line is running or the backend is still booting, and interrupts on Ctrl-C.
// No DOM: `write` is whatever draws (xterm in the page, a string in tests).

import { EOF_LINE, type ExecResult } from "../shell/session-api.ts";
import { parseKeys, type Key } from "./keys.ts";
import {
  CONTINUATION_PROMPT,
  addHistory,
  HISTORY_MAX,
  createEditor,
  insert,
  interject,
  reduceKeys,
  resize,
  showPrompt,
  type EditorState,
  type Effect,
} from "./line-editor.ts";

export interface ExecReply extends ExecResult {
  /** the prompt to show after the command ("node01:~$ ") */
  prompt: string;
}

export interface ShellBackend {
  needsMore(text: string): Promise<boolean>;
  /** `onOutput`: what the command writes to the terminal while it runs; the reply has the rest */
  exec(text: string, onOutput?: (data: string) => void): Promise<ExecReply>;
  interrupt(): void;
  /** Tab: full candidate words for the word that starts at `from` */
  complete?(text: string, cursor: number): Promise<{ from: number; candidates: string[] }>;
}

/** Longest common prefix. */
function commonPrefix(words: string[]): string {
  let p = words[0] ?? "";
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** What the user typed, without the quotes and backslashes (as the completer compares it). */
const unquote = (s: string) => s.replace(/\\(.)/g, "$1").replace(/["']/g, "");

/** bash's listing of possible completions: columns filled top to bottom, two spaces apart. */
export function columns(names: string[], width: number): string {
  const w = Math.max(...names.map((n) => n.length)) + 2;
  const cols = Math.max(1, Math.floor((width + 2) / w));
  const rows = Math.ceil(names.length / cols);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = "";
    for (let c = 0; c < cols; c++) {
      const n = names[c * rows + r];
      if (n === undefined) break;
      const last = (c + 1) * rows + r >= names.length;
      line += last ? n : n.padEnd(w);
    }
    lines.push(line);
  }
  return lines.join("\n") + "\n";
}

export interface ControllerOptions {
  write(data: string): void;
  cols?: number;
  prompt: string;
  history?: readonly string[];
  /** called after every command ran (the UI refreshes what depends on the cluster) */
  onExec?(command: string, reply: ExecReply): void;
  /** called for effects the controller does not handle itself (Tab completion later) */
  onEffect?(effect: Effect): void;
  /** lines that may wait typed ahead (default MAX_TYPEAHEAD_LINES) */
  maxTypeaheadLines?: number;
}

/** Text after the last line break: output that did not end its line, which the next prompt follows. */
function partialLine(out: string): string {
  const i = Math.max(out.lastIndexOf("\n"), out.lastIndexOf("\r"));
  return out.slice(i + 1);
}

/**
 * LF → CRLF for the terminal (a CRLF stays). A regex replace of a big output with a million
 * line ends takes ~300 ms in Chrome (most of it garbage collection): long text goes through a
 * typed array instead (~20 ms for 2 MB).
 */
export function toCrlf(s: string): string {
  if (s.length < 64 * 1024) return s.replace(/\r?\n/g, "\r\n");
  const buf = new Uint16Array(s.length * 2);
  let n = 0;
  let prev = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 && prev !== 13) buf[n++] = 13;
    buf[n++] = c;
    prev = c;
  }
  return utf16.decode(buf.subarray(0, n));
}
const utf16 = new TextDecoder("utf-16le");

/** Lines typed (pasted) ahead that wait at most; the rest is dropped, as the session stops a paste (MAX_PASTE_LINES). */
export const MAX_TYPEAHEAD_LINES = 50_000;
/** Keys given to the line editor at a time (a paste's keys wait in a queue, not copied per line). */
const KEY_WINDOW = 256;
/** A long paste is taken in pieces of about this size, one per task (10 MB at once is a 150 ms frame). */
export const INPUT_SLICE = 512 * 1024;

export class TerminalController {
  private ed: EditorState;
  private backend: ShellBackend | null = null;
  private backendWaiters: (() => void)[] = [];
  private ps1: string;
  /** a line is on its way (waiting for the backend, needsMore or exec) */
  private busy = false;
  /** exec is in flight */
  private running = false;
  /** Ctrl-C was sent to the running command */
  private interrupted = false;
  /** keys typed ahead, from `head` on (a queue: a 10 MB paste is not copied again for every line) */
  private typeahead: Key[] = [];
  private head = 0;
  /** line ends waiting in the queue */
  private queuedLines = 0;
  /** the queue was cut at MAX_TYPEAHEAD_LINES: say so once it has run */
  private cutLines = 0;
  /** the rest of a long paste, taken in the next task */
  private pendingInput = "";
  /** lines of an incomplete command (open quote, heredoc …) */
  private continued: string | null = null;
  /** bumped by Ctrl-C and reset: work started before is abandoned */
  private generation = 0;
  /** a Tab completion is being computed (keys wait, as type-ahead) */
  private completing = false;
  /** the prompt is a container's shell (the last reply said so): Ctrl-D on an empty line ends it */
  private eofExits = false;
  /** the line at the last Tab that listed nothing: a second Tab lists the candidates */
  private lastTab: { buffer: string; cursor: number } | null = null;
  private readonly opts: ControllerOptions;

  constructor(opts: ControllerOptions) {
    this.opts = opts;
    this.ps1 = opts.prompt;
    this.ed = createEditor({ prompt: opts.prompt, cols: opts.cols ?? 80, history: opts.history ?? [] });
  }

  private started = false;

  /** Draw the first prompt (once; a second call does nothing). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.prompt(this.ps1);
  }

  get editor(): EditorState {
    return this.ed;
  }

  get isBusy(): boolean {
    return this.busy;
  }

  get history(): readonly string[] {
    return this.ed.history;
  }

  /** The shell is ready: lines typed ahead run now. */
  attach(backend: ShellBackend): void {
    this.backend = backend;
    const waiters = this.backendWaiters;
    this.backendWaiters = [];
    for (const w of waiters) w();
  }

  /** A new session (another scenario): clear the screen and start over at its prompt. */
  reset(prompt: string, backend: ShellBackend | null): void {
    this.generation++;
    this.busy = false;
    this.running = false;
    this.clearTypeahead();
    this.continued = null;
    this.eofExits = false;
    this.backend = null;
    this.opts.write("\x1b[H\x1b[2J\x1b[3J");
    this.ed = { ...this.ed, drawn: null };
    this.ps1 = prompt;
    this.prompt(prompt);
    if (backend) this.attach(backend);
  }

  /**
   * A stored session comes back: its screen lines (text) replace what is shown, its history
   * the ↑ list; a fresh prompt follows (`note`, if given, is printed just above it).
   */
  restoreScreen(lines: readonly string[], history: readonly string[], note = ""): void {
    const text = lines.map((l) => toCrlf(l) + "\r\n").join("");
    this.opts.write("\x1b[H\x1b[2J\x1b[3J" + text + toCrlf(note));
    const h = history.slice(-HISTORY_MAX);
    this.ed = { ...this.ed, history: h, histIndex: h.length, drawn: null };
    if (!this.busy) this.prompt(this.ps1);
  }

  /** The session's prompt changed without a command (a restored session on node01, or in a container's shell: `eofExits`): redraw it. */
  setPrompt(prompt: string, eofExits = false): void {
    this.eofExits = eofExits;
    if (prompt === this.ps1) return;
    this.ps1 = prompt;
    if (this.busy || this.continued !== null) return;
    if (this.ed.drawn && this.ed.buffer === "" && this.ed.drawn.row === 0) {
      this.opts.write("\r\x1b[2K");
      this.ed = { ...this.ed, drawn: null };
      this.prompt(prompt);
      return;
    }
    const r = interject({ ...this.ed, prompt }, "");
    this.ed = r.state;
    this.opts.write(r.out);
  }

  /** Print a message (it must end with a newline) without disturbing the line being typed. */
  notice(text: string): void {
    const data = toCrlf(text);
    if (this.busy) {
      this.opts.write(data);
      return;
    }
    const r = interject(this.ed, data);
    this.ed = r.state;
    this.opts.write(r.out);
  }

  resize(cols: number): void {
    const r = resize(this.ed, cols);
    this.ed = r.state;
    if (r.out) this.opts.write(r.out);
  }

  /** Data from the terminal (keys, escape sequences, pastes). */
  input(data: string): void {
    // Ctrl-C drops what is still waiting of a paste (the tty flushes its input on SIGINT)
    if (this.pendingInput && data.includes("\x03")) this.pendingInput = "";
    if (this.pendingInput) {
      this.pendingInput += data;
      return;
    }
    this.take(data);
  }

  /**
   * Pasted text (the page takes long pastes from the browser itself): line ends become Enter, as
   * xterm's paste makes them; a long one is taken in pieces, one per task.
   */
  paste(text: string): void {
    this.input(text.length > INPUT_SLICE ? text : text.replace(/\r?\n/g, "\r"));
  }

  /** Parse and feed `data`; a long paste only up to a line end near INPUT_SLICE, the rest in the next task. */
  private take(data: string): void {
    let now = data;
    if (data.length > INPUT_SLICE) {
      let cut = Math.max(data.lastIndexOf("\r", INPUT_SLICE), data.lastIndexOf("\n", INPUT_SLICE));
      if (cut > 0) {
        if (data[cut] === "\r" && data[cut + 1] === "\n") cut++;
        // a paste's line ends (xterm's paste turns them into CR; a paste the page takes itself has LF)
        now = data.slice(0, cut + 1).replace(/\r?\n/g, "\r");
        this.pendingInput = data.slice(cut + 1);
        if (this.pendingInput) {
          const gen = this.generation;
          setTimeout(() => {
            const rest = this.pendingInput;
            this.pendingInput = "";
            if (rest && gen === this.generation) this.take(rest);
          }, 0);
        }
      }
    }
    this.feed(parseKeys(now));
  }

  private feed(keys: Key[]): void {
    if (this.busy) {
      let from = 0;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (k.kind === "key" && k.name === "ctrl-c") {
          this.enqueue(keys, from, i);
          from = i + 1;
          this.interruptBusy();
        }
      }
      this.enqueue(keys, from, keys.length);
      // Ctrl-C before the line ran gave the prompt back: what followed it is typed there
      if (!this.busy) this.drain();
      return;
    }
    this.enqueue(keys, 0, keys.length);
    this.drain();
  }

  /** Queue keys[from, to), cut after MAX_TYPEAHEAD_LINES waiting lines. */
  private enqueue(keys: Key[], from: number, to: number): void {
    const max = this.opts.maxTypeaheadLines ?? MAX_TYPEAHEAD_LINES;
    for (let i = from; i < to; i++) {
      if (this.queuedLines >= max) {
        // what follows the last line kept is dropped
        this.cutLines = this.queuedLines;
        this.pendingInput = "";
        return;
      }
      const k = keys[i];
      if (k.kind === "key" && k.name === "enter") this.queuedLines++;
      this.typeahead.push(k);
    }
  }

  private clearTypeahead(): void {
    this.pendingInput = "";
    this.typeahead = [];
    this.head = 0;
    this.queuedLines = 0;
    this.cutLines = 0;
  }

  /** Run the queued keys through the line editor until a line is accepted (or a Tab waits). */
  private drain(): void {
    while (this.head < this.typeahead.length && !this.busy && !this.completing) {
      const window = this.typeahead.slice(this.head, this.head + KEY_WINDOW);
      const r = reduceKeys(this.ed, window);
      const used = window.slice(0, window.length - r.rest.length);
      this.head += used.length;
      for (const k of used) if (k.kind === "key" && k.name === "enter" && this.queuedLines > 0) this.queuedLines--;
      if (used.some((k) => !(k.kind === "key" && k.name === "tab"))) this.lastTab = null;
      this.ed = r.state;
      if (r.out) this.opts.write(r.out);
      for (const e of r.effects) this.effect(e);
    }
    if (this.head >= this.typeahead.length) {
      this.typeahead = [];
      this.head = 0;
      this.queuedLines = 0;
    } else if (this.head > 4096 && this.head * 2 > this.typeahead.length) {
      this.typeahead = this.typeahead.slice(this.head);
      this.head = 0;
    }
  }

  private effect(e: Effect): void {
    switch (e.type) {
      case "accept":
        this.busy = true;
        void this.submit(e.line, this.generation);
        break;
      case "interrupt":
        // Ctrl-C at the prompt: the line (and any unfinished command) is abandoned
        this.continued = null;
        this.prompt(this.ps1);
        break;
      case "eof":
        // Ctrl-D on an empty line: a container's shell reads EOF and exits (back to the node's
        // prompt); the node's own shell: the exam's terminal would close; keep the prompt.
        if (this.eofExits && this.continued === null) {
          this.busy = true;
          void this.submit(EOF_LINE, this.generation, true);
        }
        break;
      case "bell":
        break;
      case "complete":
        if (this.backend?.complete) void this.complete(this.backend, e.buffer, e.cursor, this.generation);
        else this.opts.onEffect?.(e);
        break;
      default:
        this.opts.onEffect?.(e);
    }
  }

  private prompt(prompt: string, prefix = ""): void {
    const r = showPrompt(this.ed, prefix + prompt);
    this.ed = r.state;
    // the prefix (output that did not end its line) is already on screen
    const out = prefix ? r.out.replace(prefix, "") : r.out;
    this.opts.write(out);
  }

  private waitBackend(): Promise<ShellBackend> {
    if (this.backend) return Promise.resolve(this.backend);
    return new Promise((resolve) => this.backendWaiters.push(() => resolve(this.backend as ShellBackend)));
  }

  private async submit(line: string, gen: number, eof = false): Promise<void> {
    const text = this.continued !== null ? this.continued + "\n" + line : line;
    let prefix = "";
    try {
      const backend = await this.waitBackend();
      if (gen !== this.generation) return;
      if (!eof && text.trim() !== "" && (await backend.needsMore(text))) {
        if (gen !== this.generation) return;
        this.continued = text;
        this.idle(CONTINUATION_PROMPT);
        return;
      }
      if (gen !== this.generation) return;
      this.continued = null;
      if (!eof) this.ed = addHistory(this.ed, text);
      if (!eof && text.trim() === "") {
        this.idle(this.ps1);
        return;
      }
      this.running = true;
      this.interrupted = false;
      // output written while the command runs (kubectl get -w) is drawn as it comes
      let tail = "";
      const reply = await backend.exec(text, (data) => {
        if (gen !== this.generation || !data) return;
        tail = partialLine(tail + data);
        this.opts.write(toCrlf(data));
      });
      this.running = false;
      if (gen !== this.generation) return;
      // after ^C bash starts a new line
      const out = (this.interrupted ? "\r\n" : "") + toCrlf(reply.stdout) + toCrlf(reply.stderr);
      this.interrupted = false;
      if (out) this.opts.write(out);
      prefix = partialLine(tail + out);
      this.ps1 = reply.prompt;
      this.eofExits = reply.eofExits === true;
      this.opts.onExec?.(text, reply);
    } catch (err) {
      this.running = false;
      if (gen !== this.generation) return;
      this.continued = null;
      const msg = err instanceof Error ? err.message : String(err);
      this.opts.write(toCrlf(`\x1b[31mkubelab: internal error: ${msg}\x1b[0m\n`));
    }
    this.idle(this.ps1, prefix);
  }

  /** Tab: ask the shell for candidates, then complete inline or (second Tab) list them. */
  private async complete(backend: ShellBackend, buffer: string, cursor: number, gen: number): Promise<void> {
    this.completing = true;
    let res: { from: number; candidates: string[] } | null = null;
    try {
      res = await backend.complete!(buffer, cursor);
    } catch {
      res = null;
    }
    this.completing = false;
    if (gen === this.generation && !this.busy && this.ed.buffer === buffer && this.ed.cursor === cursor && res) this.applyCompletion(res, buffer, cursor);
    if (!this.busy) this.drain();
  }

  private applyCompletion(res: { from: number; candidates: string[] }, buffer: string, cursor: number): void {
    const cands = res.candidates;
    const typed = unquote(buffer.slice(res.from, cursor));
    if (!cands.length) {
      this.opts.write("\x07");
      return;
    }
    const common = commonPrefix(cands);
    if (!common.startsWith(typed)) return;
    let add = common.slice(typed.length);
    if (cands.length === 1 && !/[/=]$/.test(common)) {
      const next = buffer[cursor];
      if (next === undefined || next !== " ") add += " ";
    }
    if (add) {
      const r = insert(this.ed, add);
      this.ed = r.state;
      this.opts.write(r.out);
      this.lastTab = null;
      return;
    }
    if (cands.length === 1) return;
    const again = this.lastTab && this.lastTab.buffer === buffer && this.lastTab.cursor === cursor;
    if (!again) {
      this.lastTab = { buffer, cursor };
      this.opts.write("\x07");
      return;
    }
    // bash lists paths by their last component
    const dir = typed.slice(0, typed.lastIndexOf("/") + 1);
    const names = dir && cands.every((c) => c.startsWith(dir)) ? cands.map((c) => c.slice(dir.length)) : cands;
    const r = interject(this.ed, toCrlf(columns(names, this.ed.cols)));
    this.ed = r.state;
    this.opts.write(r.out);
  }

  /** Back at a prompt: draw it and replay what was typed meanwhile. */
  private idle(prompt: string, prefix = ""): void {
    this.busy = false;
    if (this.cutLines && this.head >= this.typeahead.length) {
      // the last line of a cut paste ran: say so before the prompt
      this.opts.write((prefix ? "\r\n" : "") + toCrlf(`kubelab: stopped the paste after ${this.cutLines} lines (the lab stops runaway commands)\n`));
      this.cutLines = 0;
      prefix = "";
    }
    this.prompt(prompt, prefix);
    this.drain();
  }

  /** Ctrl-C while a line is on its way. */
  private interruptBusy(): void {
    // the tty flushes type-ahead on SIGINT
    this.clearTypeahead();
    if (this.running && this.backend) {
      if (!this.interrupted) this.opts.write("^C");
      this.interrupted = true;
      this.backend.interrupt();
      return;
    }
    // not running yet (booting or asking needsMore): abandon it
    this.generation++;
    this.busy = false;
    this.continued = null;
    this.opts.write("^C\r\n");
    this.prompt(this.ps1);
  }
}

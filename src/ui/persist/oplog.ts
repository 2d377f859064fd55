// The op log of a lab session: every state-changing thing the student did, with the cluster
// time it started at. The engine is deterministic, so replaying the log on a fresh session of
// the same scenario and seed gives the same cluster, files and clock.

import type { EditorRequest, EditorResult, LabSessionApi } from "../../shell/session-api.ts";

/** `in`: it happened while the exec before it was still running (a fast-forward during `sleep`, `:w` in vim). */
export type OpEntry =
  | { at: number; op: "exec"; line: string; end?: number; intr?: number }
  | { at: number; op: "advance"; ms: number; in?: true }
  | { at: number; op: "write"; host: string; path: string; content: string; in?: true }
  | { at: number; op: "editor"; result: EditorResult; in: true };

export interface RestoreParams {
  ops: OpEntry[];
  /** the cluster clock when the session was last saved */
  now: number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const optNum = (v: unknown) => v === undefined || num(v);

/** Is this a well-formed op log entry? (a stored log is checked before it is replayed) */
export function validEntry(e: unknown): e is OpEntry {
  if (!isObj(e) || !num(e.at)) return false;
  switch (e.op) {
    case "exec":
      return typeof e.line === "string" && optNum(e.end) && optNum(e.intr);
    case "advance":
      return num(e.ms) && e.ms >= 0;
    case "write":
      return typeof e.host === "string" && typeof e.path === "string" && typeof e.content === "string";
    case "editor":
      return isObj(e.result) && typeof e.result.saved === "boolean" && (e.result.content === undefined || typeof e.result.content === "string");
    default:
      return false;
  }
}

/** The session's clock, cheaply when the session exposes its cluster. */
export function clockOf(s: LabSessionApi): number {
  const c = (s as unknown as { cluster?: { now?: () => number } }).cluster;
  return typeof c?.now === "function" ? c.now() : s.view().now;
}

/**
 * Replays a log on a fresh session created in real-time mode whose waits go through
 * `sleep()` below while replaying: a wait advances the cluster (virtual time) instead of
 * waiting, fast-forwards and editor saves that happened during a command are applied at
 * their time, and a command the student interrupted (or that was running when the page
 * died) is interrupted at the same cluster time.
 */
export class Replayer {
  private i = 0;
  private exec: Extract<OpEntry, { op: "exec" }> | null = null;
  /** the cluster time at which the running exec is interrupted */
  private cut = Infinity;
  /** a wait past this ends the command at its recorded end (a Ctrl-C the log missed): replay never runs away */
  private limit = Infinity;
  private end = Infinity;
  private cutDone = false;
  private session: LabSessionApi | null = null;

  constructor(
    private readonly ops: readonly OpEntry[],
    private readonly savedNow: number,
  ) {}

  private get s(): LabSessionApi {
    if (!this.session) throw new Error("replay: no session");
    return this.session;
  }

  private advanceTo(t: number): void {
    const now = clockOf(this.s);
    if (t > now) this.s.advance(t - now);
  }

  /** The next entry, if it happened during the running exec. */
  private nested(): OpEntry | null {
    const e = this.ops[this.i];
    return e && e.op !== "exec" && e.in ? e : null;
  }

  /** Apply one nested entry (not the editor's close); returns the ms it fast-forwarded. */
  private applyNested(e: OpEntry): number {
    this.advanceTo(e.at);
    if (e.op === "advance") {
      this.s.advance(e.ms);
      return e.ms;
    }
    if (e.op === "write") this.s.writeFile(e.host, e.path, e.content);
    return 0;
  }

  /** A wait inside a replayed command: virtual time, nested ops at their time, the interrupt at its time. */
  sleep: Sleep = async (ms, signal) => {
    let target = clockOf(this.s) + ms;
    for (let e = this.nested(); e && e.op !== "editor" && e.at <= Math.min(target, this.cut); e = this.nested()) {
      this.i++;
      target += this.applyNested(e);
    }
    if ((target >= this.cut || target > this.limit) && !this.cutDone) {
      this.cutDone = true;
      this.advanceTo(Math.min(this.cut, this.end));
      this.s.interrupt();
      return;
    }
    if (signal?.aborted) return;
    this.advanceTo(target);
    await Promise.resolve();
  };

  /** vi/vim/nano during replay: the saves made while it was open, then how it was closed. */
  editor = async (_req: EditorRequest): Promise<EditorResult> => {
    for (let e = this.nested(); e; e = this.nested()) {
      this.i++;
      if (e.op === "editor") {
        this.advanceTo(e.at);
        return e.result;
      }
      this.applyNested(e);
    }
    return { saved: false };
  };

  /** Replay every entry; returns the log to continue with (a command cut by the save gets its end). */
  async run(session: LabSessionApi): Promise<OpEntry[]> {
    this.session = session;
    const log: OpEntry[] = [];
    while (this.i < this.ops.length) {
      const e = this.ops[this.i++];
      if (e.op !== "exec") {
        // a top-level op, or a nested one left over (its command ended first)
        this.applyNested(e);
        log.push(e);
        continue;
      }
      const start = this.i;
      this.advanceTo(e.at);
      this.exec = e;
      this.cutDone = false;
      // a command still running when the session was saved stops where the save was
      this.cut = e.intr ?? (e.end === undefined ? Math.max(this.savedNow, e.at) : Infinity);
      // real-time waits end a little off the ticker's clock; far past the recorded end is a missed Ctrl-C
      this.end = e.end ?? Infinity;
      this.limit = e.end === undefined ? Infinity : e.end + 2000;
      await session.exec(e.line);
      const cut = e.end === undefined ? { intr: this.cut, end: clockOf(session) } : {};
      log.push({ ...e, ...cut }, ...this.ops.slice(start, this.i));
      const mark = this.i;
      // what happened during the command after its last wait
      for (let n = this.nested(); n; n = this.nested()) {
        if (n.op === "editor") break;
        if (e.end !== undefined && n.at > e.end) break;
        this.i++;
        this.applyNested(n);
      }
      log.push(...this.ops.slice(mark, this.i));
      if (e.end !== undefined) this.advanceTo(e.end);
      this.exec = null;
      this.cut = Infinity;
      this.limit = Infinity;
      this.end = Infinity;
    }
    this.advanceTo(this.savedNow);
    return log;
  }

  get running(): boolean {
    return this.exec !== null;
  }
}

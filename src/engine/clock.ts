// Virtual clock with a timer heap. The engine never reads real time: everything that takes
// time is a timer on this clock, fired in (time, insertion) order by advance().

export type TimerFn = () => void;

const NOOP: TimerFn = () => {};

export interface Timer { at: number; seq: number; fn: TimerFn; id: number; cancelled: boolean; quiet: boolean; /** fired or dropped: out of the heap */ done: boolean }

export class Clock {
  private nowMs: number;
  private heap: Timer[] = [];
  private seq = 0;
  private byId = new Map<number, Timer>();
  /** Called after each fired timer so the cluster can settle controllers between events. */
  onAfterTimer: (() => void) | null = null;

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  /** Schedule fn at now + delayMs. Returns an id for cancel(). */
  after(delayMs: number, fn: TimerFn, quiet = false): number {
    return this.at(this.nowMs + Math.max(0, delayMs), fn, quiet);
  }

  /**
   * quiet: the timer cannot start or stop anything the cluster watches (no onAfterTimer after it).
   * cancellable false: nobody will cancel it (no id kept; returns 0) — for the many bare timers
   * that check for themselves whether they still apply.
   */
  at(atMs: number, fn: TimerFn, quiet = false, cancellable = true): number {
    const t = this.timer(atMs, fn, quiet);
    if (cancellable) {
      t.id = this.seq;
      this.byId.set(t.id, t);
    }
    return t.id;
  }

  /**
   * at() returning the timer itself, cancelled with cancelTimer(t) (no id table: for an owner that
   * keeps its timers and cancels them together, e.g. a kubelet's on stop). Same order as at().
   */
  timer(atMs: number, fn: TimerFn, quiet = false): Timer {
    const t: Timer = { at: Math.max(atMs, this.nowMs), seq: this.seq++, fn, id: 0, cancelled: false, quiet, done: false };
    this.push(t);
    return t;
  }

  /** Schedule a timer that has fired again, at atMs, ordered as a new timer would be. */
  rearm(t: Timer, atMs: number): void {
    if (!t.done) throw new Error("clock: rearm of a pending timer");
    t.at = Math.max(atMs, this.nowMs);
    t.seq = this.seq++;
    t.done = false;
    t.cancelled = false;
    this.push(t);
  }

  cancelTimer(t: Timer): void {
    t.cancelled = true;
  }

  cancel(id: number | undefined | null): void {
    if (id == null) return;
    const t = this.byId.get(id);
    if (t) {
      t.cancelled = true;
      this.byId.delete(id);
    }
  }

  /** Time of the next pending timer, or null. */
  nextAt(): number | null {
    while (this.heap.length && this.heap[0].cancelled) this.pop()!.fn = NOOP;
    return this.heap.length ? this.heap[0].at : null;
  }

  pending(): number {
    return this.byId.size;
  }

  /** Advance to now + ms, firing due timers in order. */
  advance(ms: number): void {
    this.advanceTo(this.nowMs + Math.max(0, ms));
  }

  advanceTo(target: number): void {
    for (;;) {
      const next = this.nextAt();
      if (next === null || next > target) break;
      const t = this.pop()!;
      t.done = true;
      if (t.id) this.byId.delete(t.id);
      if (t.cancelled) {
        t.fn = NOOP;
        continue;
      }
      this.nowMs = Math.max(this.nowMs, t.at);
      t.fn();
      // out of the heap for good (not re-armed by its own function): its owner may keep the timer in
      // a list for a while (a kubelet's), but not what the function captured (a container, a pod's
      // records): those would live on into the old generation
      if (t.done) t.fn = NOOP;
      if (!t.quiet) this.onAfterTimer?.();
    }
    if (target > this.nowMs) this.nowMs = target;
  }

  /**
   * Suspend-and-resume: move time to target and shift every pending timer by the same
   * amount, as if the whole cluster had been paused (used once, to age a freshly booted cluster).
   */
  warpTo(target: number): void {
    const delta = target - this.nowMs;
    if (delta <= 0) return;
    for (const t of this.heap) t.at += delta;
    this.nowMs = target;
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      const x = h[i];
      h[i] = h[p];
      h[p] = x;
      i = p;
    }
  }
  private pop(): Timer | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        const x = h[i];
        h[i] = h[m];
        h[m] = x;
        i = m;
      }
    }
    return top;
  }
}

// client-go util/flowcontrol.Backoff (v0.32), without jitter, as the kubelet uses it for
// container restarts (CrashLoopBackOff) and image pulls (ImagePullBackOff): 10s doubling to 300s;
// an entry expires when eventTime - lastUpdate > 2 * max.

interface Entry {
  backoff: number;
  lastUpdate: number;
}

export class Backoff {
  private entries = new Map<string, Entry>();

  constructor(
    private now: () => number,
    public readonly initialMs = 10_000,
    public readonly maxMs = 300_000,
  ) {}

  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > 2 * this.maxMs;
  }

  next(id: string, eventTime: number): void {
    const e = this.entries.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) {
      this.entries.set(id, { backoff: this.initialMs, lastUpdate: this.now() });
    } else {
      e.backoff = Math.min(e.backoff * 2, this.maxMs);
      e.lastUpdate = this.now();
    }
  }

  isInBackOffSince(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    if (this.hasExpired(eventTime, e.lastUpdate)) return false;
    return this.now() - eventTime < e.backoff;
  }

  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    if (this.hasExpired(eventTime, e.lastUpdate)) return false;
    return eventTime - e.lastUpdate < e.backoff;
  }

  /** When the back-off that isInBackOffSinceUpdate checks ends (lastUpdate + backoff). */
  expiresAtSinceUpdate(id: string): number | undefined {
    const e = this.entries.get(id);
    return e ? e.lastUpdate + e.backoff : undefined;
  }

  /** When the current back-off of id ends, measured from eventTime. */
  until(id: string, eventTime: number): number {
    return eventTime + this.get(id);
  }

  reset(id: string): void {
    this.entries.delete(id);
  }

  /** Largest delay currently held (property tests: never above max). */
  maxHeld(): number {
    let m = 0;
    for (const e of this.entries.values()) m = Math.max(m, e.backoff);
    return m;
  }

  toJSON(): unknown {
    return [...this.entries];
  }
  load(data: unknown): void {
    this.entries = new Map(data as [string, Entry][]);
  }
}

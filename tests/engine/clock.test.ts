import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Clock } from "../../src/engine/clock.ts";
import { Backoff } from "../../src/engine/backoff.ts";

describe("virtual clock", () => {
  it("fires timers in time order, then insertion order", () => {
    const c = new Clock(0);
    const seen: string[] = [];
    c.after(20, () => seen.push("b"));
    c.after(10, () => seen.push("a"));
    c.after(20, () => seen.push("c"));
    const id = c.after(15, () => seen.push("x"));
    c.cancel(id);
    c.advance(19);
    expect(seen).toEqual(["a"]);
    c.advance(1);
    expect(seen).toEqual(["a", "b", "c"]);
    expect(c.now()).toBe(20);
  });

  it("timer handles: cancelTimer, and a re-armed timer is ordered as a new one would be", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.boolean()), { maxLength: 30 }), (specs) => {
        // the same schedule twice: new timers each time (at), or handles re-armed in the fired callback (timer/rearm)
        const run = (handles: boolean) => {
          const c = new Clock(0);
          const seen: string[] = [];
          specs.forEach(([delay, again, cancel], i) => {
            let t: ReturnType<Clock["timer"]> | undefined;
            const fn = () => {
              seen.push(`${i}@${c.now()}`);
              if (!again) return;
              again = false;
              if (handles) c.rearm(t!, c.now() + delay);
              else c.at(c.now() + delay, fn, false, false);
            };
            if (handles) {
              t = c.timer(delay, fn);
              if (cancel) c.cancelTimer(t);
            } else {
              const id = c.at(delay, fn);
              if (cancel) c.cancel(id);
            }
          });
          c.advance(200);
          return seen;
        };
        expect(run(true)).toEqual(run(false));
      }),
    );
    const c = new Clock(0);
    const t = c.timer(5, () => {});
    expect(() => c.rearm(t, 10)).toThrow(/pending/);
  });

  it("timers scheduled by timers run in the same advance when due", () => {
    const c = new Clock(0);
    const seen: number[] = [];
    c.after(5, () => {
      seen.push(c.now());
      c.after(5, () => seen.push(c.now()));
    });
    c.advance(100);
    expect(seen).toEqual([5, 10]);
  });

  it("any schedule fires every due timer exactly once, never early (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 50 }), fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 10 }), (delays, steps) => {
        const c = new Clock(0);
        const fired: { at: number; now: number }[] = [];
        for (const d of delays) c.after(d, () => fired.push({ at: d, now: c.now() }));
        for (const s of steps) c.advance(s);
        c.advance(0);
        const end = c.now();
        expect(fired.length).toBe(delays.filter((d) => d <= end).length);
        for (const f of fired) expect(f.now).toBe(f.at);
      }),
    );
  });
});

describe("restart back-off (client-go flowcontrol)", () => {
  it("restarts at once after the first exit, then waits 10s, 20s, 40s … capped at 300s", () => {
    let now = 0;
    const b = new Backoff(() => now);
    const waits: number[] = [];
    let finished = 0;
    for (let i = 0; i < 9; i++) {
      // the container exits at `finished`; the kubelet restarts it once the back-off is over
      now = finished;
      let wait = 0;
      while (b.isInBackOffSince("c", finished)) {
        now += 1000;
        wait += 1000;
      }
      b.next("c", finished);
      waits.push(wait / 1000);
      finished = now + 2000; // runs 2 s, then crashes again
    }
    expect(waits).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it("resets after running for more than 10 minutes", () => {
    let now = 0;
    const b = new Backoff(() => now);
    b.next("c", 0);
    now = 5000;
    b.next("c", 5000);
    expect(b.get("c")).toBe(20000);
    now = 5000 + 601_000;
    expect(b.isInBackOffSince("c", now)).toBe(false);
    b.next("c", now);
    expect(b.get("c")).toBe(10000);
  });
});

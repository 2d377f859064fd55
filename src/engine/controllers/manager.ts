// kube-controller-manager: the reconcilers of src/engine/controllers, each a work queue of
// keys filled from store watch events and drained by sync(key) (re-read state, compute the
// diff, make the smallest writes). They run only while the kube-controller-manager static
// pod's container runs and the API server answers; when it comes back every controller
// resyncs all its objects, as informers do after a restart.

import type { Clock } from "../clock.ts";
import type { Rand } from "../rand.ts";
import type { Store, WatchEvent } from "../api/store.ts";
import type { ApiServer } from "../api/server.ts";
import type { EventRecorder } from "../events.ts";

export interface ControllerContext {
  store: Store;
  api: ApiServer;
  clock: Clock;
  rand: Rand;
  events: EventRecorder;
  now(): number;
  /** a node's latest heartbeat (Lease renewal) time, as the lifecycle controller sees it */
  heartbeat?(node: string): number | undefined;
  /** the node's kubelet renews its Lease every 10 s (and says so when that starts or stops) */
  renewing?(node: string): boolean;
}

export abstract class Controller {
  abstract readonly name: string;
  readonly queue = new Set<string>();
  /** set by the manager */
  mgr!: ControllerManager;
  constructor(protected ctx: ControllerContext) {}
  /** Map a watch event to the keys to reconcile. */
  abstract onEvent(e: WatchEvent): void;
  abstract sync(key: string): void;
  /** Enqueue every object this controller owns (informer resync / controller start). */
  abstract resyncAll(): void;
  enqueue(key: string): void {
    this.queue.add(key);
    this.mgr.schedule();
  }
  enqueueAfter(key: string, ms: number): void {
    this.mgr.after(ms, () => this.enqueue(key));
  }
  protected get store(): Store {
    return this.ctx.store;
  }
  protected get api(): ApiServer {
    return this.ctx.api;
  }
  protected now(): number {
    return this.ctx.now();
  }
}

export class ControllerManager {
  readonly controllers: Controller[] = [];
  private pending = false;
  private failures = new Map<string, number>();
  private delayed = new Map<string, number>();

  constructor(
    private ctx: ControllerContext,
    /** kube-controller-manager runs and the API server answers */
    public isActive: () => boolean,
  ) {
    ctx.store.watch((e) => {
      // Events matter to no controller except as deletions (a terminating namespace empties)
      if (e.resource === "events" && e.type !== "DELETED") return;
      // (indexed loops here and in drain: code this cold runs unoptimised, where for-of allocates an iterator and a result per step)
      const cs = this.controllers;
      for (let i = 0; i < cs.length; i++) cs[i].onEvent(e);
    });
  }

  add(c: Controller): void {
    c.mgr = this;
    this.controllers.push(c);
  }

  get<T extends Controller>(name: string): T | undefined {
    return this.controllers.find((c) => c.name === name) as T | undefined;
  }

  /** A delayed enqueue: deduplicated per (controller, key) at the earliest time. */
  after(ms: number, fn: () => void): void {
    // (never cancelled: no id kept)
    this.ctx.clock.at(this.ctx.clock.now() + Math.max(0, ms), fn, false, false);
  }

  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.ctx.clock.at(this.ctx.clock.now(), () => {
      this.pending = false;
      this.drain();
    }, false, false);
  }

  /** The controller manager (re)started: every controller lists its world again. */
  started(): void {
    for (const c of this.controllers) c.resyncAll();
    this.schedule();
  }

  /** Run queued keys until all queues are empty (bounded). */
  drain(): void {
    if (!this.isActive()) return;
    let guard = 0;
    const cs = this.controllers;
    for (;;) {
      let did = false;
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i];
        if (!c.queue.size) continue;
        const key = firstKey(c.queue);
        c.queue.delete(key);
        did = true;
        try {
          c.sync(key);
          if (this.failures.size) this.failures.delete(c.name + "\u0000" + key);
        } catch {
          if (!this.isActive()) return;
          this.requeueFailed(c, key);
        }
        if (!this.isActive()) return;
      }
      if (!did || ++guard > 200_000) break;
    }
  }

  /**
   * workqueue's per-item exponential rate limiter: 5ms doubling to 1000s. (Its own method: a
   * closure in drain's loop capturing the loop's variables made every iteration allocate a context.)
   */
  private requeueFailed(c: Controller, key: string): void {
    const fk = c.name + "\u0000" + key;
    const n = this.failures.get(fk) ?? 0;
    this.failures.set(fk, n + 1);
    if (this.delayed.has(fk)) return;
    this.delayed.set(fk, 1);
    this.after(Math.min(5 * 2 ** n, 1_000_000), () => {
      this.delayed.delete(fk);
      c.enqueue(key);
    });
  }
}

/** The oldest key of a non-empty queue (Set order). */
function firstKey(q: Set<string>): string {
  for (const k of q) return k;
  throw new Error("empty queue");
}

export function nsKey(o: { metadata: { namespace?: string; name?: string } }): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!;
}

export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf("/");
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}

// One tab owns a lab (its session is the one saved); another tab of the same lab says so and
// can take over. Web Locks hold the ownership (released by the browser when a tab closes or
// dies); a BroadcastChannel asks the owner to save and let go, so nothing is lost.

export interface TabLock {
  /** true: this tab owns the lab now; false: another tab does */
  claim(): Promise<boolean>;
  /** Ask the owner to save and let go, then own the lab (the owner is forced after `timeoutMs`). */
  takeOver(timeoutMs?: number): Promise<void>;
  /** Called in the owner when another tab took over (after `beforeRelease` has saved). */
  onLost: (() => void) | null;
}

type Msg = { type: "take-over"; from: string } | { type: "released"; from: string };

export function tabLock(name: string, beforeRelease: () => Promise<void>): TabLock {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  const channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel(name) : null;
  const me = Math.random().toString(36).slice(2);
  let release: (() => void) | null = null;
  let released: Promise<void> | null = null;

  const lock: TabLock = {
    onLost: null,
    async claim() {
      if (!locks) return true; // no Web Locks (an insecure context): every tab owns its lab
      return new Promise<boolean>((resolve) => {
        let granted = false;
        void locks
          .request(name, { ifAvailable: true }, (l) => {
            if (!l) {
              resolve(false);
              return undefined;
            }
            granted = true;
            resolve(true);
            return hold();
          })
          .catch(() => {
            // stolen by a tab that could not wait for us
            if (granted) lock.onLost?.();
            resolve(false);
          });
      });
    },
    async takeOver(timeoutMs = 3000) {
      if (!locks) return;
      channel?.postMessage({ type: "take-over", from: me } satisfies Msg);
      await new Promise<void>((resolve) => {
        let done = false;
        const got = (steal: boolean) =>
          locks
            .request(name, steal ? { steal: true } : {}, () => {
              if (!done) {
                done = true;
                resolve();
              }
              return hold();
            })
            .catch(() => undefined);
        void got(false);
        setTimeout(() => {
          if (!done) void got(true);
        }, timeoutMs);
      });
    },
  };

  /** Keep the lock until another tab asks for it (or steals it). */
  function hold(): Promise<void> {
    released = new Promise<void>((resolve) => {
      release = resolve;
    });
    return released.finally(() => {
      release = null;
    });
  }

  channel?.addEventListener("message", (ev: MessageEvent<Msg>) => {
    if (ev.data?.type !== "take-over" || ev.data.from === me || !release) return;
    const let_go = release;
    void beforeRelease()
      .catch(() => undefined)
      .then(() => {
        let_go();
        lock.onLost?.();
      });
  });
  return lock;
}

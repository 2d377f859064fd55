// The lab worker's protocol run in process: a LabClient talking to createWorkerHost over a fake port.
import type { LabSessionApi } from "../../src/shell/session-api.ts";
import { LabClient, type Port } from "../../src/ui/lab-client.ts";
import { createWorkerHost } from "../../src/ui/worker-host.ts";
import type { LabResponse } from "../../src/ui/worker-protocol.ts";
import { FAKE_SCENARIOS, FakeSession } from "./fake-session.ts";

export function inProcessClient(opts: { failLoad?: boolean } = {}) {
  const sessions: FakeSession[] = [];
  const handle = createWorkerHost(async () => ({
    async createLabSession(p): Promise<LabSessionApi> {
      if (opts.failLoad) throw new Error("engine exploded");
      const s = new FakeSession(p.scenarioId ? (FAKE_SCENARIOS.find((x) => x.id === p.scenarioId) ?? null) : null);
      sessions.push(s);
      return s;
    },
    listScenarios: () => FAKE_SCENARIOS,
  }), { logError: () => undefined, emit: (ev) => port.onmessage?.({ data: structuredClone(ev) }) });
  const port: Port = {
    onmessage: null,
    postMessage(msg) {
      // structured clone, as postMessage does
      void handle(structuredClone(msg)).then((res: LabResponse) => port.onmessage?.({ data: structuredClone(res) }));
    },
  };
  return { client: new LabClient(port), sessions };
}

export const tick = () => new Promise((r) => setTimeout(r, 0));

/** Wait until `cond` holds (microtasks and timers run in between). */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await tick();
  }
}

// The lab worker: the engine, the shell (just-bash) and the scenarios run here, off the main
// thread, so the page's first load stays small and a long command never freezes typing.

import type { LabEvent, LabRequest } from "./worker-protocol.ts";
import { createWorkerHost, type SessionModule } from "./worker-host.ts";

// The scenario pack, bundled at build time (text; parsed and validated by the catalog).
const scenarioFiles = import.meta.glob<string>("../../scenarios/**/*.{yaml,yml}", { query: "?raw", import: "default", eager: true });

// Start loading the heavy modules at once, before the first request arrives.
const modules: Promise<SessionModule> = Promise.all([import("../scenario/runner.ts"), import("../scenario/catalog.ts"), import("../scenario/page-sessions.ts")]).then(([session, catalog, page]) => {
  catalog.setScenarioSources(Object.fromEntries(Object.entries(scenarioFiles).map(([path, text]) => [path.replace(/^(\.\.\/)+/, ""), text])));
  // page-sessions also plays dropped files (local:<id>) and the exam's tasks; the fake build (tests/e2e) has only runner's
  const pageSessions = "sessionForScenario" in (session as object);
  return {
    createLabSession: pageSessions ? page.createLabSession : session.createLabSession,
    listScenarios: catalog.listScenarios,
    loadScenarioText: page.loadScenarioText,
    gradeSessions: (ids, opts) => page.gradeSessions(ids, opts),
    solutionOf: page.solutionOf,
  };
});
modules.catch(() => undefined);

const handle = createWorkerHost(() => modules, { emit: (ev: LabEvent) => (self as unknown as Worker).postMessage(ev) });

self.onmessage = async (ev: MessageEvent<LabRequest>) => {
  const res = await handle(ev.data);
  (self as unknown as Worker).postMessage(res);
};

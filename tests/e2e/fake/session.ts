// Dev-only stand-in for src/shell/session.ts (used by vite.fake.config.ts until/unless the real one is built).
import type { LabSessionApi } from "../../../src/shell/session-api.ts";
import { FAKE_SCENARIOS, FakeSession } from "../../terminal/fake-session.ts";

export async function createLabSession(opts: { scenarioId?: string; seed?: number; timeMode: "virtual" | "real" }): Promise<LabSessionApi> {
  void opts.timeMode;
  const info = opts.scenarioId ? (FAKE_SCENARIOS.find((s) => s.id === opts.scenarioId) ?? null) : null;
  return new FakeSession(info);
}

import type { ScenarioInfo } from "../../../src/shell/session-api.ts";
import { FAKE_SCENARIOS } from "../../terminal/fake-session.ts";

export function listScenarios(): ScenarioInfo[] {
  return FAKE_SCENARIOS;
}

export function setScenarioSources(files: Record<string, string>): void {
  void files;
}

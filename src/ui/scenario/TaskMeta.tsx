// The task's badges: domain, difficulty, expected minutes, tags, a dropped file, progress.

import type { ScenarioInfo } from "../../shell/session-api.ts";
import type { ProgressEntry } from "./progress.ts";

/** A class for the known difficulties only (the text never reaches an attribute). */
export function difficultyClass(d: string | undefined): string {
  return d === "easy" || d === "medium" || d === "hard" ? `difficulty-${d}` : "";
}

export function TaskMeta({ scenario, progress }: { scenario: ScenarioInfo; progress?: ProgressEntry }) {
  const local = scenario.id.startsWith("local:");
  return (
    <p className="task-meta" data-testid="task-meta">
      {local && (
        <span className="badge badge-local" title="played from a file dropped onto the page" data-testid="local-badge">
          local file
        </span>
      )}
      {scenario.domain && <span className="badge badge-domain">{scenario.domain}</span>}
      {scenario.difficulty && <span className={`badge badge-difficulty ${difficultyClass(scenario.difficulty)}`}>{scenario.difficulty}</span>}
      {scenario.minutes !== undefined && <span className="badge badge-minutes">~{scenario.minutes} min</span>}
      {scenario.tags.map((t) => (
        <span key={t} className="badge badge-tag">
          #{t}
        </span>
      ))}
      {progress && (
        <span className={`badge badge-progress${progress.passed ? " done" : ""}`} data-testid="progress-badge">
          {progress.passed ? "✓ passed" : `best ${progress.best}/${progress.total}`} · {progress.attempts} {progress.attempts === 1 ? "attempt" : "attempts"}
        </span>
      )}
    </p>
  );
}

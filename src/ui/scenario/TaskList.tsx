// Every task of the pack, grouped by CKA domain, with the student's progress (✓ or best score).

import { useStore } from "zustand";
import type { ScenarioInfo } from "../../shell/session-api.ts";
import { difficultyClass } from "./TaskMeta.tsx";
import { progressMark, type ProgressState } from "./progress.ts";
import type { StoreApi } from "zustand/vanilla";

export function groupByDomain(scenarios: ScenarioInfo[]): [string, ScenarioInfo[]][] {
  const groups = new Map<string, ScenarioInfo[]>();
  for (const s of scenarios) {
    const d = s.domain ?? "Other";
    if (!groups.has(d)) groups.set(d, []);
    groups.get(d)!.push(s);
  }
  return [...groups];
}

export function TaskList({
  scenarios,
  current,
  progress,
  onPick,
  onExam,
}: {
  scenarios: ScenarioInfo[];
  current: string | null;
  progress: StoreApi<ProgressState>;
  onPick(id: string): void;
  onExam?: () => void;
}) {
  const done = useStore(progress, (s) => s.progress);
  const passed = scenarios.filter((s) => done[s.id]?.passed).length;
  return (
    <nav className="task-list" aria-label="tasks" data-testid="task-list">
      <div className="task-list-head">
        <p>
          {passed} of {scenarios.length} tasks passed
        </p>
        {onExam && (
          <button type="button" className="secondary-button" onClick={onExam} data-testid="exam-open">
            Mock exam…
          </button>
        )}
      </div>
      {groupByDomain(scenarios).map(([domain, list]) => (
        <section key={domain}>
          <h2>{domain}</h2>
          {list.map((s) => {
            const mark = progressMark(done[s.id]);
            return (
              <a
                key={s.id}
                href={`#/${encodeURIComponent(s.id)}`}
                className={s.id === current ? "current" : undefined}
                data-scenario={s.id}
                onClick={(e) => {
                  e.preventDefault();
                  onPick(s.id);
                }}
              >
                <span className="title">{s.title}</span>
                {s.difficulty && <span className={`badge ${difficultyClass(s.difficulty)}`}>{s.difficulty}</span>}
                <span className={`mark${mark === "✓" ? " done" : ""}`} title={done[s.id] ? `${done[s.id].attempts} attempts` : "not tried yet"} data-testid="task-mark">
                  {mark}
                </span>
              </a>
            );
          })}
        </section>
      ))}
    </nav>
  );
}

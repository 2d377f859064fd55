import { useStore } from "zustand";
import type { StoreApi } from "zustand/vanilla";
import type { ScenarioInfo } from "../shell/session-api.ts";
import { isExamSlot, isLocal, type Lab } from "./lab.ts";
import { PageMenu } from "./persist/PageMenu.tsx";
import { examFor } from "./scenario/exam/exam-store.ts";
import { pageProgress, progressMark, type Progress, type ProgressState } from "./scenario/progress.ts";

/** Why the picker is locked while a mock exam runs. */
export const PICKER_LOCKED = "The mock exam is running: picking a task would leave it. Move between the exam's tasks with the numbers above the task, or end the exam.";

/** A title for a session the catalog does not list: a dropped file (`local:<id>`) or a mock exam's task (`exam:<exam>:<n>:<id>`). */
export function sessionTitle(id: string, scenarios: ScenarioInfo[], loaded: ScenarioInfo | null): string {
  const own = loaded?.id === id ? loaded.title : null;
  if (isExamSlot(id)) {
    const m = /^exam:[^:]*:(\d+):(.+)$/.exec(id);
    const title = own ?? (m && scenarios.find((s) => s.id === m[2])?.title) ?? m?.[2] ?? id;
    return m ? `Exam task ${Number(m[1]) + 1}: ${title}` : `Exam task: ${title}`;
  }
  if (isLocal(id)) return `${own ?? id.slice("local:".length)} (dropped file)`;
  return own ?? id;
}

/** A catalog task as the picker lists it: its title and the student's progress (✓ or the best score). */
export function optionLabel(s: ScenarioInfo, progress: Progress): string {
  const mark = progressMark(progress[s.id]);
  return mark === "" ? s.title : mark === "✓" ? `${s.title}  ✓` : `${s.title}  (best ${mark})`;
}

export function TaskPicker({
  scenarios,
  scenarioId,
  scenario,
  progress,
  locked,
  onPick,
}: {
  scenarios: ScenarioInfo[];
  scenarioId: string | null;
  /** the session's scenario (titles of dropped files and exam tasks) */
  scenario: ScenarioInfo | null;
  progress: Progress;
  /** a mock exam runs */
  locked: boolean;
  onPick(id: string | null): void;
}) {
  const known = scenarioId === null || scenarios.some((s) => s.id === scenarioId);
  return (
    <label className="picker" title={locked ? PICKER_LOCKED : undefined}>
      <span>Task</span>
      <select value={scenarioId ?? ""} onChange={(e) => onPick(e.target.value || null)} aria-label="Task" disabled={locked} title={locked ? PICKER_LOCKED : undefined} data-testid="task-picker">
        <option value="">Free practice</option>
        {!known && scenarioId && <option value={scenarioId}>{sessionTitle(scenarioId, scenarios, scenario)}</option>}
        {scenarios.map((s) => (
          <option key={s.id} value={s.id}>
            {optionLabel(s, progress)}
          </option>
        ))}
      </select>
    </label>
  );
}

function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${d.toISOString().slice(11, 19)} UTC`;
}

export function Header({ lab, onPick, progress = pageProgress() }: { lab: Lab; onPick(id: string | null): void; progress?: StoreApi<ProgressState> }) {
  const scenarios = useStore(lab.store, (s) => s.scenarios);
  const scenarioId = useStore(lab.store, (s) => s.scenarioId);
  const scenario = useStore(lab.store, (s) => s.scenario);
  const clock = useStore(lab.store, (s) => s.clock);
  const status = useStore(lab.store, (s) => s.status);
  const done = useStore(progress, (s) => s.progress);
  // the same exam as the task panel's (whichever is drawn first creates it, recording attempts alike)
  const exam = examFor(lab, { record: (id, g) => progress.getState().record(id, g) });
  const phase = useStore(exam.store, (s) => s.phase);
  const pick = (id: string | null) => {
    // picking a task from the exam's review leaves the review
    if (phase === "review") exam.leave();
    onPick(id);
  };

  return (
    <>
      <span className="brand">
        kubelab <span className="brand-sub">CKA practice</span>
      </span>
      <TaskPicker scenarios={scenarios} scenarioId={scenarioId} scenario={scenario} progress={done} locked={phase === "running" || phase === "grading"} onPick={pick} />
      <span className="spacer" />
      <span className={`status status-${status}`} title={status === "ready" ? "cluster running" : status}>
        {status === "ready" ? "●" : status === "error" ? "✘" : "○"}
      </span>
      <span className="time-controls" role="group" aria-label="fast-forward the cluster clock">
        <button type="button" onClick={() => void lab.fastForward(10_000)} disabled={status !== "ready"} title="fast-forward 10 seconds">
          +10s
        </button>
        <button type="button" onClick={() => void lab.fastForward(60_000)} disabled={status !== "ready"} title="fast-forward 1 minute">
          +1m
        </button>
        <button type="button" onClick={() => void lab.fastForward(300_000)} disabled={status !== "ready"} title="fast-forward 5 minutes">
          +5m
        </button>
        <button type="button" onClick={() => void lab.fastForwardToRestart()} disabled={status !== "ready"} title="fast-forward until the next restart of a crash-looping container" data-testid="ff-restart">
          next restart
        </button>
      </span>
      <span className="clock" title="cluster time" data-testid="clock">
        {clock === null ? "--:--:-- UTC" : formatClock(clock)}
      </span>
      <PageMenu lab={lab} />
    </>
  );
}

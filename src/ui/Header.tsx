import { useStore } from "zustand";
import type { Lab } from "./lab.ts";
import { PageMenu } from "./persist/PageMenu.tsx";

function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${d.toISOString().slice(11, 19)} UTC`;
}

export function Header({ lab, onPick }: { lab: Lab; onPick(id: string | null): void }) {
  const scenarios = useStore(lab.store, (s) => s.scenarios);
  const scenarioId = useStore(lab.store, (s) => s.scenarioId);
  const clock = useStore(lab.store, (s) => s.clock);
  const status = useStore(lab.store, (s) => s.status);
  const known = scenarioId === null || scenarios.some((s) => s.id === scenarioId);

  return (
    <>
      <span className="brand">
        kubelab <span className="brand-sub">CKA practice</span>
      </span>
      <label className="picker">
        <span>Task</span>
        <select value={scenarioId ?? ""} onChange={(e) => onPick(e.target.value || null)} aria-label="Task">
          <option value="">Free practice</option>
          {!known && scenarioId && <option value={scenarioId}>{scenarioId}</option>}
          {scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
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

import { useEffect, useRef } from "react";
import { useStore } from "zustand";
import type { GradeResult } from "../shell/session-api.ts";
import type { Lab } from "./lab.ts";
import { Markdown } from "./markdown.tsx";
import { ClusterPanel } from "./ClusterPanel.tsx";

function Results({ grade }: { grade: GradeResult }) {
  const ref = useRef<HTMLElement>(null);
  // a new grade: bring the verdict into view (the task may be long)
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
  }, [grade]);
  return (
    <section ref={ref} className={`results ${grade.passed ? "passed" : "failed"}`} aria-live="polite" data-testid="results">
      <p className="score">
        <strong>{grade.passed ? "Passed" : "Not yet"}</strong> — score {grade.score}/{grade.total}
      </p>
      <ul className="checks">
        {grade.checks.map((c, i) => (
          <li key={i} className={c.passed ? "check pass" : "check fail"} data-passed={c.passed}>
            <span className="mark" aria-label={c.passed ? "passed" : "failed"}>
              {c.passed ? "✔" : "✘"}
            </span>
            <span className="name">{c.name}</span>
            <dl>
              <dt>expected</dt>
              <dd>
                <code>{c.expected}</code>
              </dd>
              <dt>observed</dt>
              <dd>
                <code>{c.observed}</code>
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TaskPanel({ lab }: { lab: Lab }) {
  const showCluster = useStore(lab.store, (s) => s.showCluster);
  return (
    <>
      <div className="panel-tabs" role="tablist" aria-label="left panel">
        <button type="button" role="tab" aria-selected={!showCluster} className={showCluster ? "" : "active"} onClick={() => void lab.setShowCluster(false)}>
          Task
        </button>
        <button type="button" role="tab" aria-selected={showCluster} className={showCluster ? "active" : ""} onClick={() => void lab.setShowCluster(true)} data-testid="cluster-tab">
          Cluster
        </button>
      </div>
      {showCluster ? <ClusterPanel lab={lab} /> : <Task lab={lab} />}
    </>
  );
}

function Task({ lab }: { lab: Lab }) {
  const status = useStore(lab.store, (s) => s.status);
  const scenario = useStore(lab.store, (s) => s.scenario);
  const scenarioId = useStore(lab.store, (s) => s.scenarioId);
  const grade = useStore(lab.store, (s) => s.grade);
  const grading = useStore(lab.store, (s) => s.grading);
  const error = useStore(lab.store, (s) => s.error);

  return (
    <>
      {scenario ? (
        <>
          <h1 className="task-title">{scenario.title}</h1>
          {(scenario.domain || scenario.difficulty) && (
            <p className="task-meta">
              {scenario.domain && <span className="tag">{scenario.domain}</span>}
              {scenario.difficulty && <span className="tag">{scenario.difficulty}</span>}
            </p>
          )}
          <Markdown className="task-body" source={scenario.task} />
        </>
      ) : status === "booting" ? (
        <p className="task-loading">{scenarioId ? "Preparing the task…" : "Starting the cluster…"}</p>
      ) : status === "ready" ? (
        <>
          <h1 className="task-title">Free practice</h1>
          <p>No task: the cluster is yours. Pick a task above to be graded.</p>
        </>
      ) : null}
      {status === "error" && <p className="task-error">The lab could not start: {error}</p>}
      {scenario && (
        <div className="check-bar">
          <button type="button" className="check-button" onClick={() => void lab.check()} disabled={status !== "ready" || grading}>
            {grading ? "Checking…" : "Check"}
          </button>
        </div>
      )}
      {grade && <Results grade={grade} />}
    </>
  );
}

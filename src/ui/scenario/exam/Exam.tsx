// The mock exam's screens: choosing the tasks and the time, the bar while it runs (clock,
// alerts, tasks with flags, End exam), and the review (score per CKA domain, every check,
// the solution of every task).

import { useEffect, useState } from "react";
import { useStore } from "zustand";
import type { ScenarioInfo } from "../../../shell/session-api.ts";
import { CheckItem } from "../Results.tsx";
import { groupByDomain } from "../TaskList.tsx";
import { balancedSet, DEFAULT_EXAM_MINUTES, domainScores, formatRemaining, percent } from "./exam-core.ts";
import type { Exam } from "./exam-store.ts";

export function ExamSetup({ exam, scenarios }: { exam: Exam; scenarios: ScenarioInfo[] }) {
  const [chosen, setChosen] = useState<string[]>(() => balancedSet(scenarios));
  const [minutes, setMinutes] = useState(DEFAULT_EXAM_MINUTES);
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const ordered = scenarios.filter((s) => chosen.includes(s.id)).map((s) => s.id);
  return (
    <section className="exam-setup" data-testid="exam-setup">
      <h1 className="task-title">Mock exam</h1>
      <p>
        Each task has its own cluster, as in the real exam. You can flag tasks and move between them; the clock runs until you end the exam. A balanced set across the CKA domains is chosen; change it as you like.
      </p>
      <div className="row">
        <label>
          Time{" "}
          <input type="number" min={1} max={600} value={minutes} onChange={(e) => setMinutes(Math.max(1, Math.min(600, Number(e.target.value) || 1)))} data-testid="exam-minutes" /> minutes
        </label>
        <button type="button" className="secondary-button" onClick={() => setChosen(balancedSet(scenarios))}>
          Another balanced set
        </button>
      </div>
      {groupByDomain(scenarios).map(([domain, list]) => (
        <fieldset key={domain}>
          <legend>{domain}</legend>
          {list.map((s) => (
            <label key={s.id}>
              <input type="checkbox" checked={chosen.includes(s.id)} onChange={() => toggle(s.id)} data-scenario={s.id} /> {s.title}
            </label>
          ))}
        </fieldset>
      ))}
      <div className="row">
        <button type="button" className="check-button" disabled={!ordered.length} onClick={() => void exam.start(scenarios, ordered, minutes)} data-testid="exam-start">
          Start the exam ({ordered.length} tasks, {minutes} min)
        </button>
        <button type="button" className="secondary-button" onClick={() => exam.cancelSetup()}>
          Cancel
        </button>
      </div>
    </section>
  );
}

export function ExamBar({ exam }: { exam: Exam }) {
  const phase = useStore(exam.store, (s) => s.phase);
  const tasks = useStore(exam.store, (s) => s.tasks);
  const current = useStore(exam.store, (s) => s.current);
  const endsAt = useStore(exam.store, (s) => s.endsAt);
  const alert = useStore(exam.store, (s) => s.alert);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (phase !== "running") return;
    const t = setInterval(() => {
      setNow(Date.now());
      exam.tick();
    }, 1000);
    return () => clearInterval(t);
  }, [exam, phase]);
  if (phase !== "running" && phase !== "grading") return null;
  const left = endsAt - now;
  return (
    <div className="exam-bar" data-testid="exam-bar">
      <span className={`exam-clock${left < 5 * 60_000 ? " low" : ""}`} title="time left" data-testid="exam-clock">
        {formatRemaining(left)}
      </span>
      <button type="button" className="secondary-button" onClick={() => exam.toggleFlag()} data-testid="exam-flag" disabled={phase !== "running"}>
        {tasks[current]?.flagged ? "Unflag" : "Flag"} task {current + 1}
      </button>
      <button type="button" className="danger-button exam-end" onClick={() => void exam.end()} disabled={phase !== "running"} data-testid="exam-end">
        {phase === "grading" ? "Grading…" : "End exam"}
      </button>
      <nav className="exam-tasks" aria-label="exam tasks">
        {tasks.map((t, i) => (
          <button
            key={t.slot}
            type="button"
            className={[i === current ? "current" : "", t.flagged ? "flagged" : ""].join(" ").trim() || undefined}
            title={`${t.title}${t.flagged ? " (flagged)" : ""}`}
            aria-current={i === current ? "step" : undefined}
            onClick={() => void exam.go(i)}
            disabled={phase !== "running"}
            data-testid="exam-task"
            data-flagged={t.flagged}
          >
            {i + 1}
          </button>
        ))}
      </nav>
      {alert && (
        <p className="exam-alert" role="alert" data-testid="exam-alert">
          <button type="button" className="secondary-button" onClick={() => exam.dismissAlert()}>
            OK
          </button>
          ⏰ {alert}
        </p>
      )}
    </div>
  );
}

export function ExamReview({ exam, onLeave }: { exam: Exam; onLeave(): void }) {
  const tasks = useStore(exam.store, (s) => s.tasks);
  const grades = useStore(exam.store, (s) => s.grades);
  const solutions = useStore(exam.store, (s) => s.solutions);
  const rows = domainScores(tasks, grades);
  const score = rows.reduce((a, r) => a + r.score, 0);
  const total = rows.reduce((a, r) => a + r.total, 0);
  return (
    <section className="exam-review" data-testid="exam-review">
      <h1 className="task-title">Exam result: {percent(score, total)}%</h1>
      <p>
        {score} of {total} points · {tasks.filter((_, i) => grades[i]?.passed).length} of {tasks.length} tasks fully solved
      </p>
      <table className="domain-scores" data-testid="domain-scores">
        <thead>
          <tr>
            <th>CKA domain</th>
            <th>Tasks</th>
            <th>Points</th>
            <th>Score</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.domain} data-domain={r.domain}>
              <td>{r.domain}</td>
              <td className="num">
                {r.passed}/{r.tasks}
              </td>
              <td className="num">
                {r.score}/{r.total}
              </td>
              <td className="num">{percent(r.score, r.total)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      {tasks.map((t, i) => {
        const g = grades[i];
        return (
          <section key={t.slot} className="review-task" data-testid="review-task">
            <h3>
              {i + 1}. {t.title} {t.flagged && <span title="flagged">⚑</span>}{" "}
              <span className="badge">{g ? `${g.score}/${g.total}` : "not graded"}</span>
            </h3>
            {g ? (
              <ul className="checks results">
                {g.checks.map((c, j) => (
                  <CheckItem key={j} check={c} />
                ))}
              </ul>
            ) : (
              <p className="task-error">This task could not be graded.</p>
            )}
            {solutions[i]?.length ? (
              <details className="solution">
                <summary>Solution</summary>
                {solutions[i].map((step, j) => (
                  <pre key={j}>
                    <code>{step}</code>
                  </pre>
                ))}
              </details>
            ) : null}
          </section>
        );
      })}
      <button type="button" className="check-button" onClick={onLeave} data-testid="exam-leave">
        Back to practice
      </button>
    </section>
  );
}

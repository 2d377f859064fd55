// The grader's verdict: every check in the file's order, the failed ones highlighted and
// written as a teacher's note (what was looked at, what was expected, what was found).

import { useEffect, useRef } from "react";
import type { CheckResult, GradeResult } from "../../shell/session-api.ts";
import { Markdown } from "../markdown.tsx";

/** What a check looked for and what it found. */
function ExpectedFound({ c }: { c: CheckResult }) {
  return (
    <dl>
      <dt>expected</dt>
      <dd>
        <code>{c.expected}</code>
      </dd>
      <dt>found</dt>
      <dd>
        <code>{c.observed}</code>
      </dd>
    </dl>
  );
}

export function CheckItem({ check }: { check: CheckResult }) {
  const c = check;
  const points = `${c.passed ? c.points : 0}/${c.points} pt`;
  if (c.passed) {
    return (
      <li className="check pass" data-passed="true">
        <span className="mark" aria-label="passed">
          ✔
        </span>
        <span className="name">{c.name}</span>
        <span className="points">{points}</span>
        <details className="check-detail">
          <summary>what was checked</summary>
          <ExpectedFound c={c} />
        </details>
      </li>
    );
  }
  return (
    <li className="check fail" data-passed="false">
      <span className="mark" aria-label="failed">
        ✘
      </span>
      <span className="name">{c.name}</span>
      <span className="points">{points}</span>
      <ExpectedFound c={c} />
    </li>
  );
}

export function Results({ grade, explanation }: { grade: GradeResult; explanation?: string }) {
  const ref = useRef<HTMLElement>(null);
  // a new grade: bring the verdict into view (the task may be long)
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
  }, [grade]);
  const failed = grade.checks.filter((c) => !c.passed).length;
  return (
    <section ref={ref} className={`results ${grade.passed ? "passed" : "failed"}`} aria-live="polite" data-testid="results">
      <p className="score">
        <strong>{grade.passed ? "Passed" : "Not yet"}</strong> — score {grade.score}/{grade.total}
        {failed > 0 && (
          <span className="failed-count">
            {" "}
            · {failed} of {grade.checks.length} checks failed
          </span>
        )}
      </p>
      <ul className="checks">
        {grade.checks.map((c, i) => (
          <CheckItem key={i} check={c} />
        ))}
      </ul>
      {explanation && (
        <section className="explanation" data-testid="explanation">
          <h2>Explanation</h2>
          <Markdown className="task-body" source={explanation} />
        </section>
      )}
    </section>
  );
}

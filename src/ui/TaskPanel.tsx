import { useCallback } from "react";
import { useStore } from "zustand";
import type { Lab } from "./lab.ts";
import { Markdown } from "./markdown.tsx";
import { ClusterPanel } from "./ClusterPanel.tsx";
import { Hints } from "./scenario/Hints.tsx";
import { Results } from "./scenario/Results.tsx";
import { TaskMeta } from "./scenario/TaskMeta.tsx";
import { TaskList } from "./scenario/TaskList.tsx";
import { pageProgress, trackable, type ProgressState } from "./scenario/progress.ts";
import { panelTab, type PanelTab } from "./scenario/panel-tab.ts";
import { DropErrors, DropZone } from "./scenario/DropZone.tsx";
import type { StoreApi } from "zustand/vanilla";
import { ExamBar, ExamReview, ExamSetup } from "./scenario/exam/Exam.tsx";
import { examFor, type Exam } from "./scenario/exam/exam-store.ts";
import "./scenario/scenario.css";

/** `#/<id>`: main.ts loads the task on hashchange. */
function pickByHash(id: string | null): void {
  location.hash = id ? `#/${encodeURIComponent(id)}` : "#/";
}

/** A dropped file's address: `#/local:<id>` (ids are [a-z0-9-]). */
function showLocal(id: string): void {
  location.hash = `#/${id}`;
}

export function TaskPanel({ lab, onPick = pickByHash, progress = pageProgress() }: { lab: Lab; onPick?: (id: string | null) => void; progress?: StoreApi<ProgressState> }) {
  const showCluster = useStore(lab.store, (s) => s.showCluster);
  const tabStore = panelTab(lab);
  const tab: PanelTab = useStore(tabStore, (s) => s.tab);
  const scenarios = useStore(lab.store, (s) => s.scenarios);
  const scenarioId = useStore(lab.store, (s) => s.scenarioId);
  const exam = examFor(lab, { record: (id, g) => progress.getState().record(id, g) });
  const examPhase = useStore(exam.store, (s) => s.phase);
  const shown: PanelTab = showCluster ? "cluster" : tab === "cluster" ? "task" : tab;
  const pickTab = (t: PanelTab) => {
    tabStore.setState({ tab: t });
    if ((t === "cluster") !== showCluster) void lab.setShowCluster(t === "cluster");
  };
  const tabButton = (t: PanelTab, label: string) => (
    <button type="button" role="tab" aria-selected={shown === t} className={shown === t ? "active" : ""} onClick={() => pickTab(t)} data-testid={`${t}-tab`}>
      {label}
    </button>
  );
  const navigate = useCallback(
    (id: string) => {
      tabStore.setState({ tab: "task" });
      if (lab.store.getState().showCluster) void lab.setShowCluster(false);
      showLocal(id);
    },
    [lab, tabStore],
  );
  return (
    <>
      <DropZone lab={lab} navigate={navigate} refuse={examPhase === "running" || examPhase === "grading" ? "end the exam first: a dropped file cannot be played during the exam" : undefined} />
      <ExamBar exam={exam} />
      <div className="panel-tabs" role="tablist" aria-label="left panel">
        {tabButton("task", "Task")}
        {tabButton("tasks", "All tasks")}
        {tabButton("cluster", "Cluster")}
      </div>
      {shown === "cluster" ? (
        <ClusterPanel lab={lab} />
      ) : shown === "tasks" ? (
        <TaskList
          scenarios={scenarios}
          current={scenarioId}
          progress={progress}
          onPick={(id) => {
            tabStore.setState({ tab: "task" });
            if (examPhase === "running" || examPhase === "grading") return;
            onPick(id);
          }}
          onExam={
            examPhase === "running" || examPhase === "grading"
              ? undefined
              : () => {
                  exam.openSetup();
                  tabStore.setState({ tab: "task" });
                }
          }
        />
      ) : examPhase === "setup" ? (
        <ExamSetup exam={exam} scenarios={scenarios} />
      ) : examPhase === "review" ? (
        <ExamReview
          exam={exam}
          onLeave={() => {
            exam.leave();
            if (/^#?\/?$/.test(location.hash)) void lab.load(null);
            else onPick(null);
          }}
        />
      ) : (
        <Task lab={lab} progress={progress} exam={exam} />
      )}
    </>
  );
}

function Task({ lab, progress, exam }: { lab: Lab; progress: StoreApi<ProgressState>; exam: Exam }) {
  const inExam = useStore(exam.store, (s) => s.phase === "running" || s.phase === "grading");
  const examTask = useStore(exam.store, (s) => s.current + 1);
  const examTasks = useStore(exam.store, (s) => s.tasks.length);
  const status = useStore(lab.store, (s) => s.status);
  const scenario = useStore(lab.store, (s) => s.scenario);
  const scenarioId = useStore(lab.store, (s) => s.scenarioId);
  const sessionGen = useStore(lab.store, (s) => s.sessionGen);
  const grade = useStore(lab.store, (s) => s.grade);
  const grading = useStore(lab.store, (s) => s.grading);
  const error = useStore(lab.store, (s) => s.error);
  const mine = useStore(progress, (s) => (scenario ? s.progress[scenario.id] : undefined));

  const check = async () => {
    const id = lab.store.getState().scenario?.id ?? null;
    const g = await lab.check();
    if (g && trackable(id)) progress.getState().record(id, g);
  };

  return (
    <>
      <DropErrors lab={lab} />
      {scenario ? (
        <>
          {inExam && (
            <p className="task-meta" data-testid="exam-task-no">
              Task {examTask} of {examTasks}
            </p>
          )}
          <h1 className="task-title">{scenario.title}</h1>
          <TaskMeta scenario={scenario} progress={inExam ? undefined : mine} />
          <Markdown className="task-body" source={scenario.task} />
          {/* as in the real exam: no hints and no grading until the exam ends */}
          {!inExam && <Hints key={`${scenario.id}:${sessionGen}`} hints={scenario.hints ?? []} />}
        </>
      ) : status === "booting" ? (
        <p className="task-loading">{scenarioId ? "Preparing the task…" : "Starting the cluster…"}</p>
      ) : status === "ready" ? (
        <>
          <h1 className="task-title">Free practice</h1>
          <p>No task: the cluster is yours. Pick a task above or under “All tasks” to be graded, or take a mock exam.</p>
          <button type="button" className="secondary-button" onClick={() => exam.openSetup()} data-testid="exam-open-free">
            Mock exam…
          </button>
        </>
      ) : null}
      {status === "error" && <p className="task-error">The lab could not start: {error}</p>}
      {scenario && !inExam && (
        <div className="check-bar">
          <button type="button" className="check-button" onClick={() => void check()} disabled={status !== "ready" || grading}>
            {grading ? "Checking…" : "Check"}
          </button>
        </div>
      )}
      {grade && !inExam && <Results grade={grade} explanation={scenario?.explanation} />}
    </>
  );
}

// The React parts of the page (header and task panel), loaded after the prompt is drawn.

import { createRoot } from "react-dom/client";
import { Header } from "./Header.tsx";
import type { Lab } from "./lab.ts";
import { TaskPanel } from "./TaskPanel.tsx";
import { ErrorBoundary } from "./ErrorBoundary.tsx";

export function mountPanels(els: { header: HTMLElement; task: HTMLElement }, lab: Lab, onPick: (id: string | null) => void): () => void {
  const header = createRoot(els.header);
  const task = createRoot(els.task);
  header.render(
    <ErrorBoundary name="header">
      <Header lab={lab} onPick={onPick} />
    </ErrorBoundary>,
  );
  task.render(
    <ErrorBoundary name="task panel">
      <TaskPanel lab={lab} />
    </ErrorBoundary>,
  );
  return () => {
    header.unmount();
    task.unmount();
  };
}

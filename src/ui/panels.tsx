// The React parts of the page (header and task panel), loaded after the prompt is drawn.

import { createRoot } from "react-dom/client";
import { Header } from "./Header.tsx";
import type { Lab } from "./lab.ts";
import { TaskPanel } from "./TaskPanel.tsx";

export function mountPanels(els: { header: HTMLElement; task: HTMLElement }, lab: Lab, onPick: (id: string | null) => void): () => void {
  const header = createRoot(els.header);
  const task = createRoot(els.task);
  header.render(<Header lab={lab} onPick={onPick} />);
  task.render(<TaskPanel lab={lab} />);
  return () => {
    header.unmount();
    task.unmount();
  };
}

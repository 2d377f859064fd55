// Drop a scenario file anywhere on the window to play it: an overlay while dragging, the
// loader's errors (file:line: message) in the task panel.

import { useEffect } from "react";
import { createPortal } from "react-dom";
import { useStore } from "zustand";
import type { Lab } from "../lab.ts";
import { dropStore, playDroppedFile } from "./drop.ts";

const hasFiles = (ev: DragEvent) => !!ev.dataTransfer && [...ev.dataTransfer.types].includes("Files");

/** Installs the window's drag and drop handlers; renders the overlay while a file is dragged. */
export function DropZone({ lab, navigate, refuse }: { lab: Lab; navigate(id: string): void; refuse?: string }) {
  const store = dropStore(lab);
  const dragging = useStore(store, (s) => s.dragging);
  useEffect(() => {
    let depth = 0;
    const enter = (ev: DragEvent) => {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      depth++;
      store.setState({ dragging: true });
    };
    const over = (ev: DragEvent) => {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      if (ev.dataTransfer) ev.dataTransfer.dropEffect = "copy";
    };
    const leave = (ev: DragEvent) => {
      if (!hasFiles(ev)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) store.setState({ dragging: false });
    };
    const drop = (ev: DragEvent) => {
      // never let the browser open the file in place of the lab
      ev.preventDefault();
      depth = 0;
      store.setState({ dragging: false });
      const files = ev.dataTransfer?.files;
      if (!files) return;
      void playDroppedFile(lab, files, navigate, refuse ? { refuse } : {});
    };
    window.addEventListener("dragenter", enter);
    window.addEventListener("dragover", over);
    window.addEventListener("dragleave", leave);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragenter", enter);
      window.removeEventListener("dragover", over);
      window.removeEventListener("dragleave", leave);
      window.removeEventListener("drop", drop);
    };
  }, [lab, store, navigate, refuse]);
  return dragging
    ? createPortal(
        <div className="drop-overlay" data-testid="drop-overlay">
          <div>Drop a scenario file (.yaml) to play it</div>
        </div>,
        document.body,
      )
    : null;
}

export function DropErrors({ lab }: { lab: Lab }) {
  const store = dropStore(lab);
  const errors = useStore(store, (s) => s.errors);
  const busy = useStore(store, (s) => s.busy);
  if (busy) return <p className="task-loading">Reading the scenario file…</p>;
  if (!errors.length) return null;
  return (
    <section className="drop-errors" role="alert" data-testid="drop-errors">
      <button type="button" className="secondary-button" onClick={() => store.setState({ errors: [] })}>
        Dismiss
      </button>
      <h2>This scenario file cannot be played</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <code>
              {e.file}
              {e.line !== undefined ? `:${e.line}` : ""}
            </code>{" "}
            {e.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

// The header's page controls: a save problem, the settings menu (theme, screen reader, the
// resets) and the keyboard help.

import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import { isExamSlot, type Lab } from "../lab.ts";

export const SHORTCUTS: [string, string][] = [
  ["F6 / Shift+F6", "move between the header, the task panel and the terminal"],
  ["Tab / Shift+Tab", "next / previous control (in the terminal Tab completes; use F6 to leave it)"],
  ["← → on the divider", "resize the task panel (Home / End: narrowest / widest)"],
  ["Ctrl+Shift+C / Ctrl+Shift+V", "copy / paste in the terminal"],
  ["↑ ↓, Ctrl+R", "command history, reverse search"],
  ["Ctrl+C, Ctrl+L", "interrupt the command, clear the screen"],
  ["Esc", "close this help or the menu"],
];

export function PageMenu({ lab }: { lab: Lab }) {
  const theme = useStore(lab.prefs, (p) => p.theme);
  const screenReader = useStore(lab.prefs, (p) => p.screenReader);
  const saveError = useStore(lab.store, (s) => s.saveError);
  const restoring = useStore(lab.store, (s) => s.restoring);
  const scenarioId = useStore(lab.store, (s) => s.scenarioId);
  const title = useStore(lab.store, (s) => s.scenario?.title ?? null);
  const examRunning = useStore(lab.store, (s) => s.exam !== null);
  const menu = useRef<HTMLDetailsElement>(null);
  const help = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const close = (ev: KeyboardEvent) => {
      if (ev.key === "Escape" && menu.current?.open) {
        menu.current.open = false;
        menu.current.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("keydown", close);
    return () => document.removeEventListener("keydown", close);
  }, []);

  const reset = async (all: boolean) => {
    const what = all
      ? "Reset everything? Every task's saved work, progress kept by this lab and your settings are forgotten, and this task starts on a fresh cluster."
      : isExamSlot(scenarioId)
        ? `Reset exam task ${Number(/^exam:[^:]*:(\d+):/.exec(scenarioId ?? "")?.[1] ?? 0) + 1}${title ? ` ("${title}")` : ""}? Your commands, files and cluster for this task are forgotten and it starts on a fresh cluster. The other tasks and the exam's clock are kept.`
        : `Reset this task? Your commands, files and cluster for ${scenarioId ? `"${scenarioId}"` : "free practice"} are forgotten and it starts on a fresh cluster.`;
    if (!window.confirm(what)) return;
    if (menu.current) menu.current.open = false;
    setBusy(true);
    try {
      await (all ? lab.resetEverything() : lab.resetTask());
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {restoring && (
        <span className="save-note" role="status">
          restoring…
        </span>
      )}
      {saveError && (
        <span className="save-error" role="alert" title={saveError} data-testid="save-error">
          ⚠ not saved
        </span>
      )}
      <details className="page-menu" ref={menu}>
        <summary aria-label="settings and reset" title="settings and reset" data-testid="menu">
          ⚙
        </summary>
        <div className="page-menu-body" role="group" aria-label="settings">
          <button type="button" onClick={() => lab.prefs.setState({ theme: theme === "dark" ? "light" : "dark" })} data-testid="theme-toggle" aria-pressed={theme === "light"}>
            {theme === "dark" ? "☀ Light theme" : "☾ Dark theme"}
          </button>
          <label className="menu-check">
            <input type="checkbox" checked={screenReader} onChange={(e) => lab.prefs.setState({ screenReader: e.target.checked })} data-testid="screen-reader" />
            Screen reader mode (terminal)
          </label>
          <hr />
          <button type="button" onClick={() => void reset(false)} disabled={busy} data-testid="reset-task">
            Reset task…
          </button>
          <button
            type="button"
            onClick={() => void reset(true)}
            disabled={busy || examRunning}
            title={examRunning ? "End the mock exam first: Reset everything would forget it" : undefined}
            className="danger"
            data-testid="reset-all"
          >
            Reset everything…
          </button>
        </div>
      </details>
      <button type="button" className="help-button" aria-label="keyboard shortcuts" title="keyboard shortcuts" onClick={() => help.current?.showModal()} data-testid="help">
        ?
      </button>
      <dialog ref={help} className="help-dialog" aria-labelledby="help-title">
        <h2 id="help-title">Keyboard</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>Your work is saved in this browser as you go: a reload or a closed tab loses nothing.</p>
        <form method="dialog">
          <button type="submit" autoFocus>
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}

// The page's entry: start the lab worker first (the engine boots in parallel), draw the
// terminal and its prompt straight into the skeleton of index.html (input is taken at once;
// lines typed ahead run when the session is ready), then load React for the header and the
// task panel.

import type { Terminal } from "@xterm/xterm";
import { screenText } from "../terminal/xterm-binding.ts";
import { createLabWorker } from "./lab-client.ts";
import { createLab } from "./lab.ts";
import { mountTerminal } from "./terminal-view.ts";
import "./app.css";

performance.mark("kubelab:main");
const worker = createLabWorker();
const client = worker.client;
worker.start();

/** `#/static-busybox` → "static-busybox"; no hash → free practice. */
function scenarioFromHash(): string | null {
  const m = /^#\/?([\w.:-]+)/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : null;
}

const seedParam = new URLSearchParams(location.search).get("seed");

export interface PageHooks {
  /** the prompt is drawn and takes input */
  ready: boolean;
  /** the lab session (engine, shell, scenario) is ready */
  sessionReady: boolean;
  /** the terminal's lines, read from xterm's buffer */
  screenText(): string[];
  /** an editor (vim/nano) is open over the terminal */
  editorOpen: boolean;
  /** ms from the editor request to the editor drawn, one entry per open */
  editorOpenMs: number[];
}

declare global {
  interface Window {
    __kubelab: PageHooks;
  }
}

const hooks: PageHooks = { ready: false, sessionReady: false, screenText: () => [], editorOpen: false, editorOpenMs: [] };
window.__kubelab = hooks;

let sessionMarked = false;
const lab = createLab({
  client,
  scenarioId: scenarioFromHash(),
  timeMode: "real",
  ...(seedParam !== null && /^\d+$/.test(seedParam) ? { seed: Number(seedParam) } : {}),
  onSessionReady() {
    if (!sessionMarked) performance.mark("kubelab:session");
    sessionMarked = true;
  },
});
lab.store.subscribe((s) => {
  hooks.sessionReady = s.status === "ready";
});
void lab.boot();
lab.startClock();

window.addEventListener("hashchange", () => {
  const id = scenarioFromHash();
  if (id !== lab.store.getState().scenarioId) void lab.load(id);
});

// Nothing is kept across a reload yet: ask before leaving once commands were typed
// (Ctrl-W is a shell key, and closes the tab in most browsers).
window.addEventListener("beforeunload", (ev) => {
  if (lab.terminal.history.length > 0) ev.preventDefault();
});

function onPick(id: string | null): void {
  location.hash = id ? `#/${encodeURIComponent(id)}` : "#/";
}

const byId = (id: string) => document.getElementById(id) as HTMLElement;

function onPromptReady(term: Terminal): void {
  hooks.screenText = () => screenText(term);
  if (!hooks.ready) performance.mark("kubelab:prompt");
  hooks.ready = true;
  // the panels are not needed for the prompt: load them now
  void import("./panels.tsx").then(({ mountPanels }) => mountPanels({ header: byId("header"), task: byId("task") }, lab, onPick));
}

const view = mountTerminal(byId("terminal"), lab, onPromptReady);

// vi/vim/nano: the editor (loaded on first use) covers the terminal until it is closed
let editorShown: unknown = null;
lab.store.subscribe((s) => {
  if (s.editor && s.editor !== editorShown) {
    editorShown = s.editor;
    void showEditor(s.editor.request);
  } else if (!s.editor && editorShown) {
    editorShown = null;
    void import("./editor/editor-pane.ts").then((m) => m.closeEditor());
  }
});

async function showEditor(request: NonNullable<ReturnType<typeof lab.store.getState>["editor"]>["request"]): Promise<void> {
  const t0 = performance.now();
  const el = byId("editor");
  el.hidden = false;
  const mod = await import("./editor/editor-pane.ts");
  const done = mod.openEditor(el, request, {
    write: (host, path, content) => client.writeFile(host, path, content).then(() => undefined),
    theme: "dark",
  });
  hooks.editorOpen = true;
  requestAnimationFrame(() => hooks.editorOpenMs.push(performance.now() - t0));
  const result = await done;
  hooks.editorOpen = false;
  el.hidden = true;
  lab.closeEditor(result);
  view.term.focus();
}

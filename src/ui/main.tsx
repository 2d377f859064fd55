// The page's entry: start the lab worker first (the engine boots in parallel), then draw the
// page; the terminal's prompt takes input at once and lines typed ahead run when the session is ready.

import type { Terminal } from "@xterm/xterm";
import { createRoot } from "react-dom/client";
import { screenText } from "../terminal/xterm-binding.ts";
import { App } from "./App.tsx";
import { startLabWorker } from "./lab-client.ts";
import { createLab } from "./lab.ts";
import "./app.css";

const client = startLabWorker();

/** `#/static-busybox` → "static-busybox"; no hash → free practice. */
function scenarioFromHash(): string | null {
  const m = /^#\/?([\w.-]+)/.exec(location.hash);
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
}

declare global {
  interface Window {
    __kubelab: PageHooks;
  }
}

const hooks: PageHooks = { ready: false, sessionReady: false, screenText: () => [] };
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

function onPick(id: string | null): void {
  location.hash = id ? `#/${encodeURIComponent(id)}` : "#/";
}

function onPromptReady(term: Terminal): void {
  hooks.screenText = () => screenText(term);
  if (!hooks.ready) performance.mark("kubelab:prompt");
  hooks.ready = true;
}

createRoot(document.getElementById("root") as HTMLElement).render(<App lab={lab} onPick={onPick} onPromptReady={onPromptReady} />);

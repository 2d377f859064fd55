// The page's entry: start the lab worker first (the engine boots in parallel), draw the
// terminal and its prompt straight into the skeleton of index.html (input is taken at once;
// lines typed ahead run when the session is ready), then load React for the header and the
// task panel.

import type { Terminal } from "@xterm/xterm";
import { screenText } from "../terminal/xterm-binding.ts";
import { createLabWorker } from "./lab-client.ts";
import { createLab } from "./lab.ts";
import { fontSizeFor, mountTerminal, TERMINAL_THEMES } from "./terminal-view.ts";
import { createPrefs } from "./persist/prefs.ts";
import { indexedDbStore, memoryStore } from "./persist/store.ts";
import { tabLock } from "./persist/tab-lock.ts";
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
  /** a read-only command line outside the terminal (tests compare state with it) */
  run(line: string): Promise<string>;
  /** save the session now */
  flush(): Promise<void>;
}

declare global {
  interface Window {
    __kubelab: PageHooks;
  }
}

const hooks: PageHooks = {
  ready: false,
  sessionReady: false,
  screenText: () => [],
  editorOpen: false,
  editorOpenMs: [],
  run: (line) => client.run(line).then((r) => r.stdout + r.stderr),
  flush: () => lab.flush(),
};
window.__kubelab = hooks;

// Saved sessions: one database per lab (a sub-path is a lab), opened beside the prompt.
const labPath = new URL(".", location.href).pathname;
const storage = typeof indexedDB !== "undefined" ? indexedDbStore(`kubelab:${labPath}`) : memoryStore();

// settings before the first paint: the theme, the task panel's width
const prefs = createPrefs();
const applyLayout = () => {
  const p = prefs.getState();
  document.documentElement.dataset.theme = p.theme;
  const w = p.taskWidth;
  if (w === null) document.documentElement.style.removeProperty("--task-width");
  else document.documentElement.style.setProperty("--task-width", `${w}%`);
  document.documentElement.style.setProperty("--task-max", w === null ? "640px" : "none");
  const sp = document.getElementById("splitter");
  sp?.setAttribute("aria-valuenow", String(Math.round(w ?? 38)));
};
applyLayout();

let sessionMarked = false;
const lab = createLab({
  storage,
  prefs,
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
  if (hooks.sessionReady && !swAsked) {
    swAsked = true;
    // offline after the first visit: the service worker precaches the build once the lab is up
    const later = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 500));
    later(() => registerServiceWorker());
  }
});

let swAsked = false;
function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  // relative: the lab's own folder, whatever sub-path it is served from
  void navigator.serviceWorker.register("./sw.js", { scope: "./" }).catch(() => undefined);
}

// One tab owns the lab; another one says so and can take over (the owner saves first).
const lock = tabLock(`kubelab:${labPath}`, () => lab.suspend());
let booted = false;
void lock.claim().then((mine) => {
  if (mine) {
    booted = true;
    void lab.boot();
  } else showElsewhere("This lab is open in another tab.");
});
lock.onLost = () => showElsewhere("This lab is now open in another tab.");
lab.startClock();

function showElsewhere(text: string): void {
  void lab.store.setState({ elsewhere: true });
  let box = document.getElementById("elsewhere");
  if (!box) {
    box = document.createElement("div");
    box.id = "elsewhere";
    box.className = "elsewhere";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "elsewhere-text");
    box.innerHTML = '<div class="elsewhere-box"><p id="elsewhere-text"></p><p class="elsewhere-sub">Only one tab keeps your work; taking over saves the other tab\'s work first.</p><button type="button" data-testid="take-over">Use the lab in this tab</button></div>';
    document.body.append(box);
    box.querySelector("button")!.addEventListener("click", () => void takeOver());
  }
  box.querySelector("#elsewhere-text")!.textContent = text;
  box.hidden = false;
  document.querySelector(".app")?.setAttribute("inert", "");
  box.querySelector("button")!.focus();
}

async function takeOver(): Promise<void> {
  const box = document.getElementById("elsewhere");
  const button = box?.querySelector("button");
  if (button) button.disabled = true;
  await lock.takeOver();
  if (box) box.hidden = true;
  if (button) button.disabled = false;
  document.querySelector(".app")?.removeAttribute("inert");
  if (booted) await lab.resume();
  else {
    booted = true;
    lab.store.setState({ elsewhere: false });
    void lab.boot();
  }
  view.term.focus();
}

// Save when the page goes away (a reload, the tab closed, the laptop lid) and when hidden.
window.addEventListener("pagehide", () => void lab.flush());
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") void lab.flush();
});

window.addEventListener("hashchange", () => {
  if (lab.store.getState().elsewhere) return; // another tab owns the lab
  const id = scenarioFromHash();
  if (id !== lab.store.getState().scenarioId) void lab.load(id);
});


function onPick(id: string | null): void {
  location.hash = id ? `#/${encodeURIComponent(id)}` : "#/";
}

const byId = (id: string) => document.getElementById(id) as HTMLElement;

function onPromptReady(term: Terminal): void {
  hooks.screenText = () => screenText(term);
  lab.setScreen(() => screenText(term));
  if (!hooks.ready) performance.mark("kubelab:prompt");
  hooks.ready = true;
  // the panels are not needed for the prompt: load them now
  void import("./panels.tsx").then(({ mountPanels }) => mountPanels({ header: byId("header"), task: byId("task") }, lab, onPick));
}

const view = mountTerminal(byId("terminal"), lab, onPromptReady);

// the settings follow at once: the page, the terminal and the editor's theme, screen-reader mode
prefs.subscribe((p, old) => {
  applyLayout();
  if (p.theme !== old.theme) view.term.options.theme = TERMINAL_THEMES[p.theme];
  if (p.screenReader !== old.screenReader) view.term.options.screenReaderMode = p.screenReader;
});
window.addEventListener("resize", () => {
  const size = fontSizeFor(window.innerWidth);
  if (view.term.options.fontSize !== size) view.term.options.fontSize = size;
});

// the divider between the task panel and the terminal: drag it, or focus it and use the arrows
const splitter = byId("splitter");
const setWidth = (pct: number) => prefs.setState({ taskWidth: Math.min(70, Math.max(15, Math.round(pct * 10) / 10)) });
const currentWidth = () => prefs.getState().taskWidth ?? (byId("task").getBoundingClientRect().width / window.innerWidth) * 100;
splitter.addEventListener("pointerdown", (ev) => {
  ev.preventDefault();
  splitter.setPointerCapture(ev.pointerId);
  const move = (e: PointerEvent) => setWidth((e.clientX / window.innerWidth) * 100);
  const up = () => {
    splitter.removeEventListener("pointermove", move);
    splitter.removeEventListener("pointerup", up);
  };
  splitter.addEventListener("pointermove", move);
  splitter.addEventListener("pointerup", up);
});
splitter.addEventListener("keydown", (ev) => {
  const step = ev.shiftKey ? 10 : 2;
  const w = currentWidth();
  const to = ev.key === "ArrowLeft" ? w - step : ev.key === "ArrowRight" ? w + step : ev.key === "Home" ? 15 : ev.key === "End" ? 70 : null;
  if (to === null) return;
  ev.preventDefault();
  setWidth(to);
});

// F6 / Shift+F6: the next pane (header, task panel, terminal) — the terminal keeps Tab for completion
window.addEventListener(
  "keydown",
  (ev) => {
    if (ev.key !== "F6" || ev.ctrlKey || ev.altKey || ev.metaKey) return;
    ev.preventDefault();
    ev.stopPropagation();
    const panes = [byId("header"), byId("task"), byId("terminal")];
    const at = panes.findIndex((p) => p.contains(document.activeElement));
    const next = panes[(at + (ev.shiftKey ? panes.length - 1 : 1) + panes.length) % panes.length];
    if (next.id === "terminal") view.term.focus();
    else {
      const first = next.querySelector<HTMLElement>('button, select, input, summary, a[href], [tabindex]:not([tabindex="-1"])');
      (first ?? next).focus();
    }
  },
  true,
);

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
    theme: prefs.getState().theme,
  });
  hooks.editorOpen = true;
  requestAnimationFrame(() => hooks.editorOpenMs.push(performance.now() - t0));
  const result = await done;
  hooks.editorOpen = false;
  el.hidden = true;
  lab.closeEditor(result);
  view.term.focus();
}

// The terminal pane, outside React: xterm mounted straight into the page's skeleton so the
// prompt is drawn before React (and the task panel) has even loaded.

import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { bindXterm } from "../terminal/xterm-binding.ts";
import { INPUT_SLICE } from "../terminal/controller.ts";
import type { Lab } from "./lab.ts";

export const TERMINAL_THEMES = {
  dark: { background: "#0c0c0c", foreground: "#e6e6e6", cursor: "#e6e6e6", selectionBackground: "#4a5a7a" },
  light: {
    background: "#ffffff",
    foreground: "#1c2030",
    cursor: "#1c2030",
    cursorAccent: "#ffffff",
    selectionBackground: "#b6cdf5",
    // ANSI colours readable on white
    yellow: "#8a6d00",
    brightYellow: "#7a5c00",
    green: "#1f7a3a",
    brightGreen: "#1b6b33",
    white: "#5d6478",
    brightWhite: "#1c2030",
  },
} as const;

/** 15 px on a laptop; larger on a big screen shown at 1:1 (a 4K monitor without scaling). */
export function fontSizeFor(width: number): number {
  return width >= 3000 ? 24 : width >= 2200 ? 19 : width >= 1700 ? 16 : 15;
}

export interface TerminalView {
  term: Terminal;
  dispose(): void;
}

/** Mount xterm in `host`, bind it to the lab's terminal and draw the prompt; `onPromptReady` fires once it is on screen. */
export function mountTerminal(host: HTMLElement, lab: Lab, onPromptReady?: (term: Terminal) => void): TerminalView {
  const prefs = lab.prefs.getState();
  const term = new Terminal({
    fontFamily: '"DejaVu Sans Mono", "Ubuntu Mono", Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: fontSizeFor(window.innerWidth),
    lineHeight: 1.2,
    cursorBlink: true,
    scrollback: 5000,
    theme: TERMINAL_THEMES[prefs.theme],
    screenReaderMode: prefs.screenReader,
  });
  // Ctrl-Shift-C copies the selection (the browser would open its dev tools); Ctrl-Shift-V
  // pastes through the browser's own paste event.
  term.attachCustomKeyEventHandler((ev) => {
    if (ev.type === "keydown" && ev.ctrlKey && ev.shiftKey && (ev.key === "C" || ev.key === "c")) {
      const text = term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
      ev.preventDefault();
      return false;
    }
    return true;
  });
  // A long paste is taken here, before xterm: xterm would rewrite and hand over all of it in
  // one task (10 MB: a frame of 100 ms and more); the controller takes it in pieces.
  const onPaste = (ev: ClipboardEvent) => {
    const text = ev.clipboardData?.getData("text/plain") ?? "";
    if (text.length <= INPUT_SLICE || term.options.disableStdin) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    term.scrollToBottom();
    lab.terminal.paste(text);
  };
  host.addEventListener("paste", onPaste, true);
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  try {
    fit.fit();
  } catch {
    // not laid out yet; the observer fits it later
  }
  lab.terminal.resize(term.cols);
  // the shell's COLUMNS follows the pane (ls and ps lay out to it), as bash's checkwinsize
  lab.client.setColumns(term.cols);
  const onCols = term.onResize(({ cols }) => lab.client.setColumns(cols));
  const unbind = bindXterm(term, lab.terminal, lab.sink);
  lab.terminal.start();
  term.focus();
  term.write("", () => requestAnimationFrame(() => onPromptReady?.(term)));

  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      try {
        fit.fit();
      } catch {
        // hidden pane
      }
    });
  });
  observer.observe(host);
  // a click anywhere in the pane (its padding too) gives the terminal the keyboard
  const focus = () => term.focus();
  host.addEventListener("mousedown", focus);
  return {
    term,
    dispose() {
      host.removeEventListener("mousedown", focus);
      host.removeEventListener("paste", onPaste, true);
      observer.disconnect();
      onCols.dispose();
      cancelAnimationFrame(frame);
      unbind();
      term.dispose();
    },
  };
}

import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useLayoutEffect, useRef } from "react";
import { bindXterm } from "../terminal/xterm-binding.ts";
import type { Lab } from "./lab.ts";

export interface TerminalPaneProps {
  lab: Lab;
  /** the prompt is on screen and takes input */
  onPromptReady?(term: Terminal): void;
}

const THEME = {
  background: "#0c0c0c",
  foreground: "#e6e6e6",
  cursor: "#e6e6e6",
  selectionBackground: "#4a5a7a",
};

export function TerminalPane({ lab, onPromptReady }: TerminalPaneProps) {
  const host = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      fontFamily: '"DejaVu Sans Mono", "Ubuntu Mono", Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: 15,
      lineHeight: 1.2,
      cursorBlink: true,
      scrollback: 5000,
      theme: THEME,
      allowProposedApi: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    try {
      fit.fit();
    } catch {
      // not laid out yet; the observer fits it later
    }
    lab.terminal.resize(term.cols);
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
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      unbind();
      term.dispose();
    };
  }, [lab, onPromptReady]);

  return <div className="terminal-pane" ref={host} onClick={() => host.current?.querySelector("textarea")?.focus()} />;
}

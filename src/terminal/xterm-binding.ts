// The thin binding between xterm.js and the terminal controller: keys in, text out, resize.

import type { Terminal } from "@xterm/xterm";
import type { TerminalController } from "./controller.ts";
import type { Sink } from "./sink.ts";

export function bindXterm(term: Terminal, controller: TerminalController, sink: Sink): () => void {
  sink.attach((data) => term.write(data));
  const onData = term.onData((data) => controller.input(data));
  const onResize = term.onResize(({ cols }) => controller.resize(cols));
  return () => {
    onData.dispose();
    onResize.dispose();
    sink.detach();
  };
}

/** The terminal's text, one entry per logical line (wrapped rows joined), trailing blanks trimmed. */
export function screenText(term: Terminal): string[] {
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buf.length; i++) {
    const line = buf.getLine(i);
    if (!line) continue;
    const text = line.translateToString(false);
    if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  for (let i = 0; i < lines.length; i++) lines[i] = lines[i].trimEnd();
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

// The thin binding between xterm.js and the terminal controller: keys in, text out, resize.

import type { Terminal } from "@xterm/xterm";
import type { TerminalController } from "./controller.ts";
import type { Sink } from "./sink.ts";

/**
 * xterm parses each write whole before it yields to the page (its write buffer checks the time
 * between writes only): a 2 MB output in one write is a 600 ms frame. Pieces of this size keep
 * every task near xterm's 12 ms budget.
 */
export const WRITE_CHUNK = 4 * 1024;

/** Cut `data` into pieces of at most `size` UTF-16 units, never between a surrogate pair. */
export function chunks(data: string, size = WRITE_CHUNK): string[] {
  if (data.length <= size) return [data];
  const out: string[] = [];
  let i = 0;
  while (i < data.length) {
    let end = Math.min(i + size, data.length);
    const c = data.charCodeAt(end - 1);
    if (end < data.length && c >= 0xd800 && c <= 0xdbff) end--;
    out.push(data.slice(i, end));
    i = end;
  }
  return out;
}

export function bindXterm(term: Terminal, controller: TerminalController, sink: Sink): () => void {
  sink.attach((data) => {
    for (const piece of chunks(data)) term.write(piece);
  });
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

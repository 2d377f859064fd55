// Split a typed script into commands the way an interactive bash reads lines: a line that
// leaves a quote, a heredoc or a continuation open is joined with the next ones.

import { needsMore } from "../shell/bash-syntax.ts";

export function splitCommands(input: string): string[] {
  const lines = input.replace(/\r\n/g, "\n").split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  const out: string[] = [];
  let buf: string[] = [];
  for (const line of lines) {
    buf.push(line);
    const text = buf.join("\n");
    if (needsMore(text)) continue;
    out.push(text);
    buf = [];
  }
  if (buf.length) out.push(buf.join("\n"));
  return out;
}

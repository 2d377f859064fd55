// Is a typed text a complete bash command, or does it continue on the next line?
// (open quotes, an unfinished heredoc, a trailing backslash, pipe or && / ||)

export function needsMore(text: string): boolean {
  let i = 0;
  let quote: '"' | "'" | null = null;
  const heredocs: { tag: string; strip: boolean }[] = [];
  const lines = text.split("\n");
  // scan the command text up to the first heredoc body
  let lineIdx = 0;
  for (; lineIdx < lines.length; lineIdx++) {
    const line = lines[lineIdx];
    i = 0;
    while (i < line.length) {
      const c = line[i];
      if (quote) {
        if (c === "\\" && quote === '"') i += 2;
        else {
          if (c === quote) quote = null;
          i++;
        }
        continue;
      }
      if (c === "\\") {
        i += 2;
        continue;
      }
      if (c === "'" || c === '"') {
        quote = c;
        i++;
        continue;
      }
      if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) break;
      if (c === "<" && line[i + 1] === "<" && line[i + 2] !== "<") {
        let j = i + 2;
        const strip = line[j] === "-";
        if (strip) j++;
        while (line[j] === " ") j++;
        const m = /^(['"]?)([A-Za-z0-9_.-]+)\1/.exec(line.slice(j));
        if (m) {
          heredocs.push({ tag: m[2], strip });
          i = j + m[0].length;
          continue;
        }
      }
      i++;
    }
    if (!quote && heredocs.length) {
      // the following lines are heredoc bodies
      let k = lineIdx + 1;
      for (const h of heredocs) {
        let closed = false;
        for (; k < lines.length; k++) {
          const l = h.strip ? lines[k].replace(/^\t+/, "") : lines[k];
          if (l === h.tag) {
            closed = true;
            k++;
            break;
          }
        }
        if (!closed) return true;
      }
      heredocs.length = 0;
      lineIdx = k - 1;
      continue;
    }
  }
  if (quote) return true;
  const trimmed = text.replace(/\s+$/, "");
  if (/\\$/.test(text.replace(/\n$/, ""))) return true;
  if (/(\|\||&&|\|)$/.test(trimmed)) return true;
  return false;
}

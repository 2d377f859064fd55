// Go's text/tabwriter (the column-block algorithm), as kubectl uses it:
// NewWriter(out, minwidth, tabwidth, padding, ' ', flags). Cells end with '\t'; the last
// cell of a line is not aligned. Widths count runes.

interface Cell { text: string; width: number; terminated: boolean }

export function tabwrite(text: string, minwidth = 6, padding = 3): string {
  const rawLines = text.split("\n");
  const trailingNewline = rawLines[rawLines.length - 1] === "";
  if (trailingNewline) rawLines.pop();
  const lines: Cell[][] = rawLines.map((l) => {
    const parts = l.split("\t");
    return parts.map((p, i) => ({ text: p, width: runeCount(p), terminated: i < parts.length - 1 }));
  });
  const widths: number[] = [];
  let out = "";
  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      line.forEach((c, j) => {
        out += c.text;
        if (j < widths.length && c.terminated) out += " ".repeat(Math.max(0, widths[j] - c.width));
      });
      if (i < lines.length - 1 || trailingNewline) out += "\n";
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let width = minwidth;
      for (; cur < line1; cur++) {
        const line = lines[cur];
        if (column >= line.length - 1) break;
        const w = line[column].width + padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--; // the for loop's cur++ re-examines the line that ended the block
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out;
}

/** Runes (code points) of s: its length unless it holds a surrogate pair (no array per cell). */
function runeCount(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return Array.from(s).length;
  }
  return s.length;
}

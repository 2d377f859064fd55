// Go's text/tabwriter (padchar ' ', no flags): a cell is text ended by a tab; a column block
// is a run of consecutive lines that all have a cell in that column, and each block gets its
// own width (max(minwidth, widest cell + padding)). A line without tabs (an empty line)
// therefore starts new blocks, which is why kubeadm's two tables align separately. The
// text after a line's last tab is written as it is.

export function goTabwriter(text: string, minwidth: number, padding: number): string {
  const trailingNewline = text.endsWith("\n");
  const lines = (trailingNewline ? text.slice(0, -1) : text).split("\n").map((l) => l.split("\t"));
  const widths: number[][] = lines.map(() => []);
  const maxCols = Math.max(0, ...lines.map((l) => l.length - 1));
  for (let col = 0; col < maxCols; col++) {
    let i = 0;
    while (i < lines.length) {
      if (col >= lines[i].length - 1) {
        i++;
        continue;
      }
      let j = i;
      let width = minwidth;
      while (j < lines.length && col < lines[j].length - 1) {
        width = Math.max(width, [...lines[j][col]].length + padding);
        j++;
      }
      for (let k = i; k < j; k++) widths[k][col] = width;
      i = j;
    }
  }
  const out = lines.map((cells, i) => {
    let s = "";
    for (let c = 0; c < cells.length - 1; c++) s += cells[c] + " ".repeat(widths[i][c] - [...cells[c]].length);
    return s + cells[cells.length - 1];
  });
  return out.join("\n") + (trailingNewline ? "\n" : "");
}

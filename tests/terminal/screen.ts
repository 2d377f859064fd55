// A tiny VT100 screen for tests: enough of xterm's behaviour (pending wrap, CSI cursor moves,
// erase) to check what the line editor draws. Rows grow without limit (no scrolling).

export class Screen {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  private pendingWrap = false;
  constructor(readonly cols = 80) {}

  private line(r: number): string[] {
    while (this.rows.length <= r) this.rows.push([]);
    return this.rows[r];
  }

  write(data: string): this {
    let i = 0;
    while (i < data.length) {
      const ch = data[i];
      if (ch === "\x1b") {
        if (data[i + 1] === "[") {
          let j = i + 2;
          while (j < data.length && !/[@-~]/.test(data[j])) j++;
          const params = data.slice(i + 2, j);
          const n = parseInt(params, 10);
          const final = data[j];
          this.csi(final, params, Number.isNaN(n) ? undefined : n);
          i = j + 1;
          continue;
        }
        i += 2;
        continue;
      }
      if (ch === "\r") {
        this.col = 0;
        this.pendingWrap = false;
      } else if (ch === "\n") {
        this.row++;
        this.line(this.row);
        this.pendingWrap = false;
      } else if (ch === "\b") {
        this.col = Math.max(0, this.col - 1);
        this.pendingWrap = false;
      } else if (ch === "\x07") {
        // bell
      } else {
        if (this.pendingWrap) {
          this.row++;
          this.col = 0;
          this.pendingWrap = false;
        }
        const l = this.line(this.row);
        while (l.length < this.col) l.push(" ");
        l[this.col] = ch;
        if (this.col === this.cols - 1) this.pendingWrap = true;
        else this.col++;
      }
      i++;
    }
    return this;
  }

  private csi(final: string, params: string, n: number | undefined): void {
    this.pendingWrap = false;
    const k = n ?? 1;
    switch (final) {
      case "A":
        this.row = Math.max(0, this.row - k);
        break;
      case "B":
        this.row += k;
        this.line(this.row);
        break;
      case "C":
        this.col = Math.min(this.cols - 1, this.col + k);
        break;
      case "D":
        this.col = Math.max(0, this.col - k);
        break;
      case "H":
        this.row = 0;
        this.col = 0;
        break;
      case "J":
        if (params === "2" || params === "3") {
          if (params === "2") this.rows = this.rows.map(() => []);
          break;
        }
        this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
        for (let r = this.row + 1; r < this.rows.length; r++) this.rows[r] = [];
        break;
      case "K":
        this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
        break;
      default:
        break; // SGR and the rest: no effect on text
    }
  }

  /** The screen's lines, trailing spaces and empty trailing rows removed. */
  lines(): string[] {
    const ls = this.rows.map((r) => r.join("").replace(/\s+$/, ""));
    while (ls.length > 1 && ls[ls.length - 1] === "") ls.pop();
    return ls;
  }

  text(): string {
    return this.lines().join("\n");
  }

  lastLine(): string {
    return this.line(this.row).join("").replace(/\s+$/, "");
  }
}

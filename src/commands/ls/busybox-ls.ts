// busybox ls (coreutils/ls.c, 1.36) over a container's view: what `ls` prints in the busybox and
// alpine images. One name a line into a pipe, columns at a terminal (the longest name + 2, as many
// as fit in the width - 1, filled by column) and colours there (FEATURE_LS_COLOR_IS_DEFAULT);
// -l: "%-10s %4lu %-8.8s %-8.8s %9u " then "mmm dd hh:mm " (or "mmm dd  yyyy " past six months)
// and the name; "total" in 1K blocks, rounded up; an operand that is missing: "ls: X: No such file
// or directory" and status 1. Every file belongs to root.

import type { CmdResult } from "../types.ts";
import type { StatResult } from "../../engine/node/fs.ts";
import { BUSYBOX_BANNER } from "../../engine/network/clients.ts";
import { modeString, nlinkOf, type LsFs } from "./ls.ts";

const USAGE = `Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...

List directory contents

\t-1\tOne column output
\t-a\tInclude entries which start with .
\t-A\tLike -a, but exclude . and ..
\t-x\tList by lines
\t-d\tList directory entries instead of contents
\t-L\tFollow symlinks
\t-H\tFollow symlinks on command line
\t-R\tRecurse
\t-p\tAppend / to dir entries
\t-F\tAppend indicator (one of */=@|) to entries
\t-l\tLong listing format
\t-i\tList inode numbers
\t-n\tList numeric UIDs and GIDs instead of names
\t-s\tList allocated blocks
\t-lc\tList ctime
\t-lu\tList atime
\t--full-time\tList full date and time
\t-h\tHuman readable sizes (1K 243M 2G)
\t--group-directories-first
\t-S\tSort by size
\t-X\tSort by extension
\t-v\tSort by version
\t-t\tSort by mtime
\t-tc\tSort by ctime
\t-tu\tSort by atime
\t-r\tReverse sort order
\t-w N\tFormat N columns wide
\t--color[={always,never,auto}]\tControl coloring
`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

interface Node {
  name: string;
  path: string;
  st: StatResult;
  /** a symlink's target (-l), and the target's stat when it resolves */
  link?: string;
  target?: StatResult;
}

interface Opts {
  all: boolean;
  almostAll: boolean;
  long: boolean;
  one: boolean;
  across: boolean;
  dirOnly: boolean;
  numeric: boolean;
  groupOnly: boolean;
  human: boolean;
  follow: boolean;
  classify: boolean;
  slash: boolean;
  reverse: boolean;
  bySize: boolean;
  byTime: boolean;
  recursive: boolean;
  color: boolean;
  width: number;
}

/** the type's index in ls.c's COLOR and ATTR tables (15: an executable file) */
function typeIndex(st: StatResult | undefined): number {
  if (!st) return 0;
  if (st.type === "dir") return 4;
  if (st.type === "symlink") return 10;
  return st.mode & 0o111 ? 15 : 8;
}
const COLOR = [31, 35, 35, 37, 34, 37, 35, 35, 0, 37, 36, 37, 35, 37, 37, 32];
const ATTR = [1, 0, 1, 7, 1, 7, 1, 7, 0, 7, 1, 7, 1, 7, 7, 1];
const paint = (st: StatResult | undefined, text: string) => `\x1b[${ATTR[typeIndex(st)]};${COLOR[typeIndex(st)]}m${text}\x1b[m`;

/** ctime()'s "Mon dd hh:mm" or "Mon dd  yyyy" (UTC) */
function when(ms: number, now: number): string {
  const d = new Date(ms);
  const md = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)}`;
  const age = (now - ms) / 1000;
  if (age < (3600 * 24 * 365) / 2 && age > -15 * 60) return `${md} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} `;
  return `${md} ${String(d.getUTCFullYear()).padStart(5)} `;
}

/** make_human_readable_str(size, 1, 0): one decimal below 10, the K/M/G suffix. */
function human(size: number): string {
  if (size < 1024) return String(size);
  const units = ["K", "M", "G", "T"];
  let v = size;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return v < 10 ? `${(Math.round(v * 10) / 10).toFixed(1)}${units[u]}` : `${Math.round(v)}${units[u]}`;
}

/** 512-byte blocks allocated (ext4's 4K blocks; short symlinks live in the inode) */
function blocks512(st: StatResult): number {
  if (st.type === "dir") return 8;
  if (st.type === "symlink") return st.size < 60 ? 0 : 8;
  return Math.ceil(st.size / 4096) * 8;
}

function suffix(o: Opts, st: StatResult | undefined): string {
  if (!st || !(o.classify || o.slash)) return "";
  if (st.type === "dir") return "/";
  if (!o.classify) return "";
  if (st.type === "symlink") return "@";
  return st.mode & 0o111 ? "*" : "";
}

function parse(args: string[], env: Record<string, string>, tty: boolean): { o: Opts; operands: string[] } | CmdResult {
  const o: Opts = { all: false, almostAll: false, long: false, one: !tty, across: false, dirOnly: false, numeric: false, groupOnly: false, human: false, follow: false, classify: false, slash: false, reverse: false, bySize: false, byTime: false, recursive: false, color: tty && env.LS_COLORS !== "none" && env.LS_COLORS !== "", width: (Number(env.COLUMNS) || 80) - 1 };
  if (env.LS_COLORS === undefined) o.color = tty;
  const operands: string[] = [];
  let formatSet = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a === "--color" || a === "--color=always" || a === "--color=yes" || a === "--color=force") o.color = true;
    else if (a === "--color=never" || a === "--color=no" || a === "--color=none") o.color = false;
    else if (a === "--color=auto" || a === "--color=tty" || a === "--color=if-tty") o.color = tty;
    else if (a.startsWith("--")) return { stdout: "", stderr: `ls: unrecognized option '${a}'\n${BUSYBOX_BANNER}${USAGE}`, exitCode: 1 };
    else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        switch (ch) {
          case "a": o.all = true; break;
          case "A": o.almostAll = true; break;
          case "l": o.long = true; formatSet = true; o.one = false; o.across = false; break;
          case "n": o.numeric = true; o.long = true; formatSet = true; break;
          case "g": o.groupOnly = true; o.long = true; formatSet = true; break;
          case "1": o.one = true; o.long = false; formatSet = true; break;
          case "C": o.one = false; o.long = false; o.across = false; formatSet = true; break;
          case "x": o.across = true; o.one = false; o.long = false; formatSet = true; break;
          case "d": o.dirOnly = true; break;
          case "h": o.human = true; break;
          case "L": o.follow = true; break;
          case "H": break;
          case "F": o.classify = true; break;
          case "p": o.slash = true; break;
          case "r": o.reverse = true; break;
          case "S": o.bySize = true; o.byTime = false; break;
          case "t": o.byTime = true; o.bySize = false; break;
          case "R": o.recursive = true; break;
          case "i": case "s": case "k": case "Q": case "c": case "u": case "X": case "v": break;
          case "w": {
            const v = a.slice(j + 1) || args[++i];
            o.width = Number(v) || o.width;
            j = a.length;
            break;
          }
          default:
            return { stdout: "", stderr: `ls: invalid option -- '${ch}'\n${BUSYBOX_BANNER}${USAGE}`, exitCode: 1 };
        }
      }
    } else operands.push(a);
  }
  if (!formatSet && !tty) o.one = true;
  if (o.dirOnly) o.recursive = false;
  return { o, operands };
}

/** busybox ls over a container's filesystem view, at the time now. */
export function runBusyboxLs(args: string[], io: { cwd: string; env: Record<string, string>; tty: boolean }, fs: LsFs, now: number, resolve: (cwd: string, p: string) => string): CmdResult {
  const p = parse(args, io.env, io.tty);
  if ("exitCode" in p) return p;
  const { o } = p;
  const operands = p.operands.length ? p.operands : ["."];
  let out = "";
  let stderr = "";
  let exitCode = 0;
  const stat = (path: string, follow: boolean): StatResult | undefined => {
    try {
      return follow ? fs.stat(path) : fs.lstat(path);
    } catch {
      return undefined;
    }
  };
  const node = (name: string, path: string, follow: boolean): Node | undefined => {
    const st = stat(path, follow || o.follow);
    if (!st) return undefined;
    const n: Node = { name, path, st };
    if (st.type === "symlink") {
      try {
        n.link = fs.readlink(path);
      } catch {
        n.link = undefined;
      }
      n.target = stat(path, true);
    }
    return n;
  };
  const sort = (list: Node[]): Node[] => {
    const s = list.slice().sort((a, b) => {
      let d = 0;
      if (o.bySize) d = b.st.size - a.st.size;
      else if (o.byTime) d = b.st.mtime - a.st.mtime;
      if (d === 0) d = a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
      return d;
    });
    return o.reverse ? s.reverse() : s;
  };
  const single = (n: Node): string => {
    let line = "";
    if (o.long) {
      line += modeString(n.st).padEnd(10) + " ";
      line += String(nlinkOf(fs, n.path, n.st)).padStart(4) + " ";
      if (o.numeric) line += o.groupOnly ? "0".padEnd(8) + " " : "0".padEnd(8) + " " + "0".padEnd(8) + " ";
      else line += o.groupOnly ? "root".padEnd(8) + " " : "root".padEnd(8) + " " + "root".padEnd(8) + " ";
      line += (o.human ? human(n.st.size).padStart(7) : String(n.st.size).padStart(9)) + " ";
      line += when(n.st.mtime, now);
    }
    line += o.color ? paint(n.st, n.name) : n.name;
    if (o.long && n.link !== undefined) line += " -> " + (o.color ? paint(n.target, n.link) : n.link);
    line += suffix(o, o.long && n.link !== undefined ? n.target : n.st);
    return line;
  };
  const display = (list: Node[]): void => {
    if (!list.length) return;
    if (o.long || o.one) {
      for (const n of list) out += single(n) + "\n";
      return;
    }
    // (the width of the names alone: calc_name_len leaves out -F's indicator)
    const colw = Math.max(...list.map((n) => n.name.length)) + 2;
    let ncols = Math.floor(o.width / colw);
    let nrows = list.length;
    if (ncols > 1) nrows = Math.ceil(list.length / ncols);
    else ncols = 1;
    for (let r = 0; r < nrows; r++) {
      let column = 0;
      let nexttab = 0;
      for (let c = 0; c < ncols; c++) {
        const i = o.across ? r * ncols + c : c * nrows + r;
        if (i >= list.length) continue;
        if (column > 0) {
          out += " ".repeat(nexttab - column);
          column = nexttab;
        }
        nexttab = column + colw;
        column += list[i].name.length + suffix(o, list[i].st).length;
        out += single(list[i]);
      }
      out += "\n";
    }
  };
  const files: Node[] = [];
  const dirs: Node[] = [];
  for (const op of operands) {
    const n = node(op, resolve(io.cwd, op), false);
    if (!n) {
      stderr += `ls: ${op}: No such file or directory\n`;
      exitCode = 1;
      continue;
    }
    const isDir = n.st.type === "dir" || (n.st.type === "symlink" && n.target?.type === "dir" && !o.long);
    if (isDir && !o.dirOnly) dirs.push(n.st.type === "symlink" ? { ...n, st: n.target! } : n);
    else files.push(n);
  }
  const showName = operands.length > 1 || o.recursive;
  display(sort(files));
  let first = files.length === 0;
  const listDir = (d: Node, label: string): void => {
    if (showName) {
      if (!first) out += "\n";
      first = false;
      out += `${label}:\n`;
    }
    let names: string[];
    try {
      names = fs.readdir(d.path);
    } catch {
      stderr += `ls: can't open '${label}': No such file or directory\n`;
      exitCode = 1;
      return;
    }
    const kids: Node[] = [];
    if (o.all) for (const dot of [".", ".."]) {
      const path = dot === "." ? d.path : d.path.slice(0, d.path.lastIndexOf("/")) || "/";
      const n = node(dot, path, true);
      if (n) kids.push(n);
    }
    for (const name of names) {
      if (name.startsWith(".") && !o.all && !o.almostAll) continue;
      const n = node(name, d.path === "/" ? `/${name}` : `${d.path}/${name}`, false);
      if (n) kids.push(n);
    }
    if (o.long) {
      const k = (1 + kids.reduce((s, kid) => s + blocks512(kid.st), 0)) >> 1;
      out += `total ${o.human ? human(k * 1024).padEnd(7) : k}\n`;
    }
    const sorted = sort(kids);
    display(sorted);
    if (o.recursive) for (const k of sorted) if (k.st.type === "dir" && k.name !== "." && k.name !== "..") listDir(k, label === "/" ? `/${k.name}` : `${label}/${k.name}`);
  };
  for (const d of sort(dirs)) listDir(d, d.name);
  return { stdout: out, stderr, exitCode };
}

// ls (GNU coreutils 9.4) over the node's filesystem. Follows src/ls.c: argument permutation
// as getopt_long, command-line files listed before directories, `dir:` headers when more
// than one operand (or -R), long format widths per listing, `total` in 1K blocks (ext4: 4K
// allocation units, fast symlinks take none), recent dates within six months, the
// multi-column layout of calculate_columns()/print_many_per_line() with tab stops of 8,
// shell-escape quoting on a terminal, exit 2 for an operand that cannot be accessed.
// The locale is C.UTF-8 (byte order sort), TZ UTC; every file belongs to root.

import type { CmdIO, CmdResult, Command, LabContext } from "../types.ts";
import type { NodeFs, StatResult } from "../../engine/node/fs.ts";

/** What ls reads of a filesystem: the node's, or a container's view (its root and its mounts). */
export type LsFs = Pick<NodeFs, "stat" | "lstat" | "readdir" | "readdirTypes" | "readlink">;

type Format = "long" | "one" | "columns" | "across" | "commas";
type Sort = "name" | "time" | "size" | "none" | "extension" | "version";

interface Opts {
  all: boolean;
  almostAll: boolean;
  format: Format;
  sort: Sort;
  reverse: boolean;
  recursive: boolean;
  directory: boolean;
  human: boolean;
  si: boolean;
  classify: boolean;
  slash: boolean;
  showOwner: boolean;
  showGroup: boolean;
  numeric: boolean;
  dereference: boolean;
  fullTime: boolean;
  width: number;
  tty: boolean;
  quoting: "shell-escape" | "literal";
}

interface Entry {
  /** name as displayed (operand as typed, or directory entry) */
  name: string;
  /** path used to reach it */
  path: string;
  st: StatResult;
  /** symlink target (long format) */
  link?: string;
  /** the stat of what the symlink points to, when it resolves */
  target?: StatResult;
  nlink: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SIX_MONTHS_MS = (31556952 / 2) * 1000;

function err(msg: string): string {
  return `ls: ${msg}\n`;
}

const SHORT_NO_ARG = new Set("aAlhrtSR1dFpCxmnogGLUfc".split(""));

function usageError(text: string): CmdResult {
  return { stdout: "", stderr: `ls: ${text}\nTry 'ls --help' for more information.\n`, exitCode: 2 };
}

const LONG_OPTS: Record<string, { arg: "none" | "required" | "optional" }> = {
  all: { arg: "none" },
  "almost-all": { arg: "none" },
  "human-readable": { arg: "none" },
  si: { arg: "none" },
  reverse: { arg: "none" },
  recursive: { arg: "none" },
  directory: { arg: "none" },
  color: { arg: "optional" },
  colour: { arg: "optional" },
  classify: { arg: "optional" },
  "file-type": { arg: "none" },
  sort: { arg: "required" },
  "numeric-uid-gid": { arg: "none" },
  "no-group": { arg: "none" },
  dereference: { arg: "none" },
  "full-time": { arg: "none" },
  width: { arg: "required" },
  format: { arg: "required" },
  "quoting-style": { arg: "required" },
  literal: { arg: "none" },
  "group-directories-first": { arg: "none" },
  help: { arg: "none" },
  version: { arg: "none" },
};

function parseArgs(args: string[], io: CmdIO): { opts: Opts; operands: string[] } | CmdResult {
  const tty = io.tty ?? false;
  const envWidth = Number(io.env.COLUMNS);
  const opts: Opts = {
    all: false,
    almostAll: false,
    format: tty ? "columns" : "one",
    sort: "name",
    reverse: false,
    recursive: false,
    directory: false,
    human: false,
    si: false,
    classify: false,
    slash: false,
    showOwner: true,
    showGroup: true,
    numeric: false,
    dereference: false,
    fullTime: false,
    width: Number.isInteger(envWidth) && envWidth > 0 ? envWidth : 80,
    tty,
    quoting: tty ? "shell-escape" : "literal",
  };
  const operands: string[] = [];
  const long = (fmt: Format) => {
    opts.format = fmt;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const matches = Object.keys(LONG_OPTS).filter((k) => k.startsWith(name));
      const exact = LONG_OPTS[name] ? name : matches.length === 1 ? matches[0] : undefined;
      if (!exact) {
        if (matches.length > 1) return usageError(`option '${a.slice(0, eq >= 0 ? eq : undefined)}' is ambiguous; possibilities:${matches.map((m) => ` '--${m}'`).join("")}`);
        return usageError(`unrecognized option '${a}'`);
      }
      const spec = LONG_OPTS[exact];
      let value: string | undefined = eq >= 0 ? a.slice(eq + 1) : undefined;
      if (spec.arg === "none" && value !== undefined) return usageError(`option '--${exact}' doesn't allow an argument`);
      if (spec.arg === "required" && value === undefined) {
        if (i + 1 >= args.length) return usageError(`option '--${exact}' requires an argument`);
        value = args[++i];
      }
      switch (exact) {
        case "all": opts.all = true; opts.almostAll = false; break;
        case "almost-all": opts.almostAll = true; opts.all = false; break;
        case "human-readable": opts.human = true; break;
        case "si": opts.human = true; opts.si = true; break;
        case "reverse": opts.reverse = true; break;
        case "recursive": opts.recursive = true; break;
        case "directory": opts.directory = true; break;
        case "color":
        case "colour":
          if (value !== undefined && !["always", "yes", "force", "never", "no", "none", "auto", "tty", "if-tty"].includes(value)) {
            return { stdout: "", stderr: `ls: invalid argument '${value}' for '--color'\nValid arguments are:\n  - 'always', 'yes', 'force'\n  - 'never', 'no', 'none'\n  - 'auto', 'tty', 'if-tty'\nTry 'ls --help' for more information.\n`, exitCode: 2 };
          }
          break;
        case "classify": opts.classify = true; break;
        case "file-type": opts.slash = true; break;
        case "sort": {
          const s = ({ none: "none", time: "time", size: "size", extension: "extension", version: "version", name: "name", width: "name" } as Record<string, Sort>)[value!];
          if (!s) return { stdout: "", stderr: `ls: invalid argument '${value}' for '--sort'\nValid arguments are:\n  - 'none'\n  - 'time'\n  - 'size'\n  - 'extension'\n  - 'version'\n  - 'width'\n  - 'name'\nTry 'ls --help' for more information.\n`, exitCode: 2 };
          opts.sort = s;
          break;
        }
        case "numeric-uid-gid": opts.numeric = true; long("long"); break;
        case "no-group": opts.showGroup = false; break;
        case "dereference": opts.dereference = true; break;
        case "full-time": opts.fullTime = true; long("long"); break;
        case "width": {
          const w = Number(value);
          if (!/^\d+$/.test(value!)) return { stdout: "", stderr: `ls: invalid line width: '${value}'\n`, exitCode: 2 };
          opts.width = w;
          break;
        }
        case "format": {
          const f = ({ long: "long", verbose: "long", single: "one", "single-column": "one", vertical: "columns", across: "across", horizontal: "across", commas: "commas" } as Record<string, Format>)[value!];
          if (!f) return usageError(`invalid argument '${value}' for '--format'`);
          long(f);
          break;
        }
        case "quoting-style":
          opts.quoting = value === "literal" ? "literal" : "shell-escape";
          break;
        case "literal": opts.quoting = "literal"; break;
        case "group-directories-first": break;
        case "help": return { stdout: "Usage: ls [OPTION]... [FILE]...\nList information about the FILEs (the current directory by default).\nSort entries alphabetically if none of -cftuvSUX nor --sort is specified.\n", stderr: "", exitCode: 0 };
        case "version": return { stdout: "ls (GNU coreutils) 9.4\nCopyright (C) 2023 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Richard M. Stallman and David MacKenzie.\n", stderr: "", exitCode: 0 };
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        if (ch === "w" || ch === "T" || ch === "I") {
          const rest = a.slice(j + 1);
          let v = rest;
          if (!rest) {
            if (i + 1 >= args.length) return usageError(`option requires an argument -- '${ch}'`);
            v = args[++i];
          }
          if (ch === "w") {
            if (!/^\d+$/.test(v)) return { stdout: "", stderr: `ls: invalid line width: '${v}'\n`, exitCode: 2 };
            opts.width = Number(v);
          }
          break;
        }
        if (!SHORT_NO_ARG.has(ch)) return usageError(`invalid option -- '${ch}'`);
        switch (ch) {
          case "a": opts.all = true; opts.almostAll = false; break;
          case "A": opts.almostAll = true; opts.all = false; break;
          case "l": long("long"); break;
          case "h": opts.human = true; break;
          case "r": opts.reverse = true; break;
          case "t": opts.sort = "time"; break;
          case "S": opts.sort = "size"; break;
          case "U": opts.sort = "none"; break;
          case "f": opts.sort = "none"; opts.all = true; break;
          case "R": opts.recursive = true; break;
          case "1": if (opts.format !== "long") long("one"); break;
          case "d": opts.directory = true; break;
          case "F": opts.classify = true; break;
          case "p": opts.slash = true; break;
          case "C": long("columns"); break;
          case "x": long("across"); break;
          case "m": long("commas"); break;
          case "n": opts.numeric = true; long("long"); break;
          case "o": opts.showGroup = false; long("long"); break;
          case "g": opts.showOwner = false; long("long"); break;
          case "G": opts.showGroup = false; break;
          case "L": opts.dereference = true; break;
          case "c": break;
        }
      }
      continue;
    }
    operands.push(a);
  }
  return { opts, operands };
}

// --- file facts ---------------------------------------------------------------------------------

function join(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

export function nlinkOf(fs: LsFs, path: string, st: StatResult): number {
  if (st.type !== "dir") return 1;
  try {
    return 2 + fs.readdirTypes(path).filter((c) => c.type === "dir").length;
  } catch {
    return 2;
  }
}

function makeEntry(fs: LsFs, name: string, path: string, follow: boolean): Entry | undefined {
  let st: StatResult;
  try {
    st = follow ? fs.stat(path) : fs.lstat(path);
  } catch {
    if (follow) {
      // a dangling symlink is still listed (ls -L reports it; plain ls shows the link)
      try {
        st = fs.lstat(path);
      } catch {
        return undefined;
      }
    } else return undefined;
  }
  const e: Entry = { name, path, st, nlink: 0 };
  if (st.type === "symlink") {
    e.link = fs.readlink(path);
    try {
      e.target = fs.stat(path);
    } catch {
      e.target = undefined;
    }
  }
  e.nlink = nlinkOf(fs, path, st);
  return e;
}

/** 1K blocks allocated (ext4, 4K blocks; symlinks shorter than 60 bytes live in the inode). */
function blocks1k(st: StatResult): number {
  if (st.type === "dir") return 4;
  if (st.type === "symlink") return st.size < 60 ? 0 : 4;
  return Math.ceil(st.size / 4096) * 4;
}

export function modeString(st: StatResult): string {
  const t = st.type === "dir" ? "d" : st.type === "symlink" ? "l" : "-";
  const m = st.mode;
  const bit = (b: number, c: string) => (m & b ? c : "-");
  const special = (x: boolean, sp: number, lower: string, upper: string) => (m & sp ? (x ? lower : upper) : x ? "x" : "-");
  return (
    t +
    bit(0o400, "r") + bit(0o200, "w") + special(!!(m & 0o100), 0o4000, "s", "S") +
    bit(0o040, "r") + bit(0o020, "w") + special(!!(m & 0o010), 0o2000, "s", "S") +
    bit(0o004, "r") + bit(0o002, "w") + special(!!(m & 0o001), 0o1000, "t", "T")
  );
}

/** gnulib human_readable with human_autoscale | human_ceiling | human_base_1024 (ls -h). */
export function humanSize(bytes: number, base = 1024): string {
  if (bytes < base) return String(bytes);
  const units = ["K", "M", "G", "T", "P", "E"];
  let e = 0;
  let div = base;
  while (bytes / div >= base && e < units.length - 1) {
    div *= base;
    e++;
  }
  const suffix = base === 1000 && e === 0 ? "k" : units[e];
  const v = bytes / div;
  if (v < 10) {
    const tenths = Math.ceil((bytes * 10) / div);
    if (tenths < 100) return `${Math.floor(tenths / 10)}.${tenths % 10}${suffix}`;
    return `10${suffix}`;
  }
  const n = Math.ceil(v);
  if (n >= base && e < units.length - 1) return `1.0${units[e + 1]}`;
  return `${n}${suffix}`;
}

function p2(n: number): string {
  return String(n).padStart(2, "0");
}

function dateString(ms: number, now: number, full: boolean): string {
  const d = new Date(ms);
  if (full) {
    const frac = String(ms % 1000).padStart(3, "0") + "000000";
    return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${frac} +0000`;
  }
  const recent = now - SIX_MONTHS_MS < ms && ms <= now;
  const day = String(d.getUTCDate()).padStart(2, " ");
  return recent ? `${MONTHS[d.getUTCMonth()]} ${day} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}` : `${MONTHS[d.getUTCMonth()]} ${day}  ${d.getUTCFullYear()}`;
}

// --- quoting (shell-escape on a terminal) -------------------------------------------------------

const SAFE = /^[A-Za-z0-9%+,\-./:=@_^]*$/;

function quoteName(name: string, opts: Opts): { text: string; quoted: boolean } {
  if (opts.quoting === "literal") return { text: opts.tty ? name.replace(/[\x00-\x1f\x7f]/g, "?") : name, quoted: false };
  const needs = !SAFE.test(name) || name === "" || /^[~#]/.test(name);
  if (!needs) return { text: name, quoted: false };
  if (/[\x00-\x1f\x7f]/.test(name)) {
    const parts = name.split(/([\x00-\x1f\x7f]+)/).filter((s) => s !== "");
    const enc = (c: string) => {
      const code = c.charCodeAt(0);
      const named: Record<number, string> = { 7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r", 27: "E" };
      return named[code] ? `\\${named[code]}` : `\\${code.toString(8).padStart(3, "0")}`;
    };
    const text = parts.map((s) => (/^[\x00-\x1f\x7f]/.test(s) ? `$'${[...s].map(enc).join("")}'` : `'${s.replace(/'/g, `'\\''`)}'`)).join("");
    return { text, quoted: true };
  }
  if (name.includes("'") && !/[!$`\\"]/.test(name)) return { text: `"${name}"`, quoted: true };
  return { text: `'${name.replace(/'/g, `'\\''`)}'`, quoted: true };
}

function indicator(st: StatResult | undefined, opts: Opts): string {
  if (!st) return "";
  if (st.type === "dir") return opts.classify || opts.slash ? "/" : "";
  if (!opts.classify) return "";
  if (st.type === "symlink") return "@";
  return st.mode & 0o111 ? "*" : "";
}

// --- sorting -------------------------------------------------------------------------------------

function cmpName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function extOf(n: string): string {
  const i = n.lastIndexOf(".");
  return i > 0 ? n.slice(i) : "";
}

/** gnulib filevercmp, for the common cases (digit runs compared by value). */
function verCmp(a: string, b: string): number {
  const re = /(\d+|\D+)/g;
  const xa = a.match(re) ?? [];
  const xb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
    const p = xa[i];
    const q = xb[i];
    if (/^\d/.test(p) && /^\d/.test(q)) {
      const d = Number(p) - Number(q);
      if (d) return d;
    } else if (p !== q) return cmpName(p, q);
  }
  return xa.length - xb.length;
}

function sortEntries(list: Entry[], opts: Opts): Entry[] {
  if (opts.sort === "none") return opts.reverse ? [...list].reverse() : list;
  const key = (e: Entry) => (opts.dereference && e.target ? e.target : e.st);
  const cmp = (a: Entry, b: Entry): number => {
    switch (opts.sort) {
      case "time":
        return key(b).mtime - key(a).mtime || cmpName(a.name, b.name);
      case "size":
        return key(b).size - key(a).size || cmpName(a.name, b.name);
      case "extension":
        return cmpName(extOf(a.name), extOf(b.name)) || cmpName(a.name, b.name);
      case "version":
        return verCmp(a.name, b.name) || cmpName(a.name, b.name);
      default:
        return cmpName(a.name, b.name);
    }
  };
  const sorted = [...list].sort(cmp);
  return opts.reverse ? sorted.reverse() : sorted;
}

// --- printing -------------------------------------------------------------------------------------

function indent(from: number, to: number, tabsize: number): string {
  let out = "";
  while (from < to) {
    if (tabsize !== 0 && Math.floor(to / tabsize) > Math.floor((from + 1) / tabsize)) {
      out += "\t";
      from += tabsize - (from % tabsize);
    } else {
      out += " ";
      from++;
    }
  }
  return out;
}

function displayWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

interface Shown {
  text: string;
  width: number;
}

function shownNames(list: Entry[], opts: Opts, align: boolean): Shown[] {
  const q = list.map((e) => quoteName(e.name, opts));
  const someQuoted = align && q.some((x) => x.quoted);
  return list.map((e, i) => {
    const ind = indicator(opts.dereference && e.target ? e.target : e.st, opts);
    const text = (someQuoted && !q[i].quoted ? " " : "") + q[i].text + ind;
    return { text, width: displayWidth(text) };
  });
}

function printColumns(names: Shown[], opts: Opts, byColumns: boolean): string {
  const n = names.length;
  if (!n) return "";
  const MIN = 3;
  const maxIdx = Math.max(1, Math.floor(opts.width / MIN));
  const maxCols = opts.width > 0 && maxIdx < n ? maxIdx : n;
  const info = Array.from({ length: maxCols }, (_, i) => ({ valid: true, lineLen: (i + 1) * MIN, cols: new Array<number>(i + 1).fill(MIN) }));
  for (let f = 0; f < n; f++) {
    const len = names[f].width;
    for (let i = 0; i < maxCols; i++) {
      const ci = info[i];
      if (!ci.valid) continue;
      const idx = byColumns ? Math.floor(f / Math.floor((n + i) / (i + 1))) : f % (i + 1);
      const real = len + (idx === i ? 0 : 2);
      if (ci.cols[idx] < real) {
        ci.lineLen += real - ci.cols[idx];
        ci.cols[idx] = real;
        ci.valid = opts.width === 0 || ci.lineLen < opts.width;
      }
    }
  }
  let cols = maxCols;
  for (; cols > 1; cols--) if (info[cols - 1].valid) break;
  const fmt = info[cols - 1];
  const tab = 8;
  let out = "";
  if (byColumns) {
    const rows = Math.floor(n / cols) + (n % cols ? 1 : 0);
    for (let row = 0; row < rows; row++) {
      let col = 0;
      let f = row;
      let pos = 0;
      for (;;) {
        const w = names[f].width;
        const max = fmt.cols[col++];
        out += names[f].text;
        f += rows;
        if (f >= n) break;
        out += indent(pos + w, pos + max, tab);
        pos += max;
      }
      out += "\n";
    }
  } else {
    let pos = 0;
    out += names[0].text;
    let prevW = names[0].width;
    let max = fmt.cols[0];
    for (let f = 1; f < n; f++) {
      const col = f % cols;
      if (col === 0) {
        out += "\n";
        pos = 0;
      } else {
        out += indent(pos + prevW, pos + max, tab);
        pos += max;
      }
      out += names[f].text;
      prevW = names[f].width;
      max = fmt.cols[col];
    }
    out += "\n";
  }
  return out;
}

function printCommas(names: Shown[], opts: Opts): string {
  let out = "";
  let pos = 0;
  names.forEach((s, i) => {
    const sep = i === names.length - 1 ? 0 : 1;
    if (i > 0) {
      if (opts.width && pos + 1 + s.width + sep > opts.width) {
        out += "\n";
        pos = 0;
      } else {
        out += " ";
        pos++;
      }
    }
    out += s.text + (sep ? "," : "");
    pos += s.width + sep;
  });
  return names.length ? out + "\n" : "";
}

function sizeText(e: Entry, opts: Opts): string {
  return opts.human ? humanSize(e.st.size, opts.si ? 1000 : 1024) : String(e.st.size);
}

function printLong(list: Entry[], opts: Opts, now: number): string {
  const names = shownNames(list, opts, true);
  const rows = list.map((e) => ({ mode: modeString(e.st), nlink: String(e.nlink), owner: opts.numeric ? "0" : "root", group: opts.numeric ? "0" : "root", size: sizeText(e, opts) }));
  const wLink = Math.max(0, ...rows.map((r) => r.nlink.length));
  const wOwner = Math.max(0, ...rows.map((r) => r.owner.length));
  const wGroup = Math.max(0, ...rows.map((r) => r.group.length));
  const wSize = Math.max(0, ...rows.map((r) => r.size.length));
  let out = "";
  list.forEach((e, i) => {
    const r = rows[i];
    let line = `${r.mode} ${r.nlink.padStart(wLink)} `;
    if (opts.showOwner) line += `${r.owner.padEnd(wOwner)} `;
    if (opts.showGroup) line += `${r.group.padEnd(wGroup)} `;
    line += `${r.size.padStart(wSize)} ${dateString(e.st.mtime, now, opts.fullTime)} `;
    if (e.st.type === "symlink" && e.link !== undefined) {
      const q = quoteName(e.name, opts);
      const pad = names[i].text.startsWith(" ") && !q.quoted ? " " : "";
      line += `${pad}${q.text} -> ${quoteName(e.link, opts).text}${e.target ? indicator(e.target, { ...opts, classify: opts.classify }) : ""}`;
    } else line += names[i].text;
    out += line + "\n";
  });
  return out;
}

function printList(list: Entry[], opts: Opts, now: number): string {
  switch (opts.format) {
    case "long":
      return printLong(list, opts, now);
    case "one":
      return shownNames(list, opts, false).map((s) => s.text + "\n").join("");
    case "commas":
      return printCommas(shownNames(list, opts, false), opts);
    default:
      return printColumns(shownNames(list, opts, true), opts, opts.format === "columns");
  }
}

function totalLine(list: Entry[], opts: Opts): string {
  const k = list.reduce((n, e) => n + blocks1k(e.st), 0);
  return `total ${opts.human ? humanSize(k * 1024, opts.si ? 1000 : 1024) : k}\n`;
}

// --- the command ----------------------------------------------------------------------------------

export const ls: Command = {
  name: "ls",
  run(args, io, lab: LabContext): CmdResult {
    return runLs(args, io, lab.machine.fs, lab.now(), (cwd, p) => lab.resolve(cwd, p));
  },
};

/** GNU ls over a filesystem (the node's; a Debian container's view), at the time now. */
export function runLs(args: string[], io: CmdIO, fs: LsFs, now: number, resolve: (cwd: string, path: string) => string): CmdResult {
  const parsed = parseArgs(args, io);
  if ("exitCode" in parsed) return parsed;
  const { opts } = parsed;
  const operands = parsed.operands.length ? parsed.operands : ["."];
  let stderr = "";
  let exitCode = 0;
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const op of operands) {
    const path = resolve(io.cwd, op);
    const trailing = op.endsWith("/") && op.length > 1;
    let lst: StatResult;
    try {
      lst = fs.lstat(path);
    } catch {
      stderr += err(`cannot access '${op}': No such file or directory`);
      exitCode = 2;
      continue;
    }
    // command-line symlinks: followed with -L, with a trailing slash, or (without -l/-d/-F)
    // when they point at a directory (ls.c: dereference_command_line_symlink_to_dir)
    let follow = opts.dereference || trailing;
    if (lst.type === "symlink" && !follow && !opts.directory && opts.format !== "long" && !opts.classify) {
      try {
        follow = fs.stat(path).type === "dir";
      } catch {
        follow = false;
      }
    }
    if (lst.type === "symlink" && trailing) {
      try {
        fs.stat(path);
      } catch {
        stderr += err(`cannot access '${op}': No such file or directory`);
        exitCode = 2;
        continue;
      }
    }
    const e = makeEntry(fs, op, path, follow);
    if (!e) continue;
    if (e.st.type === "dir" && !opts.directory) dirs.push(e);
    else files.push(e);
  }
  let out = "";
  const sortedFiles = sortEntries(files, opts);
  if (sortedFiles.length) out += printList(sortedFiles, opts, now);
  const sortedDirs = sortEntries(dirs, opts);
  const printNames = opts.recursive || sortedFiles.length > 0 || operands.length > 1;
  let first = sortedFiles.length === 0;
  const listDir = (d: Entry, display: string): void => {
    if (printNames) {
      if (!first) out += "\n";
      first = false;
      out += `${quoteName(display, { ...opts, quoting: opts.tty ? opts.quoting : "literal" }).text}:\n`;
    }
    let names: string[];
    try {
      names = fs.readdir(d.path);
    } catch {
      stderr += err(`cannot open directory '${display}': No such file or directory`);
      exitCode = 2;
      return;
    }
    const entries: Entry[] = [];
    if (opts.all) {
      for (const dot of [".", ".."]) {
        const p = dot === "." ? d.path : d.path === "/" ? "/" : d.path.slice(0, d.path.lastIndexOf("/")) || "/";
        const e = makeEntry(fs, dot, p, true);
        if (e) entries.push(e);
      }
    }
    for (const name of names) {
      if (!opts.all && !opts.almostAll && name.startsWith(".")) continue;
      const e = makeEntry(fs, name, join(d.path, name), opts.dereference);
      if (e) entries.push(e);
    }
    const sorted = sortEntries(entries, opts);
    if (opts.format === "long") out += totalLine(sorted, opts);
    out += printList(sorted, opts, now);
    if (opts.recursive) {
      for (const e of sorted) {
        if (e.st.type !== "dir" || e.name === "." || e.name === "..") continue;
        listDir(e, join(display, e.name));
      }
    }
  };
  for (const d of sortedDirs) listDir(d, d.name);
  return { stdout: out, stderr, exitCode };
}

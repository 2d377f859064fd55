// ps (procps-ng 4.0.4, Ubuntu 24.04): the node's process table (src/commands/node/facts.ts)
// printed the way procps does it: the format specifiers' widths and justification from
// output.c's format_array, the column placement of show_one_proc (a column that overflows
// pushes the next ones right until the padding absorbs it), PID columns as wide as pid_max
// (4194304: 7 digits), the last column cut at the screen width only when stdout is a
// terminal (a pipe gets the full kubelet command line), and the parser's errors.

import type { CmdIO, Command, CmdResult, LabContext } from "../types.ts";
import { HZ, MEM_TOTAL_KB, bootTime, processTable, type Proc } from "../node/facts.ts";

const PID_WIDTH = 7; // digits of /proc/sys/kernel/pid_max (4194304)
const OUTBUF_SIZE = 2 * 64 * 1024;
const SPACE_AMOUNT = 144;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const p2 = (n: number) => String(n).padStart(2, "0");

type Just = "left" | "right" | "user" | "unlimited";

interface Ctx {
  now: number;
  boot: number;
  /** -f: comm shows the full command line */
  unixF: boolean;
  /** forest prefixes by pid */
  forest?: Map<number, string>;
}

interface Spec {
  head: string;
  width: number;
  just: Just;
  pr: (p: Proc, c: Ctx, room: number) => string;
}

/** seconds of CPU a process used: its rate times its age */
function cpuTicks(p: Proc, c: Ctx): number {
  return Math.floor(((c.now - p.start) / 1000) * p.cpu * HZ);
}

function elapsedSec(p: Proc, c: Ctx): number {
  return Math.max(0, Math.floor((c.now - p.start) / 1000));
}

/** escape_str: cut to the room left (cells) */
function cut(s: string, room: number): string {
  return s.length > room ? s.slice(0, Math.max(0, room)) : s;
}

/** do_pr_name: a name longer than the column ends in '+' */
function prName(name: string, room: number): string {
  if (name.length <= room) return name;
  if (room >= 1) return name.slice(0, room - 1) + "+";
  return name;
}

function prArgs(p: Proc, c: Ctx, room: number): string {
  const prefix = c.forest?.get(p.pid) ?? "";
  const text = p.args || `[${p.comm}]`;
  return cut(prefix, room) + cut(text, room - Math.min(prefix.length, room));
}

function prComm(p: Proc, c: Ctx, room: number): string {
  if (c.unixF) return prArgs(p, c, room);
  const prefix = c.forest?.get(p.pid) ?? "";
  return cut(prefix, room) + cut(p.comm, room - Math.min(prefix.length, room));
}

function pcpu(p: Proc, c: Ctx): number {
  const secs = elapsedSec(p, c);
  if (!secs) return 0;
  return Math.floor((cpuTicks(p, c) * 1000) / HZ / secs);
}

function stime(p: Proc, c: Ctx): string {
  const d = new Date(p.start);
  const n = new Date(c.now);
  if (d.getUTCFullYear() !== n.getUTCFullYear()) return String(d.getUTCFullYear());
  const yday = (x: Date) => Math.floor((Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate()) - Date.UTC(x.getUTCFullYear(), 0, 1)) / 86400000);
  if (yday(d) !== yday(n)) return `${MONTHS[d.getUTCMonth()]}${p2(d.getUTCDate())}`;
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}

function hms(t: number): string {
  const ss = t % 60;
  t = Math.floor(t / 60);
  const mm = t % 60;
  t = Math.floor(t / 60);
  const hh = t % 24;
  const dd = Math.floor(t / 24);
  return `${dd ? `${dd}-` : ""}${p2(hh)}:${p2(mm)}:${p2(ss)}`;
}

const right = (head: string, width: number, pr: (p: Proc, c: Ctx) => string): Spec => ({ head, width, just: "right", pr });
const left = (head: string, width: number, pr: (p: Proc, c: Ctx) => string): Spec => ({ head, width, just: "left", pr });
const user = (head: string, pr: (p: Proc) => string): Spec => ({ head, width: 8, just: "user", pr: (p, _c, room) => prName(pr(p), room) });
const unlimited = (head: string, width: number, pr: Spec["pr"]): Spec => ({ head, width, just: "unlimited", pr });

const pid = (p: Proc) => String(p.pid);
const ppid = (p: Proc) => String(p.ppid);
const tty = (p: Proc) => p.tty;
const etime = (p: Proc, c: Ctx) => {
  let t = elapsedSec(p, c);
  const ss = t % 60;
  t = Math.floor(t / 60);
  const mm = t % 60;
  t = Math.floor(t / 60);
  const hh = t % 24;
  const dd = Math.floor(t / 24);
  return `${dd ? `${dd}-` : ""}${dd || hh ? `${p2(hh)}:` : ""}${p2(mm)}:${p2(ss)}`;
};

/** output.c's format_array, the specifiers people use. */
const FORMATS: Record<string, () => Spec> = {
  "%cpu": () => right("%CPU", 4, (p, c) => { const v = pcpu(p, c); return v > 999 ? String(Math.floor(v / 10)) : `${Math.floor(v / 10)}.${v % 10}`; }),
  "%mem": () => right("%MEM", 4, (p) => { const v = Math.min(999, Math.floor((p.rssKb * 1000) / MEM_TOTAL_KB)); return `${String(Math.floor(v / 10)).padStart(2)}.${v % 10}`; }),
  args: () => unlimited("COMMAND", 27, prArgs),
  bsdstart: () => right("START", 6, (p, c) => {
    const d = new Date(p.start);
    if (c.now - p.start < 24 * 3600_000) return ` ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
    return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())}`;
  }),
  bsdtime: () => right("TIME", 6, (p, c) => { const u = Math.floor(cpuTicks(p, c) / HZ); return `${String(Math.floor(u / 60)).padStart(3)}:${p2(u % 60)}`; }),
  c: () => right("C", 2, (p, c) => { const secs = elapsedSec(p, c); const v = secs ? Math.min(99, Math.floor((cpuTicks(p, c) * 100) / HZ / secs)) : 0; return String(v).padStart(2); }),
  cmd: () => unlimited("CMD", 27, prArgs),
  comm: () => unlimited("COMMAND", 15, prComm),
  command: () => unlimited("COMMAND", 27, prArgs),
  cputime: () => right("TIME", 8, (p, c) => hms(Math.floor(cpuTicks(p, c) / HZ))),
  etime: () => right("ELAPSED", 11, etime),
  etimes: () => right("ELAPSED", 7, (p, c) => String(elapsedSec(p, c))),
  euid: () => right("EUID", 5, (p) => String(p.uid)),
  euser: () => user("EUSER", (p) => p.user),
  gid: () => right("GID", 5, (p) => String(p.uid)),
  group: () => user("GROUP", (p) => p.user),
  lstart: () => right("STARTED", 24, (p) => {
    const d = new Date(p.start);
    return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
  }),
  ni: () => right("NI", 3, (p) => (p.stat.includes("<") ? "-20" : p.stat.includes("N") ? "5" : "0")),
  nice: () => right("NI", 3, (p) => (p.stat.includes("<") ? "-20" : p.stat.includes("N") ? "5" : "0")),
  pcpu: () => FORMATS["%cpu"](),
  pgid: () => right("PGID", PID_WIDTH, pid),
  pid: () => right("PID", PID_WIDTH, pid),
  pmem: () => FORMATS["%mem"](),
  ppid: () => right("PPID", PID_WIDTH, ppid),
  rss: () => right("RSS", 5, (p) => String(p.rssKb)),
  rsz: () => right("RSZ", 5, (p) => String(p.rssKb)),
  ruser: () => user("RUSER", (p) => p.user),
  s: () => left("S", 1, (p) => p.stat[0]),
  sid: () => right("SID", PID_WIDTH, pid),
  start: () => right("STARTED", 8, (p, c) => {
    const d = new Date(p.start);
    if (c.now - p.start < 24 * 3600_000) return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
    return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())}`;
  }),
  start_time: () => right("START", 5, stime),
  stat: () => left("STAT", 4, (p) => p.stat),
  state: () => left("S", 1, (p) => p.stat[0]),
  stime: () => right("STIME", 5, stime),
  time: () => right("TIME", 8, (p, c) => hms(Math.floor(cpuTicks(p, c) / HZ))),
  tname: () => left("TTY", 8, tty),
  tt: () => left("TT", 8, tty),
  tty: () => left("TT", 8, tty),
  ucmd: () => unlimited("CMD", 15, prComm),
  ucomm: () => unlimited("COMMAND", 15, prComm),
  uid: () => right("UID", 5, (p) => String(p.uid)),
  uid_hack: () => user("UID", (p) => p.user),
  uname: () => user("USER", (p) => p.user),
  user: () => user("USER", (p) => p.user),
  vsz: () => right("VSZ", 6, (p) => String(p.vszKb)),
  vsize: () => right("VSZ", 6, (p) => String(p.vszKb)),
};

const MACROS: Record<string, string> = {
  OL_u: "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args",
  DefBSD: "pid,tname,stat,bsdtime,args",
  DefSysV: "pid,tname,time,cmd",
  Std_f: "uid_hack,pid,ppid,c,stime,tname,time,cmd",
};

/**
 * --sort / k keys (sortformat.c do_one_sort_spec: any format specifier, optionally prefixed
 * by + or -): what each one compares, as the library's sort item of the specifier does
 * (%mem by RSS, %cpu by utilization, times by CPU ticks, strings with strcmp).
 */
type Cmp = (a: Proc, b: Proc, c: Ctx) => number;
const num = (f: (p: Proc, c: Ctx) => number): Cmp => (a, b, c) => Math.sign(f(a, c) - f(b, c));
const str = (f: (p: Proc) => string): Cmp => (a, b) => (f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0);
const utilization = (p: Proc, c: Ctx) => {
  const secs = elapsedSec(p, c);
  return secs ? cpuTicks(p, c) / HZ / secs : 0;
};
const niceOf = (p: Proc) => (p.stat.includes("<") ? -20 : p.stat.includes("N") ? 5 : 0);
const cmdline = (p: Proc) => p.args || `[${p.comm}]`;
const byPid = num((p) => p.pid);
const byRss = num((p) => p.rssKb);
const byVsz = num((p) => p.vszKb);
const byStart = num((p) => p.start);
const byTicks = num((p, c) => cpuTicks(p, c));
const byUser = str((p) => p.user);
const SORT_KEYS: Record<string, Cmp> = {
  "%cpu": num(utilization), pcpu: num(utilization), c: num(utilization),
  "%mem": byRss, pmem: byRss, rss: byRss, rsz: byRss,
  vsz: byVsz, vsize: byVsz,
  pid: byPid, pgid: byPid, sid: byPid, ppid: num((p) => p.ppid),
  uid: num((p) => p.uid), euid: num((p) => p.uid), gid: num((p) => p.uid),
  user: byUser, euser: byUser, ruser: byUser, uname: byUser, uid_hack: byUser, group: byUser,
  args: str(cmdline), cmd: str(cmdline), command: str(cmdline),
  comm: str((p) => p.comm), ucmd: str((p) => p.comm), ucomm: str((p) => p.comm),
  start_time: byStart, stime: byStart, start: byStart, bsdstart: byStart, lstart: byStart,
  etime: num((p, c) => c.now - p.start), etimes: num((p, c) => c.now - p.start),
  time: byTicks, cputime: byTicks, bsdtime: byTicks,
  ni: num(niceOf), nice: num(niceOf),
  stat: str((p) => p.stat), s: str((p) => p.stat[0]), state: str((p) => p.stat[0]),
  tname: str((p) => p.tty), tt: str((p) => p.tty), tty: str((p) => p.tty),
};

/** long_sort_parse: the keys in order, or the parser's error. */
function parseSort(spec: string): { cmp: Cmp; reverse: boolean }[] | string {
  const items = spec.split(/[ ,\t\n]/);
  if (items.length > 1 && items[items.length - 1] === "") items.pop(); // one trailing separator is allowed
  if (items.some((i) => i === "")) return spec.replace(/[ ,\t\n]/g, "") ? "improper sort list" : items.length ? "improper sort list" : "empty sort list";
  const out: { cmp: Cmp; reverse: boolean }[] = [];
  for (const item of items) {
    const reverse = item.startsWith("-");
    const key = item.startsWith("-") || item.startsWith("+") ? item.slice(1) : item;
    const cmp = SORT_KEYS[key];
    if (!cmp) return "unknown sort specifier";
    out.push({ cmp, reverse });
  }
  return out;
}

const USAGE = "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

function usageError(msg: string): CmdResult {
  return { stdout: "", stderr: `error: ${msg}\n${USAGE}`, exitCode: 1 };
}

/** -o / o: "pid,cmd", "pid=ID", "user:12"; returns an error message or the specs. */
function parseFormat(list: string[]): Spec[] | string {
  const out: Spec[] = [];
  for (const item of list) {
    // everything after the first '=' is the header of the last specifier
    const eq = item.indexOf("=");
    const names = (eq < 0 ? item : item.slice(0, eq)).split(/[\s,]+/).filter(Boolean);
    if (!names.length) return "improper format list";
    for (let i = 0; i < names.length; i++) {
      let name = names[i];
      let width: number | undefined;
      const colon = /^(.*):(\d+)$/.exec(name);
      if (colon) {
        name = colon[1];
        width = Number(colon[2]);
      }
      const f = FORMATS[name];
      if (!f) return `unknown user-defined format specifier "${name}"`;
      const spec = f();
      if (width !== undefined) spec.width = width;
      if (eq >= 0 && i === names.length - 1) spec.head = item.slice(eq + 1);
      out.push(spec);
    }
  }
  return out;
}

function expand(macro: string): Spec[] {
  return MACROS[macro].split(",").map((n) => FORMATS[n]());
}

/** show_one_proc: one line, procps column placement. */
function showOne(specs: Spec[], p: Proc | null, c: Ctx, activeCols: number): string {
  let correct = 0;
  let actual = 0;
  let dospace = 0;
  let line = "";
  for (let i = 0; i < specs.length; i++) {
    const f = specs[i];
    const last = i === specs.length - 1;
    let tmpspace = 0;
    let room: number;
    if (!last) room = f.width;
    else {
      tmpspace = correct - actual;
      if (tmpspace < 1) {
        tmpspace = dospace;
        room = activeCols - actual - tmpspace;
      } else room = activeCols - Math.max(correct, actual);
    }
    room = Math.max(0, Math.min(room, OUTBUF_SIZE - 1));
    let text = p ? f.pr(p, c, room) : f.head;
    let leftpad = 0;
    if (f.just === "right") leftpad = Math.max(0, f.width - text.length);
    else if (f.just === "unlimited" && activeCols - actual - tmpspace < 1) text = text.slice(0, 1);
    const amount = text.length;
    let space = correct - actual + leftpad;
    if (space < 1) space = dospace;
    if (space > SPACE_AMOUNT) space = SPACE_AMOUNT;
    line += " ".repeat(space) + text;
    if (last) break;
    actual += space + amount;
    correct += f.width + 1;
    dospace = 1;
  }
  return line;
}

/** check_header_width: the screen is used in multiples of its width until the columns fit. */
function activeColumns(specs: Spec[], screen: number): number {
  let total = 0;
  let wasNormal = 0;
  specs.forEach((s, i) => {
    total += s.just === "unlimited" && i === specs.length - 1 ? 3 : s.width;
    total += wasNormal;
    wasNormal = 1;
  });
  let n = 1;
  while (screen * n < total && screen * n < OUTBUF_SIZE / 2) n++;
  return screen * n;
}

/**
 * --forest / f (display.c show_forest/show_tree): roots are the processes whose parent is not
 * listed, taken from the end of the pid-sorted list; children follow their parent in pid
 * order with forest_helper's prefixes (" \\_ " for the child, " |  " under a parent that has
 * a later sibling, "    " otherwise).
 */
function forestOrder(procs: Proc[]): { order: Proc[]; prefix: Map<number, string> } {
  const byPid = new Set(procs.map((p) => p.pid));
  const kids = new Map<number, Proc[]>();
  const roots: Proc[] = [];
  for (const p of procs) {
    if (byPid.has(p.ppid) && p.ppid !== p.pid) {
      const l = kids.get(p.ppid) ?? [];
      l.push(p);
      kids.set(p.ppid, l);
    } else roots.push(p);
  }
  const order: Proc[] = [];
  const prefix = new Map<number, string>();
  const walk = (p: Proc, marks: string) => {
    order.push(p);
    let pre = "";
    for (let i = 0; i < marks.length; i++) {
      const m = marks[i];
      pre += i === marks.length - 1 ? " \\_ " : m === "|" ? " |  " : "    ";
    }
    prefix.set(p.pid, pre);
    const ks = kids.get(p.pid) ?? [];
    ks.forEach((k, i) => walk(k, marks + (i < ks.length - 1 ? "|" : " ")));
  };
  for (const r of [...roots].reverse()) walk(r, "");
  return { order, prefix };
}

function screenWidth(io: CmdIO, wCount: number): number {
  let cols = OUTBUF_SIZE;
  if (io.tty) cols = (io as CmdIO & { columns?: number }).columns ?? 80;
  const env = io.env.COLUMNS;
  if (env && /^\d+$/.test(env) && Number(env) > 0 && Number(env) < OUTBUF_SIZE) cols = Number(env);
  if (wCount === 1 && cols < 132) cols = 132;
  if (wCount > 1) cols = OUTBUF_SIZE;
  return cols;
}

export const ps: Command = {
  name: "ps",
  run(args, io, lab: LabContext) {
    let all = false; // -e, -A, ax
    let bsdA = false;
    let bsdX = false;
    let bsdU = false;
    let unixF = false;
    let forest = false;
    let noHeaders = false;
    let wCount = 0;
    let bsd = false;
    const formats: string[] = [];
    const pids: number[] = [];
    const cmds: string[] = [];
    const users: string[] = [];
    let sawPidSel = false;
    let sortSpec: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith("--")) {
        const [name, val] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
        const value = () => val ?? args[++i];
        if (name === "--forest") forest = true;
        else if (name === "--no-headers" || name === "--no-heading") noHeaders = true;
        else if (name === "--format") formats.push(value() ?? "");
        else if (name === "--pid") (value() ?? "").split(",").forEach((x) => pids.push(Number(x)));
        else if (name === "--user" || name === "--User") users.push(...(value() ?? "").split(","));
        else if (name === "--sort") {
          const v = value();
          if (v === undefined) return usageError("long sort specification must follow --sort");
          if (sortSpec !== undefined) return usageError("multiple sort options");
          sortSpec = v;
        } else if (name === "--cols" || name === "--columns" || name === "--width" || name === "--lines" || name === "--rows") value();
        else if (name === "--version" || name === "-V") return { stdout: "ps from procps-ng 4.0.4\n", stderr: "", exitCode: 0 };
        else if (name === "--help") return { stdout: USAGE, stderr: "", exitCode: 0 };
        else return usageError("unknown gnu long option");
        continue;
      }
      if (a.startsWith("-")) {
        if (a === "-") return usageError("unsupported SysV option");
        for (let j = 1; j < a.length; j++) {
          const ch = a[j];
          const rest = a.slice(j + 1);
          const take = (): string | undefined => {
            j = a.length;
            return rest || args[++i];
          };
          if (ch === "e" || ch === "A") all = true;
          else if (ch === "f") unixF = true;
          else if (ch === "H") forest = true;
          else if (ch === "w") wCount++;
          else if (ch === "a" || ch === "x") all = all || false;
          else if (ch === "o") {
            const v = take();
            if (v === undefined) return usageError("format specification must follow -o");
            formats.push(v);
          } else if (ch === "p" || ch === "q") {
            const v = take();
            if (v === undefined) return usageError("list of process IDs must follow -p");
            for (const x of v.split(/[\s,]+/).filter(Boolean)) {
              if (!/^\d+$/.test(x)) return usageError("process ID list syntax error");
              pids.push(Number(x));
            }
            sawPidSel = true;
          } else if (ch === "C") {
            const v = take();
            if (v === undefined) return usageError("list of command names must follow -C");
            cmds.push(...v.split(",").filter(Boolean));
          } else if (ch === "u" || ch === "U") {
            const v = take();
            if (v === undefined) return usageError("list of users must follow -u");
            users.push(...v.split(",").filter(Boolean));
          } else return usageError("unsupported SysV option");
        }
        continue;
      }
      if (/^\d+(,\d+)*$/.test(a)) {
        a.split(",").forEach((x) => pids.push(Number(x)));
        sawPidSel = true;
        continue;
      }
      bsd = true;
      for (let j = 0; j < a.length; j++) {
        const ch = a[j];
        if (ch === "a") bsdA = true;
        else if (ch === "x") bsdX = true;
        else if (ch === "u") bsdU = true;
        else if (ch === "w") wCount++;
        else if (ch === "f") forest = true;
        else if (ch === "e" || ch === "c" || ch === "h") {
          if (ch === "h") noHeaders = true;
        } else if (ch === "k") {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) return usageError("long sort specification must follow 'k'");
          if (sortSpec !== undefined) return usageError("multiple sort options");
          sortSpec = v;
          break;
        } else if (ch === "o") {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) return usageError("format specification must follow o");
          formats.push(v);
          break;
        } else return usageError("unsupported option (BSD syntax)");
      }
    }
    if (bsdA && bsdX) all = true;
    if (unixF && bsdU) return usageError("conflicting format options");

    const self = ["ps", ...args].join(" ");
    const procs = processTable(lab, self);
    const ctx: Ctx = { now: lab.now(), boot: bootTime(lab), unixF };

    let specs: Spec[];
    if (formats.length) {
      const r = parseFormat(formats);
      if (typeof r === "string") return usageError(r);
      specs = r;
    } else if (bsdU) specs = expand("OL_u");
    else if (unixF) specs = expand("Std_f");
    else if (bsd) specs = expand("DefBSD");
    else {
      specs = expand("DefSysV");
      // without -f, CMD is the short name
      specs[specs.length - 1] = unlimited("CMD", 27, prComm);
    }
    // the header can widen a column (pid=PROCESS_ID)
    for (const s of specs) if (s.just !== "unlimited" && s.head.length > s.width) s.width = s.head.length;

    const me = procs.find((p) => p.args === self);
    let selected: Proc[];
    if (sawPidSel || pids.length || cmds.length || users.length) {
      selected = procs.filter(
        (p) => pids.includes(p.pid) || cmds.includes(p.comm) || users.includes(p.user) || users.includes(String(p.uid)),
      );
    } else if (all) selected = procs;
    else if (bsdA) selected = procs.filter((p) => p.tty !== "?");
    else if (bsdX) selected = procs.filter((p) => p.uid === (me?.uid ?? 0));
    else selected = procs.filter((p) => p.tty === (me?.tty ?? "pts/0") && p.uid === (me?.uid ?? 0));

    if (sortSpec !== undefined) {
      const keys = parseSort(sortSpec);
      if (typeof keys === "string") return usageError(keys);
      // display.c sorts once per key, last key first, with a stable sort (glibc 2.39's qsort)
      for (const k of [...keys].reverse()) selected = [...selected].sort((a, b) => (k.reverse ? -1 : 1) * k.cmp(a, b, ctx));
    }
    if (forest) {
      const f = forestOrder(selected);
      selected = f.order;
      ctx.forest = f.prefix;
    }

    const cols = activeColumns(specs, screenWidth(io, wCount));
    const lines: string[] = [];
    if (!noHeaders && specs.some((s) => s.head !== "")) lines.push(showOne(specs, null, ctx, cols));
    for (const p of selected) lines.push(showOne(specs, p, ctx, cols));
    if (!selected.length) return { stdout: lines.length ? lines.join("\n") + "\n" : "", stderr: "", exitCode: 1 };
    return { stdout: lines.join("\n") + "\n", stderr: "", exitCode: 0 };
  },
};

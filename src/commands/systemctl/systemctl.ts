// systemctl and journalctl for the node's units (systemd 255, Ubuntu 24.04 layout).

import type { CmdIO, Command, CmdResult, LabContext } from "../types.ts";
import type { JournalEntry, Unit } from "../../engine/node/systemd.ts";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** "Sun 2026-11-22 09:00:00 UTC" */
function stamp(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC`;
}

/** systemd's format_timestamp_relative. */
export function relative(deltaMs: number): string {
  const us = deltaMs * 1000;
  const SEC = 1e6, MIN = 60 * SEC, HOUR = 60 * MIN, DAY = 24 * HOUR, WEEK = 7 * DAY, MONTH = 2629800 * SEC, YEAR = 31557600 * SEC;
  const f = Math.floor;
  if (us >= YEAR) return `${f(us / YEAR)} years ${f((us % YEAR) / MONTH)} months ago`;
  if (us >= MONTH) return `${f(us / MONTH)} months ${f((us % MONTH) / DAY)} days ago`;
  if (us >= WEEK) return `${f(us / WEEK)} weeks ${f((us % WEEK) / DAY)} days ago`;
  if (us >= 2 * DAY) return `${f(us / DAY)} days ago`;
  if (us >= 25 * HOUR) return `1 day ${f((us - DAY) / HOUR)}h ago`;
  if (us >= 6 * HOUR) return `${f(us / HOUR)}h ago`;
  if (us >= HOUR) return `${f(us / HOUR)}h ${f((us % HOUR) / MIN)}min ago`;
  if (us >= 5 * MIN) return `${f(us / MIN)}min ago`;
  if (us >= MIN) return `${f(us / MIN)}min ${f((us % MIN) / SEC)}s ago`;
  if (us >= SEC) return `${f(us / SEC)}s ago`;
  if (us >= 1000) return `${f(us / 1000)}ms ago`;
  if (us > 0) return `${f(us)}us ago`;
  return "now";
}

/** "Nov 22 09:00:00" */
function journalStamp(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

function journalLine(e: JournalEntry, host: string): string {
  return `${journalStamp(e.time)} ${host} ${e.ident}[${e.pid}]: ${e.text}`;
}

/** systemd's format_timespan(t, accuracy): "1h 42min 3.412s". */
export function formatTimespan(us: number, accuracy = 1000): string {
  const table: [string, number][] = [["y", 31557600e6], ["month", 2629800e6], ["w", 604800e6], ["d", 86400e6], ["h", 3600e6], ["min", 60e6], ["s", 1e6], ["ms", 1e3], ["us", 1]];
  let t = Math.floor(us);
  if (t <= 0) return "0";
  const parts: string[] = [];
  for (const [suffix, unit] of table) {
    if (t <= 0) break;
    if (t < accuracy && parts.length) break;
    if (t < unit) continue;
    const a = Math.floor(t / unit);
    let b = t % unit;
    if (t < 60e6 && b > 0) {
      let j = 0;
      for (let cc = unit; cc > 1; cc /= 10) j++;
      for (let cc = accuracy; cc > 1; cc /= 10) {
        b = Math.floor(b / 10);
        j--;
      }
      if (j > 0) {
        parts.push(`${a}.${String(b).padStart(j, "0")}${suffix}`);
        t = 0;
        break;
      }
    }
    parts.push(`${a}${suffix}`);
    t = b;
  }
  return parts.join(" ");
}

// daemon-reload: when the unit files were last loaded, per machine (boot: the first journal entry)
const reloadedAt = new WeakMap<object, number>();

function lastReload(lab: LabContext): number {
  const sd = lab.machine.systemd;
  let t = reloadedAt.get(sd);
  if (t === undefined) {
    t = sd.journal[0]?.time ?? lab.now();
    reloadedAt.set(sd, t);
  }
  return t;
}

/** A unit file or drop-in written, added or removed since the last daemon-reload. */
export function unitFilesChanged(lab: LabContext, u: Unit): boolean {
  const fs = lab.machine.fs;
  const since = lastReload(lab);
  const paths = [u.fragmentPath, `/etc/systemd/system/${u.name}`];
  for (const p of u.dropIns) if (!fs.exists(p)) return true;
  for (const dir of [`/etc/systemd/system/${u.name}.d`, `/run/systemd/system/${u.name}.d`, `/usr/lib/systemd/system/${u.name}.d`]) {
    try {
      for (const n of fs.readdir(dir)) if (n.endsWith(".conf")) paths.push(`${dir}/${n}`);
    } catch {
      // no drop-in folder
    }
  }
  for (const p of paths) {
    try {
      if (fs.stat(p).mtime > since) return true;
    } catch {
      // absent
    }
  }
  return false;
}

function reloadWarning(name: string): string {
  return `Warning: The unit file, source configuration file or drop-ins of ${name} changed on disk. Run 'systemctl daemon-reload' to reload units.\n`;
}

function memory(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)}M`;
}

function findUnit(lab: LabContext, name: string): Unit | undefined {
  return lab.machine.systemd.unit(name.replace(/\.service$/, ""));
}

function status(lab: LabContext, name: string): CmdResult {
  const u = findUnit(lab, name);
  const unitName = name.endsWith(".service") ? name : `${name}.service`;
  if (!u) return { stdout: "", stderr: `Unit ${unitName} could not be found.\n`, exitCode: 4 };
  const now = lab.now();
  const dot = u.active === "active" ? "●" : u.active === "failed" ? "×" : "○";
  const lines: string[] = [];
  lines.push(`${dot} ${u.name} - ${u.description}`);
  lines.push(`     Loaded: loaded (${u.fragmentPath}; ${u.enabled ? "enabled" : "disabled"}; preset: enabled)`);
  if (u.dropIns.length) {
    const dirs = [...new Set(u.dropIns.map((d) => d.slice(0, d.lastIndexOf("/"))))];
    dirs.forEach((dir, i) => {
      const files = u.dropIns.filter((d) => d.startsWith(dir + "/")).map((d) => d.slice(dir.length + 1));
      lines.push(`${i === 0 ? "    Drop-In: " : "             "}${dir}`);
      lines.push(`             └─${files.join(", ")}`);
    });
  }
  const sub = u.active === "activating" ? "auto-restart" : u.sub;
  const activeText = u.active === "activating" ? "activating (auto-restart) (Result: exit-code)" : `${u.active} (${sub})`;
  lines.push(`     Active: ${activeText} since ${stamp(u.since)}; ${relative(now - u.since)}`);
  if (u.docs) lines.push(`       Docs: ${u.docs}`);
  if (u.active === "active") {
    const comm = u.cmdline.split(" ")[0].split("/").pop();
    lines.push(`   Main PID: ${u.mainPid} (${comm})`);
    lines.push(`      Tasks: ${u.tasks} (limit: 2338)`);
    lines.push(`     Memory: ${memory(u.memoryBytes)} (peak: ${memory(u.memoryBytes * 1.08)})`);
    lines.push(`        CPU: ${formatTimespan(Math.floor((now - u.since) * 15), 1000)}`);
    lines.push(`     CGroup: /system.slice/${u.name}`);
    lines.push(`             └─${u.mainPid} ${u.cmdline}`);
  } else if (u.active === "activating") {
    lines.push(`    Process: ${u.mainPid || 0} ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS (code=exited, status=1/FAILURE)`);
    lines.push(`   Main PID: ${u.mainPid || 0} (code=exited, status=1/FAILURE)`);
  }
  const journal = lab.machine.systemd.journal.filter((e) => e.unit === u.name).slice(-10);
  let out = lines.join("\n") + "\n";
  if (journal.length) out += "\n" + journal.map((e) => journalLine(e, lab.machine.name)).join("\n") + "\n";
  return { stdout: out, stderr: unitFilesChanged(lab, u) ? reloadWarning(u.name) : "", exitCode: u.active === "active" ? 0 : 3 };
}

export const systemctl: Command = {
  name: "systemctl",
  run(args, _io, lab) {
    const flags = args.filter((a) => a.startsWith("-"));
    const words = parseOpts(args).words;
    const verb = words[0] ?? "list-units";
    const units = words.slice(1);
    const sd = lab.machine.systemd;
    const need = (): CmdResult | null => (units.length ? null : { stdout: "", stderr: `Too few arguments.\n`, exitCode: 1 });
    switch (verb) {
      case "status": {
        if (!units.length) return { stdout: "", stderr: "", exitCode: 0 };
        const outs = units.map((u) => status(lab, u));
        return { stdout: outs.map((o) => o.stdout).join("\n"), stderr: outs.map((o) => o.stderr).join(""), exitCode: Math.max(...outs.map((o) => o.exitCode)) };
      }
      case "start":
      case "stop":
      case "restart":
      case "reload":
      case "try-restart": {
        const n = need();
        if (n) return n;
        let warn = "";
        for (const name of units) {
          const u = findUnit(lab, name);
          const unitName = name.endsWith(".service") ? name : `${name}.service`;
          if (!u) return { stdout: "", stderr: `${warn}Failed to ${verb} ${unitName}: Unit ${unitName} not found.\n`, exitCode: 5 };
          if (unitFilesChanged(lab, u)) warn += reloadWarning(u.name);
          if (verb === "start") sd.start(u.name);
          else if (verb === "stop") sd.stop(u.name);
          else sd.restart(u.name);
        }
        return { stdout: "", stderr: warn, exitCode: 0 };
      }
      case "enable":
      case "disable": {
        const n = need();
        if (n) return n;
        let err = "";
        for (const name of units) {
          const u = findUnit(lab, name);
          if (!u) return { stdout: "", stderr: `Failed to ${verb} unit: Unit file ${name.endsWith(".service") ? name : name + ".service"} does not exist.\n`, exitCode: 1 };
          const was = u.enabled;
          u.enabled = verb === "enable";
          if (verb === "disable" && was) err += `Removed "/etc/systemd/system/multi-user.target.wants/${u.name}".\n`;
          if (verb === "enable" && !was) err += `Created symlink /etc/systemd/system/multi-user.target.wants/${u.name} → ${u.fragmentPath}.\n`;
          if (flags.includes("--now")) {
            if (verb === "enable") sd.start(u.name);
            else sd.stop(u.name);
          }
        }
        return { stdout: "", stderr: err, exitCode: 0 };
      }
      case "daemon-reload":
        sd.needsReload = false;
        reloadedAt.set(sd, lab.now());
        return { stdout: "", stderr: "", exitCode: 0 };
      case "is-active": {
        const n = need();
        if (n) return n;
        const states = units.map((name) => findUnit(lab, name)?.active ?? "inactive");
        return { stdout: states.join("\n") + "\n", stderr: "", exitCode: states.every((s) => s === "active") ? 0 : 3 };
      }
      case "is-enabled": {
        const n = need();
        if (n) return n;
        const res = units.map((name) => findUnit(lab, name));
        if (res.some((u) => !u)) return { stdout: "", stderr: `Failed to get unit file state for ${units[0]}: No such file or directory\n`, exitCode: 1 };
        return { stdout: res.map((u) => (u!.enabled ? "enabled" : "disabled")).join("\n") + "\n", stderr: "", exitCode: res.every((u) => u!.enabled) ? 0 : 1 };
      }
      case "cat": {
        const n = need();
        if (n) return n;
        let out = "";
        for (const name of units) {
          const u = findUnit(lab, name);
          if (!u) return { stdout: out, stderr: `No files found for ${name}.\n`, exitCode: 1 };
          for (const path of [u.fragmentPath, ...u.dropIns]) {
            const text = lab.machine.fs.tryRead(path);
            if (text === undefined) continue;
            if (out) out += "\n";
            out += `# ${path}\n${text}`;
          }
        }
        return { stdout: out, stderr: "", exitCode: 0 };
      }
      case "list-units":
        return listUnits(lab, args);
      case "show":
        return show(lab, args);
      default:
        return { stdout: "", stderr: `Unknown command verb '${verb}'.\n`, exitCode: 1 };
    }
  },
};

const PRIORITIES = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

/** syslog priority of an entry: klog's severity letter for component lines, info otherwise. */
function priorityOf(e: JournalEntry): number {
  const m = /^([IWEF])\d{4} /.exec(e.text);
  if (!m) return 6;
  return m[1] === "E" ? 3 : m[1] === "W" ? 4 : m[1] === "F" ? 2 : 6;
}

/** systemd parse_timestamp for the forms people type: now, today, yesterday, tomorrow, "10 min ago", -1h, +5m, "YYYY-MM-DD [HH:MM[:SS]]", "HH:MM[:SS]". */
export function parseSystemdTime(s: string, now: number): number | undefined {
  const t = s.trim().toLowerCase();
  const midnight = now - (now % 86400000);
  if (t === "now") return now;
  if (t === "today") return midnight;
  if (t === "yesterday") return midnight - 86400000;
  if (t === "tomorrow") return midnight + 86400000;
  const units: Record<string, number> = {
    us: 0.001, usec: 0.001, ms: 1, msec: 1, s: 1000, sec: 1000, second: 1000, seconds: 1000, m: 60000, min: 60000, minute: 60000, minutes: 60000,
    h: 3600000, hr: 3600000, hour: 3600000, hours: 3600000, d: 86400000, day: 86400000, days: 86400000, w: 604800000, week: 604800000, weeks: 604800000,
  };
  const span = (x: string): number | undefined => {
    let total = 0;
    let rest = x.trim();
    if (!rest) return undefined;
    while (rest) {
      const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)\s*/.exec(rest);
      if (!m || (m[2] && units[m[2]] === undefined)) return undefined;
      total += Number(m[1]) * (m[2] ? units[m[2]] : 1000);
      rest = rest.slice(m[0].length);
    }
    return total;
  };
  const ago = /^(.*)\s+ago$/.exec(t);
  if (ago) {
    const d = span(ago[1]);
    return d === undefined ? undefined : now - d;
  }
  if (t.startsWith("-") || t.startsWith("+")) {
    const d = span(t.slice(1));
    return d === undefined ? undefined : t[0] === "-" ? now - d : now + d;
  }
  const abs = /^(\d{4})-(\d{2})-(\d{2})(?:[ t](\d{2}):(\d{2})(?::(\d{2}))?)?(?: utc)?$/.exec(t);
  if (abs) return Date.UTC(Number(abs[1]), Number(abs[2]) - 1, Number(abs[3]), Number(abs[4] ?? 0), Number(abs[5] ?? 0), Number(abs[6] ?? 0));
  const hm = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (hm) return midnight + (Number(hm[1]) * 3600 + Number(hm[2]) * 60 + Number(hm[3] ?? 0)) * 1000;
  return undefined;
}

export const journalctl: Command = {
  name: "journalctl",
  async run(args, io, lab) {
    const units: string[] = [];
    let followMode = false;
    let lines: number | undefined;
    let since: number | undefined;
    let until: number | undefined;
    let maxPrio = 7;
    let reverse = false;
    let output = "short";
    let grep: RegExp | undefined;
    const now = lab.now();
    const value = (i: number, a: string, short: string, long: string): [string | undefined, number] => {
      if (a === short || a === long) return [args[i + 1], i + 1];
      if (a.startsWith(long + "=")) return [a.slice(long.length + 1), i];
      if (short && a.startsWith(short) && a.length > short.length) return [a.slice(short.length), i];
      return [undefined, i];
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "-u" || a === "--unit" || a.startsWith("--unit=") || (a.startsWith("-u") && a.length > 2)) {
        const [v, j] = value(i, a, "-u", "--unit");
        i = j;
        if (v === undefined) return { stdout: "", stderr: "journalctl: option requires an argument -- 'u'\n", exitCode: 1 };
        units.push(v);
      } else if (a === "-n" || a === "--lines" || a.startsWith("--lines=") || /^-n\d+$/.test(a)) {
        const [v, j] = value(i, a, "-n", "--lines");
        i = j;
        if (v === undefined || !/^\+?\d+$/.test(v)) {
          if (v === "all") lines = undefined;
          else return { stdout: "", stderr: `Failed to parse lines '${v ?? ""}'\n`, exitCode: 1 };
        } else lines = Number(v.replace(/^\+/, ""));
      } else if (a === "-S" || a === "--since" || a.startsWith("--since=") || a === "-U" || a === "--until" || a.startsWith("--until=")) {
        const isSince = a === "-S" || a.startsWith("--since");
        const [v, j] = value(i, a, isSince ? "-S" : "-U", isSince ? "--since" : "--until");
        i = j;
        const t = v === undefined ? undefined : parseSystemdTime(v, now);
        if (t === undefined) return { stdout: "", stderr: `Failed to parse timestamp: ${v ?? ""}\n`, exitCode: 1 };
        if (isSince) since = t;
        else until = t;
      } else if (a === "-p" || a === "--priority" || a.startsWith("--priority=") || (a.startsWith("-p") && a.length > 2)) {
        const [v, j] = value(i, a, "-p", "--priority");
        i = j;
        const top = (v ?? "").split("..").pop()!;
        const n = /^\d$/.test(top) ? Number(top) : PRIORITIES.indexOf(top === "error" ? "err" : top === "warn" ? "warning" : top);
        if (n < 0 || n > 7) return { stdout: "", stderr: `Failed to parse priority value: ${v ?? ""}\n`, exitCode: 1 };
        maxPrio = n;
      } else if (a === "-o" || a === "--output" || a.startsWith("--output=")) {
        const [v, j] = value(i, a, "-o", "--output");
        i = j;
        output = v ?? "short";
      } else if (a === "-g" || a === "--grep" || a.startsWith("--grep=")) {
        const [v, j] = value(i, a, "-g", "--grep");
        i = j;
        try {
          grep = new RegExp(v ?? "", /[A-Z]/.test(v ?? "") ? "" : "i");
        } catch {
          return { stdout: "", stderr: `Bad pattern "${v}"\n`, exitCode: 1 };
        }
      } else if (a === "-e" || a === "--pager-end") lines ??= 1000;
      else if (a === "-r" || a === "--reverse") reverse = true;
      else if (a === "-f" || a === "--follow") {
        lines ??= 10;
        followMode = true;
      } else if (/^-[xefrbql]+$/.test(a) && a.length > 2) {
        if (a.includes("e") || a.includes("f")) lines ??= a.includes("e") ? 1000 : 10;
        if (a.includes("f")) followMode = true;
        if (a.includes("r")) reverse = true;
      } else if (["--no-pager", "-x", "--catalog", "-b", "--boot", "-q", "--quiet", "-l", "--full", "-a", "--all", "--no-hostname", "--utc"].includes(a)) continue;
      else if (a.startsWith("-")) return { stdout: "", stderr: `journalctl: unrecognized option '${a}'\n`, exitCode: 1 };
    }
    if (followMode && reverse) return { stdout: "", stderr: "Please specify either --reverse or --follow, not both.\n", exitCode: 1 };
    const journal = lab.machine.systemd.journal;
    const want = units.length ? new Set(units.map((u) => (u.includes(".") ? u : `${u}.service`))) : undefined;
    const match = (e: JournalEntry) => (!want || want.has(e.unit)) && (since === undefined || e.time >= since) && (until === undefined || e.time <= until) && priorityOf(e) <= maxPrio && (!grep || grep.test(e.text));
    let entries = journal.filter(match);
    if (lines !== undefined) entries = lines === 0 ? [] : entries.slice(-lines);
    if (reverse) entries = [...entries].reverse();
    const host = args.includes("--no-hostname") ? "" : ` ${lab.machine.name}`;
    const fmt = (e: JournalEntry) => (output === "cat" ? e.text : `${journalStamp(e.time)}${host} ${e.ident}[${e.pid}]: ${e.text}`);
    if (followMode) return followJournal(io, lab, entries.map((e) => fmt(e) + "\n").join(""), match, fmt);
    if (!entries.length) return { stdout: "-- No entries --\n", stderr: "", exitCode: 0 };
    return { stdout: entries.map(fmt).join("\n") + "\n", stderr: "", exitCode: 0 };
  },
};

/**
 * journalctl -f: the last lines, then each new entry as the journal gets it, until Ctrl-C
 * (systemd 255's follow loop installs no SIGINT handler: the signal kills it, $? is 130).
 * Without a terminal (the headless CLI) it returns after the last lines.
 */
async function followJournal(io: CmdIO, lab: LabContext, first: string, match: (e: JournalEntry) => boolean, fmt: (e: JournalEntry) => string): Promise<CmdResult> {
  let stdout = "";
  const out = (t: string) => (io.write?.stdout ? io.write.stdout(t) : (stdout += t));
  out(first);
  const signal = io.signal;
  if (!signal) return { stdout, stderr: "", exitCode: 0 };
  const journal = lab.machine.systemd.journal;
  let seen = journal.length;
  let last = journal[seen - 1];
  while (!signal.aborted) {
    await lab.sleep(250, signal);
    // the journal drops its oldest entries past its size limit: find where we were
    if (journal[seen - 1] !== last) seen = last ? journal.lastIndexOf(last) + 1 : 0;
    for (; seen < journal.length; seen++) if (match(journal[seen])) out(fmt(journal[seen]) + "\n");
    last = journal[seen - 1];
  }
  return { stdout, stderr: "", exitCode: 130 };
}

/** shell-style glob (fnmatch) for unit patterns: *, ?, [...] and [!...]; a [ without its ] is itself */
function globMatch(pattern: string, name: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else if (ch === "[") {
      let j = i + 1;
      const negate = pattern[j] === "!" || pattern[j] === "^";
      if (negate) j++;
      if (pattern[j] === "]") j++; // a ] first in the set is one of its characters
      const close = pattern.indexOf("]", j);
      if (close < 0) re += "\\[";
      else {
        re += "[" + (negate ? "^" : "") + pattern.slice(negate ? i + 2 : i + 1, close).replace(/[\\^[\]]/g, "\\$&") + "]";
        i = close;
      }
    } else re += ch.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(re + "$").test(name);
}

/** The values of -p/--property, -t/--type, --state (comma lists, repeatable) and the words left. */
function parseOpts(args: string[]): { props: string[]; types: string[]; states: string[]; value: boolean; all: boolean; legend: boolean; words: string[]; bad?: CmdResult } {
  const r = { props: [] as string[], types: [] as string[], states: [] as string[], value: false, all: false, legend: true, words: [] as string[] };
  const list = (v: string) => v.split(",").filter(Boolean);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf("=");
    const key = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith("--") && eq > 0 ? a.slice(eq + 1) : undefined;
    const take = (): string | undefined => inline ?? args[++i];
    if (key === "-p" || key === "--property" || key === "-P") {
      if (key === "-P") r.value = true;
      const v = take();
      if (v === undefined) return { ...r, bad: { stdout: "", stderr: `systemctl: option requires an argument -- '${key.slice(1)}'\n`, exitCode: 1 } };
      r.props.push(...list(v));
    } else if (/^-p./.test(a)) r.props.push(...list(a.slice(2)));
    else if (key === "-t" || key === "--type") {
      const v = take();
      if (v === undefined) return { ...r, bad: { stdout: "", stderr: `systemctl: option requires an argument -- 't'\n`, exitCode: 1 } };
      r.types.push(...list(v));
    } else if (/^-t./.test(a)) r.types.push(...list(a.slice(2)));
    else if (key === "--state") {
      const v = take();
      if (v === undefined) return { ...r, bad: { stdout: "", stderr: `systemctl: option '--state' requires an argument\n`, exitCode: 1 } };
      r.states.push(...list(v));
    } else if (key === "--value") r.value = true;
    else if (key === "-a" || key === "--all") r.all = true;
    else if (key === "--no-legend") r.legend = false;
    else if (key === "--failed") r.states.push("failed");
    else if (!a.startsWith("-")) r.words.push(a);
  }
  return r;
}

const UNIT_TYPES = ["service", "mount", "swap", "socket", "target", "device", "automount", "timer", "path", "slice", "scope"];
const LOAD_STATES = ["stub", "loaded", "not-found", "bad-setting", "error", "merged", "masked"];

function listUnits(lab: LabContext, args: string[]): CmdResult {
  const o = parseOpts(args);
  if (o.bad) return o.bad;
  const types: string[] = [];
  const states = [...o.states];
  for (const t of o.types) {
    if (t === "help") return { stdout: "Available unit types:\n" + UNIT_TYPES.join("\n") + "\n", stderr: "", exitCode: 0 };
    if (UNIT_TYPES.includes(t)) types.push(t);
    else if (LOAD_STATES.includes(t)) states.push(t);
    else return { stdout: "", stderr: `Unknown unit type or load state '${t}'.\nUse -t help to see a list of allowed values.\n`, exitCode: 1 };
  }
  const patterns = o.words.filter((w) => w !== "list-units");
  const rows = [...lab.machine.systemd.units.values()].filter((u) => {
    if (types.length && !types.includes(u.name.slice(u.name.lastIndexOf(".") + 1))) return false;
    if (states.length) {
      if (!states.some((s) => s === "loaded" || s === u.active || s === u.sub)) return false;
    } else if (!o.all && u.active === "inactive") return false;
    if (patterns.length && !patterns.some((p) => globMatch(p.includes(".") || /[*?[]/.test(p) ? p : p + ".service", u.name))) return false;
    return true;
  });
  const table = [["", "UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION"], ...rows.map((u) => [u.active === "failed" ? "●" : " ", u.name, "loaded", u.active, u.sub, u.description])];
  const widths = table[0].map((_, c) => Math.max(c === 0 ? 1 : 0, ...table.map((r) => r[c].length)));
  const lines = table.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join(" "));
  let out = o.legend ? lines.join("\n") + "\n" : lines.slice(1).join("\n") + (rows.length ? "\n" : "");
  if (o.legend) {
    if (rows.length) {
      out += "\nLegend: LOAD   → Reflects whether the unit definition was properly loaded.\n        ACTIVE → The high-level unit activation state, i.e. generalization of SUB.\n        SUB    → The low-level unit activation state, values depend on unit type.\n";
    }
    out += "\n";
    if (o.all || states.includes("inactive")) out += `${rows.length} loaded units listed.\nTo show all installed unit files use 'systemctl list-unit-files'.\n`;
    else if (!states.length) out += `${rows.length} loaded units listed. Pass --all to see loaded but inactive units, too.\nTo show all installed unit files use 'systemctl list-unit-files'.\n`;
    else out += `${rows.length} loaded units listed.\n`;
  }
  return { stdout: out, stderr: "", exitCode: 0 };
}

/** The properties systemctl show prints, in the bus's order (Service interface, then Unit). */
function unitProperties(lab: LabContext, name: string): Array<[string, string]> {
  const u = findUnit(lab, name);
  const unitName = name.includes(".") ? name : `${name}.service`;
  if (!u) {
    return [
      ["Type", "simple"], ["MainPID", "0"], ["ExecMainStartTimestamp", ""], ["ExecMainPID", "0"],
      ["Id", unitName], ["Names", unitName], ["Description", unitName], ["LoadState", "not-found"], ["ActiveState", "inactive"], ["SubState", "dead"],
      ["FragmentPath", ""], ["DropInPaths", ""], ["UnitFileState", ""], ["UnitFilePreset", ""], ["ActiveEnterTimestamp", ""], ["InactiveEnterTimestamp", ""],
      ["CanStart", "no"], ["CanStop", "no"], ["LoadError", `org.freedesktop.systemd1.NoSuchUnit "Unit ${unitName} not found."`],
    ];
  }
  const running = u.active === "active";
  const since = running ? stamp(u.since) : "";
  return [
    ["Type", u.name === "kubelet.service" ? "simple" : "notify"],
    ["Restart", "always"],
    ["NotifyAccess", u.name === "kubelet.service" ? "none" : "main"],
    ["RestartUSec", u.name === "kubelet.service" ? "10s" : "5s"],
    ["MainPID", String(running ? u.mainPid : 0)],
    ["ExecMainStartTimestamp", since],
    ["ExecMainPID", String(running ? u.mainPid : 0)],
    ["ExecMainCode", "0"],
    ["ExecMainStatus", "0"],
    ["MemoryCurrent", running ? String(u.memoryBytes) : "[not set]"],
    ["TasksCurrent", running ? String(u.tasks) : "[not set]"],
    ["Id", u.name],
    ["Names", u.name],
    ["Description", u.description],
    ["LoadState", "loaded"],
    ["ActiveState", u.active],
    ["SubState", u.sub],
    ["FragmentPath", u.fragmentPath],
    ["DropInPaths", u.dropIns.join(" ")],
    ["UnitFileState", u.enabled ? "enabled" : "disabled"],
    ["UnitFilePreset", "enabled"],
    ["ActiveEnterTimestamp", since],
    ["InactiveEnterTimestamp", running ? "" : stamp(u.since)],
    ["CanStart", "yes"],
    ["CanStop", "yes"],
  ];
}

function show(lab: LabContext, args: string[]): CmdResult {
  const o = parseOpts(args);
  if (o.bad) return o.bad;
  const units = o.words.filter((w) => w !== "show");
  const blocks: string[] = [];
  for (const name of units) {
    let props = unitProperties(lab, name);
    if (o.props.length) props = props.filter(([k]) => o.props.includes(k));
    else props = props.filter(([, v]) => v !== "");
    blocks.push(props.map(([k, v]) => (o.value ? v : `${k}=${v}`) + "\n").join(""));
  }
  if (!units.length) {
    // the manager's own properties
    const mgr: Array<[string, string]> = [["Version", "255.4-1ubuntu8.4"], ["Features", "+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified"], ["Architecture", "x86-64"], ["Virtualization", "kvm"], ["SystemState", "running"]];
    const sel = o.props.length ? mgr.filter(([k]) => o.props.includes(k)) : mgr;
    return { stdout: sel.map(([k, v]) => (o.value ? v : `${k}=${v}`) + "\n").join(""), stderr: "", exitCode: 0 };
  }
  return { stdout: blocks.join("\n"), stderr: "", exitCode: 0 };
}

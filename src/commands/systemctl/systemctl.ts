// systemctl and journalctl for the node's units (systemd 255, Ubuntu 24.04 layout).

import type { Command, CmdResult, LabContext } from "../types.ts";
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
    lines.push(`        CPU: ${Math.max(1, Math.floor((now - u.since) / 60000 / 30))}min ${((now - u.since) % 60000 / 1000).toFixed(3)}s`);
    lines.push(`     CGroup: /system.slice/${u.name}`);
    lines.push(`             └─${u.mainPid} ${u.cmdline}`);
  } else if (u.active === "activating") {
    lines.push(`    Process: ${u.mainPid || 0} ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS (code=exited, status=1/FAILURE)`);
    lines.push(`   Main PID: ${u.mainPid || 0} (code=exited, status=1/FAILURE)`);
  }
  const journal = lab.machine.systemd.journal.filter((e) => e.unit === u.name).slice(-10);
  let out = lines.join("\n") + "\n";
  if (journal.length) out += "\n" + journal.map((e) => journalLine(e, lab.machine.name)).join("\n") + "\n";
  return { stdout: out, stderr: "", exitCode: u.active === "active" ? 0 : 3 };
}

export const systemctl: Command = {
  name: "systemctl",
  run(args, _io, lab) {
    const flags = args.filter((a) => a.startsWith("-"));
    const words = args.filter((a) => !a.startsWith("-"));
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
        for (const name of units) {
          const u = findUnit(lab, name);
          const unitName = name.endsWith(".service") ? name : `${name}.service`;
          if (!u) return { stdout: "", stderr: `Failed to ${verb} ${unitName}: Unit ${unitName} not found.\n`, exitCode: 5 };
          if (verb === "start") sd.start(u.name);
          else if (verb === "stop") sd.stop(u.name);
          else sd.restart(u.name);
        }
        return { stdout: "", stderr: "", exitCode: 0 };
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
      case "list-units": {
        const rows = [...sd.units.values()].filter((u) => u.active !== "inactive" || flags.includes("--all"));
        const w = Math.max(...rows.map((u) => u.name.length), 4) + 1;
        const header = `  ${"UNIT".padEnd(w)}LOAD   ACTIVE SUB     DESCRIPTION`;
        const body = rows.map((u) => `  ${u.name.padEnd(w)}loaded ${u.active.padEnd(6)} ${u.sub.padEnd(7)} ${u.description}`);
        return {
          stdout: `${header}\n${body.join("\n")}\n\nLegend: LOAD   → Reflects whether the unit definition was properly loaded.\n        ACTIVE → The high-level unit activation state, i.e. generalization of SUB.\n        SUB    → The low-level unit activation state, values depend on unit type.\n\n${rows.length} loaded units listed.\n`,
          stderr: "",
          exitCode: 0,
        };
      }
      default:
        return { stdout: "", stderr: `Unknown command verb '${verb}'.\n`, exitCode: 1 };
    }
  },
};

export const journalctl: Command = {
  name: "journalctl",
  run(args, _io, lab) {
    let unit: string | undefined;
    let lines: number | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "-u" || a === "--unit") unit = args[++i];
      else if (a.startsWith("--unit=")) unit = a.slice(7);
      else if (a.startsWith("-u") && a.length > 2) unit = a.slice(2);
      else if (a === "-n" || a === "--lines") lines = Number(args[++i]);
      else if (a.startsWith("--lines=")) lines = Number(a.slice(8));
      else if (/^-n\d+$/.test(a)) lines = Number(a.slice(2));
      else if (a === "-e" || a === "--pager-end") lines ??= 1000;
    }
    let entries = lab.machine.systemd.journal;
    if (unit) {
      const u = unit.endsWith(".service") ? unit : `${unit}.service`;
      entries = entries.filter((e) => e.unit === u);
    }
    if (lines !== undefined && Number.isFinite(lines)) entries = entries.slice(-lines);
    if (!entries.length) return { stdout: "-- No entries --\n", stderr: "", exitCode: 0 };
    return { stdout: entries.map((e) => journalLine(e, lab.machine.name)).join("\n") + "\n", stderr: "", exitCode: 0 };
  },
};

// ps: the node's processes: systemd's units (kubelet with its full command line) and the
// main processes of running containers (kube-apiserver …), procps-ng layout.

import type { Command } from "../types.ts";
import { fnv32a } from "../../engine/hash.ts";

interface Proc {
  pid: number;
  ppid: number;
  user: string;
  cmd: string;
  start: number;
  rssKb: number;
  vszKb: number;
}

function processes(lab: Parameters<Command["run"]>[2]): Proc[] {
  const m = lab.machine;
  const procs: Proc[] = [{ pid: 1, ppid: 0, user: "root", cmd: "/sbin/init", start: 0, rssKb: 12800, vszKb: 22400 }];
  for (const u of m.systemd.units.values()) {
    if (u.active !== "active" || !u.cmdline) continue;
    procs.push({ pid: u.mainPid, ppid: 1, user: "root", cmd: u.cmdline, start: u.since, rssKb: Math.floor(u.memoryBytes / 1024), vszKb: Math.floor(u.memoryBytes / 1024) * 30 });
  }
  for (const c of m.runtime.containers) {
    if (c.state !== "running" || c.removed) continue;
    const pid = 2000 + (fnv32a(c.id) % 60000);
    procs.push({ pid, ppid: 1, user: "root", cmd: [...c.command, ...c.args].join(" ") || c.name, start: c.startedAt ?? c.createdAt, rssKb: 40000 + (fnv32a(c.name) % 200000), vszKb: 1200000 + (fnv32a(c.id) % 900000) });
  }
  return procs.sort((a, b) => a.pid - b.pid);
}

function startCol(ms: number, now: number): string {
  const d = new Date(ms);
  if (now - ms < 24 * 3600_000) return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${months[d.getUTCMonth()]}${String(d.getUTCDate()).padStart(2, "0")}`;
}

export const ps: Command = {
  name: "ps",
  run(args, _io, lab) {
    const joined = args.join(" ").replace(/-/g, "");
    const now = lab.now();
    const procs = processes(lab);
    if (joined.includes("aux") || joined.includes("ax")) {
      const head = "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND";
      const rows = procs.map((p) => {
        const cpu = p.pid === 1 ? "0.0" : (fnv32a(String(p.pid)) % 40 / 10).toFixed(1);
        const mem = (p.rssKb / 2030940 * 100).toFixed(1);
        const time = `${Math.floor((now - (p.start || now)) / 3600_000 / 6)}:${String(fnv32a(p.cmd) % 60).padStart(2, "0")}`;
        return `${p.user.padEnd(8)} ${String(p.pid).padStart(6)} ${cpu.padStart(4)} ${mem.padStart(4)} ${String(p.vszKb).padStart(6)} ${String(p.rssKb).padStart(5)} ?        Ssl  ${startCol(p.start || now - 86400_000 * 3, now).padEnd(5)} ${time.padStart(6)} ${p.cmd}`;
      });
      return { stdout: [head, ...rows].join("\n") + "\n", stderr: "", exitCode: 0 };
    }
    if (joined.includes("ef")) {
      const head = "UID          PID    PPID  C STIME TTY          TIME CMD";
      const rows = procs.map((p) => `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)}  0 ${startCol(p.start || now - 86400_000 * 3, now).padEnd(5)} ?        00:00:00 ${p.cmd}`);
      return { stdout: [head, ...rows].join("\n") + "\n", stderr: "", exitCode: 0 };
    }
    return { stdout: "    PID TTY          TIME CMD\n   4242 pts/0    00:00:00 bash\n   4343 pts/0    00:00:00 ps\n", stderr: "", exitCode: 0 };
  },
};

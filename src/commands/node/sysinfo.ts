// free (procps-ng 4.0.4), uptime (procps-ng 4.0.4), nproc and df (coreutils 9.4) on a node,
// from what facts.ts says about the machine: boot time, the processes' memory, the runtime's
// images and containers.

import type { CmdResult, Command, LabContext } from "../types.ts";
import { MEM_TOTAL_KB, NCPU, bootTime, processTable } from "./facts.ts";
import { strftime } from "../date/date.ts";
import { fnv32a } from "../../engine/hash.ts";

const err = (stderr: string, exitCode = 1): CmdResult => ({ stdout: "", stderr, exitCode });

// ---------------------------------------------------------------- memory

export interface MemInfo {
  total: number;
  free: number;
  shared: number;
  buffers: number;
  /** Cached + SReclaimable (free's "cache") */
  cached: number;
  available: number;
  /** total - available, as procps 4 computes "used" */
  used: number;
}

/** /proc/meminfo as the node would have it now, in kB. */
export function memInfo(lab: LabContext): MemInfo {
  const m = lab.machine;
  const procs = processTable(lab);
  const rss = procs.reduce((n, p) => n + p.rssKb, 0);
  const running = m.runtime.containers.filter((c) => !c.removed && c.state === "running");
  const sandboxes = m.runtime.sandboxes.filter((s) => !s.removed && s.state === "ready");
  // the kernel's own: unreclaimable slab, page tables, stacks; more for each container's cgroup and netns
  // RSS counts shared pages once per process; what the processes hold privately is about 78 % of
  // the sum. The kernel keeps its own: unreclaimable slab, page tables, stacks, more for each
  // container's cgroup and each pod's network namespace.
  const anon = Math.floor(rss * 0.78);
  const kernel = 88_412 + running.length * 1_536 + sandboxes.length * 2_048;
  const buffers = 58_344 + (fnv32a(m.name) % 4096);
  // page cache: the system's files plus the image layers the running containers read
  const imageKb = new Map<string, number>();
  for (const c of running) {
    const img = m.runtime.images.find((i) => i.id === c.imageId);
    if (img) imageKb.set(img.id, Math.floor(img.size / 1024 / 6));
  }
  let cached = 402_220 + [...imageKb.values()].reduce((a, b) => a + b, 0) + (fnv32a("cache/" + m.name) % 8192);
  const shared = 1_316 + sandboxes.length * 4 + running.length * 8;
  const floor = 64_000 + (fnv32a("free/" + m.name) % 16384);
  const total = MEM_TOTAL_KB;
  if (total - anon - kernel - buffers - cached < floor) cached = Math.max(80_000, total - anon - kernel - buffers - floor);
  const free = Math.max(Math.floor(floor / 2), total - anon - kernel - buffers - cached);
  const available = Math.min(total, Math.floor(free + (buffers + cached) * 0.86 - 28_000));
  return { total, free, shared, buffers, cached, available, used: total - available };
}

/** free's scale_size: kB in, the unit the flags ask for out. */
function scaleSize(kb: number, exponent: number, human: boolean, si: boolean): string {
  const base = si ? 1000 : 1024;
  const bytes = kb * 1024;
  if (!human) {
    if (exponent === 0) return String(Math.floor(bytes / base));
    if (exponent === 1) return String(bytes);
    return String(Math.floor(bytes / base ** (exponent - 1)));
  }
  if (String(bytes).length + 1 <= 4) return `${bytes}B`;
  const up = ["B", "K", "M", "G", "T", "P"];
  let s = "";
  for (let i = 1; i < up.length; i++) {
    const v = bytes / base ** i;
    const suffix = si ? up[i] : up[i] + "i";
    const max = si ? 4 : 5;
    s = `${Math.fround(v).toFixed(1)}${suffix}`;
    if (s.length <= max) return s;
    s = `${Math.floor(v)}${suffix}`;
    if (s.length <= max) return s;
  }
  return s;
}

const FREE_USAGE = `
Usage:
 free [options]

Options:
 -b, --bytes         show output in bytes
     --kilo          show output in kilobytes
     --mega          show output in megabytes
     --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -k, --kibi          show output in kibibytes
 -m, --mebi          show output in mebibytes
 -g, --gibi          show output in gibibytes
     --tebi          show output in tebibytes
     --pebi          show output in pebibytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -L, --line          show output on a single line
 -t, --total         show total for RAM + swap
 -v, --committed     show committed memory and commit limit
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
`;

export const free: Command = {
  name: "free",
  run(args, _io, lab) {
    let exponent = 0;
    let unitSet = false;
    let human = false;
    let si = false;
    let wide = false;
    let total = false;
    const unit = (e: number, s = false): CmdResult | null => {
      if (unitSet) return err("free: Multiple unit options don't make sense.\n");
      unitSet = true;
      exponent = e;
      if (s) si = true;
      return null;
    };
    const longs: Record<string, () => CmdResult | null> = {
      bytes: () => unit(1), kilo: () => unit(2, true), mega: () => unit(3, true), giga: () => unit(4, true), tera: () => unit(5, true), peta: () => unit(6, true),
      kibi: () => unit(2), mebi: () => unit(3), gibi: () => unit(4), tebi: () => unit(5), pebi: () => unit(6),
      human: () => ((human = true), null), si: () => ((si = true), null), wide: () => ((wide = true), null), total: () => ((total = true), null), lohi: () => null, committed: () => null,
    };
    const shorts: Record<string, () => CmdResult | null> = { b: longs.bytes, k: longs.kibi, m: longs.mebi, g: longs.gibi, h: longs.human, w: longs.wide, t: longs.total, l: longs.lohi, v: longs.committed };
    for (const a of args) {
      if (a === "--help") return { stdout: FREE_USAGE, stderr: "", exitCode: 0 };
      if (a === "-V" || a === "--version") return { stdout: "free from procps-ng 4.0.4\n", stderr: "", exitCode: 0 };
      if (a.startsWith("--")) {
        const name = a.slice(2);
        const hits = Object.keys(longs).filter((k) => k.startsWith(name));
        const exact = longs[name] ? name : hits.length === 1 ? hits[0] : undefined;
        if (!exact || !name) return err(`free: unrecognized option '${a}'\n${FREE_USAGE}`);
        const r = longs[exact]();
        if (r) return r;
      } else if (a.startsWith("-") && a.length > 1) {
        for (const ch of a.slice(1)) {
          const f = shorts[ch];
          if (!f) return err(`free: invalid option -- '${ch}'\n${FREE_USAGE}`);
          const r = f();
          if (r) return r;
        }
      } else return err(FREE_USAGE);
    }
    const mi = memInfo(lab);
    const sz = (kb: number) => scaleSize(kb, exponent, human, si).padStart(12);
    let out = wide
      ? "               total        used        free      shared     buffers       cache   available\n"
      : "               total        used        free      shared  buff/cache   available\n";
    out += "Mem:    " + [mi.total, mi.used, mi.free, mi.shared].map(sz).join("");
    out += wide ? sz(mi.buffers) + sz(mi.cached) : sz(mi.buffers + mi.cached);
    out += sz(mi.available) + "\n";
    out += "Swap:   " + [0, 0, 0].map(sz).join("") + "\n";
    if (total) out += "Total:  " + [mi.total, mi.used, mi.free].map(sz).join("") + "\n";
    return { stdout: out, stderr: "", exitCode: 0 };
  },
};

// ---------------------------------------------------------------- uptime

/** The load averages: what the processes keep busy, with the slow wander of a real node. */
export function loadAverage(lab: LabContext): [number, number, number] {
  const busy = processTable(lab).reduce((n, p) => n + p.cpu, 0);
  const minute = Math.floor(lab.now() / 60000);
  const wave = (k: number) => ((fnv32a(`${lab.machine.name}/${k}`) % 1000) / 1000 - 0.5);
  const l15 = busy * 1.9 + 0.04;
  const l5 = Math.max(0, l15 + 0.05 + wave(Math.floor(minute / 5)) * 0.1);
  const l1 = Math.max(0, l5 + 0.04 + wave(minute) * 0.16);
  return [l1, l5, l15];
}

const f2 = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

const UPTIME_USAGE = `
Usage:
 uptime [options]

Options:
 -p, --pretty   show uptime in pretty format
 -h, --help     display this help and exit
 -s, --since    system up since
 -V, --version  output version information and exit

For more details see uptime(1).
`;

export const uptime: Command = {
  name: "uptime",
  run(args, _io, lab) {
    let pretty = false;
    let since = false;
    for (const a of args) {
      if (a === "-p" || a === "--pretty") pretty = true;
      else if (a === "-s" || a === "--since") since = true;
      else if (a === "-h" || a === "--help") return { stdout: UPTIME_USAGE, stderr: "", exitCode: 0 };
      else if (a === "-V" || a === "--version") return { stdout: "uptime from procps-ng 4.0.4\n", stderr: "", exitCode: 0 };
      else if (a.startsWith("--")) return err(`uptime: unrecognized option '${a}'\n${UPTIME_USAGE}`);
      else if (a.startsWith("-")) return err(`uptime: invalid option -- '${a[1]}'\n${UPTIME_USAGE}`);
      else return err(UPTIME_USAGE);
    }
    const now = lab.now();
    const boot = bootTime(lab);
    if (since) return { stdout: strftime("%Y-%m-%d %H:%M:%S", Math.floor(boot / 1000 + 0.5) * 1000) + "\n", stderr: "", exitCode: 0 };
    const secs = Math.floor((now - boot) / 1000);
    const updays = Math.floor(secs / 86400);
    const uphours = Math.floor(secs / 3600) % 24;
    const upminutes = Math.floor(secs / 60) % 60;
    if (pretty) {
      // 4.0.4's procps_uptime_sprint_short: strict comparisons on the double, and the minutes
      // whenever what is left is under a minute
      let rest = (now - boot) / 1000;
      const take = (unit: number): number => {
        if (rest > unit) {
          const n = Math.floor(rest / unit);
          rest -= n * unit;
          return n;
        }
        return 0;
      };
      const decades = take(315360000);
      const years = take(31536000);
      const weeks = take(604800);
      const days = take(86400);
      const hours = take(3600);
      const minutes = take(60);
      const parts: string[] = [];
      if (decades) parts.push(`${decades} ${decades > 1 ? "decades" : "decade"}`);
      if (years) parts.push(`${years} ${years > 1 ? "years" : "year"}`);
      if (weeks) parts.push(`${weeks} ${weeks > 1 ? "weeks" : "week"}`);
      if (days) parts.push(`${days} ${days > 1 ? "days" : "day"}`);
      if (hours) parts.push(`${hours} ${hours > 1 ? "hours" : "hour"}`);
      if (minutes || rest < 60) parts.push(`${minutes} ${minutes !== 1 ? "minutes" : "minute"}`);
      return { stdout: `up ${parts.join(", ")}\n`, stderr: "", exitCode: 0 };
    }
    let s = ` ${strftime("%H:%M:%S", now)} up `;
    if (updays) s += `${updays} ${updays > 1 ? "days" : "day"}, `;
    s += uphours ? `${String(uphours).padStart(2)}:${String(upminutes).padStart(2, "0")}, ` : `${upminutes} min, `;
    const [l1, l5, l15] = loadAverage(lab);
    s += ` 1 user,  load average: ${f2(l1)}, ${f2(l5)}, ${f2(l15)}`;
    return { stdout: s + "\n", stderr: "", exitCode: 0 };
  },
};

// ---------------------------------------------------------------- nproc

export const nproc: Command = {
  name: "nproc",
  run(args) {
    let ignore = 0;
    let all = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "--all") all = true;
      else if (a === "--ignore" || a.startsWith("--ignore=")) {
        const v = a === "--ignore" ? args[++i] : a.slice(9);
        if (v === undefined) return err("nproc: option '--ignore' requires an argument\nTry 'nproc --help' for more information.\n");
        if (!/^\d+$/.test(v)) return err(`nproc: invalid number: '${v}'\n`);
        ignore = Number(v);
      } else if (a === "--version") return { stdout: "nproc (GNU coreutils) 9.4\n", stderr: "", exitCode: 0 };
      else if (a.startsWith("--")) return err(`nproc: unrecognized option '${a}'\nTry 'nproc --help' for more information.\n`);
      else if (a.startsWith("-")) return err(`nproc: invalid option -- '${a[1]}'\nTry 'nproc --help' for more information.\n`);
      else return err(`nproc: extra operand '${a}'\nTry 'nproc --help' for more information.\n`);
    }
    void all;
    return { stdout: `${Math.max(1, NCPU - ignore)}\n`, stderr: "", exitCode: 0 };
  },
};

// ---------------------------------------------------------------- df

interface Mount {
  source: string;
  fstype: string;
  /** 1K blocks */
  size: number;
  used: number;
  avail: number;
  target: string;
  /** in time order, as /proc/self/mountinfo lists them */
  at: number;
}

/** The root file system: 20134592 KiB (Node capacity ephemeral-storage), 5 % reserved for root. */
export const ROOT_KB = 20134592;

function mounts(lab: LabContext): Mount[] {
  const m = lab.machine;
  const boot = bootTime(lab);
  const rt = m.runtime;
  const docker = rt.kind === "docker";
  const imagesKb = rt.images.reduce((n, i) => n + Math.floor(i.size / 1024), 0);
  const logsKb = rt.containers.filter((c) => !c.removed).reduce((n, c) => n + 24 + c.logs.length / 8, 0);
  const rootUsed = Math.floor(4_812_044 + (fnv32a("root/" + m.name) % 65536) + imagesKb * 1.05 + logsKb);
  const reserved = Math.floor(ROOT_KB * 0.05) + 2_312;
  const root = { size: ROOT_KB, used: rootUsed, avail: Math.max(0, ROOT_KB - rootUsed - reserved) };
  const sandboxes = rt.sandboxes.filter((s) => !s.removed && s.state === "ready");
  const runTmpfs = 203_096;
  const out: Mount[] = [
    { source: "tmpfs", fstype: "tmpfs", size: runTmpfs, used: 1_116 + sandboxes.length * 12, avail: 0, target: "/run", at: boot + 1 },
    { source: "/dev/vda1", fstype: "ext4", ...root, target: "/", at: boot + 2 },
    { source: "tmpfs", fstype: "tmpfs", size: 1_015_468, used: 0, avail: 0, target: "/dev/shm", at: boot + 3 },
    { source: "tmpfs", fstype: "tmpfs", size: 5_120, used: 0, avail: 0, target: "/run/lock", at: boot + 4 },
    { source: "/dev/vda15", fstype: "vfat", size: 106_832, used: 6_246, avail: 100_586, target: "/boot/efi", at: boot + 5 },
    { source: "tmpfs", fstype: "tmpfs", size: 203_092, used: 12, avail: 0, target: "/run/user/0", at: boot + 3 * 60_000 },
  ];
  for (const x of out) if (x.fstype === "tmpfs") x.avail = x.size - x.used;
  const overlay = (id: string, at: number) =>
    out.push({ source: "overlay", fstype: "overlay", ...root, target: docker ? `/var/lib/docker/overlay2/${layerId(id)}/merged` : `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/rootfs`, at });
  for (const s of sandboxes) {
    overlay(s.id, s.createdAt);
    const shm = docker ? `/var/lib/docker/containers/${s.id}/mounts/shm` : `/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${s.id}/shm`;
    out.push({ source: "shm", fstype: "tmpfs", size: 65_536, used: 0, avail: 65_536, target: shm, at: s.createdAt });
  }
  for (const c of rt.containers) if (!c.removed && c.state === "running") overlay(c.id, c.startedAt ?? c.createdAt);
  return out.sort((a, b) => a.at - b.at);
}

/** docker's overlay2 layer directory name for a container (64 hex, not the container id). */
function layerId(id: string): string {
  let s = "";
  for (let k = 0; s.length < 64; k++) s += fnv32a(`${k}/${id}`).toString(16).padStart(8, "0");
  return s;
}

/** gnulib human_readable with human_ceiling | human_autoscale | human_SI | human_base_1024, from 1K blocks. */
function humanKb(kb: number, si = false): string {
  const base = si ? 1000 : 1024;
  let bytes = kb * 1024;
  if (bytes < base) return String(bytes);
  const units = si ? ["k", "M", "G", "T", "P", "E"] : ["K", "M", "G", "T", "P", "E"];
  let e = 0;
  while (bytes >= base && e < units.length) {
    bytes /= base;
    e++;
  }
  if (bytes < 10) {
    const t = Math.ceil(bytes * 10 - 1e-9) / 10;
    if (t < 10) return `${t.toFixed(1)}${units[e - 1]}`;
    return `10${units[e - 1]}`;
  }
  const n = Math.ceil(bytes - 1e-9);
  if (n >= base && e < units.length) return `1.0${units[e]}`;
  return `${n}${units[e - 1]}`;
}

const DF_TRY = "Try 'df --help' for more information.\n";

export const df: Command = {
  name: "df",
  run(args, _io, lab) {
    let human: "" | "h" | "H" = "";
    let type = false;
    let all = false;
    let total = false;
    let blockMb = false;
    const types: string[] = [];
    const excludes: string[] = [];
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "--") {
        files.push(...args.slice(i + 1));
        break;
      }
      if (a.startsWith("--")) {
        const [k, v] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
        if (k === "--human-readable") human = "h";
        else if (k === "--si") human = "H";
        else if (k === "--print-type") type = true;
        else if (k === "--all") all = true;
        else if (k === "--total") total = true;
        else if (k === "--local" || k === "--sync" || k === "--no-sync") continue;
        else if (k === "--type" || k === "--exclude-type") {
          const val = v ?? args[++i];
          if (val === undefined) return err(`df: option '${k}' requires an argument\n${DF_TRY}`);
          (k === "--type" ? types : excludes).push(val);
        } else if (k === "--version") return { stdout: "df (GNU coreutils) 9.4\n", stderr: "", exitCode: 0 };
        else return err(`df: unrecognized option '${a}'\n${DF_TRY}`);
        continue;
      }
      if (a.startsWith("-") && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const ch = a[j];
          if (ch === "h") human = "h";
          else if (ch === "H") human = "H";
          else if (ch === "T") type = true;
          else if (ch === "a") all = true;
          else if (ch === "l" || ch === "k" || ch === "P") continue;
          else if (ch === "m") blockMb = true;
          else if (ch === "t" || ch === "x") {
            const val = a.slice(j + 1) || args[++i];
            if (val === undefined) return err(`df: option requires an argument -- '${ch}'\n${DF_TRY}`);
            (ch === "t" ? types : excludes).push(val);
            break;
          } else return err(`df: invalid option -- '${ch}'\n${DF_TRY}`);
        }
        continue;
      }
      files.push(a);
    }
    void all;
    let rows = mounts(lab).filter((x) => (!types.length || types.includes(x.fstype)) && !excludes.includes(x.fstype));
    if (files.length) {
      const picked: Mount[] = [];
      for (const f of files) {
        const path = lab.resolve(_io.cwd, f);
        const base = mounts(lab).filter((x) => !x.target.startsWith("/var/lib/docker/") && !x.target.startsWith("/run/containerd/"));
        if (!lab.machine.fs.exists(path) && !base.some((x) => x.target === path)) return err(`df: ${f}: No such file or directory\n`);
        const best = base.filter((x) => path === x.target || path.startsWith(x.target === "/" ? "/" : x.target + "/")).sort((a, b) => b.target.length - a.target.length)[0];
        if (best) picked.push(best);
      }
      rows = picked;
    }
    if (!rows.length) return err("df: no file systems processed\n");
    if (total) {
      const t = rows.reduce((acc, x) => ({ ...acc, size: acc.size + x.size, used: acc.used + x.used, avail: acc.avail + x.avail }), { source: "total", fstype: "-", size: 0, used: 0, avail: 0, target: "-", at: 0 });
      rows = [...rows, t];
    }
    const num = (kb: number) => (human ? humanKb(kb, human === "H") : blockMb ? String(Math.ceil(kb / 1024)) : String(kb));
    const pct = (x: Mount) => {
      if (!x.size) return "-";
      const u = x.used;
      const t = x.used + x.avail;
      return `${t ? Math.ceil((u * 100) / t) : 0}%`;
    };
    const header = [human ? "Filesystem" : "Filesystem", ...(type ? ["Type"] : []), human ? "Size" : blockMb ? "1M-blocks" : "1K-blocks", "Used", human ? "Avail" : "Available", "Use%", "Mounted on"];
    const table = [header, ...rows.map((x) => [x.source, ...(type ? [x.fstype] : []), num(x.size), num(x.used), num(x.avail), pct(x), x.target])];
    const mins = [14, ...(type ? [4] : []), 5, 5, 5, 4, 0];
    const widths = header.map((_, c) => Math.max(mins[c], ...table.map((r) => r[c].length)));
    const left = (c: number) => c === 0 || (type && c === 1);
    const out = table.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : left(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(" ")).join("\n");
    return { stdout: out + "\n", stderr: "", exitCode: 0 };
  },
};

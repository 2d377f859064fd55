// What a node's /proc would say, computed from the engine's state: boot time, memory, and the
// process table (systemd's services with their command lines, the runtime's daemons, one
// containerd shim per container or pod, the containers' processes, the login shell). ps,
// free, uptime and top-like tools read it; nothing here is stored, so the table always
// follows the units and containers as they are now.

import type { LabContext } from "../types.ts";
import type { Container } from "../../engine/node/runtime.ts";
import { fnv32a } from "../../engine/hash.ts";

/** The node's RAM as the kubelet reports it (Node.status.capacity.memory 2030940Ki). */
export const MEM_TOTAL_KB = 2030940;
export const NCPU = 2;
/** Jiffies per second (CONFIG_HZ on Ubuntu's generic kernel is 1000; ps's Hertz is 100). */
export const HZ = 100;

const bootCache = new WeakMap<object, number>();

/**
 * When the machine booted (virtual ms): systemd starts the kubelet ~8 s after the kernel
 * (the first journal entry); remembered per machine.
 */
export function bootTime(lab: LabContext): number {
  const m = lab.machine as LabContext["machine"] & { bootedAt?: number };
  if (typeof m.bootedAt === "number") return m.bootedAt;
  let t = bootCache.get(m.systemd);
  if (t === undefined) {
    let first = m.systemd.journal[0]?.time ?? lab.now();
    for (const u of m.systemd.units.values()) first = Math.min(first, u.since);
    t = first - 8000;
    bootCache.set(m.systemd, t);
  }
  return t;
}

export interface Proc {
  pid: number;
  ppid: number;
  uid: number;
  user: string;
  /** ps STAT: state and flags (Ss, Ssl, S<s, I<, R+ …) */
  stat: string;
  tty: string;
  /** virtual ms */
  start: number;
  /** fraction of one CPU used on average since start */
  cpu: number;
  rssKb: number;
  vszKb: number;
  /** the command line; empty for kernel threads (ps prints [comm]) */
  args: string;
  /** /proc/PID/comm (15 chars at most) */
  comm: string;
}

const USERS: Record<number, string> = { 0: "root", 100: "_apt", 101: "systemd-network", 102: "systemd-resolve", 103: "messagebus", 104: "systemd-timesync", 65534: "nobody" };

/** The account name ps shows for a uid (no passwd entry: the number). */
export function userName(uid: number): string {
  return USERS[uid] ?? String(uid);
}

const KTHREADS: Array<[number, string, string]> = [
  [2, "kthreadd", "S"],
  [3, "pool_workqueue_release", "S"],
  [4, "kworker/R-rcu_g", "I<"],
  [5, "kworker/R-rcu_p", "I<"],
  [6, "kworker/R-slub_", "I<"],
  [7, "kworker/R-netns", "I<"],
  [9, "kworker/0:0H-events_highpri", "I<"],
  [12, "kworker/R-mm_pe", "I<"],
  [13, "rcu_tasks_kthread", "I"],
  [14, "rcu_tasks_rude_kthread", "I"],
  [15, "rcu_tasks_trace_kthread", "I"],
  [16, "ksoftirqd/0", "S"],
  [17, "rcu_preempt", "I"],
  [18, "migration/0", "S"],
  [19, "idle_inject/0", "S"],
  [20, "cpuhp/0", "S"],
  [21, "cpuhp/1", "S"],
  [22, "idle_inject/1", "S"],
  [23, "migration/1", "S"],
  [24, "ksoftirqd/1", "S"],
  [27, "kdevtmpfs", "S"],
  [28, "kworker/R-inet_", "I<"],
  [29, "kauditd", "S"],
  [31, "khungtaskd", "S"],
  [32, "oom_reaper", "S"],
  [34, "kworker/R-write", "I<"],
  [35, "kcompactd0", "S"],
  [36, "ksmd", "SN"],
  [37, "khugepaged", "SN"],
  [38, "kworker/R-kinte", "I<"],
  [39, "kworker/R-kbloc", "I<"],
  [40, "kworker/R-blkcg", "I<"],
  [41, "irq/9-acpi", "S"],
  [44, "kswapd0", "S"],
  [45, "ecryptfs-kthread", "S"],
  [46, "kworker/R-kthro", "I<"],
  [53, "kworker/R-mld", "I<"],
  [55, "kworker/R-ipv6_", "I<"],
  [63, "kworker/R-kstrp", "I<"],
  [72, "jbd2/vda1-8", "S"],
  [73, "kworker/R-ext4-", "I<"],
];

// [pid offset from boot in ms, pid, uid, stat, cpu, rss, vsz, args]
const SYSTEM: Array<[number, number, number, string, number, number, number, string]> = [
  [600, 160, 0, "S<s", 0.0004, 19712, 50356, "/usr/lib/systemd/systemd-journald"],
  [900, 214, 0, "SLsl", 0.0009, 27392, 288880, "/sbin/multipathd -d -s"],
  [950, 225, 0, "Ss", 0.0002, 8064, 26580, "/usr/lib/systemd/systemd-udevd"],
  [1900, 465, 104, "Ssl", 0.0001, 6784, 91020, "/usr/lib/systemd/systemd-timesyncd"],
  [2100, 521, 101, "Ss", 0.0001, 9216, 19148, "/usr/lib/systemd/systemd-networkd"],
  [2400, 548, 102, "Ss", 0.0001, 12928, 21588, "/usr/lib/systemd/systemd-resolved"],
  [2900, 589, 0, "Ss", 0.0000, 2688, 7188, "/usr/sbin/cron -f -P"],
  [2950, 590, 103, "Ss", 0.0001, 5248, 9788, "@dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only"],
  [3100, 604, 0, "Ss", 0.0001, 7808, 18048, "/usr/lib/systemd/systemd-logind"],
  [3500, 640, 0, "Ss+", 0.0000, 1920, 6104, "/sbin/agetty -o -p -- \\u --noclear - linux"],
  [3600, 652, 0, "Ss", 0.0000, 8064, 12020, "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
];

/** What a process of this program costs, roughly as on a real node: [cpu fraction, rss kB, vsz kB]. */
const COST: Record<string, [number, number, number]> = {
  "kube-apiserver": [0.042, 285412, 1545316],
  etcd: [0.021, 58944, 11739648],
  "kube-controller-manager": [0.012, 62136, 1309916],
  "kube-scheduler": [0.003, 29752, 1290356],
  "kube-proxy": [0.001, 25464, 1290536],
  coredns: [0.002, 23176, 1283996],
  "calico-node": [0.015, 71960, 2003388],
  "kube-controllers": [0.001, 31584, 1293952],
  kubelet: [0.018, 0, 2106708],
  containerd: [0.006, 0, 1874964],
  dockerd: [0.005, 0, 2251136],
  "cri-dockerd": [0.004, 0, 1796096],
  "containerd-shim": [0.0006, 12800, 1238688],
  pause: [0, 512, 996],
  sleep: [0, 1024, 4384],
  sh: [0, 1152, 4448],
  nginx: [0, 7424, 11412],
};

function cost(comm: string, salt: string): [number, number, number] {
  const c = COST[comm];
  const j = fnv32a(salt);
  if (c) return [c[0], c[1] ? c[1] + (j % 2048) : 0, c[2] + (j % 512)];
  return [0.0005, 4096 + (j % 60000), 120000 + (j % 900000)];
}

function base(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/**
 * The pids of the runtime's processes: handed out in the order the sandboxes and containers
 * were created (their arrays only grow), with the gaps other short-lived processes leave, so
 * a container keeps its pid and a newer one always has a higher pid. Keys: sandbox id,
 * container id, "shim:" + id.
 */
function runtimePids(lab: LabContext): Map<string, number> {
  const rt = lab.machine.runtime;
  const docker = rt.kind === "docker";
  const items: Array<{ t: number; id: string; sandbox: boolean }> = [];
  for (const s of rt.sandboxes) items.push({ t: s.createdAt, id: s.id, sandbox: true });
  for (const c of rt.containers) items.push({ t: c.startedAt ?? c.createdAt, id: c.id, sandbox: false });
  items.sort((a, b) => a.t - b.t || Number(b.sandbox) - Number(a.sandbox));
  const pids = new Map<string, number>();
  let next = 1400;
  for (const it of items) {
    next += 2 + (fnv32a(it.id) % 23);
    if (docker || it.sandbox) {
      pids.set("shim:" + it.id, next);
      next += 18 + (fnv32a("shim" + it.id) % 9);
    }
    pids.set(it.id, next);
    next += 3;
  }
  return pids;
}

/** The argv a container's process runs after its entrypoint wrapper exec'ed. */
function containerArgv(c: Container): string[] {
  let argv = [...c.command, ...c.args];
  const b = base(argv[0] ?? "");
  if ((b === "docker-entrypoint.sh" || b === "entrypoint.sh") && argv.length > 1) argv = argv.slice(1);
  if (b === "tini" && argv[1] === "--") argv = argv.slice(2);
  return argv;
}

function containerUid(c: Container): number {
  if (/\/coredns(:|$)/.test(c.imageRef) || /\/coredns(:|@|$)/.test(c.image)) return 65532;
  return 0;
}

/** The machine's process table, by pid. `self` is the command line of the ps asking, if any. */
export function processTable(lab: LabContext, self?: string): Proc[] {
  const m = lab.machine;
  const boot = bootTime(lab);
  const now = lab.now();
  const out: Proc[] = [];
  const kernel = (pid: number, comm: string, stat: string) => out.push({ pid, ppid: pid === 2 ? 0 : 2, uid: 0, user: "root", stat, tty: "?", start: boot + 10, cpu: 0, rssKb: 0, vszKb: 0, args: "", comm });
  out.push({ pid: 1, ppid: 0, uid: 0, user: "root", stat: "Ss", tty: "?", start: boot, cpu: 0.0008, rssKb: 13056, vszKb: 22432, args: "/sbin/init", comm: "systemd" });
  for (const [pid, comm, stat] of KTHREADS) kernel(pid, comm, stat);
  for (const [at, pid, uid, stat, cpu, rss, vsz, args] of SYSTEM) {
    out.push({ pid, ppid: 1, uid, user: userName(uid), stat, tty: args.startsWith("/sbin/agetty") ? "tty1" : "?", start: boot + at, cpu, rssKb: rss, vszKb: vsz, args, comm: base(args.split(" ")[0]).replace(/^@/, "").replace(/:$/, "") });
  }
  const units = [...m.systemd.units.values()].filter((u) => u.active === "active" && u.cmdline && u.mainPid);
  for (const u of units) {
    const comm = base(u.cmdline.split(" ")[0]);
    const [cpu, , vsz] = cost(comm, u.name);
    out.push({ pid: u.mainPid, ppid: 1, uid: 0, user: "root", stat: "Ssl", tty: "?", start: u.since, cpu, rssKb: Math.floor(u.memoryBytes / 1024), vszKb: vsz, args: u.cmdline, comm: comm.slice(0, 15) });
  }
  const rt = m.runtime;
  const runtimeUp = [...m.systemd.units.values()].some((u) => u.name === "containerd.service" && u.active === "active");
  if (runtimeUp) {
    const docker = rt.kind === "docker";
    const pids = runtimePids(lab);
    const shim = (id: string, ns: string, start: number): number => {
      const pid = pids.get("shim:" + id)!;
      const [cpu, rss, vsz] = cost("containerd-shim", id);
      out.push({ pid, ppid: 1, uid: 0, user: "root", stat: "Sl", tty: "?", start: start - 40, cpu, rssKb: rss, vszKb: vsz, args: `/usr/bin/containerd-shim-runc-v2 -namespace ${ns} -id ${id} -address /run/containerd/containerd.sock`, comm: "containerd-shim" });
      return pid;
    };
    const shims = new Map<string, number>();
    for (const s of rt.sandboxes) {
      if (s.removed || s.state !== "ready") continue;
      const ppid = shim(s.id, docker ? "moby" : "k8s.io", s.createdAt);
      shims.set(s.id, ppid);
      out.push({ pid: pids.get(s.id)!, ppid, uid: 65535, user: userName(65535), stat: "Ss", tty: "?", start: s.createdAt, cpu: 0, rssKb: 512 + (fnv32a(s.id) % 4) * 128, vszKb: 996, args: "/pause", comm: "pause" });
    }
    for (const c of rt.containers) {
      if (c.removed || c.state !== "running") continue;
      const start = c.startedAt ?? c.createdAt;
      const ppid = docker ? shim(c.id, "moby", start) : (shims.get(c.sandboxId) ?? 1);
      const argv = containerArgv(c);
      const prog = base(argv[0] ?? c.name);
      const comm = prog.slice(0, 15);
      const [cpu, rss, vsz] = cost(prog, c.id);
      const uid = containerUid(c);
      const pid = pids.get(c.id)!;
      if (comm === "nginx") {
        out.push({ pid, ppid, uid, user: userName(uid), stat: "Ss", tty: "?", start, cpu, rssKb: rss, vszKb: vsz, args: `nginx: master process ${argv.join(" ")}`, comm });
        for (let w = 1; w <= NCPU; w++) out.push({ pid: pid + w, ppid: pid, uid: 101, user: userName(101), stat: "S", tty: "?", start: start + 20, cpu: 0, rssKb: rss - 4200, vszKb: vsz + 400, args: "nginx: worker process", comm });
        continue;
      }
      out.push({ pid, ppid, uid, user: userName(uid), stat: argv.length && comm !== "sleep" && comm !== "sh" ? "Ssl" : "Ss", tty: "?", start, cpu, rssKb: rss, vszKb: vsz, args: argv.join(" ") || c.name, comm });
    }
  }
  // the student's login: sshd session, bash, and the command asking
  const login = boot + 3 * 60_000;
  const sess = 100000 + (fnv32a(m.name) % 900000);
  out.push({ pid: sess, ppid: 652, uid: 0, user: "root", stat: "Ss", tty: "?", start: login, cpu: 0, rssKb: 11264, vszKb: 14992, args: "sshd: root@pts/0", comm: "sshd" });
  out.push({ pid: sess + 121, ppid: sess, uid: 0, user: "root", stat: "Ss", tty: "pts/0", start: login + 200, cpu: 0, rssKb: 5376, vszKb: 8784, args: "-bash", comm: "bash" });
  if (self !== undefined) {
    const pid = sess + 121 + 1 + (Math.floor((now - boot) / 1000) % 50000);
    out.push({ pid, ppid: sess + 121, uid: 0, user: "root", stat: "R+", tty: "pts/0", start: now, cpu: 0, rssKb: 4352, vszKb: 11320, args: self, comm: base(self.split(" ")[0]) });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** Memory the processes use, in kB (free's "used" minus what the kernel keeps). */
export function usedMemoryKb(lab: LabContext): number {
  return processTable(lab).reduce((n, p) => n + p.rssKb, 0);
}

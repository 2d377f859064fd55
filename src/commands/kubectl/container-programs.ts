// The programs of a container's userland that depend on the process rather than on files: id,
// whoami, ps and uname, for the user the container runs as (securityContext) and the processes it
// runs. Everything else in the image's PATH that the lab does not build says so, instead of
// running the empty applet file and succeeding silently.

import { defineCommand, type CustomCommand } from "just-bash";
import type { ContainerView } from "../../engine/node/kubelet/container-view.ts";
import type { KubeObject } from "../../engine/types.ts";
import { KERNEL_BUILD } from "../basic/basic.ts";
import { BUSYBOX_BANNER } from "../../engine/network/clients.ts";

/** What a file of the container's root filesystem holds (undefined: absent). */
export type ReadContainerFile = (path: string) => string | undefined;

interface Entry {
  name: string;
  id: number;
  /** /etc/passwd: the primary group and the home folder; /etc/group: the members */
  gid?: number;
  home?: string;
  members?: string[];
}

function parseDb(text: string | undefined, passwd: boolean): Entry[] {
  const out: Entry[] = [];
  for (const line of (text ?? "").split("\n")) {
    const f = line.split(":");
    if (f.length < (passwd ? 7 : 4) || f[2] === "" || !/^\d+$/.test(f[2])) continue;
    out.push(passwd ? { name: f[0], id: Number(f[2]), gid: /^\d+$/.test(f[3]) ? Number(f[3]) : undefined, home: f[5] } : { name: f[0], id: Number(f[2]), members: f[3] ? f[3].split(",") : [] });
  }
  return out;
}

/** The identity of a container's processes, as the runtime sets it up (runc's setgroups: the kernel keeps groups sorted). */
export interface Identity {
  uid: number;
  gid: number;
  /** the supplementary groups, ascending */
  groups: number[];
  /** the user's /etc/passwd entry (getpwuid): name and home folder */
  user?: string;
  home?: string;
  groupName(id: number): string | undefined;
}

/**
 * The user and groups of a container: securityContext.runAsUser/runAsGroup of the container, else
 * of the pod (images run as root); without runAsGroup the user's primary group in the image's
 * /etc/passwd, else 0. Supplementary: that group, the image's /etc/group memberships of the user,
 * the pod's supplementalGroups and fsGroup (busybox as root: groups=0(root),10(wheel)).
 */
export function containerIdentity(pod: KubeObject, container: string, read: ReadContainerFile): Identity {
  type Sc = { runAsUser?: number; runAsGroup?: number; supplementalGroups?: number[]; fsGroup?: number };
  const c = ((pod.spec?.containers ?? []) as { name: string; securityContext?: Sc }[]).find((x) => x.name === container) ?? ((pod.spec?.initContainers ?? []) as { name: string; securityContext?: Sc }[]).find((x) => x.name === container);
  const psc: Sc = pod.spec?.securityContext ?? {};
  const users = parseDb(read("/etc/passwd"), true);
  const groups = parseDb(read("/etc/group"), false);
  const uidSet = c?.securityContext?.runAsUser ?? psc.runAsUser;
  const uid = typeof uidSet === "number" ? uidSet : 0;
  const pw = users.find((u) => u.id === uid);
  const gidSet = c?.securityContext?.runAsGroup ?? psc.runAsGroup;
  const gid = typeof gidSet === "number" ? gidSet : (pw?.gid ?? 0);
  const set = new Set<number>([gid]);
  if (pw) for (const g of groups) if (g.members?.includes(pw.name)) set.add(g.id);
  for (const g of psc.supplementalGroups ?? []) if (typeof g === "number") set.add(g);
  if (typeof psc.fsGroup === "number") set.add(psc.fsGroup);
  return { uid, gid, groups: [...set].sort((a, b) => a - b), user: pw?.name, home: pw?.home, groupName: (id) => groups.find((g) => g.id === id)?.name };
}

/** busybox id's usage (coreutils/id.c's trivial usage and full usage), after its multi-call banner */
const BUSYBOX_ID_USAGE = `${BUSYBOX_BANNER}Usage: id [-ugGnr] [USER]

Print information about USER or the current user

\t-u\tUser ID
\t-g\tGroup ID
\t-G\tSupplementary group IDs
\t-n\tPrint names instead of numbers
\t-r\tPrint real ID instead of effective ID
`;

const named = (id: number, name: string | undefined) => (name === undefined ? String(id) : `${id}(${name})`);

/** id [-u|-g|-G] [-n] [-r] (busybox and coreutils print the same default line). */
export function idCommand(me: Identity, args: string[], busybox: boolean): { stdout: string; stderr: string; exitCode: number } {
  let u = false, g = false, G = false, n = false;
  for (const a of args) {
    if (a === "--") continue;
    if (a === "--user") u = true;
    else if (a === "--group") g = true;
    else if (a === "--groups") G = true;
    else if (a === "--name") n = true;
    else if (a === "--real") continue;
    else if (/^-[ugGnr]+$/.test(a)) {
      for (const ch of a.slice(1)) {
        if (ch === "u") u = true;
        else if (ch === "g") g = true;
        else if (ch === "G") G = true;
        else if (ch === "n") n = true;
      }
    } else if (a.startsWith("-")) {
      const bad = a.startsWith("--") ? a : a.replace(/^-[ugGnr]*/, "").charAt(0);
      const what = a.startsWith("--") ? `unrecognized option '${bad}'` : `invalid option -- '${bad}'`;
      return { stdout: "", stderr: busybox ? `id: ${what}\n${BUSYBOX_ID_USAGE}` : `id: ${what}\nTry 'id --help' for more information.\n`, exitCode: 1 };
    } else {
      return { stdout: "", stderr: `id: ${busybox ? "unknown user " : ""}${busybox ? a : `'${a}': no such user`}\n`, exitCode: 1 };
    }
  }
  if ([u, g, G].filter(Boolean).length > 1) return { stdout: "", stderr: busybox ? "id: only one of -ugG can be given\n" : "id: cannot print \"only\" of more than one choice\nTry 'id --help' for more information.\n", exitCode: 1 };
  const one = (id: number, name: string | undefined, what: "user" | "group"): { text: string; err?: string } => {
    if (!n) return { text: String(id) };
    if (name !== undefined) return { text: name };
    return { text: String(id), err: busybox ? undefined : `id: cannot find name for ${what} ID ${id}\n` };
  };
  if (u || g) {
    const r = u ? one(me.uid, me.user, "user") : one(me.gid, me.groupName(me.gid), "group");
    return { stdout: r.text + "\n", stderr: r.err ?? "", exitCode: r.err ? 1 : 0 };
  }
  if (G) {
    const parts = me.groups.map((id) => one(id, me.groupName(id), "group"));
    const err = parts.find((p) => p.err)?.err;
    return { stdout: parts.map((p) => p.text).join(" ") + "\n", stderr: err ?? "", exitCode: err ? 1 : 0 };
  }
  if (n) return { stdout: "", stderr: busybox ? "id: -n requires -u, -g or -G\n" : "id: cannot print only names or real IDs in default format\nTry 'id --help' for more information.\n", exitCode: 1 };
  return { stdout: `uid=${named(me.uid, me.user)} gid=${named(me.gid, me.groupName(me.gid))} groups=${me.groups.map((id) => named(id, me.groupName(id))).join(",")}\n`, stderr: "", exitCode: 0 };
}

/** whoami: the user's name, or the error of a uid without one. */
export function whoamiCommand(me: Identity, busybox: boolean): { stdout: string; stderr: string; exitCode: number } {
  if (me.user !== undefined) return { stdout: `${me.user}\n`, stderr: "", exitCode: 0 };
  return { stdout: "", stderr: busybox ? `whoami: unknown uid ${me.uid}\n` : `whoami: cannot find name for user ID ${me.uid}\n`, exitCode: 1 };
}

/** uname as a container sees it: the node's kernel, the pod's hostname (busybox and Debian print the same -a line). */
export function unameCommand(args: string[], hostname: string, kernel: string): { stdout: string; stderr: string; exitCode: number } {
  const want = new Set<string>();
  for (const a of args) {
    if (a === "--all") want.add("a");
    else if (/^-[asnrvmpio]+$/.test(a)) for (const ch of a.slice(1)) want.add(ch);
    else return { stdout: "", stderr: `uname: ${a.startsWith("-") ? `invalid option -- '${a.replace(/^-+/, "").charAt(0)}'` : `extra operand '${a}'`}\n`, exitCode: 1 };
  }
  if (want.has("a")) return { stdout: `Linux ${hostname} ${kernel} ${KERNEL_BUILD} x86_64 GNU/Linux\n`, stderr: "", exitCode: 0 };
  const out: string[] = [];
  if (want.has("s") || want.size === 0) out.push("Linux");
  if (want.has("n")) out.push(hostname);
  if (want.has("r")) out.push(kernel);
  if (want.has("v")) out.push(KERNEL_BUILD);
  if (want.has("m")) out.push("x86_64");
  if (want.has("p")) out.push("unknown");
  if (want.has("i")) out.push("unknown");
  if (want.has("o")) out.push("GNU/Linux");
  return { stdout: out.join(" ") + "\n", stderr: "", exitCode: 0 };
}

/** A process of the container, for ps. */
export interface ContainerProc {
  pid: number;
  args: string;
}

/**
 * busybox ps (its default -o pid,user,time,args): "PID   USER     TIME  COMMAND", the pid right
 * in 5 columns, the user (name, else the uid) in 8, the CPU time in 5.
 */
export function busyboxPs(me: Identity, procs: ContainerProc[]): string {
  const user = (me.user ?? String(me.uid)).slice(0, 8).padEnd(8);
  let out = "PID   USER     TIME  COMMAND\n";
  for (const p of procs) out += `${String(p.pid).padStart(5)} ${user} ${"0:00".padStart(5)} ${p.args}\n`;
  return out;
}

/**
 * The main process's command line as ps shows it: `sh -c SCRIPT` whose last command is a plain one
 * shows that command (ash and dash exec the last command of -c instead of forking it: the docs'
 * `sh -c "sleep 1h"` is PID 1 `sleep 1h`); anything with pipes, loops or groups stays the shell.
 */
export function mainArgs(argv: string[]): string {
  const base = (argv[0] ?? "").slice((argv[0] ?? "").lastIndexOf("/") + 1);
  if (argv.length === 3 && ["sh", "ash", "bash", "dash"].includes(base) && argv[1] === "-c") {
    const script = argv[2];
    if (!/[|&(){}<>`$'"\\]/.test(script) && !/(^|[\s;])(while|for|until|if|case|then|do|done|fi|esac)(\s|;|$)/.test(script)) {
      const parts = script.split(/;|\n/).map((x) => x.trim()).filter(Boolean);
      const last = parts[parts.length - 1];
      const words = last ? last.split(/\s+/) : [];
      // (a builtin of the shell runs in it: the process stays the shell)
      if (words.length && !SHELL_BUILTINS.has(words[0])) return words.join(" ");
    }
  }
  return argv.join(" ");
}

/** Programs a shell has as builtins (never replaced by a command of the image's PATH). */
const SHELL_BUILTINS = new Set(["[", "[[", "test", "echo", "printf", "pwd", "true", "false", "kill", "sh", "ash", "bash", "dash", "cd", "read", "exit", "exec", "wait", "type", "command", "export", "set", "unset", "alias"]);

/** The pid the next exec gets in a container (its main process is 1). */
const nextPid = new WeakMap<object, number>();

/** A new exec process of a container: its pid (each exec is a new process; the main one is 1). */
export function execPid(container: object): number {
  const pid = nextPid.get(container) ?? 7;
  nextPid.set(container, pid + 2);
  return pid;
}

/** The exec's process of a shell: its pid and argv (ps lists it). */
export interface ExecProcess {
  pid: number;
  argv: readonly string[];
  /** its stdout is a terminal (kubectl exec -t): ls prints columns */
  tty?: boolean;
}

/**
 * The process-dependent programs of a container for its exec shell (id, whoami, uname, ps where the
 * image has them), and for every other program of its PATH that neither just-bash nor the lab
 * builds, a plain message instead of the empty applet file's silent success.
 */
export function containerPrograms(view: ContainerView, has: Set<string>, built: Set<string>, read: ReadContainerFile, proc: ExecProcess): CustomCommand[] {
  const busybox = view.image.userland === "busybox";
  const me = () => containerIdentity(view.pod, view.container.name, read);
  const out: CustomCommand[] = [];
  const done = new Set<string>();
  const add = (name: string, fn: (args: string[]) => { stdout: string; stderr: string; exitCode: number }) => {
    done.add(name);
    if (has.has(name)) out.push(defineCommand(name, async (args) => fn(args)));
  };
  add("id", (args) => idCommand(me(), args, busybox));
  add("whoami", () => whoamiCommand(me(), busybox));
  add("uname", (args) => unameCommand(args, view.hostname, view.machine.info.kernelVersion));
  add("ps", () => {
    if (!busybox) return { stdout: "", stderr: "kubelab: ps is not built in this lab's containers yet\n", exitCode: 1 };
    const main = mainArgs([...view.container.command, ...view.container.args]);
    const procs: ContainerProc[] = [{ pid: 1, args: main }];
    const first = proc.argv[0] ?? "";
    const base = first.slice(first.lastIndexOf("/") + 1);
    if (base !== "ps") procs.push({ pid: proc.pid, args: proc.argv.join(" ") || "sh" }, { pid: proc.pid + 1, args: "ps" });
    else procs.push({ pid: proc.pid, args: proc.argv.join(" ") });
    return { stdout: busyboxPs(me(), procs), stderr: "", exitCode: 0 };
  });
  for (const name of has) {
    if (done.has(name) || built.has(name) || SHELL_BUILTINS.has(name)) continue;
    out.push(defineCommand(name, async () => ({ stdout: "", stderr: `kubelab: ${name} is not built in this lab's containers yet\n`, exitCode: 1 })));
  }
  return out;
}

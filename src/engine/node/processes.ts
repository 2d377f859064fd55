// What a container's main process does, as data: the lines it prints (at offsets from its
// start), whether and when it exits and with which code, and whether it handles SIGTERM.
// Images declare their programs; this module interprets the argv the kubelet starts.

import { runScript, type ScriptWorld } from "./script.ts";

export interface ProcStep {
  at: number; // ms after start
  stream: "stdout" | "stderr";
  text: string;
}

export interface ProcessPlan {
  steps: ProcStep[];
  /** undefined: runs until killed */
  exit?: { at: number; code: number };
  /** PID 1 without a SIGTERM handler (sleep, sh) only dies at SIGKILL after the grace period */
  handlesSigterm: boolean;
  /** listens on these ports (probes, services) */
  listens: number[];
  /** the process's name for ps */
  comm: string;
  /** files the process creates or removes in its container (touch, rm, echo > f), by time */
  files?: FileOp[];
  /** memory the process uses, in bytes (a limit below it: OOMKilled) */
  memoryBytes?: number;
  /**
   * A shell's `trap … TERM`: what the trap prints when SIGTERM arrives (at: ms after the
   * signal) and, when the trap exits, the exit code (handlesSigterm is then true). Without
   * code the shell goes on after the trap and dies at SIGKILL.
   */
  sigterm?: { steps: ProcStep[]; code?: number };
}

export interface FileOp {
  at: number;
  path: string;
  /** undefined: remove */
  content?: string;
  append?: boolean;
}

export interface ProcessEnv {
  env: Record<string, string>;
  hostname: string;
  /** the container's files and the cluster, for scripts that read volumes or call services */
  world?: ScriptWorld;
}

/** programs run as they are by the script interpreter when they are the container's command (network clients, readers of files) */
const DIRECT = new Set(["wget", "curl", "nslookup", "ping", "env", "printenv", "hostname", "whoami", "id", "uname", "pwd"]);
/** … only with operands (without, they read the container's stdin) */
const DIRECT_WITH_ARGS = new Set(["cat", "head", "ls", "grep", "wc", "nc"]);

const forever = (comm: string, steps: ProcStep[] = [], listens: number[] = [], handlesSigterm = true): ProcessPlan => ({ steps, handlesSigterm, listens, comm });

function base(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/** Parse `sleep` arguments like coreutils/busybox: 10, 10s, 2m, 1h, 1d, inf/infinity. */
export function parseSleep(args: string[]): number | "forever" | { error: string } {
  if (!args.length) return { error: "sleep: missing operand\nTry 'sleep --help' for more information." };
  let total = 0;
  for (const a of args) {
    if (/^inf(inity)?$/i.test(a)) return "forever";
    const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return { error: `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.` };
    const mult = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
    total += Number(m[1]) * mult * 1000;
  }
  return total;
}

/**
 * The plan for argv. `program` is the image's behaviour when argv[0] is its server binary
 * (nginx, etcd, kube-apiserver …); shells and sleep are interpreted here.
 */
export function planProcess(argv: string[], penv: ProcessEnv, program?: (argv: string[]) => ProcessPlan | undefined): ProcessPlan {
  const fromImage = program?.(argv);
  if (fromImage) return fromImage;
  const [cmd, ...args] = argv;
  const name = base(cmd ?? "");
  if (name === "sleep") {
    const d = parseSleep(args);
    if (d === "forever") return forever("sleep", [], [], false);
    if (typeof d === "object") return { steps: [{ at: 0, stream: "stderr", text: d.error + "\n" }], exit: { at: 0, code: 1 }, handlesSigterm: false, listens: [], comm: "sleep" };
    return { steps: [], exit: { at: d, code: 0 }, handlesSigterm: false, listens: [], comm: "sleep" };
  }
  if (name === "sh" || name === "bash" || name === "ash") {
    // sh [-ex] -c SCRIPT [ARGV0 [ARGS…]]
    const ci = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    // no script: the shell reads its commands from stdin; kept open (spec.stdin) it waits there
    // (kubectl attach gives it the student's terminal), else it reads EOF and exits 0 at once
    if (ci < 0 && penv.world?.stdinOpen) return forever(name, [], [], false);
    if (ci < 0 || args[ci + 1] === undefined) return { steps: [], exit: { at: 0, code: 0 }, handlesSigterm: false, listens: [], comm: name };
    const plan: ProcessPlan = { steps: [], handlesSigterm: false, listens: [], comm: name };
    const flags = args.slice(0, ci + 1).filter((a) => a.startsWith("-")).join("").replace(/[-c]/g, "");
    runScript(args[ci + 1], penv, plan, { shell: name, flags, argv0: args[ci + 2], args: args.slice(ci + 3), program, world: penv.world });
    return plan;
  }
  // curlimages/curl's /entrypoint.sh: `set -- curl "$@"` when the first argument is an option, then exec
  if (cmd === "/entrypoint.sh" && penv.world?.has?.("curl")) return planProcess(args[0] === undefined || args[0].startsWith("-") || !penv.world.has(base(args[0])) ? ["curl", ...args] : args, penv, program);
  if (DIRECT.has(name) || (DIRECT_WITH_ARGS.has(name) && args.some((a) => !a.startsWith("-")))) {
    // a program the script interpreter knows, exec'd directly (kubectl run … -- wget -qO- web):
    // the same program, its argv quoted into a one-command script
    const plan: ProcessPlan = { steps: [], handlesSigterm: false, listens: [], comm: name };
    runScript(argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" "), penv, plan, { shell: "sh", program, world: penv.world });
    plan.comm = name;
    return plan;
  }
  if (name === "stress") {
    // polinux/stress: stress --vm 1 --vm-bytes 250M --vm-hang 1
    const get = (f: string) => {
      const i = args.indexOf(f);
      return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(f + "="))?.slice(f.length + 1);
    };
    const vm = Number(get("--vm") ?? get("-m") ?? 0);
    const bytes = get("--vm-bytes") ?? "256M";
    const m = /^(\d+)([bBkKmMgG]?)$/.exec(bytes);
    const mult = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m?.[2] ?? "").toLowerCase() as "" | "b" | "k" | "m" | "g"];
    const per = m ? Number(m[1]) * mult : 256 * 1024 ** 2;
    return {
      steps: [{ at: 5, stream: "stdout", text: `stress: info: [1] dispatching hogs: ${get("--cpu") ?? 0} cpu, ${get("--io") ?? 0} io, ${vm} vm, ${get("--hdd") ?? 0} hdd\n` }],
      handlesSigterm: true,
      listens: [],
      comm: "stress",
      memoryBytes: vm * per + 1024 * 1024,
    };
  }
  if (name === "echo") return { steps: [{ at: 0, stream: "stdout", text: args.join(" ") + "\n" }], exit: { at: 0, code: 0 }, handlesSigterm: false, listens: [], comm: "echo" };
  if (name === "true") return { steps: [], exit: { at: 0, code: 0 }, handlesSigterm: false, listens: [], comm: "true" };
  if (name === "false") return { steps: [], exit: { at: 0, code: 1 }, handlesSigterm: false, listens: [], comm: "false" };
  if (name === "date") return { steps: [{ at: 0, stream: "stdout", text: "\u0000date\n" }], exit: { at: 0, code: 0 }, handlesSigterm: false, listens: [], comm: "date" };
  return forever(name || "unknown");
}

/**
 * runc's error when argv[0] cannot be exec'd (exec.LookPath in runc init), or undefined.
 * An empty argv[0] never resolves: LookPath("") joins each $PATH directory with "" and finds a
 * directory, so the error is ErrNotFound. Other names are not judged here (the images' program
 * lists are not complete enough to refuse a program as missing).
 */
export function runcExecError(argv: string[]): string | undefined {
  if (!argv.length || argv[0] !== "") return undefined;
  return `exec: ${JSON.stringify(argv[0])}: executable file not found in $PATH`;
}

/**
 * The container's start failure as the runtime reports it: containerd's CRI (container_start.go:
 * exit code 128, reason StartError, the error as message; StartContainer's error is the same
 * text) or Docker behind cri-dockerd (moby translateContainerdStartErr: 127 for a command not
 * found; cri-dockerd reports an unstarted container with an exit code as ContainerCannotRun, and
 * wraps StartContainer's error as `failed to start container "<id>": <daemon error>`).
 */
export function containerStartError(kind: "docker" | "containerd", id: string, argv: string[]): { exitCode: number; reason: string; message: string; criError: string } | undefined {
  const runc = runcExecError(argv);
  if (!runc) return undefined;
  const oci = `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${runc}: unknown`;
  if (kind === "docker") {
    const message = `failed to create task for container: ${oci}`;
    return { exitCode: 127, reason: "ContainerCannotRun", message, criError: `failed to start container ${JSON.stringify(id)}: Error response from daemon: ${message}` };
  }
  const message = `failed to create containerd task: ${oci}`;
  return { exitCode: 128, reason: "StartError", message, criError: message };
}

// What a container's main process does, as data: the lines it prints (at offsets from its
// start), whether and when it exits and with which code, and whether it handles SIGTERM.
// Images declare their programs; this module interprets the argv the kubelet starts.

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
}

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

const HORIZON_MS = 6 * 3600_000;
const MAX_STEPS = 5000;

/** A small interpreter for `sh -c` scripts as students write them in pod specs. */
function runScript(script: string, penv: ProcessEnv, plan: ProcessPlan): void {
  let t = 0;
  let exited = false;
  const expand = (w: string): string =>
    w.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => (n === "HOSTNAME" ? penv.hostname : penv.env[n] ?? ""));
  const words = (cmd: string): string[] => {
    const out: string[] = [];
    const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(cmd))) out.push(m[1] !== undefined ? expand(m[1].replace(/\\(.)/g, "$1")) : m[2] !== undefined ? m[2] : expand(m[3]));
    return out;
  };
  const file = (path: string, content: string | undefined, append = false) => (plan.files ??= []).push({ at: t, path, content, append });
  const exec = (cmd: string): number => {
    let w = words(cmd.trim());
    if (!w.length) return 0;
    // output redirection: echo text > file / >> file
    let redirect: { path: string; append: boolean } | undefined;
    const ri = w.findIndex((x) => x === ">" || x === ">>");
    if (ri >= 0 && w[ri + 1]) {
      redirect = { path: w[ri + 1], append: w[ri] === ">>" };
      w = [...w.slice(0, ri), ...w.slice(ri + 2)];
    }
    const [c, ...a] = w;
    switch (base(c)) {
      case "echo": {
        const n = a[0] === "-n";
        const text = (n ? a.slice(1) : a).join(" ") + (n ? "" : "\n");
        if (redirect) file(redirect.path, text, redirect.append);
        else plan.steps.push({ at: t, stream: "stdout", text });
        return 0;
      }
      case "touch":
        for (const f of a) if (!f.startsWith("-")) file(f, "", true);
        return 0;
      case "rm":
        for (const f of a) if (!f.startsWith("-")) file(f, undefined);
        return 0;
      case "mkdir":
        return 0;
      case "printf":
        plan.steps.push({ at: t, stream: "stdout", text: (a[0] ?? "").replace(/\\n/g, "\n").replace(/%s/g, () => a[1] ?? "") });
        return 0;
      case "sleep": {
        const d = parseSleep(a);
        if (d === "forever") {
          t = Infinity;
          return 0;
        }
        if (typeof d === "object") {
          plan.steps.push({ at: t, stream: "stderr", text: d.error + "\n" });
          return 1;
        }
        t += d;
        return 0;
      }
      case "exit":
        exited = true;
        plan.exit = { at: t, code: a.length ? Number(a[0]) & 255 : 0 };
        return plan.exit.code;
      case "true":
      case ":":
        return 0;
      case "false":
        return 1;
      case "date":
        plan.steps.push({ at: t, stream: "stdout", text: "\u0000date\n" });
        return 0;
      default:
        plan.steps.push({ at: t, stream: "stderr", text: `sh: ${c}: not found\n` });
        return 127;
    }
  };
  // statements: handle `while true; do BODY; done` and sequences with ; && ||
  const runSeq = (src: string): number => {
    let status = 0;
    const loop = /while\s+(?:true|:)\s*;?\s*do\s+([\s\S]*?)\s*;?\s*done/.exec(src);
    if (loop) {
      const before = src.slice(0, loop.index);
      status = runPlain(before);
      if (exited || t === Infinity) return status;
      let guard = 0;
      const start = t;
      while (!exited && t < HORIZON_MS && plan.steps.length < MAX_STEPS && guard++ < 100000) {
        runSeq(loop[1]);
        if (t === start && guard > 1000) break;
        if (t === Infinity) break;
      }
      t = Infinity;
      return 0;
    }
    return runPlain(src);
  };
  const runPlain = (src: string): number => {
    let status = 0;
    const parts = src.split(/(;|&&|\|\||\n)/);
    let skip = false;
    for (let i = 0; i < parts.length && !exited && t !== Infinity; i += 2) {
      const cmd = parts[i];
      if (!skip && cmd.trim()) status = exec(cmd);
      const sep = parts[i + 1];
      skip = (sep === "&&" && status !== 0) || (sep === "||" && status === 0);
    }
    return status;
  };
  const status = runSeq(script);
  if (!exited && t !== Infinity) plan.exit = { at: t, code: status };
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
    const ci = args.indexOf("-c");
    // no script and no TTY: the shell reads EOF from stdin and exits 0 at once
    if (ci < 0 || args[ci + 1] === undefined) return { steps: [], exit: { at: 0, code: 0 }, handlesSigterm: false, listens: [], comm: name };
    const plan: ProcessPlan = { steps: [], handlesSigterm: false, listens: [], comm: name };
    runScript(args[ci + 1], penv, plan);
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

/** The runtime's error when argv[0] is not in the image (exec format / not found). */
export function startError(argv: string[], knownBinaries: string[] | undefined): string | undefined {
  const cmd = argv[0];
  if (!cmd || !knownBinaries) return undefined;
  const b = base(cmd);
  if (knownBinaries.includes(b) || knownBinaries.includes(cmd)) return undefined;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown`;
}

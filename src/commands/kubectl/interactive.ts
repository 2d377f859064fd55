// An interactive shell inside a container, on the student's terminal: `kubectl exec -it POD --
// sh` (a new process in the container) and `kubectl attach -it` / `kubectl run -it` to a
// container whose main process is a shell reading its terminal. The session (src/shell/session.ts)
// shows this program's prompt and hands it each line typed until it ends; kubectl's own run
// resumes then (the exit status, run --rm's deletion).
//
// Each line runs in a just-bash shell over the container's view (exec-shell.ts: the image's
// userland, /etc files, volume mounts, network clients); cd, variables and files carry over
// from line to line as they do in the one shell process. The prompt is the shell's own default:
// - busybox ash (busybox, alpine …): PS1='\w \$ ' (shell/ash.c initvar with
//   FEATURE_EDITING_FANCY_PROMPT, on in the images' defconfig): "/ # ", "~ # " in root's home;
// - Debian's bash (nginx, httpd, redis …): /etc/bash.bashrc sets
//   PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ ': "root@web:/# ";
// - Debian's sh is dash: PS1 "# " for root (var.c initvar), "$ " otherwise.
// With a TTY the container writes stdout and stderr through its terminal: one stream, each
// line ending "\r\n" (the pty's ONLCR), as kubectl prints it.

import { defineCommand, type Bash, type FsStat } from "just-bash";
import type { ContainerView } from "../../engine/node/kubelet/container-view.ts";
import type { Container } from "../../engine/node/runtime.ts";
import type { InteractiveProgram, LabContext } from "../types.ts";
import { containerIdentity, execPid } from "./container-programs.ts";
import { buildShell, execInContainer, findExecutable, MountFs, notFoundMessages, PATH_DIRS, redirectFailure } from "./exec-shell.ts";
import { KubectlError, RawError, type RunCtx } from "./cobra.ts";
import { readsKeyboard } from "./attach.ts";
import { dropTickTrace } from "../loop-tick.ts";
import { normalizePath } from "../../engine/node/fs.ts";

type Kind = "ash" | "bash" | "dash";

/** Which shell argv[0] is in this image: busybox's ash, or Debian's bash / dash. */
function shellKind(view: ContainerView, argv0: string): Kind {
  if (view.image.userland === "busybox") return "ash";
  return argv0.slice(argv0.lastIndexOf("/") + 1) === "bash" ? "bash" : "dash";
}

const DEFAULT_PS1: Record<Kind, (root: boolean) => string> = {
  ash: () => "\\w \\$ ",
  bash: () => "${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ ",
  dash: (root) => (root ? "# " : "$ "),
};

/** The user's passwd entry (getpwuid): its name and home; root in an image without /etc/passwd (distroless). */
function passwdEntry(view: ContainerView, uid: number): { name: string; home: string } | undefined {
  const read = (path: string) => new MountFs(view.mounts).tryRead(path);
  const me = containerIdentity(view.pod, view.container.name, read);
  if (me.user !== undefined) return { name: me.user, home: me.home ?? "" };
  return uid === 0 && read("/etc/passwd") === undefined ? { name: "root", home: "/root" } : undefined;
}

/** $VAR, ${VAR} and ${VAR:+WORD} / ${VAR:-WORD} of a prompt string (the shells expand PS1 before showing it). */
function expandParams(ps1: string, vars: Record<string, string>): string {
  return ps1.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([+-])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const v = vars[(name ?? bare)!] ?? "";
    if (op === "+") return v ? expandParams(word ?? "", vars) : "";
    if (op === "-") return v ? v : expandParams(word ?? "", vars);
    return v;
  });
}

/** The prompt a shell prints for PS1 (bash's and busybox's backslash escapes; dash has none). */
export function renderPrompt(kind: Kind, ps1: string, o: { cwd: string; home: string; host: string; user: string; root: boolean; vars: Record<string, string> }): string {
  const s = expandParams(ps1, o.vars);
  if (kind === "dash") return s;
  const w = o.home && o.home !== "/" && (o.cwd === o.home || o.cwd.startsWith(o.home + "/")) ? "~" + o.cwd.slice(o.home.length) : o.cwd;
  return s.replace(/\\([uhHwW$\\n])/g, (_, c: string) => {
    switch (c) {
      case "u":
        return o.user;
      case "h":
        return o.host.split(".")[0];
      case "H":
        return o.host;
      case "w":
        return w;
      case "W":
        return w === "/" || w === "~" ? w : w.slice(w.lastIndexOf("/") + 1);
      case "$":
        return o.root ? "#" : "$";
      case "n":
        return "\n";
      default:
        return "\\";
    }
  });
}

/** What a container's shell keeps between the lines typed (per exec process, or per attached main process). */
interface ShellState {
  cwd: string;
  env: Record<string, string>;
  status: number;
  /** lines read so far (dash's error messages carry the line number) */
  lines: number;
}

/** The state of a container's main-process shell, so that a second attach finds it where the first left it. */
const mainShells = new WeakMap<Container, ShellState>();

/**
 * `exit` inside a typed line: the shell ends. just-bash's exit only ends the script, so the
 * line's top-level exit commands (not those in a subshell, a pipeline or $(…)) get a marker run
 * just before them: `{ __kubelab_exit "$?"; exit ARGS; }` — the marker keeps $? for a bare exit.
 */
const EXIT_MARK = "__kubelab_exit";
/** just-bash runs a custom command named by path only from /bin or /usr/bin, where the file must exist: this one exists only for the lookup (no listing shows it) */
const EXIT_MARK_PATH = `/bin/${EXIT_MARK}`;
class MarkFs extends MountFs {
  override exists(path: string): Promise<boolean> {
    return path === EXIT_MARK_PATH ? Promise.resolve(true) : super.exists(path);
  }
  override stat(path: string): Promise<FsStat> {
    if (path === EXIT_MARK_PATH) return Promise.resolve({ isFile: true, isDirectory: false, isSymbolicLink: false, mode: 0o100755, size: 0, mtime: new Date(0) });
    return super.stat(path);
  }
}
type Node = { type?: string; [k: string]: unknown };
function markExits(list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const st of list as Node[]) {
    if (!st || st.type !== "Statement" || st.background) continue;
    for (const pl of (st.pipelines as Node[]) ?? []) {
      const cmds = (pl.commands as Node[]) ?? [];
      if (cmds.length !== 1) continue;
      const cmd = cmds[0];
      if (!cmd) continue;
      if (cmd.type === "SimpleCommand") {
        const name = cmd.name as { parts?: { type: string; value?: string }[] } | null;
        if (name?.parts?.length === 1 && name.parts[0].type === "Literal" && name.parts[0].value === "exit") {
          const copy = { ...cmd };
          const mark = {
            type: "Statement",
            pipelines: [{ type: "Pipeline", commands: [{ type: "SimpleCommand", name: { type: "Word", parts: [{ type: "Literal", value: EXIT_MARK_PATH }] }, args: [{ type: "Word", parts: [{ type: "DoubleQuoted", parts: [{ type: "ParameterExpansion", parameter: "?", operation: null }] }] }], assignments: [], redirections: [], line: cmd.line }], negated: false, timed: false, timePosix: false }],
            operators: [],
            background: false,
            sourceText: `${EXIT_MARK} "$?"`,
          };
          const exitSt = { type: "Statement", pipelines: [{ type: "Pipeline", commands: [copy], negated: false, timed: false, timePosix: false }], operators: [], background: false, sourceText: "exit" };
          for (const k of Object.keys(cmd)) delete cmd[k];
          Object.assign(cmd, { type: "Group", body: [mark, exitSt], redirections: [] });
        }
        continue;
      }
      switch (cmd.type) {
        case "If":
          for (const c of (cmd.clauses as Node[]) ?? []) {
            markExits(c.condition);
            markExits(c.body);
          }
          markExits(cmd.elseBody);
          break;
        case "Case":
          for (const item of (cmd.items as Node[]) ?? []) markExits(item.body);
          break;
        case "For":
        case "CStyleFor":
        case "While":
        case "Until":
        case "Group":
          if (cmd.type === "While" || cmd.type === "Until") markExits(cmd.condition);
          markExits(cmd.body);
          break;
        case "FunctionDef":
          // a function's exit ends the shell when the function runs
          markExits((cmd.body as Node | undefined)?.body);
          break;
        default:
          break;
      }
    }
  }
}

export interface ContainerShellOptions {
  lab: LabContext;
  namespace: string;
  pod: string;
  container: string;
  /** the attempt the shell runs in */
  attempt: Container;
  argv: string[];
  /** "exec": a new process; "attach": the container's main process (its end stops the container) */
  mode: "exec" | "attach";
  view: ContainerView;
  /** with a TTY (-t): the shell is interactive (its prompt, "\r\n" line ends); without, it reads the lines typed as a script */
  tty: boolean;
}

/** The interactive shell of a container as a program on the student's terminal. */
export function containerShell(o: ContainerShellOptions): InteractiveProgram {
  let view = o.view;
  const kind = shellKind(view, o.argv[0] ?? "sh");
  const uid = containerIdentity(view.pod, o.container, (path) => new MountFs(view.mounts).tryRead(path)).uid;
  const root = uid === 0;
  // bash's exit builtin (and EOF) says "exit", or "logout" in a login shell (bash -l, --login)
  const bye = kind === "bash" && o.tty ? (o.argv.slice(1).some((a) => a === "--login" || /^-[a-z]*l[a-z]*$/.test(a)) ? "logout\n" : "exit\n") : "";
  const fresh = (): ShellState => {
    const env = { ...view.env };
    env.PATH ??= PATH_DIRS.join(":");
    env.PWD = view.workingDir;
    return { cwd: view.workingDir, env, status: 0, lines: 0 };
  };
  let st: ShellState;
  /** the shell's process in the container (ps lists it): one pid for the whole session */
  let sessionPid: number | undefined;
  if (o.mode === "attach") {
    st = mainShells.get(o.attempt) ?? fresh();
    mainShells.set(o.attempt, st);
  } else st = fresh();
  let ended: number | undefined;

  /** The container as it is now (files written by its process, volumes); undefined when the attempt is gone. */
  const refresh = (): ContainerView | undefined => {
    if (o.attempt.state !== "running" || o.attempt.removed) return undefined;
    try {
      const v = o.lab.cluster.containerView(o.namespace, o.pod, o.container);
      if (v && v.container === o.attempt) view = v;
    } catch {
      // the API server is down: the stream to the kubelet stays as it was
    }
    return view;
  };

  const toTty = (s: string) => (o.tty ? s.replace(/\r?\n/g, "\r\n") : s);

  /** The main process ended: the runtime records its exit and the kubelet sees it (as after a PLEG relist). */
  const endMain = (code: number) => {
    if (o.mode !== "attach" || o.attempt.state === "exited") return;
    const now = o.lab.now();
    o.attempt.state = "exited";
    o.attempt.exitCode = code;
    o.attempt.reason = code === 0 ? "Completed" : "Error";
    o.attempt.finishedAt = now;
    mainShells.delete(o.attempt);
    const k = view.machine.kubelet as unknown as { running?: boolean; pods?: Map<string, unknown>; syncPod?: (rec: never) => void } | undefined;
    const rec = k?.running ? k.pods?.get(o.attempt.podUid) : undefined;
    if (rec && k?.syncPod) k.syncPod(rec as never);
  };

  const died = (): number | undefined => {
    if (ended !== undefined) return ended;
    if (o.attempt.state !== "running" || o.attempt.removed) {
      // the container stopped under the shell (pod deleted, killed): the exec'd process with it
      ended = o.mode === "attach" ? (o.attempt.exitCode ?? 137) : 137;
      return ended;
    }
    return undefined;
  };

  return {
    prompt() {
      if (!o.tty) return "";
      const ps1 = st.env.PS1 ?? DEFAULT_PS1[kind](root);
      // busybox's \w shortens the passwd home (getpwuid), bash's $HOME; bash's \u is the passwd name
      const pw = passwdEntry(view, uid);
      const home = kind === "ash" ? (pw?.home ?? "") : (st.env.HOME ?? "");
      const user = pw?.name ?? "I have no name!";
      return renderPrompt(kind, ps1, { cwd: st.cwd, home, host: view.hostname, user, root, vars: st.env });
    },
    where() {
      return { host: view.hostname, cwd: st.cwd };
    },
    ended: died,
    files() {
      // busybox ash and bash complete programs on PATH and file names (a shell without a TTY has no line editing)
      if (!o.tty) return undefined;
      const fs = new MountFs(view.mounts);
      const listDir = (path: string) => {
        try {
          const l = fs.locate(path);
          if (!l.fs.isDir(l.p)) return null;
          return l.fs.readdirTypes(l.p).map((e) => ({ name: e.name, dir: e.type === "dir" || (e.type === "symlink" && l.fs.isDir(`${l.p}/${e.name}`)) }));
        } catch {
          return null;
        }
      };
      const commands = new Set<string>();
      for (const d of (st.env.PATH ?? PATH_DIRS.join(":")).split(":").filter(Boolean)) for (const e of listDir(d) ?? []) if (!e.dir) commands.add(e.name);
      return { cwd: st.cwd, home: st.env.HOME ?? "/root", commands: [...commands], listDir };
    },
    async line(text, io) {
      if (died() !== undefined) return { output: "", status: ended!, exit: ended };
      const v = refresh();
      if (!v) {
        const code = died() ?? 137;
        return { output: "", status: code, exit: code };
      }
      st.lines += (text.match(/\n/g)?.length ?? 0) + 1;
      const fs = new MarkFs(v.mounts);
      let exited = false;
      const mark = defineCommand(EXIT_MARK, async (args) => {
        exited = true;
        return { stdout: "", stderr: "", exitCode: Number(args[0] ?? 0) | 0 };
      });
      const bash: Bash = buildShell(v, fs, st.env, o.lab, io.signal, [mark], { pid: (sessionPid ??= execPid(v.container)), argv: o.argv, tty: o.tty });
      let marked = false;
      bash.registerTransformPlugin({
        name: "kubelab-exit",
        transform(ctx) {
          if (!marked) {
            marked = true;
            markExits((ctx.ast as unknown as Node).statements);
          }
          return { ast: ctx.ast };
        },
      });
      // $? of the line before (each line is a fresh exec of just-bash)
      const state = (bash as unknown as { state?: { lastExitCode?: unknown } }).state;
      if (state && typeof state.lastExitCode === "number") state.lastExitCode = st.status;
      // (a JavaScript error is a lab bug: the session reports it)
      let r: { stdout: string; stderr: string; exitCode: number; env?: Record<string, string> };
      try {
        r = await bash.exec(text, { cwd: st.cwd, env: st.env, replaceEnv: true, rawScript: true, signal: io.signal });
      } catch (e) {
        // a redirect's filesystem error escapes just-bash: the shell's own message (the line's env and cwd stay)
        const failed = redirectFailure(e, kind === "ash" ? "busybox" : kind, st.lines);
        if (!failed) throw e;
        r = { stdout: "", ...failed };
      }
      v.syncBack();
      let stderr = notFoundMessages(dropTickTrace(r.stderr), kind === "ash" ? "busybox" : kind, st.lines);
      if (io.signal.aborted) {
        stderr = stderr.replace(/(^|\n)bash: execution aborted\n?$/, "$1");
        r = { ...r, exitCode: 130 };
      }
      st.status = r.exitCode;
      if (r.env && !exited) {
        const env = { ...r.env };
        delete env["?"];
        st.env = env;
        const pwd = env.PWD;
        if (pwd) {
          try {
            const l = fs.locate(pwd);
            if (l.fs.isDir(l.p)) st.cwd = normalizePath(pwd);
          } catch {
            // not in the container: the shell stays where it was
          }
        }
      }
      const output = toTty(r.stdout + stderr + (exited ? bye : ""));
      if (!exited) return { output, status: r.exitCode };
      ended = r.exitCode & 255;
      endMain(ended);
      return { output, status: ended, exit: ended };
    },
    async eof() {
      if (died() !== undefined) return { output: "", status: ended!, exit: ended };
      // Ctrl-D on an empty line: the shell reads EOF and exits with the last status (bash says "exit")
      ended = st.status & 255;
      endMain(ended);
      return { output: o.tty ? toTty(bye || "\n") : "", status: ended, exit: ended };
    },
  };
}

/**
 * kubectl exec -i with the student's terminal on stdin. A shell reading it (sh, bash without a
 * script) gets the lines typed until it exits: with -t (t.Raw) as an interactive shell with its
 * prompt, without as a script read line by line (no prompt). Another command runs with an empty
 * stdin (through the TTY with -t: one stream, "\r\n"). A non-zero status is kubectl's "command
 * terminated with exit code N".
 */
export async function execTerminal(ctx: RunCtx, view: ContainerView, argv: string[], container: string, tty: boolean): Promise<void> {
  const term = ctx.lab.terminal?.(ctx.io.stdin);
  const fs = new MountFs(view.mounts);
  const env = { ...view.env };
  env.PATH ??= PATH_DIRS.join(":");
  let code: number;
  if (term && readsKeyboard(argv) && (await findExecutable(fs, argv[0], env))) {
    const program = containerShell({ lab: ctx.lab, namespace: view.pod.metadata.namespace!, pod: view.pod.metadata.name!, container, attempt: view.container, argv, mode: "exec", view, tty });
    code = await term.take(program, ctx.takeOutput?.() ?? { stdout: "", stderr: "" });
  } else {
    const r = await execInContainer(view, argv, { stdin: "", signal: ctx.io.signal }, ctx.lab, ctx.lab.cluster.rand.hex(64));
    if (r.internalError !== undefined) throw new KubectlError(r.internalError);
    if (tty) ctx.out((r.stdout + r.stderr).replace(/\r?\n/g, "\r\n"));
    else {
      ctx.out(r.stdout);
      ctx.err(r.stderr);
    }
    code = r.exitCode;
  }
  if (code !== 0) throw new RawError(`command terminated with exit code ${code}\n`, code);
}

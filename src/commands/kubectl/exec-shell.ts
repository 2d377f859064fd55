// `kubectl exec`'s process inside the container: a just-bash shell over the container's view
// (root filesystem + volume mounts, from the engine's containerView), with the commands of
// the image's userland (busybox applets, Debian's coreutils, or nothing in a distroless image)
// and the network clients (wget, nslookup, nc, curl) wired to the engine's network model.

import { Bash, defineCommand, type CustomCommand, type IFileSystem, type FsStat, type FileContent, type MkdirOptions, type RmOptions, type CpOptions, type CommandName } from "just-bash";
import type { ContainerView, Mount } from "../../engine/node/kubelet/container-view.ts";
import { FsError, NodeFs, normalizePath } from "../../engine/node/fs.ts";
import type { LabContext, CmdResult } from "../types.ts";
import { curl, nc, nslookup, wget, type NetCtx } from "../net/clients.ts";
import { escapedFsError, labTime, toStat, wrap } from "../just-bash-fs.ts";
import { dropTickTrace, loopTickPlugin, tickExists } from "../loop-tick.ts";
import { containerPrograms, execPid, type ExecProcess } from "./container-programs.ts";
import { runLs, type LsFs } from "../ls/ls.ts";
import { runBusyboxLs } from "../ls/busybox-ls.ts";
import { date } from "../date/date.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();


/** A mount table over NodeFs filesystems: the longest mount point containing a path serves it. */
/** A file of a pod's container, as its filesystem view shows it (the network clients read a server's docroot). */
export function containerFileReader(lab: LabContext): NetCtx["readFile"] {
  return (pod, ctr, path) => {
    const v = lab.cluster.containerView(pod.metadata.namespace!, pod.metadata.name!, ctr.name);
    if (!v) return undefined;
    return new MountFs(v.mounts).tryRead(path);
  };
}

export class MountFs implements IFileSystem {
  private sorted: Mount[];
  constructor(mounts: Mount[]) {
    this.sorted = [...mounts].sort((a, b) => b.path.length - a.path.length);
  }

  locate(path: string): { fs: NodeFs; p: string; ro: boolean } {
    const n = normalizePath(path);
    for (const m of this.sorted) {
      if (m.path === "/" || n === m.path || n.startsWith(m.path + "/")) {
        const rest = m.path === "/" ? n : n.slice(m.path.length);
        return { fs: m.fs, p: normalizePath(`${m.base}/${rest}`), ro: m.readOnly };
      }
    }
    throw new FsError("ENOENT", "open", path);
  }

  /** A file's text, or undefined (absent, a folder, outside every mount). */
  tryRead(path: string): string | undefined {
    try {
      const l = this.locate(path);
      return l.fs.tryRead(l.p);
    } catch {
      return undefined;
    }
  }

  /** What ls reads, synchronously, through the mounts. */
  lsView(): LsFs {
    const on = <T>(f: (fs: NodeFs, p: string) => T) => (path: string): T => {
      const l = this.locate(path);
      return f(l.fs, l.p);
    };
    return { stat: on((f, p) => f.stat(p)), lstat: on((f, p) => f.lstat(p)), readdir: on((f, p) => f.readdir(p)), readdirTypes: on((f, p) => f.readdirTypes(p)), readlink: on((f, p) => f.readlink(p)) };
  }

  private w(path: string): { fs: NodeFs; p: string } {
    const l = this.locate(path);
    if (l.ro) {
      const err = new Error(`EROFS: read-only file system, open '${path}'`) as Error & { code: string };
      err.code = "EROFS";
      throw err;
    }
    return l;
  }

  readFile(path: string): Promise<string> {
    return wrap(() => { const l = this.locate(path); return l.fs.readFile(l.p); });
  }
  readFileBuffer(path: string): Promise<Uint8Array> {
    return wrap(() => { const l = this.locate(path); return encoder.encode(l.fs.readFile(l.p)); });
  }
  writeFile(path: string, content: FileContent): Promise<void> {
    return wrap(() => { const l = this.w(path); l.fs.writeFile(l.p, typeof content === "string" ? content : decoder.decode(content)); });
  }
  appendFile(path: string, content: FileContent): Promise<void> {
    return wrap(() => { const l = this.w(path); l.fs.appendFile(l.p, typeof content === "string" ? content : decoder.decode(content)); });
  }
  exists(path: string): Promise<boolean> {
    // the loops' ticks (loop-tick.ts): a yield to the host now and then, so Ctrl-C reaches the loop
    return tickExists(path) ?? wrap(() => { try { const l = this.locate(path); return l.fs.exists(l.p); } catch { return false; } });
  }
  stat(path: string): Promise<FsStat> {
    return wrap(() => { const l = this.locate(path); return toStat(l.fs.stat(l.p)); });
  }
  lstat(path: string): Promise<FsStat> {
    return wrap(() => { const l = this.locate(path); return toStat(l.fs.lstat(l.p)); });
  }
  mkdir(path: string, options?: MkdirOptions): Promise<void> {
    return wrap(() => { const l = this.w(path); l.fs.mkdir(l.p, !!options?.recursive); });
  }
  readdir(path: string): Promise<string[]> {
    return wrap(() => { const l = this.locate(path); return l.fs.readdir(l.p); });
  }
  readdirWithFileTypes(path: string): Promise<{ name: string; isFile: boolean; isDirectory: boolean; isSymbolicLink: boolean }[]> {
    return wrap(() => { const l = this.locate(path); return l.fs.readdirTypes(l.p).map((e) => ({ name: e.name, isFile: e.type === "file", isDirectory: e.type === "dir", isSymbolicLink: e.type === "symlink" })); });
  }
  rm(path: string, options?: RmOptions): Promise<void> {
    return wrap(() => { const l = this.w(path); l.fs.rm(l.p, !!options?.recursive, !!options?.force); });
  }
  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    const a = this.locate(src), b = this.w(dest);
    if (a.fs === b.fs) return wrap(() => a.fs.copy(a.p, b.p, !!options?.recursive));
    return wrap(() => b.fs.writeFile(b.p, a.fs.readFile(a.p)));
  }
  async mv(src: string, dest: string): Promise<void> {
    const a = this.w(src), b = this.w(dest);
    if (a.fs === b.fs) return wrap(() => a.fs.rename(a.p, b.p));
    return wrap(() => {
      b.fs.writeFile(b.p, a.fs.readFile(a.p));
      a.fs.rm(a.p);
    });
  }
  resolvePath(base: string, path: string): string {
    return path.startsWith("/") ? normalizePath(path) : normalizePath(`${base}/${path}`);
  }
  getAllPaths(): string[] {
    return [];
  }
  chmod(path: string, mode: number): Promise<void> {
    return wrap(() => { const l = this.w(path); l.fs.chmod(l.p, mode); });
  }
  symlink(target: string, linkPath: string): Promise<void> {
    return wrap(() => { const l = this.w(linkPath); l.fs.symlink(target, l.p); });
  }
  link(existingPath: string, newPath: string): Promise<void> {
    return this.cp(existingPath, newPath);
  }
  readlink(path: string): Promise<string> {
    return wrap(() => { const l = this.locate(path); return l.fs.readlink(l.p); });
  }
  realpath(path: string): Promise<string> {
    return wrap(() => {
      const l = this.locate(path);
      if (!l.fs.exists(l.p)) throw new FsError("ENOENT", "realpath", path);
      return normalizePath(path);
    });
  }
  utimes(path: string, _atime: Date, mtime: Date): Promise<void> {
    return wrap(() => { const l = this.locate(path); l.fs.utimes(l.p, labTime(mtime)); });
  }
}

/** just-bash's built-in commands that a userland has (by name). */
const JB_BUILTINS: CommandName[] = [
  "echo", "cat", "printf", "ls", "mkdir", "rmdir", "touch", "rm", "cp", "mv", "ln", "chmod", "pwd", "readlink", "head", "tail", "wc", "stat", "grep", "fgrep", "egrep",
  "sed", "awk", "sort", "uniq", "cut", "paste", "tr", "rev", "nl", "fold", "expand", "unexpand", "strings", "split", "tee", "find", "basename", "dirname", "du",
  "env", "printenv", "xargs", "true", "false", "clear", "bash", "sh", "base64", "diff", "date", "sleep", "timeout", "seq", "expr", "md5sum", "sha1sum", "sha256sum",
  "which", "tac", "hostname", "od", "gzip", "gunzip", "zcat", "tar",
];

export const PATH_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** Is argv[0] an executable of the container (PATH lookup, or the path given)? */
export async function findExecutable(fs: MountFs, cmd: string, env: Record<string, string>): Promise<boolean> {
  if (cmd.includes("/")) return fs.exists(cmd);
  const dirs = (env.PATH ?? PATH_DIRS.join(":")).split(":").filter(Boolean);
  for (const d of dirs) if (await fs.exists(`${d}/${cmd}`)) return true;
  return false;
}

const quote = (s: string) => (/^[A-Za-z0-9_\-./=:@%+,]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface ExecOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** the runtime could not start the process: kubectl prints this as `error: …` (containerd) */
  internalError?: string;
}

/** Run argv in the container, as the runtime's exec would. */
export async function execInContainer(view: ContainerView, argv: string[], io: { stdin: string; signal?: AbortSignal }, lab: LabContext, execId: string): Promise<ExecOutcome> {
  const fs = new MountFs(view.mounts);
  const env = { ...view.env };
  env.PATH ??= PATH_DIRS.join(":");
  const cmd = argv[0] ?? "";
  if (!(await findExecutable(fs, cmd, env))) {
    const why = cmd.includes("/") ? `exec: "${cmd}": stat ${cmd}: no such file or directory` : `exec: "${cmd}": executable file not found in $PATH`;
    const oci = `OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown`;
    // Docker Engine (cri-dockerd) writes the start error on the exec's stdout and exits 126;
    // containerd's CRI returns it, and the kubelet's streaming server sends an InternalError.
    if (view.runtime === "docker") return { stdout: `${oci}\r\n`, stderr: "", exitCode: 126 };
    return { stdout: "", stderr: "", exitCode: 1, internalError: `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId}": ${oci}` };
  }
  const bash = buildShell(view, fs, env, lab, io.signal, [], { pid: execPid(view.container), argv });
  const base = cmd.slice(cmd.lastIndexOf("/") + 1);
  let line = argv.map(quote).join(" ");
  // a shell without -c reads its script from stdin (kubectl exec -i POD -- sh < script)
  if (["sh", "ash", "bash", "dash"].includes(base) && !argv.includes("-c")) line = io.stdin;
  const shell = view.image.userland === "busybox" ? "busybox" : base === "bash" ? "bash" : "dash";
  let r: { stdout: string; stderr: string; exitCode: number };
  try {
    r = await bash.exec(line, { cwd: view.workingDir, env, signal: io.signal });
  } catch (e) {
    // a redirect's filesystem error escapes just-bash: the shell's own message
    const failed = redirectFailure(e, shell, 1);
    if (!failed) throw e;
    r = { stdout: "", ...failed };
  }
  view.syncBack();
  const stderr = notFoundMessages(dropTickTrace(r.stderr), shell, 1);
  return { stdout: r.stdout, stderr, exitCode: r.exitCode };
}

/**
 * A redirect that cannot create its file, as the container's shell reports it: busybox ash
 * ("sh: can't create F: nonexistent directory", errmsg() for ENOENT/ENOTDIR, strerror otherwise;
 * status 1), Debian's dash ("sh: LINE: cannot create F: Directory nonexistent"; status 2) or bash
 * ("bash: F: No such file or directory"; status 1). just-bash lets the error escape the whole
 * line (the rest of it does not run, unlike a real shell). null: not such an error.
 */
export function redirectFailure(err: unknown, shell: "busybox" | "bash" | "dash", line: number): { stderr: string; exitCode: number } | null {
  const e = escapedFsError(err);
  if (!e || e.path === undefined) return null;
  const missing = e.code === "ENOENT" || e.code === "ENOTDIR";
  if (shell === "busybox") return { stderr: `sh: can't create ${e.path}: ${missing ? "nonexistent directory" : e.text}\n`, exitCode: 1 };
  if (shell === "dash") return { stderr: `sh: ${line}: cannot create ${e.path}: ${missing ? "Directory nonexistent" : e.text}\n`, exitCode: 2 };
  return { stderr: `bash: ${e.path}: ${e.text}\n`, exitCode: 1 };
}

/**
 * just-bash's messages as the container's shell words them: busybox ash ("sh: x: not found"),
 * Debian's dash ("sh: 1: x: not found", with the line number) or bash.
 */
export function notFoundMessages(stderr: string, shell: "busybox" | "bash" | "dash", line: number): string {
  // a nested `sh -c` of just-bash prints a redirect's filesystem error raw: the shell's own line
  stderr = stderr.replace(/^(?:sh|bash): (ENOENT|ENOTDIR|EACCES): [^\n]*?, open '([^'\n]*)'$/gm, (_, code: string, path: string) => redirectFailure({ code, message: `'${path}'` }, shell, line)!.stderr.slice(0, -1));
  if (shell === "bash") return stderr;
  return stderr
    .replace(/^bash: (.+?): command not found$/gm, (_, c: string) => (shell === "busybox" ? `sh: ${c}: not found` : `sh: ${line}: ${c}: not found`))
    .replace(/^bash: cd: (.+?): No such file or directory$/gm, (_, d: string) => (shell === "busybox" ? `sh: cd: can't cd to ${d}: No such file or directory` : `sh: ${line}: cd: can't cd to ${d}`));
}

export function buildShell(view: ContainerView, fs: MountFs, env: Record<string, string>, lab: LabContext, signal?: AbortSignal, extra: CustomCommand[] = [], proc?: ExecProcess): Bash {
  const has = new Set<string>();
  for (const d of PATH_DIRS) {
    try {
      const l = fs.locate(d);
      if (l.fs.isDir(l.p)) for (const n of l.fs.readdir(l.p)) has.add(n);
    } catch {
      // no such folder in this image
    }
  }
  // a Debian image's ls is GNU coreutils': the lab's own (modes, owners, links, columns on a
  // terminal) over the container's view instead of just-bash's sketch of it
  // (busybox and alpine: busybox's ls, with its columns and colours at a terminal)
  const ownLs = (view.image.userland === "debian" || view.image.userland === "busybox") && has.has("ls");
  // (date reads the lab's clock, as on the node: just-bash's read the page's real time)
  const commands = JB_BUILTINS.filter((c) => (has.has(c) || (c === "bash" && has.has("bash"))) && !(ownLs && c === "ls") && c !== "date");
  const net = lab.cluster.network;
  const netCtx = (cwd: string): NetCtx => ({
    net,
    src: { pod: view.pod },
    sleep: (ms) => lab.sleep(ms, signal),
    aborted: () => !!signal?.aborted,
    tty: false,
    readFile: containerFileReader(lab),
    readLocal: (path) => fs.tryRead(path.startsWith("/") ? path : `${cwd}/${path}`),
    writeFile: (path, content) => {
      const p = path.startsWith("/") ? path : `${cwd}/${path}`;
      try {
        const l = fs.locate(p);
        if (l.fs.exists(l.p)) return "exists";
        if (l.ro) return "error";
        l.fs.writeFile(l.p, content);
        return "ok";
      } catch {
        return "error";
      }
    },
  });
  const custom: CustomCommand[] = [];
  const client = (name: string, fn: (args: string[], ctx: NetCtx) => Promise<CmdResult>) => {
    if (has.has(name)) custom.push(defineCommand(name, async (args, c) => fn(args, netCtx(c.cwd))));
  };
  client("wget", wget);
  client("nslookup", nslookup);
  client("nc", nc);
  client("curl", curl);
  if (has.has("hostname")) custom.push(defineCommand("hostname", async () => ({ stdout: `${view.hostname}\n`, stderr: "", exitCode: 0 })));
  if (has.has("nginx")) custom.push(defineCommand("nginx", async (args) => (args.includes("-v") || args.includes("-V") ? { stdout: "", stderr: "nginx version: nginx/1.27.5\n", exitCode: 0 } : args.includes("-t") ? { stdout: "", stderr: "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n", exitCode: 0 } : { stdout: "", stderr: "", exitCode: 0 })));
  if (has.has("redis-cli")) {
    custom.push(defineCommand("redis-cli", async (args) => {
      const words = args.filter((a, i) => !a.startsWith("-") && !["-h", "-p", "-a"].includes(args[i - 1]));
      const c = (words[0] ?? "").toUpperCase();
      if (c === "PING") return { stdout: "PONG\n", stderr: "", exitCode: 0 };
      if (!c) return { stdout: "", stderr: "", exitCode: 0 };
      return { stdout: `(error) ERR unknown command '${words[0]}', with args beginning with: \n`, stderr: "", exitCode: 0 };
    }));
  }
  if (ownLs) {
    const lsFs = fs.lsView();
    const resolve = (cwd: string, p: string) => (p.startsWith("/") ? normalizePath(p) : normalizePath(`${cwd}/${p}`));
    const busyboxLs = view.image.userland === "busybox";
    custom.push(defineCommand("ls", async (args, c) => {
      const io = { stdin: "", cwd: c.cwd, env: Object.fromEntries(c.env), tty: proc?.tty ?? false };
      return busyboxLs ? runBusyboxLs(args, io, lsFs, lab.now(), resolve) : runLs(args, io, lsFs, lab.now(), resolve);
    }));
  }
  if (has.has("date")) custom.push(defineCommand("date", async (args, c) => date.run(args, { stdin: "", cwd: c.cwd, env: Object.fromEntries(c.env) }, lab) as CmdResult));
  // id, whoami, uname, ps for this container's user and processes; the rest of its PATH that
  // nothing here builds says so
  const built = new Set<string>([...commands, ...custom.map((c) => c.name), ...extra.map((c) => c.name)]);
  custom.push(...containerPrograms(view, has, built, (path) => fs.tryRead(path), proc ?? { pid: execPid(view.container), argv: [] }));
  const bash = new Bash({
    fs,
    cwd: view.workingDir,
    env,
    commands,
    customCommands: [...custom, ...extra],
    sleep: (ms: number) => lab.sleep(ms, signal),
    executionLimits: { maxCommandCount: 100_000, maxLoopIterations: 100_000 },
  });
  // a loop of builtins must not hold the page's thread: Ctrl-C has to reach it (found by the fuzzer)
  bash.registerTransformPlugin(loopTickPlugin);
  return bash;
}

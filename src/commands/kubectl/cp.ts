// kubectl cp (staging/src/k8s.io/kubectl/pkg/cmd/cp/cp.go, filespec.go): files and folders to
// and from a container, through `tar` run in the container by the exec machinery.
//
// To a pod: `test -d DEST` (its output discarded) decides whether DEST is a folder to copy into;
// kubectl packs the local path (makeTar: member names start at DEST's base name) and runs
// `tar -xmf - -C DIR` (or with --no-same-permissions --no-same-owner for --no-preserve) with the
// exec's stdout/stderr on kubectl's. From a pod: `tar cf - SRC` runs with its stderr on kubectl's
// STDOUT (cp.go's TarPipe sets ErrOut: t.o.Out), and untarAll writes the members under the
// local destination, skipping symlinks with a warning.
//
// The container side is the container's view that kubectl exec sees (root filesystem and
// volume mounts); the tar that runs is the image's: GNU tar in Debian images, BusyBox tar in
// busybox/alpine ones — each with its own messages. An image without tar gives the runtime's
// exec error.
//
// Timing choices where real kubectl races (its exec streams copy in goroutines and the tar
// reader returns at the end-of-archive blocks, before the exec's exit status arrives): tar's
// messages from the container are always shown, and a copy from a pod whose tar failed after
// writing its archive (a missing source path) ends with status 0, as kubectl returns when the
// archive is read.

import type { KubeObject } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { FsError, NodeFs, normalizePath } from "../../engine/node/fs.ts";
import type { ContainerView } from "../../engine/node/kubelet/container-view.ts";
import { KubectlError, RawError, type RunCtx } from "./cobra.ts";
import { fromHelp } from "./spec.ts";
import { checkPodSubresource } from "./identity.ts";
import { findOrDefaultContainer } from "./podcmd.ts";

type Obj = any;

// ---------------------------------------------------------------- file specs (filespec.go)

interface FileSpec {
  podName: string;
  podNamespace: string;
  file: string;
}

const FORMAT_ERROR = "filespec must match the canonical format: [[namespace/]pod:]file/path";

function stripTrailingSlash(f: string): string {
  return f && f !== "/" && f.endsWith("/") ? f.slice(0, -1) : f;
}

function extractFileSpec(arg: string): FileSpec {
  const i = arg.indexOf(":");
  if (i === 0) throw new KubectlError(FORMAT_ERROR);
  if (i === -1) return { podName: "", podNamespace: "", file: stripTrailingSlash(arg) };
  const pieces = arg.slice(0, i).split("/");
  const file = stripTrailingSlash(arg.slice(i + 1));
  if (pieces.length === 1) return { podName: pieces[0], podNamespace: "", file };
  if (pieces.length === 2) return { podName: pieces[1], podNamespace: pieces[0], file };
  throw new KubectlError(FORMAT_ERROR);
}

/** Go's path.Clean */
function clean(p: string): string {
  if (!p) return ".";
  const abs = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (!part || part === ".") continue;
    if (part === "..") {
      if (out.length && out[out.length - 1] !== "..") out.pop();
      else if (!abs) out.push("..");
    } else out.push(part);
  }
  const s = (abs ? "/" : "") + out.join("/");
  return s || (abs ? "/" : ".");
}
const dirOf = (p: string) => {
  const c = clean(p);
  const i = c.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : c.slice(0, i);
};
const baseOf = (p: string) => {
  const s = p.replace(/\/+$/, "");
  if (!s) return p ? "/" : ".";
  return s.slice(s.lastIndexOf("/") + 1);
};
const join = (a: string, b: string) => (b ? clean(`${a}/${b}`) : clean(a));

/** filespec.go stripPathShortcuts */
function stripPathShortcuts(p: string): string {
  let s = p;
  while (s.startsWith("../")) s = s.slice(3);
  if (s === "." || s === "..") s = "";
  return s.startsWith("/") ? s.slice(1) : s;
}

// ---------------------------------------------------------------- the archive

interface Member {
  name: string;
  type: "file" | "dir" | "symlink";
  content: string;
  mode: number;
  linkname: string;
}

const STRERROR: Record<string, string> = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EROFS: "Read-only file system",
  EEXIST: "File exists",
  EACCES: "Permission denied",
};
const errno = (e: unknown) => String((e as { code?: string })?.code ?? "EIO");
const strerror = (e: unknown) => STRERROR[errno(e)] ?? "Input/output error";

/** A location in the container's mount table (container-view mounts, longest path wins). */
interface Loc {
  fs: NodeFs;
  p: string;
  ro: boolean;
}

function locate(view: ContainerView, path: string): Loc {
  const n = normalizePath(path);
  const sorted = [...view.mounts].sort((a, b) => b.path.length - a.path.length);
  for (const m of sorted) {
    if (m.path === "/" || n === m.path || n.startsWith(m.path + "/")) {
      const rest = m.path === "/" ? n : n.slice(m.path.length);
      return { fs: m.fs, p: normalizePath(`${m.base}/${rest}`), ro: m.readOnly };
    }
  }
  throw new FsError("ENOENT", "open", path);
}

const kindOf = (fs: NodeFs, p: string): "file" | "dir" | "symlink" | undefined => {
  try {
    return fs.lstat(p).type;
  } catch {
    return undefined;
  }
};

/** Is argv[0] found in the container's PATH (exec's lookup)? */
function hasProgram(view: ContainerView, name: string): boolean {
  const dirs = (view.env.PATH ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":").filter(Boolean);
  return dirs.some((d) => {
    try {
      const l = locate(view, `${d}/${name}`);
      return l.fs.exists(l.p);
    } catch {
      return false;
    }
  });
}

const gnu = (view: ContainerView) => view.image.userland !== "busybox";

/** `tar cf - SRC` in the container: the members and what tar writes on stderr. */
function tarCreate(view: ContainerView, src: string): { members: Member[]; stderr: string } {
  const members: Member[] = [];
  let stderr = "";
  let failed = false;
  const abs = src.startsWith("/") ? normalizePath(src) : normalizePath(`${view.workingDir}/${src}`);
  const stripped = src.replace(/^\/+/, "");
  const leading = src.length - stripped.length;
  // GNU tar names the stripped prefix before it looks at the file; BusyBox when it archives it
  if (leading && gnu(view)) stderr += "tar: Removing leading `/' from member names\n";
  let l: Loc | undefined;
  try {
    l = locate(view, abs);
  } catch {
    l = undefined;
  }
  const top = l ? kindOf(l.fs, l.p) : undefined;
  if (!top) {
    stderr += gnu(view) ? `tar: ${src}: Cannot stat: No such file or directory\n` : `tar: ${src}: No such file or directory\n`;
    failed = true;
  } else {
    if (leading && !gnu(view)) stderr += `tar: removing leading '${src.slice(0, leading)}' from member names\n`;
    const walk = (path: string, name: string) => {
      const at = locate(view, path);
      const st = at.fs.lstat(at.p);
      if (st.type === "dir") {
        members.push({ name: `${name}/`, type: "dir", content: "", mode: st.mode, linkname: "" });
        for (const child of at.fs.readdir(at.p)) walk(`${path === "/" ? "" : path}/${child}`, `${name}/${child}`);
      } else if (st.type === "symlink") {
        members.push({ name, type: "symlink", content: "", mode: 0o777, linkname: at.fs.readlink(at.p) });
      } else {
        members.push({ name, type: "file", content: at.fs.readFile(at.p), mode: st.mode, linkname: "" });
      }
    };
    walk(abs, stripped);
  }
  if (failed) stderr += gnu(view) ? "tar: Exiting with failure status due to previous errors\n" : "tar: error exit delayed from previous errors\n";
  return { members, stderr };
}

/** `tar -xmf - -C DIR` in the container. */
function tarExtract(view: ContainerView, dir: string, members: Member[], noPreserve: boolean): { stderr: string; exitCode: number } {
  const base = dir.startsWith("/") ? normalizePath(dir) : normalizePath(`${view.workingDir}/${dir}`);
  let d: Loc | undefined;
  try {
    d = locate(view, base);
  } catch {
    d = undefined;
  }
  const dk = d ? kindOf(d.fs, d.p) : undefined;
  if (dk !== "dir") {
    const why = dk ? STRERROR.ENOTDIR : STRERROR.ENOENT;
    return gnu(view)
      ? { stderr: `tar: ${dir}: Cannot open: ${why}\ntar: Error is not recoverable: exiting now\n`, exitCode: 2 }
      : { stderr: `tar: can't change directory to '${dir}': ${why}\n`, exitCode: 1 };
  }
  let stderr = "";
  let failed = false;
  const mode = (m: number) => (noPreserve ? m & ~0o022 : m) & 0o7777;
  const mkdirs = (path: string) => {
    // the leading folders tar creates for a member (0755 less the umask)
    const parts = path.split("/").filter(Boolean);
    let cur = "";
    for (const part of parts) {
      cur += `/${part}`;
      const l = locate(view, cur);
      const k = kindOf(l.fs, l.p);
      if (k === "dir") continue;
      if (k) throw Object.assign(new Error("ENOTDIR"), { code: "ENOTDIR" });
      if (l.ro) throw Object.assign(new Error("EROFS"), { code: "EROFS" });
      l.fs.mkdir(l.p, false, 0o755);
    }
  };
  for (const m of members) {
    const name = m.name.replace(/\/$/, "");
    const path = normalizePath(`${base}/${name}`);
    try {
      if (m.type === "dir") {
        mkdirs(path);
        const l = locate(view, path);
        l.fs.chmod(l.p, mode(m.mode));
        continue;
      }
      mkdirs(normalizePath(`${path}/..`));
      const l = locate(view, path);
      if (l.ro) throw Object.assign(new Error("EROFS"), { code: "EROFS" });
      const k = kindOf(l.fs, l.p);
      if (k === "dir") throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
      if (k) l.fs.rm(l.p);
      if (m.type === "symlink") l.fs.symlink(m.linkname, l.p);
      else l.fs.writeFile(l.p, m.content, mode(m.mode));
    } catch (e) {
      if (!gnu(view)) {
        view.syncBack();
        return { stderr: stderr + `tar: can't open '${name}': ${strerror(e)}\n`, exitCode: 1 };
      }
      stderr += `tar: ${name}: Cannot ${m.type === "dir" ? "mkdir" : "open"}: ${strerror(e)}\n`;
      failed = true;
    }
  }
  view.syncBack();
  if (failed) return { stderr: stderr + "tar: Exiting with failure status due to previous errors\n", exitCode: 2 };
  return { stderr, exitCode: 0 };
}

// ---------------------------------------------------------------- the exec (exec.go Run)

interface Target {
  pod: KubeObject;
  view: ContainerView;
}

/** ExecOptions.Run up to the stream: the pod, its phase, the container (podcmd), RBAC, a running container. */
function execTarget(ctx: RunCtx, spec: FileSpec, warn: (s: string) => void): Target {
  const ns = spec.podNamespace || ctx.namespace();
  const pod = ctx.lab.api().get("pods", ns, spec.podName);
  if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") {
    throw new KubectlError(`cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  }
  const containers: Obj[] = pod.spec?.containers ?? [];
  const inits: Obj[] = pod.spec?.initContainers ?? [];
  const ephemeral: Obj[] = pod.spec?.ephemeralContainers ?? [];
  let name = ctx.str("container");
  if (!name) name = findOrDefaultContainer(pod, "", false, warn).name;
  else if (![...containers, ...inits, ...ephemeral].some((c) => c.name === name)) {
    // the API server's pod exec location (registry/core/pod/strategy.go)
    throw new ApiError("BadRequest", 400, `container ${name} is not valid for pod ${pod.metadata.name}`);
  }
  checkPodSubresource(ctx.lab, "create", pod, "exec");
  const node = pod.spec?.nodeName;
  const m = node ? ctx.lab.cluster?.machines.get(node) : undefined;
  const uid = pod.metadata.annotations?.["kubernetes.io/config.mirror"] ?? pod.metadata.uid;
  const running = m ? m.runtime.containers.some((c) => c.podUid === uid && c.name === name && c.state === "running") : false;
  const view = running ? ctx.lab.cluster.containerView(pod.metadata.namespace!, pod.metadata.name!, name) : undefined;
  if (!view) throw new KubectlError(`unable to upgrade connection: container not found ("${name}")`);
  return { pod, view };
}

/** The runtime could not start tar: Docker's message on the exec's stdout and 126, or containerd's InternalError. */
async function tarNotFound(ctx: RunCtx, view: ContainerView, argv: string[]): Promise<{ stdout: string; error: Error }> {
  const { execInContainer } = await import("./exec-shell.ts");
  const r = await execInContainer(view, argv, { stdin: "" }, ctx.lab, ctx.lab.cluster.rand.hex(64));
  if (r.internalError !== undefined) return { stdout: "", error: new KubectlError(r.internalError) };
  return { stdout: r.stdout, error: new RawError(`command terminated with exit code ${r.exitCode}\n`, r.exitCode) };
}

// ---------------------------------------------------------------- local side

function localPath(ctx: RunCtx, p: string): string {
  return ctx.lab.resolve(ctx.io.cwd, p);
}

/** makeTar / recursiveTar: the local path packed with member names from the destination's base name. */
function makeTar(fs: NodeFs, src: string, destBase: string): Member[] {
  const members: Member[] = [];
  const walk = (path: string, name: string) => {
    const st = fs.lstat(path);
    if (st.type === "dir") {
      const kids = fs.readdir(path);
      if (!kids.length) members.push({ name, type: "dir", content: "", mode: st.mode, linkname: "" });
      for (const k of kids) walk(`${path === "/" ? "" : path}/${k}`, `${name}/${k}`);
    } else if (st.type === "symlink") {
      members.push({ name, type: "symlink", content: "", mode: 0o777, linkname: fs.readlink(path) });
    } else {
      members.push({ name, type: "file", content: fs.readFile(path), mode: st.mode, linkname: "" });
    }
  };
  walk(src, destBase);
  return members;
}

/** os.MkdirAll with Go's errors */
function mkdirAll(fs: NodeFs, abs: string, shown: string): void {
  const parts = abs.split("/").filter(Boolean);
  let cur = "";
  for (const part of parts) {
    cur += `/${part}`;
    const k = kindOf(fs, cur);
    if (k === "dir" || (k === "symlink" && fs.isDir(cur))) continue;
    if (k) throw new KubectlError(`mkdir ${shown}: not a directory`);
    fs.mkdir(cur, false, 0o755);
  }
}

// ---------------------------------------------------------------- the command

async function copyToPod(ctx: RunCtx, src: FileSpec, dest: FileSpec): Promise<void> {
  const fs = ctx.lab.machine.fs;
  const srcAbs = localPath(ctx, src.file);
  if (!fs.exists(srcAbs)) throw new KubectlError(`${src.file} doesn't exist in local filesystem`);
  let destFile = dest.file;
  // checkDestinationIsDir: `test -d DEST` with its output (and any defaulting message) discarded
  try {
    const t = execTarget(ctx, dest, () => {});
    if (hasProgram(t.view, "test")) {
      const p = destFile.startsWith("/") ? destFile : `${t.view.workingDir}/${destFile}`;
      const l = locate(t.view, p);
      if (l.fs.isDir(l.p)) destFile = join(destFile, baseOf(src.file));
    }
  } catch {
    // not a folder, as far as kubectl knows
  }
  const t = execTarget(ctx, dest, (s) => ctx.err(s));
  const noPreserve = ctx.bool("no-preserve");
  const argv = noPreserve ? ["tar", "--no-same-permissions", "--no-same-owner", "-xmf", "-"] : ["tar", "-xmf", "-"];
  const destDir = dirOf(destFile);
  argv.push("-C", destDir);
  if (!hasProgram(t.view, "tar")) {
    const r = await tarNotFound(ctx, t.view, argv);
    ctx.out(r.stdout);
    throw r.error;
  }
  const members = makeTar(fs, normalizePath(srcAbs), baseOf(clean(destFile)));
  const r = tarExtract(t.view, destDir, members, noPreserve);
  ctx.err(r.stderr);
  if (r.exitCode !== 0) throw new RawError(`command terminated with exit code ${r.exitCode}\n`, r.exitCode);
}

async function copyFromPod(ctx: RunCtx, src: FileSpec, dest: FileSpec): Promise<void> {
  // the exec's stderr (and the defaulting message) go to kubectl's stdout (TarPipe: ErrOut: t.o.Out)
  const t = execTarget(ctx, src, (s) => ctx.out(s));
  if (!hasProgram(t.view, "tar")) {
    // its stdout goes into the tar reader, which waits for a whole block: only the exit shows
    const r = await tarNotFound(ctx, t.view, ["tar", "cf", "-", src.file]);
    throw r.error;
  }
  const { members, stderr } = tarCreate(t.view, src.file);
  ctx.out(stderr);
  const prefix = stripPathShortcuts(clean(src.file.replace(/^[/\\]+/, "")));
  const fs = ctx.lab.machine.fs;
  const destShown = dest.file;
  const destAbs = localPath(ctx, dest.file);
  let symlinkWarned = false;
  for (const h of members) {
    if (!h.name.startsWith(prefix)) throw new KubectlError("tar contents corrupted");
    const rest = stripTrailingSlash(h.name.slice(prefix.length));
    const shown = rest ? clean(`${destShown}/${rest}`) : clean(destShown);
    const abs = rest ? normalizePath(`${destAbs}/${rest}`) : destAbs;
    const rel = clean(rest.replace(/^\/+/, ""));
    if (rel === ".." || rel.startsWith("../")) {
      ctx.err(`warning: file "${shown}" is outside target destination, skipping\n`);
      continue;
    }
    mkdirAll(fs, normalizePath(`${abs}/..`), dirOf(shown));
    if (h.type === "dir") {
      mkdirAll(fs, abs, shown);
      continue;
    }
    if (h.type === "symlink") {
      if (!symlinkWarned) {
        ctx.err(`warning: skipping symlink: "${shown}" -> "${h.linkname}" (consider using "kubectl exec -n "${src.podNamespace}" "${src.podName}" -- tar cf - "${src.file}" | tar xf -")\n`);
        symlinkWarned = true;
        continue;
      }
      ctx.err(`warning: skipping symlink: "${shown}" -> "${h.linkname}"\n`);
      continue;
    }
    if (fs.isDir(abs)) throw new KubectlError(`open ${shown}: is a directory`);
    fs.writeFile(abs, h.content, fs.isFile(abs) ? undefined : 0o644);
  }
}

async function runCp(ctx: RunCtx): Promise<void> {
  if (ctx.args.length !== 2) throw new KubectlError("source and destination are required");
  const src = extractFileSpec(ctx.args[0]);
  const dest = extractFileSpec(ctx.args[1]);
  if (src.podName && dest.podName) throw new KubectlError("one of src or dest must be a local file specification");
  if (!src.file || !dest.file) throw new KubectlError("filepath can not be empty");
  if (src.podName) return copyFromPod(ctx, src, dest);
  if (dest.podName) return copyToPod(ctx, src, dest);
  throw new KubectlError("one of src or dest must be a remote file specification");
}

export const cpCommand = fromHelp("cp", { run: runCp });

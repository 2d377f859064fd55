// just-bash's IFileSystem over a node's NodeFs: every write the shell makes lands in the
// engine's filesystem, where it emits the change events the kubelet watches.

import type { IFileSystem, FsStat, FileContent, BufferEncoding, MkdirOptions, RmOptions, CpOptions } from "just-bash";

type ReadFileOptions = { encoding?: BufferEncoding | null };
type WriteFileOptions = { encoding?: BufferEncoding };
type DirentEntry = { name: string; isFile: boolean; isDirectory: boolean; isSymbolicLink: boolean };
import { NodeFs, FsError, normalizePath } from "../engine/node/fs.ts";
import { labTime, toStat, wrap } from "../commands/just-bash-fs.ts";
import { tickExists } from "../commands/loop-tick.ts";
import { ttyStream } from "./stream.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function toText(content: FileContent): string {
  return typeof content === "string" ? content : decoder.decode(content);
}

/** What the shell writes to the terminal's paths (stream.ts): 1 stdout, 2 stderr. */
export type TtyWriter = (fd: 1 | 2, text: string) => void;

/** just-bash hands some writes as a latin1-shaped byte string ("binary"): back to text. */
function terminalText(content: FileContent, options?: WriteFileOptions | BufferEncoding): string {
  if (typeof content !== "string") return decoder.decode(content);
  const enc = typeof options === "string" ? options : options?.encoding;
  if (enc !== "binary" && enc !== "latin1") return content;
  const bytes = new Uint8Array(content.length);
  for (let i = 0; i < content.length; i++) bytes[i] = content.charCodeAt(i) & 0xff;
  return decoder.decode(bytes);
}

export class NodeFsAdapter implements IFileSystem {
  constructor(
    public readonly fs: NodeFs,
    private readonly tty?: TtyWriter,
  ) {}

  private toTerminal(path: string, content: FileContent, options?: WriteFileOptions | BufferEncoding): boolean {
    const fd = this.tty ? ttyStream(path) : null;
    if (fd === null) return false;
    const text = terminalText(content, options);
    if (text) this.tty!(fd, text);
    return true;
  }

  /** just-bash registers each command as an executable stub in /bin and /usr/bin through this. */
  writeFileSync(path: string, content: string): void {
    if (this.fs.tryRead(path) === content) return;
    try {
      this.fs.writeFile(path, content, 0o755);
    } catch {
      // a missing folder: no stub, the command stays unreachable by path as on a real machine
    }
  }

  readFile(path: string, _options?: ReadFileOptions | BufferEncoding): Promise<string> {
    return wrap(() => this.fs.readFile(path));
  }
  readFileBuffer(path: string): Promise<Uint8Array> {
    return wrap(() => encoder.encode(this.fs.readFile(path)));
  }
  writeFile(path: string, content: FileContent, _options?: WriteFileOptions | BufferEncoding): Promise<void> {
    if (this.toTerminal(path, content, _options)) return Promise.resolve();
    return wrap(() => this.fs.writeFile(path, toText(content)));
  }
  appendFile(path: string, content: FileContent, _options?: WriteFileOptions | BufferEncoding): Promise<void> {
    if (this.toTerminal(path, content, _options)) return Promise.resolve();
    return wrap(() => this.fs.appendFile(path, toText(content)));
  }
  exists(path: string): Promise<boolean> {
    // a loop's tick (loop-tick.ts): where a loop of builtins yields to the host, so Ctrl-C gets in
    if (this.tty && ttyStream(path) !== null) return Promise.resolve(true);
    return tickExists(path) ?? Promise.resolve(this.fs.exists(path));
  }
  stat(path: string): Promise<FsStat> {
    if (this.tty && ttyStream(path) !== null) return Promise.resolve({ isFile: true, isDirectory: false, isSymbolicLink: false, mode: 0o620, size: 0, mtime: new Date(0) });
    return wrap(() => toStat(this.fs.stat(path)));
  }
  lstat(path: string): Promise<FsStat> {
    return wrap(() => toStat(this.fs.lstat(path)));
  }
  mkdir(path: string, options?: MkdirOptions): Promise<void> {
    return wrap(() => this.fs.mkdir(path, !!options?.recursive));
  }
  readdir(path: string): Promise<string[]> {
    return wrap(() => this.fs.readdir(path));
  }
  readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    return wrap(() => this.fs.readdirTypes(path).map((e) => ({ name: e.name, isFile: e.type === "file", isDirectory: e.type === "dir", isSymbolicLink: e.type === "symlink" })));
  }
  rm(path: string, options?: RmOptions): Promise<void> {
    return wrap(() => this.fs.rm(path, !!options?.recursive, !!options?.force));
  }
  cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    return wrap(() => this.fs.copy(src, dest, !!options?.recursive));
  }
  mv(src: string, dest: string): Promise<void> {
    return wrap(() => this.fs.rename(src, dest));
  }
  resolvePath(base: string, path: string): string {
    return path.startsWith("/") ? normalizePath(path) : normalizePath(`${base}/${path}`);
  }
  getAllPaths(): string[] {
    return this.fs.allPaths();
  }
  chmod(path: string, mode: number): Promise<void> {
    return wrap(() => this.fs.chmod(path, mode));
  }
  symlink(target: string, linkPath: string): Promise<void> {
    return wrap(() => this.fs.symlink(target, linkPath));
  }
  link(existingPath: string, newPath: string): Promise<void> {
    return wrap(() => this.fs.copy(existingPath, newPath));
  }
  readlink(path: string): Promise<string> {
    return wrap(() => this.fs.readlink(path));
  }
  realpath(path: string): Promise<string> {
    return wrap(() => {
      const r = this.fs.realpath(path);
      if (r === undefined) throw new FsError("ENOENT", "realpath", path);
      return r;
    });
  }
  utimes(path: string, _atime: Date, mtime: Date): Promise<void> {
    return wrap(() => this.fs.utimes(path, labTime(mtime)));
  }
}

// A node's filesystem: in-memory, synchronous, and observable. The kubelet's file source
// listens to its change events the way the real one listens to inotify.

export type FsNode =
  | { type: "file"; content: string; mode: number; mtime: number }
  | { type: "dir"; mode: number; mtime: number; children: Map<string, FsNode> }
  | { type: "symlink"; target: string; mode: number; mtime: number };

export interface FsEvent {
  op: "write" | "remove" | "mkdir" | "chmod" | "rename";
  path: string;
}

/**
 * A directory opened for repeated use of its entries (NodeFs.dir and the …At methods, like
 * openat): it stays resolved while no node is removed, renamed or replaced, and is resolved again
 * by its path after. The …At methods behave exactly as the path methods on `${path}/${name}`.
 */
export interface DirHandle {
  readonly path: string;
  /** the directory, reached without a symlink (undefined: use the path methods) */
  node?: FsNode & { type: "dir" };
  /** the filesystem's generation node was resolved at */
  gen: number;
}

export class FsError extends Error {
  constructor(
    public code: "ENOENT" | "EEXIST" | "ENOTDIR" | "EISDIR" | "ENOTEMPTY" | "EINVAL" | "ELOOP" | "EACCES",
    public syscall: string,
    public path: string,
  ) {
    super(`${code}: ${describe(code)}, ${syscall} '${path}'`);
  }
}

function describe(code: string): string {
  switch (code) {
    case "ENOENT": return "no such file or directory";
    case "EEXIST": return "file already exists";
    case "ENOTDIR": return "not a directory";
    case "EISDIR": return "illegal operation on a directory";
    case "ENOTEMPTY": return "directory not empty";
    case "ELOOP": return "too many symbolic links encountered";
    case "EACCES": return "permission denied";
    default: return "invalid argument";
  }
}

/** Absolute, no empty, "." or ".." segment, no trailing slash: already normal (one pass, no regex). */
function isNormal(p: string): boolean {
  const n = p.length;
  if (n < 2 || p.charCodeAt(0) !== 47) return false;
  // at each "/": the segment after it is not empty, "." or ".."
  for (let i = 0; i < n; i++) {
    if (p.charCodeAt(i) !== 47) continue;
    if (i + 1 === n) return false; // trailing slash (or an empty last segment)
    const c1 = p.charCodeAt(i + 1);
    if (c1 === 47) return false; // empty segment
    if (c1 === 46) {
      // "." or ".." as the whole segment
      if (i + 2 === n || p.charCodeAt(i + 2) === 47) return false;
      if (p.charCodeAt(i + 2) === 46 && (i + 3 === n || p.charCodeAt(i + 3) === 47)) return false;
    }
  }
  return true;
}

export function normalizePath(p: string): string {
  if (isNormal(p)) return p;
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (!seg || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return "/" + parts.join("/");
}

export function dirname(p: string): string {
  const n = normalizePath(p);
  const i = n.lastIndexOf("/");
  return i <= 0 ? "/" : n.slice(0, i);
}

export function basename(p: string): string {
  const n = normalizePath(p);
  return n.slice(n.lastIndexOf("/") + 1);
}

export interface StatResult {
  type: "file" | "dir" | "symlink";
  mode: number;
  size: number;
  mtime: number;
}

export class NodeFs {
  private root: FsNode & { type: "dir" };
  private listeners = new Set<(e: FsEvent) => void>();
  /** the listeners as an array, taken when they last changed (emit iterates it: one added or removed meanwhile does not change a running emit) */
  private listenerList: ((e: FsEvent) => void)[] = [];

  constructor(private now: () => number) {
    this.root = { type: "dir", mode: 0o755, mtime: now(), children: new Map() };
  }

  onChange(fn: (e: FsEvent) => void): () => void {
    this.listeners.add(fn);
    this.listenerList = [...this.listeners];
    return () => {
      const had = this.listeners.delete(fn);
      this.listenerList = [...this.listeners];
      return had;
    };
  }

  private emit(op: FsEvent["op"], path: string): void {
    const ls = this.listenerList;
    if (!ls.length) return;
    const e = { op, path };
    for (let i = 0; i < ls.length; i++) ls[i](e);
  }

  /** set when a lookup followed a symlink (then the canonical path differs from the normal one) */
  private linked = false;

  /** The canonical path of a path just looked up (realpath only when a symlink was on the way). */
  private canonical(path: string): string {
    return this.linked ? (this.realpath(path) ?? normalizePath(path)) : normalizePath(path);
  }

  /*
   * Directories by normalised path, each reached without following a symlink (so its path is its
   * canonical path). Adding entries cannot change how an existing path resolves; removing,
   * renaming or replacing a node can, and empties the cache (dropDirs).
   */
  private dirs = new Map<string, FsNode & { type: "dir" }>();

  /** bumped whenever a node is removed, renamed or replaced: directory handles resolve again */
  private gen = 0;

  private dropDirs(): void {
    this.gen++;
    if (this.dirs.size) this.dirs.clear();
  }

  /** A handle on the directory at path (see DirHandle); resolved when first used. */
  dir(path: string): DirHandle {
    return { path: normalizePath(path), node: undefined, gen: -1 };
  }

  /** The handle's directory now, or undefined when the path methods must do the work. */
  private at(h: DirHandle, name: string): (FsNode & { type: "dir" }) | undefined {
    if (!name || name === "." || name === ".." || name.includes("/")) return undefined;
    if (h.gen !== this.gen || !h.node) {
      // (a handle whose directory did not exist is looked up again: mkdir does not bump the generation)
      const was = this.linked;
      this.linked = false;
      let n: FsNode | undefined;
      try {
        n = this.lookup(h.path);
      } catch {
        n = undefined;
      }
      h.node = n?.type === "dir" && !this.linked ? n : undefined;
      h.gen = this.gen;
      this.linked = was;
    }
    return h.node;
  }

  /** writeFile(`${h.path}/${name}`, …) */
  writeFileAt(h: DirHandle, name: string, content: string, mode?: number): void {
    const d = this.at(h, name);
    const cur = d?.children.get(name);
    if (!d || (cur && cur.type !== "file")) return this.writeFile(`${h.path}/${name}`, content, mode);
    const now = this.now();
    if (cur) {
      cur.content = content;
      cur.mtime = now;
      if (mode !== undefined) cur.mode = mode;
    } else {
      d.children.set(name, { type: "file", content, mode: mode ?? 0o644, mtime: now });
      d.mtime = now;
    }
    this.emit("write", `${h.path}/${name}`);
  }

  /** appendFile(`${h.path}/${name}`, …) */
  appendFileAt(h: DirHandle, name: string, content: string): void {
    const d = this.at(h, name);
    const cur = d?.children.get(name);
    if (!d || cur?.type !== "file") return this.appendFile(`${h.path}/${name}`, content);
    cur.content += content;
    cur.mtime = this.now();
    this.emit("write", `${h.path}/${name}`);
  }

  /** symlink(target, `${h.path}/${name}`) */
  symlinkAt(target: string, h: DirHandle, name: string): void {
    const d = this.at(h, name);
    if (!d || d.children.has(name)) return this.symlink(target, `${h.path}/${name}`);
    d.children.set(name, { type: "symlink", target, mode: 0o777, mtime: this.now() });
    this.emit("write", `${h.path}/${name}`);
  }

  /** rm(`${h.path}/${name}`, false, force) */
  rmAt(h: DirHandle, name: string, force = false): void {
    const d = this.at(h, name);
    const cur = d?.children.get(name);
    if (!d || !cur || cur.type === "dir") return this.rm(`${h.path}/${name}`, false, force);
    d.children.delete(name);
    d.mtime = this.now();
    this.emit("remove", `${h.path}/${name}`);
  }

  private keepDir(path: string, node: FsNode & { type: "dir" }): void {
    if (this.dirs.size >= 4096) this.dirs.clear();
    this.dirs.set(path, node);
  }

  /** Resolve a path to its node; follows symlinks (also in the last segment unless noFollowLast). */
  private lookup(path: string, noFollowLast = false, depth = 0): FsNode | undefined {
    if (depth > 40) throw new FsError("ELOOP", "stat", path);
    const n = normalizePath(path);
    let cur: FsNode = this.root;
    if (n === "/") return cur;
    const known = this.dirs.get(n);
    if (known) return known;
    // the parent directory known: only the last segment to resolve
    const slash = n.lastIndexOf("/");
    const parent = slash > 0 ? this.dirs.get(n.slice(0, slash)) : undefined;
    if (parent) {
      const next = parent.children.get(n.slice(slash + 1));
      if (!next) return undefined;
      if (next.type === "symlink" && !noFollowLast) {
        this.linked = true;
        const target = next.target.startsWith("/") ? next.target : n.slice(0, slash + 1) + next.target;
        return this.lookup(normalizePath(target), noFollowLast, depth + 1);
      }
      if (next.type === "dir") this.keepDir(n, next);
      return next;
    }
    // segment by segment without splitting: [start, end) is the segment after the "/" at start - 1
    let start = 1;
    let prev: FsNode = cur;
    while (start <= n.length) {
      let end = n.indexOf("/", start);
      if (end < 0) end = n.length;
      if (cur.type !== "dir") return undefined;
      const next: FsNode | undefined = cur.children.get(n.slice(start, end));
      if (!next) return undefined;
      const last = end === n.length;
      if (next.type === "symlink" && (!last || !noFollowLast)) {
        this.linked = true;
        // the path walked so far is built only here, for a relative target
        const target = next.target.startsWith("/") ? next.target : n.slice(0, start) + next.target;
        const rest = last ? "" : n.slice(end + 1);
        return this.lookup(normalizePath(target + (rest ? "/" + rest : "")), noFollowLast, depth + 1);
      }
      prev = cur;
      cur = next;
      start = end + 1;
    }
    // walked without a symlink: the parent (and the node, a directory) are known from now on
    if (prev.type === "dir" && slash > 0) this.keepDir(n.slice(0, slash), prev);
    if (cur.type === "dir") this.keepDir(n, cur);
    return cur;
  }

  /** The canonical path with symlinks resolved, or undefined when it does not exist. */
  realpath(path: string, depth = 0): string | undefined {
    if (depth > 40) return undefined;
    const parts = normalizePath(path).split("/").filter(Boolean);
    let cur: FsNode = this.root;
    let curPath = "";
    for (let i = 0; i < parts.length; i++) {
      if (cur.type !== "dir") return undefined;
      const next: FsNode | undefined = cur.children.get(parts[i]);
      if (!next) return undefined;
      if (next.type === "symlink") {
        const target = next.target.startsWith("/") ? next.target : (curPath || "/") + "/" + next.target;
        const rest = parts.slice(i + 1).join("/");
        return this.realpath(normalizePath(target + (rest ? "/" + rest : "")), depth + 1);
      }
      cur = next;
      curPath += "/" + parts[i];
    }
    return curPath || "/";
  }

  private parentDir(path: string, syscall: string): { dir: FsNode & { type: "dir" }; name: string; path: string } {
    const n = normalizePath(path);
    if (n === "/") throw new FsError("EISDIR", syscall, path);
    const i = n.lastIndexOf("/");
    const parent = this.lookup(i <= 0 ? "/" : n.slice(0, i));
    if (!parent) throw new FsError("ENOENT", syscall, path);
    if (parent.type !== "dir") throw new FsError("ENOTDIR", syscall, path);
    return { dir: parent, name: n.slice(i + 1), path: n };
  }

  exists(path: string): boolean {
    try {
      return this.lookup(path) !== undefined;
    } catch {
      return false;
    }
  }

  stat(path: string): StatResult {
    const node = this.lookup(path);
    if (!node) throw new FsError("ENOENT", "stat", path);
    return toStat(node);
  }

  lstat(path: string): StatResult {
    const node = this.lookup(path, true);
    if (!node) throw new FsError("ENOENT", "lstat", path);
    return toStat(node);
  }

  isDir(path: string): boolean {
    return this.lookup(path)?.type === "dir";
  }

  isFile(path: string): boolean {
    return this.lookup(path)?.type === "file";
  }

  readFile(path: string): string {
    const node = this.lookup(path);
    if (!node) throw new FsError("ENOENT", "open", path);
    if (node.type === "dir") throw new FsError("EISDIR", "read", path);
    if (node.type !== "file") throw new FsError("EINVAL", "read", path);
    return node.content;
  }

  /** Returns the content or undefined; never throws. */
  tryRead(path: string): string | undefined {
    try {
      return this.readFile(path);
    } catch {
      return undefined;
    }
  }

  writeFile(path: string, content: string, mode?: number): void {
    this.linked = false;
    const existing = this.lookup(path);
    if (existing?.type === "dir") throw new FsError("EISDIR", "open", path);
    if (existing?.type === "file") {
      existing.content = content;
      existing.mtime = this.now();
      if (mode !== undefined) existing.mode = mode;
      this.emit("write", this.canonical(path));
      return;
    }
    this.linked = false;
    const { dir, name, path: p } = this.parentDir(path, "open");
    if (dir.children.has(name)) this.dropDirs(); // (a dangling symlink replaced)
    dir.children.set(name, { type: "file", content, mode: mode ?? 0o644, mtime: this.now() });
    dir.mtime = this.now();
    this.emit("write", this.canonical(p));
  }

  /**
   * writeFile whose content is produced when it is read (by anyone: readFile, stat, a snapshot of
   * the filesystem), for a large file that changes all the time and is rarely read (etcd's
   * backend). A later writeFile to the file fixes its content again.
   */
  writeFileLazy(path: string, produce: () => string, mode?: number): void {
    this.writeFile(path, "", mode);
    const node = this.lookup(path);
    if (node?.type !== "file") return;
    let fixed: string | undefined;
    Object.defineProperty(node, "content", {
      enumerable: true,
      configurable: true,
      get: () => fixed ?? produce(),
      set: (v: string) => {
        fixed = v;
      },
    });
  }

  appendFile(path: string, content: string): void {
    this.linked = false;
    const existing = this.lookup(path);
    if (existing?.type === "file") {
      existing.content += content;
      existing.mtime = this.now();
      this.emit("write", this.canonical(path));
    } else this.writeFile(path, content);
  }

  mkdir(path: string, recursive = false, mode = 0o755): void {
    const n = normalizePath(path);
    if (n === "/") {
      if (recursive) return;
      throw new FsError("EEXIST", "mkdir", path);
    }
    const existing = this.lookup(n);
    if (existing) {
      if (recursive && existing.type === "dir") return;
      throw new FsError("EEXIST", "mkdir", path);
    }
    if (recursive) {
      const parent = dirname(n);
      if (!this.exists(parent)) this.mkdir(parent, true, mode);
    }
    const { dir, name } = this.parentDir(n, "mkdir");
    if (dir.children.has(name)) this.dropDirs(); // (a dangling symlink replaced)
    dir.children.set(name, { type: "dir", mode, mtime: this.now(), children: new Map() });
    dir.mtime = this.now();
    this.emit("mkdir", n);
  }

  readdir(path: string): string[] {
    const node = this.lookup(path);
    if (!node) throw new FsError("ENOENT", "scandir", path);
    if (node.type !== "dir") throw new FsError("ENOTDIR", "scandir", path);
    return [...node.children.keys()].sort();
  }

  readdirTypes(path: string): { name: string; type: FsNode["type"] }[] {
    const node = this.lookup(path);
    if (!node) throw new FsError("ENOENT", "scandir", path);
    if (node.type !== "dir") throw new FsError("ENOTDIR", "scandir", path);
    return [...node.children.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, n]) => ({ name, type: n.type }));
  }

  rm(path: string, recursive = false, force = false): void {
    const n = normalizePath(path);
    let node: FsNode | undefined;
    try {
      node = this.lookup(n, true);
    } catch {
      node = undefined;
    }
    if (!node) {
      if (force) return;
      throw new FsError("ENOENT", "rm", path);
    }
    if (node.type === "dir" && node.children.size && !recursive) throw new FsError("ENOTEMPTY", "rm", path);
    const { dir, name } = this.parentDir(n, "rm");
    const removed: string[] = [];
    collectPaths(node, n, removed);
    // (the kept directories were reached through directories only: removing a file or a symlink changes none of them)
    if (node.type === "dir") this.dropDirs();
    dir.children.delete(name);
    dir.mtime = this.now();
    for (const p of removed.reverse()) this.emit("remove", p);
  }

  rename(src: string, dest: string): void {
    const s = normalizePath(src);
    const node = this.lookup(s, true);
    if (!node) throw new FsError("ENOENT", "rename", src);
    let d = normalizePath(dest);
    const destNode = this.lookup(d);
    if (destNode?.type === "dir") d = d + "/" + basename(s);
    if (d === s) return;
    const from = this.parentDir(s, "rename");
    const to = this.parentDir(d, "rename");
    const removed: string[] = [];
    collectPaths(node, s, removed);
    this.dropDirs();
    from.dir.children.delete(from.name);
    to.dir.children.set(to.name, node);
    from.dir.mtime = to.dir.mtime = this.now();
    for (const p of removed.reverse()) this.emit("remove", p);
    const added: string[] = [];
    collectPaths(node, d, added);
    for (const p of added) this.emit("write", p);
  }

  copy(src: string, dest: string, recursive = false): void {
    const node = this.lookup(src);
    if (!node) throw new FsError("ENOENT", "copyfile", src);
    let d = normalizePath(dest);
    if (this.lookup(d)?.type === "dir") d = d + "/" + basename(src);
    if (node.type === "file") {
      this.writeFile(d, node.content, node.mode);
      return;
    }
    if (node.type === "dir") {
      if (!recursive) throw new FsError("EISDIR", "copyfile", src);
      if (!this.exists(d)) this.mkdir(d, false, node.mode);
      for (const name of [...node.children.keys()].sort()) this.copy(normalizePath(src) + "/" + name, d + "/" + name, true);
      return;
    }
    this.symlink(node.target, d);
  }

  chmod(path: string, mode: number): void {
    const node = this.lookup(path);
    if (!node) throw new FsError("ENOENT", "chmod", path);
    node.mode = mode;
    this.emit("chmod", this.realpath(path) ?? normalizePath(path));
  }

  /** Set a file's modification time (undefined: now, on this filesystem's clock). */
  utimes(path: string, mtime: number | undefined): void {
    const node = this.lookup(path);
    if (!node) throw new FsError("ENOENT", "utime", path);
    node.mtime = mtime ?? this.now();
    this.emit("chmod", this.realpath(path) ?? normalizePath(path));
  }

  symlink(target: string, linkPath: string): void {
    if (this.lookup(linkPath, true)) throw new FsError("EEXIST", "symlink", linkPath);
    const { dir, name, path } = this.parentDir(linkPath, "symlink");
    dir.children.set(name, { type: "symlink", target, mode: 0o777, mtime: this.now() });
    this.emit("write", path);
  }

  readlink(path: string): string {
    const node = this.lookup(path, true);
    if (!node) throw new FsError("ENOENT", "readlink", path);
    if (node.type !== "symlink") throw new FsError("EINVAL", "readlink", path);
    return node.target;
  }

  /** Every path in the tree (for glob matching). */
  allPaths(): string[] {
    const out: string[] = [];
    collectPaths(this.root, "/", out);
    return out;
  }

  /** Serializable snapshot (for persistence) and its inverse. */
  toJSON(): unknown {
    return serialize(this.root);
  }
  static fromJSON(data: unknown, now: () => number): NodeFs {
    const fs = new NodeFs(now);
    fs.root = deserialize(data) as FsNode & { type: "dir" };
    return fs;
  }
}

function toStat(node: FsNode): StatResult {
  return {
    type: node.type,
    mode: node.mode,
    size: node.type === "file" ? new TextEncoder().encode(node.content).length : node.type === "dir" ? 4096 : node.target.length,
    mtime: node.mtime,
  };
}

function collectPaths(node: FsNode, path: string, out: string[]): void {
  out.push(path);
  if (node.type === "dir") {
    for (const [name, child] of node.children) collectPaths(child, (path === "/" ? "" : path) + "/" + name, out);
  }
}

type Ser = [string, number, number, unknown];
function serialize(node: FsNode): Ser {
  if (node.type === "file") return ["f", node.mode, node.mtime, node.content];
  if (node.type === "symlink") return ["l", node.mode, node.mtime, node.target];
  return ["d", node.mode, node.mtime, [...node.children].map(([k, v]) => [k, serialize(v)])];
}
function deserialize(s: unknown): FsNode {
  const [t, mode, mtime, payload] = s as Ser;
  if (t === "f") return { type: "file", mode, mtime, content: payload as string };
  if (t === "l") return { type: "symlink", mode, mtime, target: payload as string };
  return { type: "dir", mode, mtime, children: new Map((payload as [string, Ser][]).map(([k, v]) => [k, deserialize(v)])) };
}

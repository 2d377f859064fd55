// What every just-bash filesystem over an engine NodeFs needs (the terminal's per-node shell in
// src/shell, a container's shell for kubectl exec): engine stats as just-bash's FsStat, and the
// engine's FsError as the Node-style error (with its `code`) just-bash's commands print.

import type { FsStat } from "just-bash";
import { FsError, type StatResult } from "../engine/node/fs.ts";

export function toStat(s: StatResult): FsStat {
  return {
    isFile: s.type === "file",
    isDirectory: s.type === "dir",
    isSymbolicLink: s.type === "symlink",
    mode: s.mode,
    size: s.size,
    mtime: new Date(s.mtime),
  };
}

export function rethrow(e: unknown): never {
  if (e instanceof FsError) {
    const err = new Error(e.message) as Error & { code: string };
    err.code = e.code;
    throw err;
  }
  throw e;
}

/** Run a synchronous engine call as just-bash's async filesystem API expects. */
export function wrap<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    try {
      rethrow(e);
    } catch (err) {
      return Promise.reject(err);
    }
  }
}

/** strerror() of the codes the engine's filesystem raises */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EACCES: "Permission denied",
  EEXIST: "File exists",
  ENOTEMPTY: "Directory not empty",
  ELOOP: "Too many levels of symbolic links",
};

/**
 * A filesystem error that escaped just-bash (a redirect: just-bash lets it end the whole line):
 * its code, strerror text and the path the engine named, or null when it is not one.
 */
export function escapedFsError(err: unknown): { code: string; text: string; path?: string } | null {
  const e = err as { code?: string; message?: string };
  const text = e?.code ? ERRNO_TEXT[e.code] : undefined;
  if (!text) return null;
  return { code: e.code!, text, path: /'([^']*)'/.exec(e.message ?? "")?.[1] };
}

/**
 * The time a just-bash utimes() asks for, on the lab's clock: touch without -d passes the page's
 * real "now" (new Date()), which would put the file hours away from the cluster's time; a date
 * within seconds of the real clock is that "now" (undefined: the filesystem's own clock).
 */
export function labTime(d: Date): number | undefined {
  const t = d.getTime();
  return Math.abs(t - Date.now()) < 5000 ? undefined : t;
}

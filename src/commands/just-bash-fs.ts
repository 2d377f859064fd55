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

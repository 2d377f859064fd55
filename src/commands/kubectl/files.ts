// The local files kubectl reads (--from-file, --from-env-file, -f, --cert …), on this machine's
// filesystem, with Go's os error texts.

import type { RunCtx } from "./cobra.ts";
import { FsError } from "../../engine/node/fs.ts";

export class LocalFileError extends Error {
  constructor(public errno: "no such file or directory" | "is a directory" | "permission denied" | "not a directory", public path: string) {
    super(errno);
  }
}

function fs(ctx: RunCtx) {
  return ctx.lab.machine?.fs;
}

export function absPath(ctx: RunCtx, p: string): string {
  return ctx.lab.resolve(ctx.io.cwd, p);
}

export function statLocal(ctx: RunCtx, p: string): "file" | "dir" {
  const f = fs(ctx);
  const abs = absPath(ctx, p);
  if (!f || !f.exists(abs)) throw new LocalFileError("no such file or directory", p);
  return f.isDir(abs) ? "dir" : "file";
}

export function readLocal(ctx: RunCtx, p: string): string {
  const f = fs(ctx);
  if (!f) throw new LocalFileError("no such file or directory", p);
  try {
    return f.readFile(absPath(ctx, p));
  } catch (e) {
    if (e instanceof FsError) {
      if (e.code === "EISDIR") throw new LocalFileError("is a directory", p);
      if (e.code === "EACCES") throw new LocalFileError("permission denied", p);
      if (e.code === "ENOTDIR") throw new LocalFileError("not a directory", p);
      throw new LocalFileError("no such file or directory", p);
    }
    throw e;
  }
}

/** Regular files of a directory, sorted by name (os.ReadDir). */
export function listLocal(ctx: RunCtx, dir: string): string[] {
  const f = fs(ctx)!;
  const abs = absPath(ctx, dir);
  return f
    .readdirTypes(abs)
    .filter((e) => e.type === "file")
    .map((e) => e.name)
    .sort();
}

export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** base64 of the UTF-8 bytes of s (Go's encoding of []byte fields). */
export function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function unbase64(s: string): string {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

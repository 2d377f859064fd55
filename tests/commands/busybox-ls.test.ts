// busybox ls (the busybox and alpine images' ls) against goldens recorded from the real busybox
// (tests/golden/busybox-ls/record.mjs) on the same tree: long format, columns at a terminal,
// -a/-A/-d/-h/-S/-r/-F/-n/-R, several operands, a missing one. The replay reads the tree through
// node:fs with directory sizes of 4096, as the lab's filesystem has them.
import * as nfs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBusyboxLs } from "../../src/commands/ls/busybox-ls.ts";
import type { LsFs } from "../../src/commands/ls/ls.ts";
// @ts-expect-error a plain .mjs module of the golden recorder
import { buildTree, RECORDED_AT } from "../golden/busybox-ls/tree.mjs";

const golden = JSON.parse(nfs.readFileSync(join(import.meta.dirname, "../golden/busybox-ls/cases.json"), "utf8")) as { cases: { args: string[]; tty: boolean; stdout: string; stderr: string; status: number }[] };

const conv = (s: nfs.Stats) => ({ type: s.isDirectory() ? "dir" : s.isSymbolicLink() ? "symlink" : "file", mode: s.mode & 0o7777, size: s.isDirectory() ? 4096 : s.size, mtime: Math.floor(s.mtimeMs / 1000) * 1000 }) as const;
const realFs: LsFs = {
  stat: (p) => conv(nfs.statSync(p)),
  lstat: (p) => conv(nfs.lstatSync(p)),
  readdir: (p) => nfs.readdirSync(p),
  readdirTypes: (p) => nfs.readdirSync(p, { withFileTypes: true }).map((d) => ({ name: d.name, type: d.isDirectory() ? "dir" : d.isSymbolicLink() ? "symlink" : "file" })),
  readlink: (p) => nfs.readlinkSync(p),
} as LsFs;

describe("busybox ls replays the real busybox's output", () => {
  let root: string;
  beforeAll(() => {
    root = nfs.mkdtempSync(join(tmpdir(), "bb-ls-"));
    buildTree(root);
  });
  afterAll(() => nfs.rmSync(root, { recursive: true, force: true }));

  for (const c of golden.cases) {
    it(`${c.tty ? "[tty] " : ""}ls ${c.args.join(" ")}`, () => {
      const r = runBusyboxLs(c.args, { cwd: root, env: c.tty ? { COLUMNS: "80" } : {}, tty: c.tty }, realFs, RECORDED_AT, (cwd, p) => (p.startsWith("/") ? p : `${cwd}/${p}`));
      expect(r.stdout).toBe(c.stdout);
      expect(r.exitCode).toBe(c.status);
      // (the usage after an unknown option names the recording's busybox build; the image's is 1.36)
      if (c.args.includes("-z")) expect(r.stderr.split("\n")[0]).toBe(c.stderr.split("\n")[0]);
      else expect(r.stderr).toBe(c.stderr);
    });
  }

  it("colours at a terminal: bold blue directories, bold green executables, bold cyan links, reset after each", () => {
    const r = runBusyboxLs(["dir"], { cwd: root, env: { COLUMNS: "80" }, tty: true }, realFs, RECORDED_AT, (cwd, p) => `${cwd}/${p}`);
    expect(r.stdout).toContain("\x1b[1;34msub\x1b[m");
    expect(r.stdout).toContain("\x1b[1;32mrun.sh\x1b[m");
    expect(r.stdout).toContain("\x1b[1;36mlink\x1b[m");
    expect(r.stdout).toContain("\x1b[0;0mfile.txt\x1b[m");
  });
});

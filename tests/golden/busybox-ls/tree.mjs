// The directory tree the busybox ls goldens were recorded on (record.mjs) and the test replays
// (tests/commands/busybox-ls.test.ts): files, an executable, links (one dangling), a hidden file,
// a big file, a directory of many names for the column layout; fixed modification times.
import { mkdirSync, symlinkSync, utimesSync, lutimesSync, writeFileSync, chmodSync, lstatSync } from "node:fs";
import { join } from "node:path";

/** when the goldens were recorded (ls's "recent" window is measured from it) */
export const RECORDED_AT = Date.parse("2026-11-23T04:10:00Z");
const RECENT = new Date("2026-11-20T09:30:00Z");
const OLD = new Date("2025-01-02T03:04:05Z");

export function buildTree(root) {
  mkdirSync(join(root, "dir/sub"), { recursive: true });
  mkdirSync(join(root, "emptydir"));
  writeFileSync(join(root, "dir/file.txt"), "hello\n");
  writeFileSync(join(root, "dir/run.sh"), "#!/bin/sh\n");
  chmodSync(join(root, "dir/run.sh"), 0o755);
  writeFileSync(join(root, "dir/big.bin"), Buffer.alloc(5000));
  writeFileSync(join(root, "dir/.hidden"), "");
  symlinkSync("file.txt", join(root, "dir/link"));
  symlinkSync("/nowhere", join(root, "dir/dangling"));
  for (const n of "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega".split(" ")) writeFileSync(join(root, `dir/sub/${n}-file`), "");
  // times: children first (writing into a directory moves its mtime)
  for (const p of ["dir/file.txt"]) utimesSync(join(root, p), OLD, OLD);
  for (const p of ["dir/link", "dir/dangling"]) lutimesSync(join(root, p), RECENT, RECENT);
  for (const p of ["dir/run.sh", "dir/big.bin", "dir/.hidden", ...("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega".split(" ").map((n) => `dir/sub/${n}-file`)), "dir/sub", "emptydir", "dir", "."]) utimesSync(join(root, p), RECENT, RECENT);
  return (p) => lstatSync(join(root, p));
}

/** ls invocations recorded: [args, on a terminal (80 columns)] */
export const CASES = [
  [["-l", "dir"], false], [["dir"], false], [["-la", "dir"], false], [["-lA", "dir"], false], [["-1", "dir/sub"], false],
  [["-l", "dir/file.txt", "dir/link", "nope"], false], [["-ld", "dir", "emptydir"], false], [["-lh", "dir"], false], [["-lS", "dir"], false],
  [["-F", "dir"], false], [["-ln", "dir"], false], [["-z"], false], [["dir", "emptydir"], false], [["-lr", "dir"], false], [["-R", "dir"], false],
  [["--color=never", "dir/sub"], true], [["--color=never", "dir"], true], [["--color=never", "-a", "dir"], true], [["--color=never", "-x", "dir/sub"], true], [["--color=never", "-F", "dir"], true],
];

// Record what busybox ls prints for tree.mjs's tree (run where busybox and script(1) exist:
// node tests/golden/busybox-ls/record.mjs). Writes cases.json next to this file. Directory sizes
// are 4096 (ext4), as the lab's filesystem has them; run it on ext4 (not tmpfs).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTree, CASES, RECORDED_AT } from "./tree.mjs";

const root = mkdtempSync(join(tmpdir(), "bb-ls-"));
buildTree(root);
const version = execFileSync("busybox", [], { encoding: "utf8" }).split("\n")[0];
const out = [];
for (const [args, tty] of CASES) {
  let r;
  if (tty) {
    const line = ["stty cols 80;", "busybox", "ls", ...args.map((a) => `'${a}'`)].join(" ");
    const raw = execFileSync("script", ["-qc", line, "/dev/null"], { cwd: root, encoding: "utf8" });
    r = { stdout: raw.replace(/\r\n/g, "\n"), stderr: "", status: 0 };
  } else {
    try {
      r = { stdout: execFileSync("busybox", ["ls", ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }), stderr: "", status: 0 };
    } catch (e) {
      r = { stdout: e.stdout, stderr: e.stderr, status: e.status };
    }
  }
  out.push({ args, tty, ...r });
}
writeFileSync(join(import.meta.dirname, "cases.json"), JSON.stringify({ busybox: version, recordedAt: new Date(RECORDED_AT).toISOString(), cases: out }, null, 1) + "\n");
rmSync(root, { recursive: true, force: true });
console.log(`recorded ${out.length} cases with ${version}`);

// The node filesystem's path handling against references: normalizePath against the regex
// version it replaced, and lookups through symlinks against the real kernel (the same tree built
// in a temporary directory). Paths use no ".." (the lab resolves it lexically, as its shells do).
import { lstatSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { NodeFs, normalizePath } from "../../src/engine/node/fs.ts";

const NORMAL_PATH = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;
function refNormalize(p: string): string {
  if (NORMAL_PATH.test(p)) return p;
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (!seg || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return "/" + parts.join("/");
}

test("normalizePath: the one-pass check gives what the regex version gave", () => {
  const piece = fc.constantFrom("/", ".", "..", "a", "b.", ".c", "...", "//", "x/", "..d", "e..");
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join("")), (p) => {
      expect(normalizePath(p)).toBe(refNormalize(p));
      expect(normalizePath("/" + p)).toBe(refNormalize("/" + p));
    }),
    { numRuns: 5000 },
  );
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test("lookups through symlinks resolve as the kernel resolves them", () => {
  const names = ["a", "b", "c"];
  const rel = fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }).map((a) => a.join("/"));
  const entry = fc.record({
    path: rel,
    kind: fc.constantFrom("dir", "file", "abs-link", "rel-link"),
    target: rel,
  });
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 10 }), fc.array(rel, { minLength: 1, maxLength: 8 }), (entries, probes) => {
      const real = mkdtempSync(join(tmpdir(), "kubelab-fs-"));
      dirs.push(real);
      const fs = new NodeFs(() => 0);
      fs.mkdir("/r", true);
      for (const e of entries) {
        const parent = e.path.includes("/") ? e.path.slice(0, e.path.lastIndexOf("/")) : "";
        // build only where the parent is a real directory in both (no creation through links)
        let ok = true;
        try {
          ok = statSync(join(real, parent)).isDirectory() && fs.isDir("/r/" + parent);
        } catch {
          ok = false;
        }
        let realExists = true;
        try {
          lstatSync(join(real, e.path), { throwIfNoEntry: true }); // a dangling link exists too
        } catch {
          realExists = false;
        }
        if (!ok || realExists) continue;
        if (e.kind === "dir") {
          mkdirSync(join(real, e.path));
          fs.mkdir("/r/" + e.path);
        } else if (e.kind === "file") {
          writeFileSync(join(real, e.path), "x");
          fs.writeFile("/r/" + e.path, "x");
        } else if (e.kind === "abs-link") {
          symlinkSync(join(real, e.target), join(real, e.path));
          fs.symlink("/r/" + e.target, "/r/" + e.path);
        } else {
          // relative to the link's directory
          symlinkSync(e.target, join(real, e.path));
          fs.symlink(e.target, "/r/" + e.path);
        }
      }
      for (const p of probes) {
        let kind = "none";
        try {
          const st = statSync(join(real, p));
          kind = st.isDirectory() ? "dir" : "file";
        } catch (err) {
          kind = (err as NodeJS.ErrnoException).code === "ELOOP" ? "loop" : "none";
        }
        let lab = "none";
        try {
          lab = fs.isDir("/r/" + p) ? "dir" : fs.isFile("/r/" + p) ? "file" : "none";
        } catch {
          lab = "loop";
        }
        expect(lab, `${p} in ${JSON.stringify(entries)}`).toBe(kind === "loop" ? "loop" : kind);
      }
      rmSync(real, { recursive: true, force: true });
    }),
    { numRuns: 300 },
  );
});

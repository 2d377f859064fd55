// The node filesystem's path handling against references: normalizePath against the regex
// version it replaced, and lookups through symlinks against the real kernel (the same tree built
// in a temporary directory). Paths use no ".." (the lab resolves it lexically, as its shells do).
import { lstatSync, mkdtempSync, mkdirSync, renameSync, rmSync, symlinkSync, statSync, writeFileSync } from "node:fs";
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

test("lookups stay right while directories, links and files are removed and renamed (the directory cache)", () => {
  const names = ["a", "b", "c"];
  const rel = fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }).map((a) => a.join("/"));
  const op = fc.oneof(
    fc.record({ op: fc.constantFrom("dir", "file", "abs-link", "rel-link"), path: rel, target: rel }),
    fc.record({ op: fc.constant("rm"), path: rel, target: rel }),
    fc.record({ op: fc.constant("mv"), path: rel, target: rel }),
    fc.record({ op: fc.constant("probe"), path: rel, target: rel }),
  );
  const kindReal = (real: string, p: string) => {
    try {
      return statSync(join(real, p)).isDirectory() ? "dir" : "file";
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === "ELOOP" ? "loop" : "none";
    }
  };
  const kindLab = (fs: NodeFs, p: string) => {
    try {
      return fs.isDir("/r/" + p) ? "dir" : fs.isFile("/r/" + p) ? "file" : "none";
    } catch {
      return "loop";
    }
  };
  const lexists = (real: string, p: string) => {
    try {
      lstatSync(join(real, p));
      return true;
    } catch {
      return false;
    }
  };
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
      const real = mkdtempSync(join(tmpdir(), "kubelab-fs-"));
      dirs.push(real);
      const fs = new NodeFs(() => 0);
      fs.mkdir("/r", true);
      for (const o of ops) {
        const parent = o.path.includes("/") ? o.path.slice(0, o.path.lastIndexOf("/")) : "";
        // only where the parent is a directory reached the same way in both, and the kernel agrees on the entry
        const parentOk = (parent === "" || kindReal(real, parent) === "dir") && (parent === "" || kindLab(fs, parent) === "dir");
        if (o.op === "probe") {
          for (const p of [o.path, o.target]) expect(kindLab(fs, p), `${p} after ${JSON.stringify(ops)}`).toBe(kindReal(real, p));
          continue;
        }
        if (!parentOk) continue;
        if (o.op === "rm") {
          if (!lexists(real, o.path)) continue;
          rmSync(join(real, o.path), { recursive: true, force: true });
          fs.rm("/r/" + o.path, true, true);
          continue;
        }
        if (o.op === "mv") {
          const tparent = o.target.includes("/") ? o.target.slice(0, o.target.lastIndexOf("/")) : "";
          if (!lexists(real, o.path) || lexists(real, o.target) || o.target === o.path || o.target.startsWith(o.path + "/")) continue;
          if (tparent !== "" && (kindReal(real, tparent) !== "dir" || kindLab(fs, tparent) !== "dir")) continue;
          // only plain directories on the way (a rename through a link resolves differently in a shell)
          if (fs.realpath("/r/" + (tparent || ".")) !== "/r" + (tparent ? "/" + tparent : "") || fs.realpath("/r/" + (parent || ".")) !== "/r" + (parent ? "/" + parent : "")) continue;
          renameSync(join(real, o.path), join(real, o.target));
          fs.rename("/r/" + o.path, "/r/" + o.target);
          continue;
        }
        if (lexists(real, o.path)) continue;
        if (o.op === "dir") {
          mkdirSync(join(real, o.path));
          fs.mkdir("/r/" + o.path);
        } else if (o.op === "file") {
          writeFileSync(join(real, o.path), "x");
          fs.writeFile("/r/" + o.path, "x");
        } else if (o.op === "abs-link") {
          symlinkSync(join(real, o.target), join(real, o.path));
          fs.symlink("/r/" + o.target, "/r/" + o.path);
        } else {
          symlinkSync(o.target, join(real, o.path));
          fs.symlink(o.target, "/r/" + o.path);
        }
      }
      for (const p of ["a", "b", "c", "a/b", "b/c", "c/a", "a/a/a", "b/b", "c/c/c"]) expect(kindLab(fs, p), `${p} after ${JSON.stringify(ops)}`).toBe(kindReal(real, p));
      rmSync(real, { recursive: true, force: true });
    }),
    { numRuns: 400 },
  );
});

test("directory handles: each …At method does exactly what its path method does (tree, events, errors), also after the directory is removed, renamed or re-created", () => {
  const names = ["a", "b", "x.log", "l"];
  const dirPath = fc.constantFrom("/d", "/d/a", "/e", "/d/l");
  const step = fc.oneof(
    fc.record({ op: fc.constantFrom("write", "append", "symlink", "rm"), dir: dirPath, name: fc.constantFrom(...names), content: fc.constantFrom("", "1", "22") }),
    fc.record({ op: fc.constantFrom("mkdir", "rmdir", "mvdir", "link-dir", "file-at-dir"), dir: dirPath, name: fc.constantFrom(...names), content: fc.constant("") }),
  );
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
      let t = 0;
      const now = () => t;
      const a = new NodeFs(now), b = new NodeFs(now);
      const evA: string[] = [], evB: string[] = [];
      a.onChange((e) => evA.push(`${e.op} ${e.path}`));
      b.onChange((e) => evB.push(`${e.op} ${e.path}`));
      for (const f of [a, b]) f.mkdir("/d/a", true);
      const handles = new Map<string, ReturnType<NodeFs["dir"]>>();
      const h = (p: string) => handles.get(p) ?? (handles.set(p, b.dir(p)), handles.get(p)!);
      const run = (fn: () => void) => {
        try {
          fn();
          return "ok";
        } catch (e) {
          return (e as Error).message;
        }
      };
      for (const s of steps) {
        t += 1000;
        const path = `${s.dir}/${s.name}`;
        let ra: string, rb: string;
        switch (s.op) {
          case "write":
            ra = run(() => a.writeFile(path, s.content, 0o640));
            rb = run(() => b.writeFileAt(h(s.dir), s.name, s.content, 0o640));
            break;
          case "append":
            ra = run(() => a.appendFile(path, s.content));
            rb = run(() => b.appendFileAt(h(s.dir), s.name, s.content));
            break;
          case "symlink":
            ra = run(() => a.symlink("/d/a", path));
            rb = run(() => b.symlinkAt("/d/a", h(s.dir), s.name));
            break;
          case "rm":
            ra = run(() => a.rm(path, false, true));
            rb = run(() => b.rmAt(h(s.dir), s.name, true));
            break;
          default: {
            // the same change to both through the path methods
            const change = (f: NodeFs) => {
              if (s.op === "mkdir") f.mkdir(s.dir, true);
              else if (s.op === "rmdir") f.rm(s.dir, true, true);
              else if (s.op === "mvdir") f.rename(s.dir, "/moved-" + t);
              else if (s.op === "link-dir") f.symlink("/d/a", s.dir);
              else f.writeFile(s.dir, "file where a directory was");
            };
            ra = run(() => change(a));
            rb = run(() => change(b));
          }
        }
        expect(rb, `${JSON.stringify(s)} in ${JSON.stringify(steps)}`).toBe(ra);
        expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
        expect(evB).toEqual(evA);
      }
    }),
    { numRuns: 500 },
  );
});

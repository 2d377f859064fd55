// kubectl delete -f against the oracle's stub (every object request answers NotFound), replaying
// tests/golden/kubectl-delete-file-corpus.json: each entry writes its file with printf, then runs kubectl.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import { NodeFs } from "../../src/engine/node/fs.ts";
import { fakeLab, io, shellSplit } from "./fake.ts";

interface Entry { cmd: string; stdout: string; stderr: string; exit: number }
const corpus: Entry[] = JSON.parse(readFileSync(new URL("../golden/kubectl-delete-file-corpus.json", import.meta.url), "utf8"));

describe("kubectl delete -f (recorded)", () => {
  for (const e of corpus) {
    it(e.cmd.replace(/^printf .*?; /, ""), async () => {
      const lab = fakeLab({ stub: true });
      const fs = new NodeFs(lab.now);
      fs.mkdir("/root", true);
      lab.machine = { fs } as never;
      let line = e.cmd;
      const m = /^printf '([^']*)' > (\S+); (.*)$/.exec(line);
      if (m) {
        fs.writeFile(`/root/${m[2]}`, m[1].replace(/\\n/g, "\n"));
        line = m[3];
      }
      const r = await kubectl.run(shellSplit(line).slice(1), io, lab);
      expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exitCode }).toEqual({ stdout: e.stdout, stderr: e.stderr, exit: e.exit });
    });
  }
});

// Replays the real kubectl 1.32 corpora (recorded with ../shared/oracle/record.mjs against the
// discovery stub) through our kubectl and compares stdout, stderr and the exit code byte for byte.

import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { NodeFs } from "../../src/engine/node/fs.ts";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import { fakeLab, io, shellSplit } from "../kubectl/fake.ts";

interface Entry { cmd: string; stdout: string; stderr: string; exit: number; stderr_stable: string }

const load = (f: string): Entry[] => JSON.parse(readFileSync(new URL(f, import.meta.url), "utf8"));
const corpora: Record<string, Entry[]> = {
  "kubectl-1.32-client-corpus.json": load("./kubectl-1.32-client-corpus.json"),
  "kubectl-extra-corpus.json": load("./kubectl-extra-corpus.json"),
  "kubectl-help-corpus.json": load("./kubectl-help-corpus.json"),
  "kubectl-config-corpus.json": load("./kubectl-config-corpus.json"),
  "kubectl-completion-corpus.json": load("./kubectl-completion-corpus.json"),
  "kubectl-autoscale-corpus.json": load("./kubectl-autoscale-corpus.json"),
  "kubectl-auth-corpus.json": load("./kubectl-auth-corpus.json"),
};

/** Entries not supported yet, with the reason. Everything else must match exactly. */
const UNSUPPORTED: [RegExp, string][] = [
  [/&&|\|/, "a pipeline or list (replayed by the shell tests, not here)"],
  [/^kubectl config current-context/, ""],
  [/^kubectl (get|delete) .*-n dev/, "the stub answers `namespaces \"dev\" not found` (stub artefact)"],
  [/^kubectl run --image=nginx -- sleep 10$/, "stub: POST answered by 404"],
  [/\u0085/, "the recorded argv was not U+0085 (bash $'…' re-encoding); kubectl printed ' ' instead of \"\\N\""],
];

/** The recorder runs every command in a fresh copy of the oracle's fixtures folder. */
function fixtureFs(now: () => number, corpus: string): NodeFs {
  const fs = new NodeFs(now);
  fs.mkdir("/root/.kube", true);
  // the recorder's throwaway kubeconfig (its stub port as recorded)
  void corpus;
  const view = corpora["kubectl-config-corpus.json"].find((e) => e.cmd === "kubectl config view --raw");
  if (view) fs.writeFile("/root/.kube/config", view.stdout);
  const dir = new URL("./fixtures/", import.meta.url);
  for (const f of readdirSync(dir)) fs.writeFile(`/root/${f}`, readFileSync(new URL(f, dir), "utf8"));
  return fs;
}

const KLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s+\d+ /gm;
const stable = (s: string) => s.replace(KLOG, "$1MMDD hh:mm:ss.uuuuuu     PID ");

for (const [file, entries] of Object.entries(corpora)) {
  describe(file, () => {
    const skipped: string[] = [];
    for (const e of entries) {
      const why = UNSUPPORTED.find(([re]) => re.test(e.cmd));
      if (why && why[1] !== "") {
        skipped.push(`${e.cmd}  (${why[1]})`);
        continue;
      }
      it(e.cmd, async () => {
        const argv = shellSplit(e.cmd);
        expect(argv[0]).toBe("kubectl");
        const lab = fakeLab({ stub: true });
        lab.machine = { fs: fixtureFs(lab.now, file) } as never;
        const r = await kubectl.run(argv.slice(1), io, lab);
        expect({ stdout: r.stdout, stderr: stable(r.stderr), exit: r.exitCode }).toEqual({ stdout: e.stdout, stderr: e.stderr_stable, exit: e.exit });
      });
    }
    it(`lists ${skipped.length} unsupported entries`, () => {
      if (skipped.length) console.log(`${file}: ${skipped.length} entries not supported yet:\n  ` + skipped.join("\n  "));
    });
  });
}

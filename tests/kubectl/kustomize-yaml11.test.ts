// Kustomize's resources read by kyaml (go-yaml v3): replays tests/golden/kubectl-kustomize-yaml11-corpus.json
// (real kubectl 1.32.5 / kustomize v5.5.0 through ../shared/oracle; the fixture directories of
// tests/golden/kustomize-yaml11-fixtures were copied to /tmp/kz11 for the recording and are mounted there).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import { NodeFs } from "../../src/engine/node/fs.ts";
import { fakeLab, io, mountFixtures as mount, shellSplit } from "./fake.ts";

interface Entry { cmd: string; stdout: string; stderr: string; exit: number }
const corpus: Entry[] = JSON.parse(readFileSync(new URL("../golden/kubectl-kustomize-yaml11-corpus.json", import.meta.url), "utf8"));
const FIXTURES = new URL("../golden/kustomize-yaml11-fixtures/", import.meta.url);

/** Entries the lab does not reproduce, with the reason. */
const SKIP: [RegExp, string][] = [
  [/\/keys$|\/inf$/, "kustomize's error prints the whole resource as Go's %#v of a map[string]interface{} (time.Date(…), map[interface {}]interface {}{…}): not simulated"],
];

describe("kustomize resources: go-yaml v3 scalars (recorded)", () => {
  for (const e of corpus) {
    const skip = SKIP.find(([re]) => re.test(e.cmd));
    it.skipIf(!!skip)(skip ? `${e.cmd} (${skip[1]})` : e.cmd, async () => {
      const lab = fakeLab({ stub: true });
      const fs = new NodeFs(lab.now);
      mount(fs, FIXTURES, "/tmp/kz11");
      lab.machine = { fs } as never;
      const r = await kubectl.run(shellSplit(e.cmd).slice(1), io, lab);
      expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exitCode }).toEqual({ stdout: e.stdout, stderr: e.stderr, exit: e.exit });
    });
  }
});

// YAML 1.1 scalars as kubectl 1.32 reads a manifest (sigs.k8s.io/yaml → goyaml.v2 resolve.go, then
// YAMLToJSON): replays tests/golden/kubectl-yaml11-corpus.json, recorded from real kubectl through
// ../shared/oracle (commands in kubectl-yaml11-commands.txt; each writes its file with printf).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

interface Entry { cmd: string; stdout: string; stderr: string; exit: number }
const corpus: Entry[] = JSON.parse(readFileSync(new URL("./kubectl-yaml11-corpus.json", import.meta.url), "utf8"));

/** Recorded entries the lab does not match, with the reason. */
const UNSUPPORTED: [RegExp, string][] = [];

describe("YAML 1.1 scalars against real kubectl 1.32 (recorded)", () => {
  const s = new LabSession({ timeMode: "virtual" });
  for (const e of corpus) {
    const why = UNSUPPORTED.find(([re]) => re.test(e.cmd));
    const name = e.cmd.replace(/^printf '(.*)' > \S+; /, "$1 → ").replace(/apiVersion: v1\\nkind: Pod\\nmetadata:\\n {2}name: p\\n/, "");
    (why ? it.skip : it)(why ? `${name} (${why[1]})` : name, async () => {
      const r = await s.exec(e.cmd);
      expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exitCode }).toEqual({ stdout: e.stdout, stderr: e.stderr, exit: e.exit });
    });
  }
});

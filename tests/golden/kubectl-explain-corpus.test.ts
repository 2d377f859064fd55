// Replays tests/golden/kubectl-explain-corpus.json — real kubectl 1.32 `kubectl explain` recorded by
// record-explain.mjs against explain-stub.mjs, which serves the same reconstructed v1.32 OpenAPI v3
// documents that src/commands/kubectl/explain-data.ts is generated from — through the lab's
// kubectl, byte for byte (stdout, stderr, exit code).

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import { fakeLab, io, shellSplit } from "../kubectl/fake.ts";

interface Entry { cmd: string; stdout: string; stderr: string; exit: number; server_requests: string[] }

const entries: Entry[] = JSON.parse(readFileSync(new URL("./kubectl-explain-corpus.json", import.meta.url), "utf8"));

/** Entries that show the recording stub, not a v1.32 API server. */
const UNSUPPORTED: [RegExp, string][] = [
  [/--output=plaintext-openapiv2/, "the stub serves no /openapi/v2 (a real server does); the lab has no v2 data"],
];

describe("kubectl-explain-corpus.json", () => {
  it("has the recorded entries", () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
  });
  for (const e of entries) {
    const why = UNSUPPORTED.find(([re]) => re.test(e.cmd));
    it.skipIf(!!why)(e.cmd, async () => {
      const argv = shellSplit(e.cmd);
      const r = await kubectl.run(argv.slice(1), io, fakeLab({ stub: true }));
      expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exitCode }).toEqual({ stdout: e.stdout, stderr: e.stderr, exit: e.exit });
    });
  }
});

// kubectl wait: the recorded client-side answers (oracle stub) and the waits against the engine.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createCluster } from "../../src/engine/cluster.ts";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import type { LabContext } from "../../src/commands/types.ts";
import { fakeLab, io, shellSplit } from "./fake.ts";

interface Entry { cmd: string; stdout: string; stderr: string; exit: number }
const corpus: Entry[] = JSON.parse(readFileSync(new URL("../golden/kubectl-wait-corpus.json", import.meta.url), "utf8"));
// the stub answers lists with 404 (a real server answers an empty list: "no matching resources found")
const STUB_ARTEFACT = /(-l app=x|--all)$/;

describe("kubectl wait (recorded)", () => {
  for (const e of corpus.filter((x) => !STUB_ARTEFACT.test(x.cmd))) {
    it(e.cmd, async () => {
      const r = await kubectl.run(shellSplit(e.cmd).slice(1), io, fakeLab({ stub: true }));
      expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exitCode }).toEqual({ stdout: e.stdout, stderr: e.stderr, exit: e.exit });
    });
  }
});

describe("kubectl wait (engine)", () => {
  it("condition met, timed out, deletion, jsonpath", async () => {
    const cluster = createCluster();
    const l: LabContext = {
      cluster,
      machine: cluster.machine("controlplane")!,
      api: () => cluster.api,
      now: () => cluster.now(),
      sleep: async (ms: number) => cluster.advance(ms),
      resolve: (c: string, p: string) => (p.startsWith("/") ? p : `${c}/${p}`),
      openEditor: async () => null,
    };
    const run = (...a: string[]) => kubectl.run(a, io, l);
    await run("run", "web", "--image=nginx");
    expect(await run("wait", "--for=condition=Ready", "pod/web", "--timeout=120s")).toEqual({ stdout: "pod/web condition met\n", stderr: "", exitCode: 0 });
    expect((await run("wait", "--for=jsonpath={.status.phase}=Running", "pod/web")).stdout).toBe("pod/web condition met\n");
    await run("run", "bad", "--image=nginx:no-such-tag-xyz");
    const t0 = cluster.now();
    expect(await run("wait", "--for=condition=Ready", "pod/bad", "--timeout=5s")).toEqual({ stdout: "", stderr: "error: timed out waiting for the condition on pods/bad\n", exitCode: 1 });
    expect(cluster.now() - t0).toBe(5000);
    await run("delete", "pod", "web", "--wait=false");
    expect((await run("wait", "--for=delete", "pod/web", "--timeout=60s")).stdout).toBe("pod/web condition met\n");
    expect(await run("wait", "--for=condition=Ready", "pods", "-l", "app=none")).toEqual({ stdout: "", stderr: "error: no matching resources found\n", exitCode: 1 });
  });
});

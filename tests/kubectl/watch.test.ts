// kubectl get -w: the list, then one row per change (each row through its own tabwriter) until
// Ctrl-C; in the CLI (no signal) it returns after the list.

import { describe, expect, it } from "vitest";
import { createCluster } from "../../src/engine/cluster.ts";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import type { LabContext } from "../../src/commands/types.ts";
import { io } from "./fake.ts";

describe("kubectl get -w", () => {
  it("prints once without a signal; with one, the changes until Ctrl-C (exit 130)", async () => {
    const cluster = createCluster();
    const ctl = new AbortController();
    let sleeps = 0;
    const lab: LabContext = {
      cluster,
      machine: cluster.machine("controlplane")!,
      api: () => cluster.api,
      now: () => cluster.now(),
      sleep: async (ms: number) => {
        sleeps++;
        if (sleeps === 2) await kubectl.run(["run", "web", "--image=nginx"], io, lab);
        cluster.advance(ms);
        if (sleeps === 40) ctl.abort();
      },
      resolve: (c: string, p: string) => (p.startsWith("/") ? p : `${c}/${p}`),
      openEditor: async () => null,
    };
    const once = await kubectl.run(["get", "pods", "-w"], io, lab);
    expect(once).toEqual({ stdout: "", stderr: "", exitCode: 0 }); // get.go Run: -w goes to watch() before the "No resources found" path
    const r = await kubectl.run(["get", "pods", "-w"], { ...io, signal: ctl.signal }, lab);
    expect(r.exitCode).toBe(130);
    const lines = r.stdout.split("\n").filter(Boolean);
    expect(lines[0]).toBe("NAME   READY   STATUS    RESTARTS   AGE");
    expect(lines[1]).toMatch(/^web    0\/1     Pending   0          0s$/);
    expect(lines.at(-1)).toMatch(/^web   1\/1   Running   0     \d+s$/);
  });
});

// journalctl -f: the last 10 entries, then each new one as the journal gets it, until Ctrl-C
// (130: systemd 255 has no SIGINT handler in its follow loop); headless: the entries, then return.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("journalctl -f", () => {
  it("prints new entries of the unit as they are written, until Ctrl-C", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const node = s.cluster.machine("controlplane")!;
    const before = (await s.exec("journalctl -u kubelet -n 10")).stdout;
    expect(before).toMatch(/^([A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d controlplane \S+\[\d+\]: .*\n)+$/);
    const chunks: string[] = [];
    let stopped = false;
    const r = await s.exec("journalctl -u kubelet -f", {
      onOutput: (t) => {
        chunks.push(t);
        // something else stops the kubelet while journalctl follows (another terminal)
        if (chunks.length === 1) node.systemd.stop("kubelet");
        if (!stopped && chunks.join("").includes("Stopped kubelet.service")) {
          stopped = true;
          s.interrupt();
        }
      },
    });
    // first the last 10 entries, as without -f
    expect(chunks[0]).toBe(before);
    const rest = chunks.slice(1).join("");
    expect(rest).toMatch(/controlplane systemd\[1\]: Stopping kubelet.service - kubelet: The Kubernetes Node Agent...\n/);
    expect(rest).toMatch(/controlplane systemd\[1\]: Stopped kubelet.service - kubelet: The Kubernetes Node Agent.\n$/);
    expect(r.exitCode).toBe(130);
  });

  it("headless: the last lines, then it returns; --reverse with --follow is refused", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("journalctl -u kubelet -f -n 3");
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(3);
    expect(r.exitCode).toBe(0);
    expect(await s.exec("journalctl -u nothing -f")).toMatchObject({ stdout: "", exitCode: 0 });
    expect(await s.exec("journalctl -f -r")).toMatchObject({ stderr: "Please specify either --reverse or --follow, not both.\n", exitCode: 1 });
  });
});

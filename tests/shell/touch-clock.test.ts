// touch without -d stamps a file with the lab's time, on the node and in a container (just-bash's
// touch passes the page's real "now", hours away from the cluster's clock: ls -l showed a file
// from the future, with its year); touch -d keeps the date it was given.
import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { DEFAULT_SPEC } from "../../src/engine/cluster.ts";

describe("touch on the lab's clock", () => {
  it("the node and a busybox container", async () => {
    const s = new LabSession({ timeMode: "virtual", spec: DEFAULT_SPEC });
    await s.exec("sleep 7200");
    const now = (await s.exec("date '+%b %e %H:%M'")).stdout.trim();
    await s.exec("touch /tmp/x && touch -d '2024-01-01 10:00' /tmp/z");
    expect((await s.exec("ls -l /tmp/x")).stdout).toBe(`-rw-r--r-- 1 root root 0 ${now} /tmp/x\n`);
    expect((await s.exec("ls -l /tmp/z")).stdout).toBe("-rw-r--r-- 1 root root 0 Jan  1  2024 /tmp/z\n");
    await s.exec("kubectl run b --image=busybox -- sleep 3600 && sleep 30");
    const later = (await s.exec("date '+%b %e %H:%M'")).stdout.trim();
    expect((await s.exec("kubectl exec b -- sh -c 'touch /tmp/x; ls -l /tmp/x'")).stdout).toBe(`-rw-r--r--    1 root     root             0 ${later} /tmp/x\n`);
  });
});

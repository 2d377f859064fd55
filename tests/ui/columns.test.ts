// The terminal's width reaches the shell: the page's `setColumns` sets COLUMNS in the session's
// shell frames (now and after ssh), so `ls` at the prompt lays out to the pane as GNU ls does.
import { describe, expect, it } from "vitest";
import { createLabSession } from "../../src/scenario/runner.ts";
import { listScenarios } from "../../src/scenario/catalog.ts";
import { LabClient, type Port } from "../../src/ui/lab-client.ts";
import { createWorkerHost } from "../../src/ui/worker-host.ts";
import type { LabResponse } from "../../src/ui/worker-protocol.ts";

function realClient(): LabClient {
  const handle = createWorkerHost(async () => ({ createLabSession, listScenarios }), { logError: () => undefined });
  const port: Port = {
    onmessage: null,
    postMessage(msg) {
      void handle(structuredClone(msg)).then((res: LabResponse) => port.onmessage?.({ data: structuredClone(res) }));
    },
  };
  return new LabClient(port);
}

const MANIFESTS = ["etcd.yaml", "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml"];

describe("terminal width", () => {
  it("ls at the prompt prints one row on a wide terminal, two at 80 columns, and ssh frames get it too", async () => {
    const client = realClient();
    // before the session exists: kept for the session to come
    await client.call("setColumns", { cols: 160 });
    await client.loadScenario({ timeMode: "virtual", seed: 1 });
    const wide = await client.exec("ls /etc/kubernetes/manifests");
    expect(wide.stdout.trimEnd().split("\n")).toHaveLength(1);
    for (const m of MANIFESTS) expect(wide.stdout).toContain(m);
    expect((await client.exec("echo $COLUMNS")).stdout).toBe("160\n");

    // a resize: the next command lays out to the new width (81 characters do not fit in 80)
    await client.call("setColumns", { cols: 80 });
    const narrow = await client.exec("ls /etc/kubernetes/manifests");
    expect(narrow.stdout.trimEnd().split("\n").length).toBeGreaterThan(1);

    // a frame pushed by ssh starts with the terminal's width; exit returns to one that followed the resize
    await client.call("setColumns", { cols: 132 });
    await client.exec("ssh node01");
    expect((await client.exec("echo $COLUMNS")).stdout).toBe("132\n");
    await client.call("setColumns", { cols: 100 });
    await client.exec("exit");
    expect((await client.exec("echo $COLUMNS")).stdout).toBe("100\n");
    expect((await client.exec("ls /etc/kubernetes/manifests")).stdout.trimEnd().split("\n")).toHaveLength(1);
  }, 60_000);
});

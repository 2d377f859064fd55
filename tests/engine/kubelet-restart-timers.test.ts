// Found by the long fuzz run (seed 716): a kubelet restarted while its periodic re-list was
// armed never armed it again, so a static pod whose manifest became undecodable kept running
// (and its mirror pod stayed) forever.
import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("kubelet restart", () => {
  it("re-arms the periodic re-list: a manifest made undecodable after a restart drops its static pod", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    // a bad file arms the periodic re-list; the restart happens while it is armed
    await s.exec("echo 'junk: [' > /etc/kubernetes/manifests/bad.yaml");
    await s.exec("systemctl restart kubelet");
    await s.exec("echo 'junk' > /etc/kubernetes/manifests/kube-scheduler.yaml");
    s.advance(60_000);
    const r = await s.exec("kubectl get pods -n kube-system kube-scheduler-controlplane");
    expect(r.stderr).toBe('Error from server (NotFound): pods "kube-scheduler-controlplane" not found\n');
  });
});

// A pod update that changes a container's image (the one container field a pod update may change):
// the kubelet stops the running container ("definition changed, will be restarted") and starts
// it again with the new image whatever the restart policy (kuberuntime_manager computePodActions).
import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

async function lab() {
  const s = new LabSession({ timeMode: "virtual" });
  return s;
}

describe("kubectl set image on a pod", () => {
  it("restarts the container with the new image: Killing, Pulling, Created x2, RESTARTS 1, lastState Completed", async () => {
    const s = await lab();
    await s.exec("kubectl run web --image=nginx:1.27 && sleep 30");
    expect((await s.exec("kubectl set image pod/web web=nginx:1.26")).stdout).toBe("pod/web image updated\n");
    // until the container has restarted the status shows the image it runs
    expect((await s.exec(`kubectl get pod web -o jsonpath='{.status.containerStatuses[0].image}'`)).stdout).toBe("nginx:1.27");
    await s.exec("sleep 30");
    const row = (await s.exec("kubectl get pod web --no-headers")).stdout;
    expect(row).toMatch(/^web\s+1\/1\s+Running\s+1 \(\d+s ago\)\s+\d+s\n$/);
    const ev = (await s.exec("kubectl describe pod web")).stdout;
    expect(ev).toMatch(/Normal {2}Killing {4}\d+s {16}kubelet {12}Container web definition changed, will be restarted\n/);
    expect(ev).toContain('Pulling image "nginx:1.26"');
    expect(ev).toMatch(/Created container: web/);
    expect(ev).toMatch(/\(x2 over \d+s\)\s+kubelet\s+Started container web/);
    expect((await s.exec(`kubectl get pod web -o jsonpath='{.status.containerStatuses[0].image} {.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}'`)).stdout).toBe("nginx:1.26 Completed 0");
    // the runtime on the pod's node runs attempt 1
    expect((await s.exec("ssh node01 crictl ps --name web")).stdout).toMatch(/Running\s+web\s+1\s/);
  });

  it("restarts a restartPolicy Never pod's container too, and a crash-looping one takes the new image at its next start", async () => {
    const s = await lab();
    await s.exec("kubectl run once --image=nginx:1.27 --restart=Never && kubectl run crash --image=busybox:1.36 -- sh -c 'exit 1' && sleep 30");
    await s.exec("kubectl set image pod/once once=nginx:1.26 && sleep 30");
    expect((await s.exec("kubectl get pod once --no-headers")).stdout).toMatch(/^once\s+1\/1\s+Running\s+1 \(\d+s ago\)/);
    await s.exec("kubectl set image pod/crash crash=busybox:1.37");
    const ev = (await s.exec("kubectl describe pod crash")).stdout;
    // not running: nothing to stop
    expect(ev).not.toContain("definition changed");
    await s.exec("sleep 120");
    expect((await s.exec("kubectl describe pod crash")).stdout).toContain('image "busybox:1.37"');
  });
});

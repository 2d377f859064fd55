// kubectl get componentstatuses (pkg/registry/core/componentstatus, printComponentStatus): the
// scheduler's and controller manager's healthz probed where their manifests say they listen.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("componentstatuses", () => {
  it("healthy control plane; the object; not found; not writable", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("kubectl get cs");
    // the API server's deprecation Warning header, through client-go's warning writer (once per
    // command): bold yellow at the terminal, plain in a pipe
    expect(r.stderr).toBe("\u001b[33;1mWarning:\u001b[0m v1 ComponentStatus is deprecated in v1.19+\n");
    expect((await s.exec("kubectl get cs -o name 2>&1 | grep Warning")).stdout).toBe("Warning: v1 ComponentStatus is deprecated in v1.19+\n");
    expect(r.stdout).toBe(
      "NAME                 STATUS    MESSAGE   ERROR\ncontroller-manager   Healthy   ok        \nscheduler            Healthy   ok        \netcd-0               Healthy   ok        \n",
    );
    expect((await s.exec("kubectl get componentstatus scheduler -o yaml")).stdout).toBe(
      'apiVersion: v1\nconditions:\n- message: ok\n  status: "True"\n  type: Healthy\nkind: ComponentStatus\nmetadata:\n  creationTimestamp: null\n  name: scheduler\n',
    );
    // the warning comes with every response of the deprecated resource, errors too
    expect(await s.exec("kubectl get cs nope")).toMatchObject({
      stderr: "\u001b[33;1mWarning:\u001b[0m v1 ComponentStatus is deprecated in v1.19+\nError from server (InternalError): Internal error occurred: Component not found: nope\n",
      exitCode: 1,
    });
    // no route for DELETE: 405 before any handler, so no warning
    expect(await s.exec("kubectl delete cs scheduler")).toMatchObject({ stderr: "Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n", exitCode: 1 });
  });

  it("a scheduler moved to another --secure-port: Unhealthy with the probe's error; removed: the same", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("sed -i 's/    - --bind-address=127.0.0.1/    - --bind-address=127.0.0.1\\n    - --secure-port=10260/' /etc/kubernetes/manifests/kube-scheduler.yaml; sleep 40");
    const refused = 'Get "https://127.0.0.1:10259/healthz": dial tcp 127.0.0.1:10259: connect: connection refused';
    expect((await s.exec("kubectl get cs scheduler --no-headers")).stdout).toBe(`scheduler   Unhealthy         ${refused}\n`);
    await s.exec("mv /etc/kubernetes/manifests/kube-controller-manager.yaml /root/; sleep 40");
    expect((await s.exec("kubectl get cs controller-manager --no-headers")).stdout).toBe(
      `controller-manager   Unhealthy         ${refused.replace(/10259/g, "10257")}\n`,
    );
  });
});

// Inputs the long fuzz run found crashing kubectl: they now get kubectl's own errors.
import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("kubectl on odd inputs", () => {
  it("-f of an object whose metadata is not a map: kubectl's metadataValidatingDecoder refuses it", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: x\\n' > /tmp/b.yaml`);
    const r = await s.exec("kubectl apply -f /tmp/b.yaml");
    expect(r.exitCode).toBe(1);
    // as recorded from kubectl 1.32 (tests/golden/kubectl-yaml11-corpus.json)
    expect(r.stderr).toBe('error: unable to decode "/tmp/b.yaml": json: cannot unmarshal string into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta\n');
  });

  it("config view with a jsonpath that does not parse", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("kubectl config view -o jsonpath='{.x'");
    expect(r).toMatchObject({ stdout: "", stderr: "error: error parsing jsonpath {.x, unclosed action\n", exitCode: 1 });
  });

  it("config set-context/set-credentials create a missing kubeconfig folder (clientcmd.WriteToFile's MkdirAll 0755); a file on the way is Go's open error (fuzz seed 8)", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("export HOME=/tmp");
    expect(await s.exec("kubectl config set-context j --cluster=kubernetes --user=j")).toMatchObject({ stdout: 'Context "j" created.\n', stderr: "", exitCode: 0 });
    expect((await s.exec("stat -c '%a %n' /tmp/.kube /tmp/.kube/config")).stdout).toBe("755 /tmp/.kube\n600 /tmp/.kube/config\n");
    expect((await s.exec("kubectl config set-credentials jane --client-key=/root/j.key --kubeconfig=/opt/a/b/cfg && grep -c jane /opt/a/b/cfg")).stdout).toBe('User "jane" set.\n1\n');
    expect(await s.exec("kubectl --kubeconfig=/etc/hosts/x/config config set-context j")).toMatchObject({ stdout: "", stderr: "error: open /etc/hosts/x/config: not a directory\n", exitCode: 1 });
  });
});

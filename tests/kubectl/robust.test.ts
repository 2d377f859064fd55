// Inputs the long fuzz run found crashing kubectl: they now get kubectl's own errors.
import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("kubectl on odd inputs", () => {
  it("-f of an object whose metadata is not a map reads its name as empty", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: x\\n' > /tmp/b.yaml`);
    const r = await s.exec("kubectl apply -f /tmp/b.yaml");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: error when retrieving current configuration of:\nResource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\nName: "", Namespace: "default"\nfrom server for: "/tmp/b.yaml": resource name may not be empty\n',
    );
  });

  it("config view with a jsonpath that does not parse", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("kubectl config view -o jsonpath='{.x'");
    expect(r).toMatchObject({ stdout: "", stderr: "error: error parsing jsonpath {.x, unclosed action\n", exitCode: 1 });
  });
});

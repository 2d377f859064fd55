// A JSON6902 patch that does not apply is kustomize's error (json-patch's text), not a lab bug
// (found by the fuzzer, seeds 20069, 20256, 20304, 20346, 20349).

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("kubectl kustomize: a JSON patch that does not apply", () => {
  it("prints json-patch's error and exits 1", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("mkdir -p /root/kz");
    await s.exec(
      "printf 'apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name: web\\nspec:\\n  selector:\\n    matchLabels:\\n      app: web\\n  template:\\n    metadata:\\n      labels:\\n        app: web\\n    spec:\\n      containers:\\n      - name: web\\n        image: nginx\\n' > /root/kz/dep.yaml",
    );
    await s.exec("printf 'resources:\\n- dep.yaml\\npatches:\\n- target:\\n    kind: Deployment\\n  patch: |-\\n    - op: replace\\n      path: /spec/replicas\\n      value: 3\\n' > /root/kz/kustomization.yaml");
    expect(await s.exec("kubectl kustomize /root/kz")).toMatchObject({ stdout: "", stderr: "error: replace operation does not apply: doc is missing key: /spec/replicas: missing value\n", exitCode: 1 });
  });
});

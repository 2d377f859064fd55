// A pod that carries the mirror annotation but has no static pod behind it is an orphan mirror
// pod: kubelet housekeeping deletes it — also when it reached the node through the scheduler's
// binding rather than with spec.nodeName (found by the fuzzer, seed 1486).

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("orphan mirror pod, bound by the scheduler", () => {
  it("is removed by the kubelet's housekeeping", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: fake-mirror\\n  annotations:\\n    kubernetes.io/config.mirror: abc\\nspec:\\n  containers:\\n  - name: c\\n    image: nginx\\n' > m.yaml");
    expect((await s.exec("kubectl apply -f m.yaml")).stdout).toBe("pod/fake-mirror created\n");
    await s.exec("sleep 30");
    expect(await s.exec("kubectl get pod fake-mirror")).toMatchObject({ stderr: 'Error from server (NotFound): pods "fake-mirror" not found\n', exitCode: 1 });
  });
});

// kubectl auth whoami (whoami.go printTableSelfSubjectAccessReview; a v1 SelfSubjectReview).

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("kubectl auth whoami", () => {
  it("the kubeconfig's certificate user, an impersonated one, the review object", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("kubectl auth whoami")).stdout).toBe("ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n");
    expect((await s.exec("kubectl auth whoami --as=system:serviceaccount:dev:foo")).stdout).toBe(
      "ATTRIBUTE   VALUE\nUsername    system:serviceaccount:dev:foo\nGroups      [system:serviceaccounts system:serviceaccounts:dev system:authenticated]\n",
    );
    expect((await s.exec("kubectl --kubeconfig=/etc/kubernetes/super-admin.conf auth whoami")).stdout).toBe(
      "ATTRIBUTE   VALUE\nUsername    kubernetes-super-admin\nGroups      [system:masters system:authenticated]\n",
    );
    const y = (await s.exec("kubectl auth whoami -o yaml")).stdout;
    expect(y).toMatch(/^apiVersion: authentication\.k8s\.io\/v1\nkind: SelfSubjectReview\nmetadata:\n  creationTimestamp: "2026-11-22T09:00:\d\dZ"\nstatus:\n  userInfo:\n    groups:\n    - kubeadm:cluster-admins\n    - system:authenticated\n    username: kubernetes-admin\n$/);
  });

  it("the API server down: the connection error", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/; sleep 30");
    expect(await s.exec("kubectl auth whoami")).toMatchObject({ stderr: "The connection to the server 172.30.1.2:6443 was refused - did you specify the right host or port?\n", exitCode: 1 });
  });
});

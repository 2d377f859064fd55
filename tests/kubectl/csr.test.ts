// Creating a user the CKA way: openssl key + CSR, a CertificateSigningRequest approved and
// signed by the csrsigning controller, the certificate in the kubeconfig, and kubectl
// authenticating as the certificate's subject through RBAC.

import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

let s: LabSession;
const sh = (line: string) => s.exec(line);

const csrYaml = (name: string, extra = "  usages:\n  - client auth\n") =>
  `cat <<EOF | kubectl apply -f -\napiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: ${name}\nspec:\n  request: $(base64 -w0 /root/jane.csr)\n  signerName: kubernetes.io/kube-apiserver-client\n  expirationSeconds: 86400\n${extra}EOF`;

beforeAll(async () => {
  s = new LabSession({ timeMode: "virtual" });
  for (const line of ["cd /root", "openssl genrsa -out jane.key 2048", 'openssl req -new -key jane.key -subj "/CN=jane/O=dev" -out jane.csr']) {
    const r = await sh(line);
    expect(r.exitCode, `${line}: ${r.stderr}`).toBe(0);
  }
}, 60_000);

describe("CertificateSigningRequest", () => {
  it("is created pending, with the requestor, and listed with kubectl's columns", async () => {
    expect((await sh(csrYaml("jane"))).stdout).toBe("certificatesigningrequest.certificates.k8s.io/jane created\n");
    const get = await sh("kubectl get csr");
    expect(get.stdout).toMatch(/^NAME   AGE   SIGNERNAME                            REQUESTOR          REQUESTEDDURATION   CONDITION\njane   \d+s    kubernetes.io\/kube-apiserver-client   kubernetes-admin   24h                 Pending\n$/);
    expect((await sh("kubectl get csr jane -o jsonpath='{.spec.username} {.spec.groups}'")).stdout).toBe('kubernetes-admin ["kubeadm:cluster-admins","system:authenticated"]');
  });

  it("validation: a request that is not a PEM CSR, no signerName, no usages", async () => {
    const bad = await sh("printf 'apiVersion: certificates.k8s.io/v1\\nkind: CertificateSigningRequest\\nmetadata:\\n  name: bad\\nspec:\\n  request: aGk=\\n' | kubectl create -f -");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe(
      'The CertificateSigningRequest "bad" is invalid: \n* spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST\n* spec.usages: Required value\n* spec.signerName: Required value\n',
    );
  });

  it("kubectl certificate approve: Approved, then Issued by the csrsigning controller with the cluster CA", async () => {
    expect((await sh("kubectl certificate approve jane")).stdout).toBe("certificatesigningrequest.certificates.k8s.io/jane approved\n");
    expect((await sh("kubectl get csr jane -o jsonpath='{.status.conditions[0].reason}/{.status.conditions[0].message}'")).stdout).toBe(
      "KubectlApprove/This CSR was approved by kubectl certificate approve.",
    );
    expect((await sh("kubectl get csr jane --no-headers")).stdout).toMatch(/Approved,Issued\n$/);
    expect((await sh("kubectl certificate approve jane")).stdout).toBe("certificatesigningrequest.certificates.k8s.io/jane approved\n");
    expect(await sh("kubectl get csr jane -o jsonpath='{.status.certificate}' | base64 -d > /root/jane.crt")).toMatchObject({ exitCode: 0 });
    const info = await sh("openssl x509 -in /root/jane.crt -noout -subject -issuer");
    expect(info.stdout).toBe("subject=O = dev, CN = jane\nissuer=CN = kubernetes\n");
    const text = (await sh("openssl x509 -in /root/jane.crt -noout -text")).stdout;
    expect(text).not.toContain("X509v3 Key Usage"); // "client auth" alone: no key usage bits, Go omits the extension
    expect(text).toContain("            X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n");
    const deny = await sh("kubectl certificate deny jane");
    expect(deny.stderr).toBe('The CertificateSigningRequest "jane" is invalid: status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive\n');
  });

  it("the signer refuses a server-auth usage (Failed, SignerValidationFailure)", async () => {
    await sh(csrYaml("jane-server", "  usages:\n  - server auth\n"));
    await sh("kubectl certificate approve jane-server");
    expect((await sh("kubectl get csr jane-server -o jsonpath='{.status.conditions[1].reason}: {.status.conditions[1].message}'")).stdout).toBe(
      "SignerValidationFailure: invalid usage for client certificate: server auth",
    );
    expect((await sh("kubectl get csr jane-server --no-headers")).stdout).toMatch(/Approved,Failed\n$/);
  });
});

describe("the user jane in the kubeconfig", () => {
  it("authenticates as the certificate's CN and is authorized by RBAC", async () => {
    expect((await sh("kubectl config set-credentials jane --client-key=/root/jane.key --client-certificate=/root/jane.crt --embed-certs")).stdout).toBe('User "jane" set.\n');
    expect((await sh("kubectl config set-context jane --cluster=kubernetes --user=jane")).stdout).toBe('Context "jane" created.\n');
    const denied = await sh("kubectl --user=jane get pods");
    expect(denied.stderr).toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n');
    await sh("kubectl create role pod-reader --verb=get,list --resource=pods");
    expect((await sh("kubectl create rolebinding jane-pods --role=pod-reader --user=jane")).exitCode).toBe(0);
    expect(await sh("kubectl --context=jane get pods")).toMatchObject({ exitCode: 0, stderr: "No resources found in default namespace.\n" });
    expect((await sh("kubectl --context=jane auth can-i delete pods")).stdout).toBe("no\n");
    expect((await sh("kubectl auth can-i list pods --as jane")).stdout).toBe("yes\n");
    // groups come from O: bind the group dev
    await sh("kubectl create clusterrolebinding dev-view --clusterrole=view --group=dev");
    expect((await sh("kubectl --context=jane auth can-i list deployments -n kube-system")).stdout).toBe("yes\n");
  });

  it("a self-signed certificate or a missing file is refused", async () => {
    await sh("cd /root && openssl x509 -req -in jane.csr -signkey jane.key -out self.crt");
    await sh("kubectl config set-credentials mallory --client-key=/root/jane.key --client-certificate=/root/self.crt");
    expect(await sh("kubectl --user=mallory get pods")).toMatchObject({ exitCode: 1, stderr: "error: You must be logged in to the server (Unauthorized)\n" });
    await sh("kubectl config set-credentials ghost --client-key=/root/jane.key --client-certificate=/root/nosuch.crt");
    expect((await sh("kubectl --user=ghost get pods")).stderr).toBe("error: open /root/nosuch.crt: no such file or directory\n");
  });
});

// kubectl cluster-info, from clusterinfo.go: the control plane's host from the kubeconfig, one line
// per kube-system Service labelled kubernetes.io/cluster-service=true (kubeadm's kube-dns, named by
// its kubernetes.io/name label), go-colortext's ANSI codes unless TERM=dumb, the dump hint always.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const G = (s: string) => `\x1b[0;32m${s}\x1b[0m`;
const Y = (s: string) => `\x1b[0;33m${s}\x1b[0m`;
const HINT = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";

describe("kubectl cluster-info", () => {
  it("prints the control plane and CoreDNS, coloured even through a pipe", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("kubectl cluster-info | cat");
    expect(r.stdout).toBe(
      `${G("Kubernetes control plane")} is running at ${Y("https://172.30.1.2:6443")}\n` +
        `${G("CoreDNS")} is running at ${Y("https://172.30.1.2:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy")}\n` +
        HINT,
    );
    expect((await s.exec("TERM=dumb kubectl cluster-info")).stdout).toBe(
      "Kubernetes control plane is running at https://172.30.1.2:6443\nCoreDNS is running at https://172.30.1.2:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n" + HINT,
    );
  });

  it("a labelled Service of another namespace with -n, its https port named by JoinSchemeNamePort", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl create svc clusterip web --tcp=443:8443 && kubectl label svc web kubernetes.io/cluster-service=true");
    expect((await s.exec("TERM=dumb kubectl cluster-info -n default")).stdout).toBe(
      "Kubernetes control plane is running at https://172.30.1.2:6443\nweb is running at https://172.30.1.2:6443/api/v1/namespaces/default/services/https:web:443-8443/proxy\n" + HINT,
    );
  });

  it("the API server down: the hint, then the connection error (exit 1)", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/; sleep 30");
    const r = await s.exec("TERM=dumb kubectl cluster-info");
    expect(r).toMatchObject({ stdout: HINT, stderr: "The connection to the server 172.30.1.2:6443 was refused - did you specify the right host or port?\n", exitCode: 1 });
  });
});

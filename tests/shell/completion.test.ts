// Tab completion against a real session (cluster + node filesystems), as a student types.
import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

let s: LabSession;
const c = (text: string, cursor = text.length) => s.complete(text, cursor);

beforeAll(async () => {
  s = new LabSession({ timeMode: "virtual" });
  await s.exec("kubectl run --restart=Never --image=busybox static-busybox --dry-run=client -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/static-busybox.yaml");
  await s.exec("kubectl create namespace team");
  await s.exec("kubectl run web --image=nginx -n team");
  await s.exec("kubectl run web2 --image=nginx");
  await s.exec("sleep 30");
});

describe("completion", () => {
  it("completes command names, the lab's and just-bash's", () => {
    expect(c("kubec")).toEqual({ from: 0, candidates: ["kubectl"] });
    expect(c("cr").candidates).toContain("crictl");
    expect(c("ech").candidates).toEqual(["echo"]);
    expect(c("ls | gre").candidates).toEqual(["grep"]);
  });
  it("completes paths on the current node, folders with a slash", () => {
    expect(c("cat /etc/kubernetes/man")).toEqual({ from: 4, candidates: ["/etc/kubernetes/manifests/"] });
    expect(c("vim /etc/kubernetes/manifests/static").candidates).toEqual(["/etc/kubernetes/manifests/static-busybox.yaml"]);
    expect(c("ls /etc/kubernetes/manifests/kube-").candidates).toEqual([
      "/etc/kubernetes/manifests/kube-apiserver.yaml",
      "/etc/kubernetes/manifests/kube-controller-manager.yaml",
      "/etc/kubernetes/manifests/kube-scheduler.yaml",
    ]);
    expect(c("cd /etc/kub").candidates).toEqual(["/etc/kubernetes/"]);
    expect(c("echo x > /etc/kubernetes/pk").candidates).toEqual(["/etc/kubernetes/pki/"]);
  });
  it("completes kubectl verbs, for k too", () => {
    expect(c("kubectl ge").candidates).toEqual(["get"]);
    expect(c("k des").candidates).toEqual(["describe"]);
    expect(c("kubectl cre").candidates).toEqual(["create"]);
    expect(c("kubectl create deploy").candidates).toEqual(["deployment"]);
  });
  it("completes resource types with short names", () => {
    expect(c("kubectl get deploy").candidates).toEqual(expect.arrayContaining(["deployment", "deployments"]));
    expect(c("k get po").candidates).toEqual(expect.arrayContaining(["pods", "po", "pod"]));
    expect(c("kubectl get ").candidates).toContain("daemonsets");
  });
  it("completes object names in the namespace given by -n", () => {
    expect(c("k get po ").candidates).toEqual(["static-busybox-controlplane", "web2"]);
    expect(c("k get po -n kube-system etcd").candidates).toEqual(["etcd-controlplane"]);
    expect(c("k -n team get pods w").candidates).toEqual(["web"]);
    expect(c("kubectl get pods --namespace=team ").candidates).toEqual(["web"]);
    expect(c("kubectl describe pod/w").candidates).toEqual(["pod/web2"]);
    expect(c("kubectl logs -n team ").candidates).toEqual(["web"]);
    expect(c("kubectl get ns t").candidates).toEqual(["team"]);
    expect(c("kubectl cordon ").candidates).toEqual(["controlplane", "node01"]);
    expect(c("kubectl get pods -n ").candidates).toEqual(expect.arrayContaining(["default", "kube-system", "team"]));
  });
  it("completes flags", () => {
    expect(c("kubectl get pods --all-n").candidates).toEqual(["--all-namespaces"]);
    expect(c("kubectl get pods --namesp").candidates).toEqual(["--namespace="]);
    expect(c("kubectl get pods -o y").candidates).toEqual(["yaml"]);
    expect(c("kubectl apply -f /etc/kubernetes/manifests/etc").candidates).toEqual(["/etc/kubernetes/manifests/etcd.yaml"]);
  });
  it("completes ssh hosts and systemctl", () => {
    expect(c("ssh no").candidates).toEqual(["node01"]);
    expect(c("systemctl rest").candidates).toEqual(["restart"]);
    expect(c("systemctl restart kube").candidates).toEqual(["kubelet"]);
  });
  it("completes in the middle of a line (the word before the cursor)", () => {
    const line = "kubectl ge pods";
    expect(c(line, 10)).toEqual({ from: 8, candidates: ["get"] });
  });
});

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { needsMore } from "../../src/shell/bash-syntax.ts";

const SEED_COMMAND = "kubectl run --restart=Never --image=busybox static-busybox --dry-run -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/static-busybox.yaml";

describe("lab session", () => {
  it("starts as root in /root on controlplane", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect(s.prompt()).toBe("controlplane:~$ ");
    expect((await s.exec("whoami")).stdout).toBe("root\n");
    expect((await s.exec("pwd")).stdout).toBe("/root\n");
    expect((await s.exec("hostname")).stdout).toBe("controlplane\n");
  });

  it("runs the seed's command: the kubelet turns the redirected manifest into a running static pod", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec(SEED_COMMAND);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ helpers\.go:\d+\] --dry-run is deprecated and can be replaced with --dry-run=client\.\n$/);
    const file = (await s.exec("cat /etc/kubernetes/manifests/static-busybox.yaml")).stdout;
    expect(file).toContain("  - command:\n    - sleep\n    - \"1000\"\n    image: busybox\n");
    await s.exec("sleep 5");
    const get = await s.exec("kubectl get pods");
    expect(get.stdout).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nstatic-busybox-controlplane +1\/1 +Running +0 +\d+s\n$/);
    const ps = await s.exec("docker ps --format '{{.Names}}' | grep static-busybox");
    expect(ps.stdout.split("\n").filter(Boolean).map((l) => l.replace(/_[0-9a-f]{32}_/, "_UID_"))).toEqual([
      "k8s_static-busybox_static-busybox-controlplane_default_UID_0",
      "k8s_POD_static-busybox-controlplane_default_UID_0",
    ]);
  });

  it("changes directory, keeps variables between commands, and pipes through just-bash", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("cd /etc/kubernetes/manifests");
    expect(s.prompt()).toBe("controlplane:/etc/kubernetes/manifests$ ");
    await s.exec("export X=kube-apiserver");
    expect((await s.exec("ls | grep $X")).stdout).toBe("kube-apiserver.yaml\n");
    expect((await s.exec("grep -c image: *.yaml | sort")).stdout).toBe("etcd.yaml:1\nkube-apiserver.yaml:1\nkube-controller-manager.yaml:1\nkube-scheduler.yaml:1\n");
  });

  it("writes a manifest with a heredoc on node01 over ssh and exits back", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("ssh node01");
    expect(s.prompt()).toBe("node01:~$ ");
    const heredoc = `cat <<EOF > /etc/kubernetes/manifests/web.yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
EOF`;
    expect(needsMore(heredoc.split("\n").slice(0, 3).join("\n"))).toBe(true);
    expect(needsMore(heredoc)).toBe(false);
    expect((await s.exec(heredoc)).exitCode).toBe(0);
    const out = await s.exec("exit");
    expect(out.stdout).toBe("logout\nConnection to node01 closed.\n");
    expect(s.prompt()).toBe("controlplane:~$ ");
    await s.exec("sleep 10");
    expect((await s.exec("kubectl get pod web-node01 -o jsonpath='{.status.phase}'")).stdout).toBe("Running");
    expect((await s.exec("ssh node01 hostname")).stdout).toBe("node01\n");
    expect((await s.exec("ssh nodeXX")).stderr).toBe("ssh: Could not resolve hostname nodexx: Name or service not known\n".replace("nodexx", "nodeXX"));
  });

  it("kubectl on node01 has no kubeconfig, as on the exam's worker nodes", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("ssh node01 kubectl get pods");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("The connection to the server localhost:8080 was refused - did you specify the right host or port?");
  });

  it("systemctl restarts the kubelet; journalctl shows its log", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("systemctl is-active kubelet")).stdout).toBe("active\n");
    await s.exec("systemctl stop kubelet");
    const st = await s.exec("systemctl status kubelet");
    expect(st.exitCode).toBe(3);
    expect(st.stdout).toMatch(/^○ kubelet\.service - kubelet: The Kubernetes Node Agent\n +Loaded: loaded \(\/usr\/lib\/systemd\/system\/kubelet\.service; enabled; preset: enabled\)\n/);
    expect(st.stdout).toContain("     Active: inactive (dead) since ");
    await s.exec("systemctl start kubelet");
    expect((await s.exec("journalctl -u kubelet | grep -c 'Starting kubelet'")).stdout).toBe("2\n");
    const ps = await s.exec("ps aux | grep /usr/bin/kubelet");
    expect(ps.stdout).toContain("--config=/var/lib/kubelet/config.yaml");
  });

  it("Ctrl-C interrupts a real-time sleep: no message, status 130", async () => {
    const s = new LabSession({ timeMode: "real" });
    const p = s.exec("sleep 100");
    setTimeout(() => s.interrupt(), 50);
    const r = await p;
    expect(r).toMatchObject({ stdout: "", stderr: "", exitCode: 130 });
  });

  it("unknown commands get bash's message", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("kubeclt get pods");
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toBe("bash: kubeclt: command not found\n");
  });
});

describe("terminal or pipe", () => {
  it("ls prints columns at the prompt and one name per line into a pipe", async () => {
    const { writesToTerminal } = await import("../../src/shell/session.ts");
    expect(writesToTerminal("ls -l /etc")).toBe(true);
    expect(writesToTerminal("ls | wc -l")).toBe(false);
    expect(writesToTerminal("ls > /tmp/x")).toBe(false);
    expect(writesToTerminal("echo $(ls)")).toBe(false);
    expect(writesToTerminal("grep 'a|b' f")).toBe(true);
    const s = new LabSession({ timeMode: "virtual" });
    // 80 columns (no COLUMNS): ls.c lays the four names out in two rows, padded with tabs
    expect((await s.exec("ls /etc/kubernetes/manifests")).stdout.split("\n")[0]).toMatch(/^etcd\.yaml\s+kube-controller-manager\.yaml$/);
    expect((await s.exec("ls /etc/kubernetes/manifests | cat")).stdout).toBe("etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n");
    expect((await s.exec("ssh node01 ls /etc/kubernetes")).stdout).toBe("kubelet.conf\nmanifests\npki\n");
  });
});

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

// Expected texts: apt 2.7 / dpkg 1.22 on Ubuntu noble and kubeadm v1.33 (upgrade plan/apply/node
// transcripts of real 1.32.5 → 1.33.x upgrades; cmd/kubeadm/app/cmd/upgrade/plan.go printers,
// phases/upgrade/policy.go messages).

async function toV133Kubeadm(s: LabSession, host = "") {
  const on = (c: string) => (host ? `ssh ${host} '${c}'` : c);
  await s.exec(on("sed -i s/v1.32/v1.33/ /etc/apt/sources.list.d/kubernetes.list"));
  expect((await s.exec(on("apt-get update"))).exitCode).toBe(0);
  await s.exec(on("apt-mark unhold kubeadm"));
  expect((await s.exec(on("apt-get install -y kubeadm=1.33.2-1.1"))).exitCode).toBe(0);
}

describe("packages as data: apt, apt-mark, dpkg", () => {
  it("the v1.32 repository is configured: 1.33 packages appear only after editing kubernetes.list and apt update", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("cat /etc/apt/sources.list.d/kubernetes.list")).stdout).toBe("deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.32/deb/ /\n");
    expect((await s.exec("apt-cache madison kubeadm")).stdout).toBe(
      [5, 4, 3, 2, 1, 0].map((p) => `   kubeadm | 1.32.${p}-1.1 | https://pkgs.k8s.io/core:/stable:/v1.32/deb  Packages\n`).join(""),
    );
    expect(await s.exec("apt-get install -y kubeadm=1.33.2-1.1")).toMatchObject({ stderr: "E: Version '1.33.2-1.1' for 'kubeadm' was not found\n", exitCode: 100 });
    await s.exec("sed -i 's/v1.32/v1.33/' /etc/apt/sources.list.d/kubernetes.list");
    const up = await s.exec("apt-get update");
    expect(up.stdout).toContain("Get:5 https://prod-cdn.packages.k8s.io/repositories/isv:/kubernetes:/core:/stable:/v1.33/deb  InRelease [1186 B]\n");
    expect(up.stdout.endsWith("Fetched 5595 B in 1s (5595 B/s)\nReading package lists... Done\n")).toBe(true);
    // into a pipe apt prints no "Done"
    expect((await s.exec("apt-get update | tail -1")).stdout).toBe("Reading package lists...\n");
    expect((await s.exec("apt-get update")).stdout).toContain("Hit:5 https://prod-cdn.packages.k8s.io/repositories/isv:/kubernetes:/core:/stable:/v1.33/deb  InRelease\n");
    expect((await s.exec("apt-cache madison kubelet")).stdout).toBe("   kubelet | 1.33.2-1.1 | https://pkgs.k8s.io/core:/stable:/v1.33/deb  Packages\n   kubelet | 1.33.1-1.1 | https://pkgs.k8s.io/core:/stable:/v1.33/deb  Packages\n   kubelet | 1.33.0-1.1 | https://pkgs.k8s.io/core:/stable:/v1.33/deb  Packages\n");
  });

  it("held packages refuse to change; apt-mark unhold; the install replaces the version dpkg records", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("sed -i 's/v1.32/v1.33/' /etc/apt/sources.list.d/kubernetes.list && apt-get update");
    expect((await s.exec("apt-mark showhold")).stdout).toBe("kubeadm\nkubectl\nkubelet\n");
    expect(await s.exec("apt-get install -y kubeadm=1.33.2-1.1")).toMatchObject({
      stdout: "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nThe following held packages will be changed:\n  kubeadm\nThe following packages will be upgraded:\n  kubeadm\n1 upgraded, 0 newly installed, 0 to remove and 3 not upgraded.\n",
      stderr: "E: Held packages were changed and -y was used without --allow-change-held-packages.\n",
      exitCode: 100,
    });
    expect((await s.exec("apt-mark unhold kubeadm")).stdout).toBe("Canceled hold on kubeadm.\n");
    expect((await s.exec("apt-mark unhold kubeadm")).stdout).toBe("kubeadm was already not on hold.\n");
    const r = await s.exec("apt-get install -y kubeadm='1.33.2-*'");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Selected version '1.33.2-1.1' (isv:kubernetes:core:stable:v1.33:pkgs.k8s.io [amd64]) for 'kubeadm'\n");
    expect(r.stdout).toContain("Unpacking kubeadm (1.33.2-1.1) over (1.32.5-1.1) ...\nSetting up kubeadm (1.33.2-1.1) ...\n");
    expect((await s.exec("apt-mark hold kubeadm")).stdout).toBe("kubeadm set on hold.\n");
    expect((await s.exec("dpkg -l | grep kube")).stdout).toBe(
      "hi  kubeadm        1.33.2-1.1   amd64        Command-line utility for administering a Kubernetes cluster\n" +
        "hi  kubectl        1.32.5-1.1   amd64        Command-line utility for interacting with a Kubernetes cluster\n" +
        "hi  kubelet        1.32.5-1.1   amd64        Node agent for Kubernetes clusters\n" +
        "ii  kubernetes-cni 1.6.0-1.1    amd64        Binaries required to provision kubernetes container networking\n",
    );
    expect((await s.exec("kubeadm version -o short")).stdout).toBe("v1.33.2\n");
    expect((await s.exec("kubeadm version")).stdout).toBe(
      'kubeadm version: &version.Info{Major:"1", Minor:"33", EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:"v1.33.2", GitCommit:"a57b6f7709f6c2722b92f07b8b4c48210a51fc40", GitTreeState:"clean", BuildDate:"2025-06-17T18:39:42Z", GoVersion:"go1.24.4", Compiler:"gc", Platform:"linux/amd64"}\n',
    );
    // downgrades need --allow-downgrades (the v1.32 list is gone after the edit: 1.33.0 is older)
    expect((await s.exec("apt-get install -y --allow-change-held-packages kubeadm=1.33.0-1.1")).stderr).toBe("E: Packages were downgraded and -y was used without --allow-downgrades.\n");
  });
});

describe("kubeadm upgrade", () => {
  it("plan: the component table from the cluster, the kubeadm version falling back to its own minor", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const old = await s.exec("kubeadm upgrade plan");
    expect(old.stdout).toContain("[upgrade/versions] Cluster version: 1.32.5\n[upgrade/versions] kubeadm version: v1.32.5\n[upgrade/versions] Target version: v1.32.5\n[upgrade/versions] Latest version in the v1.32 series: v1.32.5\n\n");
    expect(old.stdout).toContain("[upgrade/config] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.\n");
    expect(old.stderr).toMatch(/^I1122 09:\d\d:\d\d\.\d{6} +\d+ version\.go:261\] remote version is much newer: v1\.33\.2; falling back to: stable-1\.32\n$/);
    await toV133Kubeadm(s);
    const plan = await s.exec("kubeadm upgrade plan");
    expect(plan).toMatchObject({ stderr: "", exitCode: 0 });
    expect(plan.stdout).toBe(`[preflight] Running pre-flight checks.
[upgrade/config] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...
[upgrade/config] Use 'kubeadm init phase upload-config --config your-config-file' to re-upload it.
[upgrade] Running cluster health checks
[upgrade] Fetching available versions to upgrade to
[upgrade/versions] Cluster version: 1.32.5
[upgrade/versions] kubeadm version: v1.33.2
[upgrade/versions] Target version: v1.33.2
[upgrade/versions] Latest version in the v1.32 series: v1.32.5

Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':
COMPONENT   NODE           CURRENT   TARGET
kubelet     controlplane   v1.32.5   v1.33.2
kubelet     node01         v1.32.5   v1.33.2

Upgrade to the latest stable version:

COMPONENT                 NODE           CURRENT    TARGET
kube-apiserver            controlplane   v1.32.5    v1.33.2
kube-controller-manager   controlplane   v1.32.5    v1.33.2
kube-scheduler            controlplane   v1.32.5    v1.33.2
kube-proxy                               1.32.5     v1.33.2
CoreDNS                                  v1.11.3    v1.12.0
etcd                      controlplane   3.5.16-0   3.5.21-0

You can now apply the upgrade by executing the following command:

\tkubeadm upgrade apply v1.33.2

_____________________________________________________________________


The table below shows the current state of component configs as understood by this version of kubeadm.
Configs that have a "yes" mark in the "MANUAL UPGRADE REQUIRED" column require manual config upgrade or
resetting to kubeadm defaults before a successful upgrade can be performed. The version to manually
upgrade to is denoted in the "PREFERRED VERSION" column.

API GROUP                 CURRENT VERSION   PREFERRED VERSION   MANUAL UPGRADE REQUIRED
kubeproxy.config.k8s.io   v1alpha1          v1alpha1            no
kubelet.config.k8s.io     v1beta1           v1beta1             no
_____________________________________________________________________

`);
    expect((await s.exec("ssh node01 kubeadm upgrade plan")).stderr).toBe('couldn\'t create a Kubernetes client from file "/etc/kubernetes/admin.conf": failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory\nTo see the stack trace of this error execute with --v=5 or higher\n');
  });

  it("apply: the version skew policy, the confirmation, then the control plane on the new images", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const head = '[upgrade] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n';
    // kubeadm still 1.32.5
    expect((await s.exec("kubeadm upgrade apply v1.33.2 -y")).stderr).toBe(
      'error execution phase preflight: the version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to "v1.33.2" is at least one minor release higher than the kubeadm minor release (33 > 32). Such an upgrade is not supported\n\nPlease fix the misalignments highlighted above and try upgrading again\nTo see the stack trace of this error execute with --v=5 or higher\n',
    );
    await toV133Kubeadm(s);
    const high = await s.exec("kubeadm upgrade apply v1.34.0 -y");
    expect(high.stdout).toBe(`${head}[upgrade] Use 'kubeadm init phase upload-config --config your-config-file' to re-upload it.\n[upgrade/preflight] Running preflight checks\n[upgrade] Running cluster health checks\n[upgrade/preflight] You have chosen to upgrade the cluster version to "v1.34.0"\n[upgrade/versions] Cluster version: v1.32.5\n[upgrade/versions] kubeadm version: v1.33.2\n`);
    expect(high.stderr).toBe(
      'error execution phase preflight: the version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to "v1.34.0" is too high; kubeadm can upgrade only 1 minor version at a time\n\t- Specified version to upgrade to "v1.34.0" is at least one minor release higher than the kubeadm minor release (34 > 33). Such an upgrade is not supported\n\nPlease fix the misalignments highlighted above and try upgrading again\nTo see the stack trace of this error execute with --v=5 or higher\n',
    );
    expect((await s.exec("kubeadm upgrade apply v1.32.5 -y")).stderr).toContain("\t- Kubeadm version v1.33.2 can only be used to upgrade to Kubernetes version 1.33\n\nCan be bypassed if you pass the --force flag\n");
    const noYes = await s.exec("kubeadm upgrade apply v1.33.2");
    expect(noYes.stdout.endsWith("[upgrade] Are you sure you want to proceed? [y/N]: ")).toBe(true);
    expect(noYes.stderr).toBe("error execution phase preflight: won't proceed; the user didn't answer (Y|y) in order to continue\nTo see the stack trace of this error execute with --v=5 or higher\n");

    const r = await s.exec("echo y | kubeadm upgrade apply v1.33.2");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('[upgrade] Are you sure you want to proceed? [y/N]: [upgrade/preflight] Pulling images required for setting up a Kubernetes cluster\n');
    expect(r.stdout).toMatch(/\[upgrade\/staticpods\] Moving new manifest to "\/etc\/kubernetes\/manifests\/kube-apiserver\.yaml" and backing up old manifest to "\/etc\/kubernetes\/tmp\/kubeadm-backup-manifests-2026-11-22-09-\d\d-\d\d\/kube-apiserver\.yaml"\n/);
    expect(r.stdout).toContain('[apiclient] Found 1 Pods for label selector component=etcd\n[upgrade/staticpods] Component "etcd" upgraded successfully!\n[upgrade/etcd] Waiting for etcd to become available\n');
    expect(r.stdout.endsWith('[addons] Applied essential addon: CoreDNS\n[addons] Applied essential addon: kube-proxy\n\n[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "v1.33.2".\n\n[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.\n')).toBe(true);
    expect(r.stderr).toMatch(/^W1122 [\d:.]+ +\d+ postupgrade\.go:117\] Using temporary directory \/etc\/kubernetes\/tmp\/kubeadm-kubelet-config\d+ for kubelet config\. To override it set the environment variable KUBEADM_UPGRADE_DRYRUN_DIR\n$/);
    // state: manifests, backups, kubeadm-config, add-ons, the running API server
    for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      expect((await s.exec(`grep image: /etc/kubernetes/manifests/${c}.yaml`)).stdout).toBe(`    image: registry.k8s.io/${c}:v1.33.2\n`);
      expect((await s.exec(`kubectl -n kube-system get pod ${c}-controlplane -o jsonpath='{.spec.containers[0].image}'`)).stdout).toBe(`registry.k8s.io/${c}:v1.33.2`);
    }
    expect((await s.exec("grep image: /etc/kubernetes/manifests/etcd.yaml")).stdout).toBe("    image: registry.k8s.io/etcd:3.5.21-0\n");
    expect((await s.exec("grep -h image: /etc/kubernetes/tmp/kubeadm-backup-manifests-*/kube-apiserver.yaml")).stdout).toBe("    image: registry.k8s.io/kube-apiserver:v1.32.5\n");
    expect((await s.exec("kubectl -n kube-system get cm kubeadm-config -o yaml | grep kubernetesVersion")).stdout).toBe("    kubernetesVersion: v1.33.2\n");
    expect((await s.exec("kubectl -n kube-system get ds kube-proxy -o jsonpath='{.spec.template.spec.containers[0].image}'")).stdout).toBe("registry.k8s.io/kube-proxy:v1.33.2");
    expect((await s.exec("kubectl -n kube-system get deploy coredns -o jsonpath='{.spec.template.spec.containers[0].image}'")).stdout).toBe("registry.k8s.io/coredns/coredns:v1.12.0");
    expect((await s.exec("kubectl version")).stdout).toBe("Client Version: v1.32.5\nKustomize Version: v5.5.0\nServer Version: v1.33.2\n");
    // the kubelets still run 1.32.5 until their packages change and they restart
    expect((await s.exec("kubectl get nodes -o custom-columns=N:.metadata.name,V:.status.nodeInfo.kubeletVersion --no-headers")).stdout).toBe("controlplane   v1.32.5\nnode01         v1.32.5\n");
    await s.exec("apt-mark unhold kubelet kubectl && apt-get install -y kubelet=1.33.2-1.1 kubectl=1.33.2-1.1");
    expect((await s.exec("kubectl get nodes -o custom-columns=N:.metadata.name,V:.status.nodeInfo.kubeletVersion --no-headers")).stdout).toBe("controlplane   v1.32.5\nnode01         v1.32.5\n");
    await s.exec("systemctl daemon-reload && systemctl restart kubelet");
    await s.exec("sleep 5");
    expect((await s.exec("kubectl get nodes -o custom-columns=N:.metadata.name,V:.status.nodeInfo.kubeletVersion --no-headers")).stdout).toBe("controlplane   v1.33.2\nnode01         v1.32.5\n");
    expect((await s.exec("kubectl version")).stdout).toBe("Client Version: v1.33.2\nKustomize Version: v5.6.0\nServer Version: v1.33.2\n");
    expect((await s.exec("kubectl version -o json | grep -i emulation")).stdout).toBe('    "emulationMajor": "1",\n    "emulationMinor": "33",\n');
  }, 60_000);

  it("node on a worker: only the kubelet configuration", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await toV133Kubeadm(s, "node01");
    const r = await s.exec("ssh node01 kubeadm upgrade node");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.replace(/kubeadm-kubelet-config\d+/, "kubeadm-kubelet-configN")).toBe(`[upgrade] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...
[upgrade] Use 'kubeadm init phase upload-config --config your-config-file' to re-upload it.
[upgrade/preflight] Running pre-flight checks
[upgrade/preflight] Skipping prepull. Not a control plane node.
[upgrade/control-plane] Skipping phase. Not a control plane node.
[upgrade/kubeconfig] Skipping phase. Not a control plane node.
[upgrade] Backing up kubelet config file to /etc/kubernetes/tmp/kubeadm-kubelet-configN/config.yaml
[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"
[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!
[upgrade/addon] Skipping the addon/coredns phase. Not a control plane node.
[upgrade/addon] Skipping the addon/kube-proxy phase. Not a control plane node.
`);
  });
});

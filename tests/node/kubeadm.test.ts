import { describe, expect, it } from "vitest";
import yaml from "js-yaml";
import {
  kubeadmDirs,
  kubeadmFiles,
  kubeadmSymlinks,
  kubeletCommandLine,
  kubeletFlags,
  clusterDnsIp,
} from "../../src/engine/node/kubeadm/index.ts";
import type { KubeadmCluster, KubeadmNode } from "../../src/engine/node/kubeadm/index.ts";

const cluster: KubeadmCluster = {
  controlPlaneIp: "172.30.1.2",
  podSubnet: "192.168.0.0/16",
  serviceSubnet: "10.96.0.0/12",
  kubernetesVersion: "v1.32.5",
  nodes: [
    { name: "controlplane", ip: "172.30.1.2" },
    { name: "node01", ip: "172.30.2.2" },
  ],
};
const cp: KubeadmNode = { name: "controlplane", ip: "172.30.1.2", role: "control-plane", runtime: "docker" };
const worker: KubeadmNode = { name: "node01", ip: "172.30.2.2", role: "worker", runtime: "docker" };

type Obj = Record<string, any>;

function files(node: KubeadmNode) {
  return new Map(kubeadmFiles(node, cluster).map((f) => [f.path, f]));
}

function fsOf(node: KubeadmNode, overrides: Record<string, string | undefined> = {}) {
  const m = files(node);
  return {
    read: (p: string) => (p in overrides ? overrides[p] : m.get(p)?.content),
    list: (dir: string) => {
      const names = new Set<string>();
      for (const p of [...m.keys(), ...Object.keys(overrides)]) {
        if (p.startsWith(dir + "/") && !p.slice(dir.length + 1).includes("/")) names.add(p.slice(dir.length + 1));
      }
      return [...names].filter((n) => (`${dir}/${n}` in overrides ? overrides[`${dir}/${n}`] !== undefined : true));
    },
  };
}

describe("kubeadmFiles", () => {
  const f = files(cp);

  it("every YAML file parses", () => {
    const yamlPaths = [...f.keys()].filter((p) => p.endsWith(".yaml") || p.endsWith(".conf") && p.startsWith("/etc/kubernetes/") || p === "/root/.kube/config");
    expect(yamlPaths.length).toBeGreaterThanOrEqual(12);
    for (const p of yamlPaths) expect(() => yaml.load(f.get(p)!.content), p).not.toThrow();
    for (const p of [...files(worker).keys()].filter((p) => p.endsWith(".yaml") || p.endsWith("kubelet.conf"))) {
      expect(() => yaml.load(files(worker).get(p)!.content), p).not.toThrow();
    }
  });

  it("control plane static pods: images, flags, resources, shape", () => {
    const api = yaml.load(f.get("/etc/kubernetes/manifests/kube-apiserver.yaml")!.content) as Obj;
    expect(api.metadata).toEqual({
      annotations: { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "172.30.1.2:6443" },
      creationTimestamp: null,
      labels: { component: "kube-apiserver", tier: "control-plane" },
      name: "kube-apiserver",
      namespace: "kube-system",
    });
    const c = api.spec.containers[0];
    expect(c.image).toBe("registry.k8s.io/kube-apiserver:v1.32.5");
    expect(c.command[0]).toBe("kube-apiserver");
    expect(c.command).toContain("--advertise-address=172.30.1.2");
    expect(c.command).toContain("--service-cluster-ip-range=10.96.0.0/12");
    expect(c.command).toContain("--etcd-servers=https://127.0.0.1:2379");
    const flags = c.command.slice(1);
    expect([...flags].sort()).toEqual(flags);
    expect(c.resources).toEqual({ requests: { cpu: "250m" } });
    expect(c.livenessProbe.httpGet).toEqual({ host: "172.30.1.2", path: "/livez", port: 6443, scheme: "HTTPS" });
    expect(api.spec.priorityClassName).toBe("system-node-critical");
    expect(api.spec.priority).toBe(2000001000);
    expect(api.spec.hostNetwork).toBe(true);
    expect(api.spec.securityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
    expect(api.status).toEqual({});

    const etcd = yaml.load(f.get("/etc/kubernetes/manifests/etcd.yaml")!.content) as Obj;
    expect(etcd.spec.containers[0].image).toBe("registry.k8s.io/etcd:3.5.16-0");
    expect(etcd.spec.containers[0].resources).toEqual({ requests: { cpu: "100m", memory: "100Mi" } });
    expect(etcd.spec.containers[0].command).toContain("--initial-cluster=controlplane=https://172.30.1.2:2380");
    expect(etcd.spec.volumes.map((v: Obj) => v.name)).toEqual(["etcd-certs", "etcd-data"]);

    const kcm = yaml.load(f.get("/etc/kubernetes/manifests/kube-controller-manager.yaml")!.content) as Obj;
    expect(kcm.spec.containers[0].command).toContain("--cluster-cidr=192.168.0.0/16");
    expect(kcm.spec.containers[0].resources.requests.cpu).toBe("200m");
    expect(kcm.spec.volumes.map((v: Obj) => v.name)).toEqual([
      "ca-certs", "etc-ca-certificates", "flexvolume-dir", "k8s-certs", "kubeconfig", "usr-local-share-ca-certificates", "usr-share-ca-certificates",
    ]);
    const sch = yaml.load(f.get("/etc/kubernetes/manifests/kube-scheduler.yaml")!.content) as Obj;
    expect(sch.spec.containers[0].image).toBe("registry.k8s.io/kube-scheduler:v1.32.5");
    expect(sch.spec.containers[0].resources.requests.cpu).toBe("100m");
    expect(f.get("/etc/kubernetes/manifests/kube-scheduler.yaml")!.mode).toBe(0o600);
  });

  it("kube-scheduler.yaml byte for byte", () => {
    expect(f.get("/etc/kubernetes/manifests/kube-scheduler.yaml")!.content).toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    component: kube-scheduler
    tier: control-plane
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-scheduler
    - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf
    - --authorization-kubeconfig=/etc/kubernetes/scheduler.conf
    - --bind-address=127.0.0.1
    - --kubeconfig=/etc/kubernetes/scheduler.conf
    - --leader-elect=true
    image: registry.k8s.io/kube-scheduler:v1.32.5
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 8
      httpGet:
        host: 127.0.0.1
        path: /healthz
        port: 10259
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    name: kube-scheduler
    resources:
      requests:
        cpu: 100m
    startupProbe:
      failureThreshold: 24
      httpGet:
        host: 127.0.0.1
        path: /healthz
        port: 10259
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    volumeMounts:
    - mountPath: /etc/kubernetes/scheduler.conf
      name: kubeconfig
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/scheduler.conf
      type: FileOrCreate
    name: kubeconfig
status: {}
`);
  });

  it("kubelet config and flags", () => {
    const kc = yaml.load(f.get("/var/lib/kubelet/config.yaml")!.content) as Obj;
    expect(kc.kind).toBe("KubeletConfiguration");
    expect(kc.staticPodPath).toBe("/etc/kubernetes/manifests");
    expect(kc.cgroupDriver).toBe("systemd");
    expect(kc.clusterDNS).toEqual(["10.96.0.10"]);
    expect(kc.authentication.x509.clientCAFile).toBe("/etc/kubernetes/pki/ca.crt");
    expect(f.get("/var/lib/kubelet/kubeadm-flags.env")!.content).toBe(
      'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/cri-dockerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"\n',
    );
    const cf = files({ ...worker, runtime: "containerd" });
    expect(cf.get("/var/lib/kubelet/kubeadm-flags.env")!.content).toContain("unix:///var/run/containerd/containerd.sock");
    expect(cf.has("/usr/lib/systemd/system/cri-docker.service")).toBe(false);
    expect(clusterDnsIp("10.96.0.0/12")).toBe("10.96.0.10");
    expect(clusterDnsIp("172.20.0.0/16")).toBe("172.20.0.10");
  });

  it("kubeconfigs: kubeadm's shape, real-looking base64 PEM", () => {
    const admin = yaml.load(f.get("/etc/kubernetes/admin.conf")!.content) as Obj;
    expect(admin["current-context"]).toBe("kubernetes-admin@kubernetes");
    expect(admin.clusters[0].cluster.server).toBe("https://172.30.1.2:6443");
    const ca = Buffer.from(admin.clusters[0].cluster["certificate-authority-data"], "base64").toString();
    expect(ca).toBe(f.get("/etc/kubernetes/pki/ca.crt")!.content);
    expect(ca.startsWith("-----BEGIN CERTIFICATE-----\nMIID")).toBe(true); // an RSA-2048 CA: 3-byte DER length
    const key = Buffer.from(admin.users[0].user["client-key-data"], "base64").toString();
    expect(key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\nMIIE[A-Za-z0-9+/]{2}IBAAKCAQEA[A-Za-z0-9+/]+/);
    for (const line of key.split("\n").slice(1, -3)) expect(line.length).toBe(64);
    expect(f.get("/root/.kube/config")!.content).toBe(f.get("/etc/kubernetes/admin.conf")!.content);
    const sa = yaml.load(f.get("/etc/kubernetes/super-admin.conf")!.content) as Obj;
    expect(sa.users[0].name).toBe("kubernetes-super-admin");
    const cm = yaml.load(f.get("/etc/kubernetes/controller-manager.conf")!.content) as Obj;
    expect(cm.contexts[0].name).toBe("system:kube-controller-manager@kubernetes");

    const wk = yaml.load(files(worker).get("/etc/kubernetes/kubelet.conf")!.content) as Obj;
    expect(wk["current-context"]).toBe("default-context");
    expect(wk.users[0].user["client-certificate"]).toBe("/var/lib/kubelet/pki/kubelet-client-current.pem");
    const ck = yaml.load(f.get("/etc/kubernetes/kubelet.conf")!.content) as Obj;
    expect(ck.users[0].name).toBe("system:node:controlplane");
  });

  it("pki set and worker layout", () => {
    const pki = [...f.keys()].filter((p) => p.startsWith("/etc/kubernetes/pki/")).sort();
    expect(pki).toEqual([
      "/etc/kubernetes/pki/apiserver-etcd-client.crt", "/etc/kubernetes/pki/apiserver-etcd-client.key",
      "/etc/kubernetes/pki/apiserver-kubelet-client.crt", "/etc/kubernetes/pki/apiserver-kubelet-client.key",
      "/etc/kubernetes/pki/apiserver.crt", "/etc/kubernetes/pki/apiserver.key",
      "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.key",
      "/etc/kubernetes/pki/etcd/ca.crt", "/etc/kubernetes/pki/etcd/ca.key",
      "/etc/kubernetes/pki/etcd/healthcheck-client.crt", "/etc/kubernetes/pki/etcd/healthcheck-client.key",
      "/etc/kubernetes/pki/etcd/peer.crt", "/etc/kubernetes/pki/etcd/peer.key",
      "/etc/kubernetes/pki/etcd/server.crt", "/etc/kubernetes/pki/etcd/server.key",
      "/etc/kubernetes/pki/front-proxy-ca.crt", "/etc/kubernetes/pki/front-proxy-ca.key",
      "/etc/kubernetes/pki/front-proxy-client.crt", "/etc/kubernetes/pki/front-proxy-client.key",
      "/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/sa.pub",
    ]);
    const w = files(worker);
    expect([...w.keys()].filter((p) => p.startsWith("/etc/kubernetes/"))).toEqual(["/etc/kubernetes/kubelet.conf", "/etc/kubernetes/pki/ca.crt"]);
    expect(w.get("/etc/kubernetes/pki/ca.crt")!.content).toBe(f.get("/etc/kubernetes/pki/ca.crt")!.content);
    expect(kubeadmDirs(worker).map((d) => d.path)).toContain("/etc/kubernetes/manifests");
    expect(kubeadmSymlinks(worker, {})[0].path).toBe("/var/lib/kubelet/pki/kubelet-client-current.pem");
    expect(w.get("/etc/hosts")!.content).toContain("172.30.2.2 node01\n");
    expect(f.get("/root/.bashrc")!.content).toContain("alias k=kubectl\ncomplete -o default -F __start_kubectl k\n");
    // deterministic
    expect(kubeadmFiles(cp, cluster)).toEqual(kubeadmFiles(cp, cluster));
  });
});

describe("kubeletCommandLine", () => {
  it("is what ps aux shows on a kubeadm node", () => {
    expect(kubeletCommandLine(fsOf(cp))).toBe(
      "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/cri-dockerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10",
    );
  });

  it("follows the files: flags env, /etc/default/kubelet, drop-in edits", () => {
    const withExtra = fsOf(cp, { "/etc/default/kubelet": 'KUBELET_EXTRA_ARGS="--node-ip=172.30.1.2 --v=2"\n' });
    expect(kubeletCommandLine(withExtra).endsWith("--pod-infra-container-image=registry.k8s.io/pause:3.10 --node-ip=172.30.1.2 --v=2")).toBe(true);
    const dropin = files(cp).get("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf")!.content.replace(
      "--config=/var/lib/kubelet/config.yaml",
      "--config=/var/lib/kubelet/config.yaml --pod-manifest-path=/etc/just-to-mess-with-you",
    );
    const edited = fsOf(cp, { "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf": dropin });
    expect(kubeletFlags(edited).get("pod-manifest-path")).toBe("/etc/just-to-mess-with-you");
    expect(kubeletFlags(edited).get("config")).toBe("/var/lib/kubelet/config.yaml");
    const noFlags = fsOf(cp, { "/var/lib/kubelet/kubeadm-flags.env": undefined });
    expect(kubeletCommandLine(noFlags)).toBe(
      "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml",
    );
    const override = fsOf(cp, { "/etc/systemd/system/kubelet.service.d/20-override.conf": "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --config=/tmp/k.yaml\n" });
    expect(kubeletCommandLine(override)).toBe("/usr/bin/kubelet --config=/tmp/k.yaml");
  });
});

// The static pod manifests kubeadm v1.32 writes to /etc/kubernetes/manifests, byte for byte
// (cmd/kubeadm/app/phases/controlplane/manifests.go, phases/etcd/local.go, util/staticpod):
// sigs.k8s.io/yaml output of a v1.Pod, so keys are sorted, `creationTimestamp: null`,
// `status: {}`; arguments are sorted by flag name; volumes (and, except for etcd, volume
// mounts) are sorted by name. Checked against manifests from real kubeadm 1.31/1.32 clusters.

export interface ManifestParams {
  nodeName: string;
  advertiseAddress: string;
  bindPort: number;
  podSubnet: string;
  serviceSubnet: string;
  kubernetesVersion: string;
  imageRepository: string;
  etcdImageTag: string;
}

function hostPathVolume(name: string, path: string, type: "DirectoryOrCreate" | "FileOrCreate"): string {
  return `  - hostPath:\n      path: ${path}\n      type: ${type}\n    name: ${name}\n`;
}

function mount(name: string, path: string, readOnly: boolean): string {
  return `    - mountPath: ${path}\n      name: ${name}\n${readOnly ? "      readOnly: true\n" : ""}`;
}

function httpProbe(kind: "livenessProbe" | "readinessProbe" | "startupProbe", host: string, path: string, port: number, scheme: "HTTP" | "HTTPS"): string {
  const failureThreshold = kind === "livenessProbe" ? 8 : kind === "readinessProbe" ? 3 : 24;
  return (
    `    ${kind}:\n` +
    `      failureThreshold: ${failureThreshold}\n` +
    `      httpGet:\n` +
    `        host: ${host}\n` +
    `        path: ${path}\n` +
    `        port: ${port}\n` +
    `        scheme: ${scheme}\n` +
    (kind === "readinessProbe" ? "" : "      initialDelaySeconds: 10\n") +
    `      periodSeconds: ${kind === "readinessProbe" ? 1 : 10}\n` +
    `      timeoutSeconds: 15\n`
  );
}

const POD_TAIL =
  "  hostNetwork: true\n" +
  "  priority: 2000001000\n" +
  "  priorityClassName: system-node-critical\n" +
  "  securityContext:\n" +
  "    seccompProfile:\n" +
  "      type: RuntimeDefault\n";

function header(name: string, annotations: Record<string, string>): string {
  let s = "apiVersion: v1\nkind: Pod\nmetadata:\n";
  const keys = Object.keys(annotations).sort();
  if (keys.length) {
    s += "  annotations:\n";
    for (const k of keys) s += `    ${k}: ${annotations[k]}\n`;
  }
  s += `  creationTimestamp: null\n  labels:\n    component: ${name}\n    tier: control-plane\n  name: ${name}\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n`;
  return s;
}

function commandLines(binary: string, args: Record<string, string>): string {
  let s = `    - ${binary}\n`;
  for (const k of Object.keys(args).sort()) s += `    - --${k}=${args[k]}\n`;
  return s;
}

// CA-certificate host folders kubeadm mounts when they exist on the host (Ubuntu: these four).
const CA_VOLUMES: [string, string][] = [
  ["ca-certs", "/etc/ssl/certs"],
  ["etc-ca-certificates", "/etc/ca-certificates"],
  ["usr-local-share-ca-certificates", "/usr/local/share/ca-certificates"],
  ["usr-share-ca-certificates", "/usr/share/ca-certificates"],
];

interface Vol { name: string; path: string; type: "DirectoryOrCreate" | "FileOrCreate"; readOnly: boolean }

function volumesBlock(vols: Vol[]): { mounts: string; volumes: string } {
  const sorted = [...vols].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    mounts: "    volumeMounts:\n" + sorted.map((v) => mount(v.name, v.path, v.readOnly)).join(""),
    volumes: "  volumes:\n" + sorted.map((v) => hostPathVolume(v.name, v.path, v.type)).join(""),
  };
}

export function kubeApiServerManifest(p: ManifestParams): string {
  const pki = "/etc/kubernetes/pki";
  const args: Record<string, string> = {
    "advertise-address": p.advertiseAddress,
    "allow-privileged": "true",
    "authorization-mode": "Node,RBAC",
    "client-ca-file": `${pki}/ca.crt`,
    "enable-admission-plugins": "NodeRestriction",
    "enable-bootstrap-token-auth": "true",
    "etcd-cafile": `${pki}/etcd/ca.crt`,
    "etcd-certfile": `${pki}/apiserver-etcd-client.crt`,
    "etcd-keyfile": `${pki}/apiserver-etcd-client.key`,
    "etcd-servers": "https://127.0.0.1:2379",
    "kubelet-client-certificate": `${pki}/apiserver-kubelet-client.crt`,
    "kubelet-client-key": `${pki}/apiserver-kubelet-client.key`,
    "kubelet-preferred-address-types": "InternalIP,ExternalIP,Hostname",
    "proxy-client-cert-file": `${pki}/front-proxy-client.crt`,
    "proxy-client-key-file": `${pki}/front-proxy-client.key`,
    "requestheader-allowed-names": "front-proxy-client",
    "requestheader-client-ca-file": `${pki}/front-proxy-ca.crt`,
    "requestheader-extra-headers-prefix": "X-Remote-Extra-",
    "requestheader-group-headers": "X-Remote-Group",
    "requestheader-username-headers": "X-Remote-User",
    "secure-port": String(p.bindPort),
    "service-account-issuer": "https://kubernetes.default.svc.cluster.local",
    "service-account-key-file": `${pki}/sa.pub`,
    "service-account-signing-key-file": `${pki}/sa.key`,
    "service-cluster-ip-range": p.serviceSubnet,
    "tls-cert-file": `${pki}/apiserver.crt`,
    "tls-private-key-file": `${pki}/apiserver.key`,
  };
  const vols: Vol[] = [
    ...CA_VOLUMES.map(([name, path]) => ({ name, path, type: "DirectoryOrCreate" as const, readOnly: true })),
    { name: "k8s-certs", path: pki, type: "DirectoryOrCreate", readOnly: true },
  ];
  const { mounts, volumes } = volumesBlock(vols);
  return (
    header("kube-apiserver", { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": `${p.advertiseAddress}:${p.bindPort}` }) +
    commandLines("kube-apiserver", args) +
    `    image: ${p.imageRepository}/kube-apiserver:${p.kubernetesVersion}\n` +
    "    imagePullPolicy: IfNotPresent\n" +
    httpProbe("livenessProbe", p.advertiseAddress, "/livez", p.bindPort, "HTTPS") +
    "    name: kube-apiserver\n" +
    httpProbe("readinessProbe", p.advertiseAddress, "/readyz", p.bindPort, "HTTPS") +
    "    resources:\n      requests:\n        cpu: 250m\n" +
    httpProbe("startupProbe", p.advertiseAddress, "/livez", p.bindPort, "HTTPS") +
    mounts +
    POD_TAIL +
    volumes +
    "status: {}\n"
  );
}

export function kubeControllerManagerManifest(p: ManifestParams): string {
  const pki = "/etc/kubernetes/pki";
  const conf = "/etc/kubernetes/controller-manager.conf";
  const args: Record<string, string> = {
    "allocate-node-cidrs": "true",
    "authentication-kubeconfig": conf,
    "authorization-kubeconfig": conf,
    "bind-address": "127.0.0.1",
    "client-ca-file": `${pki}/ca.crt`,
    "cluster-cidr": p.podSubnet,
    "cluster-name": "kubernetes",
    "cluster-signing-cert-file": `${pki}/ca.crt`,
    "cluster-signing-key-file": `${pki}/ca.key`,
    controllers: "*,bootstrapsigner,tokencleaner",
    kubeconfig: conf,
    "leader-elect": "true",
    "requestheader-client-ca-file": `${pki}/front-proxy-ca.crt`,
    "root-ca-file": `${pki}/ca.crt`,
    "service-account-private-key-file": `${pki}/sa.key`,
    "service-cluster-ip-range": p.serviceSubnet,
    "use-service-account-credentials": "true",
  };
  if (!p.podSubnet) {
    delete args["allocate-node-cidrs"];
    delete args["cluster-cidr"];
  }
  const vols: Vol[] = [
    ...CA_VOLUMES.map(([name, path]) => ({ name, path, type: "DirectoryOrCreate" as const, readOnly: true })),
    { name: "flexvolume-dir", path: "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", type: "DirectoryOrCreate", readOnly: false },
    { name: "k8s-certs", path: pki, type: "DirectoryOrCreate", readOnly: true },
    { name: "kubeconfig", path: conf, type: "FileOrCreate", readOnly: true },
  ];
  const { mounts, volumes } = volumesBlock(vols);
  return (
    header("kube-controller-manager", {}) +
    commandLines("kube-controller-manager", args) +
    `    image: ${p.imageRepository}/kube-controller-manager:${p.kubernetesVersion}\n` +
    "    imagePullPolicy: IfNotPresent\n" +
    httpProbe("livenessProbe", "127.0.0.1", "/healthz", 10257, "HTTPS") +
    "    name: kube-controller-manager\n" +
    "    resources:\n      requests:\n        cpu: 200m\n" +
    httpProbe("startupProbe", "127.0.0.1", "/healthz", 10257, "HTTPS") +
    mounts +
    POD_TAIL +
    volumes +
    "status: {}\n"
  );
}

export function kubeSchedulerManifest(p: ManifestParams): string {
  const conf = "/etc/kubernetes/scheduler.conf";
  const args: Record<string, string> = {
    "authentication-kubeconfig": conf,
    "authorization-kubeconfig": conf,
    "bind-address": "127.0.0.1",
    kubeconfig: conf,
    "leader-elect": "true",
  };
  const { mounts, volumes } = volumesBlock([{ name: "kubeconfig", path: conf, type: "FileOrCreate", readOnly: true }]);
  return (
    header("kube-scheduler", {}) +
    commandLines("kube-scheduler", args) +
    `    image: ${p.imageRepository}/kube-scheduler:${p.kubernetesVersion}\n` +
    "    imagePullPolicy: IfNotPresent\n" +
    httpProbe("livenessProbe", "127.0.0.1", "/healthz", 10259, "HTTPS") +
    "    name: kube-scheduler\n" +
    "    resources:\n      requests:\n        cpu: 100m\n" +
    httpProbe("startupProbe", "127.0.0.1", "/healthz", 10259, "HTTPS") +
    mounts +
    POD_TAIL +
    volumes +
    "status: {}\n"
  );
}

export function etcdManifest(p: ManifestParams): string {
  const certs = "/etc/kubernetes/pki/etcd";
  const ip = p.advertiseAddress;
  const args: Record<string, string> = {
    "advertise-client-urls": `https://${ip}:2379`,
    "cert-file": `${certs}/server.crt`,
    "client-cert-auth": "true",
    "data-dir": "/var/lib/etcd",
    "experimental-initial-corrupt-check": "true",
    "experimental-watch-progress-notify-interval": "5s",
    "initial-advertise-peer-urls": `https://${ip}:2380`,
    "initial-cluster": `${p.nodeName}=https://${ip}:2380`,
    "key-file": `${certs}/server.key`,
    "listen-client-urls": `https://127.0.0.1:2379,https://${ip}:2379`,
    "listen-metrics-urls": "http://127.0.0.1:2381",
    "listen-peer-urls": `https://${ip}:2380`,
    name: p.nodeName,
    "peer-cert-file": `${certs}/peer.crt`,
    "peer-client-cert-auth": "true",
    "peer-key-file": `${certs}/peer.key`,
    "peer-trusted-ca-file": `${certs}/ca.crt`,
    "snapshot-count": "10000",
    "trusted-ca-file": `${certs}/ca.crt`,
  };
  return (
    header("etcd", { "kubeadm.kubernetes.io/etcd.advertise-client-urls": `https://${ip}:2379` }) +
    commandLines("etcd", args) +
    `    image: ${p.imageRepository}/etcd:${p.etcdImageTag}\n` +
    "    imagePullPolicy: IfNotPresent\n" +
    httpProbe("livenessProbe", "127.0.0.1", "/livez", 2381, "HTTP") +
    "    name: etcd\n" +
    httpProbe("readinessProbe", "127.0.0.1", "/readyz", 2381, "HTTP") +
    "    resources:\n      requests:\n        cpu: 100m\n        memory: 100Mi\n" +
    httpProbe("startupProbe", "127.0.0.1", "/readyz", 2381, "HTTP") +
    "    volumeMounts:\n" +
    mount("etcd-data", "/var/lib/etcd", false) +
    mount("etcd-certs", certs, false) +
    POD_TAIL +
    "  volumes:\n" +
    hostPathVolume("etcd-certs", certs, "DirectoryOrCreate") +
    hostPathVolume("etcd-data", "/var/lib/etcd", "DirectoryOrCreate") +
    "status: {}\n"
  );
}

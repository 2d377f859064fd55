// What kubeadm v1.32 (and the packages it comes with) puts on a node, as data: the caller
// writes these into the node's filesystem. Sources: kubernetes/kubernetes cmd/kubeadm
// (phases/controlplane, phases/etcd, phases/kubeconfig, phases/kubelet, componentconfigs),
// pkg/kubelet/certificate/bootstrap (a joined node's kubelet.conf), kubernetes/release krel
// templates (kubelet.service, 10-kubeadm.conf), and `cat` of real 1.31–1.33 kubeadm nodes.

import { PAUSE_IMAGE } from "../../images/catalog.ts";
import { b64, caCert, controlPlanePki, kubeconfigCredentials, kubeletClientPem, kubeletServingPair, type KubeconfigUser as KubeconfigCredUser } from "./pki.ts";
import { etcdManifest, kubeApiServerManifest, kubeControllerManagerManifest, kubeSchedulerManifest } from "./manifests.ts";
import type { ManifestParams } from "./manifests.ts";
import { nobleOsRelease } from "../../images/files-data.ts";
import {
  CONTAINERD_CONFIG_DOCKER,
  CONTAINERD_SERVICE,
  CRI_DOCKER_SERVICE,
  CRI_DOCKER_SOCKET,
  DOCKER_DAEMON_JSON,
  DOCKER_SERVICE,
  DOCKER_SOCKET,
  KUBEADM_DROPIN,
  KUBELET_DEFAULT_ENV,
  KUBELET_SERVICE,
  containerdConfigCri,
  crictlYaml,
} from "./units.ts";

export interface KubeadmNode {
  name: string;
  ip: string;
  role: "control-plane" | "worker";
  runtime: "docker" | "containerd";
}

export interface KubeadmCluster {
  controlPlaneIp: string;
  podSubnet: string;
  serviceSubnet: string;
  kubernetesVersion: string;
  /** every node of the cluster, for /etc/hosts (defaults to controlplane + this node) */
  nodes?: Array<{ name: string; ip: string }>;
  /** when `kubeadm init` ran (virtual ms): names the kubelet's rotated client cert file */
  initTime?: number;
}

export interface NodeFile {
  path: string;
  content: string;
  mode: number;
}

export const ETCD_IMAGE_TAG = "3.5.16-0";
export const API_SERVER_PORT = 6443;

export const CRI_SOCKETS = {
  docker: "unix:///var/run/cri-dockerd.sock",
  containerd: "unix:///var/run/containerd/containerd.sock",
} as const;

export const STATIC_POD_PATH = "/etc/kubernetes/manifests";
export const KUBELET_DROPIN_PATH = "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf";
export const KUBELET_UNIT_PATH = "/usr/lib/systemd/system/kubelet.service";
export const KUBELET_CONFIG_PATH = "/var/lib/kubelet/config.yaml";
export const KUBEADM_FLAGS_PATH = "/var/lib/kubelet/kubeadm-flags.env";

/** The DNS service IP kubeadm derives from the service subnet: its 10th address. */
export function clusterDnsIp(serviceSubnet: string): string {
  const [base] = serviceSubnet.split("/");
  const p = base.split(".").map(Number);
  let n = ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3] + 10;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    out.unshift(n & 255);
    n = Math.floor(n / 256);
  }
  return out.join(".");
}

/** /var/lib/kubelet/config.yaml exactly as kubeadm 1.32 writes it (componentconfigs/kubelet.go). */
export function kubeletConfigYaml(cluster: Pick<KubeadmCluster, "serviceSubnet">): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- ${clusterDnsIp(cluster.serviceSubnet)}
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
resolvConf: /run/systemd/resolve/resolv.conf
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: ${STATIC_POD_PATH}
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;
}

/** /var/lib/kubelet/kubeadm-flags.env (phases/kubelet/flags.go). */
export function kubeadmFlagsEnv(runtime: KubeadmNode["runtime"]): string {
  return `KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=${CRI_SOCKETS[runtime]} --pod-infra-container-image=${PAUSE_IMAGE}"\n`;
}

interface KubeconfigUser {
  name: string;
  certData?: string;
  keyData?: string;
  certFile?: string;
  keyFile?: string;
}

/** A kubeconfig as client-go's clientcmd writes it (keys sorted, `preferences: {}`). */
export function kubeconfig(opts: {
  cluster: string;
  server: string;
  caData: string;
  user: KubeconfigUser;
  context: string;
  namespace?: string;
}): string {
  const u = opts.user;
  let user = "";
  if (u.certFile) user += `    client-certificate: ${u.certFile}\n`;
  if (u.certData) user += `    client-certificate-data: ${u.certData}\n`;
  if (u.keyFile) user += `    client-key: ${u.keyFile}\n`;
  if (u.keyData) user += `    client-key-data: ${u.keyData}\n`;
  return (
    "apiVersion: v1\n" +
    "clusters:\n" +
    "- cluster:\n" +
    `    certificate-authority-data: ${opts.caData}\n` +
    `    server: ${opts.server}\n` +
    `  name: ${opts.cluster}\n` +
    "contexts:\n" +
    "- context:\n" +
    `    cluster: ${opts.cluster}\n` +
    (opts.namespace ? `    namespace: ${opts.namespace}\n` : "") +
    `    user: ${u.name}\n` +
    `  name: ${opts.context}\n` +
    `current-context: ${opts.context}\n` +
    "kind: Config\n" +
    "preferences: {}\n" +
    "users:\n" +
    `- name: ${u.name}\n` +
    "  user:\n" +
    user
  );
}

export const CLUSTER_SEED = "kubelab";

function kubeadmKubeconfig(user: string, server: string, certSeed: KubeconfigCredUser, initTime: number): string {
  const ca = b64(caCert(CLUSTER_SEED, initTime));
  return kubeconfig({
    cluster: "kubernetes",
    server,
    caData: ca,
    user: { name: user, ...kubeconfigCredentials(CLUSTER_SEED, initTime, certSeed) },
    context: `${user}@kubernetes`,
  });
}

/** kubelet.conf: the control plane's (written by kubeadm init, then pointed at the rotated cert) or a joined node's (written by the kubelet's TLS bootstrap). */
function kubeletConf(node: KubeadmNode, server: string, initTime: number): string {
  const ca = b64(caCert(CLUSTER_SEED, initTime));
  const pemPath = "/var/lib/kubelet/pki/kubelet-client-current.pem";
  if (node.role === "control-plane") {
    return kubeconfig({
      cluster: "kubernetes",
      server,
      caData: ca,
      user: { name: `system:node:${node.name}`, certFile: pemPath, keyFile: pemPath },
      context: `system:node:${node.name}@kubernetes`,
    });
  }
  return kubeconfig({
    cluster: "default-cluster",
    server,
    caData: ca,
    user: { name: "default-auth", certFile: pemPath, keyFile: pemPath },
    context: "default-context",
    namespace: "default",
  });
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** kubelet-client-YYYY-MM-DD-HH-MM-SS.pem as certificate_manager names the rotated cert. */
export function kubeletClientCertName(initTime: number): string {
  const d = new Date(initTime);
  return `kubelet-client-${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}-${pad2(d.getUTCHours())}-${pad2(d.getUTCMinutes())}-${pad2(d.getUTCSeconds())}.pem`;
}

const DEFAULT_INIT_TIME = Date.UTC(2025, 4, 20, 9, 0, 0);

function etcHosts(node: KubeadmNode, cluster: KubeadmCluster): string {
  const nodes = cluster.nodes ?? [
    { name: "controlplane", ip: cluster.controlPlaneIp },
    ...(node.ip === cluster.controlPlaneIp ? [] : [{ name: node.name, ip: node.ip }]),
  ];
  return (
    "127.0.0.1 localhost\n\n" +
    "# The following lines are desirable for IPv6 capable hosts\n" +
    "::1 ip6-localhost ip6-loopback\n" +
    "fe00::0 ip6-localnet\n" +
    "ff00::0 ip6-mcastprefix\n" +
    "ff02::1 ip6-allnodes\n" +
    "ff02::2 ip6-allrouters\n" +
    "ff02::3 ip6-allhosts\n" +
    nodes.map((n) => `${n.ip} ${n.name}\n`).join("")
  );
}

const BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.

# If not running interactively, don't do anything
[ -z "$PS1" ] && return

# don't put duplicate lines or lines starting with space in the history.
HISTCONTROL=ignoreboth

# append to the history file, don't overwrite it
shopt -s histappend

HISTSIZE=1000
HISTFILESIZE=2000

# check the window size after each command and, if necessary,
# update the values of LINES and COLUMNS.
shopt -s checkwinsize

# enable color support of ls and also add handy aliases
if [ -x /usr/bin/dircolors ]; then
    test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
    alias ls='ls --color=auto'
    alias grep='grep --color=auto'
fi

# enable programmable completion features
if [ -f /etc/bash_completion ] && ! shopt -oq posix; then
    . /etc/bash_completion
fi

source <(kubectl completion bash)
alias k=kubectl
complete -o default -F __start_kubectl k
`;

/**
 * Every file kubeadm v1.32, the kubelet/kubeadm debs, Docker/cri-dockerd or containerd, and
 * the lab image put on a node. Directories (including empty ones) are in kubeadmDirs(),
 * symlinks in kubeadmSymlinks().
 */
/** Ubuntu 24.04.1 LTS's /usr/lib/os-release. */
export const OS_RELEASE = nobleOsRelease("24.04.1");

export function kubeadmFiles(node: KubeadmNode, cluster: KubeadmCluster): NodeFile[] {
  const files: NodeFile[] = [];
  const add = (path: string, content: string, mode = 0o644) => files.push({ path, content, mode });
  const server = `https://${cluster.controlPlaneIp}:${API_SERVER_PORT}`;
  const initTime = cluster.initTime ?? DEFAULT_INIT_TIME;

  // --- machine
  add("/etc/hostname", `${node.name}\n`);
  add("/etc/hosts", etcHosts(node, cluster));
  add("/usr/lib/os-release", OS_RELEASE); // /etc/os-release links here, as on Ubuntu

  // --- kubelet + kubeadm packages
  add(KUBELET_UNIT_PATH, KUBELET_SERVICE);
  add(KUBELET_DROPIN_PATH, KUBEADM_DROPIN);
  add("/etc/default/kubelet", KUBELET_DEFAULT_ENV);

  // --- kubeadm init/join: kubelet config and credentials
  add(KUBELET_CONFIG_PATH, kubeletConfigYaml(cluster));
  add(KUBEADM_FLAGS_PATH, kubeadmFlagsEnv(node.runtime));
  add("/etc/kubernetes/kubelet.conf", kubeletConf(node, server, initTime), 0o600);
  const serving = kubeletServingPair(CLUSTER_SEED, initTime, node.name);
  add("/var/lib/kubelet/pki/kubelet.crt", serving.crt);
  add("/var/lib/kubelet/pki/kubelet.key", serving.key, 0o600);
  add(`/var/lib/kubelet/pki/${kubeletClientCertName(initTime)}`, kubeletClientPem(CLUSTER_SEED, initTime, node.name), 0o600);

  if (node.role === "control-plane") {
    const pkiOptions = { initTime, nodeName: node.name, advertiseAddress: node.ip, serviceSubnet: cluster.serviceSubnet };
    for (const f of controlPlanePki(CLUSTER_SEED, pkiOptions)) add(`/etc/kubernetes/pki/${f.rel}`, f.content, f.mode);
    const admin = kubeadmKubeconfig("kubernetes-admin", server, "admin", initTime);
    add("/etc/kubernetes/admin.conf", admin, 0o600);
    add("/etc/kubernetes/super-admin.conf", kubeadmKubeconfig("kubernetes-super-admin", server, "super-admin", initTime), 0o600);
    // controller-manager.conf and scheduler.conf talk to the local API endpoint
    const local = `https://${node.ip}:${API_SERVER_PORT}`;
    add("/etc/kubernetes/controller-manager.conf", kubeadmKubeconfig("system:kube-controller-manager", local, "controller-manager", initTime), 0o600);
    add("/etc/kubernetes/scheduler.conf", kubeadmKubeconfig("system:kube-scheduler", local, "scheduler", initTime), 0o600);
    const params: ManifestParams = {
      nodeName: node.name,
      advertiseAddress: node.ip,
      bindPort: API_SERVER_PORT,
      podSubnet: cluster.podSubnet,
      serviceSubnet: cluster.serviceSubnet,
      kubernetesVersion: cluster.kubernetesVersion,
      imageRepository: "registry.k8s.io",
      etcdImageTag: ETCD_IMAGE_TAG,
    };
    add(`${STATIC_POD_PATH}/etcd.yaml`, etcdManifest(params), 0o600);
    add(`${STATIC_POD_PATH}/kube-apiserver.yaml`, kubeApiServerManifest(params), 0o600);
    add(`${STATIC_POD_PATH}/kube-controller-manager.yaml`, kubeControllerManagerManifest(params), 0o600);
    add(`${STATIC_POD_PATH}/kube-scheduler.yaml`, kubeSchedulerManifest(params), 0o600);
    add("/root/.kube/config", admin, 0o600);
  } else {
    add("/etc/kubernetes/pki/ca.crt", caCert(CLUSTER_SEED, initTime));
  }

  // --- container runtime
  add("/usr/lib/systemd/system/containerd.service", CONTAINERD_SERVICE);
  if (node.runtime === "docker") {
    add("/usr/lib/systemd/system/docker.service", DOCKER_SERVICE);
    add("/usr/lib/systemd/system/docker.socket", DOCKER_SOCKET);
    add("/usr/lib/systemd/system/cri-docker.service", CRI_DOCKER_SERVICE);
    add("/usr/lib/systemd/system/cri-docker.socket", CRI_DOCKER_SOCKET);
    add("/etc/docker/daemon.json", DOCKER_DAEMON_JSON);
    add("/etc/containerd/config.toml", CONTAINERD_CONFIG_DOCKER);
  } else {
    add("/etc/containerd/config.toml", containerdConfigCri(PAUSE_IMAGE));
  }
  add("/etc/crictl.yaml", crictlYaml(CRI_SOCKETS[node.runtime]));

  // --- the student's shell
  add("/root/.bashrc", BASHRC);

  return files;
}

/** Directories that exist on the node (parents of kubeadmFiles() included), with their modes. */
export function kubeadmDirs(node: KubeadmNode): Array<{ path: string; mode: number }> {
  const dirs: Array<[string, number]> = [
    ["/etc/kubernetes", 0o755],
    [STATIC_POD_PATH, 0o755],
    ["/etc/kubernetes/pki", 0o755],
    ["/var/lib/kubelet", 0o755],
    ["/var/lib/kubelet/pki", 0o755],
    ["/var/lib/kubelet/pods", 0o750],
    ["/usr/lib/systemd/system", 0o755],
    ["/usr/lib/systemd/system/kubelet.service.d", 0o755],
    ["/etc/systemd/system", 0o755],
    ["/etc/default", 0o755],
    ["/etc/cni/net.d", 0o755],
    ["/opt/cni/bin", 0o755],
    ["/var/log/pods", 0o755],
    ["/var/log/containers", 0o755],
    ["/etc/containerd", 0o755],
    ["/root", 0o700],
  ];
  if (node.role === "control-plane") {
    dirs.push(["/etc/kubernetes/pki/etcd", 0o755], ["/var/lib/etcd", 0o700], ["/root/.kube", 0o755]);
  }
  if (node.runtime === "docker") dirs.push(["/etc/docker", 0o755], ["/var/lib/docker", 0o710]);
  else dirs.push(["/var/lib/containerd", 0o711]);
  return dirs.map(([path, mode]) => ({ path, mode })).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Symlinks: the kubelet's current client certificate points at the rotated file. */
export function kubeadmSymlinks(_node: KubeadmNode, cluster: Pick<KubeadmCluster, "initTime">): Array<{ path: string; target: string }> {
  return [
    {
      path: "/var/lib/kubelet/pki/kubelet-client-current.pem",
      target: `/var/lib/kubelet/pki/${kubeletClientCertName(cluster.initTime ?? DEFAULT_INIT_TIME)}`,
    },
    { path: "/etc/os-release", target: "../usr/lib/os-release" },
  ];
}

// ---------------------------------------------------------------------------------------------
// The kubelet's command line, as systemd builds it from the unit, its drop-ins and their
// environment files. A changed file changes it (after daemon-reload + restart, which is the
// caller's business).

export interface UnitFs {
  read(path: string): string | undefined;
  /** names in a directory, or [] when it does not exist */
  list?(dir: string): string[];
}

interface UnitParse {
  execStart: string | undefined;
  env: Array<{ kind: "env"; text: string } | { kind: "file"; path: string; optional: boolean }>;
}

function unitLines(text: string): string[] {
  // join backslash continuations, drop comments
  const out: string[] = [];
  let cur = "";
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (!cur && (line.trimStart().startsWith("#") || line.trimStart().startsWith(";"))) continue;
    if (line.endsWith("\\")) {
      cur += line.slice(0, -1) + " ";
      continue;
    }
    out.push(cur + line);
    cur = "";
  }
  if (cur) out.push(cur);
  return out;
}

function applyUnit(text: string, acc: UnitParse): void {
  let section = "";
  for (const line of unitLines(text)) {
    const t = line.trim();
    if (!t) continue;
    const sec = /^\[(.+)\]$/.exec(t);
    if (sec) {
      section = sec[1];
      continue;
    }
    if (section !== "Service") continue;
    const eq = t.indexOf("=");
    if (eq < 0) continue;
    const key = t.slice(0, eq).trim();
    const value = t.slice(eq + 1).trim();
    if (key === "ExecStart") acc.execStart = value === "" ? undefined : value;
    else if (key === "Environment") {
      if (value === "") acc.env = acc.env.filter((e) => e.kind !== "env");
      else acc.env.push({ kind: "env", text: value });
    } else if (key === "EnvironmentFile") {
      if (value === "") acc.env = acc.env.filter((e) => e.kind !== "file");
      else acc.env.push({ kind: "file", path: value.replace(/^-/, ""), optional: value.startsWith("-") });
    }
  }
}

/** systemd's word splitting for Environment= values and ExecStart= (quotes group words). */
function splitWords(s: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** EnvironmentFile= parsing: KEY=value lines, optional quotes, # comments. */
function parseEnvFile(text: string, into: Map<string, string>): void {
  for (const raw of unitLines(text)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if ((value.startsWith('"') && value.endsWith('"') && value.length >= 2) || (value.startsWith("'") && value.endsWith("'") && value.length >= 2)) {
      value = value.slice(1, -1);
    }
    into.set(key, value);
  }
}

/** The unit file + drop-ins systemd would load for kubelet.service, in order. */
function kubeletUnitTexts(fs: UnitFs): string[] {
  const texts: string[] = [];
  const main = fs.read("/etc/systemd/system/kubelet.service") ?? fs.read("/usr/lib/systemd/system/kubelet.service") ?? fs.read("/lib/systemd/system/kubelet.service");
  if (main !== undefined) texts.push(main);
  const dropDirs = ["/usr/lib/systemd/system/kubelet.service.d", "/run/systemd/system/kubelet.service.d", "/etc/systemd/system/kubelet.service.d"];
  const byName = new Map<string, string>();
  for (const dir of dropDirs) {
    const names = fs.list ? fs.list(dir) : dir === "/usr/lib/systemd/system/kubelet.service.d" ? ["10-kubeadm.conf"] : [];
    for (const n of names) {
      if (!n.endsWith(".conf")) continue;
      const t = fs.read(`${dir}/${n}`);
      if (t !== undefined) byName.set(n, t); // a later directory overrides the same name
    }
  }
  for (const n of [...byName.keys()].sort()) texts.push(byName.get(n)!);
  return texts;
}

/** The kubelet's argv as systemd starts it (what `ps aux` shows), or undefined if there is no ExecStart. */
export function kubeletArgv(fs: UnitFs): string[] | undefined {
  const acc: UnitParse = { execStart: undefined, env: [] };
  for (const t of kubeletUnitTexts(fs)) applyUnit(t, acc);
  if (!acc.execStart) return undefined;
  const env = new Map<string, string>();
  for (const e of acc.env) {
    if (e.kind === "env") {
      for (const w of splitWords(e.text)) {
        const eq = w.indexOf("=");
        if (eq > 0) env.set(w.slice(0, eq), w.slice(eq + 1));
      }
    } else {
      const text = fs.read(e.path);
      if (text !== undefined) parseEnvFile(text, env);
    }
  }
  // ExecStart prefixes (-, @, +, !) are not part of argv
  const cmd = acc.execStart.replace(/^[-@+!:]+/, "");
  const argv: string[] = [];
  for (const w of splitWords(cmd)) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w);
    if (whole) {
      // $VAR alone: replaced by the value split at whitespace; empty → no word
      argv.push(...splitWords(env.get(whole[1]) ?? ""));
      continue;
    }
    argv.push(w.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string | undefined, b: string | undefined) => env.get((a ?? b)!) ?? ""));
  }
  return argv;
}

/** The kubelet command line as `ps aux` prints it. */
export function kubeletCommandLine(fs: UnitFs): string {
  return (kubeletArgv(fs) ?? []).join(" ");
}

/** The kubelet's flags (`--name=value` / `--name value` / bare `--flag` → "true"), last one wins. */
export function kubeletFlags(fs: UnitFs): Map<string, string> {
  const argv = kubeletArgv(fs) ?? [];
  const flags = new Map<string, string>();
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("-")) continue;
    const name = a.replace(/^--?/, "");
    const eq = name.indexOf("=");
    if (eq >= 0) flags.set(name.slice(0, eq), name.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("-")) flags.set(name, argv[++i]);
    else flags.set(name, "true");
  }
  return flags;
}

// kubeadm upgrade plan | apply | node, as kubeadm v1.32/v1.33 do them
// (cmd/kubeadm/app/cmd/upgrade/{plan,apply,node}.go, phases/upgrade/{apply,node}/*.go,
// phases/upgrade/{compute,policy,staticpods,postupgrade}.go), computed from the cluster: the
// kube-apiserver / controller-manager / scheduler / etcd versions are the image tags of their
// mirror pods, the kubelets' versions come from the Nodes, CoreDNS from its Deployment. The
// lab's "internet" (dl.k8s.io/release/stable*.txt) knows the releases pkgs.k8s.io serves.
// apply rewrites the static pod manifests (the kubelet restarts the components, the API server
// is down meanwhile), backs the old ones up, renews the components' certificates, stores the
// new version in kubeadm-config and updates the kube-proxy and CoreDNS add-ons.

import type { CmdIO, CmdResult, LabContext } from "../types.ts";
import type { KubeObject } from "../../engine/types.ts";
import { goTabwriter } from "../node/tabwriter.ts";
import { binaryGitVersion } from "../node/versions.ts";
import { KUBEADM_CONSTANTS, PKG_REPOS } from "../../engine/node/packages.ts";
import { etcdManifest, kubeApiServerManifest, kubeControllerManagerManifest, kubeSchedulerManifest, type ManifestParams } from "../../engine/node/kubeadm/manifests.ts";
import { lookupImage, normalizeImageRef } from "../../engine/images/catalog.ts";
import { ConnectionRefused } from "../../engine/api/errors.ts";

const HINT = "To see the stack trace of this error execute with --v=5 or higher";
const MANIFESTS = "/etc/kubernetes/manifests";
const SEP = "_____________________________________________________________________\n";

interface Semver {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

function parseSemver(v: string): Semver | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
  return m ? { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] ?? "" } : undefined;
}

function cmp(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || (a.pre === b.pre ? 0 : a.pre === "" ? 1 : b.pre === "" ? -1 : a.pre < b.pre ? -1 : 1);
}

/** versionutil's String(): no leading v */
const str = (v: Semver) => `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ""}`;

/** dl.k8s.io/release/stable-1.XX.txt in the lab: the newest patch pkgs.k8s.io serves for that minor. */
function stableFor(minor: string): string | undefined {
  const repo = PKG_REPOS[minor];
  if (!repo) return undefined;
  const newest = repo.packages.kubeadm.map((p) => p.version.replace(/-[^-]*$/, "")).sort((a, b) => cmp(parseSemver(b)!, parseSemver(a)!))[0];
  return `v${newest}`;
}

/** dl.k8s.io/release/stable.txt: the newest release. */
function stableLatest(): string {
  const all = Object.keys(PKG_REPOS).map((m) => stableFor(m)!);
  return all.sort((a, b) => cmp(parseSemver(b)!, parseSemver(a)!))[0];
}

class UpgradeError extends Error {}

/** Output as it happens: to the terminal while the command runs, else collected. */
class Out {
  stdout = "";
  stderr = "";
  constructor(private io: CmdIO) {}
  out(text: string): void {
    if (this.io.write?.stdout) this.io.write.stdout(text);
    else this.stdout += text;
  }
  err(text: string): void {
    if (this.io.write?.stderr) this.io.write.stderr(text);
    else this.stderr += text;
  }
  result(code: number, errText?: string): CmdResult {
    if (errText !== undefined) this.err(`${errText}\n${HINT}\n`);
    return { stdout: this.stdout, stderr: this.stderr, exitCode: code };
  }
}

const p2 = (n: number, w = 2) => String(n).padStart(w, "0");

/** A klog header line: `W1122 09:00:05.123456   12345 file.go:117] msg` */
function klog(lab: LabContext, pid: number, level: "I" | "W", file: string, msg: string): string {
  const d = new Date(lab.now());
  const us = lab.cluster.rand.int(1_000_000);
  return `${level}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p2(us, 6)} ${String(pid).padStart(7)} ${file}] ${msg}\n`;
}

function stamp(lab: LabContext): string {
  const d = new Date(lab.now());
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}-${p2(d.getUTCHours())}-${p2(d.getUTCMinutes())}-${p2(d.getUTCSeconds())}`;
}

function tmpSuffix(lab: LabContext): string {
  return String(1_000_000_000 + lab.cluster.rand.int(3_000_000_000));
}

function imageTag(image: string | undefined): string | undefined {
  return image ? /:([^:/@]+)(@.*)?$/.exec(image)?.[1] : undefined;
}

interface ClusterView {
  config: KubeObject;
  /** component → version → node names */
  components: Map<string, Map<string, string[]>>;
  kubelets: Map<string, string[]>;
  dns: string;
  kubeProxyLoaded: boolean;
}

/** kubeadm talks to the API server with its own kubeconfig (admin.conf, or kubelet.conf on a worker), checked before. */
function api(lab: LabContext) {
  return lab.cluster.api;
}

/** FetchInitConfigurationFromCluster + the versions the VersionGetter reads. */
function readCluster(lab: LabContext, prefix: string, out: Out): ClusterView {
  const client = api(lab);
  let config: KubeObject;
  // v1.33 renamed the example file of the hint
  const file = parseSemver(binaryGitVersion(lab, "kubeadm"))!.minor >= 33 ? "your-config-file" : "your-config.yaml";
  out.out(`[${prefix}] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n`);
  out.out(`[${prefix}] Use 'kubeadm init phase upload-config --config ${file}' to re-upload it.\n`);
  try {
    config = client.get("configmaps", "kube-system", "kubeadm-config");
  } catch (e) {
    // client-go's error for a refused connection
    const msg = e instanceof ConnectionRefused ? `Get "https://${e.server}/api/v1/namespaces/kube-system/configmaps/kubeadm-config?timeout=10s": dial tcp ${e.server}: connect: connection refused` : e instanceof Error ? e.message : String(e);
    if (/not found/.test(msg)) throw new UpgradeError(`[upgrade/init config] FATAL: failed to get config map: configmaps "kubeadm-config" not found`);
    throw new UpgradeError(`[upgrade/init config] FATAL: failed to get config map: ${msg}`);
  }
  const pods = client.list("pods", "kube-system");
  const components = new Map<string, Map<string, string[]>>();
  for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"]) {
    const byVersion = new Map<string, string[]>();
    for (const p of pods) {
      if ((p.metadata.labels ?? {}).component !== c) continue;
      const tag = imageTag(p.spec?.containers?.[0]?.image);
      if (!tag) continue;
      byVersion.set(tag, [...(byVersion.get(tag) ?? []), p.spec?.nodeName ?? ""]);
    }
    components.set(c, byVersion);
  }
  const kubelets = new Map<string, string[]>();
  for (const n of client.list("nodes", undefined)) {
    const v = n.status?.nodeInfo?.kubeletVersion ?? "";
    kubelets.set(v, [...(kubelets.get(v) ?? []), n.metadata.name!]);
  }
  let dns = "";
  for (const d of client.list("deployments", "kube-system")) {
    if ((d.metadata.labels ?? {})["k8s-app"] === "kube-dns") dns = imageTag(d.spec?.template?.spec?.containers?.[0]?.image) ?? "";
  }
  return { config, components, kubelets, dns, kubeProxyLoaded: client.exists("configmaps", "kube-system", "kube-proxy") };
}

/** CheckClusterHealth: the control plane nodes are Ready and their static pod manifests exist. */
function checkHealth(lab: LabContext, out: Out, ignore: string[]): void {
  out.out("[upgrade] Running cluster health checks\n");
  const errs: string[] = [];
  const notReady = api(lab)
    .list("nodes", undefined)
    .filter((n) => n.metadata.labels?.["node-role.kubernetes.io/control-plane"] !== undefined)
    .filter((n) => !(n.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True"))
    .map((n) => n.metadata.name!);
  if (notReady.length && !ignore.includes("controlplanenodesready") && !ignore.includes("all")) errs.push(`\t[ERROR ControlPlaneNodesReady]: there are NotReady control-planes in the cluster: [${notReady.join(" ")}]\n`);
  if (lab.machine.role === "control-plane") {
    for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      if (!lab.machine.fs.exists(`${MANIFESTS}/${c}.yaml`) && !ignore.includes("staticpodmanifest") && !ignore.includes("all")) {
        errs.push(`\t[ERROR StaticPodManifest]: the manifest for component ${c} doesn't exist: stat ${MANIFESTS}/${c}.yaml: no such file or directory\n`);
      }
    }
  }
  if (errs.length) throw new UpgradeError(`[upgrade/health] FATAL: [preflight] Some fatal errors occurred:\n${errs.join("")}[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\``);
}

function clusterVersion(v: ClusterView): Semver {
  let best: Semver | undefined;
  for (const ver of v.components.get("kube-apiserver")!.keys()) {
    const s = parseSemver(ver);
    if (s && (!best || cmp(s, best) >= 0)) best = s;
  }
  if (!best) throw new UpgradeError("[upgrade/versions] FATAL: couldn't get the kube-apiserver version of the control plane nodes");
  return best;
}

function constantsFor(minor: number) {
  return KUBEADM_CONSTANTS[`1.${minor}`] ?? KUBEADM_CONSTANTS["1.33"];
}

// ------------------------------------------------------------------------------------ plan

export function runPlan(lab: LabContext, io: CmdIO, args: string[], flags: Map<string, string>): CmdResult {
  const out = new Out(io);
  const kubeadmVersionStr = binaryGitVersion(lab, "kubeadm");
  const kubeadmVersion = parseSemver(kubeadmVersionStr)!;
  const pid = 20000 + lab.cluster.rand.int(70000);
  try {
    const output = flags.get("output") ?? flags.get("o") ?? "text";
    if (output !== "text") throw new UpgradeError(`could not construct output printer: unable to match a printer suitable for the output format "${output}", allowed formats are: text`);
    if (args.length > 1) throw new UpgradeError(`too many arguments. Required arguments: [version]`);
    const kubeconfig = flags.get("kubeconfig") ?? "/etc/kubernetes/admin.conf";
    if (!lab.machine.fs.exists(kubeconfig)) {
      throw new UpgradeError(`couldn't create a Kubernetes client from file "${kubeconfig}": failed to load admin kubeconfig: open ${kubeconfig}: no such file or directory`);
    }
    out.out("[preflight] Running pre-flight checks.\n");
    const view = readCluster(lab, "upgrade/config", out);
    checkHealth(lab, out, ignoreList(flags));
    out.out("[upgrade] Fetching available versions to upgrade to\n");
    const cluster = clusterVersion(view);
    out.out(`[upgrade/versions] Cluster version: ${str(cluster)}\n`);
    out.out(`[upgrade/versions] kubeadm version: ${kubeadmVersionStr}\n`);
    // VersionFromCILabel("stable"): the offline getter answers with the version given as argument
    let stableStr: string;
    if (args[0] !== undefined) {
      const v = parseSemver(args[0]);
      if (!v) throw new UpgradeError(`[upgrade/versions] FATAL: version "${args[0]}" doesn't match patterns for neither semantic version nor labels (stable, latest, ...)`);
      stableStr = `v${str(v)}`;
    } else {
      const remote = stableLatest();
      const r = parseSemver(remote)!;
      if (kubeadmVersion.major < r.major || (kubeadmVersion.major === r.major && kubeadmVersion.minor < r.minor)) {
        const label = `stable-${kubeadmVersion.major}.${kubeadmVersion.minor}`;
        out.err(klog(lab, pid, "I", "version.go:261", `remote version is much newer: ${remote}; falling back to: ${label}`));
        stableStr = stableFor(`${kubeadmVersion.major}.${kubeadmVersion.minor}`) ?? kubeadmVersionStr;
      } else stableStr = remote;
    }
    const stable = parseSemver(stableStr)!;
    out.out(`[upgrade/versions] Target version: ${stableStr}\n`);
    const upgrades: Array<{ description: string; target: string; kubeadmTarget: string }> = [];
    let canMinor = cmp(cluster, stable) < 0;
    if (cmp(stable, cluster) >= 0) {
      const branch = `${cluster.major}.${cluster.minor}`;
      const description = `version in the v${branch} series`;
      const patchStr = args[0] !== undefined ? stableStr : stableFor(branch) ?? `v${str(cluster)}`;
      const patch = parseSemver(patchStr)!;
      out.out(`[upgrade/versions] Latest ${description}: ${patchStr}\n`);
      canMinor = cmp(patch, stable) < 0;
      if (cmp(cluster, patch) < 0) upgrades.push({ description, target: patchStr, kubeadmTarget: cmp(kubeadmVersion, patch) >= 0 ? kubeadmVersionStr : patchStr });
    }
    if (canMinor) upgrades.push({ description: "stable version", target: stableStr, kubeadmTarget: stableStr });
    out.out("\n");
    if (!upgrades.length) return out.result(0);
    let text = "";
    for (const up of upgrades) {
      const target = parseSemver(up.target)!;
      const etcdTarget = constantsFor(target.minor).etcd;
      const dnsTarget = constantsFor(kubeadmVersion.minor).coredns;
      text += "Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':\n";
      let tab = "COMPONENT\tNODE\tCURRENT\tTARGET\n";
      const kubeletVersions = [...view.kubelets.keys()].sort();
      const canUpgradeKubelets = view.kubelets.size > 1 || (view.kubelets.size === 1 && !view.kubelets.has(up.target));
      if (canUpgradeKubelets) for (const v of kubeletVersions) for (const n of view.kubelets.get(v)!) tab += `kubelet\t${n}\t${v}\t${up.target}\n`;
      text += goTabwriter(tab, 10, 3);
      text += `\nUpgrade to the latest ${up.description}:\n\n`;
      tab = "COMPONENT\tNODE\tCURRENT\tTARGET\n";
      for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
        const m = view.components.get(c)!;
        for (const v of [...m.keys()].sort()) for (const n of m.get(v)!) tab += `${c}\t${n}\t${v}\t${up.target}\n`;
      }
      tab += `kube-proxy\t\t${str(cluster)}\t${up.target}\n`;
      if (view.dns) tab += `CoreDNS\t\t${view.dns}\t${dnsTarget}\n`;
      const etcd = view.components.get("etcd")!;
      for (const v of [...etcd.keys()].sort()) for (const n of etcd.get(v)!) tab += `etcd\t${n}\t${v}\t${etcdTarget}\n`;
      text += goTabwriter(tab, 10, 3);
      text += `\nYou can now apply the upgrade by executing the following command:\n\n\tkubeadm upgrade apply ${up.target}\n\n`;
      if (up.kubeadmTarget !== kubeadmVersionStr) text += `Note: Before you can perform this upgrade, you have to update kubeadm to ${up.kubeadmTarget}.\n\n`;
      text += SEP + "\n";
    }
    text += "\nThe table below shows the current state of component configs as understood by this version of kubeadm.\n";
    text += 'Configs that have a "yes" mark in the "MANUAL UPGRADE REQUIRED" column require manual config upgrade or\n';
    text += 'resetting to kubeadm defaults before a successful upgrade can be performed. The version to manually\nupgrade to is denoted in the "PREFERRED VERSION" column.\n\n';
    text += goTabwriter(`API GROUP\tCURRENT VERSION\tPREFERRED VERSION\tMANUAL UPGRADE REQUIRED\nkubeproxy.config.k8s.io\t${view.kubeProxyLoaded ? "v1alpha1" : "-"}\tv1alpha1\tno\nkubelet.config.k8s.io\tv1beta1\tv1beta1\tno\n`, 10, 3);
    text += SEP + "\n";
    out.out(text);
    return out.result(0);
  } catch (e) {
    if (e instanceof UpgradeError) return out.result(1, e.message);
    throw e;
  }
}

function ignoreList(flags: Map<string, string>): string[] {
  return (flags.get("ignore-preflight-errors") ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
}

// ------------------------------------------------------------------------------------ apply

/** upgrade.EnforceVersionPolicies */
function versionPolicies(target: Semver, targetStr: string, cluster: Semver, kubeadm: Semver, kubeadmStr: string, kubelets: string[], flags: Map<string, string>): { mandatory: string[]; skippable: string[] } {
  const mandatory: string[] = [];
  const skippable: string[] = [];
  if (target.major === 1 && target.minor < 32) mandatory.push(`Specified version to upgrade to "${targetStr}" is equal to or lower than the minimum supported version "v${str(cluster)}". Please specify a higher version to upgrade to`);
  if (target.minor > cluster.minor + 1) (target.pre ? skippable : mandatory).push(`Specified version to upgrade to "${targetStr}" is too high; kubeadm can upgrade only 1 minor version at a time`);
  if (target.minor < cluster.minor - 1) (target.pre ? skippable : mandatory).push(`Specified version to downgrade to "${targetStr}" is too low; kubeadm can downgrade only 1 minor version at a time`);
  if (cmp(kubeadm, target) < 0) {
    if (target.minor > kubeadm.minor) (target.pre ? skippable : mandatory).push(`Specified version to upgrade to "${targetStr}" is at least one minor release higher than the kubeadm minor release (${target.minor} > ${kubeadm.minor}). Such an upgrade is not supported`);
    else skippable.push(`Specified version to upgrade to "${targetStr}" is higher than the kubeadm version "${kubeadmStr}". Upgrade kubeadm first using the tool you used to install kubeadm`);
  }
  if (kubeadm.major > target.major || kubeadm.minor > target.minor) skippable.push(`Kubeadm version ${kubeadmStr} can only be used to upgrade to Kubernetes version ${kubeadm.major}.${kubeadm.minor}`);
  if (target.pre && flags.get("allow-experimental-upgrades") !== "true" && !(target.pre.startsWith("rc") && flags.get("allow-release-candidate-upgrades") === "true")) {
    skippable.push(`Specified version to upgrade to "${targetStr}" is an unstable version and such upgrades weren't allowed via setting the --allow-*-upgrades flags`);
  }
  const tooOld = kubelets.filter((k) => {
    const s = parseSemver(k);
    return s && target.minor > s.minor + 3;
  });
  if (tooOld.length) skippable.push(`There are kubelets in this cluster that are too old that have these versions [${tooOld.join(" ")}]`);
  return { mandatory, skippable };
}

const formatErrs = (errs: string[]) => errs.map((e) => `\t- ${e}\n`).join("");

function manifestParams(lab: LabContext, view: ClusterView, version: string): ManifestParams {
  const cfg = (view.config as { data?: Record<string, string> }).data?.ClusterConfiguration ?? "";
  const field = (re: RegExp, dflt: string) => re.exec(cfg)?.[1] ?? dflt;
  const minor = parseSemver(version)!.minor;
  return {
    nodeName: lab.machine.name,
    advertiseAddress: lab.machine.ip,
    bindPort: 6443,
    podSubnet: field(/^\s+podSubnet:\s*(\S+)/m, ""),
    serviceSubnet: field(/^\s+serviceSubnet:\s*(\S+)/m, "10.96.0.0/12"),
    kubernetesVersion: version,
    imageRepository: field(/^imageRepository:\s*(\S+)/m, "registry.k8s.io"),
    etcdImageTag: constantsFor(minor).etcd,
  };
}

const COMPONENT_CERTS: Record<string, Array<[string, string[]]>> = {
  etcd: [
    ["etcd-server", ["/etc/kubernetes/pki/etcd/server.crt", "/etc/kubernetes/pki/etcd/server.key"]],
    ["etcd-peer", ["/etc/kubernetes/pki/etcd/peer.crt", "/etc/kubernetes/pki/etcd/peer.key"]],
    ["etcd-healthcheck-client", ["/etc/kubernetes/pki/etcd/healthcheck-client.crt", "/etc/kubernetes/pki/etcd/healthcheck-client.key"]],
  ],
  "kube-apiserver": [
    ["apiserver", ["/etc/kubernetes/pki/apiserver.crt", "/etc/kubernetes/pki/apiserver.key"]],
    ["apiserver-kubelet-client", ["/etc/kubernetes/pki/apiserver-kubelet-client.crt", "/etc/kubernetes/pki/apiserver-kubelet-client.key"]],
    ["front-proxy-client", ["/etc/kubernetes/pki/front-proxy-client.crt", "/etc/kubernetes/pki/front-proxy-client.key"]],
    ["apiserver-etcd-client", ["/etc/kubernetes/pki/apiserver-etcd-client.crt", "/etc/kubernetes/pki/apiserver-etcd-client.key"]],
  ],
  "kube-controller-manager": [["controller-manager.conf", ["/etc/kubernetes/controller-manager.conf"]]],
  "kube-scheduler": [["scheduler.conf", ["/etc/kubernetes/scheduler.conf"]]],
};

/** Rewriting a certificate renews it: the file's write time is what `kubeadm certs check-expiration` reads. */
function renew(lab: LabContext, paths: string[]): void {
  const fs = lab.machine.fs;
  for (const p of paths) {
    const text = fs.tryRead(p);
    if (text !== undefined) fs.writeFile(p, text);
  }
}

/** Wait (virtual time) until the kubelet runs the component from the new manifest and its mirror pod shows it. */
async function waitForComponent(lab: LabContext, component: string, image: string, io: CmdIO): Promise<boolean> {
  const deadline = lab.now() + 5 * 60_000;
  const node = lab.machine.name;
  while (lab.now() < deadline) {
    await lab.sleep(1000, io.signal);
    if (io.signal?.aborted) return false;
    const running = lab.machine.runtime.containersNamed(component).some((c) => c.state === "running" && !c.removed && c.namespace === "kube-system" && c.image === image);
    if (!running || !lab.cluster.apiServing()) continue;
    const mirror = lab.cluster.store.peek("pods", "kube-system", `${component}-${node}`);
    if (mirror?.spec?.containers?.[0]?.image === image) return true;
  }
  return false;
}

function kubeletConfigPhase(lab: LabContext, out: Out, pid: number): void {
  const dir = `/etc/kubernetes/tmp/kubeadm-kubelet-config${tmpSuffix(lab)}`;
  out.err(klog(lab, pid, "W", "postupgrade.go:117", `Using temporary directory ${dir} for kubelet config. To override it set the environment variable KUBEADM_UPGRADE_DRYRUN_DIR`));
  const fs = lab.machine.fs;
  fs.mkdir(dir, true, 0o700);
  const cfg = fs.tryRead("/var/lib/kubelet/config.yaml") ?? "";
  out.out(`[upgrade] Backing up kubelet config file to ${dir}/config.yaml\n`);
  fs.writeFile(`${dir}/config.yaml`, cfg, 0o644);
  out.out('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"\n');
  // the cluster's kubelet-config ConfigMap, as this kubeadm writes it
  let fromCluster: string | undefined;
  try {
    fromCluster = (api(lab).get("configmaps", "kube-system", "kubelet-config") as { data?: Record<string, string> }).data?.kubelet;
  } catch {
    fromCluster = undefined;
  }
  fs.writeFile("/var/lib/kubelet/config.yaml", fromCluster ?? cfg, 0o644);
  out.out("[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!\n");
}

export async function runApply(lab: LabContext, io: CmdIO, args: string[], flags: Map<string, string>): Promise<CmdResult> {
  const out = new Out(io);
  const kubeadmVersionStr = binaryGitVersion(lab, "kubeadm");
  const kubeadmVersion = parseSemver(kubeadmVersionStr)!;
  const pid = 20000 + lab.cluster.rand.int(70000);
  const phaseErr = (msg: string) => new UpgradeError(`error execution phase preflight: ${msg}`);
  try {
    if (args.length === 0) throw new UpgradeError("missing one or more required arguments. Required arguments: [version]");
    if (args.length > 1) throw new UpgradeError("too many arguments. Required arguments: [version]");
    const kubeconfig = flags.get("kubeconfig") ?? "/etc/kubernetes/admin.conf";
    if (!lab.machine.fs.exists(kubeconfig)) throw new UpgradeError(`couldn't create a Kubernetes client from file "${kubeconfig}": failed to load admin kubeconfig: open ${kubeconfig}: no such file or directory`);
    const view = readCluster(lab, "upgrade", out);
    out.out("[upgrade/preflight] Running preflight checks\n");
    checkHealth(lab, out, ignoreList(flags));
    const target = parseSemver(args[0]);
    if (!target) throw phaseErr(`unable to parse normalized version "${args[0]}" as a semantic version`);
    const targetStr = `v${str(target)}`;
    out.out(`[upgrade/preflight] You have chosen to upgrade the cluster version to "${targetStr}"\n`);
    const clusterStr = `v${str(clusterVersion(view))}`;
    const cluster = parseSemver(clusterStr)!;
    out.out(`[upgrade/versions] Cluster version: ${clusterStr}\n`);
    out.out(`[upgrade/versions] kubeadm version: ${kubeadmVersionStr}\n`);
    const { mandatory, skippable } = versionPolicies(target, targetStr, cluster, kubeadmVersion, kubeadmVersionStr, [...view.kubelets.keys()], flags);
    const force = flags.get("force") === "true" || flags.get("f") === "true";
    if (mandatory.length) throw phaseErr(`the version argument is invalid due to these fatal errors:\n\n${formatErrs(mandatory)}\nPlease fix the misalignments highlighted above and try upgrading again`);
    if (skippable.length) {
      if (!force) throw phaseErr(`the version argument is invalid due to these errors:\n\n${formatErrs(skippable)}\nCan be bypassed if you pass the --force flag`);
      out.out(`[upgrade/version] Found ${skippable.length} potential version compatibility errors but skipping since the --force flag is set: \n\n${formatErrs(skippable)}`);
    }
    const yes = flags.get("yes") === "true" || flags.get("y") === "true" || force || flags.get("dry-run") === "true";
    if (!yes) {
      out.out("[upgrade] Are you sure you want to proceed? [y/N]: ");
      const answer = (io.stdin.split("\n")[0] ?? "").trim().toLowerCase();
      if (answer !== "y" && answer !== "yes") throw phaseErr("won't proceed; the user didn't answer (Y|y) in order to continue");
    }
    // the images of the target version (RunPullImagesCheck)
    out.out("[upgrade/preflight] Pulling images required for setting up a Kubernetes cluster\n");
    out.out("[upgrade/preflight] This might take a minute or two, depending on the speed of your internet connection\n");
    out.out("[upgrade/preflight] You can also perform this action beforehand using 'kubeadm config images pull'\n");
    const params = manifestParams(lab, view, targetStr);
    const consts = constantsFor(target.minor);
    const images = [
      ...["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"].map((c) => `${params.imageRepository}/${c}:${targetStr}`),
      `${params.imageRepository}/coredns/coredns:${constantsFor(kubeadmVersion.minor).coredns}`,
      `${params.imageRepository}/pause:${consts.pause}`,
      `${params.imageRepository}/etcd:${consts.etcd}`,
    ];
    const missing = images.filter((i) => {
      const ref = normalizeImageRef(i);
      return !ref.ok || "error" in lookupImage(ref.full, lab.machine.runtime.kind);
    });
    if (missing.length && !ignoreList(flags).includes("imagepull") && !ignoreList(flags).includes("all")) {
      throw phaseErr(`[preflight] Some fatal errors occurred:\n${missing.map((i) => `\t[ERROR ImagePull]: failed to pull image ${i}: failed to pull image ${i}: rpc error: code = NotFound desc = failed to pull and unpack image "${i}": failed to resolve reference "${i}": ${i}: not found\n`).join("")}[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\``);
    }
    if (flags.get("dry-run") === "true") {
      out.out("[upgrade/successful] Finished dryrunning successfully!\n");
      return out.result(0);
    }
    // control plane
    out.out(`[upgrade/control-plane] Upgrading your static Pod-hosted control plane to version "${targetStr}" (timeout: 5m0s)...\n`);
    const fs = lab.machine.fs;
    const tmp = `/etc/kubernetes/tmp/kubeadm-upgraded-manifests${tmpSuffix(lab)}`;
    fs.mkdir(tmp, true, 0o700);
    out.out(`[upgrade/staticpods] Writing new Static Pod manifests to "${tmp}"\n`);
    const generators: Record<string, (p: ManifestParams) => string> = {
      etcd: etcdManifest,
      "kube-apiserver": kubeApiServerManifest,
      "kube-controller-manager": kubeControllerManagerManifest,
      "kube-scheduler": kubeSchedulerManifest,
    };
    const backup = `/etc/kubernetes/tmp/kubeadm-backup-manifests-${stamp(lab)}`;
    fs.mkdir(backup, true, 0o700);
    const etcdUpgrade = flags.get("etcd-upgrade") !== "false";
    const renewCerts = flags.get("certificate-renewal") !== "false";
    for (const component of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      if (component === "etcd" && !etcdUpgrade) continue;
      const path = `${MANIFESTS}/${component}.yaml`;
      const next = generators[component](params);
      fs.writeFile(`${tmp}/${component}.yaml`, next, 0o600);
      out.out(`[upgrade/staticpods] Preparing for "${component}" upgrade\n`);
      const current = fs.tryRead(path) ?? "";
      if (current === next && !renewCerts) {
        out.out(`[upgrade/staticpods] Current and new manifests of ${component} are equal, skipping upgrade\n`);
        continue;
      }
      if (renewCerts) {
        for (const [name, paths] of COMPONENT_CERTS[component]) {
          out.out(`[upgrade/staticpods] Renewing ${name} certificate\n`);
          renew(lab, paths);
        }
      }
      if (component === "etcd" && current !== next && fs.isDir("/var/lib/etcd")) {
        // the etcd data is backed up before etcd is upgraded
        const etcdBackup = `/etc/kubernetes/tmp/kubeadm-backup-etcd-${stamp(lab)}`;
        fs.mkdir(etcdBackup, true, 0o700);
        fs.copy("/var/lib/etcd", `${etcdBackup}/etcd`, true);
      }
      fs.writeFile(`${backup}/${component}.yaml`, current, 0o600);
      if (current === next) {
        out.out(`[upgrade/staticpods] Restarting the ${component} static pod and backing up its manifest to "${backup}/${component}.yaml"\n`);
        fs.writeFile(path, next, 0o600);
      } else {
        out.out(`[upgrade/staticpods] Moving new manifest to "${path}" and backing up old manifest to "${backup}/${component}.yaml"\n`);
        fs.writeFile(path, next, 0o600);
      }
      out.out("[upgrade/staticpods] Waiting for the kubelet to restart the component\n[upgrade/staticpods] This can take up to 5m0s\n");
      const image = /^\s+image:\s*(\S+)/m.exec(next)?.[1] ?? "";
      if (!(await waitForComponent(lab, component, image, io))) {
        // rollback: the old manifest goes back
        fs.writeFile(path, current, 0o600);
        throw new UpgradeError(`[upgrade/apply] FATAL: couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: failed to obtain static Pod hash for component ${component} on Node ${lab.machine.name}: context deadline exceeded`);
      }
      out.out(`[apiclient] Found 1 Pods for label selector component=${component}\n`);
      out.out(`[upgrade/staticpods] Component "${component}" upgraded successfully!\n`);
      if (component === "etcd") out.out("[upgrade/etcd] Waiting for etcd to become available\n");
    }
    fs.rm(tmp, true, true);
    out.out("[upgrade/control-plane] The control plane instance for this node was successfully upgraded!\n");
    // upload-config: the cluster's kubeadm-config records the new version
    const client = api(lab);
    out.out('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace\n');
    const cm = structuredClone(client.get("configmaps", "kube-system", "kubeadm-config")) as KubeObject & { data?: Record<string, string> };
    if (cm.data?.ClusterConfiguration) cm.data.ClusterConfiguration = cm.data.ClusterConfiguration.replace(/^kubernetesVersion: .*$/m, `kubernetesVersion: ${targetStr}`);
    client.update("configmaps", cm);
    out.out('[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system with the configuration for the kubelets in the cluster\n');
    out.out("[upgrade/kubeconfig] The kubeconfig files for this node were successfully upgraded!\n");
    kubeletConfigPhase(lab, out, pid);
    out.out("[upgrade/bootstrap-token] Configuring bootstrap token and cluster-info RBAC rules\n");
    out.out("[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes\n");
    out.out("[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials\n");
    out.out("[bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token\n");
    out.out("[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster\n");
    // add-ons: CoreDNS and kube-proxy of this kubeadm
    for (const d of client.list("deployments", "kube-system")) {
      if ((d.metadata.labels ?? {})["k8s-app"] !== "kube-dns") continue;
      const next = structuredClone(d);
      next.spec.template.spec.containers[0].image = `${params.imageRepository}/coredns/coredns:${constantsFor(kubeadmVersion.minor).coredns}`;
      if (next.spec.template.spec.containers[0].image !== d.spec.template.spec.containers[0].image) client.update("deployments", next);
    }
    out.out("[addons] Applied essential addon: CoreDNS\n");
    if (client.exists("daemonsets", "kube-system", "kube-proxy")) {
      const ds = structuredClone(client.get("daemonsets", "kube-system", "kube-proxy"));
      ds.spec.template.spec.containers[0].image = `${params.imageRepository}/kube-proxy:${targetStr}`;
      client.update("daemonsets", ds);
      out.out("[addons] Applied essential addon: kube-proxy\n");
    } else out.out("[upgrade/addon] Skipping the addon/kube-proxy phase. The addon is disabled.\n");
    out.out(`\n[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${targetStr}".\n\n`);
    out.out("[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.\n");
    return out.result(0);
  } catch (e) {
    if (e instanceof UpgradeError) return out.result(1, e.message);
    throw e;
  }
}

// ------------------------------------------------------------------------------------ node

export async function runNode(lab: LabContext, io: CmdIO, args: string[], _flags: Map<string, string>): Promise<CmdResult> {
  const out = new Out(io);
  const pid = 20000 + lab.cluster.rand.int(70000);
  try {
    if (args.length) throw new UpgradeError(`unknown command "${args[0]}" for "kubeadm upgrade node"`);
    const controlPlane = lab.machine.fs.exists(`${MANIFESTS}/kube-apiserver.yaml`);
    const kubeconfig = controlPlane ? "/etc/kubernetes/admin.conf" : "/etc/kubernetes/kubelet.conf";
    if (!lab.machine.fs.exists(kubeconfig)) throw new UpgradeError(`couldn't create a Kubernetes client from file "${kubeconfig}": failed to load admin kubeconfig: open ${kubeconfig}: no such file or directory`);
    const view = readCluster(lab, "upgrade", out);
    out.out("[upgrade/preflight] Running pre-flight checks\n");
    if (!controlPlane) {
      out.out("[upgrade/preflight] Skipping prepull. Not a control plane node.\n");
      out.out("[upgrade/control-plane] Skipping phase. Not a control plane node.\n");
      out.out("[upgrade/kubeconfig] Skipping phase. Not a control plane node.\n");
      kubeletConfigPhase(lab, out, pid);
      out.out("[upgrade/addon] Skipping the addon/coredns phase. Not a control plane node.\n");
      out.out("[upgrade/addon] Skipping the addon/kube-proxy phase. Not a control plane node.\n");
      return out.result(0);
    }
    // another control plane node: its manifests follow the cluster's kubeadm-config version
    const cfg = (view.config as { data?: Record<string, string> }).data?.ClusterConfiguration ?? "";
    const version = /^kubernetesVersion:\s*(\S+)/m.exec(cfg)?.[1] ?? lab.cluster.spec.kubernetesVersion;
    out.out("[upgrade/preflight] Pulling images required for setting up a Kubernetes cluster\n");
    out.out("[upgrade/preflight] This might take a minute or two, depending on the speed of your internet connection\n");
    out.out("[upgrade/preflight] You can also perform this action beforehand using 'kubeadm config images pull'\n");
    const params = manifestParams(lab, view, version);
    const fs = lab.machine.fs;
    out.out(`[upgrade/control-plane] Upgrading your Static Pod-hosted control plane instance to version "${version}"...\n`);
    const backup = `/etc/kubernetes/tmp/kubeadm-backup-manifests-${stamp(lab)}`;
    fs.mkdir(backup, true, 0o700);
    const generators: Record<string, (p: ManifestParams) => string> = { etcd: etcdManifest, "kube-apiserver": kubeApiServerManifest, "kube-controller-manager": kubeControllerManagerManifest, "kube-scheduler": kubeSchedulerManifest };
    for (const component of Object.keys(generators)) {
      const path = `${MANIFESTS}/${component}.yaml`;
      const next = generators[component](params);
      const current = fs.tryRead(path) ?? "";
      out.out(`[upgrade/staticpods] Preparing for "${component}" upgrade\n`);
      if (current === next) {
        out.out(`[upgrade/staticpods] Current and new manifests of ${component} are equal, skipping upgrade\n`);
        continue;
      }
      fs.writeFile(`${backup}/${component}.yaml`, current, 0o600);
      out.out(`[upgrade/staticpods] Moving new manifest to "${path}" and backing up old manifest to "${backup}/${component}.yaml"\n`);
      fs.writeFile(path, next, 0o600);
      out.out("[upgrade/staticpods] Waiting for the kubelet to restart the component\n[upgrade/staticpods] This can take up to 5m0s\n");
      const image = /^\s+image:\s*(\S+)/m.exec(next)?.[1] ?? "";
      if (!(await waitForComponent(lab, component, image, io))) throw new UpgradeError(`[upgrade/apply] FATAL: couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: timed out waiting for the condition`);
      out.out(`[apiclient] Found 1 Pods for label selector component=${component}\n`);
      out.out(`[upgrade/staticpods] Component "${component}" upgraded successfully!\n`);
    }
    out.out("[upgrade/control-plane] The control plane instance for this node was successfully upgraded!\n");
    out.out("[upgrade/kubeconfig] The kubeconfig files for this node were successfully upgraded!\n");
    kubeletConfigPhase(lab, out, pid);
    out.out("[upgrade/addon] Skipping the addon/coredns phase. Not the last control plane node.\n");
    out.out("[upgrade/addon] Skipping the addon/kube-proxy phase. Not the last control plane node.\n");
    return out.result(0);
  } catch (e) {
    if (e instanceof UpgradeError) return out.result(1, e.message);
    throw e;
  }
}

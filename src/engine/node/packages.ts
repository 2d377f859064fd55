// The Kubernetes packages of a node, as data: what pkgs.k8s.io serves per minor repository
// (kubeadm, kubelet, kubectl, kubernetes-cni, cri-tools; `1.33.2-1.1` is Kubernetes v1.33.2),
// the release facts each binary reports (`kubeadm version`, `kubectl version`), the constants
// kubeadm of each minor ships (etcd, CoreDNS, pause), and dpkg's status database as the node
// keeps it in /var/lib/dpkg/status. apt writes that file and /var/lib/apt/lists; the kubelet
// reads its own version from it when it starts (the binary systemd executes).

import type { NodeFs } from "./fs.ts";

/** version.Info of a Kubernetes release (the same commit for kubeadm, kubelet, kubectl and the images). */
export interface ReleaseInfo {
  gitVersion: string;
  gitCommit: string;
  buildDate: string;
  goVersion: string;
}

// `kubeadm version` / `/version` of real releases (v1.32.x: go1.23, v1.33.x: go1.24)
const RELEASES: ReleaseInfo[] = [
  { gitVersion: "v1.32.0", gitCommit: "70d3cc986aa8221cd1dfb1121852688902d3bf53", buildDate: "2024-12-11T18:04:20Z", goVersion: "go1.23.3" },
  { gitVersion: "v1.32.1", gitCommit: "e9c9be4007d1664e68796af02b8978640d2c1b26", buildDate: "2025-01-15T14:39:14Z", goVersion: "go1.23.4" },
  { gitVersion: "v1.32.2", gitCommit: "67a30c0adcf52bd3f56ff0893ce19966be12991f", buildDate: "2025-02-12T21:24:52Z", goVersion: "go1.23.6" },
  { gitVersion: "v1.32.3", gitCommit: "32cc146f75aad04beaaa245a7157eb35063a9f99", buildDate: "2025-03-11T19:52:21Z", goVersion: "go1.23.6" },
  { gitVersion: "v1.32.4", gitCommit: "59526cd4867447956156ae3a602fcbac10a2c335", buildDate: "2025-04-22T16:02:27Z", goVersion: "go1.23.6" },
  { gitVersion: "v1.32.5", gitCommit: "9894294ef13a5b32803e3ca2c0d620a088cc84d1", buildDate: "2025-05-15T09:12:10Z", goVersion: "go1.23.8" },
  { gitVersion: "v1.33.0", gitCommit: "60a317eadfcb839692a68eab88b2096f4d708f4f", buildDate: "2025-04-23T13:05:48Z", goVersion: "go1.24.2" },
  { gitVersion: "v1.33.1", gitCommit: "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828", buildDate: "2025-05-15T08:19:08Z", goVersion: "go1.24.2" },
  { gitVersion: "v1.33.2", gitCommit: "a57b6f7709f6c2722b92f07b8b4c48210a51fc40", buildDate: "2025-06-17T18:39:42Z", goVersion: "go1.24.4" },
];

export function releaseInfo(gitVersion: string): ReleaseInfo | undefined {
  return RELEASES.find((r) => r.gitVersion === gitVersion);
}

/** What kubeadm of a minor release deploys (cmd/kubeadm/app/constants: SupportedEtcdVersion, CoreDNSVersion, PauseVersion). */
export const KUBEADM_CONSTANTS: Record<string, { etcd: string; coredns: string; pause: string }> = {
  "1.32": { etcd: "3.5.16-0", coredns: "v1.11.3", pause: "3.10" },
  "1.33": { etcd: "3.5.21-0", coredns: "v1.12.0", pause: "3.10" },
};

/** kubectl's bundled kustomize per minor. */
export const KUSTOMIZE_VERSION: Record<string, string> = { "1.32": "v5.5.0", "1.33": "v5.6.0" };

export interface PackageVersion {
  version: string;
  /** .deb size in bytes (apt's "Need to get") */
  size: number;
  /** Installed-Size in KiB */
  installedKb: number;
}

export interface PackageDef {
  name: string;
  description: string;
  section: string;
  depends: string;
}

export const K8S_PACKAGES: PackageDef[] = [
  { name: "cri-tools", description: "Command-line utility for interacting with a container runtime", section: "admin", depends: "" },
  { name: "kubeadm", description: "Command-line utility for administering a Kubernetes cluster", section: "admin", depends: "cri-tools (>= 1.30.0)" },
  { name: "kubectl", description: "Command-line utility for interacting with a Kubernetes cluster", section: "admin", depends: "" },
  { name: "kubelet", description: "Node agent for Kubernetes clusters", section: "admin", depends: "iptables (>= 1.4.21), kubernetes-cni (>= 1.1.1), iproute2, socat, util-linux, mount, ebtables, ethtool, conntrack" },
  { name: "kubernetes-cni", description: "Binaries required to provision kubernetes container networking", section: "misc", depends: "" },
];

const MB = 1_000_000;
function kubeVersions(minor: string, patches: number, sizes: { kubeadm: number; kubectl: number; kubelet: number }): Record<string, PackageVersion[]> {
  const out: Record<string, PackageVersion[]> = { kubeadm: [], kubectl: [], kubelet: [] };
  for (let p = 0; p <= patches; p++) {
    for (const name of ["kubeadm", "kubectl", "kubelet"] as const) {
      // patch releases grow by a few kB
      const size = sizes[name] + p * 4_096;
      out[name].push({ version: `${minor}.${p}-1.1`, size, installedKb: Math.round((size * 4.13) / 1024) });
    }
  }
  return out;
}

/** What https://pkgs.k8s.io/core:/stable:/v1.XX/deb/ serves, per minor. */
export const PKG_REPOS: Record<string, { packages: Record<string, PackageVersion[]>; releaseBytes: number; packagesBytes: number }> = {
  "1.32": {
    packages: {
      ...kubeVersions("1.32", 5, { kubeadm: 12.2 * MB, kubectl: 11.2 * MB, kubelet: 15.2 * MB }),
      "cri-tools": [{ version: "1.32.0-1.1", size: 16.4 * MB, installedKb: 40_220 }],
      "kubernetes-cni": [{ version: "1.6.0-1.1", size: 37.1 * MB, installedKb: 86_532 }],
    },
    releaseBytes: 1186,
    packagesBytes: 8021,
  },
  "1.33": {
    packages: {
      ...kubeVersions("1.33", 2, { kubeadm: 12.7 * MB, kubectl: 11.7 * MB, kubelet: 15.9 * MB }),
      "cri-tools": [{ version: "1.33.0-1.1", size: 17.3 * MB, installedKb: 41_804 }],
      "kubernetes-cni": [{ version: "1.6.0-1.1", size: 37.1 * MB, installedKb: 86_532 }],
    },
    releaseBytes: 1186,
    packagesBytes: 4409,
  },
};

export const DPKG_STATUS = "/var/lib/dpkg/status";
export const K8S_SOURCES_LIST = "/etc/apt/sources.list.d/kubernetes.list";
export const APT_LISTS = "/var/lib/apt/lists";

/** The apt lists file name for a pkgs.k8s.io minor repository (apt's URI-to-filename mangling). */
export function k8sListFile(minor: string): string {
  return `${APT_LISTS}/pkgs.k8s.io_core:_stable:_v${minor}_deb_Packages`;
}

export interface DpkgEntry {
  name: string;
  version: string;
  /** dpkg's selection: install or hold */
  want: "install" | "hold";
  fields: Map<string, string>;
}

function stanzas(text: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const f = new Map<string, string>();
    let last = "";
    for (const line of block.split("\n")) {
      if (!line) continue;
      if (/^\s/.test(line) && last) {
        f.set(last, `${f.get(last)}\n${line}`);
        continue;
      }
      const i = line.indexOf(":");
      if (i <= 0) continue;
      last = line.slice(0, i);
      f.set(last, line.slice(i + 1).trim());
    }
    if (f.has("Package")) out.push(f);
  }
  return out;
}

/** Parse /var/lib/dpkg/status (installed packages only). */
export function readDpkgStatus(fs: NodeFs): DpkgEntry[] {
  const text = fs.tryRead(DPKG_STATUS);
  if (text === undefined) return [];
  return stanzas(text)
    .filter((f) => / installed$/.test(f.get("Status") ?? ""))
    .map((f) => ({ name: f.get("Package")!, version: f.get("Version") ?? "", want: (f.get("Status") ?? "").startsWith("hold") ? "hold" : "install", fields: f }));
}

function stanza(def: PackageDef, v: PackageVersion, want: "install" | "hold"): string {
  let s = `Package: ${def.name}\nStatus: ${want} ok installed\nPriority: optional\nSection: ${def.section}\nInstalled-Size: ${v.installedKb}\nMaintainer: Kubernetes Authors <dev@kubernetes.io>\nArchitecture: amd64\nVersion: ${v.version}\n`;
  if (def.depends) s += `Depends: ${def.depends}\n`;
  s += `Description: ${def.description}\nHomepage: https://kubernetes.io\n`;
  return s;
}

/** Write the status database back (entries in name order, as dpkg keeps it). */
export function writeDpkgStatus(fs: NodeFs, entries: DpkgEntry[]): void {
  const text = [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => {
      const def = K8S_PACKAGES.find((d) => d.name === e.name);
      if (!def) {
        let s = "";
        for (const [k, v] of e.fields) s += `${k}: ${k === "Status" ? `${e.want} ok installed` : k === "Version" ? e.version : v}\n`;
        return s;
      }
      const pv = findVersion(e.name, e.version) ?? { version: e.version, size: 0, installedKb: Number(e.fields.get("Installed-Size") ?? 0) };
      return stanza(def, pv, e.want);
    })
    .join("\n");
  fs.writeFile(DPKG_STATUS, text, 0o644);
}

/** A package version in any known repository. */
export function findVersion(pkg: string, version: string): PackageVersion | undefined {
  for (const repo of Object.values(PKG_REPOS)) {
    const v = repo.packages[pkg]?.find((x) => x.version === version);
    if (v) return v;
  }
  return undefined;
}

/** The Packages index of a repository, as apt stores it under /var/lib/apt/lists. */
export function packagesIndex(minor: string): string {
  const repo = PKG_REPOS[minor];
  if (!repo) return "";
  const blocks: string[] = [];
  for (const def of K8S_PACKAGES) {
    for (const v of repo.packages[def.name] ?? []) {
      let s = `Package: ${def.name}\nArchitecture: amd64\nVersion: ${v.version}\nPriority: optional\nSection: ${def.section}\nMaintainer: Kubernetes Authors <dev@kubernetes.io>\nInstalled-Size: ${v.installedKb}\n`;
      if (def.depends) s += `Depends: ${def.depends}\n`;
      s += `Filename: amd64/${def.name}_${v.version}_amd64.deb\nSize: ${v.size}\nHomepage: https://kubernetes.io\nDescription: ${def.description}\n`;
      blocks.push(s);
    }
  }
  return blocks.join("\n");
}

/** Versions a lists file offers: package → versions. */
export function readPackagesIndex(text: string): Map<string, PackageVersion[]> {
  const out = new Map<string, PackageVersion[]>();
  for (const f of stanzas(text)) {
    const name = f.get("Package")!;
    const list = out.get(name) ?? [];
    list.push({ version: f.get("Version") ?? "", size: Number(f.get("Size") ?? 0), installedKb: Number(f.get("Installed-Size") ?? 0) });
    out.set(name, list);
  }
  return out;
}

/** Installed version of a package (dpkg), or undefined. */
export function installedVersion(fs: NodeFs, pkg: string): string | undefined {
  return readDpkgStatus(fs).find((e) => e.name === pkg)?.version;
}

/** "1.33.2-1.1" → "v1.33.2" */
export function debToGitVersion(deb: string): string {
  return `v${deb.replace(/-[^-]*$/, "")}`;
}

/**
 * The Kubernetes version of a binary installed from the packages (kubeadm, kubelet, kubectl):
 * fallback when dpkg does not know it (a node without the database keeps its boot version).
 */
export function binaryVersion(fs: NodeFs, pkg: "kubeadm" | "kubelet" | "kubectl", fallback: string): string {
  const v = installedVersion(fs, pkg);
  return v ? debToGitVersion(v) : fallback;
}

/**
 * The package files of a node set up for Kubernetes `kubernetesVersion` (v1.32.5): the v1.32
 * repository configured and already fetched, the tools installed and held (as the kubeadm
 * install guide does with apt-mark hold kubelet kubeadm kubectl).
 */
export function packageFiles(kubernetesVersion: string): Array<{ path: string; content: string; mode: number }> {
  const minor = kubernetesVersion.replace(/^v(\d+\.\d+).*$/, "$1");
  const deb = `${kubernetesVersion.slice(1)}-1.1`;
  const repo = PKG_REPOS[minor];
  const entries: string[] = [];
  for (const def of K8S_PACKAGES) {
    const list = repo?.packages[def.name] ?? [];
    const v = def.name === "kubeadm" || def.name === "kubelet" || def.name === "kubectl" ? list.find((x) => x.version === deb) ?? { version: deb, size: 0, installedKb: 0 } : list[0];
    if (!v) continue;
    const held = def.name === "kubeadm" || def.name === "kubelet" || def.name === "kubectl";
    entries.push(stanza(def, v, held ? "hold" : "install"));
  }
  const files = [
    { path: K8S_SOURCES_LIST, content: `deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v${minor}/deb/ /\n`, mode: 0o644 },
    { path: DPKG_STATUS, content: entries.join("\n"), mode: 0o644 },
    {
      path: "/etc/apt/sources.list.d/ubuntu.sources",
      content:
        "Types: deb\nURIs: http://archive.ubuntu.com/ubuntu/\nSuites: noble noble-updates noble-backports\nComponents: main restricted universe multiverse\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n\n" +
        "Types: deb\nURIs: http://security.ubuntu.com/ubuntu/\nSuites: noble-security\nComponents: main restricted universe multiverse\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n",
      mode: 0o644,
    },
    { path: "/etc/apt/keyrings/kubernetes-apt-keyring.gpg", content: "", mode: 0o644 },
  ];
  if (repo) files.push({ path: k8sListFile(minor), content: packagesIndex(minor), mode: 0o644 });
  return files;
}

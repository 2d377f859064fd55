// Which Kubernetes version each piece of a node runs, from engine state: the kubeadm, kubectl
// and kubelet binaries are the installed packages (dpkg), the API server is the image of the
// kube-apiserver container running on the control plane. version.Info is built from the
// release facts of that version (src/engine/node/packages.ts).

import type { LabContext } from "../types.ts";
import { binaryVersion, releaseInfo } from "../../engine/node/packages.ts";
import { VERSION_INFO } from "../kubectl/version.ts";

export type VersionInfo = typeof VERSION_INFO & { emulationMajor?: string; emulationMinor?: string; minCompatibilityMajor?: string; minCompatibilityMinor?: string };

/** version.Info of a release (fields in the Go struct's order). */
export function versionInfo(gitVersion: string, server = false): VersionInfo {
  if (gitVersion === VERSION_INFO.gitVersion) return VERSION_INFO;
  const r = releaseInfo(gitVersion);
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  const major = m?.[1] ?? "1";
  const minor = m?.[2] ?? "32";
  const info: VersionInfo = { major, minor } as VersionInfo;
  // 1.33 servers report their compatibility versions (KEP-4330); clients leave them empty (omitempty)
  if (server && Number(minor) >= 33) Object.assign(info, { emulationMajor: major, emulationMinor: minor, minCompatibilityMajor: major, minCompatibilityMinor: String(Number(minor) - 1) });
  Object.assign(info, {
    gitVersion,
    gitCommit: r?.gitCommit ?? VERSION_INFO.gitCommit,
    gitTreeState: "clean",
    buildDate: r?.buildDate ?? VERSION_INFO.buildDate,
    goVersion: r?.goVersion ?? VERSION_INFO.goVersion,
    compiler: "gc",
    platform: "linux/amd64",
  });
  return info;
}

/** The version of an installed binary on this machine. */
export function binaryGitVersion(lab: LabContext, pkg: "kubeadm" | "kubectl" | "kubelet"): string {
  // (a lab without machines — kubectl's unit tests' fake API — has the default tools)
  return lab.machine ? binaryVersion(lab.machine.fs, pkg, VERSION_INFO.gitVersion) : VERSION_INFO.gitVersion;
}

/** The tag of a running control-plane component's image (kube-apiserver → "v1.32.5"), or undefined. */
export function componentImageTag(lab: LabContext, component: string): string | undefined {
  for (const m of lab.cluster?.machines.values() ?? []) {
    if (m.role !== "control-plane") continue;
    const c = [...m.runtime.containersNamed(component)].reverse().find((x) => x.state === "running" && !x.removed && x.namespace === "kube-system");
    const tag = c ? /:([^:/@]+)(@.*)?$/.exec(c.image)?.[1] : undefined;
    if (tag) return tag;
  }
  return undefined;
}

/** What GET /version answers: the running kube-apiserver's release. */
export function serverGitVersion(lab: LabContext): string {
  return componentImageTag(lab, "kube-apiserver") ?? lab.cluster?.spec.kubernetesVersion ?? VERSION_INFO.gitVersion;
}

// How the kubelet finds its configuration at start, as systemd starts it on a kubeadm node:
// the unit's ExecStart plus drop-ins (10-kubeadm.conf), their Environment/EnvironmentFile
// variables ($KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS
// $KUBELET_EXTRA_ARGS), then --config (KubeletConfiguration) and flags that override it.

import { loadGoYaml } from "../../go-yaml.ts";
import type { NodeFs } from "../fs.ts";
import { kubeletArgv } from "../kubeadm/index.ts";

export interface KubeletSettings {
  /** the kubelet's command line as ps shows it */
  argv: string[];
  configPath?: string;
  staticPodPath?: string;
  fileCheckFrequencyMs: number;
  /** why the kubelet cannot start (it exits with status 1 and systemd restarts it) */
  error?: string;
}

export function kubeletArgvFrom(fs: NodeFs): string[] {
  return kubeletArgv({ read: (p) => fs.tryRead(p), list: (d) => (fs.isDir(d) ? fs.readdir(d) : []) }) ?? [];
}

function flagValue(argv: string[], name: string): string | undefined {
  let v: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === `--${name}` && i + 1 < argv.length) v = argv[++i];
    else if (a.startsWith(`--${name}=`)) v = a.slice(name.length + 3);
  }
  return v;
}

function parseDuration(s: unknown): number | undefined {
  if (typeof s !== "string") return undefined;
  const m = /^(\d+)(ms|s|m|h)$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2] as "ms" | "s" | "m" | "h"];
}

export function readKubeletSettings(fs: NodeFs): KubeletSettings {
  const argv = kubeletArgvFrom(fs);
  const settings: KubeletSettings = { argv, fileCheckFrequencyMs: 20000 };
  if (!argv.length) {
    settings.error = "kubelet.service: no ExecStart";
    return settings;
  }
  const configPath = flagValue(argv, "config");
  if (configPath) {
    settings.configPath = configPath;
    const text = fs.tryRead(configPath);
    if (text === undefined) {
      settings.error = `failed to load kubelet config file, path: ${configPath}, error: failed to load Kubelet config file ${configPath}, error failed to read kubelet config file "${configPath}", error: open ${configPath}: no such file or directory`;
      return settings;
    }
    let cfg: any;
    try {
      cfg = loadGoYaml(text, { json: false });
    } catch (e) {
      settings.error = `failed to load kubelet config file, path: ${configPath}, error: failed to load Kubelet config file ${configPath}, error failed to decode: ${(e as Error).message.split("\n")[0]}`;
      return settings;
    }
    if (cfg && typeof cfg === "object") {
      if (typeof cfg.staticPodPath === "string" && cfg.staticPodPath) settings.staticPodPath = cfg.staticPodPath;
      // v1beta1 defaulting: a zero duration (kubeadm writes 0s) means the default, 20s
      settings.fileCheckFrequencyMs = parseDuration(cfg.fileCheckFrequency) || 20000;
    }
  }
  const flagPath = flagValue(argv, "pod-manifest-path");
  if (flagPath) settings.staticPodPath = flagPath;
  return settings;
}

// How the kubelet finds its configuration at start, as systemd starts it on a kubeadm node:
// the unit's ExecStart plus drop-ins (10-kubeadm.conf), their Environment/EnvironmentFile
// variables ($KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS
// $KUBELET_EXTRA_ARGS), then --config (KubeletConfiguration) and flags that override it.

import yaml from "js-yaml";
import type { NodeFs } from "../fs.ts";

export const UNIT_PATHS = ["/usr/lib/systemd/system/kubelet.service", "/lib/systemd/system/kubelet.service", "/etc/systemd/system/kubelet.service"];
export const DROPIN_DIRS = ["/usr/lib/systemd/system/kubelet.service.d", "/lib/systemd/system/kubelet.service.d", "/etc/systemd/system/kubelet.service.d"];

export interface KubeletSettings {
  /** the kubelet's command line as ps shows it */
  argv: string[];
  configPath?: string;
  staticPodPath?: string;
  fileCheckFrequencyMs: number;
  /** why the kubelet cannot start (it exits with status 1 and systemd restarts it) */
  error?: string;
}

function unitLines(fs: NodeFs): string[] {
  const lines: string[] = [];
  const unit = UNIT_PATHS.map((p) => fs.tryRead(p)).find((c) => c !== undefined);
  if (unit) lines.push(...unit.split("\n"));
  for (const dir of DROPIN_DIRS) {
    if (!fs.isDir(dir)) continue;
    for (const f of fs.readdir(dir)) if (f.endsWith(".conf")) lines.push(...(fs.tryRead(`${dir}/${f}`) ?? "").split("\n"));
  }
  return lines;
}

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

/** Split a command line into words (systemd-style quoting, enough for unit files). */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export function kubeletArgv(fs: NodeFs): string[] {
  const env: Record<string, string> = {};
  let execStart = "";
  for (const raw of unitLines(fs)) {
    const line = raw.trim();
    if (line.startsWith("Environment=")) {
      for (const w of splitWords(line.slice("Environment=".length))) {
        const eq = w.indexOf("=");
        if (eq > 0) env[w.slice(0, eq)] = w.slice(eq + 1);
      }
    } else if (line.startsWith("EnvironmentFile=")) {
      const p = line.slice("EnvironmentFile=".length).replace(/^-/, "");
      for (const l of (fs.tryRead(p) ?? "").split("\n")) {
        const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l);
        if (m) env[m[1]] = unquote(m[2]);
      }
    } else if (line.startsWith("ExecStart=")) {
      execStart = line.slice("ExecStart=".length); // an empty ExecStart= resets
    }
  }
  const expanded = execStart.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => env[n] ?? "");
  return splitWords(expanded);
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
  const argv = kubeletArgv(fs);
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
      cfg = yaml.load(text);
    } catch (e) {
      settings.error = `failed to load kubelet config file, path: ${configPath}, error: failed to load Kubelet config file ${configPath}, error failed to decode: ${(e as Error).message.split("\n")[0]}`;
      return settings;
    }
    if (cfg && typeof cfg === "object") {
      if (typeof cfg.staticPodPath === "string" && cfg.staticPodPath) settings.staticPodPath = cfg.staticPodPath;
      settings.fileCheckFrequencyMs = parseDuration(cfg.fileCheckFrequency) ?? 20000;
    }
  }
  const flagPath = flagValue(argv, "pod-manifest-path");
  if (flagPath) settings.staticPodPath = flagPath;
  return settings;
}

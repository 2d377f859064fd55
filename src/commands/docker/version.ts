// docker version (docker/cli cli/command/system/version.go): the default template through a
// tabwriter (minwidth 20, padding 1) — the client, then the server's components as the daemon
// reports them — or one of the version fields with --format. When dockerd is stopped the client
// part is printed and the connection error follows on stderr, exit 1.
//
// The builds are those of download.docker.com's 27.4.1 packages with the containerd.io 1.7.24
// package of the same day (runc 1.2.2, tini 0.19.0 as docker-init); the engine version comes
// from the node (its containerRuntimeVersion).

import type { CmdResult, LabContext } from "../types.ts";
import { fail, ok } from "../types.ts";

const BUILT = "Tue Dec 17 15:45:46 2024";
const GO = "go1.22.10";
const API = "1.47";
const MIN_API = "1.24";

function engineVersion(lab: LabContext): string {
  const v = lab.machine.info?.containerRuntimeVersion ?? "docker://27.4.1";
  return v.startsWith("docker://") ? v.slice("docker://".length) : "27.4.1";
}

/** text/tabwriter with minwidth 20, padding 1: every key cell padded to 20 (or one space past it). */
const row = (key: string, value: string) => `${key.padEnd(Math.max(20, key.length + 1))}${value}\n`;

export const DAEMON_DOWN = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n";

export function daemonUp(lab: LabContext): boolean {
  const u = lab.machine.systemd?.unit?.("docker");
  return !u || u.active === "active";
}

export function dockerVersion(args: string[], lab: LabContext): CmdResult {
  let format: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-f" || a === "--format") {
      format = args[++i];
      if (format === undefined) return fail(`flag needs an argument: ${a === "-f" ? "'f' in -f" : "--format"}\nSee 'docker version --help'.\n`, 125);
    } else if (a.startsWith("--format=")) format = a.slice("--format=".length);
    else if (a.startsWith("-f") && a.length > 2) format = a.slice(2);
    else if (a === "--help" || a === "-h") return fail("docker: 'version --help' is not available in this lab\n", 1);
    else if (a.startsWith("--")) return fail(`unknown flag: ${a.split("=")[0]}\nSee 'docker version --help'.\n`, 125);
    else if (a.startsWith("-")) return fail(`unknown shorthand flag: '${a[1]}' in ${a}\nSee 'docker version --help'.\n`, 125);
    else return fail(`"docker version" accepts no arguments.\nSee 'docker version --help'.\n\nUsage:  docker version [OPTIONS]\n\nShow the Docker version information\n`, 1);
  }
  const version = engineVersion(lab);
  const up = daemonUp(lab);
  const client: Record<string, string> = { Version: version, ApiVersion: API, DefaultAPIVersion: API, GitCommit: "b9d17ea", GoVersion: GO, Os: "linux", Arch: "amd64", BuildTime: BUILT, Context: "default" };
  const server: Record<string, string> = { Version: version, ApiVersion: API, MinAPIVersion: MIN_API, GitCommit: "c710b88", GoVersion: GO, Os: "linux", Arch: "amd64", KernelVersion: lab.machine.info?.kernelVersion ?? "6.8.0-51-generic", BuildTime: "2024-12-17T15:45:46.000000000+00:00" };
  if (format !== undefined) {
    // the version fields people ask for: {{.Client.Version}}, {{.Server.Version}}, …
    const fields = [...format.matchAll(/\{\{\s*\.(Client|Server)\.(\w+)\s*\}\}/g)];
    const stripped = format.replace(/\{\{\s*\.(Client|Server)\.(\w+)\s*\}\}/g, "");
    if (stripped.includes("{{") || fields.some((m) => (m[1] === "Client" ? client : server)[m[2]] === undefined)) {
      return fail(`docker: 'version --format ${format}' is not available in this lab\n`, 1);
    }
    if (!up && fields.some((m) => m[1] === "Server")) return fail(DAEMON_DOWN, 1);
    const text = format.replace(/\{\{\s*\.(Client|Server)\.(\w+)\s*\}\}/g, (_, side: string, f: string) => (side === "Client" ? client : server)[f]);
    return { stdout: `${text}\n`, stderr: up ? "" : DAEMON_DOWN, exitCode: up ? 0 : 1 };
  }
  let out = "Client: Docker Engine - Community\n";
  out += row(" Version:", version) + row(" API version:", API) + row(" Go version:", GO) + row(" Git commit:", "b9d17ea") + row(" Built:", BUILT) + row(" OS/Arch:", "linux/amd64") + row(" Context:", "default");
  if (!up) return { stdout: out, stderr: DAEMON_DOWN, exitCode: 1 };
  out += "\nServer: Docker Engine - Community\n Engine:\n";
  out += row("  Version:", version) + row("  API version:", `${API} (minimum version ${MIN_API})`) + row("  Go version:", GO) + row("  Git commit:", "c710b88") + row("  Built:", BUILT) + row("  OS/Arch:", "linux/amd64") + row("  Experimental:", "false");
  out += " containerd:\n" + row("  Version:", "1.7.24") + row("  GitCommit:", "88bf19b2105c8b17560993bee28a01ddc2f97182");
  out += " runc:\n" + row("  Version:", "1.2.2") + row("  GitCommit:", "v1.2.2-0-g7cb3632");
  out += " docker-init:\n" + row("  Version:", "0.19.0") + row("  GitCommit:", "de40ad0");
  return ok(out);
}

// Node tool gaps: kubeadm's root help, ps --sort / k, docker version.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const PS_USAGE = "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

describe("kubeadm with no subcommand: the root help (cmd.go Long + cobra's usage), exit 0", () => {
  const s = new LabSession({ timeMode: "virtual" });
  it("kubeadm, kubeadm help and kubeadm -h print the banner, the commands and the flags", async () => {
    const r = await s.exec("kubeadm");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual(["", "", "    ┌──────────────────────────────────────────────────────────┐", "    │ KUBEADM                                                  │"]);
    expect(r.stdout).toContain("\nUsage:\n  kubeadm [command]\n\nAvailable Commands:\n  certs       Commands related to handling kubernetes certificates\n");
    expect(r.stdout).toContain("\n  -v, --v Level          number for the log level verbosity\n\nAdditional help topics:\n  kubeadm alpha      Kubeadm experimental sub-commands\n\nUse \"kubeadm [command] --help\" for more information about a command.\n");
    expect(r.stdout.endsWith("a command.\n")).toBe(true);
    expect((await s.exec("kubeadm help")).stdout).toBe(r.stdout);
    expect((await s.exec("kubeadm -h")).stdout).toBe(r.stdout);
  });
});

describe("ps --sort (sortformat.c long_sort_parse, one stable sort per key)", () => {
  const s = new LabSession({ timeMode: "virtual" });

  it("--sort=-rss / -%mem puts the biggest resident sets first", async () => {
    const out = (await s.exec("ps -eo pid,rss,comm --sort=-rss | head -4")).stdout.split("\n");
    expect(out[0]).toBe("    PID   RSS COMMAND");
    const rss = out.slice(1, 4).map((l) => Number(l.trim().split(/\s+/)[1]));
    expect(rss).toEqual([...rss].sort((a, b) => b - a));
    expect(out[1]).toMatch(/^ +\d+ 285913 kube-apiserver$/);
    const mem = (await s.exec("ps aux --sort=-%mem | head -2")).stdout.split("\n")[1];
    expect(mem).toMatch(/^root +\d+  4\.2 14\.0 1545817 285913 \?      Ssl  Nov20 128:31 kube-apiserver /);
  });

  it("several keys: the first one decides, the next breaks ties; BSD k takes the same list", async () => {
    const out = (await s.exec("ps -eo user:20,pid --sort=user,-pid --no-headers")).stdout.trim().split("\n").map((l) => l.trim().split(/\s+/));
    for (let i = 1; i < out.length; i++) {
      const [u0, p0] = out[i - 1];
      const [u1, p1] = out[i];
      expect(u0 < u1 || (u0 === u1 && Number(p0) > Number(p1))).toBe(true);
    }
    expect((await s.exec("ps axk-pid o pid | head -3")).stdout).toBe((await s.exec("ps ax --sort=-pid o pid | head -3")).stdout);
    const asc = (await s.exec("ps -e --sort=+pid -o pid --no-headers | head -2")).stdout;
    expect(asc).toBe("      1\n      2\n");
  });

  it("the parser's errors", async () => {
    expect(await s.exec("ps aux --sort=bogus")).toMatchObject({ stdout: "", stderr: `error: unknown sort specifier\n${PS_USAGE}`, exitCode: 1 });
    expect((await s.exec("ps aux --sort")).stderr).toBe(`error: long sort specification must follow --sort\n${PS_USAGE}`);
    expect((await s.exec("ps --sort=,pid")).stderr).toBe(`error: improper sort list\n${PS_USAGE}`);
    expect((await s.exec("ps --sort=pid --sort=rss")).stderr).toBe(`error: multiple sort options\n${PS_USAGE}`);
  });
});

describe("docker version (cli/command/system/version.go template, tabwriter minwidth 20)", () => {
  it("client and server of the node's Docker Engine; the client alone and the daemon error when dockerd is stopped", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("docker version");
    expect(r.stdout).toBe(`Client: Docker Engine - Community
 Version:           27.4.1
 API version:       1.47
 Go version:        go1.22.10
 Git commit:        b9d17ea
 Built:             Tue Dec 17 15:45:46 2024
 OS/Arch:           linux/amd64
 Context:           default

Server: Docker Engine - Community
 Engine:
  Version:          27.4.1
  API version:      1.47 (minimum version 1.24)
  Go version:       go1.22.10
  Git commit:       c710b88
  Built:            Tue Dec 17 15:45:46 2024
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.7.24
  GitCommit:        88bf19b2105c8b17560993bee28a01ddc2f97182
 runc:
  Version:          1.2.2
  GitCommit:        v1.2.2-0-g7cb3632
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
`);
    expect((await s.exec("docker version --format '{{.Server.Version}}'")).stdout).toBe("27.4.1\n");
    expect((await s.exec("docker version extra")).stderr).toBe('"docker version" accepts no arguments.\nSee \'docker version --help\'.\n\nUsage:  docker version [OPTIONS]\n\nShow the Docker version information\n');
    await s.exec("systemctl stop docker");
    const down = await s.exec("docker version");
    expect(down.stdout).toBe(r.stdout.slice(0, r.stdout.indexOf("\nServer:")));
    expect(down.stderr).toBe("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n");
    expect(down.exitCode).toBe(1);
  });
});

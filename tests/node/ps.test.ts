import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const USAGE = "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

describe("ps (procps-ng 4.0.4)", () => {
  const s = new LabSession({ timeMode: "virtual" });

  it("ps aux: OL_u columns, pid_max-wide PID, the full kubelet command line in a pipe", async () => {
    const out = (await s.exec("ps aux | cat")).stdout.split("\n");
    expect(out[0]).toBe("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
    expect(out[1]).toBe("root           1  0.0  0.6  22432 13056 ?        Ss   Nov20   2:26 /sbin/init");
    expect(out[2]).toBe("root           2  0.0  0.0      0     0 ?        S    Nov20   0:00 [kthreadd]");
    // names longer than 8 end in '+', as do_pr_name prints them
    expect(out.find((l) => l.includes("systemd-resolved"))).toBe("systemd+     548  0.0  0.6  21588 12928 ?        Ss   Nov20   0:18 /usr/lib/systemd/systemd-resolved");
    const kubelet = out.find((l) => / \/usr\/bin\/kubelet /.test(l))!;
    expect(kubelet).toMatch(/^root {8}1028  1\.8  3\.0 2106940 61440 \?       Ssl  Nov20  55:04 \/usr\/bin\/kubelet --bootstrap-kubeconfig=/);
    expect(kubelet.endsWith("--container-runtime-endpoint=unix:///var/run/cri-dockerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10")).toBe(true);
    // a value wider than its column pushes the rest right (RSS of kube-apiserver)
    const api = out.find((l) => l.includes(" kube-apiserver --advertise-address=172.30.1.2"))!;
    expect(api).toMatch(/^root {8}\d{4}  4\.2 14\.0 1545817 285913 \?      Ssl  Nov20 128:31 kube-apiserver --advertise-address/);
    expect(out.filter((l) => l.endsWith(" /pause")).every((l) => l.startsWith("65535 "))).toBe(true);
    expect(out.some((l) => /^root +\d+ .* \/usr\/bin\/containerd-shim-runc-v2 -namespace moby -id [0-9a-f]{64} -address \/run\/containerd\/containerd.sock$/.test(l))).toBe(true);
    expect(out.some((l) => / \/usr\/bin\/dockerd -H fd:\/\/ --containerd=\/run\/containerd\/containerd.sock$/.test(l))).toBe(true);
    expect(out[out.length - 2]).toMatch(/^root +\d+  0\.0  0\.2  11320  4352 pts\/0    R\+   09:00   0:00 ps aux$/);
  });

  it("on the terminal the last column stops at the screen width (80, COLUMNS, w, ww)", async () => {
    const tty = (await s.exec("ps aux")).stdout.split("\n");
    expect(tty.find((l) => l.includes("/usr/bin/kube"))).toBe("root        1028  1.8  3.0 2106940 61440 ?       Ssl  Nov20  55:04 /usr/bin/kube");
    expect(tty.every((l) => l.length <= 80)).toBe(true);
    expect((await s.exec("ps auxw")).stdout.split("\n").every((l) => l.length <= 132)).toBe(true);
    expect((await s.exec("ps auxww")).stdout).toContain("--pod-infra-container-image=registry.k8s.io/pause:3.10\n");
    expect((await s.exec("COLUMNS=100 ps aux")).stdout.split("\n").some((l) => l.length === 100)).toBe(true);
  });

  it("ps -ef: Std_f columns", async () => {
    const out = (await s.exec("ps -ef | cat")).stdout.split("\n");
    expect(out[0]).toBe("UID          PID    PPID  C STIME TTY          TIME CMD");
    expect(out[1]).toBe("root           1       0  0 Nov20 ?        00:02:26 /sbin/init");
    expect(out.find((l) => l.includes(" etcd "))).toMatch(/^root +\d+ +\d+  2 Nov20 \?        01:04:15 etcd --advertise-client-urls=https:\/\/172\.30\.1\.2:2379 /);
  });

  it("default, -o, -p, -C, --no-headers, --forest", async () => {
    expect((await s.exec("ps")).stdout).toMatch(/^ {4}PID TTY {10}TIME CMD\n +\d+ pts\/0    00:00:00 bash\n +\d+ pts\/0    00:00:00 ps\n$/);
    expect((await s.exec("ps -o pid,cmd -p 1")).stdout).toBe("    PID CMD\n      1 /sbin/init\n");
    expect((await s.exec("ps -o pid= -o comm= -p 1028")).stdout).toBe("   1028 kubelet\n");
    expect((await s.exec("ps -o user,pid,args -C kubelet | cut -c1-40")).stdout).toBe("USER         PID COMMAND\nroot        1028 /usr/bin/kubelet --boot\n");
    expect((await s.exec("ps -p 1 -o pid=PROCESS -o etime")).stdout).toBe("PROCESS     ELAPSED\n      1  2-03:00:45\n");
    expect((await s.exec("ps -ef --forest | head -3")).stdout).toBe(
      "UID          PID    PPID  C STIME TTY          TIME CMD\nroot           2       0  0 Nov20 ?        00:00:00 [kthreadd]\nroot           3       2  0 Nov20 ?        00:00:00  \\_ [pool_workqueue_release]\n",
    );
    expect((await s.exec("ps --forest")).stdout).toMatch(/bash\n +\d+ pts\/0    00:00:00  \\_ ps\n$/);
    expect(await s.exec("ps -p 99999")).toMatchObject({ stdout: "    PID TTY          TIME CMD\n", stderr: "", exitCode: 1 });
  });

  it("the parser's errors", async () => {
    expect(await s.exec("ps -z")).toMatchObject({ stdout: "", stderr: `error: unsupported SysV option\n${USAGE}`, exitCode: 1 });
    expect(await s.exec("ps auxz")).toMatchObject({ stdout: "", stderr: `error: unsupported option (BSD syntax)\n${USAGE}`, exitCode: 1 });
    expect(await s.exec("ps --bogus")).toMatchObject({ stdout: "", stderr: `error: unknown gnu long option\n${USAGE}`, exitCode: 1 });
    expect(await s.exec("ps -o pid,bogus")).toMatchObject({ stdout: "", stderr: `error: unknown user-defined format specifier "bogus"\n${USAGE}`, exitCode: 1 });
    expect(await s.exec("ps -p")).toMatchObject({ stdout: "", stderr: `error: list of process IDs must follow -p\n${USAGE}`, exitCode: 1 });
  });

  it("follows the node: a stopped kubelet is gone, containerd-only nodes have no dockerd", async () => {
    const t = new LabSession({ timeMode: "virtual" });
    await t.exec("systemctl stop kubelet");
    expect((await t.exec("ps aux | grep -c /usr/bin/kubelet")).stdout).toBe("0\n");
    await t.exec("systemctl start kubelet");
    expect((await t.exec("ps aux | grep -c /usr/bin/kubelet")).stdout).toBe("1\n");
  });
});

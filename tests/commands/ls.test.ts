import { describe, expect, it } from "vitest";
import { NodeFs, normalizePath } from "../../src/engine/node/fs.ts";
import type { CmdIO, LabContext } from "../../src/commands/types.ts";
import { humanSize, ls } from "../../src/commands/ls/ls.ts";

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0); // Sun 2026-11-22 09:00:00 UTC

function setup() {
  let now = T0 - 86400_000 * 30; // files made a month ago
  const fs = new NodeFs(() => now);
  fs.mkdir("/root", true, 0o700);
  fs.mkdir("/tmp", true, 0o1777);
  fs.mkdir("/etc/kubernetes/manifests", true);
  fs.mkdir("/etc/kubernetes/pki/etcd", true);
  fs.writeFile("/etc/kubernetes/admin.conf", "x".repeat(5653), 0o600);
  fs.writeFile("/etc/kubernetes/kubelet.conf", "y".repeat(1986), 0o600);
  fs.writeFile("/etc/kubernetes/manifests/etcd.yaml", "e".repeat(2406), 0o600);
  fs.writeFile("/etc/kubernetes/manifests/kube-apiserver.yaml", "a".repeat(3890), 0o600);
  fs.writeFile("/etc/kubernetes/pki/ca.crt", "c".repeat(1107));
  fs.writeFile("/etc/kubernetes/pki/ca.key", "k".repeat(1679), 0o600);
  fs.writeFile("/etc/kubernetes/pki/etcd/ca.crt", "c".repeat(1094));
  now = T0 - 3600_000;
  fs.writeFile("/root/.bashrc", "b".repeat(3106));
  fs.writeFile("/root/pod.yaml", "p".repeat(245));
  fs.writeFile("/root/run.sh", "#!/bin/sh\n", 0o755);
  fs.mkdir("/root/.kube", false, 0o755);
  fs.writeFile("/root/.kube/config", "k".repeat(5653), 0o600);
  now = Date.UTC(2025, 0, 5, 12, 0, 0); // old: year format
  fs.writeFile("/root/old.txt", "");
  fs.symlink("/etc/kubernetes", "/root/k8s");
  now = T0;
  const lab = {
    machine: { name: "controlplane", fs },
    now: () => now,
    resolve: (cwd: string, p: string) => (p.startsWith("/") ? normalizePath(p) : normalizePath(`${cwd}/${p}`)),
  } as unknown as LabContext;
  return { fs, lab };
}

async function run(line: string, extra: Partial<CmdIO> = {}) {
  const { lab } = setup();
  const io: CmdIO = { stdin: "", cwd: "/root", env: {}, tty: true, ...extra };
  return await ls.run(line.split(" ").filter(Boolean).slice(1), io, lab);
}

describe("ls (coreutils 9.4)", () => {
  it("ls -l: modes, links, owners, sizes, dates, symlink targets, total", async () => {
    const r = await run("ls -l");
    expect(r.stdout).toBe(
      "total 8\n" +
        "lrwxrwxrwx 1 root root  15 Jan  5  2025 k8s -> /etc/kubernetes\n" +
        "-rw-r--r-- 1 root root   0 Jan  5  2025 old.txt\n" +
        "-rw-r--r-- 1 root root 245 Nov 22 08:00 pod.yaml\n" +
        "-rwxr-xr-x 1 root root  10 Nov 22 08:00 run.sh\n",
    );
    expect(r.exitCode).toBe(0);
  });

  it("ls -la: . and .. , dotfiles, directory link counts and 4096 sizes", async () => {
    const r = await run("ls -la");
    expect(r.stdout).toBe(
      "total 24\n" +
        "drwx------ 3 root root 4096 Jan  5  2025 .\n" +
        "drwxr-xr-x 5 root root 4096 Oct 23 09:00 ..\n" +
        "-rw-r--r-- 1 root root 3106 Nov 22 08:00 .bashrc\n" +
        "drwxr-xr-x 2 root root 4096 Nov 22 08:00 .kube\n" +
        "lrwxrwxrwx 1 root root   15 Jan  5  2025 k8s -> /etc/kubernetes\n" +
        "-rw-r--r-- 1 root root    0 Jan  5  2025 old.txt\n" +
        "-rw-r--r-- 1 root root  245 Nov 22 08:00 pod.yaml\n" +
        "-rwxr-xr-x 1 root root   10 Nov 22 08:00 run.sh\n",
    );
  });

  it("ls -A, -1, -r, -t, -S", async () => {
    expect((await run("ls -A1")).stdout).toBe(".bashrc\n.kube\nk8s\nold.txt\npod.yaml\nrun.sh\n");
    expect((await run("ls -1r")).stdout).toBe("run.sh\npod.yaml\nold.txt\nk8s\n");
    expect((await run("ls -1t")).stdout).toBe("pod.yaml\nrun.sh\nk8s\nold.txt\n");
    expect((await run("ls -1S")).stdout).toBe("pod.yaml\nk8s\nrun.sh\nold.txt\n");
    expect((await run("ls -1tr")).stdout).toBe("old.txt\nk8s\nrun.sh\npod.yaml\n");
  });

  it("ls -lh: human sizes and total", async () => {
    const r = await run("ls -lh /etc/kubernetes");
    expect(r.stdout).toBe(
      "total 20K\n" +
        "-rw------- 1 root root 5.6K Oct 23 09:00 admin.conf\n" +
        "-rw------- 1 root root 2.0K Oct 23 09:00 kubelet.conf\n" +
        "drwxr-xr-x 2 root root 4.0K Oct 23 09:00 manifests\n" +
        "drwxr-xr-x 3 root root 4.0K Oct 23 09:00 pki\n",
    );
    expect(humanSize(1023)).toBe("1023");
    expect(humanSize(1024)).toBe("1.0K");
    expect(humanSize(1025)).toBe("1.1K");
    expect(humanSize(10239)).toBe("10K");
    expect(humanSize(10241)).toBe("11K");
    expect(humanSize(1048575)).toBe("1.0M");
    expect(humanSize(1572864)).toBe("1.5M");
  });

  it("columns on a terminal: tab stops of 8 as ls.c's indent()", async () => {
    expect((await run("ls /etc/kubernetes")).stdout).toBe("admin.conf  kubelet.conf  manifests  pki\n");
    expect((await run("ls /etc/kubernetes/manifests")).stdout).toBe("etcd.yaml  kube-apiserver.yaml\n");
    // a pipe: one per line
    expect((await run("ls /etc/kubernetes", { tty: false })).stdout).toBe("admin.conf\nkubelet.conf\nmanifests\npki\n");
    // unknown (the shell has not said): as a pipe
    expect((await run("ls /etc/kubernetes", { tty: undefined })).stdout).toBe("admin.conf\nkubelet.conf\nmanifests\npki\n");
  });

  it("columns: many names fill the rows top to bottom within 80 columns", async () => {
    const { lab, fs } = setup();
    fs.mkdir("/many");
    for (let i = 0; i < 30; i++) fs.writeFile(`/many/file-${String(i).padStart(2, "0")}.yaml`, "");
    const r = await ls.run(["/many"], { stdin: "", cwd: "/", env: {}, tty: true }, lab);
    const lines = r.stdout.split("\n");
    // 12-char names + 2 = 14 → 5 columns (70 < 80), 6 rows
    expect(lines.length).toBe(7);
    expect(lines[0]).toBe("file-00.yaml  file-06.yaml  file-12.yaml  file-18.yaml\tfile-24.yaml");
    const r2 = await ls.run(["-x", "/many"], { stdin: "", cwd: "/", env: {}, tty: true }, lab);
    expect(r2.stdout.split("\n")[0]).toBe("file-00.yaml  file-01.yaml  file-02.yaml  file-03.yaml\tfile-04.yaml");
  });

  it("several operands: files first, then each directory with its header", async () => {
    const r = await run("ls /etc/kubernetes/manifests pod.yaml /etc/kubernetes/pki");
    expect(r.stdout).toBe("pod.yaml\n\n/etc/kubernetes/manifests:\netcd.yaml  kube-apiserver.yaml\n\n/etc/kubernetes/pki:\nca.crt\tca.key\tetcd\n");
  });

  it("missing operands: error, exit 2, the rest still listed with headers", async () => {
    const r = await run("ls nope /etc/kubernetes/manifests");
    expect(r.stderr).toBe("ls: cannot access 'nope': No such file or directory\n");
    expect(r.stdout).toBe("/etc/kubernetes/manifests:\netcd.yaml  kube-apiserver.yaml\n");
    expect(r.exitCode).toBe(2);
    const r2 = await run("ls -l /etc/kubernetes/nothing.yaml");
    expect(r2).toEqual({ stdout: "", stderr: "ls: cannot access '/etc/kubernetes/nothing.yaml': No such file or directory\n", exitCode: 2 });
  });

  it("ls -d, ls -ld, symlink operands", async () => {
    expect((await run("ls -ld /etc/kubernetes")).stdout).toBe("drwxr-xr-x 4 root root 4096 Oct 23 09:00 /etc/kubernetes\n");
    expect((await run("ls -d /etc/kubernetes /tmp")).stdout).toBe("/etc/kubernetes  /tmp\n");
    expect((await run("ls -ld /tmp")).stdout).toBe("drwxrwxrwt 2 root root 4096 Oct 23 09:00 /tmp\n");
    // ls LINK-TO-DIR lists the directory; ls -l LINK shows the link; LINK/ follows it
    expect((await run("ls k8s")).stdout).toBe("admin.conf  kubelet.conf  manifests  pki\n");
    expect((await run("ls -l k8s")).stdout).toBe("lrwxrwxrwx 1 root root 15 Jan  5  2025 k8s -> /etc/kubernetes\n");
    expect((await run("ls -l k8s/")).stdout.split("\n")[0]).toBe("total 20");
  });

  it("ls -R", async () => {
    const r = await run("ls -R /etc/kubernetes/pki");
    expect(r.stdout).toBe("/etc/kubernetes/pki:\nca.crt\tca.key\tetcd\n\n/etc/kubernetes/pki/etcd:\nca.crt\n");
  });

  it("ls -F and -p indicators", async () => {
    expect((await run("ls -AF")).stdout).toBe(".bashrc  .kube/  k8s@  old.txt\tpod.yaml  run.sh*\n");
    expect((await run("ls -p /etc/kubernetes")).stdout).toBe("admin.conf  kubelet.conf  manifests/  pki/\n");
    expect((await run("ls -lF k8s")).stdout).toBe("lrwxrwxrwx 1 root root 15 Jan  5  2025 k8s -> /etc/kubernetes/\n");
  });

  it("names that need quoting on a terminal", async () => {
    const { lab, fs } = setup();
    fs.mkdir("/q");
    fs.writeFile("/q/a b", "");
    fs.writeFile("/q/c", "");
    const r = await ls.run(["/q"], { stdin: "", cwd: "/", env: {}, tty: true }, lab);
    expect(r.stdout).toBe("'a b'   c\n");
    const r2 = await ls.run(["-1", "/q"], { stdin: "", cwd: "/", env: {}, tty: true }, lab);
    expect(r2.stdout).toBe("'a b'\nc\n");
  });

  it("option errors", async () => {
    expect(await run("ls -z")).toEqual({ stdout: "", stderr: "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", exitCode: 2 });
    expect(await run("ls --bogus")).toEqual({ stdout: "", stderr: "ls: unrecognized option '--bogus'\nTry 'ls --help' for more information.\n", exitCode: 2 });
    expect((await run("ls --color=never -1 /etc/kubernetes/manifests")).stdout).toBe("etcd.yaml\nkube-apiserver.yaml\n");
    expect((await run("ls /etc/kubernetes/manifests -1")).stdout).toBe("etcd.yaml\nkube-apiserver.yaml\n");
  });

  it("an empty directory: total 0", async () => {
    const { lab, fs } = setup();
    fs.mkdir("/empty");
    expect((await ls.run(["-l", "/empty"], { stdin: "", cwd: "/", env: {}, tty: true }, lab)).stdout).toBe("total 0\n");
    expect((await ls.run(["/empty"], { stdin: "", cwd: "/", env: {}, tty: true }, lab)).stdout).toBe("");
  });
});

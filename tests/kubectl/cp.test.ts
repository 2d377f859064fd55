// kubectl cp (cp.go): files and folders to and from containers through the container's tar,
// over the same container view kubectl exec uses.

import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { DEFAULT_SPEC } from "../../src/engine/cluster.ts";

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: box
spec:
  nodeName: node01
  volumes:
  - name: cfg
    configMap: {name: cfg}
  - name: scratch
    emptyDir: {}
  containers:
  - name: box
    image: busybox:1.36
    command: ["sh", "-c", "echo hi > /tmp/started; sleep 3600"]
    volumeMounts:
    - {name: cfg, mountPath: /etc/cfg}
    - {name: scratch, mountPath: /scratch}
  - name: side
    image: busybox:1.36
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: scratch, mountPath: /shared}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: apps
spec:
  containers:
  - name: web
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: proxy
spec:
  containers:
  - name: proxy
    image: registry.k8s.io/kube-proxy:v1.32.5
    command: ["/usr/local/bin/kube-proxy"]
`;

async function lab(runtime: "docker" | "containerd" = "docker"): Promise<LabSession> {
  const s = new LabSession({ timeMode: "virtual", spec: { ...DEFAULT_SPEC, runtime } });
  s.writeFile("controlplane", "/root/pods.yaml", MANIFEST);
  await s.exec("kubectl create ns apps && kubectl create configmap cfg --from-literal=mode=prod && kubectl apply -f pods.yaml");
  await s.exec("sleep 60");
  return s;
}

describe("kubectl cp", () => {
  let s: LabSession;
  beforeAll(async () => {
    s = await lab();
  });

  it("argument errors as kubectl prints them (recorded from kubectl 1.32)", async () => {
    const cases: [string, string][] = [
      ["kubectl cp", "error: source and destination are required\n"],
      ["kubectl cp a b c", "error: source and destination are required\n"],
      ["kubectl cp a b", "error: one of src or dest must be a remote file specification\n"],
      ["kubectl cp a:x b:y", "error: one of src or dest must be a local file specification\n"],
      ["kubectl cp :x /tmp/y", "error: filespec must match the canonical format: [[namespace/]pod:]file/path\n"],
      ["kubectl cp a/b/c:x /tmp/y", "error: filespec must match the canonical format: [[namespace/]pod:]file/path\n"],
      ["kubectl cp web: /tmp/y", "error: filepath can not be empty\n"],
      ["kubectl cp /nonexistent web:/tmp/x", "error: /nonexistent doesn't exist in local filesystem\n"],
      ["kubectl cp nosuch:/etc/hosts /tmp/hosts", 'Error from server (NotFound): pods "nosuch" not found\n'],
      ["kubectl cp web:/etc/hosts /tmp/hosts --bogus", "error: unknown flag: --bogus\nSee 'kubectl cp --help' for usage.\n"],
    ];
    for (const [cmd, err] of cases) {
      const r = await s.exec(cmd);
      expect({ cmd, stderr: r.stderr, exit: r.exitCode }).toEqual({ cmd, stderr: err, exit: 1 });
    }
  });

  it("from a pod: GNU tar's leading-slash note on stdout, the file written locally", async () => {
    const r = await s.exec("kubectl cp apps/web:/usr/share/nginx/html/index.html /root/index.html");
    expect(r.stdout).toBe("tar: Removing leading `/' from member names\n");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(s.readFile("controlplane", "/root/index.html")).toContain("<h1>Welcome to nginx!</h1>");
    const n = await s.exec("kubectl cp -n apps web:usr/share/nginx/html/index.html copy.html && grep -c '<h1>Welcome' copy.html");
    expect(n.stdout).toBe("1\n");
  });

  it("from a multi-container busybox pod: the defaulting line and BusyBox's note, both on stdout", async () => {
    const r = await s.exec("kubectl cp box:/tmp/started started.txt");
    expect(r.stdout).toBe(`Defaulted container "box" out of: box, side\ntar: removing leading '/' from member names\n`);
    expect(r.stderr).toBe("");
    expect(s.readFile("controlplane", "/root/started.txt")).toBe("hi\n");
  });

  it("from a pod into a folder: open DIR: is a directory", async () => {
    const r = await s.exec("kubectl cp -c box box:/etc/hostname /root");
    expect(r.stderr).toBe("error: open /root: is a directory\n");
    expect(r.exitCode).toBe(1);
  });

  it("a missing path in the pod: tar's messages, and kubectl ends when the archive ends", async () => {
    const g = await s.exec("kubectl cp -n apps web:/nope /root/nope");
    expect(g.stdout).toBe("tar: Removing leading `/' from member names\ntar: /nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n");
    const b = await s.exec("kubectl cp -c box box:/nope /root/nope");
    expect(b.stdout).toBe("tar: /nope: No such file or directory\ntar: error exit delayed from previous errors\n");
    expect(s.cluster.machine("controlplane")!.fs.exists("/root/nope")).toBe(false);
  });

  it("to a pod: a file into a folder keeps its name, to a new name takes it; the container sees it", async () => {
    s.writeFile("controlplane", "/root/app.conf", "port=8080\n");
    const r = await s.exec("kubectl cp app.conf box:/tmp -c box");
    expect(r.stdout + r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect((await s.exec("kubectl exec box -c box -- cat /tmp/app.conf")).stdout).toBe("port=8080\n");
    await s.exec("kubectl cp /root/app.conf box:/tmp/renamed.conf -c box");
    expect((await s.exec("kubectl exec box -c box -- cat /tmp/renamed.conf")).stdout).toBe("port=8080\n");
  });

  it("to a pod without -c: the defaulting line on stderr, once", async () => {
    const r = await s.exec("kubectl cp app.conf box:/scratch/app.conf");
    expect(r.stderr).toBe(`Defaulted container "box" out of: box, side\n`);
    expect((await s.exec("kubectl exec box -c side -- cat /shared/app.conf")).stdout).toBe("port=8080\n");
  });

  it("folders both ways, recursively", async () => {
    await s.exec("mkdir -p /root/site/css");
    s.writeFile("controlplane", "/root/site/index.html", "<p>one</p>\n");
    s.writeFile("controlplane", "/root/site/css/main.css", "body{}\n");
    await s.exec("kubectl cp site apps/web:/usr/share/nginx/html/site");
    expect((await s.exec("kubectl exec -n apps web -- cat /usr/share/nginx/html/site/css/main.css")).stdout).toBe("body{}\n");
    const r = await s.exec("kubectl cp -n apps web:/usr/share/nginx/html/site /root/back && find /root/back | sort");
    expect(r.stdout).toBe("tar: Removing leading `/' from member names\n/root/back\n/root/back/css\n/root/back/css/main.css\n/root/back/index.html\n");
  });

  it("tar's errors in the container: a missing folder, a read-only configMap volume", async () => {
    const g = await s.exec("kubectl cp app.conf apps/web:/no/such/dir/app.conf");
    expect(g.stderr).toBe("tar: /no/such/dir: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\ncommand terminated with exit code 2\n");
    expect(g.exitCode).toBe(2);
    const b = await s.exec("kubectl cp app.conf box:/no/such/app.conf -c box");
    expect(b.stderr).toBe("tar: can't change directory to '/no/such': No such file or directory\ncommand terminated with exit code 1\n");
    expect(b.exitCode).toBe(1);
    const ro = await s.exec("kubectl cp app.conf box:/etc/cfg -c box");
    expect(ro.stderr).toBe("tar: can't open 'app.conf': Read-only file system\ncommand terminated with exit code 1\n");
  });

  it("an image without tar: Docker's exec error", async () => {
    const to = await s.exec("kubectl cp app.conf proxy:/tmp/app.conf");
    expect(to.stdout).toBe('OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in $PATH: unknown\r\n');
    expect(to.stderr).toBe("command terminated with exit code 126\n");
    expect(to.exitCode).toBe(126);
    const from = await s.exec("kubectl cp proxy:/etc/hosts hosts");
    expect(from.stdout).toBe("");
    expect(from.stderr).toBe("command terminated with exit code 126\n");
    expect(from.exitCode).toBe(126);
  });

  it("modes: kept by tar -xmf, less the umask with --no-preserve; symlinks from a pod are skipped with kubectl's warning", async () => {
    s.writeFile("controlplane", "/root/run.sh", "#!/bin/sh\n");
    await s.exec("chmod 777 /root/run.sh");
    await s.exec("kubectl cp run.sh box:/tmp/kept.sh -c box");
    await s.exec("kubectl cp --no-preserve run.sh box:/tmp/masked.sh -c box");
    const view = s.cluster.containerView("default", "box", "box")!;
    const root = view.mounts[0].fs;
    expect(root.stat("/tmp/kept.sh").mode & 0o777).toBe(0o777);
    expect(root.stat("/tmp/masked.sh").mode & 0o777).toBe(0o755);
    await s.exec("kubectl exec box -c box -- sh -c 'mkdir -p /tmp/d && echo x > /tmp/d/f && ln -s /etc/hostname /tmp/d/l'");
    const r = await s.exec("kubectl cp box:/tmp/d /root/d -c box");
    expect(r.stderr).toBe('warning: skipping symlink: "/root/d/l" -> "/etc/hostname" (consider using "kubectl exec -n "" "box" -- tar cf - "/tmp/d" | tar xf -")\n');
    expect(s.readFile("controlplane", "/root/d/f")).toBe("x\n");
  });

  it("a container name the pod does not have: the API server's BadRequest", async () => {
    const r = await s.exec("kubectl cp app.conf box:/tmp -c nope");
    expect(r.stderr).toBe("Error from server (BadRequest): container nope is not valid for pod box\n");
  });
});

describe("kubectl cp with containerd", () => {
  it("an image without tar: the InternalError of the failed exec", async () => {
    const s = await lab("containerd");
    const r = await s.exec("kubectl cp proxy:/etc/hosts hosts");
    expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in \$PATH: unknown\n$/);
    expect(r.exitCode).toBe(1);
  });
});

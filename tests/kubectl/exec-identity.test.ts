// id, whoami, uname and ps in a container follow its securityContext and its processes (the
// Kubernetes docs' security-context-demo: `id` → uid=1000 gid=3000 groups=2000,3000, ps lists
// `sleep 1h` as PID 1 owned by 1000); the image's programs the lab does not build say so instead
// of running an empty applet and succeeding. A Debian image's ls is the lab's GNU ls.

import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { DEFAULT_SPEC } from "../../src/engine/cluster.ts";
import { busyboxPs, containerIdentity, idCommand, mainArgs, unameCommand, whoamiCommand } from "../../src/commands/kubectl/container-programs.ts";
import { BUSYBOX_GROUP, BUSYBOX_PASSWD } from "../../src/engine/images/files-data.ts";

const DEMO = `apiVersion: v1
kind: Pod
metadata:
  name: security-context-demo
spec:
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    fsGroup: 2000
  containers:
  - name: sec-ctx-demo
    image: busybox:1.28
    command: ["sh", "-c", "sleep 1h"]
---
apiVersion: v1
kind: Pod
metadata:
  name: named
spec:
  containers:
  - name: c
    image: busybox
    command: ["sleep", "3600"]
    securityContext:
      runAsUser: 65534
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: vols
spec:
  volumes:
  - name: s
    secret: {secretName: creds, defaultMode: 0400}
  - name: c
    configMap:
      name: conf
      items:
      - {key: app.conf, path: app/app.conf, mode: 0600}
  containers:
  - name: c
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: s, mountPath: /etc/creds}
    - {name: c, mountPath: /etc/conf}
`;

const busyboxFiles = (p: string) => (p === "/etc/passwd" ? BUSYBOX_PASSWD : p === "/etc/group" ? BUSYBOX_GROUP : undefined);
const pod = (sc: object, csc: object = {}) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { securityContext: sc, containers: [{ name: "c", image: "busybox", securityContext: csc }] } });

describe("a container's identity", () => {
  it("root in busybox: its wheel membership; runAsUser without a passwd entry: gid 0", () => {
    const root = containerIdentity(pod({}), "c", busyboxFiles);
    expect(idCommand(root, [], true).stdout).toBe("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n");
    const u = containerIdentity(pod({ runAsUser: 1000 }), "c", busyboxFiles);
    expect(idCommand(u, [], true).stdout).toBe("uid=1000 gid=0(root) groups=0(root)\n");
  });

  it("the container's securityContext wins over the pod's; supplementalGroups and fsGroup join, sorted", () => {
    const me = containerIdentity(pod({ runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000, 5] }, { runAsUser: 33 }), "c", busyboxFiles);
    expect(idCommand(me, [], true).stdout).toBe("uid=33(www-data) gid=3000 groups=5(tty),2000,3000,4000\n");
    expect(idCommand(me, ["-u"], true).stdout).toBe("33\n");
    expect(idCommand(me, ["-un"], true).stdout).toBe("www-data\n");
    expect(idCommand(me, ["-G"], true).stdout).toBe("5 2000 3000 4000\n");
    expect(idCommand(me, ["-g", "-n"], false)).toEqual({ stdout: "3000\n", stderr: "id: cannot find name for group ID 3000\n", exitCode: 1 });
    expect(idCommand(me, ["-u", "-g"], true)).toMatchObject({ stderr: "id: only one of -ugG can be given\n", exitCode: 1 });
  });

  it("whoami: the name, or the error of a uid without one (busybox, coreutils)", () => {
    const me = containerIdentity(pod({ runAsUser: 1000 }), "c", busyboxFiles);
    expect(whoamiCommand(me, true)).toEqual({ stdout: "", stderr: "whoami: unknown uid 1000\n", exitCode: 1 });
    expect(whoamiCommand(me, false)).toEqual({ stdout: "", stderr: "whoami: cannot find name for user ID 1000\n", exitCode: 1 });
    expect(whoamiCommand(containerIdentity(pod({}), "c", busyboxFiles), true).stdout).toBe("root\n");
  });

  it("uname: the node's kernel and the pod's hostname", () => {
    expect(unameCommand(["-a"], "p", "6.8.0-51-generic").stdout).toBe("Linux p 6.8.0-51-generic #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024 x86_64 GNU/Linux\n");
    expect(unameCommand([], "p", "k").stdout).toBe("Linux\n");
    expect(unameCommand(["-nr"], "p", "k").stdout).toBe("p k\n");
    expect(unameCommand(["-x"], "p", "k")).toMatchObject({ stderr: "uname: invalid option -- 'x'\n", exitCode: 1 });
  });

  it("busybox ps: PID, USER (the uid without a name), TIME, COMMAND; sh -c's last plain command is PID 1", () => {
    const me = containerIdentity(pod({ runAsUser: 1000 }), "c", busyboxFiles);
    expect(busyboxPs(me, [{ pid: 1, args: "sleep 1h" }, { pid: 6, args: "sh" }])).toBe("PID   USER     TIME  COMMAND\n    1 1000      0:00 sleep 1h\n    6 1000      0:00 sh\n");
    expect(mainArgs(["sh", "-c", "sleep 1h"])).toBe("sleep 1h");
    expect(mainArgs(["sh", "-c", "echo hi > /tmp/x; sleep 3600"])).toBe("sh -c echo hi > /tmp/x; sleep 3600");
    expect(mainArgs(["sh", "-c", "while true; do sleep 5; done"])).toBe("sh -c while true; do sleep 5; done");
    expect(mainArgs(["sh", "-c", "echo boom; exit 1"])).toBe("sh -c echo boom; exit 1");
  });
});

describe("kubectl exec: id, whoami, ps, uname from the pod's securityContext and processes", () => {
  let s: LabSession;
  beforeAll(async () => {
    s = new LabSession({ timeMode: "virtual", spec: DEFAULT_SPEC });
    s.writeFile("controlplane", "/root/pods.yaml", DEMO);
    await s.exec("kubectl create secret generic creds --from-literal=user=admin --from-literal=pass=s3cret && kubectl create configmap conf --from-literal=app.conf=debug=1");
    await s.exec("kubectl apply -f pods.yaml");
    await s.exec("sleep 60");
  });

  it("the docs' security-context-demo", async () => {
    expect(await s.exec("kubectl exec security-context-demo -- id")).toMatchObject({ stdout: "uid=1000 gid=3000 groups=2000,3000\n", exitCode: 0 });
    const ps = await s.exec("kubectl exec security-context-demo -- ps");
    expect(ps.stdout).toMatch(/^PID {3}USER {5}TIME {2}COMMAND\n {4}1 1000 {6}0:00 sleep 1h\n +\d+ 1000 {6}0:00 ps\n$/);
    expect(await s.exec("kubectl exec security-context-demo -- whoami")).toMatchObject({ stdout: "", stderr: "whoami: unknown uid 1000\ncommand terminated with exit code 1\n", exitCode: 1 });
  });

  it("a named user; root in nginx (Debian: no wheel); uname -n is the pod", async () => {
    expect((await s.exec("kubectl exec named -- sh -c 'id; whoami'")).stdout).toBe("uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\nnobody\n");
    expect((await s.exec("kubectl exec web -- id")).stdout).toBe("uid=0(root) gid=0(root) groups=0(root)\n");
    expect((await s.exec("kubectl exec web -- whoami")).stdout).toBe("root\n");
    expect((await s.exec("kubectl exec web -- uname -n")).stdout).toBe("web\n");
  });

  it("a Debian image's ls is GNU ls over the container's view: modes, root owners, no trailing slashes (just-bash's printed 'user user' and dir/)", async () => {
    expect((await s.exec("kubectl exec web -- ls -la /usr/share/nginx/html")).stdout).toMatch(/^total 16\ndrwxr-xr-x 2 root root 4096 \w{3} [ \d]\d \d\d:\d\d \.\ndrwxr-xr-x 3 root root 4096 .* \.\.\n-rw-r--r-- 1 root root  497 .* 50x\.html\n-rw-r--r-- 1 root root  615 .* index\.html\n$/);
    expect((await s.exec("kubectl exec web -- ls /etc/nginx")).stdout).toBe("conf.d\nmodules\nnginx.conf\n");
    expect(await s.exec("kubectl exec web -- ls /nope")).toMatchObject({ stderr: "ls: cannot access '/nope': No such file or directory\ncommand terminated with exit code 2\n", exitCode: 2 });
  });

  it("date in a container reads the lab's clock, as on the node (it used to print the page's real time)", async () => {
    const node = Number((await s.exec("date +%s")).stdout);
    const inPod = Number((await s.exec("kubectl exec named -- date +%s")).stdout);
    expect(Math.abs(inPod - node)).toBeLessThanOrEqual(1);
    await s.exec("sleep 3600");
    expect(Number((await s.exec("kubectl exec web -- date +%s")).stdout) - inPod).toBeGreaterThanOrEqual(3600);
    expect(Number((await s.exec("kubectl exec web -- date +%s")).stdout) - inPod).toBeLessThan(3610);
  });

  it("secret and configMap volumes as the kubelet's AtomicWriter lays them out: ..data, a stamped folder, links; defaultMode and an item's mode", async () => {
    expect((await s.exec("kubectl exec vols -- ls /etc/creds")).stdout).toBe("pass\nuser\n");
    const la = (await s.exec("kubectl exec vols -- ls -la /etc/creds")).stdout;
    const stamp = /(\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+)\n/.exec(la)?.[1];
    expect(stamp).toBeDefined();
    expect(la).toContain(`lrwxrwxrwx    1 root     root            ${String(stamp!.length).padStart(2)} `);
    expect(la).toMatch(new RegExp(`\\.\\.data -> ${stamp!.replace(/\./g, "\\.")}\n`));
    expect(la).toMatch(/ pass -> \.\.data\/pass\n/);
    expect((await s.exec("kubectl exec vols -- ls -lL /etc/creds")).stdout).toMatch(/^total 8\n-r-------- {4}1 root {5}root {13}6 .* pass\n-r-------- {4}1 root {5}root {13}5 .* user\n$/);
    expect((await s.exec("kubectl exec vols -- cat /etc/creds/pass /etc/conf/app/app.conf")).stdout).toBe("s3cretdebug=1");
    expect((await s.exec("kubectl exec vols -- ls -lL /etc/conf/app")).stdout).toMatch(/-rw------- {4}1 root {5}root {13}7 .* app\.conf\n$/);
    expect((await s.exec("kubectl exec vols -- ls -l /etc/conf")).stdout).toMatch(/ app -> \.\.data\/app\n$/);
  });

  it("a program of the image the lab does not build says so (it used to print nothing and succeed)", async () => {
    const r = await s.exec("kubectl exec named -- df -h");
    expect(r.stderr).toBe("kubelab: df is not built in this lab's containers yet\ncommand terminated with exit code 1\n");
    expect(r.exitCode).toBe(1);
    // and Debian's nginx has no ps at all: the runtime's error
    expect((await s.exec("kubectl exec web -- ps")).exitCode).toBe(126);
  });
});

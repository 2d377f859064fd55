import { describe, expect, it } from "vitest";
import { Runtime } from "../../src/engine/node/runtime.ts";
import type { Container, Sandbox } from "../../src/engine/node/runtime.ts";
import { Rand } from "../../src/engine/rand.ts";
import { lookupImage } from "../../src/engine/images/catalog.ts";
import type { LabContext } from "../../src/commands/types.ts";
import { docker } from "../../src/commands/docker/index.ts";
import { crictl } from "../../src/commands/crictl/index.ts";
import { humanDuration, humanSize, tabwrite } from "../../src/commands/docker/format.ts";

const T0 = Date.UTC(2025, 4, 20, 9, 0, 0);
const UID = "0123456789abcdef0123456789abcdef";

function pull(rt: Runtime, ref: string, at: number) {
  const r = lookupImage(ref);
  if (!("spec" in r)) throw new Error(ref);
  const [repository] = [r.spec.repository];
  rt.images.push({ repository, tag: r.tag, id: r.image.id, digest: r.image.digest, size: r.image.size, pulledAt: at });
  return r.image.id;
}

function setup(kind: "docker" | "containerd" = "docker") {
  const rt = new Runtime(kind, new Rand(1));
  pull(rt, "registry.k8s.io/pause:3.10", T0 - 3600_000);
  const apiImg = pull(rt, "registry.k8s.io/kube-apiserver:v1.32.5", T0 - 3600_000);
  const bbImg = pull(rt, "busybox", T0 - 100_000);
  const sb = (podName: string, ns: string, uid: string, createdAt: number, hostNetwork: boolean): Sandbox => {
    const s: Sandbox = {
      id: rt.newId(), podUid: uid, podName, namespace: ns, attempt: 0, createdAt, state: "ready", ip: hostNetwork ? "172.30.1.2" : "192.168.0.4",
      labels: { "io.kubernetes.pod.name": podName, "io.kubernetes.pod.namespace": ns, "io.kubernetes.pod.uid": uid }, hostNetwork,
    };
    rt.sandboxes.push(s);
    return s;
  };
  const ctr = (s: Sandbox, name: string, image: string, imageRef: string, imageId: string, command: string[], args: string[], createdAt: number, extra: Partial<Container> = {}): Container => {
    const c: Container = {
      id: rt.newId(), name, podUid: s.podUid, podName: s.podName, namespace: s.namespace, sandboxId: s.id, attempt: 0, image, imageRef, imageId,
      command, args, createdAt, startedAt: createdAt + 500, state: "running", logs: [],
      labels: { "io.kubernetes.container.name": name, "io.kubernetes.pod.name": s.podName, "io.kubernetes.pod.namespace": s.namespace, "io.kubernetes.pod.uid": s.podUid },
      ...extra,
    };
    rt.containers.push(c);
    return c;
  };
  const apiSb = sb("kube-apiserver-controlplane", "kube-system", "a1a2a3a4a5a6a7a8a9a0b1b2b3b4b5b6", T0 - 3000_000, true);
  const api = ctr(apiSb, "kube-apiserver", "registry.k8s.io/kube-apiserver:v1.32.5", "registry.k8s.io/kube-apiserver:v1.32.5", apiImg,
    ["kube-apiserver", "--advertise-address=172.30.1.2", "--allow-privileged=true"], [], T0 - 2999_000);
  const bbSb = sb("static-busybox-controlplane", "default", UID, T0 - 95_000, false);
  const bb0 = ctr(bbSb, "static-busybox", "busybox", "docker.io/library/busybox:latest", bbImg, ["sleep", "1000"], [], T0 - 90_000, {
    state: "exited", exitCode: 1, finishedAt: T0 - 60_000, reason: "Error",
    logs: [{ time: T0 - 89_000, stream: "stderr", text: "sleep: invalid number 'x'" }],
  });
  const bb1 = ctr(bbSb, "static-busybox", "busybox", "docker.io/library/busybox:latest", bbImg, [], [], T0 - 45_000, {
    attempt: 1,
    logs: [{ time: T0 - 44_000, stream: "stdout", text: "hello" }, { time: T0 - 43_000, stream: "stdout", text: "world" }],
  });
  const lab = {
    machine: { name: "controlplane", ip: "172.30.1.2", role: "control-plane", runtime: rt },
    now: () => T0,
  } as unknown as LabContext;
  return { rt, lab, api, bb0, bb1, apiSb, bbSb };
}

const io = { stdin: "", cwd: "/root", env: {} };

async function run(cmd: typeof docker, line: string, lab: LabContext) {
  return await cmd.run(line.split(" ").filter(Boolean), io, lab);
}

describe("format helpers", () => {
  it("go-units HumanDuration", () => {
    expect(humanDuration(500)).toBe("Less than a second");
    expect(humanDuration(1000)).toBe("1 second");
    expect(humanDuration(59_000)).toBe("59 seconds");
    expect(humanDuration(60_000)).toBe("About a minute");
    expect(humanDuration(119_000)).toBe("About a minute");
    expect(humanDuration(120_000)).toBe("2 minutes");
    expect(humanDuration(3599_000)).toBe("59 minutes");
    expect(humanDuration(3600_000)).toBe("About an hour");
    expect(humanDuration(5400_000)).toBe("2 hours");
    expect(humanDuration(47 * 3600_000)).toBe("47 hours");
    expect(humanDuration(3 * 86400_000)).toBe("3 days");
    expect(humanDuration(20 * 86400_000)).toBe("2 weeks");
    expect(humanDuration(90 * 86400_000)).toBe("3 months");
    expect(humanDuration(800 * 86400_000)).toBe("2 years");
  });
  it("go-units HumanSizeWithPrecision(.., 3)", () => {
    expect(humanSize(4_269_960)).toBe("4.27MB");
    expect(humanSize(192_060_416)).toBe("192MB");
    expect(humanSize(736_000)).toBe("736kB");
    expect(humanSize(1_125_804_122)).toBe("1.13GB");
    expect(humanSize(999)).toBe("999B");
    expect(humanSize(999_960)).toBe("1e+03kB");
  });
  it("tabwriter", () => {
    expect(tabwrite(["A\tBB\tC", "xxxx\ty\tz"], 6, 3)).toBe("A      BB    C\nxxxx   y     z\n");
  });
});

describe("docker", () => {
  it("ps: real columns, kubelet naming, truncation", async () => {
    const { lab, api, bb1, apiSb, bbSb } = setup();
    const r = await run(docker, "ps", lab);
    expect(r.exitCode).toBe(0);
    const bbImg = bb1.imageId.slice(7, 19);
    const apiImg = api.imageId.slice(7, 19);
    const id = (x: { id: string }) => x.id.slice(0, 12);
    expect(r.stdout).toBe(
      `CONTAINER ID   IMAGE                        COMMAND                  CREATED              STATUS              PORTS     NAMES
${id(bb1)}   ${bbImg}                 "sh"                     45 seconds ago       Up 44 seconds                 k8s_static-busybox_static-busybox-controlplane_default_${UID}_1
${id(bbSb)}   registry.k8s.io/pause:3.10   "/pause"                 About a minute ago   Up About a minute             k8s_POD_static-busybox-controlplane_default_${UID}_0
${id(api)}   ${apiImg}                 "kube-apiserver --ad…"   49 minutes ago       Up 49 minutes                 k8s_kube-apiserver_kube-apiserver-controlplane_kube-system_a1a2a3a4a5a6a7a8a9a0b1b2b3b4b5b6_0
${id(apiSb)}   registry.k8s.io/pause:3.10   "/pause"                 50 minutes ago       Up 50 minutes                 k8s_POD_kube-apiserver-controlplane_kube-system_a1a2a3a4a5a6a7a8a9a0b1b2b3b4b5b6_0
`,
    );
  });

  it("ps -a shows exited containers; -q and --no-trunc; filters; format", async () => {
    const { lab, bb0, bb1, bbSb } = setup();
    const a = await run(docker, "ps -a", lab);
    expect(a.stdout).toContain(`"sleep 1000"`);
    expect(a.stdout).toContain("Exited (1) About a minute ago");
    expect(a.stdout.split("\n").length).toBe(7);
    const q = await run(docker, "ps -aq", lab);
    expect(q.stdout.split("\n")[0]).toBe(bb1.id.slice(0, 12));
    expect(q.stdout.split("\n").length).toBe(6);
    const nt = await run(docker, "ps -a --no-trunc -q", lab);
    expect(nt.stdout.split("\n")[0]).toBe(bb1.id);
    const f = await run(docker, "ps -a --filter name=static-busybox -q", lab);
    expect(f.stdout).toBe([bb1.id, bb0.id, bbSb.id].map((i) => i.slice(0, 12)).join("\n") + "\n");
    const f2 = await docker.run(["ps", "-a", "--filter", "name=k8s_static", "--filter", "status=exited", "--format", "{{.Names}} {{.Status}}"], io, lab);
    expect(f2.stdout).toBe(`k8s_static-busybox_static-busybox-controlplane_default_${UID}_0 Exited (1) About a minute ago\n`);
    const t = await docker.run(["ps", "--format", "table {{.ID}}\\t{{.Names}}", "-n", "1"], io, lab);
    expect(t.stdout).toBe(`CONTAINER ID   NAMES\n${bb1.id.slice(0, 12)}   k8s_static-busybox_static-busybox-controlplane_default_${UID}_1\n`);
  });

  it("errors: unknown flag, unknown command, bad filter, containerd node", async () => {
    const { lab, rt } = setup();
    expect(await run(docker, "ps --bogus", lab)).toEqual({ stdout: "", stderr: "unknown flag: --bogus\nSee 'docker ps --help'.\n", exitCode: 125 });
    expect(await run(docker, "ps -z", lab)).toEqual({ stdout: "", stderr: "unknown shorthand flag: 'z' in -z\nSee 'docker ps --help'.\n", exitCode: 125 });
    expect(await run(docker, "foo", lab)).toEqual({ stdout: "", stderr: "docker: 'foo' is not a docker command.\nSee 'docker --help'\n", exitCode: 1 });
    expect(await run(docker, "ps --filter foo=bar", lab)).toEqual({ stdout: "", stderr: "Error response from daemon: invalid filter 'foo'\n", exitCode: 1 });
    rt.kind = "containerd";
    expect((await run(docker, "ps", lab)).exitCode).toBe(127);
  });

  it("images", async () => {
    const { lab } = setup();
    const r = await run(docker, "images", lab);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("REPOSITORY                       TAG       IMAGE ID       CREATED         SIZE");
    expect(lines[1]).toMatch(/^registry\.k8s\.io\/kube-apiserver   v1\.32\.5   [0-9a-f]{12}   4 days ago      97\.1MB$/);
    expect(lines[2]).toMatch(/^busybox                          latest    [0-9a-f]{12}   7 months ago    4\.27MB$/);
    expect(lines[3]).toMatch(/^registry\.k8s\.io\/pause            3\.10      [0-9a-f]{12}   12 months ago   736kB$/);
  });

  it("logs and inspect", async () => {
    const { lab, bb0, bb1 } = setup();
    expect(await run(docker, `logs ${bb1.id.slice(0, 12)}`, lab)).toEqual({ stdout: "hello\nworld\n", stderr: "", exitCode: 0 });
    expect(await run(docker, `logs --tail 1 ${bb1.id.slice(0, 5)}`, lab)).toEqual({ stdout: "world\n", stderr: "", exitCode: 0 });
    expect(await run(docker, `logs k8s_static-busybox_static-busybox-controlplane_default_${UID}_0`, lab)).toEqual({ stdout: "", stderr: "sleep: invalid number 'x'\n", exitCode: 0 });
    expect(await run(docker, "logs nosuch", lab)).toEqual({ stdout: "", stderr: "Error response from daemon: No such container: nosuch\n", exitCode: 1 });
    const i = await run(docker, `inspect ${bb0.id.slice(0, 12)}`, lab);
    const j = JSON.parse(i.stdout);
    expect(j[0].State).toMatchObject({ Status: "exited", ExitCode: 1, Running: false });
    expect(j[0].Name).toBe(`/k8s_static-busybox_static-busybox-controlplane_default_${UID}_0`);
    expect(i.stdout.startsWith('[\n    {\n        "Id": ')).toBe(true);
    const f = await docker.run(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", bb0.id], io, lab);
    expect(f.stdout).toBe("exited 1\n");
    expect(await run(docker, "inspect nosuch", lab)).toEqual({ stdout: "[]\n", stderr: "Error: No such object: nosuch\n", exitCode: 1 });
  });
});

describe("crictl", () => {
  it("ps", async () => {
    const { lab, api, bb1, apiSb, bbSb } = setup();
    const r = await run(crictl, "ps", lab);
    const W = 20;
    const pad = (s: string, w = W) => s + " ".repeat(Math.max(w, s.length + 3) - s.length);
    const podW = "kube-apiserver-controlplane".length + 3 > 20 ? "static-busybox-controlplane".length + 3 : 20;
    const line = (c: string[]) => pad(c[0]) + pad(c[1]) + pad(c[2]) + pad(c[3]) + pad(c[4]) + pad(c[5]) + pad(c[6]) + pad(c[7], podW) + c[8] + "\n";
    expect(r.stdout).toBe(
      line(["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD", "NAMESPACE"]) +
        line([bb1.id.slice(0, 13), bb1.imageId.slice(7, 20), "45 seconds ago", "Running", "static-busybox", "1", bbSb.id.slice(0, 13), "static-busybox-controlplane", "default"]) +
        line([api.id.slice(0, 13), api.imageId.slice(7, 20), "49 minutes ago", "Running", "kube-apiserver", "0", apiSb.id.slice(0, 13), "kube-apiserver-controlplane", "kube-system"]),
    );
    const a = await run(crictl, "ps -a --name static -q", lab);
    expect(a.stdout.split("\n").length).toBe(3);
    const p = await run(crictl, `ps -a --pod ${bbSb.id.slice(0, 13)} -q`, lab);
    expect(p.stdout.split("\n").filter(Boolean).length).toBe(2);
    const j = JSON.parse((await run(crictl, "ps -o json", lab)).stdout);
    expect(j.containers[0].state).toBe("CONTAINER_RUNNING");
  });

  it("pods and images", async () => {
    const { lab, apiSb, bbSb } = setup();
    const r = await run(crictl, "pods", lab);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("POD ID              CREATED              STATE               NAME                          NAMESPACE           ATTEMPT             RUNTIME");
    expect(lines[1]).toBe(`${bbSb.id.slice(0, 13)}       About a minute ago   Ready               static-busybox-controlplane   default             0                   (default)`);
    expect(lines[2]).toBe(`${apiSb.id.slice(0, 13)}       50 minutes ago       Ready               kube-apiserver-controlplane   kube-system         0                   (default)`);
    expect((await run(crictl, "pods --namespace kube-system -q", lab)).stdout).toBe(apiSb.id + "\n");
    const im = (await run(crictl, "images", lab)).stdout.split("\n");
    expect(im[0]).toBe("IMAGE                            TAG                 IMAGE ID            SIZE");
    expect(im[1]).toMatch(/^busybox                          latest              [0-9a-f]{13}       4\.27MB$/);
  });

  it("logs, inspect, errors", async () => {
    const { lab, bb0, bb1, bbSb } = setup();
    expect(await run(crictl, `logs ${bb1.id.slice(0, 13)}`, lab)).toEqual({ stdout: "hello\nworld\n", stderr: "", exitCode: 0 });
    expect(await run(crictl, `logs -p ${bb1.id.slice(0, 13)}`, lab)).toEqual({ stdout: "", stderr: "sleep: invalid number 'x'\n", exitCode: 0 });
    expect(await run(crictl, "logs nosuch", lab)).toEqual({
      stdout: "",
      stderr: "FATA[0000] rpc error: code = Unknown desc = Error response from daemon: No such container: nosuch\n",
      exitCode: 1,
    });
    const i = JSON.parse((await run(crictl, `inspect ${bb0.id.slice(0, 13)}`, lab)).stdout);
    expect(i.status).toMatchObject({ state: "CONTAINER_EXITED", exitCode: 1, reason: "Error", metadata: { name: "static-busybox", attempt: 0 } });
    expect(i.status.logPath).toBe(`/var/log/pods/default_static-busybox-controlplane_${UID}/static-busybox/0.log`);
    const s = JSON.parse((await run(crictl, `inspectp ${bbSb.id.slice(0, 13)}`, lab)).stdout);
    expect(s.status).toMatchObject({ state: "SANDBOX_READY", metadata: { name: "static-busybox-controlplane", namespace: "default" } });
    expect(await run(crictl, "foo", lab)).toEqual({ stdout: "", stderr: "No help topic for 'foo'\n", exitCode: 3 });
    expect((await run(crictl, "ps --bogus", lab)).exitCode).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";

const pod = (name: string, containers: any[], extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers, ...extra },
});

function status(c: Cluster, name: string) {
  return c.store.peek("pods", "default", name)!.status;
}

describe("kubelet: the statuses a crash loop writes", () => {
  it("Error → Running → Error → CrashLoopBackOff → Running: a restart shows no ContainerCreating and RESTARTS counts only started attempts", () => {
    const c = createCluster();
    const seen: string[] = [];
    c.store.watch((e) => {
      if (e.resource !== "pods" || e.object.metadata.name !== "crash") return;
      const cs = e.object.status?.containerStatuses?.[0];
      if (!cs) return;
      const kind = Object.keys(cs.state)[0];
      const line = `${kind === "running" ? "Running" : (cs.state[kind].reason ?? "")} ${cs.restartCount}`;
      if (seen[seen.length - 1] !== line) seen.push(line);
    });
    c.api.create("pods", pod("crash", [{ name: "c", image: "busybox", command: ["sh", "-c", "sleep 3; exit 1"] }]));
    c.advance(120_000);
    // the kubelet writes the status it generated at the start of each sync: while a restart pulls,
    // creates and starts the container, the pod keeps showing the last state (kubelet_pods.go
    // convertToAPIContainerStatuses + the reason cache)
    expect(seen.slice(0, 9)).toEqual(["ContainerCreating 0", "Running 0", "Error 0", "Running 1", "Error 1", "CrashLoopBackOff 1", "Running 2", "Error 2", "CrashLoopBackOff 2"]);
  });
});

describe("kubelet: container garbage collection (kuberuntime_gc.go, MaxPerPodContainer 1)", () => {
  it("a crash loop keeps one dead attempt besides the current one; logs --previous in CrashLoopBackOff is the attempt that just failed; a deleted pod's containers go", () => {
    const c = createCluster();
    c.api.create("pods", pod("crash", [{ name: "c", image: "busybox", command: ["sh", "-c", "echo run-$RANDOM; exit 1"] }]));
    c.advance(600_000);
    const rt = c.machine("node01")!.runtime;
    const uid = c.store.peek("pods", "default", "crash")!.metadata.uid!;
    const all = rt.attempts(uid, "c");
    expect(all.length).toBeGreaterThan(5);
    const live = all.filter((x) => !x.removed);
    expect(live.length).toBeLessThanOrEqual(2);
    expect(live[live.length - 1]).toBe(all[all.length - 1]);
    expect(all.slice(0, -2).every((x) => x.removed)).toBe(true);
    const fs = c.machine("node01")!.fs;
    expect(fs.readdir(`/var/log/pods/default_crash_${uid}/c`).length).toBeLessThanOrEqual(2);
    expect(fs.readdir("/var/log/containers").filter((n) => n.startsWith("crash_default_c-")).length).toBeLessThanOrEqual(2);
    const waiting = () => c.store.peek("pods", "default", "crash")!.status.containerStatuses[0].state.waiting?.reason;
    for (let i = 0; i < 100 && waiting() !== "CrashLoopBackOff"; i++) c.advance(5_000);
    expect(waiting()).toBe("CrashLoopBackOff");
    const cur = c.podLogs("default", "crash");
    const prev = c.podLogs("default", "crash", undefined, { previous: true });
    expect("text" in cur && cur.text).toMatch(/^run-\d+\n$/);
    expect("text" in prev && prev.text).toBe("text" in cur && cur.text);
    c.api.delete("pods", "default", "crash");
    c.advance(120_000);
    expect(rt.containers.filter((x) => x.podUid === uid && !x.removed)).toHaveLength(0);
    expect(rt.sandboxes.filter((x) => x.podUid === uid && !x.removed)).toHaveLength(0);
  });
});

describe("kubelet: logs, exec, log files", () => {
  it("kubectl logs reads what the container printed; --previous the attempt before; files under /var/log/pods", () => {
    const c = createCluster();
    c.api.create("pods", pod("crash", [{ name: "c", image: "busybox", command: ["sh", "-c", "echo starting; echo oops >&2; exit 3"] }]));
    c.settle();
    const early = c.podLogs("default", "crash");
    expect(early).toEqual({ error: 'container "c" in pod "crash" is waiting to start: ContainerCreating', reason: "BadRequest" });
    c.advance(30_000);
    const logs = c.podLogs("default", "crash");
    expect("text" in logs && logs.text).toContain("starting\n");
    const st = status(c, "crash").containerStatuses[0];
    expect(st.restartCount).toBeGreaterThanOrEqual(1);
    expect(st.lastState.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    expect(c.podLogs("default", "crash", undefined, { previous: true })).toHaveProperty("text");
    expect(c.podLogs("default", "nope")).toEqual({ error: 'pods "nope" not found', reason: "NotFound" });
    expect(c.podLogs("default", "crash", "x")).toEqual({ error: "container x is not valid for pod crash", reason: "BadRequest" });
    const fs = c.machine("node01")!.fs;
    const uid = c.store.peek("pods", "default", "crash")!.metadata.uid;
    const dir = `/var/log/pods/default_crash_${uid}/c`;
    c.advance(60_000); // a container GC sweep: the logs of the dead attempts but the newest go
    const files = fs.readdir(dir);
    expect(files.length).toBeLessThanOrEqual(2);
    expect(fs.readFile(`${dir}/${files[files.length - 1]}`)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z stdout F starting\n/);
    expect(fs.readdir("/var/log/containers").some((n) => n.startsWith("crash_default_c-") && n.endsWith(".log"))).toBe(true);
  });

  it("exec runs simple commands against the container: env, cat of written files, hostname", () => {
    const c = createCluster();
    c.api.create("pods", pod("app", [{ name: "app", image: "busybox", command: ["sh", "-c", "touch /tmp/healthy; echo hi > /tmp/msg; sleep 3600"], env: [{ name: "COLOR", value: "blue" }] }]));
    c.advance(20_000);
    expect(c.execIn("default", "app", undefined, ["cat", "/tmp/msg"])).toEqual({ stdout: "hi\n", stderr: "", exitCode: 0 });
    expect(c.execIn("default", "app", undefined, ["printenv", "COLOR"])).toEqual({ stdout: "blue\n", stderr: "", exitCode: 0 });
    expect(c.execIn("default", "app", undefined, ["hostname"])).toEqual({ stdout: "app\n", stderr: "", exitCode: 0 });
    const r = c.execIn("default", "app", undefined, ["cat", "/nope"]);
    expect(r).toEqual({ stdout: "", stderr: "cat: can't open '/nope': No such file or directory\n", exitCode: 1 });
    expect(c.execIn("default", "app", undefined, ["cat", "/var/run/secrets/kubernetes.io/serviceaccount/namespace"])).toEqual({ stdout: "default", stderr: "", exitCode: 0 });
  });

  it("a memory limit below what the program uses: OOMKilled, then CrashLoopBackOff", () => {
    const c = createCluster();
    c.api.create("pods", pod("mem", [{ name: "stress", image: "polinux/stress", command: ["stress"], args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"], resources: { limits: { memory: "100Mi" } } }]));
    c.advance(60_000);
    const st = status(c, "mem").containerStatuses[0];
    expect(st.lastState.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
  });

  it("restartPolicy Never: exit 0 is Succeeded/Completed, exit 1 is Failed/Error", () => {
    const c = createCluster();
    c.api.create("pods", pod("ok", [{ name: "c", image: "busybox", command: ["true"] }], { restartPolicy: "Never" }));
    c.api.create("pods", pod("bad", [{ name: "c", image: "busybox", command: ["false"] }], { restartPolicy: "Never" }));
    c.advance(30_000);
    expect(status(c, "ok").phase).toBe("Succeeded");
    expect(status(c, "ok").containerStatuses[0].state.terminated.reason).toBe("Completed");
    expect(status(c, "bad").phase).toBe("Failed");
    expect(status(c, "bad").containerStatuses[0].state.terminated.reason).toBe("Error");
  });
});

describe("control plane failures", () => {
  it("a bad flag in kube-apiserver.yaml: the container exits 1 with cobra's error, the API is refused; repair brings it back", () => {
    const c = createCluster();
    const fs = c.machine("controlplane")!.fs;
    const path = "/etc/kubernetes/manifests/kube-apiserver.yaml";
    const good = fs.readFile(path);
    fs.writeFile(path, good.replace("    - --allow-privileged=true\n", "    - --allow-privileged=true\n    - --this-is-very-wrong\n"));
    c.advance(60_000);
    expect(c.apiServing()).toBe(false);
    expect(() => c.api.list("pods", "default")).toThrow("The connection to the server 172.30.1.2:6443 was refused - did you specify the right host or port?");
    const rt = c.machine("controlplane")!.runtime;
    // the container garbage collector keeps the newest dead attempt (crictl ps -a shows it)
    const dead = rt.containers.filter((x) => x.name === "kube-apiserver" && x.state === "exited" && x.exitCode === 1 && !x.removed);
    expect(dead.length).toBeGreaterThanOrEqual(1);
    // cmd/kube-apiserver sets SilenceUsage: component-base's cli.Run prints the error alone
    expect(dead[dead.length - 1].logs.map((l) => l.text).join("")).toBe("Error: unknown flag: --this-is-very-wrong\n");
    const logDir = fs.readdir("/var/log/pods").find((d) => d.startsWith("kube-system_kube-apiserver-controlplane_"))!;
    const files = fs.readdir(`/var/log/pods/${logDir}/kube-apiserver`);
    expect(fs.readFile(`/var/log/pods/${logDir}/kube-apiserver/${files[files.length - 1]}`)).toContain("stderr F Error: unknown flag: --this-is-very-wrong");
    fs.writeFile(path, good);
    c.advance(120_000);
    expect(c.apiServing()).toBe(true);
    expect(c.store.peek("pods", "kube-system", "kube-apiserver-controlplane")).toBeDefined();
  });

  it("scheduler gone: new pods stay Pending with no events; back: they are bound", () => {
    const c = createCluster();
    const fs = c.machine("controlplane")!.fs;
    const path = "/etc/kubernetes/manifests/kube-scheduler.yaml";
    const text = fs.readFile(path);
    fs.rm(path);
    c.advance(30_000);
    c.api.create("pods", pod("p", [{ name: "c", image: "nginx" }]));
    c.advance(30_000);
    const p = c.store.peek("pods", "default", "p")!;
    expect(p.spec.nodeName).toBeUndefined();
    expect(c.store.listRaw("events", "default").filter((e) => e.involvedObject.name === "p")).toHaveLength(0);
    fs.writeFile(path, text);
    c.advance(60_000);
    expect(c.store.peek("pods", "default", "p")!.spec.nodeName).toBe("node01");
  });
});

describe("probes", () => {
  it("the liveness-exec example: cat /tmp/healthy fails after the file is removed, the container restarts", () => {
    const c = createCluster();
    c.api.create("pods", pod("liveness-exec", [{
      name: "liveness",
      image: "busybox",
      args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
      livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
    }]));
    c.advance(25_000);
    expect(status(c, "liveness-exec").containerStatuses[0]).toMatchObject({ ready: true, restartCount: 0 });
    c.advance(40_000);
    const ev = c.store.listRaw("events", "default").filter((e) => e.involvedObject.name === "liveness-exec");
    const unhealthy = ev.find((e) => e.reason === "Unhealthy")!;
    expect(unhealthy.message).toBe("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(unhealthy.count).toBe(3);
    expect(ev.some((e) => e.reason === "Killing" && e.message === "Container liveness failed liveness probe, will be restarted")).toBe(true);
    // sh as PID 1 ignores SIGTERM: killed after the 30 s grace period, then restarted
    c.advance(40_000);
    expect(status(c, "liveness-exec").containerStatuses[0].restartCount).toBe(1);
  });

  it("readiness httpGet: ready when the server listens on the port, connection refused otherwise", () => {
    const c = createCluster();
    c.api.create("pods", pod("good", [{ name: "web", image: "nginx", readinessProbe: { httpGet: { path: "/", port: 80 } } }]));
    c.api.create("pods", pod("bad", [{ name: "web", image: "nginx", readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 5 } }]));
    c.advance(40_000);
    expect(status(c, "good").containerStatuses[0].ready).toBe(true);
    expect(status(c, "good").conditions.find((x: any) => x.type === "Ready").status).toBe("True");
    const bad = status(c, "bad");
    expect(bad.containerStatuses[0].ready).toBe(false);
    expect(bad.phase).toBe("Running");
    const ip = bad.podIP;
    const ev = c.store.listRaw("events", "default").find((e) => e.involvedObject.name === "bad" && e.reason === "Unhealthy")!;
    expect(ev.message).toBe(`Readiness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`);
  });
});

describe("init containers", () => {
  it("run one after the other to completion before the app containers; status Init:i/N then Running", () => {
    const c = createCluster();
    c.api.create("pods", pod("myapp", [{ name: "app", image: "busybox", command: ["sleep", "3600"] }], {
      initContainers: [
        { name: "init-a", image: "busybox", command: ["sh", "-c", "sleep 10"] },
        { name: "init-b", image: "busybox", command: ["sh", "-c", "echo done"] },
      ],
    }));
    c.advance(5_000);
    let st = status(c, "myapp");
    expect(st.phase).toBe("Pending");
    expect(st.initContainerStatuses.map((s: any) => Object.keys(s.state)[0])).toEqual(["running", "waiting"]);
    expect(st.initContainerStatuses[1].state.waiting.reason).toBe("PodInitializing");
    expect(st.containerStatuses[0].state.waiting.reason).toBe("PodInitializing");
    expect(st.conditions.find((x: any) => x.type === "Initialized")).toMatchObject({ status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [init-a init-b]" });
    c.advance(30_000);
    st = status(c, "myapp");
    expect(st.phase).toBe("Running");
    expect(st.initContainerStatuses.map((s: any) => s.state.terminated?.reason)).toEqual(["Completed", "Completed"]);
    expect(st.conditions.find((x: any) => x.type === "Initialized").status).toBe("True");
    expect(c.store.listRaw("events", "default").some((e) => e.involvedObject.fieldPath === "spec.initContainers{init-a}" && e.reason === "Started")).toBe(true);
  });

  it("a failing init container is retried with back-off (Init:CrashLoopBackOff) and the app never starts", () => {
    const c = createCluster();
    c.api.create("pods", pod("stuck", [{ name: "app", image: "busybox", command: ["sleep", "3600"] }], {
      initContainers: [{ name: "wait-db", image: "busybox", command: ["sh", "-c", "exit 1"] }],
    }));
    c.advance(60_000);
    const st = status(c, "stuck");
    expect(st.phase).toBe("Pending");
    expect(st.initContainerStatuses[0].restartCount).toBeGreaterThanOrEqual(2);
    expect(st.containerStatuses[0].state.waiting.reason).toBe("PodInitializing");
  });
});

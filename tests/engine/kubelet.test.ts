import { describe, expect, it } from "vitest";
import { createCluster, DEFAULT_SPEC, type Cluster } from "../../src/engine/cluster.ts";
import { Runtime } from "../../src/engine/node/runtime.ts";

const MANIFEST = (image = "busybox", name = "static-busybox") => `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: ${name}
  name: ${name}
spec:
  containers:
  - command:
    - sleep
    - "1000"
    image: ${image}
    name: ${name}
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}
`;

function mirror(c: Cluster, name = "static-busybox-controlplane", ns = "default") {
  return c.store.peek("pods", ns, name);
}

function write(c: Cluster, path: string, text: string, node = "controlplane") {
  c.machine(node)!.fs.writeFile(path, text);
  c.settle();
}

describe("kubeadm cluster at start", () => {
  it("has two Ready nodes, the control-plane taint and the control plane as static pods", () => {
    const c = createCluster();
    const nodes = c.store.listRaw("nodes");
    expect(nodes.map((n) => n.metadata.name)).toEqual(["controlplane", "node01"]);
    for (const n of nodes) expect(n.status.conditions.find((x: any) => x.type === "Ready").status).toBe("True");
    expect(nodes[0].spec.taints).toEqual([{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }]);
    expect(nodes[0].status.addresses[0]).toEqual({ address: "172.30.1.2", type: "InternalIP" });
    expect(nodes[1].status.addresses[0]).toEqual({ address: "172.30.2.2", type: "InternalIP" });
    expect(nodes[1].status.nodeInfo.kubeletVersion).toMatch(/^v1\.32\.\d+$/);
    const sys = c.store.listRaw("pods", "kube-system").filter((p) => p.metadata.annotations?.["kubernetes.io/config.mirror"]).map((p) => [p.metadata.name, p.status.phase]);
    expect(sys).toEqual([
      ["etcd-controlplane", "Running"],
      ["kube-apiserver-controlplane", "Running"],
      ["kube-controller-manager-controlplane", "Running"],
      ["kube-scheduler-controlplane", "Running"],
    ]);
    expect(c.store.listRaw("namespaces").map((n) => n.metadata.name)).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    const cp = c.machine("controlplane")!;
    expect(cp.fs.readdir("/etc/kubernetes/manifests")).toEqual(["etcd.yaml", "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml"]);
    expect(cp.fs.readFile("/var/lib/kubelet/config.yaml")).toContain("staticPodPath: /etc/kubernetes/manifests");
    expect(c.machine("node01")!.fs.readdir("/etc/kubernetes/manifests")).toEqual([]);
  });
});

describe("kubelet static pod file source", () => {
  it("a new manifest becomes a running static pod with a mirror pod", () => {
    const c = createCluster();
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST());
    const m0 = mirror(c)!;
    expect(m0).toBeDefined();
    expect(m0.status?.phase ?? "Pending").toBe("Pending");
    c.advance(5000);
    const m = mirror(c)!;
    expect(m.status.phase).toBe("Running");
    const a = m.metadata.annotations!;
    expect(a["kubernetes.io/config.hash"]).toMatch(/^[0-9a-f]{32}$/);
    expect(a["kubernetes.io/config.mirror"]).toBe(a["kubernetes.io/config.hash"]);
    expect(a["kubernetes.io/config.source"]).toBe("file");
    expect(a["kubernetes.io/config.seen"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    expect(m.metadata.uid).not.toBe(a["kubernetes.io/config.hash"]);
    const node = c.store.peek("nodes", undefined, "controlplane")!;
    expect(m.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Node", name: "controlplane", uid: node.metadata.uid, controller: true }]);
    expect(m.spec.nodeName).toBe("controlplane");
    expect(m.spec.tolerations).toEqual([{ effect: "NoExecute", operator: "Exists" }]);
    expect(m.spec.serviceAccountName).toBeUndefined();
    const names = c.machine("controlplane")!.runtime.liveContainers().map((x) => Runtime.dockerName(x));
    expect(names).toContain(`k8s_static-busybox_static-busybox-controlplane_default_${a["kubernetes.io/config.hash"]}_0`);
    const sandboxes = c.machine("controlplane")!.runtime.liveSandboxes().map((s) => Runtime.dockerSandboxName(s));
    expect(sandboxes).toContain(`k8s_POD_static-busybox-controlplane_default_${a["kubernetes.io/config.hash"]}_0`);
  });

  it("an edited manifest recreates the pod from the new spec (new hash, new UID)", () => {
    const c = createCluster();
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST());
    c.advance(5000);
    const before = mirror(c)!;
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST("busybox:1.28.4"));
    c.advance(40_000);
    const after = mirror(c)!;
    expect(after.spec.containers[0].image).toBe("busybox:1.28.4");
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.annotations!["kubernetes.io/config.hash"]).not.toBe(before.metadata.annotations!["kubernetes.io/config.hash"]);
    expect(after.status.phase).toBe("Running");
    // the old container was stopped
    const rt = c.machine("controlplane")!.runtime;
    const running = rt.containers.filter((x) => x.name === "static-busybox" && x.state === "running");
    expect(running.map((x) => x.image)).toEqual(["busybox:1.28.4"]);
  });

  it("whitespace-only edits and touch keep the same pod", () => {
    const c = createCluster();
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST());
    c.advance(5000);
    const uid = mirror(c)!.metadata.uid;
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST() + "\n# a comment\n");
    c.advance(30_000);
    expect(mirror(c)!.metadata.uid).toBe(uid);
  });

  it("a removed manifest stops the pod and deletes its mirror pod", () => {
    const c = createCluster();
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST());
    c.advance(5000);
    c.machine("controlplane")!.fs.rm("/etc/kubernetes/manifests/static-busybox.yaml");
    c.advance(1000);
    // sleep ignores SIGTERM: it is killed after the 30 s grace period
    expect(mirror(c)).toBeDefined();
    c.advance(35_000);
    expect(mirror(c)).toBeUndefined();
    const rt = c.machine("controlplane")!.runtime;
    expect(rt.containers.filter((x) => x.name === "static-busybox" && x.state === "running")).toEqual([]);
  });

  it("a manifest that does not parse is logged and skipped; the others are untouched", () => {
    const c = createCluster();
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST());
    write(c, "/etc/kubernetes/manifests/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: [\n");
    c.advance(30_000);
    expect(mirror(c)!.status.phase).toBe("Running");
    expect(c.store.listRaw("pods", "kube-system").filter((p) => p.metadata.annotations?.["kubernetes.io/config.mirror"])).toHaveLength(4);
    const journal = c.machine("controlplane")!.systemd.journal.map((e) => e.text);
    expect(journal.some((t) => t.includes('"Could not process manifest file"') && t.includes("/etc/kubernetes/manifests/broken.yaml") && t.includes("couldn't parse as pod"))).toBe(true);
  });

  it("breaking a running pod's manifest removes the pod at the next periodic list", () => {
    const c = createCluster();
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST());
    c.advance(5000);
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST().replace("  name: static-busybox\nspec:", "  name: static-busybox\n spec:"));
    c.advance(1000);
    expect(mirror(c)).toBeDefined();
    c.advance(60_000);
    expect(mirror(c)).toBeUndefined();
  });

  it("dot-files and sub-folders are ignored; any extension is read", () => {
    const c = createCluster();
    const fs = c.machine("controlplane")!.fs;
    write(c, "/etc/kubernetes/manifests/.hidden.yaml", MANIFEST("busybox", "hidden"));
    fs.mkdir("/etc/kubernetes/manifests/sub");
    write(c, "/etc/kubernetes/manifests/sub/nested.yaml", MANIFEST("busybox", "nested"));
    write(c, "/etc/kubernetes/manifests/backup.bak", MANIFEST("busybox", "bak"));
    c.advance(5000);
    expect(mirror(c, "hidden-controlplane")).toBeUndefined();
    expect(mirror(c, "nested-controlplane")).toBeUndefined();
    expect(mirror(c, "bak-controlplane")).toBeDefined();
  });

  it("deleting a mirror pod only deletes the API copy: it comes back with a new UID, containers untouched", () => {
    const c = createCluster();
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST());
    c.advance(5000);
    const before = mirror(c)!;
    const containerId = before.status.containerStatuses[0].containerID;
    c.api.delete("pods", "default", "static-busybox-controlplane");
    c.advance(2000);
    const after = mirror(c)!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.annotations!["kubernetes.io/config.mirror"]).toBe(before.metadata.annotations!["kubernetes.io/config.mirror"]);
    expect(after.status.containerStatuses[0].containerID).toBe(containerId);
    expect(after.status.containerStatuses[0].restartCount).toBe(0);
  });

  it("a static pod on node01 is named after node01", () => {
    const c = createCluster();
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST(), "node01");
    c.advance(5000);
    expect(mirror(c, "static-busybox-node01")!.spec.nodeName).toBe("node01");
  });

  it("a changed staticPodPath takes effect after the kubelet restarts", () => {
    const c = createCluster();
    const m = c.machine("node01")!;
    m.fs.mkdir("/etc/just-to-mess-with-you", true);
    write(c, "/etc/just-to-mess-with-you/web.yaml", MANIFEST("busybox", "web"), "node01");
    const cfg = m.fs.readFile("/var/lib/kubelet/config.yaml").replace("staticPodPath: /etc/kubernetes/manifests", "staticPodPath: /etc/just-to-mess-with-you");
    m.fs.writeFile("/var/lib/kubelet/config.yaml", cfg);
    c.advance(30_000);
    expect(mirror(c, "web-node01")).toBeUndefined();
    m.systemd.restart("kubelet");
    c.advance(5_000);
    expect(mirror(c, "web-node01")!.status.phase).toBe("Running");
  });

  it("a stopped kubelet keeps its containers running", () => {
    const c = createCluster();
    write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST(), "node01");
    c.advance(5000);
    c.machine("node01")!.systemd.stop("kubelet");
    c.advance(60_000);
    expect(c.machine("node01")!.runtime.liveContainers().filter((x) => x.state === "running").map((x) => x.name)).toContain("static-busybox");
  });
});

describe("pods from the API server", () => {
  it("are scheduled to node01 (the control plane is tainted) and run", () => {
    const c = createCluster();
    c.api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "web", image: "nginx" }] } });
    c.advance(10_000);
    const p = c.store.peek("pods", "default", "web")!;
    expect(p.spec.nodeName).toBe("node01");
    expect(p.status.phase).toBe("Running");
    expect(p.status.podIP).toMatch(/^192\.168\.1\.\d+$/);
    const reasons = c.store.listRaw("events", "default").filter((e) => e.involvedObject.name === "web").map((e) => e.reason);
    expect(reasons).toEqual(["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
  });

  it("crash-looping containers back off 10 s, 20 s, 40 s …", () => {
    const c = createCluster();
    c.api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "crash" }, spec: { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "exit 1"] }] } });
    const restarts: number[] = [];
    for (let i = 0; i < 120; i++) {
      c.advance(1000);
      restarts.push(c.store.peek("pods", "default", "crash")!.status.containerStatuses?.[0]?.restartCount ?? 0);
    }
    const firstAt = (n: number) => restarts.indexOf(n);
    expect(firstAt(2) - firstAt(1)).toBeGreaterThanOrEqual(10);
    expect(firstAt(3) - firstAt(2)).toBeGreaterThanOrEqual(20);
    expect(firstAt(4) - firstAt(3)).toBeGreaterThanOrEqual(40);
    expect(firstAt(4) - firstAt(3)).toBeLessThanOrEqual(43);
    const st = c.store.peek("pods", "default", "crash")!.status.containerStatuses[0];
    expect(st.state.waiting?.reason ?? "running").toMatch(/CrashLoopBackOff|running/);
    expect(st.lastState.terminated.exitCode).toBe(1);
  });

  it("an image that does not exist gives ErrImagePull, then ImagePullBackOff", () => {
    const c = createCluster();
    c.api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad" }, spec: { containers: [{ name: "c", image: "busybox:1.28.99" }] } });
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      c.advance(250);
      const w = c.store.peek("pods", "default", "bad")!.status.containerStatuses?.[0]?.state.waiting;
      if (w && seen[seen.length - 1] !== w.reason) seen.push(w.reason);
      if (w?.reason === "ErrImagePull") expect(w.message).toBe('Failed to pull image "busybox:1.28.99": rpc error: code = Unknown desc = Error response from daemon: manifest for busybox:1.28.99 not found: manifest unknown: manifest unknown');
      if (w?.reason === "ImagePullBackOff") expect(w.message).toBe('Back-off pulling image "busybox:1.28.99"');
    }
    expect(seen).toEqual(["ContainerCreating", "ErrImagePull", "ImagePullBackOff"]);
  });

  // issue 7: `command: [""]` is accepted by the API server, and runc cannot exec it
  it('command [""] fails to start: RunContainerError, then CrashLoopBackOff (Docker and containerd)', () => {
    const runc = 'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "": executable file not found in $PATH: unknown';
    for (const runtime of ["docker", "containerd"] as const) {
      const c = createCluster({ ...DEFAULT_SPEC, runtime });
      c.api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "empty" }, spec: { containers: [{ name: "c", image: "busybox", command: [""] }] } });
      const seen: string[] = [];
      for (let i = 0; i < 60; i++) {
        c.advance(250);
        const w = c.store.peek("pods", "default", "empty")!.status.containerStatuses?.[0]?.state.waiting;
        if (w && seen[seen.length - 1] !== w.reason) seen.push(w.reason);
      }
      expect(seen.slice(0, 2)).toEqual(["ContainerCreating", "RunContainerError"]);
      expect(seen).toContain("CrashLoopBackOff");
      const st = c.store.peek("pods", "default", "empty")!.status.containerStatuses[0];
      const t = st.lastState.terminated;
      const events = c.store.listRaw("events", "default").filter((e) => e.reason === "Failed" && e.involvedObject.name === "empty");
      if (runtime === "docker") {
        expect(t).toMatchObject({ exitCode: 127, reason: "ContainerCannotRun", message: `failed to create task for container: ${runc}` });
        expect(t.startedAt).toBe(t.finishedAt);
        const ids = c.machine("node01")!.runtime.containers.filter((x) => x.podName === "empty").map((x) => x.id);
        expect(events.map((e) => e.message).sort()).toEqual(ids.map((id) => `Error: failed to start container "${id}": Error response from daemon: failed to create task for container: ${runc}`).sort());
      } else {
        expect(t).toMatchObject({ exitCode: 128, reason: "StartError", message: `failed to create containerd task: ${runc}`, startedAt: "1970-01-01T00:00:00Z" });
        expect(events[0].message).toBe(`Error: failed to create containerd task: ${runc}`);
      }
      expect(st.restartCount).toBeGreaterThanOrEqual(1);
      expect(c.store.peek("pods", "default", "empty")!.status.phase).toBe("Running");
    }
  });
});

describe("determinism", () => {
  it("the same operations give the same state", () => {
    const run = () => {
      const c = createCluster(undefined, { seed: 42 });
      write(c, "/etc/kubernetes/manifests/static-busybox.yaml", MANIFEST());
      c.api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "web", image: "nginx" }] } });
      c.advance(90_000);
      return JSON.stringify(c.store.toJSON());
    };
    expect(run()).toBe(run());
  });
});

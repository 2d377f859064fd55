// Composition root: a kubeadm cluster of machines, the API server in front of its store,
// the scheduler, and the kubelets. createCluster() boots it in virtual time: the kubelets
// start the control plane from its static pod manifests, the API server comes up and the
// nodes register, exactly as on a real control plane.

import { componentStatuses } from "./api/componentstatus.ts";
import { Clock } from "./clock.ts";
import { Rand } from "./rand.ts";
import { Store } from "./api/store.ts";
import { ApiServer } from "./api/server.ts";
import { EventRecorder } from "./events.ts";
import { NodeFs, dirname } from "./node/fs.ts";
import { Runtime, type RuntimeKind } from "./node/runtime.ts";
import { Systemd } from "./node/systemd.ts";
import { Kubelet } from "./node/kubelet/kubelet.ts";
import type { Machine, MachineSpec } from "./node/machine.ts";
import { Scheduler } from "./scheduler/scheduler.ts";
import { ControllerManager } from "./controllers/manager.ts";
import { ReplicaSetController } from "./controllers/replicaset/replicaset.ts";
import { DeploymentController } from "./controllers/deployment/deployment.ts";
import { DaemonSetController } from "./controllers/daemonset/daemonset.ts";
import { StatefulSetController } from "./controllers/statefulset/statefulset.ts";
import { HorizontalPodAutoscalerController } from "./controllers/podautoscaler/horizontal.ts";
import { JobController } from "./controllers/job/job.ts";
import { CronJobController } from "./controllers/cronjob/cronjob.ts";
import { GarbageCollector } from "./controllers/garbagecollector/garbagecollector.ts";
import { NamespaceController } from "./controllers/namespace/namespace.ts";
import { NodeLifecycleController, TaintEvictionController } from "./controllers/nodelifecycle/nodelifecycle.ts";
import { ServiceAccountController } from "./controllers/serviceaccount/serviceaccount.ts";
import { EndpointController } from "./controllers/endpoint/endpoint.ts";
import { PersistentVolumeController, PVCProtectionController, PVProtectionController } from "./controllers/persistentvolume/pv_controller.ts";
import { kubeadmFiles, kubeadmDirs, kubeadmSymlinks, clusterDnsIp } from "./node/kubeadm/index.ts";
import { apiServerBootstrap, kubeadmAddons } from "./node/kubeadm/addons.ts";
import { kubeadmRbac, rbacBootstrapPolicy } from "./api/rbac-bootstrap.ts";
import { ClusterRoleAggregationController } from "./controllers/clusterroleaggregation/clusterroleaggregation.ts";
import { CsrSigningController } from "./controllers/certificates/csrsigning.ts";
import type { KubeObject } from "./types.ts";
import { ConnectionRefused } from "./api/errors.ts";
import { execIn, podLogs, type ExecResult, type LogOptions, type LogResult } from "./node/kubelet/server.ts";
import { rfc3339 } from "./types.ts";
import { Network } from "./network/index.ts";
import { EtcdServer } from "./etcd/server.ts";
import { containerView, type ContainerView } from "./node/kubelet/container-view.ts";
import type { Container } from "./node/runtime.ts";
import { containerWorld } from "./node/kubelet/world.ts";
import { binaryVersion, packageFiles } from "./node/packages.ts";

export interface ClusterSpec {
  nodes: MachineSpec[];
  runtime: RuntimeKind;
  kubernetesVersion: string;
  podSubnet: string;
  serviceSubnet: string;
}

export const DEFAULT_SPEC: ClusterSpec = {
  nodes: [
    { name: "controlplane", ip: "172.30.1.2", role: "control-plane" },
    { name: "node01", ip: "172.30.2.2", role: "worker" },
  ],
  runtime: "docker",
  kubernetesVersion: "v1.32.5",
  podSubnet: "192.168.0.0/16",
  serviceSubnet: "10.96.0.0/12",
};

export interface ClusterOptions {
  /** virtual time (ms since epoch) when the student's session starts */
  startMs?: number;
  seed?: number;
  /** how long the cluster has existed when the session starts */
  bootAgoMs?: number;
}

export const DEFAULT_START_MS = Date.UTC(2026, 10, 22, 9, 0, 0);

const BASE_DIRS = [
  "/boot", "/dev", "/etc", "/etc/default", "/etc/systemd/system", "/home", "/opt", "/opt/cni/bin", "/proc", "/root", "/run", "/srv", "/tmp",
  "/usr", "/usr/bin", "/usr/lib", "/usr/lib/systemd/system", "/usr/local", "/usr/local/bin", "/usr/sbin", "/usr/share", "/var", "/var/lib", "/var/lib/kubelet",
  "/var/log", "/var/log/pods", "/var/log/containers", "/var/run", "/etc/kubernetes", "/etc/kubernetes/manifests", "/etc/cni/net.d",
];

export class Cluster {
  readonly clock: Clock;
  readonly rand: Rand;
  readonly store: Store;
  readonly api: ApiServer;
  readonly events: EventRecorder;
  readonly scheduler: Scheduler;
  readonly controllers: ControllerManager;
  private cmWasUp = false;
  private schedWasUp = false;
  readonly machines = new Map<string, Machine>();
  readonly spec: ClusterSpec;
  private wasUp = false;
  private cpMachine: Machine | undefined;
  private addonsInstalled = false;
  /** The etcd member: its data dir is the store's content (src/engine/etcd/server.ts). */
  readonly etcd: EtcdServer;

  constructor(spec: ClusterSpec, opts: ClusterOptions = {}) {
    this.spec = spec;
    const startMs = opts.startMs ?? DEFAULT_START_MS;
    const bootAgo = opts.bootAgoMs ?? 2 * 24 * 3600_000 + 3 * 3600_000;
    this.clock = new Clock(startMs - bootAgo);
    this.rand = new Rand(opts.seed ?? 1);
    const now = () => this.clock.now();
    this.store = new Store(now, this.rand);
    this.etcd = new EtcdServer(() => (this.cpMachine ??= [...this.machines.values()].find((m) => m.role === "control-plane")), this.store, now);
    const cp = spec.nodes.find((n) => n.role === "control-plane") ?? spec.nodes[0];
    this.api = new ApiServer(this.store, this.rand, now, cp.ip, () => this.apiServing());
    this.events = new EventRecorder(this.store, now, () => this.apiServing());
    this.scheduler = new Scheduler(this.store, this.clock, this.events, () => this.apiServing() && this.componentRunning("kube-scheduler"));
    const ctx = { store: this.store, api: this.api, clock: this.clock, rand: this.rand, events: this.events, now, heartbeat: (node: string) => this.machines.get(node)?.kubelet.heartbeat(), renewing: (node: string) => !!this.machines.get(node)?.kubelet.renewing() };
    // heartbeats are written when read (see Kubelet.heartbeat)
    this.api.beforeRead = (resource) => {
      if (resource === "leases") for (const m of this.machines.values()) m.kubelet.renewLease();
      else if (resource === "nodes") for (const m of this.machines.values()) m.kubelet.materializeNodeStatus();
    };
    this.api.computed = (resource) => (resource === "componentstatuses" ? componentStatuses({ listening: (c, port) => this.componentListening(c, port) }) : undefined);
    this.controllers = new ControllerManager(ctx, () => this.controllerManagerRunning());
    for (const c of [
      new ReplicaSetController(ctx),
      new DeploymentController(ctx),
      new DaemonSetController(ctx),
      new StatefulSetController(ctx),
      new HorizontalPodAutoscalerController(ctx),
      new JobController(ctx),
      new CronJobController(ctx),
      new GarbageCollector(ctx),
      new NamespaceController(ctx),
      new NodeLifecycleController(ctx),
      new TaintEvictionController(ctx),
      new EndpointController(ctx),
      new PersistentVolumeController(ctx),
      new PVCProtectionController(ctx),
      new PVProtectionController(ctx),
      new ServiceAccountController(ctx, () => this.machines.get(cp.name)?.fs.readFile("/etc/kubernetes/pki/ca.crt") ?? ""),
      new ClusterRoleAggregationController(ctx),
      new CsrSigningController(ctx, () => {
        const fs = this.machines.get(cp.name)?.fs;
        const cert = fs?.tryRead("/etc/kubernetes/pki/ca.crt");
        const key = fs?.tryRead("/etc/kubernetes/pki/ca.key");
        return cert && key ? { cert, key } : undefined;
      }),
    ]) this.controllers.add(c);
    spec.nodes.forEach((n, i) => this.machines.set(n.name, this.buildMachine(n, i, cp.ip)));
    this.clock.onAfterTimer = () => this.onTick();
    // boot: systemd starts the runtime and the kubelets
    // kubeadm init on the control plane; the workers run `kubeadm join` a minute later
    for (const m of this.machines.values()) {
      if (m.role === "control-plane") this.bootMachine(m);
      else this.clock.after(60_000, () => this.bootMachine(m));
    }
    this.clock.advance(3 * 60_000);
    // the cluster has been up since then: suspend-and-resume to the session start
    this.clock.warpTo(startMs);
    for (const m of this.machines.values()) m.kubelet.housekeeping();
    this.settle();
  }

  /** A control-plane component's container is running on the control plane node. */
  componentRunning(component: string): boolean {
    const cp = this.cpMachine ??= [...this.machines.values()].find((m) => m.role === "control-plane");
    if (!cp) return false;
    // the container that answered last time, while it still runs, answers again (this runs after
    // every timer and for every event and status write)
    const last = this.componentCtr.get(component);
    if (last && last.state === "running" && !last.removed) return true;
    // (a loop: no closure per call)
    for (const c of cp.runtime.containersNamed(component)) {
      if (c.state === "running" && c.namespace === "kube-system" && !c.removed) {
        this.componentCtr.set(component, c);
        return true;
      }
    }
    return false;
  }

  /** componentRunning's last running container of each component (a kube-system one) */
  private componentCtr = new Map<string, Container>();

  /** A control-plane component's running container listens on port (its healthz). */
  componentListening(component: string, port: number): boolean {
    const cp = this.cpMachine ??= [...this.machines.values()].find((m) => m.role === "control-plane");
    return !!cp?.runtime.containersNamed(component).some((c) => c.state === "running" && c.namespace === "kube-system" && !c.removed && ((c as { plan?: { listens: number[] } }).plan?.listens ?? []).includes(port));
  }

  /** The API server answers while kube-apiserver and etcd run. */
  apiServing(): boolean {
    return this.componentRunning("kube-apiserver") && this.componentRunning("etcd");
  }

  /** kube-controller-manager's container runs and the API server answers. */
  controllerManagerRunning(): boolean {
    return this.apiServing() && this.componentRunning("kube-controller-manager");
  }

  private onTick(settling = false): void {
    this.etcd.observe(settling); // etcd (re)started on a data dir: the store holds that dir's content
    const up = this.apiServing();
    if (up && !this.wasUp) this.apiServerStarted();
    if (!up && this.wasUp) for (const m of this.machines.values()) m.kubelet.apiDown();
    this.wasUp = up;
    const cm = up && this.componentRunning("kube-controller-manager");
    if (cm && !this.cmWasUp) this.controllers.started();
    this.cmWasUp = cm;
    const sched = up && this.componentRunning("kube-scheduler");
    if (sched && !this.schedWasUp) this.scheduler.kick(0);
    this.schedWasUp = sched;
  }

  /** kube-apiserver's bootstrap: the system namespaces exist. */
  private apiServerStarted(): void {
    for (const ns of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
      if (!this.store.peek("namespaces", undefined, ns)) this.api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    }
    const cp = this.spec.nodes.find((n) => n.role === "control-plane") ?? this.spec.nodes[0];
    for (const { resource, object } of apiServerBootstrap({ controlPlaneIp: cp.ip, serviceSubnet: this.spec.serviceSubnet })) {
      if (!this.store.peek(resource, object.metadata.namespace, object.metadata.name!)) this.api.create(resource, object);
    }
    // the RBAC bootstrap policy (rbac/bootstrap-roles post-start hook), uids from a side stream
    this.rand.divert(0x72626163 + this.store.resourceVersion(), () => {
      for (const { resource, object } of rbacBootstrapPolicy()) {
        if (!this.store.peek(resource, object.metadata.namespace, object.metadata.name!)) this.api.create(resource, object);
      }
    });
    if (!this.addonsInstalled) {
      // kubeadm init's addon phase (and the CNI applied right after)
      this.addonsInstalled = true;
      const ca = this.machines.get(cp.name)?.fs.readFile("/etc/kubernetes/pki/ca.crt") ?? "";
      const addons = kubeadmAddons({
        kubernetesVersion: this.spec.kubernetesVersion,
        controlPlaneIp: cp.ip,
        podSubnet: this.spec.podSubnet,
        serviceSubnet: this.spec.serviceSubnet,
        dnsIp: clusterDnsIp(this.spec.serviceSubnet),
        caCertPem: ca,
      });
      for (const { resource, object } of addons) {
        if (!this.store.peek(resource, object.metadata.namespace, object.metadata.name!)) this.api.create(resource, object);
      }
      this.rand.divert(0x6b756265 + this.store.resourceVersion(), () => {
        for (const { resource, object } of kubeadmRbac()) {
          if (!this.store.peek(resource, object.metadata.namespace, object.metadata.name!)) this.api.create(resource, object);
        }
      });
    }
    this.scheduler.kick(1000);
    // kubelets re-create missing mirror pods and renew their leases
    for (const m of this.machines.values()) {
      m.kubelet.apiUp();
      this.clock.after(0, () => m.kubelet.housekeeping());
    }
  }

  private buildMachine(spec: MachineSpec, index: number, cpIp: string): Machine {
    const now = () => this.clock.now();
    const fs = new NodeFs(now);
    for (const d of BASE_DIRS) fs.mkdir(d, true);
    // Ubuntu's merged /usr: /bin, /sbin and /lib are links into /usr
    for (const l of ["bin", "sbin", "lib"]) fs.symlink(`usr/${l}`, `/${l}`);
    const params = { name: spec.name, ip: spec.ip, role: spec.role, runtime: this.spec.runtime };
    const clusterParams = {
      controlPlaneIp: cpIp,
      podSubnet: this.spec.podSubnet,
      serviceSubnet: this.spec.serviceSubnet,
      kubernetesVersion: this.spec.kubernetesVersion,
      nodes: this.spec.nodes.map((n) => ({ name: n.name, ip: n.ip })),
      initTime: this.clock.now(),
    };
    for (const d of kubeadmDirs(params)) {
      fs.mkdir(d.path, true);
      fs.chmod(d.path, d.mode);
    }
    for (const f of kubeadmFiles(params, clusterParams)) {
      fs.mkdir(dirname(f.path), true);
      fs.writeFile(f.path, f.content, f.mode);
    }
    for (const l of kubeadmSymlinks(params, clusterParams)) if (!fs.exists(l.path)) fs.symlink(l.target, l.path);
    for (const f of packageFiles(this.spec.kubernetesVersion)) {
      fs.mkdir(dirname(f.path), true);
      fs.writeFile(f.path, f.content, f.mode);
    }
    const runtime = new Runtime(this.spec.runtime, this.rand);
    const systemd = new Systemd(now);
    const machine = {
      ...spec,
      fs,
      runtime,
      systemd,
      // the machine booted shortly before kubeadm set it up
      bootedAt: this.clock.now() - 45_000,
      info: {
        osImage: "Ubuntu 24.04.1 LTS",
        kernelVersion: "6.8.0-51-generic",
        containerRuntimeVersion: this.spec.runtime === "docker" ? "docker://27.4.1" : "containerd://1.7.24",
        kubeletVersion: this.spec.kubernetesVersion,
        architecture: "amd64",
        machineID: this.rand.hex(32),
        systemUUID: this.rand.uuid(),
        bootID: this.rand.uuid(),
      },
    } as Machine;
    machine.kubelet = new Kubelet({
      nodeName: spec.name,
      nodeIp: spec.ip,
      podCidrIndex: index,
      clock: this.clock,
      rand: this.rand,
      api: this.api,
      events: this.events,
      fs,
      runtime,
      systemd,
      nodeTemplate: () => this.nodeObject(machine, index),
      heartbeatChanged: () => (this.controllers as ControllerManager | undefined)?.get<NodeLifecycleController>("nodelifecycle")?.heartbeatChanged(spec.name),
      world: (pod, ctr) => containerWorld({ machines: this.machines, store: this.store, network: this.network, caCert: () => [...this.machines.values()].find((x) => x.role === "control-plane")?.fs.tryRead("/etc/kubernetes/pki/ca.crt") ?? "", now: () => this.now() }, pod, ctr),
    });
    return machine;
  }

  private bootMachine(m: Machine): void {
    const sd = m.systemd;
    const unit = (name: string, description: string, fragmentPath: string, cmdline: string, memoryBytes: number) =>
      sd.add({ name, description, fragmentPath, dropIns: [], active: "active", sub: "running", enabled: true, cmdline, memoryBytes, tasks: 10 });
    unit("containerd.service", "containerd container runtime", "/usr/lib/systemd/system/containerd.service", "/usr/bin/containerd", 48 * 1024 * 1024);
    if (this.spec.runtime === "docker") {
      unit("docker.service", "Docker Application Container Engine", "/usr/lib/systemd/system/docker.service", "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock", 90 * 1024 * 1024);
      unit("cri-docker.service", "CRI Interface for Docker Application Container Engine", "/usr/lib/systemd/system/cri-docker.service", "/usr/bin/cri-dockerd --container-runtime-endpoint fd://", 30 * 1024 * 1024);
    }
    const kubelet = sd.add({
      name: "kubelet.service",
      description: "kubelet: The Kubernetes Node Agent",
      fragmentPath: "/usr/lib/systemd/system/kubelet.service",
      dropIns: ["/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf"],
      docs: "https://kubernetes.io/docs/",
      active: "inactive",
      sub: "dead",
      enabled: true,
      cmdline: "",
      memoryBytes: 60 * 1024 * 1024,
      tasks: 12,
    });
    kubelet.hooks = {
      start: () => {
        // the binary systemd executes: the installed kubelet package (apt-get install kubelet=…)
        m.info.kubeletVersion = binaryVersion(m.fs, "kubelet", m.info.kubeletVersion);
        const ok = m.kubelet.start(kubelet.mainPid);
        kubelet.cmdline = m.kubelet.settings?.argv.join(" ") ?? "";
        if (!ok) {
          // the process exits 1; systemd restarts it every 10 s (Restart=always, RestartSec=10)
          kubelet.active = "activating";
          kubelet.sub = "auto-restart";
          sd.log("kubelet.service", "systemd", "kubelet.service: Main process exited, code=exited, status=1/FAILURE", 1);
          sd.log("kubelet.service", "systemd", "kubelet.service: Failed with result 'exit-code'.", 1);
          const retry = () => {
            if (kubelet.active !== "activating") return;
            kubelet.active = "inactive";
            sd.log("kubelet.service", "systemd", "kubelet.service: Scheduled restart job, restart counter is at 1.", 1);
            sd.start("kubelet");
          };
          this.clock.after(10_000, retry);
        }
      },
      stop: () => m.kubelet.stop(),
    };
    sd.start("kubelet");
  }

  private nodeObject(m: Machine, index: number): KubeObject {
    const ts = rfc3339(this.clock.now());
    const labels: Record<string, string> = {
      "beta.kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": m.name,
      "kubernetes.io/os": "linux",
    };
    if (m.role === "control-plane") {
      labels["node-role.kubernetes.io/control-plane"] = "";
      labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
    }
    const cond = (type: string, status: string, reason: string, message: string) => ({ lastHeartbeatTime: ts, lastTransitionTime: ts, message, reason, status, type });
    const sock = this.spec.runtime === "docker" ? "unix:///var/run/cri-dockerd.sock" : "unix:///var/run/containerd/containerd.sock";
    return {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        annotations: {
          "kubeadm.alpha.kubernetes.io/cri-socket": sock,
          "node.alpha.kubernetes.io/ttl": "0",
          "volumes.kubernetes.io/controller-managed-attach-detach": "true",
        },
        labels,
        name: m.name,
      },
      spec: {
        podCIDR: `192.168.${index}.0/24`,
        podCIDRs: [`192.168.${index}.0/24`],
        ...(m.role === "control-plane" ? { taints: [{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }] } : {}),
      },
      status: {
        addresses: [
          { address: m.ip, type: "InternalIP" },
          { address: m.name, type: "Hostname" },
        ],
        allocatable: { cpu: "2", "ephemeral-storage": "19586931083", "hugepages-2Mi": "0", memory: "1928540Ki", pods: "110" },
        capacity: { cpu: "2", "ephemeral-storage": "20134592Ki", "hugepages-2Mi": "0", memory: "2030940Ki", pods: "110" },
        conditions: [
          cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
          cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
          cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
          cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        images: [],
        nodeInfo: {
          architecture: m.info.architecture,
          bootID: m.info.bootID,
          containerRuntimeVersion: m.info.containerRuntimeVersion,
          kernelVersion: m.info.kernelVersion,
          kubeProxyVersion: m.info.kubeletVersion,
          kubeletVersion: m.info.kubeletVersion,
          machineID: m.info.machineID,
          operatingSystem: "linux",
          osImage: m.info.osImage,
          systemUUID: m.info.systemUUID,
        },
      },
    };
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * `kubectl logs` (GET pods/log): the container's output, or the API server's error
   * ({ error, reason }: print as `Error from server (<reason>): <error>`). container may be
   * omitted for single-container pods. Throws ConnectionRefused while the API server is down.
   */
  podLogs(namespace: string, pod: string, container?: string, opts: LogOptions = {}): LogResult {
    if (!this.apiServing()) throw new ConnectionRefused(this.api.server);
    return podLogs(this.machines, this.store.peek("pods", namespace, pod), pod, container, opts, this.now());
  }

  /**
   * `kubectl exec` (pods/exec): runs simple commands (cat, ls, env, printenv, hostname,
   * echo, whoami, sh -c of those) against what the container has. { error, reason } as podLogs;
   * a non-zero exitCode is `command terminated with exit code N` for kubectl.
   */
  execIn(namespace: string, pod: string, container: string | undefined, argv: string[]): ExecResult {
    if (!this.apiServing()) throw new ConnectionRefused(this.api.server);
    const cp = [...this.machines.values()].find((m) => m.role === "control-plane");
    const ca = cp?.fs.tryRead("/etc/kubernetes/pki/ca.crt") ?? "";
    return execIn(this.machines, this.store.peek("pods", namespace, pod), pod, container, argv, ca, (ns, name) => this.store.peek("configmaps", ns, name));
  }

  private net: Network | undefined;
  /** The network model (DNS, kube-proxy, NetworkPolicy): see src/engine/network. */
  get network(): Network {
    return (this.net ??= new Network(this.store, this.machines, () => this.clock.now()));
  }

  /**
   * `kubectl exec`'s view of a running container (root filesystem, mounts, env), or undefined
   * when the pod has no running attempt of that container. See node/kubelet/container-view.ts.
   */
  containerView(namespace: string, pod: string, container: string): ContainerView | undefined {
    if (!this.apiServing()) throw new ConnectionRefused(this.api.server);
    const p = this.store.peek("pods", namespace, pod);
    const m = p?.spec?.nodeName ? this.machines.get(p.spec.nodeName) : undefined;
    if (!p || !m) return undefined;
    const list = m.runtime.attempts(p.metadata.annotations?.["kubernetes.io/config.mirror"] ?? p.metadata.uid!, container);
    const ctr = list[list.length - 1];
    if (!ctr || ctr.state !== "running") return undefined;
    const ca = [...this.machines.values()].find((x) => x.role === "control-plane")?.fs.tryRead("/etc/kubernetes/pki/ca.crt") ?? "";
    return containerView(this.machines, this.store, p, ctr, ca, () => this.now());
  }

  machine(name: string): Machine | undefined {
    return this.machines.get(name);
  }

  /** Let virtual time pass, firing everything due in order. */
  advance(ms: number): void {
    this.clock.advance(ms);
    this.settle();
  }

  /** Run everything due now (zero-delay reactions) until nothing is left. */
  settle(): void {
    this.clock.advance(0);
    this.onTick(true);
  }
}

export function createCluster(spec: ClusterSpec = DEFAULT_SPEC, opts: ClusterOptions = {}): Cluster {
  return new Cluster(spec, opts);
}

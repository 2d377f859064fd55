// A node's container runtime: Docker Engine behind cri-dockerd (the kubeadm default of the
// exam's clusters) or containerd. It holds pod sandboxes, containers (one per attempt),
// their logs and the pulled images. The kubelet drives it through CRI-like calls; the node
// tools (docker, crictl) read it.

import type { Rand } from "../rand.ts";

export type RuntimeKind = "docker" | "containerd";

export interface LogLine {
  /** virtual ms */
  time: number;
  stream: "stdout" | "stderr";
  text: string;
}

export interface Sandbox {
  /** 64 hex chars */
  id: string;
  podUid: string;
  podName: string;
  namespace: string;
  attempt: number;
  createdAt: number;
  state: "ready" | "notready";
  /** when the sandbox was stopped (virtual ms) */
  stoppedAt?: number;
  ip: string;
  /** labels as CRI keeps them (io.kubernetes.pod.name …) */
  labels: Record<string, string>;
  hostNetwork: boolean;
  /** removed from the runtime (crictl rmp / garbage collected) */
  removed?: boolean;
}

export interface Container {
  /** 64 hex chars */
  id: string;
  name: string;
  podUid: string;
  podName: string;
  namespace: string;
  sandboxId: string;
  attempt: number;
  /** image as written in the pod spec, e.g. "busybox" */
  image: string;
  /** the resolved image reference, e.g. "docker.io/library/busybox:latest" */
  imageRef: string;
  /** sha256:… image id */
  imageId: string;
  command: string[];
  args: string[];
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  state: "created" | "running" | "exited";
  exitCode?: number;
  /** "Completed" | "Error" | "OOMKilled" … as the CRI reports it */
  reason?: string;
  /** the CRI status message (a start failure's error) */
  message?: string;
  logs: LogLine[];
  labels: Record<string, string>;
  removed?: boolean;
  /** files the container's process wrote or removed (touch /tmp/healthy …), for exec and probes */
  files?: Map<string, string>;
  /** the process environment (kubectl exec env) */
  env?: Record<string, string>;
  /** /var/log/pods/<ns>_<pod>_<uid>/<container>/<attempt>.log on the node */
  logPath?: string;
}

export interface Image {
  /** e.g. "docker.io/library/busybox" */
  repository: string;
  tag: string;
  /** sha256:<64 hex> */
  id: string;
  /** repo digest: sha256:<64 hex> */
  digest: string;
  /** bytes */
  size: number;
  pulledAt: number;
}

export class Runtime {
  sandboxes: Sandbox[] = [];
  containers: Container[] = [];
  images: Image[] = [];

  constructor(
    public kind: RuntimeKind,
    private rand: Rand,
  ) {}

  newId(): string {
    return this.rand.hex(64);
  }

  private sbIndex = new Map<string, Sandbox>();
  private sbIndexed = 0;

  sandbox(id: string): Sandbox | undefined {
    for (; this.sbIndexed < this.sandboxes.length; this.sbIndexed++) this.sbIndex.set(this.sandboxes[this.sbIndexed].id, this.sandboxes[this.sbIndexed]);
    return this.sbIndex.get(id);
  }

  private idIndex = new Map<string, Container>();
  private nameIndex = new Map<string, Container[]>();
  private podIndex = new Map<string, Container[]>();
  /** every container of a pod uid (all names, all attempts) */
  private uidIndex = new Map<string, Container[]>();
  private indexed = 0;

  /** containers and sandboxes are append-only: index the new tail */
  private reindex(): void {
    for (; this.indexed < this.containers.length; this.indexed++) {
      const c = this.containers[this.indexed];
      this.idIndex.set(c.id, c);
      const l = this.nameIndex.get(c.name);
      if (l) l.push(c);
      else this.nameIndex.set(c.name, [c]);
      const pk = c.podUid + "/" + c.name;
      const pl = this.podIndex.get(pk);
      if (pl) pl.push(c);
      else this.podIndex.set(pk, [c]);
      const ul = this.uidIndex.get(c.podUid);
      if (ul) ul.push(c);
      else this.uidIndex.set(c.podUid, [c]);
    }
  }

  /** Every container (all names, all attempts) of one pod, oldest first. */
  podContainers(podUid: string): readonly Container[] {
    this.reindex();
    return this.uidIndex.get(podUid) ?? [];
  }

  private sbByPod = new Map<string, Sandbox[]>();
  private sbPodIndexed = 0;

  /** The sandboxes of one pod, oldest first. */
  podSandboxes(podUid: string): readonly Sandbox[] {
    for (; this.sbPodIndexed < this.sandboxes.length; this.sbPodIndexed++) {
      const sb = this.sandboxes[this.sbPodIndexed];
      const l = this.sbByPod.get(sb.podUid);
      if (l) l.push(sb);
      else this.sbByPod.set(sb.podUid, [sb]);
    }
    return this.sbByPod.get(podUid) ?? [];
  }

  container(id: string): Container | undefined {
    this.reindex();
    return this.idIndex.get(id);
  }

  /** The attempts of one container of one pod, oldest first. */
  attempts(podUid: string, name: string): readonly Container[] {
    this.reindex();
    return this.podIndex.get(podUid + "/" + name) ?? [];
  }

  /** attempts() by its key "podUid/name" (a caller that keeps the key string skips building it). */
  attemptsOf(key: string): readonly Container[] {
    this.reindex();
    return this.podIndex.get(key) ?? [];
  }

  /** Every container (all attempts) with this container name. */
  containersNamed(name: string): readonly Container[] {
    this.reindex();
    return this.nameIndex.get(name) ?? [];
  }

  /** Live (not removed) sandboxes, oldest first. */
  liveSandboxes(): Sandbox[] {
    return this.sandboxes.filter((s) => !s.removed);
  }

  liveContainers(): Container[] {
    return this.containers.filter((c) => !c.removed);
  }

  findImage(ref: string): Image | undefined {
    // "<repository>:<tag>" === ref, without building the string for every image
    for (const i of this.images) {
      const r = i.repository;
      if (ref.length === r.length + 1 + i.tag.length && ref.charCodeAt(r.length) === 58 && ref.startsWith(r) && ref.endsWith(i.tag)) return i;
    }
    return undefined;
  }

  /** Docker's container name for a kubelet-managed container (dockertools naming, kept by cri-dockerd). */
  static dockerName(c: Pick<Container, "name" | "podName" | "namespace" | "podUid" | "attempt">): string {
    return `k8s_${c.name}_${c.podName}_${c.namespace}_${c.podUid}_${c.attempt}`;
  }

  static dockerSandboxName(s: Pick<Sandbox, "podName" | "namespace" | "podUid" | "attempt">): string {
    return `k8s_POD_${s.podName}_${s.namespace}_${s.podUid}_${s.attempt}`;
  }
}

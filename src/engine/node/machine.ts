// One simulated machine of the cluster: hostname and IP, its filesystem, its systemd units,
// journal, container runtime and kubelet.

import type { NodeFs } from "./fs.ts";
import type { Runtime } from "./runtime.ts";
import type { Kubelet } from "./kubelet/kubelet.ts";
import type { Systemd } from "./systemd.ts";

export interface MachineSpec {
  name: string;
  ip: string;
  role: "control-plane" | "worker";
}

export interface Machine extends MachineSpec {
  fs: NodeFs;
  runtime: Runtime;
  kubelet: Kubelet;
  systemd: Systemd;
  /** when the machine booted (virtual ms): uptime, ps START, the journal */
  bootedAt: number;
  /** Node.status.nodeInfo-like facts for `uname`, `kubectl get nodes -o wide` … */
  info: {
    osImage: string;
    kernelVersion: string;
    containerRuntimeVersion: string;
    kubeletVersion: string;
    architecture: string;
    machineID: string;
    systemUUID: string;
    bootID: string;
  };
}

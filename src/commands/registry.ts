// The lab's own commands, added to just-bash's built-ins in every node's shell.

import type { Command, ShellHooks } from "./types.ts";
import type { Machine } from "../engine/node/machine.ts";
import { kubectl, k } from "./kubectl/index.ts";
import { docker } from "./docker/index.ts";
import { crictl } from "./crictl/index.ts";
import { sshCommand } from "./ssh/ssh.ts";
import { hostname, whoami, id, uname, sudo } from "./basic/basic.ts";
import { systemctl, journalctl } from "./systemctl/systemctl.ts";
import { ps } from "./ps/ps.ts";
import { editorCommand } from "./editors/editors.ts";
import { ls } from "./ls/ls.ts";
import { date } from "./date/date.ts";
import { scp } from "./scp/scp.ts";
import { kubeadm } from "./kubeadm/kubeadm.ts";
import { ip } from "./node/ip.ts";
import { free, uptime, nproc, df } from "./node/sysinfo.ts";
import { APT_COMMANDS } from "./apt/apt.ts";
import { etcdctl, etcdutl } from "./etcd/etcdctl.ts";
import { curl } from "./net/node-curl.ts";
import { openssl } from "./openssl/openssl.ts";

/**
 * The commands of one node's shell. On a containerd node there is no docker binary: without
 * it in the list, the shell itself answers `bash: docker: command not found` (exit 127).
 */
export function registry(hooks: ShellHooks, machine?: Machine): Command[] {
  const all = [kubectl, k, docker, crictl, sshCommand(hooks), hostname, whoami, id, uname, sudo, systemctl, journalctl, ps, ls, date, scp, kubeadm, ip, free, uptime, nproc, df, curl, openssl, editorCommand("vi", hooks), editorCommand("vim", hooks), editorCommand("nano", hooks), ...APT_COMMANDS];
  // etcdctl/etcdutl are installed on the control plane node, as on the exam's machines
  if (!machine || machine.role === "control-plane") all.push(etcdctl, etcdutl);
  return machine && machine.runtime.kind !== "docker" ? all.filter((c) => c !== docker) : all;
}

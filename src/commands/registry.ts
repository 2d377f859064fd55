// The lab's own commands, added to just-bash's built-ins in every node's shell.

import type { Command, ShellHooks } from "./types.ts";
import { kubectl, k } from "./kubectl/index.ts";
import { docker } from "./docker/index.ts";
import { crictl } from "./crictl/index.ts";
import { sshCommand } from "./ssh/ssh.ts";
import { hostname, whoami, id, uname, sudo } from "./basic/basic.ts";
import { systemctl, journalctl } from "./systemctl/systemctl.ts";
import { ps } from "./ps/ps.ts";
import { editorCommand } from "./editors/editors.ts";
import { ls } from "./ls/ls.ts";

export function registry(hooks: ShellHooks): Command[] {
  return [kubectl, k, docker, crictl, sshCommand(hooks), hostname, whoami, id, uname, sudo, systemctl, journalctl, ps, ls, editorCommand("vi", hooks), editorCommand("vim", hooks), editorCommand("nano", hooks)];
}

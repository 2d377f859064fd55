// ssh between the cluster's machines, as the exam's terminal allows (keys are set up).

import type { Command, ShellHooks } from "../types.ts";

export function sshCommand(hooks: ShellHooks): Command {
  return {
    name: "ssh",
    async run(args, io, lab) {
      const opts = new Set<string>();
      const rest: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (!rest.length && a.startsWith("-")) {
          if (["-i", "-p", "-l", "-o", "-F", "-J"].includes(a)) i++;
          else opts.add(a);
          continue;
        }
        rest.push(a);
      }
      if (!rest.length) {
        return {
          stdout: "",
          stderr:
            "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\n",
          exitCode: 255,
        };
      }
      const dest = rest[0].includes("@") ? rest[0].slice(rest[0].indexOf("@") + 1) : rest[0];
      const byIp = [...lab.cluster.machines.values()].find((m) => m.ip === dest);
      const machine = lab.cluster.machine(dest) ?? byIp;
      if (!machine) {
        return { stdout: "", stderr: `ssh: Could not resolve hostname ${dest}: Name or service not known\n`, exitCode: 255 };
      }
      if (rest.length > 1) {
        // like ssh: the remote command line is the remaining words joined by spaces; stdin is forwarded
        const r = await hooks.runOn(machine.name, rest.slice(1).join(" "), io.stdin);
        return r;
      }
      if (machine.name === lab.machine.name && !opts.has("-t")) {
        // ssh to the same host still opens a new login shell; the stack records it
      }
      hooks.pushHost(machine.name);
      return { stdout: "", stderr: "", exitCode: 0 };
    },
  };
}

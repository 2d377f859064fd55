// Small machine facts: hostname, whoami, id, uname.

import type { Command } from "../types.ts";

export const hostname: Command = {
  name: "hostname",
  run(args, _io, lab) {
    const m = lab.machine;
    if (args[0] === "-I" || args[0] === "--all-ip-addresses") return { stdout: `${m.ip} \n`, stderr: "", exitCode: 0 };
    if (args[0] === "-i" || args[0] === "--ip-address") return { stdout: `${m.ip}\n`, stderr: "", exitCode: 0 };
    if (args.length && !args[0].startsWith("-")) return { stdout: "", stderr: "hostname: you must be root to change the host name\n", exitCode: 1 };
    return { stdout: `${m.name}\n`, stderr: "", exitCode: 0 };
  },
};

export const whoami: Command = {
  name: "whoami",
  run() {
    return { stdout: "root\n", stderr: "", exitCode: 0 };
  },
};

export const id: Command = {
  name: "id",
  run() {
    return { stdout: "uid=0(root) gid=0(root) groups=0(root)\n", stderr: "", exitCode: 0 };
  },
};

/** The nodes' kernel build (uname -v): Ubuntu 24.04's 6.8.0-51 (containers share it). */
export const KERNEL_BUILD = "#52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024";

export const uname: Command = {
  name: "uname",
  run(args, _io, lab) {
    const info = lab.machine.info;
    const all = args.includes("-a");
    if (all) return { stdout: `Linux ${lab.machine.name} ${info.kernelVersion} ${KERNEL_BUILD} x86_64 x86_64 x86_64 GNU/Linux\n`, stderr: "", exitCode: 0 };
    if (args.includes("-r")) return { stdout: `${info.kernelVersion}\n`, stderr: "", exitCode: 0 };
    if (args.includes("-n")) return { stdout: `${lab.machine.name}\n`, stderr: "", exitCode: 0 };
    if (args.includes("-m")) return { stdout: "x86_64\n", stderr: "", exitCode: 0 };
    return { stdout: "Linux\n", stderr: "", exitCode: 0 };
  },
};

/** Quote a word for bash so it survives re-parsing unchanged. */
export function shellQuote(w: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w)) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/** sudo: the exam's user is root already; run the command as it is. */
export const sudo: Command = {
  name: "sudo",
  async run(args, io) {
    let i = 0;
    let login = false;
    while (i < args.length && args[i].startsWith("-")) {
      const a = args[i];
      if (a === "-i" || a === "-s" || a === "--login" || a === "--shell") login = true;
      else if (a === "-u" || a === "-g") i++;
      else if (a === "--") {
        i++;
        break;
      } else if (!["-E", "-H", "-n", "-k", "-S"].includes(a)) {
        return { stdout: "", stderr: `sudo: invalid option -- '${a.replace(/^-+/, "")}'\nusage: sudo -h | -K | -k | -V\n`, exitCode: 1 };
      }
      i++;
    }
    const rest = args.slice(i);
    if (!rest.length) {
      if (login) return { stdout: "", stderr: "", exitCode: 0 };
      return { stdout: "", stderr: "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] [VAR=value] [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] file ...\n", exitCode: 1 };
    }
    if (!io.exec) return { stdout: "", stderr: "sudo: unable to run the command here\n", exitCode: 1 };
    return io.exec(rest.map(shellQuote).join(" "));
  },
};

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

export const uname: Command = {
  name: "uname",
  run(args, _io, lab) {
    const info = lab.machine.info;
    const all = args.includes("-a");
    if (all) return { stdout: `Linux ${lab.machine.name} ${info.kernelVersion} #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n`, stderr: "", exitCode: 0 };
    if (args.includes("-r")) return { stdout: `${info.kernelVersion}\n`, stderr: "", exitCode: 0 };
    if (args.includes("-n")) return { stdout: `${lab.machine.name}\n`, stderr: "", exitCode: 0 };
    if (args.includes("-m")) return { stdout: "x86_64\n", stderr: "", exitCode: 0 };
    return { stdout: "Linux\n", stderr: "", exitCode: 0 };
  },
};

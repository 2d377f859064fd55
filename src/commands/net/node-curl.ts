// curl on the nodes (Ubuntu 24.04's curl 8.5): the node's host network in the engine's
// network model. Downloads (-o) land on the node's filesystem.

import type { Command } from "../types.ts";
import { curl as curlClient } from "./clients.ts";
import { containerFileReader } from "../kubectl/exec-shell.ts";

export const curl: Command = {
  name: "curl",
  async run(args, io, lab) {
    const net = lab.cluster.network;
    return curlClient(args, {
      net,
      src: { node: lab.machine.name },
      sleep: (ms) => lab.sleep(ms, io.signal),
      aborted: () => !!io.signal?.aborted,
      tty: !!io.tty,
      readFile: containerFileReader(lab),
      readLocal: (path) => lab.machine.fs.tryRead(lab.resolve(io.cwd, path)),
      writeFile: (path, content) => {
        try {
          lab.machine.fs.writeFile(lab.resolve(io.cwd, path), content);
          return "ok";
        } catch {
          return "error";
        }
      },
    });
  },
};

// etcdctl and etcdutl on the control plane node (/usr/bin, as on a CKA exam machine): the
// engine's program (src/engine/etcd/etcdctl.ts) over this machine's file system. Connection
// and command timeouts take virtual time; a `snapshot save` that never connects waits until
// Ctrl-C, as the real one does (without a terminal to press it, it gives up at once: 130).

import type { Command, CmdIO, CmdResult, LabContext } from "../types.ts";
import { runEtcdTool } from "../../engine/etcd/etcdctl.ts";

function tool(name: "etcdctl" | "etcdutl"): Command {
  return {
    name,
    async run(args: string[], io: CmdIO, lab: LabContext): Promise<CmdResult> {
      const m = lab.machine;
      const r = runEtcdTool(name, args, {
        fs: m.fs,
        cwd: io.cwd,
        env: io.env,
        now: lab.now(),
        etcd: lab.cluster.etcd,
        localAddresses: ["127.0.0.1", "::1", m.ip],
      });
      if (r.hangs) {
        if (io.signal) {
          io.write?.stderr?.(r.stderr);
          while (!io.signal.aborted) await lab.sleep(1000, io.signal).catch(() => undefined);
          return { stdout: "", stderr: io.write?.stderr ? "" : r.stderr, exitCode: 130 };
        }
        return { stdout: r.stdout, stderr: r.stderr, exitCode: 130 };
      }
      if (r.elapsedMs) await lab.sleep(r.elapsedMs, io.signal).catch(() => undefined);
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    },
  };
}

export const etcdctl = tool("etcdctl");
export const etcdutl = tool("etcdutl");

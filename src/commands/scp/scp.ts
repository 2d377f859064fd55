// scp (OpenSSH 9.6, SFTP mode) between the cluster's machines: `scp FILE node01:/path`,
// `scp node01:/path .`, -r for folders. Keys are set up as in the exam; output is quiet (the
// progress meter is drawn only on a terminal and carries wall-clock speeds).

import type { CmdResult, Command, LabContext } from "../types.ts";
import type { Machine } from "../../engine/node/machine.ts";
import { basename, normalizePath } from "../../engine/node/fs.ts";

interface Loc {
  machine: Machine;
  path: string;
  remote: boolean;
  spec: string;
}

const USAGE = "usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n           [-P port] [-S program] [-X sftp_option] source ... target\n";

function locate(spec: string, lab: LabContext, cwd: string): Loc | CmdResult {
  const m = /^(?:[^@/:]+@)?([^/:]+):(.*)$/.exec(spec);
  if (!m) return { machine: lab.machine, path: lab.resolve(cwd, spec), remote: false, spec };
  const host = m[1];
  const machine = lab.cluster.machine(host) ?? [...lab.cluster.machines.values()].find((x) => x.ip === host);
  if (!machine) return { stdout: "", stderr: `ssh: Could not resolve hostname ${host}: Name or service not known\r\nscp: Connection closed\r\n`, exitCode: 255 };
  const p = m[2] === "" ? "/root" : m[2].startsWith("/") ? normalizePath(m[2]) : normalizePath(`/root/${m[2]}`);
  return { machine, path: p, remote: true, spec };
}

function copyTree(from: Machine, src: string, to: Machine, dest: string): void {
  const st = from.fs.stat(src);
  if (st.type === "dir") {
    if (!to.fs.exists(dest)) to.fs.mkdir(dest, false, st.mode);
    for (const n of from.fs.readdir(src)) copyTree(from, `${src === "/" ? "" : src}/${n}`, to, `${dest}/${n}`);
  } else to.fs.writeFile(dest, from.fs.readFile(src), st.mode);
}

export const scp: Command = {
  name: "scp",
  run(args, io, lab): CmdResult {
    let recursive = false;
    const ops: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith("-") && a.length > 1 && !ops.length) {
        for (const ch of a.slice(1)) {
          if ("346ABCOpqRsTv".includes(ch)) continue;
          if (ch === "r") recursive = true;
          else if ("cDFiJloPSX".includes(ch)) {
            i++;
            break;
          } else return { stdout: "", stderr: `scp: unknown option -- ${ch}\n${USAGE}`, exitCode: 1 };
        }
        continue;
      }
      ops.push(a);
    }
    if (ops.length < 2) return { stdout: "", stderr: USAGE, exitCode: 1 };
    const target = locate(ops[ops.length - 1], lab, io.cwd);
    if ("exitCode" in target) return target;
    let stderr = "";
    let exitCode = 0;
    for (const s of ops.slice(0, -1)) {
      const src = locate(s, lab, io.cwd);
      if ("exitCode" in src) return src;
      if (!src.machine.fs.exists(src.path)) {
        if (!src.remote) return { stdout: "", stderr: `${stderr}scp: stat local "${s}": No such file or directory\n`, exitCode: 255 };
        stderr += `scp: ${src.path}: No such file or directory\n`;
        exitCode = 1;
        continue;
      }
      if (src.machine.fs.isDir(src.path) && !recursive) {
        stderr += src.remote ? `scp: download ${src.path}: not a regular file\n` : `scp: omitting directory '${s}'\n`;
        exitCode = 1;
        continue;
      }
      let dest = target.path;
      const tfs = target.machine.fs;
      if (tfs.isDir(dest)) dest = `${dest === "/" ? "" : dest}/${basename(src.path)}`;
      else if (!tfs.isDir(normalizePath(`${dest}/..`))) {
        stderr += target.remote ? `scp: dest open "${target.path}": No such file or directory\nscp: failed to upload file ${s} to ${target.path}\n` : `scp: open local "${target.path}": No such file or directory\n`;
        exitCode = 1;
        continue;
      }
      copyTree(src.machine, src.path, target.machine, dest);
    }
    return { stdout: "", stderr, exitCode };
  },
};

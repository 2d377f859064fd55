// kubectl (and its exam alias k): the command tree and the entry point.

import type { CmdIO, CmdResult, Command, LabContext } from "../types.ts";
import { execute, type CommandSpec } from "./cobra.ts";
import type { FlagDef } from "./flags.ts";
import { HELP } from "./help-data.ts";
import { runCommand } from "./run.ts";
import { versionCommand } from "./version.ts";
import { getCommand } from "./get.ts";
import { deleteCommand } from "./delete.ts";
import { createCommand } from "./create.ts";
import { applyCommand, replaceCommand } from "./apply.ts";
import { apiResourcesCommand, apiVersionsCommand } from "./api-resources.ts";

/** kubectl's persistent (global) flags. */
const GLOBAL_FLAGS: FlagDef[] = [
  { name: "as", type: "string" },
  { name: "as-group", type: "stringArray" },
  { name: "as-uid", type: "string" },
  { name: "cache-dir", type: "string" },
  { name: "certificate-authority", type: "string" },
  { name: "client-certificate", type: "string" },
  { name: "client-key", type: "string" },
  { name: "cluster", type: "string" },
  { name: "context", type: "string" },
  { name: "disable-compression", type: "bool" },
  { name: "insecure-skip-tls-verify", type: "bool" },
  { name: "kubeconfig", type: "string" },
  { name: "log-flush-frequency", type: "duration", default: "5s" },
  { name: "match-server-version", type: "bool" },
  { name: "namespace", short: "n", type: "string" },
  { name: "password", type: "string" },
  { name: "profile", type: "string", default: "none" },
  { name: "profile-output", type: "string", default: "profile.pprof" },
  { name: "request-timeout", type: "string", default: "0" },
  { name: "server", short: "s", type: "string" },
  { name: "tls-server-name", type: "string" },
  { name: "token", type: "string" },
  { name: "user", type: "string" },
  { name: "username", type: "string" },
  { name: "v", short: "v", type: "int32" },
  { name: "vmodule", type: "string" },
  { name: "warnings-as-errors", type: "bool" },
];

const stub = (name: string, extra: Partial<CommandSpec> = {}): CommandSpec => ({ name, ...extra });

/** Root command: subcommands in kubectl's registration order (this order drives "Did you mean this?"). */
export function kubectlRoot(): CommandSpec {
  return {
    name: "kubectl",
    persistentFlags: GLOBAL_FLAGS,
    help: HELP[""],
    children: [
      createCommand,
      stub("expose"),
      runCommand,
      stub("set"),
      stub("explain"),
      getCommand,
      stub("edit"),
      deleteCommand,
      stub("rollout"),
      stub("scale"),
      stub("autoscale"),
      stub("certificate"),
      stub("cluster-info"),
      stub("top"),
      stub("cordon"),
      stub("uncordon"),
      stub("drain"),
      stub("taint"),
      stub("describe"),
      stub("logs"),
      stub("attach"),
      stub("exec"),
      stub("port-forward"),
      stub("proxy"),
      stub("cp"),
      stub("auth"),
      stub("debug"),
      stub("events"),
      stub("diff"),
      applyCommand,
      stub("patch"),
      replaceCommand,
      stub("wait"),
      stub("kustomize"),
      stub("label"),
      stub("annotate"),
      stub("completion"),
      stub("alpha", { hidden: true }),
      stub("config", { children: [stub("current-context", { run: (ctx) => ctx.out("kubernetes-admin@kubernetes\n") })] }),
      stub("plugin"),
      versionCommand,
      apiVersionsCommand,
      apiResourcesCommand,
      stub("options"),
      stub("help"),
    ],
  };
}

async function main(args: string[], io: CmdIO, lab: LabContext): Promise<CmdResult> {
  const r = await execute(kubectlRoot(), args, io, lab);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

export const kubectl: Command = { name: "kubectl", run: main };
export const k: Command = { name: "k", run: main };

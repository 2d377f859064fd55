// kubectl (and its exam alias k): the command tree and the entry point.

import { eventsCommand } from "./events.ts";
import { clusterInfoCommand } from "./clusterinfo.ts";
import type { CmdIO, CmdResult, Command, LabContext } from "../types.ts";
import { execute, type CommandSpec } from "./cobra.ts";
import type { FlagDef } from "./flags.ts";
import { HELP } from "./help-data.ts";
import { runCommand } from "./run.ts";
import { versionCommand } from "./version.ts";
import { getCommand } from "./get.ts";
import { deleteCommand } from "./delete.ts";
import { createCommand } from "./create.ts";
import { verbCommands } from "./verbs.ts";
import { describeCommand } from "./describe.ts";
import { fromHelp } from "./spec.ts";
import { configCommand } from "./kubeconfig.ts";
import { applyCommand, replaceCommand } from "./apply.ts";
import { apiResourcesCommand, apiVersionsCommand } from "./api-resources.ts";
import { rolloutCommand, setCommand } from "./rollout.ts";
import { patchCommand } from "./patch.ts";
import { editCommand } from "./edit.ts";
import { explainCommand } from "./explain.ts";
import { autoscaleCommand } from "./autoscale.ts";
import { waitCommand } from "./wait.ts";
import { attachCommand } from "./attach.ts";
import { cpCommand } from "./cp.ts";
import { certificateCommand } from "./certificate.ts";
import { kustomizeCommand } from "./kustomize/command.ts";
import { setDynamicDiscovery, type ApiResource } from "./discovery.ts";
import { customDiscoveryOf } from "./custom-discovery.ts";

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
      verbCommands.expose,
      runCommand,
      setCommand,
      explainCommand,
      getCommand,
      editCommand,
      deleteCommand,
      rolloutCommand,
      verbCommands.scale,
      autoscaleCommand,
      certificateCommand,
      clusterInfoCommand,
      verbCommands.top,
      verbCommands.cordon,
      verbCommands.uncordon,
      verbCommands.drain,
      verbCommands.taint,
      describeCommand,
      verbCommands.logs,
      attachCommand,
      verbCommands.exec,
      stub("port-forward"),
      stub("proxy"),
      cpCommand,
      verbCommands.auth,
      stub("debug"),
      eventsCommand,
      stub("diff"),
      applyCommand,
      patchCommand,
      replaceCommand,
      waitCommand,
      kustomizeCommand,
      verbCommands.label,
      verbCommands.annotate,
      verbCommands.completion,
      stub("alpha", { hidden: true }),
      configCommand,
      stub("plugin"),
      versionCommand,
      apiVersionsCommand,
      apiResourcesCommand,
      stub("options", { help: HELP["options"], run: (ctx) => ctx.out(HELP["options"]) }),
      stub("help", { run: (ctx) => ctx.out(HELP[""]) }),
    ],
  };
}

/** Every command kubectl has a recorded help text for gets its flags, aliases and help, even before the lab implements it. */
function completeFromHelp(root: CommandSpec): CommandSpec {
  for (const path of Object.keys(HELP).sort((a, b) => a.split(" ").length - b.split(" ").length)) {
    if (!path) continue;
    const words = path.split(" ");
    let node = root;
    for (let i = 0; i < words.length; i++) {
      const kids = (node.children ??= []);
      let next = kids.find((c) => c.name === words[i]);
      if (!next) {
        next = fromHelp(words.slice(0, i + 1).join(" "));
        kids.push(next);
      } else if (i === words.length - 1) {
        if (!next.help) next.help = HELP[path];
        if (!next.flags?.length && !next.run) Object.assign(next, fromHelp(path, { children: next.children }));
      }
      node = next;
    }
  }
  return root;
}

let ROOT: CommandSpec | undefined;

/** The discovery layer of custom resources, one per cluster store. */
const customLayers = new WeakMap<object, () => readonly ApiResource[]>();

async function main(args: string[], io: CmdIO, lab: LabContext): Promise<CmdResult> {
  ROOT ??= completeFromHelp(kubectlRoot());
  const store = (lab.cluster as { store?: Parameters<typeof customDiscoveryOf>[0] } | undefined)?.store;
  let layer = store && customLayers.get(store);
  if (store && !layer) customLayers.set(store, (layer = customDiscoveryOf(store)));
  setDynamicDiscovery(layer ?? null);
  const r = await execute(ROOT, args, io, lab);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

export const kubectl: Command = { name: "kubectl", run: main };
export const k: Command = { name: "k", run: main };

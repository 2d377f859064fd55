// kubectl version (client v1.32.5, Kustomize v5.5.0, server from the lab's API server).

import { KubectlError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { marshalIndent } from "./printers/json.ts";
import { toYaml } from "./printers/yaml.ts";
import { HELP } from "./help-data.ts";
import { binaryGitVersion, serverGitVersion, versionInfo, type VersionInfo } from "../node/versions.ts";
import { KUSTOMIZE_VERSION } from "../../engine/node/packages.ts";

export const VERSION_INFO = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.5",
  gitCommit: "9894294ef13a5b32803e3ca2c0d620a088cc84d1",
  gitTreeState: "clean",
  buildDate: "2025-05-15T09:12:10Z",
  goVersion: "go1.23.8",
  compiler: "gc",
  platform: "linux/amd64",
};

function runVersion(ctx: RunCtx): void {
  if (ctx.args.length) throw new KubectlError(`extra arguments: [${ctx.args.join(" ")}]`);
  const output = ctx.str("output");
  if (output !== "" && output !== "yaml" && output !== "json") throw new KubectlError("--output must be 'yaml' or 'json'");
  const client = ctx.bool("client");
  // this machine's kubectl package; the server is the running kube-apiserver's release
  const clientInfo = versionInfo(binaryGitVersion(ctx.lab, "kubectl"));
  const KUSTOMIZE = KUSTOMIZE_VERSION[`${clientInfo.major}.${clientInfo.minor}`] ?? "v5.5.0";
  let server: VersionInfo | undefined;
  let serverErr: unknown;
  if (!client) {
    try {
      ctx.lab.api().list("namespaces", undefined); // reachability, as GET /version
      server = versionInfo(serverGitVersion(ctx.lab), true);
    } catch (e) {
      serverErr = e;
    }
  }
  const info: Record<string, unknown> = { clientVersion: clientInfo, kustomizeVersion: KUSTOMIZE };
  if (server) info.serverVersion = server;
  if (output === "json") ctx.out(marshalIndent(info, "  ") + "\n");
  else if (output === "yaml") ctx.out(toYaml(info) + "\n");
  else {
    ctx.out(`Client Version: ${clientInfo.gitVersion}\nKustomize Version: ${KUSTOMIZE}\n`);
    if (server) ctx.out(`Server Version: ${server.gitVersion}\n`);
  }
  if (serverErr) throw serverErr;
}

export const versionCommand: CommandSpec = {
  name: "version",
  flags: [
    { name: "client", type: "bool" },
    { name: "output", short: "o", type: "string" },
  ],
  help: HELP["version"],
  run: runVersion,
};

// kubectl describe (k8s.io/kubectl/pkg/describe): argument handling. The per-kind describers
// (describe.go's layout) are not built yet; until then the command says so instead of guessing.

import { KubectlError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { parseResourceArgs } from "./get.ts";
import { fromHelp } from "./spec.ts";

function runDescribe(ctx: RunCtx): void {
  if (!ctx.args.length && !ctx.arr("filename").length) {
    throw new KubectlError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  const reqs = parseResourceArgs(ctx.args);
  const api = ctx.lab.api();
  for (const r of reqs) {
    const ns = r.resource.namespaced ? ctx.namespace() : undefined;
    for (const n of r.names) api.get(r.resource.name, ns, n); // NotFound first, as kubectl reports it
  }
  throw new KubectlError(`describe ${reqs.map((r) => r.resource.name).join(",")} is not supported in this lab yet`);
}

export const describeCommand: CommandSpec = fromHelp("describe", { run: runDescribe });

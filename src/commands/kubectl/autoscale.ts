// kubectl autoscale (k8s.io/kubectl/pkg/cmd/autoscale): flag validation and the target lookup
// as kubectl does them. Creating the HorizontalPodAutoscaler needs the API server to store HPAs,
// which the engine does not do yet.

import { KubectlError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { fromHelp } from "./spec.ts";
import { targets } from "./verbs.ts";

function runAutoscale(ctx: RunCtx): void {
  const max = ctx.num("max");
  const min = ctx.num("min");
  // AutoscaleOptions.Validate
  if (max < 1) throw new KubectlError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) throw new KubectlError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const api = ctx.lab.api();
  for (const t of targets(ctx, ctx.args)) api.get(t.resource.name, t.namespace, t.name);
  throw new KubectlError("kubectl autoscale: HorizontalPodAutoscalers are not supported in this lab yet");
}

export const autoscaleCommand: CommandSpec = fromHelp("autoscale", { run: runAutoscale, required: ["max"] });

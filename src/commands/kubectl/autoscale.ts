// kubectl autoscale (k8s.io/kubectl/pkg/cmd/autoscale, 1.32): flag validation, the target
// lookup, the scale-subresource check from discovery, and an autoscaling/v1
// HorizontalPodAutoscaler (targetCPUUtilizationPercentage when --cpu-percent >= 0), printed
// for --dry-run=client or created ("autoscaled").

import { KubectlError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { fromHelp } from "./spec.ts";
import { targets } from "./verbs.ts";
import { dryRunStrategy, operationSuffix } from "./common.ts";
import { makePrinter } from "./printers/output.ts";

/** Resources whose discovery lists a scale subresource. */
const SCALABLE = new Set(["deployments", "replicasets", "statefulsets", "replicationcontrollers"]);

function runAutoscale(ctx: RunCtx): void {
  const max = ctx.num("max");
  const min = ctx.num("min");
  const cpu = ctx.flags.values.has("cpu-percent") ? ctx.num("cpu-percent") : -1;
  // AutoscaleOptions.Validate
  if (max < 1) throw new KubectlError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) throw new KubectlError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const dry = ctx.flags.values.has("dry-run") ? dryRunStrategy(ctx) : "none";
  const printer = makePrinter(ctx.str("output"), { operation: operationSuffix(dry === "client" ? "created" : "autoscaled", dry), typed: true });
  const api = ctx.lab.api();
  let count = 0;
  for (const t of targets(ctx, ctx.args)) {
    const target = api.get(t.resource.name, t.namespace, t.name);
    if (!SCALABLE.has(t.resource.name)) {
      throw new KubectlError(`cannot autoscale a ${t.resource.kind}: could not find scale subresource for ${t.resource.group}/${t.resource.version}, Resource=${t.resource.name} in discovery information`);
    }
    // createHorizontalPodAutoscalerV1, in the Go struct order
    const name = ctx.str("name") || target.metadata.name!;
    const metadata: Record<string, unknown> = { name };
    if (ctx.namespaceEnforced()) metadata.namespace = ctx.namespace();
    metadata.creationTimestamp = null;
    const spec: Record<string, unknown> = { scaleTargetRef: { kind: t.resource.kind, name: target.metadata.name, apiVersion: target.apiVersion } };
    if (min > 0) spec.minReplicas = min;
    spec.maxReplicas = max;
    if (cpu >= 0) spec.targetCPUUtilizationPercentage = cpu;
    const hpa = { kind: "HorizontalPodAutoscaler", apiVersion: "autoscaling/v1", metadata, spec, status: { currentReplicas: 0, desiredReplicas: 0 } } as never;
    if (dry === "client") ctx.out(printer.print(hpa));
    else ctx.out(printer.print(api.create("horizontalpodautoscalers", { ...(hpa as object), metadata: { name, namespace: t.namespace } } as never, { dryRun: dry === "server" })));
    count++;
  }
  if (!count) throw new KubectlError("no objects passed to autoscale");
}

export const autoscaleCommand: CommandSpec = fromHelp("autoscale", { run: runAutoscale, required: ["max"] });

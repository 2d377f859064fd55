// kubectl run (k8s.io/kubectl/pkg/cmd/run + generate/versioned BasicPod, ServiceV2).

import type { KubeObject } from "../../engine/types.ts";
import { KubectlError, RawError, usageError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { handleAttachPod, Interrupted, podCompleted, podSucceeded, waitForPod } from "./attach.ts";
import { DRY_RUN_FLAG, dryRunStrategy, mergePatch, operationSuffix, strategicMergePatch } from "./common.ts";
import { parseGoDuration, type FlagDef } from "./flags.ts";
import { canonicalize } from "./printers/canonical.ts";
import { makePrinter, OUTPUT_FLAG } from "./printers/output.ts";
import { HELP } from "./help-data.ts";

const RUN_FLAGS: FlagDef[] = [
  // DeleteFlags (deprecated on run)
  { name: "all", type: "bool" },
  { name: "cascade", type: "string", default: "background", noOptDefVal: "background", deprecated: "because it is not relevant for this command. It will be removed in version 1.29." },
  { name: "filename", short: "f", type: "stringSlice", deprecated: "because it is not used by this command. It will be removed in version 1.29." },
  { name: "force", type: "bool", deprecated: "because it is not used by this command. It will be removed in version 1.29." },
  { name: "grace-period", type: "int", default: -1, deprecated: "because it is not used by this command. It will be removed in version 1.29." },
  { name: "kustomize", short: "k", type: "string", deprecated: "because it is not used by this command. It will be removed in version 1.29." },
  { name: "recursive", short: "R", type: "bool", deprecated: "because it is not used by this command. It will be removed in version 1.29." },
  { name: "timeout", type: "duration", default: "0s", deprecated: "because it is not used by this command. It will be removed in version 1.29." },
  { name: "wait", type: "bool", deprecated: "because it is not used by this command. It will be removed in version 1.29." },
  // PrintFlags
  { name: "allow-missing-template-keys", type: "bool", default: true },
  OUTPUT_FLAG,
  { name: "show-managed-fields", type: "bool" },
  { name: "template", type: "string" },
  // RecordFlags
  { name: "record", type: "bool" },
  // run flags
  { name: "annotations", type: "stringArray" },
  { name: "image", type: "string" },
  { name: "image-pull-policy", type: "string" },
  { name: "rm", type: "bool" },
  { name: "env", type: "stringArray" },
  { name: "port", type: "string" },
  DRY_RUN_FLAG,
  { name: "labels", short: "l", type: "string" },
  { name: "stdin", short: "i", type: "bool" },
  { name: "tty", short: "t", type: "bool" },
  { name: "attach", type: "bool" },
  { name: "leave-stdin-open", type: "bool" },
  { name: "restart", type: "string" },
  { name: "command", type: "bool" },
  { name: "expose", type: "bool" },
  { name: "quiet", short: "q", type: "bool" },
  { name: "privileged", type: "bool" },
  { name: "save-config", type: "bool" },
  { name: "field-manager", type: "string", default: "kubectl-run" },
  { name: "overrides", type: "string" },
  { name: "override-type", type: "string", default: "merge" },
  { name: "pod-running-timeout", type: "duration", default: "1m0s" },
];

// github.com/distribution/reference ReferenceRegexp
const DOMAIN_COMP = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMP}(?:\\.${DOMAIN_COMP})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const PATH_COMP = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const NAME = `(?:${DOMAIN}/)?${PATH_COMP}(?:/${PATH_COMP})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** generate.ParseLabels */
export function parseLabels(spec: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of spec.split(",")) {
    const kv = item.split("=");
    if (kv.length !== 2) throw new KubectlError(`unexpected label spec: ${item}`);
    if (kv[0].length === 0) throw new KubectlError("unexpected empty label key");
    labels[kv[0]] = kv[1];
  }
  return labels;
}

/** strconv.Atoi */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

export interface RunParams {
  name: string;
  image: string;
  namespace?: string;
  labels?: string;
  annotations?: string[];
  env?: string[];
  port?: string;
  restart?: string;
  imagePullPolicy?: string;
  command?: boolean;
  args?: string[];
  stdin?: boolean;
  tty?: boolean;
  leaveStdinOpen?: boolean;
  privileged?: boolean;
}

/** The Pod that `kubectl run` builds (BasicPod generator), before overrides. */
export function generatePod(p: RunParams): KubeObject {
  const labels = p.labels ? parseLabels(p.labels) : { run: p.name };
  const envs = (p.env ?? []).map((e) => {
    const pos = e.indexOf("=");
    if (pos <= 0 || !ENV_NAME.test(e.slice(0, pos))) throw new KubectlError(`invalid env: ${e}`);
    const value = e.slice(pos + 1);
    return value ? { name: e.slice(0, pos), value } : { name: e.slice(0, pos) };
  });
  const container: Record<string, unknown> = { name: p.name, image: p.image };
  const args = p.args ?? [];
  if (args.length > 0) container[p.command ? "command" : "args"] = args;
  if (p.port) container.ports = [{ containerPort: atoi(p.port) }];
  if (envs.length) container.env = envs;
  container.resources = {};
  if (p.imagePullPolicy) container.imagePullPolicy = p.imagePullPolicy;
  if (p.privileged) container.securityContext = { privileged: true };
  if (p.stdin) container.stdin = true;
  if (p.stdin && !p.leaveStdinOpen) container.stdinOnce = true;
  if (p.tty) container.tty = true;
  const metadata: Record<string, unknown> = { name: p.name, creationTimestamp: null, labels };
  if (p.annotations?.length) {
    const ann: Record<string, string> = {};
    for (const a of p.annotations) {
      const i = a.indexOf("=");
      if (i <= 0) throw new KubectlError(`invalid annotation spec: ${a}`);
      ann[a.slice(0, i)] = a.slice(i + 1);
    }
    metadata.annotations = ann;
  }
  if (p.namespace) metadata.namespace = p.namespace;
  return canonicalize({
    kind: "Pod",
    apiVersion: "v1",
    metadata,
    spec: { containers: [container], restartPolicy: p.restart || "Always", dnsPolicy: "ClusterFirst" },
    status: {},
  } as KubeObject);
}

/** The Service of `kubectl run --expose` (ServiceV2 generator). */
export function generateService(name: string, port: string, labelSpec: string | undefined, namespace?: string): KubeObject {
  const selector = parseLabels(labelSpec || `run=${name}`);
  const metadata: Record<string, unknown> = { name, creationTimestamp: null };
  if (labelSpec) metadata.labels = parseLabels(labelSpec);
  if (namespace) metadata.namespace = namespace;
  const p = atoi(port);
  return canonicalize({
    kind: "Service",
    apiVersion: "v1",
    metadata,
    spec: { ports: [{ protocol: "TCP", port: p, targetPort: p }], selector },
    status: { loadBalancer: {} },
  } as KubeObject);
}

/** Decoding back into the typed Pod after an override: struct fields that always print. */
function retype(obj: KubeObject): KubeObject {
  const o = JSON.parse(JSON.stringify(obj)) as KubeObject;
  o.metadata ??= {};
  if (!("creationTimestamp" in o.metadata)) o.metadata.creationTimestamp = null;
  for (const c of (o.spec?.containers ?? []) as Record<string, unknown>[]) c.resources ??= {};
  o.status ??= {};
  return canonicalize(o);
}

function applyOverrides(obj: KubeObject, overrides: string, type: string): KubeObject {
  if (!overrides) return obj;
  let patch: unknown;
  switch (type) {
    case "merge":
    case "strategic":
      try {
        patch = JSON.parse(overrides);
      } catch {
        throw new KubectlError("Invalid JSON Patch");
      }
      return retype((type === "merge" ? mergePatch(obj, patch) : strategicMergePatch(obj, patch)) as KubeObject);
    case "json":
      throw new KubectlError("--override-type=json is not supported in this lab yet");
    default:
      throw new KubectlError(`invalid override type: ${type}`);
  }
}

async function runRun(ctx: RunCtx): Promise<void> {
  const dry = dryRunStrategy(ctx);
  const output = ctx.str("output");
  const operation = operationSuffix("created", dry);
  const printer = makePrinter(output, { operation, typed: true });

  const args = ctx.args;
  if (args.length === 0) throw usageError(ctx, "NAME is required for run");
  const image = ctx.str("image");
  if (!image) throw new KubectlError("--image is required");
  if (!REFERENCE.test(image)) throw new KubectlError(`Invalid image name "${image}": invalid reference format`);
  const interactive = ctx.bool("stdin");
  const tty = ctx.bool("tty");
  if (tty && !interactive) throw usageError(ctx, "-i/--stdin is required for containers with -t/--tty=true");
  const expose = ctx.bool("expose");
  const port = ctx.str("port");
  if (expose && !port) throw usageError(ctx, "--port must be set when exposing a service");
  const restart = ctx.str("restart");
  if (restart && !["Always", "OnFailure", "Never"].includes(restart)) throw usageError(ctx, `invalid restart policy: ${restart}`);
  const attach = ctx.changed("attach") ? ctx.bool("attach") : ctx.bool("attach") || interactive;
  if (!attach && ctx.bool("rm")) throw usageError(ctx, "--rm should only be used for attached containers");
  if (attach && dry !== "none") throw usageError(ctx, "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
  const pullPolicy = ctx.str("image-pull-policy");
  if (pullPolicy && !["Always", "IfNotPresent", "Never"].includes(pullPolicy)) throw usageError(ctx, `invalid image pull policy: ${pullPolicy}`);

  const name = args[0];
  const namespace = ctx.namespace();
  let pod = generatePod({
    name,
    image,
    labels: ctx.str("labels"),
    annotations: ctx.arr("annotations"),
    env: ctx.arr("env"),
    port,
    restart,
    imagePullPolicy: pullPolicy,
    command: ctx.bool("command"),
    args: args.slice(1),
    stdin: interactive,
    tty,
    leaveStdinOpen: ctx.bool("leave-stdin-open"),
    privileged: ctx.bool("privileged"),
  });
  pod = applyOverrides(pod, ctx.str("overrides"), ctx.str("override-type"));

  const create = (resource: string, obj: KubeObject): KubeObject => {
    if (dry === "client") {
      if (ctx.namespaceEnforced()) {
        obj.metadata.namespace = namespace;
        obj = canonicalize(obj);
      }
      return obj;
    }
    const toSend = JSON.parse(JSON.stringify(obj)) as KubeObject;
    toSend.metadata.namespace = namespace;
    return canonicalize(ctx.lab.api().create(resource, toSend, { dryRun: dry === "server" }));
  };

  const createdPod = create("pods", pod);
  const created = [{ resource: "pods", kind: "pod", name }];
  if (expose) {
    const svc = create("services", generateService(name, port, ctx.str("labels")));
    created.push({ resource: "services", kind: "service", name });
    ctx.out(printer.print(svc));
    if (output === "yaml") ctx.out("---\n");
  }
  if (attach) {
    // run.go getRestartPolicy: the flag's default is Always; set empty, -i makes it OnFailure
    const policy = ctx.changed("restart") ? restart || (interactive ? "OnFailure" : "Always") : "Always";
    await runAttached(ctx, namespace, name, created, policy, interactive, tty);
    return;
  }
  ctx.out(printer.print(createdPod));
}

/**
 * run.go Run with --attach (or -i): wait for the pod, attach, then (restart Never/OnFailure,
 * stdin not left open) wait for it to finish and return the container's exit code. --rm deletes
 * what run created when Run returns (a deferred call: not when kubectl is interrupted).
 */
async function runAttached(ctx: RunCtx, ns: string, name: string, created: { resource: string; kind: string; name: string }[], policy: string, interactive: boolean, tty: boolean): Promise<void> {
  const quiet = ctx.bool("quiet");
  const ms = parseGoDuration(ctx.str("pod-running-timeout")) ?? 0;
  const timeout = ms > 0 ? ms : Infinity; // watchtools.ContextWithOptionalTimeout
  const removeCreated = () => {
    if (!ctx.bool("rm")) return;
    for (const o of created) {
      try {
        ctx.lab.api().delete(o.resource, ns, o.name);
      } catch {
        continue; // IgnoreNotFound; the deferred call's error is dropped
      }
      if (!quiet) ctx.out(`${o.kind} "${o.name}" deleted\n`);
    }
  };
  try {
    await handleAttachPod(ctx, ns, name, timeout, { container: "", stdin: interactive, tty, quiet });
    if (ctx.bool("leave-stdin-open") || (policy !== "Never" && policy !== "OnFailure")) return removeCreated();
    const { pod } = await waitForPod(ctx, ns, name, timeout, policy === "OnFailure" ? podSucceeded : podCompleted);
    const phase = pod.status?.phase;
    if (phase === "Succeeded") return removeCreated();
    if (phase !== "Failed") throw new KubectlError(`pod ${ns}/${name} left in phase ${phase}`);
    const term = pod.status?.containerStatuses?.[0]?.state?.terminated;
    if (!term || !term.exitCode) throw new KubectlError(`pod ${ns}/${name} failed with unknown exit code`);
    // uexec.CodeExitError: cmdutil.CheckErr prints it as it is and exits with its code
    const msg = `pod ${ns}/${name} terminated (${term.reason ?? ""})\n${term.message ?? ""}`;
    throw new RawError(msg.endsWith("\n") ? msg : msg + "\n", term.exitCode);
  } catch (e) {
    if (!(e instanceof Interrupted)) removeCreated();
    throw e;
  }
}

export const runCommand: CommandSpec = {
  name: "run",
  flags: RUN_FLAGS,
  required: ["image"],
  help: HELP["run"],
  run: runRun,
};

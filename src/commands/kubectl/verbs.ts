// kubectl verbs that change or read one object at a time: label, annotate, scale, cordon,
// uncordon, taint, drain, logs, exec, top, auth can-i, expose, completion.

import { runWhoAmI } from "./whoami.ts";
import type { KubeObject } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { KubectlError, RawError, errorText, usageError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { dryRunStrategy, operationSuffix } from "./common.ts";
import { resolveResource, type ApiResource } from "./discovery.ts";
import { parseResourceArgs } from "./get.ts";
import { makePrinter, objectName } from "./printers/output.ts";
import { fromHelp } from "./spec.ts";
import { readInfos } from "./apply.ts";
import { toLabelSelector } from "./create.ts";
import { runCanI } from "./auth.ts";
import { checkPodSubresource } from "./identity.ts";
import { findContainerByName, findOrDefaultContainer, logsContainer } from "./podcmd.ts";
import { follow } from "./attach.ts";

type Obj = Record<string, any>;

const MISSING_RESOURCES =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

interface Target {
  resource: ApiResource;
  namespace: string | undefined;
  name: string;
}

/** resource.Builder over TYPE NAME… | TYPE/NAME… | TYPE -l sel | TYPE --all | -f FILE. */
export function targets(ctx: RunCtx, args: string[], opts: { selector?: string; all?: boolean } = {}): Target[] {
  const ns = ctx.namespace();
  const allNs = ctx.flags.values.has("all-namespaces") && ctx.bool("all-namespaces");
  const out: Target[] = [];
  if (ctx.flags.values.has("filename") && ctx.arr("filename").length) {
    for (const i of readInfos(ctx)) out.push({ resource: i.resource, namespace: i.namespace, name: i.obj.metadata.name! });
    return out;
  }
  if (!args.length) throw new KubectlError(MISSING_RESOURCES);
  const reqs = parseResourceArgs(args);
  for (const r of reqs) {
    const namespace = r.resource.namespaced ? (allNs ? undefined : ns) : undefined;
    if (r.names.length) for (const n of r.names) out.push({ resource: r.resource, namespace, name: n });
    else if (opts.selector || opts.all) {
      for (const o of ctx.lab.api().list(r.resource.name, namespace, opts.selector ? { labelSelector: opts.selector } : {})) {
        out.push({ resource: r.resource, namespace: o.metadata.namespace, name: o.metadata.name! });
      }
    } else throw new KubectlError("resource(s) were provided, but no name was specified");
  }
  return out;
}

// ---------------------------------------------------------------- label / annotate

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function runMetaUpdate(kind: "label" | "annotate") {
  const field = kind === "label" ? "labels" : "annotations";
  const past = kind === "label" ? "labeled" : "annotated";
  return async (ctx: RunCtx): Promise<void> => {
    const resArgs: string[] = [];
    const changes: string[] = [];
    for (const a of ctx.args) {
      if (a.includes("=") || (a.endsWith("-") && resArgs.length > 0)) changes.push(a);
      else resArgs.push(a);
    }
    if (!resArgs.length && !ctx.arr("filename").length) {
      throw new KubectlError("one or more resources must be specified as <resource> <name> or <resource>/<name>");
    }
    if (!changes.length && !ctx.bool("list")) throw new KubectlError(`at least one ${kind === "label" ? "label" : "annotation"} update is required`);
    const add: Record<string, string> = {};
    const remove: string[] = [];
    for (const c of changes) {
      if (c.endsWith("-") && !c.includes("=")) {
        remove.push(c.slice(0, -1));
        continue;
      }
      const i = c.indexOf("=");
      const k = c.slice(0, i), v = c.slice(i + 1);
      if (kind === "label") {
        if (!LABEL_KEY.test(k)) throw new KubectlError(`invalid label spec: ${c}`);
        if (!LABEL_VALUE.test(v) || v.length > 63) {
          throw new KubectlError(
            `invalid label value: "${c}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
          );
        }
      }
      add[k] = v;
    }
    for (const k of remove) if (k in add) throw new KubectlError(`can not both modify and remove the following ${kind === "label" ? "label" : "annotation"}(s) in the same command: ${k}`);
    const dry = dryRunStrategy(ctx);
    const output = ctx.str("output");
    const api = ctx.lab.api();
    const ts = targets(ctx, resArgs, { selector: ctx.str("selector"), all: ctx.bool("all") });
    const errors: string[] = [];
    for (const t of ts) {
      let obj: KubeObject;
      try {
        obj = api.get(t.resource.name, t.namespace, t.name);
      } catch (e) {
        if (e instanceof ApiError) {
          errors.push(errorText(e).text);
          continue;
        }
        throw e;
      }
      if (ctx.bool("list")) {
        const m = obj.metadata[field] ?? {};
        for (const k of Object.keys(m).sort()) ctx.out(`${k}=${m[k]}\n`);
        continue;
      }
      const before = JSON.stringify(obj.metadata[field] ?? {});
      const cur: Record<string, string> = { ...(obj.metadata[field] ?? {}) };
      if (!ctx.bool("overwrite")) {
        for (const k of Object.keys(add)) {
          if (k in cur && cur[k] !== add[k]) throw new KubectlError(`'${k}' already has a value (${cur[k]}), and --overwrite is false`);
        }
      }
      for (const k of remove) {
        if (!(k in cur)) ctx.err(`${kind === "label" ? "label" : "annotation"} "${k}" not found.\n`);
        delete cur[k];
      }
      Object.assign(cur, add);
      obj.metadata[field] = cur;
      const after = JSON.stringify(cur);
      let msg = kind === "label" ? "not labeled" : past;
      if (before !== after) {
        msg = past;
        if (kind === "label" && !ctx.bool("overwrite") && after.length < before.length) msg = "unlabeled";
      }
      const res = dry === "client" ? obj : api.update(t.resource.name, obj, { dryRun: dry === "server" });
      ctx.out(makePrinter(output, { operation: operationSuffix(msg, dry) }).print(res));
    }
    if (errors.length) throw new RawError(errors.join(""));
  };
}

// ---------------------------------------------------------------- scale

async function runScale(ctx: RunCtx): Promise<void> {
  if (!ctx.args.length && !ctx.arr("filename").length) throw new KubectlError(MISSING_RESOURCES);
  const replicas = ctx.num("replicas");
  if (replicas < 0) throw new KubectlError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
  const dry = dryRunStrategy(ctx);
  const api = ctx.lab.api();
  const ts = targets(ctx, ctx.args, { selector: ctx.str("selector"), all: ctx.bool("all") });
  const printer = makePrinter(ctx.str("output"), { operation: operationSuffix("scaled", dry) });
  for (const t of ts) {
    if (!["deployments", "replicasets", "statefulsets", "replicationcontrollers"].includes(t.resource.name)) {
      throw new KubectlError(`cannot scale ${t.resource.name}`);
    }
    const obj = api.get(t.resource.name, t.namespace, t.name);
    const cur = ctx.num("current-replicas");
    if (cur >= 0 && (obj.spec?.replicas ?? 1) !== cur) {
      throw new KubectlError(`Expected replicas to be ${cur}, was ${obj.spec?.replicas ?? 1}`);
    }
    obj.spec = { ...(obj.spec ?? {}), replicas };
    const res = dry === "client" ? obj : api.update(t.resource.name, obj, { dryRun: dry === "server" });
    ctx.out(printer.print(res));
  }
}

// ---------------------------------------------------------------- cordon / uncordon / taint / drain

function nodeTargets(ctx: RunCtx, verb: string): KubeObject[] {
  if (!ctx.args.length && !ctx.str("selector")) throw usageError(ctx, `USAGE: ${verb} NODE [flags]`);
  const api = ctx.lab.api();
  if (ctx.str("selector")) return api.list("nodes", undefined, { labelSelector: ctx.str("selector") });
  return ctx.args.map((a) => {
    const name = a.includes("/") ? a.slice(a.indexOf("/") + 1) : a;
    if (a.includes("/")) resolveResource(a.slice(0, a.indexOf("/")));
    return api.get("nodes", undefined, name);
  });
}

function setUnschedulable(ctx: RunCtx, node: KubeObject, value: boolean, dry: ReturnType<typeof dryRunStrategy>): void {
  const verb = value ? "cordoned" : "uncordoned";
  if (!!node.spec?.unschedulable === value) {
    ctx.out(`node/${node.metadata.name} already ${verb}\n`);
    return;
  }
  node.spec = { ...(node.spec ?? {}) };
  if (value) node.spec.unschedulable = true;
  else delete node.spec.unschedulable;
  if (dry !== "client") ctx.lab.api().update("nodes", node, { dryRun: dry === "server" });
  ctx.out(`node/${node.metadata.name} ${operationSuffix(verb, dry)}\n`);
}

function runCordon(value: boolean) {
  return (ctx: RunCtx) => {
    const dry = dryRunStrategy(ctx);
    for (const n of nodeTargets(ctx, value ? "cordon" : "uncordon")) setUnschedulable(ctx, n, value, dry);
  };
}

const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

function parseTaint(spec: string): Obj {
  const fail = () => new KubectlError(`invalid taint spec: ${spec}, `);
  const colon = spec.lastIndexOf(":");
  if (colon < 0) throw new KubectlError(`invalid taint spec: ${spec}, `);
  const kv = spec.slice(0, colon), effect = spec.slice(colon + 1);
  if (!EFFECTS.includes(effect)) throw new KubectlError(`invalid taint effect: ${effect}, unsupported taint effect`);
  const eq = kv.indexOf("=");
  const key = eq >= 0 ? kv.slice(0, eq) : kv;
  if (!key || !LABEL_KEY.test(key)) throw fail();
  const t: Obj = { key };
  if (eq >= 0) t.value = kv.slice(eq + 1);
  t.effect = effect;
  return t;
}

async function runTaint(ctx: RunCtx): Promise<void> {
  const resArgs: string[] = [];
  const specs: string[] = [];
  for (const a of ctx.args) {
    if (resArgs.length >= (resArgs[0]?.includes("/") ? 1 : 2) && (a.includes(":") || a.includes("=") || a.endsWith("-"))) specs.push(a);
    else if (a.includes(":") || a.includes("=")) specs.push(a);
    else resArgs.push(a);
  }
  if (!resArgs.length) throw new KubectlError("one or more resources must be specified as <resource> <name>");
  if (!specs.length) throw new KubectlError("at least one taint update is required");
  const add: Obj[] = [];
  const remove: { key: string; effect?: string }[] = [];
  for (const s of specs) {
    if (s.endsWith("-")) {
      const body = s.slice(0, -1);
      const c = body.indexOf(":");
      remove.push(c >= 0 ? { key: body.slice(0, c), effect: body.slice(c + 1) } : { key: body });
    } else add.push(parseTaint(s));
  }
  const api = ctx.lab.api();
  const ts = targets(ctx, resArgs, { selector: ctx.str("selector"), all: ctx.bool("all") });
  for (const t of ts) {
    if (t.resource.name !== "nodes") throw new KubectlError(`invalid resource type ${t.resource.name}, only nodes are supported`);
    const node = api.get("nodes", undefined, t.name);
    let taints: Obj[] = [...(node.spec?.taints ?? [])];
    const old = JSON.stringify(taints);
    for (const r of remove) {
      const before = taints.length;
      taints = taints.filter((x) => !(x.key === r.key && (!r.effect || x.effect === r.effect)));
      if (taints.length === before) throw new KubectlError(`taint ${JSON.stringify(r.effect ? `${r.key}:${r.effect}` : r.key)} not found`);
    }
    for (const a of add) {
      const i = taints.findIndex((x) => x.key === a.key && x.effect === a.effect);
      if (i >= 0) {
        if (!ctx.bool("overwrite")) throw new KubectlError(`node ${t.name} already has ${a.key} taint(s) with same effect(s) and --overwrite is false`);
        taints[i] = a;
      } else taints.push(a);
    }
    node.spec = { ...(node.spec ?? {}) };
    if (taints.length) node.spec.taints = taints;
    else delete node.spec.taints;
    const op = add.length === 0 && remove.length ? "untainted" : old === JSON.stringify(taints) ? "not tainted" : "tainted";
    api.update("nodes", node);
    ctx.out(`node/${t.name} ${op}\n`);
  }
}

function controllerOf(p: KubeObject): Obj | undefined {
  return (p.metadata.ownerReferences ?? []).find((r) => r.controller);
}

async function runDrain(ctx: RunCtx): Promise<void> {
  const dry = dryRunStrategy(ctx);
  const nodes = nodeTargets(ctx, "drain");
  const api = ctx.lab.api();
  const errors: string[] = [];
  const pending: string[] = [];
  for (const node of nodes) {
    setUnschedulable(ctx, node, true, dry);
    const name = node.metadata.name!;
    const pods = api.list("pods", undefined, { fieldSelector: `spec.nodeName=${name}` }).filter((p) => matchPodSelector(p, ctx.str("pod-selector")));
    const deletable: KubeObject[] = [];
    const ds: string[] = [], unmanaged: string[] = [], local: string[] = [];
    for (const p of pods) {
      const id = `${p.metadata.namespace}/${p.metadata.name}`;
      if (p.metadata.annotations?.["kubernetes.io/config.mirror"]) continue;
      if (p.status?.phase === "Succeeded" || p.status?.phase === "Failed") {
        deletable.push(p);
        continue;
      }
      const ctl = controllerOf(p);
      if (ctl?.kind === "DaemonSet") {
        ds.push(id);
        continue;
      }
      if (!ctl) unmanaged.push(id);
      if ((p.spec?.volumes ?? []).some((v: Obj) => v.emptyDir)) local.push(id);
      deletable.push(p);
    }
    const errs: string[] = [];
    const warns: string[] = [];
    if (unmanaged.length) {
      if (ctx.bool("force")) warns.push(`deleting Pods that declare no controller: ${unmanaged.join(", ")}`);
      else errs.push(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.join(", ")}`);
    }
    if (ds.length) {
      if (ctx.bool("ignore-daemonsets")) warns.push(`ignoring DaemonSet-managed Pods: ${ds.join(", ")}`);
      else errs.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${ds.join(", ")}`);
    }
    if (local.length) {
      if (ctx.bool("delete-emptydir-data")) warns.push(`deleting Pods with local storage: ${local.join(", ")}`);
      else errs.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${local.join(", ")}`);
    }
    if (errs.length) {
      const msg = errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
      ctx.err(`error: unable to drain node "${name}" due to error: ${msg}, continuing command...\n`);
      pending.push(name);
      errors.push(msg);
      continue;
    }
    if (warns.length) ctx.err(`Warning: ${warns.join("; ")}\n`);
    for (const p of deletable) {
      if (dry !== "none") {
        ctx.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (${dry === "client" ? "dry run" : "server dry run"})\n`);
        continue;
      }
      ctx.err(`evicting pod ${p.metadata.namespace}/${p.metadata.name}\n`);
    }
    if (dry === "none") {
      const grace = ctx.num("grace-period");
      for (const p of deletable) {
        try {
          api.delete("pods", p.metadata.namespace, p.metadata.name!, { gracePeriodSeconds: grace >= 0 ? grace : undefined });
        } catch (e) {
          if (!(e instanceof ApiError && e.reason === "NotFound")) throw e;
        }
      }
      for (const p of deletable) {
        for (let i = 0; i < 600 && stillThere(ctx, p); i++) await ctx.lab.sleep(1000, ctx.io.signal);
        ctx.out(`pod/${p.metadata.name} evicted\n`);
      }
    }
    ctx.out(`node/${name} ${operationSuffix("drained", dry)}\n`);
  }
  if (pending.length) {
    ctx.err(`There are pending nodes to be drained:\n${pending.map((n) => ` ${n}\n`).join("")}`);
    throw new KubectlError(errors.join("\n"));
  }
}

function stillThere(ctx: RunCtx, p: KubeObject): boolean {
  try {
    return ctx.lab.api().get("pods", p.metadata.namespace, p.metadata.name!).metadata.uid === p.metadata.uid;
  } catch {
    return false;
  }
}

function matchPodSelector(p: KubeObject, sel: string): boolean {
  if (!sel) return true;
  const s = toLabelSelector(sel);
  return Object.entries(s.matchLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v);
}

// ---------------------------------------------------------------- logs / exec

function resolvePod(ctx: RunCtx, arg: string): KubeObject {
  const api = ctx.lab.api();
  const ns = ctx.namespace();
  if (!arg.includes("/")) return api.get("pods", ns, arg);
  const r = resolveResource(arg.slice(0, arg.indexOf("/")));
  const name = arg.slice(arg.indexOf("/") + 1);
  if (r.name === "pods") return api.get("pods", ns, name);
  const obj = api.get(r.name, ns, name);
  const sel = obj.spec?.selector?.matchLabels ?? obj.spec?.selector ?? {};
  const pods = api.list("pods", ns).filter((p) => Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v));
  if (!pods.length) throw new KubectlError(`timed out waiting for the condition`);
  return pods[0];
}

function runtimeContainers(ctx: RunCtx, pod: KubeObject, container: string) {
  const node = pod.spec?.nodeName;
  const m = node ? ctx.lab.cluster?.machines.get(node) : undefined;
  if (!m) return [];
  const uid = pod.metadata.annotations?.["kubernetes.io/config.mirror"] ?? pod.metadata.uid;
  return m.runtime.containers.filter((c) => c.podUid === uid && c.name === container).sort((a, b) => a.attempt - b.attempt);
}

function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(0, 19) + "." + iso.slice(20, 23) + "000000Z";
}

async function runLogs(ctx: RunCtx): Promise<void> {
  if (!ctx.args.length && !ctx.str("selector")) {
    throw usageError(ctx, "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
  }
  let pods: KubeObject[];
  if (ctx.str("selector")) {
    pods = ctx.lab.api().list("pods", ctx.namespace(), { labelSelector: ctx.str("selector") });
    if (!pods.length) {
      ctx.err(`No resources found in ${ctx.namespace()} namespace.\n`);
      return;
    }
  } else pods = [resolvePod(ctx, ctx.args[0])];
  const requested = ctx.str("container") || (ctx.args[1] ?? "");
  const following: Parameters<typeof follow>[1] = [];
  for (const pod of pods) {
    const names = ctx.bool("all-containers") ? (pod.spec?.containers ?? []).map((c: Obj) => c.name) : [logsContainer(pod, requested, (s) => ctx.err(s))];
    for (const name of names) {
      checkPodSubresource(ctx.lab, "get", pod, "log");
      const list = runtimeContainers(ctx, pod, name);
      let c;
      if (ctx.bool("previous")) {
        // validateContainerLogStatus: the container of lastState.terminated (in CrashLoopBackOff
        // that is the attempt that just failed, the one plain `logs` shows too)
        const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: Obj) => s.name === name);
        const id = String(status?.lastState?.terminated?.containerID ?? "").replace(/^[a-z]+:\/\//, "");
        c = id ? list.find((x) => x.id === id) : undefined;
        if (!c) throw new ApiError("BadRequest", 400, `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`);
      } else {
        c = list[list.length - 1];
        if (!c || c.state === "created") {
          const waiting = (pod.status?.containerStatuses ?? []).find((s: Obj) => s.name === name)?.state?.waiting?.reason ?? "ContainerCreating";
          throw new ApiError("BadRequest", 400, `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${waiting}`);
        }
      }
      let lines = c.logs;
      const since = ctx.str("since");
      if (since && since !== "0s") {
        const ms = parseSince(since);
        lines = lines.filter((l) => l.time >= ctx.lab.now() - ms);
      }
      const tail = ctx.num("tail");
      if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
      const prefix = ctx.bool("prefix") ? `[pod/${pod.metadata.name}/${name}] ` : "";
      const write = (l: { time: number; text: string }) => ctx.out(prefix + (ctx.bool("timestamps") ? rfc3339Nano(l.time) + " " : "") + l.text + (l.text.endsWith("\n") ? "" : "\n"));
      for (const l of lines) write(l);
      if (ctx.bool("follow")) following.push({ c, next: c.logs.length, since: 0, write });
    }
  }
  // -f: what the containers write next, until they exit or Ctrl-C (without a terminal: return now)
  if (following.length && (await follow(ctx, following, 0)) === "interrupted") throw new RawError("", 130);
}

function parseSince(s: string): number {
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) total += Number(m[1]) * { h: 3600_000, m: 60_000, s: 1000, ms: 1 }[m[2] as "h"];
  return total;
}

async function runExec(ctx: RunCtx): Promise<void> {
  const dash = ctx.argsLenAtDash;
  if (ctx.args.length === 0) throw usageError(ctx, "pod, type/name or --filename must be specified");
  if (dash === -1 && ctx.args.length > 1) throw usageError(ctx, "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead");
  const command = dash === -1 ? [] : ctx.args.slice(dash);
  if (!command.length) throw new KubectlError("you must specify at least one command for the container");
  const pod = resolvePod(ctx, ctx.args[0]);
  if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") {
    throw new KubectlError(`cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  }
  // exec.go: podcmd defaults the container only when -c is not given; the API server checks a given one
  const container = ctx.str("container") || findOrDefaultContainer(pod, "", ctx.bool("quiet"), (s) => ctx.err(s)).name;
  // StreamOptions.SetupTTY: -t needs -i and a terminal on stdin (else the TTY is dropped, with a warning)
  let raw = false;
  if (ctx.bool("stdin") && ctx.bool("tty")) {
    if (ctx.lab.terminal?.(ctx.io.stdin)) raw = true;
    else if (!ctx.bool("quiet")) ctx.err("Unable to use a TTY - input is not a terminal or the right kind of file\n");
  }
  checkPodSubresource(ctx.lab, "create", pod, "exec");
  if (!findContainerByName(pod, container)) throw new ApiError("BadRequest", 400, `container ${container} is not valid for pod ${pod.metadata.name}`);
  const running = runtimeContainers(ctx, pod, container).filter((c) => c.state === "running");
  if (!running.length) throw new KubectlError(`unable to upgrade connection: container not found ("${container}")`);
  const view = ctx.lab.cluster.containerView(pod.metadata.namespace!, pod.metadata.name!, container);
  if (!view) throw new KubectlError(`unable to upgrade connection: container not found ("${container}")`);
  if (ctx.bool("stdin") && ctx.lab.terminal?.(ctx.io.stdin)) return (await import("./interactive.ts")).execTerminal(ctx, view, command, container, raw);
  const { execInContainer } = await import("./exec-shell.ts");
  const r = await execInContainer(view, command, { stdin: ctx.bool("stdin") ? ctx.io.stdin : "", signal: ctx.io.signal }, ctx.lab, ctx.lab.cluster.rand.hex(64));
  if (r.internalError !== undefined) throw new KubectlError(r.internalError);
  ctx.out(r.stdout);
  ctx.err(r.stderr);
  if (r.exitCode !== 0) throw new RawError(`command terminated with exit code ${r.exitCode}\n`, r.exitCode);
}

// ---------------------------------------------------------------- top / auth / completion / expose

function runTop(): never {
  throw new KubectlError("Metrics API not available");
}

async function runCompletion(ctx: RunCtx): Promise<void> {
  if (!ctx.args.length) throw usageError(ctx, "Shell not specified.");
  if (ctx.args.length > 1) throw usageError(ctx, "Too many arguments. Expected only the shell type.");
  const sh = ctx.args[0];
  if (!["bash", "zsh", "fish", "powershell"].includes(sh)) throw usageError(ctx, `Unsupported shell type "${sh}".`);
  // the recorded scripts (about 40 KB) load only when asked for
  const { COMPLETION_SCRIPTS } = await import("./completion-data.ts");
  ctx.out(COMPLETION_SCRIPTS[sh]);
}

async function runExpose(ctx: RunCtx): Promise<void> {
  if (!ctx.args.length && !ctx.arr("filename").length) throw new KubectlError(MISSING_RESOURCES);
  const dry = dryRunStrategy(ctx);
  const api = ctx.lab.api();
  const ts = targets(ctx, ctx.args);
  const printer = makePrinter(ctx.str("output"), { operation: operationSuffix("exposed", dry), typed: true });
  for (const t of ts) {
    const obj = api.get(t.resource.name, t.namespace, t.name);
    let selector: Record<string, string> | undefined;
    let ports: { port: number; name?: string; protocol: string }[] = [];
    const podSpec = obj.kind === "Pod" ? obj.spec : obj.spec?.template?.spec;
    switch (obj.kind) {
      case "Pod":
        selector = obj.metadata.labels;
        if (!selector || !Object.keys(selector).length) throw new KubectlError(`the pod has no labels and cannot be exposed`);
        break;
      case "Service":
        selector = obj.spec?.selector;
        ports = (obj.spec?.ports ?? []).map((p: Obj) => ({ port: p.port, name: p.name, protocol: p.protocol ?? "TCP" }));
        break;
      case "Deployment":
      case "ReplicaSet":
        if (obj.spec?.selector?.matchExpressions?.length) throw new KubectlError("couldn't convert expressions - \"{}\", to map: operator \"In\" without a single value cannot be converted into the old label selector format");
        selector = obj.spec?.selector?.matchLabels;
        break;
      case "ReplicationController":
        selector = obj.spec?.selector;
        break;
      default:
        throw new KubectlError(`cannot expose a ${obj.kind}`);
    }
    if (podSpec && obj.kind !== "Service") {
      for (const c of podSpec.containers ?? []) for (const p of c.ports ?? []) ports.push({ port: p.containerPort, name: p.name, protocol: p.protocol ?? "TCP" });
    }
    const portFlag = ctx.str("port");
    if (portFlag) ports = [{ port: Number(portFlag), protocol: ctx.str("protocol") || "TCP" }];
    if (!ports.length) throw new KubectlError(`couldn't find port via --port flag or introspection`);
    const name = ctx.str("name") || t.name;
    const target = ctx.str("target-port");
    const spec: Obj = {
      ports: ports.map((p, i) => {
        const sp: Obj = {};
        if (ports.length > 1) sp.name = p.name || `port-${i + 1}`;
        sp.protocol = ctx.str("protocol") || p.protocol;
        sp.port = p.port;
        sp.targetPort = target ? (/^\d+$/.test(target) ? Number(target) : target) : p.port;
        return sp;
      }),
      selector: ctx.str("selector") ? toLabelSelector(ctx.str("selector")).matchLabels : selector,
    };
    if (ctx.str("cluster-ip")) spec.clusterIP = ctx.str("cluster-ip");
    if (ctx.str("type")) spec.type = ctx.str("type");
    if (ctx.str("external-ip")) spec.externalIPs = [ctx.str("external-ip")];
    if (ctx.str("session-affinity")) spec.sessionAffinity = ctx.str("session-affinity");
    const m: Obj = { name, creationTimestamp: null };
    const labels = ctx.str("labels") ? toLabelSelector(ctx.str("labels")).matchLabels : obj.metadata.labels;
    if (labels && Object.keys(labels).length) m.labels = labels;
    if (ctx.namespaceEnforced()) m.namespace = ctx.namespace();
    let svc: KubeObject = { kind: "Service", apiVersion: "v1", metadata: m, spec, status: { loadBalancer: {} } };
    if (dry !== "client") {
      const send = structuredClone(svc);
      send.metadata.namespace = t.namespace;
      delete send.metadata.creationTimestamp;
      svc = api.create("services", send, { dryRun: dry === "server" });
    }
    ctx.out(printer.print(svc));
  }
}

export const verbCommands: Record<string, CommandSpec> = {
  label: fromHelp("label", { run: runMetaUpdate("label") }),
  annotate: fromHelp("annotate", { run: runMetaUpdate("annotate") }),
  scale: fromHelp("scale", { run: runScale, required: ["replicas"] }),
  cordon: fromHelp("cordon", { run: runCordon(true) }),
  uncordon: fromHelp("uncordon", { run: runCordon(false) }),
  taint: fromHelp("taint", { run: runTaint }),
  drain: fromHelp("drain", { run: runDrain }),
  logs: fromHelp("logs", { run: runLogs }),
  exec: fromHelp("exec", { run: runExec }),
  top: fromHelp("top", { children: [fromHelp("top node", { run: runTop }), fromHelp("top pod", { run: runTop })] }),
  auth: fromHelp("auth", { children: [fromHelp("auth can-i", { run: runCanI }), fromHelp("auth whoami", { run: runWhoAmI })] }),
  completion: fromHelp("completion", { run: runCompletion }),
  expose: fromHelp("expose", { run: runExpose }),
};

export { objectName };

// ---------------------------------------------------------------- argument checks of verbs whose server side is not built yet

function notYet(what: string): never {
  throw new KubectlError(`${what} is not supported in this lab yet`);
}

function runSetImage(ctx: RunCtx): void {
  const res = ctx.args.filter((a) => !a.includes("="));
  if (!res.length && !ctx.arr("filename").length) throw new KubectlError(MISSING_RESOURCES);
  const ts = targets(ctx, res, { selector: ctx.str("selector"), all: ctx.bool("all") });
  for (const t of ts) ctx.lab.api().get(t.resource.name, t.namespace, t.name);
  notYet("kubectl set image");
}

function runSetEnv(ctx: RunCtx): void {
  if (!ctx.args.length && !ctx.arr("filename").length) throw new KubectlError("one or more resources must be specified as <resource> <name> or <resource>/<name>");
  notYet("kubectl set env");
}

function runPatch(ctx: RunCtx): void {
  if (!ctx.str("patch") && !ctx.str("patch-file")) throw new KubectlError("must specify --patch or --patch-file containing the contents of the patch");
  notYet("kubectl patch");
}

function runRolloutSub(ctx: RunCtx): void {
  if (!ctx.args.length && !ctx.arr("filename").length) throw new KubectlError("required resource not specified");
  notYet(ctx.path);
}

Object.assign(verbCommands, {
  set: fromHelp("set", {
    children: [fromHelp("set image", { run: runSetImage }), fromHelp("set env", { run: runSetEnv }), fromHelp("set resources", { run: (ctx: RunCtx) => (ctx.args.length ? notYet("kubectl set resources") : (() => { throw new KubectlError(MISSING_RESOURCES); })()) })],
  }),
  patch: fromHelp("patch", { run: runPatch }),
  rollout: fromHelp("rollout", {
    groupHelpStdout: true,
    children: ["history", "pause", "restart", "resume", "status", "undo"].map((s) => fromHelp(`rollout ${s}`, { run: runRolloutSub })),
  }),
});

// kubectl rollout status/history/undo/restart/pause/resume (k8s.io/kubectl/pkg/polymorphichelpers:
// rollout_status.go, history.go, rollback.go, objectrestarter.go, objectpauser.go), and
// kubectl set image/env/resources (pkg/cmd/set).

import type { KubeObject } from "../../engine/types.ts";
import { rfc3339 } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { KubectlError, RawError, errorText, type CommandSpec, type RunCtx } from "./cobra.ts";
import { dryRunStrategy, operationSuffix } from "./common.ts";
import { fromHelp } from "./spec.ts";
import { targets } from "./verbs.ts";
import { makePrinter, objectName } from "./printers/output.ts";
import { describePodTemplateRaw } from "./printers/describers.ts";
import { tabwrite } from "./printers/tabwriter.ts";
import { parseQuantity } from "./quantity.ts";

type Obj = Record<string, any>;

const REQUIRED = "required resource not specified";
const ROLLOUT_KINDS = new Set(["deployments", "daemonsets", "statefulsets"]);

const dryRunOf = (ctx: RunCtx) => (ctx.flags.values.has("dry-run") ? dryRunStrategy(ctx) : "none");

function rolloutTargets(ctx: RunCtx) {
  if (!ctx.args.length && !ctx.arr("filename").length) throw new KubectlError(REQUIRED);
  return targets(ctx, ctx.args, { selector: ctx.str("selector") });
}

// ---------------------------------------------------------------- status

function statusOf(o: KubeObject): { msg: string; done: boolean } {
  const st = o.status ?? {};
  const gen = o.metadata.generation ?? 0;
  const name = o.metadata.name;
  if (o.kind === "Deployment") {
    if (gen <= (st.observedGeneration ?? 0)) {
      const cond = (st.conditions ?? []).find((c: Obj) => c.type === "Progressing");
      if (cond?.reason === "ProgressDeadlineExceeded") throw new KubectlError(`deployment "${name}" exceeded its progress deadline`);
      const want = o.spec?.replicas ?? 1;
      const updated = st.updatedReplicas ?? 0, total = st.replicas ?? 0, avail = st.availableReplicas ?? 0;
      if (updated < want) return { msg: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`, done: false };
      if (total > updated) return { msg: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...\n`, done: false };
      if (avail < updated) return { msg: `Waiting for deployment "${name}" rollout to finish: ${avail} of ${updated} updated replicas are available...\n`, done: false };
      return { msg: `deployment "${name}" successfully rolled out\n`, done: true };
    }
    return { msg: "Waiting for deployment spec update to be observed...\n", done: false };
  }
  if (o.kind === "DaemonSet") {
    if (o.spec?.updateStrategy?.type && o.spec.updateStrategy.type !== "RollingUpdate") throw new KubectlError("rollout status is only available for RollingUpdate strategy type");
    if (gen <= (st.observedGeneration ?? 0)) {
      const desired = st.desiredNumberScheduled ?? 0;
      if ((st.updatedNumberScheduled ?? 0) < desired) return { msg: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false };
      if ((st.numberAvailable ?? 0) < desired) return { msg: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false };
      return { msg: `daemon set "${name}" successfully rolled out\n`, done: true };
    }
    return { msg: "Waiting for daemon set spec update to be observed...\n", done: false };
  }
  // StatefulSet
  if (o.spec?.updateStrategy?.type && o.spec.updateStrategy.type !== "RollingUpdate") throw new KubectlError("rollout status is only available for RollingUpdate strategy type");
  if (!st.observedGeneration || gen > st.observedGeneration) return { msg: "Waiting for statefulset spec update to be observed...\n", done: false };
  const want = o.spec?.replicas ?? 1;
  if ((st.readyReplicas ?? 0) < want) return { msg: `Waiting for ${want - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
  const ru = o.spec?.updateStrategy?.rollingUpdate;
  if (o.spec?.updateStrategy?.type === "RollingUpdate" && ru) {
    if (ru.partition !== undefined && (st.updatedReplicas ?? 0) < want - ru.partition) return { msg: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${want - ru.partition} new pods have been updated...\n`, done: false };
    return { msg: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) return { msg: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`, done: false };
  return { msg: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`, done: true };
}

function parseDuration(s: string): number {
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) total += Number(m[1]) * { h: 3600_000, m: 60_000, s: 1000, ms: 1 }[m[2] as "h"];
  return total;
}

async function runStatus(ctx: RunCtx): Promise<void> {
  const api = ctx.lab.api();
  const watch = ctx.flags.values.has("watch") ? ctx.bool("watch") : true;
  const timeout = ctx.str("timeout") ? parseDuration(ctx.str("timeout")) : 0;
  for (const t of rolloutTargets(ctx)) {
    if (!ROLLOUT_KINDS.has(t.resource.name)) throw new KubectlError(`no status viewer has been implemented for ${t.resource.kind}`);
    const start = ctx.lab.now();
    let last = "";
    for (;;) {
      const o = api.get(t.resource.name, t.namespace, t.name);
      const { msg, done } = statusOf(o);
      if (msg !== last) ctx.out(msg);
      last = msg;
      if (done || !watch) break;
      if (ctx.io.signal?.aborted) return;
      const limit = timeout > 0 ? timeout : 600_000;
      if (ctx.lab.now() - start >= limit) throw new KubectlError("timed out waiting for the condition");
      await ctx.lab.sleep(1000, ctx.io.signal);
    }
  }
}

// ---------------------------------------------------------------- history / undo

interface Revision { rev: number; template: Obj; changeCause?: string; source: KubeObject }

function ownedBy(list: KubeObject[], owner: KubeObject): KubeObject[] {
  return list.filter((x) => (x.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid));
}

function revisions(ctx: RunCtx, o: KubeObject): Revision[] {
  const api = ctx.lab.api();
  const out: Revision[] = [];
  if (o.kind === "Deployment") {
    for (const rs of ownedBy(api.list("replicasets", o.metadata.namespace), o)) {
      const rev = Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"]);
      if (!Number.isFinite(rev)) continue;
      out.push({ rev, template: structuredClone(rs.spec?.template ?? {}), changeCause: rs.metadata.annotations?.["kubernetes.io/change-cause"], source: rs });
    }
  } else {
    let crs: KubeObject[] = [];
    try {
      crs = ownedBy(api.list("controllerrevisions", o.metadata.namespace), o);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    for (const cr of crs) out.push({ rev: Number(cr.revision ?? 0), template: structuredClone(cr.data?.spec?.template ?? {}), changeCause: cr.metadata.annotations?.["kubernetes.io/change-cause"], source: cr });
  }
  return out.sort((a, b) => a.rev - b.rev);
}

function runHistory(ctx: RunCtx): void {
  const api = ctx.lab.api();
  const want = ctx.num("revision");
  for (const t of rolloutTargets(ctx)) {
    if (!ROLLOUT_KINDS.has(t.resource.name)) throw new KubectlError(`no history viewer has been implemented for ${t.resource.kind}`);
    const o = api.get(t.resource.name, t.namespace, t.name);
    const revs = revisions(ctx, o);
    let body: string;
    if (want > 0) {
      const r = revs.find((x) => x.rev === want);
      if (!r) throw new KubectlError(`unable to find the specified revision`);
      if (r.changeCause) r.template.metadata = { ...(r.template.metadata ?? {}), annotations: { ...(r.template.metadata?.annotations ?? {}), "kubernetes.io/change-cause": r.changeCause } };
      body = describePodTemplateRaw(r.template);
    } else if (!revs.length) {
      body = "No rollout history found.";
    } else {
      body = tabwrite(["REVISION\tCHANGE-CAUSE", ...revs.map((r) => `${r.rev}\t${r.changeCause || "<none>"}`)].join("\n") + "\n", 0, 2);
    }
    const withRevision = want > 0 ? `with revision #${want}` : "";
    ctx.out(`${objectName(o)} ${withRevision}\n${body}\n`);
  }
}

function stripHash(t: Obj): Obj {
  const c = structuredClone(t ?? {});
  delete c.$patch;
  if (c.metadata?.labels) {
    delete c.metadata.labels["pod-template-hash"];
    delete c.metadata.labels["controller-revision-hash"];
  }
  return c;
}
const same = (a: Obj, b: Obj) => JSON.stringify(sortDeep(stripHash(a))) === JSON.stringify(sortDeep(stripHash(b)));
function sortDeep(v: any): any {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]));
  return v;
}

function runUndo(ctx: RunCtx): void {
  const api = ctx.lab.api();
  const dry = dryRunOf(ctx);
  const to = ctx.num("to-revision");
  for (const t of rolloutTargets(ctx)) {
    if (!ROLLOUT_KINDS.has(t.resource.name)) throw new KubectlError(`no rollbacker has been implemented for ${JSON.stringify(t.resource.group ? `${t.resource.kind}.${t.resource.group}` : t.resource.kind)}`);
    const o = api.get(t.resource.name, t.namespace, t.name);
    if (o.kind === "Deployment" && o.spec?.paused) throw new KubectlError(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`);
    const revs = revisions(ctx, o);
    let target: Revision | undefined;
    if (to > 0) {
      target = revs.find((r) => r.rev === to);
      if (!target) throw new KubectlError(`unable to find specified revision ${to} in history`);
    } else {
      target = revs.length >= 2 ? revs[revs.length - 2] : undefined;
      if (!target) throw new KubectlError(o.kind === "Deployment" ? `no rollout history found for deployment "${o.metadata.name}"` : `no last revision to roll back to`);
    }
    let result: string;
    if (same(target.template, o.spec?.template ?? {})) {
      result = o.kind === "Deployment" ? `skipped rollback (current template already matches revision ${target.rev})` : "skipped rollback (current template already matches revision " + target.rev + ")";
    } else {
      o.spec = { ...o.spec, template: stripHash(target.template) };
      if (dry !== "client") api.update(t.resource.name, o, { dryRun: dry === "server" });
      result = "rolled back";
    }
    ctx.out(makePrinter("", { operation: operationSuffix(result, dry) }).print(o));
  }
}

// ---------------------------------------------------------------- restart / pause / resume

function runRestart(ctx: RunCtx): void {
  const api = ctx.lab.api();
  const dry = dryRunOf(ctx);
  for (const t of rolloutTargets(ctx)) {
    const o = api.get(t.resource.name, t.namespace, t.name);
    if (!ROLLOUT_KINDS.has(t.resource.name)) throw new KubectlError(`restarting is not supported`);
    if (o.kind === "Deployment" && o.spec?.paused) throw new KubectlError(`can't restart paused deployment (run rollout resume first)`);
    const tpl = (o.spec.template ??= {});
    tpl.metadata = { ...(tpl.metadata ?? {}), annotations: { ...(tpl.metadata?.annotations ?? {}), "kubectl.kubernetes.io/restartedAt": rfc3339(ctx.lab.now()) } };
    if (dry !== "client") api.update(t.resource.name, o, { dryRun: dry === "server" });
    ctx.out(makePrinter(ctx.str("output"), { operation: operationSuffix("restarted", dry) }).print(o));
  }
}

function runPause(paused: boolean) {
  return (ctx: RunCtx): void => {
    const api = ctx.lab.api();
    const errors: string[] = [];
    for (const t of rolloutTargets(ctx)) {
      const o = api.get(t.resource.name, t.namespace, t.name);
      if (o.kind !== "Deployment") {
        errors.push(`error: ${t.resource.name}${t.resource.group ? "." + t.resource.group : ""} "${t.name}" ${paused ? "pausing" : "resuming"} is not supported\n`);
        continue;
      }
      const verb = paused ? "paused" : "resumed";
      if (!!o.spec?.paused === paused) {
        ctx.out(`${objectName(o)} already ${verb}\n`);
        continue;
      }
      if (paused) o.spec.paused = true;
      else delete o.spec.paused;
      api.update(t.resource.name, o);
      ctx.out(makePrinter(ctx.str("output"), { operation: verb }).print(o));
    }
    if (errors.length) throw new RawError(errors.join(""));
  };
}

// ---------------------------------------------------------------- set image / env / resources

function podSpecOf(o: KubeObject): Obj | undefined {
  if (o.kind === "Pod") return o.spec;
  if (o.kind === "CronJob") return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

const SET_KINDS = new Set(["Pod", "ReplicationController", "Deployment", "DaemonSet", "Job", "ReplicaSet", "StatefulSet", "CronJob"]);

async function runSetImage(ctx: RunCtx): Promise<void> {
  const res = ctx.args.filter((a) => !a.includes("="));
  const pairs = ctx.args.filter((a) => a.includes("="));
  if (!res.length && !ctx.arr("filename").length) {
    throw new KubectlError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  }
  if (!pairs.length) {
    for (const t of targets(ctx, res, { selector: ctx.str("selector"), all: ctx.bool("all") })) ctx.lab.api().get(t.resource.name, t.namespace, t.name);
    throw new KubectlError("at least one image update is required");
  }
  const images = new Map<string, string>();
  for (const p of pairs) images.set(p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1));
  await mutateEach(ctx, res, "image updated", (o) => {
    const spec = podSpecOf(o);
    if (!spec) throw new KubectlError(`${objectName(o)} has no pod template`);
    for (const [name, image] of images) {
      let found = false;
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        if (name === "*" || c.name === name) {
          c.image = image;
          found = true;
        }
      }
      if (!found) throw new KubectlError(`unable to find container named "${name}"`);
    }
  });
}

async function runSetEnv(ctx: RunCtx): Promise<void> {
  const res = ctx.args.filter((a) => !a.includes("=") && !(a.endsWith("-") && ctx.args.indexOf(a) > 0));
  const envArgs = ctx.args.filter((a) => !res.includes(a));
  if (!res.length && !ctx.arr("filename").length) throw new KubectlError("one or more resources must be specified as <resource> <name> or <resource>/<name>");
  const container = ctx.str("containers") || "*";
  const api = ctx.lab.api();
  if (ctx.bool("list")) {
    for (const t of targets(ctx, res, { selector: ctx.str("selector"), all: ctx.bool("all") })) {
      const o = api.get(t.resource.name, t.namespace, t.name);
      const spec = podSpecOf(o) ?? {};
      for (const c of spec.containers ?? []) {
        if (container !== "*" && c.name !== container) continue;
        ctx.out(`# ${t.resource.kind.toLowerCase()}s/${t.name}, container ${c.name}\n`);
        for (const e of c.env ?? []) {
          if (e.valueFrom) {
            const from = e.valueFrom.secretKeyRef ? `from secret ${e.valueFrom.secretKeyRef.name}, key ${e.valueFrom.secretKeyRef.key}` : e.valueFrom.configMapKeyRef ? `from configmap ${e.valueFrom.configMapKeyRef.name}, key ${e.valueFrom.configMapKeyRef.key}` : e.valueFrom.fieldRef ? `from field path ${e.valueFrom.fieldRef.fieldPath}` : "";
            ctx.out(`# ${e.name} ${from}\n`);
          } else ctx.out(`${e.name}=${e.value ?? ""}\n`);
        }
      }
    }
    return;
  }
  const add: Obj[] = [];
  const remove: string[] = [];
  for (const a of envArgs) {
    if (a.endsWith("-") && !a.includes("=")) remove.push(a.slice(0, -1));
    else add.push({ name: a.slice(0, a.indexOf("=")), value: a.slice(a.indexOf("=") + 1) });
  }
  for (const f of ["from"]) if (ctx.str(f)) {
    const [kind, name] = ctx.str(f).split("/");
    const src = api.get(kind.startsWith("secret") ? "secrets" : "configmaps", ctx.namespace(), name);
    for (const k of Object.keys(src.data ?? {}).sort()) {
      const envName = (ctx.str("prefix") + k).toUpperCase().replace(/[^A-Z0-9_]/g, "_");
      add.push({ name: envName, valueFrom: kind.startsWith("secret") ? { secretKeyRef: { key: k, name } } : { configMapKeyRef: { key: k, name } } });
    }
  }
  if (!add.length && !remove.length) throw new KubectlError("at least one environment variable must be provided");
  await mutateEach(ctx, res, "env updated", (o) => {
    const spec = podSpecOf(o);
    if (!spec) return;
    for (const c of [...(spec.containers ?? [])]) {
      if (container !== "*" && c.name !== container) continue;
      let env: Obj[] = [...(c.env ?? [])];
      for (const a of add) {
        const i = env.findIndex((e) => e.name === a.name);
        if (i >= 0) {
          if (ctx.bool("overwrite") === false && ctx.changed("overwrite")) throw new KubectlError(`'${a.name}' already has a value (${env[i].value}), and --overwrite is false`);
          env[i] = a;
        } else env.push(a);
      }
      env = env.filter((e) => !remove.includes(e.name));
      if (env.length) c.env = env;
      else delete c.env;
    }
  });
}

async function runSetResources(ctx: RunCtx): Promise<void> {
  if (!ctx.args.length && !ctx.arr("filename").length) {
    throw new KubectlError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  }
  const limits = parseResourceList(ctx.str("limits"));
  const requests = parseResourceList(ctx.str("requests"));
  if (!Object.keys(limits).length && !Object.keys(requests).length) throw new KubectlError("you must specify an update to requests or limits (in the form of --requests/--limits)");
  const container = ctx.str("containers") || "*";
  await mutateEach(ctx, ctx.args, "resource requirements updated", (o) => {
    const spec = podSpecOf(o);
    if (!spec) return;
    let found = false;
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      if (container !== "*" && c.name !== container) continue;
      found = true;
      c.resources = { ...(c.resources ?? {}) };
      if (Object.keys(limits).length) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
      if (Object.keys(requests).length) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
    }
    if (!found) throw new KubectlError(`unable to find container named ${container}`);
  });
}

function parseResourceList(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const part of s.split(",")) {
    const i = part.indexOf("=");
    if (i < 0) throw new KubectlError(`invalid argument syntax ${part}, expected <resource>=<value>`);
    out[part.slice(0, i)] = parseQuantity(part.slice(i + 1));
  }
  return out;
}

/** Get each target, change it, and update it when something changed (set's "no change → no output"). */
async function mutateEach(ctx: RunCtx, args: string[], operation: string, change: (o: KubeObject) => void): Promise<void> {
  const api = ctx.lab.api();
  const dry = dryRunOf(ctx);
  const errors: string[] = [];
  const printer = makePrinter(ctx.str("output"), { operation: operationSuffix(operation, dry) });
  for (const t of targets(ctx, args, { selector: ctx.str("selector"), all: ctx.bool("all") })) {
    let o: KubeObject;
    try {
      o = api.get(t.resource.name, t.namespace, t.name);
    } catch (e) {
      if (e instanceof ApiError) {
        errors.push(errorText(e).text);
        continue;
      }
      throw e;
    }
    if (!SET_KINDS.has(o.kind)) {
      errors.push(`error: ${objectName(o)} does not have a pod template\n`);
      continue;
    }
    const before = JSON.stringify(o);
    change(o);
    if (JSON.stringify(o) === before) continue;
    const res = dry === "client" ? o : api.update(t.resource.name, o, { dryRun: dry === "server" });
    ctx.out(printer.print(res));
  }
  if (errors.length) throw new RawError(errors.join(""));
}

export const rolloutCommand: CommandSpec = fromHelp("rollout", {
  groupHelpStdout: true,
  children: [
    fromHelp("rollout history", { run: runHistory }),
    fromHelp("rollout pause", { run: runPause(true) }),
    fromHelp("rollout restart", { run: runRestart }),
    fromHelp("rollout resume", { run: runPause(false) }),
    fromHelp("rollout status", { run: runStatus }),
    fromHelp("rollout undo", { run: runUndo }),
  ],
});

export const setCommand: CommandSpec = fromHelp("set", {
  children: [fromHelp("set image", { run: runSetImage }), fromHelp("set env", { run: runSetEnv }), fromHelp("set resources", { run: runSetResources })],
});

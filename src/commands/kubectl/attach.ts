// kubectl attach (k8s.io/kubectl/pkg/cmd/attach) and what kubectl run -i/-t/--attach shares
// with it (pkg/cmd/run: waitForPod, handleAttachPod, logOpts), plus the follow loop of
// kubectl logs -f.
//
// The attach stream is the container's output from the moment kubectl attaches: the lines the
// container's process writes to the runtime (its ProcessPlan steps, in virtual time) from then
// on, until the process exits. Nothing is canned: a line shows when the runtime has it.
//
// Ctrl-C: the lab's terminal delivers it to kubectl as SIGINT. While kubectl waits for the pod
// (waitForPod's interrupt.New(nil, cancel)) or holds a raw terminal (term.TTY.Safe) its handler
// calls os.Exit(1); while it streams without a raw terminal Go's default action kills it (the
// shell shows 130). Either way deferred work (run --rm's deletion) does not run. With a real
// raw terminal the keystroke would go to the container's process instead; the lab cannot send
// keystrokes to containers, so it stops kubectl as a signal would.

import type { KubeObject } from "../../engine/types.ts";
import type { Container, LogLine } from "../../engine/node/runtime.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { KubectlError, RawError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { fromHelp } from "./spec.ts";
import { parseGoDuration } from "./flags.ts";
import { resolveResource } from "./discovery.ts";
import { checkPodSubresource } from "./identity.ts";
import { findOrDefaultContainer } from "./podcmd.ts";
import { matchLabels, parseLabelSelector } from "../../engine/api/selectors.ts";

type Obj = any;

/** How often a waiting or streaming kubectl looks again (virtual ms in the CLI, real ms in the page). */
const POLL_MS = 250;
/**
 * Without a terminal (the headless CLI) nobody can press Ctrl-C: an attach whose container does
 * not exit by itself stops after this much virtual time, as if interrupted.
 */
export const HEADLESS_ATTACH_LIMIT_MS = 10 * 60_000;

/** kubectl stopped by SIGINT: no deferred cleanup runs. */
export class Interrupted extends RawError {}

/** run.go ErrPodCompleted */
class PodCompleted extends Error {}

interface PodEvent {
  type: string;
  pod: KubeObject;
  /** virtual ms when the event happened */
  at: number;
  /** ids of the pod's containers that were running at that moment */
  running: Set<string>;
}

type Condition = (type: string, pod: KubeObject) => boolean;

const notFound = () => new ApiError("NotFound", 404, 'pods "" not found');

/** run.go podRunningAndReady */
export const podRunningAndReady: Condition = (type, pod) => {
  if (type === "DELETED") throw notFound();
  const phase = pod.status?.phase;
  if (phase === "Failed" || phase === "Succeeded") throw new PodCompleted();
  if (phase !== "Running") return false;
  return ((pod.status?.conditions ?? []) as Obj[]).some((c) => c.type === "Ready" && c.status === "True");
};

/** run.go podCompleted */
export const podCompleted: Condition = (type, pod) => {
  if (type === "DELETED") throw notFound();
  return pod.status?.phase === "Failed" || pod.status?.phase === "Succeeded";
};

/** run.go podSucceeded */
export const podSucceeded: Condition = (type, pod) => {
  if (type === "DELETED") throw notFound();
  return pod.status?.phase === "Succeeded";
};

interface Store {
  peek(resource: string, ns: string | undefined, name: string): KubeObject | undefined;
  watch(fn: (e: { type: string; resource: string; object: KubeObject }) => void, f: { resources: string[] }): () => void;
}

function storeOf(ctx: RunCtx): Store | undefined {
  return (ctx.lab.cluster as unknown as { store?: Store } | undefined)?.store;
}

/** The runtime's attempts of one container of a pod, oldest first. */
export function attemptsOf(ctx: RunCtx, pod: KubeObject, container: string): Container[] {
  const node = pod.spec?.nodeName;
  const m = node ? ctx.lab.cluster?.machines.get(node) : undefined;
  if (!m) return [];
  const uid = pod.metadata.annotations?.["kubernetes.io/config.mirror"] ?? pod.metadata.uid;
  return m.runtime.containers.filter((c) => c.podUid === uid && c.name === container).sort((a, b) => a.attempt - b.attempt);
}

function runningIds(ctx: RunCtx, pod: KubeObject): Set<string> {
  const ids = new Set<string>();
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])] as Obj[]) {
    for (const a of attemptsOf(ctx, pod, c.name)) if (a.state === "running") ids.add(a.id);
  }
  return ids;
}

/**
 * run.go waitForPod: watchtools.UntilWithSync on one pod (the current object first, then each
 * change) until the condition holds, the timeout passes ("timed out waiting for the
 * condition"), or Ctrl-C (os.Exit(1)).
 */
export async function waitForPod(ctx: RunCtx, ns: string, name: string, timeoutMs: number, cond: Condition): Promise<PodEvent> {
  const store = storeOf(ctx);
  const events: PodEvent[] = [];
  const record = (type: string, pod: KubeObject) => events.push({ type, pod: structuredClone(pod), at: ctx.lab.now(), running: type === "DELETED" ? new Set() : runningIds(ctx, pod) });
  let stop = () => {};
  if (store) {
    const cur = store.peek("pods", ns, name);
    if (cur) record("ADDED", cur);
    stop = store.watch(
      (e) => {
        if (e.object.metadata.namespace === ns && e.object.metadata.name === name) record(e.type, e.object);
      },
      { resources: ["pods"] },
    );
  } else {
    record("ADDED", ctx.lab.api().get("pods", ns, name));
  }
  const signal = ctx.io.signal;
  const deadline = ctx.lab.now() + timeoutMs;
  try {
    for (;;) {
      for (let e = events.shift(); e; e = events.shift()) if (cond(e.type, e.pod)) return e;
      if (signal?.aborted) throw new Interrupted("", 1);
      const left = deadline - ctx.lab.now();
      if (left <= 0 || !store) throw new KubectlError("timed out waiting for the condition");
      await ctx.lab.sleep(Math.min(POLL_MS, left), signal);
    }
  } finally {
    stop();
  }
}

/** A shell started without a script: it reads its commands from its terminal (exec's argv, or a container's command + args). */
export function readsKeyboard(argv: string[]): boolean {
  const base = (argv[0] ?? "").slice((argv[0] ?? "").lastIndexOf("/") + 1);
  if (!["sh", "ash", "bash", "dash"].includes(base)) return false;
  return !argv.slice(1).some((a) => /^-[a-z]*c[a-z]*$/.test(a)) && !argv.slice(1).some((a) => !a.startsWith("-"));
}

/** Whether kubectl's stdin is the student's terminal (term.IsTerminal(os.Stdin)). */
function stdinIsTerminal(ctx: RunCtx): boolean {
  return !!ctx.lab.terminal?.(ctx.io.stdin);
}

interface Source {
  c: Container;
  /** the next index of c.logs to print */
  next: number;
  /** print only lines written at or after this virtual time */
  since: number;
  write: (l: LogLine) => void;
}

/**
 * Print what the containers write as they write it, until every one has exited ("exited"),
 * Ctrl-C ("interrupted"), or, without a terminal, the headless limit ("interrupted"; 0: print
 * what there is and return "detached").
 */
export async function follow(ctx: RunCtx, sources: Source[], headlessLimitMs: number): Promise<"exited" | "interrupted" | "detached"> {
  const signal = ctx.io.signal;
  const start = ctx.lab.now();
  for (;;) {
    let live = false;
    for (const s of sources) {
      const logs = s.c.logs;
      if (s.next > logs.length) s.next = logs.length; // the runtime dropped old lines
      for (; s.next < logs.length; s.next++) if (logs[s.next].time >= s.since) s.write(logs[s.next]);
      if (s.c.state !== "exited" && !s.c.removed) live = true;
    }
    if (!live) return "exited";
    if (signal?.aborted) return "interrupted";
    if (!signal) {
      if (headlessLimitMs <= 0) return "detached";
      if (ctx.lab.now() - start >= headlessLimitMs) return "interrupted";
      await ctx.lab.sleep(1000);
      continue;
    }
    await ctx.lab.sleep(POLL_MS, signal);
  }
}

export interface AttachOptions {
  pod: KubeObject;
  /** the event at which kubectl saw the pod (run: Running and Ready); undefined: now */
  seen?: PodEvent;
  container: string;
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
}

/**
 * AttachOptions.Run once the pod is known: the TTY checks, the hint, the stream until the
 * attached process exits, and the reattach message. Throws an Error with the attach call's
 * message when the container is not running (run falls back to the logs).
 */
export async function attachRun(ctx: RunCtx, o: AttachOptions): Promise<void> {
  const pod = o.pod;
  let spec: Obj;
  try {
    spec = findOrDefaultContainer(pod, o.container, o.quiet, (s) => ctx.err(s));
  } catch (e) {
    throw new KubectlError(`cannot attach to the container: ${(e as Error).message}`);
  }
  let tty = o.tty;
  if (tty && !spec.tty) {
    tty = false;
    if (!o.quiet) ctx.err(`error: Unable to use a TTY - container ${spec.name} did not allocate one\n`);
  } else if (!tty && spec.tty) tty = true;
  // StreamOptions.SetupTTY
  let raw = false;
  if (o.stdin && tty) {
    if (stdinIsTerminal(ctx)) raw = true;
    else if (!o.quiet) ctx.err("Unable to use a TTY - input is not a terminal or the right kind of file\n");
  }
  if (!o.quiet) ctx.err("If you don't see a command prompt, try pressing enter.\n");
  checkPodSubresource(ctx.lab, "create", pod, "attach");
  const attempts = attemptsOf(ctx, pod, spec.name);
  const c = o.seen ? attempts.find((a) => o.seen!.running.has(a.id)) : attempts.find((a) => a.state === "running");
  if (!c) throw new AttachFailed(`unable to upgrade connection: container not found ("${spec.name}")`);
  // a shell reading its terminal (sh, bash with no script): the lines typed go to it until it exits, and the container with it
  const term = o.stdin && stdinIsTerminal(ctx) ? ctx.lab.terminal?.(ctx.io.stdin) : null;
  if (term && readsKeyboard([...c.command, ...c.args])) {
    const view = ctx.lab.cluster.containerView(pod.metadata.namespace!, pod.metadata.name!, spec.name);
    if (view && view.container === c) {
      const { containerShell } = await import("./interactive.ts");
      const program = containerShell({ lab: ctx.lab, namespace: pod.metadata.namespace!, pod: pod.metadata.name!, container: spec.name, attempt: c, argv: [...c.command, ...c.args], mode: "attach", view, tty: raw });
      await term.take(program, ctx.takeOutput?.() ?? { stdout: "", stderr: "" });
      return reattachMessage(ctx, o, pod, spec, raw);
    }
  }
  // a container with a TTY writes both streams through its terminal (ONLCR: \n becomes \r\n);
  // a raw attach asks for no stderr stream
  const ptyOut = (t: string) => ctx.out(t.replace(/\r?\n/g, "\r\n"));
  const write = spec.tty ? (l: LogLine) => ptyOut(l.text) : (l: LogLine) => (l.stream === "stderr" ? ctx.err(l.text) : ctx.out(l.text));
  const since = o.seen?.at ?? ctx.lab.now();
  const end = await follow(ctx, [{ c, next: 0, since, write }], HEADLESS_ATTACH_LIMIT_MS);
  if (end === "interrupted") throw new Interrupted("", raw ? 1 : 130);
  reattachMessage(ctx, o, pod, spec, raw);
}

/** attach.go reattachMessage: how to come back to a container that restarts. */
function reattachMessage(ctx: RunCtx, o: AttachOptions, pod: KubeObject, spec: Obj, raw: boolean): void {
  if (!o.quiet && o.stdin && raw && pod.spec?.restartPolicy === "Always") {
    const ephemeral = ((pod.spec?.ephemeralContainers ?? []) as Obj[]).some((x) => x.name === spec.name);
    ctx.out(
      ephemeral
        ? `Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach ${pod.metadata.name} -c ${spec.name} -i -t' if it is still running\n`
        : `Session ended, resume using 'kubectl attach ${pod.metadata.name} -c ${spec.name} -i -t' command when the pod is running\n`,
    );
  }
}

/** The attach call itself failed (no running container). */
export class AttachFailed extends Error {}

/** run.go logOpts: the container's whole log, to stdout. */
export function logOpts(ctx: RunCtx, pod: KubeObject, container: string, quiet: boolean): void {
  const spec = findOrDefaultContainer(pod, container, quiet, (s) => ctx.err(s));
  checkPodSubresource(ctx.lab, "get", pod, "log");
  const attempts = attemptsOf(ctx, pod, spec.name);
  const c = attempts[attempts.length - 1];
  if (!c || c.state === "created") {
    const waiting = ((pod.status?.containerStatuses ?? []) as Obj[]).find((s) => s.name === spec.name)?.state?.waiting?.reason ?? "ContainerCreating";
    throw new ApiError("BadRequest", 400, `container "${spec.name}" in pod "${pod.metadata.name}" is waiting to start: ${waiting}`);
  }
  for (const l of c.logs) ctx.out(l.text);
}

/** run.go handleAttachPod: wait until the pod runs, attach (or print the logs of a finished pod). */
export async function handleAttachPod(ctx: RunCtx, ns: string, name: string, timeoutMs: number, o: Omit<AttachOptions, "pod" | "seen">): Promise<void> {
  let seen: PodEvent;
  try {
    seen = await waitForPod(ctx, ns, name, timeoutMs, podRunningAndReady);
  } catch (e) {
    if (!(e instanceof PodCompleted)) throw e;
    const pod = ctx.lab.api().get("pods", ns, name);
    logOpts(ctx, pod, o.container, o.quiet);
    return;
  }
  try {
    await attachRun(ctx, { ...o, pod: seen.pod, seen });
  } catch (e) {
    if (!(e instanceof AttachFailed)) throw e;
    ctx.err(`warning: couldn't attach to pod/${name}, falling back to streaming logs: ${e.message}\n`);
    logOpts(ctx, ctx.lab.api().get("pods", ns, name), o.container, o.quiet);
  }
}

/** cmdutil.GetPodRunningTimeoutFlag */
export function podRunningTimeout(ctx: RunCtx): number {
  const ms = parseGoDuration(ctx.str("pod-running-timeout")) ?? 0;
  if (ms <= 0) throw new KubectlError(`--pod-running-timeout must be higher than zero\nSee '${ctx.path} -h' for help and examples`);
  return ms;
}

/** polymorphichelpers.AttachablePodForObjectFn for a workload: its first pod (running ones first). */
function attachablePod(ctx: RunCtx, obj: KubeObject, ns: string): KubeObject {
  if (obj.kind === "Pod") return obj;
  const sel = obj.spec?.selector;
  const labels: Record<string, string> | undefined = sel?.matchLabels ?? (sel && !sel.matchExpressions ? sel : undefined);
  if (!labels) throw new KubectlError(`cannot attach to ${obj.kind}`);
  const reqs = parseLabelSelector(Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(","));
  const pods = ctx.lab.api().list("pods", ns).filter((p) => matchLabels(reqs, p.metadata.labels) && !p.metadata.deletionTimestamp);
  const rank = (p: KubeObject) => (p.status?.phase === "Running" ? 0 : p.status?.phase === "Pending" ? 1 : 2);
  pods.sort((a, b) => rank(a) - rank(b) || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
  if (!pods.length) throw new KubectlError("timed out waiting for the condition");
  return pods[0];
}

async function runAttach(ctx: RunCtx): Promise<void> {
  const args = ctx.args;
  // Complete, then Validate
  podRunningTimeout(ctx);
  if (args.length === 0) throw new KubectlError("at least 1 argument is required for attach");
  if (args.length > 2) throw new KubectlError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(" ")}]`);
  const ns = ctx.namespace();
  let resource = "pods";
  let name = args[0];
  if (args.length === 2) {
    resource = resolveResource(args[0]).name;
    name = args[1];
  } else if (name.includes("/")) {
    resource = resolveResource(name.slice(0, name.indexOf("/"))).name;
    name = name.slice(name.indexOf("/") + 1);
  }
  const pod = attachablePod(ctx, ctx.lab.api().get(resource, ns, name), ns);
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") throw new KubectlError(`cannot attach a container in a completed pod; current phase is ${phase}`);
  try {
    await attachRun(ctx, { pod, container: ctx.str("container"), stdin: ctx.bool("stdin"), tty: ctx.bool("tty"), quiet: ctx.bool("quiet") });
  } catch (e) {
    if (e instanceof AttachFailed) throw new KubectlError(e.message);
    throw e;
  }
}

export const attachCommand: CommandSpec = fromHelp("attach", { run: runAttach });

// The grader: evaluates a scenario's checks against the lab's end state and says, for each,
// what it looked at, what it expected and what it found.

import type { Cluster } from "../engine/cluster.ts";
import type { KubeObject } from "../engine/types.ts";
import { kindInfo } from "../engine/api/resources.ts";
import type { CheckResult, GradeResult } from "../shell/session-api.ts";
import type { Check, Scenario } from "./types.ts";

export interface GradeEnv {
  cluster: Cluster;
  runOn(host: string, line: string): Promise<{ stdout: string; stderr: string; exitCode: number }>;
}

/** Walk `.a.b[0]['c.d']` through an object. */
export function getPath(obj: unknown, path: string): { found: boolean; value: unknown } {
  const tokens: (string | number)[] = [];
  const re = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]|\[['"]([^'"]+)['"]\]/gy;
  let m: RegExpExecArray | null;
  let p = path.trim();
  if (!p.startsWith(".") && !p.startsWith("[")) p = "." + p;
  re.lastIndex = 0;
  let pos = 0;
  while (pos < p.length && (m = re.exec(p))) {
    tokens.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
    pos = re.lastIndex;
  }
  if (pos !== p.length) return { found: false, value: undefined };
  let cur: unknown = obj;
  for (const t of tokens) {
    if (cur === null || typeof cur !== "object") return { found: false, value: undefined };
    cur = (cur as Record<string | number, unknown>)[t];
    if (cur === undefined) return { found: false, value: undefined };
  }
  return { found: true, value: cur };
}

export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined) return "<unset>";
  return JSON.stringify(v);
}

function resourceOf(kind: string): string | undefined {
  return kindInfo(kind)?.resource;
}

function lookup(cluster: Cluster, kind: string, name: string, namespace?: string): KubeObject | undefined {
  const custom = cluster.store.customKind(kind);
  const res = resourceOf(kind) ?? (custom && `${custom.resource}.${custom.group}`);
  if (!res) return undefined;
  return cluster.store.peek(res, namespace ?? "default", name);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof b === "number") return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

async function evaluate(c: Check, env: GradeEnv): Promise<{ passed: boolean; expected: string; observed: string }> {
  const cluster = env.cluster;
  const ns = (x?: string) => x ?? "default";
  if (c.exists) {
    const { kind, name, namespace } = c.exists;
    const o = lookup(cluster, kind, name, namespace);
    const what = `${kind.toLowerCase()} ${name}${namespace ? ` in namespace ${namespace}` : ""}`;
    return { passed: !!o, expected: `${what} exists`, observed: o ? `${what} exists` : `no ${kind.toLowerCase()} named ${name} in namespace ${ns(namespace)}` };
  }
  if (c.absent) {
    const { kind, name, namespace } = c.absent;
    const o = lookup(cluster, kind, name, namespace);
    return { passed: !o, expected: `no ${kind.toLowerCase()} named ${name}`, observed: o ? `${kind.toLowerCase()} ${name} still exists` : `no ${kind.toLowerCase()} named ${name}` };
  }
  if (c.field) {
    const f = c.field;
    const o = lookup(cluster, f.kind, f.name, f.namespace);
    const exp =
      f.equals !== undefined ? `${f.path} = ${show(f.equals)}` :
      f.contains !== undefined ? `${f.path} contains ${show(f.contains)}` :
      f.matches !== undefined ? `${f.path} matches /${f.matches}/` : `${f.path} is one of ${show(f.oneOf)}`;
    if (!o) return { passed: false, expected: exp, observed: `no ${f.kind.toLowerCase()} named ${f.name} in namespace ${ns(f.namespace)}` };
    const { found, value } = getPath(o, f.path);
    const where = `${f.kind.toLowerCase()} ${f.name}: ${f.path}`;
    if (!found) return { passed: false, expected: exp, observed: `${where} is not set` };
    let passed = false;
    if (f.equals !== undefined) passed = sameValue(value, f.equals);
    else if (f.contains !== undefined) passed = (typeof value === "string" ? value : JSON.stringify(value)).includes(f.contains) || (Array.isArray(value) && value.some((x) => sameValue(x, f.contains)));
    else if (f.matches !== undefined) passed = new RegExp(f.matches).test(typeof value === "string" ? value : JSON.stringify(value));
    else if (f.oneOf !== undefined) passed = f.oneOf.some((x) => sameValue(value, x));
    return { passed, expected: exp, observed: `${where} is ${show(value)}` };
  }
  if (c.podRunning) {
    const { name, namespace, node, ready } = c.podRunning;
    const pod = cluster.store.peek("pods", ns(namespace), name);
    const exp = `pod ${name} Running${node ? ` on ${node}` : ""}${ready ? " and Ready" : ""}`;
    if (!pod) return { passed: false, expected: exp, observed: `no pod named ${name} in namespace ${ns(namespace)}` };
    const phase = pod.status?.phase ?? "Pending";
    const cs: any[] = pod.status?.containerStatuses ?? [];
    const waiting = cs.map((s) => s.state?.waiting?.reason).find(Boolean);
    const isReady = pod.status?.conditions?.some((x: any) => x.type === "Ready" && x.status === "True");
    const parts = [`phase ${phase}`];
    if (waiting) parts.push(`container waiting: ${waiting}`);
    if (pod.spec?.nodeName) parts.push(`on ${pod.spec.nodeName}`);
    else parts.push("not scheduled to any node");
    if (ready) parts.push(isReady ? "Ready" : "not Ready");
    const passed = phase === "Running" && !waiting && (!node || pod.spec?.nodeName === node) && (!ready || !!isReady) && !pod.metadata.deletionTimestamp;
    return { passed, expected: exp, observed: `pod ${name}: ${parts.join(", ")}` };
  }
  if (c.staticPod) {
    const { name, node, namespace } = c.staticPod;
    const full = `${name}-${node}`;
    const pod = cluster.store.peek("pods", ns(namespace), full);
    const exp = `static pod ${name} on ${node} (mirror pod ${full} in namespace ${ns(namespace)})`;
    if (!pod) {
      const plain = cluster.store.peek("pods", ns(namespace), name);
      const note = plain ? ` — pod ${name} exists but it was created through the API server, so it is not a static pod` : "";
      return { passed: false, expected: exp, observed: `no pod named ${full}${note}` };
    }
    const mirror = pod.metadata.annotations?.["kubernetes.io/config.mirror"];
    if (!mirror) return { passed: false, expected: exp, observed: `pod ${full} exists but has no kubernetes.io/config.mirror annotation: it is not a static pod` };
    if (pod.spec?.nodeName !== node) return { passed: false, expected: exp, observed: `pod ${full} runs on ${pod.spec?.nodeName}` };
    return { passed: true, expected: exp, observed: `mirror pod ${full} (config.mirror ${mirror.slice(0, 8)}…) on ${node}` };
  }
  if (c.file) {
    const { node, path, exists, contains, matches } = c.file;
    const m = cluster.machine(node ?? "controlplane");
    const host = node ?? "controlplane";
    if (!m) return { passed: false, expected: `${host}:${path}`, observed: `no node named ${host}` };
    const text = m.fs.tryRead(path);
    const there = m.fs.exists(path);
    if (exists === false) return { passed: !there, expected: `${host}:${path} does not exist`, observed: there ? `${host}:${path} exists` : `${host}:${path} does not exist` };
    if (contains !== undefined) return { passed: !!text?.includes(contains), expected: `${host}:${path} contains ${show(contains)}`, observed: text === undefined ? `${host}:${path} does not exist` : text.includes(contains) ? `${host}:${path} contains it` : `${host}:${path} does not contain it` };
    if (matches !== undefined) {
      const ok = text !== undefined && new RegExp(matches, "m").test(text);
      return { passed: ok, expected: `${host}:${path} matches /${matches}/`, observed: text === undefined ? `${host}:${path} does not exist` : ok ? "it matches" : "no line matches" };
    }
    return { passed: there, expected: `${host}:${path} exists`, observed: there ? `${host}:${path} exists` : `${host}:${path} does not exist` };
  }
  if (c.rollout) {
    const { kind, name, namespace } = c.rollout;
    const o = lookup(cluster, kind, name, namespace);
    const exp = `${kind.toLowerCase()} ${name} fully rolled out and available`;
    if (!o) return { passed: false, expected: exp, observed: `no ${kind.toLowerCase()} named ${name} in namespace ${ns(namespace)}` };
    const s = o.status ?? {};
    if (kind === "DaemonSet") {
      const want = s.desiredNumberScheduled ?? 0;
      const ok = want > 0 && s.numberAvailable === want && s.updatedNumberScheduled === want && (s.observedGeneration ?? 0) >= (o.metadata.generation ?? 0);
      return { passed: ok, expected: exp, observed: `desired ${want}, updated ${s.updatedNumberScheduled ?? 0}, available ${s.numberAvailable ?? 0}` };
    }
    const want = o.spec?.replicas ?? 1;
    const ok = s.availableReplicas === want && s.updatedReplicas === want && (s.replicas ?? 0) === want && (s.observedGeneration ?? 0) >= (o.metadata.generation ?? 0);
    return { passed: ok, expected: exp, observed: `replicas ${want}, updated ${s.updatedReplicas ?? 0}, available ${s.availableReplicas ?? 0}` };
  }
  if (c.connect) {
    const { from, to, expect } = c.connect;
    const who = "pod" in from ? `pod ${from.namespace ?? "default"}/${from.pod}` : `node ${from.node}`;
    const exp = `${who} → ${to}: ${expect}`;
    const src = "pod" in from ? cluster.store.peek("pods", from.namespace ?? "default", from.pod) : cluster.machine(from.node) ? { node: from.node } : undefined;
    if (!src) return { passed: false, expected: exp, observed: `no ${who}` };
    const source = "node" in src ? (src as { node: string }) : { pod: src as KubeObject };
    const i = to.lastIndexOf(":");
    const host = to.slice(0, i), port = Number(to.slice(i + 1));
    const r = cluster.network.resolve(source, host);
    let got: string;
    if (!r.ok) got = r.error === "timeout" ? "blocked" : "unresolved";
    else {
      const conn = cluster.network.connect(source, r.addresses[0], port);
      got = conn.ok ? "open" : conn.error === "refused" ? "refused" : "blocked";
    }
    return { passed: got === expect, expected: exp, observed: `${who} → ${to}: ${got}` };
  }
  if (c.shell) {
    const { node, run, exitCode, stdoutContains, stdoutMatches } = c.shell;
    const host = node ?? "controlplane";
    const r = await env.runOn(host, run);
    const wantCode = exitCode ?? (stdoutContains === undefined && stdoutMatches === undefined ? 0 : undefined);
    const exp = [`\`${run}\` on ${host}`, wantCode !== undefined ? `exits ${wantCode}` : "", stdoutContains !== undefined ? `prints ${show(stdoutContains)}` : "", stdoutMatches !== undefined ? `prints a match of /${stdoutMatches}/` : ""].filter(Boolean).join(", ");
    let ok = true;
    if (wantCode !== undefined && r.exitCode !== wantCode) ok = false;
    if (stdoutContains !== undefined && !r.stdout.includes(stdoutContains)) ok = false;
    if (stdoutMatches !== undefined && !new RegExp(stdoutMatches, "m").test(r.stdout)) ok = false;
    const out = (r.stdout + r.stderr).trim().split("\n").slice(0, 3).join(" | ");
    return { passed: ok, expected: exp, observed: `exit ${r.exitCode}${out ? `: ${out.slice(0, 200)}` : ""}` };
  }
  return { passed: false, expected: "a known check", observed: "unknown check type" };
}

export async function grade(scenario: Scenario, env: GradeEnv): Promise<GradeResult> {
  env.cluster.settle();
  const checks: CheckResult[] = [];
  for (const c of scenario.checks) {
    const points = c.points ?? 1;
    let r: { passed: boolean; expected: string; observed: string };
    try {
      r = await evaluate(c, env);
    } catch (e) {
      r = { passed: false, expected: "the check to run", observed: `the check could not run: ${(e as Error).message}` };
    }
    const observed = !r.passed && c.hint ? `${r.observed} — ${c.hint}` : r.observed;
    checks.push({ name: c.name, passed: r.passed, expected: r.expected, observed, points });
  }
  const total = checks.reduce((a, c) => a + c.points, 0);
  const score = checks.filter((c) => c.passed).reduce((a, c) => a + c.points, 0);
  return { passed: checks.every((c) => c.passed), score, total, checks };
}

// Test doubles: an in-memory ApiClient and a LabContext for kubectl tests.

import { readdirSync, readFileSync, statSync } from "node:fs";
import type { ApiClient, DeleteOptions, ListOptions } from "../../src/engine/api/client.ts";
import type { NodeFs } from "../../src/engine/node/fs.ts";
import { ApiError, ConnectionRefused, notFound, alreadyExists } from "../../src/engine/api/errors.ts";
import type { KubeObject } from "../../src/engine/types.ts";
import { rfc3339 } from "../../src/engine/types.ts";
import type { CmdIO, LabContext } from "../../src/commands/types.ts";

const GROUPS: Record<string, string> = { deployments: "apps", replicasets: "apps", daemonsets: "apps", statefulsets: "apps", jobs: "batch", cronjobs: "batch" };
const CLUSTER_SCOPED = new Set(["nodes", "namespaces", "persistentvolumes", "clusterroles", "clusterrolebindings", "priorityclasses", "storageclasses"]);
const qualified = (r: string) => (GROUPS[r] ? `${r}.${GROUPS[r]}` : r);

/** A store-backed fake; `stub: true` mimics the oracle's discovery stub (no objects, 404 on writes). */
export class FakeApi implements ApiClient {
  readonly server = "172.30.1.2:6443";
  objects = new Map<string, KubeObject>();
  down = false;
  uid = 0;
  rv = 100;
  constructor(public now: () => number, public stub = false) {}

  private key(resource: string, ns: string | undefined, name: string) {
    return `${resource}/${CLUSTER_SCOPED.has(resource) ? "" : (ns ?? "default")}/${name}`;
  }
  private check() {
    if (this.down) throw new ConnectionRefused(this.server);
  }
  get(resource: string, namespace: string | undefined, name: string): KubeObject {
    this.check();
    this.exists(resource, namespace, name); // finish a graceful removal that is due
    const o = this.objects.get(this.key(resource, namespace, name));
    if (!o) throw notFound(qualified(resource), name);
    return structuredClone(o);
  }
  list(resource: string, namespace: string | undefined, opts?: ListOptions): KubeObject[] {
    this.check();
    const out = [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(resource + "/") && (namespace === undefined || CLUSTER_SCOPED.has(resource) || o.metadata.namespace === namespace))
      .map(([, o]) => structuredClone(o))
      .filter((o) => matchSelector(o, opts?.labelSelector));
    return out.sort((a, b) => `${a.metadata.namespace ?? ""}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ""}/${b.metadata.name}`));
  }
  create(resource: string, obj: KubeObject, opts?: { dryRun?: boolean }): KubeObject {
    this.check();
    if (this.stub) throw new ApiError("NotFound", 404, "the server could not find the requested resource");
    const o = structuredClone(obj);
    const k = this.key(resource, o.metadata.namespace, o.metadata.name!);
    if (this.objects.has(k)) throw alreadyExists(qualified(resource), o.metadata.name!);
    if (!CLUSTER_SCOPED.has(resource)) o.metadata.namespace ||= "default";
    o.metadata.uid = `uid-${++this.uid}`;
    o.metadata.resourceVersion = String(++this.rv);
    o.metadata.creationTimestamp = rfc3339(this.now());
    if (!opts?.dryRun) this.objects.set(k, o);
    return structuredClone(o);
  }
  update(resource: string, obj: KubeObject): KubeObject {
    this.check();
    this.objects.set(this.key(resource, obj.metadata.namespace, obj.metadata.name!), structuredClone(obj));
    return obj;
  }
  /** objects deleted gracefully disappear after this many ms */
  graceMs = 0;
  pendingRemoval: { key: string; at: number }[] = [];
  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): KubeObject {
    this.check();
    const k = this.key(resource, namespace, name);
    const o = this.objects.get(k);
    if (!o) throw notFound(qualified(resource), name);
    if (opts?.dryRun) return structuredClone(o);
    if (this.graceMs > 0 && opts?.gracePeriodSeconds !== 0) {
      o.metadata.deletionTimestamp = rfc3339(this.now() + this.graceMs);
      this.pendingRemoval.push({ key: k, at: this.now() + this.graceMs });
    } else this.objects.delete(k);
    return structuredClone(o);
  }
  exists(resource: string, namespace: string | undefined, name: string): boolean {
    const k = this.key(resource, namespace, name);
    const p = this.pendingRemoval.find((x) => x.key === k);
    if (p && this.now() >= p.at) this.objects.delete(k);
    return this.objects.has(k);
  }
  add(resource: string, o: KubeObject): void {
    this.objects.set(this.key(resource, o.metadata.namespace, o.metadata.name!), o);
  }
}

function matchSelector(o: KubeObject, sel?: string): boolean {
  if (!sel) return true;
  const labels = o.metadata.labels ?? {};
  return sel.split(",").every((term) => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) return term.startsWith("!") ? !(term.slice(1) in labels) : term in labels;
    return m[2] === "!=" ? labels[m[1]] !== m[3] : labels[m[1]] === m[3];
  });
}

export interface FakeLab extends LabContext {
  fake: FakeApi;
  clock: { t: number };
}

export function fakeLab(opts: { stub?: boolean; start?: number } = {}): FakeLab {
  const clock = { t: opts.start ?? Date.UTC(2026, 10, 22, 16, 0, 0) };
  const fake = new FakeApi(() => clock.t, opts.stub);
  return {
    fake,
    clock,
    cluster: undefined as never,
    machine: undefined as never,
    api: () => fake,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
    resolve: (cwd: string, p: string) => (p.startsWith("/") ? p : `${cwd}/${p}`),
    openEditor: async () => null,
  };
}

export const io: CmdIO = { stdin: "", cwd: "/root", env: {} };

/** Split a command line the way bash would (quotes, backslashes, $'…'). */
export function shellSplit(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let has = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === " " || c === "\t") {
      if (has) out.push(cur);
      cur = "";
      has = false;
      i++;
    } else if (c === "'") {
      const j = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, j);
      has = true;
      i = j + 1;
    } else if (c === "$" && line[i + 1] === "'") {
      i += 2;
      has = true;
      while (line[i] !== "'") {
        if (line[i] === "\\") {
          const n = line[i + 1];
          const map: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", "'": "'", '"': '"', r: "\r", a: "\x07", b: "\b", e: "\x1b", f: "\f", v: "\v" };
          if (n === "x") {
            const hex = /^[0-9a-fA-F]{1,2}/.exec(line.slice(i + 2))![0];
            cur += String.fromCharCode(parseInt(hex, 16));
            i += 2 + hex.length;
            continue;
          }
          cur += map[n] ?? "\\" + n;
          i += 2;
        } else cur += line[i++];
      }
      i++;
    } else if (c === '"') {
      i++;
      has = true;
      while (line[i] !== '"') {
        if (line[i] === "\\" && '"\\$`'.includes(line[i + 1])) {
          cur += line[i + 1];
          i += 2;
        } else cur += line[i++];
      }
      i++;
    } else if (c === "\\") {
      cur += line[i + 1];
      has = true;
      i += 2;
    } else {
      cur += c;
      has = true;
      i++;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** Copy a fixtures folder (recursively) into a lab filesystem at `at`. */
export function mountFixtures(fs: NodeFs, dir: URL, at: string): void {
  fs.mkdir(at, true);
  for (const name of readdirSync(dir)) {
    const u = new URL(name, dir);
    if (statSync(u).isDirectory()) mountFixtures(fs, new URL(name + "/", dir), `${at}/${name}`);
    else fs.writeFile(`${at}/${name}`, readFileSync(u, "utf8"));
  }
}

// A container's world for its main process (node/script.ts's ScriptWorld): the files it sees
// (the image's userland, /etc/hosts and resolv.conf, its volumes: configMap, secret, emptyDir,
// hostPath, PVC — the same view kubectl exec gets, container-view.ts) and the cluster's
// network through the clients of its image (busybox wget, nslookup, nc, ping; curl), answered
// by the network model (src/engine/network).
//
// Time: the kubelet plans the process when the container starts, so a network call is
// answered by the cluster as it is then, whatever its offset `at` (a loop that wgets every 5 s
// gets the same answer each round). When Services, endpoints, NetworkPolicies, pods or
// namespaces change, the kubelet asks the clients the plan ran again (Kubelet.replanNetwork);
// if an answer differs, a new epoch starts and the process is re-planned: calls before the
// change keep their answers, later ones get the new ones. Approximations: one answer per
// distinct command line per epoch (kube-proxy's pick among endpoints does not rotate between
// rounds); a re-plan evaluates the rounds before the change again, so a loop that printed more
// than the interpreter's step budget (script.ts MAX_STEPS) runs on silently after it.

import type { KubeObject } from "../../types.ts";
import type { Container } from "../runtime.ts";
import type { Machine } from "../machine.ts";
import type { ScriptWorld, WorldResult } from "../script.ts";
import { containerView, type Mount } from "./container-view.ts";
import { normalizePath } from "../fs.ts";
import { imageUserland, normalizeImageRef } from "../../images/catalog.ts";
import { BUSYBOX_APPLETS, DEBIAN_PROGRAMS } from "../../images/userland.ts";
import type { Network } from "../../network/index.ts";
import { curl, nc, nslookup, ping, wget, type ClientCtx, type ClientResult } from "../../network/clients.ts";

export interface WorldDeps {
  machines: Map<string, Machine>;
  store: { peek(resource: string, ns: string | undefined, name: string): KubeObject | undefined };
  network: Network;
  caCert(): string;
  now(): number;
}

const CLIENTS: Record<string, (args: string[], ctx: ClientCtx) => ClientResult & { forever?: boolean }> = { wget, nslookup, nc, curl, ping, ping6: ping };

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

function locate(mounts: Mount[], path: string): { m: Mount; p: string } | undefined {
  const n = normalizePath(path);
  let best: Mount | undefined;
  for (const m of mounts) if ((m.path === "/" || n === m.path || n.startsWith(m.path + "/")) && (!best || m.path.length > best.path.length)) best = m;
  if (!best) return undefined;
  const rest = best.path === "/" ? n : n.slice(best.path.length);
  return { m: best, p: normalizePath(`${best.base}/${rest}`) };
}

function readIn(mounts: Mount[], path: string): string | undefined {
  const l = locate(mounts, path);
  return l ? l.m.fs.tryRead(l.p) : undefined;
}

export interface ContainerWorld extends ScriptWorld {
  /** the plan asked the world something (files or network): it cannot be reused for the next start */
  used: boolean;
  /** the plan ran network clients: the kubelet re-plans when the network changes */
  network: boolean;
  /**
   * Whether the clients the plan ran would answer differently now; if so a new epoch starts at
   * `offset` (ms since the container started): calls from then on get the new answers, earlier
   * ones keep theirs, so a re-plan repeats the past and changes the future.
   */
  changedAt(offset: number): boolean;
}

/** The world of `pod`'s container `ctr` (pod: with the IP the kubelet gave it). */
/** The programs an image's userland has (one set per userland and binaries, shared: read-only). */
const PROGRAMS = new Map<string, ReadonlySet<string>>();
function imagePrograms(userland: string, binaries: readonly string[]): ReadonlySet<string> {
  const key = userland + "\u0000" + binaries.join("\u0000");
  let set = PROGRAMS.get(key);
  if (!set) PROGRAMS.set(key, (set = new Set([...(userland === "busybox" ? BUSYBOX_APPLETS : userland === "debian" ? DEBIAN_PROGRAMS : []).map(base), ...binaries])));
  return set;
}

export function containerWorld(d: WorldDeps, pod: KubeObject, ctr: Container): ContainerWorld {
  let mounts: Mount[] | undefined;
  const view = () => (mounts ??= containerView(d.machines, d.store, pod, ctr, d.caCert(), d.now).mounts);
  const ref = normalizeImageRef(ctr.imageRef || ctr.image);
  const image = ref.ok ? imageUserland(ref.repository, ref.tag) : imageUserland(ctr.image);
  const programs = imagePrograms(image.userland, image.binaries);
  const spec = (pod.spec?.containers ?? []).concat(pod.spec?.initContainers ?? []).find((c: any) => c.name === ctr.name) ?? {};
  // the answers of each network epoch, by argv and stdin
  const epochs: { from: number; answers: Map<string, WorldResult | undefined> }[] = [{ from: 0, answers: new Map() }];
  const ask = (argv: string[]): WorldResult | undefined => {
    const name = base(argv[0] ?? "");
    const client = CLIENTS[name];
    if (!client || !programs.has(name)) return undefined;
    const writes: { path: string; content: string }[] = [];
    const r = client(argv.slice(1), {
      net: d.network,
      src: { pod },
      tty: !!spec.tty,
      readFile: (dst, dctr, path) => readIn(containerView(d.machines, d.store, dst, dctr, d.caCert(), d.now).mounts, path),
      readLocal: (path) => {
        world.used = true;
        return path.startsWith("/") ? readIn(view(), path) : undefined;
      },
      writeFile: (path, content) => {
        if (path === "/dev/null") return "ok";
        if (path.startsWith("/") && readIn(view(), path) !== undefined) return "exists";
        writes.push({ path, content });
        return "ok";
      },
    });
    return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode, ms: r.elapsedMs, ...(r.timed ? { timed: r.timed } : {}), ...(writes.length ? { writes } : {}), ...(r.forever ? { forever: true } : {}) };
  };
  const world: ContainerWorld = {
    used: false,
    network: false,
    ...(spec.stdin ? { stdinOpen: true } : {}),
    changedAt(offset) {
      const last = epochs[epochs.length - 1];
      const fresh = new Map<string, WorldResult | undefined>();
      let changed = false;
      for (const [key, old] of last.answers) {
        const now = ask(JSON.parse(key)[0]);
        fresh.set(key, now);
        if (JSON.stringify(now) !== JSON.stringify(old)) changed = true;
      }
      if (changed) {
        epochs.push({ from: offset, answers: fresh });
        world.steadyFrom = offset;
      }
      return changed;
    },
    readFile(path) {
      world.used = true;
      return readIn(view(), path);
    },
    isDir(path) {
      world.used = true;
      const l = locate(view(), path);
      return !!l && l.m.fs.isDir(l.p);
    },
    has: (program) => programs.has(program),
    run(argv, stdin, at): WorldResult | undefined {
      if (!CLIENTS[base(argv[0] ?? "")]) return undefined;
      world.used = world.network = true;
      let e = epochs[0];
      for (const x of epochs) if (x.from <= at) e = x;
      const key = JSON.stringify([argv, stdin]);
      if (!e.answers.has(key)) e.answers.set(key, ask(argv));
      return e.answers.get(key);
    },
  };
  return world;
}

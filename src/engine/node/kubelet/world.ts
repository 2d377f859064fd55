// A container's world for its main process (node/script.ts's ScriptWorld): the files it sees
// (the image's userland, /etc/hosts and resolv.conf, its volumes: configMap, secret, emptyDir,
// hostPath, PVC — the same view kubectl exec gets, container-view.ts) and the cluster's
// network through the clients of its image (busybox wget, nslookup, nc, ping; curl), answered
// by the network model (src/engine/network).
//
// Approximation: the kubelet plans the process when the container starts, so every network
// call of the script is answered by the cluster as it is at that moment, whatever its offset
// `at` (a loop that wgets every 5 s gets the same answer each round). The kubelet re-plans a
// running container when the network changes under it (see Kubelet.replanNetwork): the rounds
// before the change keep their answers, the ones after get the new ones.

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

/** The world of `pod`'s container `ctr` (pod: with the IP the kubelet gave it). `used` tells whether the plan asked it anything. */
export function containerWorld(d: WorldDeps, pod: KubeObject, ctr: Container): ScriptWorld & { used: boolean } {
  let mounts: Mount[] | undefined;
  const view = () => (mounts ??= containerView(d.machines, d.store, pod, ctr, d.caCert(), d.now).mounts);
  const ref = normalizeImageRef(ctr.imageRef || ctr.image);
  const image = ref.ok ? imageUserland(ref.repository, ref.tag) : imageUserland(ctr.image);
  const programs = new Set([...(image.userland === "busybox" ? BUSYBOX_APPLETS : image.userland === "debian" ? DEBIAN_PROGRAMS : []).map(base), ...image.binaries]);
  const spec = (pod.spec?.containers ?? []).concat(pod.spec?.initContainers ?? []).find((c: any) => c.name === ctr.name) ?? {};
  const world: ScriptWorld & { used: boolean } = {
    used: false,
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
    run(argv, _stdin, _at): WorldResult | undefined {
      const name = base(argv[0] ?? "");
      const client = CLIENTS[name];
      if (!client || !programs.has(name)) return undefined;
      world.used = true;
      const writes: { path: string; content: string }[] = [];
      const r = client(argv.slice(1), {
        net: d.network,
        src: { pod },
        tty: !!spec.tty,
        readFile: (dst, dctr, path) => readIn(containerView(d.machines, d.store, dst, dctr, d.caCert(), d.now).mounts, path),
        writeFile: (path, content) => {
          if (path.startsWith("/") && readIn(view(), path) !== undefined) return "exists";
          writes.push({ path, content });
          return "ok";
        },
      });
      return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode, ms: r.elapsedMs, ...(r.timed ? { timed: r.timed } : {}), ...(writes.length ? { writes } : {}), ...(r.forever ? { forever: true } : {}) };
    },
  };
  return world;
}

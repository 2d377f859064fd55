// One view of the runtime's pod sandboxes and containers, as Docker Engine sees them behind
// cri-dockerd (and as the CRI sees them): sandboxes are `k8s_POD_…` pause containers.

import type { Container, Runtime, Sandbox } from "../../engine/node/runtime.ts";
import { Runtime as RuntimeClass } from "../../engine/node/runtime.ts";
import { PAUSE_IMAGE, imageSpec, normalizeImageRef } from "../../engine/images/catalog.ts";
import type { ImageSpec } from "../../engine/images/catalog.ts";

export interface DockerView {
  id: string;
  /** docker container name, without the leading "/" */
  name: string;
  /** the Image field docker keeps: the image id for kubelet containers, the pause ref for sandboxes */
  image: string;
  imageId: string;
  path: string;
  args: string[];
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  state: "created" | "running" | "exited";
  exitCode: number;
  /** State.Error: why the daemon could not start it */
  error?: string;
  labels: Record<string, string>;
  env: string[];
  workingDir: string;
  sandbox?: Sandbox;
  container?: Container;
}

export function specFor(ref: string): ImageSpec | undefined {
  const n = normalizeImageRef(ref);
  return n.ok ? imageSpec(n.repository) : undefined;
}

/** Entrypoint + Cmd after the pod spec's command/args override the image's (Kubernetes rules). */
export function effectiveArgv(c: Pick<Container, "command" | "args" | "imageRef" | "image">): string[] {
  if (c.command.length) return [...c.command, ...c.args];
  const spec = specFor(c.imageRef || c.image);
  const entry = spec?.entrypoint ?? [];
  return [...entry, ...(c.args.length ? c.args : spec?.cmd ?? [])];
}

/** Sandboxes may carry the time they were stopped (set by the runtime when it has it). */
type SandboxTimes = Sandbox & { stoppedAt?: number };

export function dockerViews(rt: Runtime): DockerView[] {
  const out: DockerView[] = [];
  const pause = specFor(PAUSE_IMAGE);
  const pauseTag = pause?.tags["3.10"];
  for (const s of rt.sandboxes) {
    if (s.removed) continue;
    const st = s as SandboxTimes;
    out.push({
      id: s.id,
      name: RuntimeClass.dockerSandboxName(s),
      image: PAUSE_IMAGE,
      imageId: pauseTag?.id ?? "",
      path: "/pause",
      args: [],
      createdAt: s.createdAt,
      startedAt: s.createdAt,
      ...(s.state === "notready" ? { finishedAt: st.stoppedAt ?? s.createdAt } : {}),
      state: s.state === "ready" ? "running" : "exited",
      exitCode: 0,
      labels: s.labels,
      env: pause?.env ?? [],
      workingDir: "/",
      sandbox: s,
    });
  }
  for (const c of rt.containers) {
    if (c.removed) continue;
    const argv = effectiveArgv(c);
    const spec = specFor(c.imageRef || c.image);
    // a container the daemon failed to start stays "created", never started, with the error and
    // its exit code (cri-dockerd reports it to the kubelet as ContainerCannotRun)
    const cannotRun = c.reason === "ContainerCannotRun";
    out.push({
      id: c.id,
      name: RuntimeClass.dockerName(c),
      image: c.imageId,
      imageId: c.imageId,
      path: argv[0] ?? "",
      args: argv.slice(1),
      createdAt: c.createdAt,
      ...(c.startedAt !== undefined && !cannotRun ? { startedAt: c.startedAt } : {}),
      ...(c.finishedAt !== undefined && !cannotRun ? { finishedAt: c.finishedAt } : {}),
      state: cannotRun ? "created" : c.state,
      exitCode: c.exitCode ?? 0,
      ...(cannotRun && c.message ? { error: c.message } : {}),
      labels: c.labels,
      env: spec?.env ?? [],
      workingDir: spec?.workingDir ?? "/",
      container: c,
    });
  }
  // newest first; for equal times the later-created object first
  return out
    .map((v, i) => ({ v, i }))
    .sort((a, b) => b.v.createdAt - a.v.createdAt || b.i - a.i)
    .map((x) => x.v);
}

/** Find by full id, unique id prefix, or name (docker's lookup rules). */
export function findView(views: DockerView[], ref: string): DockerView | "ambiguous" | undefined {
  const byId = views.find((v) => v.id === ref);
  if (byId) return byId;
  const byName = views.find((v) => v.name === ref || `/${v.name}` === ref);
  if (byName) return byName;
  if (!/^[0-9a-f]+$/.test(ref)) return undefined;
  const hits = views.filter((v) => v.id.startsWith(ref));
  if (hits.length > 1) return "ambiguous";
  return hits[0];
}

// crictl v1.32 (cri-tools), printed from the node's runtime. On a Docker node it talks to
// cri-dockerd (/etc/crictl.yaml), on a containerd node to containerd; the differences that
// show are image names (docker's familiar "busybox" vs "docker.io/library/busybox") and error
// texts. Layout from cri-tools cmd/crictl: display.go (tabwriter minwidth 20, padding 3),
// container.go (ps: CONTAINER IMAGE CREATED STATE NAME ATTEMPT POD ID POD NAMESPACE),
// sandbox.go (pods: POD ID CREATED STATE NAME NAMESPACE ATTEMPT RUNTIME), image.go, util.go
// (13-character ids). Errors are printed as logrus does on a terminal (`FATA[0000] …`, exit 1).

import type { CmdResult, Command, LabContext } from "../types.ts";
import { fail, ok } from "../types.ts";
import type { Container, Image, Runtime, Sandbox } from "../../engine/node/runtime.ts";
import { familiarName, imageSpec } from "../../engine/images/catalog.ts";
import { humanDuration, humanSize, rfc3339Nano, tabwrite } from "../docker/format.ts";
import { flagAll, flagBool, flagStr, isFlagError, parseFlags } from "../docker/flags.ts";
import type { FlagSpec, ParsedFlags } from "../docker/flags.ts";
import { effectiveArgv } from "../docker/view.ts";
import { killContainer, notifyKubelet, removeContainer, removeSandbox, stopSandbox } from "../runtime/ops.ts";

const TRUNC = 13;

function fatal(msg: string): CmdResult {
  return fail(`FATA[0000] ${msg}\n`, 1);
}

function parse(args: string[], specs: FlagSpec[]): ParsedFlags | CmdResult {
  const p = parseFlags(args, [...specs, { names: ["help", "h"] }]);
  if (isFlagError(p)) {
    const flag = p.kind === "unknown-short" ? `-${p.ch}` : p.flag.replace(/^--/, "-");
    if (p.kind === "needs-value") return fail(`Incorrect Usage: flag needs an argument: ${flag}\n\nFATA[0000] flag needs an argument: ${flag}\n`, 1);
    return fail(`Incorrect Usage: flag provided but not defined: ${flag}\n\nFATA[0000] flag provided but not defined: ${flag}\n`, 1);
  }
  return p;
}

function isResult(x: unknown): x is CmdResult {
  // (a container has an exitCode field too: a result is the one with output streams)
  return typeof x === "object" && x !== null && "exitCode" in x && "stderr" in x;
}

function trunc(id: string, prefix = ""): string {
  const s = prefix && id.startsWith(prefix) ? id.slice(prefix.length) : id;
  return s.length > TRUNC ? s.slice(0, TRUNC) : s;
}

function regex(p: string | undefined): RegExp | null | CmdResult {
  if (!p) return null;
  try {
    return new RegExp(p);
  } catch {
    return fatal(`error parsing regexp: invalid regexp: \`${p}\``);
  }
}

function cState(c: Container): string {
  return c.state === "created" ? "Created" : c.state === "running" ? "Running" : "Exited";
}

function criState(c: Container): string {
  return c.state === "created" ? "CONTAINER_CREATED" : c.state === "running" ? "CONTAINER_RUNNING" : "CONTAINER_EXITED";
}

function newestFirst<T extends { createdAt: number }>(xs: T[]): T[] {
  return xs.map((x, i) => ({ x, i })).sort((a, b) => b.x.createdAt - a.x.createdAt || b.i - a.i).map((e) => e.x);
}

function live(rt: Runtime): { containers: Container[]; sandboxes: Sandbox[] } {
  return { containers: rt.containers.filter((c) => !c.removed), sandboxes: rt.sandboxes.filter((s) => !s.removed) };
}

/** CRI lookups accept a unique id prefix (cri-dockerd via docker, containerd via its truncindex). */
function byIdPrefix<T extends { id: string }>(xs: T[], ref: string): T | "ambiguous" | undefined {
  const exact = xs.find((x) => x.id === ref);
  if (exact) return exact;
  if (!ref) return undefined;
  const hits = xs.filter((x) => x.id.startsWith(ref));
  return hits.length > 1 ? "ambiguous" : hits[0];
}

function notFoundErr(rt: Runtime, kind: "container" | "sandbox", ref: string): string {
  if (rt.kind === "docker") return `rpc error: code = Unknown desc = Error response from daemon: No such container: ${ref}`;
  return `rpc error: code = NotFound desc = an error occurred when try to find ${kind} "${ref}": not found`;
}

// --- ps --------------------------------------------------------------------------------------

const PS_FLAGS: FlagSpec[] = [
  { names: ["verbose", "v"] },
  { names: ["id"], value: true },
  { names: ["name"], value: true },
  { names: ["pod", "p"], value: true },
  { names: ["image"], value: true },
  { names: ["state", "s"], value: true },
  { names: ["label"], value: true, repeat: true },
  { names: ["quiet", "q"] },
  { names: ["output", "o"], value: true },
  { names: ["all", "a"] },
  { names: ["latest", "l"] },
  { names: ["last", "n"], value: true },
  { names: ["no-trunc"] },
  { names: ["resolve-image-path", "r"] },
  { names: ["namespace"], value: true },
];

function crictlPs(args: string[], lab: LabContext): CmdResult {
  const p = parse(args, PS_FLAGS);
  if (isResult(p)) return p;
  const rt = lab.machine.runtime;
  const now = lab.now();
  const { containers, sandboxes } = live(rt);
  let list = containers;
  const id = flagStr(p, "id");
  if (id) list = list.filter((c) => c.id.startsWith(id));
  const pod = flagStr(p, "pod");
  if (pod) {
    const sb = byIdPrefix(sandboxes, pod);
    list = sb && sb !== "ambiguous" ? list.filter((c) => c.sandboxId === sb.id) : [];
  }
  const state = flagStr(p, "state");
  const latest = flagBool(p, "latest");
  const lastStr = flagStr(p, "last");
  const last = lastStr ? Number(lastStr) : 0;
  if (state) {
    const s = state.toLowerCase();
    if (!["created", "running", "exited", "unknown"].includes(s)) return fatal("list containers: --state should be one of created, running, exited or unknown");
    if (!latest && !last) list = list.filter((c) => c.state === s);
  } else if (!flagBool(p, "all") && !latest && !last) list = list.filter((c) => c.state === "running");
  for (const l of flagAll(p, "label")) {
    const [k, v] = l.split("=");
    if (v === undefined) return fatal(`incorrectly specified label: ${l}`);
    list = list.filter((c) => c.labels[k] === v);
  }
  const nameRe = regex(flagStr(p, "name"));
  if (isResult(nameRe)) return nameRe;
  const nsRe = regex(flagStr(p, "namespace"));
  if (isResult(nsRe)) return nsRe;
  const image = flagStr(p, "image");
  list = list.filter((c) => (!nameRe || nameRe.test(c.name)) && (!nsRe || nsRe.test(c.namespace)));
  if (image) list = list.filter((c) => c.imageId.replace(/^sha256:/, "").startsWith(image.replace(/^sha256:/, "")) || c.image === image || c.imageRef === image || familiarName(c.imageRef.replace(/:[^:/]*$/, "")) === image.replace(/:[^:/]*$/, ""));
  list = newestFirst(list);
  const n = latest ? 1 : last > 0 ? last : list.length;
  list = list.slice(0, n);

  const output = flagStr(p, "output") ?? "table";
  if (output === "json" || output === "yaml") {
    const doc = { containers: list.map((c) => listContainerJson(c)) };
    return ok(output === "json" ? JSON.stringify(doc, null, 2) + "\n" : toYaml(doc));
  }
  if (output !== "table") return fatal(`list containers: unsupported output format "${output}"`);
  if (flagBool(p, "quiet")) return ok(list.map((c) => c.id + "\n").join(""));
  const noTrunc = flagBool(p, "no-trunc");
  const rows = ["CONTAINER\tIMAGE\tCREATED\tSTATE\tNAME\tATTEMPT\tPOD ID\tPOD\tNAMESPACE"];
  for (const c of list) {
    const img = flagBool(p, "resolve-image-path") ? repoTagFor(rt, c.imageId) ?? c.imageId : noTrunc ? c.imageId : /^sha256:[0-9a-f]{64}$/.test(c.imageId) ? trunc(c.imageId, "sha256:") : c.imageId;
    rows.push(
      [
        noTrunc ? c.id : trunc(c.id),
        img,
        `${humanDuration(now - c.createdAt)} ago`,
        cState(c),
        c.name,
        String(c.attempt),
        noTrunc ? c.sandboxId : trunc(c.sandboxId),
        c.labels["io.kubernetes.pod.name"] ?? c.podName ?? "unknown",
        c.labels["io.kubernetes.pod.namespace"] ?? c.namespace ?? "unknown",
      ].join("\t"),
    );
  }
  return ok(tabwrite(rows, 20, 3));
}

function repoTagFor(rt: Runtime, imageId: string): string | undefined {
  const img = rt.images.find((i) => i.id === imageId);
  return img ? repoTag(rt, img) : undefined;
}

function repoName(rt: Runtime, img: Image): string {
  return rt.kind === "docker" ? familiarName(img.repository) : img.repository;
}

function repoTag(rt: Runtime, img: Image): string {
  return `${repoName(rt, img)}:${img.tag}`;
}

function listContainerJson(c: Container): Record<string, unknown> {
  return {
    id: c.id,
    podSandboxId: c.sandboxId,
    metadata: { name: c.name, attempt: c.attempt },
    image: { image: c.imageId, annotations: {}, userSpecifiedImage: "", runtimeHandler: "" },
    imageRef: c.imageId,
    state: criState(c),
    createdAt: String(c.createdAt * 1e6),
    labels: c.labels,
    annotations: {},
  };
}

// --- pods --------------------------------------------------------------------------------------

const PODS_FLAGS: FlagSpec[] = [
  { names: ["id"], value: true },
  { names: ["name"], value: true },
  { names: ["namespace"], value: true },
  { names: ["state", "s"], value: true },
  { names: ["label"], value: true, repeat: true },
  { names: ["verbose", "v"] },
  { names: ["quiet", "q"] },
  { names: ["output", "o"], value: true },
  { names: ["latest", "l"] },
  { names: ["last"], value: true },
  { names: ["no-trunc"] },
];

function crictlPods(args: string[], lab: LabContext): CmdResult {
  const p = parse(args, PODS_FLAGS);
  if (isResult(p)) return p;
  const now = lab.now();
  let list = live(lab.machine.runtime).sandboxes;
  const id = flagStr(p, "id");
  if (id) list = list.filter((s) => s.id.startsWith(id));
  const state = flagStr(p, "state");
  if (state) {
    const s = state.toLowerCase();
    if (s !== "ready" && s !== "notready") return fatal("list pod sandboxes: --state should be ready or notready");
    list = list.filter((x) => x.state === s);
  }
  for (const l of flagAll(p, "label")) {
    const [k, v] = l.split("=");
    if (v === undefined) return fatal(`incorrectly specified label: ${l}`);
    list = list.filter((s) => s.labels[k] === v);
  }
  const nameRe = regex(flagStr(p, "name"));
  if (isResult(nameRe)) return nameRe;
  const nsRe = regex(flagStr(p, "namespace"));
  if (isResult(nsRe)) return nsRe;
  list = newestFirst(list.filter((s) => (!nameRe || nameRe.test(s.podName)) && (!nsRe || nsRe.test(s.namespace))));
  const lastStr = flagStr(p, "last");
  const n = flagBool(p, "latest") ? 1 : lastStr && Number(lastStr) > 0 ? Number(lastStr) : list.length;
  list = list.slice(0, n);
  const output = flagStr(p, "output") ?? "table";
  if (output === "json" || output === "yaml") {
    const doc = { items: list.map((s) => sandboxListJson(s)) };
    return ok(output === "json" ? JSON.stringify(doc, null, 2) + "\n" : toYaml(doc));
  }
  if (output !== "table") return fatal(`list pod sandboxes: unsupported output format "${output}"`);
  if (flagBool(p, "quiet")) return ok(list.map((s) => s.id + "\n").join(""));
  const noTrunc = flagBool(p, "no-trunc");
  const rows = ["POD ID\tCREATED\tSTATE\tNAME\tNAMESPACE\tATTEMPT\tRUNTIME"];
  for (const s of list) {
    rows.push(
      [noTrunc ? s.id : trunc(s.id), `${humanDuration(now - s.createdAt)} ago`, s.state === "ready" ? "Ready" : "NotReady", s.podName, s.namespace, String(s.attempt), "(default)"].join("\t"),
    );
  }
  return ok(tabwrite(rows, 20, 3));
}

function sandboxListJson(s: Sandbox): Record<string, unknown> {
  return {
    id: s.id,
    metadata: { name: s.podName, uid: s.podUid, namespace: s.namespace, attempt: s.attempt },
    state: s.state === "ready" ? "SANDBOX_READY" : "SANDBOX_NOTREADY",
    createdAt: String(s.createdAt * 1e6),
    labels: s.labels,
    annotations: {},
    runtimeHandler: "",
  };
}

// --- images --------------------------------------------------------------------------------------

const IMAGES_FLAGS: FlagSpec[] = [
  { names: ["quiet", "q"] },
  { names: ["output", "o"], value: true },
  { names: ["verbose", "v"] },
  { names: ["digests"] },
  { names: ["no-trunc"] },
  { names: ["pinned"] },
  { names: ["filter", "f"], value: true, repeat: true },
];

function crictlImages(args: string[], lab: LabContext): CmdResult {
  const p = parse(args, IMAGES_FLAGS);
  if (isResult(p)) return p;
  const rt = lab.machine.runtime;
  let imgs = [...rt.images];
  if (p.args[0]) {
    const want = p.args[0];
    imgs = imgs.filter((i) => repoTag(rt, i) === want || repoName(rt, i) === want || i.repository === want || `${i.repository}:${i.tag}` === want || familiarName(i.repository) === want.replace(/:[^:/]*$/, "") && (!/:[^:/]*$/.test(want) || want.endsWith(`:${i.tag}`)));
  }
  imgs.sort((a, b) => (repoTag(rt, a) < repoTag(rt, b) ? -1 : repoTag(rt, a) > repoTag(rt, b) ? 1 : 0));
  const output = flagStr(p, "output") ?? "table";
  if (output === "json" || output === "yaml") {
    const doc = { images: imgs.map((i) => ({ id: i.id, repoTags: [repoTag(rt, i)], repoDigests: [`${repoName(rt, i)}@${i.digest}`], size: String(i.size), uid: null, username: "", spec: null, pinned: i.repository === "registry.k8s.io/pause" })) };
    return ok(output === "json" ? JSON.stringify(doc, null, 2) + "\n" : toYaml(doc));
  }
  if (output !== "table") return fatal(`unsupported output format "${output}"`);
  if (flagBool(p, "quiet")) return ok(imgs.map((i) => i.id + "\n").join(""));
  const noTrunc = flagBool(p, "no-trunc");
  const digests = flagBool(p, "digests");
  const pinned = flagBool(p, "pinned");
  const header = ["IMAGE", "TAG", ...(digests ? ["DIGEST"] : []), "IMAGE ID", "SIZE", ...(pinned ? ["PINNED"] : [])];
  const rows = [header.join("\t")];
  for (const i of imgs) {
    rows.push(
      [
        repoName(rt, i),
        i.tag,
        ...(digests ? [noTrunc ? i.digest : trunc(i.digest, "sha256:")] : []),
        noTrunc ? i.id : trunc(i.id, "sha256:"),
        humanSize(i.size),
        ...(pinned ? [String(i.repository === "registry.k8s.io/pause")] : []),
      ].join("\t"),
    );
  }
  return ok(tabwrite(rows, 20, 3));
}

// --- logs --------------------------------------------------------------------------------------

const LOGS_FLAGS: FlagSpec[] = [
  { names: ["follow", "f"] },
  { names: ["previous", "p"] },
  { names: ["since"], value: true },
  { names: ["tail"], value: true },
  { names: ["limit-bytes"], value: true },
  { names: ["timestamps", "t"] },
  { names: ["reverse", "r"] },
  { names: ["stream"], value: true },
];

function crictlLogs(args: string[], lab: LabContext): CmdResult {
  const p = parse(args, LOGS_FLAGS);
  if (isResult(p)) return p;
  const rt = lab.machine.runtime;
  const ref = p.args[0];
  if (!ref) return fatal("ID cannot be empty");
  const { containers } = live(rt);
  const c = byIdPrefix(containers, ref);
  if (c === "ambiguous") return fatal(rt.kind === "docker" ? `rpc error: code = Unknown desc = Error response from daemon: multiple IDs found with provided prefix: ${ref}` : `rpc error: code = NotFound desc = an error occurred when try to find container "${ref}": ambiguous ID "${ref}"`);
  if (!c) return fatal(notFoundErr(rt, "container", ref));
  let target: Container | undefined = c;
  if (flagBool(p, "previous")) {
    target = rt.containers.find((x) => x.podUid === c.podUid && x.name === c.name && x.attempt === c.attempt - 1);
    if (!target) return fatal(`failed to try resolving symlinks in path "/var/log/pods/${c.namespace}_${c.podName}_${c.podUid}/${c.name}/${c.attempt - 1}.log": lstat /var/log/pods/${c.namespace}_${c.podName}_${c.podUid}/${c.name}/${c.attempt - 1}.log: no such file or directory`);
  }
  let lines = target.logs;
  const stream = flagStr(p, "stream");
  if (stream === "stdout" || stream === "stderr") lines = lines.filter((l) => l.stream === stream);
  const tail = flagStr(p, "tail");
  if (tail !== undefined && Number(tail) >= 0) lines = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
  if (flagBool(p, "reverse")) lines = [...lines].reverse();
  const ts = flagBool(p, "timestamps");
  let stdout = "";
  let stderr = "";
  for (const l of lines) {
    const text = (ts ? `${rfc3339Nano(l.time)} ` : "") + l.text + (l.text.endsWith("\n") ? "" : "\n");
    if (l.stream === "stdout") stdout += text;
    else stderr += text;
  }
  return { stdout, stderr, exitCode: 0 };
}

// --- inspect / inspectp --------------------------------------------------------------------------

const ZERO_TIME = "0001-01-01T00:00:00Z";

function containerStatusJson(c: Container, rt: Runtime): Record<string, unknown> {
  const repo = rt.images.find((i) => i.id === c.imageId);
  const argv = effectiveArgv(c);
  const spec = imageSpec(repo?.repository ?? "");
  return {
    status: {
      id: c.id,
      metadata: { attempt: c.attempt, name: c.name },
      state: criState(c),
      createdAt: rfc3339Nano(c.createdAt),
      startedAt: c.state !== "created" && c.startedAt !== undefined ? rfc3339Nano(c.startedAt) : ZERO_TIME,
      finishedAt: c.state === "exited" && c.finishedAt !== undefined ? rfc3339Nano(c.finishedAt) : ZERO_TIME,
      exitCode: c.exitCode ?? 0,
      image: { annotations: {}, image: repo ? repoTag(rt, repo) : c.image, runtimeHandler: "", userSpecifiedImage: "" },
      imageRef: rt.kind === "docker" ? `docker-pullable://${repo ? repoName(rt, repo) : c.image}@${repo?.digest ?? ""}` : `${repo?.repository ?? c.image}@${repo?.digest ?? ""}`,
      reason: c.state === "exited" ? c.reason ?? (c.exitCode ? "Error" : "Completed") : "",
      message: "",
      labels: c.labels,
      annotations: {},
      mounts: [],
      logPath: `/var/log/pods/${c.namespace}_${c.podName}_${c.podUid}/${c.name}/${c.attempt}.log`,
      resources: null,
      user: { linux: { gid: "0", supplementalGroups: ["0"], uid: "0" } },
      stopSignal: "",
    },
    info: {
      sandboxID: c.sandboxId,
      pid: c.state === "running" ? 1000 + (parseInt(c.id.slice(0, 4), 16) % 30000) : 0,
      config: { metadata: { name: c.name, attempt: c.attempt }, image: { image: c.imageId }, command: argv.slice(0, 1), args: argv.slice(1), working_dir: spec?.workingDir ?? "" },
    },
  };
}

function sandboxStatusJson(s: Sandbox, rt: Runtime): Record<string, unknown> {
  return {
    status: {
      id: s.id,
      metadata: { attempt: s.attempt, name: s.podName, namespace: s.namespace, uid: s.podUid },
      state: s.state === "ready" ? "SANDBOX_READY" : "SANDBOX_NOTREADY",
      createdAt: rfc3339Nano(s.createdAt),
      network: { additionalIps: [], ip: s.ip },
      linux: { namespaces: { options: { ipc: "POD", network: s.hostNetwork ? "NODE" : "POD", pid: "CONTAINER", targetId: "", userNsOptions: null } } },
      labels: s.labels,
      annotations: {},
      runtimeHandler: "",
    },
    info: rt.kind === "docker" ? { image: "registry.k8s.io/pause:3.10", pid: s.state === "ready" ? 1000 + (parseInt(s.id.slice(0, 4), 16) % 30000) : 0 } : { pid: 0, processStatus: s.state === "ready" ? "running" : "deleted" },
  };
}

const INSPECT_FLAGS: FlagSpec[] = [
  { names: ["output", "o"], value: true },
  { names: ["quiet", "q"] },
  { names: ["template"], value: true },
];

function crictlInspect(args: string[], lab: LabContext, kind: "container" | "sandbox"): CmdResult {
  const p = parse(args, INSPECT_FLAGS);
  if (isResult(p)) return p;
  const rt = lab.machine.runtime;
  if (!p.args.length) return fatal(kind === "container" ? "ID cannot be empty" : "ID cannot be empty");
  const output = flagStr(p, "output") ?? "json";
  const docs: Record<string, unknown>[] = [];
  for (const ref of p.args) {
    if (kind === "container") {
      const c = byIdPrefix(live(rt).containers, ref);
      if (!c || c === "ambiguous") return fatal(`get the status of containers: get container status: ${notFoundErr(rt, "container", ref)}`);
      docs.push(containerStatusJson(c, rt));
    } else {
      const s = byIdPrefix(live(rt).sandboxes, ref);
      if (!s || s === "ambiguous") return fatal(`get the pod sandbox status: get pod sandbox status: ${notFoundErr(rt, "sandbox", ref)}`);
      docs.push(sandboxStatusJson(s, rt));
    }
  }
  if (output === "yaml") return ok(docs.map((d) => toYaml(d)).join("---\n"));
  if (output === "table") {
    return ok(
      docs
        .map((d) => {
          const st = d.status as Record<string, any>;
          return `ID: ${st.id}\n${st.metadata?.name ? `Name: ${st.metadata.name}\n` : ""}State: ${st.state}\n`;
        })
        .join(""),
    );
  }
  if (output !== "json" && output !== "go-template") return fatal(`unsupported output format "${output}"`);
  return ok(docs.map((d) => JSON.stringify(d, null, 2) + "\n").join(""));
}

// --- stop / rm / stopp / rmp / version -----------------------------------------------------------

function findContainer(lab: LabContext, ref: string): Container | CmdResult {
  const rt = lab.machine.runtime;
  const c = byIdPrefix(live(rt).containers, ref);
  if (c === "ambiguous") return fatal(rt.kind === "docker" ? `rpc error: code = Unknown desc = Error response from daemon: multiple IDs found with provided prefix: ${ref}` : `rpc error: code = NotFound desc = an error occurred when try to find container "${ref}": ambiguous ID "${ref}"`);
  if (!c) return fatal(notFoundErr(rt, "container", ref));
  return c;
}

function findSandbox(lab: LabContext, ref: string): Sandbox | CmdResult {
  const rt = lab.machine.runtime;
  const s = byIdPrefix(live(rt).sandboxes, ref);
  if (s === "ambiguous") return fatal(rt.kind === "docker" ? `rpc error: code = Unknown desc = Error response from daemon: multiple IDs found with provided prefix: ${ref}` : `rpc error: code = NotFound desc = an error occurred when try to find sandbox "${ref}": ambiguous ID "${ref}"`);
  if (!s) return fatal(notFoundErr(rt, "sandbox", ref));
  return s;
}

function prefixFatal(r: CmdResult, prefix: string): CmdResult {
  return { ...r, stderr: r.stderr.replace(/^FATA\[0000\] /, `FATA[0000] ${prefix}`) };
}

function crictlStop(args: string[], lab: LabContext): CmdResult {
  const p = parse(args, [{ names: ["timeout", "t"], value: true }, { names: ["all", "a"] }]);
  if (isResult(p)) return p;
  let ids = p.args;
  if (flagBool(p, "all")) {
    ids = live(lab.machine.runtime).containers.filter((c) => c.state === "running").map((c) => c.id);
    if (!ids.length) return ok("No running containers found.\n");
  } else if (!ids.length) return fail("you must specify at least one CONTAINER-ID or use --all\n", 1);
  let out = "";
  const touched = new Set<string>();
  for (const id of ids) {
    const c = findContainer(lab, id);
    if (isResult(c)) return { ...prefixFatal(c, `stopping the container "${id}": `), stdout: out };
    if (killContainer(lab, c)) touched.add(c.podUid);
    out += `${id}\n`;
  }
  for (const uid of touched) notifyKubelet(lab, uid);
  return ok(out);
}

function crictlRm(args: string[], lab: LabContext): CmdResult {
  const p = parse(args, [{ names: ["force", "f"] }, { names: ["keep-logs", "k"] }, { names: ["all", "a"] }]);
  if (isResult(p)) return p;
  const rt = lab.machine.runtime;
  let ids = p.args;
  if (flagBool(p, "all")) ids = live(rt).containers.map((c) => c.id);
  else if (!ids.length) return fatal("ID cannot be empty");
  let out = "";
  const errs: string[] = [];
  const touched = new Set<string>();
  for (const id of ids) {
    const c = byIdPrefix(live(rt).containers, id);
    if (!c || c === "ambiguous") {
      errs.push(`getting container status "${id}": rpc error: ${notFoundErr(rt, "container", id).replace(/^rpc error: /, "")}`);
      continue;
    }
    if (c.state === "running") {
      if (!flagBool(p, "force")) {
        errs.push(`container "${id}" is running, please stop it first`);
        continue;
      }
      killContainer(lab, c);
    }
    removeContainer(c);
    touched.add(c.podUid);
    out += `${id}\n`;
  }
  for (const uid of touched) notifyKubelet(lab, uid);
  if (errs.length) return { stdout: out, stderr: `FATA[0000] ${errs.join("\n")}\n`, exitCode: 1 };
  return ok(out);
}

function crictlStopp(args: string[], lab: LabContext): CmdResult {
  const p = parse(args, []);
  if (isResult(p)) return p;
  if (!p.args.length) return fatal("ID cannot be empty");
  let out = "";
  for (const id of p.args) {
    const s = findSandbox(lab, id);
    if (isResult(s)) return { ...prefixFatal(s, `stopping the pod sandbox "${id}": `), stdout: out };
    stopSandbox(lab, s);
    notifyKubelet(lab, s.podUid);
    out += `Stopped sandbox ${id}\n`;
  }
  return ok(out);
}

function crictlRmp(args: string[], lab: LabContext): CmdResult {
  const p = parse(args, [{ names: ["force", "f"] }, { names: ["all", "a"] }]);
  if (isResult(p)) return p;
  const rt = lab.machine.runtime;
  let ids = p.args;
  if (flagBool(p, "all")) ids = live(rt).sandboxes.map((s) => s.id);
  else if (!ids.length) return fatal("ID cannot be empty");
  let out = "";
  const errs: string[] = [];
  for (const id of ids) {
    const s = byIdPrefix(live(rt).sandboxes, id);
    if (!s || s === "ambiguous") {
      errs.push(`getting sandbox status of pod "${id}": ${notFoundErr(rt, "sandbox", id)}`);
      continue;
    }
    if (s.state === "ready") {
      if (!flagBool(p, "force")) {
        errs.push(`pod sandbox "${id}" is running, please stop it first`);
        continue;
      }
      stopSandbox(lab, s);
    }
    removeSandbox(lab, s);
    notifyKubelet(lab, s.podUid);
    out += `Removed sandbox ${id}\n`;
  }
  if (errs.length) return { stdout: out, stderr: `FATA[0000] ${errs.join("\n")}\n`, exitCode: 1 };
  return ok(out);
}

function crictlVersion(lab: LabContext): CmdResult {
  const v = lab.machine.info?.containerRuntimeVersion ?? (lab.machine.runtime.kind === "docker" ? "docker://27.4.1" : "containerd://1.7.24");
  const [name, ver] = v.split("://");
  return ok(`Version:  0.1.0\nRuntimeName:  ${name}\nRuntimeVersion:  ${name === "containerd" ? `v${ver}` : ver}\nRuntimeApiVersion:  v1\n`);
}

// --- minimal YAML for -o yaml (sigs.k8s.io/yaml style: sorted keys, 2-space indent) --------------

function toYaml(v: unknown, indent = ""): string {
  if (Array.isArray(v)) {
    if (!v.length) return "[]\n";
    return v.map((x) => {
      const inner = toYaml(x, indent + "  ");
      return typeof x === "object" && x !== null && !Array.isArray(x) && Object.keys(x).length
        ? `${indent}- ${inner.slice(indent.length + 2)}`
        : `${indent}- ${inner.trimStart()}`;
    }).join("");
  }
  if (v && typeof v === "object") {
    const keys = Object.keys(v as object).sort();
    if (!keys.length) return "{}\n";
    return keys
      .map((k) => {
        const x = (v as Record<string, unknown>)[k];
        if (x && typeof x === "object" && (Array.isArray(x) ? x.length : Object.keys(x).length)) {
          return `${indent}${k}:\n${toYaml(x, Array.isArray(x) ? indent : indent + "  ")}`;
        }
        return `${indent}${k}: ${toYaml(x, indent + "  ").trimStart()}`;
      })
      .join("");
  }
  if (v === null || v === undefined) return "null\n";
  if (typeof v === "string") return (/^[\w./:@-]+$/.test(v) && !/^(true|false|null|\d[\d.]*)$/.test(v) ? v : JSON.stringify(v)) + "\n";
  return `${String(v)}\n`;
}

// --- entry ----------------------------------------------------------------------------------------

const USAGE = `NAME:
   crictl - client for CRI

USAGE:
   crictl [global options] command [command options]

VERSION:
   v1.32.0

COMMANDS:
   attach              Attach to a running container
   create              Create a new container
   exec                Run a command in a running container
   version             Display runtime version information
   images, image, img  List images
   inspect             Display the status of one or more containers
   inspecti            Return the status of one or more images
   imagefsinfo         Return image filesystem info
   inspectp            Display the status of one or more pods
   logs                Fetch the logs of a container
   port-forward        Forward local port to a pod
   ps                  List containers
   pull                Pull an image from a registry
   run                 Run a new container inside a sandbox
   runp                Run a new pod
   rm                  Remove one or more containers
   rmi                 Remove one or more images
   rmp                 Remove one or more pods
   pods                List pods
   start               Start one or more created containers
   info                Display information of the container runtime
   stop                Stop one or more running containers
   stopp               Stop one or more running pods
   update              Update one or more running containers
   config              Get, set and list crictl configuration options
   stats               List container(s) resource usage statistics
   statsp              List pod statistics. Stats represent a structured API that will fulfill the Kubelet's /stats/summary endpoint.
   metricsp            List pod metrics. Metrics are unstructured key/value pairs gathered by CRI meant to replace cAdvisor's /metrics/cadvisor endpoint.
   metricdescs         List metric descriptors. Returns information about the metrics available through the CRI.
   completion          Output shell completion code
   checkpoint          Checkpoint one or more running containers
   events, event       Stream the events of containers
   update-runtime-config  Update the runtime configuration
   help, h             Shows a list of commands or help for one command

GLOBAL OPTIONS:
   --config value, -c value            Location of the client config file. If not specified and the default does not exist, the program's directory is searched as well (default: "/etc/crictl.yaml") [$CRI_CONFIG_FILE]
   --debug, -D                         Enable debug mode (default: false)
   --enable-tracing                    Enable OpenTelemetry tracing. (default: false)
   --image-endpoint value, -i value    Endpoint of CRI image manager service (default: uses 'runtime-endpoint' setting) [$IMAGE_SERVICE_ENDPOINT]
   --runtime-endpoint value, -r value  Endpoint of CRI container runtime service (default: uses in order the first successful one of [unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]). Default is now deprecated and the endpoint should be set instead. [$CONTAINER_RUNTIME_ENDPOINT]
   --timeout value, -t value           Timeout of connecting to the server in seconds (e.g. 2s, 20s.). 0 or less is set to default (default: 2s)
   --tracing-endpoint value            Address to which the gRPC tracing collector will send spans to. (default: "127.0.0.1:4317")
   --tracing-sampling-rate-per-million value  Sets the number of samples to collect per million spans. Set to 1000000 or -1 to always sample. (default: -1)
   --help, -h                          show help
   --version, -v                       print the version
`;

const KNOWN_UNSUPPORTED = new Set([
  "attach", "create", "exec", "version", "inspecti", "imagefsinfo", "port-forward", "pull", "run", "runp", "rm", "rmi", "rmp",
  "start", "info", "stop", "stopp", "update", "config", "stats", "statsp", "metricsp", "metricdescs", "completion", "checkpoint",
  "events", "event", "update-runtime-config",
]);

export const crictl: Command = {
  name: "crictl",
  run(args: string[], _io, lab: LabContext): CmdResult {
    let i = 0;
    while (i < args.length && args[i].startsWith("-")) {
      const a = args[i];
      if (a === "--version" || a === "-v") return ok("crictl version v1.32.0\n");
      if (a === "--help" || a === "-h") return ok(USAGE);
      if (["-r", "--runtime-endpoint", "-i", "--image-endpoint", "-t", "--timeout", "-c", "--config", "--tracing-endpoint", "--tracing-sampling-rate-per-million"].includes(a)) i += 2;
      else i++;
    }
    const sub = args[i];
    const rest = args.slice(i + 1);
    if (sub === undefined) return ok(USAGE);
    switch (sub) {
      case "ps":
        return crictlPs(rest, lab);
      case "pods":
        return crictlPods(rest, lab);
      case "images":
      case "image":
      case "img":
        return crictlImages(rest, lab);
      case "logs":
        return crictlLogs(rest, lab);
      case "inspect":
        return crictlInspect(rest, lab, "container");
      case "inspectp":
        return crictlInspect(rest, lab, "sandbox");
      case "stop":
        return crictlStop(rest, lab);
      case "rm":
        return crictlRm(rest, lab);
      case "stopp":
        return crictlStopp(rest, lab);
      case "rmp":
        return crictlRmp(rest, lab);
      case "version":
        return crictlVersion(lab);
      case "help":
      case "h":
        return ok(USAGE);
      default:
        if (!KNOWN_UNSUPPORTED.has(sub)) return fail(`No help topic for '${sub}'\n`, 3);
        return fail(`crictl: '${sub}' is not available in this lab\n`, 1);
    }
  },
};

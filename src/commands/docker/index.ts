// docker (CLI 27.x against Docker Engine behind cri-dockerd), printed from the node's runtime:
// ps, images, logs, inspect. Formats follow docker/cli cli/command/formatter (container.go,
// image.go, displayutils.go), go-units duration/size, moby's State.String().
//
// On a containerd node there is no docker binary: the command returns exit 127 with
// "docker: command not found" on stderr, for the shell to print its own not-found message.

import type { CmdResult, Command, LabContext } from "../types.ts";
import { fail, ok } from "../types.ts";
import { familiarName, imageSpec, normalizeImageRef } from "../../engine/images/catalog.ts";
import type { DockerView } from "./view.ts";
import { dockerViews, findView, specFor } from "./view.ts";
import { ellipsis, goQuote, goTimeString, humanDuration, humanSize, rfc3339Nano, rfc3339NanoFixed, tabwrite } from "./format.ts";
import { flagAll, flagBool, flagStr, isFlagError, parseFlags } from "./flags.ts";
import type { FlagError, FlagSpec, ParsedFlags } from "./flags.ts";
import { killContainer, notifyKubelet, removeContainer, removeSandbox, stopSandbox } from "../runtime/ops.ts";
import { dockerVersion } from "./version.ts";

const TABLE_MINWIDTH = 10;
const TABLE_PADDING = 3;

function flagFail(e: FlagError, cmd: string): CmdResult {
  const see = `See 'docker ${cmd} --help'.\n`;
  if (e.kind === "unknown-long") return fail(`unknown flag: ${e.flag}\n${see}`, 125);
  if (e.kind === "unknown-short") return fail(`unknown shorthand flag: '${e.ch}' in ${e.arg}\n${see}`, 125);
  return fail(`flag needs an argument: ${e.flag.startsWith("--") ? e.flag : `'${e.flag.slice(1)}' in ${e.flag}`}\n${see}`, 125);
}

function parse(args: string[], specs: FlagSpec[], cmd: string): ParsedFlags | CmdResult {
  const p = parseFlags(args, [...specs, { names: ["help"] }]);
  if (isFlagError(p)) return flagFail(p, cmd);
  return p;
}

function isResult(x: unknown): x is CmdResult {
  // (a container has an exitCode field too: a result is the one with output streams)
  return typeof x === "object" && x !== null && "exitCode" in x && "stderr" in x;
}

// --- templates (a small subset of Go text/template as docker uses it) -----------------------

type Fields = Record<string, (arg?: string) => string>;

function renderTemplate(tmpl: string, fields: Fields, json: () => string): string {
  return tmpl.replace(/\{\{\s*(.*?)\s*\}\}/g, (_m, expr: string) => {
    if (expr === "json ." || expr === "json .") return json();
    const label = /^\.Label\s+"([^"]*)"$/.exec(expr);
    if (label) return fields.Label ? fields.Label(label[1]) : "";
    const f = /^\.(\w+)$/.exec(expr);
    if (f && fields[f[1]]) return fields[f[1]]();
    return "";
  });
}

function prepFormat(format: string): { table: boolean; body: string } {
  let body = format;
  const table = body.startsWith("table");
  if (table) body = body.slice("table".length);
  body = body.replace(/^ +| +$/g, "").replace(/\\t/g, "\t").replace(/\\n/g, "\n");
  return { table, body };
}

function headerFor(body: string, headers: Record<string, string>): string {
  return body.replace(/\{\{\s*(.*?)\s*\}\}/g, (_m, expr: string) => {
    const f = /^\.(\w+)$/.exec(expr);
    if (f) return headers[f[1]] ?? f[1].toUpperCase();
    const label = /^\.Label\s+"([^"]*)"$/.exec(expr);
    if (label) return "LABEL";
    return "";
  });
}

// --- docker ps ---------------------------------------------------------------------------

const PS_FLAGS: FlagSpec[] = [
  { names: ["all", "a"] },
  { names: ["quiet", "q"] },
  { names: ["no-trunc"] },
  { names: ["filter", "f"], value: true, repeat: true },
  { names: ["format"], value: true },
  { names: ["last", "n"], value: true },
  { names: ["latest", "l"] },
  { names: ["size", "s"] },
];

const PS_HEADERS: Record<string, string> = {
  ID: "CONTAINER ID",
  Image: "IMAGE",
  Command: "COMMAND",
  CreatedAt: "CREATED AT",
  RunningFor: "CREATED",
  Ports: "PORTS",
  State: "STATE",
  Status: "STATUS",
  Size: "SIZE",
  Names: "NAMES",
  Labels: "LABELS",
  Mounts: "MOUNTS",
  Networks: "NETWORKS",
  LocalVolumes: "LOCAL VOLUMES",
};

export function dockerStatus(v: DockerView, now: number): string {
  if (v.state === "running") return `Up ${humanDuration(now - (v.startedAt ?? v.createdAt))}`;
  if (v.state === "exited") return `Exited (${v.exitCode}) ${humanDuration(now - (v.finishedAt ?? v.createdAt))} ago`;
  return "Created";
}

function commandString(v: DockerView): string {
  return [v.path, ...v.args].join(" ");
}

function psImage(v: DockerView, trunc: boolean): string {
  if (!v.image) return "<no image>";
  if (!trunc) return v.image;
  const short = (s: string) => s.replace(/^sha256:/, "").slice(0, 12);
  if (short(v.imageId) === short(v.image)) return short(v.image);
  const n = normalizeImageRef(v.image);
  if (n.ok) return `${familiarName(n.repository)}${n.tag ? `:${n.tag}` : ""}`;
  return v.image;
}

function psFields(v: DockerView, now: number, trunc: boolean): Fields {
  const labels = Object.keys(v.labels).sort().map((k) => `${k}=${v.labels[k]}`).join(",");
  return {
    ID: () => (trunc ? v.id.slice(0, 12) : v.id),
    Image: () => psImage(v, trunc),
    Command: () => goQuote(trunc ? ellipsis(commandString(v), 20) : commandString(v)),
    CreatedAt: () => goTimeString(v.createdAt),
    RunningFor: () => `${humanDuration(now - v.createdAt)} ago`,
    Ports: () => "",
    State: () => v.state,
    Status: () => dockerStatus(v, now),
    Size: () => "0B (virtual 0B)",
    Names: () => v.name,
    Labels: () => labels,
    Label: (k?: string) => v.labels[k ?? ""] ?? "",
    Mounts: () => "",
    Networks: () => (v.sandbox?.hostNetwork || v.container ? "host" : "none"),
    LocalVolumes: () => "0",
  };
}

function psFilter(views: DockerView[], filters: string[], lab: LabContext): DockerView[] | CmdResult {
  let out = views;
  const valid = new Set(["name", "id", "status", "label", "ancestor", "before", "since", "exited", "health", "volume", "network", "publish", "expose", "is-task", "isolation"]);
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq < 0) return fail(`invalid argument "${f}" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee 'docker ps --help'.\n`, 125);
    const key = f.slice(0, eq).toLowerCase();
    const val = f.slice(eq + 1);
    if (!valid.has(key)) return fail(`Error response from daemon: invalid filter '${key}'\n`);
    if (key === "name") {
      let re: RegExp;
      try {
        re = new RegExp(val);
      } catch {
        return fail(`Error response from daemon: error parsing regexp: invalid or unsupported Perl syntax\n`);
      }
      out = out.filter((v) => re.test(`/${v.name}`));
    } else if (key === "id") out = out.filter((v) => v.id.startsWith(val));
    else if (key === "status") {
      if (!["created", "restarting", "running", "removing", "paused", "exited", "dead"].includes(val)) {
        return fail(`Error response from daemon: invalid filter 'status=${val}'\n`);
      }
      out = out.filter((v) => v.state === val);
    } else if (key === "exited") out = out.filter((v) => v.state === "exited" && String(v.exitCode) === val);
    else if (key === "label") {
      const le = val.indexOf("=");
      out = le < 0 ? out.filter((v) => val in v.labels) : out.filter((v) => v.labels[val.slice(0, le)] === val.slice(le + 1));
    } else if (key === "ancestor") {
      const n = normalizeImageRef(val);
      out = out.filter((v) => {
        if (v.imageId.replace(/^sha256:/, "").startsWith(val.replace(/^sha256:/, ""))) return true;
        const img = lab.machine.runtime.images.find((i) => i.id === v.imageId);
        return !!(n.ok && img && img.repository === n.repository && (val.includes(":") ? img.tag === n.tag : true)) || (v.sandbox && n.ok && n.full === "registry.k8s.io/pause:3.10");
      });
    }
  }
  return out;
}

function dockerPs(args: string[], lab: LabContext, cmd = "ps"): CmdResult {
  const p = parse(args, PS_FLAGS, cmd);
  if (isResult(p)) return p;
  if (p.args.length) return fail(`"docker ${cmd}" accepts no arguments.\nSee 'docker ${cmd} --help'.\n\nUsage:  docker ${cmd === "ps" ? "ps" : "container ls"} [OPTIONS]\n\nList containers\n`, 1);
  const now = lab.now();
  const all = flagBool(p, "all");
  const trunc = !flagBool(p, "no-trunc");
  let views = dockerViews(lab.machine.runtime);
  const lastStr = flagStr(p, "last");
  let last = lastStr === undefined ? -1 : Number(lastStr);
  if (lastStr !== undefined && !/^-?\d+$/.test(lastStr)) {
    return fail(`invalid argument "${lastStr}" for "-n, --last" flag: strconv.ParseInt: parsing "${lastStr}": invalid syntax\nSee 'docker ${cmd} --help'.\n`, 125);
  }
  if (flagBool(p, "latest")) last = 1;
  if (!all && last === -1) views = views.filter((v) => v.state === "running");
  const filtered = psFilter(views, flagAll(p, "filter"), lab);
  if (isResult(filtered)) return filtered;
  views = last > 0 ? filtered.slice(0, last) : filtered;

  if (flagBool(p, "quiet")) return ok(views.map((v) => (trunc ? v.id.slice(0, 12) : v.id) + "\n").join(""));
  const format = flagStr(p, "format") ?? "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
  const { table, body } = prepFormat(format);
  const rows = views.map((v) => {
    const fields = psFields(v, now, trunc);
    return renderTemplate(body, fields, () => psJson(fields));
  });
  if (!table) return ok(rows.map((r) => r + "\n").join(""));
  const lines = [headerFor(body, PS_HEADERS), ...rows].flatMap((l) => l.split("\n"));
  return ok(tabwrite(lines, TABLE_MINWIDTH, TABLE_PADDING));
}

function psJson(f: Fields): string {
  const keys = ["Command", "CreatedAt", "ID", "Image", "Labels", "LocalVolumes", "Mounts", "Names", "Networks", "Ports", "RunningFor", "Size", "State", "Status"];
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, f[k]()])));
}

// --- docker images ---------------------------------------------------------------------------

const IMAGES_FLAGS: FlagSpec[] = [
  { names: ["all", "a"] },
  { names: ["quiet", "q"] },
  { names: ["no-trunc"] },
  { names: ["digests"] },
  { names: ["filter", "f"], value: true, repeat: true },
  { names: ["format"], value: true },
  { names: ["tree"] },
];

const IMAGES_HEADERS: Record<string, string> = {
  Repository: "REPOSITORY",
  Tag: "TAG",
  ID: "IMAGE ID",
  CreatedSince: "CREATED",
  CreatedAt: "CREATED AT",
  Size: "SIZE",
  Digest: "DIGEST",
  Containers: "CONTAINERS",
  SharedSize: "SHARED SIZE",
  UniqueSize: "UNIQUE SIZE",
  VirtualSize: "SIZE",
};

function imageCreated(repository: string, tag: string, fallback: number): number {
  const t = imageSpec(repository)?.tags[tag];
  return t ? Date.parse(t.created) : fallback;
}

function dockerImages(args: string[], lab: LabContext, cmd = "images"): CmdResult {
  const p = parse(args, IMAGES_FLAGS, cmd);
  if (isResult(p)) return p;
  if (p.args.length > 1) return fail(`"docker ${cmd}" requires at most 1 argument.\nSee 'docker ${cmd} --help'.\n\nUsage:  docker ${cmd} [OPTIONS] [REPOSITORY[:TAG]]\n\nList images\n`, 1);
  const now = lab.now();
  const trunc = !flagBool(p, "no-trunc");
  let imgs = [...lab.machine.runtime.images].map((i) => ({ ...i, created: imageCreated(i.repository, i.tag, i.pulledAt) }));
  const refFilters = [...p.args, ...flagAll(p, "filter").filter((f) => f.startsWith("reference=")).map((f) => f.slice("reference=".length))];
  for (const ref of refFilters) {
    const [repoPart, tagPart] = ref.split(":");
    imgs = imgs.filter((i) => {
      const fam = familiarName(i.repository);
      const repoOk = globMatch(repoPart, fam) || globMatch(repoPart, i.repository);
      return repoOk && (tagPart === undefined || globMatch(tagPart, i.tag));
    });
  }
  imgs.sort((a, b) => b.created - a.created || (familiarName(a.repository) < familiarName(b.repository) ? -1 : 1));
  const shortId = (id: string) => (trunc ? id.replace(/^sha256:/, "").slice(0, 12) : id);
  if (flagBool(p, "quiet")) return ok(imgs.map((i) => shortId(i.id) + "\n").join(""));
  const digests = flagBool(p, "digests");
  const format =
    flagStr(p, "format") ??
    (digests
      ? "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
      : "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}");
  const { table, body } = prepFormat(format);
  const rows = imgs.map((i) => {
    const fields: Fields = {
      Repository: () => familiarName(i.repository),
      Tag: () => i.tag,
      ID: () => shortId(i.id),
      CreatedSince: () => `${humanDuration(now - i.created)} ago`,
      CreatedAt: () => goTimeString(i.created),
      Size: () => humanSize(i.size),
      VirtualSize: () => humanSize(i.size),
      Digest: () => i.digest,
      Containers: () => "N/A",
      SharedSize: () => "N/A",
      UniqueSize: () => "N/A",
    };
    return renderTemplate(body, fields, () =>
      JSON.stringify({ Containers: "N/A", CreatedAt: goTimeString(i.created), CreatedSince: fields.CreatedSince(), Digest: i.digest, ID: shortId(i.id), Repository: fields.Repository(), SharedSize: "N/A", Size: fields.Size(), Tag: i.tag, UniqueSize: "N/A", VirtualSize: fields.Size() }),
    );
  });
  if (!table) return ok(rows.map((r) => r + "\n").join(""));
  return ok(tabwrite([headerFor(body, IMAGES_HEADERS), ...rows], TABLE_MINWIDTH, TABLE_PADDING));
}

function globMatch(pattern: string, s: string): boolean {
  const re = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]") + "$");
  return re.test(s);
}

// --- docker logs -------------------------------------------------------------------------------

const LOGS_FLAGS: FlagSpec[] = [
  { names: ["follow", "f"] },
  { names: ["timestamps", "t"] },
  { names: ["tail", "n"], value: true },
  { names: ["since"], value: true },
  { names: ["until"], value: true },
  { names: ["details"] },
];

function noSuchContainer(ref: string): CmdResult {
  return fail(`Error response from daemon: No such container: ${ref}\n`);
}

function dockerLogs(args: string[], lab: LabContext, cmd = "logs"): CmdResult {
  const p = parse(args, LOGS_FLAGS, cmd);
  if (isResult(p)) return p;
  if (p.args.length !== 1) {
    return fail(`"docker ${cmd}" requires exactly 1 argument.\nSee 'docker ${cmd} --help'.\n\nUsage:  docker ${cmd === "logs" ? "logs" : "container logs"} [OPTIONS] CONTAINER\n\nFetch the logs of a container\n`, 1);
  }
  const v = findView(dockerViews(lab.machine.runtime), p.args[0]);
  if (v === "ambiguous") return fail(`Error response from daemon: multiple IDs found with provided prefix: ${p.args[0]}\n`);
  if (!v) return noSuchContainer(p.args[0]);
  let lines = v.container?.logs ?? [];
  const tail = flagStr(p, "tail");
  if (tail !== undefined && tail !== "all") {
    const n = Number(tail);
    if (Number.isInteger(n) && n >= 0) lines = n === 0 ? [] : lines.slice(-n);
  }
  const ts = flagBool(p, "timestamps");
  let stdout = "";
  let stderr = "";
  for (const l of lines) {
    const text = (ts ? `${rfc3339NanoFixed(l.time)} ` : "") + l.text + (l.text.endsWith("\n") ? "" : "\n");
    if (l.stream === "stdout") stdout += text;
    else stderr += text;
  }
  return { stdout, stderr, exitCode: 0 };
}

// --- docker stop / kill / rm ----------------------------------------------------------------------

function requiresOne(cmd: string, usage: string, what: string): CmdResult {
  return fail(`"docker ${cmd}" requires at least 1 argument.\nSee 'docker ${cmd} --help'.\n\nUsage:  docker ${usage}\n\n${what}\n`, 1);
}

/** Stop or kill (SIGKILL after the grace period: exit 137); a pause container takes its pod down. */
function stopView(lab: LabContext, v: DockerView): void {
  if (v.sandbox) {
    stopSandbox(lab, v.sandbox);
    notifyKubelet(lab, v.sandbox.podUid);
  } else if (v.container && killContainer(lab, v.container)) notifyKubelet(lab, v.container.podUid);
}

function dockerStop(args: string[], lab: LabContext, cmd: "stop" | "kill" | "container stop" | "container kill"): CmdResult {
  const kill = cmd.endsWith("kill");
  const p = parse(args, kill ? [{ names: ["signal", "s"], value: true }] : [{ names: ["time", "t"], value: true }, { names: ["signal", "s"], value: true }], cmd);
  if (isResult(p)) return p;
  if (!p.args.length) return requiresOne(cmd, `${cmd} [OPTIONS] CONTAINER [CONTAINER...]`, kill ? "Kill one or more running containers" : "Stop one or more running containers");
  let stdout = "";
  let stderr = "";
  for (const ref of p.args) {
    const v = findView(dockerViews(lab.machine.runtime), ref);
    if (v === "ambiguous") {
      stderr += `Error response from daemon: multiple IDs found with provided prefix: ${ref}\n`;
      continue;
    }
    if (!v) {
      stderr += `Error response from daemon: No such container: ${ref}\n`;
      continue;
    }
    if (kill && v.state !== "running") {
      stderr += `Error response from daemon: cannot kill container: ${ref}: container ${v.id} is not running\n`;
      continue;
    }
    stopView(lab, v);
    stdout += `${ref}\n`;
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

function dockerRm(args: string[], lab: LabContext, cmd: "rm" | "container rm"): CmdResult {
  const p = parse(args, [{ names: ["force", "f"] }, { names: ["volumes", "v"] }, { names: ["link", "l"] }], cmd);
  if (isResult(p)) return p;
  if (!p.args.length) return requiresOne(cmd, `${cmd} [OPTIONS] CONTAINER [CONTAINER...]`, "Remove one or more containers");
  let stdout = "";
  let stderr = "";
  for (const ref of p.args) {
    const v = findView(dockerViews(lab.machine.runtime), ref);
    if (v === "ambiguous") {
      stderr += `Error response from daemon: multiple IDs found with provided prefix: ${ref}\n`;
      continue;
    }
    if (!v) {
      if (!flagBool(p, "force")) stderr += `Error response from daemon: No such container: ${ref}\n`;
      continue;
    }
    if (v.state === "running") {
      if (!flagBool(p, "force")) {
        stderr += `Error response from daemon: cannot remove container "/${v.name}": container is running: stop the container before removing or force remove\n`;
        continue;
      }
      stopView(lab, v);
    }
    if (v.sandbox) {
      removeSandbox(lab, v.sandbox);
      notifyKubelet(lab, v.sandbox.podUid);
    } else if (v.container) {
      removeContainer(v.container);
      notifyKubelet(lab, v.container.podUid);
    }
    stdout += `${ref}\n`;
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

// --- docker inspect -----------------------------------------------------------------------------

const INSPECT_FLAGS: FlagSpec[] = [
  { names: ["format", "f"], value: true },
  { names: ["size", "s"] },
  { names: ["type"], value: true },
];

function containerJson(v: DockerView, lab: LabContext): Record<string, unknown> {
  const zero = "0001-01-01T00:00:00Z";
  const running = v.state === "running";
  const spec = v.container ? specFor(v.container.imageRef || v.container.image) : specFor("registry.k8s.io/pause:3.10");
  return {
    Id: v.id,
    Created: rfc3339Nano(v.createdAt),
    Path: v.path,
    Args: v.args,
    State: {
      Status: v.state,
      Running: running,
      Paused: false,
      Restarting: false,
      OOMKilled: v.container?.reason === "OOMKilled",
      Dead: false,
      Pid: running ? 1000 + (parseInt(v.id.slice(0, 4), 16) % 30000) : 0,
      ExitCode: v.exitCode,
      Error: v.error ?? "",
      StartedAt: v.startedAt !== undefined ? rfc3339Nano(v.startedAt) : zero,
      FinishedAt: v.finishedAt !== undefined ? rfc3339Nano(v.finishedAt) : zero,
    },
    Image: v.imageId,
    ResolvConfPath: v.sandbox ? `/var/lib/docker/containers/${v.id}/resolv.conf` : `/var/lib/docker/containers/${v.container!.sandboxId}/resolv.conf`,
    HostnamePath: v.sandbox ? `/var/lib/docker/containers/${v.id}/hostname` : `/var/lib/docker/containers/${v.container!.sandboxId}/hostname`,
    HostsPath: v.container ? `/var/lib/kubelet/pods/${v.container.podUid}/etc-hosts` : `/var/lib/docker/containers/${v.id}/hosts`,
    LogPath: `/var/lib/docker/containers/${v.id}/${v.id}-json.log`,
    Name: `/${v.name}`,
    RestartCount: 0,
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: null,
    HostConfig: {
      NetworkMode: v.sandbox ? (v.sandbox.hostNetwork ? "host" : "none") : `container:${v.container!.sandboxId}`,
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
      CgroupParent: "kubepods.slice",
    },
    Config: {
      Hostname: v.sandbox?.hostNetwork ? lab.machine.name : v.container ? v.container.podName : v.sandbox!.podName,
      Domainname: "",
      User: "0",
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: v.env,
      Cmd: v.container ? (v.container.command.length ? v.container.args : v.args.length ? v.args : null) : null,
      Image: v.image,
      Volumes: null,
      WorkingDir: v.workingDir === "/" ? "" : v.workingDir,
      Entrypoint: v.container ? (v.container.command.length ? v.container.command : spec?.entrypoint.length ? spec.entrypoint : null) : ["/pause"],
      OnBuild: null,
      Labels: v.labels,
    },
  };
}

function imageJson(img: { repository: string; tag: string; id: string; digest: string; size: number; pulledAt: number }): Record<string, unknown> {
  const spec = imageSpec(img.repository);
  const fam = familiarName(img.repository);
  return {
    Id: img.id,
    RepoTags: [`${fam}:${img.tag}`],
    RepoDigests: [`${fam}@${img.digest}`],
    Parent: "",
    Comment: "",
    Created: rfc3339Nano(imageCreated(img.repository, img.tag, img.pulledAt)),
    DockerVersion: "",
    Author: "",
    Config: {
      Env: spec?.env ?? [],
      Cmd: spec?.cmd.length ? spec.cmd : null,
      WorkingDir: spec?.workingDir ?? "",
      Entrypoint: spec?.entrypoint.length ? spec.entrypoint : null,
      OnBuild: null,
      Labels: null,
    },
    Architecture: "amd64",
    Os: "linux",
    Size: img.size,
  };
}

/** Value at a Go-template field path: {{.State.Status}} */
function templateValue(obj: unknown, expr: string): string {
  const m = /^(json\s+)?\.([\w.]*)$/.exec(expr.trim());
  if (!m) return "";
  let cur: unknown = obj;
  for (const k of m[2].split(".").filter(Boolean)) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
  if (m[1]) return JSON.stringify(cur ?? null);
  if (cur === undefined) return "<no value>";
  if (cur === null) return "<nil>";
  if (Array.isArray(cur)) return `[${cur.join(" ")}]`;
  if (typeof cur === "object") return `map[${Object.keys(cur as object).sort().map((k) => `${k}:${(cur as Record<string, unknown>)[k]}`).join(" ")}]`;
  return String(cur);
}

function dockerInspect(args: string[], lab: LabContext): CmdResult {
  const p = parse(args, INSPECT_FLAGS, "inspect");
  if (isResult(p)) return p;
  if (p.args.length < 1) return fail(`"docker inspect" requires at least 1 argument.\nSee 'docker inspect --help'.\n\nUsage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n\nReturn low-level information on Docker objects\n`, 1);
  const views = dockerViews(lab.machine.runtime);
  const found: Record<string, unknown>[] = [];
  let stderr = "";
  for (const ref of p.args) {
    const v = findView(views, ref);
    if (v && v !== "ambiguous") {
      found.push(containerJson(v, lab));
      continue;
    }
    const img = findImage(lab, ref);
    if (img) {
      found.push(imageJson(img));
      continue;
    }
    stderr += `Error: No such object: ${ref}\n`;
  }
  const format = flagStr(p, "format");
  let stdout: string;
  if (format !== undefined) {
    const body = format.replace(/\\t/g, "\t").replace(/\\n/g, "\n");
    stdout = found.map((o) => body.replace(/\{\{\s*(.*?)\s*\}\}/g, (_m, e: string) => templateValue(o, e)) + "\n").join("");
  } else {
    stdout = JSON.stringify(found, null, 4) + "\n";
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

function findImage(lab: LabContext, ref: string) {
  const imgs = lab.machine.runtime.images;
  const hex = ref.replace(/^sha256:/, "");
  if (/^[0-9a-f]{4,64}$/.test(hex)) {
    const byId = imgs.find((i) => i.id.replace(/^sha256:/, "").startsWith(hex));
    if (byId) return byId;
  }
  const n = normalizeImageRef(ref);
  if (!n.ok) return undefined;
  return imgs.find((i) => i.repository === n.repository && i.tag === n.tag);
}

// --- entry ----------------------------------------------------------------------------------------

const USAGE = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  run         Create and run a new container from an image
  exec        Execute a command in a running container
  ps          List containers
  build       Build an image from a Dockerfile
  pull        Download an image from a registry
  push        Upload an image to a registry
  images      List images
  login       Log in to a registry
  logout      Log out from a registry
  search      Search Docker Hub for images
  version     Show the Docker version information
  info        Display system-wide information

Run 'docker COMMAND --help' for more information on a command.
`;

const KNOWN_UNSUPPORTED = new Set([
  "attach", "build", "commit", "cp", "create", "diff", "events", "exec", "export", "history", "import", "info", "kill",
  "load", "login", "logout", "pause", "port", "pull", "push", "rename", "restart", "rm", "rmi", "run", "save", "search",
  "start", "stats", "stop", "tag", "top", "unpause", "update", "version", "wait", "system", "network", "volume",
  "builder", "buildx", "compose", "context", "manifest", "plugin", "trust", "swarm", "node", "service", "stack", "secret", "config",
]);

export const docker: Command = {
  name: "docker",
  run(args: string[], _io, lab: LabContext): CmdResult {
    if (lab.machine.runtime.kind !== "docker") return fail("bash: docker: command not found\n", 127);
    // global flags before the subcommand
    let i = 0;
    while (i < args.length && args[i].startsWith("-")) {
      if (args[i] === "-H" || args[i] === "--host" || args[i] === "--config" || args[i] === "-c" || args[i] === "--context" || args[i] === "-l" || args[i] === "--log-level") i += 2;
      else i++;
    }
    const sub = args[i];
    const rest = args.slice(i + 1);
    if (sub === undefined) return ok(USAGE);
    switch (sub) {
      case "ps":
        return dockerPs(rest, lab);
      case "images":
        return dockerImages(rest, lab);
      case "logs":
        return dockerLogs(rest, lab);
      case "inspect":
        return dockerInspect(rest, lab);
      case "stop":
      case "kill":
        return dockerStop(rest, lab, sub);
      case "rm":
        return dockerRm(rest, lab, "rm");
      case "container": {
        const s = rest[0];
        if (s === "ls" || s === "ps" || s === "list") return dockerPs(rest.slice(1), lab, "container ls");
        if (s === "logs") return dockerLogs(rest.slice(1), lab, "container logs");
        if (s === "inspect") return dockerInspect(rest.slice(1), lab);
        if (s === "stop" || s === "kill") return dockerStop(rest.slice(1), lab, `container ${s}`);
        if (s === "rm") return dockerRm(rest.slice(1), lab, "container rm");
        break;
      }
      case "version":
        return dockerVersion(rest, lab);
      case "image": {
        const s = rest[0];
        if (s === "ls" || s === "list") return dockerImages(rest.slice(1), lab, "image ls");
        if (s === "inspect") return dockerInspect(rest.slice(1), lab);
        break;
      }
      default:
        if (!KNOWN_UNSUPPORTED.has(sub)) return fail(`docker: '${sub}' is not a docker command.\nSee 'docker --help'\n`, 1);
    }
    // A real docker subcommand this lab does not model yet.
    return fail(`docker: '${[sub, ...rest.slice(0, 1)].join(" ")}' is not available in this lab\n`, 1);
  },
};

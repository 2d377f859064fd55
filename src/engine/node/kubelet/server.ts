// The kubelet's server side of `kubectl logs` and `kubectl exec` (reached through the API
// server's pods/log and pods/exec subresources): validation with the API server's messages,
// then the container's log lines or a small, data-driven exec of simple commands.

import type { KubeObject } from "../../types.ts";
import { rfc3339Nano } from "../../types.ts";
import type { Container } from "../runtime.ts";
import type { Machine } from "../machine.ts";

export interface LogOptions {
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
}

/** reason: the metav1.Status reason kubectl prints as `Error from server (<reason>): <error>` */
export type LogResult = { text: string } | { error: string; reason: "NotFound" | "BadRequest" };
export type ExecResult = { stdout: string; stderr: string; exitCode: number } | { error: string; reason: "NotFound" | "BadRequest" | "InternalError" };

function runtimeUid(pod: KubeObject): string {
  return pod.metadata.annotations?.["kubernetes.io/config.mirror"] ?? pod.metadata.uid!;
}

/** The container a request names (or the API server's error). */
function pickContainer(pod: KubeObject, container: string | undefined): { name: string } | { error: string; reason: "BadRequest" } {
  const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const all = [...(pod.spec?.initContainers ?? []).map((c: any) => c.name), ...names];
  if (!container) {
    if (names.length === 1) return { name: names[0] };
    return { error: `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(" ")}]${pod.spec?.initContainers?.length ? ` or one of the init containers: [${pod.spec.initContainers.map((c: any) => c.name).join(" ")}]` : ""}`, reason: "BadRequest" };
  }
  if (!all.includes(container)) return { error: `container ${container} is not valid for pod ${pod.metadata.name}`, reason: "BadRequest" };
  return { name: container };
}

function attempts(m: Machine, pod: KubeObject, name: string): Container[] {
  const uid = runtimeUid(pod);
  return m.runtime.containers.filter((c) => c.podUid === uid && c.name === name).sort((a, b) => a.attempt - b.attempt);
}

export function podLogs(machines: Map<string, Machine>, pod: KubeObject | undefined, podName: string, container: string | undefined, opts: LogOptions, now: number): LogResult {
  if (!pod) return { error: `pods "${podName}" not found`, reason: "NotFound" };
  const pick = pickContainer(pod, container);
  if ("error" in pick) return pick;
  const name = pick.name;
  const m = pod.spec?.nodeName ? machines.get(pod.spec.nodeName) : undefined;
  if (!m) return { error: `pod ${pod.metadata.name} does not have a host assigned`, reason: "BadRequest" };
  const list = attempts(m, pod, name);
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: any) => s.name === name);
  let ctr: Container | undefined;
  if (opts.previous) {
    // validateContainerLogStatus: the container of lastState.terminated (in CrashLoopBackOff that
    // is the attempt that just failed, the same one plain `logs` shows)
    const id = String(status?.lastState?.terminated?.containerID ?? "").replace(/^[a-z]+:\/\//, "");
    ctr = id ? m.runtime.container(id) : undefined;
    if (!ctr) return { error: `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`, reason: "BadRequest" };
  } else {
    ctr = list[list.length - 1];
    const waiting = status?.state?.waiting?.reason;
    if (!ctr || ctr.state === "created") {
      const why = waiting === "ErrImagePull" || waiting === "ImagePullBackOff" ? "trying and failing to pull image" : waiting ?? "ContainerCreating";
      return { error: `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${why}`, reason: "BadRequest" };
    }
  }
  let lines: { time: number; stream: string; text: string }[] = [];
  for (const l of ctr.logs) {
    const parts = l.text.split("\n");
    if (parts[parts.length - 1] === "") parts.pop();
    for (const p of parts) lines.push({ time: l.time, stream: l.stream, text: p });
  }
  if (opts.sinceSeconds !== undefined) lines = lines.filter((l) => l.time >= now - opts.sinceSeconds! * 1000);
  if (opts.tailLines !== undefined && opts.tailLines >= 0) lines = lines.slice(Math.max(0, lines.length - opts.tailLines));
  const text = lines.map((l, i) => (opts.timestamps ? `${rfc3339Nano(l.time, (l.time * 7919 + i * 104729) % 1_000_000)} ` : "") + l.text + "\n").join("");
  return { text };
}

/** Files every container has (the projected service account volume, /etc/hosts …), plus what its process wrote. */
function containerFile(pod: KubeObject, ctr: Container, path: string, caCert: string, configMaps: (ns: string, name: string) => KubeObject | undefined): string | undefined {
  const own = ctr.files?.get(path);
  if (own !== undefined) return own;
  const ns = pod.metadata.namespace!;
  const host = pod.spec?.hostNetwork ? pod.spec.nodeName : pod.metadata.name;
  const sa = "/var/run/secrets/kubernetes.io/serviceaccount";
  switch (path) {
    case "/etc/hostname":
      return `${host}\n`;
    case "/etc/hosts":
      return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${pod.status?.podIP ?? ""}\t${pod.metadata.name}\n`;
    case "/etc/resolv.conf":
      return pod.spec?.dnsPolicy === "Default" || pod.spec?.hostNetwork ? "nameserver 8.8.8.8\n" : `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
  }
  const hasSa = (pod.spec?.volumes ?? []).some((v: any) => v.name?.startsWith("kube-api-access-"));
  if (hasSa && path === `${sa}/namespace`) return ns;
  if (hasSa && path === `${sa}/ca.crt`) return caCert;
  if (hasSa && path === `${sa}/token`) return "eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJodHRwczovL2t1YmVybmV0ZXMuZGVmYXVsdC5zdmMuY2x1c3Rlci5sb2NhbCJ9.c2lnbmF0dXJl";
  // configMap volumes
  const c = (pod.spec?.containers ?? []).find((x: any) => x.name === ctr.name);
  for (const vm of c?.volumeMounts ?? []) {
    const dir = String(vm.mountPath).replace(/\/$/, "");
    if (!path.startsWith(dir + "/")) continue;
    const vol = (pod.spec?.volumes ?? []).find((v: any) => v.name === vm.name);
    if (!vol?.configMap) continue;
    const cm = configMaps(ns, vol.configMap.name);
    const key = path.slice(dir.length + 1);
    const item = (vol.configMap.items ?? []).find((i: any) => i.path === key);
    const v = cm?.data?.[item ? item.key : key];
    if (v !== undefined) return v;
  }
  return undefined;
}

export function execIn(
  machines: Map<string, Machine>,
  pod: KubeObject | undefined,
  podName: string,
  container: string | undefined,
  argv: string[],
  caCert: string,
  configMaps: (ns: string, name: string) => KubeObject | undefined,
): ExecResult {
  if (!pod) return { error: `pods "${podName}" not found`, reason: "NotFound" };
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return { error: `cannot exec into a container in a completed pod; current phase is ${phase}`, reason: "BadRequest" };
  const pick = pickContainer(pod, container);
  if ("error" in pick) return pick;
  const m = pod.spec?.nodeName ? machines.get(pod.spec.nodeName) : undefined;
  const list = m ? attempts(m, pod, pick.name) : [];
  const ctr = list[list.length - 1];
  if (!ctr || ctr.state !== "running") return { error: `unable to upgrade connection: container not found ("${pick.name}")`, reason: "BadRequest" };
  const env = ctr.env ?? {};
  const read = (p: string) => containerFile(pod, ctr, p, caCert, configMaps);
  const run = (args: string[]): { stdout: string; stderr: string; exitCode: number } | undefined => {
    const [cmd, ...rest] = args;
    const bin = (cmd ?? "").slice((cmd ?? "").lastIndexOf("/") + 1);
    switch (bin) {
      case "env":
      case "printenv":
        if (rest.length) return rest.every((k) => env[k] !== undefined) ? { stdout: rest.map((k) => env[k] + "\n").join(""), stderr: "", exitCode: 0 } : { stdout: rest.filter((k) => env[k] !== undefined).map((k) => env[k] + "\n").join(""), stderr: "", exitCode: 1 };
        return { stdout: Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(""), stderr: "", exitCode: 0 };
      case "hostname":
        return { stdout: (read("/etc/hostname") ?? "") , stderr: "", exitCode: 0 };
      case "whoami":
        return { stdout: "root\n", stderr: "", exitCode: 0 };
      case "echo":
        return { stdout: rest.join(" ") + "\n", stderr: "", exitCode: 0 };
      case "true":
        return { stdout: "", stderr: "", exitCode: 0 };
      case "false":
        return { stdout: "", stderr: "", exitCode: 1 };
      case "cat": {
        let out = "", err = "", code = 0;
        for (const f of rest) {
          const t = read(f);
          if (t === undefined) {
            err += `cat: can't open '${f}': No such file or directory\n`;
            code = 1;
          } else out += t;
        }
        return { stdout: out, stderr: err, exitCode: code };
      }
      case "ls": {
        const dirs = rest.filter((a) => !a.startsWith("-"));
        const dir = (dirs[0] ?? "/").replace(/\/$/, "") || "";
        const names = new Set<string>();
        for (const p of ctr.files?.keys() ?? []) if (p.startsWith(dir + "/")) names.add(p.slice(dir.length + 1).split("/")[0]);
        if (dir === "/var/run/secrets/kubernetes.io/serviceaccount") ["ca.crt", "namespace", "token"].forEach((n) => names.add(n));
        if (dir === "" ) ["bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"].forEach((n) => names.add(n));
        if (dir === "/etc") ["hostname", "hosts", "resolv.conf"].forEach((n) => names.add(n));
        const c = (pod.spec?.containers ?? []).find((x: any) => x.name === ctr.name);
        for (const vm of c?.volumeMounts ?? []) {
          if (String(vm.mountPath).replace(/\/$/, "") !== dir) continue;
          const vol = (pod.spec?.volumes ?? []).find((v: any) => v.name === vm.name);
          if (vol?.configMap) {
            const cm = configMaps(pod.metadata.namespace!, vol.configMap.name);
            for (const k of vol.configMap.items?.map((i: any) => i.path) ?? Object.keys(cm?.data ?? {})) names.add(k);
          }
        }
        if (!names.size && dir !== "" && dir !== "/tmp") return { stdout: "", stderr: `ls: ${dirs[0]}: No such file or directory\n`, exitCode: 1 };
        return { stdout: [...names].sort().map((n) => n + "\n").join(""), stderr: "", exitCode: 0 };
      }
      case "sh":
      case "bash":
      case "ash": {
        const i = rest.indexOf("-c");
        if (i < 0) return { stdout: "", stderr: "", exitCode: 0 };
        let last = { stdout: "", stderr: "", exitCode: 0 };
        let out = "", err = "";
        for (const part of String(rest[i + 1] ?? "").split(/;|&&/)) {
          const words = part.trim().match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^["']|["']$/g, "").replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n) => env[n] ?? "")) ?? [];
          if (!words.length) continue;
          const r = run(words);
          if (!r) return { stdout: out, stderr: err + `sh: ${words[0]}: not found\n`, exitCode: 127 };
          out += r.stdout;
          err += r.stderr;
          last = r;
        }
        return { stdout: out, stderr: err, exitCode: last.exitCode };
      }
    }
    return undefined;
  };
  const r = run(argv);
  if (r) return r;
  return {
    error: `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${ctr.id}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`,
    reason: "InternalError",
  };
}

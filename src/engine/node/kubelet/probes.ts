// Probe evaluation (pkg/kubelet/prober): what an exec, httpGet or tcpSocket probe sees in a
// container, derived from what its process does (the ports it listens on, the files its
// script touched), and the messages the kubelet puts in its Unhealthy events.

import type { Container } from "../runtime.ts";
import type { ProcessPlan } from "../processes.ts";

export interface ProbeOutcome {
  ok: boolean;
  /** the prober's output on failure (after "Liveness probe failed: ") */
  output: string;
}

function resolvePort(port: unknown, c: any): number | undefined {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(String(port))) return Number(port);
  const p = (c.ports ?? []).find((x: any) => x.name === port);
  return p?.containerPort;
}

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** Run one probe against the container now. */
export function runProbe(probe: any, c: any, ctr: Container & { plan?: ProcessPlan }, podIp: string): ProbeOutcome {
  const listens = ctr.plan?.listens ?? [];
  if (probe.exec) {
    const argv: string[] = probe.exec.command ?? [];
    return execProbe(argv, ctr);
  }
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, c);
    const host = probe.httpGet.host || podIp;
    const scheme = String(probe.httpGet.scheme ?? "HTTP").toLowerCase();
    const path = probe.httpGet.path ?? "/";
    const url = `${scheme}://${host}:${port}${path.startsWith("/") ? path : "/" + path}`;
    if (port !== undefined && listens.includes(port)) return { ok: true, output: "" };
    return { ok: false, output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, c);
    const host = probe.tcpSocket.host || podIp;
    if (port !== undefined && listens.includes(port)) return { ok: true, output: "" };
    return { ok: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
  }
  if (probe.grpc) {
    const port = probe.grpc.port;
    if (listens.includes(port)) return { ok: true, output: "" };
    return { ok: false, output: `timeout: failed to connect service "${podIp}:${port}" within 1s: context deadline exceeded` };
  }
  return { ok: true, output: "" };
}

function execProbe(argv: string[], ctr: Container): ProbeOutcome {
  let words = argv;
  if (["sh", "bash", "ash"].includes(base(argv[0] ?? "")) && argv[1] === "-c") words = String(argv[2] ?? "").trim().split(/\s+/);
  const [cmd, ...args] = words;
  const files = ctr.files ?? new Map<string, string>();
  const exists = (p: string) => files.has(p) || p === "/etc/hosts" || p === "/etc/hostname" || p === "/etc/resolv.conf";
  switch (base(cmd ?? "")) {
    case "cat": {
      const missing = args.filter((a) => !a.startsWith("-")).find((a) => !exists(a));
      return missing ? { ok: false, output: `cat: can't open '${missing}': No such file or directory` } : { ok: true, output: "" };
    }
    case "ls":
    case "stat": {
      const missing = args.filter((a) => !a.startsWith("-")).find((a) => !exists(a));
      return missing ? { ok: false, output: `${base(cmd)}: ${missing}: No such file or directory` } : { ok: true, output: "" };
    }
    case "test":
    case "[": {
      const f = args.find((a) => !a.startsWith("-") && a !== "]");
      return f && exists(f) ? { ok: true, output: "" } : { ok: false, output: "" };
    }
    case "false":
      return { ok: false, output: "" };
    case "exit":
      return args[0] && args[0] !== "0" ? { ok: false, output: "" } : { ok: true, output: "" };
    default:
      // anything else (the image's own health commands) succeeds while the process runs
      return { ok: true, output: "" };
  }
}

/** When, after `after` (ms since start), the container's files next change (probe results may flip). */
export function nextFileChange(ctr: Container & { plan?: ProcessPlan }, afterMs: number): number | undefined {
  let best: number | undefined;
  for (const f of ctr.plan?.files ?? []) if (f.at > afterMs && (best === undefined || f.at < best)) best = f.at;
  return best;
}

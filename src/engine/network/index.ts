// The cluster's network, as a model clients ask: name resolution (CoreDNS for pods, /etc/hosts
// for nodes), kube-proxy (ClusterIP and NodePort → a ready endpoint → pod IP:targetPort), the
// destination (a container that listens on the port, or nothing: connection refused), and
// Calico's NetworkPolicy enforcement (a dropped packet: the client waits for its timeout).
//
// API (used by kubectl exec's wget/curl/nc/nslookup, the node's curl, the main-process
// interpreter and scenario graders):
//   const net = new Network(store, machines)
//   net.resolve(src, "nginx")            → { ok, fqdn, addresses } | { ok: false, error: "nxdomain" | "timeout" }
//   net.dnsQuery(src, "nginx.default.svc.cluster.local") → one CoreDNS query (no search path)
//   net.connect(src, ip, port)           → { ok: true, pod, container, … } | { ok: false, error: "refused" | "timeout" }
//   net.http(src, ip, port, path)        → connect + the server's HTTP response (status, headers, body)
// A source is a pod (its network namespace) or a node (its host network).

import type { KubeObject } from "../types.ts";
import type { Store } from "../api/store.ts";
import type { Machine } from "../node/machine.ts";
import type { Container } from "../node/runtime.ts";
import type { ProcessPlan } from "../node/processes.ts";
import { matchLabelSelector } from "../api/selectors.ts";
import { imageHttp, type ImageHttp } from "../images/catalog.ts";
import { normalizeImageRef } from "../images/catalog.ts";
import { componentServer, loopbackOnly, type ComponentServer } from "./components.ts";

export type NetSource = { pod: KubeObject } | { node: string };

export const CLUSTER_DNS_IP = "10.96.0.10";
export const CLUSTER_DOMAIN = "cluster.local";

export type ResolveResult = { ok: true; fqdn: string; addresses: string[] } | { ok: false; error: "nxdomain" | "timeout" };
export type QueryResult = { ok: true; addresses: string[] } | { ok: false; error: "nxdomain" | "timeout" };

export interface ConnectOk {
  ok: true;
  /** the address the packet finally reached (after kube-proxy's DNAT) */
  ip: string;
  port: number;
  pod?: KubeObject;
  container?: Container;
  /** the Service whose ClusterIP/NodePort was used */
  service?: KubeObject;
  /** a node's own listener (kubelet, API server, sshd …) */
  nodeListener?: string;
}
export type ConnectResult = ConnectOk | { ok: false; error: "refused" | "timeout" };

export interface HttpResponse {
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
  /** the status line's protocol: "HTTP/2" for Go servers over TLS (ALPN h2), default HTTP/1.1 */
  proto?: string;
  /** a server behaviour the lab does not model: the client prints this and fails */
  labNote?: string;
}

/** Linux's SYN retries (tcp_syn_retries = 6): 1+2+4+8+16+32+64 s before connect() gives ETIMEDOUT. */
export const SYN_TIMEOUT_MS = 127_000;

function ipToInt(ip: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return undefined;
  const p = m.slice(1).map(Number);
  if (p.some((x) => x > 255)) return undefined;
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}

export function isIPv4(s: string): boolean {
  return ipToInt(s) !== undefined;
}

export function inCidr(ip: string, cidr: string): boolean {
  const [net, bitsS] = cidr.split("/");
  const a = ipToInt(ip), b = ipToInt(net);
  const bits = bitsS === undefined ? 32 : Number(bitsS);
  if (a === undefined || b === undefined || !(bits >= 0 && bits <= 32)) return false;
  if (bits === 0) return true;
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

const podRunning = (p: KubeObject) => p.status?.phase === "Running" && !!p.status?.podIP;

export class Network {
  /** round-robin position per Service (kube-proxy picks an endpoint; deterministic here) */
  private rr = new Map<string, number>();

  private reqSeq = 0;

  constructor(
    private store: Store,
    private machines: Map<string, Machine>,
    private now: () => number = () => 0,
  ) {}

  /** The control-plane component or kubelet behind a connection (components.ts), if any. */
  component(conn: ConnectOk): ComponentServer | undefined {
    return componentServer({ store: this.store, machines: this.machines, now: this.now, seq: () => this.reqSeq++ }, conn);
  }

  // ------------------------------------------------------------------ sources

  private srcNode(src: NetSource): string | undefined {
    return "node" in src ? src.node : src.pod.spec?.nodeName;
  }

  private srcIp(src: NetSource): string {
    if ("node" in src) return this.machines.get(src.node)?.ip ?? "";
    if (src.pod.spec?.hostNetwork) return this.machines.get(src.pod.spec.nodeName)?.ip ?? src.pod.status?.podIP ?? "";
    return src.pod.status?.podIP ?? "";
  }

  /** Whether names resolve through CoreDNS (ClusterFirst) or the node's resolver. */
  usesClusterDns(src: NetSource): boolean {
    if ("node" in src) return false;
    const pol = src.pod.spec?.dnsPolicy ?? "ClusterFirst";
    if (pol === "Default" || pol === "None") return false;
    if (src.pod.spec?.hostNetwork && pol !== "ClusterFirstWithHostNet") return false;
    return true;
  }

  /** resolv.conf's search list for a pod (kubelet's dns configurer). */
  searchList(src: NetSource): string[] {
    if (!this.usesClusterDns(src)) return [];
    const ns = (src as { pod: KubeObject }).pod.metadata.namespace!;
    return [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  }

  // ------------------------------------------------------------------ DNS

  /** Whether CoreDNS answers this source: a ready kube-dns endpoint the source may reach on 53/UDP. */
  dnsReachable(src: NetSource): boolean {
    const ep = this.store.peek("endpoints", "kube-system", "kube-dns");
    const addrs: any[] = (ep?.subsets ?? []).flatMap((s: any) => s.addresses ?? []);
    for (const a of addrs) {
      const pod = this.podByIp(a.ip);
      if (!pod) continue;
      if (this.policyAllows(src, pod, 53, "UDP")) return true;
    }
    return false;
  }

  /** One CoreDNS query for an absolute name (kubernetes plugin + `pods insecure`). */
  dnsQuery(src: NetSource, name: string): QueryResult {
    if (!this.dnsReachable(src)) return { ok: false, error: "timeout" };
    const n = name.replace(/\.$/, "").toLowerCase();
    const suffix = `.${CLUSTER_DOMAIN}`;
    if (!n.endsWith(suffix)) return { ok: false, error: "nxdomain" };
    const parts = n.slice(0, -suffix.length).split(".");
    // <svc>.<ns>.svc  |  <hostname>.<svc>.<ns>.svc  |  <a-b-c-d>.<ns>.pod
    if (parts.length === 3 && parts[2] === "svc") {
      const svc = this.store.peek("services", parts[1], parts[0]);
      if (!svc) return { ok: false, error: "nxdomain" };
      if (svc.spec?.type === "ExternalName") return { ok: false, error: "nxdomain" };
      if (svc.spec?.clusterIP === "None") {
        const ips = this.readyAddresses(svc).map((a) => a.ip);
        return ips.length ? { ok: true, addresses: ips } : { ok: false, error: "nxdomain" };
      }
      return { ok: true, addresses: [svc.spec.clusterIP] };
    }
    if (parts.length === 4 && parts[3] === "svc") {
      const svc = this.store.peek("services", parts[2], parts[1]);
      const hit = svc ? this.readyAddresses(svc).find((a) => a.hostname === parts[0]) : undefined;
      return hit ? { ok: true, addresses: [hit.ip] } : { ok: false, error: "nxdomain" };
    }
    if (parts.length === 3 && parts[2] === "pod" && this.store.peek("namespaces", undefined, parts[1])) {
      const ip = parts[0].replace(/-/g, ".");
      return isIPv4(ip) ? { ok: true, addresses: [ip] } : { ok: false, error: "nxdomain" };
    }
    return { ok: false, error: "nxdomain" };
  }

  /** getaddrinfo: an IP as it is, /etc/hosts, then the resolver with resolv.conf's search path (ndots:5). */
  resolve(src: NetSource, name: string): ResolveResult {
    if (isIPv4(name)) return { ok: true, fqdn: name, addresses: [name] };
    const hosts = this.hostsFile(src);
    const h = hosts.get(name.toLowerCase());
    if (h) return { ok: true, fqdn: name, addresses: [h] };
    if (!this.usesClusterDns(src)) return { ok: false, error: "nxdomain" };
    const dots = (name.match(/\./g) ?? []).length;
    const candidates = name.endsWith(".") ? [name] : dots >= 5 ? [name, ...this.searchList(src).map((s) => `${name}.${s}`)] : [...this.searchList(src).map((s) => `${name}.${s}`), name];
    let timedOut = false;
    for (const c of candidates) {
      const r = this.dnsQuery(src, c);
      if (r.ok) return { ok: true, fqdn: c.replace(/\.$/, ""), addresses: r.addresses };
      if (r.error === "timeout") timedOut = true;
      if (timedOut) break;
    }
    return { ok: false, error: timedOut ? "timeout" : "nxdomain" };
  }

  /** /etc/hosts of the source: the kubelet-managed file for pods, the node's own file for nodes. */
  hostsFile(src: NetSource): Map<string, string> {
    const out = new Map<string, string>([["localhost", "127.0.0.1"]]);
    let text: string | undefined;
    if ("node" in src || src.pod.spec?.hostNetwork) text = this.machines.get(this.srcNode(src) ?? "")?.fs.tryRead("/etc/hosts");
    else {
      const p = src.pod;
      if (p.status?.podIP) out.set(p.metadata.name!.toLowerCase(), p.status.podIP);
      for (const ha of p.spec?.hostAliases ?? []) for (const hn of ha.hostnames ?? []) out.set(String(hn).toLowerCase(), ha.ip);
    }
    for (const line of (text ?? "").split("\n")) {
      const w = line.replace(/#.*/, "").trim().split(/\s+/);
      if (w.length < 2 || !isIPv4(w[0])) continue;
      for (const n of w.slice(1)) if (!out.has(n.toLowerCase()) || n === "localhost") out.set(n.toLowerCase(), w[0]);
    }
    return out;
  }

  // ------------------------------------------------------------------ routing

  podByIp(ip: string): KubeObject | undefined {
    for (const p of this.store.listRaw("pods")) if (p.status?.podIP === ip && !p.spec?.hostNetwork && podRunning(p)) return p;
    return undefined;
  }

  private readyAddresses(svc: KubeObject): { ip: string; hostname?: string; ports: any[] }[] {
    const ep = this.store.peek("endpoints", svc.metadata.namespace!, svc.metadata.name!);
    const out: { ip: string; hostname?: string; ports: any[] }[] = [];
    for (const s of ep?.subsets ?? []) for (const a of s.addresses ?? []) out.push({ ip: a.ip, hostname: a.hostname, ports: s.ports ?? [] });
    return out;
  }

  /** kube-proxy: a Service port → one ready endpoint's IP and port, or why not. */
  private proxy(svc: KubeObject, sp: any): { ip: string; port: number } | "reject" {
    const eps = this.readyAddresses(svc);
    const key = `${svc.metadata.namespace}/${svc.metadata.name}/${sp.name ?? sp.port}`;
    const picks = eps.flatMap((e) => {
      const ep = e.ports.find((p: any) => (p.name ?? "") === (sp.name ?? "") && (p.protocol ?? "TCP") === (sp.protocol ?? "TCP"));
      return ep ? [{ ip: e.ip, port: ep.port as number }] : [];
    });
    // no endpoints: kube-proxy installs a REJECT rule (icmp port-unreachable → ECONNREFUSED)
    if (!picks.length) return "reject";
    const i = this.rr.get(key) ?? 0;
    this.rr.set(key, i + 1);
    return picks[i % picks.length];
  }

  /** A TCP connection from src to ip:port, as the client's connect() ends. */
  connect(src: NetSource, ip: string, port: number): ConnectResult {
    // loopback: the source's own network namespace
    if (ip.startsWith("127.")) return this.deliverLocal(src, port);
    for (const svc of this.store.listRaw("services")) {
      const t = svc.spec?.type;
      if (svc.spec?.clusterIP === ip && ip !== "None") {
        const sp = (svc.spec?.ports ?? []).find((p: any) => p.port === port && (p.protocol ?? "TCP") === "TCP");
        if (!sp) return { ok: false, error: "timeout" };
        return this.viaService(src, svc, sp);
      }
      if ((t === "NodePort" || t === "LoadBalancer") && this.nodeByIp(ip)) {
        const sp = (svc.spec?.ports ?? []).find((p: any) => p.nodePort === port && (p.protocol ?? "TCP") === "TCP");
        if (sp) return this.viaService(src, svc, sp);
      }
    }
    const node = this.nodeByIp(ip);
    if (node) return this.deliverNode(node, port);
    const pod = this.podByIp(ip);
    if (pod) return this.deliverPod(src, pod, ip, port);
    // an address nobody has: the SYN goes unanswered
    return { ok: false, error: "timeout" };
  }

  private viaService(src: NetSource, svc: KubeObject, sp: any): ConnectResult {
    const to = this.proxy(svc, sp);
    if (to === "reject") return { ok: false, error: "refused" };
    const r = this.connect(src, to.ip, to.port);
    return r.ok ? { ...r, service: svc } : r;
  }

  nodeByIp(ip: string): Machine | undefined {
    for (const m of this.machines.values()) if (m.ip === ip) return m;
    return undefined;
  }

  private deliverPod(src: NetSource, pod: KubeObject, ip: string, port: number): ConnectResult {
    if (!this.policyAllows(src, pod, port, "TCP")) return { ok: false, error: "timeout" };
    const ctr = this.listener(pod, port);
    if (!ctr) return { ok: false, error: "refused" };
    return { ok: true, ip, port, pod, container: ctr };
  }

  private deliverLocal(src: NetSource, port: number): ConnectResult {
    if ("node" in src || src.pod.spec?.hostNetwork) {
      const m = this.machines.get(this.srcNode(src) ?? "");
      return m ? this.deliverNode(m, port, true) : { ok: false, error: "refused" };
    }
    const ctr = this.listener(src.pod, port);
    return ctr ? { ok: true, ip: "127.0.0.1", port, pod: src.pod, container: ctr } : { ok: false, error: "refused" };
  }

  /** A node's own listeners: sshd, the kubelet, kube-proxy, and its host-network pods (API server, etcd …). */
  private deliverNode(m: Machine, port: number, loopback = false): ConnectResult {
    const own: Record<number, string> = { 22: "sshd", 10250: "kubelet" };
    if (loopback) own[10248] = "kubelet";
    if (own[port]) return { ok: true, ip: m.ip, port, nodeListener: own[port] };
    for (const p of this.store.podsOnNode(m.name)) {
      if (!p.spec?.hostNetwork) continue;
      const ctr = this.listener(p, port);
      // a component bound to 127.0.0.1 only (kubeadm's --bind-address, etcd's metrics URL) is not on the node's IP
      if (ctr && (loopback || !loopbackOnly(ctr, port))) return { ok: true, ip: m.ip, port, pod: p, container: ctr };
    }
    return { ok: false, error: "refused" };
  }

  /** The running container of a pod whose process listens on the port. */
  listener(pod: KubeObject, port: number): Container | undefined {
    const m = this.machines.get(pod.spec?.nodeName ?? "");
    if (!m) return undefined;
    const uid = pod.metadata.annotations?.["kubernetes.io/config.mirror"] ?? pod.metadata.uid!;
    for (const c of pod.spec?.containers ?? []) {
      const list = m.runtime.attempts(uid, c.name);
      const ctr = list[list.length - 1] as (Container & { plan?: ProcessPlan }) | undefined;
      if (ctr?.state === "running" && (ctr.plan?.listens ?? []).includes(port)) return ctr;
    }
    return undefined;
  }

  /**
   * An ICMP echo from src to ip: who answers and the TTL the reply arrives with (64 less the
   * routing hops: the nodes' forwarding). A ClusterIP answers nothing (kube-proxy only DNATs
   * the Service's ports); a policy that selects the pod and allows no ICMP drops it.
   */
  echo(src: NetSource, ip: string): { ttl: number; remote: boolean } | undefined {
    const from = this.srcNode(src);
    if (ip.startsWith("127.") || ip === this.srcIp(src)) return { ttl: 64, remote: false };
    const node = this.nodeByIp(ip);
    if (node) return { ttl: "pod" in src && !src.pod.spec?.hostNetwork && node.name !== from ? 63 : 64, remote: node.name !== from };
    const pod = this.podByIp(ip);
    if (!pod || !this.policyAllows(src, pod, 0, "ICMP")) return undefined;
    const same = pod.spec?.nodeName === from;
    const hops = ("pod" in src && !src.pod.spec?.hostNetwork ? 1 : 0) + (same ? 0 : 1);
    return { ttl: 64 - hops, remote: !same };
  }

  // ------------------------------------------------------------------ NetworkPolicy (Calico)

  /** Egress from src and ingress to dst (after DNAT), as Calico enforces networking.k8s.io/v1 policies. */
  policyAllows(src: NetSource, dst: KubeObject, port: number, protocol: "TCP" | "UDP" | "ICMP"): boolean {
    const srcPod = "pod" in src && !src.pod.spec?.hostNetwork ? src.pod : undefined;
    const srcIp = this.srcIp(src);
    if (srcPod && !this.allowed(srcPod, "Egress", (peer, ns) => this.peerMatches(peer, ns, dst, dst.status?.podIP ?? ""), port, protocol, dst)) return false;
    if (dst.spec?.hostNetwork) return true;
    // the host reaches its own pods (kubelet probes): Calico allows host → local workload
    if (!srcPod && this.srcNode(src) === dst.spec?.nodeName) return true;
    return this.allowed(dst, "Ingress", (peer, ns) => this.peerMatches(peer, ns, srcPod, srcIp), port, protocol, dst);
  }

  private policyTypes(np: KubeObject): string[] {
    const t = np.spec?.policyTypes;
    if (Array.isArray(t) && t.length) return t;
    return np.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"];
  }

  private allowed(pod: KubeObject, dir: "Ingress" | "Egress", peerOk: (peer: any, policyNs: string) => boolean, port: number, protocol: string, dst: KubeObject): boolean {
    const ns = pod.metadata.namespace!;
    const selecting = [...this.store.inNamespace("networkpolicies", ns)].filter(
      (np) => this.policyTypes(np).includes(dir) && matchLabelSelector(np.spec?.podSelector ?? {}, pod.metadata.labels ?? {}),
    );
    if (!selecting.length) return true;
    for (const np of selecting) {
      const rules: any[] = (dir === "Ingress" ? np.spec?.ingress : np.spec?.egress) ?? [];
      for (const r of rules) {
        const peers: any[] | undefined = dir === "Ingress" ? r.from : r.to;
        const peerHit = !peers || peers.length === 0 || peers.some((p) => peerOk(p, ns));
        if (!peerHit) continue;
        const ports: any[] | undefined = r.ports;
        if (!ports || ports.length === 0 || ports.some((p) => this.portMatches(p, port, protocol, dst))) return true;
      }
    }
    return false;
  }

  private portMatches(p: any, port: number, protocol: string, dst: KubeObject): boolean {
    if ((p.protocol ?? "TCP") !== protocol) return false;
    if (p.port === undefined || p.port === null) return true;
    if (typeof p.port === "string" && !/^\d+$/.test(p.port)) {
      // a named port: the destination container's port of that name
      return (dst.spec?.containers ?? []).some((c: any) => (c.ports ?? []).some((cp: any) => cp.name === p.port && cp.containerPort === port && (cp.protocol ?? "TCP") === protocol));
    }
    const from = Number(p.port);
    const to = p.endPort !== undefined ? Number(p.endPort) : from;
    return port >= from && port <= to;
  }

  private peerMatches(peer: any, policyNs: string, pod: KubeObject | undefined, ip: string): boolean {
    if (peer.ipBlock) {
      if (!ip || !inCidr(ip, peer.ipBlock.cidr)) return false;
      return !(peer.ipBlock.except ?? []).some((c: string) => inCidr(ip, c));
    }
    if (!pod) return false;
    const podNs = pod.metadata.namespace!;
    if (peer.namespaceSelector) {
      const nsObj = this.store.peek("namespaces", undefined, podNs);
      const nsLabels = { ...(nsObj?.metadata.labels ?? {}), "kubernetes.io/metadata.name": podNs };
      if (!matchLabelSelector(peer.namespaceSelector, nsLabels)) return false;
    } else if (podNs !== policyNs) return false;
    if (peer.podSelector) return matchLabelSelector(peer.podSelector, pod.metadata.labels ?? {});
    return true;
  }

  // ------------------------------------------------------------------ HTTP

  /** What the server behind an established connection answers to GET path. */
  httpResponse(conn: ConnectOk, path: string, readFile: (pod: KubeObject, ctr: Container, path: string) => string | undefined): HttpResponse | undefined {
    const comp = this.component(conn);
    if (comp) return comp.get(path);
    if (conn.nodeListener || !conn.container || !conn.pod) return undefined;
    const ref = normalizeImageRef(conn.container.imageRef || conn.container.image);
    const http: ImageHttp | undefined = ref.ok ? imageHttp(ref.repository) : undefined;
    if (!http || !http.ports.includes(conn.port)) return undefined;
    const p = (path || "/").split(/[?#]/)[0];
    const file = p.endsWith("/") ? `${p}index.html` : p;
    const body = readFile(conn.pod, conn.container, `${http.docroot}${file}`) ?? (file === "/index.html" ? http.index : undefined);
    if (body === undefined) {
      const nf = http.notFound;
      return { status: 404, reason: "Not Found", headers: http.headers(nf.length, "text/html"), body: nf };
    }
    return { status: 200, reason: "OK", headers: http.headers(body.length, "text/html"), body };
  }
}

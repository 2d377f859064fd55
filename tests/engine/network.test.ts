import { beforeAll, describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";
import type { KubeObject } from "../../src/engine/types.ts";
import { inCidr } from "../../src/engine/network/index.ts";

const pod = (name: string, labels: Record<string, string>, image: string, ns = "default", extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: "c", image, ...(image.startsWith("busybox") ? { command: ["sleep", "3600"] } : {}) }], ...extra },
});

const svc = (name: string, selector: Record<string, string>, port: number, targetPort: number, ns = "default", extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: ns },
  spec: { selector, ports: [{ port, targetPort }], ...extra },
});

const np = (name: string, spec: Record<string, unknown>, ns = "default"): KubeObject => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec });

let c: Cluster;
const get = (name: string, ns = "default") => c.store.peek("pods", ns, name)!;

beforeAll(() => {
  c = createCluster();
  c.api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "other", labels: { team: "b" } } });
  c.api.create("pods", pod("web", { app: "web" }, "nginx:1.27"));
  c.api.create("pods", pod("client", { role: "frontend" }, "busybox:1.36"));
  c.api.create("pods", pod("stranger", { role: "other" }, "busybox:1.36"));
  c.api.create("pods", pod("remote", { role: "frontend" }, "busybox:1.36", "other"));
  c.api.create("services", svc("web", { app: "web" }, 80, 80));
  c.api.create("services", svc("empty", { app: "nothing" }, 80, 80));
  c.api.create("services", svc("wrongport", { app: "web" }, 80, 8080));
  c.api.create("services", svc("headless", { app: "web" }, 80, 80, "default", { clusterIP: "None" }));
  c.advance(60_000);
});

describe("DNS (CoreDNS for pods, /etc/hosts for nodes)", () => {
  it("a Service name resolves through the pod's search path to its ClusterIP; svc.ns and the FQDN too", () => {
    const ip = c.store.peek("services", "default", "web")!.spec.clusterIP;
    const src = { pod: get("client") };
    expect(c.network.resolve(src, "web")).toEqual({ ok: true, fqdn: "web.default.svc.cluster.local", addresses: [ip] });
    expect(c.network.resolve(src, "web.default")).toMatchObject({ ok: true, addresses: [ip] });
    expect(c.network.resolve(src, "web.default.svc.cluster.local")).toMatchObject({ ok: true, addresses: [ip] });
    // from another namespace the short name is not found, svc.ns is
    expect(c.network.resolve({ pod: get("remote", "other") }, "web")).toEqual({ ok: false, error: "nxdomain" });
    expect(c.network.resolve({ pod: get("remote", "other") }, "web.default")).toMatchObject({ ok: true, addresses: [ip] });
    expect(c.network.resolve(src, "nope")).toEqual({ ok: false, error: "nxdomain" });
  });

  it("a headless Service resolves to its ready pod IPs; pod A records (pods insecure)", () => {
    const src = { pod: get("client") };
    const webIp = get("web").status.podIP;
    expect(c.network.resolve(src, "headless")).toMatchObject({ ok: true, addresses: [webIp] });
    expect(c.network.dnsQuery(src, `${webIp.replace(/\./g, "-")}.default.pod.cluster.local`)).toEqual({ ok: true, addresses: [webIp] });
  });

  it("nodes do not resolve Service names, only /etc/hosts (node names)", () => {
    expect(c.network.resolve({ node: "controlplane" }, "web")).toEqual({ ok: false, error: "nxdomain" });
    expect(c.network.resolve({ node: "controlplane" }, "node01")).toEqual({ ok: true, fqdn: "node01", addresses: ["172.30.2.2"] });
  });
});

describe("routing: ClusterIP → endpoint → listening container", () => {
  it("ClusterIP:port reaches the nginx pod; a pod IP directly too", () => {
    const s = c.store.peek("services", "default", "web")!;
    const r = c.network.connect({ pod: get("client") }, s.spec.clusterIP, 80);
    expect(r.ok && r.pod?.metadata.name).toBe("web");
    expect(r.ok && r.service?.metadata.name).toBe("web");
    const direct = c.network.connect({ node: "controlplane" }, get("web").status.podIP, 80);
    expect(direct.ok).toBe(true);
  });

  it("no endpoints: refused (kube-proxy REJECT); a targetPort nobody listens on: refused; a Service port not defined: timeout", () => {
    const src = { pod: get("client") };
    expect(c.network.connect(src, c.store.peek("services", "default", "empty")!.spec.clusterIP, 80)).toEqual({ ok: false, error: "refused" });
    expect(c.network.connect(src, c.store.peek("services", "default", "wrongport")!.spec.clusterIP, 80)).toEqual({ ok: false, error: "refused" });
    expect(c.network.connect(src, c.store.peek("services", "default", "web")!.spec.clusterIP, 8080)).toEqual({ ok: false, error: "timeout" });
    expect(c.network.connect(src, "10.96.200.200", 80)).toEqual({ ok: false, error: "timeout" });
  });

  it("NodePort on any node's IP reaches the endpoint", () => {
    const s = c.store.peek("services", "default", "web")!;
    const upd = structuredClone(s);
    upd.spec.type = "NodePort";
    upd.spec.ports[0].nodePort = 30080;
    c.api.update("services", upd);
    c.settle();
    for (const ip of ["172.30.1.2", "172.30.2.2"]) {
      const r = c.network.connect({ node: "controlplane" }, ip, 30080);
      expect(r.ok && r.pod?.metadata.name).toBe("web");
    }
    expect(c.network.connect({ node: "controlplane" }, "172.30.2.2", 30081)).toEqual({ ok: false, error: "refused" });
  });

  it("the HTTP answer is the image's page (nginx welcome page)", () => {
    const r = c.network.connect({ pod: get("client") }, get("web").status.podIP, 80);
    if (!r.ok) throw new Error("not connected");
    const res = c.network.httpResponse(r, "/", () => undefined)!;
    expect(res.status).toBe(200);
    expect(res.body).toContain("<title>Welcome to nginx!</title>");
    expect(c.network.httpResponse(r, "/missing", () => undefined)!.status).toBe(404);
  });
});

describe("NetworkPolicy (Calico)", () => {
  it("default deny ingress drops everything to the selected pods; an allow rule opens it for the selected peers only", () => {
    const webIp = get("web").status.podIP;
    c.api.create("networkpolicies", np("deny", { podSelector: {}, policyTypes: ["Ingress"] }));
    c.settle();
    expect(c.network.connect({ pod: get("client") }, webIp, 80)).toEqual({ ok: false, error: "timeout" });
    c.api.create("networkpolicies", np("allow-frontend", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: "frontend" } } }], ports: [{ port: 80 }] }] }));
    c.settle();
    expect(c.network.connect({ pod: get("client") }, webIp, 80).ok).toBe(true);
    expect(c.network.connect({ pod: get("stranger") }, webIp, 80)).toEqual({ ok: false, error: "timeout" });
    // a podSelector alone means the policy's namespace: the frontend of another namespace is denied
    expect(c.network.connect({ pod: get("remote", "other") }, webIp, 80)).toEqual({ ok: false, error: "timeout" });
    // the host of the pod's node still reaches it (kubelet probes), another node does not
    const node = get("web").spec.nodeName;
    expect(c.network.connect({ node }, webIp, 80).ok).toBe(true);
  });

  it("namespaceSelector and ipBlock peers", () => {
    const webIp = get("web").status.podIP;
    c.api.create("networkpolicies", np("from-team-b", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "b" } } }] }] }));
    c.settle();
    expect(c.network.connect({ pod: get("remote", "other") }, webIp, 80).ok).toBe(true);
    const strangerIp = get("stranger").status.podIP;
    c.api.create("networkpolicies", np("from-ip", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ ipBlock: { cidr: `${strangerIp}/32` } }] }] }));
    c.settle();
    expect(c.network.connect({ pod: get("stranger") }, webIp, 80).ok).toBe(true);
    for (const n of ["deny", "allow-frontend", "from-team-b", "from-ip"]) c.api.delete("networkpolicies", "default", n);
    c.settle();
  });

  it("default deny egress also blocks DNS (names time out) until port 53 is allowed", () => {
    const src = () => ({ pod: get("client") });
    c.api.create("networkpolicies", np("deny-egress", { podSelector: { matchLabels: { role: "frontend" } }, policyTypes: ["Egress"] }));
    c.settle();
    expect(c.network.resolve(src(), "web")).toEqual({ ok: false, error: "timeout" });
    expect(c.network.connect(src(), get("web").status.podIP, 80)).toEqual({ ok: false, error: "timeout" });
    c.api.create("networkpolicies", np("allow-dns", { podSelector: { matchLabels: { role: "frontend" } }, policyTypes: ["Egress"], egress: [{ ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] }] }));
    c.settle();
    expect(c.network.resolve(src(), "web").ok).toBe(true);
    expect(c.network.connect(src(), get("web").status.podIP, 80)).toEqual({ ok: false, error: "timeout" });
    c.api.create("networkpolicies", np("allow-web", { podSelector: { matchLabels: { role: "frontend" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ port: 80 }] }] }));
    c.settle();
    expect(c.network.connect(src(), get("web").status.podIP, 80).ok).toBe(true);
    for (const n of ["deny-egress", "allow-dns", "allow-web"]) c.api.delete("networkpolicies", "default", n);
    c.settle();
  });

  it("CIDR matching", () => {
    expect(inCidr("192.168.1.5", "192.168.0.0/16")).toBe(true);
    expect(inCidr("10.0.0.1", "192.168.0.0/16")).toBe(false);
    expect(inCidr("10.0.0.1", "0.0.0.0/0")).toBe(true);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createCluster } from "../../src/engine/cluster.ts";
import { Store } from "../../src/engine/api/store.ts";
import type { KubeObject } from "../../src/engine/types.ts";

const pod = (name: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels },
  spec: { containers: [{ name: "c", image: "nginx:1.27", ...extra }] },
});

const deploy = (name: string, container: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1.27", ...container }] } } },
});

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "(no error)";
};

describe("API server: update validation", () => {
  it("a Pod update may change the image but not other spec fields (ValidatePodUpdate's message and diff)", () => {
    const c = createCluster();
    c.api.create("pods", pod("web"));
    c.advance(10_000);
    const cur = c.api.get("pods", "default", "web");
    cur.spec.containers[0].image = "nginx:1.28";
    expect(c.api.update("pods", cur).spec.containers[0].image).toBe("nginx:1.28");
    const again = c.api.get("pods", "default", "web");
    again.spec.containers[0].ports = [{ containerPort: 80 }];
    const msg = errorOf(() => c.api.update("pods", again));
    expect(msg.split("\n")[0]).toBe(
      'Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    expect(msg).toContain("  core.PodSpec{\n");
    expect(msg).toMatch(/\n- \t\t\tPorts: +nil,\n\+ \t\t\tPorts: +\{\{ContainerPort: 80, Protocol: "TCP"\}\},\n/);
    // server-side dry run validates too
    expect(errorOf(() => c.api.update("pods", again, { dryRun: true }))).toBe(msg);
  });

  it("a Pod update keeps the kubelet's status (the main resource ignores status)", () => {
    const c = createCluster();
    c.api.create("pods", pod("web"));
    c.advance(10_000);
    const cur = c.api.get("pods", "default", "web");
    cur.status = { phase: "Failed" };
    cur.metadata.labels = { x: "y" };
    const saved = c.api.update("pods", cur);
    expect(saved.status.phase).toBe("Running");
    expect(saved.metadata.labels).toEqual({ x: "y" });
  });

  it("spec.selector of Deployments, ReplicaSets and DaemonSets is immutable", () => {
    const c = createCluster();
    c.api.create("deployments", deploy("web"));
    c.settle();
    const d = c.api.get("deployments", "default", "web");
    d.spec.selector = { matchLabels: { app: "web2" } };
    d.spec.template.metadata.labels = { app: "web2" };
    expect(errorOf(() => c.api.update("deployments", d))).toBe(
      'Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    const rs = c.api.list("replicasets", "default")[0];
    rs.spec.selector = { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] };
    expect(errorOf(() => c.api.update("replicasets", rs))).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", Values:[]string{"a", "b"}}}}: field is immutable',
    );
    // the same selector in another key order is no change
    const d2 = c.api.get("deployments", "default", "web");
    d2.spec.replicas = 3;
    expect(c.api.update("deployments", d2).spec.replicas).toBe(3);
  });
});

describe("API server: defaulting", () => {
  it("requests default to limits in Pods, never in a Deployment's template", () => {
    const c = createCluster();
    const res = { resources: { limits: { cpu: "100m", memory: "64Mi" } } };
    c.api.create("deployments", deploy("web", res));
    c.settle();
    const d = c.api.get("deployments", "default", "web");
    expect(d.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: "100m", memory: "64Mi" } });
    const p = c.api.list("pods", "default")[0];
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: "100m", memory: "64Mi" }, requests: { cpu: "100m", memory: "64Mi" } });
    expect(p.status.qosClass).toBe("Guaranteed");
  });
});

describe("API server: reads", () => {
  afterEach(() => {
    Store.freezeObjects = false;
  });

  it("list({readOnly}) returns the stored objects; stored objects are never mutated in place", () => {
    Store.freezeObjects = true;
    const c = createCluster();
    c.api.create("deployments", deploy("web"));
    c.api.create("pods", pod("crash", { image: "busybox", command: ["sh", "-c", "echo boom; exit 1"] }));
    c.api.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } });
    c.advance(120_000);
    const d = c.api.get("deployments", "default", "web");
    d.spec.template.spec.containers[0].image = "nginx:1.28";
    c.api.update("deployments", d);
    c.advance(60_000);
    c.api.delete("pods", "default", "crash");
    c.advance(60_000);
    const ro = c.api.list("pods", "kube-system", { readOnly: true });
    expect(ro[0]).toBe(c.store.peek("pods", "kube-system", ro[0].metadata.name!));
    expect(Object.isFrozen(ro[0].metadata)).toBe(true);
    const copy = c.api.list("pods", "kube-system");
    expect(copy[0]).not.toBe(ro[0]);
    expect(copy[0]).toEqual(ro[0]);
  });

  it("Events expire an hour after their last write (kube-apiserver --event-ttl)", () => {
    const c = createCluster();
    c.api.create("pods", pod("web"));
    c.advance(10_000);
    const evs = () => c.api.list("events", "default", { fieldSelector: "involvedObject.name=web" }).map((e) => e.reason);
    expect(evs()).toEqual(expect.arrayContaining(["Scheduled", "Pulled", "Created", "Started"]));
    c.advance(3_590_000);
    expect(evs().length).toBeGreaterThan(0);
    c.advance(10_000);
    expect(evs()).toEqual([]);
    // an event that keeps being updated (count++) lives on
    c.api.create("pods", pod("crash", { image: "busybox", command: ["sh", "-c", "exit 1"] }));
    c.advance(2 * 3600_000);
    const backoff = c.api.list("events", "default", { fieldSelector: "involvedObject.name=crash" }).find((e) => e.reason === "BackOff")!;
    expect(backoff.count).toBeGreaterThan(10);
    expect(c.api.list("events", "default", { fieldSelector: "involvedObject.name=crash" }).map((e) => e.reason)).not.toContain("Scheduled");
  });

  it("both nodes renew their Lease; node heartbeats are at most 5 min old when read", () => {
    const c = createCluster();
    for (const step of [0, 37_000, 600_000, 3600_000]) {
      c.advance(step);
      const now = c.now();
      const leases = c.api.list("leases", "kube-node-lease");
      expect(leases.map((l) => l.metadata.name)).toEqual(["controlplane", "node01"]);
      for (const l of leases) expect(now - Date.parse(l.spec.renewTime)).toBeLessThanOrEqual(10_000);
      for (const n of c.api.list("nodes", undefined)) for (const cond of n.status.conditions) expect(now - Date.parse(cond.lastHeartbeatTime)).toBeLessThanOrEqual(300_000);
    }
  });
});

describe("Endpoints controller", () => {
  it("lists the ready pod IPs behind a Service, the not-ready ones apart, and follows changes", () => {
    const c = createCluster();
    c.api.create("deployments", deploy("web", { ports: [{ containerPort: 80, name: "http" }] }));
    c.api.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web", labels: { app: "web" } }, spec: { selector: { app: "web" }, ports: [{ port: 8080, targetPort: "http" }] } });
    c.settle();
    const ep0 = c.api.get("endpoints", "default", "web");
    expect(ep0.subsets).toBeUndefined();
    expect(ep0.metadata.labels).toEqual({ app: "web" });
    c.advance(30_000);
    const ep = c.api.get("endpoints", "default", "web");
    const pods = c.api.list("pods", "default");
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets[0].ports).toEqual([{ port: 80, protocol: "TCP" }]);
    expect(ep.subsets[0].addresses.map((a: any) => a.ip)).toEqual(pods.map((p) => p.status.podIP).sort());
    expect(ep.subsets[0].addresses[0]).toEqual({
      ip: expect.any(String),
      nodeName: "node01",
      targetRef: { kind: "Pod", namespace: "default", name: expect.stringMatching(/^web-/), uid: expect.any(String) },
    });
    expect(ep.metadata.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // a pod going away leaves the list
    c.api.delete("pods", "default", pods[0].metadata.name!);
    c.settle();
    expect(c.api.get("endpoints", "default", "web").subsets[0].addresses.map((a: any) => a.targetRef.name)).not.toContain(pods[0].metadata.name);
    // a Service without a selector is left alone; a deleted Service takes its Endpoints
    c.api.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "manual" }, spec: { ports: [{ port: 80 }] } });
    c.settle();
    expect(c.api.exists("endpoints", "default", "manual")).toBe(false);
    c.api.delete("services", "default", "web");
    c.settle();
    expect(c.api.exists("endpoints", "default", "web")).toBe(false);
  });

  it("kube-dns has the CoreDNS pods' addresses on 53/UDP, 53/TCP and 9153/TCP", () => {
    const c = createCluster();
    const ep = c.api.get("endpoints", "kube-system", "kube-dns");
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets[0].addresses).toHaveLength(2);
    expect(ep.subsets[0].ports.map((p: any) => `${p.name}:${p.port}/${p.protocol}`)).toEqual(["dns:53/UDP", "dns-tcp:53/TCP", "metrics:9153/TCP"]);
  });
});

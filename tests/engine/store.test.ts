import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Store } from "../../src/engine/api/store.ts";
import { ApiServer } from "../../src/engine/api/server.ts";
import { Rand } from "../../src/engine/rand.ts";
import { ApiError, ConnectionRefused } from "../../src/engine/api/errors.ts";
import { Clock } from "../../src/engine/clock.ts";

function setup(up = true) {
  const clock = new Clock(Date.UTC(2026, 0, 1));
  const rand = new Rand(3);
  const store = new Store(() => clock.now(), rand);
  let isUp = up;
  const api = new ApiServer(store, rand, () => clock.now(), "172.30.1.2", () => isUp);
  for (const ns of ["default", "kube-system"]) api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  return { clock, store, api, setUp: (v: boolean) => (isUp = v) };
}

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels: { run: name } },
  spec: { containers: [{ name, image: "nginx" }], ...extra },
});

describe("API server store", () => {
  it("assigns uid, resourceVersion and creationTimestamp, and applies the pod defaults", () => {
    const { api } = setup();
    const p = api.create("pods", pod("web"));
    expect(p.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number(p.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(p.metadata.creationTimestamp).toBe("2026-01-01T00:00:00Z");
    expect(p.metadata.namespace).toBe("default");
    expect(p.spec).toMatchObject({
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      enableServiceLinks: true,
      terminationGracePeriodSeconds: 30,
      serviceAccountName: "default",
      priority: 0,
      preemptionPolicy: "PreemptLowerPriority",
    });
    expect(p.spec.containers[0]).toMatchObject({ imagePullPolicy: "Always", terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", resources: {} });
    expect(p.spec.tolerations).toEqual([
      { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
      { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 },
    ]);
    expect(p.spec.volumes[0].name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(p.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
    expect(p.metadata.generation).toBeUndefined();
  });

  it("IfNotPresent for tagged images, Always for latest or none", () => {
    const { api } = setup();
    const a = api.create("pods", { ...pod("a"), spec: { containers: [{ name: "a", image: "busybox:1.28" }] } });
    const b = api.create("pods", { ...pod("b"), spec: { containers: [{ name: "b", image: "busybox:latest" }] } });
    expect(a.spec.containers[0].imagePullPolicy).toBe("IfNotPresent");
    expect(b.spec.containers[0].imagePullPolicy).toBe("Always");
  });

  it("rejects duplicates, missing namespaces and invalid pods with the real messages", () => {
    const { api } = setup();
    api.create("pods", pod("web"));
    expect(() => api.create("pods", pod("web"))).toThrow('pods "web" already exists');
    expect(() => api.create("pods", { ...pod("x"), metadata: { name: "x", namespace: "dev" } })).toThrow('namespaces "dev" not found');
    try {
      api.create("pods", { ...pod("Web"), spec: { containers: [{ name: "web", image: "nginx" }] } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).reason).toBe("Invalid");
      expect((e as ApiError).message).toMatch(/^Pod "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain/);
    }
    expect(() => api.create("pods", { ...pod("r"), spec: { containers: [{ name: "r", image: "x" }], restartPolicy: "Nevr" } })).toThrow(
      'Pod "r" is invalid: spec.restartPolicy: Unsupported value: "Nevr": supported values: "Always", "OnFailure", "Never"',
    );
  });

  it("deletes bound pods gracefully and unbound pods at once", () => {
    const { api, store } = setup();
    api.create("pods", pod("free"));
    api.delete("pods", "default", "free");
    expect(store.peek("pods", "default", "free")).toBeUndefined();
    api.create("pods", pod("bound", { nodeName: "node01" }));
    const d = api.delete("pods", "default", "bound");
    expect(d.metadata.deletionTimestamp).toBe("2026-01-01T00:00:30Z");
    expect(d.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(store.peek("pods", "default", "bound")).toBeDefined();
  });

  it("filters by label and field selectors", () => {
    const { api } = setup();
    api.create("pods", pod("a", { nodeName: "node01" }));
    api.create("pods", { ...pod("b"), metadata: { name: "b", labels: { app: "web", tier: "fe" } } });
    expect(api.list("pods", "default", { labelSelector: "app=web" }).map((p) => p.metadata.name)).toEqual(["b"]);
    expect(api.list("pods", "default", { labelSelector: "app in (web,db),tier!=be" }).map((p) => p.metadata.name)).toEqual(["b"]);
    expect(api.list("pods", "default", { labelSelector: "!app" }).map((p) => p.metadata.name)).toEqual(["a"]);
    expect(api.list("pods", undefined, { fieldSelector: "spec.nodeName=node01" }).map((p) => p.metadata.name)).toEqual(["a"]);
    expect(() => api.list("pods", undefined, { fieldSelector: "foo=bar" })).toThrow('field label not supported: foo');
  });

  it("refuses every call while the API server is down", () => {
    const { api, setUp } = setup();
    setUp(false);
    expect(() => api.list("pods", "default")).toThrow(ConnectionRefused);
    expect(() => api.list("pods", "default")).toThrow("The connection to the server 172.30.1.2:6443 was refused - did you specify the right host or port?");
  });

  it("bumps generation only when the spec changes and rejects stale writes", () => {
    const { api, store } = setup();
    const ns = api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
    expect(ns.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "dev" });
    const cm = store.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" }, data: { a: "1" } });
    const stale = structuredClone(cm);
    store.update("configmaps", { ...cm, data: { a: "2" } });
    expect(() => api.update("configmaps", stale)).toThrow(/the object has been modified/);
  });
});

describe("status writes (Store.replaceStatus)", () => {
  it("store and emit what update() of the same object with the new status does: object and key order, indexes, watch events", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ pod: fc.integer({ min: 0, max: 3 }), node: fc.constantFrom("n1", "n2", undefined), owner: fc.boolean(), phase: fc.constantFrom("Pending", "Running") }), { minLength: 1, maxLength: 12 }),
        (writes) => {
          const run = (fast: boolean) => {
            const clock = new Clock(Date.UTC(2026, 0, 1));
            const store = new Store(() => clock.now(), new Rand(3));
            const seen: string[] = [];
            store.watch((e) => seen.push(`${e.type} ${e.resource} ${JSON.stringify(e.object)}`));
            store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
            for (let i = 0; i < 4; i++) {
              store.create("pods", {
                apiVersion: "v1",
                kind: "Pod",
                // metadata keys out of stored order in the input: the store orders them
                metadata: { labels: { app: "x" }, name: `p${i}`, ...(i % 2 ? { ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "n1", uid: "u", controller: true }] } : {}), annotations: { a: String(i) } },
                spec: { containers: [{ name: "c", image: "nginx" }], ...(i < 2 ? { nodeName: "n1" } : {}) },
              });
            }
            for (const w of writes) {
              clock.advance(1000);
              const old = store.peek("pods", "default", `p${w.pod}`)!;
              const status = { phase: w.phase, hostIP: w.node ?? "" };
              if (fast) store.replaceStatus("pods", old, status);
              else store.update("pods", { ...old, metadata: { ...old.metadata }, status }, { owned: true });
            }
            return {
              seen,
              pods: JSON.stringify(store.listRaw("pods", "default")),
              byNs: JSON.stringify([...store.inNamespace("pods", "default")].map((p) => p.metadata.name)),
              onNode: JSON.stringify(store.podsOnNode("n1").map((p) => p.metadata.name)),
              rv: store.resourceVersion(),
            };
          };
          expect(run(true)).toEqual(run(false));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("goes through update() for an object that is no longer the stored one", () => {
    const { store, api } = setup();
    api.create("pods", pod("a"));
    const old = store.peek("pods", "default", "a")!;
    api.update("pods", { ...structuredClone(old), metadata: { ...structuredClone(old.metadata), labels: { run: "b" } } });
    const stored = store.replaceStatus("pods", old, { phase: "Running" });
    // update() of the stale copy: the labels written in between are gone again, as a plain update would do
    expect(stored.metadata.labels).toEqual({ run: "a" });
    expect(store.peek("pods", "default", "a")!.status).toEqual({ phase: "Running" });
  });
});

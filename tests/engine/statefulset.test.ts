// StatefulSet controller (pkg/controller/statefulset) against the engine: ordered creation with
// identity labels, claims per ordinal, scale down in reverse order, RollingUpdate with a
// partition, OnDelete, ControllerRevisions, status, events.

import { describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";
import type { KubeObject } from "../../src/engine/types.ts";

const sts = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name },
  spec: {
    serviceName: "nginx",
    replicas: 3,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } },
    ...spec,
  },
});

const live = (c: Cluster, set: string) =>
  c.store
    .listRaw("pods", "default")
    .filter((p) => p.metadata.ownerReferences?.[0]?.name === set && !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name!)
    .sort();
const events = (c: Cluster, name: string) =>
  c.store
    .listRaw("events", "default")
    .filter((e) => e.involvedObject?.name === name && e.involvedObject?.kind === "StatefulSet")
    .map((e) => `${e.type} ${e.reason} ${e.message}`);

describe("StatefulSet controller", () => {
  it("creates web-0, web-1, web-2 one at a time, each Running and Ready before the next", () => {
    const c = createCluster();
    c.api.create("statefulsets", sts("web"));
    c.settle();
    expect(live(c, "web")).toEqual(["web-0"]);
    const p0 = c.store.peek("pods", "default", "web-0")!;
    expect(p0.metadata.labels).toEqual({ app: "web", "statefulset.kubernetes.io/pod-name": "web-0", "apps.kubernetes.io/pod-index": "0", "controller-revision-hash": expect.stringMatching(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/) });
    expect(p0.spec.hostname).toBe("web-0");
    expect(p0.spec.subdomain).toBe("nginx");
    expect(p0.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: expect.any(String), controller: true, blockOwnerDeletion: true }]);
    c.advance(60_000);
    expect(live(c, "web")).toEqual(["web-0", "web-1", "web-2"]);
    const set = c.store.peek("statefulsets", "default", "web")!;
    const rev = p0.metadata.labels!["controller-revision-hash"];
    expect(set.status).toEqual({ observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: rev, updateRevision: rev, collisionCount: 0, availableReplicas: 3 });
    expect(events(c, "web")).toEqual([
      "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful",
      "Normal SuccessfulCreate create Pod web-1 in StatefulSet web successful",
      "Normal SuccessfulCreate create Pod web-2 in StatefulSet web successful",
    ]);
    const crs = c.store.listRaw("controllerrevisions", "default");
    expect(crs.map((r) => [r.metadata.name, r.revision, r.metadata.labels?.["controller-revision-hash"]])).toEqual([[rev, 1, rev.slice(4)]]);
    // pods are created in order: web-1 only after web-0 was ready
    const t = (n: string) => Date.parse(c.store.peek("pods", "default", n)!.metadata.creationTimestamp!);
    expect(t("web-0") < t("web-1") && t("web-1") < t("web-2")).toBe(true);
  });

  it("Parallel creates all pods at once; scale down removes the highest ordinals first", () => {
    const c = createCluster();
    c.api.create("statefulsets", sts("db", { podManagementPolicy: "Parallel", replicas: 4 }));
    c.settle();
    expect(live(c, "db")).toEqual(["db-0", "db-1", "db-2", "db-3"]);
    c.advance(30_000);
    const s = c.api.get("statefulsets", "default", "db");
    s.spec.replicas = 2;
    c.api.update("statefulsets", s);
    c.settle();
    expect(live(c, "db")).toEqual(["db-0", "db-1"]);

    const c2 = createCluster();
    c2.api.create("statefulsets", sts("web"));
    c2.advance(60_000);
    const w = c2.api.get("statefulsets", "default", "web");
    w.spec.replicas = 1;
    c2.api.update("statefulsets", w);
    c2.settle();
    // OrderedReady: web-2 first, and web-1 only once web-2 is gone
    expect(live(c2, "web")).toEqual(["web-0", "web-1"]);
    c2.advance(60_000);
    expect(live(c2, "web")).toEqual(["web-0"]);
    expect(events(c2, "web").slice(3)).toEqual(["Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful", "Normal SuccessfulDelete delete Pod web-1 in StatefulSet web successful"]);
  });

  it("volumeClaimTemplates: one claim per ordinal, created before the pod; with no StorageClass they and the pods stay Pending", () => {
    const c = createCluster();
    c.api.create(
      "statefulsets",
      sts("web", { replicas: 2, volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] }),
    );
    c.advance(30_000);
    const pvc = c.store.peek("persistentvolumeclaims", "default", "www-web-0")!;
    expect(pvc.metadata.labels).toEqual({ app: "web" });
    expect(pvc.status?.phase).toBe("Pending");
    expect(c.store.peek("persistentvolumeclaims", "default", "www-web-1")).toBeUndefined();
    const p0 = c.store.peek("pods", "default", "web-0")!;
    expect(p0.status.phase).toBe("Pending");
    expect(p0.spec.volumes[0]).toEqual({ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } });
    expect(events(c, "web")).toEqual(["Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success", "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful"]);
    const set = c.store.peek("statefulsets", "default", "web")!;
    expect(set.spec.volumeClaimTemplates[0]).toEqual({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "www", creationTimestamp: null }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeMode: "Filesystem" }, status: { phase: "Pending" } });
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
    expect(set.spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { partition: 0 } });
    // a matching PV binds the claim and the pods go on
    for (const n of ["pv0", "pv1"]) c.api.create("persistentvolumes", { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: n }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: `/data/${n}` } } });
    c.advance(120_000);
    expect(live(c, "web")).toEqual(["web-0", "web-1"]);
    expect(c.store.peek("persistentvolumeclaims", "default", "www-web-1")!.status.phase).toBe("Bound");
  });

  it("RollingUpdate replaces pods from the highest ordinal down to the partition; OnDelete waits", () => {
    const c = createCluster();
    c.api.create("statefulsets", sts("web"));
    c.advance(60_000);
    const rev1 = c.store.peek("statefulsets", "default", "web")!.status.currentRevision;
    const s = c.api.get("statefulsets", "default", "web");
    s.spec.template.spec.containers[0].image = "nginx:1.28";
    s.spec.updateStrategy.rollingUpdate.partition = 1;
    c.api.update("statefulsets", s);
    c.settle();
    const st = c.store.peek("statefulsets", "default", "web")!.status;
    expect(st.updateRevision).not.toBe(rev1);
    expect(c.store.peek("pods", "default", "web-2")!.metadata.deletionTimestamp).toBeDefined();
    c.advance(120_000);
    const img = (n: string) => c.store.peek("pods", "default", n)!.spec.containers[0].image;
    expect([img("web-0"), img("web-1"), img("web-2")]).toEqual(["nginx:1.27", "nginx:1.28", "nginx:1.28"]);
    const st2 = c.store.peek("statefulsets", "default", "web")!.status;
    expect([st2.currentRevision, st2.currentReplicas, st2.updatedReplicas]).toEqual([rev1, 1, 2]);
    const s2 = c.api.get("statefulsets", "default", "web");
    s2.spec.updateStrategy.rollingUpdate.partition = 0;
    c.api.update("statefulsets", s2);
    c.advance(120_000);
    const st3 = c.store.peek("statefulsets", "default", "web")!.status;
    expect(img("web-0")).toBe("nginx:1.28");
    expect([st3.currentRevision, st3.currentReplicas, st3.updatedReplicas]).toEqual([st3.updateRevision, 3, 3]);
    expect(c.store.listRaw("controllerrevisions", "default").map((r) => r.revision).sort()).toEqual([1, 2]);

    const d = createCluster();
    d.api.create("statefulsets", sts("web", { updateStrategy: { type: "OnDelete" } }));
    d.advance(60_000);
    expect(d.store.peek("statefulsets", "default", "web")!.spec.updateStrategy).toEqual({ type: "OnDelete" });
    const s3 = d.api.get("statefulsets", "default", "web");
    s3.spec.template.spec.containers[0].image = "nginx:1.28";
    d.api.update("statefulsets", s3);
    d.advance(60_000);
    expect(d.store.peek("pods", "default", "web-2")!.spec.containers[0].image).toBe("nginx:1.27");
    d.api.delete("pods", "default", "web-2");
    d.advance(60_000);
    expect(d.store.peek("pods", "default", "web-2")!.spec.containers[0].image).toBe("nginx:1.28");
  });

  it("a deleted pod comes back with the same name; deleting the set removes its pods but keeps the claims", () => {
    const c = createCluster();
    c.api.create("statefulsets", sts("web", { replicas: 2, volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] }));
    for (const n of ["pv0", "pv1"]) c.api.create("persistentvolumes", { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: n }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: `/data/${n}` } } });
    c.advance(120_000);
    const uid = c.store.peek("pods", "default", "web-1")!.metadata.uid;
    c.api.delete("pods", "default", "web-1");
    c.advance(60_000);
    const p = c.store.peek("pods", "default", "web-1")!;
    expect(p.metadata.uid).not.toBe(uid);
    expect(p.spec.volumes[0].persistentVolumeClaim.claimName).toBe("data-web-1");
    c.api.delete("statefulsets", "default", "web");
    c.advance(60_000);
    expect(live(c, "web")).toEqual([]);
    expect(c.store.listRaw("persistentvolumeclaims", "default").map((x) => x.metadata.name).sort()).toEqual(["data-web-0", "data-web-1"]);
  });
});

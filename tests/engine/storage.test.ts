// Storage in the engine: PV/PVC defaulting and validation (pkg/apis/core/validation), the PV
// controller's binding and reclaim (pkg/controller/volume/persistentvolume), the protection
// finalizers, and the scheduler's VolumeBinding plugin.

import { describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";
import type { KubeObject } from "../../src/engine/types.ts";
import { ApiError } from "../../src/engine/api/errors.ts";

const pv = (name: string, size: string, extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name, ...meta },
  spec: { capacity: { storage: size }, accessModes: ["ReadWriteOnce"], hostPath: { path: `/data/${name}` }, ...extra },
});
const pvc = (name: string, size: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: "default" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } }, ...extra },
});
const podWith = (name: string, claim: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: {
    containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"], volumeMounts: [{ name: "data", mountPath: "/data" }] }],
    volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }],
    ...extra,
  },
});
const get = (c: Cluster, r: string, name: string, ns?: string) => c.store.peek(r, ns, name);
const events = (c: Cluster, name: string, ns = "default") =>
  c.store.listRaw("events", ns).filter((e) => e.involvedObject.name === name).map((e) => `${e.type} ${e.reason}: ${e.message}`);
const fail = (f: () => unknown): ApiError => {
  try {
    f();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("no error");
};

describe("PersistentVolume / PersistentVolumeClaim API", () => {
  it("defaults a PV (Retain, Filesystem, hostPath type, pv-protection) and a PVC (Filesystem, Pending, pvc-protection)", () => {
    const c = createCluster();
    const v = c.api.create("persistentvolumes", pv("pv1", "1Gi"));
    expect(v.spec.persistentVolumeReclaimPolicy).toBe("Retain");
    expect(v.spec.volumeMode).toBe("Filesystem");
    expect(v.spec.hostPath).toEqual({ path: "/data/pv1", type: "" });
    expect(v.metadata.finalizers).toEqual(["kubernetes.io/pv-protection"]);
    expect(v.status.phase).toBe("Pending");
    const cl = c.api.create("persistentvolumeclaims", pvc("c1", "500Mi", { storageClassName: "" }));
    expect(cl.spec.volumeMode).toBe("Filesystem");
    expect(cl.status).toEqual({ phase: "Pending" });
    expect(cl.metadata.finalizers).toEqual(["kubernetes.io/pvc-protection"]);
  });

  it("rejects a claim without access modes or storage request, and a volume without capacity, with the real messages", () => {
    const c = createCluster();
    const e = fail(() => c.api.create("persistentvolumeclaims", { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "bad" }, spec: {} }));
    expect(e.message).toBe('PersistentVolumeClaim "bad" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]');
    const e2 = fail(() => c.api.create("persistentvolumes", { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "bad" }, spec: { accessModes: ["ReadWriteOnce"], hostPath: { path: "/x" } } }));
    expect(e2.message).toBe('PersistentVolume "bad" is invalid: [spec.capacity: Required value, spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"]');
    const e3 = fail(() => c.api.create("persistentvolumes", pv("loc", "1Gi", { hostPath: undefined, local: { path: "/mnt" } })));
    expect(e3.message).toBe('PersistentVolume "loc" is invalid: spec.nodeAffinity: Required value: Local volume requires node affinity');
  });
});

describe("PV controller", () => {
  it("binds a claim to the smallest matching Available volume, with claimRef, annotations and status", () => {
    const c = createCluster();
    c.api.create("persistentvolumes", pv("big", "5Gi", { storageClassName: "" }));
    c.api.create("persistentvolumes", pv("small", "1Gi"));
    c.api.create("persistentvolumes", pv("tiny", "100Mi"));
    c.settle();
    expect(get(c, "persistentvolumes", "small")!.status.phase).toBe("Available");
    c.api.create("persistentvolumeclaims", pvc("data", "500Mi", { storageClassName: "" }));
    c.settle();
    const claim = get(c, "persistentvolumeclaims", "data", "default")!;
    expect(claim.spec.volumeName).toBe("small");
    expect(claim.metadata.annotations).toEqual({ "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" });
    expect(claim.status).toEqual({ phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "1Gi" } });
    const v = get(c, "persistentvolumes", "small")!;
    expect(v.status.phase).toBe("Bound");
    expect(v.spec.claimRef).toEqual({ kind: "PersistentVolumeClaim", namespace: "default", name: "data", uid: claim.metadata.uid, apiVersion: "v1", resourceVersion: expect.any(String) });
    expect(v.metadata.annotations).toEqual({ "pv.kubernetes.io/bound-by-controller": "yes" });
    expect(get(c, "persistentvolumes", "big")!.status.phase).toBe("Available");
  });

  it("leaves a claim without class Pending with FailedBinding when nothing matches; class names must match", () => {
    const c = createCluster();
    c.api.create("persistentvolumes", pv("manual", "1Gi", { storageClassName: "manual" }));
    c.api.create("persistentvolumeclaims", pvc("data", "500Mi"));
    c.settle();
    expect(get(c, "persistentvolumeclaims", "data", "default")!.status.phase).toBe("Pending");
    expect(events(c, "data")).toEqual(["Normal FailedBinding: no persistent volumes available for this claim and no storage class is set"]);
    c.advance(31_000);
    const ev = c.store.listRaw("events", "default").find((e) => e.involvedObject.name === "data")!;
    expect(ev.count).toBe(3);
  });

  it("a claim naming a StorageClass that does not exist, or a no-provisioner class in Immediate mode, gets ProvisioningFailed", () => {
    const c = createCluster();
    c.api.create("persistentvolumeclaims", pvc("a", "1Gi", { storageClassName: "fast" }));
    c.api.create("storageclasses", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "local" }, provisioner: "kubernetes.io/no-provisioner" } as KubeObject);
    c.api.create("persistentvolumeclaims", pvc("b", "1Gi", { storageClassName: "local" }));
    c.settle();
    expect(events(c, "a")).toEqual(['Warning ProvisioningFailed: storageclass.storage.k8s.io "fast" not found']);
    expect(events(c, "b")).toEqual(["Warning ProvisioningFailed: no volume plugin matched name: kubernetes.io/no-provisioner"]);
  });

  it("pre-binding by volumeName and by claimRef; a too small requested volume is a VolumeMismatch", () => {
    const c = createCluster();
    c.api.create("persistentvolumes", pv("one", "1Gi"));
    c.api.create("persistentvolumes", pv("two", "1Gi", { claimRef: { namespace: "default", name: "want-two" } }));
    c.api.create("persistentvolumes", pv("three", "100Mi"));
    c.api.create("persistentvolumeclaims", pvc("want-two", "500Mi", { storageClassName: "" }));
    c.api.create("persistentvolumeclaims", pvc("want-one", "500Mi", { storageClassName: "", volumeName: "one" }));
    c.api.create("persistentvolumeclaims", pvc("want-three", "500Mi", { storageClassName: "", volumeName: "three" }));
    c.settle();
    expect(get(c, "persistentvolumeclaims", "want-two", "default")!.spec.volumeName).toBe("two");
    expect(get(c, "persistentvolumes", "two")!.metadata.annotations).toBeUndefined();
    const one = get(c, "persistentvolumeclaims", "want-one", "default")!;
    expect(one.status.phase).toBe("Bound");
    expect(one.metadata.annotations).toEqual({ "pv.kubernetes.io/bind-completed": "yes" });
    expect(get(c, "persistentvolumeclaims", "want-three", "default")!.status.phase).toBe("Pending");
    expect(events(c, "want-three")).toEqual(['Warning VolumeMismatch: Cannot bind to requested volume "three": requested PV is too small']);
  });

  it("reclaim: Retain → Released with the claimRef kept; Delete of a hostPath outside /tmp → Failed with the deleter's error", () => {
    const c = createCluster();
    c.api.create("persistentvolumes", pv("keep", "1Gi"));
    c.api.create("persistentvolumes", pv("del", "2Gi", { persistentVolumeReclaimPolicy: "Delete" }));
    c.api.create("persistentvolumes", pv("tmp", "3Gi", { persistentVolumeReclaimPolicy: "Delete", hostPath: { path: "/tmp/x" } }));
    for (const [n, s] of [["a", "1Gi"], ["b", "2Gi"], ["t", "3Gi"]]) c.api.create("persistentvolumeclaims", pvc(n, s, { storageClassName: "" }));
    c.settle();
    for (const n of ["a", "b", "t"]) c.api.delete("persistentvolumeclaims", "default", n);
    c.settle();
    expect(get(c, "persistentvolumeclaims", "a", "default")).toBeUndefined();
    const keep = get(c, "persistentvolumes", "keep")!;
    expect(keep.status.phase).toBe("Released");
    expect(keep.spec.claimRef.name).toBe("a");
    const del = get(c, "persistentvolumes", "del")!;
    expect(del.status).toMatchObject({ phase: "Failed", message: "host_path deleter only supports /tmp/.+ but received provided /data/del" });
    expect(events(c, "del")).toEqual(["Warning VolumeFailedDelete: host_path deleter only supports /tmp/.+ but received provided /data/del"]);
    expect(get(c, "persistentvolumes", "tmp")).toBeUndefined();
  });

  it("pvc-protection: a claim used by a running pod stays Terminating until the pod is gone; pv-protection holds a Bound volume", () => {
    const c = createCluster();
    c.api.create("persistentvolumes", pv("v", "1Gi"));
    c.api.create("persistentvolumeclaims", pvc("data", "1Gi", { storageClassName: "" }));
    c.settle();
    c.api.create("pods", podWith("app", "data"));
    c.advance(20_000);
    expect(get(c, "pods", "app", "default")!.status.phase).toBe("Running");
    c.api.delete("persistentvolumeclaims", "default", "data");
    c.api.delete("persistentvolumes", undefined, "v");
    c.settle();
    expect(get(c, "persistentvolumeclaims", "data", "default")!.metadata.deletionTimestamp).toBeDefined();
    expect(get(c, "persistentvolumes", "v")!.metadata.deletionTimestamp).toBeDefined();
    c.api.delete("pods", "default", "app");
    c.advance(40_000);
    expect(get(c, "pods", "app", "default")).toBeUndefined();
    expect(get(c, "persistentvolumeclaims", "data", "default")).toBeUndefined();
    expect(get(c, "persistentvolumes", "v")).toBeUndefined();
  });
});

describe("scheduler VolumeBinding", () => {
  const sched = (c: Cluster, pod: string) => c.store.peek("pods", "default", pod)!.status?.conditions?.find((x: any) => x.type === "PodScheduled")?.message;

  it("a missing claim and an unbound Immediate claim stop the pod in PreFilter, with the real FailedScheduling text", () => {
    const c = createCluster();
    c.api.create("pods", podWith("nopvc", "nope"));
    c.api.create("persistentvolumeclaims", pvc("lonely", "1Gi", { storageClassName: "" }));
    c.api.create("pods", podWith("unbound", "lonely"));
    c.settle();
    expect(sched(c, "nopvc")).toBe('0/2 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
    expect(sched(c, "unbound")).toBe("0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
    expect(events(c, "unbound")).toEqual(["Warning FailedScheduling: 0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."]);
    // a volume appears: the claim binds at the controller's next resync (15 s) and the pod is scheduled
    c.api.create("persistentvolumes", pv("v", "1Gi"));
    c.advance(5_000);
    expect(c.store.peek("pods", "default", "unbound")!.spec.nodeName).toBeUndefined();
    c.advance(15_000);
    expect(c.store.peek("pods", "default", "unbound")!.spec.nodeName).toBe("node01");
  });

  it("WaitForFirstConsumer: the claim waits for a pod, then binds to the local volume whose node affinity fits the chosen node", () => {
    const c = createCluster();
    c.api.create("storageclasses", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "local-storage" }, provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "WaitForFirstConsumer" } as KubeObject);
    const affinity = (node: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] }] } });
    c.api.create("persistentvolumes", pv("local-cp", "1Gi", { storageClassName: "local-storage", hostPath: undefined, local: { path: "/mnt/disk" }, nodeAffinity: affinity("controlplane") }));
    c.api.create("persistentvolumes", pv("local-n1", "2Gi", { storageClassName: "local-storage", hostPath: undefined, local: { path: "/mnt/disk" }, nodeAffinity: affinity("node01") }));
    c.api.create("persistentvolumeclaims", pvc("data", "1Gi", { storageClassName: "local-storage" }));
    c.settle();
    expect(get(c, "persistentvolumeclaims", "data", "default")!.status.phase).toBe("Pending");
    expect(events(c, "data")).toEqual(["Normal WaitForFirstConsumer: waiting for first consumer to be created before binding"]);
    c.api.create("pods", podWith("app", "data"));
    c.advance(2_000);
    expect(c.store.peek("pods", "default", "app")!.spec.nodeName).toBe("node01");
    const claim = get(c, "persistentvolumeclaims", "data", "default")!;
    expect(claim.spec.volumeName).toBe("local-n1");
    expect(claim.status.phase).toBe("Bound");
    expect(get(c, "persistentvolumes", "local-n1")!.metadata.annotations).toEqual({ "pv.kubernetes.io/bound-by-controller": "yes" });
  });

  it("a bound volume pinned to the tainted control plane: volume node affinity conflict", () => {
    const c = createCluster();
    const affinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["controlplane"] }] }] } };
    c.api.create("persistentvolumes", pv("cp", "1Gi", { nodeAffinity: affinity }));
    c.api.create("persistentvolumeclaims", pvc("data", "1Gi", { storageClassName: "" }));
    c.settle();
    c.api.create("pods", podWith("app", "data"));
    c.settle();
    expect(sched(c, "app")).toBe("0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had volume node affinity conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  });
});

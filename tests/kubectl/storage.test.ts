// kubectl over the engine's storage: get pv/pvc (printPersistentVolume/Claim), describe pv/pvc
// (describePersistentVolume / describePersistentVolumeClaim of k8s.io/kubectl 1.32), pods with
// a hostPath PersistentVolume writing the node's files, pvc-protection.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const MANIFEST = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-log
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /pv/log
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: claim-log
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 500Mi
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: logger
spec:
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", "echo started > /log/app.log; sleep 3600"]
    volumeMounts:
    - name: d
      mountPath: /log
  volumes:
  - name: d
    persistentVolumeClaim:
      claimName: claim-log
`;

describe("kubectl and storage", () => {
  it("get pv,pvc after binding; describe pv and pvc with the describe.go layout", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`cat > /root/pv.yaml <<'EOF'\n${MANIFEST}EOF`);
    expect((await s.exec("kubectl apply -f /root/pv.yaml")).stdout).toBe("persistentvolume/pv-log created\npersistentvolumeclaim/claim-log created\n");
    const get = (await s.exec("kubectl get pv,pvc")).stdout.split("\n");
    expect(get[0]).toBe("NAME                      CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE");
    expect(get[1]).toMatch(/^persistentvolume\/pv-log   1Gi        RWO            Retain           Bound    default\/claim-log                  <unset>                          \d+s$/);
    expect(get[4]).toMatch(/^persistentvolumeclaim\/claim-log   Bound    pv-log   1Gi        RWO                           <unset>                 \d+s$/);
    expect((await s.exec("kubectl describe pv pv-log")).stdout).toBe(
      [
        "Name:            pv-log",
        "Labels:          <none>",
        "Annotations:     pv.kubernetes.io/bound-by-controller: yes",
        "Finalizers:      [kubernetes.io/pv-protection]",
        "StorageClass:    ",
        "Status:          Bound",
        "Claim:           default/claim-log",
        "Reclaim Policy:  Retain",
        "Access Modes:    RWO",
        "VolumeMode:      Filesystem",
        "Capacity:        1Gi",
        "Node Affinity:   <none>",
        "Message:         ",
        "Source:",
        "    Type:          HostPath (bare host directory volume)",
        "    Path:          /pv/log",
        "    HostPathType:  ",
        "Events:            <none>",
        "",
      ].join("\n"),
    );
    expect((await s.exec("kubectl describe pvc claim-log")).stdout).toBe(
      [
        "Name:          claim-log",
        "Namespace:     default",
        "StorageClass:  ",
        "Status:        Bound",
        "Volume:        pv-log",
        "Labels:        <none>",
        "Annotations:   pv.kubernetes.io/bind-completed: yes",
        "               pv.kubernetes.io/bound-by-controller: yes",
        "Finalizers:    [kubernetes.io/pvc-protection]",
        "Capacity:      1Gi",
        "Access Modes:  RWO",
        "VolumeMode:    Filesystem",
        "Used By:       <none>",
        "Events:        <none>",
        "",
      ].join("\n"),
    );
  });

  it("a pod on a hostPath PV writes the node's folder; the claim in use stays Terminating until the pod goes", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`cat > /root/pv.yaml <<'EOF'\n${MANIFEST}EOF`);
    await s.exec(`cat > /root/pod.yaml <<'EOF'\n${POD}EOF`);
    await s.exec("kubectl apply -f /root/pv.yaml -f /root/pod.yaml");
    await s.exec("sleep 20");
    const node = (await s.exec("kubectl get pod logger -o jsonpath='{.spec.nodeName}'")).stdout;
    expect(node).toBe("node01");
    expect((await s.exec("kubectl exec logger -- cat /log/app.log")).stdout).toBe("started\n");
    await s.exec("kubectl exec logger -- sh -c 'echo hello > /log/hello.txt'");
    expect(s.cluster.machine("node01")!.fs.readFile("/pv/log/hello.txt")).toBe("hello\n");
    expect(s.cluster.machine("node01")!.fs.readFile("/pv/log/app.log")).toBe("started\n");
    expect((await s.exec("kubectl describe pvc claim-log | grep 'Used By'")).stdout).toBe("Used By:       logger\n");
    await s.exec("kubectl delete pvc claim-log --wait=false");
    expect((await s.exec("kubectl get pvc claim-log --no-headers")).stdout).toMatch(/^claim-log   Terminating   pv-log   1Gi   RWO/);
    await s.exec("kubectl delete pod logger");
    await s.exec("sleep 5");
    expect((await s.exec("kubectl get pvc")).stderr).toBe("No resources found in default namespace.\n");
    expect((await s.exec("kubectl get pv pv-log -o jsonpath='{.status.phase}'")).stdout).toBe("Released");
  });

  it("the spec of a claim is immutable; growing a claim without an expandable StorageClass is forbidden", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`cat > /root/pv.yaml <<'EOF'\n${MANIFEST}EOF`);
    await s.exec("kubectl apply -f /root/pv.yaml");
    const r = await s.exec(`kubectl patch pvc claim-log -p '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'`);
    expect(r.stderr).toBe('Error from server (Forbidden): persistentvolumeclaims "claim-log" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize\n');
    const r2 = await s.exec(`kubectl patch pvc claim-log -p '{"spec":{"accessModes":["ReadWriteMany"]}}'`);
    expect(r2.stderr).toMatch(/^The PersistentVolumeClaim "claim-log" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n/);
  });
});

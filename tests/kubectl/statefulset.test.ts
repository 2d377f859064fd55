// kubectl against the StatefulSet controller: apply a headless Service and a StatefulSet,
// rollout status (StatefulSetStatusViewer texts), get/describe, history/undo, the pods' DNS
// names and /etc/hosts entries.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const WEB = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

describe("kubectl with StatefulSets", () => {
  it("rollout status, get, describe events, DNS and /etc/hosts, history and undo", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`cat > web.yaml <<'EOF'\n${WEB}EOF`);
    expect((await s.exec("kubectl apply -f web.yaml")).stdout).toBe("service/nginx created\nstatefulset.apps/web created\n");
    expect((await s.exec("kubectl get sts")).stdout).toMatch(/^NAME   READY   AGE\nweb    0\/3     \d+s\n$/);
    const st = (await s.exec("kubectl rollout status sts web")).stdout;
    expect(st).toBe("Waiting for 3 pods to be ready...\nWaiting for 2 pods to be ready...\nWaiting for 1 pods to be ready...\npartitioned roll out complete: 3 new pods have been updated...\n");
    expect((await s.exec("kubectl get pods --no-headers -o custom-columns=N:.metadata.name,H:.spec.hostname,S:.spec.subdomain")).stdout).toBe("web-0   web-0   nginx\nweb-1   web-1   nginx\nweb-2   web-2   nginx\n");
    const d = (await s.exec("kubectl describe sts web")).stdout;
    expect(d).toContain("Replicas:           3 desired | 3 total\nUpdate Strategy:    RollingUpdate\n  Partition:        0\nPods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n");
    expect(d).toMatch(/Normal {2}SuccessfulCreate {2}\d+s {4}statefulset-controller {2}create Pod web-2 in StatefulSet web successful\n$/);
    await s.exec("kubectl run bb --image=busybox -- sleep 3600");
    await s.exec("sleep 15");
    const ip0 = (await s.exec("kubectl get pod web-0 -o jsonpath={.status.podIP}")).stdout;
    expect((await s.exec("kubectl exec bb -- nslookup web-0.nginx.default.svc.cluster.local")).stdout).toContain(`Name:\tweb-0.nginx.default.svc.cluster.local\nAddress: ${ip0}\n`);
    expect((await s.exec("kubectl exec web-0 -- tail -1 /etc/hosts")).stdout).toBe(`${ip0}\tweb-0.nginx.default.svc.cluster.local\tweb-0\n`);
    expect((await s.exec("kubectl set image sts/web nginx=nginx:1.28")).stdout).toBe("statefulset.apps/web image updated\n");
    const st2 = (await s.exec("kubectl rollout status sts web")).stdout;
    expect(st2).toMatch(/Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated\.\.\.\n/);
    expect(st2.endsWith("partitioned roll out complete: 3 new pods have been updated...\n")).toBe(true);
    expect((await s.exec("kubectl rollout history sts web")).stdout).toBe("statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
    expect((await s.exec("kubectl rollout undo sts web")).stdout).toBe("statefulset.apps/web rolled back\n");
    await s.exec("kubectl rollout status sts web");
    expect((await s.exec("kubectl get pods -l app=web -o jsonpath={.items[*].spec.containers[0].image}")).stdout).toBe("nginx:1.27 nginx:1.27 nginx:1.27");
    expect((await s.exec("kubectl rollout history sts web")).stdout).toBe("statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n");
    const rev = (await s.exec("kubectl get sts web -o jsonpath={.status.currentRevision}")).stdout;
    expect((await s.exec("kubectl get pod web-0 -o jsonpath={.metadata.labels}")).stdout).toBe(`{"app":"web","apps.kubernetes.io/pod-index":"0","controller-revision-hash":"${rev}","statefulset.kubernetes.io/pod-name":"web-0"}`);
  });
});

describe("kubectl create of a workload whose template is invalid", () => {
  it("prints the aggregate error, one cause or a * list of several", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const rs = (spec: string) => `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: x\nspec:\n  selector:\n    matchLabels:\n      app: x\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n${spec}`;
    await s.exec(`cat > rs.yaml <<'EOF'\n${rs("      containers: []\n")}EOF`);
    const r1 = await s.exec("kubectl apply -f rs.yaml");
    expect(r1.stderr).toBe('The ReplicaSet "x" is invalid: spec.template.spec.containers: Required value\n');
    expect(r1.exitCode).toBe(1);
    await s.exec(`cat > rs2.yaml <<'EOF'\n${rs("      restartPolicy: Never\n      containers: []\n")}EOF`);
    expect((await s.exec("kubectl create -f rs2.yaml")).stderr).toBe(
      'The ReplicaSet "x" is invalid: \n* spec.template.spec.containers: Required value\n* spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"\n',
    );
    expect((await s.exec("kubectl get rs")).stderr).toBe("No resources found in default namespace.\n");
  });
});

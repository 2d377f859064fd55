// kubectl describe: layouts from k8s.io/kubectl/pkg/describe/describe.go (v1.32) — PrefixWriter
// into tabwriter(0, 8, 2, ' ', 0), flushed before the Events table.

import { describe, expect, it } from "vitest";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import type { KubeObject } from "../../src/engine/types.ts";
import { rfc3339 } from "../../src/engine/types.ts";
import { fakeLab, io, shellSplit, type FakeLab } from "./fake.ts";

const run = (lab: FakeLab, line: string) => kubectl.run(shellSplit(line).slice(1), io, lab);
const ago = (lab: FakeLab, s: number) => rfc3339(lab.clock.t - s * 1000);

function nginxPod(lab: FakeLab): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "nginx", namespace: "default", uid: "1f2e", creationTimestamp: ago(lab, 300), labels: { run: "nginx" } },
    spec: {
      containers: [
        {
          name: "nginx",
          image: "nginx",
          ports: [{ containerPort: 80, protocol: "TCP" }],
          env: [{ name: "MODE", value: "prod" }, { name: "PASS", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }, { name: "POD", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } }],
          resources: { limits: { memory: "128Mi" }, requests: { cpu: "100m", memory: "64Mi" } },
          volumeMounts: [{ name: "kube-api-access-x7k2p", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true }],
        },
      ],
      nodeName: "node01",
      priority: 0,
      serviceAccountName: "default",
      volumes: [
        {
          name: "kube-api-access-x7k2p",
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
              { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }] } },
            ],
          },
        },
      ],
      tolerations: [
        { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: "Running",
      hostIP: "172.30.2.2",
      podIP: "192.168.1.4",
      podIPs: [{ ip: "192.168.1.4" }],
      startTime: ago(lab, 300),
      qosClass: "Burstable",
      conditions: [
        { type: "PodReadyToStartContainers", status: "True" },
        { type: "Initialized", status: "True" },
        { type: "Ready", status: "True" },
        { type: "ContainersReady", status: "True" },
        { type: "PodScheduled", status: "True" },
      ],
      containerStatuses: [
        {
          name: "nginx",
          ready: true,
          restartCount: 1,
          image: "docker.io/library/nginx:latest",
          imageID: "docker-pullable://nginx@sha256:abc",
          containerID: "docker://c0ffee",
          state: { running: { startedAt: ago(lab, 200) } },
          lastState: { terminated: { exitCode: 137, reason: "Error", startedAt: ago(lab, 290), finishedAt: ago(lab, 210) } },
        },
      ],
    },
  };
}

function event(lab: FakeLab, name: string, reason: string, msg: string, firstAgo: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: "default" },
    involvedObject: { kind: "Pod", name: "nginx", namespace: "default", uid: "1f2e" },
    reason,
    message: msg,
    type: "Normal",
    source: { component: reason === "Scheduled" ? "default-scheduler" : "kubelet" },
    firstTimestamp: ago(lab, firstAgo),
    lastTimestamp: ago(lab, firstAgo),
    count: 1,
    ...extra,
  };
}

describe("kubectl describe pod", () => {
  it("prints the describePod layout with containers, conditions, volumes, tolerations and events", async () => {
    const lab = fakeLab();
    lab.fake.add("pods", nginxPod(lab));
    lab.fake.add("events", event(lab, "nginx.1", "Scheduled", "Successfully assigned default/nginx to node01", 300));
    lab.fake.add("events", event(lab, "nginx.2", "Pulling", 'Pulling image "nginx"', 299, { count: 2, lastTimestamp: ago(lab, 211) }));
    lab.fake.add("events", event(lab, "nginx.3", "Started", "Started container nginx", 295));
    lab.fake.add("events", { ...event(lab, "other.1", "Started", "x", 5), involvedObject: { kind: "Pod", name: "other", namespace: "default", uid: "zz" } });
    const r = await run(lab, "kubectl describe pod nginx");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "Name:             nginx",
        "Namespace:        default",
        "Priority:         0",
        "Service Account:  default",
        "Node:             node01/172.30.2.2",
        "Start Time:       Sun, 22 Nov 2026 15:55:00 +0000",
        "Labels:           run=nginx",
        "Annotations:      <none>",
        "Status:           Running",
        "IP:               192.168.1.4",
        "IPs:",
        "  IP:  192.168.1.4",
        "Containers:",
        "  nginx:",
        "    Container ID:   docker://c0ffee",
        "    Image:          nginx",
        "    Image ID:       docker-pullable://nginx@sha256:abc",
        "    Port:           80/TCP",
        "    Host Port:      0/TCP",
        "    State:          Running",
        "      Started:      Sun, 22 Nov 2026 15:56:40 +0000",
        "    Last State:     Terminated",
        "      Reason:       Error",
        "      Exit Code:    137",
        "      Started:      Sun, 22 Nov 2026 15:55:10 +0000",
        "      Finished:     Sun, 22 Nov 2026 15:56:30 +0000",
        "    Ready:          True",
        "    Restart Count:  1",
        "    Limits:",
        "      memory:  128Mi",
        "    Requests:",
        "      cpu:     100m",
        "      memory:  64Mi",
        "    Environment:",
        "      MODE:  prod",
        "      PASS:  <set to the key 'password' in secret 'db'>  Optional: false",
        "      POD:   nginx (v1:metadata.name)",
        "    Mounts:",
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)",
        "Conditions:",
        "  Type                        Status",
        "  PodReadyToStartContainers   True ",
        "  Initialized                 True ",
        "  Ready                       True ",
        "  ContainersReady             True ",
        "  PodScheduled                True ",
        "Volumes:",
        "  kube-api-access-x7k2p:",
        "    Type:                    Projected (a volume that contains injected data from multiple sources)",
        "    TokenExpirationSeconds:  3607",
        "    ConfigMapName:           kube-root-ca.crt",
        "    ConfigMapOptional:       <nil>",
        "    DownwardAPI:             true",
        "QoS Class:                   Burstable",
        "Node-Selectors:              <none>",
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        "Events:",
        "  Type    Reason     Age                    From               Message",
        "  ----    ------     ----                   ----               -------",
        "  Normal  Scheduled  5m                     default-scheduler  Successfully assigned default/nginx to node01",
        "  Normal  Started    4m55s                  kubelet            Started container nginx",
        "  Normal  Pulling    3m31s (x2 over 4m59s)  kubelet            Pulling image \"nginx\"",
        "",
      ].join("\n"),
    );
  });

  it("looks up a mirror pod's events by its config.mirror hash, and prints Controlled By: Node/…", async () => {
    const lab = fakeLab();
    const p = nginxPod(lab);
    p.metadata.name = "web-node01";
    p.metadata.annotations = { "kubernetes.io/config.mirror": "abc123", "kubernetes.io/config.hash": "abc123", "kubernetes.io/config.source": "file" };
    p.metadata.ownerReferences = [{ apiVersion: "v1", kind: "Node", name: "node01", uid: "n1", controller: true }];
    lab.fake.add("pods", p);
    lab.fake.add("events", { ...event(lab, "web.1", "Pulled", "Container image \"nginx\" already present on machine", 60), involvedObject: { kind: "Pod", name: "web-node01", namespace: "default", uid: "abc123" } });
    const r = await run(lab, "kubectl describe po web-node01");
    expect(r.stdout).toContain("Annotations:      kubernetes.io/config.hash: abc123\n                  kubernetes.io/config.mirror: abc123\n");
    expect(r.stdout).toContain("IPs:\n  IP:           192.168.1.4\nControlled By:  Node/node01\n");
    expect(r.stdout).toContain("  Normal  Pulled  60s   kubelet  Container image \"nginx\" already present on machine\n");
  });

  it("describes every pod whose name starts with the given prefix, separated by two newlines", async () => {
    const lab = fakeLab();
    const a = nginxPod(lab);
    a.metadata.name = "web-1";
    const b = nginxPod(lab);
    b.metadata.name = "web-2";
    lab.fake.add("pods", a);
    lab.fake.add("pods", b);
    const r = await run(lab, "kubectl describe pods web");
    expect(r.stdout.match(/^Name: {13}web-\d$/gm)).toEqual(["Name:             web-1", "Name:             web-2"]);
    expect(r.stdout).toContain("Events:                      <none>\n\n\nName:");
    const nf = await run(lab, "kubectl describe pod nope");
    expect(nf.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(nf.exitCode).toBe(1);
  });
});

describe("kubectl describe (other kinds)", () => {
  it("deployment: replicas line, strategy, pod template, conditions, old/new replica sets", async () => {
    const lab = fakeLab();
    const tpl = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } };
    lab.fake.add("deployments", {
      apiVersion: "apps/v1", kind: "Deployment",
      metadata: { name: "web", namespace: "default", uid: "d1", creationTimestamp: ago(lab, 600), labels: { app: "web" }, annotations: { "deployment.kubernetes.io/revision": "2" } },
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: tpl, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } } },
      status: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [{ type: "Available", status: "True", reason: "MinimumReplicasAvailable" }, { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" }] },
    });
    const rs = (name: string, image: string, replicas: number, createdAgo: number) => ({
      apiVersion: "apps/v1", kind: "ReplicaSet",
      metadata: { name, namespace: "default", uid: name, creationTimestamp: ago(lab, createdAgo), ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "d1", controller: true }] },
      spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web", "pod-template-hash": name.slice(4) } }, spec: { containers: [{ name: "nginx", image }] } } },
      status: { replicas },
    });
    lab.fake.add("replicasets", rs("web-6d4cf56db6", "nginx:1.27", 3, 100));
    lab.fake.add("replicasets", rs("web-5b7c8d9f4c", "nginx:1.26", 0, 600));
    const r = await run(lab, "kubectl describe deploy web");
    expect(r.stdout).toBe(
      [
        "Name:                   web",
        "Namespace:              default",
        "CreationTimestamp:      Sun, 22 Nov 2026 15:50:00 +0000",
        "Labels:                 app=web",
        "Annotations:            deployment.kubernetes.io/revision: 2",
        "Selector:               app=web",
        "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable",
        "StrategyType:           RollingUpdate",
        "MinReadySeconds:        0",
        "RollingUpdateStrategy:  25% max unavailable, 25% max surge",
        "Pod Template:",
        "  Labels:  app=web",
        "  Containers:",
        "   nginx:",
        "    Image:         nginx:1.27",
        "    Port:          <none>",
        "    Host Port:     <none>",
        "    Environment:   <none>",
        "    Mounts:        <none>",
        "  Volumes:         <none>",
        "  Node-Selectors:  <none>",
        "  Tolerations:     <none>",
        "Conditions:",
        "  Type           Status  Reason",
        "  ----           ------  ------",
        "  Available      True    MinimumReplicasAvailable",
        "  Progressing    True    NewReplicaSetAvailable",
        "OldReplicaSets:  web-5b7c8d9f4c (0/0 replicas created)",
        "NewReplicaSet:   web-6d4cf56db6 (3/3 replicas created)",
        "Events:          <none>",
        "",
      ].join("\n"),
    );
  });

  it("configmap, secret, namespace, service account", async () => {
    const lab = fakeLab();
    lab.fake.add("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", namespace: "default" }, data: { b: "2", a: "line1\nline2" } });
    lab.fake.add("secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, type: "Opaque", data: { password: "c2VjcmV0", user: "YWRtaW4=" } });
    lab.fake.add("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev", labels: { "kubernetes.io/metadata.name": "dev" } }, status: { phase: "Active" } });
    lab.fake.add("serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "default", uid: "sa1" } });
    expect((await run(lab, "kubectl describe cm app")).stdout).toBe(
      "Name:         app\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\na:\n----\nline1\nline2\n\nb:\n----\n2\n\n\nBinaryData\n====\n\nEvents:  <none>\n",
    );
    expect((await run(lab, "kubectl describe secret db")).stdout).toBe(
      "Name:         db\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  6 bytes\nuser:      5 bytes\n",
    );
    expect((await run(lab, "kubectl describe ns dev")).stdout).toBe(
      "Name:         dev\nLabels:       kubernetes.io/metadata.name=dev\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n",
    );
    expect((await run(lab, "kubectl describe sa default")).stdout).toBe(
      "Name:                default\nNamespace:           default\nLabels:              <none>\nAnnotations:         <none>\nImage pull secrets:  <none>\nMountable secrets:   <none>\nTokens:              <none>\nEvents:              <none>\n",
    );
  });

  it("service: ports, target ports, node ports and endpoints", async () => {
    const lab = fakeLab();
    lab.fake.add("services", {
      apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default", labels: { app: "web" } },
      spec: { type: "NodePort", selector: { app: "web" }, clusterIP: "10.96.12.7", clusterIPs: ["10.96.12.7"], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: "TCP" }], sessionAffinity: "None", externalTrafficPolicy: "Cluster", internalTrafficPolicy: "Cluster" },
    });
    lab.fake.add("endpoints", { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web", namespace: "default" }, subsets: [{ addresses: [{ ip: "192.168.1.4" }, { ip: "192.168.1.5" }], ports: [{ port: 8080, protocol: "TCP" }] }] });
    expect((await run(lab, "kubectl describe svc web")).stdout).toBe(
      [
        "Name:                     web",
        "Namespace:                default",
        "Labels:                   app=web",
        "Annotations:              <none>",
        "Selector:                 app=web",
        "Type:                     NodePort",
        "IP Family Policy:         SingleStack",
        "IP Families:              IPv4",
        "IP:                       10.96.12.7",
        "IPs:                      10.96.12.7",
        "Port:                     <unset>  80/TCP",
        "TargetPort:               8080/TCP",
        "NodePort:                 <unset>  30080/TCP",
        "Endpoints:                192.168.1.4:8080,192.168.1.5:8080",
        "Session Affinity:         None",
        "External Traffic Policy:  Cluster",
        "Internal Traffic Policy:  Cluster",
        "Events:                   <none>",
        "",
      ].join("\n"),
    );
  });
});

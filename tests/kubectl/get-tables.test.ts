// kubectl get: the server's column sets (printers.go AddHandlers, v1.32) laid out by kubectl's
// tabwriter; -L, --sort-by, --show-kind and `get all`.

import { describe, expect, it } from "vitest";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import { rfc3339 } from "../../src/engine/types.ts";
import { fakeLab, io, shellSplit, type FakeLab } from "./fake.ts";

const run = (lab: FakeLab, line: string) => kubectl.run(shellSplit(line).slice(1), io, lab);
const ago = (lab: FakeLab, s: number) => rfc3339(lab.clock.t - s * 1000);

function seed(lab: FakeLab) {
  const meta = (name: string, s: number, extra: Record<string, unknown> = {}) => ({ name, namespace: "default", uid: `u-${name}`, creationTimestamp: ago(lab, s), ...extra });
  lab.fake.add("deployments", {
    apiVersion: "apps/v1", kind: "Deployment", metadata: meta("web", 600, { labels: { app: "web", tier: "fe" } }),
    spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { spec: { containers: [{ name: "nginx", image: "nginx:1.27" }, { name: "side", image: "busybox" }] } } },
    status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
  });
  lab.fake.add("services", {
    apiVersion: "v1", kind: "Service", metadata: meta("web", 500),
    spec: { type: "NodePort", clusterIP: "10.96.5.6", clusterIPs: ["10.96.5.6"], selector: { app: "web" }, ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }, { port: 443, protocol: "TCP" }] },
  });
  lab.fake.add("services", { apiVersion: "v1", kind: "Service", metadata: meta("lb", 50), spec: { type: "LoadBalancer", clusterIP: "10.96.9.9", clusterIPs: ["10.96.9.9"], ports: [{ port: 8080, nodePort: 31000, protocol: "TCP" }] } });
  lab.fake.add("services", { apiVersion: "v1", kind: "Service", metadata: meta("ext", 50), spec: { type: "ExternalName", externalName: "example.com" } });
  lab.fake.add("jobs", {
    apiVersion: "batch/v1", kind: "Job", metadata: meta("pi", 200),
    spec: { completions: 1, parallelism: 1, selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "j1" } }, template: { spec: { containers: [{ name: "pi", image: "perl" }] } } },
    status: { succeeded: 1, startTime: ago(lab, 200), completionTime: ago(lab, 170), conditions: [{ type: "Complete", status: "True" }] },
  });
  lab.fake.add("cronjobs", {
    apiVersion: "batch/v1", kind: "CronJob", metadata: meta("hello", 3600),
    spec: { schedule: "*/1 * * * *", suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: "hello", image: "busybox" }] } } } } },
    status: { active: [{ name: "hello-1" }], lastScheduleTime: ago(lab, 20) },
  });
  lab.fake.add("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: meta("cfg", 90), data: { a: "1", b: "2" } });
  lab.fake.add("secrets", { apiVersion: "v1", kind: "Secret", metadata: meta("db", 90), type: "Opaque", data: { p: "eA==" } });
  lab.fake.add("events", {
    apiVersion: "v1", kind: "Event", metadata: meta("web.1", 30), involvedObject: { kind: "Deployment", name: "web", namespace: "default" },
    type: "Normal", reason: "ScalingReplicaSet", message: "Scaled up replica set web-1 from 0 to 3 ", source: { component: "deployment-controller" }, firstTimestamp: ago(lab, 30), lastTimestamp: ago(lab, 30), count: 1,
  });
}

describe("kubectl get table printers", () => {
  it("deployments (and -o wide)", async () => {
    const lab = fakeLab();
    seed(lab);
    expect((await run(lab, "kubectl get deploy")).stdout).toBe("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/3     3            2           10m\n");
    expect((await run(lab, "kubectl get deploy -o wide")).stdout).toBe(
      "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES               SELECTOR\nweb    2/3     3            2           10m   nginx,side   nginx:1.27,busybox   app=web\n",
    );
  });
  it("services: cluster IP, external IP by type, ports with node ports", async () => {
    const lab = fakeLab();
    seed(lab);
    expect((await run(lab, "kubectl get svc")).stdout).toBe(
      [
        "NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)                AGE",
        "ext    ExternalName   <none>       example.com   <none>                 50s",
        "lb     LoadBalancer   10.96.9.9    <pending>     8080:31000/TCP         50s",
        "web    NodePort       10.96.5.6    <none>        80:30080/TCP,443/TCP   8m20s",
        "",
      ].join("\n"),
    );
  });
  it("jobs, cronjobs, configmaps, secrets, events", async () => {
    const lab = fakeLab();
    seed(lab);
    expect((await run(lab, "kubectl get jobs")).stdout).toBe("NAME   STATUS     COMPLETIONS   DURATION   AGE\npi     Complete   1/1           30s        3m20s\n");
    expect((await run(lab, "kubectl get cj")).stdout).toBe(
      "NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nhello   */1 * * * *   <none>     False     1        20s             60m\n",
    );
    expect((await run(lab, "kubectl get cm")).stdout).toBe("NAME   DATA   AGE\ncfg    2      90s\n");
    expect((await run(lab, "kubectl get secrets")).stdout).toBe("NAME   TYPE     DATA   AGE\ndb     Opaque   1      90s\n");
    expect((await run(lab, "kubectl get events")).stdout).toBe(
      "LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n30s         Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-1 from 0 to 3\n",
    );
    expect((await run(lab, "kubectl get ev -o wide")).stdout).toBe(
      "LAST SEEN   TYPE     REASON              OBJECT           SUBOBJECT   SOURCE                  MESSAGE                                   FIRST SEEN   COUNT   NAME\n" +
        "30s         Normal   ScalingReplicaSet   deployment/web               deployment-controller   Scaled up replica set web-1 from 0 to 3   30s          1       web.1\n",
    );
  });
  it("-L adds a column per label key, --show-kind prefixes names, --sort-by orders rows", async () => {
    const lab = fakeLab();
    seed(lab);
    expect((await run(lab, "kubectl get deploy -L app,example.com/tier")).stdout).toBe(
      "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   APP   TIER\nweb    2/3     3            2           10m   web   \n",
    );
    expect((await run(lab, "kubectl get cm --show-kind")).stdout).toBe("NAME            DATA   AGE\nconfigmap/cfg   2      90s\n");
    expect((await run(lab, "kubectl get svc --sort-by=.metadata.creationTimestamp -o name")).stdout).toBe("service/web\nservice/ext\nservice/lb\n");
    expect((await run(lab, "kubectl get svc --sort-by={.spec.ports[0].port} -o name")).stdout).toBe("service/ext\nservice/web\nservice/lb\n");
  });
  it("get all: the category's kinds in order, type/name prefixes, blank lines between tables", async () => {
    const lab = fakeLab();
    seed(lab);
    const r = await run(lab, "kubectl get all");
    expect(r.stdout).toBe(
      [
        "NAME          TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)                AGE",
        "service/ext   ExternalName   <none>       example.com   <none>                 50s",
        "service/lb    LoadBalancer   10.96.9.9    <pending>     8080:31000/TCP         50s",
        "service/web   NodePort       10.96.5.6    <none>        80:30080/TCP,443/TCP   8m20s",
        "",
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE",
        "deployment.apps/web   2/3     3            2           10m",
        "",
        "NAME                  SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE",
        "cronjob.batch/hello   */1 * * * *   <none>     False     1        20s             60m",
        "",
        "NAME           STATUS     COMPLETIONS   DURATION   AGE",
        "job.batch/pi   Complete   1/1           30s        3m20s",
        "",
      ].join("\n"),
    );
  });
});

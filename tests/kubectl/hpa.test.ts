// HorizontalPodAutoscalers: kubectl autoscale against recorded real kubectl 1.32 output (the
// oracle stub serving the target objects), get/describe hpa, and the HPA controller of a
// cluster without metrics-server (horizontal.go): min/max enforcement and the metric failures.

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { LabSession } from "../../src/shell/session.ts";

interface Rec { cmd: string; stdout: string; stderr: string; exit: number; server_requests: string[] }
const corpus: Rec[] = JSON.parse(readFileSync(new URL("../golden/kubectl-autoscale-objects-corpus.json", import.meta.url), "utf8"));

async function labWithTargets(): Promise<LabSession> {
  const s = new LabSession({ timeMode: "virtual" });
  await s.exec("kubectl create deployment web --image=nginx");
  await s.exec("kubectl run web --image=nginx");
  await s.exec(`cat > db.yaml <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: c
        image: nginx
EOF`);
  await s.exec("kubectl apply -f db.yaml");
  return s;
}

const METRICS_ERR = "failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)";

describe("kubectl autoscale", () => {
  it("prints what real kubectl 1.32 prints (recorded corpus; client side)", async () => {
    const s = await labWithTargets();
    // the one command that POSTs got the stub's 404; on a cluster it creates the HPA (next test).
    // `-n other` is the resource builder's namespace check after a NotFound (not autoscale's).
    for (const r of corpus.filter((x) => !x.server_requests.some((q) => q.startsWith("POST")) && !x.cmd.includes("-n other"))) {
      const got = await s.exec(r.cmd);
      expect({ cmd: r.cmd, stdout: got.stdout, stderr: got.stderr, exit: got.exitCode }).toEqual({ cmd: r.cmd, stdout: r.stdout, stderr: r.stderr, exit: r.exit });
    }
    expect((await s.exec("kubectl get hpa")).stderr).toBe("No resources found in default namespace.\n");
  });

  it("creates an autoscaling/v2 HPA that raises the deployment to minReplicas, then reports the missing metrics API", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl create deployment web --image=nginx");
    expect((await s.exec("kubectl autoscale deploy web --min=2 --max=5 --cpu-percent=50")).stdout).toBe("horizontalpodautoscaler.autoscaling/web autoscaled\n");
    expect((await s.exec("kubectl get hpa")).stdout).toMatch(/^NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment\/web   cpu: <unknown>\/50%   2         5         0          \d+s\n$/);
    // the first sync is one resync period (15 s) after the HPA appears
    await s.exec("sleep 12");
    expect((await s.exec("kubectl get deploy web -o jsonpath={.spec.replicas}")).stdout).toBe("1");
    await s.exec("sleep 3");
    expect((await s.exec("kubectl get deploy web -o jsonpath={.spec.replicas}")).stdout).toBe("2");
    expect((await s.exec("kubectl get hpa web -o jsonpath={.status}")).stdout).toMatch(/^\{"conditions":\[\{"lastTransitionTime":"[^"]+","message":"the HPA controller was able to update the target scale to 2","reason":"SucceededRescale","status":"True","type":"AbleToScale"\}\],"currentReplicas":1,"desiredReplicas":2,"lastScaleTime":"[^"]+"\}$/);
    await s.exec("sleep 15");
    const d = (await s.exec("kubectl describe hpa web")).stdout;
    expect(d).toContain(
      "Reference:                                             Deployment/web\n" +
        "Metrics:                                               ( current / target )\n" +
        "  resource cpu on pods  (as a percentage of request):  <unknown> / 50%\n" +
        "Min replicas:                                          2\n" +
        "Max replicas:                                          5\n" +
        "Deployment pods:                                       2 current / 2 desired\n" +
        "Conditions:\n" +
        "  Type           Status  Reason                   Message\n" +
        "  ----           ------  ------                   -------\n" +
        "  AbleToScale    True    SucceededGetScale        the HPA controller was able to get the target's current scale\n" +
        `  ScalingActive  False   FailedGetResourceMetric  the HPA was unable to compute the replica count: ${METRICS_ERR}\n`,
    );
    const ev = (await s.exec("kubectl get events --field-selector involvedObject.kind=HorizontalPodAutoscaler -o custom-columns=T:.type,R:.reason,M:.message --no-headers")).stdout.split("\n").map((l) => l.replace(/ {2,}/g, "|"));
    expect(ev.slice(0, 3)).toEqual([
      "Normal|SuccessfulRescale|New size: 2; reason: Current number of replicas below Spec.MinReplicas",
      `Warning|FailedGetResourceMetric|${METRICS_ERR}`,
      `Warning|FailedComputeMetricsReplicas|invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${METRICS_ERR}`,
    ]);
    expect((await s.exec("kubectl get hpa web -o jsonpath={.status.currentMetrics}")).stdout).toBe('[{"type":""}]');
    // above maxReplicas: scaled down to 5
    await s.exec("kubectl scale deploy web --replicas=8");
    await s.exec("sleep 16");
    expect((await s.exec("kubectl get deploy web -o jsonpath={.spec.replicas}")).stdout).toBe("5");
    expect((await s.exec("kubectl describe hpa web")).stdout).toMatch(/Normal {3}SuccessfulRescale {13}\d+s +horizontal-pod-autoscaler {2}New size: 5; reason: Current number of replicas above Spec.MaxReplicas\n/);
  });

  it("a v1 HPA without a target gets the default cpu 80% metric; a missing target is FailedGetScale", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`cat > hpa.yaml <<'EOF'
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: ghost
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ghost
  maxReplicas: 3
EOF`);
    expect((await s.exec("kubectl apply -f hpa.yaml")).stdout).toBe("horizontalpodautoscaler.autoscaling/ghost created\n");
    expect((await s.exec("kubectl get hpa ghost --no-headers")).stdout).toMatch(/^ghost +Deployment\/ghost +cpu: <unknown>\/80% +1 +3 +0 +\d+s\n$/);
    await s.exec("sleep 16");
    const d = (await s.exec("kubectl describe hpa ghost")).stdout;
    expect(d).toContain('  AbleToScale  False   FailedGetScale  the HPA controller was unable to get the target\'s current scale: deployments.apps "ghost" not found\n');
    expect(d).toMatch(/Warning {2}FailedGetScale {2}\d+s +horizontal-pod-autoscaler {2}deployments\.apps "ghost" not found\n$/);
  });
});

// Found by the long fuzz run (seeds 11, 23, 230, 314): a Deployment/ReplicaSet whose selector
// does not match its template's labels was accepted, and its ReplicaSet created pods forever
// in one settle (none ever matched). The API server refuses it as apps/v1 validation does.
import { describe, expect, it } from "vitest";
import { createCluster } from "../../src/engine/cluster.ts";

const workload = (kind: string, selector: unknown, labels: unknown) => ({
  apiVersion: "apps/v1",
  kind,
  metadata: { name: "api", namespace: "default" },
  spec: { replicas: 3, selector, template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
});

describe("apps/v1 selector validation", () => {
  it("a selector that does not match the template's labels is refused", () => {
    const c = createCluster();
    expect(() => c.api.create("deployments", workload("Deployment", { matchLabels: { app: "db" } }, { app: "web" }))).toThrow(
      'Deployment "api" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
    expect(() => c.api.create("replicasets", workload("ReplicaSet", { matchLabels: { app: "web" } }, {}))).toThrow("spec.template.metadata.labels: Invalid value: map[string]string{}: `selector` does not match template `labels`");
    expect(() => c.api.create("deployments", workload("Deployment", {}, { app: "web" }))).toThrow(
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    );
    expect(() => c.api.create("deployments", workload("Deployment", undefined, { app: "web" }))).toThrow("spec.selector: Required value");
    expect(c.store.listRaw("pods").filter((p) => p.metadata.name!.startsWith("api-"))).toEqual([]);
  });

  it("a matching one is created, and an update that breaks the match is refused", () => {
    const c = createCluster();
    c.api.create("deployments", workload("Deployment", { matchLabels: { app: "web" } }, { app: "web", tier: "fe" }));
    c.settle();
    expect(c.store.listRaw("pods").filter((p) => p.metadata.name!.startsWith("api-")).length).toBe(3);
    const d = c.api.get("deployments", "default", "api");
    d.spec.template.metadata.labels = { app: "other" };
    expect(() => c.api.update("deployments", d)).toThrow("`selector` does not match template `labels`");
  });
});

// Issue 7 (fuzzing): a template without containers was accepted. apps/batch validation run
// ValidatePodTemplateSpec on it (spec.template.spec...), and the kind's restartPolicy rule on
// the defaulted template; a StatefulSet's template spec is left out (ValidatePodTemplateSpecForStatefulSet).
describe("pod template validation", () => {
  const tpl = (spec: unknown) => ({ metadata: { labels: { app: "web" } }, spec });
  it("a template without containers is refused for ReplicaSets, Deployments, DaemonSets, Jobs and CronJobs", () => {
    const c = createCluster();
    const apps = (kind: string, spec: unknown) => ({ apiVersion: "apps/v1", kind, metadata: { name: "x", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } }, template: tpl(spec) } });
    expect(() => c.api.create("replicasets", apps("ReplicaSet", {}))).toThrow('ReplicaSet "x" is invalid: spec.template.spec.containers: Required value');
    expect(() => c.api.create("deployments", apps("Deployment", { containers: [] }))).toThrow('Deployment "x" is invalid: spec.template.spec.containers: Required value');
    expect(() => c.api.create("daemonsets", apps("DaemonSet", { containers: [{ name: "c" }] }))).toThrow('DaemonSet "x" is invalid: spec.template.spec.containers[0].image: Required value');
    expect(() => c.api.create("replicasets", apps("ReplicaSet", { restartPolicy: "Never", containers: [{ name: "c", image: "nginx" }] }))).toThrow(
      'ReplicaSet "x" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    );
    const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j", namespace: "default" }, spec: { template: { spec: { restartPolicy: "Never" } } } };
    expect(() => c.api.create("jobs", job)).toThrow('Job "j" is invalid: spec.template.spec.containers: Required value');
    // restartPolicy defaults to Always, which a Job does not take
    const job2 = { ...job, spec: { template: { spec: { containers: [{ name: "c", image: "busybox" }] } } } };
    expect(() => c.api.create("jobs", job2)).toThrow('Job "j" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
    const cj = { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "cj", namespace: "default" }, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure" } } } } } };
    expect(() => c.api.create("cronjobs", cj)).toThrow('CronJob "cj" is invalid: spec.jobTemplate.spec.template.spec.containers: Required value');
    for (const r of ["replicasets", "deployments", "daemonsets", "jobs", "cronjobs"]) expect(c.store.listRaw(r, "default")).toEqual([]);
    // a StatefulSet's template spec is not validated, only its restartPolicy
    const sts = (spec: unknown) => ({ ...apps("StatefulSet", spec), spec: { ...apps("StatefulSet", spec).spec, serviceName: "x" } });
    expect(() => c.api.create("statefulsets", sts({ restartPolicy: "OnFailure" }))).toThrow('StatefulSet "x" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"');
    expect(c.api.create("statefulsets", sts({})).metadata.name).toBe("x");
  });

  it("an update that removes the containers is refused too", () => {
    const c = createCluster();
    c.api.create("deployments", workload("Deployment", { matchLabels: { app: "web" } }, { app: "web" }));
    const d = c.api.get("deployments", "default", "api");
    d.spec.template.spec.containers = [];
    expect(() => c.api.update("deployments", d)).toThrow('Deployment "api" is invalid: spec.template.spec.containers: Required value');
  });
});

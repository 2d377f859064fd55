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

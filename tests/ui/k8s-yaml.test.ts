import { describe, expect, it } from "vitest";
import { suggest, validate } from "../../src/ui/editor/k8s-yaml.ts";

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: static-busybox
  labels:
    run: static-busybox
spec:
  containers:
  - command:
    - sleep
    - "1000"
    image: busybox
    name: static-busybox
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}
`;

describe("validate", () => {
  it("accepts kubectl's own dry-run output", () => {
    expect(validate(POD)).toEqual([]);
  });
  it("reports a syntax error on its line", () => {
    const d = validate("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n");
    expect(d.length).toBeGreaterThan(0);
    expect(d[0].severity).toBe("error");
    expect(d[0].line).toBeGreaterThanOrEqual(4);
  });
  it("reports unknown fields with their path and line", () => {
    const d = validate(POD.replace("    image: busybox", "    imagee: busybox"));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ line: 12, col: 5, message: 'unknown field "spec.containers[0].imagee"' });
  });
  it("reports unknown kinds and wrong apiVersions", () => {
    expect(validate("apiVersion: v1\nkind: Podd\n")[0].message).toBe('no matches for kind "Podd" in version "v1"');
    expect(validate("apiVersion: v1\nkind: Deployment\n")[0].message).toMatch(/no matches for kind "Deployment" in version "v1"/);
  });
  it("reports wrong scalar types", () => {
    const d = validate("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: three\n");
    expect(d[0]).toMatchObject({ line: 6, message: "spec.replicas: expected integer, got a string" });
  });
  it("checks every document of a multi-document file and ignores plain YAML", () => {
    expect(validate("a: 1\n---\napiVersion: v1\nkind: Service\nspec:\n  portz: []\n")[0]).toMatchObject({ line: 6, message: 'unknown field "spec.portz"' });
  });
});

describe("suggest", () => {
  const labels = (text: string, line: number, col: number) => suggest(text, line, col).map((s) => s.label);
  it("offers kinds after kind: and the kind's apiVersion", () => {
    expect(labels("kind: ", 1, 7)).toContain("Deployment");
    expect(labels("apiVersion: \nkind: Deployment\n", 1, 13)).toEqual(["apps/v1"]);
  });
  it("offers the fields of the object the cursor is in", () => {
    const text = POD.replace("  dnsPolicy: ClusterFirst\n", "  dnsPolicy: ClusterFirst\n  no\n");
    const l = text.split("\n").findIndex((x) => x === "  no") + 1;
    const got = labels(text, l, 5);
    expect(got).toContain("nodeName");
    expect(got).toContain("nodeSelector");
    expect(got).not.toContain("dnsPolicy"); // already there
  });
  it("offers container fields inside a list item", () => {
    const text = POD.replace("    resources: {}\n", "    resources: {}\n    im\n");
    const l = text.split("\n").findIndex((x) => x === "    im") + 1;
    const got = labels(text, l, 7);
    expect(got).toContain("imagePullPolicy");
    expect(got).not.toContain("image");
    expect(got).not.toContain("nodeName");
  });
  it("offers top-level fields", () => {
    expect(labels("apiVersion: v1\nkind: Pod\n", 3, 1)).toEqual(expect.arrayContaining(["metadata", "spec"]));
  });
});

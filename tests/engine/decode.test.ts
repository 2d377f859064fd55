import { describe, expect, it } from "vitest";
import { podDecodeError } from "../../src/engine/api/decode.ts";
import { decodeStaticPod } from "../../src/engine/node/kubelet/file-source.ts";

describe("typed decode of a Pod", () => {
  it("refuses values of the wrong JSON type with encoding/json's message", () => {
    expect(podDecodeError({ spec: { containers: "n" } })).toBe("json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container");
    expect(podDecodeError({ spec: { containers: ["nginx"] } })).toBe("json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container");
    expect(podDecodeError({ spec: { containers: [{ name: "a", command: "sleep 10" }] } })).toBe("json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string");
    expect(podDecodeError({ metadata: { labels: { a: 1 } } })).toBe("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
    expect(podDecodeError({ metadata: { name: "x" }, spec: { containers: [{ name: "a", image: "nginx" }] } })).toBeNull();
  });

  it("the kubelet logs such a manifest instead of crashing", () => {
    const r = decodeStaticPod("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: [nginx]\n", "/etc/kubernetes/manifests/x.yaml", "controlplane");
    expect(r).toEqual({ error: "/etc/kubernetes/manifests/x.yaml: couldn't parse as pod(json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container), please check config file" });
  });
});

// kubectl explain's plaintext.tmpl port over a small OpenAPI v3 fixture shaped like the real
// documents (allOf-wrapped $refs, items, additionalProperties, enums). The FIELD view of
// containerPort is checked against a real kubectl transcript; the rest follows the template.

import { describe, expect, it } from "vitest";
import { renderExplain, wrapString, type ExplainData } from "../../src/commands/kubectl/explain.ts";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import { fakeLab, io } from "./fake.ts";

const ref = (n: string) => ({ $ref: `#/components/schemas/${n}` });
const DATA: ExplainData = {
  kinds: { "/v1/Pod": "io.k8s.api.core.v1.Pod", "apps/v1/Deployment": "io.k8s.api.apps.v1.Deployment" },
  schemas: {
    "io.k8s.api.core.v1.Pod": {
      description: "Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.",
      type: "object",
      properties: {
        kind: { description: "Kind is a string value representing the REST resource this object represents.", type: "string" },
        metadata: { allOf: [ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")], description: "Standard object's metadata." },
        spec: { allOf: [ref("io.k8s.api.core.v1.PodSpec")], description: "Specification of the desired behavior of the pod." },
      },
    },
    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
      description: "ObjectMeta is metadata that all persisted resources must have.",
      type: "object",
      properties: {
        labels: { additionalProperties: { default: "", type: "string" } as never, description: "Map of string keys and values.", type: "object" },
        creationTimestamp: { allOf: [ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time")], description: "CreationTimestamp is a timestamp." },
      },
    },
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { description: "Time is a wrapper.", type: "string" },
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { description: "IntOrString is a type that can hold an int32 or a string." },
    "io.k8s.api.core.v1.PodSpec": {
      description: "PodSpec is a description of a pod.",
      type: "object",
      required: ["containers"],
      properties: {
        containers: { description: "List of containers belonging to the pod.", items: { allOf: [ref("io.k8s.api.core.v1.Container")] }, type: "array" },
        restartPolicy: { description: "Restart policy for all containers within the pod.", enum: ["Always", "Never", "OnFailure"], type: "string" },
      },
    },
    "io.k8s.api.core.v1.Container": {
      description: "A single application container that you want to run within a pod.",
      type: "object",
      required: ["name"],
      properties: {
        name: { description: "Name of the container.", type: "string" },
        ports: { description: "List of ports to expose from the container.", items: { allOf: [ref("io.k8s.api.core.v1.ContainerPort")] }, type: "array" },
      },
    },
    "io.k8s.api.core.v1.ContainerPort": {
      description: "ContainerPort represents a network port in a single container.",
      type: "object",
      required: ["containerPort"],
      properties: {
        containerPort: { description: "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.", type: "integer" },
        hostPort: { allOf: [ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString")], description: "Port." },
      },
    },
    "io.k8s.api.apps.v1.Deployment": { description: "Deployment enables declarative updates for Pods and ReplicaSets.", type: "object", properties: { spec: { description: "Spec.", type: "object" } } },
  },
};

describe("kubectl explain (plaintext.tmpl)", () => {
  it("a primitive field: FIELD, two blank lines, DESCRIPTION wrapped at 76 with the trailing indent (real transcript)", () => {
    expect(renderExplain(DATA, { group: "", version: "v1", kind: "Pod" }, ["spec", "containers", "ports", "containerPort"], false).out).toBe(
      "KIND:       Pod\nVERSION:    v1\n\nFIELD: containerPort <integer>\n\n\nDESCRIPTION:\n    Number of port to expose on the pod's IP address. This must be a valid port\n    number, 0 < x < 65536.\n    \n\n",
    );
  });

  it("an object field: the field's and its type's descriptions, FIELDS with <types>, -required-, enums", () => {
    expect(renderExplain(DATA, { group: "", version: "v1", kind: "Pod" }, ["spec"], false).out).toBe(
      "KIND:       Pod\nVERSION:    v1\n\nFIELD: spec <PodSpec>\n\n\nDESCRIPTION:\n    Specification of the desired behavior of the pod.\n    PodSpec is a description of a pod.\n    \nFIELDS:\n" +
        "  containers\t<[]Container> -required-\n    List of containers belonging to the pod.\n\n" +
        "  restartPolicy\t<string>\n  enum: Always, Never, OnFailure\n    Restart policy for all containers within the pod.\n\n\n",
    );
    expect(renderExplain(DATA, { group: "", version: "v1", kind: "Pod" }, ["spec", "restartPolicy"], false).out).toMatch(/^KIND:       Pod\nVERSION:    v1\n\nFIELD: restartPolicy <string>\nENUM:\n    Always\n    Never\n    OnFailure\n\nDESCRIPTION:\n/);
  });

  it("a kind, --recursive, GROUP for named groups, type guesses (map, Time as string, IntOrString by name)", () => {
    const top = renderExplain(DATA, { group: "", version: "v1", kind: "Pod" }, [], false).out;
    expect(top.startsWith("KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    Pod is a collection of containers that can run on a host. This resource is\n    created by clients and scheduled onto hosts.\n    \nFIELDS:\n  kind\t<string>\n")).toBe(true);
    expect(renderExplain(DATA, { group: "", version: "v1", kind: "Pod" }, [], true).out).toContain(
      "FIELDS:\n  kind\t<string>\n  metadata\t<ObjectMeta>\n    creationTimestamp\t<string>\n    labels\t<map[string]string>\n  spec\t<PodSpec>\n    containers\t<[]Container> -required-\n      name\t<string> -required-\n      ports\t<[]ContainerPort>\n        containerPort\t<integer> -required-\n        hostPort\t<IntOrString>\n    restartPolicy\t<string>\n    enum: Always, Never, OnFailure\n",
    );
    expect(renderExplain(DATA, { group: "apps", version: "v1", kind: "Deployment" }, [], false).out.startsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n")).toBe(true);
    expect(renderExplain(DATA, { group: "", version: "v1", kind: "Pod" }, ["spec", "nope"], false)).toEqual({ out: "KIND:       Pod\nVERSION:    v1\n\n", error: 'field "nope" does not exist' });
  });

  it("go-wordwrap: breaks before a word that would pass the limit, keeps long words whole", () => {
    expect(wrapString("aaa bbb ccc", 7)).toBe("aaa bbb\nccc");
    expect(wrapString("https://kubernetes.io/docs/concepts/very/long/url ok", 10)).toBe("https://kubernetes.io/docs/concepts/very/long/url\nok");
  });

  it("argument errors", async () => {
    const l = fakeLab();
    expect((await kubectl.run(["explain", "pod", "svc"], io, l)).stderr).toBe("error: We accept only this format: explain RESOURCE\n");
    expect((await kubectl.run(["explain", "foo"], io, l)).stderr).toBe('the server doesn\'t have a resource type "foo"\n'); // as recorded (corpus)
  });
});

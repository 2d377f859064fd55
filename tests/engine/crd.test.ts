// The API server's custom resources: a cluster-scoped CRD kind, namespace deletion removing
// custom resources, the serving table following the stored CRDs (etcd content replaced),
// CRD update rules and storedVersions, and schema checks of the engine's validator.

import { describe, expect, it } from "vitest";
import { createCluster } from "../../src/engine/cluster.ts";
import { ApiError } from "../../src/engine/api/errors.ts";
import { validateAgainstSchema, prune, applyDefaults } from "../../src/engine/api/schema.ts";
import type { KubeObject } from "../../src/engine/types.ts";

const crd = (scope: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    scope,
    names: { plural: "widgets", kind: "Widget" },
    versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } } } } } }],
    ...extra,
  },
});

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e.message;
    throw e;
  }
  return "";
};

describe("custom resources in the API server", () => {
  it("cluster-scoped kind: stored without namespace, reachable by plural and plural.group", () => {
    const c = createCluster();
    c.api.create("customresourcedefinitions", crd("Cluster"));
    const w = c.api.create("widgets", { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1", namespace: "ignored" }, spec: { size: 3 } });
    expect(w.metadata.namespace).toBeUndefined();
    expect(c.api.get("widgets.example.com", undefined, "w1").spec).toEqual({ size: 3 });
    expect(message(() => c.api.get("widgets", undefined, "nope"))).toBe('widgets.example.com "nope" not found');
  });

  it("a namespace being deleted loses its custom resources", () => {
    const c = createCluster();
    c.api.create("customresourcedefinitions", crd("Namespaced"));
    c.api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    c.api.create("widgets", { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1", namespace: "team" } });
    c.api.delete("namespaces", undefined, "team");
    c.settle();
    expect(c.store.peek("widgets", "team", "w1")).toBeUndefined();
    expect(c.store.peek("namespaces", undefined, "team")).toBeUndefined();
  });

  it("the serving table follows the stored CRDs (etcd content replaced by a snapshot without the CRD)", () => {
    const c = createCluster();
    const before = c.store.toJSON();
    c.api.create("customresourcedefinitions", crd("Namespaced"));
    c.api.create("widgets", { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1" } });
    expect(c.store.resourceInfo("widgets")?.kind).toBe("Widget");
    c.store.replaceContent(before);
    expect(c.store.resourceInfo("widgets")).toBeUndefined();
    expect(message(() => c.api.list("widgets", "default"))).toBe("the server could not find the requested resource");
  });

  it("updates: group and plural immutable, scope immutable once Established, storedVersions grow with a new storage version", () => {
    const c = createCluster();
    const created = c.api.create("customresourcedefinitions", crd("Namespaced"));
    const upd = structuredClone(created);
    upd.spec.scope = "Cluster";
    upd.spec.group = "other.com";
    expect(message(() => c.api.update("customresourcedefinitions", upd))).toBe(
      'CustomResourceDefinition "widgets.example.com" is invalid: [spec.scope: Invalid value: "Cluster": field is immutable, spec.group: Invalid value: "other.com": field is immutable]',
    );
    const v2 = structuredClone(c.api.get("customresourcedefinitions", undefined, "widgets.example.com"));
    v2.spec.versions = [{ ...v2.spec.versions[0], storage: false }, { ...v2.spec.versions[0], name: "v2", storage: true }];
    const saved = c.api.update("customresourcedefinitions", v2);
    expect(saved.status.storedVersions).toEqual(["v1", "v2"]);
    expect(saved.metadata.generation).toBe(2);
  });

  it("the validator: int-or-string, nullable, maxLength, maxItems, nested arrays, preserve-unknown-fields", () => {
    const schema = {
      type: "object",
      properties: {
        spec: {
          type: "object",
          properties: {
            port: { "x-kubernetes-int-or-string": true },
            note: { type: "string", nullable: true, maxLength: 3 },
            tags: { type: "array", maxItems: 1, items: { type: "object", required: ["name"], properties: { name: { type: "string" } } } },
            free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
          },
        },
      },
    };
    const obj = { apiVersion: "a/v1", kind: "K", spec: { port: true, note: "long", tags: [{ x: 1 }, { name: "b" }], free: { any: { thing: 1 } }, gone: 1 } };
    prune(obj, schema, true);
    applyDefaults(obj, schema);
    expect(obj.spec).toEqual({ port: true, note: "long", tags: [{}, { name: "b" }], free: { any: { thing: 1 } } });
    expect(validateAgainstSchema(obj, schema).map((e) => `${e.field}: ${e.type}: ${e.detail}`)).toEqual([
      'spec.port: Invalid value: spec.port in body must be of type integer,string: "boolean"',
      "spec.note: Too long: may not be longer than 3",
      "spec.tags: Too many: must have at most 1 items",
      "spec.tags[0].name: Required value: undefined",
    ]);
  });
});

describe("found by the fuzzer (issue 7, seed 20348)", () => {
  it("a null printer column decodes as the zero column: Required values, not a TypeError", () => {
    const c = createCluster();
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "backups.stable.example.com" },
      spec: { group: "stable.example.com", scope: "Namespaced", names: { plural: "backups", singular: "backup", kind: "Backup" }, versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object" } }, additionalPrinterColumns: [null] }] },
    } as unknown as KubeObject;
    let err: unknown;
    try {
      c.api.create("customresourcedefinitions", crd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toContain("spec.additionalPrinterColumns[0].name: Required value");
    expect((err as ApiError).message).toContain("spec.additionalPrinterColumns[0].JSONPath: Required value");
  });
});

describe("CRD decoding (fuzz seed 8031)", () => {
  it("a spec.names or spec.versions of the wrong JSON type is the decode BadRequest, not a TypeError", () => {
    const c = createCluster();
    const bad = (spec: Record<string, unknown>) => {
      try {
        c.api.create("customresourcedefinitions", { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "gs.example.com" }, spec } as KubeObject);
        return "created";
      } catch (e) {
        return e instanceof ApiError ? `${e.reason}: ${e.message}` : `not an ApiError: ${String(e)}`;
      }
    };
    expect(bad({ group: "example.com", names: "gr", scope: "Namespaced", versions: [] })).toBe(
      'BadRequest: CustomResourceDefinition in version "v1" cannot be handled as a CustomResourceDefinition: json: cannot unmarshal string into Go struct field CustomResourceDefinitionSpec.spec.names of type v1.CustomResourceDefinitionNames',
    );
    expect(bad({ group: "example.com", names: { plural: "gs", kind: "G" }, scope: "Namespaced", versions: 3 })).toMatch(/^BadRequest: .*cannot unmarshal number into Go struct field CustomResourceDefinitionSpec\.spec\.versions of type \[\]v1\.CustomResourceDefinitionVersion$/);
  });
});

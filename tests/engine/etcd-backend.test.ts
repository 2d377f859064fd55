// etcd's backend file follows the store without encoding the whole store at every change:
// member/snap/db is produced when it is read, from the store as it is then.
import { describe, expect, it } from "vitest";
import { NodeFs } from "../../src/engine/node/fs.ts";
import { createCluster } from "../../src/engine/cluster.ts";
import { decode } from "../../src/engine/etcd/db.ts";

describe("lazy files", () => {
  it("writeFileLazy: produced at each read, fixed by a later write", () => {
    let t = 1000;
    const fs = new NodeFs(() => t);
    fs.mkdir("/d", true);
    let n = 0;
    fs.writeFileLazy("/d/f", () => `v${++n}`, 0o600);
    expect(n).toBe(0);
    expect(fs.readFile("/d/f")).toBe("v1");
    expect(fs.stat("/d/f")).toMatchObject({ type: "file", mode: 0o600, size: 2, mtime: 1000 });
    t = 2000;
    fs.writeFile("/d/f", "fixed");
    expect([fs.readFile("/d/f"), fs.readFile("/d/f"), n]).toEqual(["fixed", "fixed", 2]);
  });
});

describe("etcd backend", () => {
  it("the db holds what the API server just wrote, and is encoded only when read", () => {
    const c = createCluster();
    const cp = c.machine("controlplane")!;
    c.api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "fresh", namespace: "default" }, data: { a: "1" } });
    c.settle();
    const d = decode(cp.fs.readFile("/var/lib/etcd/member/snap/db"));
    expect(d.ok && d.db.rev).toBe(c.store.resourceVersion());
    const cms = d.ok ? d.db.data.find(([r]) => r === "configmaps")?.[1] ?? [] : [];
    expect(cms.map((o) => o.metadata.name)).toContain("fresh");
    // an hour with nobody reading: the text is never built
    let encoded = 0;
    const orig = JSON.stringify;
    JSON.stringify = ((...a: Parameters<typeof JSON.stringify>) => {
      if (a[0] && typeof a[0] === "object" && "members" in (a[0] as object)) encoded++;
      return orig(...a);
    }) as typeof JSON.stringify;
    try {
      c.advance(3600_000);
    } finally {
      JSON.stringify = orig;
    }
    expect(encoded).toBe(0);
  });
});

describe("etcd's data dir where the node cannot hold one (fuzz seed 8142)", () => {
  it("a file standing in the data dir's path: the cluster goes on, nothing thrown", () => {
    const c = createCluster();
    const fs = c.machine("controlplane")!.fs;
    const path = "/etc/kubernetes/manifests/etcd.yaml";
    fs.writeFile("/nope", "a file\n");
    fs.writeFile(path, fs.readFile(path).replaceAll("/var/lib/etcd", "/nope"));
    expect(() => c.advance(120_000)).not.toThrow();
    expect(fs.isFile("/nope")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { CATALOG, PAUSE_IMAGE, lookupImage, normalizeImageRef } from "../../src/engine/images/catalog.ts";
import { familiarName } from "../../src/engine/images/reference.ts";

const D = "sha256:" + "a".repeat(64);

describe("normalizeImageRef (docker reference grammar)", () => {
  const ok: Array<[string, string]> = [
    ["busybox", "docker.io/library/busybox:latest"],
    ["busybox:1.28", "docker.io/library/busybox:1.28"],
    ["library/busybox", "docker.io/library/busybox:latest"],
    ["docker.io/busybox", "docker.io/library/busybox:latest"],
    ["index.docker.io/library/nginx:1.27", "docker.io/library/nginx:1.27"],
    ["fluent/fluentd:v1.16-1", "docker.io/fluent/fluentd:v1.16-1"],
    ["registry.k8s.io/etcd:3.5.16-0", "registry.k8s.io/etcd:3.5.16-0"],
    ["registry.k8s.io/coredns/coredns:v1.11.3", "registry.k8s.io/coredns/coredns:v1.11.3"],
    ["localhost/app", "localhost/app:latest"],
    ["localhost:5000/app:v1", "localhost:5000/app:v1"],
    ["myregistry.io:5000/team/app_name:1.0", "myregistry.io:5000/team/app_name:1.0"],
    ["busybox:Latest", "docker.io/library/busybox:Latest"],
    ["my-app__x/y", "docker.io/my-app__x/y:latest"],
    [`busybox@${D}`, `docker.io/library/busybox@${D}`],
    [`busybox:1.36@${D}`, `docker.io/library/busybox:1.36@${D}`],
    ["Registry.Example.com/app", "Registry.Example.com/app:latest"],
  ];
  for (const [ref, full] of ok) {
    it(`${ref} → ${full}`, () => {
      const r = normalizeImageRef(ref);
      expect(r.ok && r.full).toBe(full);
    });
  }

  const bad: Array<[string, string]> = [
    ["Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase"],
    ["busyBox:1.28", "invalid reference format: repository name (library/busyBox) must be lowercase"],
    ["fluent/Fluentd", "invalid reference format: repository name (fluent/Fluentd) must be lowercase"],
    ["nginx:", "invalid reference format"],
    ["nginx::1", "invalid reference format"],
    [":latest", "invalid reference format"],
    ["nginx:-1", "invalid reference format"],
    ["ngi nx", "invalid reference format"],
    ["nginx/", "invalid reference format"],
    ["-nginx", "invalid reference format"],
    ["nginx@sha256:abc", "invalid reference format"],
    [`nginx@sha256:${"a".repeat(40)}`, "invalid checksum digest length"],
    ["a".repeat(64), `invalid repository name (${"a".repeat(64)}), cannot specify 64-byte hexadecimal strings`],
    ["", "invalid reference format"],
    [`nginx:${"t".repeat(129)}`, "invalid reference format"],
    ["Registry.Example.com/App", "invalid reference format: repository name (App) must be lowercase"],
  ];
  for (const [ref, err] of bad) {
    it(`rejects ${JSON.stringify(ref).slice(0, 40)}`, () => {
      const r = normalizeImageRef(ref);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBe(`Failed to apply default image tag ${JSON.stringify(ref)}: couldn't parse image name ${JSON.stringify(ref)}: ${err}`);
    });
  }

  it("digest-only refs have no tag", () => {
    const r = normalizeImageRef(`busybox@${D}`);
    expect(r).toEqual({ ok: true, repository: "docker.io/library/busybox", tag: "", digest: D, full: `docker.io/library/busybox@${D}` });
  });

  it("familiar names", () => {
    expect(familiarName("docker.io/library/busybox")).toBe("busybox");
    expect(familiarName("docker.io/fluent/fluentd")).toBe("fluent/fluentd");
    expect(familiarName("registry.k8s.io/pause")).toBe("registry.k8s.io/pause");
  });
});

describe("lookupImage", () => {
  it("finds catalog images and their config", () => {
    const b = lookupImage("busybox");
    expect("spec" in b && b.spec.cmd).toEqual(["sh"]);
    const n = lookupImage("nginx:1.27");
    expect("spec" in n && [n.spec.entrypoint, n.spec.cmd]).toEqual([["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"]]);
    const p = lookupImage(PAUSE_IMAGE);
    expect("spec" in p && p.spec.entrypoint).toEqual(["/pause"]);
    for (const ref of ["busybox:1.28.4", "registry.k8s.io/kube-apiserver:v1.32.5", "registry.k8s.io/etcd:3.5.16-0", "registry.k8s.io/coredns/coredns:v1.11.3", "nginx:1.14.2", "mysql:8.0", "mysql:5.7"]) {
      expect("spec" in lookupImage(ref), ref).toBe(true);
    }
  });

  it("aliases share one image id", () => {
    const a = lookupImage("busybox:latest");
    const b = lookupImage("busybox:1.37");
    expect("image" in a && "image" in b && a.image.id === b.image.id).toBe(true);
    const c = lookupImage("busybox:1.28");
    expect("image" in c && "image" in a && c.image.id !== a.image.id).toBe(true);
  });

  it("k8s.gcr.io redirects to registry.k8s.io", () => {
    const r = lookupImage("k8s.gcr.io/etcd:3.4.13-0");
    expect("spec" in r && r.spec.repository).toBe("registry.k8s.io/etcd");
  });

  it("by digest", () => {
    const r = lookupImage("busybox:1.36");
    if (!("image" in r)) throw new Error("missing");
    const d = lookupImage(`busybox@${r.image.digest}`);
    expect("image" in d && d.image.id).toBe(r.image.id);
  });

  it("pull errors as the kubelet reports them (docker via cri-dockerd)", () => {
    expect(lookupImage("busybox:1.28.99")).toMatchObject({
      error: "rpc error: code = Unknown desc = Error response from daemon: manifest for busybox:1.28.99 not found: manifest unknown: manifest unknown",
      daemonError: "Error response from daemon: manifest for busybox:1.28.99 not found: manifest unknown: manifest unknown",
    });
    expect(lookupImage("nosuchimage")).toMatchObject({
      daemonError: "Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    });
    expect(lookupImage("registry.k8s.io/pause:9.9")).toMatchObject({
      daemonError: 'Error response from daemon: manifest for registry.k8s.io/pause:9.9 not found: manifest unknown: Failed to fetch "9.9"',
    });
  });

  it("pull errors from containerd", () => {
    expect(lookupImage("busybox:1.28.99", "containerd")).toMatchObject({
      error: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/busybox:1.28.99": failed to resolve reference "docker.io/library/busybox:1.28.99": docker.io/library/busybox:1.28.99: not found',
    });
  });

  it("catalog data is well formed", () => {
    for (const s of CATALOG) {
      expect(normalizeImageRef(s.repository).ok, s.repository).toBe(true);
      for (const [tag, t] of Object.entries(s.tags)) {
        expect(t.id, `${s.repository}:${tag}`).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(t.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(t.size).toBeGreaterThan(100_000);
        expect(Number.isNaN(Date.parse(t.created))).toBe(false);
      }
      expect(s.entrypoint.length + s.cmd.length).toBeGreaterThan(0);
      expect(s.pullMs).toBeGreaterThan(0);
    }
  });
});

// The images a CKA student pulls, as data: repository, known tags (image id, repo digest,
// uncompressed size, build date), the image config's Entrypoint/Cmd/WorkingDir/Env, and how
// long a pull takes. Everything else gets the registry's real "not found" error.
//
// Ids and digests are deterministic stand-ins (64 hex derived from the reference), not the
// real registry values; tags that are the same image (busybox latest/1.37/1.37.0) share them.
// Entrypoint/Cmd are the images' real config values.

import { detHex } from "./hash.ts";
import { familiarName, parseNormalizedNamed } from "./reference.ts";

export interface ImageTag {
  /** image id: sha256:<64 hex> */
  id: string;
  /** repo digest: sha256:<64 hex> */
  digest: string;
  /** uncompressed size in bytes, as `docker images` / `crictl images` report it */
  size: number;
  /** image build time (ISO 8601), what `docker images` CREATED is relative to */
  created: string;
}

export interface ImageSpec {
  /** fully qualified: "docker.io/library/busybox" */
  repository: string;
  tags: Record<string, ImageTag>;
  entrypoint: string[];
  cmd: string[];
  workingDir?: string;
  env?: string[];
  /** exposed ports of the image config, e.g. ["80/tcp"] */
  exposedPorts?: string[];
  /** realistic pull time in ms for the default tag */
  pullMs: number;
}

export const PAUSE_IMAGE = "registry.k8s.io/pause:3.10";

const PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const MB = 1000 * 1000;

/** A group of tags that are one image: "latest,1.37,1.37.0". */
type TagGroup = [tags: string, sizeBytes: number, created: string];

function image(
  repository: string,
  groups: TagGroup[],
  config: { entrypoint?: string[]; cmd?: string[]; workingDir?: string; env?: string[]; exposedPorts?: string[]; pullMs?: number },
): ImageSpec {
  const tags: Record<string, ImageTag> = {};
  for (const [names, size, created] of groups) {
    const first = names.split(",")[0];
    const id = `sha256:${detHex(`image-id:${repository}:${first}`, 64)}`;
    const digest = `sha256:${detHex(`repo-digest:${repository}:${first}`, 64)}`;
    for (const t of names.split(",")) tags[t] = { id, digest, size, created };
  }
  const defaultSize = groups[0][1];
  return {
    repository,
    tags,
    entrypoint: config.entrypoint ?? [],
    cmd: config.cmd ?? [],
    ...(config.workingDir ? { workingDir: config.workingDir } : {}),
    env: config.env ?? [PATH_ENV],
    ...(config.exposedPorts ? { exposedPorts: config.exposedPorts } : {}),
    // ~40 MB/s download + unpack, at least 0.7 s (registry round trips)
    pullMs: config.pullMs ?? Math.round(700 + defaultSize / (40 * MB) * 1000),
  };
}

const DH = "docker.io/library/";

const NGINX_ENV = [PATH_ENV, "NGINX_VERSION=1.27.5", "NJS_VERSION=0.8.10", "NJS_RELEASE=1~bookworm", "PKG_RELEASE=1~bookworm", "DYNPKG_RELEASE=1~bookworm"];
const NGINX_CMD = ["nginx", "-g", "daemon off;"];

export const CATALOG: ImageSpec[] = [
  image(`${DH}busybox`, [
    ["latest,1.37,1.37.0,stable,glibc,1.37-glibc,1.37.0-glibc,uclibc", 4_269_960, "2024-09-26T21:31:42Z"],
    ["musl,1.37-musl,1.37.0-musl", 1_465_210, "2024-09-26T21:31:42Z"],
    ["1.36,1.36.1,1.36-glibc,1.36.1-glibc", 4_261_504, "2023-07-18T23:19:33Z"],
    ["1.36-musl,1.36.1-musl", 1_458_640, "2023-07-18T23:19:33Z"],
    ["1.35,1.35.0", 4_860_416, "2022-12-27T21:02:48Z"],
    ["1.34,1.34.1", 1_240_064, "2022-04-14T00:39:26Z"],
    ["1.33,1.33.1", 1_235_456, "2021-05-03T21:20:18Z"],
    ["1.32,1.32.1", 1_220_608, "2021-01-11T23:19:45Z"],
    ["1.31,1.31.1", 1_222_656, "2019-12-28T01:21:02Z"],
    ["1.28,1.28.4", 1_146_369, "2018-05-22T22:31:56Z"],
    ["1.28.0", 1_146_108, "2018-01-03T20:33:31Z"],
    ["1.27,1.27.2", 1_129_289, "2017-11-03T22:39:17Z"],
  ], { cmd: ["sh"], pullMs: 1400 }),

  image(`${DH}nginx`, [
    ["latest,mainline,1,1.27,1.27.5,bookworm,mainline-bookworm", 192_060_416, "2025-04-16T21:20:51Z"],
    ["stable,1.28,1.28.0,stable-bookworm", 192_168_922, "2025-04-23T20:13:08Z"],
    ["alpine,mainline-alpine,1-alpine,1.27-alpine,1.27.5-alpine", 47_934_412, "2025-04-16T18:13:21Z"],
    ["stable-alpine,1.28-alpine,1.28.0-alpine", 47_970_315, "2025-04-23T18:39:44Z"],
    ["1.26,1.26.3", 191_885_300, "2025-02-05T21:27:16Z"],
    ["1.26-alpine,1.26.3-alpine", 47_847_090, "2025-02-05T19:52:10Z"],
    ["1.25,1.25.5", 187_694_648, "2024-05-29T23:43:50Z"],
    ["1.25-alpine,1.25.5-alpine", 43_305_880, "2024-05-29T20:39:24Z"],
    ["1.24,1.24.0", 142_145_851, "2023-05-23T08:51:38Z"],
    ["1.23,1.23.4", 142_240_780, "2023-03-28T21:20:12Z"],
    ["1.22,1.22.1", 142_462_310, "2022-10-19T10:35:59Z"],
    ["1.21,1.21.6", 141_511_712, "2022-01-26T08:58:22Z"],
    ["1.20,1.20.2", 133_256_010, "2021-11-17T10:38:14Z"],
    ["1.19,1.19.10", 133_006_720, "2021-04-20T11:19:48Z"],
    ["1.18,1.18.0", 132_461_310, "2020-10-13T08:39:44Z"],
    ["1.17,1.17.10", 126_816_004, "2020-04-23T12:14:09Z"],
    ["1.16,1.16.1", 126_323_486, "2019-10-22T13:26:00Z"],
    ["1.15,1.15.12", 109_331_233, "2019-05-08T03:01:14Z"],
    ["1.14,1.14.2", 109_129_446, "2019-05-08T02:16:32Z"],
  ], { entrypoint: ["/docker-entrypoint.sh"], cmd: NGINX_CMD, env: NGINX_ENV, exposedPorts: ["80/tcp"], pullMs: 5200 }),

  image(`${DH}httpd`, [
    ["latest,2,2.4,2.4.63,bookworm", 148_094_627, "2025-01-23T19:41:05Z"],
    ["alpine,2-alpine,2.4-alpine,2.4.63-alpine", 61_215_088, "2025-01-23T18:57:19Z"],
  ], { cmd: ["httpd-foreground"], workingDir: "/usr/local/apache2", env: ["PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HTTPD_PREFIX=/usr/local/apache2", "HTTPD_VERSION=2.4.63"], exposedPorts: ["80/tcp"], pullMs: 4100 }),

  image(`${DH}redis`, [
    ["latest,7,7.4,7.4.2,bookworm", 117_359_218, "2025-01-06T20:15:10Z"],
    ["alpine,7-alpine,7.4-alpine,7.4.2-alpine", 41_411_540, "2025-01-06T19:37:24Z"],
    ["7.2,7.2.7", 116_908_420, "2024-12-12T16:42:31Z"],
    ["6,6.2,6.2.17", 105_347_940, "2024-12-12T16:42:58Z"],
  ], { entrypoint: ["docker-entrypoint.sh"], cmd: ["redis-server"], workingDir: "/data", env: [PATH_ENV, "GOSU_VERSION=1.17", "REDIS_VERSION=7.4.2"], exposedPorts: ["6379/tcp"], pullMs: 3600 }),

  image(`${DH}mysql`, [
    ["latest,9,9.3,9.3.0,oraclelinux9", 859_402_051, "2025-04-15T22:23:32Z"],
    ["8.0,8.0.42,8.0-oracle", 772_418_302, "2025-04-15T22:19:11Z"],
    ["8,8.4,8.4.5,lts", 797_234_119, "2025-04-15T22:21:10Z"],
    ["5.7,5.7.44,5", 501_199_452, "2023-10-25T00:12:18Z"],
  ], { entrypoint: ["docker-entrypoint.sh"], cmd: ["mysqld"], env: [PATH_ENV, "GOSU_VERSION=1.17", "MYSQL_MAJOR=innovation", "MYSQL_VERSION=9.3.0-1.el9", "MYSQL_SHELL_VERSION=9.3.0-1.el9"], exposedPorts: ["3306/tcp", "33060/tcp"], pullMs: 19500 }),

  image(`${DH}postgres`, [
    ["latest,17,17.5,bookworm", 438_268_921, "2025-05-08T23:29:40Z"],
    ["16,16.9", 432_507_890, "2025-05-08T23:33:01Z"],
    ["15,15.13", 424_994_512, "2025-05-08T23:35:08Z"],
    ["alpine,17-alpine,17.5-alpine", 278_347_218, "2025-05-08T22:40:32Z"],
  ], { entrypoint: ["docker-entrypoint.sh"], cmd: ["postgres"], env: [PATH_ENV.replace("/usr/local/bin:", "/usr/local/bin:/usr/lib/postgresql/17/bin:"), "GOSU_VERSION=1.17", "LANG=en_US.utf8", "PG_MAJOR=17", "PG_VERSION=17.5-1.pgdg120+1", "PGDATA=/var/lib/postgresql/data"], exposedPorts: ["5432/tcp"], pullMs: 11800 }),

  image(`${DH}alpine`, [
    ["latest,3,3.21,3.21.3", 7_834_342, "2025-02-14T03:28:36Z"],
    ["3.20,3.20.6", 7_800_148, "2025-02-14T03:28:36Z"],
    ["3.19,3.19.7", 7_383_921, "2025-02-14T03:28:36Z"],
    ["3.18,3.18.12", 7_337_180, "2025-02-14T03:28:36Z"],
  ], { cmd: ["/bin/sh"], pullMs: 1300 }),

  image(`${DH}ubuntu`, [
    ["latest,24.04,noble", 78_107_456, "2025-04-08T10:03:11Z"],
    ["22.04,jammy", 77_863_730, "2025-04-08T10:05:32Z"],
    ["20.04,focal", 72_807_402, "2025-04-08T10:06:02Z"],
  ], { cmd: ["/bin/bash"], pullMs: 3000 }),

  image(`${DH}debian`, [
    ["latest,12,bookworm,stable", 116_543_190, "2025-04-28T00:00:00Z"],
    ["bookworm-slim,12-slim,stable-slim", 74_812_409, "2025-04-28T00:00:00Z"],
    ["11,bullseye", 124_064_012, "2025-04-28T00:00:00Z"],
  ], { cmd: ["bash"], pullMs: 3600 }),

  image(`${DH}memcached`, [
    ["latest,1,1.6,1.6.38,bookworm", 85_446_019, "2025-03-31T18:45:19Z"],
    ["alpine,1-alpine,1.6-alpine,1.6.38-alpine", 8_732_410, "2025-03-31T18:40:02Z"],
  ], { entrypoint: ["docker-entrypoint.sh"], cmd: ["memcached"], env: [PATH_ENV, "MEMCACHED_VERSION=1.6.38"], exposedPorts: ["11211/tcp"], pullMs: 3000 }),

  image(`${DH}node`, [
    ["latest,24,current", 1_125_804_122, "2025-05-08T20:11:42Z"],
    ["22,lts,jod", 1_116_021_560, "2025-05-08T20:11:42Z"],
    ["20,iron", 1_094_220_330, "2025-05-08T20:11:42Z"],
    ["alpine,24-alpine", 162_410_928, "2025-05-08T19:02:10Z"],
    ["22-alpine,lts-alpine", 157_842_004, "2025-05-08T19:02:10Z"],
  ], { entrypoint: ["docker-entrypoint.sh"], cmd: ["node"], env: [PATH_ENV, "NODE_VERSION=24.0.1", "YARN_VERSION=1.22.22"], pullMs: 26000 }),

  image(`${DH}python`, [
    ["latest,3,3.13,3.13.3,bookworm", 1_018_540_100, "2025-04-08T22:52:40Z"],
    ["3.12,3.12.10", 1_019_201_876, "2025-04-08T22:52:40Z"],
    ["3.11,3.11.12", 1_013_240_010, "2025-04-08T22:52:40Z"],
    ["slim,3.13-slim,3-slim", 124_770_312, "2025-04-08T22:52:40Z"],
    ["alpine,3.13-alpine,3-alpine", 46_942_180, "2025-04-08T22:52:40Z"],
  ], { cmd: ["python3"], env: [PATH_ENV, "LANG=C.UTF-8", "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305", "PYTHON_VERSION=3.13.3", "PYTHON_SHA256=40f868bcbdeb8149a3149580bb9bfd407b3321cd48f0be631af955ac92c0e041"], pullMs: 24000 }),

  image("docker.io/fluent/fluentd", [
    ["v1.16-1,v1.16.2-1.0", 57_404_113, "2023-09-15T10:12:08Z"],
    ["v1.17-1,v1.17.1-1.0,latest", 68_206_540, "2024-09-04T09:41:27Z"],
    ["v1.16-debian-1,v1.16.2-debian-1.0", 253_880_127, "2023-09-15T10:20:54Z"],
    ["edge", 70_110_206, "2025-03-20T06:31:00Z"],
  ], { entrypoint: ["tini", "--", "/bin/entrypoint.sh"], cmd: ["fluentd"], env: [PATH_ENV, "FLUENTD_CONF=fluent.conf", "LD_PRELOAD=", "RUBYLIB=/usr/lib/ruby/gems/3.2.0/gems/resolv-0.2.1/lib"], exposedPorts: ["24224/tcp", "5140/tcp"], pullMs: 3200 }),

  image("docker.io/fluent/fluent-bit", [
    ["latest,4.0,4.0.1", 105_642_114, "2025-05-06T16:50:41Z"],
    ["3.2,3.2.10", 102_108_230, "2025-03-26T01:30:12Z"],
    ["3.1,3.1.9", 99_871_012, "2024-10-04T21:01:55Z"],
    ["2.2,2.2.3", 86_480_340, "2024-06-24T16:04:10Z"],
    ["1.9,1.9.10", 73_510_221, "2023-11-16T12:11:39Z"],
  ], { entrypoint: ["/fluent-bit/bin/fluent-bit"], cmd: ["-c", "/fluent-bit/etc/fluent-bit.conf"], exposedPorts: ["2020/tcp"], pullMs: 3900 }),

  image("docker.io/prom/node-exporter", [
    ["latest,v1.9.1", 25_123_508, "2025-04-01T16:12:09Z"],
    ["v1.8.2", 22_681_540, "2024-07-15T14:59:28Z"],
  ], { entrypoint: ["/bin/node_exporter"], exposedPorts: ["9100/tcp"], pullMs: 1700 }),

  image("docker.io/polinux/stress", [
    ["latest,1.0.4", 9_744_175, "2019-07-11T13:09:37Z"],
  ], { cmd: ["stress"], env: [PATH_ENV], pullMs: 1200 }),

  image("docker.io/curlimages/curl", [
    ["latest,8.13.0", 24_218_104, "2025-04-02T11:08:01Z"],
    ["8.11.1", 22_540_011, "2024-12-11T09:15:40Z"],
  ], { entrypoint: ["/entrypoint.sh"], cmd: ["curl"], pullMs: 1700 }),

  image("docker.io/kodekloud/webapp-color", [
    ["latest,v1", 84_681_990, "2019-05-02T09:21:08Z"],
    ["v2", 84_681_998, "2019-05-02T09:31:51Z"],
    ["v3", 84_682_006, "2019-05-02T09:35:27Z"],
  ], { entrypoint: ["python", "app.py"], workingDir: "/opt", env: [PATH_ENV, "LANG=C.UTF-8", "PYTHON_VERSION=3.6.8"], exposedPorts: ["8080/tcp"], pullMs: 3400 }),

  // --- Kubernetes (registry.k8s.io) ---------------------------------------------------
  ...kubeImage("kube-apiserver", 97_080_000),
  ...kubeImage("kube-controller-manager", 89_710_000),
  ...kubeImage("kube-scheduler", 69_970_000),
  ...kubeImage("kube-proxy", 94_180_000, ["/usr/local/bin/kube-proxy"]),

  image("registry.k8s.io/etcd", [
    ["3.5.16-0", 150_262_180, "2024-09-11T02:46:51Z"],
    ["3.5.15-0", 149_612_890, "2024-07-22T21:43:37Z"],
    ["3.5.21-0", 152_430_114, "2025-04-01T19:12:45Z"],
    ["3.5.12-0", 149_347_080, "2024-02-05T15:51:04Z"],
    ["3.4.13-0", 253_392_289, "2020-09-25T18:38:11Z"],
  ], { cmd: ["/usr/local/bin/etcd"], env: [PATH_ENV], pullMs: 5000 }),

  image("registry.k8s.io/coredns/coredns", [
    ["v1.11.3", 61_819_410, "2024-08-20T17:47:58Z"],
    ["v1.11.1", 59_821_000, "2023-08-16T14:49:20Z"],
    ["v1.12.0", 68_420_316, "2024-11-14T18:57:15Z"],
  ], { entrypoint: ["/coredns"], exposedPorts: ["53/tcp", "53/udp"], pullMs: 2300 }),

  image("registry.k8s.io/pause", [
    ["3.10", 736_000, "2024-05-24T17:11:05Z"],
    ["3.9", 744_000, "2022-10-24T15:22:41Z"],
    ["3.8", 711_000, "2022-06-09T14:43:10Z"],
    ["3.6", 683_000, "2021-08-12T17:41:19Z"],
  ], { entrypoint: ["/pause"], env: [PATH_ENV], pullMs: 800 }),

  image("registry.k8s.io/e2e-test-images/agnhost", [
    ["2.53", 140_218_330, "2024-10-22T14:41:05Z"],
    ["2.52", 139_011_780, "2024-06-18T09:02:33Z"],
    ["2.39", 126_705_412, "2022-06-28T13:50:12Z"],
  ], { entrypoint: ["/agnhost"], pullMs: 4300 }),

  image("registry.k8s.io/metrics-server/metrics-server", [
    ["v0.7.2", 67_142_010, "2024-08-22T19:31:14Z"],
  ], { entrypoint: ["/metrics-server"], pullMs: 2400 }),

  // --- CNI ---------------------------------------------------------------------------------
  image("docker.io/flannel/flannel", [
    ["v0.26.7", 84_021_456, "2025-04-16T12:31:09Z"],
    ["v0.26.1", 82_610_020, "2024-11-05T12:06:41Z"],
    ["v0.25.7", 79_420_880, "2024-09-26T10:11:52Z"],
  ], { entrypoint: ["/opt/bin/flanneld"], pullMs: 3000 }),

  image("docker.io/flannel/flannel-cni-plugin", [
    ["v1.6.2-flannel1", 10_712_042, "2025-02-03T09:11:44Z"],
    ["v1.6.0-flannel1", 10_630_310, "2024-10-29T16:10:02Z"],
    ["v1.5.1-flannel2", 10_580_612, "2024-08-13T13:51:20Z"],
  ], { cmd: ["/bin/sh"], pullMs: 1000 }),

  image("ghcr.io/flannel-io/flannel", [
    ["v0.26.7", 84_021_456, "2025-04-16T12:31:09Z"],
    ["v0.26.1", 82_610_020, "2024-11-05T12:06:41Z"],
  ], { entrypoint: ["/opt/bin/flanneld"], pullMs: 3000 }),

  image("ghcr.io/flannel-io/flannel-cni-plugin", [
    ["v1.6.2-flannel1", 10_712_042, "2025-02-03T09:11:44Z"],
    ["v1.6.0-flannel1", 10_630_310, "2024-10-29T16:10:02Z"],
  ], { cmd: ["/bin/sh"], pullMs: 1000 }),

  image("docker.io/calico/node", [
    ["v3.29.3", 394_230_118, "2025-03-26T20:15:31Z"],
    ["v3.29.1", 391_104_338, "2024-11-20T22:41:09Z"],
  ], { entrypoint: ["start_runit"], env: [PATH_ENV, "SVDIR=/etc/service/enabled"], pullMs: 9500 }),

  image("docker.io/calico/cni", [
    ["v3.29.3", 212_341_402, "2025-03-26T20:11:02Z"],
    ["v3.29.1", 210_024_900, "2024-11-20T22:38:30Z"],
  ], { cmd: ["/opt/cni/bin/install"], pullMs: 5800 }),

  image("docker.io/calico/kube-controllers", [
    ["v3.29.3", 83_310_044, "2025-03-26T20:13:47Z"],
    ["v3.29.1", 79_230_112, "2024-11-20T22:40:01Z"],
  ], { entrypoint: ["/usr/bin/kube-controllers"], pullMs: 2800 }),
];

function kubeImage(name: string, size: number, entrypoint = ["/go-runner"]): ImageSpec[] {
  const versions: [string, string][] = [
    ["v1.32.5", "2025-05-15T10:07:22Z"],
    ["v1.32.4", "2025-04-22T16:02:14Z"],
    ["v1.32.3", "2025-03-11T19:37:40Z"],
    ["v1.32.2", "2025-02-12T21:17:51Z"],
    ["v1.32.1", "2025-01-15T14:42:32Z"],
    ["v1.32.0", "2024-12-11T18:04:20Z"],
    ["v1.33.1", "2025-05-15T09:59:40Z"],
    ["v1.33.0", "2025-04-23T12:34:10Z"],
    ["v1.31.9", "2025-05-15T10:12:02Z"],
    ["v1.31.0", "2024-08-13T07:37:33Z"],
    ["v1.33.2", "2025-06-17T18:52:10Z"],
  ];
  // patch releases differ by a few hundred kB
  const groups: TagGroup[] = versions.map(([v, created], i) => [v, size - i * 137_211, created]);
  return [image(`registry.k8s.io/${name}`, groups, { entrypoint, pullMs: Math.round(700 + size / (40 * MB) * 1000) })];
}

const byRepository = new Map(CATALOG.map((s) => [s.repository, s]));

/** Registries that redirect to another one (k8s.gcr.io is frozen and redirects to registry.k8s.io). */
const REGISTRY_ALIASES: Record<string, string> = {
  "k8s.gcr.io": "registry.k8s.io",
};

export type NormalizedRef =
  | { ok: true; repository: string; tag: string; digest?: string; full: string }
  | { ok: false; error: string };

/**
 * Parse an image reference as the kubelet does before a pull (docker reference grammar).
 * "busybox" → docker.io/library/busybox:latest. A failure carries the kubelet's
 * InvalidImageName message: `Failed to apply default image tag "X": couldn't parse image name "X": …`.
 */
const refCache = new Map<string, NormalizedRef>();

export function normalizeImageRef(ref: string): NormalizedRef {
  const hit = refCache.get(ref);
  if (hit) return hit;
  const out = normalizeImageRefUncached(ref);
  if (refCache.size > 5000) refCache.clear();
  refCache.set(ref, out);
  return out;
}

function normalizeImageRefUncached(ref: string): NormalizedRef {
  const parsed = parseNormalizedNamed(ref);
  if (typeof parsed === "string") {
    return { ok: false, error: `Failed to apply default image tag ${goQuote(ref)}: couldn't parse image name ${goQuote(ref)}: ${parsed}` };
  }
  const tag = parsed.tag ?? (parsed.digest ? "" : "latest");
  const full = `${parsed.repository}${tag ? `:${tag}` : ""}${parsed.digest ? `@${parsed.digest}` : ""}`;
  return { ok: true, repository: parsed.repository, tag, ...(parsed.digest ? { digest: parsed.digest } : {}), full };
}

export type LookupResult =
  | { spec: ImageSpec; tag: string; image: ImageTag }
  | {
      /** the message the kubelet puts after `Failed to pull image "X": ` (CRI error as the runtime returns it) */
      error: string;
      /** the bare registry/daemon message, e.g. what `docker pull` prints */
      daemonError: string;
      /** the kubelet's waiting reason: ErrImagePull for every registry failure */
      reason: "ErrImagePull";
    };

/**
 * Resolve a normalized reference against the catalog, or give the pull error as the runtime
 * reports it: Docker Engine via cri-dockerd (default) or containerd.
 */
export function lookupImage(full: string, runtime: "docker" | "containerd" = "docker"): LookupResult {
  // pure: kept per runtime and reference, as normalizeImageRef keeps its answers (the kubelet asks on every restart)
  const key = runtime + "\u0000" + full;
  let r = lookupCache.get(key);
  if (!r) {
    if (lookupCache.size > 1000) lookupCache.clear();
    lookupCache.set(key, (r = lookupImageUncached(full, runtime)));
  }
  return r;
}

const lookupCache = new Map<string, LookupResult>();

function lookupImageUncached(full: string, runtime: "docker" | "containerd"): LookupResult {
  const n = normalizeImageRef(full);
  if (!n.ok) return { error: n.error, daemonError: n.error, reason: "ErrImagePull" };
  const domain = n.repository.slice(0, n.repository.indexOf("/"));
  const aliased = REGISTRY_ALIASES[domain] ? REGISTRY_ALIASES[domain] + n.repository.slice(domain.length) : n.repository;
  const spec = byRepository.get(aliased);
  const familiar = familiarName(n.repository);
  const refText = n.digest ? `${familiar}@${n.digest}` : `${familiar}:${n.tag}`;
  const ctrRef = n.digest ? `${n.repository}@${n.digest}` : `${n.repository}:${n.tag}`;

  if (!spec) {
    if (!KNOWN_REGISTRIES.has(domain)) {
      const daemon = `Error response from daemon: Get "https://${domain}/v2/": dial tcp: lookup ${domain.replace(/:\d+$/, "")} on 127.0.0.53:53: no such host`;
      const ctr = `failed to pull and unpack image "${ctrRef}": failed to resolve reference "${ctrRef}": failed to do request: Head "https://${domain}/v2/${n.repository.slice(domain.length + 1)}/manifests/${n.digest ?? n.tag}": dial tcp: lookup ${domain.replace(/:\d+$/, "")} on 127.0.0.53:53: no such host`;
      return pullError(runtime, daemon, ctr, "Unknown");
    }
    if (domain === "docker.io") {
      const daemon = `Error response from daemon: pull access denied for ${familiar}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
      const ctr = `failed to pull and unpack image "${ctrRef}": failed to resolve reference "${ctrRef}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
      return pullError(runtime, daemon, ctr, "Unknown");
    }
    return notFound(runtime, domain, refText, ctrRef, n.digest ?? n.tag);
  }
  if (n.digest) {
    const hit = Object.entries(spec.tags).find(([, t]) => t.digest === n.digest);
    if (!hit) return notFound(runtime, domain, refText, ctrRef, n.digest);
    if (n.tag && !spec.tags[n.tag]) return notFound(runtime, domain, refText, ctrRef, n.digest);
    return { spec, tag: n.tag || hit[0], image: hit[1] };
  }
  const t = spec.tags[n.tag];
  if (!t) return notFound(runtime, domain, refText, ctrRef, n.tag);
  return { spec, tag: n.tag, image: t };
}

const KNOWN_REGISTRIES = new Set(["docker.io", "registry.k8s.io", "k8s.gcr.io", "gcr.io", "quay.io", "ghcr.io", "public.ecr.aws", "mcr.microsoft.com"]);

function notFound(runtime: "docker" | "containerd", domain: string, refText: string, ctrRef: string, tagOrDigest: string): LookupResult {
  // Artifact Registry (behind registry.k8s.io, gcr.io) words manifest-unknown differently from Docker Hub.
  const detail = domain === "registry.k8s.io" || domain === "k8s.gcr.io" || domain.endsWith("gcr.io")
    ? `manifest unknown: Failed to fetch "${tagOrDigest}"`
    : "manifest unknown: manifest unknown";
  const daemon = `Error response from daemon: manifest for ${refText} not found: ${detail}`;
  const ctr = `failed to pull and unpack image "${ctrRef}": failed to resolve reference "${ctrRef}": ${ctrRef}: not found`;
  return pullError(runtime, daemon, ctr, "NotFound");
}

function pullError(runtime: "docker" | "containerd", daemon: string, ctr: string, ctrCode: "NotFound" | "Unknown"): LookupResult {
  if (runtime === "docker") {
    // cri-dockerd returns the daemon error as a plain Go error: gRPC code Unknown.
    return { error: `rpc error: code = Unknown desc = ${daemon}`, daemonError: daemon, reason: "ErrImagePull" };
  }
  return { error: `rpc error: code = ${ctrCode} desc = ${ctr}`, daemonError: ctr, reason: "ErrImagePull" };
}

/** The catalog entry of a repository (fully qualified, k8s.gcr.io resolved), if any. */
export function imageSpec(repository: string): ImageSpec | undefined {
  const domain = repository.slice(0, repository.indexOf("/"));
  return byRepository.get(REGISTRY_ALIASES[domain] ? REGISTRY_ALIASES[domain] + repository.slice(domain.length) : repository);
}

/** The repository as docker shows it: "busybox", "fluent/fluentd", "registry.k8s.io/pause". */
export { familiarName } from "./reference.ts";

/** Go's %q for the plain ASCII strings image names are. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

// --- what a container of an image has inside: its userland and its servers' HTTP answers -----

/**
 * The programs in an image's filesystem, for `kubectl exec`: "busybox" (busybox's applets, ash
 * as sh), "debian" (dash as sh, bash, coreutils …), "none" (distroless or scratch: no shell),
 * plus the image's own binaries.
 */
export interface ImageUserland {
  userland: "busybox" | "debian" | "none";
  /** the image's own programs (nginx, redis-cli, curl …) */
  binaries: string[];
}

const USERLAND: Record<string, ImageUserland> = {
  [`${DH}busybox`]: { userland: "busybox", binaries: [] },
  [`${DH}alpine`]: { userland: "busybox", binaries: ["apk"] },
  [`${DH}nginx`]: { userland: "debian", binaries: ["nginx", "curl", "docker-entrypoint.sh"] },
  [`${DH}httpd`]: { userland: "debian", binaries: ["httpd", "httpd-foreground", "apachectl"] },
  [`${DH}redis`]: { userland: "debian", binaries: ["redis-server", "redis-cli", "docker-entrypoint.sh"] },
  [`${DH}mysql`]: { userland: "debian", binaries: ["mysqld", "mysql", "docker-entrypoint.sh"] },
  [`${DH}postgres`]: { userland: "debian", binaries: ["postgres", "psql", "pg_isready", "docker-entrypoint.sh"] },
  [`${DH}ubuntu`]: { userland: "debian", binaries: [] },
  [`${DH}debian`]: { userland: "debian", binaries: [] },
  [`${DH}memcached`]: { userland: "debian", binaries: ["memcached", "docker-entrypoint.sh"] },
  [`${DH}node`]: { userland: "debian", binaries: ["node", "npm", "curl", "wget", "docker-entrypoint.sh"] },
  [`${DH}python`]: { userland: "debian", binaries: ["python3", "python", "pip", "curl", "wget"] },
  "docker.io/curlimages/curl": { userland: "busybox", binaries: ["curl"] },
  "docker.io/kodekloud/webapp-color": { userland: "busybox", binaries: ["python"] },
  "docker.io/polinux/stress": { userland: "busybox", binaries: ["stress"] },
  "docker.io/prom/node-exporter": { userland: "busybox", binaries: ["node_exporter"] },
  "docker.io/flannel/flannel": { userland: "busybox", binaries: ["flanneld"] },
  "docker.io/flannel/flannel-cni-plugin": { userland: "busybox", binaries: [] },
  "docker.io/calico/node": { userland: "debian", binaries: ["calico-node"] },
  "registry.k8s.io/e2e-test-images/agnhost": { userland: "busybox", binaries: ["agnhost"] },
};

/** What is inside an image (tags ending in -alpine are busybox-based). Unknown images: distroless. */
export function imageUserland(repository: string, tag = ""): ImageUserland {
  const u = USERLAND[repository] ?? { userland: "none", binaries: [] };
  if (u.userland === "debian" && /alpine/.test(tag)) return { ...u, userland: "busybox" };
  return u;
}

/** An image's web server: its ports, document root, default index page and response headers. */
export interface ImageHttp {
  ports: number[];
  docroot: string;
  index: string;
  notFound: string;
  headers(length: number, type: string): [string, string][];
}

const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const HTTP: Record<string, ImageHttp> = {
  [`${DH}nginx`]: {
    ports: [80],
    docroot: "/usr/share/nginx/html",
    index: NGINX_INDEX,
    notFound: "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.5</center>\r\n</body>\r\n</html>\r\n",
    headers: (n, t) => [["Server", "nginx/1.27.5"], ["Content-Type", t], ["Content-Length", String(n)], ["Connection", "close"]],
  },
  [`${DH}httpd`]: {
    ports: [80],
    docroot: "/usr/local/apache2/htdocs",
    index: "<html><body><h1>It works!</h1></body></html>\n",
    notFound: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
    headers: (n, t) => [["Server", "Apache/2.4.63 (Unix)"], ["Content-Length", String(n)], ["Connection", "close"], ["Content-Type", t]],
  },
};

export function imageHttp(repository: string): ImageHttp | undefined {
  return HTTP[repository];
}

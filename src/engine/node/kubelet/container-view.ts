// What `kubectl exec` sees inside a running container: its root filesystem (the image's
// programs, /etc/hosts, /etc/resolv.conf, /etc/hostname, what the main process wrote) and its
// volume mounts (the service account token, configMap/secret files, emptyDir shared by the
// pod's containers, hostPath and hostPath-backed PersistentVolumes on the node's own
// filesystem). The shell that runs in it is built outside the engine (src/commands) over these
// filesystems.
//
// Lifetimes as on a real node: the root filesystem belongs to one container attempt (a restart
// starts from the image again), an emptyDir to the pod, a hostPath to the node.

import type { KubeObject } from "../../types.ts";
import type { Container, Runtime, RuntimeKind } from "../runtime.ts";
import type { Machine } from "../machine.ts";
import { NodeFs, dirname, normalizePath } from "../fs.ts";
import { imageHttp, imageUserland, normalizeImageRef, type ImageUserland } from "../../images/catalog.ts";
import { BUSYBOX_APPLETS, DEBIAN_PROGRAMS } from "../../images/userland.ts";
import { imageFiles } from "../../images/files.ts";

export interface Mount {
  /** the mount point in the container */
  path: string;
  fs: NodeFs;
  /** the folder of fs mounted there */
  base: string;
  readOnly: boolean;
}

export interface ContainerView {
  pod: KubeObject;
  container: Container;
  machine: Machine;
  runtime: RuntimeKind;
  image: ImageUserland & { repository: string; tag: string };
  /** root first, then the mounts (longest path wins) */
  mounts: Mount[];
  env: Record<string, string>;
  workingDir: string;
  hostname: string;
  /** copy what the exec changed in the root filesystem back to the container's file table (probes read it) */
  syncBack(): void;
}

const roots = new WeakMap<Container, { fs: NodeFs; seen: Map<string, string> }>();
const emptyDirs = new WeakMap<Runtime, Map<string, NodeFs>>();


function writeAll(fs: NodeFs, path: string, content: string, mode?: number): void {
  const p = normalizePath(path);
  fs.mkdir(dirname(p), true);
  fs.writeFile(p, content, mode);
}

/** managedHostsFileContent: "<hostname>.<subdomain>.<ns>.svc.cluster.local\t<hostname>" for a pod with a subdomain. */
function hostsEntry(pod: KubeObject): string {
  const host = pod.spec?.hostname || pod.metadata.name;
  return pod.spec?.subdomain ? `${host}.${pod.spec.subdomain}.${pod.metadata.namespace}.svc.cluster.local\t${host}` : host;
}

/** The files every container has: the kubelet-managed /etc files. */
export function etcFiles(pod: KubeObject): Record<string, string> {
  const ns = pod.metadata.namespace!;
  const host = pod.spec?.hostNetwork ? pod.spec.nodeName : pod.spec?.hostname ?? pod.metadata.name;
  const dnsDefault = pod.spec?.dnsPolicy === "Default" || (pod.spec?.hostNetwork && pod.spec?.dnsPolicy !== "ClusterFirstWithHostNet");
  return {
    "/etc/hostname": `${host}\n`,
    "/etc/hosts": `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${pod.status?.podIP ?? ""}\t${hostsEntry(pod)}\n`,
    "/etc/resolv.conf": dnsDefault ? "nameserver 8.8.8.8\n" : `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`,
  };
}

function rootFs(ctr: Container, pod: KubeObject, image: ImageUserland & { repository: string; tag: string }, workingDir: string, now: () => number): { fs: NodeFs; seen: Map<string, string> } {
  let r = roots.get(ctr);
  if (r) return r;
  const fs = new NodeFs(now);
  for (const d of ["/bin", "/dev", "/etc", "/home", "/proc", "/root", "/run", "/sbin", "/sys", "/tmp", "/usr/bin", "/usr/local/bin", "/usr/sbin", "/var", "/var/run"]) fs.mkdir(d, true);
  fs.chmod("/tmp", 0o1777);
  if (workingDir) fs.mkdir(workingDir, true);
  const programs = image.userland === "busybox" ? BUSYBOX_APPLETS : image.userland === "debian" ? DEBIAN_PROGRAMS : [];
  for (const p of programs) writeAll(fs, p.includes("/") ? p : `/bin/${p}`, "", 0o755);
  for (const b of image.binaries) writeAll(fs, `/usr/bin/${b}`, "", 0o755);
  // the image's own files (os-release, passwd, group, its configuration), as the image ships them
  for (const e of imageFiles(image.repository, image.tag)) {
    if (e.type === "dir") {
      fs.mkdir(e.path, true, e.mode);
      fs.chmod(e.path, e.mode);
    } else if (e.type === "file") writeAll(fs, e.path, e.content, e.mode);
    else {
      fs.mkdir(dirname(e.path), true);
      fs.symlink(e.target, e.path);
    }
  }
  for (const [p, c] of Object.entries(etcFiles(pod))) writeAll(fs, p, c);
  const http = imageHttp(image.repository);
  if (http) writeAll(fs, `${http.docroot}/index.html`, http.index);
  r = { fs, seen: new Map() };
  roots.set(ctr, r);
  return r;
}

/**
 * A configMap, secret or projected volume as the kubelet's AtomicWriter lays it out
 * (pkg/volume/util/atomic_writer.go): the files in a timestamped folder
 * "..YYYY_MM_DD_HH_MM_SS.<random>" (os.MkdirTemp), "..data" a symlink to it, and each top-level
 * name a symlink into ..data; the files with the volume's defaultMode (or the item's mode).
 * The folder's stamp is the time the volume was set up (the container's creation); the random
 * part a hash of the pod and the volume (the lab stays deterministic).
 */
function atomicFs(files: Record<string, { content: string; mode: number }>, at: number, seed: string): NodeFs {
  const fs = new NodeFs(() => at);
  const d = new Date(at);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const stamp = `..${d.getUTCFullYear()}_${p2(d.getUTCMonth() + 1)}_${p2(d.getUTCDate())}_${p2(d.getUTCHours())}_${p2(d.getUTCMinutes())}_${p2(d.getUTCSeconds())}.${fnv32(seed)}`;
  fs.mkdir(`/${stamp}`, true);
  const top = new Set<string>();
  for (const [k, v] of Object.entries(files)) {
    writeAll(fs, `/${stamp}/${k}`, v.content, v.mode);
    top.add(k.split("/")[0]);
  }
  fs.symlink(stamp, "/..data");
  for (const name of top) fs.symlink(`..data/${name}`, `/${name}`);
  return fs;
}

/** FNV-1a of a string: MkdirTemp's random number, made deterministic */
function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function decode64(s: string): string {
  try {
    return typeof atob === "function" ? decodeURIComponent(escape(atob(s))) : s;
  } catch {
    return s;
  }
}

export function containerView(
  machines: Map<string, Machine>,
  store: { peek(resource: string, ns: string | undefined, name: string): KubeObject | undefined },
  pod: KubeObject,
  ctr: Container,
  caCert: string,
  now: () => number,
): ContainerView {
  const m = machines.get(pod.spec!.nodeName)!;
  const ref = normalizeImageRef(ctr.imageRef || ctr.image);
  const repository = ref.ok ? ref.repository : ctr.image;
  const tag = ref.ok ? ref.tag : "";
  const image = { ...imageUserland(repository, tag), repository, tag };
  const spec = (pod.spec?.containers ?? []).concat(pod.spec?.initContainers ?? []).find((c: any) => c.name === ctr.name) ?? {};
  const workingDir = spec.workingDir ?? "";
  const root = rootFs(ctr, pod, image, workingDir, now);
  // what the main process wrote since the last exec
  for (const [p, c] of ctr.files ?? []) {
    if (root.seen.get(p) === c) continue;
    try {
      writeAll(root.fs, p, c);
    } catch {
      // a path through a file: the process could not have written it either
    }
    root.seen.set(p, c);
  }
  for (const p of [...root.seen.keys()]) {
    if (!ctr.files?.has(p)) {
      root.seen.delete(p);
      if (root.fs.isFile(p)) root.fs.rm(p);
    }
  }
  const mounts: Mount[] = [{ path: "/", fs: root.fs, base: "/", readOnly: false }];
  const ns = pod.metadata.namespace!;
  for (const vm of spec.volumeMounts ?? []) {
    const vol = (pod.spec?.volumes ?? []).find((v: any) => v.name === vm.name);
    if (!vol) continue;
    const path = normalizePath(String(vm.mountPath));
    const sub = vm.subPath ? `/${vm.subPath}` : "";
    const ro = !!vm.readOnly;
    if (vol.projected && String(vol.name).startsWith("kube-api-access-")) {
      // (the projected volume's defaultMode: 420, 0644)
      const mode = typeof vol.projected.defaultMode === "number" ? vol.projected.defaultMode : 0o644;
      const token = "eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJodHRwczovL2t1YmVybmV0ZXMuZGVmYXVsdC5zdmMuY2x1c3Rlci5sb2NhbCJ9.c2lnbmF0dXJl";
      mounts.push({ path, fs: atomicFs({ "ca.crt": { content: caCert, mode }, namespace: { content: ns, mode }, token: { content: token, mode } }, ctr.createdAt, `${pod.metadata.uid}/${vol.name}`), base: "/", readOnly: true });
    } else if (vol.configMap || vol.secret) {
      const src = vol.configMap ? store.peek("configmaps", ns, vol.configMap.name) : store.peek("secrets", ns, vol.secret.secretName);
      const data: Record<string, string> = { ...(src?.data ?? {}) };
      if (vol.secret) for (const k of Object.keys(data)) data[k] = decode64(data[k]);
      const source = vol.configMap ?? vol.secret;
      const items: any[] | undefined = source.items;
      const mode = typeof source.defaultMode === "number" ? source.defaultMode : 0o644;
      const files: Record<string, { content: string; mode: number }> = {};
      if (items?.length) for (const it of items) { if (data[it.key] !== undefined) files[it.path] = { content: data[it.key], mode: typeof it.mode === "number" ? it.mode : mode }; }
      else for (const [k, v] of Object.entries(data)) files[k] = { content: v, mode };
      const fs = atomicFs(files, ctr.createdAt, `${pod.metadata.uid}/${vol.name}`);
      if (sub) mounts.push({ path, fs, base: sub, readOnly: true });
      else mounts.push({ path, fs, base: "/", readOnly: true });
    } else if (vol.emptyDir) {
      let byPod = emptyDirs.get(m.runtime);
      if (!byPod) emptyDirs.set(m.runtime, (byPod = new Map()));
      const key = `${pod.metadata.uid}/${vol.name}`;
      let fs = byPod.get(key);
      if (!fs) byPod.set(key, (fs = new NodeFs(now)));
      if (sub) fs.mkdir(sub, true);
      mounts.push({ path, fs, base: sub || "/", readOnly: ro });
    } else {
      const hostPath = vol.hostPath?.path ?? pvHostPath(store, ns, vol.persistentVolumeClaim?.claimName);
      if (!hostPath) continue;
      const base = normalizePath(hostPath + sub);
      if (!m.fs.exists(base)) {
        try {
          m.fs.mkdir(base, true);
        } catch {
          continue;
        }
      }
      mounts.push({ path, fs: m.fs, base, readOnly: ro });
    }
  }
  // the mount points, as the runtime creates them in the root filesystem: a folder, or an empty
  // file where a file is mounted (a subPath to a file); an image file there stays, hidden by the mount
  for (const mt of mounts.slice(1)) {
    if (root.fs.exists(mt.path)) continue;
    if (mt.fs.isFile(mt.base)) writeAll(root.fs, mt.path, "");
    else root.fs.mkdir(mt.path, true);
  }
  const mountPoints = new Set(mounts.slice(1).map((mt) => mt.path));
  const env: Record<string, string> = { ...(ctr.env ?? {}) };
  const hostname = etcFiles(pod)["/etc/hostname"].trim();
  env.HOSTNAME ??= hostname;
  env.HOME ??= "/root";
  return {
    pod,
    container: ctr,
    machine: m,
    runtime: m.runtime.kind,
    image,
    mounts,
    env,
    workingDir: workingDir || "/",
    hostname,
    syncBack: () => {
      const files = (ctr.files ??= new Map());
      for (const p of root.fs.allPaths()) {
        if (!root.fs.isFile(p) || p.startsWith("/bin/") || p.startsWith("/usr/") || p.startsWith("/etc/") || mountPoints.has(p)) continue;
        const c = root.fs.readFile(p);
        if (files.get(p) !== c) files.set(p, c);
        root.seen.set(p, c);
      }
      for (const p of [...files.keys()]) {
        if (!root.fs.exists(p)) {
          files.delete(p);
          root.seen.delete(p);
        }
      }
    },
  };
}

/** A PVC bound to a hostPath or local PersistentVolume: the node folder it mounts. */
function pvHostPath(store: { peek(resource: string, ns: string | undefined, name: string): KubeObject | undefined }, ns: string, claim: string | undefined): string | undefined {
  if (!claim) return undefined;
  const pvc = store.peek("persistentvolumeclaims", ns, claim);
  const pvName = pvc?.spec?.volumeName;
  const pv = pvName ? store.peek("persistentvolumes", undefined, pvName) : undefined;
  return pv?.spec?.hostPath?.path ?? pv?.spec?.local?.path;
}

// Where a container's node-backed volume mounts live on the node (the kubelet's volume manager,
// reduced to paths): a hostPath volume is the node's directory itself, a PersistentVolumeClaim
// is its bound PersistentVolume's hostPath or local path. What the container's main process
// writes under such a mount lands on the node (the same folders kubectl exec's container view
// mounts, container-view.ts); other paths stay the container's own (Container.files).

import type { KubeObject } from "../../types.ts";
import type { NodeFs } from "../fs.ts";

export type Peek = (resource: string, namespace: string | undefined, name: string) => KubeObject | undefined;

export interface HostMount {
  /** the mount point in the container, without a trailing slash */
  mountPath: string;
  /** the directory (or file) on the node */
  hostPath: string;
  readOnly: boolean;
}

/** The node path behind a pod volume, when it is node-backed. */
export function volumeHostPath(pod: KubeObject, volumeName: string, peek: Peek): string | undefined {
  const v = (pod.spec?.volumes ?? []).find((x: any) => x?.name === volumeName);
  if (!v) return undefined;
  if (v.hostPath?.path) return String(v.hostPath.path);
  const claim = v.persistentVolumeClaim?.claimName;
  if (claim) {
    const pvc = peek("persistentvolumeclaims", pod.metadata.namespace, claim);
    const pv = pvc?.spec?.volumeName ? peek("persistentvolumes", undefined, pvc.spec.volumeName) : undefined;
    if (pv?.spec?.hostPath?.path) return String(pv.spec.hostPath.path);
    if (pv?.spec?.local?.path) return String(pv.spec.local.path);
  }
  return undefined;
}

/** The node-backed mounts of a container, the deepest mount point first. */
export function hostMounts(pod: KubeObject, container: string, peek: Peek): HostMount[] {
  const c = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((x: any) => x?.name === container);
  const out: HostMount[] = [];
  for (const vm of c?.volumeMounts ?? []) {
    let host = volumeHostPath(pod, vm.name, peek);
    if (host === undefined) continue;
    if (vm.subPath) host = `${host.replace(/\/$/, "")}/${vm.subPath}`;
    out.push({ mountPath: String(vm.mountPath).replace(/\/+$/, "") || "/", hostPath: host.replace(/\/+$/, "") || "/", readOnly: !!vm.readOnly });
  }
  out.sort((a, b) => b.mountPath.length - a.mountPath.length);
  return out;
}

/** The node path of a container path under a node-backed mount. */
export function resolveMount(mounts: HostMount[], path: string): { host: string; mount: HostMount } | undefined {
  for (const m of mounts) {
    if (path === m.mountPath) return { host: m.hostPath, mount: m };
    if (path.startsWith(m.mountPath + "/")) return { host: m.hostPath + path.slice(m.mountPath.length), mount: m };
  }
  return undefined;
}

/**
 * Set up a pod's node-backed volumes before its containers start: hostPath directories of type
 * "" (the runtime creates a missing bind source) and DirectoryOrCreate, FileOrCreate files.
 */
export function setUpVolumes(pod: KubeObject, fs: NodeFs, peek: Peek): void {
  for (const v of pod.spec?.volumes ?? []) {
    try {
      if (v?.hostPath?.path) {
        const t = v.hostPath.type ?? "";
        if ((t === "" || t === "DirectoryOrCreate") && !fs.exists(v.hostPath.path)) fs.mkdir(v.hostPath.path, true);
        else if (t === "FileOrCreate" && !fs.exists(v.hostPath.path)) fs.writeFile(v.hostPath.path, "");
      } else if (v?.persistentVolumeClaim?.claimName) {
        // a hostPath PersistentVolume as a hostPath volume of type ""; a local one must exist
        const pvc = peek("persistentvolumeclaims", pod.metadata.namespace, v.persistentVolumeClaim.claimName);
        const pv = pvc?.spec?.volumeName ? peek("persistentvolumes", undefined, pvc.spec.volumeName) : undefined;
        const hp = pv?.spec?.hostPath;
        if (hp?.path && (!hp.type || hp.type === "DirectoryOrCreate") && !fs.exists(hp.path)) fs.mkdir(hp.path, true);
      }
    } catch {
      // a path blocked by a file: the mount would fail; nothing is created
    }
  }
}

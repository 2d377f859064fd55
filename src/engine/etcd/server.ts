// The etcd member of the control plane, seen from its data directory. The API server's store
// IS the content of the data dir the running etcd was started with:
//
//  - when the etcd container stops, the store is written to <data-dir>/member/snap/db;
//  - when an etcd container starts, its --data-dir is resolved through the pod's volume mounts
//    to a host path (a path outside every mount is the container's own, empty, filesystem);
//    a data dir with member/snap/db is loaded into the store (Store.replaceContent: watchers see
//    the difference), one without starts a fresh, empty etcd (the cluster looks wiped), and the
//    member dirs are created.
//
// Cluster.onTick calls observe() after every timer; this is the one place where the store's
// content is swapped. Deterministic: no clock or randomness besides the virtual clock.

import type { Store } from "../api/store.ts";
import type { Machine } from "../node/machine.ts";
import type { Container } from "../node/runtime.ts";
import type { KubeObject } from "../types.ts";
import { decode, encodeDb, type EtcdDb, type EtcdMemberInfo } from "./db.ts";
import { clusterId, memberId } from "./ids.ts";

export const ETCD_VERSION = "3.5.16";
const FRESH_REV = 1000;

export interface EtcdRunning {
  container: Container;
  /** host path of the data dir, or undefined when it is inside the container's own filesystem */
  hostDir?: string;
  /** --data-dir as the container sees it */
  dataDir: string;
  member: EtcdMemberInfo;
  cluster: string;
  /** raft term: how many times a member started on this data dir */
  term: number;
  /** what --advertise-client-urls / --listen-client-urls say */
  clientURLs: string[];
  listenClientURLs: string[];
}

export class EtcdServer {
  private runningId: string | undefined;
  private current: EtcdRunning | undefined;
  /** the db text last written to / read from the current host dir */
  private lastDb: string | undefined;
  private flushedAt = 0;
  /** the store's resourceVersion at the last flush */
  private flushedRv: number | undefined;

  constructor(
    private cp: () => Machine | undefined,
    private store: Store,
    private now: () => number,
  ) {}

  /** A file of the control plane's /etc/kubernetes/pki (what etcd and its clients' certificates are). */
  pkiFile(rel: string): string | undefined {
    return this.cp()?.fs.tryRead(`/etc/kubernetes/pki/${rel}`);
  }

  /** The running member (undefined while etcd is down). */
  running(): EtcdRunning | undefined {
    return this.current;
  }

  /**
   * Notice an etcd container that started or stopped since the last call. settling: the clock has
   * run everything due (Cluster.settle: the end of an advance, before anyone can look at the data
   * dir) — only then is the backend written; after each timer of a long advance it would encode
   * the whole store once a minute of cluster time for no reader.
   */
  /** the running etcd container observe() found last */
  private lastSeen: Container | undefined;

  observe(settling = false): void {
    const m = this.cp();
    if (!m) return;
    let ctr: Container | undefined;
    // the last running one: the one found last time while it is still the newest etcd container
    // and runs (no scan: this runs after every timer)
    const all = m.runtime.containersNamed("etcd");
    const last = this.lastSeen;
    if (last && all[all.length - 1] === last && last.state === "running" && !last.removed) ctr = last;
    else {
      for (const c of all) if (c.state === "running" && c.namespace === "kube-system" && !c.removed) ctr = c;
      this.lastSeen = ctr;
    }
    if (ctr?.id === this.runningId) {
      // the backend on disk follows the store (checked at most once a minute of cluster time)
      if (settling && ctr && this.now() - this.flushedAt >= 60_000) this.flush();
      return;
    }
    if (this.current) this.stopped(m);
    this.runningId = ctr?.id;
    if (ctr) this.started(m, ctr);
  }

  /** The store as etcd's database, with the running member. */
  currentDb(): EtcdDb {
    const s = this.store.toJSON() as { rv: number; data: [string, KubeObject[]][] };
    const cur = this.current;
    return { rev: s.rv, cluster: cur?.cluster ?? "", members: cur ? [{ ...cur.member, clientURLs: cur.clientURLs }] : [], data: s.data.filter(([, objs]) => objs.length > 0) };
  }

  /**
   * Write the store to the running member's member/snap/db (etcd's backend is always current on
   * disk). The file's text is encoded when someone reads it (the whole store: too much to encode
   * at every change nobody looks at), from the store as it is then, while this member runs on it;
   * stopping writes it for good.
   */
  flush(): void {
    const m = this.cp();
    const cur = this.current;
    if (!m || !cur?.hostDir) return;
    this.flushedAt = this.now();
    const rv = this.store.resourceVersion();
    if (rv === this.flushedRv) return;
    this.flushedRv = rv;
    this.lastDb = undefined;
    let text: string | undefined, textRv: number | undefined;
    try {
      writeMemberDir(m, cur.hostDir, () => {
        const now = this.store.resourceVersion();
        if (this.current !== cur) return text ?? "";
        if (text === undefined || textRv !== now) [text, textRv] = [encodeDb(this.currentDb()), now];
        return text;
      }, false);
    } catch {
      // the data dir is no folder any more (removed and replaced by a file): nothing to write to
    }
  }

  private stopped(m: Machine): void {
    const cur = this.current!;
    if (cur.hostDir) {
      const text = encodeDb(this.currentDb());
      try {
        if (text !== this.lastDb) writeMemberDir(m, cur.hostDir, text, false);
      } catch {
        // (as in flush)
      }
      this.lastDb = text;
    }
    this.current = undefined;
  }

  private started(m: Machine, ctr: Container): void {
    const argv = [...ctr.command, ...ctr.args];
    const flag = (name: string, def: string) => {
      for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === `--${name}` || a === `-${name}`) return argv[i + 1] ?? def;
        if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
        if (a.startsWith(`-${name}=`)) return a.slice(name.length + 2);
      }
      return def;
    };
    const name = flag("name", "default");
    const dataDir = absolute(flag("data-dir", `${name}.etcd`));
    const pod = m.kubelet.pods.get(ctr.podUid)?.pod;
    const hostDir = hostPathOf(pod, ctr.name, dataDir);
    const token = flag("initial-cluster-token", "etcd-cluster");
    const peerURLs = flag("initial-advertise-peer-urls", "http://localhost:2380").split(",");
    const clientURLs = flag("advertise-client-urls", "http://localhost:2379").split(",");
    const listenClientURLs = flag("listen-client-urls", "http://localhost:2379").split(",");
    const text = hostDir ? m.fs.tryRead(`${hostDir}/member/snap/db`) : undefined;
    const d = text !== undefined ? decode(text) : undefined;
    let db: EtcdDb;
    let dbText: string;
    let term = 2;
    if (d?.ok && d.db.members.length) {
      db = d.db;
      dbText = text!;
      const termFile = hostDir ? m.fs.tryRead(`${hostDir}/member/wal/0.tmp`) : undefined;
      term = (Number(/term=(\d+)/.exec(termFile ?? "")?.[1]) || 1) + 1;
    } else {
      // a new member of a new cluster (--initial-cluster-state=new)
      const id = memberId(peerURLs, token);
      db = { rev: FRESH_REV, cluster: clusterId([id]), members: [{ id, name, peerURLs, clientURLs }], data: [] };
      dbText = encodeDb(db);
    }
    const member = { ...db.members[0], name, clientURLs };
    this.current = { container: ctr, hostDir, dataDir, member, cluster: db.cluster, term, clientURLs, listenClientURLs };
    if (hostDir) {
      try {
        writeMemberDir(m, hostDir, dbText, true);
        m.fs.writeFile(`${hostDir}/member/wal/0.tmp`, `term=${term}\n`, 0o600);
      } catch {
        // a data dir the node cannot hold (a file stands in its path): nothing is written there
        // (fuzz seed 8142 — a real kubelet would not have mounted such a hostPath at all)
      }
    }
    this.lastDb = hostDir ? dbText : undefined;
    this.flushedAt = this.now();
    this.flushedRv = undefined;
    const s = this.store.toJSON() as { rv: number; data: [string, KubeObject[]][] };
    const sameContent = s.rv === db.rev && JSON.stringify(s.data.filter(([, o]) => o.length)) === JSON.stringify(db.data);
    if (!sameContent) this.store.replaceContent({ rv: db.rev, data: db.data });
  }
}

function absolute(p: string): string {
  // the etcd image's working directory is /
  return p.startsWith("/") ? p : "/" + p;
}

/** The host path a container path lands on through the pod's hostPath mounts (longest mountPath wins). */
export function hostPathOf(pod: KubeObject | undefined, container: string, path: string): string | undefined {
  const c = (pod?.spec?.containers ?? []).find((x: { name?: string }) => x.name === container);
  let best: { mount: string; host: string } | undefined;
  for (const vm of c?.volumeMounts ?? []) {
    const mount = String(vm.mountPath ?? "").replace(/\/+$/, "") || "/";
    if (!(path === mount || path.startsWith(mount === "/" ? "/" : mount + "/"))) continue;
    const vol = (pod?.spec?.volumes ?? []).find((v: { name?: string }) => v.name === vm.name);
    const host = vol?.hostPath?.path;
    if (typeof host !== "string") continue;
    if (!best || mount.length > best.mount.length) best = { mount, host: host.replace(/\/+$/, "") || "/" };
  }
  if (!best) return undefined;
  const rest = path.slice(best.mount.length);
  return (best.host === "/" ? "" : best.host) + (rest.startsWith("/") || !rest ? rest : "/" + rest) || "/";
}

/** member/{snap/db, wal/0000000000000000-0000000000000000.wal} with etcd's modes (dirs 0700, files 0600). */
export function writeMemberDir(m: Machine, dir: string, dbText: string | (() => string), fresh: boolean): void {
  const fs = m.fs;
  if (!fs.exists(dir)) fs.mkdir(dir, true, 0o700);
  for (const d of [`${dir}/member`, `${dir}/member/snap`, `${dir}/member/wal`]) if (!fs.exists(d)) fs.mkdir(d, true, 0o700);
  if (typeof dbText === "function") fs.writeFileLazy(`${dir}/member/snap/db`, dbText, 0o600);
  else fs.writeFile(`${dir}/member/snap/db`, dbText, 0o600);
  const wal = `${dir}/member/wal/0000000000000000-0000000000000000.wal`;
  if (fresh && !fs.exists(wal)) fs.writeFile(wal, WAL_STUB, 0o600);
}

/** A WAL segment's first record: etcd preallocates 64 MB; the lab keeps a short stand-in. */
const WAL_STUB = "\u0000kubelab-etcd-wal 1\u0000\n";

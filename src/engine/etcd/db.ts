// What etcd keeps on disk, in the lab's own format: the backend database (member/snap/db) is
// one header line and the store as compact JSON on one line; a snapshot file (`etcdctl
// snapshot save`) is the same database followed by an integrity trailer, as real snapshots end
// with a SHA-256 of the db (hasChecksum: size % 512 == 32). `snapshot restore` verifies it,
// strips it and rewrites the membership; etcd started on a data dir reads member/snap/db.
//
//   kubelab-etcd-db 1 rev=<revision> keys=<n>\n
//   {"rev":…,"cluster":"<id>","members":[{id,name,peerURLs,clientURLs}],"data":[[resource,[objects]]…]}\n
//   [sha256:<64 hex>\n]            (snapshot files only)

import type { KubeObject } from "../types.ts";
import { crc32c, digest32 } from "./ids.ts";

const MAGIC = "kubelab-etcd-db 1";

export interface EtcdMemberInfo {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
}

export interface EtcdDb {
  rev: number;
  cluster: string;
  members: EtcdMemberInfo[];
  data: [string, KubeObject[]][];
}

export function encodeDb(db: EtcdDb): string {
  const keys = db.data.reduce((n, [, objs]) => n + objs.length, 0);
  return `${MAGIC} rev=${db.rev} keys=${keys}\n${JSON.stringify(db)}\n`;
}

const hex = (b: number[]) => b.map((x) => x.toString(16).padStart(2, "0")).join("");

/** A snapshot file: the db and its integrity trailer. */
export function encodeSnapshot(db: string): string {
  return `${db}sha256:${hex(digest32(db))}\n`;
}

export type Decoded = { ok: true; db: EtcdDb; text: string; hasHash: boolean; hashOk: boolean; expected?: number[]; got?: number[] } | { ok: false };

/** Parse a db or snapshot file (undefined content: not there). */
export function decode(content: string): Decoded {
  if (!content.startsWith(MAGIC + " ")) return { ok: false };
  const m = /sha256:([0-9a-f]{64})\n$/.exec(content);
  const text = m ? content.slice(0, m.index) : content;
  const nl = text.indexOf("\n");
  let db: EtcdDb;
  try {
    db = JSON.parse(text.slice(nl + 1)) as EtcdDb;
  } catch {
    return { ok: false };
  }
  if (!db || typeof db.rev !== "number" || !Array.isArray(db.data) || !Array.isArray(db.members)) return { ok: false };
  if (!m) return { ok: true, db, text, hasHash: false, hashOk: false };
  const want = digest32(text);
  const got = m[1].match(/../g)!.map((h) => parseInt(h, 16));
  const same = want.every((b, i) => b === got[i]);
  return { ok: true, db, text, hasHash: true, hashOk: same, expected: got, got: want };
}

/** `snapshot status`: hash, revision, total keys, total size (bytes of the db, page-rounded as bbolt's file). */
export function dbStatus(d: { db: EtcdDb; text: string }): { hash: number; revision: number; totalKey: number; totalSize: number } {
  const keys = d.db.data.reduce((n, [, objs]) => n + objs.length, 0);
  const bytes = new TextEncoder().encode(d.text).length;
  return { hash: crc32c(d.text), revision: d.db.rev, totalKey: keys, totalSize: Math.ceil(bytes / 4096) * 4096 };
}

/** etcd's key for a stored object (k8s.io/apiserver storage prefixes). */
export function etcdKey(resource: string, o: KubeObject): string {
  const prefix = KEY_PREFIX[resource] ?? resource;
  const ns = o.metadata.namespace;
  return `/registry/${prefix}/${ns ? ns + "/" : ""}${o.metadata.name}`;
}

const KEY_PREFIX: Record<string, string> = {
  nodes: "minions",
  services: "services/specs",
  endpoints: "services/endpoints",
  ingresses: "ingress",
  horizontalpodautoscalers: "horizontalpodautoscalers",
  endpointslices: "endpointslices",
};

/** Every key of the db, sorted bytewise as etcd's range returns them. */
export function dbKeys(db: EtcdDb): { key: string; object: KubeObject }[] {
  const out: { key: string; object: KubeObject }[] = [];
  for (const [res, objs] of db.data) for (const o of objs) out.push({ key: etcdKey(res, o), object: o });
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

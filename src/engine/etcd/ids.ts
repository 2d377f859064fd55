// The hashes etcd's identities and snapshot checks are made of: SHA-1 (member and cluster IDs,
// membership.computeMemberID / RaftCluster.genID) and CRC-32C (snapshot status' hash). Small,
// dependency-free and deterministic, so the engine computes the IDs real etcd would print.

function utf8(s: string): number[] {
  const out: number[] = [];
  for (const b of new TextEncoder().encode(s)) out.push(b);
  return out;
}

/** SHA-1 of bytes, as 20 bytes. */
export function sha1(bytes: number[]): number[] {
  const ml = bytes.length * 8;
  const msg = [...bytes, 0x80];
  while (msg.length % 64 !== 56) msg.push(0);
  for (let i = 7; i >= 0; i--) msg.push(i >= 4 ? 0 : (ml >>> (i * 8)) & 0xff);
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = new Array<number>(80);
  for (let off = 0; off < msg.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = (msg[off + 4 * i] << 24) | (msg[off + 4 * i + 1] << 16) | (msg[off + 4 * i + 2] << 8) | msg[off + 4 * i + 3];
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let i = 0; i < 80; i++) {
      const f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  const out: number[] = [];
  for (const h of [h0, h1, h2, h3, h4]) out.push((h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
  return out;
}

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, "0")).join("");

/** membership.computeMemberID for an initial-cluster member: sha1(sorted peer URLs + token)[:8], as %x. */
export function memberId(peerUrls: string[], clusterToken: string): string {
  const id = hex(sha1(utf8([...peerUrls].sort().join("") + clusterToken)).slice(0, 8));
  return id.replace(/^0+(?=.)/, "");
}

/** RaftCluster.genID: sha1 of the sorted member IDs (big-endian uint64s)[:8], as %x. */
export function clusterId(memberIds: string[]): string {
  const bytes: number[] = [];
  for (const id of [...memberIds].sort((a, b) => (BigInt("0x" + a) < BigInt("0x" + b) ? -1 : 1))) {
    const h = id.padStart(16, "0");
    for (let i = 0; i < 16; i += 2) bytes.push(parseInt(h.slice(i, i + 2), 16));
  }
  return hex(sha1(bytes).slice(0, 8)).replace(/^0+(?=.)/, "");
}

let crcTable: Uint32Array | undefined;

/** CRC-32C (Castagnoli) of a string's UTF-8 bytes. */
export function crc32c(s: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of new TextEncoder().encode(s)) crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A 32-byte digest of a string (the integrity trailer of a snapshot file; SHA-1 stretched, not SHA-256). */
export function digest32(s: string): number[] {
  const a = sha1(utf8(s));
  const b = sha1([...a, ...utf8(s.slice(0, 64))]);
  return [...a, ...b.slice(0, 12)];
}

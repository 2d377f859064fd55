// Seeded randomness (mulberry32). The engine never calls Math.random.

const HEX_CODES = [..."0123456789abcdef"].map((c) => c.charCodeAt(0));

export class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /**
   * Run fn on a side stream seeded from `seed`, then continue the main stream where it was:
   * objects that every cluster has (the RBAC bootstrap policy) get their uids without moving
   * the names and uids of everything created after them.
   */
  divert<T>(seed: number, fn: () => T): T {
    const saved = this.s;
    this.s = (seed ^ 0x9e3779b9) >>> 0;
    try {
      return fn();
    } finally {
      this.s = saved;
    }
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  hex(len: number): string {
    // the same draws as appending one digit at a time, in one string (no chain of 64 concatenations)
    const codes = new Array<number>(len);
    for (let i = 0; i < len; i++) codes[i] = HEX_CODES[this.int(16)];
    return String.fromCharCode(...codes);
  }
  /** RFC 4122 v4 UUID, as the API server assigns uids. */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[this.int(4)];
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  /** Kubernetes' rand.String alphabet (no vowels, no confusables): used for generateName suffixes. */
  kubeSuffix(len: number): string {
    const alphabet = "bcdfghjklmnpqrstvwxz2456789";
    let out = "";
    for (let i = 0; i < len; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

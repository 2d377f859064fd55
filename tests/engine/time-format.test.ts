// metav1.MicroTime / RFC3339Nano strings (CRI log lines, event times) against the straightforward version.
import { test, expect } from "vitest";
import fc from "fast-check";
import { rfc3339Nano } from "../../src/engine/types.ts";
// the straightforward version the arithmetic one replaced
function ref(ms: number, nanosExtra = 0): string {
  const iso = new Date(ms).toISOString();
  const base = iso.slice(0, 19);
  const frac = (String(ms % 1000).padStart(3, "0") + String(nanosExtra).padStart(6, "0")).replace(/0+$/, "");
  return frac ? `${base}.${frac}Z` : `${base}Z`;
}
test("rfc3339Nano: the cached seconds and the fraction by arithmetic give what toISOString and a regex gave", () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 4e12 }), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999_999 }), fc.constantFrom(100000, 10, 1, 500000)), (ms, n) => {
    expect(rfc3339Nano(ms, n)).toBe(ref(ms, n));
    expect(rfc3339Nano(ms - (ms % 1000), n)).toBe(ref(ms - (ms % 1000), n));
    expect(rfc3339Nano(ms)).toBe(ref(ms));
  }), { numRuns: 20000 });
});

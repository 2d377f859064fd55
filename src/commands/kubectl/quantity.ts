// k8s.io/apimachinery/pkg/api/resource.Quantity: parsing and the canonical string form
// ("1000m" → "1", "1024Mi" → "1Gi", "0.5" → "500m", "1.5Gi" → "1536Mi").

import { KubectlError } from "./cobra.ts";

const BIN: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DEC_SUFFIX: Record<number, string> = { [-9]: "n", [-6]: "u", [-3]: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E" };
const NANO = 10n ** 9n;

export class QuantityError extends KubectlError {}

/** Parse to nano-units (rounded up, as Quantity does below 1n) and the format. */
export function parseQuantityNanos(s: string): { nanos: bigint; format: "BinarySI" | "DecimalSI" | "DecimalExponent" } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new QuantityError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  const [, sign, int, frac = "", suffix, exp] = m;
  let scale10 = 0;
  let scale2 = 0;
  let format: "BinarySI" | "DecimalSI" | "DecimalExponent" = "DecimalSI";
  if (suffix && BIN[suffix]) {
    scale2 = BIN[suffix] * 10;
    format = "BinarySI";
  } else if (suffix !== undefined) scale10 = DEC[suffix];
  else if (exp !== undefined) {
    scale10 = Number(exp);
    format = "DecimalExponent";
  }
  // value = int.frac * 10^scale10 * 2^scale2, in nanos
  const digits = BigInt((int || "0") + frac);
  let e = scale10 - frac.length + 9;
  let num = digits * 2n ** BigInt(scale2);
  if (e >= 0) num *= 10n ** BigInt(e);
  else {
    const d = 10n ** BigInt(-e);
    num = (num + d - 1n) / d;
    e = 0;
  }
  return { nanos: sign === "-" ? -num : num, format };
}

export function formatQuantity(nanos: bigint, format: "BinarySI" | "DecimalSI" | "DecimalExponent"): string {
  if (nanos === 0n) return "0";
  const neg = nanos < 0n;
  const abs = neg ? -nanos : nanos;
  const sign = neg ? "-" : "";
  if (format === "BinarySI") {
    if (abs < 1024n * NANO || abs % NANO !== 0n) format = "DecimalSI";
    else {
      let v = abs / NANO;
      let exp = 0;
      while (exp < 6 && v % 1024n === 0n) {
        v /= 1024n;
        exp++;
      }
      return sign + v.toString() + ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][exp];
    }
  }
  // mantissa * 10^exp (exp multiple of 3, from -9)
  let mant = abs;
  let exp = -9;
  while (exp < 18 && mant % 1000n === 0n) {
    mant /= 1000n;
    exp += 3;
  }
  if (format === "DecimalExponent") return sign + mant.toString() + (exp === 0 ? "" : `e${exp}`);
  return sign + mant.toString() + DEC_SUFFIX[exp];
}

/** resource.ParseQuantity(s).String() */
export function parseQuantity(s: string): string {
  const { nanos, format } = parseQuantityNanos(s);
  return formatQuantity(nanos, format);
}

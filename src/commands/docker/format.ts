// Formatting helpers shared by docker and crictl: Go's text/tabwriter, docker/go-units
// HumanDuration and HumanSizeWithPrecision, strconv.Quote, docker/cli's Ellipsis.

/** text/tabwriter with flags 0 and padchar ' ': every tab-terminated cell is padded to its column's width. */
export function tabwrite(lines: string[], minwidth: number, padding: number): string {
  const rows = lines.map((l) => l.split("\t"));
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.length - 1; i++) widths[i] = Math.max(widths[i] ?? 0, runeLen(r[i]));
  }
  const colWidth = widths.map((w) => Math.max(w + padding, minwidth));
  let out = "";
  for (const r of rows) {
    for (let i = 0; i < r.length - 1; i++) out += r[i] + " ".repeat(colWidth[i] - runeLen(r[i]));
    out += r[r.length - 1] + "\n";
  }
  return out;
}

export function runeLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** go-units HumanDuration (docker ps CREATED/STATUS, crictl CREATED). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3600000 + 0.5);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3600000) / 24 / 365)} years`;
}

/** go-units HumanSizeWithPrecision(size, 3): decimal units, "%.3g". */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return goG3(size) + units[i];
}

/** Go's %.3g. */
function goG3(x: number): string {
  if (x === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(3)))));
  if (exp < -4 || exp >= 3) {
    const [m, e] = x.toExponential(2).split("e");
    const mant = String(Number(m));
    const n = Number(e);
    return `${mant}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return String(Number(x.toPrecision(3)));
}

/** strconv.Quote (one implementation, shared with the engine's Go YAML reader). */
export { goQuote } from "../../engine/go-yaml.ts";

/** docker/cli formatter.Ellipsis for ASCII/single-width text. */
export function ellipsis(s: string, max: number): string {
  const rs = [...s];
  if (rs.length <= max) return s;
  return rs.slice(0, max - 1).join("") + "…";
}

/** Go time.Time.String() in UTC: "2025-05-20 09:00:00 +0000 UTC". */
export function goTimeString(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const frac = ms % 1000 ? "." + p(ms % 1000, 3).replace(/0+$/, "") : "";
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} +0000 UTC`;
}

/** RFC3339Nano in UTC with the sub-second part the virtual clock has (ms → 9 digits, trailing zeros trimmed as Go does). */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2025-05-20T09:00:00.123Z
  const [base, fracZ] = iso.split(".");
  const frac = fracZ.slice(0, 3).replace(/0+$/, "");
  return `${base}${frac ? "." + frac : ""}Z`;
}

/** RFC3339Nano with all nine digits (docker logs --timestamps). */
export function rfc3339NanoFixed(ms: number): string {
  const iso = new Date(ms).toISOString();
  const [base, fracZ] = iso.split(".");
  return `${base}.${fracZ.slice(0, 3)}000000Z`;
}

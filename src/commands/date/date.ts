// date (GNU coreutils 9.4) on the lab's virtual clock, TZ UTC, locale C.UTF-8: the default
// format "%a %b %e %H:%M:%S %Z %Y", +FORMAT with the strftime conversions people use, -u,
// -R, -I[FMT], -d/--date with the common relative and absolute forms. Setting the clock is
// refused as for a container without CAP_SYS_TIME.

import type { CmdResult, Command } from "../types.ts";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number, w = 2, c = "0") => String(n).padStart(w, c);

export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = d.getUTCHours();
  const M = d.getUTCMinutes();
  const S = d.getUTCSeconds();
  const w = d.getUTCDay();
  const yday = Math.floor((Date.UTC(Y, m, day) - Date.UTC(Y, 0, 1)) / 86400000) + 1;
  const h12 = H % 12 === 0 ? 12 : H % 12;
  let out = "";
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch !== "%" || i === fmt.length - 1) {
      out += ch;
      continue;
    }
    let c = fmt[++i];
    let flag = "";
    if (c === "-" || c === "_" || c === "0" || c === "^") {
      flag = c;
      c = fmt[++i];
    }
    const num = (n: number, w2 = 2) => (flag === "-" ? String(n) : flag === "_" ? pad(n, w2, " ") : pad(n, w2));
    const up = (s: string) => (flag === "^" ? s.toUpperCase() : s);
    switch (c) {
      case "a": out += up(DAYS[w].slice(0, 3)); break;
      case "A": out += up(DAYS[w]); break;
      case "b": case "h": out += up(MONTHS[m].slice(0, 3)); break;
      case "B": out += up(MONTHS[m]); break;
      case "c": out += strftime("%a %b %e %H:%M:%S %Y", ms); break;
      case "C": out += num(Math.floor(Y / 100)); break;
      case "d": out += num(day); break;
      case "D": out += strftime("%m/%d/%y", ms); break;
      case "e": out += flag === "-" ? String(day) : flag === "0" ? pad(day) : pad(day, 2, " "); break;
      case "F": out += `${Y}-${pad(m + 1)}-${pad(day)}`; break;
      case "H": out += num(H); break;
      case "I": out += num(h12); break;
      case "j": out += num(yday, 3); break;
      case "k": out += flag === "-" ? String(H) : pad(H, 2, " "); break;
      case "l": out += flag === "-" ? String(h12) : pad(h12, 2, " "); break;
      case "m": out += num(m + 1); break;
      case "M": out += num(M); break;
      case "n": out += "\n"; break;
      case "N": out += pad(ms % 1000, 3) + "000000"; break;
      case "p": out += H < 12 ? "AM" : "PM"; break;
      case "P": out += H < 12 ? "am" : "pm"; break;
      case "r": out += strftime("%I:%M:%S %p", ms); break;
      case "R": out += strftime("%H:%M", ms); break;
      case "s": out += String(Math.floor(ms / 1000)); break;
      case "S": out += num(S); break;
      case "t": out += "\t"; break;
      case "T": out += strftime("%H:%M:%S", ms); break;
      case "u": out += String(w === 0 ? 7 : w); break;
      case "w": out += String(w); break;
      case "x": out += strftime("%m/%d/%y", ms); break;
      case "X": out += strftime("%H:%M:%S", ms); break;
      case "y": out += num(Y % 100); break;
      case "Y": out += String(Y); break;
      case "z": out += "+0000"; break;
      case ":": if (fmt[i + 1] === "z") { i++; out += "+00:00"; } else out += "%:"; break;
      case "Z": out += "UTC"; break;
      case "%": out += "%"; break;
      default: out += "%" + flag + c;
    }
  }
  return out;
}

const UNIT_MS: Record<string, number> = { sec: 1000, second: 1000, min: 60000, minute: 60000, hour: 3600000, day: 86400000, week: 604800000, fortnight: 1209600000 };

/** The -d forms of parse-datetime the exam uses; undefined when not understood. */
export function parseDate(s: string, now: number): number | undefined {
  const t = s.trim().toLowerCase();
  if (t === "" || t === "now") return now;
  const startOfDay = now - (now % 86400000);
  if (t === "today") return now;
  if (t === "yesterday") return now - 86400000;
  if (t === "tomorrow") return now + 86400000;
  if (t === "midnight") return startOfDay;
  const epoch = /^@(-?\d+(?:\.\d+)?)$/.exec(t);
  if (epoch) return Math.round(Number(epoch[1]) * 1000);
  let rest = t;
  let base = now;
  const abs = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?:z| ?utc)?/.exec(rest);
  if (abs) {
    base = Date.UTC(Number(abs[1]), Number(abs[2]) - 1, Number(abs[3]), Number(abs[4] ?? 0), Number(abs[5] ?? 0), Number(abs[6] ?? 0), abs[7] ? Number(abs[7].slice(0, 3).padEnd(3, "0")) : 0);
    rest = rest.slice(abs[0].length).trim();
  } else {
    const hm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(rest);
    if (hm) {
      base = startOfDay + (Number(hm[1]) * 3600 + Number(hm[2]) * 60 + Number(hm[3] ?? 0)) * 1000;
      rest = rest.slice(hm[0].length).trim();
    }
  }
  const re = /^([+-]?\d+)?\s*(sec|second|min|minute|hour|day|week|fortnight)s?(\s+ago)?\s*/;
  while (rest) {
    const r = re.exec(rest);
    if (!r) return undefined;
    let n = r[1] === undefined ? 1 : Number(r[1]);
    if (r[3]) n = -n;
    base += n * UNIT_MS[r[2]];
    rest = rest.slice(r[0].length);
  }
  return base;
}

export const date: Command = {
  name: "date",
  run(args, _io, lab): CmdResult {
    let fmt = "%a %b %e %H:%M:%S %Z %Y";
    let when = lab.now();
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith("+")) fmt = a.slice(1);
      else if (a === "-u" || a === "--utc" || a === "--universal") continue;
      else if (a === "-R" || a === "--rfc-email") fmt = "%a, %d %b %Y %H:%M:%S %z";
      else if (a === "-I" || a === "--iso-8601" || a.startsWith("-I") || a.startsWith("--iso-8601=")) {
        const v = a.startsWith("--") ? a.split("=")[1] ?? "date" : a.slice(2) || "date";
        const f: Record<string, string> = { date: "%F", hours: "%FT%H%:z", minutes: "%FT%H:%M%:z", seconds: "%FT%T%:z", ns: "%FT%T,%N%:z" };
        if (!f[v]) return { stdout: "", stderr: `date: invalid argument '${v}' for '--iso-8601'\nValid arguments are:\n  - 'hours'\n  - 'minutes'\n  - 'date'\n  - 'seconds'\n  - 'ns'\nTry 'date --help' for more information.\n`, exitCode: 1 };
        fmt = f[v];
      } else if (a === "-d" || a === "--date" || a.startsWith("--date=") || (a.startsWith("-d") && a.length > 2)) {
        const v = a === "-d" || a === "--date" ? args[++i] : a.startsWith("--date=") ? a.slice(7) : a.slice(2);
        if (v === undefined) return { stdout: "", stderr: `date: option requires an argument -- 'd'\nTry 'date --help' for more information.\n`, exitCode: 1 };
        const t = parseDate(v, lab.now());
        if (t === undefined) return { stdout: "", stderr: `date: invalid date '${v}'\n`, exitCode: 1 };
        when = t;
      } else if (a === "-s" || a.startsWith("--set")) {
        return { stdout: "", stderr: "date: cannot set date: Operation not permitted\n", exitCode: 1 };
      } else if (a.startsWith("-")) {
        return { stdout: "", stderr: `date: invalid option -- '${a.slice(1, 2)}'\nTry 'date --help' for more information.\n`, exitCode: 1 };
      } else {
        return { stdout: "", stderr: `date: invalid date '${a}'\n`, exitCode: 1 };
      }
    }
    return { stdout: strftime(fmt, when) + "\n", stderr: "", exitCode: 0 };
  },
};

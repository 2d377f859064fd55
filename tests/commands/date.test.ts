import { describe, expect, it } from "vitest";
import { date, parseDate, strftime } from "../../src/commands/date/date.ts";
import type { LabContext } from "../../src/commands/types.ts";

const T0 = Date.UTC(2026, 10, 2, 9, 5, 7, 250); // Mon 2026-11-02 09:05:07.250 UTC
const lab = { now: () => T0 } as unknown as LabContext;
const io = { stdin: "", cwd: "/root", env: {} };
const run = async (...args: string[]) => await date.run(args, io, lab);

describe("date on the virtual clock", () => {
  it("default format: %a %b %e %H:%M:%S %Z %Y", async () => {
    expect((await run()).stdout).toBe("Mon Nov  2 09:05:07 UTC 2026\n");
    expect((await run("-u")).stdout).toBe("Mon Nov  2 09:05:07 UTC 2026\n");
  });
  it("+FORMAT, -I, -R", async () => {
    expect((await run("+%Y-%m-%d %H:%M:%S")).stdout).toBe("2026-11-02 09:05:07\n");
    expect((await run("+%s")).stdout).toBe(`${Math.floor(T0 / 1000)}\n`);
    expect((await run("+%F %T.%N %z %:z %j %A %B %-d %e")).stdout).toBe("2026-11-02 09:05:07.250000000 +0000 +00:00 306 Monday November 2  2\n");
    expect((await run("-I")).stdout).toBe("2026-11-02\n");
    expect((await run("-Iseconds")).stdout).toBe("2026-11-02T09:05:07+00:00\n");
    expect((await run("-R")).stdout).toBe("Mon, 02 Nov 2026 09:05:07 +0000\n");
  });
  it("-d forms", async () => {
    expect((await run("-d", "10 min ago", "+%T")).stdout).toBe("08:55:07\n");
    expect((await run("-d", "@0")).stdout).toBe("Thu Jan  1 00:00:00 UTC 1970\n");
    expect((await run("--date=2025-01-05 12:00", "+%c")).stdout).toBe("Sun Jan  5 12:00:00 2025\n");
    expect((await run("-d", "tomorrow", "+%F")).stdout).toBe("2026-11-03\n");
    expect(await run("-d", "whenever")).toEqual({ stdout: "", stderr: "date: invalid date 'whenever'\n", exitCode: 1 });
    expect(parseDate("1 hour ago", T0)).toBe(T0 - 3600_000);
    expect(strftime("%I %p", Date.UTC(2026, 0, 1, 0, 0))).toBe("12 AM");
  });
  it("cannot set the clock", async () => {
    expect(await run("-s", "2020-01-01")).toEqual({ stdout: "", stderr: "date: cannot set date: Operation not permitted\n", exitCode: 1 });
  });
});

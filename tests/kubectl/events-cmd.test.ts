// kubectl events (events.go, event_printer.go): sorted by time, --for as a field selector on
// involvedObject.kind/name, --types, -A, -o, the empty messages, the flag errors.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("kubectl events", () => {
  it("lists, filters and prints like kubectl", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl run bad --image=nginx:nope; sleep 30");
    const all = (await s.exec("kubectl events")).stdout.split("\n");
    expect(all[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(all[1]).toMatch(/^3\ds +Normal +Scheduled +Pod\/bad +Successfully assigned default\/bad to node01$/);
    expect(all.some((l) => /^\d+s \(x\d over \d+s\) +Warning +Failed +Pod\/bad +Error: ErrImagePull$/.test(l))).toBe(true);
    const warnings = (await s.exec("kubectl events --types=warning -A --no-headers")).stdout.trim().split("\n");
    expect(warnings.length).toBeGreaterThan(0);
    for (const l of warnings) expect(l).toMatch(/^default +\d+s.* +Warning +Failed +Pod\/bad +/);
    expect((await s.exec("kubectl events --for po/w")).stderr).toBe("No events found in default namespace.\n");
    expect((await s.exec("kubectl events --for pod/bad -o yaml")).stdout).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: v1\n[\s\S]*\nkind: EventList\nmetadata: \{\}\n$/);
    expect(await s.exec("kubectl events --types=info")).toMatchObject({ stderr: "error: valid --types are Normal or Warning\n", exitCode: 1 });
    expect(await s.exec("kubectl events --for bad")).toMatchObject({ stderr: "error: --for must be in resource/name form\n", exitCode: 1 });
    expect(await s.exec("kubectl events --for pod/a/b")).toMatchObject({ stderr: "error: arguments in resource/name form may not have more than one slash\n", exitCode: 1 });
    expect((await s.exec("kubectl events -A --types Normal --for pod/none")).stderr).toBe("No events found.\n");
  });
});

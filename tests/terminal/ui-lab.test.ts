// The page's lab (store + worker protocol + terminal) without a DOM, against the fake session.
import { describe, expect, it } from "vitest";
import { createLab } from "../../src/ui/lab.ts";
import { inProcessClient, until } from "./in-process.ts";
import { Screen } from "./screen.ts";

describe("worker protocol", () => {
  it("mirrors the session api", async () => {
    const { client, sessions } = inProcessClient();
    expect((await client.listScenarios()).map((s) => s.id)).toEqual(["static-busybox", "other"]);
    await expect(client.grade()).rejects.toThrow(/no lab session/);
    const loaded = await client.loadScenario({ scenarioId: "static-busybox", timeMode: "virtual" });
    expect(loaded.prompt).toBe("controlplane:~$ ");
    expect(loaded.scenario?.id).toBe("static-busybox");
    expect(await client.needsMore("echo 'a")).toBe(true);
    const r = await client.exec("ssh node01");
    expect(r).toMatchObject({ host: "node01", exitCode: 0, prompt: "node01:~$ " });
    await client.advance(1500);
    expect((await client.view()).now).toBe(sessions[0].now);
    expect(sessions[0].now).toBe(Date.UTC(2025, 0, 1, 12, 0, 1, 500));
    expect((await client.grade()).checks).toHaveLength(2);
    await expect(client.exec("boom")).rejects.toThrow("boom");
  });
});

describe("lab store", () => {
  it("boots, grades, switches scenarios and keeps the terminal in step", async () => {
    const { client, sessions } = inProcessClient();
    let ready = 0;
    const lab = createLab({ client, scenarioId: "static-busybox", timeMode: "virtual", onSessionReady: () => ready++ });
    const screen = new Screen(80);
    lab.sink.attach((d) => void screen.write(d));
    lab.terminal.start();
    expect(lab.store.getState().status).toBe("booting");
    lab.terminal.input("ssh node01\r");
    await lab.boot();
    expect(lab.store.getState()).toMatchObject({ status: "ready", scenarioId: "static-busybox" });
    expect(lab.store.getState().scenarios).toHaveLength(2);
    expect(lab.store.getState().scenario?.title).toBe("Create a static pod");
    expect(ready).toBe(1);
    await until(() => screen.lines().at(-1) === "node01:~$");

    const grade = await lab.check();
    expect(grade?.score).toBe(1);
    expect(lab.store.getState().grade?.checks.map((c) => c.passed)).toEqual([true, false]);

    await lab.load("other");
    expect(lab.store.getState()).toMatchObject({ status: "ready", scenarioId: "other", grade: null });
    expect(lab.store.getState().scenario?.title).toBe("Another task");
    expect(sessions).toHaveLength(2);
    expect(screen.lines()).toEqual(["controlplane:~$"]);
    lab.terminal.input("pwd\r");
    await until(() => sessions[1].execs.length === 1);
    expect(sessions[0].execs).toEqual(["ssh node01"]);
  });

  it("advances the cluster clock with real time", async () => {
    const { client, sessions } = inProcessClient();
    const lab = createLab({ client, scenarioId: null, timeMode: "real" });
    await lab.boot();
    let now = 0;
    const stop = lab.startClock({ intervalMs: 5, now: () => now });
    now = 1000;
    await until(() => sessions[0].now === Date.UTC(2025, 0, 1, 12, 0, 1));
    now = 1250;
    await until(() => sessions[0].now === Date.UTC(2025, 0, 1, 12, 0, 1, 250));
    stop();
    await lab.refreshClock();
    expect(lab.store.getState().clock).toBe(sessions[0].now);
    expect(lab.store.getState().scenario).toBeNull();
  });

  it("reports a session that cannot start", async () => {
    const { client } = inProcessClient({ failLoad: true });
    const lab = createLab({ client, scenarioId: "static-busybox" });
    const screen = new Screen(80);
    lab.sink.attach((d) => void screen.write(d));
    lab.terminal.start();
    await lab.boot();
    expect(lab.store.getState().status).toBe("error");
    expect(lab.store.getState().error).toMatch(/engine exploded/);
    expect(screen.lines()).toEqual(["controlplane:~$", "\x1b[31mkubelab: the lab could not start: engine exploded\x1b[0m", "controlplane:~$"].map((l) => l.replace(/\x1b\[\d*m/g, "")));
    lab.terminal.input("kubectl get pods\r");
    await until(() => screen.lines().length === 5);
    expect(screen.lines().slice(3)).toEqual(["kubelab: no cluster is running (engine exploded); pick a task above", "controlplane:~$"]);
  });
});

import { describe, expect, it } from "vitest";
import type { ClusterView, PodView } from "../../src/shell/session-api.ts";
import { panelView } from "../../src/ui/worker-host.ts";
import { chunks } from "../../src/terminal/xterm-binding.ts";
import { inProcessClient, until } from "../terminal/in-process.ts";
import type { PanelView } from "../../src/ui/worker-protocol.ts";

const pod = (name: string, node: string, status = "Running", extra: Partial<PodView> = {}): PodView => ({ namespace: "default", name, node, status, ready: "1/1", restarts: "0", owner: "replicaset", ...extra });
const node = (name: string) => ({ name, ip: "10.0.0.1", ready: true, kubelet: "running" as const, staticPodPath: "/etc/kubernetes/manifests", manifests: [] });

describe("the cluster panel's view of a big cluster", () => {
  it("a small cluster is passed whole", () => {
    const view: ClusterView = { now: 5, nodes: [node("cp")], pods: [pod("a", "cp"), pod("b", "", "Pending")] };
    const v = panelView(view, 3);
    expect(v.pods).toEqual(view.pods);
    expect(v.hidden).toBeUndefined();
  });

  it("cuts each group at max, keeps pods that look wrong first, counts the rest by status", () => {
    const pods = [
      ...Array.from({ length: 5 }, (_, i) => pod(`run-${i}`, "node01")),
      pod("crash", "node01", "CrashLoopBackOff", { nextRestartSeconds: 12 }),
      ...Array.from({ length: 7 }, (_, i) => pod(`pend-${i}`, "", "Pending")),
      pod("cp-1", "controlplane"),
    ];
    const v = panelView({ now: 5, nodes: [node("controlplane"), node("node01")], pods }, 3);
    expect(v.pods.map((p) => p.name)).toEqual(["run-0", "run-1", "crash", "pend-0", "pend-1", "pend-2", "cp-1"]);
    expect(v.hidden).toEqual({ node01: { count: 3, byStatus: { Running: 3 } }, "": { count: 4, byStatus: { Pending: 4 } } });
    expect(v.nextRestartSeconds).toBe(12);
  });

  it("10 000 pods: what is sent stays small", () => {
    const pods = Array.from({ length: 10_000 }, (_, i) => pod(`big-${i}`, i < 110 ? "node01" : "", i < 110 ? "Running" : "Pending"));
    const v = panelView({ now: 0, nodes: [node("node01")], pods });
    expect(v.pods.length).toBeLessThanOrEqual(120);
    expect(v.hidden?.[""]).toEqual({ count: 9_890 - 60, byStatus: { Pending: 9_830 } });
    expect(JSON.stringify(v).length).toBeLessThan(30_000);
  });
});

describe("view pushes", () => {
  it("a cluster changing on every clock tick is pushed at most every VIEW_PUSH_MS, the last state included", async () => {
    const { client } = inProcessClient();
    const views: PanelView[] = [];
    client.onEvent = (ev) => void (ev.event === "view" && views.push(ev.view));
    const loaded = await client.loadScenario({ timeMode: "virtual" });
    expect((await client.watchView(true))?.now).toBe(loaded.now);
    for (let i = 1; i <= 5; i++) await client.advance(100);
    expect(views).toEqual([]);
    await until(() => views.length > 0, 2000);
    expect(views.length).toBe(1);
    expect(views[0].now).toBe(loaded.now + 500);
    expect(await client.clock()).toBe(loaded.now + 500);
  });
});

describe("terminal writes in pieces", () => {
  it("cuts big data into pieces, never inside a surrogate pair", () => {
    expect(chunks("abc", 16)).toEqual(["abc"]);
    const s = "a".repeat(15) + "😀" + "b".repeat(20);
    const parts = chunks(s, 16);
    expect(parts.join("")).toBe(s);
    expect(parts[0]).toBe("a".repeat(15));
    expect(parts.every((p) => p.length <= 16)).toBe(true);
  });
});

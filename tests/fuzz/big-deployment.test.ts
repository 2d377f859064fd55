// Limits (issue 7): a 10 000-replica Deployment on the default two-node cluster stays bounded.
// node01 holds max-pods (110) pods, controlplane is tainted: the rest stays Pending, retried
// by the scheduler. Creating it and letting 400 s pass took ~20 s before the ReplicaSet
// controller counted its pods from watch deltas (tests/bench/big-deployment.mjs measures it).
import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { MAX_SHOWN_OUTPUT } from "../../src/shell/limits.ts";
import { assertNoJsText } from "./oracle.ts";

const REPLICAS = 10_000;
const UNSCHEDULABLE =
  "0/2 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.";

async function timed(s: LabSession, line: string, opts?: Parameters<LabSession["exec"]>[1]) {
  const t = performance.now();
  const r = await s.exec(line, opts);
  assertNoJsText(line, r.stdout, r.stderr);
  return { ...r, ms: performance.now() - t };
}

describe("limits: a 10 000-replica Deployment", () => {
  let s: LabSession;
  const ms: Record<string, number> = {};

  beforeAll(async () => {
    s = new LabSession({ timeMode: "virtual" });
    const c = await timed(s, `kubectl create deployment big --image=nginx --replicas=${REPLICAS}`);
    expect(c).toMatchObject({ stdout: "deployment.apps/big created\n", stderr: "", exitCode: 0 });
    const w = await timed(s, "sleep 400");
    expect(w.exitCode).toBe(0);
    ms.create = c.ms;
    ms.sleep = w.ms;
  }, 120_000);

  it("is created and runs 400 s of virtual time in bounded time", () => {
    // ~3 s here (2 cores, shared), ~17 s before; generous for a loaded machine
    expect(ms.create + ms.sleep).toBeLessThan(10_000);
  });

  it("node01 runs what max-pods allows, the rest is Pending with the scheduler's FailedScheduling message", async () => {
    const store = s.cluster.store;
    const node01 = store.peek("nodes", undefined, "node01")!;
    const maxPods = Number(node01.status!.allocatable.pods);
    expect(maxPods).toBe(110);
    const onNode = store.podsOnNode("node01");
    expect(onNode.length).toBe(maxPods);
    const others = onNode.filter((p) => !p.metadata.name!.startsWith("big-")).length;
    const running = maxPods - others;
    const big = store.listRaw("pods", "default").filter((p) => p.metadata.name!.startsWith("big-"));
    expect(big.length).toBe(REPLICAS);
    expect(big.filter((p) => p.status?.phase === "Running").length).toBe(running);
    const pending = big.filter((p) => !p.spec?.nodeName);
    expect(pending.length).toBe(REPLICAS - running);
    for (const p of pending) {
      expect(p.status?.phase).toBe("Pending");
      expect(p.status?.conditions).toEqual([expect.objectContaining({ type: "PodScheduled", status: "False", reason: "Unschedulable", message: UNSCHEDULABLE })]);
    }
    // tried at once and again after 5 min (podMaxInUnschedulablePodsDuration): one event per pod, counted
    // (the scheduler's events.k8s.io cache is a map, not the v1 correlator's 4096-entry LRU)
    const failed = store.listRaw("events", "default").filter((e) => e.reason === "FailedScheduling");
    expect(failed.length).toBe(pending.length);
    expect(failed.filter((e) => e.count === 2 && e.message === UNSCHEDULABLE).length).toBe(pending.length);

    const deploy = await timed(s, "kubectl get deploy big");
    expect(deploy.stdout).toMatch(new RegExp(`^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\nbig +${running}/${REPLICAS} +${REPLICAS} +${running} +6m4\\ds\n$`));
    const rs = await timed(s, "kubectl get rs -l app=big --no-headers");
    expect(rs.stdout).toMatch(new RegExp(`^big-[a-z0-9]+ +${REPLICAS} +${REPLICAS} +${running} +6m4\\ds\n$`));

    const name = pending[pending.length - 1].metadata.name!;
    const d = await timed(s, `kubectl describe pod ${name}`);
    expect(d.stdout).toContain(`Status:           Pending\n`);
    expect(d.stdout).toMatch(new RegExp(`\n  Warning  FailedScheduling  \\d+s \\(x2 over 6m4\\ds\\)  default-scheduler  ${UNSCHEDULABLE.replace(/[.{}()]/g, "\\$&")}\n$`));
  });

  it("kubectl get pods lists every pod in bounded time; the phase counts add up", async () => {
    const r = await timed(s, "kubectl get pods");
    expect(r.exitCode).toBe(0);
    const rows = r.stdout.split("\n").slice(1, -1);
    expect(rows.length).toBe(REPLICAS);
    expect(r.ms).toBeLessThan(5_000);
    const running = rows.filter((l) => /^big-\S+ +1\/1 +Running +0 /.test(l)).length;
    const pending = rows.filter((l) => /^big-\S+ +0\/1 +Pending +0 /.test(l)).length;
    expect(running + pending).toBe(REPLICAS);
    expect((await timed(s, "kubectl get pods --field-selector=status.phase=Pending --no-headers | wc -l")).stdout).toBe(`${pending}\n`);
  });

  it("kubectl get pods -o yaml (24 MB) reaches the terminal cut at 2 MiB, with the lab's notice", async () => {
    const r = await timed(s, "kubectl get pods -o yaml");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBeLessThanOrEqual(MAX_SHOWN_OUTPUT);
    expect(r.stdout).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n/);
    expect(r.stderr).toMatch(/^kubelab: output truncated \(showed the first 2 MiB of 2\d\.\d MiB; redirect it to a file and use head, tail or grep\)\n$/);
    if (process.env.KUBELAB_BENCH_LOG) console.log(`get pods -o yaml: ${Math.round(r.ms)} ms`);
    expect(r.ms).toBeLessThan(20_000);
  }, 60_000);

  it("Ctrl-C ends kubectl rollout status and kubectl get pods -w, across the scheduler's 5-min retry of every pending pod; the host keeps running meanwhile", async () => {
    // Ctrl-C after 100 s of virtual time, then after 250 s: the unschedulable pods are retried on the way
    for (const [line, first, after] of [
      ["kubectl rollout status deploy/big", /^Waiting for deployment "big" rollout to finish: \d+ of 10000 updated replicas are available\.\.\.\n/, 100_000],
      ["kubectl get pods -w", /^NAME +READY +STATUS +RESTARTS +AGE\nbig-/, 250_000],
    ] as const) {
      const t0 = s.cluster.now();
      let firedAt = 0;
      let maxGap = 0;
      let last = performance.now();
      const tick = setInterval(() => {
        const t = performance.now();
        maxGap = Math.max(maxGap, t - last);
        last = t;
        if (!firedAt && s.cluster.now() - t0 >= after) {
          firedAt = t;
          s.interrupt();
        }
      }, 5);
      let out = "";
      const r = await timed(s, line, { onOutput: (t) => void (out += t) }).finally(() => clearInterval(tick));
      expect(out, line).toMatch(first);
      expect(firedAt, line).toBeGreaterThan(0);
      const late = performance.now() - firedAt;
      if (process.env.KUBELAB_BENCH_LOG) console.log(`${line}: ${Math.round(r.ms)} ms, longest host gap ${Math.round(maxGap)} ms, ${Math.round(late)} ms after Ctrl-C`);
      // one step of virtual time runs at most after Ctrl-C; the host's timers run between steps
      expect(late, line).toBeLessThan(3_000);
      expect(maxGap, line).toBeLessThan(3_000);
      expect(r.exitCode, line).toBe(130);
      expect(r.stderr, line).toBe("");
    }
    expect((await s.exec("echo still here")).stdout).toBe("still here\n");
    // 750 s after the create, the Deployment's progress deadline (600 s) has passed: rollout status says so and fails
    let out = "";
    const r = await timed(s, "kubectl rollout status deploy/big", { onOutput: (t) => void (out += t) });
    expect(out).toBe('error: deployment "big" exceeded its progress deadline\n');
    expect(r.exitCode).toBe(1);
  });
});

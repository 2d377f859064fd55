// Nothing lost: a session replayed from its op log (as the page persists it: exec with start
// and end times, fast-forwards, editor writes; real time between commands unrecorded) is
// byte-identical to the original: API objects, containers, every file of every machine, clock.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LabSession } from "../../src/shell/session.ts";
import { Replayer, type OpEntry } from "../../src/ui/persist/oplog.ts";
import { commandLine } from "./grammar.ts";

type Action = { t: "exec"; line: string } | { t: "tick"; ms: number } | { t: "ff"; ms: number } | { t: "write"; host: string; path: string; content: string };

/** The original session: real-time mode whose waits pass as the page's clock ticker would. */
async function record(actions: Action[], seed: number): Promise<{ session: LabSession; ops: OpEntry[] }> {
  const ops: OpEntry[] = [];
  let s: LabSession | null = null;
  // a command that runs until Ctrl-C (get -w, logs -f, journalctl -f, attach) gets it after a
  // minute of cluster time, as a student at the page would press it; the op log keeps its end
  let execStart = Infinity;
  let current: OpEntry & { op: "exec" } | undefined;
  s = new LabSession({
    timeMode: "real",
    seed,
    realSleep: async (ms) => {
      const now = s!.cluster.now();
      const deadline = execStart + 60_000;
      if (now + ms < deadline) return s!.advance(ms);
      // Ctrl-C lands during this wait, at the deadline (logged as the page logs a Ctrl-C)
      s!.advance(Math.max(0, deadline - now));
      if (current) current.intr = deadline;
      s!.interrupt();
    },
  });
  for (const a of actions) {
    const at = s.cluster.now();
    execStart = a.t === "exec" ? at : Infinity;
    if (a.t === "exec") {
      const e: OpEntry & { op: "exec" } = { at, op: "exec", line: a.line };
      current = e;
      ops.push(e);
      await s.exec(a.line);
      e.end = s.cluster.now();
    } else if (a.t === "tick") s.advance(a.ms);
    else if (a.t === "ff") {
      ops.push({ at, op: "advance", ms: a.ms });
      s.advance(a.ms);
    } else {
      s.writeFile(a.host, a.path, a.content);
      ops.push({ at, op: "write", host: a.host, path: a.path, content: a.content });
    }
  }
  return { session: s, ops };
}

async function replay(ops: OpEntry[], now: number, seed: number): Promise<LabSession> {
  const r = new Replayer(ops, now);
  const s = new LabSession({ timeMode: "real", seed, realSleep: (ms, signal) => r.sleep(ms, signal) });
  s.setEditorHandler(r.editor);
  await r.run(s);
  return s;
}

/** What must be identical, read without running commands (which would change the clock). */
async function snapshot(s: LabSession): Promise<string> {
  const parts: string[] = [`now=${s.cluster.now()}`, `prompt=${s.prompt()}`];
  for (const r of ["pods", "nodes", "deployments", "replicasets", "configmaps", "events", "leases"]) parts.push(JSON.stringify(s.cluster.store.listRaw(r)));
  for (const m of s.cluster.machines.values()) {
    parts.push(JSON.stringify(m.runtime.containers));
    for (const p of m.fs.allPaths().sort()) parts.push(`${m.name}:${p}\0${m.fs.tryRead(p) ?? "<dir>"}`);
    parts.push(JSON.stringify(m.systemd));
  }
  return parts.join("\n");
}

/** And the student-visible outputs, on both sessions at the same time. */
async function outputs(s: LabSession): Promise<string> {
  const out: string[] = [];
  for (const l of ["kubectl get pods -A -o yaml", "docker ps -a", "ssh node01 docker ps -a", "journalctl -u kubelet --no-pager | tail -n 20"]) {
    const r = await s.exec(l);
    out.push(r.stdout, r.stderr);
  }
  return out.join("\n");
}

const STATIC = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
`;

const scripted: Action[] = [
  { t: "exec", line: "kubectl run --restart=Never --image=busybox static-busybox --dry-run=client -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/static-busybox.yaml" },
  { t: "tick", ms: 3_000 },
  { t: "exec", line: "sleep 7" },
  { t: "exec", line: `cat <<EOF > /root/web.yaml\n${STATIC}EOF` },
  { t: "exec", line: "ssh node01" },
  { t: "exec", line: `cat <<'EOF' > /etc/kubernetes/manifests/web.yaml\n${STATIC}EOF` },
  { t: "tick", ms: 12_345 },
  { t: "exec", line: "exit" },
  { t: "exec", line: "sed -i 's/image: busybox/image: busybox:1.28.4/' /etc/kubernetes/manifests/static-busybox.yaml" },
  { t: "ff", ms: 60_000 },
  { t: "exec", line: "kubectl run crash --image=busybox --restart=Always -- /bin/false" },
  { t: "tick", ms: 2_000 },
  { t: "write", host: "controlplane", path: "/root/edited.yaml", content: STATIC.replace("web", "edited") },
  { t: "exec", line: "kubectl apply -f /root/edited.yaml && kubectl delete pod edited" },
  { t: "exec", line: "docker stop $(docker ps -q --filter name=k8s_static-busybox | head -n1)" },
  { t: "exec", line: "kubectl create deployment d --image=nginx --replicas=3" },
  { t: "ff", ms: 300_000 },
  { t: "exec", line: "ssh node01 'rm /etc/kubernetes/manifests/web.yaml'" },
  { t: "tick", ms: 40_000 },
];

describe("replay from the op log", () => {
  it("gives a byte-identical lab after sleep, ssh, heredocs, static pod edits, writes and fast-forwards", async () => {
    const { session: a, ops } = await record(scripted, 7);
    const b = await replay(ops, a.cluster.now(), 7);
    expect(await snapshot(b)).toBe(await snapshot(a));
    expect(await outputs(b)).toBe(await outputs(a));
    // the comparison can fail: another seed, or a log missing the editor's write, is another lab
    const other = await replay(ops, a.cluster.now(), 8);
    expect(await snapshot(other)).not.toBe(await snapshot(a));
    const lossy = await replay(ops.filter((o) => o.op !== "write"), a.cluster.now(), 7);
    expect(await snapshot(lossy)).not.toBe(await snapshot(a));
  });

  it("holds for generated command lines too (seeded)", async () => {
    const action: fc.Arbitrary<Action> = fc.oneof(
      { weight: 6, arbitrary: commandLine.map((line) => ({ t: "exec" as const, line })) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 30_000 }).map((ms) => ({ t: "tick" as const, ms })) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 120_000 }).map((ms) => ({ t: "ff" as const, ms })) },
      { weight: 1, arbitrary: fc.constantFrom("controlplane", "node01").map((host) => ({ t: "write" as const, host, path: "/etc/kubernetes/manifests/w.yaml", content: STATIC })) },
    );
    const seed = 20261122;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 15 }), async (actions) => {
        const { session: a, ops } = await record(actions, 3);
        const b = await replay(ops, a.cluster.now(), 3);
        expect(await snapshot(b)).toBe(await snapshot(a));
      }),
      { seed, numRuns: 10, endOnFailure: true },
    );
  }, 60_000);
});

import { describe, expect, it } from "vitest";
import { kubectl, k } from "../../src/commands/kubectl/index.ts";
import { humanDuration } from "../../src/commands/kubectl/printers/table.ts";
import { tabwrite } from "../../src/commands/kubectl/printers/tabwriter.ts";
import { toYaml } from "../../src/commands/kubectl/printers/yaml.ts";
import { invalid } from "../../src/engine/api/errors.ts";
import type { KubeObject } from "../../src/engine/types.ts";
import { rfc3339 } from "../../src/engine/types.ts";
import { fakeLab, io, shellSplit, type FakeLab } from "./fake.ts";

const run = (lab: FakeLab, line: string) => kubectl.run(shellSplit(line).slice(1), io, lab);

function pod(name: string, ns: string, createdAgoS: number, lab: FakeLab, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, uid: `u-${name}`, creationTimestamp: rfc3339(lab.clock.t - createdAgoS * 1000), labels: { run: name } },
    spec: { containers: [{ name, image: "nginx" }], nodeName: "node01" },
    status: {
      phase: "Running",
      podIP: "10.244.1.5",
      podIPs: [{ ip: "10.244.1.5" }],
      containerStatuses: [{ name, ready: true, restartCount: 0, state: { running: { startedAt: "x" } } }],
    },
    ...extra,
  };
}

describe("humanDuration (REFERENCE.md §3)", () => {
  const cases: [number, string][] = [
    [-2000, "<invalid>"], [-500, "0s"], [5000, "5s"], [119000, "119s"], [123000, "2m3s"], [300000, "5m"], [600000, "10m"],
    [179 * 60000, "179m"], [(3 * 60 + 5) * 60000, "3h5m"], [4 * 3600000, "4h"], [8 * 3600000, "8h"], [47 * 3600000, "47h"],
    [(2 * 24 + 5) * 3600000, "2d5h"], [3 * 86400000, "3d"], [45 * 86400000, "45d"], [729 * 86400000, "729d"],
    [(2 * 365 + 34) * 86400000, "2y34d"], [9 * 365 * 86400000, "9y"],
  ];
  for (const [ms, s] of cases) it(`${ms} → ${s}`, () => expect(humanDuration(ms)).toBe(s));
});

describe("tabwriter", () => {
  it("pads to the widest cell + 3, min 6, last column unpadded", () => {
    expect(tabwrite("NAME\tREADY\tSTATUS\nnginx\t1/1\tRunning\n")).toBe("NAME    READY   STATUS\nnginx   1/1     Running\n");
  });
});

describe("yaml", () => {
  it("sorts keys like goyaml.v2 (non-letters first, numbers numerically)", () => {
    expect(toYaml({ b: 1, a10: 1, a2: 1, "a-x": 1, A: 1 })).toBe("A: 1\na-x: 1\na2: 1\na10: 1\nb: 1\n");
  });
  it("nested sequences and empty collections", () => {
    expect(toYaml({ a: [[1, 2], { x: [] }], e: {} })).toBe("a:\n- - 1\n  - 2\n- x: []\ne: {}\n");
  });
});

describe("kubectl get", () => {
  it("lists pods in the namespace with the server's columns", async () => {
    const lab = fakeLab();
    lab.fake.add("pods", pod("nginx", "default", 65, lab));
    lab.fake.add("pods", pod("web-frontend-1", "default", 3 * 3600, lab));
    lab.fake.add("pods", pod("other", "kube-system", 10, lab));
    const r = await run(lab, "kubectl get pods");
    expect(r.stdout).toBe("NAME             READY   STATUS    RESTARTS   AGE\nnginx            1/1     Running   0          65s\nweb-frontend-1   1/1     Running   0          3h\n");
    expect(r.exitCode).toBe(0);
  });
  it("-A adds NAMESPACE, -o wide adds IP NODE …", async () => {
    const lab = fakeLab();
    lab.fake.add("pods", pod("nginx", "default", 65, lab));
    lab.fake.add("pods", pod("etcd", "kube-system", 10, lab));
    const r = await k.run(shellSplit("k get po -A -o wide").slice(1), io, lab);
    expect(r.stdout).toBe(
      "NAMESPACE     NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n" +
        "default       nginx   1/1     Running   0          65s   10.244.1.5   node01   <none>           <none>\n" +
        "kube-system   etcd    1/1     Running   0          10s   10.244.1.5   node01   <none>           <none>\n",
    );
  });
  it("STATUS and RESTARTS from container states", async () => {
    const lab = fakeLab();
    const p = pod("crash", "default", 600, lab);
    p.status.containerStatuses = [
      { name: "crash", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, finishedAt: rfc3339(lab.clock.t - 52000) } } },
    ];
    lab.fake.add("pods", p);
    const r = await run(lab, "kubectl get pod crash --no-headers");
    expect(r.stdout).toBe("crash   0/1   CrashLoopBackOff   4 (52s ago)   10m\n");
  });
  it("empty namespace: message on stderr, no header", async () => {
    const lab = fakeLab();
    const r = await run(lab, "kubectl get pods -n dev");
    expect(r).toEqual({ stdout: "", stderr: "No resources found in dev namespace.\n", exitCode: 0 });
  });
  it("NotFound", async () => {
    const lab = fakeLab();
    const r = await run(lab, "kubectl get pod x");
    expect(r).toEqual({ stdout: "", stderr: 'Error from server (NotFound): pods "x" not found\n', exitCode: 1 });
  });
  it("-o name, -o jsonpath, -o yaml list", async () => {
    const lab = fakeLab();
    lab.fake.add("pods", pod("a", "default", 5, lab));
    lab.fake.add("pods", pod("b", "default", 5, lab));
    expect((await run(lab, "kubectl get pods -o name")).stdout).toBe("pod/a\npod/b\n");
    expect((await run(lab, "kubectl get pods -o jsonpath={.items[*].metadata.name}")).stdout).toBe("a b");
    expect((await run(lab, `kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`)).stdout).toBe("a\nb\n");
    const y = (await run(lab, "kubectl get pods -o yaml")).stdout;
    expect(y.startsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n")).toBe(true);
    expect(y.endsWith("kind: List\nmetadata:\n  resourceVersion: \"\"\n")).toBe(true);
    const one = (await run(lab, "kubectl get pod a -o json")).stdout;
    expect(one.startsWith('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n')).toBe(true);
    expect((await run(lab, "kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image")).stdout).toBe(
      "NAME   IMAGE\na      nginx\nb      nginx\n",
    );
  });
  it("nodes: STATUS and ROLES", async () => {
    const lab = fakeLab();
    lab.fake.add("nodes", {
      apiVersion: "v1", kind: "Node",
      metadata: { name: "controlplane", creationTimestamp: rfc3339(lab.clock.t - 86400000 * 3), labels: { "node-role.kubernetes.io/control-plane": "" } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: "Ready", status: "True" }], nodeInfo: { kubeletVersion: "v1.32.5" }, addresses: [{ type: "InternalIP", address: "172.30.1.2" }] },
    });
    const r = await run(lab, "kubectl get no");
    expect(r.stdout).toBe("NAME           STATUS                     ROLES           AGE   VERSION\ncontrolplane   Ready,SchedulingDisabled   control-plane   3d    v1.32.5\n");
  });
});

describe("kubectl run (server)", () => {
  it("creates the pod and reports it", async () => {
    const lab = fakeLab();
    const r = await run(lab, "kubectl run nginx --image=nginx -n dev");
    expect(r).toEqual({ stdout: "pod/nginx created\n", stderr: "", exitCode: 0 });
    expect(lab.fake.get("pods", "dev", "nginx").spec.containers[0].image).toBe("nginx");
    const again = await run(lab, "kubectl run nginx --image=nginx -n dev");
    expect(again).toEqual({ stdout: "", stderr: 'Error from server (AlreadyExists): pods "nginx" already exists\n', exitCode: 1 });
  });
  it("connection refused", async () => {
    const lab = fakeLab();
    lab.fake.down = true;
    const r = await run(lab, "kubectl get pods");
    expect(r).toEqual({ stdout: "", stderr: "The connection to the server 172.30.1.2:6443 was refused - did you specify the right host or port?\n", exitCode: 1 });
  });
  it("invalid objects", async () => {
    const lab = fakeLab();
    lab.fake.create = () => {
      throw invalid("Pod", "x", [{ field: "spec.containers[0].image", type: "Required value" }]);
    };
    const r = await run(lab, "kubectl run x --image=nginx");
    expect(r.stderr).toBe('The Pod "x" is invalid: spec.containers[0].image: Required value\n');
  });
});

describe("kubectl delete", () => {
  it("deletes, then waits until the object is gone", async () => {
    const lab = fakeLab();
    lab.fake.graceMs = 30000;
    lab.fake.add("pods", pod("nginx", "default", 5, lab));
    const t0 = lab.clock.t;
    const r = await run(lab, "kubectl delete pod nginx");
    expect(r).toEqual({ stdout: 'pod "nginx" deleted\n', stderr: "", exitCode: 0 });
    expect(lab.clock.t - t0).toBe(30000);
  });
  it("--force --grace-period=0 warns and does not wait", async () => {
    const lab = fakeLab();
    lab.fake.graceMs = 30000;
    lab.fake.add("pods", pod("nginx", "default", 5, lab));
    const r = await run(lab, "kubectl delete po nginx --force --grace-period=0");
    expect(r.stderr).toMatch(/^Warning: Immediate deletion/);
    expect(r.stdout).toBe('pod "nginx" force deleted\n');
    expect(lab.fake.exists("pods", "default", "nginx")).toBe(false);
  });
  it("version with the server", async () => {
    const r = await run(fakeLab(), "kubectl version");
    expect(r.stdout).toBe("Client Version: v1.32.5\nKustomize Version: v5.5.0\nServer Version: v1.32.5\n");
  });
});

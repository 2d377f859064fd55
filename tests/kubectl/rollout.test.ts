// kubectl rollout / set against the real engine (controllers, virtual clock): status lines from
// rollout_status.go, history table, undo, restart, pause/resume, set image/env/resources.

import { describe, expect, it } from "vitest";
import { createCluster } from "../../src/engine/cluster.ts";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import type { LabContext } from "../../src/commands/types.ts";
import { io } from "./fake.ts";

function lab(): LabContext {
  const cluster = createCluster();
  return {
    cluster,
    machine: cluster.machine("controlplane")!,
    api: () => cluster.api,
    now: () => cluster.now(),
    sleep: async (ms: number) => cluster.advance(ms),
    resolve: (c: string, p: string) => (p.startsWith("/") ? p : `${c}/${p}`),
    openEditor: async () => null,
  };
}
const run = (l: LabContext, ...argv: string[]) => kubectl.run(argv, io, l);

describe("kubectl rollout and set", () => {
  it("status waits for the rollout, history lists revisions, undo rolls back", async () => {
    const l = lab();
    expect((await run(l, "create", "deployment", "web", "--image=nginx:1.26", "--replicas=3")).stdout).toBe("deployment.apps/web created\n");
    const st = await run(l, "rollout", "status", "deployment/web");
    expect(st.stdout.split("\n").at(-2)).toBe('deployment "web" successfully rolled out');
    expect(st.stdout).toMatch(/^Waiting for deployment "web" rollout to finish: \d of 3 updated replicas are available\.\.\.$/m);
    expect((await run(l, "set", "image", "deploy/web", "nginx=nginx:1.27")).stdout).toBe("deployment.apps/web image updated\n");
    expect((await run(l, "set", "image", "deploy/web", "nginx=nginx:1.27")).stdout).toBe("");
    const st2 = await run(l, "rollout", "status", "deploy/web");
    expect(st2.stdout).toMatch(/out of 3 new replicas have been updated\.\.\.\n/);
    expect(st2.stdout.endsWith('deployment "web" successfully rolled out\n')).toBe(true);
    expect((await run(l, "rollout", "history", "deploy/web")).stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
    const rev1 = await run(l, "rollout", "history", "deploy/web", "--revision=1");
    expect(rev1.stdout).toMatch(/^deployment\.apps\/web with revision #1\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=\w+\n  Containers:\n   nginx:\n    Image:\tnginx:1\.26\n/);
    expect((await run(l, "set", "image", "deploy/web", "bogus=x")).stderr).toBe('error: unable to find container named "bogus"\n');
    expect((await run(l, "rollout", "undo", "deploy/web")).stdout).toBe("deployment.apps/web rolled back\n");
    await run(l, "rollout", "status", "deploy/web");
    expect((await run(l, "get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).stdout).toBe("nginx:1.26");
    expect((await run(l, "rollout", "history", "deploy/web")).stdout).toBe("deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n");
    expect((await run(l, "rollout", "undo", "deploy/web", "--to-revision=3")).stdout).toBe("deployment.apps/web skipped rollback (current template already matches revision 3)\n");
    expect((await run(l, "rollout", "undo", "deploy/web", "--to-revision=9")).stderr).toBe("error: unable to find specified revision 9 in history\n");
  });

  it("restart stamps restartedAt; pause/resume; set resources and env", async () => {
    const l = lab();
    await run(l, "create", "deployment", "web", "--image=nginx");
    expect((await run(l, "rollout", "restart", "deploy/web")).stdout).toBe("deployment.apps/web restarted\n");
    const ann = await run(l, "get", "deploy", "web", "-o", "jsonpath={.spec.template.metadata.annotations}");
    expect(ann.stdout).toMatch(/"kubectl.kubernetes.io\/restartedAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/);
    expect((await run(l, "rollout", "pause", "deploy/web")).stdout).toBe("deployment.apps/web paused\n");
    expect((await run(l, "rollout", "pause", "deploy/web")).stdout).toBe("deployment.apps/web already paused\n");
    expect((await run(l, "rollout", "restart", "deploy/web")).stderr).toBe("error: can't restart paused deployment (run rollout resume first)\n");
    expect((await run(l, "rollout", "undo", "deploy/web")).stderr).toBe("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n");
    expect((await run(l, "rollout", "resume", "deploy/web")).stdout).toBe("deployment.apps/web resumed\n");
    expect((await run(l, "set", "resources", "deploy/web", "--limits=cpu=200m,memory=512Mi", "--requests=cpu=0.1,memory=256Mi")).stdout).toBe("deployment.apps/web resource requirements updated\n");
    expect((await run(l, "get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].resources}")).stdout).toBe('{"limits":{"cpu":"200m","memory":"512Mi"},"requests":{"cpu":"100m","memory":"256Mi"}}');
    expect((await run(l, "set", "env", "deploy/web", "MODE=prod")).stdout).toBe("deployment.apps/web env updated\n");
    expect((await run(l, "set", "env", "deploy/web", "--list")).stdout).toBe("# deployments/web, container nginx\nMODE=prod\n");
  });

  it("daemon sets: status and history from ControllerRevisions", async () => {
    const l = lab();
    expect((await run(l, "rollout", "status", "ds/kube-proxy", "-n", "kube-system")).stdout).toBe('daemon set "kube-proxy" successfully rolled out\n');
    expect((await run(l, "rollout", "history", "daemonset/kube-proxy", "-n", "kube-system")).stdout).toBe("daemonset.apps/kube-proxy \nREVISION  CHANGE-CAUSE\n1         <none>\n\n");
    expect((await run(l, "rollout", "status")).stderr).toBe("error: required resource not specified\n");
  });
});

describe("kubectl patch", () => {
  it("strategic (containers merged by name), merge, json; no change; bad --type", async () => {
    const l = lab();
    await run(l, "create", "deployment", "web", "--image=nginx");
    expect((await run(l, "patch", "deploy", "web", "-p", '{"spec":{"replicas":3}}')).stdout).toBe("deployment.apps/web patched\n");
    expect((await run(l, "patch", "deploy", "web", "-p", '{"spec":{"replicas":3}}')).stdout).toBe("deployment.apps/web patched (no change)\n");
    await run(l, "patch", "deploy/web", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}');
    expect((await run(l, "get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[*].image}")).stdout).toBe("nginx:1.27");
    expect((await run(l, "patch", "deploy", "web", "--type=json", "-p", '[{"op":"replace","path":"/spec/replicas","value":1}]')).stdout).toBe("deployment.apps/web patched\n");
    // a plain y is YAML 1.1's true (sigs.k8s.io/yaml): the API server refuses a bool label value
    expect((await run(l, "patch", "deploy", "web", "--type", "merge", "-p", "metadata: {labels: {x: y}}")).stderr).toBe('Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string\n');
    expect((await run(l, "patch", "deploy", "web", "--type", "merge", "-p", "metadata: {labels: {x: z}}")).stdout).toBe("deployment.apps/web patched\n");
    expect((await run(l, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.labels.x}")).stdout).toBe("1 z");
    expect((await run(l, "patch", "deploy", "web", "--type=bogus", "-p", "{}")).stderr).toBe('error: --type must be one of [json merge strategic], not "bogus"\n');
  });
});

// kubectl edit against the real engine (whose API server validates pod updates) with a fake editor that rewrites the file the way a
// student would (editoptions.go: header, re-open with the reasons, cancel texts, preserved file).

import { describe, expect, it } from "vitest";
import { createCluster } from "../../src/engine/cluster.ts";
import { kubectl } from "../../src/commands/kubectl/index.ts";
import type { LabContext } from "../../src/commands/types.ts";
import { io } from "./fake.ts";

type Step = (text: string) => string | null; // null: closed without saving

function lab(steps: Step[] = [], seen: { path: string; mode: string; text: string }[] = []): LabContext {
  const cluster = createCluster();
  const machine = cluster.machine("controlplane")!;
  return {
    cluster,
    machine,
    api: () => cluster.api,
    now: () => cluster.now(),
    sleep: async (ms: number) => cluster.advance(ms),
    resolve: (c: string, p: string) => (p.startsWith("/") ? p : `${c}/${p}`),
    openEditor: async (path, mode) => {
      const text = machine.fs.readFile(path);
      seen.push({ path, mode, text });
      const step = steps.shift();
      if (!step) return null;
      const next = step(text);
      if (next === null) return { saved: false };
      machine.fs.writeFile(path, next);
      return { saved: true };
    },
  };
}
const run = (l: LabContext, ...argv: string[]) => kubectl.run(argv, io, l);
const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

describe("kubectl edit", () => {
  it("writes the header and the live YAML, applies the change: deployment.apps/web edited", async () => {
    const seen: { path: string; mode: string; text: string }[] = [];
    const l = lab([(t) => t.replace("replicas: 1", "replicas: 3")], seen);
    await run(l, "create", "deployment", "web", "--image=nginx");
    const live = (await run(l, "get", "deploy", "web", "-o", "yaml")).stdout;
    const r = await run(l, "edit", "deploy/web");
    expect(r).toEqual({ stdout: "deployment.apps/web edited\n", stderr: "", exitCode: 0 });
    expect(seen[0].path).toMatch(/^\/tmp\/kubectl-edit-\d+\.yaml$/);
    expect(seen[0].mode).toBe("vim");
    expect(seen[0].text).toBe(HEADER + live);
    expect(l.api().get("deployments", "default", "web").spec!.replicas).toBe(3);
    expect(l.machine.fs.exists(seen[0].path)).toBe(false);
  });

  it("unchanged, not saved, empty; nano from KUBE_EDITOR; -o json has no header", async () => {
    const seen: { path: string; mode: string; text: string }[] = [];
    const l = lab([(t) => t, () => null, () => "# only comments\n\n", (t) => t], seen);
    await run(l, "create", "configmap", "c", "--from-literal=a=b");
    expect((await run(l, "edit", "cm", "c")).stderr).toBe("Edit cancelled, no changes made.\n");
    expect((await run(l, "edit", "cm", "c")).stderr).toBe("Edit cancelled, no changes made.\n");
    expect((await run(l, "edit", "cm", "c")).stderr).toBe("Edit cancelled, saved file was empty.\n");
    const r = await kubectl.run(["edit", "cm", "c", "-o", "json"], { ...io, env: { ...io.env, KUBE_EDITOR: "nano" } }, l);
    expect(r.exitCode).toBe(0);
    expect(seen[3].mode).toBe("nano");
    expect(seen[3].path).toMatch(/\.json$/);
    expect(seen[3].text.startsWith("{\n    \"apiVersion\": \"v1\",")).toBe(true);
  });

  it("a syntax error re-opens the file with the reason; saving it unchanged gives up and keeps a copy", async () => {
    const seen: { path: string; mode: string; text: string }[] = [];
    const l = lab([(t) => t.replace("data:\n", "data\n"), (t) => t], seen);
    await run(l, "create", "configmap", "c", "--from-literal=a=b");
    const r = await run(l, "edit", "cm", "c");
    expect(seen[1].text.startsWith(HEADER + "# The edited file had a syntax error: error parsing edited-file: error converting YAML to JSON: yaml: line ")).toBe(true);
    expect(seen[1].text).toMatch(/\n#\napiVersion: v1\ndata\n  a: b\n/);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`A copy of your changes has been stored to "${seen[1].path}"\nerror: Edit cancelled, no valid changes were saved.\n`);
    expect(l.machine.fs.exists(seen[1].path)).toBe(true);
    expect(l.machine.fs.exists(seen[0].path)).toBe(true); // the short-circuit returns before the previous pass's cleanup
  });

  it("a pod's immutable field: the server's Forbidden with the PodSpec diff, then fixed on the second try", async () => {
    const seen: { path: string; mode: string; text: string }[] = [];
    const l = lab(
      [(t) => t.replace("    imagePullPolicy: Always\n", "    imagePullPolicy: Always\n    workingDir: /tmp\n"), (t) => t.replace("    workingDir: /tmp\n", "").replace("image: nginx", "image: nginx:1.27")],
      seen,
    );
    await run(l, "run", "p", "--image=nginx");
    const r = await run(l, "edit", "pod", "p");
    expect(r.stderr).toBe('error: pods "p" is invalid\n');
    expect(r.stdout).toBe("pod/p edited\n");
    expect(r.exitCode).toBe(0);
    const second = seen[1].text;
    expect(second.startsWith(HEADER + '# pods "p" was not valid:\n# * spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n#   core.PodSpec{\n')).toBe(true);
    expect(second).toContain("\n#   \tContainers: []core.Container{\n#   \t\t{\n");
    expect(second).toContain('\n# - \t\t\tWorkingDir: "",\n# + \t\t\tWorkingDir: "/tmp",\n');
    expect(second).toMatch(/\n#   \}\n\n#\napiVersion: v1\nkind: Pod\n/);
    expect(l.api().get("pods", "default", "p").spec!.containers[0].image).toBe("nginx:1.27");
  });

  it("headless (no editor): one clear line, exit 1; missing objects as the builder reports them", async () => {
    const l = lab();
    await run(l, "create", "configmap", "c");
    const r = await run(l, "edit", "cm", "c");
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split("\n").length).toBe(2);
    expect(r.stderr).toMatch(/^error: kubectl edit needs/);
    expect(l.machine.fs.readdir("/tmp").filter((f) => f.startsWith("kubectl-edit-"))).toEqual([]);
    expect((await run(l, "edit", "cm", "nope")).stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
    expect((await run(l, "edit")).stderr).toMatch(/^error: You must provide one or more resources/);
  });
});

describe("kubectl edit extras", () => {
  it("--save-config records the edited object as last-applied; the pod diff shows the volume in the internal shape", async () => {
    const seen: { path: string; mode: string; text: string }[] = [];
    const l = lab([(t) => t.replace("a: b", "a: c"), (t) => t.replace("    imagePullPolicy: Always\n", "    imagePullPolicy: Always\n    workingDir: /tmp\n"), (t) => t], seen);
    await run(l, "create", "configmap", "c", "--from-literal=a=b");
    expect((await run(l, "edit", "cm/c", "--save-config")).stdout).toBe("configmap/c edited\n");
    const ann = l.api().get("configmaps", "default", "c").metadata.annotations!["kubectl.kubernetes.io/last-applied-configuration"];
    expect(JSON.parse(ann).data).toEqual({ a: "c" });
    await run(l, "run", "p", "--image=nginx");
    const r = await run(l, "edit", "pod", "p");
    expect(r.exitCode).toBe(1);
    expect(seen[2].text).toMatch(/\n#   \tVolumes:        \{\{Name: "kube-api-access-\w+", VolumeSource: \{Projected: &\{Sources: \{\{ServiceAccountToken: &\{ExpirationSeconds: 3607, Path: "token"\}\}, \{ConfigMap: &\{LocalObjectReference: \{Name: "kube-root-ca\.crt"\}, Items: \{\{Key: "ca\.crt", Path: "ca\.crt"\}\}\}\}, \{DownwardAPI: &\{Items: \{\{Path: "namespace", FieldRef: &\{APIVersion: "v1", FieldPath: "metadata\.namespace"\}\}\}\}\}\}, DefaultMode: &420\}\}\}\},\n/);
    expect(seen[2].text).toContain("\n#   \t... // 29 identical fields\n#   }\n\n#\n");
  });
});

describe("pod update validation (API server) through apply and patch", () => {
  it("apply of a changed command and a patch of restartPolicy get the server's Forbidden; image changes pass", async () => {
    const l = lab();
    const write = (cmd: string, image = "busybox") =>
      l.machine.fs.writeFile("/root/p.yaml", `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: ${image}\n    command: ["sleep", "${cmd}"]\n`);
    write("3600");
    expect((await run(l, "apply", "-f", "p.yaml")).stdout).toBe("pod/p created\n");
    write("3600", "busybox:1.36");
    expect((await run(l, "apply", "-f", "p.yaml")).stdout).toBe("pod/p configured\n");
    write("7200", "busybox:1.36");
    const r = await run(l, "apply", "-f", "p.yaml");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^The Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,/);
    expect(r.stderr).toContain('\n  \t\t\tCommand: []string{\n  \t\t\t\t"sleep",\n- \t\t\t\t"3600",\n+ \t\t\t\t"7200",\n  \t\t\t},\n');
    expect(r.stderr.endsWith("  }\n\n")).toBe(true);
    const p = await run(l, "patch", "pod", "p", "-p", '{"spec":{"restartPolicy":"Never"}}');
    expect(p.stderr).toContain('\n- \tRestartPolicy:                 "Always",\n+ \tRestartPolicy:                 "Never",\n');
    expect((await run(l, "patch", "pod", "p", "-p", '{"spec":{"activeDeadlineSeconds":600}}')).stdout).toBe("pod/p patched\n");
  });
});

describe("kubectl edit: lists and fixed fields", () => {
  it("a type without names edits the List; renaming is refused with the file kept", async () => {
    const seen: { path: string; mode: string; text: string }[] = [];
    const l = lab([(t) => t.replace("    name: a\n", "    name: a2\n")], seen);
    await run(l, "create", "configmap", "a", "--from-literal=x=1");
    await run(l, "create", "configmap", "b", "--from-literal=x=2");
    const r = await run(l, "edit", "configmap");
    expect(seen[0].text).toMatch(/^# Please edit[^]*#\napiVersion: v1\nitems:\n- apiVersion: v1\n[^]*kind: List\nmetadata: \{\}\n$/);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`A copy of your changes has been stored to "${seen[0].path}"\nerror: At least one of apiVersion, kind and name was changed\n`);
  });
});

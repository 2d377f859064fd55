// Found by fuzzing: `&a [*a]` in a static pod file crashed the kubelet's sync (JSON.stringify of
// a cycle) and nested aliases in `kubectl apply -f` ran the page out of memory.
import { describe, expect, it } from "vitest";
import { aliasingProblem, loadYamlGuarded } from "../../src/engine/yaml-guard.ts";
import { LabSession } from "../../src/shell/session.ts";
import { checkInvariants } from "./oracle.ts";

const bomb = `a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n` + Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(",")}]`).join("\n") + `\napiVersion: v1\nkind: Pod\nmetadata: {name: bomb}\nspec: {containers: [{name: c, image: nginx, args: *a9}]}\n`;

describe("yaml guard", () => {
  it("refuses cycles and alias bombs with go-yaml's words; plain aliases pass", () => {
    expect(() => loadYamlGuarded("&a [*a]")).toThrow("yaml: anchor value contains itself");
    expect(() => loadYamlGuarded(bomb)).toThrow("yaml: document contains excessive aliasing");
    expect(loadYamlGuarded("a: &x {b: 1}\nc: *x\n")).toEqual({ a: { b: 1 }, c: { b: 1 } });
    expect(aliasingProblem({ big: Array.from({ length: 200_000 }, (_, i) => ({ i })) })).toBeNull();
  });

  it("kubectl apply -f and the manifest folder refuse them; the cluster goes on", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    s.writeFile("controlplane", "/root/b.yaml", bomb);
    s.writeFile("controlplane", "/root/c.yaml", "&a [*a]");
    expect((await s.exec("kubectl apply -f b.yaml")).stderr).toBe("error: error parsing b.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing\n");
    expect((await s.exec("kubectl create -f c.yaml")).stderr).toBe("error: error parsing c.yaml: error converting YAML to JSON: yaml: anchor value contains itself\n");
    s.writeFile("controlplane", "/etc/kubernetes/manifests/c.yaml", "&a [*a]");
    s.writeFile("node01", "/etc/kubernetes/manifests/b.yaml", bomb);
    await s.exec("sleep 30");
    const log = (await s.exec("journalctl -u kubelet --no-pager | grep -c 'anchor value contains itself'")).stdout;
    expect(Number(log)).toBeGreaterThan(0);
    checkInvariants(s.cluster, { settled: true });
  });
});

import { describe, expect, it } from "vitest";
import { podDecodeError, workloadDecodeError, zeroNullStrings } from "../../src/engine/api/decode.ts";
import { LabSession } from "../../src/shell/session.ts";
import { decodeStaticPod } from "../../src/engine/node/kubelet/file-source.ts";

describe("typed decode of a Pod", () => {
  it("refuses values of the wrong JSON type with encoding/json's message", () => {
    expect(podDecodeError({ spec: { containers: "n" } })).toBe("json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container");
    expect(podDecodeError({ spec: { containers: ["nginx"] } })).toBe("json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container");
    expect(podDecodeError({ spec: { containers: [{ name: "a", command: "sleep 10" }] } })).toBe("json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string");
    expect(podDecodeError({ metadata: { labels: { a: 1 } } })).toBe("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
    expect(podDecodeError({ metadata: { name: "x" }, spec: { containers: [{ name: "a", image: "nginx" }] } })).toBeNull();
  });

  it("the kubelet logs such a manifest instead of crashing", () => {
    const r = decodeStaticPod("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: [nginx]\n", "/etc/kubernetes/manifests/x.yaml", "controlplane");
    expect(r).toEqual({ error: "/etc/kubernetes/manifests/x.yaml: couldn't parse as pod(json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container), please check config file" });
  });
});

describe("typed decode of the workloads (found by the fuzzer: a cut-off manifest crashed the defaulting)", () => {
  it("refuses objects of the wrong JSON type on the paths the defaulting walks", () => {
    expect(workloadDecodeError("deployments", { spec: "s" })).toBe("json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec");
    expect(workloadDecodeError("statefulsets", { spec: { template: { spec: "con" } } })).toBe("json: cannot unmarshal string into Go struct field PodTemplateSpec.spec.template.spec of type v1.PodSpec");
    expect(workloadDecodeError("deployments", { spec: { strategy: { rollingUpdate: 3 } } })).toBe("json: cannot unmarshal number into Go struct field DeploymentStrategy.spec.strategy.rollingUpdate of type v1.RollingUpdateDeployment");
    expect(workloadDecodeError("daemonsets", { spec: { template: { spec: { containers: "nginx" } } } })).toBe("json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container");
    expect(workloadDecodeError("cronjobs", { spec: { jobTemplate: { spec: { template: [] } } } })).toBe("json: cannot unmarshal array into Go struct field JobSpec.spec.jobTemplate.spec.template of type v1.PodTemplateSpec");
    expect(workloadDecodeError("replicasets", { spec: { template: { metadata: { labels: { a: true } } } } })).toBe("json: cannot unmarshal bool into Go struct field ObjectMeta.spec.template.metadata.labels of type string");
    expect(workloadDecodeError("statefulsets", { spec: { volumeClaimTemplates: [{ spec: "x" }] } })).toBe("json: cannot unmarshal string into Go struct field PersistentVolumeClaim.spec.volumeClaimTemplates.spec of type v1.PersistentVolumeClaimSpec");
    expect(workloadDecodeError("deployments", { metadata: { name: "w" }, spec: { replicas: 1, selector: { matchLabels: { app: "w" } }, template: { metadata: { labels: { app: "w" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } })).toBeNull();
    expect(workloadDecodeError("configmaps", { data: "x" })).toBe("json: cannot unmarshal string into Go struct field ConfigMap.data of type map[string]string");
    expect(workloadDecodeError("configmaps", { data: { a: "x" } })).toBeNull();
  });

  it("kubectl create/apply/replace get the apiserver's BadRequest; the session goes on", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("printf 'apiVersion: apps/v1\\nkind: StatefulSet\\nmetadata:\\n  name: web\\nspec:\\n  replicas: 1\\n  serviceName: nginx\\n  selector:\\n    matchLabels:\\n      app: web\\n  template:\\n    metadata:\\n      labels:\\n        app: web\\n    spec:\\n      con' > /root/s.yaml");
    const r = await s.exec("kubectl create -f /root/s.yaml -o name");
    expect(r).toMatchObject({ stdout: "", exitCode: 1, stderr: 'Error from server (BadRequest): error when creating "/root/s.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field PodTemplateSpec.spec.template.spec of type v1.PodSpec\n' });
    await s.exec("kubectl create deploy a1 --image=nginx");
    await s.exec("printf 'apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name: a1\\nspec:\\n  s' > /root/d.yaml");
    expect((await s.exec("kubectl replace -f /root/d.yaml")).stderr).toBe('Error from server (BadRequest): error when replacing "/root/d.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec\n');
    expect((await s.exec("kubectl get deploy a1 -o jsonpath='{.spec.replicas}'")).stdout).toBe("1");
    // apply of an object that does not exist yet creates it: the error says "creating" (applyOneObject)
    await s.exec("printf 'apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name: a2\\nspec:\\n  template: 3' > /root/e.yaml");
    expect((await s.exec("kubectl apply -f /root/e.yaml")).stderr).toBe('Error from server (BadRequest): error when creating "/root/e.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec\n');
  });
});

describe("a null inside a []string decodes as \"\" (found by the fuzzer, seed 1663: `command:\\n- ` crashed the kubelet's sync)", () => {
  it("pods, templates and static pods keep an empty string", async () => {
    const d = { spec: { template: { spec: { containers: [{ name: "c", command: ["sh", null], args: [null] }] } } } };
    zeroNullStrings("deployments", d);
    expect(d.spec.template.spec.containers[0]).toEqual({ name: "c", command: ["sh", ""], args: [""] });
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: web\\nspec:\\n  containers:\\n    - name: main\\n      image: busybox:1.28\\n      command:\\n        - ' > /root/p.yaml");
    expect((await s.exec("kubectl create -f /root/p.yaml")).stdout).toBe("pod/web created\n");
    expect((await s.exec("kubectl get pod web -o jsonpath='{.spec.containers[0].command}'")).stdout).toBe('[""]');
    await s.exec("cp /root/p.yaml /etc/kubernetes/manifests/p.yaml && sed -i 's/name: web/name: st/' /etc/kubernetes/manifests/p.yaml");
    s.advance(30_000);
    expect((await s.exec("kubectl get pod st-controlplane -o jsonpath='{.spec.containers[0].command}'")).stdout).toBe('[""]');
  });
});

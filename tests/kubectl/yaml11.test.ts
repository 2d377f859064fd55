// YAML 1.1 scalars through the whole lab: kubectl -f / patch read a manifest as sigs.k8s.io/yaml
// does (0400 → 256, yes → true), and the API server's typed decode (encoding/json into the
// k8s.io/api structs) refuses a bool or number where the struct has a string. The client-side
// half is recorded in tests/golden/kubectl-yaml11-corpus.json; the server's words follow
// encoding/json's UnmarshalTypeError ("Go struct field <Struct>.<json path> of type <type>").

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { decodeStaticPod } from "../../src/engine/node/kubelet/file-source.ts";

const write = (file: string, text: string) => `cat > ${file} <<'EOF'\n${text}EOF`;

describe("YAML 1.1 scalars in the cluster", () => {
  it("octal modes, hex counts and yes/on reach the API server as numbers and bools", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(
      write(
        "d.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 0x2\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        tty: yes\n        ports:\n        - containerPort: 0x50\n      volumes:\n      - name: s\n        secret:\n          secretName: s\n          defaultMode: 0400\n",
      ),
    );
    expect((await s.exec("kubectl apply -f d.yaml")).stdout).toBe("deployment.apps/d created\n");
    const r = await s.exec("kubectl get deploy d -o jsonpath='{.spec.replicas} {.spec.template.spec.volumes[0].secret.defaultMode} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.template.spec.containers[0].tty}'");
    expect(r.stdout).toBe("2 256 80 true");
    await s.exec(`kubectl patch deploy d -p '{"spec": {"template": {"spec": {"volumes": [{"name": "s", "secret": {"secretName": "s", "defaultMode": 0o644}}]}}}}'`);
    expect((await s.exec("kubectl get deploy d -o jsonpath='{.spec.template.spec.volumes[0].secret.defaultMode}'")).stdout).toBe("420");
  });

  it("a bool or number where the API has a string is the server's BadRequest; quoted, it is a string", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const cases: [string, string, string][] = [
      ["p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    env:\n    - name: A\n      value: yes\n", 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string'],
      ["c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  mode: 0644\n", 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string'],
      ["s.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: on\n  ports:\n  - port: 80\n", 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServiceSpec.spec.selector of type string'],
      ["x.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  debug: off\n", 'Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal bool into Go struct field Secret.stringData of type string'],
    ];
    for (const [file, text, msg] of cases) {
      await s.exec(write(file, text));
      const r = await s.exec(`kubectl create -f ${file}`);
      expect({ stderr: r.stderr, exit: r.exitCode }).toEqual({ stderr: `Error from server (BadRequest): error when creating "${file}": ${msg}\n`, exit: 1 });
      await s.exec(write(file, text.replace(/: (yes|0644|on|off)\n/, ': "$1"\n')));
      expect((await s.exec(`kubectl create -f ${file}`)).exitCode).toBe(0);
    }
    expect((await s.exec("kubectl get cm c -o jsonpath='{.data.mode}'")).stdout).toBe("0644");
    expect((await s.exec("kubectl get svc s -o jsonpath='{.spec.selector.app}'")).stdout).toBe("on");
  });

  it("the kubelet reads a static pod file the same way", () => {
    const pod = (extra: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: yes\n  containers:\n  - name: c\n    image: nginx\n${extra}`;
    const ok = decodeStaticPod(pod("    args: ['on', '0644']\n"), "/etc/kubernetes/manifests/web.yaml", "controlplane");
    expect("pod" in ok && ok.pod.pod.spec.hostNetwork).toBe(true);
    expect("pod" in ok && ok.pod.pod.spec.containers[0].args).toEqual(["on", "0644"]);
    const bad = decodeStaticPod(pod("    args: [on, 0644]\n"), "/etc/kubernetes/manifests/web.yaml", "controlplane");
    expect(bad).toEqual({ error: "/etc/kubernetes/manifests/web.yaml: couldn't parse as pod(json: cannot unmarshal bool into Go struct field Container.spec.containers.args of type string), please check config file" });
  });
});

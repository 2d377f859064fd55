// ValidatePodSpec's volume checks (pkg/apis/core/validation: ValidateVolumes, ValidateVolumeMounts):
// the volumes first — per volume its source, then its name —, then each container's mounts against
// the volumes that passed. The classic typo (a mount naming no volume) is refused by the API server,
// and the same checks make the kubelet refuse a static pod (fuzz seed 7143: `volumes: [null]` in a
// manifest crashed the file source).

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const write = (file: string, text: string) => `cat > ${file} <<'EOF'\n${text}EOF`;
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe("pod volume validation", () => {
  it("a volumeMount naming no volume, a bad or missing volume name, a volume without a source, a repeated mountPath", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(write("m.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: m\nspec:\n  containers:\n  - name: c\n    image: busybox\n    volumeMounts:\n    - name: data\n      mountPath: /data\n"));
    let r = await s.exec("kubectl create -f m.yaml");
    expect({ err: r.stderr, exit: r.exitCode }).toEqual({ err: 'The Pod "m" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"\n', exit: 1 });

    await s.exec(write("v.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: v\nspec:\n  containers:\n  - name: c\n    image: busybox\n    volumeMounts:\n    - name: ok\n      mountPath: /a\n    - name: ok\n      mountPath: /a\n  volumes:\n  - name: Data\n    emptyDir: {}\n  - name: nosource\n  - \n  - name: ok\n    emptyDir: {}\n"));
    r = await s.exec("kubectl create -f v.yaml");
    expect(r.stderr).toBe(
      'The Pod "v" is invalid: \n' +
        `* spec.volumes[0].name: Invalid value: "Data": ${LABEL}\n` +
        "* spec.volumes[1]: Required value: must specify a volume type\n" +
        "* spec.volumes[2]: Required value: must specify a volume type\n" +
        "* spec.volumes[2].name: Required value\n" +
        '* spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique\n',
    );
    // a Deployment's template is checked the same way
    r = await s.exec("kubectl create deployment d --image=nginx --dry-run=client -o yaml > d.yaml && sed -i 's/        resources: {}/        volumeMounts:\\n        - name: cfg\\n          mountPath: \\/etc\\/cfg/' d.yaml && kubectl apply -f d.yaml");
    expect(r.stderr).toBe('The Deployment "d" is invalid: spec.template.spec.containers[0].volumeMounts[0].name: Not found: "cfg"\n');
  });

  it("the kubelet refuses a static pod with such volumes (and a null item) and says why in its log", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    s.writeFile("controlplane", "/etc/kubernetes/manifests/nullvol.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nullvol\nspec:\n  containers:\n  - name: c\n    image: busybox\n  volumes:\n  - \n");
    await s.exec("sleep 30");
    const log = (await s.exec("journalctl -u kubelet --no-pager | grep nullvol.yaml | tail -1")).stdout;
    expect(log).toContain('"Could not process manifest file" err="invalid pod: [spec.volumes[0]: Required value: must specify a volume type spec.volumes[0].name: Required value]" path="/etc/kubernetes/manifests/nullvol.yaml"');
    expect((await s.exec("kubectl get pods -A | grep -c nullvol")).stdout).toBe("0\n");
  });
});

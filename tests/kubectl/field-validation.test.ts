// Server-side field validation of kubectl create/apply -f (kubectl 1.32 sends fieldValidation=Strict
// unless --validate says otherwise): the create handler's words (apiserver endpoints/handlers/
// create.go transformDecodeError + runtime's strictDecodingError), warnings for Warn, silent
// dropping for Ignore; --dry-run=client sends nothing and keeps the file as written.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const write = (file: string, text: string) => `cat > ${file} <<'EOF'\n${text}EOF`;
const POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labelz: {a: b}\nx: 1\nspec:\n  containers:\n  - name: c\n    image: nginx\n    imagePullPolice: Always\n";
const STRICT = 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.labelz", unknown field "spec.containers[0].imagePullPolice", unknown field "x"';

describe("field validation (--validate)", () => {
  it("strict (the default) refuses unknown fields on create and on apply's create, in the JSON's key order", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(write("p.yaml", POD));
    for (const cmd of ["kubectl create -f p.yaml", "kubectl apply -f p.yaml", "kubectl create -f p.yaml --validate=true", "kubectl create -f p.yaml --dry-run=server"]) {
      const r = await s.exec(cmd);
      expect({ cmd, stdout: r.stdout, stderr: r.stderr, exit: r.exitCode }).toEqual({ cmd, stdout: "", stderr: `Error from server (BadRequest): error when creating "p.yaml": ${STRICT}\n`, exit: 1 });
    }
    expect((await s.exec("kubectl get pod p")).exitCode).toBe(1);
  });

  it("warn creates the object without the unknown fields and prints a Warning per field; ignore drops them silently", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(write("p.yaml", POD));
    const w = await s.exec("kubectl create -f p.yaml --validate=warn");
    expect(w).toMatchObject({ stdout: "pod/p created\n", stderr: 'Warning: unknown field "metadata.labelz"\nWarning: unknown field "spec.containers[0].imagePullPolice"\nWarning: unknown field "x"\n', exitCode: 0 });
    const got = JSON.parse((await s.exec("kubectl get pod p -o json")).stdout);
    expect([got.x, got.metadata.labelz, got.spec.containers[0].imagePullPolice, got.spec.containers[0].imagePullPolicy]).toEqual([undefined, undefined, undefined, "Always"]);
    await s.exec("kubectl delete pod p --now");
    const i = await s.exec("kubectl apply -f p.yaml --validate=false");
    expect(i).toMatchObject({ stdout: "pod/p created\n", stderr: "", exitCode: 0 });
    expect((await s.exec("kubectl get pod p -o jsonpath='{.x}{.metadata.labelz}'")).stdout).toBe("");
    // apply's annotation keeps the file as written (kubectl computes it before sending)
    const applied = JSON.parse((await s.exec("kubectl get pod p -o json")).stdout).metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"];
    expect(applied).toContain('"x":1');
  });

  it("replace (update.go answers as create.go does): refused with strict, warned about with warn", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl create cm c --from-literal=a=b");
    await s.exec(write("c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: c\nx: 1\n"));
    expect(await s.exec("kubectl replace -f c.yaml")).toMatchObject({ stdout: "", stderr: 'Error from server (BadRequest): error when replacing "c.yaml": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "x"\n', exitCode: 1 });
    expect(await s.exec("kubectl replace -f c.yaml --validate=warn")).toMatchObject({ stdout: "configmap/c replaced\n", stderr: 'Warning: unknown field "x"\n', exitCode: 0 });
    expect((await s.exec("kubectl get cm c -o jsonpath='{.data.a}{.x}'")).stdout).toBe("c");
  });

  it("--dry-run=client prints the file as written; a wrong --validate value is refused first", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(write("p.yaml", POD));
    expect((await s.exec("kubectl create -f p.yaml --dry-run=client -o jsonpath='{.x}'")).stdout).toBe("1");
    expect(await s.exec("kubectl create -f nothing.yaml --validate=Strict")).toMatchObject({ stderr: 'error: invalid - validate option "Strict"; must be one of: strict (or true), warn, ignore (or false)\n', exitCode: 1 });
  });

  it("a wrongly typed field is the typed decode's error, before any unknown field", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(write("p.yaml", POD.replace("    imagePullPolice: Always\n", "    imagePullPolice: Always\n    env:\n    - name: A\n      value: yes\n")));
    expect((await s.exec("kubectl create -f p.yaml")).stderr).toBe('Error from server (BadRequest): error when creating "p.yaml": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string\n');
  });

  it("full manifests of the usual kinds pass untouched", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(
      write(
        "all.yaml",
        `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
  annotations: {a: b}
spec:
  replicas: 2
  revisionHistoryLimit: 3
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: default
      nodeSelector: {kubernetes.io/os: linux}
      tolerations: [{key: k, operator: Exists, effect: NoSchedule}]
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}
      securityContext: {runAsNonRoot: false, fsGroup: 2000}
      initContainers:
      - {name: init, image: busybox, command: [sh, -c, "true"]}
      containers:
      - name: nginx
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
        ports: [{containerPort: 80, name: http, protocol: TCP}]
        env: [{name: A, value: "1"}, {name: B, valueFrom: {configMapKeyRef: {name: c, key: k, optional: true}}}]
        envFrom: [{secretRef: {name: s, optional: true}}]
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}
        readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 1, periodSeconds: 5}
        livenessProbe: {tcpSocket: {port: http}, failureThreshold: 3}
        lifecycle: {preStop: {exec: {command: [sleep, "1"]}}}
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        volumeMounts: [{name: data, mountPath: /data, readOnly: true}]
      volumes:
      - {name: data, emptyDir: {sizeLimit: 1Gi}}
      - {name: s, secret: {secretName: s, defaultMode: 0400, items: [{key: k, path: k, mode: 0644}]}}
      - {name: c, configMap: {name: c}}
      - {name: h, hostPath: {path: /tmp, type: DirectoryOrCreate}}
      - {name: v, persistentVolumeClaim: {claimName: v}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30080, protocol: TCP}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {a: b}}, podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{port: 80, protocol: TCP}]}]
  egress: [{to: [{podSelector: {}}], ports: [{port: 53, protocol: UDP, endPort: 60}]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  schedule: "*/5 * * * *"
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 1
  jobTemplate:
    spec:
      backoffLimit: 2
      ttlSecondsAfterFinished: 60
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: c, image: busybox, args: [date]}]
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath: {path: /mnt/data}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list], resourceNames: [a]}]
`,
      ),
    );
    const r = await s.exec("kubectl create -f all.yaml");
    expect({ stderr: r.stderr, exit: r.exitCode }).toEqual({ stderr: "", exit: 0 });
    expect((await s.exec("kubectl get deploy web -o jsonpath='{.spec.template.spec.volumes[1].secret.defaultMode}'")).stdout).toBe("256");
  });
});

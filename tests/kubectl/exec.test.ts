// kubectl exec through a just-bash shell over the container's view (image userland, /etc files,
// volumes), with the network clients on the engine's network model.

import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { DEFAULT_SPEC } from "../../src/engine/cluster.ts";

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: box
  labels: {role: client}
spec:
  nodeName: node01
  volumes:
  - name: cfg
    configMap: {name: cfg}
  - name: scratch
    emptyDir: {}
  - name: host
    hostPath: {path: /srv/data, type: DirectoryOrCreate}
  containers:
  - name: box
    image: busybox:1.36
    command: ["sh", "-c", "echo hi > /tmp/started; sleep 3600"]
    volumeMounts:
    - {name: cfg, mountPath: /etc/cfg}
    - {name: scratch, mountPath: /scratch}
    - {name: host, mountPath: /data}
  - name: side
    image: busybox:1.36
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: scratch, mountPath: /shared}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: proxy
spec:
  containers:
  - name: proxy
    image: registry.k8s.io/kube-proxy:v1.32.5
    command: ["/usr/local/bin/kube-proxy"]
`;

async function lab(runtime: "docker" | "containerd" = "docker"): Promise<LabSession> {
  const s = new LabSession({ timeMode: "virtual", spec: { ...DEFAULT_SPEC, runtime } });
  s.writeFile("controlplane", "/root/pods.yaml", MANIFEST);
  await s.exec("kubectl create configmap cfg --from-literal=mode=prod && kubectl apply -f pods.yaml && kubectl expose pod web --port 80 && kubectl create svc clusterip nobody --tcp=80:80");
  await s.exec("sleep 60");
  return s;
}

describe("kubectl exec runs a shell in the container", () => {
  let s: LabSession;
  beforeAll(async () => {
    s = await lab();
  });

  it("pipes, redirects, loops and variables in sh -c; the main process's files are there", async () => {
    const r = await s.exec(`kubectl exec box -c box -- sh -c 'for i in 1 2 3; do echo n$i; done | tail -n 2; cat /tmp/started; echo $HOSTNAME'`);
    expect(r.stdout).toBe("n2\nn3\nhi\nbox\n");
    expect(r.exitCode).toBe(0);
  });

  it("Ctrl-C stops a loop of builtins in the container at once (the loops yield to the host, loop-tick.ts; found by the fuzzer: the page's thread was held until the command limit); set -x shows no ticks", async () => {
    for (const line of ["kubectl exec box -c box -- sh -c 'while true; do date; done'", "kubectl exec -it box -c box -- sh -c 'until false; do :; done'", "kubectl exec box -c box -- sh -c 'for i in $(seq 1 90000); do true; done'"]) {
      let firedAt = 0;
      setTimeout(() => {
        firedAt = performance.now();
        s.interrupt();
      }, 50);
      const r = await s.exec(line, { onOutput: () => undefined });
      expect(firedAt, line).toBeGreaterThan(0);
      expect(performance.now() - firedAt, line).toBeLessThan(1000);
      expect(r.exitCode, line).toBe(130);
    }
    expect(await s.exec(`kubectl exec box -c box -- sh -c 'set -x; false; for i in 1 2; do echo $?; done; while false; do :; done'`)).toMatchObject({ stdout: "1\n0\n", stderr: "+ false\n+ echo 1\n+ echo 0\n+ false\n", exitCode: 0 });
  });

  it("files written in the container persist for its life; /etc files are the kubelet's", async () => {
    await s.exec(`kubectl exec box -c box -- sh -c 'echo saved > /tmp/note'`);
    expect((await s.exec("kubectl exec box -c box -- cat /tmp/note")).stdout).toBe("saved\n");
    expect((await s.exec("kubectl exec box -c box -- cat /etc/resolv.conf")).stdout).toBe("search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
  });

  it("volumes: configMap files, an emptyDir shared between containers, hostPath on the node's filesystem", async () => {
    expect((await s.exec("kubectl exec box -c box -- cat /etc/cfg/mode")).stdout).toBe("prod");
    await s.exec(`kubectl exec box -c box -- sh -c 'echo shared > /scratch/x'`);
    expect((await s.exec("kubectl exec box -c side -- cat /shared/x")).stdout).toBe("shared\n");
    await s.exec(`kubectl exec box -c box -- sh -c 'echo on-node > /data/f.txt'`);
    expect(s.readFile("node01", "/srv/data/f.txt")).toBe("on-node\n");
  });

  it("a command the image does not have: the shell's 127, and the runtime's 126 with Docker", async () => {
    const r = await s.exec(`kubectl exec box -c box -- sh -c 'curl x'`);
    expect(r.stderr).toBe("sh: curl: not found\ncommand terminated with exit code 127\n");
    expect(r.exitCode).toBe(127);
    const d = await s.exec("kubectl exec box -c box -- curl http://web");
    expect(d.stdout).toBe('OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\r\n');
    expect(d.stderr).toBe("command terminated with exit code 126\n");
    expect(d.exitCode).toBe(126);
  });

  it("an image without a shell: sh is not found", async () => {
    const r = await s.exec("kubectl exec proxy -- sh -c 'echo hi'");
    expect(r.stdout).toContain('exec: "sh": executable file not found in $PATH');
    expect(r.exitCode).toBe(126);
  });

  it("busybox wget and nslookup reach Services through the network model", async () => {
    const r = await s.exec("kubectl exec box -c box -- wget -qO- web");
    expect(r.stdout).toContain("<h1>Welcome to nginx!</h1>");
    const ip = (await s.exec("kubectl get svc nobody -o jsonpath='{.spec.clusterIP}'")).stdout;
    const refused = await s.exec("kubectl exec box -c box -- wget -qO- nobody");
    expect(refused.stderr).toBe(`wget: can't connect to remote host (${ip}): Connection refused\ncommand terminated with exit code 1\n`);
    const bad = await s.exec("kubectl exec box -c box -- wget -qO- nosuch");
    expect(bad.stderr).toBe("wget: bad address 'nosuch'\ncommand terminated with exit code 1\n");
    const ns = await s.exec("kubectl exec box -c box -- nslookup web");
    const webIp = (await s.exec("kubectl get svc web -o jsonpath='{.spec.clusterIP}'")).stdout;
    expect(ns.stdout).toContain(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${webIp}\n`);
    expect(ns.stdout).toContain("** server can't find web.svc.cluster.local: NXDOMAIN\n");
  });

  it("a NetworkPolicy that drops the traffic: wget -T times out after T seconds of virtual time", async () => {
    s.writeFile("controlplane", "/root/deny.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n");
    await s.exec("kubectl apply -f deny.yaml");
    const t0 = s.cluster.now();
    const r = await s.exec("kubectl exec box -c box -- wget -qO- -T 3 web");
    expect(r.stderr).toBe("wget: download timed out\ncommand terminated with exit code 1\n");
    expect(s.cluster.now() - t0).toBeGreaterThanOrEqual(3000);
    await s.exec("kubectl delete netpol deny");
  });

  it("exec rm of a file the probe reads reaches the container's file table", async () => {
    await s.exec("kubectl exec box -c box -- rm /tmp/started");
    const pod = s.cluster.store.peek("pods", "default", "box")!;
    const m = s.cluster.machine("node01")!;
    const ctr = m.runtime.attempts(pod.metadata.uid!, "box").at(-1)!;
    expect(ctr.files?.has("/tmp/started")).toBe(false);
  });

  it("the image's own programs: nginx -v, curl in the nginx image, and writes to its document root are what it serves", async () => {
    expect((await s.exec("kubectl exec web -- nginx -v")).stderr).toBe("nginx version: nginx/1.27.5\n");
    await s.exec(`kubectl exec web -- sh -c 'echo custom > /usr/share/nginx/html/index.html'`);
    expect((await s.exec("kubectl exec box -c box -- wget -qO- web")).stdout).toBe("custom\n");
    expect((await s.exec("kubectl exec web -- curl -s localhost")).stdout).toBe("custom\n");
  });
});

describe("kubectl exec with containerd", () => {
  // issue 7: exec and logs choose the container as kubectl does (podcmd.FindOrDefaultContainerByName,
  // logsForObject); a -c the pod does not have is the API server's error for exec, kubectl's for logs
  it("the container choice: Defaulted container (-q silences exec's), an unknown -c, the default-container annotation", async () => {
    const s = await lab("containerd");
    let r = await s.exec("kubectl exec box -- cat /tmp/started");
    expect([r.stdout, r.stderr]).toEqual(["hi\n", 'Defaulted container "box" out of: box, side\n']);
    expect((await s.exec("kubectl exec -q box -- cat /tmp/started")).stderr).toBe("");
    r = await s.exec("kubectl exec box -c nope -- true");
    expect([r.stderr, r.exitCode]).toEqual(["Error from server (BadRequest): container nope is not valid for pod box\n", 1]);
    r = await s.exec("kubectl logs box -c nope");
    expect([r.stderr, r.exitCode]).toEqual(["error: container nope is not valid for pod box\n", 1]);
    expect((await s.exec("kubectl logs box")).stderr).toBe('Defaulted container "box" out of: box, side\n');
    await s.exec("kubectl annotate pod box kubectl.kubernetes.io/default-container=gone");
    expect((await s.exec("kubectl logs box")).stderr).toBe('Default container name "gone" not found in pod box\nDefaulted container "box" out of: box, side\n');
    expect((await s.exec("kubectl exec box -- true")).stderr).toBe('Defaulted container "box" out of: box, side\n');
    await s.exec("kubectl annotate pod box kubectl.kubernetes.io/default-container=side --overwrite");
    r = await s.exec("kubectl exec box -- ls -d /shared");
    expect([r.stdout, r.stderr]).toEqual(["/shared\n", ""]);
    expect((await s.exec("kubectl logs box")).stderr).toBe("");
  });

  it("a missing binary is the kubelet's InternalError", async () => {
    const s = await lab("containerd");
    const r = await s.exec("kubectl exec box -c box -- curl http://web");
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in \$PATH: unknown\n$/);
    expect(r.exitCode).toBe(1);
  });
});

describe("curl on the nodes", () => {
  it("reaches a ClusterIP from the host network; names of Services do not resolve there; refused and timeouts as curl 8.5 prints them", async () => {
    const s = await lab();
    const ip = (await s.exec("kubectl get svc web -o jsonpath='{.spec.clusterIP}'")).stdout;
    const ok = await s.exec(`curl -s http://${ip}`);
    expect(ok.stdout).toContain("<title>Welcome to nginx!</title>");
    expect(ok.exitCode).toBe(0);
    const head = await s.exec(`curl -sI ${ip}`);
    expect(head.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.27\.5\r\n/);
    expect(await s.exec("curl http://web")).toMatchObject({ stderr: "curl: (6) Could not resolve host: web\n", exitCode: 6 });
    const nobody = (await s.exec("kubectl get svc nobody -o jsonpath='{.spec.clusterIP}'")).stdout;
    expect(await s.exec(`curl ${nobody}`)).toMatchObject({ stderr: `curl: (7) Failed to connect to ${nobody} port 80 after 0 ms: Couldn't connect to server\n`, exitCode: 7 });
    const t0 = s.cluster.now();
    expect(await s.exec(`curl -s --connect-timeout 5 ${ip}:8080`)).toMatchObject({ stderr: "", exitCode: 28 });
    expect(s.cluster.now() - t0).toBeGreaterThanOrEqual(5000);
    expect(await s.exec(`curl -m 2 ${ip}:8080`)).toMatchObject({ stderr: `curl: (28) Failed to connect to ${ip} port 8080 after 2001 ms: Timeout was reached\n`, exitCode: 28 });
  });
});

// issue 7: curl to the API server gave (52) Empty reply. Anonymous requests go through the
// API server's RBAC (system:public-info-viewer allows the health paths and /version).
describe("curl to the control plane", () => {
  const SSL_HELP =
    "More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n";
  it("health paths and /version for system:anonymous, the 403 Status for the rest; TLS checks as curl 8.5 prints them", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect(await s.exec("curl -sk https://127.0.0.1:6443/healthz")).toMatchObject({ stdout: "ok", stderr: "", exitCode: 0 });
    expect((await s.exec("curl -sk https://localhost:6443/livez")).stdout).toBe("ok");
    expect((await s.exec("curl -sk https://127.0.0.1:6443/readyz")).stdout).toBe("ok");
    const v = JSON.parse((await s.exec("curl -sk https://127.0.0.1:6443/version")).stdout);
    expect(v).toEqual({ major: "1", minor: "32", gitVersion: "v1.32.5", gitCommit: "9894294ef13a5b32803e3ca2c0d620a088cc84d1", gitTreeState: "clean", buildDate: "2025-05-15T09:12:10Z", goVersion: "go1.23.8", compiler: "gc", platform: "linux/amd64" });
    expect((await s.exec("curl -sk https://127.0.0.1:6443/api/v1/pods")).stdout).toBe(
      '{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "pods is forbidden: User \\"system:anonymous\\" cannot list resource \\"pods\\" in API group \\"\\" at the cluster scope",\n  "reason": "Forbidden",\n  "details": {\n    "kind": "pods"\n  },\n  "code": 403\n}',
    );
    expect(JSON.parse((await s.exec("curl -sk https://127.0.0.1:6443/apis/apps/v1/namespaces/default/deployments/web")).stdout).message).toBe(
      'deployments.apps "web" is forbidden: User "system:anonymous" cannot get resource "deployments" in API group "apps" in the namespace "default"',
    );
    expect(JSON.parse((await s.exec("curl -sk https://127.0.0.1:6443/")).stdout)).toMatchObject({ message: 'forbidden: User "system:anonymous" cannot get path "/"', details: {}, code: 403 });
    // state: without the public-info-viewer binding the health paths are forbidden too
    await s.exec("kubectl delete clusterrolebinding system:public-info-viewer");
    expect(JSON.parse((await s.exec("curl -sk https://127.0.0.1:6443/healthz")).stdout).message).toBe('forbidden: User "system:anonymous" cannot get path "/healthz"');
    // -i: HTTP/2 (ALPN h2) with the handler chain's headers
    const i = (await s.exec("curl -sik https://127.0.0.1:6443/version")).stdout;
    expect(i).toMatch(/^HTTP\/2 403 \r\naudit-id: [0-9a-f-]{36}\r\ncache-control: no-cache, private\r\ncontent-type: application\/json\r\nx-content-type-options: nosniff\r\nx-kubernetes-pf-flowschema-uid: [0-9a-f-]{36}\r\nx-kubernetes-pf-prioritylevel-uid: [0-9a-f-]{36}\r\ncontent-length: \d+\r\ndate: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r\n\r\n\{/);
    // TLS: the cluster CA is not in the system store; the API server's certificate has no 127.0.0.1 SAN
    expect(await s.exec("curl https://127.0.0.1:6443/healthz")).toMatchObject({ stdout: "", stderr: `curl: (60) SSL certificate problem: unable to get local issuer certificate\n${SSL_HELP}`, exitCode: 60 });
    expect((await s.exec("curl --cacert /etc/kubernetes/pki/ca.crt https://127.0.0.1:6443/version")).stderr).toBe(`curl: (60) SSL: no alternative certificate subject name matches target host name '127.0.0.1'\n${SSL_HELP}`);
    expect(await s.exec("curl -s --cacert /etc/kubernetes/pki/ca.crt https://controlplane:6443/version")).toMatchObject({ exitCode: 0 });
    expect((await s.exec("curl -s --cacert /etc/kubernetes/pki/etcd/ca.crt https://172.30.1.2:6443/version")).exitCode).toBe(60);
    expect(await s.exec("curl --cacert /nope https://172.30.1.2:6443/version")).toMatchObject({ stderr: "curl: (77) error setting certificate file: /nope\n", exitCode: 77 });
    expect(await s.exec("curl -s http://127.0.0.1:6443/healthz")).toMatchObject({ stdout: "Client sent an HTTP request to an HTTPS server.\n", exitCode: 0 });
    // the kubelet: 10248 plain healthz on loopback, 10250 needs credentials
    expect((await s.exec("curl -s http://127.0.0.1:10248/healthz")).stdout).toBe("ok");
    expect((await s.exec("curl -sk https://127.0.0.1:10250/healthz")).stdout).toBe("Unauthorized");
    expect((await s.exec("curl -s https://127.0.0.1:10250/healthz")).exitCode).toBe(60);
    // the controller manager and the scheduler on 127.0.0.1 only; etcd wants a client certificate
    expect((await s.exec("curl -sk https://127.0.0.1:10257/healthz")).stdout).toBe("ok");
    expect((await s.exec("curl -sk https://172.30.1.2:10259/healthz")).exitCode).toBe(7);
    expect(await s.exec("curl -k https://127.0.0.1:2379/health")).toMatchObject({ stderr: "curl: (56) OpenSSL SSL_read: OpenSSL/3.0.13: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0\n", exitCode: 56 });
    expect((await s.exec("curl -s http://127.0.0.1:2381/health")).stdout).toBe('{"health":"true","reason":""}');
    expect(await s.exec("curl https://127.0.0.1:2381/health")).toMatchObject({ stderr: "curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n", exitCode: 35 });
  });

  it("from a pod: the kubernetes Service and the service account's CA", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl run c --image=nginx");
    await s.exec("sleep 20");
    expect((await s.exec("kubectl exec c -- curl -s https://kubernetes.default.svc/healthz")).exitCode).toBe(60);
    expect((await s.exec("kubectl exec c -- curl -s --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt https://kubernetes.default.svc/livez")).stdout).toBe("ok");
  });
});

// A container's main process reaches the network and its volumes (kubelet/world.ts): kubectl
// run … -- wget/nslookup/curl/ping, a loop that calls a Service (its log), a NetworkPolicy
// applied while it runs (timeouts from then on, at the wget's -T), a configMap file read by cat.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { imageHttp } from "../../src/engine/images/catalog.ts";

async function lab(): Promise<LabSession> {
  const s = new LabSession({ timeMode: "virtual" });
  await s.exec("kubectl create deployment web --image=nginx:1.27");
  await s.exec("kubectl expose deployment web --port=80");
  await s.exec("kubectl wait --for=condition=Available deployment/web --timeout=120s");
  return s;
}

const HINT = "If you don't see a command prompt, try pressing enter.\n";
const clusterIP = (s: LabSession, name: string) => s.cluster.store.peek("services", "default", name)!.spec.clusterIP as string;
const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress]
`;

describe("kubectl run … -- a network client", () => {
  it("wget -qO- a Service with endpoints streams the nginx page; curlimages/curl's entrypoint runs curl", async () => {
    const s = await lab();
    const page = imageHttp("docker.io/library/nginx")!.index;
    const r = await s.exec("kubectl run tmp --image=busybox --rm -i --restart=Never -- wget -qO- web");
    expect(r).toMatchObject({ stdout: `${page}pod "tmp" deleted\n`, stderr: HINT, exitCode: 0 });
    const c = await s.exec("kubectl run c --image=curlimages/curl --rm -i --restart=Never -- curl -s web -o /dev/null -w '%{http_code}\\n'");
    expect(c).toMatchObject({ stdout: `200\npod "c" deleted\n`, stderr: HINT, exitCode: 0 });
  });

  it("a Service without endpoints: connection refused at once; blocked by a policy: 'download timed out' after -T", async () => {
    const s = await lab();
    await s.exec("kubectl create service clusterip empty --tcp=80");
    const t0 = s.cluster.now();
    const r = await s.exec("kubectl run t1 --image=busybox --rm -i --restart=Never -- wget -qO- -T 2 empty");
    expect(r).toMatchObject({ stdout: `pod "t1" deleted\n`, stderr: `${HINT}wget: can't connect to remote host (${clusterIP(s, "empty")}): Connection refused\npod default/t1 terminated (Error)\n`, exitCode: 1 });
    expect(s.cluster.now() - t0).toBeLessThan(5_000);
    await s.exec(`cat > /tmp/np.yaml <<'X'\n${DENY}X`);
    await s.exec("kubectl apply -f /tmp/np.yaml");
    await s.exec("kubectl run t2 --image=busybox --restart=Never -- sh -c 'wget -qO- -T 2 web || echo blocked'");
    await s.exec("kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/t2 --timeout=60s");
    expect((await s.exec("kubectl logs t2")).stdout).toBe("wget: download timed out\nblocked\n");
    const st = s.cluster.store.peek("pods", "default", "t2")!.status!.containerStatuses[0].state.terminated;
    expect(Date.parse(st.finishedAt) - Date.parse(st.startedAt)).toBe(2000);
  });

  it("nslookup: CoreDNS answers the Service name through the search path", async () => {
    const s = await lab();
    const r = await s.exec("kubectl run dns --image=busybox:1.36 --rm -i --restart=Never -- nslookup web");
    const nx = (n: string) => `** server can't find ${n}: NXDOMAIN\n\n`;
    expect(r.stdout).toBe(
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${clusterIP(s, "web")}\n\n` +
        nx("web.svc.cluster.local") + nx("web.cluster.local") + "\n" + nx("web.svc.cluster.local") + nx("web.cluster.local") + `pod "dns" deleted\n`,
    );
    expect(r.exitCode).toBe(0);
  });

  it("busybox ping: a pod IP answers, a ClusterIP does not (100% loss, exit 1 after busybox's 10 s wait)", async () => {
    const s = await lab();
    const ip = s.cluster.store.listRaw("pods").find((p) => p.metadata.name!.startsWith("web-"))!.status!.podIP as string;
    const ok = await s.exec(`kubectl run p1 --image=busybox --rm -i --restart=Never -- ping -c 2 ${ip}`);
    expect(ok.stdout).toMatch(new RegExp(`^PING ${ip.replace(/\./g, "\\.")} \\(${ip.replace(/\./g, "\\.")}\\): 56 data bytes\\n64 bytes from ${ip.replace(/\./g, "\\.")}: seq=0 ttl=6[23] time=0\\.\\d{3} ms\\n64 bytes from .*: seq=1 .*\\n\\n--- .* ping statistics ---\\n2 packets transmitted, 2 packets received, 0% packet loss\\nround-trip min/avg/max = [\\d./]+ ms\\npod "p1" deleted\\n$`));
    const t0 = s.cluster.now();
    const no = await s.exec("kubectl run p2 --image=busybox --rm -i --restart=Never -- ping -c 2 web");
    expect(no).toMatchObject({ stdout: `PING web (${clusterIP(s, "web")}): 56 data bytes\n\n--- web ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\npod "p2" deleted\n`, exitCode: 1 });
    expect(s.cluster.now() - t0).toBeGreaterThanOrEqual(11_000);
  });
});

describe("a pod that loops over wget", () => {
  it("its log shows the answers; a NetworkPolicy applied meanwhile turns the next rounds into timeouts 2 s later, deleting it brings them back", async () => {
    const s = await lab();
    await s.exec(`kubectl run loop --image=busybox -- sh -c 'while true; do wget -qO- -T 2 web >/dev/null && echo ok || echo fail; sleep 5; done'`);
    await s.exec("kubectl wait --for=condition=Ready pod/loop --timeout=60s");
    await s.exec("sleep 12");
    await s.exec(`cat > /tmp/np.yaml <<'X'\n${DENY}X`);
    await s.exec("kubectl apply -f /tmp/np.yaml");
    const applied = s.cluster.now();
    await s.exec("sleep 15");
    await s.exec("kubectl delete netpol deny");
    const deleted = s.cluster.now();
    await s.exec("sleep 11");
    const lines = (await s.exec("kubectl logs loop --timestamps")).stdout.trim().split("\n").map((l) => ({ at: Date.parse(l.slice(0, 30)), text: l.slice(31) }));
    const start = lines[0].at;
    // rounds every 5 s while the page comes; a blocked round takes the wget's 2 s more
    const before = lines.filter((l) => l.at < applied);
    expect(before.map((l) => l.text)).toEqual(before.map(() => "ok"));
    expect(before.map((l) => l.at - start)).toEqual(before.map((_, i) => i * 5000));
    const blocked = lines.filter((l) => l.at > applied && l.at <= deleted + 7000 && l.text !== "ok");
    expect(blocked.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < blocked.length; i += 2) {
      expect(blocked[i].text).toBe("wget: download timed out");
      expect(blocked[i + 1]).toEqual({ at: blocked[i].at, text: "fail" });
    }
    expect(blocked[2].at - blocked[0].at).toBe(7000);
    const after = lines.filter((l) => l.at > blocked[blocked.length - 1].at);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after.map((l) => l.text)).toEqual(after.map(() => "ok"));
  });
});

describe("the main process reads its volumes", () => {
  it("cat of a configMap file as the container's command, and inside sh -c", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("echo mode=prod > /tmp/app.conf; kubectl create configmap app --from-file=/tmp/app.conf");
    await s.exec(`cat > /tmp/p.yaml <<'X'
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: busybox
    command: ["cat", "/config/app.conf"]
    volumeMounts:
    - name: cfg
      mountPath: /config
  - name: sh
    image: busybox
    command: ["sh", "-c", "echo conf: $(cat /config/app.conf); cat /config/missing"]
    volumeMounts:
    - name: cfg
      mountPath: /config
  volumes:
  - name: cfg
    configMap:
      name: app
X`);
    await s.exec("kubectl apply -f /tmp/p.yaml");
    await s.exec("kubectl wait --for=jsonpath='{.status.phase}'=Failed pod/reader --timeout=60s");
    expect((await s.exec("kubectl logs reader -c c")).stdout).toBe("mode=prod\n");
    expect((await s.exec("kubectl logs reader -c sh")).stdout).toBe("conf: mode=prod\ncat: can't open '/config/missing': No such file or directory\n");
  });
});

// Generators for the tools that came after the first fuzz grammar (grammar.ts): RBAC (auth
// can-i, --as), storage (PV/PVC/StorageClass), exec into containers with the network clients
// and `sh -c` scripts from a small shell grammar, streaming commands (get -w, logs -f,
// journalctl -f, run -it --rm, attach), etcdctl/etcdutl with snapshot/restore/manifest edits,
// openssl and CSRs, apt/dpkg and kubeadm upgrade sequences, cluster-info, componentstatuses,
// node ports, StatefulSets/HPAs, CRDs and their custom resources, kubectl explain, and random
// kustomization folders. Valid, near-valid and hostile forms alike.

import fc from "fast-check";
import { stringify } from "yaml";

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

function words(...parts: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  return fc.tuple(...parts).map((xs) => xs.filter((x) => x !== "").join(" "));
}

const some = (a: fc.Arbitrary<string>, max: number) => fc.array(a, { maxLength: max }).map((xs) => xs.join(" "));

/** Single-quote a string for bash. */
export function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const junk = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12, unit: "binary" }), pick("9".repeat(30), "-1", "0", "1e309", "NaN", "0x10", "%s%n", "../../../../etc/passwd", "$(id)", "`id`", "a".repeat(300))).map((s) => s.replace(/[\n\0]/g, " "));

const podNames = pick("web", "nginx", "x", "busybox", "app-1", "web-0", "sleeper", "etcd-controlplane", "kube-apiserver-controlplane", "coredns", "nope", "");
const svcHosts = pick("web", "nginx", "api", "kubernetes", "kubernetes.default", "kubernetes.default.svc.cluster.local", "web-0.nginx", "web.default.svc", "10.96.0.1", "10.96.0.10", "127.0.0.1", "localhost", "1.2.3.4", "999.1.1.1", "", "kube-dns.kube-system", "controlplane", "node01", "172.30.1.2", "172.30.2.2");
const ports = pick("80", "443", "6443", "53", "8080", "30080", "0", "99999", "-1", "abc", "");
const url = fc.tuple(pick("http://", "https://", "", "ftp://", "http://["), svcHosts, fc.option(ports, { nil: "" }), pick("", "/", "/healthz", "/version", "/api/v1/pods", "/../../x", "/?a=b&c", "/%zz")).map(([s, h, p, path]) => `${s}${h}${p ? `:${p}` : ""}${path}`);

// ---------------------------------------------------------------- the network clients

export const netClient: fc.Arbitrary<string> = fc.oneof(
  words(pick("wget"), some(pick("-q", "-O-", "-qO-", "-O /tmp/x", "-O", "-T 1", "-T 2", "-T 0", "-T abc", "--timeout=1", "-S", "--spider", "-Y off", "--bogus", "-U agent"), 3), url),
  words(pick("curl"), some(pick("-s", "-k", "-v", "-I", "-sS", "-m 1", "-m 2", "-m abc", "--max-time 1", "--connect-timeout 1", "-o /tmp/c", "-o", "-L", "-X POST", "-H 'X: y'", "-d a=b", "--cacert /etc/kubernetes/pki/ca.crt", "--cert /etc/kubernetes/pki/apiserver-kubelet-client.crt --key /etc/kubernetes/pki/apiserver-kubelet-client.key", "-w '%{http_code}'", "--bogus", "-"), 3), url),
  words(pick("nslookup"), svcHosts, pick("", "10.96.0.10", "8.8.8.8", "bogus")),
  words(pick("nc"), some(pick("-z", "-v", "-zv", "-w 1", "-w 2", "-w abc", "-u", "-l", "-p 80", "-e /bin/sh"), 3), svcHosts, ports),
  words(pick("ping -c 1", "ping -c 1 -W 1", "telnet", "host", "dig"), svcHosts),
);

// ---------------------------------------------------------------- a small shell grammar for `sh -c`

const simpleStmt: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: pick("echo hi", "echo $i", "echo \"$(hostname)\"", "date", "hostname", "cat /etc/hosts", "cat /etc/resolv.conf", "true", "false", ":", "i=$((i+1))", "touch /tmp/ready", "rm -f /tmp/ready", "echo x >> /tmp/log", "cat /tmp/log", "[ -f /tmp/ready ] && echo yes", "test -e /nope || echo no", "ls /", "env", "id", "ps", "printenv HOSTNAME", "read x", "wait", "set -e", "set -x", "shift", "echo $$", "echo $?", "echo ${x:-def}", "echo ${x:?unset}", "mkdir -p /data && echo ok > /data/f", "df -h", "whoami", "uname -a", "head -c 10 /dev/urandom", "yes | head -n 3", "seq 1 5") },
  { weight: 3, arbitrary: fc.tuple(pick("sleep"), pick("0", "1", "2", "5", "30", "3600", "1000000", "abc", "-1", "0.5", "infinity", "")).map(([a, b]) => `${a} ${b}`.trim()) },
  { weight: 1, arbitrary: pick("exit 0", "exit 1", "exit 3", "exit 255", "exit 256", "exit -1", "exit abc", "kill -TERM $$", "kill -9 $$", "kill -INT 1", "kill 1") },
  { weight: 2, arbitrary: fc.tuple(pick("trap", "trap"), pick("'echo bye; exit 0'", "'echo term'", "''", "'exit 3'", "-", "'kill -9 $$'", "'sleep 100'"), pick("TERM", "INT", "EXIT", "HUP", "TERM INT", "BOGUS", "")).map((xs) => xs.join(" ").trim()) },
  { weight: 3, arbitrary: netClient },
);

export const shScript: fc.Arbitrary<string> = fc.letrec<{ stmt: string; list: string }>((tie) => ({
  stmt: fc.oneof(
    { maxDepth: 2, depthIdentifier: "sh", withCrossShrink: true },
    { weight: 8, arbitrary: simpleStmt },
    { weight: 1, arbitrary: tie("list").map((l) => `while true; do ${l}; done`) },
    { weight: 1, arbitrary: fc.tuple(pick("1 2 3", "$(seq 1 3)", "a b", "", "$(seq 1 100000)"), tie("list")).map(([xs, l]) => `for i in ${xs}; do ${l}; done`) },
    { weight: 1, arbitrary: tie("list").map((l) => `until false; do ${l}; done`) },
    { weight: 1, arbitrary: fc.tuple(simpleStmt, tie("list"), tie("list")).map(([c, a, b]) => `if ${c}; then ${a}; else ${b}; fi`) },
    { weight: 1, arbitrary: tie("list").map((l) => `( ${l} )`) },
    { weight: 1, arbitrary: tie("list").map((l) => `{ ${l}; }`) },
    { weight: 1, arbitrary: simpleStmt.map((s) => `${s} &`) },
    { weight: 1, arbitrary: tie("list").map((l) => `f() { ${l}; }; f`) },
  ),
  list: fc.array(tie("stmt"), { minLength: 1, maxLength: 3, depthIdentifier: "sh" }).chain((xs) => fc.array(pick("; ", " && ", " || ", " | "), { minLength: xs.length, maxLength: xs.length }).map((ops) => xs.map((x, i) => (i ? ops[i] : "") + x).join("").replace(/& (;|&&|\|\||\|) /g, "& "))),
})).list;

/** Scripts and their hostile variants (unbalanced quotes, fork bombs, binary junk). */
export const shScriptAny: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: shScript },
  { weight: 1, arbitrary: pick(":(){ :|:& };:", "while :; do :; done", "exec sleep 1000", "'", "\"", "$(", "${", "if then fi", "for; do", "done", "eval \"$(printf 'echo %.0s' $(seq 1 1000))\"", "cat /dev/zero | head -c 100000 | wc -c", "", "   ") },
  { weight: 1, arbitrary: fc.tuple(shScript, fc.nat({ max: 60 }), fc.string({ minLength: 1, maxLength: 3 })).map(([s, at, ins]) => s.slice(0, at) + ins + s.slice(at)) },
);

// ---------------------------------------------------------------- kubectl: the new verbs

const asUser = pick("--as=jane", "--as=system:serviceaccount:default:default", "--as=system:serviceaccount:kube-system:replicaset-controller", "--as=kubernetes-admin", "--as=", "--as=jane --as-group=system:masters", "--as-group=dev", "--as=system:node:node01 --as-group=system:nodes", "--as=ünï", "--user=jane", "--context=jane", "--context=nope");
const verbsRbac = pick("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "*", "use", "impersonate", "escalate", "bind", "approve", "bogus", "");
const resRbac = pick("pods", "pods/log", "pods/exec", "deployments", "deployments.apps", "secrets", "nodes", "csr", "certificatesigningrequests/approval", "*", "persistentvolumes", "crd", "backups", "foo", "/healthz", "/api", "pods/nginx", "");

export const kubectlNew: fc.Arbitrary<string> = fc.oneof(
  // RBAC
  words(pick("kubectl auth can-i"), verbsRbac, resRbac, some(fc.oneof(asUser, pick("-n dev", "-n kube-system", "-A", "--all-namespaces", "--list", "--no-headers", "--subresource=log", "-q", "--quiet", "--bogus")), 3)),
  words(pick("kubectl auth whoami", "kubectl auth whoami -o yaml", "kubectl auth reconcile -f /root/fz.yaml", "kubectl auth"), some(asUser, 1)),
  words(pick("kubectl"), pick("get pods", "get secrets -A", "delete pod web", "get nodes", "create deployment d --image=nginx", "logs web", "exec web -- true", "auth can-i '*' '*'", "get csr"), asUser),
  words(pick("kubectl create role", "kubectl create clusterrole"), pick("r", "reader", "", "-"), some(pick("--verb=get,list", "--verb=get --verb=watch", "--verb=bogus", "--verb=*", "--resource=pods", "--resource=pods/log", "--resource=deployments.apps", "--resource=foo", "--resource-name=web", "--non-resource-url=/healthz", "--aggregation-rule=a=b", "-n dev"), 4)),
  words(pick("kubectl create rolebinding", "kubectl create clusterrolebinding"), pick("rb", "b", ""), some(pick("--role=r", "--clusterrole=view", "--clusterrole=reader", "--role=nope", "--user=jane", "--group=dev", "--serviceaccount=default:default", "--serviceaccount=bad", "-n dev"), 3)),
  // storage
  words(pick("kubectl get", "kubectl describe", "kubectl delete"), pick("pv", "pvc", "sc", "storageclass", "persistentvolumes", "persistentvolumeclaims", "pv,pvc", "pvc/data", "pv/pv1", "volumeattachments", "csidrivers"), pick("", "pv1", "data", "-A", "-o wide", "-o yaml", "--all")),
  // exec, attach, streaming
  words(pick("kubectl exec", "kubectl exec -it", "kubectl exec -i", "kubectl exec -t", "k exec"), podNames, pick("", "-n kube-system", "-c x", "-c web", "--container=nginx", "-n dev"), pick("--", "--", ""), fc.oneof(netClient, shScriptAny.map((s) => `sh -c ${sq(s)}`), pick("sh", "/bin/sh", "bash", "ls /", "cat /etc/hosts", "env", "nope-binary", "hostname", "ps aux", "kill 1", "sleep 1", "date", "", "-- ls"))),
  words(pick("kubectl attach", "kubectl attach -it", "kubectl attach -i", "kubectl attach -c x"), podNames, pick("", "-n kube-system", "--pod-running-timeout=1s", "-q")),
  words(pick("kubectl get"), pick("pods", "deploy", "nodes", "events", "pods -A", "svc", "pv"), pick("-w", "--watch", "--watch-only", "-w -o name", "-w -o yaml", "-w --output-watch-events", "-w -l app=web", "-w --timeout=1s"), pick("", "web", "nope")),
  words(pick("kubectl logs -f", "kubectl logs --follow", "kubectl logs -f --tail=2", "kubectl logs -f --all-containers", "kubectl logs -f -l app=web", "kubectl logs -f --since=1s", "kubectl logs -f --max-log-requests=1 -l app=web", "kubectl logs -p -f"), podNames, pick("", "-n kube-system", "-c x", "--timestamps")),
  words(pick("journalctl -f", "journalctl -fu kubelet", "journalctl -u kubelet -f -n 3", "journalctl -u containerd --follow", "journalctl -f --reverse", "journalctl -f -n abc", "journalctl -f -o json -n 1", "journalctl -xef")),
  words(pick("kubectl run", "k run"), pick("t", "tmp", "x", "web", ""), pick("-it --rm", "-i --rm", "--rm -it --restart=Never", "-it", "--rm", "--attach", "-i --rm --quiet"), pick("--image=busybox", "--image=busybox:1.28", "--image=nginx", "--image=nope:1", ""), pick("--restart=Never", "", "--restart=OnFailure"), pick("--", "--command --", ""), fc.oneof(netClient, shScriptAny.map((s) => `sh -c ${sq(s)}`), pick("sh", "sleep 2", "true", "false", "", "cat"))),
  // cluster-info, componentstatuses, versions
  words(pick("kubectl cluster-info", "kubectl cluster-info dump", "kubectl cluster-info dump --output-directory=/tmp/d", "kubectl cluster-info dump -A | head -n 3", "kubectl cluster-info bogus", "kubectl get cs", "kubectl get componentstatuses", "kubectl get cs etcd-0 -o yaml", "kubectl get cs scheduler", "kubectl describe cs", "kubectl get componentstatus nope", "kubectl version -o yaml", "kubectl version -o bogus", "kubectl get --raw /healthz", "kubectl get --raw '/readyz?verbose'", "kubectl get --raw /api/v1/namespaces/default/pods", "kubectl get --raw /nope", "kubectl get --raw")),
  // node ports, services
  words(pick("kubectl create service nodeport", "kubectl create svc nodeport"), pick("web", "np", "x"), pick("--tcp=80:80", "--tcp=80:8080", "--tcp=abc", "--tcp=80", ""), pick("", "--node-port=30080", "--node-port=30000", "--node-port=32767", "--node-port=32768", "--node-port=80", "--node-port=-1", "--node-port=abc")),
  words(pick("kubectl expose"), pick("deploy/web", "pod/web", "pod web", "sts/web", "deployment nope"), pick("--port=80", "--port=abc", ""), pick("--type=NodePort", "--type=LoadBalancer", "--type=ClusterIP", "--type=bogus", ""), pick("", "--target-port=8080", "--name=np", "--node-port=30080")),
  words(pick("curl", "curl -s", "curl -m 1", "curl -sk"), pick("http://controlplane:30080", "http://node01:30080", "http://172.30.1.2:30080", "http://172.30.2.2:30000", "http://localhost:30080", "http://10.96.0.1", "https://127.0.0.1:6443/healthz", "https://localhost:6443/version", "https://127.0.0.1:2379", "http://127.0.0.1:10248/healthz", "https://127.0.0.1:10250/pods", "http://web", "", "--bogus", "http://[::1]:80")),
  // StatefulSets and HPAs
  words(pick("kubectl autoscale"), pick("deploy web", "deployment/web", "sts web", "rs web", "pod web", "deploy nope", "", "svc web"), some(pick("--min=1", "--min=0", "--min=10", "--max=5", "--max=1", "--max=0", "--max=abc", "--cpu-percent=50", "--cpu-percent=-1", "--cpu-percent=1000", "--name=h", "--dry-run=client -o yaml"), 3)),
  words(pick("kubectl get", "kubectl describe", "kubectl delete", "kubectl scale --replicas=2", "kubectl scale --replicas=0", "kubectl rollout status", "kubectl rollout history", "kubectl rollout undo", "kubectl rollout restart", "kubectl patch -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}}}}'"), pick("sts", "statefulset", "statefulsets.apps", "hpa", "horizontalpodautoscalers.autoscaling", "controllerrevisions", "sts/web", "hpa/web"), pick("", "web", "nope", "-A", "--timeout=1s")),
  // CSRs
  words(pick("kubectl certificate approve", "kubectl certificate deny", "kubectl certificate", "kubectl get csr", "kubectl describe csr", "kubectl delete csr"), pick("jane", "j", "csr-abc", "nope", "", "--all", "jane j"), pick("", "--force", "-o yaml", "-o jsonpath={.status.certificate}", "--bogus")),
  words(pick("kubectl config set-credentials"), pick("jane", "j", ""), some(pick("--client-certificate=/root/j.crt", "--client-key=/root/j.key", "--embed-certs", "--embed-certs=true", "--client-certificate=/nope", "--token=abc", "--username=u --password=p"), 3)),
  words(pick("kubectl config set-context"), pick("jane", "j"), pick("--cluster=kubernetes --user=jane", "--cluster=kubernetes --user=j", "--user=nope", "--namespace=dev")),
  // explain
  words(pick("kubectl explain"), fc.oneof(pick("pod", "pods.spec", "pod.spec.containers", "pod.spec.containers.image", "pod.spec.containers.resources.limits", "deploy.spec.strategy", "deployment.spec.template.spec.volumes.persistentVolumeClaim", "sts.spec.volumeClaimTemplates", "hpa.spec.metrics", "pv.spec.hostPath", "pvc.spec", "sc", "svc.spec.ports.nodePort", "csr.spec.usages", "crd.spec.versions.schema", "backups", "backup.spec", "backups.spec.retention", "node.status.conditions", "pod.spec.nope", "pod..spec", ".", "", "pod.", "Pod.Spec"), junk), pick("", "--recursive", "--api-version=v1", "--api-version=apps/v2", "--output=plaintext-openapiv2", "-o bogus")),
  words(pick("kubectl api-resources"), pick("", "--api-group=apps", "--api-group=data.example.com", "--namespaced=false", "-o wide", "-o name", "--verbs=list", "--sort-by=name", "--api-group=nope")),
);

// ---------------------------------------------------------------- etcd

const etcdFlags = some(pick("--endpoints=https://127.0.0.1:2379", "--endpoints=127.0.0.1:2379", "--endpoints=https://172.30.1.2:2379", "--endpoints=https://10.0.0.9:2379", "--endpoints=http://127.0.0.1:2379", "--endpoints=", "--cacert=/etc/kubernetes/pki/etcd/ca.crt", "--cacert=/etc/kubernetes/pki/ca.crt", "--cacert=/nope", "--cert=/etc/kubernetes/pki/etcd/server.crt", "--cert=/etc/kubernetes/pki/apiserver-etcd-client.crt", "--key=/etc/kubernetes/pki/etcd/server.key", "--key=/etc/kubernetes/pki/apiserver-etcd-client.key", "--key=/etc/hosts", "--dial-timeout=1s", "--dial-timeout=abc", "--command-timeout=1s", "-w table", "-w json", "--write-out=simple", "-w bogus", "--insecure-skip-tls-verify", "--debug", "--hex", "--bogus"), 5);
const certs = "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";
const snapPath = pick("/opt/snap.db", "/opt/snap.db", "/tmp/s.db", "/root/backup.db", "", "/etc/hosts", "/nope/x.db", "/var/lib/etcd/member/snap/db", "/opt", "snap.db", "'a b.db'", "-");
const dataDir = pick("/var/lib/etcd-new", "/var/lib/etcd-from-backup", "/var/lib/etcd", "/tmp/r", "", "/", "/etc/hosts", "/root/restore", "/var/lib/etcd-new/sub/dir");
const etcdSub = fc.oneof(
  fc.tuple(pick("snapshot save"), snapPath).map((xs) => xs.join(" ")),
  fc.tuple(pick("snapshot status", "snapshot status -w table", "snapshot status -w json"), snapPath).map((xs) => xs.join(" ")),
  fc.tuple(pick("snapshot restore"), snapPath, pick("--data-dir", "--data-dir=", "--wal-dir", ""), dataDir, pick("", "--skip-hash-check", "--name=controlplane", "--initial-cluster=controlplane=https://172.30.1.2:2380", "--initial-advertise-peer-urls=https://172.30.1.2:2380", "--bogus")).map((xs) => xs.filter(Boolean).join(" ")),
  pick("member list", "member list -w table", "endpoint health", "endpoint status", "endpoint status -w table", "endpoint status --cluster", "get / --prefix --keys-only", "get /registry/pods --prefix --keys-only --limit=2", "get /registry/namespaces/default", "get /registry --prefix --count-only", "put /x y", "del /registry/pods/default/web", "version", "defrag", "alarm list", "bogus", "", "snapshot", "snapshot bogus", "--help", "help"),
);
const etcdctlLine = words(pick("etcdctl", "ETCDCTL_API=3 etcdctl", "sudo ETCDCTL_API=3 etcdctl", "ETCDCTL_API=2 etcdctl"), fc.oneof({ weight: 2, arbitrary: pick(certs) }, etcdFlags), etcdSub, etcdFlags);
const etcdutlLine = words(pick("etcdutl", "sudo etcdutl"), fc.oneof(
  fc.tuple(pick("snapshot status", "snapshot status -w table", "snapshot status -w json", "snapshot status --write-out=bogus"), snapPath).map((xs) => xs.join(" ")),
  fc.tuple(pick("snapshot restore"), snapPath, pick("--data-dir", "--data-dir=", ""), dataDir, pick("", "--skip-hash-check", "--bogus", "--name controlplane")).map((xs) => xs.filter(Boolean).join(" ")),
  fc.tuple(pick("defrag --data-dir", "backup --data-dir", "migrate --data-dir", "hashkv"), dataDir).map((xs) => xs.join(" ")),
  pick("version", "bogus", "", "--help", "snapshot"),
));
const etcdManifestEdit = fc.tuple(pick("/var/lib/etcd-new", "/var/lib/etcd-from-backup", "/tmp/r", "/nope", "/var/lib/etcd", "/root/restore"), pick("hostpath", "datadir", "both", "mangle")).map(([d, how]) => {
  const f = "/etc/kubernetes/manifests/etcd.yaml";
  if (how === "hostpath") return `sed -i 's#path: /var/lib/etcd$#path: ${d}#' ${f}`;
  if (how === "datadir") return `sed -i 's#--data-dir=/var/lib/etcd#--data-dir=${d}#' ${f}`;
  if (how === "both") return `sed -i 's#/var/lib/etcd#${d}#g' ${f}`;
  return `sed -i 's/listen-client-urls/listen-client-urlz/' ${f}`;
});
const etcdFlow = fc.tuple(snapPath, dataDir, etcdManifestEdit).map(([s, d, edit]) => `ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 ${certs} snapshot save ${s} && etcdutl snapshot restore ${s} --data-dir ${d} && ${edit}`);

export const etcdLine: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: etcdctlLine }, { weight: 3, arbitrary: etcdutlLine }, { weight: 1, arbitrary: etcdManifestEdit }, { weight: 1, arbitrary: etcdFlow }, { weight: 1, arbitrary: pick("mv /var/lib/etcd /var/lib/etcd.bak", "ls -la /var/lib/etcd/member/snap", "cat /var/lib/etcd/member/snap/db | head -c 100", "echo junk > /var/lib/etcd/member/snap/db", "truncate -s 10 /opt/snap.db", "printf '\\x00\\xff' > /opt/snap.db", "rm -rf /var/lib/etcd-new", "cp /var/lib/etcd/member/snap/db /opt/copy.db && etcdutl snapshot status /opt/copy.db") });

// ---------------------------------------------------------------- openssl and CSRs

const keyFile = pick("/root/j.key", "/root/j.key", "j.key", "/etc/kubernetes/pki/ca.key", "/etc/kubernetes/pki/apiserver.key", "/etc/hosts", "/nope.key", "");
const crtFile = pick("/root/j.crt", "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/apiserver.crt", "/etc/kubernetes/pki/etcd/server.crt", "/var/lib/kubelet/pki/kubelet-client-current.pem", "/etc/hosts", "/nope.crt", "/root/j.csr", "");
const subj = pick("\"/CN=jane/O=dev\"", "\"/CN=j\"", "'/CN=jane/O=dev/O=ops'", "\"/CN=system:node:node01/O=system:nodes\"", "\"\"", "\"CN=bad\"", "\"/X=1\"", "\"/CN=ünï\"", "\"/CN=" + "a".repeat(100) + "\"");
export const opensslLine: fc.Arbitrary<string> = fc.oneof(
  words(pick("openssl genrsa"), pick("-out /root/j.key", "-out j.key", "-out /nope/x.key", "", "-out"), pick("2048", "", "1024", "abc", "99999999", "-1")),
  words(pick("openssl req -new"), fc.oneof(keyFile.map((k) => (k ? `-key ${k}` : "")), pick("-key /root/j.key", "-newkey rsa:2048 -nodes -keyout /root/j.key", "-newkey rsa:abc", "")), pick("-subj", ""), subj, pick("-out /root/j.csr", "-out j.csr", "", "-out /nope/x.csr"), pick("", "-text", "-noout", "-batch", "-bogus")),
  words(pick("openssl x509"), pick("-in", "-in", ""), crtFile, some(pick("-noout", "-text", "-subject", "-issuer", "-dates", "-enddate", "-startdate", "-serial", "-fingerprint", "-ext subjectAltName", "-ext bogus", "-checkend 0", "-checkend 86400", "-checkend abc", "-nameopt RFC2253", "-purpose", "-bogus"), 3)),
  words(pick("openssl x509 -req -in"), pick("/root/j.csr", "j.csr", "/etc/hosts", "/nope"), pick("-CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key", "-CA /etc/kubernetes/pki/ca.crt -CAkey /root/j.key", "-signkey /root/j.key", "-CA /nope -CAkey /nope", ""), pick("-CAcreateserial", "", "-set_serial 01"), pick("-out /root/j.crt", "-out j.crt", ""), pick("-days 365", "-days 0", "-days -1", "-days abc", "")),
  words(pick("openssl req -in /root/j.csr -noout -text", "openssl req -in /etc/hosts -noout -subject", "openssl rsa -in /root/j.key -noout -text", "openssl version", "openssl", "openssl bogus", "openssl s_client -connect 127.0.0.1:6443", "openssl verify -CAfile /etc/kubernetes/pki/ca.crt /root/j.crt", "openssl base64 -in /root/j.csr")),
  words(pick("cd /root && openssl genrsa -out j.key 2048 && openssl req -new -key j.key -subj"), subj, pick("-out j.csr && cat <<EOF | kubectl apply -f -")).chain((head) =>
    fc.tuple(pick("jane", "j", "x"), pick("kubernetes.io/kube-apiserver-client", "kubernetes.io/kubelet-serving", "kubernetes.io/legacy-unknown", "example.com/bogus", ""), pick("[client auth]", "[server auth]", "[client auth, digital signature]", "[]", "bogus"), pick("86400", "600", "-1", "abc", "599")).map(([n, signer, usages, exp]) => `${head}\napiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: ${n}\nspec:\n  request: $(base64 -w0 j.csr)\n  signerName: ${signer}\n  usages: ${usages}\n  expirationSeconds: ${exp}\nEOF`),
  ),
);

// ---------------------------------------------------------------- apt, dpkg, kubeadm

const pkgs = pick("kubeadm", "kubelet", "kubectl", "kubeadm=1.33.2-1.1", "kubelet=1.33.2-1.1", "kubectl=1.33.2-1.1", "kubeadm=1.32.4-1.1", "kubeadm=1.33.0-1.1", "kubeadm=9.9.9", "kubelet=1.31.0-1.1", "cri-tools", "containerd", "nginx", "vim", "bogus-pkg", "''", "kube*", "");
export const aptLine: fc.Arbitrary<string> = fc.oneof(
  words(pick("apt-get", "apt", "sudo apt-get", "sudo apt"), pick("update", "install", "install -y", "install -y --allow-change-held-packages", "install --dry-run", "remove -y", "purge -y", "upgrade -y", "upgrade", "dist-upgrade -y", "autoremove", "download", "source", "bogus", "", "-y", "list --installed", "list --upgradable", "show"), some(pkgs, 2)),
  words(pick("apt-mark"), pick("hold", "unhold", "showhold", "showmanual", "bogus", ""), some(pkgs, 3)),
  words(pick("apt-cache"), pick("madison", "policy", "show", "search", "depends", "bogus", ""), some(pkgs, 2)),
  words(pick("dpkg"), pick("-l", "-l | grep kube", "-s", "-L", "--status", "--get-selections", "-i", "-r", "--bogus", ""), some(pkgs, 1)),
  pick("sed -i 's/v1.32/v1.33/g' /etc/apt/sources.list.d/kubernetes.list", "sed -i 's/v1.32/v1.34/g' /etc/apt/sources.list.d/kubernetes.list", "sed -i 's/v1.32/v1.31/g' /etc/apt/sources.list.d/kubernetes.list", "echo garbage > /etc/apt/sources.list.d/kubernetes.list", "rm /etc/apt/sources.list.d/kubernetes.list", "cat /etc/apt/sources.list.d/kubernetes.list", "ls /var/lib/apt/lists", "rm -rf /var/lib/apt/lists/*"),
  pick("apt-mark unhold kubeadm && apt-get install -y kubeadm=1.33.2-1.1 && apt-mark hold kubeadm", "apt-get update && apt-mark unhold kubeadm && apt-get install -y kubeadm=1.33.2-1.1", "apt-mark unhold kubelet kubectl && apt-get install -y kubelet=1.33.2-1.1 kubectl=1.33.2-1.1 && apt-mark hold kubelet kubectl && systemctl daemon-reload && systemctl restart kubelet", "sed -i 's/v1.32/v1.33/' /etc/apt/sources.list.d/kubernetes.list && apt-get update && apt-cache madison kubeadm | head -n 2"),
);
export const kubeadmLine: fc.Arbitrary<string> = fc.oneof(
  words(pick("kubeadm upgrade", "sudo kubeadm upgrade"), pick("plan", "plan v1.33.2", "plan --bogus", "apply", "apply v1.33.2", "apply v1.33.2 -y", "apply v1.33.2 --yes", "apply v1.32.5 -y", "apply v1.32.4 -y", "apply v1.34.0 -y", "apply v1.33.2 --dry-run", "apply vbogus -y", "apply 1.33.2 -y", "apply v1.33.2 -y --etcd-upgrade=false", "node", "node --dry-run", "node --bogus", "diff", "bogus", "")),
  words(pick("kubeadm"), pick("version", "version -o short", "version -o json", "version -o bogus", "certs check-expiration", "certs renew all", "certs renew apiserver", "certs", "token list", "token create", "token create --print-join-command", "token delete abc", "config print init-defaults", "config view", "init", "join", "reset -f", "bogus", "", "--help")),
  pick("ssh node01 'apt-mark unhold kubeadm && apt-get update && apt-get install -y kubeadm=1.33.2-1.1 && kubeadm upgrade node'", "ssh node01 kubeadm upgrade node", "ssh node01 'kubeadm upgrade apply v1.33.2 -y'", "kubectl drain node01 --ignore-daemonsets && ssh node01 'apt-get install -y kubelet=1.33.2-1.1' ; kubectl uncordon node01"),
);

// ---------------------------------------------------------------- all new command lines

/** Pods and services the exec, attach, logs and network lines can reach. */
export const setupLine: fc.Arbitrary<string> = fc.oneof(
  pick("kubectl run web --image=nginx && kubectl expose pod web --port=80", "kubectl create deploy web --image=nginx --replicas=2 && kubectl expose deploy web --port=80", "kubectl run sleeper --image=busybox -- sleep 3600", "kubectl run busybox --image=busybox:1.28 -- sleep 3600", "kubectl create deploy nginx --image=nginx && kubectl expose deploy nginx --port=80 --type=NodePort"),
  fc.tuple(pick("x", "busybox", "sleeper", "app-1"), shScript).map(([n, sc]) => `kubectl run ${n} --image=busybox --restart=Never -- sh -c ${sq(sc)}`),
);

export const newToolLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: kubectlNew },
  { weight: 2, arbitrary: setupLine },
  { weight: 3, arbitrary: netClient },
  { weight: 3, arbitrary: etcdLine },
  { weight: 2, arbitrary: opensslLine },
  { weight: 2, arbitrary: aptLine },
  { weight: 2, arbitrary: kubeadmLine },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(kubectlNew, etcdLine, aptLine, kubeadmLine), fc.nat({ max: 80 }), junk).map(([a, at, ins]) => a.slice(0, at) + ins + a.slice(at)) },
  { weight: 1, arbitrary: fc.tuple(pick("kubectl kustomize", "kubectl apply -k", "kubectl get -k", "kubectl delete -k", "kubectl create -k", "kubectl kustomize --bogus", "kubectl apply -k", "kubectl diff -k"), pick("/root/k", "/root/k/overlay", "/root/k/base", "/nope", "/etc/hosts", "/", "", ".", "https://github.com/x/y", "/root/k/kustomization.yaml")).map((xs) => xs.join(" ").trim()) },
);

// ---------------------------------------------------------------- manifests: storage, StatefulSets, HPAs, CRDs, custom resources

const dns = pick("web", "data", "pv1", "x", "fast", "standard", "local-storage", "backups", "Bad_Name", "", "a".repeat(70));
const qty = pick("1Gi", "100Mi", "10", "0", "-1Gi", "lots", "1.5Gi", "1e3");
const accessModes = fc.array(pick("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod", "Bogus"), { maxLength: 2 });
const pv = fc.record({ apiVersion: pick("v1"), kind: pick("PersistentVolume"), metadata: fc.record({ name: dns, labels: fc.dictionary(pick("type"), pick("local")) }, { requiredKeys: ["name"] }), spec: fc.record({ capacity: fc.record({ storage: qty }), accessModes, storageClassName: fc.oneof(dns, fc.constant(undefined)), persistentVolumeReclaimPolicy: pick("Retain", "Delete", "Recycle", "Bogus"), hostPath: fc.record({ path: pick("/mnt/data", "/", "relative", ""), type: pick("DirectoryOrCreate", "", "Bogus") }, { requiredKeys: ["path"] }), claimRef: fc.record({ name: dns, namespace: pick("default", "dev") }), volumeMode: pick("Filesystem", "Block", "Bogus") }, { requiredKeys: ["capacity"] }) });
const pvc = fc.record({ apiVersion: pick("v1"), kind: pick("PersistentVolumeClaim"), metadata: fc.record({ name: dns, namespace: pick("default", "dev", "") }, { requiredKeys: ["name"] }), spec: fc.record({ accessModes, resources: fc.record({ requests: fc.record({ storage: qty }) }), storageClassName: fc.oneof(dns, pick(""), fc.constant(null) as fc.Arbitrary<unknown>), volumeName: dns, selector: fc.record({ matchLabels: fc.dictionary(pick("type"), pick("local")) }) }) });
const sc = fc.record({ apiVersion: pick("storage.k8s.io/v1", "storage.k8s.io/v1beta1"), kind: pick("StorageClass"), metadata: fc.record({ name: dns, annotations: fc.dictionary(pick("storageclass.kubernetes.io/is-default-class"), pick("true", "false", "yes")) }, { requiredKeys: ["name"] }), provisioner: pick("kubernetes.io/no-provisioner", "rancher.io/local-path", "", "bogus"), volumeBindingMode: pick("WaitForFirstConsumer", "Immediate", "Bogus"), reclaimPolicy: pick("Delete", "Retain", "Recycle"), allowVolumeExpansion: fc.boolean() }, { requiredKeys: ["kind", "metadata"] });

const scriptContainer = fc.record({ name: pick("c", "web", "sh", "main"), image: pick("busybox", "busybox:1.28", "nginx", "alpine", "nope:1"), command: fc.oneof(shScriptAny.map((s) => ["sh", "-c", s]), shScriptAny.map((s) => ["/bin/sh", "-ec", s])), volumeMounts: fc.array(fc.record({ name: pick("data", "nope"), mountPath: pick("/data", "/", "relative") }), { maxLength: 1 }) }, { requiredKeys: ["name", "image", "command"] });
const scriptPodSpec = fc.record({ containers: fc.array(scriptContainer, { minLength: 1, maxLength: 2 }), restartPolicy: pick("Always", "Never", "OnFailure"), terminationGracePeriodSeconds: pick(0, 1, 5, 30), volumes: fc.array(fc.record({ name: pick("data"), persistentVolumeClaim: fc.record({ claimName: dns }) }), { maxLength: 1 }) }, { requiredKeys: ["containers"] });
/** Pods (and Deployments) whose containers run generated `sh -c` scripts. */
export const scriptPod = fc.oneof(
  fc.record({ apiVersion: pick("v1"), kind: pick("Pod"), metadata: fc.record({ name: pick("sh1", "sh2", "web", "sleeper"), labels: fc.constant({ app: "web" }) }), spec: scriptPodSpec }),
  fc.record({ apiVersion: pick("apps/v1"), kind: pick("Deployment", "StatefulSet", "DaemonSet"), metadata: fc.record({ name: pick("web", "shd") }), spec: fc.record({ replicas: pick(1, 2, 3), serviceName: pick("nginx", "web"), selector: fc.constant({ matchLabels: { app: "web" } }), template: fc.record({ metadata: fc.constant({ labels: { app: "web" } }), spec: scriptPodSpec }) }) }),
);

const sts = fc.record({ apiVersion: pick("apps/v1"), kind: pick("StatefulSet"), metadata: fc.record({ name: pick("web", "db") }), spec: fc.record({ serviceName: pick("nginx", "web", ""), replicas: fc.oneof(fc.integer({ min: -1, max: 5 }), pick("2") as fc.Arbitrary<unknown>), podManagementPolicy: pick("OrderedReady", "Parallel", "Bogus"), updateStrategy: fc.record({ type: pick("RollingUpdate", "OnDelete", "Bogus"), rollingUpdate: fc.record({ partition: fc.integer({ min: -1, max: 5 }) }) }), selector: fc.constant({ matchLabels: { app: "web" } }), template: fc.record({ metadata: fc.constant({ labels: { app: "web" } }), spec: fc.record({ containers: fc.constant([{ name: "nginx", image: "nginx", volumeMounts: [{ name: "data", mountPath: "/data" }] }]) }) }), volumeClaimTemplates: fc.array(fc.record({ metadata: fc.record({ name: pick("data", "www", "") }), spec: fc.record({ accessModes, resources: fc.record({ requests: fc.record({ storage: qty }) }), storageClassName: dns }) }), { maxLength: 2 }) }, { requiredKeys: ["selector", "template"] }) });
const hpa = fc.record({ apiVersion: pick("autoscaling/v2", "autoscaling/v1", "autoscaling/v2beta2"), kind: pick("HorizontalPodAutoscaler"), metadata: fc.record({ name: pick("web", "h") }), spec: fc.record({ scaleTargetRef: fc.record({ apiVersion: pick("apps/v1", "v1"), kind: pick("Deployment", "StatefulSet", "ReplicaSet", "Pod", "Bogus"), name: pick("web", "nope", "") }), minReplicas: fc.integer({ min: -1, max: 12 }), maxReplicas: fc.integer({ min: -1, max: 12 }), targetCPUUtilizationPercentage: fc.integer({ min: -1, max: 200 }), metrics: fc.array(fc.record({ type: pick("Resource", "Pods", "Bogus"), resource: fc.record({ name: pick("cpu", "memory"), target: fc.record({ type: pick("Utilization", "AverageValue"), averageUtilization: fc.integer({ min: -1, max: 200 }) }) }) }), { maxLength: 2 }) }, { requiredKeys: ["scaleTargetRef"] }) });

// CRDs: a few groups and kinds, so that custom resources sometimes meet their CRD
const crdGroups = pick("data.example.com", "stable.example.com", "example.com", "x", "", "UPPER.example.com", "k8s.io");
const crdKinds = pick("Backup", "CronTab", "Widget", "backup", "", "Pod");
const crdPlural = pick("backups", "crontabs", "widgets", "Backups", "", "pods");
const schemaProp: fc.Arbitrary<unknown> = fc.letrec<{ p: unknown }>((tie) => ({
  p: fc.oneof(
    { depthSize: "small" },
    fc.record({ type: pick("string", "integer", "number", "boolean", "bogus"), default: fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()) as fc.Arbitrary<unknown>, minimum: fc.integer({ min: -5, max: 5 }), maximum: fc.integer({ min: -5, max: 50 }), enum: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), pattern: pick("^[a-z]+$", "[", ".*"), format: pick("date-time", "int32", "bogus") }, { requiredKeys: ["type"] }),
    fc.record({ type: pick("object"), properties: fc.dictionary(pick("schedule", "retention", "image", "replicas", "x"), tie("p"), { maxKeys: 3 }), required: fc.array(pick("schedule", "retention", "nope"), { maxLength: 2 }), "x-kubernetes-preserve-unknown-fields": fc.boolean() }, { requiredKeys: ["type"] }),
    fc.record({ type: pick("array"), items: tie("p"), maxItems: fc.integer({ min: -1, max: 5 }) }, { requiredKeys: ["type"] }),
  ),
})).p;
const crd = fc.tuple(crdGroups, crdKinds, crdPlural, pick("Namespaced", "Cluster", "Bogus"), schemaProp, fc.boolean(), fc.boolean(), fc.array(pick("bk", "ct", "w", "po", "BAD"), { maxLength: 2 })).map(([group, kind, plural, scope, spec, status, twoVersions, shortNames]) => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    scope,
    names: { plural, singular: kind.toLowerCase(), kind, shortNames },
    versions: [
      { name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec, ...(status ? { status: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } : {}) } } }, ...(status ? { subresources: { status: {} } } : {}), additionalPrinterColumns: [{ name: "Schedule", type: "string", jsonPath: ".spec.schedule" }, { name: "Bad", type: "bogus", jsonPath: "spec[" }] },
      ...(twoVersions ? [{ name: "v1beta1", served: true, storage: false, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }] : []),
    ],
  },
}));
const customResource = fc.tuple(crdGroups, crdKinds, pick("v1", "v1beta1", "v2"), pick("b1", "nightly", "", "UPPER"), fc.dictionary(pick("schedule", "retention", "image", "replicas", "x", "storageClass"), fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 40 }), fc.boolean(), fc.constant(null)) as fc.Arbitrary<unknown>, { maxKeys: 4 }), pick("default", "dev", "")).map(([group, kind, v, name, spec, ns]) => ({ apiVersion: `${group}/${v}`, kind, metadata: { name, ...(ns ? { namespace: ns } : {}) }, spec, status: { phase: "x" } }));

/** New kinds of manifest objects (for grammar.ts's manifestObject). */
export const newManifestObject: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.oneof(pv, pvc, sc) },
  { weight: 3, arbitrary: scriptPod },
  { weight: 1, arbitrary: fc.oneof(sts, hpa) },
  { weight: 2, arbitrary: crd },
  { weight: 2, arbitrary: customResource },
);

// ---------------------------------------------------------------- kustomization folders

const kResource = fc.oneof(scriptPod, pvc, fc.constant({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } }), fc.constant({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "1" } }));
const kustomizationHostile = fc.record({
  apiVersion: pick("kustomize.config.k8s.io/v1beta1", "kustomize.config.k8s.io/v1alpha1", "v1"),
  kind: pick("Kustomization", "Component", "Bogus"),
  resources: fc.array(pick("r0.yaml", "r1.yaml", "../base", "base", "nope.yaml", "/etc/hosts", "https://example.com/x.yaml", ".", "r0.yaml"), { maxLength: 3 }),
  components: fc.array(pick("../comp", "nope"), { maxLength: 1 }),
  namespace: pick("dev", "prod", "", "UPPER", "kube-system"),
  namePrefix: pick("dev-", "", "X_"),
  nameSuffix: pick("-v1", ""),
  commonLabels: fc.dictionary(pick("app", "env", "bad key!"), pick("web", "dev", "")),
  labels: fc.array(fc.record({ pairs: fc.dictionary(pick("team"), pick("a", "")), includeSelectors: fc.boolean() }), { maxLength: 1 }),
  commonAnnotations: fc.dictionary(pick("note"), fc.oneof({ weight: 9, arbitrary: fc.string({ maxLength: 5 }) }, { weight: 1, arbitrary: fc.integer() as fc.Arbitrary<unknown> })),
  images: fc.array(fc.record({ name: pick("nginx", "busybox", ""), newName: pick("nginx", "registry.k8s.io/x"), newTag: fc.oneof({ weight: 9, arbitrary: pick("1.27", "latest", "") }, { weight: 1, arbitrary: fc.integer() as fc.Arbitrary<unknown> }), digest: pick("sha256:abc") }, { requiredKeys: ["name"] }), { maxLength: 2 }),
  replicas: fc.array(fc.record({ name: pick("web", "nope"), count: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -1, max: 5 }) }, { weight: 1, arbitrary: pick("2") as fc.Arbitrary<unknown> }) }), { maxLength: 1 }),
  configMapGenerator: fc.array(fc.record({ name: pick("gen", "", "cfg"), literals: fc.array(pick("a=b", "noeq", "=x", "k=v=w", "'q=1 2'"), { maxLength: 3 }), files: fc.array(pick("f.txt", "k=f.txt", "nope.txt", "/etc/hosts"), { maxLength: 2 }), envs: fc.array(pick("e.env", "nope.env"), { maxLength: 1 }), behavior: pick("create", "merge", "replace", "bogus"), options: fc.record({ disableNameSuffixHash: fc.boolean() }) }, { requiredKeys: ["name"] }), { maxLength: 2 }),
  secretGenerator: fc.array(fc.record({ name: pick("s", ""), literals: fc.array(pick("p=1", "bad"), { maxLength: 2 }), type: pick("Opaque", "kubernetes.io/tls", "bogus") }, { requiredKeys: ["name"] }), { maxLength: 1 }),
  patches: fc.array(fc.oneof(
    fc.record({ path: pick("p.yaml", "nope.yaml") }),
    fc.record({ patch: pick("- op: replace\n  path: /spec/replicas\n  value: 3", "- op: bogus\n  path: /x", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5", "[", ""), target: fc.record({ kind: pick("Deployment", "Pod", "Nope"), name: pick("web", "sh1", ".*") }) }, { requiredKeys: ["patch"] }),
  ), { maxLength: 2 }),
  patchesStrategicMerge: fc.array(pick("p.yaml"), { maxLength: 1 }),
  generatorOptions: fc.record({ disableNameSuffixHash: fc.boolean(), labels: fc.dictionary(pick("g"), pick("1")) }),
  bogusField: fc.string({ maxLength: 4 }),
}, { requiredKeys: [] });
/** A kustomization of valid fields and values only (errors come from their combination). */
const kustomizationClean = fc.record({
  apiVersion: pick("kustomize.config.k8s.io/v1beta1"),
  kind: pick("Kustomization"),
  resources: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(["r0.yaml"], ["r0.yaml", "r1.yaml"]) }, { weight: 1, arbitrary: fc.array(pick("r0.yaml", "r1.yaml", "../base", "nope.yaml"), { maxLength: 3 }) }),
  components: fc.array(pick("comp"), { maxLength: 1 }),
  namespace: pick("dev", "prod", "default"),
  namePrefix: pick("dev-", ""),
  nameSuffix: pick("-v1", ""),
  commonLabels: fc.dictionary(pick("app", "env"), pick("web", "dev")),
  labels: fc.array(fc.record({ pairs: fc.dictionary(pick("team"), pick("a")), includeSelectors: fc.boolean() }), { maxLength: 1 }),
  commonAnnotations: fc.dictionary(pick("note"), pick("x", "")),
  images: fc.array(fc.record({ name: pick("nginx", "busybox"), newName: pick("nginx", "registry.k8s.io/x"), newTag: pick("1.27", "latest"), digest: pick("sha256:abc") }, { requiredKeys: ["name"] }), { maxLength: 2 }),
  replicas: fc.array(fc.record({ name: pick("web", "nope"), count: fc.integer({ min: 0, max: 5 }) }), { maxLength: 1 }),
  configMapGenerator: fc.array(fc.record({ name: pick("gen", "cfg"), literals: fc.array(pick("a=b", "k=v=w", "x=1"), { maxLength: 3 }), files: fc.array(pick("f.txt", "k=f.txt"), { maxLength: 2 }), envs: fc.array(pick("e.env"), { maxLength: 1 }), behavior: fc.oneof({ weight: 8, arbitrary: pick("create") }, { weight: 1, arbitrary: pick("merge", "replace") }), options: fc.record({ disableNameSuffixHash: fc.boolean() }) }, { requiredKeys: ["name"] }), { maxLength: 2 }),
  secretGenerator: fc.array(fc.record({ name: pick("s"), literals: fc.array(pick("p=1"), { maxLength: 2 }), type: pick("Opaque") }, { requiredKeys: ["name"] }), { maxLength: 1 }),
  patches: fc.array(fc.oneof(
    fc.record({ path: pick("p.yaml") }),
    fc.record({ patch: pick("- op: replace\n  path: /spec/replicas\n  value: 3", "- op: add\n  path: /metadata/labels/x\n  value: y", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5"), target: fc.record({ kind: pick("Deployment", "Pod"), name: pick("web", "sh1", ".*") }) }, { requiredKeys: ["patch"] }),
  ), { maxLength: 2 }),
  generatorOptions: fc.record({ disableNameSuffixHash: fc.boolean(), labels: fc.dictionary(pick("g"), pick("1")) }),
}, { requiredKeys: [] });
const kustomization = fc.oneof({ weight: 4, arbitrary: kustomizationClean }, { weight: 1, arbitrary: kustomizationHostile });

export interface KustomizeStep {
  files: Record<string, string>;
  line: string;
}

/** A random kustomization folder under /root/k (base, overlay, component) and a command over it. */
export const kustomizeStep: fc.Arbitrary<KustomizeStep> = fc.tuple(
  kustomization,
  fc.option(kustomization, { nil: undefined }),
  fc.option(kustomization, { nil: undefined }),
  fc.array(kResource, { minLength: 1, maxLength: 2 }),
  pick("kubectl kustomize /root/k", "kubectl kustomize /root/k/overlay", "kubectl apply -k /root/k", "kubectl apply -k /root/k/overlay", "kubectl get -k /root/k", "kubectl delete -k /root/k", "kubectl create -k /root/k/overlay", "kubectl apply -k /root/k --dry-run=client -o yaml", "kubectl kustomize /root/k | kubectl apply -f -", "cd /root/k && kubectl kustomize", "kubectl kustomize /root/k/base"),
  fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) }),
).map(([top, overlay, comp, res, line, garbage]) => {
  const files: Record<string, string> = {};
  files["/root/k/kustomization.yaml"] = garbage ?? yaml(top);
  res.forEach((r, i) => (files[`/root/k/r${i}.yaml`] = yaml(r)));
  files["/root/k/f.txt"] = "hello\n";
  files["/root/k/e.env"] = "A=1\n# c\nB\n=bad\n";
  files["/root/k/p.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n";
  if (overlay) files["/root/k/overlay/kustomization.yaml"] = yaml({ ...overlay, resources: ["../"], components: [] });
  if (comp) files["/root/k/comp/kustomization.yaml"] = yaml({ ...comp, resources: [], components: [], kind: "Component", apiVersion: "kustomize.config.k8s.io/v1alpha1" });
  return { files, line };
});

function yaml(o: unknown): string {
  try {
    return stringify(o) ?? "";
  } catch {
    return "{}\n";
  }
}

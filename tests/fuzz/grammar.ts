// Generators of what students type: real command lines from grammars of kubectl, the node
// tools, file operations and bash syntax, hostile variants, random bytes, and manifests
// (valid, invalid, huge, alias bombs, binary, wrong kinds).

import fc from "fast-check";
import { stringify } from "yaml";
import { newManifestObject, newToolLine } from "./grammar-tools.ts";

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

export const names = pick("nginx", "web", "x", "busybox", "app-1", "static-busybox", "static-busybox-controlplane", "kube-apiserver-controlplane", "etcd-controlplane", "coredns", "db", "a.b", "UPPER", "-bad", "x".repeat(70), "ünï", "", "''", '"quoted"');
export const namespaces = pick("default", "kube-system", "kube-public", "dev", "prod", "nope", "UPPER", "");
export const images = pick("nginx", "busybox", "busybox:1.28.4", "nginx:1.27", "redis:alpine", "registry.k8s.io/pause:3.10", "nginx:doesnotexist", "bad image", "busybox@sha256:abc", "localhost:5000/x:1", "", "UPPER:1");
const resources = pick("pods", "pod", "po", "pod/nginx", "deploy", "deployments", "deployment.apps", "rs", "replicasets", "ds", "daemonsets", "svc", "services", "nodes", "no", "ns", "namespaces", "cm", "configmaps", "secrets", "jobs", "cronjobs", "cj", "events", "ev", "sa", "serviceaccounts", "all", "leases", "endpoints", "ingress", "pv", "pvc", "roles", "clusterroles", "foo", "pods,deploy", "");
const outputs = pick("yaml", "json", "wide", "name", "jsonpath={.items[*].metadata.name}", "jsonpath='{.spec.containers[0].image}'", "jsonpath={", "jsonpath={.items[0].status.phase}{\"\\n\"}", "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName", "custom-columns=", "go-template={{.metadata.name}}", "bogus", "");
const kubectlFlag = fc.oneof(
  fc.tuple(pick("-n", "--namespace", "-n="), namespaces).map(([f, n]) => (f.endsWith("=") ? f + n : `${f} ${n}`)),
  pick("-A", "--all-namespaces", "--show-labels", "--no-headers", "--all", "--force", "--grace-period=0", "--now", "--wait=false", "--dry-run=client", "--dry-run=server", "--dry-run", "--restart=Never", "--restart=OnFailure", "--restart=Bogus", "--recursive", "-h", "--help", "--v=9", "--sort-by=.metadata.name", "--sort-by={.metadata.creationTimestamp}", "--field-selector=spec.nodeName=node01", "--field-selector=status.phase=Running", "--ignore-not-found", "--overwrite", "--record", "--", "-", "--bogus-flag", "-z", "--replicas=3", "--replicas=-1", "--replicas=abc", "--port=80", "--port=99999", "--expose", "--labels=app=web,tier=fe", "--labels=bad label", "--env=A=1", "--env=NOEQ", "--command", "--timeout=1s", "--selector=app=web", "-l app=web", "-l 'app in (a,b)'", "-l '!!!'", "--image=nginx", "--schedule='*/1 * * * *'", "--from-literal=a=b", "--from-literal=bad", "--from-file=/etc/hosts", "--type=NodePort", "--type=Bogus", "--target-port=8080", "--cascade=orphan", "--cascade=foreground", "--previous", "--tail=5", "--since=1h", "-c nginx", "--containers", "--to-revision=1"),
  fc.tuple(pick("-o", "--output", "-o="), outputs).map(([f, o]) => (f.endsWith("=") ? f + o : `${f} ${o}`)),
  fc.tuple(pick("--image=", "--image "), images).map(([f, i]) => f + i),
  fc.tuple(pick("-f ", "--filename=", "-f="), pick("x.yaml", "/root/x.yaml", "/etc/kubernetes/manifests/", "/etc/kubernetes/manifests/kube-apiserver.yaml", "-", "/nope.yaml", "/etc/hosts", "/root", "https://example.com/x.yaml", "m.json")).map(([f, p]) => f + p),
);
const kubectlVerb = pick("get", "get", "get", "describe", "delete", "create", "apply", "run", "logs", "exec", "label", "annotate", "scale", "rollout status", "rollout history", "rollout undo", "rollout restart", "set image", "expose", "explain", "api-resources", "api-versions", "version", "version --client", "config view", "config current-context", "config get-contexts", "config use-context kubernetes-admin@kubernetes", "config set-context --current --namespace=dev", "cluster-info", "cordon", "uncordon", "drain", "taint nodes node01 key=v:NoSchedule", "taint nodes node01 key-", "top pods", "auth can-i get pods", "patch", "replace", "edit", "wait", "cp", "attach", "port-forward", "proxy", "autoscale", "certificate", "completion bash", "plugin list", "bogus", "");
const createSub = pick("deployment", "deploy", "job", "cronjob", "configmap", "cm", "secret generic", "secret tls", "secret docker-registry", "namespace", "ns", "service clusterip", "service nodeport", "svc", "serviceaccount", "sa", "role", "rolebinding", "clusterrole", "clusterrolebinding", "priorityclass", "ingress", "token", "pdb", "quota", "bogus", "");

function words(...parts: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  return fc.tuple(...parts).map((xs) => xs.filter((x) => x !== "").join(" "));
}

export const kubectlLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: words(pick("kubectl", "k", "kubectl", "sudo kubectl"), kubectlVerb, resources, names, fc.array(kubectlFlag, { maxLength: 4 }).map((f) => f.join(" "))) },
  { weight: 2, arbitrary: words(pick("kubectl"), pick("create"), createSub, names, fc.array(kubectlFlag, { maxLength: 4 }).map((f) => f.join(" "))) },
  { weight: 2, arbitrary: words(pick("kubectl run", "k run"), names, fc.array(kubectlFlag, { maxLength: 5 }).map((f) => f.join(" ")), fc.option(pick("--command -- sleep 1000", "-- sleep 3600", "--command -- sh -c 'exit 1'", "-- /bin/false", "--command --"), { nil: "" })) },
  { weight: 1, arbitrary: words(pick("kubectl"), kubectlVerb, fc.array(kubectlFlag, { maxLength: 6 }).map((f) => f.join(" "))) },
);

const units = pick("kubelet", "kubelet.service", "containerd", "docker", "cri-docker", "cri-docker.service", "nope", "");
const containerRef = pick("k8s_nginx", "abc123", "$(docker ps -q | head -n1)", "$(crictl ps -q | head -n1)", "etcd", "", "--all");
export const nodeToolLine: fc.Arbitrary<string> = fc.oneof(
  words(pick("docker", "sudo docker"), pick("ps", "ps -a", "ps -q", "ps --format '{{.Names}}'", "ps --format '{{.ID}} {{.Image}}'", "ps --format '{{'", "ps -f name=nginx", "images", "logs", "logs --tail 3", "inspect", "stop", "start", "rm", "rm -f", "kill", "restart", "pull", "rmi", "exec", "info", "version", "bogus", ""), containerRef),
  words(pick("crictl"), pick("ps", "ps -a", "pods", "pods --name nginx", "images", "logs", "inspect", "inspectp", "stop", "stopp", "rm", "rmp", "pull", "info", "version", "bogus", "ps -o json", "ps --state exited", ""), containerRef),
  words(pick("systemctl", "sudo systemctl"), pick("status", "start", "stop", "restart", "enable", "disable", "is-active", "is-enabled", "cat", "daemon-reload", "list-units", "show", "bogus", ""), units, pick("", "--no-pager", "-l")),
  words(pick("journalctl"), pick("-u", "--unit", "-xeu", "-u kubelet -n", ""), units, pick("", "-n 5", "--no-pager", "--since '1 min ago'", "-o json", "| tail -n 3")),
  words(pick("ps", "ps aux", "ps -ef", "ps aux | grep kube-apiserver", "hostname", "whoami", "id", "uname -a", "sleep 1", "sleep 0", "sleep 30", "sleep -1", "sleep abc", "date")),
  words(pick("ssh"), pick("node01", "controlplane", "node02", "root@node01", ""), pick("", "hostname", "'cat /var/lib/kubelet/config.yaml | head -n 3'", "ls /etc/kubernetes/manifests", "systemctl is-active kubelet", "kubectl get pods")),
);

export const paths = pick("x.yaml", "/root/x.yaml", "/tmp/p.yaml", "/etc/kubernetes/manifests/web.yaml", "/etc/kubernetes/manifests/static.yaml", "/etc/kubernetes/manifests/.hidden.yaml", "/etc/kubernetes/manifests/sub", "/etc/kubernetes/manifests/kube-scheduler.yaml", "/var/lib/kubelet/config.yaml", "/etc/hosts", "/nonexistent/dir/f", "/", "/proc/1/status", "'a b.yaml'", "*.yaml", "~/.kube/config");
export const fileLine: fc.Arbitrary<string> = fc.oneof(
  words(pick("cat", "ls", "ls -la", "ls -R", "head -n 3", "tail -n 2", "wc -l", "stat", "file", "grep image:", "grep -r kube", "du -sh", "md5sum", "touch", "mkdir -p", "rmdir", "rm", "rm -f", "rm -rf"), paths),
  words(pick("cp", "mv", "cp -r", "ln -s"), paths, paths),
  words(pick("sed -i", "sed -i.bak"), pick("'s/nginx/busybox/'", "'s/image: .*/image: busybox:1.28.4/'", "'1d'", "'$a\\ \\ \\ \\ x: y'", "'s/[/x/'", "'s/replicas: 1/replicas: 2/g'", "-e 's/a/b/' -e 's/c/d/'"), paths),
  words(pick("echo", "printf"), fc.oneof(fc.string({ maxLength: 30 }), pick("'apiVersion: v1'", "hello > f", "$HOME $PATH", "\\x00\\xff"))).map((s) => s.replace(/\n/g, " ")),
  fc.tuple(paths, fc.string({ maxLength: 60 })).map(([p, body]) => `cat > ${p} <<'EOF'\n${body.replace(/^EOF$/gm, "")}\nEOF`),
  words(pick("cd"), pick("/etc/kubernetes/manifests", "..", "/", "-", "~", "/nope", "/etc/hosts", "")),
  words(pick("export"), pick("KUBECONFIG=/etc/kubernetes/admin.conf", "KUBECONFIG=/nope", "A=1", "PATH=/nope", "HOME=/tmp", "1BAD=x")),
  words(pick("alias k=kubectl", "unset KUBECONFIG", "source <(kubectl completion bash)", "complete -F __start_kubectl k", "history", "clear", "true", "false", "exit 3", "logout", "pwd", "env | sort | head -n 3", "type kubectl", "which kubectl", "command -v crictl")),
);

const operators = pick(" | ", " && ", " || ", "; ", " | grep -i x | ", " 2>&1 | ", " | head -n 2; ", " | wc -l; ", " > /tmp/out; ", " | xargs ", " | tee /tmp/t | ");
const suffixes = pick("", "", " > /tmp/o.txt", " 2>/dev/null", " 2>&1", " | head", " | grep -v NAME", " | sort", " | awk '{print $1}'", " &", " | base64", " >> x.yaml", " | kubectl apply -f -", " | less", " | cat -A");

/** A whole command line: one command, a short pipeline or list, hostile quoting sometimes. */
export const commandLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.oneof({ weight: 3, arbitrary: kubectlLine }, nodeToolLine, fileLine, { weight: 3, arbitrary: newToolLine }), suffixes).map(([a, b]) => a + b) },
  { weight: 2, arbitrary: fc.tuple(fc.oneof(kubectlLine, nodeToolLine, fileLine, newToolLine), operators, fc.oneof(kubectlLine, nodeToolLine, fileLine, newToolLine)).map(([a, op, b]) => a + op + b) },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(kubectlLine, fileLine), pick("$(", "`", "\"", "'", "<(", "${", "{ ", "( ", "[[ ", "if ", "for i in 1 2; do ", "while false; do ")).map(([a, p]) => p + a) },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(kubectlLine, nodeToolLine), fc.nat({ max: 60 }), fc.string({ minLength: 1, maxLength: 3 })).map(([a, at, ins]) => a.slice(0, at) + ins + a.slice(at)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80, unit: "binary" }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: fc.constantFrom(..."|&;<>()$`\\\"' \t\n*?[]#~=%{}!-") }) },
);

// ---------------------------------------------------------------- manifests

const dnsName = fc.oneof({ weight: 4, arbitrary: pick("web", "nginx", "api", "db-0", "x", "static-web", "a1") }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
const container = fc.record(
  {
    name: dnsName,
    image: images,
    command: fc.oneof(pick(["sleep", "1000"], ["sh", "-c", "exit 1"], ["/bin/false"], ["nginx", "-g", "daemon off;"], "sleep 1000" as unknown as string[]), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })),
    args: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    ports: fc.array(fc.record({ containerPort: fc.oneof(fc.integer({ min: -5, max: 70000 }), pick("80", "http") as fc.Arbitrary<unknown>), protocol: pick("TCP", "UDP", "BOGUS") }, { requiredKeys: ["containerPort"] }), { maxLength: 2 }),
    resources: fc.record({ limits: fc.record({ cpu: pick("100m", "1", "abc", "-1"), memory: pick("64Mi", "1Gi", "lots") }) }),
    env: fc.array(fc.record({ name: fc.string({ maxLength: 6 }), value: fc.oneof(fc.string({ maxLength: 6 }), fc.integer() as fc.Arbitrary<unknown>) }), { maxLength: 2 }),
    imagePullPolicy: pick("Always", "IfNotPresent", "Never", "Sometimes"),
  },
  { requiredKeys: ["name", "image"] },
);
const podSpec = fc.record(
  {
    containers: fc.oneof({ weight: 5, arbitrary: fc.array(container, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>([], "nginx", null) }),
    restartPolicy: pick("Always", "OnFailure", "Never", "Sometimes"),
    nodeName: pick("controlplane", "node01", "node02", ""),
    nodeSelector: fc.dictionary(pick("kubernetes.io/hostname", "disk", "bad key!"), pick("node01", "ssd", "")),
    tolerations: fc.array(fc.record({ key: pick("node-role.kubernetes.io/control-plane", "x"), operator: pick("Exists", "Equal", "Bogus"), effect: pick("NoSchedule", "NoExecute", "") }), { maxLength: 2 }),
    hostNetwork: fc.boolean(),
    terminationGracePeriodSeconds: fc.oneof(fc.integer({ min: -1, max: 100 }), pick("30") as fc.Arbitrary<unknown>),
    initContainers: fc.array(container, { maxLength: 1 }),
    volumes: fc.array(fc.record({ name: dnsName, emptyDir: fc.constant({}) }), { maxLength: 1 }),
  },
  { requiredKeys: ["containers"] },
);
const metadata = fc.record(
  {
    name: dnsName,
    namespace: namespaces,
    labels: fc.dictionary(pick("app", "tier", "bad key!", "x/y/z"), pick("web", "", "a b")),
    annotations: fc.dictionary(pick("a", "kubernetes.io/config.mirror"), fc.string({ maxLength: 10 })),
    generateName: pick("gen-", ""),
  },
  { requiredKeys: ["name"] },
);
const selector = fc.record({ matchLabels: fc.dictionary(pick("app"), pick("web", "db")) });
export const manifestObject: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ apiVersion: pick("v1", "v1", "apps/v1", "v2", ""), kind: pick("Pod", "Pod", "pod", "Foo"), metadata, spec: podSpec }, { requiredKeys: ["kind"] }) },
  {
    weight: 3,
    arbitrary: fc.record({
      apiVersion: pick("apps/v1", "apps/v1", "v1", "extensions/v1beta1"),
      kind: pick("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"),
      metadata,
      spec: fc.record({ replicas: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constantFrom<unknown>("2", 10000)), selector, template: fc.record({ metadata: fc.record({ labels: fc.dictionary(pick("app"), pick("web", "db")) }), spec: podSpec }) }, { requiredKeys: ["selector", "template"] }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ apiVersion: pick("batch/v1"), kind: pick("Job", "CronJob"), metadata, spec: fc.record({ schedule: pick("*/1 * * * *", "bogus"), template: fc.record({ spec: podSpec }), jobTemplate: fc.record({ spec: fc.record({ template: fc.record({ spec: podSpec }) }) }) }) }) },
  { weight: 2, arbitrary: fc.record({ apiVersion: pick("v1"), kind: pick("Service", "ConfigMap", "Secret", "Namespace", "ServiceAccount", "Node", "Event", "Endpoints"), metadata, spec: fc.record({ selector: fc.dictionary(pick("app"), pick("web")), ports: fc.array(fc.record({ port: fc.integer({ min: -1, max: 70000 }), targetPort: fc.oneof(fc.integer(), fc.string({ maxLength: 4 }) as fc.Arbitrary<unknown>) }), { maxLength: 2 }), type: pick("ClusterIP", "NodePort", "Bogus") }), data: fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 10 }), fc.integer() as fc.Arbitrary<unknown>)), stringData: fc.dictionary(pick("k"), fc.string({ maxLength: 5 })) }, { requiredKeys: ["kind", "metadata"] }) },
  { weight: 1, arbitrary: fc.record({ apiVersion: pick("v1"), kind: pick("List"), items: fc.array(fc.record({ apiVersion: pick("v1"), kind: pick("Pod", "ConfigMap"), metadata, spec: podSpec }), { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  { weight: 5, arbitrary: newManifestObject },
);

function aliasBomb(depth: number, width: number): string {
  let s = `a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let i = 1; i <= depth; i++) s += `a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(",")}]\n`;
  return s + `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n  annotations: {x: *a${depth}}\nspec:\n  containers: [{name: c, image: nginx, args: *a${depth}}]\n`;
}

/** A manifest as text: YAML or JSON of a generated object, multi-document, mangled, a bomb, binary. */
export const manifestText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: manifestObject.map((o) => safeYaml(o)) },
  { weight: 2, arbitrary: manifestObject.map((o) => safeJson(o)) },
  { weight: 2, arbitrary: fc.array(manifestObject, { minLength: 2, maxLength: 3 }).map((os) => os.map(safeYaml).join("---\n")) },
  { weight: 2, arbitrary: fc.tuple(manifestObject, fc.nat(), fc.string({ maxLength: 4 })).map(([o, at, ins]) => { const t = safeYaml(o); const i = at % (t.length + 1); return t.slice(0, i) + ins + t.slice(i); }) },
  { weight: 1, arbitrary: fc.tuple(manifestObject, fc.nat()).map(([o, at]) => { const t = safeYaml(o); return t.slice(0, at % (t.length + 1)); }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 3, max: 10 })).map(([d, w]) => aliasBomb(d, w)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => String.fromCharCode(...b)) },
  { weight: 1, arbitrary: pick("", "---", "--- \n---\n", "null", "[]", "42", "kind: Pod", "apiVersion: v1\nkind: Pod\n", "{", "a: b: c", "\t- x", "apiVersion: v1\nkind: Pod\nmetadata: {name: dup}\nmetadata: {name: dup2}\n", "!!binary aGVsbG8=", "%YAML 1.2\n---\nkind: Pod", "&a [*a]", "x: !!js/function 'function(){}'", "kind: Pod\nmetadata: {name: \"\\u0000\"}") },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 3000 }).map((n) => safeYaml({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "huge" }, data: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v".repeat(100)])) })) },
);

export function safeYaml(o: unknown): string {
  try {
    return stringify(o) ?? "";
  } catch {
    return "{}\n";
  }
}

function safeJson(o: unknown): string {
  try {
    return JSON.stringify(o, null, 2) ?? "null";
  } catch {
    return "{}";
  }
}

/** Where a manifest goes and how. */
export const manifestUse = pick(
  "kubectl apply -f F",
  "kubectl create -f F",
  "kubectl apply -f F --dry-run=client -o yaml",
  "kubectl replace -f F",
  "kubectl delete -f F",
  "cat F | kubectl apply -f -",
  "kubectl create -f F -o name",
  "static controlplane",
  "static node01",
);

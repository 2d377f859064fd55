// What the server programs of the catalog's images do when started: the lines they log,
// the ports they listen on, and how they fail (bad flags, missing settings). Keyed by the
// binary name found in argv.

import type { ProcessPlan, ProcessEnv, ProcStep } from "./processes.ts";

function base(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

const KNOWN_FLAGS: Record<string, string[]> = {
  "kube-apiserver": [
    "advertise-address", "allow-privileged", "authorization-mode", "client-ca-file", "enable-admission-plugins", "enable-bootstrap-token-auth",
    "etcd-cafile", "etcd-certfile", "etcd-keyfile", "etcd-servers", "kubelet-client-certificate", "kubelet-client-key",
    "kubelet-preferred-address-types", "proxy-client-cert-file", "proxy-client-key-file", "requestheader-allowed-names",
    "requestheader-client-ca-file", "requestheader-extra-headers-prefix", "requestheader-group-headers", "requestheader-username-headers",
    "secure-port", "service-account-issuer", "service-account-key-file", "service-account-signing-key-file", "service-cluster-ip-range",
    "tls-cert-file", "tls-private-key-file", "disable-admission-plugins", "audit-log-path", "audit-policy-file", "audit-log-maxage",
    "audit-log-maxbackup", "audit-log-maxsize", "encryption-provider-config", "runtime-config", "feature-gates", "v", "bind-address",
    "anonymous-auth", "enable-aggregator-routing", "token-auth-file", "insecure-port", "profiling", "event-ttl", "max-requests-inflight",
  ],
  "kube-controller-manager": [
    "allocate-node-cidrs", "authentication-kubeconfig", "authorization-kubeconfig", "bind-address", "client-ca-file", "cluster-cidr",
    "cluster-name", "cluster-signing-cert-file", "cluster-signing-key-file", "controllers", "kubeconfig", "leader-elect",
    "requestheader-client-ca-file", "root-ca-file", "service-account-private-key-file", "service-cluster-ip-range",
    "use-service-account-credentials", "node-monitor-grace-period", "node-monitor-period", "pod-eviction-timeout", "feature-gates", "v",
    "terminated-pod-gc-threshold", "concurrent-deployment-syncs", "horizontal-pod-autoscaler-sync-period", "profiling",
  ],
  "kube-scheduler": ["authentication-kubeconfig", "authorization-kubeconfig", "bind-address", "kubeconfig", "leader-elect", "config", "feature-gates", "v", "profiling", "secure-port"],
  etcd: [
    "advertise-client-urls", "cert-file", "client-cert-auth", "data-dir", "experimental-initial-corrupt-check", "experimental-watch-progress-notify-interval",
    "initial-advertise-peer-urls", "initial-cluster", "key-file", "listen-client-urls", "listen-metrics-urls", "listen-peer-urls", "name",
    "peer-cert-file", "peer-client-cert-auth", "peer-key-file", "peer-trusted-ca-file", "snapshot-count", "trusted-ca-file", "initial-cluster-state",
    "initial-cluster-token", "auto-compaction-retention", "quota-backend-bytes", "log-level",
  ],
};

const COBRA_USAGE: Record<string, string> = {
  "kube-apiserver": "The Kubernetes API server validates and configures data\nfor the api objects which include pods, services, replicationcontrollers, and\nothers.",
  "kube-controller-manager": "The Kubernetes controller manager is a daemon that embeds\nthe core control loops shipped with Kubernetes.",
  "kube-scheduler": "The Kubernetes scheduler is a control plane process which assigns\nPods to Nodes.",
};

function badFlag(argv: string[], known: string[]): string | undefined {
  for (const a of argv.slice(1)) {
    if (!a.startsWith("--")) continue;
    const name = a.slice(2).split("=")[0];
    if (!known.includes(name)) return a.split("=")[0];
  }
  return undefined;
}

/** A klog line; \u0000klog is replaced by "MMDD hh:mm:ss.uuuuuu" when the line is written. */
function klog(level: "I" | "E" | "W", file: string, msg: string): string {
  return `${level}\u0000klog       1 ${file}] ${msg}\n`;
}

const serve = (comm: string, listens: number[], lines: [number, "stdout" | "stderr", string][]): ProcessPlan => ({
  steps: lines.map(([at, stream, text]): ProcStep => ({ at, stream, text })),
  handlesSigterm: true,
  listens,
  comm,
});

export function imageProgram(argv: string[], penv: ProcessEnv): ProcessPlan | undefined {
  const words = argv.map(base);
  const bin = words[0] ?? "";
  if (bin in KNOWN_FLAGS) {
    const flag = badFlag(argv, KNOWN_FLAGS[bin]);
    if (flag) {
      // component-base's cli.Run: the usage text first (re-enabled for flag errors), then the error;
      // kube-apiserver's command sets SilenceUsage ("stop printing usage when the command errors"),
      // so cli.Run leaves usage off and only "Error: <err>" is printed
      const text =
        bin === "etcd"
          ? `{"level":"fatal","msg":"failed to verify flags","error":"unknown flag: ${flag}"}\n`
          : bin === "kube-apiserver"
            ? `Error: unknown flag: ${flag}\n`
            : `Usage:\n  ${bin} [flags]\n\n${COBRA_USAGE[bin] ? "" : ""}Error: unknown flag: ${flag}\n`;
      return { steps: [{ at: 150, stream: "stderr", text }], exit: { at: 200, code: 1 }, handlesSigterm: true, listens: [], comm: bin };
    }
    if (bin === "etcd") return serve("etcd", [2379, 2380, 2381], [[100, "stderr", `{"level":"info","msg":"serving client traffic securely","address":"127.0.0.1:2379"}\n`]]);
    const securePort = argv.find((a) => a.startsWith("--secure-port="))?.slice("--secure-port=".length);
    const port = securePort && /^\d+$/.test(securePort) ? Number(securePort) : bin === "kube-apiserver" ? 6443 : bin === "kube-scheduler" ? 10259 : 10257;
    return serve(bin, [port], [
      [50, "stderr", klog("I", "options.go:228", `external host was not specified, using ${penv.env.NODE_IP ?? "172.30.1.2"}`)],
      [200, "stderr", klog("I", "secure_serving.go:213", `Serving securely on [::]:${port}`)],
    ]);
  }
  if (bin === "kube-proxy") return serve("kube-proxy", [10249, 10256], [[100, "stderr", klog("I", "server_linux.go:66", `"Using iptables proxy"`)]]);
  if (bin === "coredns") return serve("coredns", [53, 8080, 8181, 9153], [[100, "stdout", ".:53\n[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n"]]);
  const isEntrypoint = bin === "docker-entrypoint.sh" || bin === "entrypoint.sh";
  const prog = isEntrypoint ? words[1] ?? "" : bin;
  if (prog === "nginx") {
    return serve("nginx", [80], [
      [30, "stdout", "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\n/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh\n10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf\n10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n/docker-entrypoint.sh: Configuration complete; ready for start up\n"],
      [60, "stderr", "nginx: [notice] 1#1: using the \"epoll\" event method\nnginx: [notice] 1#1: start worker processes\n"],
    ]);
  }
  if (prog === "httpd-foreground" || prog === "httpd") {
    return serve("httpd", [80], [[50, "stderr", "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 127.0.0.1. Set the 'ServerName' directive globally to suppress this message\n"]]);
  }
  if (prog === "redis-server") return serve("redis-server", [6379], [[40, "stdout", "1:M * Ready to accept connections tcp\n"]]);
  if (prog === "memcached") return serve("memcached", [11211], []);
  if (prog === "mysqld") {
    const e = penv.env;
    if (!e.MYSQL_ROOT_PASSWORD && !e.MYSQL_ALLOW_EMPTY_PASSWORD && !e.MYSQL_RANDOM_ROOT_PASSWORD) {
      return {
        steps: [
          { at: 100, stream: "stdout", text: "2024-01-01 00:00:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.0 started.\n" },
          { at: 300, stream: "stderr", text: "2024-01-01 00:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n" },
        ],
        exit: { at: 400, code: 1 },
        handlesSigterm: true,
        listens: [],
        comm: "mysqld",
      };
    }
    return serve("mysqld", [3306, 33060], [[2000, "stderr", "[Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.40'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.\n"]]);
  }
  if (prog === "postgres") {
    if (!penv.env.POSTGRES_PASSWORD && penv.env.POSTGRES_HOST_AUTH_METHOD !== "trust") {
      return {
        steps: [{ at: 100, stream: "stderr", text: "Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".\n" }],
        exit: { at: 150, code: 1 },
        handlesSigterm: true,
        listens: [],
        comm: "postgres",
      };
    }
    return serve("postgres", [5432], [[1500, "stderr", "LOG:  database system is ready to accept connections\n"]]);
  }
  if (prog === "fluentd" || prog === "fluent-bit" || prog === "node_exporter" || prog === "flanneld" || prog === "calico-node" || prog === "agnhost") {
    return serve(prog, prog === "node_exporter" ? [9100] : [], []);
  }
  return undefined;
}

export { COBRA_USAGE };

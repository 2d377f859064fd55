// What `kubeadm init` (v1.32) creates through the API once the control plane answers:
// the kube-proxy and CoreDNS add-ons, the cluster-info / kubeadm-config / kubelet-config
// ConfigMaps — and the CNI the lab installs after init: Calico v3.29 (manifest install:
// calico-node DaemonSet + calico-kube-controllers Deployment in kube-system), which is what
// exam-style clusters with the 192.168.0.0/16 pod subnet run.

import type { KubeObject } from "../../types.ts";

export interface AddonParams {
  kubernetesVersion: string;
  controlPlaneIp: string;
  podSubnet: string;
  serviceSubnet: string;
  dnsIp: string;
  caCertPem: string;
  clusterName?: string;
}

const cm = (ns: string, name: string, data: Record<string, string>, labels?: Record<string, string>): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
  data,
});

const sa = (ns: string, name: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
});

export function kubeProxyConfig(p: AddonParams): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${p.podSubnet}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ""
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`;
}

const COREFILE = (dnsDomain: string) => `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${dnsDomain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${dnsDomain}
       disable denial ${dnsDomain}
    }
    loop
    reload
    loadbalance
}
`;

/** Objects in creation order. */
export function kubeadmAddons(p: AddonParams): { resource: string; object: KubeObject }[] {
  const out: { resource: string; object: KubeObject }[] = [];
  const add = (resource: string, object: KubeObject) => out.push({ resource, object });
  const server = `https://${p.controlPlaneIp}:6443`;
  const version = p.kubernetesVersion;
  const minor = version.replace(/^v(\d+\.\d+).*$/, "$1");
  add("configmaps", cm("kube-system", "kubeadm-config", {
    ClusterConfiguration: `apiServer: {}
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /etc/kubernetes/pki
clusterName: kubernetes
controllerManager: {}
dns: {}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: ${version}
networking:
  dnsDomain: cluster.local
  podSubnet: ${p.podSubnet}
  serviceSubnet: ${p.serviceSubnet}
proxy: {}
scheduler: {}
`,
  }));
  add("configmaps", cm("kube-public", "cluster-info", {
    kubeconfig: `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${btoa(p.caCertPem)}
    server: ${server}
  name: ""
contexts: null
current-context: ""
kind: Config
preferences: {}
users: null
`,
  }));
  void minor;
  // kube-proxy
  add("serviceaccounts", sa("kube-system", "kube-proxy"));
  add("configmaps", cm("kube-system", "kube-proxy", {
    "config.conf": kubeProxyConfig(p),
    "kubeconfig.conf": `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: ${server}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
`,
  }, { app: "kube-proxy" }));
  add("daemonsets", {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { labels: { "k8s-app": "kube-proxy" }, name: "kube-proxy", namespace: "kube-system" },
    spec: {
      selector: { matchLabels: { "k8s-app": "kube-proxy" } },
      template: {
        metadata: { labels: { "k8s-app": "kube-proxy" } },
        spec: {
          containers: [{
            command: ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
            env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
            image: `registry.k8s.io/kube-proxy:${version}`,
            imagePullPolicy: "IfNotPresent",
            name: "kube-proxy",
            securityContext: { privileged: true },
            volumeMounts: [
              { mountPath: "/var/lib/kube-proxy", name: "kube-proxy" },
              { mountPath: "/run/xtables.lock", name: "xtables-lock" },
              { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
            ],
          }],
          hostNetwork: true,
          nodeSelector: { "kubernetes.io/os": "linux" },
          priorityClassName: "system-node-critical",
          serviceAccountName: "kube-proxy",
          tolerations: [{ operator: "Exists" }],
          volumes: [
            { configMap: { name: "kube-proxy" }, name: "kube-proxy" },
            { hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" }, name: "xtables-lock" },
            { hostPath: { path: "/lib/modules" }, name: "lib-modules" },
          ],
        },
      },
      updateStrategy: { type: "RollingUpdate" },
    },
  });
  // CoreDNS
  add("serviceaccounts", sa("kube-system", "coredns"));
  add("configmaps", cm("kube-system", "coredns", { Corefile: COREFILE("cluster.local") }));
  add("deployments", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { labels: { "k8s-app": "kube-dns" }, name: "coredns", namespace: "kube-system" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { "k8s-app": "kube-dns" } },
      strategy: { rollingUpdate: { maxUnavailable: 1 }, type: "RollingUpdate" },
      template: {
        metadata: { labels: { "k8s-app": "kube-dns" } },
        spec: {
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{
                podAffinityTerm: { labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] }, topologyKey: "kubernetes.io/hostname" },
                weight: 100,
              }],
            },
          },
          containers: [{
            args: ["-conf", "/etc/coredns/Corefile"],
            image: "registry.k8s.io/coredns/coredns:v1.11.3",
            imagePullPolicy: "IfNotPresent",
            livenessProbe: { failureThreshold: 5, httpGet: { path: "/health", port: 8080, scheme: "HTTP" }, initialDelaySeconds: 60, successThreshold: 1, timeoutSeconds: 5 },
            name: "coredns",
            ports: [
              { containerPort: 53, name: "dns", protocol: "UDP" },
              { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
              { containerPort: 9153, name: "metrics", protocol: "TCP" },
            ],
            readinessProbe: { httpGet: { path: "/ready", port: 8181, scheme: "HTTP" } },
            resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] }, readOnlyRootFilesystem: true },
            volumeMounts: [{ mountPath: "/etc/coredns", name: "config-volume", readOnly: true }],
          }],
          dnsPolicy: "Default",
          nodeSelector: { "kubernetes.io/os": "linux" },
          priorityClassName: "system-cluster-critical",
          serviceAccountName: "coredns",
          tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, { effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }],
          volumes: [{ configMap: { items: [{ key: "Corefile", path: "Corefile" }], name: "coredns" }, name: "config-volume" }],
        },
      },
    },
  });
  add("services", {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
      labels: { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
      name: "kube-dns",
      namespace: "kube-system",
    },
    spec: {
      clusterIP: p.dnsIp,
      ports: [
        { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
      ],
      selector: { "k8s-app": "kube-dns" },
    },
  });
  // Calico (manifest install)
  const calicoVersion = "v3.29.1";
  add("serviceaccounts", sa("kube-system", "calico-node"));
  add("serviceaccounts", sa("kube-system", "calico-cni-plugin"));
  add("serviceaccounts", sa("kube-system", "calico-kube-controllers"));
  add("configmaps", cm("kube-system", "calico-config", {
    calico_backend: "bird",
    cni_network_config: `{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "calico",\n      "log_level": "info",\n      "log_file_path": "/var/log/calico/cni/cni.log",\n      "datastore_type": "kubernetes",\n      "nodename": "__KUBERNETES_NODE_NAME__",\n      "mtu": __CNI_MTU__,\n      "ipam": {\n          "type": "calico-ipam"\n      },\n      "policy": {\n          "type": "k8s"\n      },\n      "kubernetes": {\n          "kubeconfig": "__KUBECONFIG_FILEPATH__"\n      }\n    },\n    {\n      "type": "portmap",\n      "snat": true,\n      "capabilities": {"portMappings": true}\n    },\n    {\n      "type": "bandwidth",\n      "capabilities": {"bandwidth": true}\n    }\n  ]\n}`,
    typha_service_name: "none",
    veth_mtu: "0",
  }));
  add("daemonsets", {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { labels: { "k8s-app": "calico-node" }, name: "calico-node", namespace: "kube-system" },
    spec: {
      selector: { matchLabels: { "k8s-app": "calico-node" } },
      template: {
        metadata: { labels: { "k8s-app": "calico-node" } },
        spec: {
          containers: [{
            env: [
              { name: "DATASTORE_TYPE", value: "kubernetes" },
              { name: "WAIT_FOR_DATASTORE", value: "true" },
              { name: "NODENAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
              { name: "CALICO_NETWORKING_BACKEND", valueFrom: { configMapKeyRef: { key: "calico_backend", name: "calico-config" } } },
              { name: "CLUSTER_TYPE", value: "k8s,bgp" },
              { name: "IP", value: "autodetect" },
              { name: "CALICO_IPV4POOL_IPIP", value: "Always" },
              { name: "CALICO_IPV4POOL_VXLAN", value: "Never" },
              { name: "CALICO_IPV6POOL_VXLAN", value: "Never" },
              { name: "FELIX_IPINIPMTU", valueFrom: { configMapKeyRef: { key: "veth_mtu", name: "calico-config" } } },
              { name: "CALICO_IPV4POOL_CIDR", value: p.podSubnet },
              { name: "CALICO_DISABLE_FILE_LOGGING", value: "true" },
              { name: "FELIX_DEFAULTENDPOINTTOHOSTACTION", value: "ACCEPT" },
              { name: "FELIX_IPV6SUPPORT", value: "false" },
              { name: "FELIX_HEALTHENABLED", value: "true" },
            ],
            envFrom: [{ configMapRef: { name: "kubernetes-services-endpoint", optional: true } }],
            image: `docker.io/calico/node:${calicoVersion}`,
            imagePullPolicy: "IfNotPresent",
            lifecycle: { preStop: { exec: { command: ["/bin/calico-node", "-shutdown"] } } },
            livenessProbe: { exec: { command: ["/bin/calico-node", "-felix-live", "-bird-live"] }, failureThreshold: 6, periodSeconds: 10, timeoutSeconds: 10 },
            name: "calico-node",
            readinessProbe: { exec: { command: ["/bin/calico-node", "-felix-ready", "-bird-ready"] }, periodSeconds: 10, timeoutSeconds: 10 },
            resources: { requests: { cpu: "250m" } },
            securityContext: { privileged: true },
            volumeMounts: [
              { mountPath: "/host/etc/cni/net.d", name: "cni-net-dir", readOnly: false },
              { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
              { mountPath: "/run/xtables.lock", name: "xtables-lock", readOnly: false },
              { mountPath: "/var/run/calico", name: "var-run-calico", readOnly: false },
              { mountPath: "/var/lib/calico", name: "var-lib-calico", readOnly: false },
              { mountPath: "/var/run/nodeagent", name: "policysync" },
              { mountPath: "/sys/fs/bpf", name: "bpffs" },
              { mountPath: "/var/log/calico/cni", name: "cni-log-dir", readOnly: true },
            ],
          }],
          hostNetwork: true,
          nodeSelector: { "kubernetes.io/os": "linux" },
          priorityClassName: "system-node-critical",
          serviceAccountName: "calico-node",
          terminationGracePeriodSeconds: 0,
          tolerations: [{ effect: "NoSchedule", operator: "Exists" }, { key: "CriticalAddonsOnly", operator: "Exists" }, { effect: "NoExecute", operator: "Exists" }],
          volumes: [
            { hostPath: { path: "/lib/modules" }, name: "lib-modules" },
            { hostPath: { path: "/var/run/calico", type: "DirectoryOrCreate" }, name: "var-run-calico" },
            { hostPath: { path: "/var/lib/calico", type: "DirectoryOrCreate" }, name: "var-lib-calico" },
            { hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" }, name: "xtables-lock" },
            { hostPath: { path: "/sys/fs/", type: "DirectoryOrCreate" }, name: "sys-fs" },
            { hostPath: { path: "/sys/fs/bpf", type: "Directory" }, name: "bpffs" },
            { hostPath: { path: "/proc" }, name: "nodeproc" },
            { hostPath: { path: "/opt/cni/bin", type: "DirectoryOrCreate" }, name: "cni-bin-dir" },
            { hostPath: { path: "/etc/cni/net.d" }, name: "cni-net-dir" },
            { hostPath: { path: "/var/log/calico/cni" }, name: "cni-log-dir" },
            { hostPath: { path: "/var/lib/cni/networks" }, name: "host-local-net-dir" },
            { hostPath: { path: "/var/run/nodeagent", type: "DirectoryOrCreate" }, name: "policysync" },
          ],
        },
      },
      updateStrategy: { rollingUpdate: { maxUnavailable: 1 }, type: "RollingUpdate" },
    },
  });
  add("deployments", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { labels: { "k8s-app": "calico-kube-controllers" }, name: "calico-kube-controllers", namespace: "kube-system" },
    spec: {
      replicas: 1,
      selector: { matchLabels: { "k8s-app": "calico-kube-controllers" } },
      strategy: { type: "Recreate" },
      template: {
        metadata: { labels: { "k8s-app": "calico-kube-controllers" }, name: "calico-kube-controllers", namespace: "kube-system" },
        spec: {
          containers: [{
            env: [{ name: "ENABLED_CONTROLLERS", value: "node,loadbalancer" }, { name: "DATASTORE_TYPE", value: "kubernetes" }],
            image: `docker.io/calico/kube-controllers:${calicoVersion}`,
            imagePullPolicy: "IfNotPresent",
            livenessProbe: { exec: { command: ["/usr/bin/check-status", "-l"] }, failureThreshold: 6, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 10 },
            name: "calico-kube-controllers",
            readinessProbe: { exec: { command: ["/usr/bin/check-status", "-r"] }, periodSeconds: 10 },
            securityContext: { runAsNonRoot: true },
          }],
          nodeSelector: { "kubernetes.io/os": "linux" },
          priorityClassName: "system-cluster-critical",
          serviceAccountName: "calico-kube-controllers",
          tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }, { effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }],
        },
      },
    },
  });
  return out;
}

/** What kube-apiserver itself creates at start (bootstrap controllers). */
export function apiServerBootstrap(p: Pick<AddonParams, "controlPlaneIp" | "serviceSubnet">): { resource: string; object: KubeObject }[] {
  const base = p.serviceSubnet.split("/")[0].split(".").map(Number);
  const first = `${base[0]}.${base[1]}.${base[2]}.${base[3] + 1}`;
  return [
    {
      resource: "priorityclasses",
      object: { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "system-cluster-critical" }, value: 2000000000, description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.", preemptionPolicy: "PreemptLowerPriority" },
    },
    {
      resource: "priorityclasses",
      object: { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "system-node-critical" }, value: 2000001000, description: "Used for system critical pods that must not be moved from their current node.", preemptionPolicy: "PreemptLowerPriority" },
    },
    {
      resource: "services",
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { labels: { component: "apiserver", provider: "kubernetes" }, name: "kubernetes", namespace: "default" },
        spec: { clusterIP: first, ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }], sessionAffinity: "None", type: "ClusterIP" },
      },
    },
    {
      resource: "endpoints",
      object: {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { labels: { "endpointslice.kubernetes.io/skip-mirror": "true" }, name: "kubernetes", namespace: "default" },
        subsets: [{ addresses: [{ ip: p.controlPlaneIp }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }],
      },
    },
  ];
}

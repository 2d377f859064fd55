// Key order of typed Kubernetes objects as Go's encoding/json writes them: the field order
// of the k8s.io/api structs (TypeMeta kind before apiVersion, ObjectMeta, PodSpec,
// Container …). Keys the schema does not know come last, sorted.

type Schema = { order: string[]; fields?: Record<string, string> };

const S: Record<string, Schema> = {
  Object: { order: ["kind", "apiVersion", "metadata", "spec", "status"], fields: { metadata: "ObjectMeta" } },
  ObjectMeta: {
    order: ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields"],
    fields: { ownerReferences: "OwnerReference[]" },
  },
  OwnerReference: { order: ["apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"] },
  PodSpec: {
    order: ["volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy", "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname", "subdomain", "affinity", "schedulerName", "tolerations", "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates", "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead", "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates", "resourceClaims", "resources"],
    fields: { initContainers: "Container[]", containers: "Container[]", tolerations: "Toleration[]", volumes: "Volume[]" },
  },
  Container: {
    order: ["name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty"],
    fields: { ports: "ContainerPort[]", env: "EnvVar[]", resources: "ResourceRequirements", volumeMounts: "VolumeMount[]", securityContext: "SecurityContext" },
  },
  ContainerPort: { order: ["name", "hostPort", "containerPort", "protocol", "hostIP"] },
  EnvVar: { order: ["name", "value", "valueFrom"] },
  ResourceRequirements: { order: ["limits", "requests", "claims"] },
  VolumeMount: { order: ["name", "readOnly", "recursiveReadOnly", "mountPath", "subPath", "mountPropagation", "subPathExpr"] },
  Volume: { order: ["name"] },
  SecurityContext: { order: ["capabilities", "privileged", "seLinuxOptions", "windowsOptions", "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem", "allowPrivilegeEscalation", "procMount", "seccompProfile", "appArmorProfile"] },
  Toleration: { order: ["key", "operator", "value", "effect", "tolerationSeconds"] },
  PodStatus: {
    order: ["phase", "conditions", "message", "reason", "nominatedNodeName", "hostIP", "hostIPs", "podIP", "podIPs", "startTime", "initContainerStatuses", "containerStatuses", "qosClass", "ephemeralContainerStatuses", "resize", "resourceClaimStatuses"],
    fields: { conditions: "PodCondition[]", initContainerStatuses: "ContainerStatus[]", containerStatuses: "ContainerStatus[]" },
  },
  PodCondition: { order: ["type", "status", "lastProbeTime", "lastTransitionTime", "reason", "message"] },
  ContainerStatus: {
    order: ["name", "state", "lastState", "ready", "restartCount", "image", "imageID", "containerID", "started", "allocatedResources", "resources", "volumeMounts", "user", "allocatedResourcesStatus"],
    fields: { state: "ContainerState", lastState: "ContainerState" },
  },
  ContainerState: { order: ["waiting", "running", "terminated"], fields: { terminated: "ContainerStateTerminated" } },
  ContainerStateTerminated: { order: ["exitCode", "signal", "reason", "message", "startedAt", "finishedAt", "containerID"] },
  ServiceSpec: {
    order: ["ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs", "sessionAffinity", "loadBalancerIP", "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy", "healthCheckNodePort", "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies", "ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy", "trafficDistribution"],
    fields: { ports: "ServicePort[]" },
  },
  ServicePort: { order: ["name", "protocol", "appProtocol", "port", "targetPort", "nodePort"] },
  ServiceStatus: { order: ["loadBalancer", "conditions"] },
  NodeSpec: { order: ["podCIDR", "podCIDRs", "providerID", "unschedulable", "taints", "configSource", "externalID"] },
  NodeStatus: { order: ["capacity", "allocatable", "phase", "conditions", "addresses", "daemonEndpoints", "nodeInfo", "images", "volumesInUse", "volumesAttached", "config", "runtimeHandlers", "features"] },
};

const KIND_PARTS: Record<string, { spec?: string; status?: string }> = {
  Pod: { spec: "PodSpec", status: "PodStatus" },
  Service: { spec: "ServiceSpec", status: "ServiceStatus" },
  Node: { spec: "NodeSpec", status: "NodeStatus" },
};

function order(v: unknown, type: string | undefined, explicit?: Schema): unknown {
  if (v === null || typeof v !== "object") return v;
  if (type?.endsWith("[]")) {
    const el = type.slice(0, -2);
    return Array.isArray(v) ? v.map((x) => order(x, el)) : v;
  }
  if (Array.isArray(v)) return v.map((x) => order(x, undefined));
  const schema = explicit ?? (type ? S[type] : undefined);
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const known = schema?.order ?? [];
  for (const k of known) if (o[k] !== undefined) out[k] = order(o[k], schema?.fields?.[k]);
  for (const k of Object.keys(o).filter((k) => !known.includes(k)).sort()) if (o[k] !== undefined) out[k] = order(o[k], schema?.fields?.[k]);
  return out;
}

/** Reorder a typed object's keys as encoding/json would write the Go struct. */
export function canonicalize<T>(obj: T): T {
  const o = obj as Record<string, unknown>;
  const parts = KIND_PARTS[String(o.kind)] ?? {};
  const fields: Record<string, string> = { metadata: "ObjectMeta" };
  if (parts.spec) fields.spec = parts.spec;
  if (parts.status) fields.status = parts.status;
  return order(obj, "", { order: S.Object.order, fields }) as T;
}

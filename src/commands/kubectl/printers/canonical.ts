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
  LabelSelector: { order: ["matchLabels", "matchExpressions"] },
  PodTemplateSpec: { order: ["metadata", "spec"], fields: { metadata: "ObjectMeta", spec: "PodSpec" } },
  DeploymentSpec: {
    order: ["replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit", "paused", "progressDeadlineSeconds"],
    fields: { selector: "LabelSelector", template: "PodTemplateSpec" },
  },
  DeploymentStatus: { order: ["observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas", "terminatingReplicas", "conditions", "collisionCount"] },
  ReplicaSetSpec: { order: ["replicas", "minReadySeconds", "selector", "template"], fields: { selector: "LabelSelector", template: "PodTemplateSpec" } },
  DaemonSetSpec: { order: ["selector", "template", "updateStrategy", "minReadySeconds", "revisionHistoryLimit"], fields: { selector: "LabelSelector", template: "PodTemplateSpec" } },
  HPASpecV1: { order: ["scaleTargetRef", "minReplicas", "maxReplicas", "targetCPUUtilizationPercentage"], fields: { scaleTargetRef: "CrossVersionObjectReference" } },
  CrossVersionObjectReference: { order: ["kind", "name", "apiVersion"] },
  HPAStatusV1: { order: ["observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas", "currentCPUUtilizationPercentage"] },
  StatefulSetSpec: { order: ["replicas", "selector", "template", "volumeClaimTemplates", "serviceName", "podManagementPolicy", "updateStrategy", "revisionHistoryLimit", "minReadySeconds", "persistentVolumeClaimRetentionPolicy", "ordinals"], fields: { selector: "LabelSelector", template: "PodTemplateSpec" } },
  JobSpec: {
    order: ["parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy", "successPolicy", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "selector", "manualSelector", "template", "ttlSecondsAfterFinished", "completionMode", "suspend", "podReplacementPolicy", "managedBy"],
    fields: { selector: "LabelSelector", template: "PodTemplateSpec" },
  },
  JobTemplateSpec: { order: ["metadata", "spec"], fields: { metadata: "ObjectMeta", spec: "JobSpec" } },
  CronJobSpec: {
    order: ["schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy", "suspend", "jobTemplate", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"],
    fields: { jobTemplate: "JobTemplateSpec" },
  },
  PolicyRule: { order: ["verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"] },
  AggregationRule: { order: ["clusterRoleSelectors"], fields: { clusterRoleSelectors: "LabelSelector[]" } },
  Subject: { order: ["kind", "apiGroup", "name", "namespace"] },
  RoleRef: { order: ["apiGroup", "kind", "name"] },
  IngressSpec: { order: ["ingressClassName", "defaultBackend", "tls", "rules"], fields: { defaultBackend: "IngressBackend", tls: "IngressTLS[]", rules: "IngressRule[]" } },
  IngressTLS: { order: ["hosts", "secretName"] },
  IngressRule: { order: ["host", "http"], fields: { http: "HTTPIngressRuleValue" } },
  HTTPIngressRuleValue: { order: ["paths"], fields: { paths: "HTTPIngressPath[]" } },
  HTTPIngressPath: { order: ["path", "pathType", "backend"], fields: { backend: "IngressBackend" } },
  IngressBackend: { order: ["service", "resource"], fields: { service: "IngressServiceBackend" } },
  IngressServiceBackend: { order: ["name", "port"], fields: { port: "ServiceBackendPort" } },
  ServiceBackendPort: { order: ["name", "number"] },
  PDBSpec: { order: ["minAvailable", "selector", "maxUnavailable", "unhealthyPodEvictionPolicy"], fields: { selector: "LabelSelector" } },
  PDBStatus: { order: ["observedGeneration", "disruptedPods", "disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods", "conditions"] },
  ResourceQuotaSpec: { order: ["hard", "scopes", "scopeSelector"] },
  NamespaceSpec: { order: ["finalizers"] },
  ServiceSpec: {
    order: ["ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs", "sessionAffinity", "loadBalancerIP", "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy", "healthCheckNodePort", "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies", "ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy", "trafficDistribution"],
    fields: { ports: "ServicePort[]" },
  },
  ServicePort: { order: ["name", "protocol", "appProtocol", "port", "targetPort", "nodePort"] },
  ServiceStatus: { order: ["loadBalancer", "conditions"] },
  NodeSpec: { order: ["podCIDR", "podCIDRs", "providerID", "unschedulable", "taints", "configSource", "externalID"] },
  NodeStatus: { order: ["capacity", "allocatable", "phase", "conditions", "addresses", "daemonEndpoints", "nodeInfo", "images", "volumesInUse", "volumesAttached", "config", "runtimeHandlers", "features"] },
};

/** Top-level field order of each kind (after kind, apiVersion, metadata). */
const KINDS: Record<string, { order: string[]; fields: Record<string, string> }> = {
  Pod: { order: ["spec", "status"], fields: { spec: "PodSpec", status: "PodStatus" } },
  Service: { order: ["spec", "status"], fields: { spec: "ServiceSpec", status: "ServiceStatus" } },
  Node: { order: ["spec", "status"], fields: { spec: "NodeSpec", status: "NodeStatus" } },
  Deployment: { order: ["spec", "status"], fields: { spec: "DeploymentSpec", status: "DeploymentStatus" } },
  ReplicaSet: { order: ["spec", "status"], fields: { spec: "ReplicaSetSpec" } },
  DaemonSet: { order: ["spec", "status"], fields: { spec: "DaemonSetSpec" } },
  StatefulSet: { order: ["spec", "status"], fields: { spec: "StatefulSetSpec" } },
  HorizontalPodAutoscaler: { order: ["spec", "status"], fields: { spec: "HPASpecV1", status: "HPAStatusV1" } },
  Job: { order: ["spec", "status"], fields: { spec: "JobSpec" } },
  CronJob: { order: ["spec", "status"], fields: { spec: "CronJobSpec" } },
  ConfigMap: { order: ["immutable", "data", "binaryData"], fields: {} },
  Secret: { order: ["immutable", "data", "stringData", "type"], fields: {} },
  Namespace: { order: ["spec", "status"], fields: { spec: "NamespaceSpec" } },
  ServiceAccount: { order: ["secrets", "imagePullSecrets", "automountServiceAccountToken"], fields: {} },
  Role: { order: ["rules"], fields: { rules: "PolicyRule[]" } },
  ClusterRole: { order: ["rules", "aggregationRule"], fields: { rules: "PolicyRule[]", aggregationRule: "AggregationRule" } },
  RoleBinding: { order: ["subjects", "roleRef"], fields: { subjects: "Subject[]", roleRef: "RoleRef" } },
  ClusterRoleBinding: { order: ["subjects", "roleRef"], fields: { subjects: "Subject[]", roleRef: "RoleRef" } },
  PriorityClass: { order: ["value", "globalDefault", "description", "preemptionPolicy"], fields: {} },
  Ingress: { order: ["spec", "status"], fields: { spec: "IngressSpec" } },
  PodDisruptionBudget: { order: ["spec", "status"], fields: { spec: "PDBSpec", status: "PDBStatus" } },
  ResourceQuota: { order: ["spec", "status"], fields: { spec: "ResourceQuotaSpec" } },
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
  const k = KINDS[String(o.kind)];
  const fields: Record<string, string> = { metadata: "ObjectMeta", ...(k?.fields ?? {}) };
  return order(obj, "", { order: [...S.Object.order.slice(0, 3), ...(k?.order ?? ["spec", "status"])], fields }) as T;
}

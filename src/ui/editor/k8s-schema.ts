// A small Kubernetes schema, as data: the kinds a CKA student writes by hand and the fields
// of their objects (names and value types as in the API's Go structs, k8s.io/api v0.32).
// Enough to flag a typo'd field or a wrong apiVersion and to complete field names; not
// the whole OpenAPI document.

export type FieldType = "string" | "int" | "bool" | "quantity" | "map" | "any" | { obj: string } | { list: FieldType };

const s = "string" as const;
const i = "int" as const;
const b = "bool" as const;
const map = "map" as const;
const any = "any" as const;
const obj = (name: string) => ({ obj: name });
const list = (t: FieldType) => ({ list: t });

export const TYPES: Record<string, Record<string, FieldType>> = {
  ObjectMeta: {
    name: s, generateName: s, namespace: s, labels: map, annotations: map, uid: s, resourceVersion: s, generation: i,
    creationTimestamp: any, deletionTimestamp: any, deletionGracePeriodSeconds: i, ownerReferences: list(any), finalizers: list(s), managedFields: list(any), selfLink: s,
  },
  LabelSelector: { matchLabels: map, matchExpressions: list(obj("LabelSelectorRequirement")) },
  LabelSelectorRequirement: { key: s, operator: s, values: list(s) },
  PodTemplateSpec: { metadata: obj("ObjectMeta"), spec: obj("PodSpec") },
  PodSpec: {
    containers: list(obj("Container")), initContainers: list(obj("Container")), ephemeralContainers: list(any), volumes: list(obj("Volume")),
    restartPolicy: s, terminationGracePeriodSeconds: i, activeDeadlineSeconds: i, dnsPolicy: s, dnsConfig: any, nodeSelector: map, nodeName: s,
    serviceAccountName: s, serviceAccount: s, automountServiceAccountToken: b, hostNetwork: b, hostPID: b, hostIPC: b, shareProcessNamespace: b,
    securityContext: obj("PodSecurityContext"), imagePullSecrets: list(obj("LocalObjectReference")), hostname: s, subdomain: s, affinity: obj("Affinity"),
    schedulerName: s, tolerations: list(obj("Toleration")), hostAliases: list(any), priorityClassName: s, priority: i, readinessGates: list(any),
    runtimeClassName: s, enableServiceLinks: b, preemptionPolicy: s, overhead: map, topologySpreadConstraints: list(any), setHostnameAsFQDN: b,
    os: any, hostUsers: b, schedulingGates: list(any), resourceClaims: list(any), resources: obj("ResourceRequirements"),
  },
  Container: {
    name: s, image: s, command: list(s), args: list(s), workingDir: s, ports: list(obj("ContainerPort")), envFrom: list(obj("EnvFromSource")),
    env: list(obj("EnvVar")), resources: obj("ResourceRequirements"), resizePolicy: list(any), restartPolicy: s, volumeMounts: list(obj("VolumeMount")),
    volumeDevices: list(any), livenessProbe: obj("Probe"), readinessProbe: obj("Probe"), startupProbe: obj("Probe"), lifecycle: any,
    terminationMessagePath: s, terminationMessagePolicy: s, imagePullPolicy: s, securityContext: obj("SecurityContext"), stdin: b, stdinOnce: b, tty: b,
  },
  ContainerPort: { name: s, hostPort: i, containerPort: i, protocol: s, hostIP: s },
  EnvVar: { name: s, value: s, valueFrom: obj("EnvVarSource") },
  EnvVarSource: { fieldRef: any, resourceFieldRef: any, configMapKeyRef: obj("KeySelector"), secretKeyRef: obj("KeySelector") },
  KeySelector: { name: s, key: s, optional: b },
  EnvFromSource: { prefix: s, configMapRef: obj("LocalObjectReference"), secretRef: obj("LocalObjectReference") },
  LocalObjectReference: { name: s, optional: b },
  ResourceRequirements: { limits: map, requests: map, claims: list(any) },
  VolumeMount: { name: s, readOnly: b, mountPath: s, subPath: s, mountPropagation: s, subPathExpr: s, recursiveReadOnly: s },
  Volume: {
    name: s, hostPath: obj("HostPathVolumeSource"), emptyDir: any, secret: any, configMap: any, persistentVolumeClaim: any, projected: any,
    downwardAPI: any, nfs: any, csi: any, ephemeral: any, image: any,
  },
  HostPathVolumeSource: { path: s, type: s },
  Probe: {
    exec: any, httpGet: any, tcpSocket: any, grpc: any, initialDelaySeconds: i, timeoutSeconds: i, periodSeconds: i, successThreshold: i,
    failureThreshold: i, terminationGracePeriodSeconds: i,
  },
  SecurityContext: {
    capabilities: any, privileged: b, seLinuxOptions: any, windowsOptions: any, runAsUser: i, runAsGroup: i, runAsNonRoot: b, readOnlyRootFilesystem: b,
    allowPrivilegeEscalation: b, procMount: s, seccompProfile: any, appArmorProfile: any,
  },
  PodSecurityContext: {
    seLinuxOptions: any, windowsOptions: any, runAsUser: i, runAsGroup: i, runAsNonRoot: b, supplementalGroups: list(i), fsGroup: i, sysctls: list(any),
    fsGroupChangePolicy: s, seccompProfile: any, appArmorProfile: any, supplementalGroupsPolicy: s, seLinuxChangePolicy: s,
  },
  Toleration: { key: s, operator: s, value: s, effect: s, tolerationSeconds: i },
  Affinity: { nodeAffinity: any, podAffinity: any, podAntiAffinity: any },
  DeploymentSpec: {
    replicas: i, selector: obj("LabelSelector"), template: obj("PodTemplateSpec"), strategy: any, minReadySeconds: i, revisionHistoryLimit: i,
    paused: b, progressDeadlineSeconds: i,
  },
  ReplicaSetSpec: { replicas: i, minReadySeconds: i, selector: obj("LabelSelector"), template: obj("PodTemplateSpec") },
  DaemonSetSpec: { selector: obj("LabelSelector"), template: obj("PodTemplateSpec"), updateStrategy: any, minReadySeconds: i, revisionHistoryLimit: i },
  StatefulSetSpec: {
    replicas: i, selector: obj("LabelSelector"), template: obj("PodTemplateSpec"), volumeClaimTemplates: list(any), serviceName: s, podManagementPolicy: s,
    updateStrategy: any, revisionHistoryLimit: i, minReadySeconds: i, persistentVolumeClaimRetentionPolicy: any, ordinals: any,
  },
  JobSpec: {
    parallelism: i, completions: i, activeDeadlineSeconds: i, podFailurePolicy: any, successPolicy: any, backoffLimit: i, backoffLimitPerIndex: i,
    maxFailedIndexes: i, selector: obj("LabelSelector"), manualSelector: b, template: obj("PodTemplateSpec"), ttlSecondsAfterFinished: i,
    completionMode: s, suspend: b, podReplacementPolicy: s, managedBy: s,
  },
  JobTemplateSpec: { metadata: obj("ObjectMeta"), spec: obj("JobSpec") },
  CronJobSpec: {
    schedule: s, timeZone: s, startingDeadlineSeconds: i, concurrencyPolicy: s, suspend: b, jobTemplate: obj("JobTemplateSpec"),
    successfulJobsHistoryLimit: i, failedJobsHistoryLimit: i,
  },
  ServiceSpec: {
    ports: list(obj("ServicePort")), selector: map, clusterIP: s, clusterIPs: list(s), type: s, externalIPs: list(s), sessionAffinity: s,
    loadBalancerIP: s, loadBalancerSourceRanges: list(s), externalName: s, externalTrafficPolicy: s, healthCheckNodePort: i,
    publishNotReadyAddresses: b, sessionAffinityConfig: any, ipFamilies: list(s), ipFamilyPolicy: s, allocateLoadBalancerNodePorts: b,
    loadBalancerClass: s, internalTrafficPolicy: s, trafficDistribution: s,
  },
  ServicePort: { name: s, protocol: s, appProtocol: s, port: i, targetPort: any, nodePort: i },
  PersistentVolumeClaimSpec: { accessModes: list(s), selector: obj("LabelSelector"), resources: obj("ResourceRequirements"), volumeName: s, storageClassName: s, volumeMode: s, dataSource: any, dataSourceRef: any, volumeAttributesClassName: s },
  PersistentVolumeSpec: {
    capacity: map, accessModes: list(s), claimRef: any, persistentVolumeReclaimPolicy: s, storageClassName: s, mountOptions: list(s), volumeMode: s,
    nodeAffinity: any, hostPath: obj("HostPathVolumeSource"), nfs: any, csi: any, local: any, volumeAttributesClassName: s,
  },
};

export interface KindSchema {
  apiVersion: string;
  /** top-level fields besides apiVersion and kind */
  fields: Record<string, FieldType>;
}

const meta = { metadata: obj("ObjectMeta") };
const withSpec = (spec: string): Record<string, FieldType> => ({ ...meta, spec: obj(spec), status: any });

export const KINDS: Record<string, KindSchema> = {
  Pod: { apiVersion: "v1", fields: withSpec("PodSpec") },
  Deployment: { apiVersion: "apps/v1", fields: withSpec("DeploymentSpec") },
  ReplicaSet: { apiVersion: "apps/v1", fields: withSpec("ReplicaSetSpec") },
  DaemonSet: { apiVersion: "apps/v1", fields: withSpec("DaemonSetSpec") },
  StatefulSet: { apiVersion: "apps/v1", fields: withSpec("StatefulSetSpec") },
  Job: { apiVersion: "batch/v1", fields: withSpec("JobSpec") },
  CronJob: { apiVersion: "batch/v1", fields: withSpec("CronJobSpec") },
  Service: { apiVersion: "v1", fields: withSpec("ServiceSpec") },
  PersistentVolumeClaim: { apiVersion: "v1", fields: withSpec("PersistentVolumeClaimSpec") },
  PersistentVolume: { apiVersion: "v1", fields: withSpec("PersistentVolumeSpec") },
  ConfigMap: { apiVersion: "v1", fields: { ...meta, data: map, binaryData: map, immutable: b } },
  Secret: { apiVersion: "v1", fields: { ...meta, data: map, stringData: map, type: s, immutable: b } },
  Namespace: { apiVersion: "v1", fields: { ...meta, spec: any, status: any } },
  ServiceAccount: { apiVersion: "v1", fields: { ...meta, secrets: list(any), imagePullSecrets: list(obj("LocalObjectReference")), automountServiceAccountToken: b } },
  Role: { apiVersion: "rbac.authorization.k8s.io/v1", fields: { ...meta, rules: list(any) } },
  ClusterRole: { apiVersion: "rbac.authorization.k8s.io/v1", fields: { ...meta, rules: list(any), aggregationRule: any } },
  RoleBinding: { apiVersion: "rbac.authorization.k8s.io/v1", fields: { ...meta, subjects: list(any), roleRef: any } },
  ClusterRoleBinding: { apiVersion: "rbac.authorization.k8s.io/v1", fields: { ...meta, subjects: list(any), roleRef: any } },
  NetworkPolicy: { apiVersion: "networking.k8s.io/v1", fields: { ...meta, spec: any } },
  Ingress: { apiVersion: "networking.k8s.io/v1", fields: { ...meta, spec: any, status: any } },
  StorageClass: { apiVersion: "storage.k8s.io/v1", fields: { ...meta, provisioner: s, parameters: map, reclaimPolicy: s, mountOptions: list(s), allowVolumeExpansion: b, volumeBindingMode: s, allowedTopologies: list(any) } },
  PriorityClass: { apiVersion: "scheduling.k8s.io/v1", fields: { ...meta, value: i, globalDefault: b, description: s, preemptionPolicy: s } },
  PodDisruptionBudget: { apiVersion: "policy/v1", fields: { ...meta, spec: any, status: any } },
  ResourceQuota: { apiVersion: "v1", fields: withSpec("ResourceQuotaSpec") },
  LimitRange: { apiVersion: "v1", fields: { ...meta, spec: any } },
  // files a student meets on the nodes, not API objects
  Config: { apiVersion: "v1", fields: { clusters: list(any), contexts: list(any), users: list(any), "current-context": s, preferences: any, extensions: list(any) } },
  KubeletConfiguration: { apiVersion: "kubelet.config.k8s.io/v1beta1", fields: {} },
};
TYPES.ResourceQuotaSpec = { hard: map, scopes: list(s), scopeSelector: any };

/** Kinds whose fields are not checked (free-form config files). */
export const OPEN_KINDS = new Set(["KubeletConfiguration"]);

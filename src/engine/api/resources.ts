// The kinds the simulated API server stores: kind <-> resource, group/version, scope.
// kubectl's discovery table (src/commands/kubectl) covers every v1.32 resource; this one
// covers what the engine can hold.

export interface ResourceInfo {
  resource: string; // plural, lower-case: "pods"
  kind: string; // "Pod"
  group: string; // "" for core
  version: string; // "v1"
  namespaced: boolean;
  /** custom resources: the name of their CustomResourceDefinition (the store keys them as "plural.group") */
  crd?: string;
}

const list: ResourceInfo[] = [
  { resource: "pods", kind: "Pod", group: "", version: "v1", namespaced: true },
  { resource: "nodes", kind: "Node", group: "", version: "v1", namespaced: false },
  { resource: "namespaces", kind: "Namespace", group: "", version: "v1", namespaced: false },
  { resource: "events", kind: "Event", group: "", version: "v1", namespaced: true },
  { resource: "services", kind: "Service", group: "", version: "v1", namespaced: true },
  { resource: "endpoints", kind: "Endpoints", group: "", version: "v1", namespaced: true },
  { resource: "componentstatuses", kind: "ComponentStatus", group: "", version: "v1", namespaced: false },
  { resource: "configmaps", kind: "ConfigMap", group: "", version: "v1", namespaced: true },
  { resource: "secrets", kind: "Secret", group: "", version: "v1", namespaced: true },
  { resource: "serviceaccounts", kind: "ServiceAccount", group: "", version: "v1", namespaced: true },
  { resource: "persistentvolumes", kind: "PersistentVolume", group: "", version: "v1", namespaced: false },
  { resource: "persistentvolumeclaims", kind: "PersistentVolumeClaim", group: "", version: "v1", namespaced: true },
  { resource: "resourcequotas", kind: "ResourceQuota", group: "", version: "v1", namespaced: true },
  { resource: "limitranges", kind: "LimitRange", group: "", version: "v1", namespaced: true },
  { resource: "deployments", kind: "Deployment", group: "apps", version: "v1", namespaced: true },
  { resource: "replicasets", kind: "ReplicaSet", group: "apps", version: "v1", namespaced: true },
  { resource: "daemonsets", kind: "DaemonSet", group: "apps", version: "v1", namespaced: true },
  { resource: "statefulsets", kind: "StatefulSet", group: "apps", version: "v1", namespaced: true },
  { resource: "controllerrevisions", kind: "ControllerRevision", group: "apps", version: "v1", namespaced: true },
  { resource: "jobs", kind: "Job", group: "batch", version: "v1", namespaced: true },
  { resource: "cronjobs", kind: "CronJob", group: "batch", version: "v1", namespaced: true },
  { resource: "horizontalpodautoscalers", kind: "HorizontalPodAutoscaler", group: "autoscaling", version: "v2", namespaced: true },
  { resource: "certificatesigningrequests", kind: "CertificateSigningRequest", group: "certificates.k8s.io", version: "v1", namespaced: false },
  { resource: "leases", kind: "Lease", group: "coordination.k8s.io", version: "v1", namespaced: true },
  { resource: "roles", kind: "Role", group: "rbac.authorization.k8s.io", version: "v1", namespaced: true },
  { resource: "rolebindings", kind: "RoleBinding", group: "rbac.authorization.k8s.io", version: "v1", namespaced: true },
  { resource: "clusterroles", kind: "ClusterRole", group: "rbac.authorization.k8s.io", version: "v1", namespaced: false },
  { resource: "clusterrolebindings", kind: "ClusterRoleBinding", group: "rbac.authorization.k8s.io", version: "v1", namespaced: false },
  { resource: "customresourcedefinitions", kind: "CustomResourceDefinition", group: "apiextensions.k8s.io", version: "v1", namespaced: false },
  { resource: "priorityclasses", kind: "PriorityClass", group: "scheduling.k8s.io", version: "v1", namespaced: false },
  { resource: "ingresses", kind: "Ingress", group: "networking.k8s.io", version: "v1", namespaced: true },
  { resource: "networkpolicies", kind: "NetworkPolicy", group: "networking.k8s.io", version: "v1", namespaced: true },
  { resource: "poddisruptionbudgets", kind: "PodDisruptionBudget", group: "policy", version: "v1", namespaced: true },
  { resource: "storageclasses", kind: "StorageClass", group: "storage.k8s.io", version: "v1", namespaced: false },
];

const byResource = new Map(list.map((r) => [r.resource, r]));
const byKind = new Map(list.map((r) => [r.kind, r]));

export function resourceInfo(resource: string): ResourceInfo | undefined {
  return byResource.get(resource);
}

export function kindInfo(kind: string): ResourceInfo | undefined {
  return byKind.get(kind);
}

export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** "pods" for the core group, "deployments.apps" otherwise (as in error messages: `deployments.apps "x" not found`). */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function allResources(): readonly ResourceInfo[] {
  return list;
}

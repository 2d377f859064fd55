// The RBAC objects a kubeadm v1.32 cluster has:
// - kube-apiserver's bootstrap policy (its rbac/bootstrap-roles post-start hook creates them
//   on every start when missing): plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go
//   and namespace_policy.go, whose goldens are testdata/cluster-roles.yaml,
//   namespace-roles.yaml and namespace-role-bindings.yaml. The system:controller:* roles of
//   controller_policy.go are not included yet.
// - what `kubeadm init` creates (phases kubeconfig, bootstrap-token, upload-config,
//   kubelet-start and the kube-proxy / CoreDNS add-ons).

import type { KubeObject } from "../types.ts";

type Rule = Record<string, string[]>;

const RBAC = "rbac.authorization.k8s.io";
const V1 = `${RBAC}/v1`;
const AUTOUPDATE = { "rbac.authorization.kubernetes.io/autoupdate": "true" };
const BOOTSTRAPPING = { "kubernetes.io/bootstrapping": "rbac-defaults" };

/** A resource rule (verbs, apiGroups, resources[, resourceNames]) in PolicyRule field order. */
function r(verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): Rule {
  return resourceNames ? { verbs, apiGroups, resources, resourceNames } : { verbs, apiGroups, resources };
}
/** A non-resource rule. */
function u(verbs: string[], nonResourceURLs: string[]): Rule {
  return { verbs, nonResourceURLs };
}

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const EVENTS = r(["create", "patch", "update"], ["", "events.k8s.io"], ["events"]);

function clusterRole(name: string, rules: Rule[] | null, extraLabels: Record<string, string> = {}, aggregateFrom?: string): KubeObject {
  const o: KubeObject = {
    apiVersion: V1,
    kind: "ClusterRole",
    metadata: { name, labels: { ...BOOTSTRAPPING, ...extraLabels }, annotations: { ...AUTOUPDATE } },
  };
  if (aggregateFrom) o.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [aggregateFrom]: "true" } }] };
  if (rules) o.rules = rules;
  return o;
}

const subj = {
  group: (name: string) => ({ apiGroup: RBAC, kind: "Group", name }),
  user: (name: string) => ({ apiGroup: RBAC, kind: "User", name }),
  sa: (namespace: string, name: string) => ({ kind: "ServiceAccount", name, namespace }),
};

function clusterBinding(name: string, role: string, subjects: object[] | undefined, meta: { bootstrap?: boolean } = { bootstrap: true }): KubeObject {
  const o: KubeObject = {
    apiVersion: V1,
    kind: "ClusterRoleBinding",
    metadata: meta.bootstrap ? { name, labels: { ...BOOTSTRAPPING }, annotations: { ...AUTOUPDATE } } : { name },
    roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: role },
  };
  if (subjects) o.subjects = subjects;
  return o;
}

function role(namespace: string, name: string, rules: Rule[], bootstrap = true): KubeObject {
  return {
    apiVersion: V1,
    kind: "Role",
    metadata: bootstrap ? { name, namespace, labels: { ...BOOTSTRAPPING }, annotations: { ...AUTOUPDATE } } : { name, namespace },
    rules,
  };
}

function roleBinding(namespace: string, name: string, roleRef: { kind: "Role" | "ClusterRole"; name: string }, subjects: object[], bootstrap = true): KubeObject {
  return {
    apiVersion: V1,
    kind: "RoleBinding",
    metadata: bootstrap ? { name, namespace, labels: { ...BOOTSTRAPPING }, annotations: { ...AUTOUPDATE } } : { name, namespace },
    roleRef: { apiGroup: RBAC, ...roleRef },
    subjects,
  };
}

const AGG_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
const AGG_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
const AGG_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

/** testdata/cluster-roles.yaml */
function bootstrapClusterRoles(): KubeObject[] {
  return [
    clusterRole("admin", null, {}, AGG_ADMIN),
    clusterRole("cluster-admin", [r(["*"], ["*"], ["*"]), u(["*"], ["*"])]),
    clusterRole("edit", null, { [AGG_ADMIN]: "true" }, AGG_EDIT),
    clusterRole("system:aggregate-to-admin", [
      r(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
      r(RW, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"]),
    ], { [AGG_ADMIN]: "true" }),
    clusterRole("system:aggregate-to-edit", [
      r(READ, [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
      r(["impersonate"], [""], ["serviceaccounts"]),
      r(WRITE, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
      r(["create"], [""], ["pods/eviction"]),
      r(WRITE, [""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
      r(["create"], [""], ["serviceaccounts/token"]),
      r(WRITE, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
      r(WRITE, ["autoscaling"], ["horizontalpodautoscalers"]),
      r(WRITE, ["batch"], ["cronjobs", "jobs"]),
      r(WRITE, ["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"]),
      r(WRITE, ["policy"], ["poddisruptionbudgets"]),
      r(WRITE, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
      r(RW, ["coordination.k8s.io"], ["leases"]),
    ], { [AGG_EDIT]: "true" }),
    clusterRole("system:aggregate-to-view", [
      r(READ, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
      r(READ, [""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
      r(READ, [""], ["namespaces"]),
      r(READ, ["discovery.k8s.io"], ["endpointslices"]),
      r(READ, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
      r(READ, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
      r(READ, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
      r(READ, ["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"]),
      r(READ, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
      r(READ, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
    ], { [AGG_VIEW]: "true" }),
    clusterRole("system:auth-delegator", [
      r(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
      r(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
    ]),
    clusterRole("system:basic-user", [
      r(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
      r(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
    ]),
    clusterRole("system:certificates.k8s.io:certificatesigningrequests:nodeclient", [r(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"])]),
    clusterRole("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [r(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/selfnodeclient"])]),
    clusterRole("system:certificates.k8s.io:kube-apiserver-client-approver", [r(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client"])]),
    clusterRole("system:certificates.k8s.io:kube-apiserver-client-kubelet-approver", [r(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"])]),
    clusterRole("system:certificates.k8s.io:kubelet-serving-approver", [r(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kubelet-serving"])]),
    clusterRole("system:certificates.k8s.io:legacy-unknown-approver", [r(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/legacy-unknown"])]),
    clusterRole("system:discovery", [u(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])]),
    clusterRole("system:heapster", [
      r(READ, [""], ["events", "namespaces", "nodes", "pods"]),
      r(READ, ["extensions"], ["deployments"]),
    ]),
    clusterRole("system:kube-aggregator", [r(READ, [""], ["endpoints", "services"])]),
    clusterRole("system:kube-controller-manager", [
      EVENTS,
      r(["create"], ["coordination.k8s.io"], ["leases"]),
      r(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-controller-manager"]),
      r(["create"], [""], ["secrets", "serviceaccounts"]),
      r(["delete"], [""], ["secrets"]),
      r(["get"], [""], ["configmaps", "namespaces", "secrets", "serviceaccounts"]),
      r(["update"], [""], ["secrets", "serviceaccounts"]),
      r(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
      r(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
      r(["list", "watch"], ["*"], ["*"]),
      r(["create"], [""], ["serviceaccounts/token"]),
    ]),
    clusterRole("system:kube-dns", [r(["list", "watch"], [""], ["endpoints", "services"])]),
    clusterRole("system:kube-scheduler", [
      EVENTS,
      r(["create"], ["coordination.k8s.io"], ["leases"]),
      r(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-scheduler"]),
      r(READ, [""], ["nodes"]),
      r(["delete", "get", "list", "watch"], [""], ["pods"]),
      r(["create"], [""], ["bindings", "pods/binding"]),
      r(["patch", "update"], [""], ["pods/status"]),
      r(READ, [""], ["replicationcontrollers", "services"]),
      r(READ, ["apps", "extensions"], ["replicasets"]),
      r(READ, ["apps"], ["statefulsets"]),
      r(READ, ["policy"], ["poddisruptionbudgets"]),
      r(READ, [""], ["persistentvolumeclaims", "persistentvolumes"]),
      r(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
      r(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
      r(READ, ["storage.k8s.io"], ["csinodes"]),
      r(READ, [""], ["namespaces"]),
      r(READ, ["storage.k8s.io"], ["csidrivers"]),
      r(READ, ["storage.k8s.io"], ["csistoragecapacities"]),
    ]),
    clusterRole("system:kubelet-api-admin", [
      r(READ, [""], ["nodes"]),
      r(["proxy"], [""], ["nodes"]),
      r(["*"], [""], ["nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"]),
    ]),
    clusterRole("system:monitoring", [u(["get"], ["/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis", "/readyz", "/readyz/*"])]),
    clusterRole("system:node", [
      r(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
      r(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews", "subjectaccessreviews"]),
      r(READ, [""], ["services"]),
      r(["create", "get", "list", "watch"], [""], ["nodes"]),
      r(["patch", "update"], [""], ["nodes/status"]),
      r(["patch", "update"], [""], ["nodes"]),
      r(["create", "patch", "update"], [""], ["events"]),
      r(READ, [""], ["pods"]),
      r(["create", "delete"], [""], ["pods"]),
      r(["patch", "update"], [""], ["pods/status"]),
      r(["create"], [""], ["pods/eviction"]),
      r(READ, [""], ["configmaps", "secrets"]),
      r(["get"], [""], ["persistentvolumeclaims", "persistentvolumes"]),
      r(["get"], [""], ["endpoints"]),
      r(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
      r(["create", "delete", "get", "patch", "update"], ["coordination.k8s.io"], ["leases"]),
      r(["get"], ["storage.k8s.io"], ["volumeattachments"]),
      r(["create"], [""], ["serviceaccounts/token"]),
      r(["get", "patch", "update"], [""], ["persistentvolumeclaims/status"]),
      r(READ, ["storage.k8s.io"], ["csidrivers"]),
      r(["create", "delete", "get", "patch", "update"], ["storage.k8s.io"], ["csinodes"]),
      r(READ, ["node.k8s.io"], ["runtimeclasses"]),
    ]),
    clusterRole("system:node-bootstrapper", [r(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"])]),
    clusterRole("system:node-problem-detector", [
      r(["get"], [""], ["nodes"]),
      r(["patch"], [""], ["nodes/status"]),
      EVENTS,
    ]),
    clusterRole("system:node-proxier", [
      r(["list", "watch"], [""], ["endpoints", "services"]),
      r(READ, [""], ["nodes"]),
      EVENTS,
      r(["list", "watch"], ["discovery.k8s.io"], ["endpointslices"]),
    ]),
    clusterRole("system:persistent-volume-provisioner", [
      r(["create", "delete", "get", "list", "watch"], [""], ["persistentvolumes"]),
      r(["get", "list", "update", "watch"], [""], ["persistentvolumeclaims"]),
      r(READ, ["storage.k8s.io"], ["storageclasses"]),
      r(["watch"], [""], ["events"]),
      EVENTS,
    ]),
    clusterRole("system:public-info-viewer", [u(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
    clusterRole("system:service-account-issuer-discovery", [u(["get"], ["/.well-known/openid-configuration", "/openid/v1/jwks"])]),
    clusterRole("system:volume-scheduler", [
      r(["get", "list", "patch", "update", "watch"], [""], ["persistentvolumes"]),
      r(READ, ["storage.k8s.io"], ["storageclasses"]),
      r(["get", "list", "patch", "update", "watch"], [""], ["persistentvolumeclaims"]),
    ]),
    clusterRole("view", null, { [AGG_EDIT]: "true" }, AGG_VIEW),
  ];
}

/** policy.go clusterRoleBindings() */
function bootstrapClusterRoleBindings(): KubeObject[] {
  return [
    clusterBinding("cluster-admin", "cluster-admin", [subj.group("system:masters")]),
    clusterBinding("system:basic-user", "system:basic-user", [subj.group("system:authenticated")]),
    clusterBinding("system:discovery", "system:discovery", [subj.group("system:authenticated")]),
    clusterBinding("system:kube-controller-manager", "system:kube-controller-manager", [subj.user("system:kube-controller-manager")]),
    clusterBinding("system:kube-dns", "system:kube-dns", [subj.sa("kube-system", "kube-dns")]),
    clusterBinding("system:kube-scheduler", "system:kube-scheduler", [subj.user("system:kube-scheduler")]),
    clusterBinding("system:monitoring", "system:monitoring", [subj.group("system:monitoring")]),
    clusterBinding("system:node", "system:node", undefined),
    clusterBinding("system:node-proxier", "system:node-proxier", [subj.user("system:kube-proxy")]),
    clusterBinding("system:public-info-viewer", "system:public-info-viewer", [subj.group("system:authenticated"), subj.group("system:unauthenticated")]),
    clusterBinding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery", [subj.group("system:serviceaccounts")]),
    clusterBinding("system:volume-scheduler", "system:volume-scheduler", [subj.user("system:kube-scheduler")]),
  ];
}

const LEADER_LOCKING = [
  r(["create", "get", "list", "update", "watch"], ["coordination.k8s.io"], ["leases"]),
  r(["create", "get", "list", "update", "watch"], ["coordination.k8s.io"], ["leasecandidates"]),
];

/** testdata/namespace-roles.yaml and namespace-role-bindings.yaml */
function bootstrapNamespacedPolicy(): { resource: string; object: KubeObject }[] {
  const roles = [
    role("kube-public", "system:controller:bootstrap-signer", [
      r(READ, [""], ["configmaps"]),
      r(["update"], [""], ["configmaps"], ["cluster-info"]),
      EVENTS,
    ]),
    role("kube-system", "extension-apiserver-authentication-reader", [r(READ, [""], ["configmaps"], ["extension-apiserver-authentication"])]),
    role("kube-system", "system::leader-locking-kube-controller-manager", LEADER_LOCKING),
    role("kube-system", "system::leader-locking-kube-scheduler", LEADER_LOCKING),
    role("kube-system", "system:controller:bootstrap-signer", [r(READ, [""], ["secrets"])]),
    role("kube-system", "system:controller:cloud-provider", [r(["create", "get", "list", "watch"], [""], ["configmaps"])]),
    role("kube-system", "system:controller:token-cleaner", [r(["delete", "get", "list", "watch"], [""], ["secrets"]), EVENTS]),
  ];
  const bindings = [
    roleBinding("kube-public", "system:controller:bootstrap-signer", { kind: "Role", name: "system:controller:bootstrap-signer" }, [subj.sa("kube-system", "bootstrap-signer")]),
    roleBinding("kube-system", "system::extension-apiserver-authentication-reader", { kind: "Role", name: "extension-apiserver-authentication-reader" }, [subj.user("system:kube-controller-manager"), subj.user("system:kube-scheduler")]),
    roleBinding("kube-system", "system::leader-locking-kube-controller-manager", { kind: "Role", name: "system::leader-locking-kube-controller-manager" }, [
      subj.user("system:kube-controller-manager"),
      subj.sa("kube-system", "kube-controller-manager"),
      subj.sa("kube-system", "leader-election-controller"),
    ]),
    roleBinding("kube-system", "system::leader-locking-kube-scheduler", { kind: "Role", name: "system::leader-locking-kube-scheduler" }, [subj.user("system:kube-scheduler"), subj.sa("kube-system", "kube-scheduler")]),
    roleBinding("kube-system", "system:controller:bootstrap-signer", { kind: "Role", name: "system:controller:bootstrap-signer" }, [subj.sa("kube-system", "bootstrap-signer")]),
    roleBinding("kube-system", "system:controller:cloud-provider", { kind: "Role", name: "system:controller:cloud-provider" }, [subj.sa("kube-system", "cloud-provider")]),
    roleBinding("kube-system", "system:controller:token-cleaner", { kind: "Role", name: "system:controller:token-cleaner" }, [subj.sa("kube-system", "token-cleaner")]),
  ];
  return [...roles.map((object) => ({ resource: "roles", object })), ...bindings.map((object) => ({ resource: "rolebindings", object }))];
}

/** kube-apiserver's bootstrap policy: ensured (created when missing) at every start. */
export function rbacBootstrapPolicy(): { resource: string; object: KubeObject }[] {
  return [
    ...bootstrapClusterRoles().map((object) => ({ resource: "clusterroles", object })),
    ...bootstrapClusterRoleBindings().map((object) => ({ resource: "clusterrolebindings", object })),
    ...bootstrapNamespacedPolicy(),
  ];
}

const NODE_TOKEN_GROUP = "system:bootstrappers:kubeadm:default-node-token";

/** The RBAC objects `kubeadm init` v1.32 creates. */
export function kubeadmRbac(): { resource: string; object: KubeObject }[] {
  const plainCR = (name: string, rules: Rule[]): KubeObject => ({ apiVersion: V1, kind: "ClusterRole", metadata: { name }, rules });
  const crb = (name: string, roleName: string, subjects: object[]) => clusterBinding(name, roleName, subjects, {});
  const out: { resource: string; object: KubeObject }[] = [];
  const add = (resource: string, object: KubeObject) => out.push({ resource, object });
  // phase kubeconfig (admin.conf): the admin's group is bound to cluster-admin
  add("clusterrolebindings", crb("kubeadm:cluster-admins", "cluster-admin", [subj.group("kubeadm:cluster-admins")]));
  // phase bootstrap-token
  add("clusterroles", plainCR("kubeadm:get-nodes", [r(["get"], [""], ["nodes"])]));
  add("clusterrolebindings", crb("kubeadm:get-nodes", "kubeadm:get-nodes", [subj.group(NODE_TOKEN_GROUP)]));
  add("clusterrolebindings", crb("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", [subj.group(NODE_TOKEN_GROUP)]));
  add("clusterrolebindings", crb("kubeadm:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", [subj.group(NODE_TOKEN_GROUP)]));
  add("clusterrolebindings", crb("kubeadm:node-autoapprove-certificate-rotation", "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [subj.group("system:nodes")]));
  add("roles", role("kube-public", "kubeadm:bootstrap-signer-clusterinfo", [r(["get"], [""], ["configmaps"], ["cluster-info"])], false));
  add("rolebindings", roleBinding("kube-public", "kubeadm:bootstrap-signer-clusterinfo", { kind: "Role", name: "kubeadm:bootstrap-signer-clusterinfo" }, [subj.user("system:anonymous")], false));
  // phases upload-config and kubelet-start
  add("roles", role("kube-system", "kubeadm:nodes-kubeadm-config", [r(["get"], [""], ["configmaps"], ["kubeadm-config"])], false));
  add("rolebindings", roleBinding("kube-system", "kubeadm:nodes-kubeadm-config", { kind: "Role", name: "kubeadm:nodes-kubeadm-config" }, [subj.group(NODE_TOKEN_GROUP), subj.group("system:nodes")], false));
  add("roles", role("kube-system", "kubeadm:kubelet-config", [r(["get"], [""], ["configmaps"], ["kubelet-config"])], false));
  add("rolebindings", roleBinding("kube-system", "kubeadm:kubelet-config", { kind: "Role", name: "kubeadm:kubelet-config" }, [subj.group("system:nodes"), subj.group(NODE_TOKEN_GROUP)], false));
  // add-on kube-proxy
  add("clusterrolebindings", crb("kubeadm:node-proxier", "system:node-proxier", [subj.sa("kube-system", "kube-proxy")]));
  add("roles", role("kube-system", "kube-proxy", [r(["get"], [""], ["configmaps"], ["kube-proxy"])], false));
  add("rolebindings", roleBinding("kube-system", "kube-proxy", { kind: "Role", name: "kube-proxy" }, [subj.group(NODE_TOKEN_GROUP)], false));
  // add-on CoreDNS
  add("clusterroles", plainCR("system:coredns", [r(["list", "watch"], [""], ["endpoints", "services", "pods", "namespaces"]), r(["list", "watch"], ["discovery.k8s.io"], ["endpointslices"])]));
  add("clusterrolebindings", crb("system:coredns", "system:coredns", [subj.sa("kube-system", "coredns")]));
  return out;
}

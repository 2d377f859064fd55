// RBAC in the lab: kubectl auth can-i (SelfSubjectAccessReview / SelfSubjectRulesReview) and
// --as / --as-group impersonation on every verb, evaluated from the cluster's Roles,
// ClusterRoles and bindings; the bootstrap policy of a kubeadm 1.32 cluster.

import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { authorize, impersonatedUser, ruleAllows, rulesFor, type RbacSource } from "../../src/engine/api/rbac.ts";
import type { KubeObject } from "../../src/engine/types.ts";

let s: LabSession;
const sh = (line: string) => s.exec(line);
const SA = "system:serviceaccount:dev:foo";

beforeAll(async () => {
  s = new LabSession({ timeMode: "virtual" });
  for (const line of [
    "kubectl create ns dev",
    "kubectl create sa foo -n dev",
    "kubectl create role pod-reader --verb=get,list --resource=pods,pods/log -n dev",
    "kubectl create rolebinding foo-pods --role=pod-reader --serviceaccount=dev:foo -n dev",
    "kubectl create clusterrole node-viewer --verb=get,list,watch --resource=nodes",
    "kubectl create clusterrolebinding jane-nodes --clusterrole=node-viewer --user=jane",
    "kubectl create rolebinding jane-view --clusterrole=view --user=jane -n dev",
    "kubectl create role cm-one --verb=get,update --resource=configmaps --resource-name=app-config -n dev",
    "kubectl create rolebinding ops-cm --role=cm-one --group=ops -n dev",
  ]) {
    const r = await sh(line);
    expect(r.exitCode, `${line}: ${r.stderr}`).toBe(0);
  }
}, 60_000);

describe("bootstrap policy", () => {
  it("has kubeadm's and the API server's default ClusterRoles and bindings", async () => {
    const roles = (await sh("kubectl get clusterroles -o name")).stdout.split("\n");
    for (const n of ["cluster-admin", "admin", "edit", "view", "system:basic-user", "system:discovery", "system:public-info-viewer", "system:coredns", "kubeadm:get-nodes"]) {
      expect(roles).toContain(`clusterrole.rbac.authorization.k8s.io/${n}`);
    }
    const crb = await sh("kubectl get clusterrolebinding kubeadm:cluster-admins -o jsonpath='{.roleRef.name} {.subjects[0].kind}/{.subjects[0].name}'");
    expect(crb.stdout).toBe("cluster-admin Group/kubeadm:cluster-admins");
  });

  it("aggregates admin, edit and view from the aggregate-to-* ClusterRoles", async () => {
    const view = JSON.parse((await sh("kubectl get clusterrole view -o json")).stdout);
    const edit = JSON.parse((await sh("kubectl get clusterrole edit -o json")).stdout);
    const admin = JSON.parse((await sh("kubectl get clusterrole admin -o json")).stdout);
    const has = (cr: any, verb: string, res: string) => cr.rules.some((r: any) => r.verbs.includes(verb) && r.resources?.includes(res));
    expect(has(view, "list", "pods")).toBe(true);
    expect(has(view, "create", "pods")).toBe(false);
    expect(has(edit, "list", "pods")).toBe(true); // edit aggregates view
    expect(has(edit, "create", "pods")).toBe(true);
    expect(has(edit, "create", "rolebindings")).toBe(false);
    expect(has(admin, "create", "rolebindings")).toBe(true);
    expect(has(admin, "create", "deployments")).toBe(true);
  });

  it("re-aggregates when a ClusterRole with an aggregate label appears", async () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list"]
`;
    await sh(`cat <<'EOF' > /root/w.yaml\n${yaml}EOF`);
    expect((await sh("kubectl apply -f /root/w.yaml")).exitCode).toBe(0);
    expect((await sh("kubectl get clusterrole edit -o yaml")).stdout).toContain("  - secrets\n  verbs:\n  - get\n  - list\n");
    expect((await sh("kubectl auth can-i list secrets --as jane -n dev")).stdout).toBe("yes\n");
    expect((await sh("kubectl auth can-i list secrets --as jane -n default")).stdout).toBe("no\n");
    await sh("kubectl delete clusterrole widgets-view");
    expect((await sh("kubectl auth can-i list secrets --as jane -n dev")).stdout).toBe("no\n");
  });
});

describe("kubectl auth can-i", () => {
  it("answers yes (exit 0) and no (exit 1) from Roles and RoleBindings", async () => {
    let r = await sh(`kubectl auth can-i list pods --as=${SA} -n dev`);
    expect(r).toMatchObject({ stdout: "yes\n", stderr: "", exitCode: 0 });
    r = await sh(`kubectl auth can-i list pods --as=${SA} -n default`);
    expect(r).toMatchObject({ stdout: "no\n", stderr: "", exitCode: 1 });
    r = await sh(`kubectl auth can-i delete pods --as=${SA} -n dev`);
    expect(r).toMatchObject({ stdout: "no\n", exitCode: 1 });
    r = await sh("kubectl auth can-i create deployments --as jane");
    expect(r).toMatchObject({ stdout: "no\n", exitCode: 1 });
  });

  it("is yes for the admin (kubeadm:cluster-admins → cluster-admin)", async () => {
    expect((await sh("kubectl auth can-i '*' '*'")).stdout).toBe("yes\n");
    expect((await sh("kubectl auth can-i create clusterrolebindings -A")).stdout).toBe("yes\n");
  });

  it("checks subresources, resource names and non-resource URLs", async () => {
    expect((await sh(`kubectl auth can-i get pods --subresource=log --as=${SA} -n dev`)).stdout).toBe("yes\n");
    expect((await sh(`kubectl auth can-i get pods --subresource=exec --as=${SA} -n dev`)).stdout).toBe("no\n");
    expect((await sh("kubectl auth can-i get configmaps/app-config --as=bob --as-group=ops -n dev")).stdout).toBe("yes\n");
    expect((await sh("kubectl auth can-i get configmaps/other --as=bob --as-group=ops -n dev")).stdout).toBe("no\n");
    expect((await sh("kubectl auth can-i get configmaps --as=bob --as-group=ops -n dev")).stdout).toBe("no\n");
    expect((await sh("kubectl auth can-i get /healthz --as=bob")).stdout).toBe("yes\n");
    expect((await sh("kubectl auth can-i get /metrics --as=bob")).stdout).toBe("no\n");
    expect((await sh(`kubectl auth can-i get /openid/v1/jwks --as=${SA}`)).stdout).toBe("yes\n");
  });

  it("binds ClusterRoles cluster-wide and, through a RoleBinding, in one namespace", async () => {
    expect((await sh("kubectl auth can-i list nodes --as jane")).stdout).toBe("yes\n");
    expect((await sh("kubectl auth can-i list deployments.apps --as jane -n dev")).stdout).toBe("yes\n");
    expect((await sh("kubectl auth can-i list deployments --as jane -n kube-system")).stdout).toBe("no\n");
    expect((await sh("kubectl auth can-i list secrets --as jane -n dev")).stdout).toBe("no\n"); // view has no secrets
  });

  it("prints kubectl's warnings and the quiet mode", async () => {
    const r = await sh("kubectl auth can-i get nodes --as jane > /dev/null 2> /root/err.txt; cat /root/err.txt");
    expect(r.stdout).toBe("Warning: resource 'nodes' is not namespace scoped\n\n");
    const q = await sh("kubectl auth can-i -q list pods --as jane -n default");
    expect(q).toMatchObject({ stdout: "", stderr: "", exitCode: 1 });
    const w = await sh("kubectl auth can-i get widgets --as jane");
    // at the prompt stderr is the terminal: WarningPrinter colours the word (term.AllowsColorOutput)
    expect(w).toMatchObject({ stdout: "no\n", stderr: "\u001b[33;1mWarning:\u001b[0m the server doesn't have a resource type 'widgets'\n\n", exitCode: 1 });
  });

  it("says why when a binding names a missing role", async () => {
    await sh("kubectl create rolebinding broken --role=nope --user=carol -n dev");
    const r = await sh("kubectl auth can-i list pods --as carol -n dev");
    expect(r).toMatchObject({ stdout: 'no - RBAC: role.rbac.authorization.k8s.io "nope" not found\n', exitCode: 1 });
    const g = await sh("kubectl get pods --as carol -n dev");
    expect(g.stderr).toBe('Error from server (Forbidden): pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "dev": RBAC: role.rbac.authorization.k8s.io "nope" not found\n');
  });

  it("--list prints the rules table (SelfSubjectRulesReview)", async () => {
    const r = await sh(`kubectl auth can-i --list --as=${SA} -n dev`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        "Resources                                       Non-Resource URLs                     Resource Names   Verbs",
        "selfsubjectreviews.authentication.k8s.io        []                                    []               [create]",
        "selfsubjectaccessreviews.authorization.k8s.io   []                                    []               [create]",
        "selfsubjectrulesreviews.authorization.k8s.io    []                                    []               [create]",
        "pods/log                                        []                                    []               [get list]",
        "pods                                            []                                    []               [get list]",
        "                                                [/.well-known/openid-configuration]   []               [get]",
        "                                                [/api/*]                              []               [get]",
        "                                                [/api]                                []               [get]",
        "                                                [/apis/*]                             []               [get]",
        "                                                [/apis]                               []               [get]",
        "                                                [/healthz]                            []               [get]",
        "                                                [/healthz]                            []               [get]",
        "                                                [/livez]                              []               [get]",
        "                                                [/livez]                              []               [get]",
        "                                                [/openapi/*]                          []               [get]",
        "                                                [/openapi]                            []               [get]",
        "                                                [/openid/v1/jwks]                     []               [get]",
        "                                                [/readyz]                             []               [get]",
        "                                                [/readyz]                             []               [get]",
        "                                                [/version/]                           []               [get]",
        "                                                [/version/]                           []               [get]",
        "                                                [/version]                            []               [get]",
        "                                                [/version]                            []               [get]",
        "",
      ].join("\n"),
    );
    const admin = await sh("kubectl auth can-i --list --no-headers");
    expect(admin.stdout.split("\n").slice(0, 2)).toEqual([
      "*.*                                             []             []    [*]",
      "                                                [*]            []    [*]",
    ]);
    const names = await sh("kubectl auth can-i --list --as bob --as-group ops -n dev");
    expect(names.stdout).toContain("configmaps                                      []                  [app-config]     [get update]\n");
  });

  it("refuses --list with -A and arguments, as kubectl does", async () => {
    expect((await sh("kubectl auth can-i --list -A")).stderr).toBe("error: list option can't be specified with neither quiet, all-namespaces nor subresource options\n");
    expect((await sh("kubectl auth can-i --list pods")).stderr).toBe("error: list option must be specified with no arguments\n");
  });
});

describe("impersonation on every verb", () => {
  it("authorizes get/list/create/delete as the impersonated user with the API server's Forbidden", async () => {
    expect((await sh(`kubectl get pods -n dev --as=${SA}`)).stderr).toBe("No resources found in dev namespace.\n");
    let r = await sh(`kubectl get pods --as=${SA}`);
    expect(r).toMatchObject({ stdout: "", exitCode: 1, stderr: `Error from server (Forbidden): pods is forbidden: User "${SA}" cannot list resource "pods" in API group "" in the namespace "default"\n` });
    r = await sh(`kubectl get pods -A --as=${SA}`);
    expect(r.stderr).toBe(`Error from server (Forbidden): pods is forbidden: User "${SA}" cannot list resource "pods" in API group "" at the cluster scope\n`);
    r = await sh(`kubectl run web --image=nginx -n dev --as=${SA}`);
    expect(r.stderr).toBe(`Error from server (Forbidden): pods is forbidden: User "${SA}" cannot create resource "pods" in API group "" in the namespace "dev"\n`);
    r = await sh("kubectl get deploy coredns -n kube-system --as jane");
    expect(r.stderr).toBe('Error from server (Forbidden): deployments.apps "coredns" is forbidden: User "jane" cannot get resource "deployments" in API group "apps" in the namespace "kube-system"\n');
    r = await sh("kubectl delete node node01 --as jane");
    expect(r.stderr).toBe('Error from server (Forbidden): nodes "node01" is forbidden: User "jane" cannot delete resource "nodes" in API group "" at the cluster scope\n');
    expect((await sh("kubectl get nodes --as jane")).exitCode).toBe(0);
  });

  it("pod subresources: logs need get pods/log, exec needs create pods/exec", async () => {
    await sh("kubectl run web --image=nginx -n dev");
    await sh("sleep 20");
    expect((await sh(`kubectl logs web -n dev --as=${SA}`)).exitCode).toBe(0); // pod-reader has pods/log
    await sh("kubectl create role pods-only --verb=get --resource=pods -n dev");
    await sh("kubectl create rolebinding dan-pods --role=pods-only --user=dan -n dev");
    const r = await sh("kubectl logs web -n dev --as dan");
    expect(r.stderr).toBe('Error from server (Forbidden): pods "web" is forbidden: User "dan" cannot get resource "pods/log" in API group "" in the namespace "dev"\n');
    const e = await sh(`kubectl exec web -n dev --as=${SA} -- ls`);
    expect(e.stderr).toBe(`Error from server (Forbidden): pods "web" is forbidden: User "${SA}" cannot create resource "pods/exec" in API group "" in the namespace "dev"\n`);
  });

  it("a ServiceAccount's groups come with its name; --as-group without --as is refused by kubectl", async () => {
    await sh("kubectl create clusterrolebinding dev-sas --clusterrole=view --group=system:serviceaccounts:dev");
    expect((await sh(`kubectl auth can-i list services --as=${SA} -n kube-system`)).stdout).toBe("yes\n");
    // explicit groups replace the service account's
    expect((await sh(`kubectl auth can-i list services --as=${SA} --as-group=x -n kube-system`)).stdout).toBe("no\n");
    await sh("kubectl delete clusterrolebinding dev-sas");
    const r = await sh("kubectl get pods --as-group=foo");
    expect(r).toMatchObject({ exitCode: 1, stderr: "error: requesting uid, groups or user-extra for kubernetes-admin without impersonating a user\n" });
  });

  it("without the kubeadm:cluster-admins binding the admin is refused; super-admin.conf (system:masters) still works", async () => {
    const s2 = new LabSession({ timeMode: "virtual" });
    await s2.exec("kubectl delete clusterrolebinding kubeadm:cluster-admins");
    const r = await s2.exec("kubectl get pods");
    expect(r.stderr).toBe('Error from server (Forbidden): pods is forbidden: User "kubernetes-admin" cannot list resource "pods" in API group "" in the namespace "default"\n');
    expect((await s2.exec("kubectl auth can-i list pods")).stdout).toBe("no\n");
    const sup = await s2.exec("kubectl --kubeconfig /etc/kubernetes/super-admin.conf create clusterrolebinding kubeadm:cluster-admins --clusterrole=cluster-admin --group=kubeadm:cluster-admins");
    expect(sup.exitCode).toBe(0);
    expect((await s2.exec("kubectl get pods")).exitCode).toBe(0);
  }, 60_000);
});

describe("rbac evaluation (unit)", () => {
  const objs: Record<string, KubeObject[]> = { roles: [], rolebindings: [], clusterroles: [], clusterrolebindings: [] };
  const src: RbacSource = {
    list: (res, ns) => objs[res].filter((o) => ns === undefined || o.metadata.namespace === ns),
    get: (res, ns, name) => objs[res].find((o) => o.metadata.name === name && (ns === undefined || o.metadata.namespace === ns)),
  };
  objs.clusterroles.push({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "scaler" }, rules: [{ verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"] }] } as KubeObject);
  objs.rolebindings.push({
    apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "b", namespace: "ns1" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "scaler" },
    subjects: [{ kind: "ServiceAccount", name: "robot" }], // namespace defaults to the binding's
  } as KubeObject);

  it("matches */subresource rules and defaults a ServiceAccount subject's namespace to the binding's", () => {
    const robot = impersonatedUser("system:serviceaccount:ns1:robot", []);
    expect(robot.groups).toEqual(["system:serviceaccounts", "system:serviceaccounts:ns1", "system:authenticated"]);
    expect(authorize(src, robot, { verb: "update", namespace: "ns1", apiGroup: "apps", resource: "deployments", subresource: "scale" }).allowed).toBe(true);
    expect(authorize(src, robot, { verb: "update", namespace: "ns1", apiGroup: "apps", resource: "deployments" }).allowed).toBe(false);
    expect(authorize(src, robot, { verb: "update", namespace: "ns2", apiGroup: "apps", resource: "deployments", subresource: "scale" }).allowed).toBe(false);
    expect(rulesFor(src, robot, "ns1").resourceRules).toEqual([{ verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"], resourceNames: [] }]);
  });

  it("non-resource URL prefixes with a trailing *", () => {
    expect(ruleAllows({ verb: "get", path: "/logs/x" }, { verbs: ["get"], nonResourceURLs: ["/logs/*"] })).toBe(true);
    expect(ruleAllows({ verb: "get", path: "/log" }, { verbs: ["get"], nonResourceURLs: ["/logs/*"] })).toBe(false);
    expect(ruleAllows({ verb: "post", path: "/logs/x" }, { verbs: ["get"], nonResourceURLs: ["/logs/*"] })).toBe(false);
  });

  it("system:masters is allowed without any binding", () => {
    expect(authorize(src, { name: "x", groups: ["system:masters"] }, { verb: "delete", resource: "nodes", apiGroup: "" }).allowed).toBe(true);
  });
});

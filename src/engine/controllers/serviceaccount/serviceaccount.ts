// ServiceAccount controller (a `default` ServiceAccount in every namespace) and the root CA
// publisher (the kube-root-ca.crt ConfigMap in every namespace), as kube-controller-manager runs them.

import type { WatchEvent } from "../../api/store.ts";
import { Controller, type ControllerContext } from "../manager.ts";

const CA_DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

export class ServiceAccountController extends Controller {
  readonly name = "serviceaccount";

  constructor(
    ctx: ControllerContext,
    private caCert: () => string,
  ) {
    super(ctx);
  }

  onEvent(e: WatchEvent): void {
    if (e.resource === "namespaces" && e.type !== "DELETED") this.enqueue(e.object.metadata.name!);
    else if ((e.resource === "serviceaccounts" || e.resource === "configmaps") && e.type === "DELETED") this.enqueue(e.object.metadata.namespace!);
  }

  resyncAll(): void {
    for (const n of this.store.listRaw("namespaces")) this.queue.add(n.metadata.name!);
  }

  sync(ns: string): void {
    const n = this.store.peek("namespaces", undefined, ns);
    if (!n || n.metadata.deletionTimestamp) return;
    if (!this.store.peek("serviceaccounts", ns, "default")) {
      this.api.create("serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: ns } });
    }
    if (!this.store.peek("configmaps", ns, "kube-root-ca.crt")) {
      this.api.create("configmaps", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "kube-root-ca.crt", namespace: ns, annotations: { "kubernetes.io/description": CA_DESCRIPTION } },
        data: { "ca.crt": this.caCert() },
      });
    }
  }
}

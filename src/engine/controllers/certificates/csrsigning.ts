// kube-controller-manager's csrsigning controller (pkg/controller/certificates/signer): an
// approved CertificateSigningRequest for a kubernetes.io signer gets its certificate in
// status.certificate, signed with the cluster CA files the controller manager is given
// (kubeadm: --cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt, -key-file=ca.key); a
// request the signer refuses gets a Failed condition.

import { deepClone, type WatchEvent } from "../../api/store.ts";
import { signCsr } from "../../api/certificates.ts";
import { Controller, type ControllerContext } from "../manager.ts";

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class CsrSigningController extends Controller {
  readonly name = "csrsigning";

  constructor(
    ctx: ControllerContext,
    private ca: () => { cert: string; key: string } | undefined,
  ) {
    super(ctx);
  }

  onEvent(e: WatchEvent): void {
    if (e.resource === "certificatesigningrequests" && e.type !== "DELETED") this.enqueue(e.object.metadata.name!);
  }

  resyncAll(): void {
    for (const c of this.store.listRaw("certificatesigningrequests")) this.queue.add(c.metadata.name!);
  }

  sync(name: string): void {
    const csr = this.store.peek("certificatesigningrequests", undefined, name);
    if (!csr) return;
    const r = signCsr(csr, this.ca(), this.now(), `csrsigning/${csr.metadata.uid}/${this.now()}`);
    if (!r) return;
    const next = deepClone(csr);
    next.status ??= {};
    if ("certificate" in r) next.status.certificate = r.certificate;
    else {
      const t = rfc3339(this.now());
      next.status.conditions = [...(next.status.conditions ?? []), { type: "Failed", status: "True", reason: "SignerValidationFailure", message: r.failed, lastUpdateTime: t, lastTransitionTime: t }];
    }
    this.api.updateStatus("certificatesigningrequests", next);
  }
}

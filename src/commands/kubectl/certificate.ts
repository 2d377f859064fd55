// kubectl certificate approve|deny (staging/src/k8s.io/kubectl/pkg/cmd/certificates):
// appends an Approved (KubectlApprove) or Denied (KubectlDeny) condition through the
// approval subresource unless the request already has it (--force updates anyway), then
// prints "certificatesigningrequest.certificates.k8s.io/NAME approved".

import { usageError, type CommandSpec, type RunCtx } from "./cobra.ts";
import type { KubeObject } from "../../engine/types.ts";

const FLAGS = [
  { name: "force", type: "bool" as const, default: false, usage: "Update the CSR even if it is already approved." },
  { name: "filename", short: "f", type: "stringSlice" as const, default: [], usage: "Filename, directory, or URL to files identifying the resource to update" },
  { name: "kustomize", short: "k", type: "string" as const, default: "", usage: "Process the kustomization directory. This flag can't be used together with -f or -R." },
  { name: "recursive", short: "R", type: "bool" as const, default: false, usage: "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory." },
  { name: "output", short: "o", type: "string" as const, default: "", usage: "Output format." },
  { name: "allow-missing-template-keys", type: "bool" as const, default: true, usage: "If true, ignore any errors in templates when a field or map key is missing in the template." },
  { name: "show-managed-fields", type: "bool" as const, default: false, usage: "If true, keep the managedFields when printing objects in JSON or YAML format." },
  { name: "template", type: "string" as const, default: "", usage: "Template string or path to template file to use when -o=go-template, -o=go-template-file." },
];

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function modify(kind: "Approved" | "Denied") {
  const verb = kind === "Approved" ? "approved" : "denied";
  return (ctx: RunCtx) => {
    if (!ctx.args.length) throw usageError(ctx, "one or more CSRs must be specified as <name> or -f <filename>");
    const api = ctx.lab.api();
    for (const name of ctx.args) {
      const csr: KubeObject = api.get("certificatesigningrequests", undefined, name);
      const has = (csr.status?.conditions ?? []).some((c: { type?: string }) => c.type === kind);
      if (!has || ctx.bool("force")) {
        const t = rfc3339(ctx.lab.now());
        csr.status = { ...(csr.status ?? {}) };
        csr.status.conditions = [
          ...(csr.status.conditions ?? []),
          kind === "Approved"
            ? { type: "Approved", status: "True", reason: "KubectlApprove", message: "This CSR was approved by kubectl certificate approve.", lastUpdateTime: t, lastTransitionTime: t }
            : { type: "Denied", status: "True", reason: "KubectlDeny", message: "This CSR was denied by kubectl certificate deny.", lastUpdateTime: t, lastTransitionTime: t },
        ];
        // PUT …/certificatesigningrequests/NAME/approval
        api.update("certificatesigningrequests", csr);
      }
      ctx.out(`certificatesigningrequest.certificates.k8s.io/${name} ${verb}\n`);
    }
  };
}

export const certificateCommand: CommandSpec = {
  name: "certificate",
  children: [
    { name: "approve", flags: FLAGS, run: modify("Approved") },
    { name: "deny", flags: FLAGS, run: modify("Denied") },
  ],
};

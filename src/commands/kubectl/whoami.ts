// kubectl auth whoami (staging/src/k8s.io/kubectl/pkg/cmd/auth/whoami.go): a SelfSubjectReview
// (authentication.k8s.io/v1, GA since 1.28) answered with the user the API server
// authenticated — the kubeconfig's client certificate, or the impersonated user — printed as
// the ATTRIBUTE/VALUE table, or with -o as the review object.

import { ConnectionRefused } from "../../engine/api/errors.ts";
import type { UserInfo } from "../../engine/api/rbac.ts";
import { rfc3339 } from "../../engine/types.ts";
import { KubectlError, type RunCtx } from "./cobra.ts";
import { makePrinter } from "./printers/output.ts";
import { tabwrite } from "./printers/tabwriter.ts";

export function runWhoAmI(ctx: RunCtx): void {
  // extra arguments are ignored (the command has no Args check)
  const api = ctx.lab.api() as { user?: UserInfo; server: string };
  const server = (ctx.lab.cluster as { api?: { isUp?: () => boolean } } | undefined)?.api;
  if (server?.isUp && !server.isUp()) throw new ConnectionRefused(api.server);
  const user = api.user;
  if (!user) throw new KubectlError("the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it");
  const output = ctx.str("output");
  if (!output) {
    let t = "ATTRIBUTE\tVALUE\n";
    if (user.name) t += `Username\t${user.name}\n`;
    if (user.groups.length) t += `Groups\t[${user.groups.join(" ")}]\n`;
    ctx.out(tabwrite(t));
    return;
  }
  const userInfo: Record<string, unknown> = {};
  if (user.groups.length) userInfo.groups = user.groups;
  if (user.name) userInfo.username = user.name;
  const review = {
    apiVersion: "authentication.k8s.io/v1",
    kind: "SelfSubjectReview",
    metadata: { creationTimestamp: rfc3339(ctx.lab.now()) },
    status: { userInfo },
  };
  ctx.out(makePrinter(output).print(review as never));
}

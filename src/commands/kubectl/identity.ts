// Who kubectl's requests are made as: the kubeconfig user's identity (its client
// certificate's CN and O), or the user it impersonates with --as / --as-group
// (client-go's Impersonate-User / Impersonate-Group headers). Every request of every verb
// goes through the API client this returns, so the API server authorizes it (RBAC) and
// refuses it with its Forbidden error.

import type { ApiClient } from "../../engine/api/client.ts";
import { ALL_AUTHENTICATED, impersonatedUser, impersonationAttributes, KUBEADM_ADMIN, type AuthorizingClient, type UserInfo } from "../../engine/api/rbac.ts";
import type { CmdIO, LabContext } from "../types.ts";
import { KubectlError } from "./cobra.ts";
import { loadKubeconfig } from "./kubeconfig.ts";

/**
 * The identities of the kubeconfigs kubeadm writes (their certificates' subjects). The
 * lab's certificates are stand-ins that do not parse, so the user entry's name says which
 * one is meant; any other entry counts as admin.conf's.
 */
function kubeconfigIdentity(authInfo: string | undefined): UserInfo {
  switch (authInfo) {
    case "kubernetes-super-admin":
      return { name: "kubernetes-super-admin", groups: ["system:masters", ALL_AUTHENTICATED] };
    case "system:kube-controller-manager":
    case "system:kube-scheduler":
      return { name: authInfo, groups: [ALL_AUTHENTICATED] };
    default:
      return KUBEADM_ADMIN;
  }
}

/** The kubeconfig user entry in use: --user, else the (--context or current) context's user. */
export function authInfoName(lab: LabContext, io: CmdIO, flags: { kubeconfig?: string; context?: string; user?: string }): string | undefined {
  if (flags.user) return flags.user;
  const kc = loadKubeconfig(lab, io, flags.kubeconfig || undefined);
  if (!kc) return undefined;
  const name = flags.context || kc.data["current-context"];
  const ctx = Array.isArray(kc.data.contexts) ? kc.data.contexts.find((c: any) => c?.name === name) : undefined;
  const user = ctx?.context?.user;
  return typeof user === "string" ? user : undefined;
}

export interface IdentityFlags {
  kubeconfig?: string;
  context?: string;
  user?: string;
  as?: string;
  asGroups?: string[];
  asUid?: string;
}

/**
 * The lab as this kubectl invocation sees it: api() authorizes every request as the
 * kubeconfig user, or as the impersonated one (after checking that the kubeconfig user may
 * impersonate). Clients that do not authorize (test doubles) are returned as they are.
 */
export function withIdentity(lab: LabContext, io: CmdIO, f: IdentityFlags): LabContext {
  const groups = f.asGroups ?? [];
  let cached: ApiClient | undefined;
  return {
    ...lab,
    api: () => {
      if (cached) return cached;
      if (!f.as && (groups.length || f.asUid)) {
        // clientcmd's validation of the merged config, when the client is built
        throw new KubectlError(`requesting uid, groups or user-extra for ${authInfoName(lab, io, f) ?? ""} without impersonating a user`);
      }
      const base = lab.api();
      if (!base.as) return base;
      const self = base.as(kubeconfigIdentity(authInfoName(lab, io, f))) as AuthorizingClient;
      if (!f.as) return (cached = self);
      // the impersonation filter: the acting user must be allowed to impersonate
      for (const a of impersonationAttributes(f.as, groups)) self.check(a);
      return (cached = self.as(impersonatedUser(f.as, groups)));
    },
  };
}

/** A request to a pod subresource (pods/log, pods/exec), authorized like any other request. */
export function checkPodSubresource(lab: LabContext, verb: string, pod: { metadata: { namespace?: string; name?: string } }, subresource: string): void {
  const api = lab.api() as Partial<AuthorizingClient>;
  api.check?.({ verb, apiGroup: "", resource: "pods", subresource, namespace: pod.metadata.namespace, name: pod.metadata.name });
}

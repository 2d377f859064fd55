// Who kubectl's requests are made as: the kubeconfig user's identity (its client
// certificate's CN and O, checked against the cluster CA), or the user it impersonates with --as / --as-group
// (client-go's Impersonate-User / Impersonate-Group headers). Every request of every verb
// goes through the API client this returns, so the API server authorizes it (RBAC) and
// refuses it with its Forbidden error.

import type { ApiClient } from "../../engine/api/client.ts";
import { ALL_AUTHENTICATED, ANONYMOUS, impersonatedUser, impersonationAttributes, KUBEADM_ADMIN, type AuthorizingClient, type UserInfo } from "../../engine/api/rbac.ts";
import { fromBase64 } from "../../engine/pki/der.ts";
import { certFromPem, nameValues, signedBy } from "../../engine/pki/x509.ts";
import type { CmdIO, LabContext } from "../types.ts";
import { KubectlError } from "./cobra.ts";
import { loadKubeconfig } from "./kubeconfig.ts";

/**
 * The identity of a kubeconfig user entry, as the API server's x509 authenticator derives it
 * from the client certificate (client-certificate-data, or the client-certificate file): the
 * subject's CN is the user, its O values the groups. A certificate the cluster CA (the API
 * server's --client-ca-file) did not sign, or one outside its validity, is refused
 * (Unauthorized); an entry without credentials is system:anonymous.
 */
function kubeconfigIdentity(lab: LabContext, io: CmdIO, f: IdentityFlags): UserInfo {
  const kc = loadKubeconfig(lab, io, f.kubeconfig || undefined, { readOnly: true });
  const name = authInfoName(lab, io, f);
  const entry = kc && Array.isArray(kc.data.users) ? kc.data.users.find((u: any) => u?.name === name)?.user : undefined;
  if (!kc || !entry) return KUBEADM_ADMIN;
  let pemText: string | undefined;
  if (typeof entry["client-certificate-data"] === "string") {
    pemText = decodedCertData(entry["client-certificate-data"]);
  } else if (typeof entry["client-certificate"] === "string") {
    const file = entry["client-certificate"];
    const base = kc.path.replace(/\/[^/]*$/, "") || "/";
    pemText = lab.machine.fs.tryRead(lab.resolve(base, file));
    if (pemText === undefined) throw new KubectlError(`open ${file}: no such file or directory`);
  }
  if (pemText === undefined) return impersonatedUser(ANONYMOUS, []);
  if (!pemText.includes("-----BEGIN CERTIFICATE-----")) throw new KubectlError("tls: failed to find any PEM data in certificate input");
  const v = verifyClientCert(pemText, clusterCaPem(lab));
  if (!v) throw new KubectlError("tls: failed to parse certificate from server: x509: malformed certificate");
  const now = lab.now();
  if (!v.signed || now < v.notBefore || now > v.notAfter) throw new KubectlError("You must be logged in to the server (Unauthorized)");
  return { name: v.user.name, groups: [...v.user.groups] };
}

const decoded = new Map<string, string>();
/** client-certificate-data, base64-decoded (memoized: every command reads it). */
function decodedCertData(b64: string): string {
  let text = decoded.get(b64);
  if (text === undefined) {
    const b = fromBase64(b64);
    text = b ? new TextDecoder().decode(b) : "";
    if (decoded.size >= 32) decoded.clear();
    decoded.set(b64, text);
  }
  return text;
}

interface VerifiedCert {
  signed: boolean;
  notBefore: number;
  notAfter: number;
  user: UserInfo;
}
/** (client certificate PEM, CA PEM) → the parse and signature check, shared between commands (pure in its inputs). */
const verified = new Map<string, VerifiedCert | undefined>();

function verifyClientCert(pemText: string, caPem: string): VerifiedCert | undefined {
  const key = pemText + "\u0000" + caPem;
  if (verified.has(key)) return verified.get(key);
  const cert = certFromPem(pemText);
  let v: VerifiedCert | undefined;
  if (cert) {
    const ca = certFromPem(caPem);
    const cn = nameValues(cert.subject, "CN")[0] ?? "";
    v = { signed: !!ca && signedBy(cert, ca), notBefore: cert.notBefore, notAfter: cert.notAfter, user: { name: cn, groups: [...nameValues(cert.subject, "O"), ALL_AUTHENTICATED] } };
  }
  if (verified.size >= 32) verified.clear();
  verified.set(key, v);
  return v;
}

/** The API server's --client-ca-file (kubeadm: the control plane's /etc/kubernetes/pki/ca.crt). */
function clusterCaPem(lab: LabContext): string {
  const cp = lab.cluster?.machines ? [...lab.cluster.machines.values()].find((m) => m.role === "control-plane") : undefined;
  return (cp ?? lab.machine).fs.tryRead("/etc/kubernetes/pki/ca.crt") ?? "";
}

/** The kubeconfig user entry in use: --user, else the (--context or current) context's user. */
export function authInfoName(lab: LabContext, io: CmdIO, flags: { kubeconfig?: string; context?: string; user?: string }): string | undefined {
  if (flags.user) return flags.user;
  const kc = loadKubeconfig(lab, io, flags.kubeconfig || undefined, { readOnly: true });
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
      const self = base.as(kubeconfigIdentity(lab, io, f)) as AuthorizingClient;
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

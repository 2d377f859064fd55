// Certificates as they sit in files: a PEM file, or a kubeconfig with the client
// certificate embedded (client-certificate-data), as kubeadm's and kubectl's loaders read them.

import { fromBase64 } from "./der.ts";
import { certFromPem, type Certificate } from "./x509.ts";

/** The client-certificate-data of a kubeconfig's (first) user, decoded; undefined if absent. */
export function embeddedClientCert(kubeconfigText: string): string | undefined {
  const m = /^\s*client-certificate-data:\s*(\S+)\s*$/m.exec(kubeconfigText);
  if (!m) return undefined;
  const b = fromBase64(m[1]);
  return b ? new TextDecoder().decode(b) : undefined;
}

/** The certificate of a .crt/.pem file or of a kubeconfig's embedded client certificate. */
export function certOfFile(text: string): Certificate | undefined {
  if (text.includes("-----BEGIN CERTIFICATE-----")) return certFromPem(text);
  const embedded = embeddedClientCert(text);
  return embedded ? certFromPem(embedded) : undefined;
}

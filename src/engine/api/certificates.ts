// certificates.k8s.io/v1 CertificateSigningRequest: the API server's validation
// (pkg/apis/certificates/validation: the request a PEM CSR, usages required and known,
// signerName required, expirationSeconds ≥ 600), the strategy's create-time fields (the
// requesting user's name, uid and groups; no status), the approval subresource's
// conditions, and the signer of kube-controller-manager's csrsigning controller
// (pkg/controller/certificates/signer, authority): an approved request for a built-in
// signer is signed with the cluster CA (--cluster-signing-cert-file / -key-file, kubeadm's
// /etc/kubernetes/pki/ca.crt and ca.key), valid min(expirationSeconds,
// --cluster-signing-duration 8760h) and backdated 5 minutes; a request the signer refuses
// gets a Failed condition (SignerValidationFailure).

import { fromBase64, pem, pemBlocks, toBase64 } from "../pki/der.ts";
import * as X from "../pki/x509.ts";
import type { FieldError } from "./errors.ts";
import type { KubeObject } from "../types.ts";

export const VALID_USAGES = [
  "any",
  "cert sign",
  "client auth",
  "code signing",
  "content commitment",
  "crl sign",
  "data encipherment",
  "decipher only",
  "digital signature",
  "email protection",
  "encipher only",
  "ipsec end system",
  "ipsec tunnel",
  "ipsec user",
  "key agreement",
  "key encipherment",
  "microsoft sgc",
  "netscape sgc",
  "ocsp signing",
  "s/mime",
  "server auth",
  "signing",
  "timestamping",
];

export const KUBE_APISERVER_CLIENT = "kubernetes.io/kube-apiserver-client";
export const KUBELET_CLIENT = "kubernetes.io/kube-apiserver-client-kubelet";
export const KUBELET_SERVING = "kubernetes.io/kubelet-serving";

const SIGNING_DURATION = 365 * 24 * 3600 * 1000;
const BACKDATE = 5 * 60 * 1000;

function goBytes(b: Uint8Array): string {
  return `[]byte{${[...b].map((x) => "0x" + x.toString(16)).join(", ")}}`;
}

/** The request's bytes (the JSON form of []byte is base64). */
export function requestBytes(csr: KubeObject): Uint8Array | undefined {
  const r = csr.spec?.request;
  return typeof r === "string" ? fromBase64(r) : undefined;
}

/** The parsed PKCS#10 request, or the error validateCSR gives. */
export function parseRequest(bytes: Uint8Array): X.CertificateRequest | string {
  const text = new TextDecoder().decode(bytes);
  const m = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  if (!m || m[1] !== "CERTIFICATE REQUEST") return "PEM block type must be CERTIFICATE REQUEST";
  const csr = X.csrFromPem(text);
  if (!csr) return "asn1: structure error: tags don't match (16 vs {class:0 tag:13 length:45 isCompound:false}) {optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} certificateRequest @2";
  if (!X.csrSelfSigned(csr)) return "x509: ECDSA verification failure";
  return csr;
}

export function validateCsr(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = obj.spec ?? {};
  const bytes = requestBytes(obj) ?? new Uint8Array();
  const parsed = parseRequest(bytes);
  if (typeof parsed === "string") errs.push({ field: "spec.request", type: "Invalid value", goValue: bytes.length ? goBytes(bytes) : "[]byte(nil)", detail: parsed });
  const usages: string[] = Array.isArray(spec.usages) ? spec.usages : [];
  if (!usages.length) errs.push({ field: "spec.usages", type: "Required value" });
  usages.forEach((u, i) => {
    if (!VALID_USAGES.includes(u)) errs.push({ field: `spec.usages[${i}]`, type: "Unsupported value", value: u, detail: `supported values: ${VALID_USAGES.map((v) => JSON.stringify(v)).join(", ")}` });
  });
  usages.forEach((u, i) => {
    if (usages.indexOf(u) !== i) errs.push({ field: `spec.usages[${i}]`, type: "Duplicate value", value: u });
  });
  const signer = spec.signerName;
  if (!signer) errs.push({ field: "spec.signerName", type: "Required value" });
  else if (signer === "kubernetes.io/legacy-unknown") errs.push({ field: "spec.signerName", type: "Invalid value", value: signer, detail: "the legacy signerName is not allowed via this API version" });
  else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(signer)) {
    errs.push({ field: "spec.signerName", type: "Invalid value", value: signer, detail: "must be a fully qualified domain and path of the form 'example.com/signer-name'" });
  }
  if (typeof spec.expirationSeconds === "number" && spec.expirationSeconds < 600) {
    errs.push({ field: "spec.expirationSeconds", type: "Invalid value", goValue: String(spec.expirationSeconds), detail: "may not specify a duration less than 600 seconds (10 minutes)" });
  }
  return errs;
}

/** The strategy's PrepareForCreate: who asked, and no status. */
export function prepareCsrForCreate(obj: KubeObject, user: { name: string; groups: string[]; uid?: string }): void {
  obj.spec = { ...(obj.spec ?? {}), username: user.name, groups: [...user.groups] };
  if (user.uid) obj.spec.uid = user.uid;
  else delete obj.spec.uid;
  delete obj.status;
}

export function hasCondition(csr: KubeObject, type: string): boolean {
  return (csr.status?.conditions ?? []).some((c: any) => c.type === type && c.status !== "False");
}

/** validateConditions: Approved and Denied are mutually exclusive. */
export function validateCsrConditions(obj: KubeObject): FieldError[] {
  const conds: any[] = obj.status?.conditions ?? [];
  const errs: FieldError[] = [];
  const seen = new Map<string, number>();
  conds.forEach((c, i) => {
    if (seen.has(c.type)) errs.push({ field: `status.conditions[${i}].type`, type: "Duplicate value", value: c.type });
    seen.set(c.type, i);
  });
  if (hasCondition(obj, "Approved") && hasCondition(obj, "Denied")) {
    const i = conds.findIndex((c) => c.type === "Denied");
    const j = conds.findIndex((c) => c.type === "Approved");
    const k = Math.max(i, j);
    errs.push({ field: `status.conditions[${k}].type`, type: "Invalid value", value: conds[k].type, detail: "Approved and Denied conditions are mutually exclusive" });
  }
  return errs;
}

/** The usage checks of the built-in signers (signer.go), undefined when the request is fine. */
function signerRefusal(signer: string, usages: string[], req: X.CertificateRequest): string | undefined {
  if (signer === KUBE_APISERVER_CLIENT || signer === KUBELET_CLIENT) {
    let clientAuth = false;
    for (const u of usages) {
      if (u === "digital signature" || u === "key encipherment") continue;
      if (u === "client auth") clientAuth = true;
      else return `invalid usage for client certificate: ${u}`;
    }
    if (!clientAuth) return "missing required usage for client certificate: client auth";
    if (signer === KUBELET_CLIENT) {
      const orgs = X.nameValues(req.subject, "O");
      if (orgs.length !== 1 || orgs[0] !== "system:nodes") return "subject organization is not system:nodes";
      if (!(X.nameValues(req.subject, "CN")[0] ?? "").startsWith("system:node:")) return "subject common name does not begin with system:node:";
    }
    return undefined;
  }
  if (signer === KUBELET_SERVING) {
    let serverAuth = false;
    for (const u of usages) {
      if (u === "digital signature" || u === "key encipherment") continue;
      if (u === "server auth") serverAuth = true;
      else return `invalid usage for kubelet server certificate: ${u}`;
    }
    if (!serverAuth) return "missing required usage for kubelet server certificate: server auth";
    return undefined;
  }
  return undefined;
}

export type SignResult = { certificate: string } | { failed: string } | undefined;

/**
 * What the csrsigning controller does with an approved request: a base64 PEM certificate
 * signed by the CA, a refusal, or nothing (a signer it does not own, or no CA to sign with).
 */
export function signCsr(csr: KubeObject, ca: { cert: string; key: string } | undefined, now: number, serialSeed: string): SignResult {
  const signer: string = csr.spec?.signerName ?? "";
  if (![KUBE_APISERVER_CLIENT, KUBELET_CLIENT, KUBELET_SERVING].includes(signer)) return undefined;
  if (!hasCondition(csr, "Approved") || hasCondition(csr, "Denied") || hasCondition(csr, "Failed") || csr.status?.certificate) return undefined;
  const bytes = requestBytes(csr);
  const req = bytes ? parseRequest(bytes) : "no request";
  if (typeof req === "string") return { failed: req };
  const usages: string[] = csr.spec?.usages ?? [];
  const refusal = signerRefusal(signer, usages, req);
  if (refusal) return { failed: refusal };
  if (!ca) return undefined;
  const caCert = X.certFromPem(ca.cert);
  let caKey: X.PrivateKey | undefined;
  for (const b of pemBlocks(ca.key)) caKey ??= X.parsePrivateKey(b);
  if (!caCert || !caKey) return undefined;
  if (now >= caCert.notAfter) return { failed: `the signer has expired: NotAfter=${new Date(caCert.notAfter).toISOString()}` };
  const ttl = typeof csr.spec?.expirationSeconds === "number" ? Math.min(csr.spec.expirationSeconds * 1000, SIGNING_DURATION) : SIGNING_DURATION;
  const ku = [
    ...(usages.includes("digital signature") ? [X.KU.digitalSignature] : []),
    ...(usages.includes("key encipherment") ? [X.KU.keyEncipherment] : []),
  ];
  const eku = [...(usages.includes("server auth") ? [X.OID.serverAuth] : []), ...(usages.includes("client auth") ? [X.OID.clientAuth] : [])];
  const exts: X.Extension[] = [];
  if (ku.length) exts.push(X.keyUsageExt(ku));
  if (eku.length) exts.push(X.extKeyUsageExt(eku));
  exts.push(X.basicConstraintsExt(false));
  const caSki = X.extension(caCert, X.OID.subjectKeyIdentifier);
  if (caSki) exts.push(X.akiExt(X.parseSki(caSki.value)));
  const san = req.extensions.find((e) => e.oid === X.OID.subjectAltName);
  if (san) exts.push(san);
  const cns = X.nameValues(req.subject, "CN");
  const der = X.createCertificate(
    {
      serial: X.detBytes(serialSeed, 16),
      issuer: caCert.subject,
      // Go re-encodes the parsed subject: organizations before the common name
      subject: X.goName(cns[0] ?? "", X.nameValues(req.subject, "O")),
      notBefore: Math.floor(now / 1000) * 1000 - BACKDATE,
      notAfter: Math.min(Math.floor(now / 1000) * 1000 + ttl, caCert.notAfter),
      publicKey: req.publicKey,
      extensions: exts,
    },
    caKey,
  );
  return { certificate: toBase64(new TextEncoder().encode(pem("CERTIFICATE", der))) };
}

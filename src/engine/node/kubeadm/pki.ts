// kubeadm v1.32's PKI as real X.509 v3 certificates (src/engine/pki): the subjects, issuers,
// validity, key usages and extensions cmd/kubeadm/app/phases/certs/certlist.go,
// util/pkiutil/pki_helpers.go (NewSignedCert), client-go util/cert (NewSelfSignedCACert,
// GenerateSelfSignedCertKey for the kubelet's serving pair) and the csrsigning controller
// (the kubelet's rotated client certificate) give them, with Go's x509 encoding (extension
// order KeyUsage, ExtKeyUsage, BasicConstraints, SubjectKeyId, AuthorityKeyId, SAN; a
// generated SubjectKeyId on CAs; DNS SANs sorted). Keys, serials and signatures are
// deterministic stand-ins derived from the cluster seed (see pki/x509.ts): the same cluster
// writes the same bytes every run. Validity follows the time `kubeadm init` ran: CAs are
// backdated 5 minutes (kubeadmconstants.CertificateBackdate) and valid 10 years, leaves share
// the CA's NotBefore and expire a year after init.

import { pem, toBase64 } from "../../pki/der.ts";
import * as X from "../../pki/x509.ts";
import { base64 } from "../../images/hash.ts";

const DAY = 24 * 3600 * 1000;
const YEAR = 365 * DAY;
const BACKDATE = 5 * 60 * 1000;

export interface PkiOptions {
  /** when `kubeadm init` ran (virtual ms) */
  initTime: number;
  /** the control-plane node's name and advertise address */
  nodeName: string;
  advertiseAddress: string;
  serviceSubnet: string;
  dnsDomain?: string;
}

export const DEFAULT_PKI: PkiOptions = { initTime: Date.UTC(2025, 4, 20, 9, 0, 0), nodeName: "controlplane", advertiseAddress: "172.30.1.2", serviceSubnet: "10.96.0.0/12" };

/** Go's serial: uniform in [1, MaxInt64) — 8 bytes, the top bit clear. */
function goSerial(seed: string): Uint8Array {
  const b = X.detBytes(`${seed}/serial`, 8);
  b[0] &= 0x7f;
  if (b[0] === 0) b[0] = 0x11;
  return b;
}

function firstServiceIp(subnet: string): string {
  const p = subnet.split("/")[0].split(".").map(Number);
  p[3] += 1;
  return p.join(".");
}

interface Issued {
  cert: Uint8Array;
  key: X.PrivateKey;
}

function keyPem(k: X.PrivateKey): string {
  return k.kind === "rsa" ? pem("RSA PRIVATE KEY", X.pkcs1(k)) : pem("EC PRIVATE KEY", X.sec1(k));
}

function ski(k: X.PublicKey): Uint8Array {
  return X.detBytes(X.spki(k), 20);
}

/** certutil.NewSelfSignedCACert with kubeadm's backdated NotBefore. */
function selfSignedCa(seed: string, cn: string, initTime: number): Issued {
  const key = X.rsaKey(seed);
  const pub = X.publicOf(key);
  const cert = X.createCertificate(
    {
      serial: goSerial(seed),
      issuer: X.goName(cn),
      subject: X.goName(cn),
      notBefore: initTime - BACKDATE,
      notAfter: initTime + 10 * YEAR,
      publicKey: pub,
      extensions: [X.keyUsageExt([X.KU.digitalSignature, X.KU.keyEncipherment, X.KU.keyCertSign]), X.basicConstraintsExt(true), X.skiExt(ski(pub)), X.sanExt({ dns: [cn] })],
    },
    key,
  );
  return { cert, key };
}

/** pkiutil.NewSignedCert: a leaf signed by `ca`. */
function signedLeaf(ca: Issued, seed: string, cfg: { cn: string; orgs?: string[]; usages: string[]; dns?: string[]; ips?: string[]; key?: X.PrivateKey; notAfter: number }): Issued {
  const caCert = X.parseCertificate(ca.cert);
  const key = cfg.key ?? X.rsaKey(seed);
  const keyUsage = key.kind === "rsa" ? [X.KU.digitalSignature, X.KU.keyEncipherment] : [X.KU.digitalSignature];
  const dns = [...new Set(cfg.dns ?? [])].sort();
  const ips = [...new Set(cfg.ips ?? [])];
  const exts = [X.keyUsageExt(keyUsage), X.extKeyUsageExt(cfg.usages), X.basicConstraintsExt(false), X.akiExt(ski(caCert.publicKey))];
  if (dns.length || ips.length) exts.push(X.sanExt({ dns, ips: ips.map(X.ipBytes) }));
  const cert = X.createCertificate(
    { serial: goSerial(seed), issuer: caCert.subject, subject: X.goName(cfg.cn, cfg.orgs), notBefore: caCert.notBefore, notAfter: cfg.notAfter, publicKey: X.publicOf(key), extensions: exts },
    ca.key,
  );
  return { cert, key };
}

const cache = new Map<string, unknown>();
function memo<T>(key: string, make: () => T): T {
  let v = cache.get(key) as T | undefined;
  if (v === undefined) {
    if (cache.size > 200) cache.clear();
    v = make();
    cache.set(key, v);
  }
  return v;
}

function cas(clusterSeed: string, initTime: number): Record<"ca" | "etcd/ca" | "front-proxy-ca", Issued> {
  return memo(`cas\u0000${clusterSeed}\u0000${initTime}`, () => ({
    ca: selfSignedCa(`${clusterSeed}/ca`, "kubernetes", initTime),
    "etcd/ca": selfSignedCa(`${clusterSeed}/etcd/ca`, "etcd-ca", initTime),
    "front-proxy-ca": selfSignedCa(`${clusterSeed}/front-proxy-ca`, "front-proxy-ca", initTime),
  }));
}

/** The cluster CA's certificate (ca.crt), PEM. */
export function caCert(clusterSeed: string, initTime = lastOptions(clusterSeed).initTime): string {
  return pem("CERTIFICATE", cas(clusterSeed, initTime).ca.cert);
}

const lastOpts = new Map<string, PkiOptions>();
function lastOptions(clusterSeed: string): PkiOptions {
  return lastOpts.get(clusterSeed) ?? DEFAULT_PKI;
}

/**
 * The files of /etc/kubernetes/pki on a kubeadm control-plane node, relative to it. Without
 * options, those of the last control plane generated for this seed (callers that recognise
 * kubeadm's files by their content).
 */
export function controlPlanePki(clusterSeed: string, options?: PkiOptions): Array<{ rel: string; content: string; mode: number }> {
  const o = options ?? lastOptions(clusterSeed);
  if (options) lastOpts.set(clusterSeed, options);
  return memo(`cp\u0000${clusterSeed}\u0000${JSON.stringify(o)}`, () => {
    const c = cas(clusterSeed, o.initTime);
    const notAfter = o.initTime + YEAR;
    const s = (n: string) => `${clusterSeed}/${n}`;
    const domain = o.dnsDomain ?? "cluster.local";
    const leaves: Record<string, Issued> = {
      apiserver: signedLeaf(c.ca, s("apiserver"), {
        cn: "kube-apiserver",
        usages: [X.OID.serverAuth],
        dns: [o.nodeName, "kubernetes", "kubernetes.default", "kubernetes.default.svc", `kubernetes.default.svc.${domain}`],
        ips: [firstServiceIp(o.serviceSubnet), o.advertiseAddress],
        notAfter,
      }),
      "apiserver-kubelet-client": signedLeaf(c.ca, s("apiserver-kubelet-client"), { cn: "kube-apiserver-kubelet-client", orgs: ["kubeadm:cluster-admins"], usages: [X.OID.clientAuth], notAfter }),
      "front-proxy-client": signedLeaf(c["front-proxy-ca"], s("front-proxy-client"), { cn: "front-proxy-client", usages: [X.OID.clientAuth], notAfter }),
      "etcd/server": signedLeaf(c["etcd/ca"], s("etcd/server"), {
        cn: o.nodeName,
        usages: [X.OID.serverAuth, X.OID.clientAuth],
        dns: [o.nodeName, "localhost"],
        ips: [o.advertiseAddress, "127.0.0.1", "::1"],
        notAfter,
      }),
      "etcd/peer": signedLeaf(c["etcd/ca"], s("etcd/peer"), {
        cn: o.nodeName,
        usages: [X.OID.serverAuth, X.OID.clientAuth],
        dns: [o.nodeName, "localhost"],
        ips: [o.advertiseAddress, "127.0.0.1", "::1"],
        notAfter,
      }),
      "etcd/healthcheck-client": signedLeaf(c["etcd/ca"], s("etcd/healthcheck-client"), { cn: "kube-etcd-healthcheck-client", usages: [X.OID.clientAuth], notAfter }),
      "apiserver-etcd-client": signedLeaf(c["etcd/ca"], s("apiserver-etcd-client"), { cn: "kube-apiserver-etcd-client", usages: [X.OID.clientAuth], notAfter }),
    };
    const out: Array<{ rel: string; content: string; mode: number }> = [];
    for (const [name, v] of [...Object.entries(c), ...Object.entries(leaves)]) {
      out.push({ rel: `${name}.crt`, content: pem("CERTIFICATE", v.cert), mode: 0o644 });
      out.push({ rel: `${name}.key`, content: keyPem(v.key), mode: 0o600 });
    }
    const sa = X.rsaKey(s("sa"));
    out.push({ rel: "sa.key", content: keyPem(sa), mode: 0o600 });
    out.push({ rel: "sa.pub", content: pem("PUBLIC KEY", X.spki(X.publicOf(sa))), mode: 0o600 });
    return out.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  });
}

export type KubeconfigUser = "admin" | "super-admin" | "controller-manager" | "scheduler";

const KUBECONFIG_SUBJECTS: Record<KubeconfigUser, { cn: string; orgs: string[] }> = {
  admin: { cn: "kubernetes-admin", orgs: ["kubeadm:cluster-admins"] },
  "super-admin": { cn: "kubernetes-super-admin", orgs: ["system:masters"] },
  "controller-manager": { cn: "system:kube-controller-manager", orgs: [] },
  scheduler: { cn: "system:kube-scheduler", orgs: [] },
};

/** The client certificate and key embedded in admin.conf, super-admin.conf, controller-manager.conf, scheduler.conf (base64 of the PEMs). */
export function kubeconfigCredentials(clusterSeed: string, initTime: number, user: KubeconfigUser): { certData: string; keyData: string } {
  return memo(`kc\u0000${clusterSeed}\u0000${initTime}\u0000${user}`, () => {
    const subj = KUBECONFIG_SUBJECTS[user];
    const leaf = signedLeaf(cas(clusterSeed, initTime).ca, `${clusterSeed}/kubeconfig/${user}`, { cn: subj.cn, orgs: subj.orgs, usages: [X.OID.clientAuth], notAfter: initTime + YEAR });
    return { certData: toBase64(new TextEncoder().encode(pem("CERTIFICATE", leaf.cert))), keyData: toBase64(new TextEncoder().encode(keyPem(leaf.key))) };
  });
}

/**
 * /var/lib/kubelet/pki/kubelet-client-<date>.pem: the certificate the csrsigning controller
 * issued for the kubelet's (ECDSA P-256) request — O=system:nodes, CN=system:node:NAME, a
 * 128-bit serial, backdated 5 minutes, a year — followed by the kubelet's key.
 */
export function kubeletClientPem(clusterSeed: string, initTime: number, nodeName: string): string {
  return memo(`kl\u0000${clusterSeed}\u0000${initTime}\u0000${nodeName}`, () => {
    const ca = cas(clusterSeed, initTime).ca;
    const caCertParsed = X.parseCertificate(ca.cert);
    const key = X.ecKey(`${clusterSeed}/node/${nodeName}/client`);
    const cert = X.createCertificate(
      {
        serial: X.detBytes(`${clusterSeed}/node/${nodeName}/client/serial`, 16),
        issuer: caCertParsed.subject,
        subject: X.goName(`system:node:${nodeName}`, ["system:nodes"]),
        notBefore: initTime - BACKDATE,
        notAfter: Math.min(initTime + YEAR, caCertParsed.notAfter),
        publicKey: X.publicOf(key),
        extensions: [X.keyUsageExt([X.KU.digitalSignature]), X.extKeyUsageExt([X.OID.clientAuth]), X.basicConstraintsExt(false), X.akiExt(ski(caCertParsed.publicKey))],
      },
      ca.key,
    );
    return pem("CERTIFICATE", cert) + keyPem(key);
  });
}

/** kubelet.crt / kubelet.key: the kubelet's self-signed serving pair (certutil.GenerateSelfSignedCertKey: serials 2 and 1, an hour backdated, a year). */
export function kubeletServingPair(clusterSeed: string, initTime: number, nodeName: string): { crt: string; key: string } {
  return memo(`ks\u0000${clusterSeed}\u0000${initTime}\u0000${nodeName}`, () => {
    const seed = `${clusterSeed}/node/${nodeName}/serving`;
    const unix = Math.floor(initTime / 1000);
    const validFrom = initTime - 3600 * 1000;
    const caKey = X.rsaKey(`${seed}/ca`);
    const caName = X.goName(`${nodeName}-ca@${unix}`);
    const ca = X.createCertificate(
      {
        serial: Uint8Array.of(1),
        issuer: caName,
        subject: caName,
        notBefore: validFrom,
        notAfter: validFrom + YEAR,
        publicKey: X.publicOf(caKey),
        extensions: [X.keyUsageExt([X.KU.digitalSignature, X.KU.keyEncipherment, X.KU.keyCertSign]), X.basicConstraintsExt(true), X.skiExt(ski(X.publicOf(caKey)))],
      },
      caKey,
    );
    const key = X.rsaKey(seed);
    const cert = X.createCertificate(
      {
        serial: Uint8Array.of(2),
        issuer: caName,
        subject: X.goName(`${nodeName}@${unix}`),
        notBefore: validFrom,
        notAfter: validFrom + YEAR,
        publicKey: X.publicOf(key),
        extensions: [X.keyUsageExt([X.KU.digitalSignature, X.KU.keyEncipherment]), X.extKeyUsageExt([X.OID.serverAuth]), X.basicConstraintsExt(false), X.akiExt(ski(X.publicOf(caKey))), X.sanExt({ dns: [nodeName] })],
      },
      caKey,
    );
    return { crt: pem("CERTIFICATE", cert) + pem("CERTIFICATE", ca), key: keyPem(key) };
  });
}

const b64Cache = new Map<string, string>();

export function b64(s: string): string {
  let out = b64Cache.get(s);
  if (out === undefined) {
    out = base64(s);
    if (b64Cache.size > 500) b64Cache.clear();
    b64Cache.set(s, out);
  }
  return out;
}

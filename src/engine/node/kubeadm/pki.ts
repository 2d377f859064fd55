// PEM-shaped, deterministic stand-ins for the certificates and keys kubeadm generates.
// They have the real PEM framing, the DER length prefixes real kubeadm RSA-2048 material
// has (MIIDBTCC… for the CA, MIIEowIBAAKCAQEA… for a PKCS#1 key), 64-column lines, and
// bodies derived from the file name, so every run writes the same bytes. They do not parse
// as X.509 (there is no crypto in the engine).

import { base64, detBase64 } from "../../images/hash.ts";

const pemCache = new Map<string, string>();

/** Deterministic in its arguments: computed once per process. */
function pem(kind: string, prefix: string, derLength: number, seed: string): string {
  const key = `${kind}\u0000${prefix}\u0000${derLength}\u0000${seed}`;
  let out = pemCache.get(key);
  if (out === undefined) {
    out = pemUncached(kind, prefix, derLength, seed);
    if (pemCache.size > 2000) pemCache.clear();
    pemCache.set(key, out);
  }
  return out;
}

function pemUncached(kind: string, prefix: string, derLength: number, seed: string): string {
  // derLength is a multiple of 3 so the body needs no '=' padding
  const len = Math.ceil(derLength / 3) * 4;
  const body = prefix + detBase64(seed, len - prefix.length);
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${kind}-----\n${lines.join("\n")}\n-----END ${kind}-----\n`;
}

/** DER sizes of real kubeadm certificates (RSA-2048), by file. */
const CERT_SHAPES: Record<string, [prefix: string, der: number]> = {
  "ca.crt": ["MIIDBTCCAe2gAwIBAgII", 777],
  "front-proxy-ca.crt": ["MIIDETCCAfmgAwIBAgII", 789],
  "etcd/ca.crt": ["MIIC/TCCAeWgAwIBAgII", 768],
  "apiserver.crt": ["MIIDiTCCAnGgAwIBAgII", 909],
  "apiserver-kubelet-client.crt": ["MIIDSzCCAjOgAwIBAgII", 846],
  "apiserver-etcd-client.crt": ["MIIDKTCCAhGgAwIBAgII", 813],
  "front-proxy-client.crt": ["MIIDKzCCAhOgAwIBAgII", 816],
  "etcd/server.crt": ["MIIDXDCCAkSgAwIBAgII", 864],
  "etcd/peer.crt": ["MIIDXDCCAkSgAwIBAgII", 864],
  "etcd/healthcheck-client.crt": ["MIIDKjCCAhKgAwIBAgII", 813],
};

export function certPem(seed: string, shape = "apiserver-etcd-client.crt"): string {
  const [prefix, der] = CERT_SHAPES[shape] ?? CERT_SHAPES["apiserver-etcd-client.crt"];
  return pem("CERTIFICATE", prefix, der, `cert:${seed}`);
}

export function rsaKeyPem(seed: string): string {
  return pem("RSA PRIVATE KEY", "MIIEowIBAAKCAQEA", 1191, `key:${seed}`);
}

export function ecKeyPem(seed: string): string {
  return pem("EC PRIVATE KEY", "MHcCAQEEI", 120, `eckey:${seed}`);
}

export function publicKeyPem(seed: string): string {
  return pem("PUBLIC KEY", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 294, `pub:${seed}`);
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

/** The files of /etc/kubernetes/pki on a kubeadm control-plane node, relative to it. */
export function controlPlanePki(clusterSeed: string): Array<{ rel: string; content: string; mode: number }> {
  const out: Array<{ rel: string; content: string; mode: number }> = [];
  const pair = (name: string) => {
    out.push({ rel: `${name}.crt`, content: certPem(`${clusterSeed}/${name}`, `${name}.crt`), mode: 0o644 });
    out.push({ rel: `${name}.key`, content: rsaKeyPem(`${clusterSeed}/${name}`), mode: 0o600 });
  };
  for (const n of [
    "apiserver",
    "apiserver-etcd-client",
    "apiserver-kubelet-client",
    "ca",
    "etcd/ca",
    "etcd/healthcheck-client",
    "etcd/peer",
    "etcd/server",
    "front-proxy-ca",
    "front-proxy-client",
  ]) pair(n);
  out.push({ rel: "sa.key", content: rsaKeyPem(`${clusterSeed}/sa`), mode: 0o600 });
  out.push({ rel: "sa.pub", content: publicKeyPem(`${clusterSeed}/sa`), mode: 0o600 });
  return out.sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

export function caCert(clusterSeed: string): string {
  return certPem(`${clusterSeed}/ca`, "ca.crt");
}

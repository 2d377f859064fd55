// The engine's DER encoder/decoder and kubeadm 1.32's PKI as X.509: round trips, and the
// subjects, issuers, SANs, key usages and validity certlist.go / pki_helpers.go give.

import { describe, expect, it } from "vitest";
import * as D from "../../src/engine/pki/der.ts";
import * as X from "../../src/engine/pki/x509.ts";
import { controlPlanePki, kubeconfigCredentials, kubeletClientPem } from "../../src/engine/node/kubeadm/pki.ts";

const INIT = Date.UTC(2026, 10, 20, 6, 0, 0);
const OPTS = { initTime: INIT, nodeName: "controlplane", advertiseAddress: "172.30.1.2", serviceSubnet: "10.96.0.0/12" };
const files = new Map(controlPlanePki("test", OPTS).map((f) => [f.rel, f.content]));
const cert = (rel: string) => X.certFromPem(files.get(rel)!)!;
const dn = (n: X.Name) => n.map((a) => `${X.ATTR_SHORT[a.oid]}=${a.value}`).join(",");

describe("DER", () => {
  it("encodes and decodes integers, OIDs, times and nested structures byte for byte", () => {
    const der = D.seq(D.int(65537), D.oid("1.2.840.113549.1.1.11"), D.time(INIT), D.time(Date.UTC(2051, 0, 2, 3, 4, 5)), D.explicit(0, D.int(2)), D.uint(Uint8Array.of(0x80, 1)));
    const n = D.decode(der);
    expect(D.toBigInt(D.uintBytes(n.children![0]))).toBe(65537n);
    expect(D.decodeOid(n.children![1].content)).toBe("1.2.840.113549.1.1.11");
    expect(n.children![2].tag).toBe(D.TAG.UTCTime);
    expect(D.stringValue(n.children![2])).toBe("261120060000Z");
    expect(D.decodeTime(n.children![2])).toBe(INIT);
    expect(n.children![3].tag).toBe(D.TAG.GeneralizedTime);
    expect(D.decodeTime(n.children![3])).toBe(Date.UTC(2051, 0, 2, 3, 4, 5));
    expect([...n.children![5].content]).toEqual([0, 0x80, 1]); // sign byte added
    expect(X.hex(n.raw)).toBe(X.hex(der));
    expect(() => D.decode(Uint8Array.of(0x30, 5, 1))).toThrow(D.DerError);
  });

  it("base64 and PEM round trip", () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 255);
    const p = D.pem("CERTIFICATE", bytes);
    expect(p.split("\n")[1].length).toBe(64);
    expect([...D.pemBlocks(p)[0].der]).toEqual([...bytes]);
    expect(D.fromBase64("not base64!")).toBeUndefined();
  });

  it("a certificate parses back to what was built, and re-encodes to the same bytes", () => {
    const c = cert("apiserver.crt");
    const again = X.parseCertificate(c.der);
    expect(X.hex(again.tbs)).toBe(X.hex(c.tbs));
    expect(X.hex(D.decode(c.der).raw)).toBe(X.hex(c.der));
  });
});

describe("kubeadm's PKI", () => {
  it("has kubeadm's files", () => {
    expect([...files.keys()]).toEqual([
      "apiserver-etcd-client.crt", "apiserver-etcd-client.key", "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key",
      "apiserver.crt", "apiserver.key", "ca.crt", "ca.key", "etcd/ca.crt", "etcd/ca.key", "etcd/healthcheck-client.crt", "etcd/healthcheck-client.key",
      "etcd/peer.crt", "etcd/peer.key", "etcd/server.crt", "etcd/server.key", "front-proxy-ca.crt", "front-proxy-ca.key",
      "front-proxy-client.crt", "front-proxy-client.key", "sa.key", "sa.pub",
    ]);
    expect(files.get("ca.key")).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(files.get("sa.pub")).toMatch(/^-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA/);
  });

  it("subjects and issuers as certlist.go defines them", () => {
    const table = [
      ["ca.crt", "CN=kubernetes", "CN=kubernetes"],
      ["apiserver.crt", "CN=kube-apiserver", "CN=kubernetes"],
      ["apiserver-kubelet-client.crt", "O=kubeadm:cluster-admins,CN=kube-apiserver-kubelet-client", "CN=kubernetes"],
      ["front-proxy-ca.crt", "CN=front-proxy-ca", "CN=front-proxy-ca"],
      ["front-proxy-client.crt", "CN=front-proxy-client", "CN=front-proxy-ca"],
      ["etcd/ca.crt", "CN=etcd-ca", "CN=etcd-ca"],
      ["etcd/server.crt", "CN=controlplane", "CN=etcd-ca"],
      ["etcd/peer.crt", "CN=controlplane", "CN=etcd-ca"],
      ["etcd/healthcheck-client.crt", "CN=kube-etcd-healthcheck-client", "CN=etcd-ca"],
      ["apiserver-etcd-client.crt", "CN=kube-apiserver-etcd-client", "CN=etcd-ca"],
    ];
    for (const [rel, subject, issuer] of table) {
      const c = cert(rel);
      expect([rel, dn(c.subject), dn(c.issuer)]).toEqual([rel, subject, issuer]);
      const ca = cert(issuer === "CN=kubernetes" ? "ca.crt" : issuer === "CN=etcd-ca" ? "etcd/ca.crt" : "front-proxy-ca.crt");
      expect(X.signedBy(c, ca)).toBe(true);
    }
    expect(X.signedBy(cert("apiserver-etcd-client.crt"), cert("ca.crt"))).toBe(false);
  });

  it("the apiserver's SANs, key usages and validity (CA 10 y backdated 5 min, leaves 1 y)", () => {
    const c = cert("apiserver.crt");
    const san = X.parseSan(X.extension(c, X.OID.subjectAltName)!.value);
    expect(san.dns).toEqual(["controlplane", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"]);
    expect(san.ips.map((b) => [...b].join("."))).toEqual(["10.96.0.1", "172.30.1.2"]);
    expect(c.extensions.map((e) => e.oid)).toEqual([X.OID.keyUsage, X.OID.extKeyUsage, X.OID.basicConstraints, X.OID.authorityKeyIdentifier, X.OID.subjectAltName]);
    expect(X.parseKeyUsage(X.extension(c, X.OID.keyUsage)!.value)).toEqual([0, 2]);
    expect(X.parseExtKeyUsage(X.extension(c, X.OID.extKeyUsage)!.value)).toEqual([X.OID.serverAuth]);
    const ca = cert("ca.crt");
    expect(X.parseBasicConstraints(X.extension(ca, X.OID.basicConstraints)!.value)).toEqual({ ca: true });
    expect(X.hex(X.parseAki(X.extension(c, X.OID.authorityKeyIdentifier)!.value)!)).toBe(X.hex(X.parseSki(X.extension(ca, X.OID.subjectKeyIdentifier)!.value)));
    expect(ca.notBefore).toBe(INIT - 5 * 60_000);
    expect(ca.notAfter).toBe(INIT + 3650 * 86400_000);
    expect(c.notBefore).toBe(ca.notBefore);
    expect(c.notAfter).toBe(INIT + 365 * 86400_000);
    expect(c.publicKey.kind === "rsa" && X.keyBits(c.publicKey)).toBe(2048);
    expect(c.version).toBe(3);
    expect(c.serial.length).toBeLessThanOrEqual(8);
  });

  it("kubeconfig client certificates and the kubelet's rotated client certificate", () => {
    const sub = (u: "admin" | "super-admin" | "controller-manager" | "scheduler") => {
      const pemText = new TextDecoder().decode(D.fromBase64(kubeconfigCredentials("test", INIT, u).certData));
      return dn(X.certFromPem(pemText)!.subject);
    };
    expect(sub("admin")).toBe("O=kubeadm:cluster-admins,CN=kubernetes-admin");
    expect(sub("super-admin")).toBe("O=system:masters,CN=kubernetes-super-admin");
    expect(sub("controller-manager")).toBe("CN=system:kube-controller-manager");
    expect(sub("scheduler")).toBe("CN=system:kube-scheduler");
    const kubelet = kubeletClientPem("test", INIT, "node01");
    const k = X.certFromPem(kubelet)!;
    expect(dn(k.subject)).toBe("O=system:nodes,CN=system:node:node01");
    expect(k.publicKey.kind).toBe("ec");
    expect(D.toBigInt(k.serial) < 1n << 128n && D.toBigInt(k.serial) > 1n << 100n).toBe(true); // a 128-bit random serial
    expect(kubelet).toContain("-----BEGIN EC PRIVATE KEY-----");
    expect(X.signedBy(k, cert("ca.crt"))).toBe(true);
  });

  it("is deterministic", () => {
    expect(controlPlanePki("test", OPTS)).toEqual(controlPlanePki("test", { ...OPTS }));
    expect(controlPlanePki("other", OPTS)[0].content).not.toBe(files.get("apiserver-etcd-client.crt"));
  });
});

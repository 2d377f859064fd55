// openssl on the lab's nodes. Expected texts are what OpenSSL 3.0 (apps x509/req) prints for
// the same files: the lab's certificates were copied out and printed with the real binary.

import { beforeAll, describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

let s: LabSession;
const sh = (line: string) => s.exec(line);

beforeAll(() => {
  s = new LabSession({ timeMode: "virtual" });
}, 60_000);

describe("openssl x509 on kubeadm's certificates", () => {
  it("-noout -subject -issuer -dates -serial, in the order given", async () => {
    const r = await sh("openssl x509 -in /etc/kubernetes/pki/apiserver-kubelet-client.crt -noout -subject -issuer -dates -serial");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^subject=O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client\nissuer=CN = kubernetes\nnotBefore=Nov 20 05:55:00 2026 GMT\nnotAfter=Nov 20 06:00:00 2027 GMT\nserial=[0-9A-F]{16}\n$/);
    expect((await sh("openssl x509 -in /etc/kubernetes/pki/ca.crt -noout -enddate -issuer")).stdout).toBe("notAfter=Nov 17 06:00:00 2036 GMT\nissuer=CN = kubernetes\n");
  });

  it("-text: OpenSSL 3.0's layout, SANs and extensions", async () => {
    const r = await sh("openssl x509 -in /etc/kubernetes/pki/apiserver.crt -text -noout");
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual(["Certificate:", "    Data:", "        Version: 3 (0x2)"]);
    expect(lines[3]).toMatch(/^        Serial Number: \d+ \(0x[0-9a-f]+\)$/);
    expect(lines.slice(4, 13)).toEqual([
      "        Signature Algorithm: sha256WithRSAEncryption",
      "        Issuer: CN = kubernetes",
      "        Validity",
      "            Not Before: Nov 20 05:55:00 2026 GMT",
      "            Not After : Nov 20 06:00:00 2027 GMT",
      "        Subject: CN = kube-apiserver",
      "        Subject Public Key Info:",
      "            Public Key Algorithm: rsaEncryption",
      "                Public-Key: (2048 bit)",
    ]);
    const ext = r.stdout.slice(r.stdout.indexOf("        X509v3 extensions:"), r.stdout.lastIndexOf("\n    Signature Algorithm") + 1);
    expect(ext.replace(/([0-9A-F]{2}:){19}[0-9A-F]{2}/, "<keyid>")).toBe(
      "        X509v3 extensions:\n" +
        "            X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n" +
        "            X509v3 Extended Key Usage: \n                TLS Web Server Authentication\n" +
        "            X509v3 Basic Constraints: critical\n                CA:FALSE\n" +
        "            X509v3 Authority Key Identifier: \n                <keyid>\n" +
        "            X509v3 Subject Alternative Name: \n                DNS:controlplane, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP Address:10.96.0.1, IP Address:172.30.1.2\n",
    );
    // 2048-bit modulus: 00 + 256 bytes, 15 a line; signature 256 bytes, 18 a line
    expect(lines.filter((l) => /^ {20}[0-9a-f]{2}(:[0-9a-f]{2})*:?$/.test(l)).length).toBe(18);
    expect(lines.filter((l) => /^ {8}[0-9a-f]{2}(:[0-9a-f]{2})*:?$/.test(l)).length).toBe(15);
  });

  it("the kubelet's client certificate: which CA signed it, an EC key", async () => {
    const r = await sh("openssl x509 -in /var/lib/kubelet/pki/kubelet-client-current.pem -noout -issuer -subject");
    expect(r.stdout).toBe("issuer=CN = kubernetes\nsubject=O = system:nodes, CN = system:node:controlplane\n");
    const t = (await sh("openssl x509 -in /var/lib/kubelet/pki/kubelet-client-current.pem -noout -text")).stdout;
    expect(t).toContain("            Public Key Algorithm: id-ecPublicKey\n                Public-Key: (256 bit)\n                pub:\n                    04:");
    expect(t).toContain("                ASN1 OID: prime256v1\n                NIST CURVE: P-256\n");
    expect(t).toMatch(/        Serial Number:\n            ([0-9a-f]{2}:){15}[0-9a-f]{2}\n/);
  });

  it("-ext and etcd's IPv6 loopback SAN", async () => {
    const r = await sh("openssl x509 -in /etc/kubernetes/pki/etcd/server.crt -noout -ext subjectAltName");
    expect(r.stdout).toBe("X509v3 Subject Alternative Name: \n    DNS:controlplane, DNS:localhost, IP Address:172.30.1.2, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1\n");
  });

  it("errors: a missing file, a key where a certificate is expected, an unknown command", async () => {
    const miss = await sh("openssl x509 -in nosuch.crt -noout -text");
    expect(miss.exitCode).toBe(1);
    expect(miss.stderr.split("\n")[0]).toBe("Could not open file or uri for loading certificate from nosuch.crt");
    expect(miss.stderr).toMatch(/:error:80000002:system library:file_open:No such file or directory:.*calling stat\(nosuch.crt\)\nUnable to load certificate\n$/);
    const key = await sh("openssl x509 -in /etc/kubernetes/pki/ca.key -noout");
    expect(key.stderr).toMatch(/^Could not read certificate from \/etc\/kubernetes\/pki\/ca.key\n.*:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:.*\nUnable to load certificate\n$/);
    expect(await sh("openssl frobnicate")).toMatchObject({ exitCode: 1, stderr: "Invalid command 'frobnicate'; type \"help\" for a list.\n" });
    expect((await sh("openssl req -in /etc/kubernetes/pki/ca.crt -noout -text")).stderr).toMatch(/^Unable to load X509 request\n.*PEM routines:get_name:no start line:.*Expecting: CERTIFICATE REQUEST\n$/);
  });
});

describe("making a user's certificate", () => {
  it("genrsa, req -new -subj, req -text, x509 -req with the cluster CA", async () => {
    expect(await sh("cd /root && openssl genrsa -out jane.key 2048")).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect((await sh("head -1 /root/jane.key")).stdout).toBe("-----BEGIN PRIVATE KEY-----\n");
    expect(await sh('openssl req -new -key /root/jane.key -subj "/CN=jane/O=dev" -out /root/jane.csr')).toMatchObject({ exitCode: 0, stderr: "" });
    const text = (await sh("openssl req -in /root/jane.csr -noout -text")).stdout;
    expect(text.split("\n").slice(0, 8)).toEqual([
      "Certificate Request:", "    Data:", "        Version: 1 (0x0)", "        Subject: CN = jane, O = dev", "        Subject Public Key Info:",
      "            Public Key Algorithm: rsaEncryption", "                Public-Key: (2048 bit)", "                Modulus:",
    ]);
    expect(text).toContain("                Exponent: 65537 (0x10001)\n        Attributes:\n            (none)\n            Requested Extensions:\n    Signature Algorithm: sha256WithRSAEncryption\n    Signature Value:\n");
    const signed = await sh("cd /root && openssl x509 -req -in jane.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -CAcreateserial -out jane.crt -days 30");
    expect(signed).toMatchObject({ exitCode: 0, stdout: "", stderr: "Certificate request self-signature ok\nsubject=CN = jane, O = dev\n" });
    const srl = (await sh("cat /etc/kubernetes/pki/ca.srl")).stdout;
    expect(srl).toMatch(/^[0-9A-F]{40}\n$/);
    const c = await sh("openssl x509 -in /root/jane.crt -noout -text");
    expect(c.stdout).toContain(`        Version: 1 (0x0)\n        Serial Number:\n            ${srl.trim().toLowerCase().match(/../g)!.join(":")}\n`);
    expect(c.stdout).toContain("        Issuer: CN = kubernetes\n");
    expect(c.stdout).not.toContain("X509v3 extensions");
    const wrong = await sh("cd /root && openssl x509 -req -in jane.csr -CA /etc/kubernetes/pki/ca.crt -CAkey jane.key -out x.crt");
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toMatch(/^Certificate request self-signature ok\nsubject=CN = jane, O = dev\nCA certificate and CA private key do not match\n.*X509_check_private_key:key values mismatch/);
    expect((await sh('openssl req -new -key /root/jane.key -subj "CN=x" -out /root/x.csr')).stderr).toBe(
      "req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: 'CN=x'\n",
    );
  });
});

describe("found by the fuzzer (issue 7)", () => {
  it("genrsa with a huge size: OpenSSL's warning, then a generation that runs until Ctrl-C (it took 16 s and megabytes in the lab); beyond an int, opt_int's error", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const warn = "Warning: It is not recommended to use more than 16384 bit for RSA keys.\n         Your key size is 99999999! Larger key size may behave not as expected.\n";
    const t0 = performance.now();
    expect(await s.exec("openssl genrsa -out /root/big.key 99999999")).toMatchObject({ stdout: "", stderr: warn, exitCode: 130 });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect((await s.exec("ls /root/big.key")).exitCode).not.toBe(0);
    const chunks: string[] = [];
    const r = await s.exec("openssl genrsa -out /root/big.key 99999999", {
      onOutput: (t) => {
        chunks.push(t);
        s.interrupt();
      },
    });
    expect(r.exitCode).toBe(130);
    expect(chunks.join("")).toBe(warn);
    expect(await s.exec("openssl genrsa -out /root/big.key 2147483648")).toMatchObject({ stderr: 'genrsa: Value "2147483648" outside integer range\n', exitCode: 1 });
    // above 16384 bits and still cheap: the warning and the key
    const r2 = await s.exec("openssl genrsa -out /root/k.key 20000");
    expect(r2.stderr).toContain("Your key size is 20000!");
    expect(r2.exitCode).toBe(0);
    expect((await s.exec("head -n 1 /root/k.key")).stdout).toBe("-----BEGIN PRIVATE KEY-----\n");
  });

  // recorded from the real openssl genrsa (OpenSSL 3.0, apps/genrsa.c + rsa_kmgmt.c rsa_gen_set_params)
  it("genrsa below 512 bits: the provider's key size too small (the -out file is already created, empty); opt_int's parse errors", async () => {
    const tooSmall = "Error setting RSA length\n40C7A1E5B67F0000:error:1C8000AB:Provider routines:rsa_gen_set_params:key size too small:../providers/implementations/keymgmt/rsa_kmgmt.c:509:\n";
    expect(await sh("openssl genrsa 256")).toMatchObject({ stdout: "", stderr: tooSmall, exitCode: 1 });
    expect(await sh("cd /root && openssl genrsa -out small.key 0x100")).toMatchObject({ stdout: "", stderr: tooSmall, exitCode: 1 });
    expect((await sh("stat -c '%s %a' /root/small.key")).stdout).toBe("0 600\n");
    expect(await sh("openssl genrsa abc")).toMatchObject({ stderr: 'genrsa: Can\'t parse "abc" as a number\n', exitCode: 1 });
    expect((await sh("openssl genrsa 09")).stderr).toBe('genrsa: Can\'t parse "09" as an octal number\n');
    expect((await sh("openssl genrsa 0x1g")).stderr).toBe('genrsa: Can\'t parse "0x1g" as a hexadecimal number\n');
    expect(await sh("openssl genrsa 0")).toMatchObject({ stdout: "", stderr: "", exitCode: 1 });
    expect(await sh("openssl genrsa 01000 | head -n 1")).toMatchObject({ stdout: "-----BEGIN PRIVATE KEY-----\n", exitCode: 0 });
  });
});

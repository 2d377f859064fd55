// etcdctl / etcdutl 3.5.16 on the control plane, and etcd's data dir as the store's content.
// Expected bytes from etcd's source (client/v3/snapshot/v3_snapshot.go, etcdutl/snapshot/
// v3_snapshot.go, etcdctl/ctlv3/command/printer*.go, pkg/cobrautl/help.go) and recorded 3.5.16
// sessions (the zap lines' callers and order, the restore's console lines, the member IDs).

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { decode } from "../../src/engine/etcd/db.ts";
import { clusterId, memberId } from "../../src/engine/etcd/ids.ts";
import { humanBytes, table } from "../../src/engine/etcd/etcdctl.ts";

const TLS = "--endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";

describe("etcd identities and printers", () => {
  it("member and cluster IDs as etcd computes them", () => {
    // `snapshot restore` defaults: default=http://localhost:2380, token etcd-cluster
    expect(memberId(["http://localhost:2380"], "etcd-cluster")).toBe("8e9e05c52164694d");
    expect(clusterId(["8e9e05c52164694d"])).toBe("cdf818194e3a8c32");
  });
  it("go-humanize Bytes and tablewriter", () => {
    expect(humanBytes(5)).toBe("5 B");
    expect(humanBytes(20480)).toBe("20 kB"); // 20.5 → %.0f rounds the tie to even
    expect(humanBytes(21500)).toBe("22 kB");
    expect(humanBytes(2_400_000)).toBe("2.4 MB");
    expect(table(["hash", "revision", "total keys", "total size"], [["69048169", "70133", "2920", "11 MB"]])).toBe(
      "+----------+----------+------------+------------+\n" +
        "|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |\n" +
        "+----------+----------+------------+------------+\n" +
        "| 69048169 |    70133 |       2920 |      11 MB |\n" +
        "+----------+----------+------------+------------+\n",
    );
  });
});

describe("etcdctl on the control plane", () => {
  it("is installed on controlplane only; version", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect(await s.exec("etcdctl version")).toMatchObject({ stdout: "etcdctl version: 3.5.16\nAPI version: 3.5\n", exitCode: 0 });
    expect((await s.exec("which etcdctl etcdutl")).stdout).toBe("/usr/bin/etcdctl\n/usr/bin/etcdutl\n");
    expect(await s.exec("ssh node01 etcdctl version")).toMatchObject({ exitCode: 127 });
  });

  it("the data dir exists with etcd's layout and modes", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("ls -1 /var/lib/etcd/member /var/lib/etcd/member/snap")).stdout).toBe("/var/lib/etcd/member:\nsnap\nwal\n\n/var/lib/etcd/member/snap:\ndb\n");
    expect((await s.exec("stat -c '%a' /var/lib/etcd/member /var/lib/etcd/member/snap/db")).stdout).toBe("700\n600\n");
    // the backend follows the store within a minute
    await s.exec("kubectl create deploy web --image=nginx");
    await s.exec("sleep 61");
    const db = decode(s.readFile("controlplane", "/var/lib/etcd/member/snap/db")!);
    expect(db.ok && db.db.data.find(([r]) => r === "deployments")![1].map((o) => o.metadata.name)).toContain("web");
  });

  it("snapshot save: the zap lines on stderr, the file, status", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec(`ETCDCTL_API=3 etcdctl ${TLS} snapshot save /opt/etcd-backup.db`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Snapshot saved at /opt/etcd-backup.db\n");
    const lines = r.stderr.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.map((l) => [l.level, l.logger, l.caller, l.msg])).toEqual([
      ["info", undefined, "snapshot/v3_snapshot.go:65", "created temporary db file"],
      ["info", "client", "v3@v3.5.16/maintenance.go:212", "opened snapshot stream; downloading"],
      ["info", undefined, "snapshot/v3_snapshot.go:73", "fetching snapshot"],
      ["info", "client", "v3@v3.5.16/maintenance.go:220", "completed snapshot read; closing"],
      ["info", undefined, "snapshot/v3_snapshot.go:88", "fetched snapshot"],
      ["info", undefined, "snapshot/v3_snapshot.go:97", "saved"],
    ]);
    expect(Object.keys(lines[0])).toEqual(["level", "ts", "caller", "msg", "path"]);
    expect(lines[0].path).toBe("/opt/etcd-backup.db.part");
    expect(lines[0].ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(lines[2].endpoint).toBe("https://127.0.0.1:2379");
    expect(Object.keys(lines[4])).toEqual(["level", "ts", "caller", "msg", "endpoint", "size", "took"]);
    expect(lines[4].took).toBe("now");
    expect((await s.exec("ls /opt")).stdout).not.toContain(".part");
    // the file is a snapshot of the store at that moment
    const snap = decode(s.readFile("controlplane", "/opt/etcd-backup.db")!);
    expect(snap.ok && snap.hasHash && snap.hashOk).toBe(true);
    const st = await s.exec("etcdctl snapshot status /opt/etcd-backup.db -w table");
    expect(st.stderr).toBe("Deprecated: Use `etcdutl snapshot status` instead.\n\n");
    const simple = await s.exec("etcdutl snapshot status /opt/etcd-backup.db");
    expect(simple.stderr).toBe("");
    expect(simple.stdout).toMatch(/^[0-9a-f]+, \d+, \d+, \d+ kB\n$/);
    expect(st.stdout).toBe(table(["hash", "revision", "total keys", "total size"], [simple.stdout.trim().split(", ")]));
    // the revision and keys are the store's at that moment
    expect(Number(simple.stdout.split(", ")[1])).toBe(snap.ok && snap.db.rev);
    expect(await s.exec("etcdutl snapshot status /opt/nope.db")).toMatchObject({ stderr: "Error: stat /opt/nope.db: no such file or directory\n", exitCode: 1 });
    expect(await s.exec("etcdutl snapshot status /etc/hostname")).toMatchObject({ stderr: "Error: invalid database\n", exitCode: 1 });
  });

  it("without the right TLS material: grpc's error after the command timeout", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const t0 = s.cluster.now();
    const r = await s.exec("etcdctl member list");
    expect(r.exitCode).toBe(1);
    const [warn, err] = r.stderr.split("\n");
    const w = JSON.parse(warn) as Record<string, unknown>;
    expect(w).toMatchObject({ level: "warn", logger: "etcd-client", caller: "v3@v3.5.16/retry_interceptor.go:63", msg: "retrying of unary invoker failed", attempt: 0 });
    expect(w.error).toBe('rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = "error reading server preface: EOF"');
    expect(err).toBe("Error: context deadline exceeded");
    expect(s.cluster.now() - t0).toBeGreaterThanOrEqual(5000);
    const noCa = await s.exec("etcdctl --endpoints=https://127.0.0.1:2379 member list");
    expect(noCa.stderr).toContain('desc = \\"transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority\\""}');
    const kubeCa = await s.exec("etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key endpoint status");
    expect(kubeCa.stderr).toContain("x509: certificate signed by unknown authority");
    expect(await s.exec("etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/ca.key member list")).toMatchObject({ stderr: "Error: tls: private key does not match public key\n", exitCode: 1 });
    expect(await s.exec("etcdctl --cacert=/etc/kubernetes/pki/etcd/nope.crt member list")).toMatchObject({ stderr: "Error: open /etc/kubernetes/pki/etcd/nope.crt: no such file or directory\n", exitCode: 1 });
    // the apiserver's etcd client certificate is signed by the etcd CA too
    expect((await s.exec("etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/apiserver-etcd-client.crt --key=/etc/kubernetes/pki/apiserver-etcd-client.key member list")).exitCode).toBe(0);
  });

  it("member list, endpoint status/health, get --prefix --keys-only", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec(`etcdctl ${TLS} member list`)).stdout).toBe("264d7b068180479b, started, controlplane, https://172.30.1.2:2380, https://172.30.1.2:2379, false\n");
    expect((await s.exec(`etcdctl ${TLS} member list -w table`)).stdout).toBe(
      "+------------------+---------+--------------+-------------------------+-------------------------+------------+\n" +
        "|        ID        | STATUS  |     NAME     |       PEER ADDRS        |      CLIENT ADDRS       | IS LEARNER |\n" +
        "+------------------+---------+--------------+-------------------------+-------------------------+------------+\n" +
        "| 264d7b068180479b | started | controlplane | https://172.30.1.2:2380 | https://172.30.1.2:2379 |      false |\n" +
        "+------------------+---------+--------------+-------------------------+-------------------------+------------+\n",
    );
    expect((await s.exec(`etcdctl ${TLS} endpoint status`)).stdout).toMatch(/^https:\/\/127\.0\.0\.1:2379, 264d7b068180479b, 3\.5\.16, \d+ kB, true, false, 2, \d+, \d+, \n$/);
    expect((await s.exec(`etcdctl ${TLS} endpoint health`)).stdout).toMatch(/^https:\/\/127\.0\.0\.1:2379 is healthy: successfully committed proposal: took = \d+\.\d{6}ms\n$/);
    await s.exec("kubectl run x --image=nginx");
    const keys = (await s.exec(`etcdctl ${TLS} get /registry/pods/default --prefix --keys-only`)).stdout;
    expect(keys).toBe("/registry/pods/default/x\n\n");
    const ns = (await s.exec(`etcdctl ${TLS} get /registry/namespaces --prefix --keys-only`)).stdout;
    expect(ns).toBe("/registry/namespaces/default\n\n/registry/namespaces/kube-node-lease\n\n/registry/namespaces/kube-public\n\n/registry/namespaces/kube-system\n\n");
  });

  // issue 7: defrag was an unknown command (defrag_command.go, v3.5)
  it("defrag: each endpoint, --cluster, an unreachable one; --data-dir says it is not built", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect(await s.exec(`etcdctl ${TLS} defrag`)).toMatchObject({ stdout: "Finished defragmenting etcd member[https://127.0.0.1:2379]\n", stderr: "", exitCode: 0 });
    expect((await s.exec(`etcdctl ${TLS} defrag --cluster`)).stdout).toBe("Finished defragmenting etcd member[https://172.30.1.2:2379]\n");
    const r = await s.exec(`etcdctl ${TLS.replace("https://127.0.0.1:2379", "https://127.0.0.1:2379,https://127.0.0.1:2399")} defrag`);
    expect(r.stdout).toBe("Finished defragmenting etcd member[https://127.0.0.1:2379]\n");
    expect(r.stderr).toMatch(/"msg":"retrying of unary invoker failed".*connection refused.*\nFailed to defragment etcd member\[https:\/\/127\.0\.0\.1:2399\] \(context deadline exceeded\)\n$/);
    expect(r.exitCode).toBe(1);
    expect((await s.exec("etcdctl defrag --cacert=/nope.crt")).stderr).toBe("Error: open /nope.crt: no such file or directory\n");
    expect((await s.exec("etcdutl defrag --data-dir /var/lib/etcd")).stderr).toMatch(/^kubelab: offline defragmentation \(etcdutl defrag --data-dir\) is not built/);
  });

  it("restore: refuses a non-empty dir; cobra's errors", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`etcdctl ${TLS} snapshot save /opt/s.db`);
    const r = await s.exec("etcdctl snapshot restore /opt/s.db --data-dir /var/lib/etcd");
    expect(r).toMatchObject({ stdout: "", stderr: 'Deprecated: Use `etcdutl snapshot restore` instead.\n\nError: data-dir "/var/lib/etcd" not empty or could not be read\n', exitCode: 1 });
    const ok = await s.exec("etcdutl snapshot restore /opt/s.db --data-dir=/var/lib/etcd-from-backup");
    expect(ok.exitCode).toBe(0);
    const t = new Date(s.cluster.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    const lines = ok.stderr.split("\n");
    expect(lines[0]).toBe(`${t}\tinfo\tsnapshot/v3_snapshot.go:260\trestoring snapshot\t{"path": "/opt/s.db", "wal-dir": "/var/lib/etcd-from-backup/member/wal", "data-dir": "/var/lib/etcd-from-backup", "snap-dir": "/var/lib/etcd-from-backup/member/snap"}`);
    expect(lines[1]).toBe(`${t}\tinfo\tmembership/store.go:141\tTrimming membership information from the backend...`);
    expect(lines[2]).toMatch(/\tinfo\tmembership\/cluster\.go:421\tadded member\t\{"cluster-id": "cdf818194e3a8c32", "local-member-id": "0", "added-peer-id": "8e9e05c52164694d", "added-peer-peer-urls": \["http:\/\/localhost:2380"\]\}$/);
    expect(lines[3]).toMatch(/\tinfo\tsnapshot\/v3_snapshot\.go:287\trestored snapshot\t/);
    expect((await s.exec("ls -1 /var/lib/etcd-from-backup/member/snap /var/lib/etcd-from-backup/member/wal")).stdout).toBe(
      "/var/lib/etcd-from-backup/member/snap:\n0000000000000001-0000000000000001.snap\ndb\n\n/var/lib/etcd-from-backup/member/wal:\n0000000000000000-0000000000000000.wal\n",
    );
    // a db copied out of a data dir has no integrity hash
    await s.exec("cp /var/lib/etcd/member/snap/db /opt/raw.db");
    expect((await s.exec("etcdutl snapshot restore /opt/raw.db --data-dir /tmp/r1")).stderr).toMatch(/Error: snapshot missing hash but --skip-hash-check=false\n$/);
    expect((await s.exec("etcdutl snapshot restore /opt/raw.db --data-dir /tmp/r2 --skip-hash-check")).exitCode).toBe(0);
    // a command group without Run answers flag.ErrHelp: its usage, exit 0
    const group = await s.exec("etcdctl snapshot frobnicate");
    expect(group.exitCode).toBe(0);
    expect(group.stdout).toMatch(/^NAME:\n\tsnapshot - Manages etcd node snapshots\n\nUSAGE:\n\tetcdctl snapshot <subcommand> \[flags\]\n\nAPI VERSION:\n\t3\.5\n\n\nCOMMANDS:\n\trestore\tRestores an etcd member snapshot to an etcd directory\n\tsave\tStores/);
    expect(await s.exec("etcdctl bogus")).toMatchObject({ stderr: 'Error: unknown command "bogus" for "etcdctl"\n', exitCode: 1 });
    const bad = await s.exec("etcdctl snapshot save /opt/x.db --foo");
    expect(bad.stderr).toBe("Error: unknown flag: --foo\n\n");
    expect(bad.stdout).toMatch(/^NAME:\n\tsnapshot save - Stores an etcd node backend snapshot to a given file\n\nUSAGE:\n\tetcdctl snapshot save <filename> \[flags\]\n\nOPTIONS:\n  -h, --help\[=false\]\thelp for save\n\nGLOBAL OPTIONS:\n      --cacert=""\t\t\t\tverify certificates/);
  });
});

describe("restore end to end", () => {
  it("snapshot, delete, restore into a new dir, point etcd's hostPath at it: the deployment is back", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl create deploy web --image=nginx --replicas=2");
    await s.exec("sleep 20");
    expect((await s.exec(`etcdctl ${TLS} snapshot save /opt/etcd-backup.db`)).exitCode).toBe(0);
    await s.exec("kubectl delete deploy web");
    await s.exec("kubectl create configmap later --from-literal=a=b");
    await s.exec("sleep 10");
    expect((await s.exec("kubectl get deploy web")).exitCode).toBe(1);
    expect((await s.exec("etcdctl snapshot restore /opt/etcd-backup.db --data-dir /var/lib/etcd-from-backup")).exitCode).toBe(0);
    await s.exec("sed -i 's#path: /var/lib/etcd$#path: /var/lib/etcd-from-backup#' /etc/kubernetes/manifests/etcd.yaml");
    await s.exec("sleep 90");
    expect((await s.exec("kubectl get deploy web -o jsonpath='{.status.readyReplicas}'")).stdout).toBe("2");
    // what was created after the snapshot is gone
    expect((await s.exec("kubectl get cm later")).stderr).toBe('Error from server (NotFound): configmaps "later" not found\n');
    expect((await s.exec("kubectl get pods -l app=web --no-headers | grep -c Running")).stdout).toBe("2\n");
    // the restored member keeps restore's peer URL; etcd publishes its --name
    expect((await s.exec(`etcdctl ${TLS} member list`)).stdout).toBe("8e9e05c52164694d, started, controlplane, http://localhost:2380, https://172.30.1.2:2379, false\n");
    // new writes continue from the snapshot's revision
    const rv = Number((await s.exec("kubectl create cm after -o jsonpath='{.metadata.resourceVersion}'")).stdout);
    const snap = decode(s.readFile("controlplane", "/opt/etcd-backup.db")!);
    expect(snap.ok && rv > snap.db.rev).toBe(true);
  });

  it("changing --data-dir and the mount together works too; a data dir outside every mount is a fresh, empty etcd", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl create deploy web --image=nginx");
    await s.exec(`etcdctl ${TLS} snapshot save /opt/b.db`);
    await s.exec("kubectl delete deploy web");
    await s.exec("etcdutl snapshot restore /opt/b.db --data-dir /var/lib/etcd-new");
    await s.exec("sed -i 's#/var/lib/etcd$#/var/lib/etcd-new#; s#--data-dir=/var/lib/etcd-new#--data-dir=/var/lib/etcd-new#' /etc/kubernetes/manifests/etcd.yaml");
    expect((await s.exec("grep -c etcd-new /etc/kubernetes/manifests/etcd.yaml")).stdout).toBe("3\n");
    await s.exec("sleep 90");
    expect((await s.exec("kubectl get deploy web --no-headers")).exitCode).toBe(0);
    // only --data-dir changed: etcd writes inside its container, which starts empty
    const t = new LabSession({ timeMode: "virtual" });
    await t.exec("sed -i 's#--data-dir=/var/lib/etcd$#--data-dir=/var/lib/etcd-x#' /etc/kubernetes/manifests/etcd.yaml");
    await t.exec("sleep 90");
    expect((await t.exec("kubectl --kubeconfig /etc/kubernetes/super-admin.conf get deploy -A --no-headers")).stdout).toBe("");
    expect((await t.exec("ls /var/lib/etcd-x")).exitCode).not.toBe(0);
  });
});

describe("found by the fuzzer (issue 7)", () => {
  it("an empty --endpoints is clientv3's 'no available endpoints' (exit 2); snapshot save onto a folder fails the rename and leaves no .part", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const certs = TLS.replace("--endpoints=https://127.0.0.1:2379 ", "");
    for (const sub of ["endpoint status", "member list", "get / --prefix --keys-only"]) {
      expect(await s.exec(`etcdctl ${certs} --endpoints= ${sub}`), sub).toMatchObject({ stdout: "", stderr: "Error: etcdclient: no available endpoints\n", exitCode: 2 });
    }
    expect((await s.exec(`etcdctl ${certs} --endpoints= snapshot save /opt/x.db`)).stderr).toBe("Error: snapshot must be requested to one selected node, not multiple []\n");
    const r = await s.exec(`etcdctl ${TLS} snapshot save /opt`);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("Error: could not rename /opt.part to /opt (rename /opt.part /opt: file exists)");
    expect(lines.at(-2)).toContain('"msg":"fetched snapshot"');
    expect((await s.exec("ls -d /opt.part")).exitCode).not.toBe(0);
    expect((await s.exec("test -d /opt && echo dir")).stdout).toBe("dir\n");
  });
});

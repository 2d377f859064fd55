import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { goTabwriter } from "../../src/commands/node/tabwriter.ts";
import { shortHumanDuration } from "../../src/commands/kubeadm/kubeadm.ts";

const HINT = "To see the stack trace of this error execute with --v=5 or higher\n";

describe("kubeadm", () => {
  it("version: %#v of version.Info, -o short/json, a bad format", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("kubeadm version")).stdout).toBe(
      'kubeadm version: &version.Info{Major:"1", Minor:"32", GitVersion:"v1.32.5", GitCommit:"9894294ef13a5b32803e3ca2c0d620a088cc84d1", GitTreeState:"clean", BuildDate:"2025-05-15T09:12:10Z", GoVersion:"go1.23.8", Compiler:"gc", Platform:"linux/amd64"}\n',
    );
    expect((await s.exec("kubeadm version -o short")).stdout).toBe("v1.32.5\n");
    expect(JSON.parse((await s.exec("kubeadm version -o json")).stdout).clientVersion.gitVersion).toBe("v1.32.5");
    expect(await s.exec("kubeadm version -o xml")).toMatchObject({ stdout: "", stderr: `invalid output format: xml\n${HINT}`, exitCode: 1 });
  });

  it("token create --print-join-command writes a bootstrap token Secret; token list shows it", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("kubeadm token list")).stdout).toBe("");
    const join = (await s.exec("kubeadm token create --print-join-command")).stdout;
    expect(join).toMatch(/^kubeadm join 172\.30\.1\.2:6443 --token ([a-z0-9]{6})\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64} \n$/);
    const token = /--token (\S+)/.exec(join)![1];
    // the same cluster gives the same CA hash
    const again = (await s.exec("kubeadm token create --print-join-command")).stdout;
    expect(again.split("sha256:")[1]).toBe(join.split("sha256:")[1]);
    expect((await s.exec(`kubectl -n kube-system get secret bootstrap-token-${token.slice(0, 6)} -o jsonpath='{.type}'`)).stdout).toBe("bootstrap.kubernetes.io/token");
    const list = (await s.exec("kubeadm token list")).stdout.split("\n");
    expect(list[0]).toBe("TOKEN                     TTL         EXPIRES                USAGES                   DESCRIPTION                                                EXTRA GROUPS");
    expect(list).toContain(`${token}   1d          2026-11-23T09:00:00Z   authentication,signing   <none>                                                     system:bootstrappers:kubeadm:default-node-token`);
    expect((await s.exec("kubeadm token create abcdef.0123456789abcdef --ttl 2h --description 'for node02'")).stdout).toBe("abcdef.0123456789abcdef\n");
    expect((await s.exec("kubeadm token list | grep abcdef")).stdout).toBe(
      "abcdef.0123456789abcdef   2h          2026-11-22T11:00:00Z   authentication,signing   for node02                                                 system:bootstrappers:kubeadm:default-node-token\n",
    );
    expect((await s.exec("kubeadm token delete abcdef")).stdout).toBe('bootstrap token "abcdef" deleted\n');
    expect((await s.exec("kubeadm token generate")).stdout).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}\n$/);
  });

  it("on node01 there is no admin.conf", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("ssh node01");
    expect(await s.exec("kubeadm token create --print-join-command")).toMatchObject({
      stdout: "",
      stderr: `failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory\n${HINT}`,
      exitCode: 1,
    });
    const exp = (await s.exec("kubeadm certs check-expiration")).stdout.split("\n");
    expect(exp[1]).toBe("!MISSING! admin.conf                                                                   ");
  });

  it("certs check-expiration: the two tables, 1 year / 10 years from when the files were written", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("kubeadm certs check-expiration")).stdout).toBe(
      "[check-expiration] Reading configuration from the cluster...\n" +
        "[check-expiration] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'\n\n" +
        "CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED\n" +
        "admin.conf                 Nov 20, 2027 06:00 UTC   362d            ca                      no      \n" +
        "apiserver                  Nov 20, 2027 06:00 UTC   362d            ca                      no      \n" +
        "apiserver-etcd-client      Nov 20, 2027 06:00 UTC   362d            etcd-ca                 no      \n" +
        "apiserver-kubelet-client   Nov 20, 2027 06:00 UTC   362d            ca                      no      \n" +
        "controller-manager.conf    Nov 20, 2027 06:00 UTC   362d            ca                      no      \n" +
        "etcd-healthcheck-client    Nov 20, 2027 06:00 UTC   362d            etcd-ca                 no      \n" +
        "etcd-peer                  Nov 20, 2027 06:00 UTC   362d            etcd-ca                 no      \n" +
        "etcd-server                Nov 20, 2027 06:00 UTC   362d            etcd-ca                 no      \n" +
        "front-proxy-client         Nov 20, 2027 06:00 UTC   362d            front-proxy-ca          no      \n" +
        "scheduler.conf             Nov 20, 2027 06:00 UTC   362d            ca                      no      \n" +
        "super-admin.conf           Nov 20, 2027 06:00 UTC   362d            ca                      no      \n\n" +
        "CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED\n" +
        "ca                      Nov 17, 2036 06:00 UTC   9y              no      \n" +
        "etcd-ca                 Nov 17, 2036 06:00 UTC   9y              no      \n" +
        "front-proxy-ca          Nov 17, 2036 06:00 UTC   9y              no      \n",
    );
  });

  it("cobra's unknown command with suggestions; a subcommand it does not know", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect(await s.exec("kubeadm tokn")).toMatchObject({ stderr: `unknown command "tokn" for "kubeadm"\n\nDid you mean this?\n\tjoin\n\ttoken\n\n${HINT}`, exitCode: 1 });
    expect(await s.exec("kubeadm token foo")).toMatchObject({ stderr: `invalid subcommand "foo"\nSee 'kubeadm token -h' for help and examples\n${HINT}`, exitCode: 1 });
    expect(await s.exec("kubeadm token create --bogus")).toMatchObject({ stderr: `unknown flag: --bogus\n${HINT}`, exitCode: 1 });
  });

  it("helpers: Go tabwriter blocks, ShortHumanDuration", () => {
    expect(goTabwriter("a\tbb\tc\nccc\td\te\n\nx\ty\n", 0, 1)).toBe("a   bb c\nccc d  e\n\nx y\n");
    expect(shortHumanDuration(-5000)).toBe("<invalid>");
    expect(shortHumanDuration(59_000)).toBe("59s");
    expect(shortHumanDuration(3599_000)).toBe("59m");
    expect(shortHumanDuration(86399_000)).toBe("23h");
    expect(shortHumanDuration(364 * 86400_000)).toBe("364d");
    expect(shortHumanDuration(3650 * 86400_000)).toBe("10y");
  });
});

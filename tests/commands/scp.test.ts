import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("scp between the nodes", () => {
  it("copies to node01 and back, into folders or to a name", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("echo hello > /root/a.txt");
    expect(await s.exec("scp a.txt node01:/tmp/")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect((await s.exec("ssh node01 cat /tmp/a.txt")).stdout).toBe("hello\n");
    expect((await s.exec("scp /root/a.txt root@node01:b.txt")).exitCode).toBe(0);
    expect((await s.exec("ssh node01 cat /root/b.txt")).stdout).toBe("hello\n");
    expect((await s.exec("scp node01:/root/b.txt /tmp && cat /tmp/b.txt")).stdout).toBe("hello\n");
    expect((await s.exec("scp 172.30.2.2:/tmp/a.txt ./c.txt && cat c.txt")).stdout).toBe("hello\n");
  });

  it("-r for folders; the errors", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("scp -r /etc/kubernetes/manifests node01:/root/m")).exitCode).toBe(0);
    expect((await s.exec("ssh node01 ls /root/m | wc -l")).stdout.trim()).toBe("4");
    expect(await s.exec("scp nofile node01:/tmp")).toMatchObject({ stderr: 'scp: stat local "nofile": No such file or directory\n', exitCode: 255 });
    expect(await s.exec("scp node01:/nope .")).toMatchObject({ stderr: "scp: /nope: No such file or directory\n", exitCode: 1 });
    expect((await s.exec("scp nohost:/x .")).exitCode).toBe(255);
    expect((await s.exec("scp a")).exitCode).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

describe("ip (iproute2 6.1) on a Calico IPIP node", () => {
  const s = new LabSession({ timeMode: "virtual" });

  it("ip a: lo, enp1s0 (DHCP), docker0 NO-CARRIER, tunl0@NONE, one cali veth per pod", async () => {
    const out = (await s.exec("ip a")).stdout;
    expect(out.startsWith(
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n" +
      "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n" +
      "    inet 127.0.0.1/8 scope host lo\n" +
      "       valid_lft forever preferred_lft forever\n" +
      "    inet6 ::1/128 scope host noprefixroute \n" +
      "       valid_lft forever preferred_lft forever\n" +
      "2: enp1s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n" +
      "    link/ether 52:54:00:5e:c0:e0 brd ff:ff:ff:ff:ff:ff\n" +
      "    inet 172.30.1.2/24 metric 100 brd 172.30.1.255 scope global dynamic enp1s0\n" +
      "       valid_lft 3555sec preferred_lft 3555sec\n" +
      "    inet6 fe80::5054:ff:fe5e:c0e0/64 scope link \n" +
      "       valid_lft forever preferred_lft forever\n" +
      "3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default \n" +
      "    link/ether 02:42:53:bf:f6:ad brd ff:ff:ff:ff:ff:ff\n" +
      "    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n" +
      "       valid_lft forever preferred_lft forever\n" +
      "4: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN group default qlen 1000\n" +
      "    link/ipip 0.0.0.0 brd 0.0.0.0\n" +
      "    inet 192.168.0.0/32 scope global tunl0\n" +
      "       valid_lft forever preferred_lft forever\n" +
      "5: cali913c8940a87@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1480 qdisc noqueue state UP group default qlen 1000\n" +
      "    link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netnsid 0\n" +
      "    inet6 fe80::ecee:eeff:feee:eeee/64 scope link \n" +
      "       valid_lft forever preferred_lft forever\n",
    )).toBe(true);
    // coredns ×2 and calico-kube-controllers: three veths; hostNetwork pods have none
    expect(out.match(/^\d+: cali[0-9a-f]{11}@if2: /gm)).toHaveLength(3);
  });

  it("the veth name is Calico's: cali + sha1(namespace.pod)[:11]", async () => {
    const { caliName } = await import("../../src/commands/node/ip.ts");
    // sha1("default.nginx") = 5d31a5a3c3b4b0a2… is not needed: check against Node's crypto
    const { createHash } = await import("node:crypto");
    expect(await caliName("default", "nginx")).toBe("cali" + createHash("sha1").update("default.nginx").digest("hex").slice(0, 11));
  });

  it("-4, -br, link, dev filter, errors", async () => {
    expect((await s.exec("ip -4 a show dev tunl0")).stdout).toBe(
      "4: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 192.168.0.0/32 scope global tunl0\n       valid_lft forever preferred_lft forever\n",
    );
    expect((await s.exec("ip -br a | head -4")).stdout).toBe(
      "lo               UNKNOWN        127.0.0.1/8 ::1/128 \nenp1s0           UP             172.30.1.2/24 fe80::5054:ff:fe5e:c0e0/64 \ndocker0          DOWN           172.17.0.1/16 \ntunl0@NONE       UNKNOWN        192.168.0.0/32 \n",
    );
    expect((await s.exec("ip link show enp1s0")).stdout).toBe(
      "2: enp1s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n    link/ether 52:54:00:5e:c0:e0 brd ff:ff:ff:ff:ff:ff\n",
    );
    expect(await s.exec("ip a show eth0")).toMatchObject({ stdout: "", stderr: 'Device "eth0" does not exist.\n', exitCode: 1 });
    expect(await s.exec("ip foo")).toMatchObject({ stderr: 'Object "foo" is unknown, try "ip help".\n', exitCode: 255 });
  });

  it("ip route: DHCP default, connected, Calico's blackhole, pod /32s and the other node's block", async () => {
    expect((await s.exec("ip r")).stdout).toBe(
      "default via 172.30.1.1 dev enp1s0 proto dhcp src 172.30.1.2 metric 100 \n" +
      "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown \n" +
      "172.30.1.0/24 dev enp1s0 proto kernel scope link src 172.30.1.2 metric 100 \n" +
      "172.30.1.1 dev enp1s0 proto dhcp scope link src 172.30.1.2 metric 100 \n" +
      "blackhole 192.168.0.0/26 proto bird \n" +
      "192.168.0.2 dev cali913c8940a87 scope link \n" +
      "192.168.0.3 dev calic4c4341f4a5 scope link \n" +
      "192.168.0.4 dev cali1d5271c910a scope link \n" +
      "192.168.1.0/26 via 172.30.2.2 dev tunl0 proto bird onlink \n",
    );
    expect((await s.exec("ssh node01 ip route")).stdout).toBe(
      "default via 172.30.2.1 dev enp1s0 proto dhcp src 172.30.2.2 metric 100 \n" +
      "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown \n" +
      "172.30.2.0/24 dev enp1s0 proto kernel scope link src 172.30.2.2 metric 100 \n" +
      "172.30.2.1 dev enp1s0 proto dhcp scope link src 172.30.2.2 metric 100 \n" +
      "192.168.0.0/26 via 172.30.1.2 dev tunl0 proto bird onlink \n" +
      "blackhole 192.168.1.0/26 proto bird \n",
    );
  });

  it("a new pod gets a veth and a route", async () => {
    const t = new LabSession({ timeMode: "virtual" });
    await t.exec("kubectl run web --image=nginx");
    await t.exec("sleep 30");
    const r = (await t.exec("ssh node01 ip r")).stdout;
    expect(r).toMatch(/^192\.168\.1\.\d+ dev cali[0-9a-f]{11} scope link $/m);
    expect((await t.exec("ssh node01 ip -br link")).stdout).toMatch(/^cali[0-9a-f]{11}@if2 UP             ee:ee:ee:ee:ee:ee <BROADCAST,MULTICAST,UP,LOWER_UP> $/m);
  });
});

describe("free, uptime, nproc, df", () => {
  const s = new LabSession({ timeMode: "virtual" });

  it("free (procps-ng 4.0.4): kB, -h, -m, -g", async () => {
    const head = "               total        used        free      shared  buff/cache   available\n";
    expect((await s.exec("free")).stdout).toBe(`${head}Mem:         2030940     1192145      319127        1424      636824      838795\nSwap:              0           0           0\n`);
    expect((await s.exec("free -h")).stdout).toBe(`${head}Mem:           1.9Gi       1.1Gi       311Mi       1.4Mi       621Mi       819Mi\nSwap:             0B          0B          0B\n`);
    expect((await s.exec("free -m")).stdout).toBe(`${head}Mem:            1983        1164         311           1         621         819\nSwap:              0           0           0\n`);
    expect((await s.exec("free -g")).stdout).toBe(`${head}Mem:               1           1           0           0           0           0\nSwap:              0           0           0\n`);
    expect(await s.exec("free -m -g")).toMatchObject({ stderr: "free: Multiple unit options don't make sense.\n", exitCode: 1 });
  });

  it("uptime (procps-ng 4.0.4), -p, -s; nproc", async () => {
    expect((await s.exec("uptime")).stdout).toMatch(/^ 09:00:00 up 2 days,  3:00,  1 user,  load average: \d\.\d\d, \d\.\d\d, \d\.\d\d\n$/);
    expect((await s.exec("uptime -p")).stdout).toBe("up 2 days, 3 hours, 0 minutes\n");
    expect((await s.exec("uptime -s")).stdout).toBe("2026-11-20 05:59:15\n");
    expect((await s.exec("nproc")).stdout).toBe("2\n");
  });

  it("df -h / -hT: coreutils columns, the system mounts, docker's overlay and shm", async () => {
    const out = (await s.exec("df -h")).stdout.split("\n");
    expect(out.slice(0, 6)).toEqual([
      "Filesystem      Size  Used Avail Use% Mounted on",
      "tmpfs           199M  1.2M  198M   1% /run",
      "/dev/vda1        20G  5.7G   13G  31% /",
      "tmpfs           992M     0  992M   0% /dev/shm",
      "tmpfs           5.0M     0  5.0M   0% /run/lock",
      "/dev/vda15      105M  6.1M   99M   6% /boot/efi",
    ]);
    expect(out[6]).toMatch(/^overlay          20G  5\.7G   13G  31% \/var\/lib\/docker\/overlay2\/[0-9a-f]{64}\/merged$/);
    expect(out[7]).toMatch(/^shm              64M     0   64M   0% \/var\/lib\/docker\/containers\/[0-9a-f]{64}\/mounts\/shm$/);
    expect((await s.exec("df -hT / /boot/efi")).stdout).toBe(
      "Filesystem     Type  Size  Used Avail Use% Mounted on\n/dev/vda1      ext4   20G  5.7G   13G  31% /\n/dev/vda15     vfat  105M  6.1M   99M   6% /boot/efi\n",
    );
    expect((await s.exec("df /")).stdout).toBe("Filesystem     1K-blocks    Used Available Use% Mounted on\n/dev/vda1       20134592 5911143  13214408  31% /\n");
    expect(await s.exec("df -q")).toMatchObject({ stderr: "df: invalid option -- 'q'\nTry 'df --help' for more information.\n", exitCode: 1 });
  });
});

describe("systemctl show, list-units --type", () => {
  const s = new LabSession({ timeMode: "virtual" });

  it("show -p: Key=Value in the bus's order (Service, then Unit), --value", async () => {
    expect((await s.exec("systemctl show kubelet -p ActiveState,SubState,LoadState,MainPID,ExecMainStartTimestamp,FragmentPath,DropInPaths,UnitFileState,Description")).stdout).toBe(
      "MainPID=1028\nExecMainStartTimestamp=Fri 2026-11-20 06:00:00 UTC\nDescription=kubelet: The Kubernetes Node Agent\nLoadState=loaded\nActiveState=active\nSubState=running\n" +
      "FragmentPath=/usr/lib/systemd/system/kubelet.service\nDropInPaths=/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf\nUnitFileState=enabled\n",
    );
    expect((await s.exec("systemctl show kubelet --property=MainPID --value")).stdout).toBe("1028\n");
    expect((await s.exec("systemctl show -p ActiveState --value nope")).stdout).toBe("inactive\n");
    expect((await s.exec("systemctl show nope -p LoadState")).stdout).toBe("LoadState=not-found\n");
    await s.exec("systemctl stop kubelet");
    expect((await s.exec("systemctl show kubelet -p MainPID -p ActiveState -p SubState")).stdout).toBe("MainPID=0\nActiveState=inactive\nSubState=dead\n");
    await s.exec("systemctl start kubelet");
  });

  it("list-units patterns are fnmatch globs: sets, negated sets, a [ without ] (fuzz seed 5314: a terminal escape as the pattern threw)", async () => {
    const units = async (pat: string) => (await s.exec(`systemctl list-units '${pat}' --no-pager --no-legend`)).stdout.split("\n").filter(Boolean).map((l) => l.trim().split(/\s+/)[0]);
    expect(await units("[kc]*.service")).toEqual(["containerd.service", "cri-docker.service", "kubelet.service"]);
    expect(await units("[!kc]*.service")).toEqual(["docker.service"]);
    expect(await units("k?belet.*")).toEqual(["kubelet.service"]);
    expect(await units("\x1b[2J\x1b[H")).toEqual([]);
    expect(await units("[]")).toEqual([]);
  });

  it("list-units --type=service, an empty type, --state", async () => {
    const legend = "\nLegend: LOAD   → Reflects whether the unit definition was properly loaded.\n        ACTIVE → The high-level unit activation state, i.e. generalization of SUB.\n        SUB    → The low-level unit activation state, values depend on unit type.\n\n";
    expect((await s.exec("systemctl list-units --type=service")).stdout).toBe(
      "  UNIT               LOAD   ACTIVE SUB     DESCRIPTION\n" +
      "  containerd.service loaded active running containerd container runtime\n" +
      "  docker.service     loaded active running Docker Application Container Engine\n" +
      "  cri-docker.service loaded active running CRI Interface for Docker Application Container Engine\n" +
      "  kubelet.service    loaded active running kubelet: The Kubernetes Node Agent\n" +
      legend +
      "4 loaded units listed. Pass --all to see loaded but inactive units, too.\nTo show all installed unit files use 'systemctl list-unit-files'.\n",
    );
    expect((await s.exec("systemctl list-units -t socket")).stdout).toBe(
      "  UNIT LOAD ACTIVE SUB DESCRIPTION\n\n0 loaded units listed. Pass --all to see loaded but inactive units, too.\nTo show all installed unit files use 'systemctl list-unit-files'.\n",
    );
    expect((await s.exec("systemctl list-units --state=running kubelet")).stdout).toBe(
      "  UNIT            LOAD   ACTIVE SUB     DESCRIPTION\n  kubelet.service loaded active running kubelet: The Kubernetes Node Agent\n" + legend + "1 loaded units listed.\n",
    );
    expect(await s.exec("systemctl list-units --type=bogus")).toMatchObject({ stderr: "Unknown unit type or load state 'bogus'.\nUse -t help to see a list of allowed values.\n", exitCode: 1 });
  });
});

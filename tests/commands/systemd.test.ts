import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { formatTimespan, parseSystemdTime } from "../../src/commands/systemctl/systemctl.ts";

const WARN = "Warning: The unit file, source configuration file or drop-ins of kubelet.service changed on disk. Run 'systemctl daemon-reload' to reload units.\n";

describe("journalctl", () => {
  it("-u -n, --no-pager, -o cat, -r, no entries", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const all = (await s.exec("journalctl -u kubelet --no-pager")).stdout.split("\n").filter(Boolean);
    expect(all[0]).toBe("Nov 20 06:00:00 controlplane systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.");
    const two = (await s.exec("journalctl -u kubelet.service -n 2")).stdout;
    expect(two).toBe(all.slice(-2).join("\n") + "\n");
    expect((await s.exec("journalctl -u kubelet -n2 -r")).stdout).toBe(all.slice(-2).reverse().join("\n") + "\n");
    expect((await s.exec("journalctl -u kubelet -o cat -n 1")).stdout).toBe(all[all.length - 1].replace(/^.*?kubelet\[\d+\]: /, "") + "\n");
    expect(await s.exec("journalctl -u nothing")).toMatchObject({ stdout: "-- No entries --\n", exitCode: 0 });
    expect((await s.exec("journalctl -u kubelet -f")).stdout).toBe(all.slice(-10).join("\n") + "\n");
  });

  it("--since, -p err, the kubelet's error for a manifest it cannot read", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("sleep 60");
    expect((await s.exec("journalctl -u kubelet --since '30 sec ago'")).stdout).toBe("-- No entries --\n");
    await s.exec("echo 'apiVersion: v1\nkind: Pod\nmetadata: [' > /etc/kubernetes/manifests/bad.yaml");
    await s.exec("sleep 30");
    const errs = (await s.exec("journalctl -u kubelet -p err --since '10 min ago'")).stdout;
    expect(errs.length).toBeGreaterThan(0);
    for (const l of errs.trim().split("\n")) expect(l).toMatch(/^Nov 22 \d\d:\d\d:\d\d controlplane kubelet\[\d+\]: E\d{4} /);
    expect(await s.exec("journalctl --since 'whenever'")).toMatchObject({ stderr: "Failed to parse timestamp: whenever\n", exitCode: 1 });
  });

  it("parse_timestamp forms", () => {
    const now = Date.UTC(2026, 10, 22, 9, 0, 0);
    expect(parseSystemdTime("today", now)).toBe(Date.UTC(2026, 10, 22));
    expect(parseSystemdTime("yesterday", now)).toBe(Date.UTC(2026, 10, 21));
    expect(parseSystemdTime("10 min ago", now)).toBe(now - 600_000);
    expect(parseSystemdTime("-1h", now)).toBe(now - 3600_000);
    expect(parseSystemdTime("2026-11-22 08:30:00", now)).toBe(Date.UTC(2026, 10, 22, 8, 30));
    expect(parseSystemdTime("08:30", now)).toBe(Date.UTC(2026, 10, 22, 8, 30));
  });
});

describe("systemctl", () => {
  it("format_timespan", () => {
    expect(formatTimespan(6_123_456_789)).toBe("1h 42min 3.456s");
    expect(formatTimespan(59_500_000)).toBe("59.500s");
    expect(formatTimespan(120_000_000)).toBe("2min");
    expect(formatTimespan(0)).toBe("0");
    expect(formatTimespan(1500)).toBe("1ms");
  });

  it("status layout of a running kubelet", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const out = (await s.exec("systemctl status kubelet")).stdout.split("\n");
    expect(out.slice(0, 12)).toEqual([
      "● kubelet.service - kubelet: The Kubernetes Node Agent",
      "     Loaded: loaded (/usr/lib/systemd/system/kubelet.service; enabled; preset: enabled)",
      "    Drop-In: /usr/lib/systemd/system/kubelet.service.d",
      "             └─10-kubeadm.conf",
      "     Active: active (running) since Fri 2026-11-20 06:00:00 UTC; 2 days ago",
      "       Docs: https://kubernetes.io/docs/",
      expect.stringMatching(/^   Main PID: \d+ \(kubelet\)$/),
      expect.stringMatching(/^      Tasks: \d+ \(limit: \d+\)$/),
      expect.stringMatching(/^     Memory: \d+\.\dM \(peak: \d+\.\dM\)$/),
      "        CPU: 45min 54s",
      "     CGroup: /system.slice/kubelet.service",
      expect.stringMatching(/^             └─\d+ \/usr\/bin\/kubelet --bootstrap-kubeconfig=/),
    ]);
  });

  it("a changed drop-in warns until daemon-reload", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("systemctl status kubelet")).stderr).toBe("");
    await s.exec("sleep 1");
    await s.exec("echo '# x' >> /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf");
    expect((await s.exec("systemctl status kubelet")).stderr).toBe(WARN);
    expect(await s.exec("systemctl restart kubelet")).toMatchObject({ stderr: WARN, exitCode: 0 });
    expect(await s.exec("systemctl daemon-reload")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect((await s.exec("systemctl status kubelet")).stderr).toBe("");
    await s.exec("sleep 1");
    await s.exec("mkdir -p /etc/systemd/system/kubelet.service.d && echo '[Service]' > /etc/systemd/system/kubelet.service.d/20-x.conf");
    expect((await s.exec("systemctl restart kubelet")).stderr).toBe(WARN);
  });

  it("status of an unknown unit", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect(await s.exec("systemctl status nope")).toMatchObject({ stdout: "", stderr: "Unit nope.service could not be found.\n", exitCode: 4 });
  });
});

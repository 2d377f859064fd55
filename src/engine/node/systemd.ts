// systemd on a node: the units kubeadm cares about (kubelet, containerd, docker, cri-docker),
// their state, and the journal each writes to. Starting or stopping a unit calls its hooks
// (the kubelet unit starts/stops the kubelet agent).

export interface JournalEntry {
  /** virtual ms */
  time: number;
  unit: string;
  /** the process name journalctl prints: "kubelet", "systemd", "containerd" … */
  ident: string;
  pid: number;
  text: string;
}

export interface Unit {
  name: string; // "kubelet.service"
  description: string;
  /** path of the unit file on the node, e.g. /usr/lib/systemd/system/kubelet.service */
  fragmentPath: string;
  dropIns: string[];
  docs?: string;
  active: "active" | "inactive" | "failed" | "activating";
  sub: "running" | "dead" | "failed" | "auto-restart";
  enabled: boolean;
  /** when the current active/inactive state began (virtual ms) */
  since: number;
  mainPid: number;
  /** the process's command line while running (ps aux) */
  cmdline: string;
  memoryBytes: number;
  tasks: number;
  hooks?: { start?: () => void; stop?: () => void };
}

export class Systemd {
  units = new Map<string, Unit>();
  journal: JournalEntry[] = [];
  private nextPid = 1000;
  /** Set when unit files changed on disk since the last daemon-reload. */
  needsReload = false;

  constructor(private now: () => number) {}

  pid(): number {
    this.nextPid += 1 + (this.nextPid % 7);
    return this.nextPid;
  }

  add(u: Omit<Unit, "since" | "mainPid"> & { since?: number; mainPid?: number }): Unit {
    const unit: Unit = { since: this.now(), mainPid: 0, ...u };
    if (unit.active === "active" && !unit.mainPid) unit.mainPid = this.pid();
    this.units.set(unit.name, unit);
    return unit;
  }

  unit(name: string): Unit | undefined {
    return this.units.get(name.endsWith(".service") ? name : `${name}.service`);
  }

  log(unit: string, ident: string, text: string, pid?: number): void {
    const u = this.unit(unit);
    this.journal.push({ time: this.now(), unit: u?.name ?? unit, ident, pid: pid ?? u?.mainPid ?? 1, text });
    if (this.journal.length > 20000) this.journal.splice(0, this.journal.length - 20000);
  }

  start(name: string): void {
    const u = this.unit(name);
    if (!u || u.active === "active") return;
    this.log(u.name, "systemd", `Started ${u.name} - ${u.description}.`, 1);
    u.active = "active";
    u.sub = "running";
    u.since = this.now();
    u.mainPid = this.pid();
    u.hooks?.start?.();
  }

  stop(name: string): void {
    const u = this.unit(name);
    if (!u || u.active !== "active") return;
    this.log(u.name, "systemd", `Stopping ${u.name} - ${u.description}...`, 1);
    u.hooks?.stop?.();
    this.log(u.name, "systemd", `${u.name}: Deactivated successfully.`, 1);
    this.log(u.name, "systemd", `Stopped ${u.name} - ${u.description}.`, 1);
    u.active = "inactive";
    u.sub = "dead";
    u.since = this.now();
    u.mainPid = 0;
  }

  restart(name: string): void {
    const u = this.unit(name);
    if (!u) return;
    this.stop(name);
    this.start(name);
  }
}

// apt, apt-get, apt-cache, apt-mark and dpkg on the lab's Ubuntu 24.04 nodes, for the
// Kubernetes packages of pkgs.k8s.io (src/engine/node/packages.ts). The state is the node's
// own files: /etc/apt/sources.list.d/kubernetes.list says which minor repository is
// configured, `apt-get update` fetches its index into /var/lib/apt/lists, installs and holds
// change /var/lib/dpkg/status. Texts follow apt 2.7 (cmdline/apt-get.cc, apt-private) and
// dpkg 1.22 (dpkg-query --list), as printed on Ubuntu noble.

import type { CmdIO, CmdResult, Command, LabContext } from "../types.ts";
import {
  APT_LISTS,
  K8S_PACKAGES,
  PKG_REPOS,
  k8sListFile,
  packagesIndex,
  readDpkgStatus,
  readPackagesIndex,
  writeDpkgStatus,
  type DpkgEntry,
  type PackageVersion,
} from "../../engine/node/packages.ts";

const CDN = "https://prod-cdn.packages.k8s.io/repositories/isv:/kubernetes:/core:/stable:";
const WARNING = "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n";

/** apt's SizeToStr (C locale: no digit grouping) + "B". */
export function sizeToStr(bytes: number): string {
  let a = Math.abs(bytes);
  const ext = ["", "k", "M", "G", "T"];
  for (let i = 0; i < ext.length; i++) {
    if (a < 100 && i !== 0) return `${a.toFixed(1)} ${ext[i]}B`;
    if (a < 10000) return `${Math.round(a)} ${ext[i]}B`;
    a /= 1000;
  }
  return `${Math.round(a)} TB`;
}

/** dpkg's version comparison (epochs ignored: the lab's packages have none). */
export function compareDebVersions(a: string, b: string): number {
  const order = (c: string) => (c === "~" ? -1 : c === "" ? 0 : /[a-zA-Z]/.test(c) ? c.charCodeAt(0) : c.charCodeAt(0) + 256);
  const cmpPart = (x: string, y: string): number => {
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      let diff = 0;
      while ((i < x.length && !/\d/.test(x[i])) || (j < y.length && !/\d/.test(y[j]))) {
        const ac = i < x.length && !/\d/.test(x[i]) ? x[i] : "";
        const bc = j < y.length && !/\d/.test(y[j]) ? y[j] : "";
        diff = order(ac) - order(bc);
        if (diff) return diff;
        if (ac) i++;
        if (bc) j++;
      }
      let na = "";
      let nb = "";
      while (i < x.length && /\d/.test(x[i])) na += x[i++];
      while (j < y.length && /\d/.test(y[j])) nb += y[j++];
      diff = Number(na || 0) - Number(nb || 0);
      if (diff) return diff;
    }
    return 0;
  };
  const split = (v: string) => {
    const k = v.lastIndexOf("-");
    return k < 0 ? [v, ""] : [v.slice(0, k), v.slice(k + 1)];
  };
  const [ua, ra] = split(a);
  const [ub, rb] = split(b);
  return cmpPart(ua, ub) || cmpPart(ra, rb);
}

/** The pkgs.k8s.io minors configured (uncommented deb lines of kubernetes.list and other .list files). */
function configuredMinors(lab: LabContext): string[] {
  const fs = lab.machine.fs;
  const minors: string[] = [];
  const dir = "/etc/apt/sources.list.d";
  const files = fs.isDir(dir) ? fs.readdir(dir).filter((n) => n.endsWith(".list")).map((n) => `${dir}/${n}`) : [];
  if (fs.exists("/etc/apt/sources.list")) files.push("/etc/apt/sources.list");
  for (const f of files) {
    for (const line of (fs.tryRead(f) ?? "").split("\n")) {
      const t = line.trim();
      if (!t.startsWith("deb ")) continue;
      const m = /https?:\/\/pkgs\.k8s\.io\/core:\/stable:\/v(\d+\.\d+)\/deb\/?(\s|$)/.exec(t);
      if (m && !minors.includes(m[1])) minors.push(m[1]);
    }
  }
  return minors;
}

/** Lists fetched by the last `apt-get update`: minor → package → versions. */
function fetchedLists(lab: LabContext): Map<string, Map<string, PackageVersion[]>> {
  const fs = lab.machine.fs;
  const out = new Map<string, Map<string, PackageVersion[]>>();
  if (!fs.isDir(APT_LISTS)) return out;
  for (const n of fs.readdir(APT_LISTS)) {
    const m = /^pkgs\.k8s\.io_core:_stable:_v(\d+\.\d+)_deb_Packages$/.exec(n);
    if (m) out.set(m[1], readPackagesIndex(fs.readFile(`${APT_LISTS}/${n}`)));
  }
  return out;
}

interface Candidate {
  version: PackageVersion;
  minor: string;
}

/** Every version apt knows of a package, newest first. */
function versionsOf(lab: LabContext, pkg: string): Candidate[] {
  const out: Candidate[] = [];
  for (const [minor, idx] of fetchedLists(lab)) for (const v of idx.get(pkg) ?? []) out.push({ version: v, minor });
  return out.sort((a, b) => compareDebVersions(b.version.version, a.version.version));
}

function progress(tty: boolean | undefined, what: string): string {
  return tty ? `${what}... Done\n` : `${what}...\n`;
}

function readingLists(io: CmdIO): string {
  return progress(io.tty, "Reading package lists") + progress(io.tty, "Building dependency tree") + progress(io.tty, "Reading state information");
}

function upgradable(lab: LabContext, status: DpkgEntry[]): Array<{ e: DpkgEntry; to: Candidate }> {
  const out: Array<{ e: DpkgEntry; to: Candidate }> = [];
  for (const e of status) {
    const best = versionsOf(lab, e.name)[0];
    if (best && compareDebVersions(best.version.version, e.version) > 0) out.push({ e, to: best });
  }
  return out;
}

function update(lab: LabContext, io: CmdIO, apt: boolean): CmdResult {
  const fs = lab.machine.fs;
  let out = "Hit:1 http://archive.ubuntu.com/ubuntu noble InRelease\nHit:2 http://archive.ubuntu.com/ubuntu noble-updates InRelease\nHit:3 http://archive.ubuntu.com/ubuntu noble-backports InRelease\nHit:4 http://security.ubuntu.com/ubuntu noble-security InRelease\n";
  let n = 5;
  let fetched = 0;
  let err = "";
  const minors = configuredMinors(lab);
  for (const minor of minors) {
    const repo = PKG_REPOS[minor];
    const uri = `${CDN}/v${minor}/deb`;
    if (!repo) {
      out += `Ign:${n} https://pkgs.k8s.io/core:/stable:/v${minor}/deb  InRelease\n`;
      out += `Err:${n + 1} https://pkgs.k8s.io/core:/stable:/v${minor}/deb  Release\n  403  Forbidden [IP: 3.167.227.7 443]\n`;
      err += `E: The repository 'https://pkgs.k8s.io/core:/stable:/v${minor}/deb  Release' does not have a Release file.\nN: Updating from such a repository can't be done securely, and is therefore disabled by default.\nN: See apt-secure(8) manpage for repository creation and user configuration details.\n`;
      n += 2;
      continue;
    }
    const list = k8sListFile(minor);
    const index = packagesIndex(minor);
    if (fs.tryRead(list) === index) out += `Hit:${n++} ${uri}  InRelease\n`;
    else {
      out += `Get:${n++} ${uri}  InRelease [${sizeToStr(repo.releaseBytes)}]\nGet:${n++} ${uri}  Packages [${sizeToStr(repo.packagesBytes)}]\n`;
      fetched += repo.releaseBytes + repo.packagesBytes;
      fs.mkdir(APT_LISTS, true);
      fs.writeFile(list, index, 0o644);
    }
  }
  // a repository no longer configured: its lists are dropped
  if (fs.isDir(APT_LISTS)) {
    for (const name of fs.readdir(APT_LISTS)) {
      const m = /^pkgs\.k8s\.io_core:_stable:_v(\d+\.\d+)_deb_Packages$/.exec(name);
      if (m && !minors.includes(m[1])) fs.rm(`${APT_LISTS}/${name}`, false, true);
    }
  }
  if (fetched) out += `Fetched ${sizeToStr(fetched)} in 1s (${sizeToStr(fetched)}/s)\n`;
  out += progress(io.tty, "Reading package lists");
  if (err) return { stdout: out, stderr: (apt && !io.tty ? WARNING : "") + err, exitCode: 100 };
  if (apt) {
    out += progress(io.tty, "Building dependency tree") + progress(io.tty, "Reading state information");
    const up = upgradable(lab, readDpkgStatus(fs)).length;
    out += up === 0 ? "All packages are up to date.\n" : up === 1 ? "1 package can be upgraded. Run 'apt list --upgradable' to see it.\n" : `${up} packages can be upgraded. Run 'apt list --upgradable' to see them.\n`;
  }
  return { stdout: out, stderr: apt && !io.tty ? WARNING : "", exitCode: 0 };
}

function glob(pattern: string, s: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return re.test(s);
}

function listNames(names: string[]): string {
  // apt wraps the list at the terminal width; the lab's lists are short
  return `  ${names.join(" ")}\n`;
}

async function install(lab: LabContext, io: CmdIO, args: string[], apt: boolean): Promise<CmdResult> {
  const fs = lab.machine.fs;
  const yes = args.some((a) => a === "-y" || a === "--yes" || a === "--assume-yes" || a === "-qy" || a === "-yq");
  const allowHeld = args.includes("--allow-change-held-packages");
  const allowDowngrades = args.includes("--allow-downgrades");
  const specs = args.filter((a) => !a.startsWith("-"));
  const warn = apt && !io.tty ? WARNING : "";
  let out = readingLists(io);
  const status = readDpkgStatus(fs);
  const changes: Array<{ name: string; from?: string; to: Candidate; held: boolean }> = [];
  let newest = "";
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const want = eq < 0 ? undefined : spec.slice(eq + 1);
    const versions = versionsOf(lab, name);
    const known = K8S_PACKAGES.some((d) => d.name === name) || versions.length > 0;
    const inst = status.find((e) => e.name === name);
    if (!known || (!versions.length && !inst)) return { stdout: out, stderr: warn + `E: Unable to locate package ${name}\n`, exitCode: 100 };
    let pick: Candidate | undefined;
    if (want === undefined) pick = versions[0];
    else if (/[*?]/.test(want)) {
      pick = versions.find((v) => glob(want, v.version.version));
      if (pick) out += `Selected version '${pick.version.version}' (isv:kubernetes:core:stable:v${pick.minor}:pkgs.k8s.io [amd64]) for '${name}'\n`;
    } else pick = versions.find((v) => v.version.version === want);
    if (!pick) {
      if (want !== undefined && inst?.version === want) {
        newest += `${name} is already the newest version (${want}).\n`;
        continue;
      }
      if (want === undefined) {
        if (inst) newest += `${name} is already the newest version (${inst.version}).\n`;
        continue;
      }
      if (/[*?]/.test(want)) return { stdout: out, stderr: warn + `E: Version '${want}' for '${name}' was not found\n`, exitCode: 100 };
      return { stdout: out, stderr: warn + `E: Version '${want}' for '${name}' was not found\n`, exitCode: 100 };
    }
    if (inst && inst.version === pick.version.version) {
      newest += `${name} is already the newest version (${inst.version}).\n`;
      continue;
    }
    changes.push({ name, from: inst?.version, to: pick, held: inst?.want === "hold" });
  }
  out += newest;
  const changing = new Set(changes.map((c) => c.name));
  const notUpgraded = upgradable(lab, status).filter((u) => !changing.has(u.e.name)).length;
  const ups = changes.filter((c) => c.from && compareDebVersions(c.to.version.version, c.from) > 0);
  const downs = changes.filter((c) => c.from && compareDebVersions(c.to.version.version, c.from) < 0);
  const news = changes.filter((c) => !c.from);
  const held = changes.filter((c) => c.held);
  const sorted = (cs: typeof changes) => cs.map((c) => c.name).sort();
  if (held.length) out += `The following held packages will be changed:\n${listNames(sorted(held))}`;
  if (news.length) out += `The following NEW packages will be installed:\n${listNames(sorted(news))}`;
  if (ups.length) out += `The following packages will be upgraded:\n${listNames(sorted(ups))}`;
  if (downs.length) out += `The following packages will be DOWNGRADED:\n${listNames(sorted(downs))}`;
  out += `${ups.length} upgraded, ${news.length} newly installed, ${downs.length ? `${downs.length} downgraded, ` : ""}0 to remove and ${notUpgraded} not upgraded.\n`;
  if (!changes.length) return { stdout: out, stderr: warn, exitCode: 0 };
  if (held.length && !allowHeld && yes) return { stdout: out, stderr: warn + "E: Held packages were changed and -y was used without --allow-change-held-packages.\n", exitCode: 100 };
  if (downs.length && !allowDowngrades && yes) return { stdout: out, stderr: warn + "E: Packages were downgraded and -y was used without --allow-downgrades.\n", exitCode: 100 };
  const need = changes.reduce((s, c) => s + c.to.version.size, 0);
  const installedKb = (name: string, v?: string) => (v ? status.find((e) => e.name === name)?.fields.get("Installed-Size") : undefined);
  const deltaKb = changes.reduce((s, c) => s + c.to.version.installedKb - Number(installedKb(c.name, c.from) ?? 0), 0);
  out += `Need to get ${sizeToStr(need)} of archives.\n`;
  out += deltaKb >= 0 ? `After this operation, ${sizeToStr(deltaKb * 1024)} of additional disk space will be used.\n` : `After this operation, ${sizeToStr(-deltaKb * 1024)} disk space will be freed.\n`;
  if ((held.length || downs.length) && !yes) {
    // apt asks; the answer is read from stdin (a terminal's Enter or `echo y |`)
    out += "Do you want to continue? [Y/n] ";
    const answer = (io.stdin.split("\n")[0] ?? "").trim().toLowerCase();
    if (io.stdin === "" || (answer !== "" && answer !== "y" && answer !== "yes")) return { stdout: out + "Abort.\n", stderr: warn, exitCode: 1 };
  }
  changes.forEach((c, i) => {
    out += `Get:${i + 1} ${CDN}/v${c.to.minor}/deb  ${c.name} ${c.to.version.version} [${sizeToStr(c.to.version.size)}]\n`;
  });
  out += `Fetched ${sizeToStr(need)} in 1s (${sizeToStr(need)}/s)\n`;
  let err = warn;
  for (const c of downs) err += `dpkg: warning: downgrading ${c.name} from ${c.from} to ${c.to.version.version}\n`;
  out += `(Reading database ... ${140016 + 0} files and directories currently installed.)\n`;
  const order = [...changes].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const c of order) {
    out += `Preparing to unpack .../${c.name}_${c.to.version.version}_amd64.deb ...\n`;
    out += c.from ? `Unpacking ${c.name} (${c.to.version.version}) over (${c.from}) ...\n` : `Selecting previously unselected package ${c.name}.\nUnpacking ${c.name} (${c.to.version.version}) ...\n`;
  }
  for (const c of order) out += `Setting up ${c.name} (${c.to.version.version}) ...\n`;
  // dpkg records the new versions; a hold survives the upgrade (apt-mark keeps the selection)
  const next = status.filter((e) => !changing.has(e.name));
  for (const c of changes) {
    const prev = status.find((e) => e.name === c.name);
    next.push({ name: c.name, version: c.to.version.version, want: prev?.want ?? "install", fields: new Map() });
  }
  writeDpkgStatus(fs, next);
  // the binary on disk changed
  for (const c of changes) if (["kubeadm", "kubectl", "kubelet"].includes(c.name)) fs.writeFile(`/usr/bin/${c.name}`, "", 0o755);
  // the kubelet package's postinst does not restart a running kubelet: `systemctl restart kubelet` does
  return { stdout: out, stderr: err, exitCode: 0 };
}

function aptGet(apt: boolean): Command {
  return {
    name: apt ? "apt" : "apt-get",
    async run(args, io, lab) {
      const words = args.filter((a) => !a.startsWith("-"));
      const sub = words[0];
      if (sub === undefined) return apt ? { stdout: "", stderr: "E: Invalid operation \n", exitCode: 1 } : { stdout: "", stderr: "E: Invalid operation \n", exitCode: 100 };
      const rest = args.slice(args.indexOf(sub) + 1);
      switch (sub) {
        case "update":
          return update(lab, io, apt);
        case "install":
          return install(lab, io, [...args.filter((a) => a.startsWith("-")), ...rest.filter((a) => !a.startsWith("-"))], apt);
        case "list":
          if (apt) return aptList(lab, io, args);
          break;
      }
      return { stdout: "", stderr: `E: Invalid operation ${sub}\n`, exitCode: apt ? 1 : 100 };
    },
  };
}

function aptList(lab: LabContext, io: CmdIO, args: string[]): CmdResult {
  const status = readDpkgStatus(lab.machine.fs);
  const installedOnly = args.includes("--installed");
  const upgradableOnly = args.includes("--upgradable");
  const patterns = args.filter((a) => !a.startsWith("-") && a !== "list");
  let out = progress(io.tty, "Listing");
  const names = new Set<string>(status.map((e) => e.name));
  if (!installedOnly && !upgradableOnly) for (const idx of fetchedLists(lab).values()) for (const n of idx.keys()) names.add(n);
  for (const name of [...names].sort()) {
    if (patterns.length && !patterns.some((p) => glob(p, name))) continue;
    const inst = status.find((e) => e.name === name);
    const versions = versionsOf(lab, name);
    const best = versions[0];
    const fromRepo = inst ? versions.find((v) => v.version.version === inst.version) : undefined;
    if (inst) {
      const up = best && compareDebVersions(best.version.version, inst.version) > 0;
      if (upgradableOnly && !up) continue;
      if (upgradableOnly && best) {
        out += `${name}/unknown ${best.version.version} amd64 [upgradable from: ${inst.version}]\n`;
        continue;
      }
      out += `${name}/${fromRepo ? "unknown," : ""}now ${inst.version} amd64 [installed${up ? `,upgradable to: ${best.version.version}` : fromRepo ? "" : ",local"}]\n`;
    } else if (best) out += `${name}/unknown ${best.version.version} amd64\n`;
  }
  return { stdout: out, stderr: io.tty ? "" : WARNING, exitCode: 0 };
}

export const aptCommand = aptGet(true);
export const aptGetCommand = aptGet(false);

export const aptCache: Command = {
  name: "apt-cache",
  run(args, _io, lab) {
    const words = args.filter((a) => !a.startsWith("-"));
    const [sub, ...pkgs] = words;
    if (sub === "madison") {
      let out = "";
      for (const p of pkgs) {
        for (const c of versionsOf(lab, p)) out += `${p.padStart(10)} | ${c.version.version.padStart(10)} | https://pkgs.k8s.io/core:/stable:/v${c.minor}/deb  Packages\n`;
      }
      return { stdout: out, stderr: "", exitCode: 0 };
    }
    if (sub === "policy") {
      const status = readDpkgStatus(lab.machine.fs);
      let out = "";
      for (const p of pkgs) {
        const inst = status.find((e) => e.name === p);
        const versions = versionsOf(lab, p);
        out += `${p}:\n  Installed: ${inst?.version ?? "(none)"}\n  Candidate: ${versions[0]?.version.version ?? inst?.version ?? "(none)"}\n  Version table:\n`;
        const all = new Set([...versions.map((v) => v.version.version), ...(inst ? [inst.version] : [])]);
        for (const v of [...all].sort((a, b) => compareDebVersions(b, a))) {
          const c = versions.find((x) => x.version.version === v);
          out += `${inst?.version === v ? " *** " : "     "}${v} ${inst?.version === v && inst.want === "hold" ? "-1" : "500"}\n`;
          if (c) out += `        500 https://pkgs.k8s.io/core:/stable:/v${c.minor}/deb  Packages\n`;
          if (inst?.version === v) out += "        100 /var/lib/dpkg/status\n";
        }
      }
      return { stdout: out, stderr: "", exitCode: 0 };
    }
    return { stdout: "", stderr: sub ? `E: Invalid operation ${sub}\n` : "E: No packages found\n", exitCode: 100 };
  },
};

export const aptMark: Command = {
  name: "apt-mark",
  run(args, _io, lab) {
    const fs = lab.machine.fs;
    const words = args.filter((a) => !a.startsWith("-"));
    const [sub, ...pkgs] = words;
    const status = readDpkgStatus(fs);
    if (sub === "showhold") return { stdout: status.filter((e) => e.want === "hold").map((e) => `${e.name}\n`).sort().join(""), stderr: "", exitCode: 0 };
    if (sub !== "hold" && sub !== "unhold") return { stdout: "", stderr: sub ? `E: Invalid operation ${sub}\n` : "E: No packages found\n", exitCode: 100 };
    let out = "";
    for (const p of pkgs) {
      const e = status.find((x) => x.name === p);
      if (!e) return { stdout: out, stderr: `E: Unable to locate package ${p}\n`, exitCode: 100 };
    }
    for (const p of pkgs) {
      const e = status.find((x) => x.name === p)!;
      if (sub === "hold") {
        out += e.want === "hold" ? `${p} was already set on hold.\n` : `${p} set on hold.\n`;
        e.want = "hold";
      } else {
        out += e.want === "hold" ? `Canceled hold on ${p}.\n` : `${p} was already not on hold.\n`;
        e.want = "install";
      }
    }
    writeDpkgStatus(fs, status);
    return { stdout: out, stderr: "", exitCode: 0 };
  },
};

export const dpkg: Command = {
  name: "dpkg",
  run(args, _io, lab) {
    const status = readDpkgStatus(lab.machine.fs).sort((a, b) => (a.name < b.name ? -1 : 1));
    const list = args[0] === "-l" || args[0] === "--list";
    if (!list) {
      if (args[0] === "-s" || args[0] === "--status") {
        let out = "";
        for (const p of args.slice(1)) {
          const e = status.find((x) => x.name === p);
          if (!e) return { stdout: out, stderr: `dpkg-query: package '${p}' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n`, exitCode: 1 };
          for (const [k, v] of e.fields) out += `${k}: ${v}\n`;
          out += "\n";
        }
        return { stdout: out, stderr: "", exitCode: 0 };
      }
      return { stdout: "", stderr: "dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n", exitCode: 2 };
    }
    const patterns = args.slice(1);
    const rows = status.filter((e) => !patterns.length || patterns.some((p) => glob(p, e.name)));
    if (patterns.length && !rows.length) return { stdout: "", stderr: `dpkg-query: no packages found matching ${patterns.join(" ")}\n`, exitCode: 1 };
    // dpkg-query's list_format: columns as wide as the widest entry, at least 14/12/12/33
    const desc = (e: DpkgEntry) => e.fields.get("Description")?.split("\n")[0] ?? "";
    const nw = Math.max(14, ...rows.map((e) => e.name.length));
    const vw = Math.max(12, ...rows.map((e) => e.version.length));
    const aw = 12;
    const dw = Math.max(33, ...rows.map((e) => desc(e).length));
    let out =
      "Desired=Unknown/Install/Remove/Purge/Hold\n" +
      "| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n" +
      "|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n" +
      `||/ ${"Name".padEnd(nw)} ${"Version".padEnd(vw)} ${"Architecture".padEnd(aw)} Description\n` +
      `+++-${"=".repeat(nw)}-${"=".repeat(vw)}-${"=".repeat(aw)}-${"=".repeat(dw)}\n`;
    for (const e of rows) out += `${e.want === "hold" ? "h" : "i"}i  ${e.name.padEnd(nw)} ${e.version.padEnd(vw)} ${"amd64".padEnd(aw)} ${desc(e)}\n`;
    return { stdout: out, stderr: "", exitCode: 0 };
  },
};

export const APT_COMMANDS: Command[] = [aptCommand, aptGetCommand, aptCache, aptMark, dpkg];

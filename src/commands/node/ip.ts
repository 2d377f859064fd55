// ip (iproute2 6.1, Ubuntu 24.04) for a kubeadm node with Calico in IPIP mode: addr, link and
// route, printed as ipaddress.c / iproute.c print them, from the machine's state. The links:
// lo, the NIC enp1s0 (DHCP from systemd-networkd, a 52:54:00 MAC derived from the node name),
// docker0 on docker nodes (never carries pod traffic: NO-CARRIER, DOWN), Calico's tunl0@NONE
// (ipip, the first address of the node's IPAM block) and one cali<sha1[:11]>@if2 veth per
// running pod that is not on the host network. Routes follow: the DHCP default and gateway,
// the kernel's connected routes, Calico's blackhole per local /26 block, one /32 per local pod
// and one /26 per remote block via that node over tunl0.

import type { CmdResult, Command, LabContext } from "../types.ts";
import type { Machine } from "../../engine/node/machine.ts";
import type { Sandbox } from "../../engine/node/runtime.ts";
import { fnv32a, fnv128a } from "../../engine/hash.ts";
import { bootTime } from "./facts.ts";

interface Addr {
  family: "inet" | "inet6";
  text: string;
  metric?: number;
  brd?: string;
  scope: "host" | "global" | "link";
  /** ifa flags printed after scope: "dynamic", "noprefixroute" */
  flags: string[];
  /** IFA_LABEL (IPv4 only) */
  label?: string;
  /** seconds; undefined = forever */
  valid?: number;
}

interface Link {
  index: number;
  name: string;
  /** "@NONE", "@if2" */
  at: string;
  flags: string[];
  mtu: number;
  qdisc: string;
  state: string;
  qlen?: number;
  linkType: string;
  mac: string;
  brd: string;
  netns?: string;
  addrs: Addr[];
}

const hex2 = (n: number) => (n & 0xff).toString(16).padStart(2, "0");

/** The NIC's MAC: QEMU's 52:54:00 prefix and three bytes from the node name. */
export function nicMac(name: string): string {
  const h = fnv32a(name);
  return `52:54:00:${hex2(h >>> 16)}:${hex2(h >>> 8)}:${hex2(h)}`;
}

/** The EUI-64 link-local address of a MAC, compressed as inet_ntop prints it. */
function linkLocal(mac: string): string {
  const b = mac.split(":").map((x) => parseInt(x, 16));
  b[0] ^= 2;
  const words = [(b[0] << 8) | b[1], (b[2] << 8) | 0xff, 0xfe00 | b[3], (b[4] << 8) | b[5]];
  return `fe80::${words.map((w) => w.toString(16)).join(":")}`;
}

async function sha1Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** Calico's VethNameForWorkload: "cali" + the first 11 hex digits of sha1("<namespace>.<pod>"). */
export async function caliName(namespace: string, pod: string): Promise<string> {
  return "cali" + (await sha1Hex(`${namespace}.${pod}`)).slice(0, 11);
}

function nodeIndex(lab: LabContext, m: Machine): number {
  return Math.max(0, [...lab.cluster.machines.keys()].indexOf(m.name));
}

const octets = (ip: string) => ip.split(".").map(Number);

/** The /26 blocks (their fourth octet) a node holds: the tunnel address's and every pod IP's. */
function blocks(m: Machine, idx: number): number[] {
  const set = new Set<number>([0]);
  for (const s of m.runtime.sandboxes) {
    if (s.hostNetwork || !s.ip.startsWith(`192.168.${idx}.`)) continue;
    set.add(Math.floor(octets(s.ip)[3] / 64) * 64);
  }
  return [...set].sort((a, b) => a - b);
}

/** The pods with a veth on the host: ready sandboxes off the host network, oldest first. */
function podSandboxes(m: Machine): Array<{ s: Sandbox; k: number }> {
  const all = m.runtime.sandboxes.filter((s) => !s.hostNetwork);
  return all.map((s, k) => ({ s, k })).filter(({ s }) => !s.removed && s.state === "ready");
}

async function links(lab: LabContext): Promise<Link[]> {
  const m = lab.machine;
  const idx = nodeIndex(lab, m);
  const [a, b, c] = octets(m.ip);
  const mac = nicMac(m.name);
  const lease = 3600;
  const up = Math.floor((lab.now() - bootTime(lab)) / 1000);
  const valid = lease - (up % (lease / 2));
  const out: Link[] = [
    {
      index: 1, name: "lo", at: "", flags: ["LOOPBACK", "UP", "LOWER_UP"], mtu: 65536, qdisc: "noqueue", state: "UNKNOWN", qlen: 1000,
      linkType: "loopback", mac: "00:00:00:00:00:00", brd: "00:00:00:00:00:00",
      addrs: [
        { family: "inet", text: "127.0.0.1/8", scope: "host", flags: [], label: "lo" },
        { family: "inet6", text: "::1/128", scope: "host", flags: ["noprefixroute"] },
      ],
    },
    {
      index: 2, name: "enp1s0", at: "", flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], mtu: 1500, qdisc: "fq_codel", state: "UP", qlen: 1000,
      linkType: "ether", mac, brd: "ff:ff:ff:ff:ff:ff",
      addrs: [
        { family: "inet", text: `${m.ip}/24`, metric: 100, brd: `${a}.${b}.${c}.255`, scope: "global", flags: ["dynamic"], label: "enp1s0", valid },
        { family: "inet6", text: `${linkLocal(mac)}/64`, scope: "link", flags: [] },
      ],
    },
  ];
  if (m.runtime.kind === "docker") {
    const h = fnv32a("docker0/" + m.name);
    out.push({
      index: 3, name: "docker0", at: "", flags: ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"], mtu: 1500, qdisc: "noqueue", state: "DOWN",
      linkType: "ether", mac: `02:42:${hex2(h >>> 24)}:${hex2(h >>> 16)}:${hex2(h >>> 8)}:${hex2(h)}`, brd: "ff:ff:ff:ff:ff:ff",
      addrs: [{ family: "inet", text: "172.17.0.1/16", brd: "172.17.255.255", scope: "global", flags: [], label: "docker0" }],
    });
  }
  const tunl = out.length + 1;
  out.push({
    index: tunl, name: "tunl0", at: "@NONE", flags: ["NOARP", "UP", "LOWER_UP"], mtu: 1480, qdisc: "noqueue", state: "UNKNOWN", qlen: 1000,
    linkType: "ipip", mac: "0.0.0.0", brd: "0.0.0.0",
    addrs: [{ family: "inet", text: `192.168.${idx}.0/32`, scope: "global", flags: [], label: "tunl0" }],
  });
  const docker = m.runtime.kind === "docker";
  const pods = podSandboxes(m);
  for (let i = 0; i < pods.length; i++) {
    const { s, k } = pods[i];
    const u = fnv128a(s.id);
    out.push({
      index: tunl + 1 + k, name: await caliName(s.namespace, s.podName), at: "@if2", flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], mtu: 1480, qdisc: "noqueue", state: "UP", qlen: 1000,
      linkType: "ether", mac: "ee:ee:ee:ee:ee:ee", brd: "ff:ff:ff:ff:ff:ff",
      netns: docker ? `link-netnsid ${i}` : `link-netns cni-${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20, 32)}`,
      addrs: [{ family: "inet6", text: "fe80::ecee:eeff:feee:eeee/64", scope: "link", flags: [] }],
    });
  }
  return out;
}

interface Opts {
  family?: "inet" | "inet6";
  brief: boolean;
  oneline: boolean;
}

function linkHead(l: Link, withMode: boolean): string {
  let s = `${l.index}: ${l.name}${l.at}: <${l.flags.join(",")}> mtu ${l.mtu} qdisc ${l.qdisc} state ${l.state} `;
  if (withMode) s += "mode DEFAULT ";
  s += "group default ";
  if (l.qlen) s += `qlen ${l.qlen}`;
  return s;
}

function linkLine(l: Link): string {
  return `    link/${l.linkType} ${l.mac} brd ${l.brd}${l.netns ? " " + l.netns : ""}`;
}

function addrLines(a: Addr): string[] {
  let s = `    ${a.family} ${a.text} `;
  if (a.metric !== undefined) s += `metric ${a.metric} `;
  if (a.brd) s += `brd ${a.brd} `;
  s += `scope ${a.scope} `;
  for (const f of a.flags) s += `${f} `;
  if (a.label) s += a.label;
  const life = a.valid === undefined ? "forever" : `${a.valid}sec`;
  return [s, `       valid_lft ${life} preferred_lft ${life}`];
}

function showAddr(all: Link[], o: Opts): string {
  let out = "";
  for (const l of all) {
    const addrs = l.addrs.filter((a) => !o.family || a.family === o.family);
    if (o.family && !addrs.length) continue;
    if (o.brief) {
      out += `${(l.name + l.at).padEnd(16)} ${l.state.padEnd(14)} ${addrs.map((a) => a.text + " ").join("")}\n`;
      continue;
    }
    const lines = [linkHead(l, false)];
    if (!o.family) lines.push(linkLine(l));
    for (const a of addrs) lines.push(...addrLines(a));
    out += o.oneline ? oneline(l, addrs, o) : lines.join("\n") + "\n";
  }
  return out;
}

/** ip -o: one line per link (no addresses) or per address, "\" where a newline was. */
function oneline(l: Link, addrs: Addr[], o: Opts): string {
  let out = o.family ? "" : `${linkHead(l, false)}\\${linkLine(l)}\n`;
  for (const a of addrs) {
    const [x, y] = addrLines(a);
    out += `${l.index}: ${l.name}    ${x.trimStart()}\\${y}\n`;
  }
  return out;
}

function showLink(all: Link[], o: Opts): string {
  let out = "";
  for (const l of all) {
    if (o.brief) out += `${(l.name + l.at).padEnd(16)} ${l.state.padEnd(14)} ${l.mac} <${l.flags.join(",")}> \n`;
    else if (o.oneline) out += `${linkHead(l, true)}\\${linkLine(l)}\n`;
    else out += `${linkHead(l, true)}\n${linkLine(l)}\n`;
  }
  return out;
}

interface Route {
  /** sort key: the destination as a number, then the prefix length */
  key: [number, number];
  text: string;
}

const ipNum = (ip: string) => octets(ip).reduce((n, x) => n * 256 + x, 0);

async function routes(lab: LabContext): Promise<Route[]> {
  const m = lab.machine;
  const idx = nodeIndex(lab, m);
  const [a, b, c] = octets(m.ip);
  const gw = `${a}.${b}.${c}.1`;
  const r: Route[] = [
    { key: [0, 0], text: `default via ${gw} dev enp1s0 proto dhcp src ${m.ip} metric 100 ` },
    { key: [ipNum(`${a}.${b}.${c}.0`), 24], text: `${a}.${b}.${c}.0/24 dev enp1s0 proto kernel scope link src ${m.ip} metric 100 ` },
    { key: [ipNum(gw), 32], text: `${gw} dev enp1s0 proto dhcp scope link src ${m.ip} metric 100 ` },
  ];
  if (m.runtime.kind === "docker") r.push({ key: [ipNum("172.17.0.0"), 16], text: "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown " });
  for (const blk of blocks(m, idx)) r.push({ key: [ipNum(`192.168.${idx}.${blk}`), 26], text: `blackhole 192.168.${idx}.${blk}/26 proto bird ` });
  for (const { s } of podSandboxes(m)) r.push({ key: [ipNum(s.ip), 32], text: `${s.ip} dev ${await caliName(s.namespace, s.podName)} scope link ` });
  for (const other of lab.cluster.machines.values()) {
    if (other === m) continue;
    const oi = nodeIndex(lab, other);
    for (const blk of blocks(other, oi)) r.push({ key: [ipNum(`192.168.${oi}.${blk}`), 26], text: `192.168.${oi}.${blk}/26 via ${other.ip} dev tunl0 proto bird onlink ` });
  }
  return r.sort((x, y) => x.key[0] - y.key[0] || x.key[1] - y.key[1]);
}

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** iproute2's matches(): a non-empty prefix of the keyword. */
const matches = (word: string, key: string) => word.length > 0 && key.startsWith(word);

const err = (stderr: string, exitCode = 1): CmdResult => ({ stdout: "", stderr, exitCode });

export const ip: Command = {
  name: "ip",
  async run(args, _io, lab) {
    const o: Opts = { brief: false, oneline: false };
    let i = 0;
    for (; i < args.length && args[i].startsWith("-") && args[i] !== "-"; i++) {
      const opt = args[i].replace(/^--?/, "-");
      if (opt === "-4") o.family = "inet";
      else if (opt === "-6") o.family = "inet6";
      else if (matches(opt.slice(1), "brief") && opt.length >= 3) o.brief = true;
      else if (matches(opt.slice(1), "oneline")) o.oneline = true;
      else if (opt === "-f" || matches(opt.slice(1), "family")) {
        const f = args[++i];
        if (f === "inet" || f === "inet6") o.family = f;
        else if (f !== "link") return err(`Error: argument "${f ?? ""}" is wrong: invalid address family\n`);
      } else if (["-c", "-color", "-d", "-details", "-s", "-stats", "-statistics", "-r", "-resolve", "-n", "-N", "-numeric", "-a", "-all", "-h", "-human"].includes(opt) || /^-colou?r(=.*)?$/.test(opt)) continue;
      else if (opt === "-V" || opt === "-Version") return { stdout: "ip utility, iproute2-6.1.0, libbpf 1.3.0\n", stderr: "", exitCode: 0 };
      else if (opt === "-help") return err(USAGE, 255);
      else return err(`Option "${args[i]}" is unknown, try "ip -help".\n`, 255);
    }
    const obj = args[i] ?? "";
    const rest = args.slice(i + 1);
    if (!obj) return err(USAGE, 255);
    if (obj === "help") return err(USAGE, 255);
    const isAddr = matches(obj, "address") || obj === "a";
    const isLink = matches(obj, "link");
    const isRoute = matches(obj, "route") || obj === "r";
    if (!isAddr && !isLink && !isRoute) return err(`Object "${obj}" is unknown, try "ip help".\n`, 255);
    const verb = rest[0] ?? "show";
    if (!["show", "list", "lst", "sh", "ls", "s", "l"].includes(verb) && !(verb === "dev" || matches(verb, "show") || matches(verb, "list"))) {
      if (["add", "del", "delete", "change", "replace", "set", "flush", "append"].includes(verb)) return err("RTNETLINK answers: Operation not permitted\n", 2);
      if (isRoute) return err(`Command "${verb}" is unknown, try "ip route help".\n`, 255);
      return err(`Command "${verb}" is unknown, try "ip ${isAddr ? "address" : "link"} help".\n`, 255);
    }
    const sel = verb === "dev" ? rest : rest.slice(1);
    if (isRoute) {
      if (o.family === "inet6") return { stdout: "", stderr: "", exitCode: 0 };
      const all = await routes(lab);
      let want = all;
      if (sel[0] === "dev" || (sel[0] && sel[0] !== "table")) {
        const dev = sel[0] === "dev" ? sel[1] : undefined;
        if (dev) {
          const names = (await links(lab)).map((l) => l.name);
          if (!names.includes(dev)) return err(`Cannot find device "${dev}"\n`);
          want = all.filter((r) => r.text.includes(` dev ${dev} `)).map((r) => ({ ...r, text: r.text.replace(` dev ${dev}`, "") }));
        }
      }
      return { stdout: want.map((r) => r.text + "\n").join(""), stderr: "", exitCode: 0 };
    }
    const all = await links(lab);
    let dev: string | undefined;
    for (let j = 0; j < sel.length; j++) {
      if (sel[j] === "dev") dev = sel[++j];
      else if (sel[j] === "up") continue;
      else dev = sel[j];
    }
    let shown = all;
    if (dev !== undefined) {
      shown = all.filter((l) => l.name === dev);
      if (!shown.length) return err(`Device "${dev}" does not exist.\n`);
    }
    return { stdout: isAddr ? showAddr(shown, o) : showLink(shown, o), stderr: "", exitCode: 0 };
  },
};

// What the control-plane components answer over HTTP(S) to a client without credentials (curl
// on a node or in a pod): the kube-apiserver's anonymous requests (its handler chain: audit id,
// authentication as system:anonymous, priority and fairness, RBAC authorization, then the
// healthz / version handlers or the 403 Status), the kubelet's ports, the controller manager's
// and the scheduler's /healthz (authorization-always-allow-paths), etcd's plain-HTTP metrics
// listener. Which listeners speak TLS and which certificate they serve, for curl's checks.

import type { KubeObject } from "../types.ts";
import type { Container } from "../node/runtime.ts";
import type { Machine } from "../node/machine.ts";
import type { Store } from "../api/store.ts";
import { releaseInfo } from "../node/packages.ts";
import { ANONYMOUS, ALL_UNAUTHENTICATED, authorize, forbidden, type Attributes, type UserInfo } from "../api/rbac.ts";
import { fnv32a } from "../hash.ts";
import type { HttpResponse } from "./index.ts";

/** The certificate a TLS listener presents, as curl judges it. */
export interface ServedCert {
  /** PEM of the leaf certificate (undefined: not on disk, e.g. the kubelet's self-signed one) */
  pem?: string;
  /** the chain ends in a self-signed root the server sends itself (the kubelet's own CA) */
  selfSignedChain?: boolean;
  /** the server demands a client certificate (etcd's --client-cert-auth) */
  clientCertRequired?: boolean;
}

export interface ComponentServer {
  /** undefined: plain HTTP */
  tls?: ServedCert;
  /** GET path (with its query) as an anonymous client; undefined: no HTTP answer modelled */
  get(path: string): HttpResponse | undefined;
}

export interface ComponentDeps {
  store: Store;
  machines: Map<string, Machine>;
  now: () => number;
  /** a counter for per-request ids (audit ids) */
  seq: () => number;
}

const ANON: UserInfo = { name: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] };

const text = (status: number, reason: string, body: string, headers: [string, string][] = [["content-type", "text/plain; charset=utf-8"], ["x-content-type-options", "nosniff"]]): HttpResponse => ({ status, reason, headers, body });

function flagOf(ctr: Container, flag: string): string | undefined {
  const a = [...ctr.command, ...ctr.args].find((x) => x.startsWith(`--${flag}=`));
  return a?.slice(flag.length + 3);
}

function componentOf(ctr: Container): string {
  const argv0 = ctr.command[0] ?? "";
  return argv0.slice(argv0.lastIndexOf("/") + 1);
}

/** Whether a component's listener on the port is bound to the loopback address only. */
export function loopbackOnly(ctr: Container, port: number): boolean {
  const bin = componentOf(ctr);
  if (bin === "kube-controller-manager" || bin === "kube-scheduler") return flagOf(ctr, "bind-address") === "127.0.0.1";
  if (bin === "etcd" && port === 2381) return (flagOf(ctr, "listen-metrics-urls") ?? "").split(",").every((u) => /^https?:\/\/(127\.0\.0\.1|localhost)(:|$)/.test(u));
  return false;
}

/** The server behind a connection to a control-plane component or a node's kubelet, if any. */
export function componentServer(d: ComponentDeps, conn: { port: number; pod?: KubeObject; container?: Container; nodeListener?: string; ip: string }): ComponentServer | undefined {
  const node = [...d.machines.values()].find((m) => m.name === conn.pod?.spec?.nodeName || m.ip === conn.ip);
  if (conn.nodeListener === "kubelet") {
    // --healthz-bind-address 127.0.0.1:10248, plain HTTP/1.1
    if (conn.port === 10248) return { get: (p) => http1(pathOnly(p) === "/healthz" ? text(200, "OK", "ok", [["Content-Type", "text/plain; charset=utf-8"], ["X-Content-Type-Options", "nosniff"]]) : notFound(), d.now()) };
    // kubeadm's kubelet config: anonymous auth off, so a request without credentials is 401
    // (restful WriteErrorString; the content type sniffed); its serving certificate is self-signed
    if (conn.port === 10250) return { tls: { selfSignedChain: true }, get: () => withLength({ status: 401, reason: "Unauthorized", headers: [["content-type", "text/plain; charset=utf-8"]], body: "Unauthorized" }, d.now()) };
    return undefined;
  }
  const ctr = conn.container;
  if (!ctr || !conn.pod) return undefined;
  const bin = componentOf(ctr);
  if (bin === "kube-apiserver") {
    const certFile = flagOf(ctr, "tls-cert-file");
    return { tls: { pem: certFile ? node?.fs.tryRead(certFile) : undefined }, get: (p) => apiserverGet(d, ctr, p) };
  }
  if (bin === "kube-controller-manager" || bin === "kube-scheduler") {
    // a serving certificate generated in memory (kubeadm gives them no --tls-cert-file); the
    // always-allowed paths answer without authorization, the rest is a SubjectAccessReview
    return {
      tls: { selfSignedChain: true },
      get: (p) => {
        const path = pathOnly(p);
        if (["/healthz", "/livez", "/readyz"].includes(path)) return withLength(text(200, "OK", "ok"), d.now());
        const a: Attributes = { verb: "get", path };
        const decision = authorize(rbacOf(d), ANON, a);
        if (!decision.allowed) return withLength(forbiddenResponse(a, decision.reason, [["cache-control", "no-cache, private"]]), d.now());
        return labNote(a);
      },
    };
  }
  if (bin === "etcd" && (conn.port === 2379 || conn.port === 2380)) {
    const certFile = flagOf(ctr, conn.port === 2379 ? "cert-file" : "peer-cert-file");
    return { tls: { pem: certFile ? node?.fs.tryRead(certFile) : undefined, clientCertRequired: true }, get: () => undefined };
  }
  if (bin === "etcd" && conn.port === 2381) {
    // --listen-metrics-urls=http://127.0.0.1:2381: /health as etcdhttp's JSON
    return { get: (p) => http1(pathOnly(p) === "/health" ? { status: 200, reason: "OK", headers: [["Content-Type", "text/plain; charset=utf-8"]], body: '{"health":"true","reason":""}' } : notFound(), d.now()) };
  }
  return undefined;
}

function pathOnly(p: string): string {
  return (p || "/").split(/[?#]/)[0];
}

/** Go's http.NotFound. */
function notFound(): HttpResponse {
  return text(404, "Not Found", "404 page not found\n", [["Content-Type", "text/plain; charset=utf-8"], ["X-Content-Type-Options", "nosniff"]]);
}

/** Go's HTTP/1.1 server: the handler's headers (sorted), then Date and Content-Length. */
function http1(r: HttpResponse, now: number): HttpResponse {
  return { ...r, headers: [...r.headers, ["Date", httpDate(now)], ["Content-Length", String(new TextEncoder().encode(r.body).length)]] };
}

/** Go's http.TimeFormat (RFC 1123 in GMT). */
function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** A UUID-shaped id from a seed (the audit id and the FlowSchemas' uids: random in a real cluster). */
function seededUuid(seed: string): string {
  let h = "";
  for (let i = 0; h.length < 32; i++) h += fnv32a(`${seed}/${i}`).toString(16).padStart(8, "0");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** version.Info of the running API server (its image's release), fields in the Go struct's order. */
function versionOf(ctr: Container): Record<string, string> {
  const tag = /:([^:/@]+)(@.*)?$/.exec(ctr.image)?.[1] ?? "v1.32.5";
  const r = releaseInfo(tag) ?? releaseInfo("v1.32.5")!;
  const m = /^v(\d+)\.(\d+)/.exec(tag);
  const major = m?.[1] ?? "1";
  const minor = m?.[2] ?? "32";
  const info: Record<string, string> = { major, minor };
  // 1.33 servers report their compatibility versions (KEP-4330)
  if (Number(minor) >= 33) Object.assign(info, { emulationMajor: major, emulationMinor: minor, minCompatibilityMajor: major, minCompatibilityMinor: String(Number(minor) - 1) });
  return Object.assign(info, { gitVersion: tag, gitCommit: r.gitCommit, gitTreeState: "clean", buildDate: r.buildDate, goVersion: r.goVersion, compiler: "gc", platform: "linux/amd64" });
}

/**
 * request.RequestInfoFactory for a GET: /api/v1/…, /apis/GROUP/VERSION/… are resource
 * requests (namespaces/NS/… scopes them; a name makes it a get, none a list), anything else
 * (/, /api, /healthz …) a non-resource path.
 */
export function requestAttributes(path: string): Attributes {
  const p = pathOnly(path);
  const query = path.includes("?") ? path.slice(path.indexOf("?") + 1) : "";
  const parts = p.replace(/^\/+|\/+$/g, "").split("/").filter((x) => x !== "");
  const prefix = parts[0];
  if ((prefix !== "api" && prefix !== "apis") || parts.length < 3) return { verb: "get", path: p };
  let rest = parts.slice(1);
  let apiGroup = "";
  if (prefix === "apis") {
    apiGroup = rest[0];
    rest = rest.slice(1);
  }
  rest = rest.slice(1); // the version
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2) rest = rest.slice(2);
  }
  const a: Attributes = { verb: "get", apiGroup, resource: rest[0] ?? "", namespace };
  if (rest.length >= 2) a.name = rest[1];
  if (rest.length >= 3) a.subresource = rest[2];
  if (!a.name) a.verb = /(^|&)watch=(1|true)(&|$)/.test(query) ? "watch" : "list";
  return a;
}

function rbacOf(d: ComponentDeps) {
  return {
    list: (r: "roles" | "rolebindings" | "clusterroles" | "clusterrolebindings", ns?: string) => d.store.listRaw(r, ns),
    get: (r: "roles" | "clusterroles", ns: string | undefined, n: string) => d.store.peek(r, ns, n),
  };
}

/** content-length and date, which Go's HTTP/2 server writes after the handler's (sorted) headers. */
function withLength(r: HttpResponse, now: number): HttpResponse {
  return { ...r, proto: "HTTP/2", headers: [...r.headers, ["content-length", String(new TextEncoder().encode(r.body).length)], ["date", httpDate(now)]] };
}

/** responsewriters.Forbidden: the 403 Status, pretty-printed for curl's User-Agent, no trailing newline. */
function forbiddenResponse(a: Attributes, reason: string, before: [string, string][], after: [string, string][] = []): HttpResponse {
  const status = forbidden(ANON, a, reason).toStatus();
  const details = { ...((status.details ?? {}) as Record<string, unknown>) };
  for (const k of Object.keys(details)) if (details[k] === undefined) delete details[k];
  status.details = details;
  return { status: 403, reason: "Forbidden", headers: [...before, ["content-type", "application/json"], ["x-content-type-options", "nosniff"], ...after], body: JSON.stringify(status, null, 2) };
}

/** Allowed for system:anonymous by the student's RBAC, but not served by this lab. */
function labNote(a: Attributes, note?: string): HttpResponse {
  return {
    status: 200,
    reason: "OK",
    headers: [],
    body: "",
    labNote:
      note ??
      `kubelab: this lab's control plane answers curl on /healthz, /livez, /readyz and /version, and 403 for what system:anonymous may not read; what RBAC now lets it read (${a.resource === undefined ? a.path : `${a.verb} ${a.resource}`}) is not served here: use kubectl\n`,
  };
}

function apiserverGet(d: ComponentDeps, ctr: Container, path: string): HttpResponse {
  const a = requestAttributes(path);
  const id = seededUuid(`audit/${d.now()}/${path}/${d.seq()}`);
  const probe = a.resource === undefined && ["/healthz", "/livez", "/readyz"].some((x) => a.path === x || a.path!.startsWith(`${x}/`));
  // the FlowSchema that classifies the request: probes (exempt) for the health paths, else global-default
  const fs = probe ? "probes" : "global-default";
  const pl = probe ? "exempt" : "global-default";
  const before: [string, string][] = [["audit-id", id], ["cache-control", "no-cache, private"]];
  const after: [string, string][] = [["x-kubernetes-pf-flowschema-uid", seededUuid(`flowschema/${fs}`)], ["x-kubernetes-pf-prioritylevel-uid", seededUuid(`prioritylevel/${pl}`)]];
  const decision = authorize(rbacOf(d), ANON, a);
  if (!decision.allowed) return withLength(forbiddenResponse(a, decision.reason, before, after), d.now());
  if (a.resource === undefined && ["/healthz", "/livez", "/readyz"].includes(a.path!)) {
    // ?verbose lists every check ([+]ping ok …): not modelled
    if (/(^|[?&])(verbose|exclude)(=|&|$)/.test(path.slice(path.indexOf("?") + 1)) && path.includes("?")) return labNote(a, "kubelab: the list of health checks (?verbose) is not modelled in this lab; /healthz, /livez and /readyz answer ok\n");
    return withLength({ status: 200, reason: "OK", headers: [...before, ["content-type", "text/plain; charset=utf-8"], ["x-content-type-options", "nosniff"], ...after], body: "ok" }, d.now());
  }
  if (a.path === "/version" || a.path === "/version/") {
    // responsewriters.WriteRawJSON: json.MarshalIndent, no trailing newline
    return withLength({ status: 200, reason: "OK", headers: [...before, ["content-type", "application/json"], ...after], body: JSON.stringify(versionOf(ctr), null, 2) }, d.now());
  }
  return labNote(a);
}

// kubectl cluster-info (staging/src/k8s.io/kubectl/pkg/cmd/clusterinfo/clusterinfo.go): the
// control plane's address, then one line per Service labelled kubernetes.io/cluster-service=true
// in kube-system (or -n). Names and links are coloured with go-colortext, which writes its ANSI
// codes whatever stdout is (a pipe too), except when TERM=dumb.

import type { KubeObject } from "../../engine/types.ts";
import type { RunCtx } from "./cobra.ts";
import { loadKubeconfig } from "./kubeconfig.ts";
import { fromHelp } from "./spec.ts";

type Obj = Record<string, any>;

/** The current context's cluster server (rest.Config.Host). */
function serverHost(ctx: RunCtx): string {
  const kc = loadKubeconfig(ctx.lab, ctx.io, ctx.str("kubeconfig") || undefined, { readOnly: true })?.data ?? {};
  const contextName = ctx.str("context") || kc["current-context"];
  const context = (kc.contexts ?? []).find((c: Obj) => c?.name === contextName)?.context ?? {};
  const clusterName = ctx.str("cluster") || context.cluster;
  const cluster = (kc.clusters ?? []).find((c: Obj) => c?.name === clusterName)?.cluster ?? {};
  return ctx.str("server") || String(cluster.server ?? "");
}

/** k8s.io/apimachinery/pkg/util/net.JoinSchemeNamePort */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  if (port) return `${name}:${port}`;
  return name;
}

function serviceLink(host: string, svc: KubeObject): string {
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) {
    const ip = ingress[0].ip || ingress[0].hostname || "";
    return (svc.spec?.ports ?? []).map((p: Obj) => `http://${ip}:${p.port} `).join("");
  }
  let name = svc.metadata.name!;
  const port = svc.spec?.ports?.[0];
  if (port) {
    const scheme = port.name === "https" || port.port === 443 ? "https" : "";
    name = joinSchemeNamePort(scheme, name, port.name ?? "");
  }
  return `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`;
}

function runClusterInfo(ctx: RunCtx): void {
  const color = ctx.io.env.TERM !== "dumb";
  const paint = (code: string, s: string) => (color ? `\x1b[0;${code}m${s}\x1b[0m` : s);
  const line = (name: string, link: string) => ctx.out(`${paint("32", name)} is running at ${paint("33", link)}\n`);
  const namespace = ctx.str("namespace") || "kube-system";
  let failure: unknown;
  try {
    const services = ctx.lab.api().list("services", namespace, { labelSelector: "kubernetes.io/cluster-service=true", readOnly: true });
    const host = serverHost(ctx);
    line("Kubernetes control plane", host);
    for (const svc of services) line(svc.metadata.labels?.["kubernetes.io/name"] || svc.metadata.name!, serviceLink(host, svc));
  } catch (e) {
    failure = e;
  }
  ctx.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
  if (failure) throw failure;
}

// `cluster-info dump` (every object and log of the cluster as JSON) is not built: cobra reports it so.
export const clusterInfoCommand = fromHelp("cluster-info", { run: runClusterInfo, children: [fromHelp("cluster-info dump")] });

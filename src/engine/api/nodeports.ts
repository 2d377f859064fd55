// Service node ports, as the API server's service REST storage handles them
// (pkg/registry/core/service/storage: alloc.go allocNodePorts, storage.go patchAllocatedValues
// and dropTypeDependentFields; portallocator with the static/dynamic bands of
// ServiceNodePortStaticSubrange): NodePort and LoadBalancer Services get a port of
// 30000-32767 for every port that has none, chosen at random from the upper (dynamic) band; an
// explicit one must be in range and free; an update keeps the ports it had.

import type { KubeObject } from "../types.ts";
import type { Rand } from "../rand.ts";
import { invalid, type FieldError } from "./errors.ts";

type Obj = Record<string, any>;

const BASE = 30000;
const SIZE = 2768; // --service-node-port-range=30000-32767
/** calculateRangeOffset: min(max(16, size/32), 128) ports at the bottom are for static allocation */
const OFFSET = Math.min(Math.max(16, Math.floor(SIZE / 32)), 128);

function needsNodePorts(spec: Obj): boolean {
  return spec.type === "NodePort" || (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false);
}

/** Node ports taken by other Services. */
function used(services: KubeObject[], self: KubeObject): Set<number> {
  const out = new Set<number>();
  for (const s of services) {
    if (s.metadata.namespace === self.metadata.namespace && s.metadata.name === self.metadata.name) continue;
    for (const p of s.spec?.ports ?? []) if (p.nodePort) out.add(p.nodePort);
  }
  return out;
}

/**
 * Allocate (create) or carry over and allocate (update) the node ports of svc, in place.
 * Throws the API server's Invalid error for a port out of range or already allocated.
 */
export function allocateNodePorts(svc: KubeObject, old: KubeObject | undefined, services: KubeObject[], rand: Rand): void {
  const spec: Obj = svc.spec ?? {};
  const ports: Obj[] = spec.ports ?? [];
  if (spec.type === "LoadBalancer") spec.allocateLoadBalancerNodePorts ??= true;
  const oldPorts: Obj[] = old?.spec?.ports ?? [];
  const same = (a: Obj, b: Obj) => a.port === b.port && (a.protocol ?? "TCP") === (b.protocol ?? "TCP");
  if (old) {
    if (!needsNodePorts(spec) && needsNodePorts(old.spec ?? {})) {
      // dropTypeDependentFields: the ports the old type had, unchanged, go with the type
      for (const p of ports) if (p.nodePort && oldPorts.some((o) => same(o, p) && o.nodePort === p.nodePort)) delete p.nodePort;
    } else if (needsNodePorts(spec)) {
      // patchAllocatedValues: an update that omits a port's nodePort keeps the old one
      for (const p of ports) if (!p.nodePort) p.nodePort = oldPorts.find((o) => same(o, p))?.nodePort;
      for (const p of ports) if (p.nodePort === undefined) delete p.nodePort;
    }
  }
  if (!needsNodePorts(spec)) {
    // ValidateService: nodePort only for the types that open one
    const i = ports.findIndex((p) => p.nodePort);
    if (i >= 0 && (spec.type === "ClusterIP" || spec.type === undefined)) {
      throw invalid("Service", svc.metadata.name ?? "", [{ field: `spec.ports[${i}].nodePort`, type: "Forbidden", detail: "may not be used when `type` is 'ClusterIP'" }]);
    }
    return;
  }
  const taken = used(services, svc);
  const errs: FieldError[] = [];
  const mine = new Map<number, number>(); // port number → node port, shared across protocols
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const field = `spec.ports[${i}].nodePort`;
    if (p.nodePort < BASE || p.nodePort >= BASE + SIZE) {
      errs.push({ field, type: "Invalid value", value: p.nodePort, detail: `provided port is not in the valid range. The range of valid ports is ${BASE}-${BASE + SIZE - 1}` });
    } else if (taken.has(p.nodePort) && ![...mine.values()].includes(p.nodePort) && !oldPorts.some((o) => o.nodePort === p.nodePort)) {
      errs.push({ field, type: "Invalid value", value: p.nodePort, detail: "provided port is already allocated" });
    } else {
      taken.add(p.nodePort);
      mine.set(p.port, p.nodePort);
    }
  });
  if (errs.length) throw invalid("Service", svc.metadata.name ?? "", errs.slice(0, 1));
  for (const p of ports) {
    if (p.nodePort) continue;
    const shared = mine.get(p.port);
    if (shared !== undefined) {
      p.nodePort = shared;
      continue;
    }
    let port = 0;
    for (let i = 0; i < 100 && !port; i++) {
      const c = BASE + OFFSET + rand.int(SIZE - OFFSET);
      if (!taken.has(c)) port = c;
    }
    for (let c = BASE; !port && c < BASE + SIZE; c++) if (!taken.has(c)) port = c;
    if (!port) throw invalid("Service", svc.metadata.name ?? "", [{ field: "spec.ports[0].nodePort", type: "Invalid value", value: 0, detail: "range is full" }]);
    taken.add(port);
    mine.set(p.port, port);
    p.nodePort = port;
  }
}

// Service node ports (pkg/registry/core/service/storage alloc.go, portallocator's dynamic band,
// patchAllocatedValues, dropTypeDependentFields) and what kube-proxy does with them.

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const nodePort = async (s: LabSession, svc: string) => Number((await s.exec(`kubectl get svc ${svc} -o jsonpath='{.spec.ports[0].nodePort}'`)).stdout);

describe("Service node ports", () => {
  it("NodePort and LoadBalancer get a port of the dynamic band; ClusterIP none", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl create svc nodeport a --tcp=80:80; kubectl create svc loadbalancer b --tcp=80:80; kubectl create svc clusterip c --tcp=80:80");
    for (const n of [await nodePort(s, "a"), await nodePort(s, "b")]) {
      expect(n).toBeGreaterThanOrEqual(30086);
      expect(n).toBeLessThanOrEqual(32767);
    }
    expect(await nodePort(s, "c")).toBe(0);
    expect((await s.exec("kubectl get svc b -o jsonpath='{.spec.allocateLoadBalancerNodePorts}'")).stdout).toBe("true");
    expect((await s.exec("kubectl get svc a")).stdout).toMatch(new RegExp(`80:${await nodePort(s, "a")}/TCP`));
  });

  it("explicit ports: in range and free, else the real Invalid errors", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("kubectl create svc nodeport a --tcp=80:80 --node-port=30080")).exitCode).toBe(0);
    expect((await s.exec("kubectl create svc nodeport b --tcp=80:80 --node-port=30080")).stderr).toBe(
      'error: failed to create NodePort service: Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n',
    );
    expect((await s.exec("kubectl create svc nodeport c --tcp=80:80 --node-port=40000")).stderr).toBe(
      'error: failed to create NodePort service: Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
    );
  });

  it("an update keeps the port; to ClusterIP drops it; back to NodePort allocates again", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl create svc nodeport a --tcp=80:80 --node-port=30123");
    await s.exec(`kubectl patch svc a -p '{"metadata":{"labels":{"x":"y"}}}'`);
    expect(await nodePort(s, "a")).toBe(30123);
    await s.exec(`kubectl patch svc a -p '{"spec":{"type":"ClusterIP"}}'`);
    expect(await nodePort(s, "a")).toBe(0);
    await s.exec(`kubectl patch svc a -p '{"spec":{"type":"NodePort"}}'`);
    expect(await nodePort(s, "a")).toBeGreaterThanOrEqual(30086);
  });

  it("a ClusterIP Service with a nodePort is refused", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("printf 'apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: x\\nspec:\\n  ports:\\n  - port: 80\\n    nodePort: 30001\\n' > x.yaml");
    expect((await s.exec("kubectl apply -f x.yaml")).stderr).toBe(
      'The Service "x" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'\n',
    );
  });

  it("the port answers on every node's IP (kube-proxy)", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl create deploy web --image=nginx; kubectl expose deploy web --port=80 --type=NodePort; sleep 30");
    const port = await nodePort(s, "web");
    for (const ip of ["172.30.1.2", "172.30.2.2"]) expect((await s.exec(`curl -s ${ip}:${port} | grep title`)).stdout).toBe("<title>Welcome to nginx!</title>\n");
  });
});

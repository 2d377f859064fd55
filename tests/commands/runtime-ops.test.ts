import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";

const SEED = "kubectl run --image=busybox bb --dry-run=client -o yaml --command -- sleep 1000 > /etc/kubernetes/manifests/bb.yaml";

async function withPod() {
  const s = new LabSession({ timeMode: "virtual" });
  await s.exec(SEED);
  await s.exec("sleep 5");
  const id = (await s.exec("crictl ps -q --name '^bb$'")).stdout.trim();
  expect(id).toMatch(/^[0-9a-f]{64}$/);
  return { s, id };
}

describe("crictl stop / rm / rmp on the live cluster", () => {
  it("crictl stop prints the id; the container exits 137 and the kubelet starts attempt 1 (restartPolicy Always of static pods)", async () => {
    const { s, id } = await withPod();
    const short = id.slice(0, 13);
    expect(await s.exec(`crictl stop ${short}`)).toMatchObject({ stdout: `${short}\n`, stderr: "", exitCode: 0 });
    const insp = JSON.parse((await s.exec(`crictl inspect ${short}`)).stdout);
    expect(insp.status.state).toBe("CONTAINER_EXITED");
    expect(insp.status.exitCode).toBe(137);
    expect(insp.status.reason).toBe("Error");
    await s.exec("sleep 5");
    const ps = (await s.exec("crictl ps -a --name '^bb$' -o json")).stdout;
    const list = JSON.parse(ps).containers as { id: string; state: string; metadata: { attempt: number } }[];
    expect(list.map((c) => [c.metadata.attempt, c.state])).toEqual([[1, "CONTAINER_RUNNING"], [0, "CONTAINER_EXITED"]]);
  });

  it("crictl rm refuses a running container; -f removes it", async () => {
    const { s, id } = await withPod();
    expect(await s.exec(`crictl rm ${id}`)).toMatchObject({ stdout: "", stderr: `FATA[0000] container "${id}" is running, please stop it first\n`, exitCode: 1 });
    expect((await s.exec(`crictl rm -f ${id}`)).stdout).toBe(`${id}\n`);
    expect((await s.exec(`crictl ps -a -q`)).stdout).not.toContain(id);
  });

  it("crictl stop of an unknown id, and without ids", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("crictl stop deadbeef");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('FATA[0000] stopping the container "deadbeef": rpc error: code = Unknown desc = Error response from daemon: No such container: deadbeef\n');
    expect(await s.exec("crictl stop")).toMatchObject({ stderr: "you must specify at least one CONTAINER-ID or use --all\n", exitCode: 1 });
  });

  it("crictl rmp refuses a ready pod; stopp + rmp removes it and the kubelet makes a new sandbox", async () => {
    const { s } = await withPod();
    const pod = (await s.exec("crictl pods -q --name bb-controlplane")).stdout.trim();
    expect((await s.exec(`crictl rmp ${pod}`)).stderr).toBe(`FATA[0000] pod sandbox "${pod}" is running, please stop it first\n`);
    expect((await s.exec(`crictl stopp ${pod}`)).stdout).toBe(`Stopped sandbox ${pod}\n`);
    expect((await s.exec(`crictl rmp ${pod}`)).stdout).toBe(`Removed sandbox ${pod}\n`);
    await s.exec("sleep 10");
    const pods = JSON.parse((await s.exec("crictl pods --name bb-controlplane -o json")).stdout).items as { id: string; state: string; metadata: { attempt: number } }[];
    expect(pods.length).toBe(1);
    expect(pods[0].id).not.toBe(pod);
    expect(pods[0].state).toBe("SANDBOX_READY");
  });

  it("crictl version", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    expect((await s.exec("crictl version")).stdout).toBe("Version:  0.1.0\nRuntimeName:  docker\nRuntimeVersion:  27.4.1\nRuntimeApiVersion:  v1\n");
  });
});

describe("docker stop / kill / rm on the live cluster", () => {
  it("docker stop NAME: exit 137, then the kubelet's next attempt", async () => {
    const { s, id } = await withPod();
    const name = (await s.exec(`docker inspect -f '{{.Name}}' ${id}`)).stdout.trim().replace(/^\//, "");
    expect(name).toMatch(/^k8s_bb_bb-controlplane_default_[0-9a-f]{32}_0$/);
    expect(await s.exec(`docker stop ${name}`)).toMatchObject({ stdout: `${name}\n`, stderr: "", exitCode: 0 });
    expect((await s.exec(`docker ps -a --filter name=k8s_bb_ --format '{{.Status}}'`)).stdout).toBe("Exited (137) Less than a second ago\n");
    expect(await s.exec(`docker kill ${name}`)).toMatchObject({ stdout: "", stderr: `Error response from daemon: cannot kill container: ${name}: container ${id} is not running\n`, exitCode: 1 });
    await s.exec("sleep 5");
    expect((await s.exec(`docker ps --filter name=k8s_bb_ --format '{{.Names}}'`)).stdout).toMatch(/^k8s_bb_bb-controlplane_default_[0-9a-f]{32}_1\n$/);
  });

  it("docker rm: a running container is refused, -f removes it; unknown names", async () => {
    const { s, id } = await withPod();
    const short = id.slice(0, 12);
    const name = (await s.exec(`docker inspect -f '{{.Name}}' ${id}`)).stdout.trim();
    expect(await s.exec(`docker rm ${short}`)).toMatchObject({ stdout: "", stderr: `Error response from daemon: cannot remove container "${name}": container is running: stop the container before removing or force remove\n`, exitCode: 1 });
    expect((await s.exec(`docker rm -f ${short}`)).stdout).toBe(`${short}\n`);
    expect(await s.exec("docker rm nope")).toMatchObject({ stderr: "Error response from daemon: No such container: nope\n", exitCode: 1 });
    expect(await s.exec("docker stop")).toMatchObject({ stderr: `"docker stop" requires at least 1 argument.\nSee 'docker stop --help'.\n\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nStop one or more running containers\n`, exitCode: 1 });
  });
});

// issue 7: a container Docker could not start (command [""]) stays "created" in Docker's view
describe("a container the daemon could not start", () => {
  it("docker ps shows it Created; inspect has the exit code 127, no start time and the error", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec(`cat > /etc/kubernetes/manifests/e.yaml <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata:\n  name: e\nspec:\n  containers:\n  - name: e\n    image: busybox\n    command: [""]\nEOF`);
    await s.exec("sleep 8");
    const ps = (await s.exec("docker ps -a --filter name=k8s_e_ --format '{{.Status}}'")).stdout.trim().split("\n");
    expect(ps.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ps)).toEqual(new Set(["Created"]));
    const id = (await s.exec("docker ps -aq --filter name=k8s_e_")).stdout.split("\n")[0];
    expect((await s.exec(`docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.StartedAt}}|{{.State.Error}}' ${id}`)).stdout).toBe(
      'created 127 0001-01-01T00:00:00Z|failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "": executable file not found in $PATH: unknown\n',
    );
  });
});

// The headless CLI with a container's shell: after `kubectl exec -it POD -- sh` the next stdin
// lines go to the container until `exit` (or until stdin ends: EOF, as Ctrl-D); the JSON shape
// stays {"host","cwd","cmd","stdout","stderr","exit"}.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../src/cli/kubelab.mjs", import.meta.url));
const run = (args: string[], input: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", timeout: 60_000 });

describe("npx kubelab run with kubectl exec -it", () => {
  it("--json: the container's lines, its host and cwd, exit back to the node with kubectl's status", () => {
    const r = run(["run", "--json"], "kubectl run web --image=nginx\nsleep 20\nkubectl exec -it web -- bash\ncd /etc\necho $HOSTNAME\nexit 4\necho back $?\n");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.slice(2)).toEqual([
      { host: "controlplane", cwd: "/root", cmd: "kubectl exec -it web -- bash", stdout: "", stderr: "", exit: 0 },
      { host: "web", cwd: "/", cmd: "cd /etc", stdout: "", stderr: "", exit: 0 },
      { host: "web", cwd: "/etc", cmd: "echo $HOSTNAME", stdout: "web\r\n", stderr: "", exit: 0 },
      { host: "web", cwd: "/etc", cmd: "exit 4", stdout: "exit\r\n", stderr: "command terminated with exit code 4\n", exit: 4 },
      { host: "controlplane", cwd: "/root", cmd: "echo back $?", stdout: "back 4\n", stderr: "", exit: 0 },
    ]);
  });

  it("plain transcript: the container's prompt; stdin ending inside the shell is EOF (run --rm still deletes)", () => {
    const r = run(["run"], "kubectl run tmp --image=busybox --rm -it --restart=Never -- sh\ncd /tmp\ntouch x; ls\n");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      "controlplane:~$ kubectl run tmp --image=busybox --rm -it --restart=Never -- sh\nIf you don't see a command prompt, try pressing enter.\n" +
        "/ # cd /tmp\n/tmp # touch x; ls\n\u001b[0;0mx\u001b[m\r\n/tmp # \r\npod \"tmp\" deleted\n",
    );
  });
});

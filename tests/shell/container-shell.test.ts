// Interactive shells inside containers: `kubectl exec -it POD -- sh` (and bash, /bin/sh, -c,
// -n), `kubectl run -it --rm … -- sh`, `kubectl attach -it`: the session's frame for the
// container's shell — its prompt, what carries over between lines, exit codes, Ctrl-C, Ctrl-D,
// the way back to the frame it was started from (node01 after ssh).

import { describe, expect, it } from "vitest";
import { LabSession } from "../../src/shell/session.ts";
import { EOF_LINE } from "../../src/shell/session-api.ts";

async function lab(): Promise<LabSession> {
  const s = new LabSession({ timeMode: "virtual" });
  await s.exec("kubectl run bb --image=busybox -- sleep 3600");
  await s.exec("kubectl run web --image=nginx");
  await s.exec("kubectl create ns team");
  await s.exec(
    "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: two\n  namespace: team\nspec:\n  containers:\n  - name: app\n    image: nginx\n  - name: side\n    image: busybox\n    command: [\"sleep\", \"3600\"]\nEOF",
  );
  await s.exec("sleep 30");
  return s;
}

describe("kubectl exec -it POD -- sh", () => {
  it("busybox: the ash prompt '/ # ' ('~ # ' in /root), cd, variables and files kept between lines, exit N", async () => {
    const s = await lab();
    const open = await s.exec("kubectl exec -it bb -- sh");
    expect(open).toMatchObject({ stdout: "", stderr: "", exitCode: 0, host: "bb", cwd: "/", eofExits: true });
    expect(s.prompt()).toBe("/ # ");
    expect((await s.exec("cd /root")).exitCode).toBe(0);
    expect(s.prompt()).toBe("~ # ");
    await s.exec("X=42; echo hello > note.txt");
    expect((await s.exec("echo $X; cat note.txt; pwd")).stdout).toBe("42\r\nhello\r\n/root\r\n");
    expect((await s.exec("cd /tmp")).exitCode).toBe(0);
    expect(s.prompt()).toBe("/tmp # ");
    const nf = await s.exec("nosuch");
    expect(nf).toMatchObject({ stdout: "sh: nosuch: not found\r\n", exitCode: 127 });
    expect((await s.exec("cd /nope")).stdout).toBe("sh: cd: can't cd to /nope: No such file or directory\r\n");
    // kubectl's error after the shell's exit, on the node again
    const bye = await s.exec("exit 3");
    expect(bye).toMatchObject({ stdout: "", stderr: "command terminated with exit code 3\n", exitCode: 3, host: "controlplane", cwd: "/root" });
    expect(bye.eofExits).toBeUndefined();
    expect(s.prompt()).toBe("controlplane:~$ ");
    expect((await s.exec("echo $?")).stdout).toBe("3\n");
    // a new exec is a new process in the same container: the files are there, the variable is not
    await s.exec("kubectl exec -it bb -- sh");
    expect((await s.exec('cat /root/note.txt; echo "[$X]"')).stdout).toBe("hello\r\n[]\r\n");
    // a bare exit returns the last status; a subshell's exit does not end the shell
    expect((await s.exec("(exit 4); echo $?")).stdout).toBe("4\r\n");
    expect(s.prompt()).toBe("/ # ");
    await s.exec("false");
    expect(await s.exec("exit")).toMatchObject({ stderr: "command terminated with exit code 1\n", exitCode: 1 });
  });

  it("Debian images: bash prints root@POD:/# and says exit; sh is dash ('# ', 'sh: 1: x: not found'); /bin/sh too", async () => {
    const s = await lab();
    await s.exec("kubectl exec -it web -- bash");
    expect(s.prompt()).toBe("root@web:/# ");
    await s.exec("cd /usr/share/nginx/html");
    expect(s.prompt()).toBe("root@web:/usr/share/nginx/html# ");
    expect((await s.exec("ls index.html")).stdout).toBe("index.html\r\n");
    await s.exec("cd ~");
    expect(s.prompt()).toBe("root@web:~# ");
    expect((await s.exec("nosuch")).stdout).toBe("bash: nosuch: command not found\r\n");
    expect(await s.exec("exit")).toMatchObject({ stdout: "exit\r\n", stderr: "command terminated with exit code 127\n", exitCode: 127 });
    // a login shell (kubectl's own example: bash -il) says logout
    await s.exec("kubectl exec -it web -- bash -il");
    expect(s.prompt()).toBe("root@web:/# ");
    expect((await s.exec("exit")).stdout).toBe("logout\r\n");
    await s.exec("kubectl exec -it web -- sh");
    expect(s.prompt()).toBe("# ");
    expect((await s.exec("foo")).stdout).toBe("sh: 1: foo: not found\r\n");
    expect((await s.exec("bar")).stdout).toBe("sh: 2: bar: not found\r\n");
    expect(await s.exec("exit 0")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    await s.exec("kubectl exec -ti web -- /bin/sh");
    expect(s.prompt()).toBe("# ");
    await s.exec("exit");
    // busybox has no bash: the runtime's error, as a non-interactive exec gives it
    const nb = await s.exec("kubectl exec -it bb -- bash");
    expect(nb.stdout).toBe('OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\r\n');
    expect(nb.stderr).toBe("command terminated with exit code 126\n");
    expect(s.prompt()).toBe("controlplane:~$ ");
  });

  it("runAsUser: '$' for a user, bash's \\u from the image's /etc/passwd ('I have no name!' without an entry)", async () => {
    const s = await lab();
    await s.exec("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: users\nspec:\n  securityContext:\n    runAsUser: 101\n  containers:\n  - name: web\n    image: nginx\n  - name: bb\n    image: busybox\n    command: [\"sleep\", \"3600\"]\n    securityContext:\n      runAsUser: 1000\nEOF");
    await s.exec("sleep 30");
    await s.exec("kubectl exec -it users -c web -- bash");
    expect(s.prompt()).toBe("nginx@users:/$ ");
    await s.exec("exit");
    await s.exec("kubectl exec -it users -c bb -- sh");
    expect(s.prompt()).toBe("/ $ ");
    await s.exec("exit");
    await s.exec("kubectl exec -it users -c web -- sh");
    expect(s.prompt()).toBe("$ ");
    await s.exec("exit");
  });

  it("-c, -n, --stdin --tty and -i -t; the container's own view (hostname, volumes)", async () => {
    const s = await lab();
    const r = await s.exec("kubectl exec --stdin --tty -n team two -c side -- sh");
    expect(r.stderr).toBe("");
    expect(s.prompt()).toBe("/ # ");
    expect((await s.exec("hostname; cat /var/run/secrets/kubernetes.io/serviceaccount/namespace")).stdout).toBe("two\r\nteam");
    await s.exec("exit");
    const d = await s.exec("kubectl exec -i -t -n team two -- bash");
    expect(d.stderr).toBe("Defaulted container \"app\" out of: app, side\n");
    expect(s.prompt()).toBe("root@two:/# ");
    await s.exec("exit");
  });

  it("from node01 (ssh): exit leaves the container's shell, then node01's; kubectl's error on node01", async () => {
    const s = await lab();
    await s.exec("ssh node01");
    await s.exec("cp /etc/kubernetes/kubelet.conf /root/k.conf 2>/dev/null; true");
    // node01 has no kubeconfig for kubectl: use the admin one from controlplane
    await s.exec("mkdir -p /root/.kube");
    s.writeFile("node01", "/root/.kube/config", s.readFile("controlplane", "/etc/kubernetes/admin.conf")!);
    await s.exec("kubectl exec -it bb -- sh");
    expect(s.prompt()).toBe("/ # ");
    expect(await s.exec("exit 2")).toMatchObject({ stderr: "command terminated with exit code 2\n", exitCode: 2, host: "node01" });
    expect(s.prompt()).toBe("node01:~$ ");
    expect((await s.exec("exit")).stdout).toBe("logout\nConnection to node01 closed.\n");
    expect(s.prompt()).toBe("controlplane:~$ ");
  });

  it("the rest of the line runs after the shell exits; -t without -i and a piped stdin run no shell", async () => {
    const s = await lab();
    await s.exec("kubectl exec -it bb -- sh; echo after=$?");
    expect(s.prompt()).toBe("/ # ");
    expect(await s.exec("exit 5")).toMatchObject({ stdout: "after=5\n", stderr: "command terminated with exit code 5\n" });
    // -t without -i: SetupTTY drops the TTY silently; sh reads an empty stdin and exits
    expect(await s.exec("kubectl exec -t bb -- sh")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(s.prompt()).toBe("controlplane:~$ ");
    // a pipe is no terminal: kubectl's warning, and the shell runs what comes through it
    const p = await s.exec("echo 'echo piped; exit 7' | kubectl exec -it bb -- sh");
    expect(p).toMatchObject({ stdout: "piped\n", stderr: "Unable to use a TTY - input is not a terminal or the right kind of file\ncommand terminated with exit code 7\n", exitCode: 7 });
    // -i at the terminal without -t: the lines typed are the shell's script, without a prompt
    await s.exec("kubectl exec -i bb -- sh");
    expect(s.prompt()).toBe("");
    expect((await s.exec("echo plain")).stdout).toBe("plain\n");
    expect(await s.exec(EOF_LINE)).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(s.prompt()).toBe("controlplane:~$ ");
  });

  it("Ctrl-D on an empty line ends the shell with the last status; Ctrl-C stops the command, not the shell", async () => {
    const s = await lab();
    await s.exec("kubectl exec -it bb -- sh");
    // at a terminal (onOutput), a sleep lets the host deliver Ctrl-C
    setTimeout(() => s.interrupt(), 50);
    const r = await s.exec("while true; do :; done; echo not-reached", { onOutput: () => {} });
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toBe("");
    expect(s.prompt()).toBe("/ # ");
    expect((await s.exec("echo still")).stdout).toBe("still\r\n");
    await s.exec("false");
    expect(await s.exec(EOF_LINE)).toMatchObject({ stdout: "\r\n", stderr: "command terminated with exit code 1\n", exitCode: 1 });
    await s.exec("kubectl exec -it web -- bash");
    expect((await s.exec(EOF_LINE)).stdout).toBe("exit\r\n");
    // Ctrl-D at the node's own prompt changes nothing
    expect(await s.exec(EOF_LINE)).toMatchObject({ stdout: "", stderr: "", host: "controlplane" });
  });

  it("Tab completes the container's programs and files, not the node's", async () => {
    const s = await lab();
    await s.exec("kubectl exec -it bb -- sh");
    expect(s.complete("cat /etc/host", 13)).toEqual({ from: 4, candidates: ["/etc/hostname", "/etc/hosts"] });
    expect(s.complete("cd /var/run/sec", 15).candidates).toEqual(["/var/run/secrets/"]);
    expect(s.complete("wge", 3).candidates).toEqual(["wget"]);
    // no kubectl, crictl or etcdctl in a busybox image; the node's /etc/kubernetes is not there
    expect(s.complete("kube", 4).candidates).toEqual([]);
    expect(s.complete("ls /etc/kub", 11).candidates).toEqual([]);
    await s.exec("exit");
    expect(s.complete("kubec", 5).candidates).toContain("kubectl");
  });

  it("the container stops under the shell: the next line gets kubectl's exit 137", async () => {
    const s = await lab();
    await s.exec("kubectl exec -it bb -- sh");
    // the pod is deleted by someone else (the scenario, another terminal): its container is killed
    await s.runOn("controlplane", "kubectl delete pod bb --wait=false");
    s.advance(40_000);
    expect(await s.exec("ls")).toMatchObject({ stdout: "", stderr: "command terminated with exit code 137\n", exitCode: 137, host: "controlplane" });
  });

  it("pods that cannot be exec'd into: kubectl's errors, no shell", async () => {
    const s = await lab();
    await s.exec("kubectl run done --image=busybox --restart=Never -- true");
    await s.exec("sleep 10");
    expect(await s.exec("kubectl exec -it done -- sh")).toMatchObject({ stderr: "error: cannot exec into a container in a completed pod; current phase is Succeeded\n", exitCode: 1 });
    expect((await s.exec("kubectl exec -it nope -- sh")).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    // a distroless image: the runtime's error
    const api = await s.exec("kubectl exec -it -n kube-system kube-apiserver-controlplane -- sh");
    expect(api.exitCode).not.toBe(0);
    expect(api.stdout + api.stderr).toMatch(/exec: "sh": executable file not found in \$PATH/);
    expect(s.prompt()).toBe("controlplane:~$ ");
  });
});

describe("kubectl run -it / attach -it to a shell", () => {
  it("run --rm -it --restart=Never -- sh: the hint, the prompt, exit deletes the pod; exit 3 fails it", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("kubectl run tmp --image=busybox --rm -it --restart=Never -- sh");
    expect(r).toMatchObject({ stdout: "", stderr: "If you don't see a command prompt, try pressing enter.\n", eofExits: true });
    expect(s.prompt()).toBe("/ # ");
    expect((await s.exec("hostname")).stdout).toBe("tmp\r\n");
    expect((await s.exec("kubectl get pod tmp")).stdout).toBe("sh: kubectl: not found\r\n");
    // (a bare exit would return that 127: the pod would fail)
    expect(await s.exec("exit 0")).toMatchObject({ stdout: 'pod "tmp" deleted\n', stderr: "", exitCode: 0 });
    expect((await s.exec("kubectl get pod tmp")).stderr).toBe('Error from server (NotFound): pods "tmp" not found\n');
    await s.exec("kubectl run t2 --image=busybox --rm -it --restart=Never -- sh");
    expect(await s.exec("exit 3")).toMatchObject({ stdout: 'pod "t2" deleted\n', stderr: "pod default/t2 terminated (Error)\n", exitCode: 3 });
  });

  it("run -i without -t: the lines typed are the shell's script (no prompt, no \\r), EOF ends it and --rm deletes", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    const r = await s.exec("kubectl run plain --image=busybox --rm -i --restart=Never -- sh");
    expect(r).toMatchObject({ stdout: "", stderr: "If you don't see a command prompt, try pressing enter.\n", eofExits: true });
    expect(s.prompt()).toBe("");
    expect((await s.exec("echo hi; ls /nope")).stdout).toBe("hi\nls: /nope: No such file or directory\n");
    expect(await s.exec(EOF_LINE)).toMatchObject({ stdout: 'pod "plain" deleted\n', stderr: "pod default/plain terminated (Error)\n" });
    expect(s.prompt()).toBe("controlplane:~$ ");
  });

  it("restart Always: exit restarts the container, the session-ended line; attach -it finds the new shell", async () => {
    const s = new LabSession({ timeMode: "virtual" });
    await s.exec("kubectl run keep --image=busybox -it -- sh");
    await s.exec("cd /tmp");
    expect(s.prompt()).toBe("/tmp # ");
    expect((await s.exec("exit")).stdout).toBe("Session ended, resume using 'kubectl attach keep -c keep -i -t' command when the pod is running\n");
    await s.exec("sleep 5");
    expect((await s.exec("kubectl get pod keep --no-headers")).stdout).toMatch(/^keep +1\/1 +Running +1 /);
    const a = await s.exec("kubectl attach -it keep");
    expect(a.stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
    // the restarted container's shell starts in its working directory again
    expect(s.prompt()).toBe("/ # ");
    await s.exec("exit 0");
    expect(s.prompt()).toBe("controlplane:~$ ");
  });
});

describe("a redirect that cannot create its file (the error escapes just-bash; found by the long fuzz run, seed 12063)", () => {
  it("is the image shell's message, not a lab bug: busybox ash, dash, bash — interactive and with -c", async () => {
    const s = await lab();
    await s.exec("kubectl exec -it bb -- sh");
    expect(await s.exec("echo hi > /nonexistent/dir/f")).toMatchObject({ stdout: "sh: can't create /nonexistent/dir/f: nonexistent directory\r\n", exitCode: 1 });
    expect((await s.exec("echo $?")).stdout).toBe("1\r\n");
    await s.exec("exit");
    await s.exec("kubectl exec -it web -- sh");
    expect(await s.exec("echo hi > /nope/x")).toMatchObject({ stdout: "sh: 1: cannot create /nope/x: Directory nonexistent\r\n", exitCode: 2 });
    await s.exec("exit");
    // kubectl exec … -c: just-bash's nested shell words it; the container's shell's words instead
    expect((await s.exec(`kubectl exec bb -- sh -c "echo hi > /nonexistent/dir/f"`)).stderr).toBe("sh: can't create /nonexistent/dir/f: nonexistent directory\ncommand terminated with exit code 1\n");
    expect((await s.exec(`kubectl exec web -- sh -c "echo hi > /nonexistent/dir/f"`)).stderr).toMatch(/^sh: 1: cannot create \/nonexistent\/dir\/f: Directory nonexistent\n/);
    expect((await s.exec(`kubectl exec web -- bash -c "echo hi > /nonexistent/dir/f"`)).stderr).toMatch(/^bash: \/nonexistent\/dir\/f: No such file or directory\n/);
  });
});

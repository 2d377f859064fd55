// Container main processes that are `sh -c` scripts: the plan (output at virtual times, exit,
// files, listens, SIGTERM) from the evaluator over just-bash's parser, checked against what
// busybox ash prints; then the same scripts in pods (kubectl logs, restarts, exec cat).

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { planProcess, type ProcessPlan } from "../../src/engine/node/processes.ts";
import { imageProgram } from "../../src/engine/node/programs.ts";
import { HORIZON_MS, MAX_STEPS } from "../../src/engine/node/script.ts";
import { createCluster, type Cluster } from "../../src/engine/cluster.ts";

const penv = { env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOSTNAME: "web-1" }, hostname: "web-1" };

function plan(script: string, shell = "sh"): ProcessPlan {
  return planProcess([shell, "-c", script], penv, (a) => imageProgram(a, penv));
}

/** The plan's output as a transcript: stderr lines marked, a step after a pause prefixed with its time. */
function transcript(p: ProcessPlan): string {
  return p.steps.map((s) => (s.at ? `@${s.at / 1000}s ` : "") + (s.stream === "stderr" ? s.text.replace(/^(?=.)/gm, "! ") : s.text)).join("");
}

// [script, transcript, exit (undefined: runs on)] — outputs as busybox 1.35 ash printed them
const TABLE: [string, string, { at: number; code: number } | undefined][] = [
  ["for i in 1 2 3; do echo $i; sleep 1; done", "1\n@1s 2\n@2s 3\n", { at: 3000, code: 0 }],
  ["i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); sleep 2; done; exit 4", "0\n@2s 1\n@4s 2\n", { at: 6000, code: 4 }],
  ["i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i", "2\n", { at: 0, code: 0 }],
  ["if [ -f /tmp/x ]; then echo yes; else echo no; fi; touch /tmp/x; [ -f /tmp/x ] && echo now", "no\nnow\n", { at: 0, code: 0 }],
  ['echo "a $HOSTNAME b"; echo $((2*3)) $((7/2)) $((2**10))', "a web-1 b\n6 3 1024\n", { at: 0, code: 0 }],
  ["echo x | tr a-z A-Z; seq 3 | tail -n 1; echo one two | wc -w", "X\n3\n2\n", { at: 0, code: 0 }],
  ["cat /etc/hostname; hostname", "web-1\nweb-1\n", { at: 0, code: 0 }],
  ["case abc in a*) echo m;; *) echo n;; esac; f() { echo in $1 $#; return 4; }; f a b; echo $?", "m\nin a 2\n4\n", { at: 0, code: 0 }],
  ["foo; echo $?", "! sh: foo: not found\n127\n", { at: 0, code: 0 }],
  ["cat <<EOF\nhi $HOSTNAME\nEOF\ncat <<'EOF'\n$HOSTNAME\nEOF", "hi web-1\n$HOSTNAME\n", { at: 0, code: 0 }],
  ["# a comment\necho 'b  c' \"d  e\" f\\ g # trailing", "b  c d  e f g\n", { at: 0, code: 0 }],
  ["x=hello.tar.gz; echo ${x%.gz} ${x%%.*} ${x#*.} ${x##*.} ${y:-def} ${#x}", "hello.tar hello tar.gz gz def 12\n", { at: 0, code: 0 }],
  ['v="a  b"; for w in $v; do echo "[$w]"; done; echo "$v"', "[a]\n[b]\na  b\n", { at: 0, code: 0 }],
  ["printf '%s-%d\\n' a 1 b 2; printf '%5s|%-3s|%03d\\n' x y 7", "a-1\nb-2\n    x|y  |007\n", { at: 0, code: 0 }],
  ["echo $(echo a; echo b) \"$(echo c)\"; x=`echo bt`; echo $x", "a b c\nbt\n", { at: 0, code: 0 }],
  ["printf 'a b\\nc d\\n' | while read x y; do echo \"$y $x\"; done", "b a\nd c\n", { at: 0, code: 0 }],
  ["for i in 1 2 3 4 5; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done", "1\n3\n", { at: 0, code: 0 }],
  ["(echo sub; exit 3); echo $?; (x=1); echo \"[$x]\"", "sub\n3\n[]\n", { at: 0, code: 0 }],
  ["echo err >&2; echo out 2>&1; nope 2>/dev/null; echo $?", "! err\nout\n127\n", { at: 0, code: 0 }],
  ["echo ${y:?oops}; echo no", "! sh: y: oops\n", { at: 0, code: 2 }],
  ["echo $((1/0)); echo after", "! sh: divide by zero\n", { at: 0, code: 2 }],
  ["[ 1 -lt x ]; echo $?; [ 1 -lt 2; echo $?", "! sh: x: bad number\n2\n! sh: missing ]\n2\n", { at: 0, code: 0 }],
  ["exit 300", "", { at: 0, code: 44 }],
  ["echo a\nexit abc", "a\n! sh: exit: line 1: Illegal number: abc\n", { at: 0, code: 2 }],
  ["echo a; )", "! sh: syntax error: unexpected \")\"\n", { at: 0, code: 2 }],
  ["echo a\nif", "a\n! sh: syntax error: unexpected end of file (expecting \"then\")\n", { at: 0, code: 2 }],
  ["set -e; echo a; false; echo b", "a\n", { at: 0, code: 1 }],
  ["trap 'echo bye' EXIT; echo main; exit 3", "main\nbye\n", { at: 0, code: 3 }],
  ["expr 2 + 3; expr 5 / 0; echo $?", "5\n! expr: division by zero\n2\n", { at: 0, code: 0 }],
  ["echo -n a; echo -e 'b\\tc'; echo 'd\\te'", "ab\tc\nd\\te\n", { at: 0, code: 0 }],
  ["sleep x; echo $?", "! sleep: invalid number 'x'\n1\n", { at: 0, code: 0 }],
  ["echo {a,b} ~", "{a,b} /root\n", { at: 0, code: 0 }],
  ["sleep 2.5; echo late; false", "@2.5s late\n", { at: 2500, code: 1 }],
  ["while true; do echo tick; sleep 10; done", "", undefined],
  ["echo start; sleep infinity", "start\n", undefined],
];

describe("sh -c scripts: what busybox ash prints, in virtual time", () => {
  it.each(TABLE)("%j", (script, out, exit) => {
    const p = plan(script);
    if (exit) expect(transcript(p)).toBe(out);
    else expect(transcript(p).startsWith(out)).toBe(true);
    expect(p.exit).toEqual(exit);
  });

  it("a loop with sleep prints at its times until the horizon and never exits", () => {
    const p = plan('while true; do echo "$(date) tick"; sleep 5; done');
    expect(p.exit).toBeUndefined();
    expect(p.steps.slice(0, 3)).toEqual([0, 5000, 10000].map((at) => ({ at, stream: "stdout", text: "\u0000date tick\n" })));
    expect(p.steps.every((s, i) => i === 0 || s.at > p.steps[i - 1].at)).toBe(true);
  });

  it("a busy loop without sleep ends as 'runs forever' instead of hanging the engine", () => {
    for (const script of ["while true; do echo x; done", "while :; do :; done", "yes", "i=0; while true; do i=$((i+1)); done", "f() { f; }; f"]) {
      const p = plan(script);
      expect(p.steps.length).toBeLessThanOrEqual(MAX_STEPS);
    }
    expect(plan("while true; do echo x; done").exit).toBeUndefined();
    expect(plan("f() { f; }; f").exit).toEqual({ at: 0, code: 139 });
  });

  it("bash: its messages and brace expansion", () => {
    expect(transcript(plan("foo; echo {a,b}", "bash"))).toBe("! bash: foo: command not found\na b\n");
  });

  it("file writes, appends and removals are file ops at their times", () => {
    const p = plan("echo one > /tmp/f; sleep 1; echo two >> /tmp/f; touch /tmp/ready; sleep 30; rm /tmp/ready; cat /tmp/f; echo x > /nope/y");
    expect(p.files).toEqual([
      { at: 0, path: "/tmp/f", content: "one\n", append: false },
      { at: 1000, path: "/tmp/f", content: "two\n", append: true },
      { at: 1000, path: "/tmp/ready", content: "", append: true },
      { at: 31000, path: "/tmp/ready" },
    ]);
    expect(transcript(p)).toBe("@31s one\ntwo\n@31s ! sh: can't create /nope/y: nonexistent directory\n");
    expect(p.exit).toEqual({ at: 31000, code: 1 });
  });

  it("/proc/1/fd/1 is the container log even from a redirected block", () => {
    const p = plan("{ echo hidden; echo shown > /proc/1/fd/1; } > /dev/null");
    expect(transcript(p)).toBe("shown\n");
  });

  it("servers: nc -l and busybox httpd listen; exec of an image's server becomes the process", () => {
    const nc = plan("echo up; nc -lk -p 8080");
    expect([nc.listens, nc.exit, transcript(nc)]).toEqual([[8080], undefined, "up\n"]);
    const httpd = plan("httpd -p 8081; echo started; sleep 3600");
    expect([httpd.listens, httpd.exit]).toEqual([[8081], { at: 3600_000, code: 0 }]);
    const nginx = plan('echo hi; exec nginx -g "daemon off;"');
    expect([nginx.comm, nginx.listens, nginx.handlesSigterm, nginx.exit]).toEqual(["nginx", [80], true, undefined]);
  });

  it("trap … TERM: handled when the trap exits and the shell is not stuck in a long foreground command", () => {
    const loop = plan("trap 'echo bye; exit 3' TERM; while true; do sleep 1; done");
    expect([loop.handlesSigterm, loop.sigterm]).toEqual([true, { steps: [{ at: 0, stream: "stdout", text: "bye\n" }], code: 3 }]);
    const noExit = plan("trap 'echo bye' TERM; while true; do sleep 1; done");
    expect([noExit.handlesSigterm, noExit.sigterm]).toEqual([false, { steps: [{ at: 0, stream: "stdout", text: "bye\n" }] }]);
    // the trap waits for the foreground sleep: SIGKILL after the grace period
    expect(plan("trap 'exit 0' TERM; sleep infinity").handlesSigterm).toBe(false);
    // wait is interrupted by the signal
    expect(plan("trap 'exit 0' TERM; sleep infinity & wait").handlesSigterm).toBe(true);
    // no trap: PID 1 ignores SIGTERM
    expect(plan("while true; do sleep 1; done").handlesSigterm).toBe(false);
  });

  it("sh -ec and positional parameters after the script", () => {
    const p = planProcess(["sh", "-ec", 'echo "$0 $1 $#"; false; echo no', "me", "a", "b"], penv);
    expect(transcript(p)).toBe("me a 2\n");
    expect(p.exit).toEqual({ at: 0, code: 1 });
  });

  it("is deterministic", () => {
    const s = "for i in $(seq 3); do echo $RANDOM $i; sleep 1; done";
    expect(plan(s)).toEqual(plan(s));
  });
});

// ---- property: random small scripts never throw and give a bounded, ordered plan ----
const word = fc.constantFrom("a", "1", "$i", '"$x y"', "$((i+1))", "$(echo z)", "${x:-d}", "'q'", "$?", "/tmp/f");
const simple = fc.oneof(
  fc.tuple(fc.constantFrom("echo", "printf", "cat", "touch", "rm", "test", "[", "expr", "seq", "exit", "return", "break", "continue", "sleep", "nope", "wc", "tr", "head", ":", "false", "true"), fc.array(word, { maxLength: 3 })).map(([c, a]) => [c, ...a].join(" ")),
  fc.constantFrom("i=$((i+1))", "x=1", "sleep 1", "sleep 0.5", "echo x > /tmp/f", "cat /tmp/f", "[ $i -lt 3 ]", "read v", "trap 'echo t' TERM", "set -e"),
);
const script: fc.Arbitrary<string> = fc.letrec((tie) => ({
  cmd: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    simple,
    fc.tuple(tie("list"), tie("list")).map(([a, b]) => `if ${a}; then ${b}; fi`),
    fc.tuple(tie("list"), tie("list")).map(([a, b]) => `while ${a}; do ${b}; done`),
    fc.tuple(tie("list"), tie("list")).map(([a, b]) => `until ${a}; do ${b}; done`),
    tie("list").map((a) => `for i in 1 2 3; do ${a}; done`),
    tie("list").map((a) => `( ${a} )`),
    tie("list").map((a) => `{ ${a}; }`),
    tie("list").map((a) => `f() { ${a}; }; f 1`),
    tie("list").map((a) => `case $i in 1) ${a};; *) ;; esac`),
    fc.tuple(tie("cmd"), tie("cmd")).map(([a, b]) => `${a} | ${b}`),
  ),
  list: fc.array(fc.tuple(tie("cmd"), fc.constantFrom("; ", " && ", " || ", "\n")), { minLength: 1, maxLength: 3 }).map((xs) => xs.map(([c, sep], i) => c + (i < xs.length - 1 ? sep : "")).join("")),
})).list as fc.Arbitrary<string>;

describe("sh -c property", () => {
  it("random scripts (and broken ones) never throw and give a bounded, time-ordered plan", () => {
    fc.assert(
      fc.property(script, fc.constantFrom("sh", "bash"), fc.nat(5), (s, shell, cut) => {
        for (const text of [s, s.slice(0, s.length - cut)]) {
          const p = plan(text, shell);
          expect(p.steps.length).toBeLessThanOrEqual(MAX_STEPS);
          for (let i = 1; i < p.steps.length; i++) expect(p.steps[i].at).toBeGreaterThanOrEqual(p.steps[i - 1].at);
          if (p.exit) {
            expect(p.exit.at).toBeLessThanOrEqual(HORIZON_MS);
            expect(p.exit.code).toBeGreaterThanOrEqual(0);
            expect(p.exit.code).toBeLessThanOrEqual(255);
          }
        }
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

// ---- in pods ----
const pod = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", script] }], ...extra },
});

const logs = (c: Cluster, name: string) => {
  const l = c.podLogs("default", name);
  return "text" in l ? l.text : l.error;
};

describe("sh -c scripts in pods", () => {
  it("kubectl logs follows the script's clock; the container exits with the script's code at its time", () => {
    const c = createCluster();
    c.api.create("pods", pod("count", "i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); sleep 2; done; exit 4", { restartPolicy: "Never" }));
    c.settle();
    for (let i = 0; i < 100 && !c.store.peek("pods", "default", "count")!.status.containerStatuses?.[0]?.state.running; i++) c.advance(100);
    c.advance(3_000);
    expect(logs(c, "count")).toBe("0\n1\n");
    c.advance(10_000);
    expect(logs(c, "count")).toBe("0\n1\n2\n");
    const st = c.store.peek("pods", "default", "count")!.status;
    const term = st.containerStatuses[0].state.terminated;
    expect(term).toMatchObject({ exitCode: 4, reason: "Error" });
    expect((Date.parse(term.finishedAt) - Date.parse(term.startedAt)) / 1000).toBe(6);
    expect(st.phase).toBe("Failed");
  });

  it("a script that exits 0 after its loop restarts under restartPolicy Always", () => {
    const c = createCluster();
    c.api.create("pods", pod("loop", "for i in 1 2 3; do echo $i; sleep 1; done"));
    c.settle();
    c.advance(20_000);
    const cs = c.store.peek("pods", "default", "loop")!.status.containerStatuses[0];
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });
});

describe("SIGTERM to a shell with a trap (kubelet)", () => {
  const probe = { exec: { command: ["cat", "/tmp/healthy"] }, periodSeconds: 5, failureThreshold: 1 };
  const withProbe = (name: string, script: string) => {
    const p = pod(name, script);
    (p.spec.containers[0] as any).livenessProbe = probe;
    return p;
  };
  const previous = (c: Cluster, name: string) => {
    const l = c.podLogs("default", name, undefined, { previous: true });
    return "text" in l ? l.text : l.error;
  };

  it("a trap that exits: its output in the log, its exit code, soon after the signal", () => {
    const c = createCluster();
    c.api.create("pods", withProbe("trapped", "trap 'echo bye; exit 3' TERM; echo up; while true; do sleep 1; done"));
    c.settle();
    c.advance(15_000);
    const cs = c.store.peek("pods", "default", "trapped")!.status.containerStatuses[0];
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    expect(previous(c, "trapped")).toBe("up\nbye\n");
  });

  it("no trap: PID 1 ignores SIGTERM and dies at SIGKILL after the grace period (137)", () => {
    const c = createCluster();
    c.api.create("pods", withProbe("plain", "echo up; while true; do sleep 1; done"));
    c.settle();
    c.advance(20_000);
    expect(c.store.peek("pods", "default", "plain")!.status.containerStatuses[0].restartCount).toBe(0);
    c.advance(30_000);
    const cs = c.store.peek("pods", "default", "plain")!.status.containerStatuses[0];
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    expect(previous(c, "plain")).toBe("up\n");
  });
});

describe("the script's files through kubectl exec", () => {
  it("a heartbeat file the loop rewrites, an appended log, a removed flag", async () => {
    const { LabSession } = await import("../../src/shell/session.ts");
    const s = new LabSession({ timeMode: "virtual" });
    s.writeFile(
      "controlplane",
      "/root/pod.yaml",
      `apiVersion: v1
kind: Pod
metadata: {name: writer}
spec:
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", "touch /tmp/flag; i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo \\"beat $i\\" > /tmp/heartbeat; echo $i >> /tmp/log; sleep 10; done; rm /tmp/flag; sleep 3600"]
`,
    );
    await s.exec("kubectl apply -f pod.yaml && kubectl wait --for=condition=Ready pod/writer --timeout=60s");
    const cat = async (f: string) => {
      const r = await s.exec(`kubectl exec writer -- cat ${f}`);
      return r.exitCode === 0 ? r.stdout : `exit ${r.exitCode}`;
    };
    expect(await cat("/tmp/heartbeat")).toBe("beat 1\n");
    expect(await cat("/tmp/flag")).toBe("");
    await s.exec("sleep 12");
    expect(await cat("/tmp/heartbeat")).toBe("beat 2\n");
    await s.exec("sleep 30");
    expect(await cat("/tmp/log")).toBe("1\n2\n3\n");
    expect(await cat("/tmp/flag")).toBe("exit 1");
  });
});

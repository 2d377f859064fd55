// Output that reaches the terminal while a command line runs, not when it ends.
//
// just-bash gathers every command's output into the script's result and hands it back when
// the whole line is done. At an interactive prompt, bash writes as it goes: `kubectl get pods
// -w` prints the table and then one row per change; `echo start; sleep 5; echo done` shows
// "start" at once. just-bash has no output hook, so a transform plugin rewrites the line typed
// at the prompt (only that one: nested scripts — sudo's, ssh's, `bash -c` — are not armed):
//
// - every command whose stdout or stderr is the terminal (decided from the AST: the last
//   command of a pipeline, not one inside $(…), a redirect or a background job) gets
//   `>>/dev/.kubelab-tty/1` and/or `2>>/dev/.kubelab-tty/2` put BEFORE its own redirections,
//   so `2>&1`, `>/dev/null`, `>&2` still mean what they mean, left to right. The filesystem
//   adapter hands what lands on those paths to the session's terminal sink, in the order the
//   commands end. Loops, if, case, { } and ( ) are descended into (each command inside
//   writes when it ends); a function's body writes when the call ends.
// - a command of the lab (kubectl, journalctl …: `labCommands`) also gets the prefix
//   assignment `KUBELAB_TTY=N` (N: 1 stdout, 2 stderr, 3 both reach the terminal): the
//   session strips it from the command's environment and lets the command write while it
//   runs (kubectl get -w, rollout status), through CmdIO.write. xtrace lines of the prefix
//   are dropped (dropTtyTrace).

import type { TransformPlugin } from "just-bash";

export const TTY_DIR = "/dev/.kubelab-tty";
export const TTY_VAR = "KUBELAB_TTY";

type Fd = "1" | "2" | "x";
interface Fds {
  o: Fd;
  e: Fd;
}
type Node = { type?: string; [k: string]: unknown };

/** The path a terminal stream writes to (1: stdout, 2: stderr), or null. */
export function ttyStream(path: string): 1 | 2 | null {
  if (path === `${TTY_DIR}/1`) return 1;
  if (path === `${TTY_DIR}/2`) return 2;
  return null;
}

function literal(word: unknown): string | null {
  const w = word as { type?: string; parts?: { type: string; value?: string }[] } | null;
  if (!w || w.type !== "Word" || !Array.isArray(w.parts)) return null;
  let s = "";
  for (const p of w.parts) {
    if (p.type !== "Literal" || typeof p.value !== "string") return null;
    s += p.value;
  }
  return s;
}

/** Where fds 1 and 2 point after a command's redirections, left to right. */
export function applyRedirections(fds: Fds, redirections: unknown): Fds {
  const r: Fds = { ...fds };
  if (!Array.isArray(redirections)) return r;
  const set = (fd: number, v: Fd) => {
    if (fd === 1) r.o = v;
    else if (fd === 2) r.e = v;
  };
  const get = (fd: number): Fd => (fd === 1 ? r.o : fd === 2 ? r.e : "x");
  for (const red of redirections as { operator: string; fd: number | null; fdVariable?: string; target: unknown }[]) {
    if (red.fdVariable) continue;
    const op = red.operator;
    if (op === "&>" || op === "&>>") {
      r.o = r.e = "x";
      continue;
    }
    if (op === ">&" || op === "<&") {
      const t = literal(red.target);
      const fd = red.fd ?? (op === ">&" ? 1 : 0);
      if (t !== null && /^\d+$/.test(t)) set(fd, get(Number(t)));
      else if (op === ">&" && red.fd === null) r.o = r.e = "x"; // >& file
      else set(fd, "x");
      continue;
    }
    if (op === ">" || op === ">>" || op === ">|") set(red.fd ?? 1, "x");
    else if (red.fd !== null) set(red.fd, "x"); // 1<file, 2<>file …
  }
  return r;
}

function redirect(fd: 1 | 2, stream: Fd): Node {
  return {
    type: "Redirection",
    fd: fd === 1 ? null : 2,
    operator: ">>",
    target: { type: "Word", parts: [{ type: "Literal", value: `${TTY_DIR}/${stream}` }] },
  };
}

function markCommand(cmd: Node, fds: Fds, labCommands: ReadonlySet<string>): void {
  if (fds.o === "x" && fds.e === "x") return;
  if (cmd.type === "SimpleCommand" && cmd.name === null) return;
  const reds = Array.isArray(cmd.redirections) ? (cmd.redirections as Node[]) : [];
  const eff = applyRedirections(fds, reds);
  const add: Node[] = [];
  if (fds.o !== "x") add.push(redirect(1, fds.o));
  if (fds.e !== "x") add.push(redirect(2, fds.e));
  cmd.redirections = [...add, ...reds];
  if (cmd.type !== "SimpleCommand") return;
  const name = literal(cmd.name);
  const bits = (eff.o !== "x" ? 1 : 0) | (eff.e !== "x" ? 2 : 0);
  if (name === null || !labCommands.has(name) || bits === 0) return;
  const assignments = Array.isArray(cmd.assignments) ? (cmd.assignments as Node[]) : [];
  cmd.assignments = [...assignments, { type: "Assignment", name: TTY_VAR, value: { type: "Word", parts: [{ type: "Literal", value: String(bits) }] }, append: false, array: null }];
}

function visitStatements(list: unknown, fds: Fds, labCommands: ReadonlySet<string>): void {
  if (!Array.isArray(list)) return;
  for (const st of list as Node[]) {
    if (!st || st.type !== "Statement" || st.background) continue;
    for (const pl of (st.pipelines as Node[]) ?? []) {
      const cmds = (pl.commands as Node[]) ?? [];
      const pipeErr = (pl.pipeStderr as boolean[] | undefined) ?? [];
      cmds.forEach((cmd, i) => {
        const last = i === cmds.length - 1;
        visitCommand(cmd, last ? fds : { o: "x", e: pipeErr[i] ? "x" : fds.e }, labCommands);
      });
    }
  }
}

function visitCommand(cmd: Node, fds: Fds, labCommands: ReadonlySet<string>): void {
  if (!cmd || (fds.o === "x" && fds.e === "x")) return;
  switch (cmd.type) {
    case "SimpleCommand":
    case "ArithmeticCommand":
    case "ConditionalCommand":
      markCommand(cmd, fds, labCommands);
      return;
    case "FunctionDef":
      return;
    case "If":
    case "For":
    case "CStyleFor":
    case "While":
    case "Until":
    case "Case":
    case "Subshell":
    case "Group": {
      const inner = applyRedirections(fds, cmd.redirections);
      if (cmd.type === "If") {
        for (const c of (cmd.clauses as Node[]) ?? []) {
          visitStatements(c.condition, inner, labCommands);
          visitStatements(c.body, inner, labCommands);
        }
        visitStatements(cmd.elseBody, inner, labCommands);
      } else if (cmd.type === "Case") {
        for (const item of (cmd.items as Node[]) ?? []) visitStatements(item.body, inner, labCommands);
      } else {
        if (cmd.type === "While" || cmd.type === "Until") visitStatements(cmd.condition, inner, labCommands);
        visitStatements(cmd.body, inner, labCommands);
      }
      return;
    }
    default:
      return;
  }
}

/**
 * The plugin for one shell. `arm()` before an exec whose output is the terminal: the next
 * transform (that exec's own script, which just-bash transforms before running anything) is
 * rewritten; scripts run inside it are not.
 */
export function terminalPlugin(labCommands: ReadonlySet<string>): TransformPlugin & { arm(on: boolean): void } {
  let armed = false;
  return {
    name: "kubelab-terminal",
    arm(on: boolean) {
      armed = on;
    },
    transform(ctx) {
      if (!armed) return { ast: ctx.ast };
      armed = false;
      visitStatements((ctx.ast as unknown as Node).statements, { o: "1", e: "2" }, labCommands);
      return { ast: ctx.ast };
    },
  };
}

/** Drop xtrace lines of the marker (`+ KUBELAB_TTY=1`). */
export function dropTtyTrace(stderr: string): string {
  if (!stderr.includes(TTY_VAR)) return stderr;
  return stderr.replace(/^\++ KUBELAB_TTY=\d\n/gm, "");
}

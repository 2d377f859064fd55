// Ctrl-C in loops made only of builtins (`while true; do :; done`). just-bash checks the abort
// signal before every command, but a loop of builtins only awaits promises that are already
// resolved: the host's event loop never runs, so the Ctrl-C message (the page's worker
// message, a timer in the CLI and tests) is never delivered until a limit ends the loop.
//
// A transform plugin puts one tick at the top of every loop, `! [[ -e /dev/.kubelab-tick/$? ]]`:
// in the condition list of `while`/`until` (the list's status is its last command's, so
// nothing changes) and at the start of the body of `for` and `for ((…))`. The shell asks the
// filesystem adapter whether that path exists (an await we own). The adapter answers "yes"
// when `$?` is not 0, so the tick's status is `$?`'s (0 or 1; a negated pipeline never
// triggers `set -e`), and it returns at once unless TICK_MS of wall time went by since the
// last yield; then it waits for one macrotask, so the interrupt can run, and the next command
// sees the aborted signal. A conditional costs about as much as an assignment (a custom
// command costs ten times more per iteration). `set -x` lines of the tick are dropped from
// stderr (dropTickTrace).

import type { TransformPlugin } from "just-bash";

export const TICK_PATH = "/dev/.kubelab-tick";
/** Wall time a loop may run between two yields to the host's event loop. */
export const TICK_MS = 20;

type Node = { type?: string; [k: string]: unknown };

// captured at load: just-bash's defense in depth blocks timer and clock globals while a script runs
const hostSetImmediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate?.bind(globalThis);
const hostMessageChannel = globalThis.MessageChannel;
const hostSetTimeout = globalThis.setTimeout.bind(globalThis);
const hostNow = performance.now.bind(performance);

/** Resolve after one macrotask of the host (setImmediate in Node, a MessageChannel in a worker). */
export function macrotask(): Promise<void> {
  if (hostSetImmediate) return new Promise((res) => hostSetImmediate(res));
  if (hostMessageChannel) {
    return new Promise((res) => {
      const ch = new hostMessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        res();
      };
      ch.port2.postMessage(0);
    });
  }
  return new Promise((res) => hostSetTimeout(res, 0));
}

let lastYield = 0;

/** The adapter's answer for a tick path (null for any other path); yields now and then. */
export function tickExists(path: string): Promise<boolean> | null {
  if (!path.startsWith(TICK_PATH + "/")) return null;
  // the tick is `! [[ -e …/$? ]]`: it exists when $? is not 0, so the tick's status is $?'s
  // (0 or 1), and a negated pipeline never triggers `set -e`
  const ok = path.slice(TICK_PATH.length + 1) !== "0";
  const now = hostNow();
  if (now - lastYield < TICK_MS) return Promise.resolve(ok);
  return macrotask().then(() => {
    lastYield = hostNow();
    return ok;
  });
}

/** Drop xtrace lines of the ticks (`+ [[ -e /dev/.kubelab-tick/0 ]]`) from stderr. */
export function dropTickTrace(stderr: string): string {
  if (!stderr.includes(TICK_PATH)) return stderr;
  return stderr.replace(/^\++ \[\[ -e \/dev\/\.kubelab-tick\/\d+ \]\]\n/gm, "");
}

function tickStatement(line: number | undefined): Node {
  return {
    type: "Statement",
    pipelines: [
      {
        type: "Pipeline",
        commands: [
          {
            type: "ConditionalCommand",
            expression: { type: "CondUnary", operator: "-e", operand: { type: "Word", parts: [{ type: "Literal", value: TICK_PATH + "/" }, { type: "ParameterExpansion", parameter: "?", operation: null }] } },
            redirections: [],
            line,
          },
        ],
        negated: true,
        timed: false,
        timePosix: false,
      },
    ],
    operators: [],
    background: false,
    sourceText: `! [[ -e ${TICK_PATH}/$? ]]`,
  };
}

function addTicks(root: unknown): void {
  // iterative: a deeply nested script must not overflow the stack here
  const todo: unknown[] = [root];
  while (todo.length) {
    const node = todo.pop();
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (const x of node) todo.push(x);
      continue;
    }
    const n = node as Node;
    for (const k in n) if (k !== "type" && typeof n[k] === "object") todo.push(n[k]);
    const line = typeof n.line === "number" ? n.line : undefined;
    if ((n.type === "While" || n.type === "Until") && Array.isArray(n.condition)) n.condition.unshift(tickStatement(line));
    else if ((n.type === "For" || n.type === "CStyleFor") && Array.isArray(n.body)) n.body.unshift(tickStatement(line));
  }
}

/** The transform plugin that puts the ticks into every loop of a script. */
export const loopTickPlugin: TransformPlugin = {
  name: "kubelab-loop-tick",
  transform(ctx) {
    addTicks(ctx.ast);
    return { ast: ctx.ast };
  },
};

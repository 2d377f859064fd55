// kubectl's JSONPath dialect (k8s.io/client-go/util/jsonpath): literal text and {actions}:
// fields, [n], [a:b], [*], ['key'], .., [?(@.f op value)], range/end, "quoted" text.
// Missing keys print nothing (kubectl sets AllowMissingKeys).

import { marshal, marshalIndent } from "./json.ts";

type Node =
  | { t: "text"; v: string }
  | { t: "list"; steps: Step[] }
  | { t: "range"; steps: Step[]; body: Node[] };

type Step =
  | { t: "field"; name: string }
  | { t: "recursive" }
  | { t: "index"; start?: number; end?: number; all?: boolean; single?: boolean }
  | { t: "keys"; names: string[] }
  | { t: "filter"; left: Step[]; op?: string; right?: Step[] | { lit: unknown } }
  | { t: "root" }
  | { t: "lit"; v: string };

export class JsonPathError extends Error {}

export function parseJsonPath(tpl: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf("{", i);
    if (open < 0) {
      stack[stack.length - 1].push({ t: "text", v: tpl.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ t: "text", v: tpl.slice(i, open) });
    const close = findClose(tpl, open + 1);
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const action = tpl.slice(open + 1, close).trim();
    i = close + 1;
    if (action === "end") {
      if (stack.length === 1) throw new JsonPathError(`not in range, nothing to end`);
      stack.pop();
      continue;
    }
    if (action.startsWith("range ") || action.startsWith("range\t")) {
      const node: Node = { t: "range", steps: parseSteps(action.slice(6).trim()), body: [] };
      stack[stack.length - 1].push(node);
      stack.push(node.body);
      continue;
    }
    stack[stack.length - 1].push({ t: "list", steps: parseSteps(action) });
  }
  return root;
}

function findClose(s: string, from: number): number {
  let quote = "";
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "}") return i;
  }
  return -1;
}

function unquote(q: string): string {
  if (q.startsWith('"')) return JSON.parse(q);
  return q.slice(1, -1);
}

function parseSteps(expr: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  if (expr.startsWith('"') || expr.startsWith("'")) return [{ t: "lit", v: unquote(expr) }];
  while (i < expr.length) {
    const c = expr[i];
    if (c === "$") { steps.push({ t: "root" }); i++; continue; }
    if (c === "@") { i++; continue; }
    if (c === ".") {
      if (expr[i + 1] === ".") { steps.push({ t: "recursive" }); i += 2; continue; }
      i++;
      let j = i;
      // parser.go parseField/advance: a backslash takes the next character literally
      // (annotations.kubectl\.kubernetes\.io/last-applied-configuration); backslashes are dropped
      while (j < expr.length && !".[]() ,".includes(expr[j])) j += expr[j] === "\\" ? 2 : 1;
      const name = expr.slice(i, Math.min(j, expr.length)).replace(/\\/g, "");
      if (name) steps.push({ t: "field", name });
      i = j;
      continue;
    }
    if (c === "[") {
      const close = matchBracket(expr, i);
      const inner = expr.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === "*") steps.push({ t: "index", all: true });
      else if (inner.startsWith("?(")) steps.push(parseFilter(inner.slice(2, -1)));
      else if (/^['"]/.test(inner)) steps.push({ t: "keys", names: inner.split(",").map((s) => unquote(s.trim())) });
      else if (/^-?\d*(:-?\d*)?$/.test(inner)) {
        const [a, b] = inner.split(":");
        if (b === undefined) steps.push({ t: "index", start: Number(a), single: true });
        else steps.push({ t: "index", start: a === "" ? undefined : Number(a), end: b === "" ? undefined : Number(b) });
      } else steps.push({ t: "keys", names: inner.split(",").map((s) => s.trim()) });
      continue;
    }
    if (c === " ") { i++; continue; }
    throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(c)}`);
  }
  return steps;
}

function matchBracket(s: string, open: number): number {
  let depth = 0, quote = "";
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) { if (c === quote) quote = ""; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i;
  }
  throw new JsonPathError(`unterminated array`);
}

function parseFilter(s: string): Step {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(s);
  if (!m) return { t: "filter", left: parseSteps(s.trim()) };
  const rhs = m[3].trim();
  let right: Step[] | { lit: unknown };
  if (/^['"]/.test(rhs)) right = { lit: unquote(rhs) };
  else if (/^-?\d+(\.\d+)?$/.test(rhs)) right = { lit: Number(rhs) };
  else if (rhs === "true" || rhs === "false") right = { lit: rhs === "true" };
  else right = parseSteps(rhs);
  return { t: "filter", left: parseSteps(m[1].trim()), op: m[2], right };
}

function evalSteps(steps: Step[], cur: unknown[], root: unknown): unknown[] {
  let vals = cur;
  for (const st of steps) {
    const next: unknown[] = [];
    for (const v of vals) {
      switch (st.t) {
        case "root": next.push(root); break;
        case "lit": next.push(st.v); break;
        case "field":
          if (v && typeof v === "object" && !Array.isArray(v)) {
            if (st.name === "*") next.push(...Object.values(v as object));
            else if (st.name in (v as object)) next.push((v as Record<string, unknown>)[st.name]);
          }
          break;
        case "keys":
          if (v && typeof v === "object" && !Array.isArray(v)) for (const k of st.names) if (k in (v as object)) next.push((v as Record<string, unknown>)[k]);
          break;
        case "recursive": collect(v, next); break;
        case "index": {
          if (!Array.isArray(v)) break;
          if (st.all) { next.push(...v); break; }
          const len = v.length;
          if (st.single) {
            let k = st.start!;
            if (k < 0) k += len;
            if (k < 0 || k >= len) throw new JsonPathError(`array index out of bounds: index ${st.start}, length ${len}`);
            next.push(v[k]);
            break;
          }
          let a = st.start ?? 0, b = st.end ?? len;
          if (a < 0) a += len;
          if (b < 0) b += len;
          next.push(...v.slice(Math.max(0, a), Math.min(len, b)));
          break;
        }
        case "filter": {
          const items = Array.isArray(v) ? v : [v];
          for (const it of items) {
            const l = evalSteps(st.left, [it], root);
            if (!st.op) { if (l.length) next.push(it); continue; }
            const r = Array.isArray(st.right) ? evalSteps(st.right, [it], root) : [(st.right as { lit: unknown }).lit];
            if (l.length && r.length && compare(l[0], st.op, r[0])) next.push(it);
          }
          break;
        }
      }
    }
    vals = next;
  }
  return vals;
}

function collect(v: unknown, out: unknown[]): void {
  out.push(v);
  if (Array.isArray(v)) for (const x of v) collect(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) collect(x, out);
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case "==": return a === b || String(a) === String(b);
    case "!=": return !(a === b || String(a) === String(b));
    case "<": return (a as number) < (b as number);
    case ">": return (a as number) > (b as number);
    case "<=": return (a as number) <= (b as number);
    default: return (a as number) >= (b as number);
  }
}

function text(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return marshal(v);
  return String(v);
}

/** Execute a parsed template against data (a JSON-like value with sorted keys). */
export function executeJsonPath(nodes: Node[], data: unknown, asJson = false): string {
  if (asJson) {
    const results: unknown[] = [];
    const walk = (ns: Node[], cur: unknown) => {
      for (const n of ns) {
        if (n.t === "list") results.push(...evalSteps(n.steps, [cur], data));
        else if (n.t === "range") for (const x of evalSteps(n.steps, [cur], data)) walk(n.body, x);
      }
    };
    walk(nodes, data);
    return marshalIndent(results) + "\n";
  }
  let out = "";
  const walk = (ns: Node[], cur: unknown) => {
    for (const n of ns) {
      if (n.t === "text") out += n.v;
      else if (n.t === "list") out += evalSteps(n.steps, [cur], data).map(text).join(" ");
      else for (const x of evalSteps(n.steps, [cur], data)) walk(n.body, x);
    }
  };
  walk(nodes, data);
  return out;
}

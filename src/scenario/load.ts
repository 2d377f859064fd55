// Load and validate a scenario file. Every mistake is reported with the file, the line and
// a plain message; nothing here throws on bad input.

import { LineCounter, parseDocument, isMap, isSeq, type Document } from "yaml";
import type { Check, Scenario, ScenarioError, Step } from "./types.ts";

export const MAX_SCENARIO_BYTES = 256 * 1024;

const CHECK_KINDS = ["exists", "absent", "field", "podRunning", "staticPod", "file", "rollout", "shell", "connect"] as const;
const TOP_KEYS = ["id", "title", "description", "domain", "tags", "difficulty", "minutes", "cluster", "setup", "task", "hints", "solution", "checks", "explanation"];
export const CKA_DOMAINS = [
  "Cluster Architecture, Installation and Configuration",
  "Workloads and Scheduling",
  "Services and Networking",
  "Storage",
  "Troubleshooting",
];

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

export function loadScenario(text: string, file: string): LoadResult {
  const errors: ScenarioError[] = [];
  if (text.length > MAX_SCENARIO_BYTES) return { ok: false, errors: [{ file, message: `file is too large (${text.length} bytes; the limit is ${MAX_SCENARIO_BYTES})` }] };
  const lc = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  } catch (e) {
    return { ok: false, errors: [{ file, message: `not valid YAML: ${(e as Error).message}` }] };
  }
  for (const e of doc.errors) {
    errors.push({ file, line: e.linePos?.[0]?.line, message: `not valid YAML: ${e.message.split("\n")[0]}` });
  }
  if (errors.length) return { ok: false, errors };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, errors: [{ file, message: `not valid YAML: ${(e as Error).message}` }] };
  }
  const lineOf = (path: (string | number)[]): number | undefined => {
    try {
      const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      const off = node?.range?.[0];
      if (off === undefined) {
        if (path.length) return lineOf(path.slice(0, -1));
        return undefined;
      }
      return lc.linePos(off).line;
    } catch {
      return undefined;
    }
  };
  const err = (path: (string | number)[], message: string) => errors.push({ file, line: lineOf(path), message: path.length ? `${path.join(".")}: ${message}` : message });

  if (!data || typeof data !== "object" || Array.isArray(data) || !isMap(doc.contents)) {
    return { ok: false, errors: [{ file, line: 1, message: "a scenario must be a YAML mapping (id:, title:, task:, checks: …)" }] };
  }
  const o = data as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!TOP_KEYS.includes(k)) err([k], `unknown field (known fields: ${TOP_KEYS.join(", ")})`);
  const str = (k: string, required: boolean) => {
    const v = o[k];
    if (v === undefined || v === null) {
      if (required) err([], `missing required field "${k}"`);
      return undefined;
    }
    if (typeof v !== "string") {
      err([k], "must be a string");
      return undefined;
    }
    return v;
  };
  const id = str("id", true);
  if (id !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id)) err(["id"], "must be lower-case letters, digits and '-' (e.g. static-busybox)");
  const title = str("title", true);
  const task = str("task", true);
  const description = str("description", false);
  const explanation = str("explanation", false);
  const domain = str("domain", false);
  if (domain !== undefined && !CKA_DOMAINS.includes(domain)) err(["domain"], `must be one of the CKA domains: ${CKA_DOMAINS.map((d) => JSON.stringify(d)).join(", ")}`);
  const difficulty = o.difficulty;
  if (difficulty !== undefined && !["easy", "medium", "hard"].includes(String(difficulty))) err(["difficulty"], 'must be "easy", "medium" or "hard"');
  if (o.minutes !== undefined && (typeof o.minutes !== "number" || o.minutes <= 0)) err(["minutes"], "must be a positive number");
  const tags = o.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string")) err(["tags"], "must be a list of strings");
  const hints = o.hints ?? [];
  if (!Array.isArray(hints) || hints.some((t) => typeof t !== "string")) err(["hints"], "must be a list of strings");
  const cluster = (o.cluster ?? {}) as Record<string, unknown>;
  if (typeof cluster !== "object" || Array.isArray(cluster)) err(["cluster"], "must be a mapping");
  else {
    for (const k of Object.keys(cluster)) if (k !== "runtime" && k !== "workers") err(["cluster", k], "unknown field (known: runtime, workers)");
    if (cluster.runtime !== undefined && cluster.runtime !== "docker" && cluster.runtime !== "containerd") err(["cluster", "runtime"], 'must be "docker" or "containerd"');
    if (cluster.workers !== undefined && (!Number.isInteger(cluster.workers) || (cluster.workers as number) < 0 || (cluster.workers as number) > 5)) {
      err(["cluster", "workers"], "must be a whole number of worker nodes from 0 to 5 (node01, node02 …)");
    }
  }
  const steps = (key: "setup" | "solution"): Step[] => {
    const v = o[key] ?? [];
    if (!Array.isArray(v) || !isSeq(doc.get(key, true)) && o[key] !== undefined) {
      err([key], "must be a list of steps (- run: …, - wait: N, - apply: …)");
      return [];
    }
    return v.map((s, i) => {
      if (!s || typeof s !== "object" || Array.isArray(s)) {
        err([key, i], "a step must be a mapping with run:, wait: or apply:");
        return {};
      }
      const st = s as Record<string, unknown>;
      for (const k of Object.keys(st)) if (!["node", "run", "wait", "apply"].includes(k)) err([key, i, k], "unknown step field (known: node, run, wait, apply)");
      const n = ["run", "wait", "apply"].filter((k) => st[k] !== undefined).length;
      if (n !== 1) err([key, i], "a step has exactly one of run:, wait: or apply:");
      if (st.run !== undefined && typeof st.run !== "string") err([key, i, "run"], "must be a string (shell commands)");
      if (st.apply !== undefined && typeof st.apply !== "string") err([key, i, "apply"], "must be a string (YAML manifests)");
      if (st.wait !== undefined && (typeof st.wait !== "number" || st.wait < 0 || st.wait > 3600)) err([key, i, "wait"], "must be a number of seconds between 0 and 3600");
      if (st.node !== undefined && typeof st.node !== "string") err([key, i, "node"], "must be a node name");
      return st as Step;
    });
  };
  const setup = steps("setup");
  const solution = steps("solution");
  const checksRaw = o.checks;
  const checks: Check[] = [];
  if (!Array.isArray(checksRaw) || !checksRaw.length) err(checksRaw === undefined ? [] : ["checks"], checksRaw === undefined ? 'missing required field "checks"' : "must be a non-empty list of checks");
  else {
    checksRaw.forEach((c, i) => {
      if (!c || typeof c !== "object" || Array.isArray(c)) {
        err(["checks", i], "a check must be a mapping");
        return;
      }
      const ch = c as Record<string, unknown>;
      if (typeof ch.name !== "string" || !ch.name) err(["checks", i], 'missing "name"');
      const kinds = CHECK_KINDS.filter((k) => ch[k] !== undefined);
      if (kinds.length !== 1) err(["checks", i], `a check has exactly one of: ${CHECK_KINDS.join(", ")}`);
      for (const k of Object.keys(ch)) if (!["name", "points", "hint", ...CHECK_KINDS].includes(k as never)) err(["checks", i, k], "unknown check field");
      if (ch.points !== undefined && (typeof ch.points !== "number" || ch.points < 0)) err(["checks", i, "points"], "must be a number ≥ 0");
      const body = kinds.length === 1 ? (ch[kinds[0]] as Record<string, unknown>) : undefined;
      if (body && (typeof body !== "object" || Array.isArray(body))) err(["checks", i, kinds[0]], "must be a mapping");
      else if (body) {
        const need = (k: string) => {
          if (typeof body[k] !== "string" || !body[k]) err(["checks", i, kinds[0]], `missing "${k}"`);
        };
        switch (kinds[0]) {
          case "exists":
          case "absent":
            need("kind");
            need("name");
            break;
          case "field":
            need("kind");
            need("name");
            need("path");
            if (!["equals", "contains", "matches", "oneOf"].some((k) => body[k] !== undefined)) err(["checks", i, "field"], "needs one of equals, contains, matches, oneOf");
            if (typeof body.matches === "string") {
              try {
                new RegExp(body.matches);
              } catch {
                err(["checks", i, "field", "matches"], "not a valid regular expression");
              }
            }
            break;
          case "podRunning":
            need("name");
            break;
          case "staticPod":
            need("name");
            need("node");
            break;
          case "file":
            need("path");
            break;
          case "rollout":
            need("kind");
            need("name");
            break;
          case "shell":
            need("run");
            break;
          case "connect":
            need("to");
            if (!["open", "refused", "blocked", "unresolved"].includes(body.expect as string)) err(["checks", i, "connect", "expect"], "one of open, refused, blocked, unresolved");
            if (typeof body.from !== "object" || body.from === null || (typeof (body.from as Record<string, unknown>).pod !== "string" && typeof (body.from as Record<string, unknown>).node !== "string")) err(["checks", i, "connect", "from"], "needs pod (and namespace) or node");
            break;
        }
      }
      checks.push(ch as unknown as Check);
    });
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    scenario: {
      id: id!,
      title: title!,
      description,
      domain,
      tags: tags as string[],
      difficulty: difficulty as Scenario["difficulty"],
      minutes: o.minutes as number | undefined,
      cluster: cluster as Scenario["cluster"],
      setup,
      task: task!,
      hints: hints as string[],
      solution,
      checks,
      explanation,
      source: file,
    },
  };
}

export function formatErrors(errors: ScenarioError[]): string {
  return errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ""}: ${e.message}`).join("\n");
}

// js-yaml resolves aliases by reference, so `&a [*a]` is a cycle and nested aliases (a
// "billion laughs" document) expand exponentially as soon as anything walks the value
// (JSON.stringify, structuredClone, validation). go-yaml refuses both; so do we, with its words.

import yaml from "js-yaml";

/** An error shaped like js-yaml's (reason, mark), carrying go-yaml's exact text. */
export class YamlGuardError extends Error {
  constructor(public readonly goText: string) {
    super(goText);
  }
  get reason(): string {
    return this.goText.replace(/^yaml: /, "");
  }
}

const MAX_DEPTH = 10_000;
const MAX_ALIASED_NODES = 100_000;

/** go-yaml's refusal for a decoded value, or null when it is safe to walk. */
export function aliasingProblem(value: unknown): string | null {
  const onPath = new Set<object>();
  const seen = new Set<object>();
  let visits = 0;
  let aliased = false;
  let problem: string | null = null;
  const walk = (v: unknown, depth: number): void => {
    if (problem || v === null || typeof v !== "object") return;
    visits++;
    if (depth > MAX_DEPTH) {
      problem = `yaml: exceeded max depth of ${MAX_DEPTH}`;
      return;
    }
    if (onPath.has(v)) {
      problem = "yaml: anchor value contains itself";
      return;
    }
    if (seen.has(v)) aliased = true;
    else seen.add(v);
    if (aliased && visits > MAX_ALIASED_NODES) {
      problem = "yaml: document contains excessive aliasing";
      return;
    }
    onPath.add(v);
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else for (const k in v as Record<string, unknown>) walk((v as Record<string, unknown>)[k], depth + 1);
    onPath.delete(v);
  };
  try {
    walk(value, 0);
  } catch {
    problem = `yaml: exceeded max depth of ${MAX_DEPTH}`;
  }
  return problem;
}

/** js-yaml's load, refusing cycles, alias bombs and nesting a walk cannot handle (throws YamlGuardError). */
export function loadYamlGuarded(text: string, opts?: yaml.LoadOptions): unknown {
  let v: unknown;
  try {
    v = yaml.load(text, opts);
  } catch (e) {
    if (e instanceof RangeError) throw new YamlGuardError(`yaml: exceeded max depth of ${MAX_DEPTH}`);
    throw e;
  }
  const p = aliasingProblem(v);
  if (p) throw new YamlGuardError(p);
  return v;
}

/** go-yaml's wording for the commonest js-yaml errors (yaml: line N: …). */
export function goYamlError(e: unknown): string {
  if (e instanceof YamlGuardError) return e.goText;
  const err = e as { reason?: string; mark?: { line: number }; message?: string };
  const line = (err.mark?.line ?? 0) + 1;
  const reason = err.reason ?? err.message ?? "invalid";
  let msg = reason;
  if (/bad indentation of a mapping entry/.test(reason)) msg = "mapping values are not allowed in this context";
  else if (/block mapping entry|implicit key/.test(reason)) msg = "could not find expected ':'";
  else if (/bad indentation of a sequence entry/.test(reason)) msg = "did not find expected key";
  else if (/unexpected end of the stream/.test(reason)) msg = "found unexpected end of stream";
  else if (/duplicated mapping key/.test(reason)) return `yaml: unmarshal errors:\n  line ${line}: mapping key "${/"?([^"]*)"?/.exec(reason)?.[1] ?? ""}" already defined`;
  else if (/tab/.test(reason)) msg = "found character that cannot start any token";
  return `yaml: line ${line}: ${msg}`;
}

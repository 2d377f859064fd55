// js-yaml resolves aliases by reference, so `&a [*a]` is a cycle and nested aliases (a
// "billion laughs" document) expand exponentially as soon as anything walks the value
// (JSON.stringify, structuredClone, validation). kubectl decodes a manifest with
// sigs.k8s.io/yaml → its goyaml.v2 fork (gopkg.in/yaml.v2 v2.4.0), which refuses both while it
// decodes; so do we, counting exactly as its decoder counts (decode.go, see goYamlAliasProblem).

import yaml from "js-yaml";
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YNode } from "yaml";

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
const EXCESSIVE = "yaml: document contains excessive aliasing";

// go-yaml v2 decode.go: allowedAliasRatio — 99% of the decodes may come from alias expansion
// up to 400 000 decodes, falling linearly to 10% at 4 000 000.
const RANGE_LOW = 400000;
const RANGE_HIGH = 4000000;
const RANGE = RANGE_HIGH - RANGE_LOW;
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= RANGE_LOW) return 0.99;
  if (decodeCount >= RANGE_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - RANGE_LOW) / RANGE);
}
/** decode.go unmarshal's test, made after every decode. */
const excessive = (decodeCount: number, aliasCount: number): boolean =>
  aliasCount > 100 && decodeCount > 1000 && aliasCount / decodeCount > allowedAliasRatio(decodeCount);

/** Expansion sizes are capped here: beyond it every count refuses (alias decodes ≈ all decodes). */
const SIZE_CAP = 1e12;

/** Where a node may hide an alias: `*name` after a blank, a flow indicator or the start. */
const MAY_ALIAS = /(?:^|[\s[{,])\*[^\s[\]{},]/;

/**
 * go-yaml v2's refusal of one YAML document's aliases, or null. Its decoder (decode.go) counts one
 * decode per node it unmarshals — the document, every mapping, sequence and scalar, every key, every
 * alias node — and, while it is inside an alias expansion (aliasDepth > 0), one alias decode as well;
 * after each decode it fails with "document contains excessive aliasing" when aliasCount > 100 &&
 * decodeCount > 1000 && aliasCount/decodeCount > allowedAliasRatio(decodeCount). An alias met again
 * inside its own expansion fails with "anchor 'NAME' value contains itself". A `<<` merge key is not
 * decoded; its mapping (or alias) value is, or each item of its sequence value.
 * undefined: the text could not be read as one document here (the caller walks the value instead).
 */
export function goYamlAliasProblem(text: string): string | null | undefined {
  if (!MAY_ALIAS.test(text)) return null;
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, merge: false });
  } catch {
    return undefined;
  }
  if (doc.errors.length) return undefined;
  type N = YNode | null;
  // 1. Resolve every alias as the parser does: to the node last anchored with that name before it
  // (an anchor is registered when its node starts, so `&a [*a]` refers to itself).
  const target = new Map<YNode, YNode>();
  const anchors = new Map<string, YNode>();
  const resolve = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    if (isAlias(n)) {
      const t = anchors.get(n.source);
      if (t) target.set(n, t);
      return;
    }
    if (isPair(n)) {
      resolve(n.key);
      resolve(n.value);
      return;
    }
    const node = n as YNode;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isMap(node) || isSeq(node)) for (const it of node.items) resolve(it);
  };
  const isMerge = (k: unknown): boolean =>
    isScalar(k) && ((k.type === "PLAIN" && !k.tag && k.source === "<<") || k.tag === "tag:yaml.org,2002:merge");
  // 2. The number of decodes unmarshalling a node costs, aliases expanded; Infinity on a cycle.
  const sizes = new Map<YNode, number>();
  const inProgress = new Set<YNode>();
  const size = (n: N | undefined): number => {
    if (!n || isScalar(n)) return 1;
    const known = sizes.get(n);
    if (known !== undefined) return known;
    if (inProgress.has(n)) return Infinity;
    inProgress.add(n);
    let s = 1;
    if (isAlias(n)) {
      const t = target.get(n);
      s += t ? size(t) : 0;
    } else if (isSeq(n)) {
      for (const it of n.items) s += isPair(it) ? 1 + size(it.key as N) + size(it.value as N) : size(it as N);
    } else if (isMap(n)) {
      for (const p of n.items) s += isMerge(p.key) ? mergeSize(p.value as N) : size(p.key as N) + size(p.value as N);
    }
    inProgress.delete(n);
    if (s > SIZE_CAP && s !== Infinity) s = SIZE_CAP;
    sizes.set(n, s);
    return s;
  };
  const mergeSize = (v: N): number => (isSeq(v) ? v.items.reduce((a: number, it) => a + size(it as N), 0) : size(v));
  // 3. Decode as decode.go does, in its order; an acyclic alias expansion is one run of alias
  // decodes in which the refusal test is monotone, so it is tested once at the run's end.
  let decodes = 0;
  let aliasDecodes = 0;
  let aliasDepth = 0;
  const expanding = new Set<YNode>();
  const count = (k: number): void => {
    decodes += k;
    if (aliasDepth > 0) aliasDecodes += k;
    if (excessive(decodes, aliasDecodes)) throw new YamlGuardError(EXCESSIVE);
  };
  const unmarshal = (n: N | undefined): void => {
    if (aliasDepth > 0 && n) {
      const s = size(n);
      if (s !== Infinity) return count(s);
    }
    count(1);
    if (!n || isScalar(n)) return;
    if (isAlias(n)) {
      const t = target.get(n);
      if (!t) return;
      if (expanding.has(n)) throw new YamlGuardError(`yaml: anchor '${n.source}' value contains itself`);
      expanding.add(n);
      aliasDepth++;
      unmarshal(t);
      aliasDepth--;
      expanding.delete(n);
    } else if (isSeq(n)) {
      for (const it of n.items) {
        if (isPair(it)) {
          count(1);
          unmarshal(it.key as N);
          unmarshal(it.value as N);
        } else unmarshal(it as N);
      }
    } else if (isMap(n)) {
      for (const p of n.items) {
        if (!isMerge(p.key)) {
          unmarshal(p.key as N);
          unmarshal(p.value as N);
        } else if (isSeq(p.value)) {
          // "Step backwards as earlier nodes take precedence."
          for (let i = p.value.items.length - 1; i >= 0; i--) unmarshal(p.value.items[i] as N);
        } else unmarshal(p.value as N);
      }
    }
  };
  try {
    resolve(doc.contents);
    count(1); // the document node
    if (doc.contents) unmarshal(doc.contents as YNode);
  } catch (e) {
    if (e instanceof YamlGuardError) return e.goText;
    if (e instanceof RangeError) return `yaml: exceeded max depth of ${MAX_DEPTH}`;
    throw e;
  }
  return null;
}

interface ValueCount {
  problem: string | null;
  /** a collection met again while it was being walked: go-yaml names the anchor, this walk cannot */
  cycle: boolean;
  /** collections met again outside any expansion: one per alias of a collection in the text */
  aliases: number;
}

/**
 * The same count on a value js-yaml decoded, where an alias of a collection is that collection met
 * again (js-yaml shares it): each object, array, key and scalar is one decode; a collection met
 * again is an alias node and then as many alias decodes as its first walk took. Exact for aliases
 * of collections; an aliased scalar or a `<<` merge leaves no trace in the value.
 */
function countValue(value: unknown): ValueCount {
  const sizes = new Map<object, number>();
  const onPath = new Set<object>();
  let decodes = 1; // the document node
  let aliasDecodes = 0;
  let aliases = 0;
  const count = (k: number, alias: boolean): boolean => {
    decodes += k;
    if (alias) aliasDecodes += k;
    return excessive(decodes, aliasDecodes);
  };
  // returns true to stop (refused or a cycle)
  const walk = (v: unknown): boolean => {
    if (v === null || typeof v !== "object") return count(1, false);
    const known = sizes.get(v);
    if (known !== undefined) {
      aliases++;
      return count(1, false) || count(known, true);
    }
    if (onPath.has(v)) {
      cycle = true;
      return true;
    }
    onPath.add(v);
    const start = decodes;
    if (count(1, false)) return true;
    if (v instanceof Date || ArrayBuffer.isView(v)) {
      // a timestamp or !!binary scalar
    } else if (Array.isArray(v)) {
      for (const x of v) if (walk(x)) return true;
    } else {
      for (const k in v as Record<string, unknown>) if (count(1, false) || walk((v as Record<string, unknown>)[k])) return true;
    }
    onPath.delete(v);
    sizes.set(v, decodes - start);
    return false;
  };
  let cycle = false;
  let refused = false;
  try {
    refused = walk(value);
  } catch {
    return { problem: `yaml: exceeded max depth of ${MAX_DEPTH}`, cycle: false, aliases };
  }
  return { problem: refused && !cycle ? EXCESSIVE : null, cycle, aliases };
}

/**
 * go-yaml's refusal for a value already decoded (a scenario's documents): countValue, with a
 * cycle reported without its anchor's name.
 */
export function aliasingProblem(value: unknown): string | null {
  const c = countValue(value);
  return c.cycle ? "yaml: anchor value contains itself" : c.problem;
}

/** Documents up to this size are counted on their nodes when the value cannot tell (yaml's parser is ~2.5 µs a byte). */
const EXACT_MAX_CHARS = 128 * 1024;
const ALIAS_TOKENS = new RegExp(MAY_ALIAS.source, "g");
const MAY_MERGE = /<</;

/**
 * js-yaml's load, refusing cycles and alias bombs as go-yaml does (throws YamlGuardError). Most
 * documents have no alias (nothing to count). When every alias in the text is one js-yaml shared
 * (aliases of collections, no `<<`), the count on the value is go-yaml's; otherwise the document's
 * nodes are counted (goYamlAliasProblem) — before js-yaml merges anything when there may be merges,
 * and then js-yaml's own merge-key cap is lifted (the count bounds the work). A document larger
 * than EXACT_MAX_CHARS keeps the count on the value.
 */
export function loadYamlGuarded(text: string, opts?: yaml.LoadOptions): unknown {
  if (!MAY_ALIAS.test(text)) return loadJsYaml(text, opts);
  const small = text.length <= EXACT_MAX_CHARS;
  const mayMerge = MAY_MERGE.test(text);
  // undefined: not counted on the nodes (or yaml's parser could not read the text)
  let exact: string | null | undefined;
  if (small && mayMerge) {
    exact = goYamlAliasProblem(text);
    if (exact) throw new YamlGuardError(exact);
  }
  const v = loadJsYaml(text, exact === null ? ({ maxTotalMergeKeys: -1, ...opts } as yaml.LoadOptions) : opts);
  if (exact === null || v === null || typeof v !== "object") return v;
  const c = countValue(v);
  let problem = c.cycle ? "yaml: anchor value contains itself" : c.problem;
  const valueTells = !mayMerge && c.aliases === (text.match(ALIAS_TOKENS)?.length ?? 0);
  if (c.cycle || (small && !mayMerge && !valueTells)) {
    const e = goYamlAliasProblem(text);
    if (e !== undefined) problem = e;
  }
  if (problem) throw new YamlGuardError(problem);
  return v;
}

function loadJsYaml(text: string, opts?: yaml.LoadOptions): unknown {
  try {
    return yaml.load(text, opts);
  } catch (e) {
    if (e instanceof RangeError) throw new YamlGuardError(`yaml: exceeded max depth of ${MAX_DEPTH}`);
    throw e;
  }
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

// Kubernetes-aware YAML checks for the editor, pure (no monaco, no DOM): syntax errors with
// their line, unknown kinds / apiVersions, unknown fields and wrong scalar types from the
// schema in k8s-schema.ts; and field/kind completion at a position.

import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from "yaml";
import { KINDS, OPEN_KINDS, TYPES, type FieldType } from "./k8s-schema.ts";

export interface Diagnostic {
  /** 1-based */
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  message: string;
  severity: "error" | "warning";
}

function fieldsOf(t: FieldType): Record<string, FieldType> | null {
  return typeof t === "object" && "obj" in t ? (TYPES[t.obj] ?? null) : null;
}

function typeName(t: FieldType): string {
  if (typeof t === "string") return t === "int" ? "integer" : t === "bool" ? "boolean" : t === "map" ? "map of strings" : t;
  if ("list" in t) return "list";
  return "object";
}

/** Is a file that looks like a Kubernetes object (has kind/apiVersion) worth checking? */
export function isManifestPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path) || /\/\.kube\/config$/.test(path);
}

export function validate(text: string): Diagnostic[] {
  const lc = new LineCounter();
  const out: Diagnostic[] = [];
  const at = (range: [number, number] | undefined | null, message: string, severity: Diagnostic["severity"] = "error") => {
    const [a, b] = range ?? [0, 0];
    const p = lc.linePos(a);
    const q = lc.linePos(Math.max(b, a + 1));
    out.push({ line: p.line, col: p.col, endLine: q.line, endCol: q.line === p.line ? Math.max(q.col, p.col + 1) : q.col, message, severity });
  };
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    at([0, 1], (e as Error).message);
    return out;
  }
  if (!Array.isArray(docs)) return out;
  for (const doc of docs) {
    for (const e of doc.errors) at([e.pos[0], e.pos[1]], yamlMessage(e.message));
    if (doc.errors.length) continue;
    const root = doc.contents;
    if (!root || !isMap(root)) continue;
    const kindPair = findPair(root, "kind");
    const apiPair = findPair(root, "apiVersion");
    const kind = kindPair && isScalar(kindPair.value) ? String(kindPair.value.value ?? "") : null;
    const api = apiPair && isScalar(apiPair.value) ? String(apiPair.value.value ?? "") : null;
    if (kind === null && api === null) continue; // plain YAML, not an object
    if (kind === null) {
      at(keyRange(apiPair!), "Object 'Kind' is missing");
      continue;
    }
    if (api === null) {
      at(keyRange(kindPair!), "Object 'apiVersion' is missing (kubectl: unable to recognize this object)");
      continue;
    }
    const schema = KINDS[kind];
    if (!schema) {
      at(valueRange(kindPair!), `no matches for kind "${kind}" in version "${api}"`);
      continue;
    }
    if (schema.apiVersion !== api) {
      at(valueRange(apiPair!), `no matches for kind "${kind}" in version "${api}" (${kind} is ${schema.apiVersion})`);
      continue;
    }
    if (OPEN_KINDS.has(kind)) continue;
    checkMap(root, { apiVersion: "string", kind: "string", ...schema.fields }, "", at);
  }
  return out;
}

function yamlMessage(msg: string): string {
  // the yaml library appends a code frame on some messages; keep the first line
  return msg.split("\n")[0];
}

function findPair(m: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return m.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<unknown, unknown> | undefined;
}

function keyRange(p: Pair<unknown, unknown>): [number, number] | null {
  const k = p.key as Scalar | null;
  return k?.range ? [k.range[0], k.range[1]] : null;
}

function valueRange(p: Pair<unknown, unknown>): [number, number] | null {
  const v = p.value as YamlNode | null;
  return v && "range" in v && v.range ? [v.range[0], v.range[1]] : keyRange(p);
}

type At = (range: [number, number] | null, message: string, severity?: Diagnostic["severity"]) => void;

function checkMap(m: YAMLMap, fields: Record<string, FieldType>, path: string, at: At): void {
  for (const p of m.items as Pair<unknown, unknown>[]) {
    if (!isScalar(p.key)) continue;
    const key = String(p.key.value);
    const full = path ? `${path}.${key}` : key;
    const t = fields[key];
    if (t === undefined) {
      at(keyRange(p), `unknown field "${full}"`);
      continue;
    }
    checkValue(p.value as YamlNode | null, t, full, at, keyRange(p));
  }
}

function checkValue(v: YamlNode | null, t: FieldType, path: string, at: At, keyAt: [number, number] | null): void {
  if (v === null || v === undefined) return; // null is allowed for any field
  if (isScalar(v) && v.value === null) return;
  const range: [number, number] | null = "range" in v && v.range ? [v.range[0], v.range[1]] : keyAt;
  const wrong = (got: string) => at(range, `${path}: expected ${typeName(t)}, got ${got}`);
  const got = isMap(v) ? "an object" : isSeq(v) ? "a list" : isScalar(v) ? (typeof v.value === "number" ? "a number" : typeof v.value === "boolean" ? "a boolean" : "a string") : "something else";
  if (t === "any") return;
  if (t === "string") {
    if (!isScalar(v)) wrong(got);
    else if (typeof v.value !== "string") at(range, `${path}: expected string, got ${got} (quote it)`, "warning");
    return;
  }
  if (t === "int") {
    if (!isScalar(v) || typeof v.value !== "number" || !Number.isInteger(v.value)) wrong(got);
    return;
  }
  if (t === "bool") {
    if (!isScalar(v) || typeof v.value !== "boolean") wrong(got);
    return;
  }
  if (t === "quantity") {
    if (!isScalar(v)) wrong(got);
    return;
  }
  if (t === "map") {
    if (!isMap(v)) {
      wrong(got);
      return;
    }
    for (const p of v.items as Pair<unknown, unknown>[]) {
      const val = p.value as YamlNode | null;
      if (val && (isMap(val) || isSeq(val))) at(valueRange(p), `${path}.${isScalar(p.key) ? String(p.key.value) : "?"}: expected string, got ${isMap(val) ? "an object" : "a list"}`);
    }
    return;
  }
  if ("list" in t) {
    if (!isSeq(v)) {
      wrong(got);
      return;
    }
    v.items.forEach((item, idx) => checkValue(item as YamlNode | null, t.list, `${path}[${idx}]`, at, range));
    return;
  }
  const fields = fieldsOf(t);
  if (!fields) return;
  if (!isMap(v)) {
    wrong(got);
    return;
  }
  checkMap(v, fields, path, at);
}

// ------------------------------------------------------------------ completion

export interface Suggestion {
  label: string;
  /** what to insert ("name: ", "containers:\n  - " …) */
  insert: string;
  detail: string;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * Suggestions at (line, col), 1-based: field names of the object the cursor is in (by
 * indentation, as a human reads YAML), or kinds / apiVersions after `kind:` / `apiVersion:`.
 */
export function suggest(text: string, line: number, col: number): Suggestion[] {
  const lines = text.split("\n");
  const cur = lines[line - 1] ?? "";
  const before = cur.slice(0, col - 1);
  const kindOf = () => {
    const m = /^kind:\s*(\S+)/m.exec(docAround(lines, line - 1));
    return m ? m[1] : null;
  };
  const valueMatch = /^(\s*)(kind|apiVersion):\s*(\S*)$/.exec(before);
  if (valueMatch && valueMatch[1] === "") {
    if (valueMatch[2] === "kind") return Object.entries(KINDS).map(([k, v]) => ({ label: k, insert: k, detail: v.apiVersion }));
    const kind = kindOf();
    const versions = kind && KINDS[kind] ? [KINDS[kind].apiVersion] : [...new Set(Object.values(KINDS).map((k) => k.apiVersion))];
    return versions.map((v) => ({ label: v, insert: v, detail: "apiVersion" }));
  }
  // only keys are completed: the text before the cursor is an indent, an optional "- " and a word
  const keyMatch = /^(\s*)(- )?([\w-]*)$/.exec(before);
  if (!keyMatch) return [];
  const indent = keyMatch[1].length + (keyMatch[2] ? 2 : 0);
  // the path of parent keys, found by walking up to lines with less indentation
  const path: string[] = [];
  let want = indent;
  let itemDash: number | null = keyMatch[2] ? keyMatch[1].length : null;
  for (let i = line - 2; i >= 0 && (want > 0 || itemDash !== null); i--) {
    const l = lines[i];
    if (!l.trim() || l.trim().startsWith("#")) continue;
    if (l.trim() === "---") break;
    const m = /^(\s*)(- )?([\w.-]+):\s*(.*)$/.exec(l);
    const dashLine = /^(\s*)- /.exec(l);
    const ind = indentOf(l);
    const keyCol = dashLine ? ind + 2 : ind;
    if (itemDash !== null) {
      if (dashLine && ind === itemDash) continue; // an earlier item of the same list
      if (keyCol > itemDash) continue;
    } else {
      if (keyCol > want) continue;
      if (keyCol === want) {
        if (dashLine) itemDash = ind; // the "- key: v" line that starts our item
        continue;
      }
    }
    // the parent: a "key:" line with nothing after the colon
    if (!m || (m[4] && !m[4].startsWith("#"))) return [];
    path.unshift(m[3]);
    want = keyCol;
    itemDash = dashLine ? ind : null;
  }
  const kind = kindOf();
  let fields: Record<string, FieldType> | null = kind && KINDS[kind] ? { apiVersion: "string", kind: "string", ...KINDS[kind].fields } : path.length === 0 ? { apiVersion: "string", kind: "string", metadata: { obj: "ObjectMeta" }, spec: "any" } : null;
  for (const step of path) {
    if (!fields) return [];
    let t: FieldType | undefined = fields[step];
    if (t === undefined) return [];
    if (typeof t === "object" && "list" in t) t = t.list;
    fields = fieldsOf(t);
  }
  if (!fields) return [];
  // keys already present at this level are not offered again
  const present = siblingsAt(lines, line - 1, indent);
  return Object.entries(fields)
    .filter(([k]) => !present.has(k))
    .map(([k, t]) => ({ label: k, insert: insertFor(k, t, indent), detail: typeName(t) + (typeof t === "object" && "obj" in t ? ` (${t.obj})` : "") }));
}

function insertFor(key: string, t: FieldType, indent: number): string {
  const pad = " ".repeat(indent + 2);
  if (typeof t === "object" && "list" in t) return typeof t.list === "object" ? `${key}:\n${pad}- ` : `${key}:\n${pad}- `;
  if (typeof t === "object" || t === "map") return `${key}:\n${pad}`;
  return `${key}: `;
}

function docAround(lines: string[], idx: number): string {
  let a = idx;
  while (a > 0 && lines[a - 1].trim() !== "---") a--;
  let b = idx;
  while (b < lines.length - 1 && lines[b + 1].trim() !== "---") b++;
  return lines.slice(a, b + 1).join("\n");
}

function siblingsAt(lines: string[], idx: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const l = lines[i];
      if (!l.trim()) continue;
      if (l.trim() === "---") break;
      const ind = indentOf(l);
      const dash = /^(\s*)- /.exec(l);
      const keyInd = dash ? ind + 2 : ind;
      if (keyInd < indent) {
        if (dash) {
          const m = /^\s*- ([\w-]+):/.exec(l);
          if (m && keyInd === indent) keys.add(m[1]);
        }
        break;
      }
      if (keyInd === indent) {
        const m = /^\s*(?:- )?([\w-]+):/.exec(l);
        if (m) keys.add(m[1]);
        if (dash && step > 0) break; // next list item
      }
    }
  };
  scan(idx - 1, -1);
  scan(idx + 1, 1);
  return keys;
}

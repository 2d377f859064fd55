// Label and field selectors, parsed and matched as the API server does
// (k8s.io/apimachinery/pkg/labels, pkg/fields). Parse errors carry the real messages.

export type Requirement =
  | { key: string; op: "=" | "==" | "!="; values: [string] }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!" }
  | { key: string; op: "gt" | "lt"; values: [string] };

export class SelectorError extends Error {}

export function parseLabelSelector(sel: string): Requirement[] {
  const reqs: Requirement[] = [];
  let i = 0;
  const s = sel;
  const ws = () => {
    while (i < s.length && s[i] === " ") i++;
  };
  const ident = (): string => {
    ws();
    const start = i;
    while (i < s.length && !" ,=!()<>".includes(s[i])) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    ws();
    if (i >= s.length) break;
    if (s[i] === "!") {
      i++;
      const key = ident();
      if (!key) throw new SelectorError(`found '${s[i] ?? "EOS"}', expected: identifier`);
      reqs.push({ key, op: "!" });
    } else {
      const key = ident();
      if (!key) throw new SelectorError(`found '${s[i] ?? "EOS"}', expected: !, identifier, or 'end of string'`);
      ws();
      if (i >= s.length || s[i] === ",") {
        reqs.push({ key, op: "exists" });
      } else if (s.startsWith("==", i)) {
        i += 2;
        reqs.push({ key, op: "==", values: [ident()] });
      } else if (s.startsWith("!=", i)) {
        i += 2;
        reqs.push({ key, op: "!=", values: [ident()] });
      } else if (s[i] === "=") {
        i += 1;
        reqs.push({ key, op: "=", values: [ident()] });
      } else if (s[i] === ">" || s[i] === "<") {
        const op = s[i] === ">" ? "gt" : "lt";
        i++;
        reqs.push({ key, op, values: [ident()] });
      } else {
        const word = ident();
        if (word !== "in" && word !== "notin") throw new SelectorError(`found '${word}', expected: in, notin, =, ==, !=, gt, lt`);
        ws();
        if (s[i] !== "(") throw new SelectorError(`found '${s[i] ?? ""}', expected: '('`);
        i++;
        const values: string[] = [];
        for (;;) {
          const v = ident();
          values.push(v);
          ws();
          if (s[i] === ",") {
            i++;
            continue;
          }
          if (s[i] === ")") {
            i++;
            break;
          }
          throw new SelectorError(`found '${s[i] ?? ""}', expected: ',' or ')'`);
        }
        reqs.push({ key, op: word, values });
      }
    }
    ws();
    if (i < s.length) {
      if (s[i] !== ",") throw new SelectorError(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return reqs;
}

export function matchLabels(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case "=":
      case "==":
        return has && l[r.key] === r.values[0];
      case "!=":
        return !has || l[r.key] !== r.values[0];
      case "in":
        return has && r.values.includes(l[r.key]);
      case "notin":
        return !has || !r.values.includes(l[r.key]);
      case "exists":
        return has;
      case "!":
        return !has;
      case "gt":
        return has && Number(l[r.key]) > Number(r.values[0]);
      case "lt":
        return has && Number(l[r.key]) < Number(r.values[0]);
    }
  });
}

/** matchLabels/matchExpressions of a metav1.LabelSelector. */
export function matchLabelSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  const ml = sel.matchLabels;
  if (ml) for (const k in ml) if (l[k] !== ml[k]) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    if (e.operator === "In" && !(has && vals.includes(l[e.key]))) return false;
    if (e.operator === "NotIn" && has && vals.includes(l[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

export function parseFieldSelector(sel: string): FieldRequirement[] {
  if (!sel.trim()) return [];
  return sel.split(",").map((part) => {
    const m = /^\s*([^=!]+?)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw new SelectorError(`invalid selector: '${sel}'; can't understand '${part}'`);
    return { field: m[1], op: m[2] === "!=" ? "!=" : "=", value: m[3] };
  });
}

export function fieldValue(obj: Record<string, any>, path: string): string {
  let cur: any = obj;
  for (const p of path.split(".")) cur = cur?.[p];
  return cur === undefined || cur === null ? "" : String(cur);
}

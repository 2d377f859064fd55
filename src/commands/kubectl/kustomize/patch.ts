// The patches kustomize applies: strategic merge (kyaml's merge2 walk: maps merged, lists with
// an openapi merge key merged by key with new elements appended, other lists replaced, null
// deletes, `$patch: delete|replace` directives) and RFC 6902 JSON patches.

export type J = null | boolean | number | string | J[] | { [k: string]: J };
export type JObj = { [k: string]: J };

export const isObj = (v: unknown): v is JObj => v !== null && typeof v === "object" && !Array.isArray(v);

/** Merge keys of list fields (the openapi x-kubernetes-patch-merge-key of the core types). */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  ports: "containerPort",
  imagePullSecrets: "name",
  hostAliases: "ip",
  topologySpreadConstraints: "topologyKey",
  conditions: "type",
  resourceClaims: "name",
};

/** Primitive lists merged as sets (patch strategy merge). */
const MERGED_PRIMITIVE_LISTS = new Set(["finalizers"]);

export function strategicMerge(target: J | undefined, patch: J): J | undefined {
  if (!isObj(patch)) return patch;
  if (patch["$patch"] === "delete") return undefined;
  if (patch["$patch"] === "replace") {
    const { $patch: _omit, ...rest } = patch;
    void _omit;
    return rest;
  }
  const out: JObj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch" || k.startsWith("$setElementOrder/") || k.startsWith("$deleteFromPrimitiveList/") || k === "$retainKeys") continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const key = MERGE_KEYS[k];
    const cur = out[k];
    if (Array.isArray(v) && Array.isArray(cur) && key) {
      // kyaml's associative-list walk: the patch's elements first (in its order), merged with
      // the matching ones of the target, then the target's elements the patch does not name
      const list: J[] = [];
      const used = new Set<number>();
      for (const item of v) {
        if (!isObj(item)) {
          list.push(item);
          continue;
        }
        const idx = cur.findIndex((x) => isObj(x) && x[key] === item[key]);
        if (idx >= 0) used.add(idx);
        if (item["$patch"] === "delete") continue;
        if (idx >= 0) {
          const merged = strategicMerge(cur[idx], item);
          if (merged !== undefined) list.push(merged);
        } else list.push(stripDirectives(item));
      }
      cur.forEach((x, i) => {
        if (!used.has(i)) list.push(x);
      });
      out[k] = list;
    } else if (Array.isArray(v) && Array.isArray(cur) && MERGED_PRIMITIVE_LISTS.has(k)) {
      const list = [...cur];
      for (const item of v) if (!list.includes(item)) list.push(item);
      out[k] = list;
    } else if (isObj(v)) {
      const merged = strategicMerge(cur, v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = Array.isArray(v) ? v.map((x) => (isObj(x) ? stripDirectives(x) : x)) : v;
  }
  return out;
}

function stripDirectives(v: J): J {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  const out: JObj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith("$")) continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}

export class JsonPatchError extends Error {}

function decodePointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new JsonPatchError(`invalid path: ${path}`);
  return path
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function getAt(doc: J, parts: string[]): J | undefined {
  let cur: J | undefined = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObj(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

function parentOf(doc: J, parts: string[], op: string, path: string): J {
  const parent = getAt(doc, parts.slice(0, -1));
  if (parent === undefined || parent === null || typeof parent !== "object") {
    throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return parent;
}

function remove(doc: J, path: string): J {
  const parts = decodePointer(path);
  const parent = parentOf(doc, parts, "remove", path);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
    return parent.splice(i, 1)[0];
  }
  const o = parent as JObj;
  if (!(last in o)) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
  const v = o[last];
  delete o[last];
  return v;
}

function add(doc: J, path: string, value: J, op = "add"): J {
  const parts = decodePointer(path);
  if (!parts.length) return value;
  const parent = parentOf(doc, parts, op, path);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    if (last === "-") parent.push(value);
    else {
      const i = Number(last);
      if (!Number.isInteger(i) || i < 0 || i > parent.length) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
      parent.splice(i, 0, value);
    }
  } else (parent as JObj)[last] = value;
  return doc;
}

/** Apply an RFC 6902 patch (a list of operations) to a copy of doc. */
export function applyJsonPatch(docIn: J, ops: J): J {
  let doc = structuredClone(docIn);
  if (!Array.isArray(ops)) throw new JsonPatchError("json patch is not a list");
  for (const raw of ops) {
    if (!isObj(raw)) continue;
    const op = String(raw.op ?? "");
    const path = String(raw.path ?? "");
    switch (op) {
      case "add":
        doc = add(doc, path, structuredClone(raw.value ?? null));
        break;
      case "remove":
        remove(doc, path);
        break;
      case "replace": {
        const parts = decodePointer(path);
        if (!parts.length) {
          doc = structuredClone(raw.value ?? null);
          break;
        }
        const parent = parentOf(doc, parts, "replace", path);
        const last = parts[parts.length - 1];
        if (Array.isArray(parent)) {
          const i = Number(last);
          if (!(i >= 0 && i < parent.length)) throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
          parent[i] = structuredClone(raw.value ?? null);
        } else {
          if (!(last in (parent as JObj))) throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
          (parent as JObj)[last] = structuredClone(raw.value ?? null);
        }
        break;
      }
      case "move": {
        const v = remove(doc, String(raw.from ?? ""));
        doc = add(doc, path, v, "move");
        break;
      }
      case "copy": {
        const v = getAt(doc, decodePointer(String(raw.from ?? "")));
        if (v === undefined) throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${String(raw.from)}: missing value`);
        doc = add(doc, path, structuredClone(v), "copy");
        break;
      }
      case "test": {
        const v = getAt(doc, decodePointer(path));
        if (JSON.stringify(v) !== JSON.stringify(raw.value)) throw new JsonPatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

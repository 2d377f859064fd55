// The server-side table of a custom resource (apiextensions-apiserver
// pkg/registry/customresource/tableconvertor): NAME, then the version's
// additionalPrinterColumns — or, without any, the default AGE column
// (.metadata.creationTimestamp, type date). Cells by column type (cellForJSONValue): integer,
// number, boolean and string values of that type, date as a human duration since then
// ("<invalid>" when it does not parse), string columns printed by the JSONPath printer; a
// missing or mistyped value is nil and prints as <none>.

import type { KubeObject } from "../../../engine/types.ts";
import type { ApiResource } from "../discovery.ts";
import { definitionOf } from "../custom-discovery.ts";
import { executeJsonPath, parseJsonPath } from "./jsonpath.ts";
import { humanDuration, type Column, type Table } from "./table.ts";


interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  priority?: number;
}

const DEFAULT_COLUMNS: PrinterColumn[] = [{ name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" }];

function firstResult(path: string, obj: KubeObject): unknown {
  try {
    const results = JSON.parse(executeJsonPath(parseJsonPath(`{${path}}`), obj, true)) as unknown[];
    return results[0];
  } catch {
    return undefined;
  }
}

function cell(col: PrinterColumn, obj: KubeObject, now: number): string {
  const v = firstResult(col.jsonPath, obj);
  if (v === undefined || v === null) return "<none>";
  switch (col.type) {
    case "integer":
      return typeof v === "number" ? String(Math.trunc(v)) : "<none>";
    case "number":
      return typeof v === "number" ? String(v) : "<none>";
    case "boolean":
      return typeof v === "boolean" ? String(v) : "<none>";
    case "date": {
      if (typeof v !== "string") return "<none>";
      const t = Date.parse(v);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(t)) return "<invalid>";
      return humanDuration(now - t);
    }
    case "string":
      return typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return "<none>";
}

/** The table of a custom resource's objects, or undefined when r is not a custom resource. */
export function customResourceTable(r: ApiResource, objs: KubeObject[], now: number): Table | undefined {
  const crd = definitionOf(r);
  if (!crd) return undefined;
  const version = (crd.spec?.versions ?? []).find((v: any) => v.name === r.version);
  const cols: PrinterColumn[] = version?.additionalPrinterColumns?.length ? version.additionalPrinterColumns : DEFAULT_COLUMNS;
  const columns: Column[] = [{ name: "Name", priority: 0 }, ...cols.map((c) => ({ name: c.name, priority: c.priority ?? 0 }))];
  return { columns, rows: objs.map((o) => ({ cells: [o.metadata.name!, ...cols.map((c) => cell(c, o, now))], object: o })) };
}

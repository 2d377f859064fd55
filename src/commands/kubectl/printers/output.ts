// genericclioptions.PrintFlags: -o yaml|json|name|jsonpath=…|jsonpath-as-json=…, the
// "created (dry run)" default, and the printers' framing (YAML `---` between objects).

import type { KubeObject } from "../../../engine/types.ts";
import { KubectlError } from "../cobra.ts";
import { resourceForKind } from "../discovery.ts";
import { canonicalize } from "./canonical.ts";
import { marshalIndent, sortKeysDeep } from "./json.ts";
import { executeJsonPath, JsonPathError, parseJsonPath } from "./jsonpath.ts";
import { toYaml } from "./yaml.ts";

export const PRINT_FORMATS = ["go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "yaml"];

export const OUTPUT_FLAG = { name: "output", short: "o", type: "string" as const };

export interface Printer {
  /** print one object (printers count the objects they printed, as kubectl's do) */
  print(obj: KubeObject): string;
}

/** `pod/nginx`, `deployment.apps/web`. */
export function objectName(obj: KubeObject): string {
  const r = resourceForKind(obj.kind, obj.apiVersion);
  const group = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[0] : "";
  const kind = obj.kind.toLowerCase();
  const res = r ? r.kind.toLowerCase() : kind;
  return `${group ? `${res}.${group}` : res}/${obj.metadata.name}`;
}

/**
 * The printer for -o (format) — or, with no -o, the "<name> <operation>" printer.
 * typed: objects built by kubectl itself (run/create): JSON in Go struct order. Otherwise
 * (objects read from the server, unstructured): keys sorted.
 */
export function makePrinter(format: string, opts: { operation?: string; typed?: boolean; allowed?: string[] } = {}): Printer {
  const allowed = opts.allowed ?? PRINT_FORMATS;
  const eq = format.indexOf("=");
  const kind = eq >= 0 ? format.slice(0, eq) : format;
  const arg = eq >= 0 ? format.slice(eq + 1) : "";
  const unmatched = () =>
    new KubectlError(`unable to match a printer suitable for the output format "${format}", allowed formats are: ${allowed.join(",")}`);
  let count = 0;
  switch (format === "" ? "" : kind) {
    case "":
      if (opts.operation === undefined) throw unmatched();
      return { print: (o) => `${objectName(o)} ${opts.operation}\n` };
    case "name":
      if (eq >= 0) throw unmatched();
      return { print: (o) => `${objectName(o)}\n` };
    case "yaml":
      if (eq >= 0) throw unmatched();
      return {
        print: (o) => (count++ > 0 ? "---\n" : "") + toYaml(o),
      };
    case "json":
      if (eq >= 0) throw unmatched();
      return { print: (o) => marshalIndent(opts.typed ? canonicalize(o) : sortKeysDeep(o)) + "\n" };
    case "jsonpath":
    case "jsonpath-as-json": {
      if (!allowed.includes(kind)) throw unmatched();
      if (!arg) throw new KubectlError("template format specified but no template given");
      let nodes;
      try {
        nodes = parseJsonPath(arg);
      } catch (e) {
        if (e instanceof JsonPathError) throw new KubectlError(`error parsing jsonpath ${arg}, ${e.message}`);
        throw e;
      }
      return {
        print: (o) => {
          try {
            return executeJsonPath(nodes, sortKeysDeep(o), kind === "jsonpath-as-json");
          } catch (e) {
            if (e instanceof JsonPathError) throw new KubectlError(`error executing jsonpath "${arg}": Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${arg}\n\tobject given to jsonpath engine was:\n\t\t${JSON.stringify(sortKeysDeep(o))}\n\n`);
            throw e;
          }
        },
      };
    }
    default:
      throw unmatched();
  }
}

// kubectl api-resources / api-versions, computed from the discovery table.

import { KubectlError, type CommandSpec, type RunCtx } from "./cobra.ts";
import { allApiResources, apiVersionOf, type ApiResource } from "./discovery.ts";
import { tabwrite } from "./printers/tabwriter.ts";

function preferred(): ApiResource[] {
  const seenGroup = new Map<string, string>();
  for (const r of allApiResources()) if (!seenGroup.has(r.group)) seenGroup.set(r.group, r.version);
  return allApiResources().filter((r) => seenGroup.get(r.group) === r.version);
}

function runApiResources(ctx: RunCtx): void {
  const output = ctx.str("output");
  if (output !== "" && output !== "wide" && output !== "name") throw new KubectlError(`--output ${output} is not available`);
  let list = preferred();
  if (ctx.changed("api-group")) list = list.filter((r) => r.group === ctx.str("api-group"));
  if (ctx.changed("namespaced")) list = list.filter((r) => r.namespaced === ctx.bool("namespaced"));
  const verbs = ctx.arr("verbs");
  if (verbs.length) list = list.filter((r) => verbs.every((v) => r.verbs.includes(v)));
  const cats = ctx.arr("categories");
  if (cats.length) list = list.filter((r) => cats.every((c) => r.categories.includes(c)));
  list = [...list].sort((a, b) => (a.group !== b.group ? (a.group < b.group ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (output === "name") {
    ctx.out(list.map((r) => (r.group ? `${r.name}.${r.group}` : r.name) + "\n").join(""));
    return;
  }
  const wide = output === "wide";
  const lines: string[] = [];
  if (!ctx.bool("no-headers")) lines.push(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", ...(wide ? ["VERBS", "CATEGORIES"] : [])].join("\t"));
  for (const r of list) {
    const cells = [r.name, r.shortNames.join(","), apiVersionOf(r), String(r.namespaced), r.kind];
    if (wide) cells.push(r.verbs.join(","), r.categories.join(","));
    lines.push(cells.join("\t"));
  }
  ctx.out(tabwrite(lines.join("\n") + "\n", 6, 3));
}

function runApiVersions(ctx: RunCtx): void {
  const set = new Set(allApiResources().map((r) => apiVersionOf(r)));
  ctx.out([...set].sort().map((v) => v + "\n").join(""));
}

export const apiResourcesCommand: CommandSpec = {
  name: "api-resources",
  flags: [
    { name: "api-group", type: "string" },
    { name: "cached", type: "bool" },
    { name: "categories", type: "stringSlice" },
    { name: "namespaced", type: "bool", default: true },
    { name: "no-headers", type: "bool" },
    { name: "output", short: "o", type: "string" },
    { name: "sort-by", type: "string" },
    { name: "verbs", type: "stringSlice" },
  ],
  run: runApiResources,
};

export const apiVersionsCommand: CommandSpec = { name: "api-versions", run: runApiVersions };

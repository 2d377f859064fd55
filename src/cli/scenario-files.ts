// Scenario files on disk, for the CLI (the page bundles them at build time).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const SCENARIO_DIR = join(ROOT, "scenarios");

export function findScenarioFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name));
    } else if (/\.ya?ml$/.test(p)) out.push(p);
  };
  for (const p of paths.length ? paths : [SCENARIO_DIR]) walk(resolve(p));
  return out;
}

/** path (relative to the repo) → text */
export function readScenarioFiles(paths: string[] = []): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of findScenarioFiles(paths)) files[relative(ROOT, f)] = readFileSync(f, "utf8");
  return files;
}

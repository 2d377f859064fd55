import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "vite";

/**
 * The service worker's precache list (public/sw.js): after the build, write every emitted
 * file and a version (a hash of their names, which carry content hashes) into dist/sw.js.
 */
function precache(): Plugin {
  let outDir = "dist";
  const files: string[] = [];
  return {
    name: "kubelab-precache",
    apply: "build",
    configResolved(c) {
      outDir = c.build.outDir;
    },
    generateBundle(_opts, bundle) {
      for (const name of Object.keys(bundle)) if (name !== "sw.js" && !name.endsWith(".map")) files.push(name);
    },
    writeBundle() {
      const sw = join(outDir, "sw.js");
      if (!existsSync(sw)) return;
      const list = [...new Set(files)].filter((f) => f !== "index.html").sort();
      const version = createHash("sha256").update(list.join("\n")).digest("hex").slice(0, 12);
      const text = readFileSync(sw, "utf8")
        .replace(/^const VERSION = .*$/m, `const VERSION = ${JSON.stringify(version)};`)
        .replace(/^const FILES = .*$/m, `const FILES = ${JSON.stringify(list)};`);
      writeFileSync(sw, text);
    },
  };
}

// monaco-editor 0.57's exports map turns `monaco-editor/esm/vs/*` into `esm/vs/esm/vs/*`;
// monaco-vim imports that deep path, so send it to the real files.
const monacoEsm = fileURLToPath(new URL("./node_modules/monaco-editor/esm/vs/", import.meta.url));

// Relative base: the build works from any static host and any sub-path.
export default defineConfig({
  base: "./",
  plugins: [react(), precache()],
  resolve: { alias: [{ find: /^monaco-editor\/esm\/vs\/(.*?)(\.js)?$/, replacement: `${monacoEsm}$1.js` }] },
  build: {
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: "es" },
  preview: { host: "127.0.0.1" },
  // unit, golden, scenario, CLI and fuzz tests (the browser tests are tests/e2e/run.mjs)
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    environment: "node",
    pool: "threads",
    maxWorkers: 2,
    testTimeout: 30000,
  },
});

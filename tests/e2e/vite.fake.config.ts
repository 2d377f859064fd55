// Build the page against the fake session (tests/terminal/fake-session.ts): a UI check that
// does not need the engine. `npx vite build -c tests/e2e/vite.fake.config.ts` → .tmp/dist-fake/.
import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vite";
import base from "../../vite.config.ts";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default mergeConfig(
  base,
  defineConfig({
    root: here("../.."),
    resolve: {
      alias: [
        { find: /^\.\.\/scenario\/runner\.ts$/, replacement: here("./fake/session.ts") },
        { find: /^\.\.\/scenario\/catalog\.ts$/, replacement: here("./fake/catalog.ts") },
      ],
    },
    build: { outDir: here("../../.tmp/dist-fake"), emptyOutDir: true },
  }),
);

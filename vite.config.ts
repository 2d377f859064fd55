import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

// monaco-editor 0.57's exports map turns `monaco-editor/esm/vs/*` into `esm/vs/esm/vs/*`;
// monaco-vim imports that deep path, so send it to the real files.
const monacoEsm = fileURLToPath(new URL("./node_modules/monaco-editor/esm/vs/", import.meta.url));

// Relative base: the build works from any static host and any sub-path.
export default defineConfig({
  base: "./",
  plugins: [react()],
  resolve: { alias: [{ find: /^monaco-editor\/esm\/vs\/(.*?)(\.js)?$/, replacement: `${monacoEsm}$1.js` }] },
  build: {
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: "es" },
  preview: { host: "127.0.0.1" },
});

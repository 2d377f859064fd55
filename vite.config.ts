import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Relative base: the build works from any static host and any sub-path.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: {
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: "es" },
  preview: { host: "127.0.0.1" },
});

// Shared by the engine benches (engine.mjs, big-deployment.mjs, identical.mjs): the engine and
// kubectl bundled with esbuild as the page ships them (tsx's keepNames transform wraps every
// closure and costs ~2x on hot paths), or imported from source through tsx (--source), and an
// on-demand V8 CPU profiler for one measured section.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** { createCluster, DEFAULT_SPEC, kubectl } of the tree at root. */
export async function loadEngine(root, { source = false } = {}) {
  if (source) return { ...(await import(pathToFileURL(join(root, "src/engine/cluster.ts")).href)), ...(await import(pathToFileURL(join(root, "src/commands/kubectl/index.ts")).href)) };
  const { buildSync } = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "kubelab-bench-"));
  const entry = join(dir, "entry.ts");
  writeFileSync(entry, `export { createCluster, DEFAULT_SPEC } from ${JSON.stringify(join(root, "src/engine/cluster.ts"))};\nexport { kubectl } from ${JSON.stringify(join(root, "src/commands/kubectl/index.ts"))};\n`);
  buildSync({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: join(dir, "engine.mjs"),
    logLevel: "warning",
    external: ["@mongodb-js/zstd", "node-liblzma"],
    // the yaml package (CommonJS) requires node's builtins: an ESM bundle needs a require
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  });
  const mod = await import(pathToFileURL(join(dir, "engine.mjs")).href);
  rmSync(dir, { recursive: true, force: true });
  return mod;
}

/**
 * start(name)/stop(name) profile the section called `wanted` (nothing for the others) and write
 * <root>/.tmp/<prefix><name>.cpuprofile (open it in Chrome DevTools).
 */
export async function sectionProfiler(root, wanted, { prefix = "profile-", intervalUs = 100 } = {}) {
  let session;
  if (wanted) {
    const { Session } = await import("node:inspector/promises");
    session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
  }
  return {
    async start(name) {
      if (wanted === name) await session.post("Profiler.start");
    },
    async stop(name) {
      if (wanted !== name) return;
      const { profile } = await session.post("Profiler.stop");
      const out = join(root, ".tmp", `${prefix}${name}.cpuprofile`);
      mkdirSync(join(root, ".tmp"), { recursive: true });
      writeFileSync(out, JSON.stringify(profile));
      console.error(`profile written: ${out}`);
    },
  };
}

/** CPU time of this process (all threads), ms. */
export const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** What kubectl.run needs of the lab, on the cluster's controlplane (a page session's shape). */
export function benchLab(c) {
  const machine = c.machine("controlplane");
  const lab = {
    cluster: c,
    machine,
    api: () => c.api,
    now: () => c.now(),
    sleep: async (ms) => c.advance(ms),
    resolve: (cwd, p) => (p.startsWith("/") ? p : `${cwd}/${p}`),
  };
  return { lab, io: { stdin: "", cwd: "/root", env: { HOME: "/root" } } };
}

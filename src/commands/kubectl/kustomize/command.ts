// `kubectl kustomize [DIR]` and the -k/--kustomize input of apply/create/delete/get: the build of
// ./build.ts over this machine's filesystem, printed as kustomize's resmap.AsYaml (each resource
// through sigs.k8s.io/yaml — sorted keys, goyaml.v2 style — joined by `---`).

import { KubectlError, type CommandSpec, type RunCtx } from "../cobra.ts";
import { fromHelp } from "../spec.ts";
import { toYaml } from "../printers/yaml.ts";
import { KustomizeError, kustomizeBuild, type KFs } from "./build.ts";

function labFs(ctx: RunCtx): KFs {
  const fs = ctx.lab.machine?.fs;
  return {
    exists: (p) => !!fs && fs.exists(p),
    isDir: (p) => !!fs && fs.isDir(p),
    readFile: (p) => fs!.readFile(p),
  };
}

function nameserver(ctx: RunCtx): string | undefined {
  const fs = ctx.lab.machine?.fs;
  try {
    const text = fs?.exists("/etc/resolv.conf") ? fs.readFile("/etc/resolv.conf") : "";
    return /^nameserver\s+(\S+)/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** Build DIR as kubectl does; warnings go to stderr, errors are `error: …`. Returns the YAML stream. */
export function kustomizeYaml(ctx: RunCtx, dir: string): string {
  try {
    const fs = ctx.lab.machine?.fs;
    const hasGit = !!fs && ["/usr/bin/git", "/bin/git", "/usr/local/bin/git"].some((p) => fs.exists(p));
    const r = kustomizeBuild(labFs(ctx), ctx.io.cwd, dir, { nameserver: nameserver(ctx), hasGit });
    for (const w of r.warnings) ctx.err(w);
    return r.objects.map((o) => toYaml(o)).join("---\n");
  } catch (e) {
    if (e instanceof KustomizeError) {
      for (const w of e.warnings) ctx.err(w);
      throw new KubectlError(e.message);
    }
    throw e;
  }
}

export const kustomizeCommand: CommandSpec = fromHelp("kustomize", {
  run: (ctx) => {
    if (ctx.args.length > 1) throw new KubectlError("specify one path to kustomization.yaml");
    const text = kustomizeYaml(ctx, ctx.args[0] ?? ".");
    const out = ctx.str("output");
    if (out) {
      const fs = ctx.lab.machine?.fs;
      if (fs) fs.writeFile(ctx.lab.resolve(ctx.io.cwd, out), text);
      return;
    }
    ctx.out(text);
  },
});

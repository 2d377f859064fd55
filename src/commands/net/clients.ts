// Network clients over the engine's network model: busybox wget, nslookup and nc (in
// busybox-based containers), and curl (the nodes' Ubuntu curl 8.5 and images that ship curl).
// The clients themselves are pure functions in src/engine/network/clients.ts (a container's
// main process runs them too); here they wait out their timeouts in virtual time (ctx.sleep,
// interruptible by Ctrl-C).

import * as engine from "../../engine/network/clients.ts";
import type { ClientCtx, ClientResult } from "../../engine/network/clients.ts";
import type { CmdResult } from "../types.ts";

export interface NetCtx extends ClientCtx {
  sleep(ms: number): Promise<void>;
  aborted(): boolean;
}

async function finish(r: ClientResult, ctx: NetCtx): Promise<CmdResult> {
  if (r.elapsedMs > 0) {
    await ctx.sleep(r.elapsedMs);
    if (r.interrupted && ctx.aborted()) return r.interrupted;
  }
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

export const wget = (args: string[], ctx: NetCtx): Promise<CmdResult> => finish(engine.wget(args, ctx), ctx);
export const nslookup = (args: string[], ctx: NetCtx): Promise<CmdResult> => finish(engine.nslookup(args, ctx), ctx);
export const nc = (args: string[], ctx: NetCtx): Promise<CmdResult> => finish(engine.nc(args, ctx), ctx);
export const curl = (args: string[], ctx: NetCtx): Promise<CmdResult> => finish(engine.curl(args, ctx), ctx);

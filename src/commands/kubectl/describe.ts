// kubectl describe (k8s.io/kubectl/pkg/cmd/describe): TYPE [NAME_PREFIX] | TYPE/NAME | -f FILE |
// -l SELECTOR, -A; objects separated by a blank line pair; a name that is not found is retried
// as a prefix (DescribeMatchingResources). The layouts are in printers/describers.ts.

import type { KubeObject } from "../../engine/types.ts";
import { ApiError } from "../../engine/api/errors.ts";
import { KubectlError, RawError, errorText, type CommandSpec, type RunCtx } from "./cobra.ts";
import { parseResourceArgs } from "./get.ts";
import { readInfos } from "./apply.ts";
import { fromHelp } from "./spec.ts";
import { describeObject, type DescribeContext } from "./printers/describers.ts";
import type { ApiResource } from "./discovery.ts";

function runDescribe(ctx: RunCtx): void {
  if (!ctx.args.length && !ctx.arr("filename").length) {
    throw new KubectlError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  const api = ctx.lab.api();
  const now = ctx.lab.now();
  const allNs = ctx.bool("all-namespaces");
  const ns = ctx.namespace();
  const selector = ctx.str("selector");
  const listCache = new Map<string, KubeObject[]>();
  const dctx: DescribeContext = {
    now,
    showEvents: ctx.flags.values.has("show-events") ? ctx.bool("show-events") : true,
    list: (resource, namespace) => {
      const key = `${resource}/${namespace ?? ""}`;
      let l = listCache.get(key);
      if (!l) {
        try {
          l = api.list(resource, namespace);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          l = [];
        }
        listCache.set(key, l);
      }
      return l;
    },
    get: (resource, namespace, name) => {
      try {
        return api.get(resource, namespace, name);
      } catch (e) {
        if (e instanceof ApiError) return undefined;
        throw e;
      }
    },
  };

  const objs: KubeObject[] = [];
  const errors: string[] = [];
  if (ctx.arr("filename").length) {
    for (const info of readInfos(ctx)) {
      try {
        objs.push(api.get(info.resource.name, info.namespace, info.obj.metadata.name!));
      } catch (e) {
        if (e instanceof ApiError) errors.push(errorText(e).text);
        else throw e;
      }
    }
  } else {
    const reqs = parseResourceArgs(ctx.args);
    for (const r of reqs) {
      const namespace = r.resource.namespaced ? (allNs ? undefined : ns) : undefined;
      if (!r.names.length) {
        objs.push(...api.list(r.resource.name, namespace, selector ? { labelSelector: selector } : {}));
        continue;
      }
      for (const name of r.names) {
        try {
          objs.push(api.get(r.resource.name, namespace, name));
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          if (e.reason === "NotFound" && ctx.args.length === 2 && !ctx.args[0].includes("/")) {
            const matching = prefixMatches(api.list(r.resource.name, namespace), name);
            if (matching.length) {
              objs.push(...matching);
              continue;
            }
          }
          errors.push(errorText(e).text);
        }
      }
    }
    if (!objs.length && !errors.length) {
      const nsScoped = reqs.every((r: { resource: ApiResource }) => r.resource.namespaced) && !allNs;
      ctx.err(nsScoped ? `No resources found in ${ns} namespace.\n` : "No resources found\n");
      return;
    }
  }
  let first = true;
  for (const o of objs) {
    const s = describeObject(o, dctx);
    ctx.out(first ? s : `\n\n${s}`);
    first = false;
  }
  if (errors.length) throw new RawError(errors.join(""));
}

function prefixMatches(list: KubeObject[], prefix: string): KubeObject[] {
  return list.filter((o) => o.metadata.name!.startsWith(prefix));
}

export const describeCommand: CommandSpec = fromHelp("describe", { run: runDescribe });

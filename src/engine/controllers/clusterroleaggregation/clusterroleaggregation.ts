// The ClusterRole aggregation controller of kube-controller-manager
// (pkg/controller/clusterroleaggregation): a ClusterRole with an aggregationRule gets the
// rules of every ClusterRole its selectors match (by name order, itself left out, a rule
// taken once). Any ClusterRole change re-queues every aggregated role.

import type { WatchEvent } from "../../api/store.ts";
import { matchLabelSelector } from "../../api/selectors.ts";
import { deepClone } from "../../api/store.ts";
import { Controller } from "../manager.ts";

export class ClusterRoleAggregationController extends Controller {
  readonly name = "clusterrole-aggregation";

  onEvent(e: WatchEvent): void {
    if (e.resource === "clusterroles") this.resyncAll();
  }

  resyncAll(): void {
    for (const cr of this.store.listRaw("clusterroles")) if (cr.aggregationRule) this.enqueue(cr.metadata.name!);
  }

  sync(name: string): void {
    const shared = this.store.peek("clusterroles", undefined, name);
    if (!shared?.aggregationRule) return;
    const selectors = Array.isArray(shared.aggregationRule.clusterRoleSelectors) ? shared.aggregationRule.clusterRoleSelectors : [];
    const rules: unknown[] = [];
    const seen = new Set<string>();
    const all = this.store.listRaw("clusterroles");
    for (const sel of selectors) {
      for (const cr of all) {
        if (cr.metadata.name === name || !matchLabelSelector(sel ?? {}, cr.metadata.labels ?? {})) continue;
        for (const rule of Array.isArray(cr.rules) ? cr.rules : []) {
          const key = JSON.stringify(rule);
          if (seen.has(key)) continue;
          seen.add(key);
          rules.push(rule);
        }
      }
    }
    if (JSON.stringify(rules) === JSON.stringify(shared.rules ?? [])) return;
    const next = deepClone(shared);
    next.rules = deepClone(rules);
    this.api.updateStatus("clusterroles", next);
  }
}

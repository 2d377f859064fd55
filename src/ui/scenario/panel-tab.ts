// Which tab of the task panel shows (Task, All tasks; Cluster follows the lab's showCluster),
// one small store per lab.

import { createStore, type StoreApi } from "zustand/vanilla";
import type { Lab } from "../lab.ts";

export type PanelTab = "task" | "tasks" | "cluster";

const tabs = new WeakMap<Lab, StoreApi<{ tab: PanelTab }>>();

export function panelTab(lab: Lab): StoreApi<{ tab: PanelTab }> {
  let s = tabs.get(lab);
  if (!s) {
    s = createStore<{ tab: PanelTab }>(() => ({ tab: "task" }));
    tabs.set(lab, s);
  }
  return s;
}

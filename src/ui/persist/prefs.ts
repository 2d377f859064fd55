// The page's remembered settings (theme, screen-reader mode, the task panel's width): small,
// read synchronously before the first paint, so localStorage rather than IndexedDB.

import { createStore, type StoreApi } from "zustand/vanilla";

export type Theme = "dark" | "light";

export interface Prefs {
  theme: Theme;
  /** xterm's screen-reader mode */
  screenReader: boolean;
  /** the task panel's width in % of the window; null: the default */
  taskWidth: number | null;
}

export const PREFS_KEY = "kubelab:prefs";

function systemTheme(): Theme {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
}

function read(storage: Storage | null): Partial<Prefs> {
  try {
    const v = JSON.parse(storage?.getItem(PREFS_KEY) ?? "{}") as Record<string, unknown>;
    const out: Partial<Prefs> = {};
    if (v.theme === "dark" || v.theme === "light") out.theme = v.theme;
    if (typeof v.screenReader === "boolean") out.screenReader = v.screenReader;
    if (typeof v.taskWidth === "number" && v.taskWidth >= 15 && v.taskWidth <= 70) out.taskWidth = v.taskWidth;
    return out;
  } catch {
    return {};
  }
}

export function createPrefs(storage: Storage | null = typeof localStorage !== "undefined" ? localStorage : null): StoreApi<Prefs> & { forget(): void } {
  const defaults = (): Prefs => ({ theme: systemTheme(), screenReader: false, taskWidth: null });
  const store = createStore<Prefs>(() => ({ ...defaults(), ...read(storage) }));
  store.subscribe((p) => {
    try {
      storage?.setItem(PREFS_KEY, JSON.stringify(p));
    } catch {
      // full or disabled storage: the settings last for this visit
    }
  });
  return Object.assign(store, {
    /** Reset everything: the settings, and every other thing this lab keeps in localStorage (kubelab:*). */
    forget() {
      store.setState(defaults());
      try {
        const keys: string[] = [];
        for (let i = 0; storage && i < storage.length; i++) {
          const k = storage.key(i);
          if (k?.startsWith("kubelab:")) keys.push(k);
        }
        for (const k of keys) storage?.removeItem(k);
      } catch {
        // nothing kept
      }
    },
  });
}

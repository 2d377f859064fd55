// A scenario file dropped onto the window: read as text (a huge or binary file is refused
// before it reaches the worker), validated by the worker with the pack's own loader, then
// played at once as `local:<id>`.

import { createStore, type StoreApi } from "zustand/vanilla";
import type { Lab } from "../lab.ts";
import type { LocalLoad } from "../worker-protocol.ts";

export const MAX_DROP_BYTES = 256 * 1024;

export interface DropError {
  file: string;
  line?: number;
  message: string;
}

export interface DropState {
  /** a file is being dragged over the window */
  dragging: boolean;
  /** the last dropped file's problems (empty: none) */
  errors: DropError[];
  /** reading and validating */
  busy: boolean;
}

const stores = new WeakMap<Lab, StoreApi<DropState>>();

export function dropStore(lab: Lab): StoreApi<DropState> {
  let s = stores.get(lab);
  if (!s) {
    s = createStore<DropState>(() => ({ dragging: false, errors: [], busy: false }));
    stores.set(lab, s);
  }
  return s;
}

/** The part of a File used here (a Blob with a name). */
export interface DroppedFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

/** A short, printable file name for messages. */
export function cleanName(name: string): string {
  const n = name.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 120);
  return n || "dropped file";
}

export async function readDropped(file: DroppedFile): Promise<{ text: string } | { error: DropError }> {
  const name = cleanName(file.name);
  if (file.size > MAX_DROP_BYTES) return { error: { file: name, message: `file is too large (${file.size} bytes; the limit is ${MAX_DROP_BYTES})` } };
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return { error: { file: name, message: `could not read the file: ${e instanceof Error ? e.message : String(e)}` } };
  }
  if (text.includes("\u0000")) return { error: { file: name, message: "not a text file (binary content); a scenario is a YAML file" } };
  return { text };
}

/**
 * Validate and play one dropped file. `navigate` shows the task's address (#/local:<id>).
 * Returns the scenario id played, or null (the errors are in the drop store).
 */
export async function playDroppedFile(lab: Lab, files: ArrayLike<DroppedFile>, navigate: (id: string) => void, opts: { refuse?: string } = {}): Promise<string | null> {
  const store = dropStore(lab);
  if (opts.refuse) {
    store.setState({ errors: [{ file: files.length ? cleanName(files[0].name) : "dropped file", message: opts.refuse }] });
    return null;
  }
  if (files.length !== 1) {
    store.setState({ errors: [{ file: "dropped files", message: files.length ? "drop one scenario file at a time" : "nothing to read: drop a scenario file (.yaml)" }] });
    return null;
  }
  store.setState({ busy: true, errors: [] });
  try {
    const read = await readDropped(files[0]);
    if ("error" in read) {
      store.setState({ errors: [read.error] });
      return null;
    }
    let r: LocalLoad;
    try {
      r = await lab.client.call("loadScenarioText", { text: read.text, name: cleanName(files[0].name) });
    } catch (e) {
      r = { ok: false, errors: [{ file: cleanName(files[0].name), message: e instanceof Error ? e.message : String(e) }] };
    }
    if (!r.ok) {
      store.setState({ errors: r.errors.length ? r.errors : [{ file: cleanName(files[0].name), message: "not a valid scenario" }] });
      return null;
    }
    const id = r.scenario.id;
    await Promise.all([lab.load(id), Promise.resolve().then(() => navigate(id))]);
    return id;
  } finally {
    store.setState({ busy: false });
  }
}

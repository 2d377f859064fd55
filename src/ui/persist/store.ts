// Where a lab session is kept between visits: IndexedDB, one record per task (free practice
// is ""), stored as JSON text with a schema version so a damaged or older record is found
// and reset instead of half-read.

import type { GradeResult } from "../../shell/session-api.ts";
import { validEntry, type OpEntry } from "./oplog.ts";

export const SCHEMA = 1;

export interface StoredSession {
  schema: typeof SCHEMA;
  key: string;
  scenarioId: string | null;
  seed: number | null;
  ops: OpEntry[];
  /** the cluster clock at the save */
  now: number;
  /** the terminal's ↑ history */
  history: string[];
  /** the terminal's lines (scrollback and screen), as text */
  screen: string[];
  /** the task panel's state */
  ui: { grade: GradeResult | null };
  savedAt: number;
}

export type Loaded = { record: StoredSession | null } | { problem: string };

export interface SessionStore {
  load(key: string): Promise<Loaded>;
  save(rec: StoredSession): Promise<void>;
  remove(key: string): Promise<void>;
  clear(): Promise<void>;
  /** every key stored (to drop records nothing will load again) */
  keys?(): Promise<string[]>;
  /** another kind of record (the mock exam's), as stored: undefined when there is none */
  get(key: string): Promise<unknown>;
  put(key: string, text: string): Promise<void>;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** Parse and check a stored record; a string saying what is wrong when it is not one we can use. */
export function parseRecord(raw: unknown, key: string): StoredSession | string {
  if (typeof raw !== "string") return "the record is not text";
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return "the record is not valid JSON";
  }
  if (typeof v !== "object" || v === null) return "the record is not an object";
  const r = v as Record<string, unknown>;
  if (r.schema !== SCHEMA) return `schema version ${JSON.stringify(r.schema)}, this lab reads version ${SCHEMA}`;
  if (r.key !== key) return "the record belongs to another task";
  if (!Array.isArray(r.ops) || !r.ops.every(validEntry)) return "the command log is damaged";
  if (typeof r.now !== "number" || !Number.isFinite(r.now)) return "the clock is damaged";
  if (!isStrings(r.history) || !isStrings(r.screen)) return "the terminal's text is damaged";
  if (!(r.seed === null || typeof r.seed === "number") || !(r.scenarioId === null || typeof r.scenarioId === "string")) return "the task is damaged";
  const ui = (typeof r.ui === "object" && r.ui !== null ? r.ui : {}) as { grade?: GradeResult | null };
  return { ...(r as unknown as StoredSession), ui: { grade: ui.grade ?? null } };
}

/** In memory (tests; browsers without IndexedDB). */
export function memoryStore(): SessionStore & { raw: Map<string, unknown> } {
  const raw = new Map<string, unknown>();
  return {
    raw,
    async load(key) {
      if (!raw.has(key)) return { record: null };
      const r = parseRecord(raw.get(key), key);
      return typeof r === "string" ? { problem: r } : { record: r };
    },
    async save(rec) {
      raw.set(rec.key, JSON.stringify(rec));
    },
    async remove(key) {
      raw.delete(key);
    },
    async clear() {
      raw.clear();
    },
    async keys() {
      return [...raw.keys()];
    },
    async get(key) {
      return raw.get(key);
    },
    async put(key, text) {
      raw.set(key, text);
    },
  };
}

const req = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error("IndexedDB request failed"));
  });

/** The browser's IndexedDB; opening starts at once and runs beside the page's start. */
export function indexedDbStore(name: string): SessionStore {
  let db: IDBDatabase | null = null;
  const opened: Promise<IDBDatabase> = new Promise((resolve, reject) => {
    const r = indexedDB.open(name, 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains("sessions")) r.result.createObjectStore("sessions");
    };
    r.onsuccess = () => {
      db = r.result;
      resolve(r.result);
    };
    r.onerror = () => reject(r.error ?? new Error("IndexedDB could not be opened"));
    r.onblocked = () => reject(new Error("IndexedDB is blocked by another tab"));
  });
  opened.catch(() => undefined);
  /** A transaction at once when the database is open (pagehide cannot wait for a promise). */
  const tx = async (mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<unknown> => {
    const d = db ?? (await opened);
    const t = d.transaction("sessions", mode);
    const result = req(fn(t.objectStore("sessions")));
    // commit at once: a save from pagehide must not wait for the page's next task
    if (mode === "readwrite") t.commit?.();
    await new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error ?? new Error("IndexedDB transaction failed"));
      t.onabort = () => reject(t.error ?? new DOMException("the transaction was aborted", "AbortError"));
    });
    return result;
  };
  return {
    async load(key) {
      const raw = await tx("readonly", (s) => s.get(key));
      if (raw === undefined) return { record: null };
      const r = parseRecord(raw, key);
      return typeof r === "string" ? { problem: r } : { record: r };
    },
    async save(rec) {
      await tx("readwrite", (s) => s.put(JSON.stringify(rec), rec.key));
    },
    async remove(key) {
      await tx("readwrite", (s) => s.delete(key));
    },
    async clear() {
      await tx("readwrite", (s) => s.clear());
    },
    async keys() {
      return ((await tx("readonly", (s) => s.getAllKeys())) as IDBValidKey[]).filter((k): k is string => typeof k === "string");
    },
    async get(key) {
      return tx("readonly", (s) => s.get(key));
    },
    async put(key, text) {
      await tx("readwrite", (s) => s.put(text, key));
    },
  };
}

/** Did the browser refuse to store because the quota is used up? */
export function isQuotaError(err: unknown): boolean {
  const e = err as { name?: string; message?: string; inner?: { name?: string } } | null;
  return !!e && (e.name === "QuotaExceededError" || e.inner?.name === "QuotaExceededError" || /quota/i.test(e.message ?? ""));
}

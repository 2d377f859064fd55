// The line editor as a pure reducer: (state, key) → (state, what to draw, effects).
// It knows nothing of xterm, the worker or the session: the controller feeds it keys and
// acts on its effects (run a line, interrupt, complete). Drawing is plain VT100 text for a
// terminal `cols` wide: the editor tracks where it left the cursor and redraws from the
// start of the prompt, so wrapped and multi-line buffers stay right.

import type { Key, KeyName } from "./keys.ts";

export interface SearchState {
  query: string;
  /** the query of the previous search, reused by Ctrl-R on an empty query */
  failed: boolean;
  /** history index of the shown match (or -1: the original line) */
  index: number;
  /** position of the match in that entry */
  pos: number;
  /** the line and cursor before the search began */
  origBuffer: string;
  origCursor: number;
  origIndex: number;
}

export interface EditorState {
  prompt: string;
  buffer: string;
  cursor: number;
  history: readonly string[];
  /** history.length while editing the new line */
  histIndex: number;
  /** the new line, kept while browsing history */
  draft: string;
  /** kill ring, most recent last */
  killRing: readonly string[];
  /** the previous key killed text: the next kill joins it */
  lastWasKill: boolean;
  search: SearchState | null;
  lastSearch: string;
  cols: number;
  /** cursor as drawn, relative to the first row of the prompt; null: nothing drawn */
  drawn: { row: number; col: number } | null;
}

export type Effect =
  | { type: "accept"; line: string }
  | { type: "interrupt" }
  | { type: "complete"; buffer: string; cursor: number }
  | { type: "eof" }
  | { type: "bell" };

export interface Step {
  state: EditorState;
  out: string;
  effects: Effect[];
}

export const HISTORY_MAX = 1000;

export function createEditor(opts: { prompt?: string; cols?: number; history?: readonly string[] } = {}): EditorState {
  const history = opts.history ?? [];
  return {
    prompt: opts.prompt ?? "",
    buffer: "",
    cursor: 0,
    history,
    histIndex: history.length,
    draft: "",
    killRing: [],
    lastWasKill: false,
    search: null,
    lastSearch: "",
    cols: Math.max(2, opts.cols ?? 80),
    drawn: null,
  };
}

// ---------------------------------------------------------------- layout and drawing

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]/g;
const visible = (s: string) => s.replace(ANSI, "");

export const CONTINUATION_PROMPT = "> ";

interface Layout {
  out: string;
  /** row/col of every offset 0..text.length of the text */
  pos: { row: number; col: number }[];
  end: { row: number; col: number };
}

/** Lay the prompt and text out on a terminal `cols` wide. A newline in the text continues on a new row after "> ". */
function layout(prompt: string, text: string, cols: number): Layout {
  let out = prompt;
  let row = 0;
  let col = 0;
  const advance = (s: string) => {
    for (const ch of s) {
      void ch;
      col++;
      if (col >= cols) {
        row++;
        col = 0;
      }
    }
  };
  advance(visible(prompt));
  const pos: { row: number; col: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    pos.push({ row, col });
    const ch = text[i];
    if (ch === "\n") {
      out += "\r\n" + CONTINUATION_PROMPT;
      row++;
      col = 0;
      advance(CONTINUATION_PROMPT);
    } else {
      out += ch;
      advance(ch);
    }
  }
  pos.push({ row, col });
  // The terminal leaves the cursor on the last column when a row is exactly full
  // ("pending wrap"); make it really move to the next row, as readline does.
  if (col === 0 && text.length + visible(prompt).length > 0 && !text.endsWith("\n")) out += " \r";
  return { out, pos, end: { row, col } };
}

function moveFrom(from: { row: number; col: number }, to: { row: number; col: number }): string {
  let s = "";
  if (from.row > to.row) s += `\x1b[${from.row - to.row}A`;
  else if (to.row > from.row) s += `\x1b[${to.row - from.row}B`;
  if (from.col !== to.col || from.row !== to.row) {
    s += "\r";
    if (to.col > 0) s += `\x1b[${to.col}C`;
  }
  return s;
}

function shownPrompt(st: EditorState): string {
  if (!st.search) return st.prompt;
  const q = st.search.query;
  return `(${st.search.failed ? "failed " : ""}reverse-i-search)\`${q}': `;
}

function shownText(st: EditorState): { text: string; cursor: number } {
  if (!st.search) return { text: st.buffer, cursor: st.cursor };
  const s = st.search;
  if (s.index < 0) return { text: s.origBuffer, cursor: s.origCursor };
  return { text: st.history[s.index], cursor: s.pos };
}

/** Redraw prompt and line from the start of the prompt row; returns the output and the new drawn cursor. */
function redraw(st: EditorState): { out: string; drawn: { row: number; col: number } } {
  let out = "";
  if (st.drawn) {
    if (st.drawn.row > 0) out += `\x1b[${st.drawn.row}A`;
    out += "\r";
  }
  out += "\x1b[J";
  const { text, cursor } = shownText(st);
  const l = layout(shownPrompt(st), text, st.cols);
  out += l.out;
  const target = l.pos[Math.min(cursor, text.length)];
  out += moveFrom(l.end, target);
  return { out, drawn: target };
}

function draw(st: EditorState): Step {
  const { out, drawn } = redraw(st);
  return { state: { ...st, drawn }, out, effects: [] };
}

/** Move the cursor below everything drawn (before output of a command, ^C …). */
function leaveLine(st: EditorState): string {
  if (!st.drawn) return "";
  const { text } = shownText(st);
  const l = layout(shownPrompt(st), text, st.cols);
  return moveFrom(st.drawn, l.end);
}

// ---------------------------------------------------------------- public operations

/** Start a fresh line with this prompt (after a command's output). Draws the prompt. */
export function showPrompt(st: EditorState, prompt: string): Step {
  const next: EditorState = {
    ...st,
    prompt,
    buffer: "",
    cursor: 0,
    histIndex: st.history.length,
    draft: "",
    search: null,
    lastWasKill: false,
    drawn: null,
  };
  return draw(next);
}

/** Print a message above the line being edited (the prompt and the line are drawn again below it). */
export function interject(st: EditorState, text: string): Step {
  if (!st.drawn) return { state: st, out: text, effects: [] };
  const before = leaveLine(st) + "\r\n" + text;
  const r = draw({ ...st, drawn: null });
  return { state: r.state, out: before + r.out, effects: [] };
}

/** Add a whole command (possibly several lines) to the history, as bash does after it runs. */
export function addHistory(st: EditorState, command: string): EditorState {
  const text = command.replace(/\n+$/, "");
  if (!text.trim() || text.startsWith(" ")) return st;
  if (st.history[st.history.length - 1] === text) return st;
  const history = [...st.history, text].slice(-HISTORY_MAX);
  return { ...st, history, histIndex: history.length };
}

/**
 * The terminal changed width. xterm reflows the rows it wrapped itself, so the line is
 * already laid out for the new width: only where the cursor now sits has to be recomputed.
 */
export function resize(st: EditorState, cols: number): Step {
  const next = { ...st, cols: Math.max(2, cols) };
  if (!st.drawn || next.cols === st.cols) return { state: next, out: "", effects: [] };
  const { text, cursor } = shownText(next);
  const l = layout(shownPrompt(next), text, next.cols);
  return { state: { ...next, drawn: l.pos[Math.min(cursor, text.length)] }, out: "", effects: [] };
}

/** Forget that anything is drawn (the screen was cleared or written by someone else). */
export function detach(st: EditorState): EditorState {
  return { ...st, drawn: null };
}

/** Insert text at the cursor (typing, paste, a completion). */
export function insert(st: EditorState, text: string): Step {
  const buffer = st.buffer.slice(0, st.cursor) + text + st.buffer.slice(st.cursor);
  const cursor = st.cursor + text.length;
  const next: EditorState = { ...st, buffer, cursor, lastWasKill: false };
  // Fast path: typing at the end of a single-line buffer only appends.
  if (st.drawn && st.cursor === st.buffer.length && !st.buffer.includes("\n") && !text.includes("\n")) {
    const l = layout(st.prompt, buffer, st.cols);
    let out = text;
    if (l.end.col === 0) out += " \r";
    return { state: { ...next, drawn: l.end }, out, effects: [] };
  }
  return draw(next);
}

const isWordChar = (c: string) => /[A-Za-z0-9]/.test(c);

function wordLeft(buf: string, pos: number): number {
  let i = pos;
  while (i > 0 && !isWordChar(buf[i - 1])) i--;
  while (i > 0 && isWordChar(buf[i - 1])) i--;
  return i;
}

function wordRight(buf: string, pos: number): number {
  let i = pos;
  while (i < buf.length && !isWordChar(buf[i])) i++;
  while (i < buf.length && isWordChar(buf[i])) i++;
  return i;
}

/** unix-word-rubout: back to the previous whitespace. */
function spaceWordLeft(buf: string, pos: number): number {
  let i = pos;
  while (i > 0 && /\s/.test(buf[i - 1])) i--;
  while (i > 0 && !/\s/.test(buf[i - 1])) i--;
  return i;
}

function kill(st: EditorState, from: number, to: number, backward: boolean): Step {
  if (from === to) return { state: { ...st, lastWasKill: true }, out: "", effects: [] };
  const killed = st.buffer.slice(from, to);
  let ring = [...st.killRing];
  if (st.lastWasKill && ring.length) {
    const top = ring[ring.length - 1];
    ring[ring.length - 1] = backward ? killed + top : top + killed;
  } else {
    ring.push(killed);
    ring = ring.slice(-20);
  }
  const next: EditorState = {
    ...st,
    buffer: st.buffer.slice(0, from) + st.buffer.slice(to),
    cursor: from,
    killRing: ring,
    lastWasKill: true,
  };
  return draw(next);
}

function moveTo(st: EditorState, cursor: number): Step {
  const c = Math.max(0, Math.min(st.buffer.length, cursor));
  if (c === st.cursor) return { state: { ...st, lastWasKill: false }, out: "", effects: [] };
  if (st.drawn) {
    const l = layout(st.prompt, st.buffer, st.cols);
    const target = l.pos[c];
    const out = moveFrom(st.drawn, target);
    return { state: { ...st, cursor: c, drawn: target, lastWasKill: false }, out, effects: [] };
  }
  return { state: { ...st, cursor: c, lastWasKill: false }, out: "", effects: [] };
}

function historyMove(st: EditorState, delta: number): Step {
  const idx = st.histIndex + delta;
  if (idx < 0 || idx > st.history.length) return { state: st, out: "", effects: [{ type: "bell" }] };
  const draft = st.histIndex === st.history.length ? st.buffer : st.draft;
  const buffer = idx === st.history.length ? draft : st.history[idx];
  return draw({ ...st, histIndex: idx, draft, buffer, cursor: buffer.length, lastWasKill: false });
}

function accept(st: EditorState, line: string): Step {
  const out = leaveLine(st) + "\r\n";
  const next: EditorState = { ...st, buffer: "", cursor: 0, search: null, drawn: null, lastWasKill: false, draft: "" };
  return { state: next, out, effects: [{ type: "accept", line }] };
}

// ---------------------------------------------------------------- reverse-i-search

/** Find `query` at or before (index, pos) going back through history. */
function findBack(history: readonly string[], query: string, index: number, pos: number): { index: number; pos: number } | null {
  for (let i = index; i >= 0; i--) {
    const entry = history[i];
    const from = i === index ? pos : entry.length;
    if (from < 0) continue;
    const at = entry.lastIndexOf(query, from);
    if (at >= 0) return { index: i, pos: at };
  }
  return null;
}

function startSearch(st: EditorState): Step {
  const search: SearchState = {
    query: "",
    failed: false,
    index: -1,
    pos: 0,
    origBuffer: st.buffer,
    origCursor: st.cursor,
    origIndex: st.histIndex,
  };
  return draw({ ...st, search, lastWasKill: false });
}

function searchFrom(st: EditorState, s: SearchState, query: string, index: number, pos: number): Step {
  if (!query) return draw({ ...st, search: { ...s, query, failed: false } });
  const found = findBack(st.history, query, index, pos);
  if (!found) return { ...draw({ ...st, search: { ...s, query, failed: true } }), effects: [{ type: "bell" }] };
  return draw({ ...st, search: { ...s, query, failed: false, index: found.index, pos: found.pos }, lastSearch: query });
}

/** Leave the search keeping the shown line (readline: any editing key ends the search). */
function endSearch(st: EditorState): EditorState {
  const s = st.search;
  if (!s) return st;
  if (s.index < 0) return { ...st, search: null, buffer: s.origBuffer, cursor: s.origCursor };
  const buffer = st.history[s.index];
  return { ...st, search: null, buffer, cursor: s.pos, histIndex: s.index, draft: st.histIndex === st.history.length ? s.origBuffer : st.draft };
}

function searchKey(st: EditorState, key: Key): Step | null {
  const s = st.search;
  if (!s) return null;
  if (key.kind === "text") {
    // each character extends the query and searches on from the current match (a paste too)
    let cur = st;
    let out = "";
    const effects: Effect[] = [];
    for (const ch of key.text) {
      const cs = cur.search as SearchState;
      const start = cs.index < 0 ? Math.min(cs.origIndex, cur.history.length) - 1 : cs.index;
      const pos = cs.index < 0 ? Number.MAX_SAFE_INTEGER : cs.pos;
      const r = searchFrom(cur, cs, cs.query + ch, start, pos);
      cur = r.state;
      out += r.out;
      effects.push(...r.effects);
    }
    return { state: cur, out, effects };
  }
  switch (key.name) {
    case "ctrl-r": {
      // again: the next older match (an empty query reuses the previous search)
      const query = s.query || st.lastSearch;
      if (!query) return draw(st);
      if (s.index < 0) return searchFrom(st, s, query, Math.min(s.origIndex, st.history.length) - 1, Number.MAX_SAFE_INTEGER);
      return searchFrom(st, s, query, s.index, s.pos - 1);
    }
    case "backspace": {
      if (!s.query) return { state: st, out: "", effects: [{ type: "bell" }] };
      const query = s.query.slice(0, -1);
      const start = Math.min(s.origIndex, st.history.length) - 1;
      if (!query) return draw({ ...st, search: { ...s, query, failed: false, index: -1, pos: 0 } });
      return searchFrom(st, { ...s, index: -1 }, query, start, Number.MAX_SAFE_INTEGER);
    }
    case "ctrl-g": {
      const restored: EditorState = { ...st, search: null, buffer: s.origBuffer, cursor: s.origCursor, histIndex: s.origIndex };
      return { ...draw(restored), effects: [{ type: "bell" }] };
    }
    case "esc":
      return draw(endSearch(st));
    case "enter": {
      // the line is shown again after the normal prompt, then runs (readline restores the prompt)
      const shown = draw(endSearch(st));
      const r = accept(shown.state, shown.state.buffer);
      return { ...r, out: shown.out + r.out };
    }
    case "ctrl-c":
      return null; // handled by the normal path (abandons the line)
    default: {
      // end the search, then let the key act on the found line
      const ended = endSearch(st);
      const drawnAgain = draw(ended);
      const after = reduceKey(drawnAgain.state, key);
      return { state: after.state, out: drawnAgain.out + after.out, effects: after.effects };
    }
  }
}

// ---------------------------------------------------------------- the reducer

export function reduceKey(st: EditorState, key: Key): Step {
  if (st.search && !(key.kind === "key" && key.name === "ctrl-c")) {
    const r = searchKey(st, key);
    if (r) return r;
  }
  if (key.kind === "text") return insert(st, key.text);
  const name: KeyName = key.name;
  const noop: Step = { state: { ...st, lastWasKill: false }, out: "", effects: [] };
  switch (name) {
    case "enter":
      return accept(st, st.buffer);
    case "backspace": {
      if (st.cursor === 0) return { ...noop, effects: [{ type: "bell" }] };
      return draw({ ...st, buffer: st.buffer.slice(0, st.cursor - 1) + st.buffer.slice(st.cursor), cursor: st.cursor - 1, lastWasKill: false });
    }
    case "delete":
      if (st.cursor >= st.buffer.length) return noop;
      return draw({ ...st, buffer: st.buffer.slice(0, st.cursor) + st.buffer.slice(st.cursor + 1), lastWasKill: false });
    case "ctrl-d":
      if (st.buffer === "") return { ...noop, effects: [{ type: "eof" }] };
      if (st.cursor >= st.buffer.length) return noop;
      return draw({ ...st, buffer: st.buffer.slice(0, st.cursor) + st.buffer.slice(st.cursor + 1), lastWasKill: false });
    case "left":
    case "ctrl-b":
      return moveTo(st, st.cursor - 1);
    case "right":
    case "ctrl-f":
      return moveTo(st, st.cursor + 1);
    case "home":
    case "ctrl-a":
      return moveTo(st, 0);
    case "end":
    case "ctrl-e":
      return moveTo(st, st.buffer.length);
    case "word-left":
      return moveTo(st, wordLeft(st.buffer, st.cursor));
    case "word-right":
      return moveTo(st, wordRight(st.buffer, st.cursor));
    case "up":
    case "ctrl-p":
      return historyMove(st, -1);
    case "down":
    case "ctrl-n":
      return historyMove(st, +1);
    case "ctrl-u":
      return kill(st, 0, st.cursor, true);
    case "ctrl-k":
      return kill(st, st.cursor, st.buffer.length, false);
    case "ctrl-w":
      return kill(st, spaceWordLeft(st.buffer, st.cursor), st.cursor, true);
    case "kill-word-backward":
      return kill(st, wordLeft(st.buffer, st.cursor), st.cursor, true);
    case "kill-word-forward":
      return kill(st, st.cursor, wordRight(st.buffer, st.cursor), false);
    case "ctrl-y": {
      const top = st.killRing[st.killRing.length - 1];
      if (!top) return noop;
      return insert(st, top);
    }
    case "ctrl-t": {
      // transpose the two characters before the cursor (at the end: the last two)
      if (st.buffer.length < 2 || st.cursor === 0) return noop;
      const at = st.cursor >= st.buffer.length ? st.buffer.length - 1 : st.cursor;
      const b = st.buffer;
      const buffer = b.slice(0, at - 1) + b[at] + b[at - 1] + b.slice(at + 1);
      return draw({ ...st, buffer, cursor: Math.min(at + 1, b.length), lastWasKill: false });
    }
    case "ctrl-c": {
      // bash: ^C, the line is abandoned, a new prompt follows (the controller draws it)
      const base = st.search ? { ...st, search: null } : st;
      const out = leaveLine(st) + "^C\r\n";
      const next: EditorState = { ...base, buffer: "", cursor: 0, drawn: null, lastWasKill: false, histIndex: st.history.length, draft: "" };
      return { state: next, out, effects: [{ type: "interrupt" }] };
    }
    case "ctrl-l": {
      const cleared = { ...st, drawn: null, lastWasKill: false };
      const r = draw(cleared);
      return { ...r, out: "\x1b[H\x1b[2J" + r.out };
    }
    case "ctrl-r":
      return startSearch(st);
    case "tab":
      return { ...noop, effects: [{ type: "complete", buffer: st.buffer, cursor: st.cursor }] };
    default:
      return noop;
  }
}

/** Feed several keys; outputs and effects are concatenated. Stops after the first accept, interrupt or complete (Tab), returning the rest. */
export function reduceKeys(st: EditorState, keys: Key[]): Step & { rest: Key[] } {
  let state = st;
  let out = "";
  const effects: Effect[] = [];
  for (let i = 0; i < keys.length; i++) {
    const r = reduceKey(state, keys[i]);
    state = r.state;
    out += r.out;
    effects.push(...r.effects);
    if (r.effects.some((e) => e.type === "accept" || e.type === "interrupt" || e.type === "complete")) {
      return { state, out, effects, rest: keys.slice(i + 1) };
    }
  }
  return { state, out, effects, rest: [] };
}

// The editor over the terminal pane: Monaco with vim keys (monaco-vim) or nano's keys, YAML
// highlighting, Kubernetes markers and completion. Loaded lazily, the first time vi/vim/nano
// runs. `:w` / ^O write the node's file at once (the kubelet reacts while the editor is
// still open); closing resolves the EditorResult the waiting command gets.

import * as monaco from "monaco-editor/editor/editor.api";
import "monaco-editor/features/suggest/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/codicon/register";
import "monaco-editor/languages/definitions/yaml/register";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import { initVimMode, VimMode, StatusBar } from "monaco-vim";
import type { EditorRequest, EditorResult } from "../../shell/session-api.ts";
import { isManifestPath, suggest, validate } from "./k8s-yaml.ts";

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export interface EditorHost {
  /** write the file while the editor stays open (:w, ^O) */
  write(host: string, path: string, content: string): Promise<void>;
  theme: "dark" | "light";
}

const bytes = (s: string) => new TextEncoder().encode(s).length;
const lineCount = (s: string) => (s === "" ? 0 : s.split("\n").length - (s.endsWith("\n") ? 1 : 0));

/** The session that vim's ex commands act on (one editor is open at a time). */
let active: Session | null = null;
let providersReady = false;

function setupOnce(): void {
  if (providersReady) return;
  providersReady = true;
  monaco.languages.registerCompletionItemProvider("yaml", {
    triggerCharacters: [" ", ":"],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, position.column);
      const items = suggest(model.getValue(), position.lineNumber, position.column).map((s) => ({
        label: s.label,
        kind: monaco.languages.CompletionItemKind.Field,
        insertText: s.insert,
        detail: s.detail,
        range,
      }));
      return { suggestions: items };
    },
  });
  // keymap_vim attaches its API to the adapter class at load time (untyped)
  const Vim = (VimMode as unknown as { Vim: VimApi }).Vim;
  const cmd = (fn: (s: Session, bang: boolean) => void) => (_cm: unknown, params: { argString?: string }) => {
    if (active) fn(active, (params.argString ?? "").trim().startsWith("!"));
  };
  Vim.defineEx("write", "w", cmd((s) => void s.save()));
  Vim.defineEx("quit", "q", cmd((s, bang) => s.quit(bang)));
  Vim.defineEx("wq", "wq", cmd((s) => void s.save().then((ok) => ok && s.close())));
  Vim.defineEx("xit", "x", cmd((s) => void s.writeQuit()));
  Vim.defineEx("exit", "exi", cmd((s) => void s.writeQuit()));
  Vim.defineEx("qall", "qa", cmd((s, bang) => s.quit(bang)));
  Vim.defineEx("wqall", "wqa", cmd((s) => void s.save().then((ok) => ok && s.close())));
  Vim.map("ZZ", ":x<CR>", "normal");
  Vim.map("ZQ", ":q!<CR>", "normal");
}

class Session {
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  private model: monaco.editor.ITextModel;
  private savedVersion: number;
  private wrote = false;
  private exists: boolean;
  private vim: { dispose(): void } | null = null;
  private status: VimStatus | null = null;
  private nano: NanoBar | null = null;
  private disposers: (() => void)[] = [];
  private closed = false;
  private checkTimer = 0;

  constructor(
    readonly root: HTMLElement,
    readonly req: EditorRequest,
    readonly host: EditorHost,
    readonly done: (r: EditorResult) => void,
  ) {
    this.exists = req.exists;
    root.replaceChildren();
    root.className = `editor-pane editor-${req.mode} editor-${host.theme}`;
    const top = req.mode === "nano" ? div("nano-title") : null;
    const body = div("editor-body");
    const bottom = div(req.mode === "nano" ? "nano-bar" : "vim-status");
    if (top) root.append(top);
    root.append(body, bottom);
    const language = isManifestPath(req.path) || /^\s*(apiVersion|kind):/m.test(req.content) ? "yaml" : "plaintext";
    this.model = monaco.editor.createModel(req.content, language, monaco.Uri.from({ scheme: "file", authority: req.host, path: req.path }));
    this.model.setEOL(monaco.editor.EndOfLineSequence.LF);
    this.savedVersion = this.model.getAlternativeVersionId();
    this.editor = monaco.editor.create(body, {
      model: this.model,
      theme: host.theme === "dark" ? "vs-dark" : "vs",
      fontFamily: '"DejaVu Sans Mono", "Ubuntu Mono", Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: 15,
      lineHeight: 18,
      automaticLayout: true,
      minimap: { enabled: false },
      lineNumbers: req.mode === "vim" ? "on" : "off",
      scrollBeyondLastLine: false,
      renderWhitespace: "boundary",
      tabSize: 2,
      insertSpaces: true,
      detectIndentation: false,
      quickSuggestions: req.mode === "nano" ? { other: true, comments: false, strings: false } : false,
      wordBasedSuggestions: "off",
      cursorStyle: req.mode === "vim" ? "block" : "line",
      contextmenu: false,
      ariaLabel: `${req.mode === "nano" ? "nano" : "vim"} editing ${req.path} on ${req.host}`,
      fixedOverflowWidgets: true,
    });
    setupOnce();
    active = this; // eslint-disable-line @typescript-eslint/no-this-alias
    if (language === "yaml") {
      const check = () => {
        const markers = validate(this.model.getValue()).map((d) => ({
          startLineNumber: d.line,
          startColumn: d.col,
          endLineNumber: d.endLine,
          endColumn: d.endCol,
          message: d.message,
          severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          source: "kubelab",
        }));
        monaco.editor.setModelMarkers(this.model, "kubelab", markers);
      };
      check();
      const sub = this.model.onDidChangeContent(() => {
        clearTimeout(this.checkTimer);
        this.checkTimer = window.setTimeout(check, 200);
      });
      this.disposers.push(() => sub.dispose());
    }
    if (req.mode === "vim") {
      let status: VimStatus | null = null;
      class Bar extends StatusBar {
        constructor(node: HTMLElement, ed: monaco.editor.IStandaloneCodeEditor, sanitizer?: ((n: Node) => Node) | null) {
          super(node, ed, sanitizer ?? null);
          status = this as unknown as VimStatus;
        }
      }
      this.vim = initVimMode(this.editor, bottom, Bar as never);
      this.status = status;
      // vim's first message: the file's name and size, or [New]
      this.message(req.exists ? `"${req.path}" ${lineCount(req.content)}L, ${bytes(req.content)}B` : `"${req.path}" [New]`);
    } else {
      this.nano = new NanoBar(top!, bottom, this);
      this.nano.title();
      this.nano.say(req.exists ? `[ Read ${lineCount(req.content)} line${lineCount(req.content) === 1 ? "" : "s"} ]` : "[ New File ]");
      const sub = this.editor.onKeyDown((e) => this.nano?.key(e));
      this.disposers.push(() => sub.dispose());
      const mod = this.model.onDidChangeContent(() => this.nano?.title());
      this.disposers.push(() => mod.dispose());
    }
    this.editor.focus();
  }

  get modified(): boolean {
    return this.model.getAlternativeVersionId() !== this.savedVersion;
  }

  get path(): string {
    return this.req.path;
  }

  text(): string {
    return this.model.getValue();
  }

  message(text: string): void {
    this.status?.showNotification(text);
  }

  error(text: string): void {
    this.status?.showNotification(text);
    this.root.querySelector(".vim-notification")?.classList.add("vim-error");
  }

  /** Write the buffer to the node's file; true when written. */
  async save(): Promise<boolean> {
    // vim ('fixeol') and nano both end the file with a newline
    const text = this.text();
    const content = text === "" || text.endsWith("\n") ? text : text + "\n";
    const version = this.model.getAlternativeVersionId();
    try {
      await this.host.write(this.req.host, this.req.path, content);
    } catch {
      if (this.req.mode === "vim") this.error(`"${this.req.path}" E212: Can't open file for writing`);
      else this.nano?.say(`[ Error writing ${this.req.path}: No such file or directory ]`);
      return false;
    }
    const isNew = !this.exists;
    this.exists = true;
    this.wrote = true;
    this.savedVersion = version;
    if (this.req.mode === "vim") this.message(`"${this.req.path}" ${isNew ? "[New] " : ""}${lineCount(content)}L, ${bytes(content)}B written`);
    else {
      this.nano?.say(`[ Wrote ${lineCount(content)} line${lineCount(content) === 1 ? "" : "s"} ]`);
      this.nano?.title();
    }
    return true;
  }

  quit(force: boolean): void {
    if (this.modified && !force) {
      this.error("E37: No write since last change (add ! to override)");
      return;
    }
    this.close();
  }

  /** :x / ZZ: write only when modified, then quit. */
  async writeQuit(): Promise<void> {
    if (this.modified && !(await this.save())) return;
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.checkTimer);
    for (const d of this.disposers) d();
    this.vim?.dispose();
    this.editor.dispose();
    this.model.dispose();
    if (active === this) active = null;
    this.root.replaceChildren();
    // the file is already written (:w); the command only learns whether it was
    this.done({ saved: this.wrote });
  }
}

interface VimApi {
  defineEx(name: string, prefix: string, fn: (cm: unknown, params: { argString?: string }) => void): void;
  map(lhs: string, rhs: string, context: string): void;
}

interface VimStatus {
  showNotification(text: string): void;
}

function div(cls: string): HTMLDivElement {
  const d = document.createElement("div");
  d.className = cls;
  return d;
}

const NANO_HELP: [string, string][][] = [
  [["^G", "Help"], ["^O", "Write Out"], ["^W", "Where Is"], ["^K", "Cut"], ["^T", "Execute"], ["^C", "Location"], ["M-U", "Undo"]],
  [["^X", "Exit"], ["^R", "Read File"], ["^\\", "Replace"], ["^U", "Paste"], ["^J", "Justify"], ["^/", "Go To Line"], ["M-E", "Redo"]],
];

/** nano's title bar, status line and two help lines, and its keys. */
class NanoBar {
  private status: HTMLDivElement;
  private prompt: { kind: "save-before-exit" | "file-name"; then: "stay" | "exit" } | null = null;
  private cut: string[] = [];
  private lastCut = -1;

  constructor(
    private top: HTMLElement,
    bottom: HTMLElement,
    private s: Session,
  ) {
    this.status = div("nano-status");
    bottom.append(this.status);
    for (const row of NANO_HELP) {
      const r = div("nano-help");
      for (const [key, what] of row) {
        const k = document.createElement("kbd");
        k.textContent = key;
        const w = document.createElement("span");
        w.textContent = ` ${what}`;
        const cell = document.createElement("span");
        cell.className = "nano-cell";
        cell.append(k, w);
        r.append(cell);
      }
      bottom.append(r);
    }
  }

  title(): void {
    this.top.replaceChildren();
    const a = document.createElement("span");
    a.textContent = "GNU nano 7.2";
    const b = document.createElement("span");
    b.textContent = this.s.path;
    const c = document.createElement("span");
    c.textContent = this.s.modified ? "Modified" : "";
    this.top.append(a, b, c);
  }

  say(text: string, cls = "nano-msg"): void {
    this.status.replaceChildren();
    const m = document.createElement("span");
    m.className = cls;
    m.textContent = text;
    this.status.append(m);
  }

  private ask(kind: "save-before-exit" | "file-name", then: "stay" | "exit"): void {
    this.prompt = { kind, then };
    if (kind === "save-before-exit") this.say("Save modified buffer?   Y Yes   N No   ^C Cancel", "nano-prompt");
    else this.say(`File Name to Write: ${this.s.path}`, "nano-prompt");
  }

  key(e: monaco.IKeyboardEvent): void {
    const ctrl = e.ctrlKey && !e.altKey && !e.metaKey;
    const K = monaco.KeyCode;
    const stop = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if (this.prompt) {
      stop();
      const p = this.prompt;
      if ((ctrl && e.keyCode === K.KeyC) || e.keyCode === K.Escape) {
        this.prompt = null;
        this.say("[ Cancelled ]");
        return;
      }
      if (p.kind === "save-before-exit") {
        if (e.keyCode === K.KeyY) this.ask("file-name", "exit");
        else if (e.keyCode === K.KeyN) {
          this.prompt = null;
          this.s.close();
        }
        return;
      }
      if (e.keyCode === K.Enter) {
        this.prompt = null;
        void this.s.save().then((ok) => ok && p.then === "exit" && this.s.close());
      }
      return;
    }
    if (!ctrl) {
      this.lastCut = -1;
      return;
    }
    switch (e.keyCode) {
      case K.KeyO:
        stop();
        this.ask("file-name", "stay");
        return;
      case K.KeyX:
        stop();
        if (this.s.modified) this.ask("save-before-exit", "exit");
        else this.s.close();
        return;
      case K.KeyK:
        stop();
        this.cutLine();
        return;
      case K.KeyU:
        stop();
        this.paste();
        return;
      case K.KeyC: {
        stop();
        const p = this.s.editor.getPosition();
        if (p) this.say(`[ line ${p.lineNumber}/${this.s.editor.getModel()!.getLineCount()}, col ${p.column} ]`);
        return;
      }
      case K.KeyG:
      case K.KeyR:
      case K.KeyT:
      case K.KeyJ:
      case K.KeyW:
        stop();
        this.say("[ Not available in the lab's nano ]");
        return;
    }
  }

  private cutLine(): void {
    const ed = this.s.editor;
    const model = ed.getModel()!;
    const p = ed.getPosition();
    if (!p) return;
    const n = p.lineNumber;
    const last = model.getLineCount();
    const text = model.getLineContent(n);
    // consecutive ^K accumulate into one cut buffer, as in nano
    if (this.lastCut !== n) this.cut = [];
    this.cut.push(text);
    const range = n < last ? new monaco.Range(n, 1, n + 1, 1) : n > 1 ? new monaco.Range(n - 1, model.getLineMaxColumn(n - 1), n, model.getLineMaxColumn(n)) : new monaco.Range(n, 1, n, model.getLineMaxColumn(n));
    ed.executeEdits("nano", [{ range, text: "" }]);
    ed.setPosition({ lineNumber: Math.min(n, model.getLineCount()), column: 1 });
    this.lastCut = Math.min(n, model.getLineCount());
  }

  private paste(): void {
    if (!this.cut.length) return;
    const ed = this.s.editor;
    const p = ed.getPosition();
    if (!p) return;
    ed.executeEdits("nano", [{ range: new monaco.Range(p.lineNumber, 1, p.lineNumber, 1), text: this.cut.join("\n") + "\n" }]);
    ed.setPosition({ lineNumber: p.lineNumber + this.cut.length, column: 1 });
    this.lastCut = -1;
  }
}

/** Open the editor in `root` (over the terminal); resolves when the student closes it. */
export function openEditor(root: HTMLElement, req: EditorRequest, host: EditorHost): Promise<EditorResult> {
  return new Promise((resolve) => {
    active?.close();
    new Session(root, req, host, resolve);
  });
}

/** Close whatever editor is open without saving (another session was loaded). */
export function closeEditor(): void {
  active?.close();
}

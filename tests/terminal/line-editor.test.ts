import { describe, expect, it } from "vitest";
import { parseKeys } from "../../src/terminal/keys.ts";
import { addHistory, createEditor, interject, reduceKeys, showPrompt, type EditorState, type Effect } from "../../src/terminal/line-editor.ts";
import { Screen } from "./screen.ts";

const P = "controlplane:~$ ";
/** the prompt as the screen shows it (trailing blanks trimmed) */
const PT = P.trimEnd();

/** An editor drawn on a screen, driven by raw terminal data. */
function harness(opts: { cols?: number; history?: string[] } = {}) {
  const screen = new Screen(opts.cols ?? 80);
  let ed: EditorState = createEditor({ cols: opts.cols ?? 80, history: opts.history ?? [] });
  const first = showPrompt(ed, P);
  ed = first.state;
  screen.write(first.out);
  const effects: Effect[] = [];
  const h = {
    screen,
    effects,
    get ed() {
      return ed;
    },
    type(data: string) {
      let keys = parseKeys(data);
      while (keys.length) {
        const r = reduceKeys(ed, keys);
        ed = r.state;
        screen.write(r.out);
        effects.push(...r.effects);
        keys = r.rest;
        if (r.effects.some((e) => e.type === "accept" || e.type === "interrupt")) {
          const p = showPrompt(ed, P);
          ed = p.state;
          screen.write(p.out);
        }
      }
      return h;
    },
    accepted(): string[] {
      return effects.flatMap((e) => (e.type === "accept" ? [e.line] : []));
    },
    /** the cursor's column on screen */
    get col() {
      return screen.col;
    },
  };
  return h;
}

const LEFT = "\x1b[D";
const RIGHT = "\x1b[C";
const UP = "\x1b[A";
const DOWN = "\x1b[B";
const HOME = "\x1b[H";
const END = "\x1b[F";
const DEL = "\x1b[3~";
const BS = "\x7f";

describe("keys", () => {
  it("parses printable runs, control keys and escape sequences", () => {
    expect(parseKeys("ab\x1b[Dc\r")).toEqual([
      { kind: "text", text: "ab" },
      { kind: "key", name: "left" },
      { kind: "text", text: "c" },
      { kind: "key", name: "enter" },
    ]);
    expect(parseKeys("\x01\x05\x15\x0b\x17\x19\x03\x0c\x04\x12\x7f\x1b[3~\x1bOH\x1b[1~\x1b[4~\x1bb\x1bf")).toEqual(
      ["ctrl-a", "ctrl-e", "ctrl-u", "ctrl-k", "ctrl-w", "ctrl-y", "ctrl-c", "ctrl-l", "ctrl-d", "ctrl-r", "backspace", "delete", "home", "home", "end", "word-left", "word-right"].map(
        (name) => ({ kind: "key", name }),
      ),
    );
  });
  it("treats CRLF in a paste as one line end", () => {
    expect(parseKeys("a\r\nb\n")).toEqual([
      { kind: "text", text: "a" },
      { kind: "key", name: "enter" },
      { kind: "text", text: "b" },
      { kind: "key", name: "enter" },
    ]);
  });
});

describe("line editing", () => {
  it("draws typed text after the prompt and accepts it on Enter", () => {
    const h = harness().type("kubectl get pods");
    expect(h.screen.lastLine()).toBe(P + "kubectl get pods");
    expect(h.col).toBe(P.length + 16);
    h.type("\r");
    expect(h.accepted()).toEqual(["kubectl get pods"]);
    expect(h.screen.lines()).toEqual([P + "kubectl get pods", PT]);
  });

  it("moves with ←/→, Home/End, Ctrl-A/E and inserts in the middle", () => {
    const h = harness().type("kubectl pods").type(LEFT.repeat(4)).type("get ");
    expect(h.screen.lastLine()).toBe(P + "kubectl get pods");
    expect(h.col).toBe(P.length + 12);
    h.type(HOME).type("x");
    expect(h.screen.lastLine()).toBe(P + "xkubectl get pods");
    h.type("\x01" + DEL);
    expect(h.screen.lastLine()).toBe(P + "kubectl get pods");
    h.type(END + "!");
    expect(h.screen.lastLine()).toBe(P + "kubectl get pods!");
    h.type(BS).type("\x01").type(RIGHT + RIGHT).type("\x05");
    expect(h.col).toBe(P.length + 16);
    expect(h.ed.buffer).toBe("kubectl get pods");
  });

  it("Backspace deletes before the cursor, Delete under it", () => {
    const h = harness().type("abcd").type(LEFT + LEFT).type(BS);
    expect(h.screen.lastLine()).toBe(P + "acd");
    expect(h.ed.cursor).toBe(1);
    h.type(DEL);
    expect(h.screen.lastLine()).toBe(P + "ad");
    h.type(BS + BS);
    expect(h.screen.lastLine()).toBe(P + "d");
    expect(h.ed.cursor).toBe(0);
  });

  it("Ctrl-U/K/W kill into the ring and Ctrl-Y yanks", () => {
    const h = harness().type("kubectl get pods -A");
    h.type("\x17");
    expect(h.ed.buffer).toBe("kubectl get pods ");
    h.type("\x17\x17");
    expect(h.ed.buffer).toBe("kubectl ");
    // consecutive kills join
    h.type("\x19");
    expect(h.ed.buffer).toBe("kubectl get pods -A");
    h.type("\x01\x1b[C\x1b[C\x0b");
    expect(h.ed.buffer).toBe("ku");
    expect(h.screen.lastLine()).toBe(P + "ku");
    h.type("\x15");
    expect(h.ed.buffer).toBe("");
    // Ctrl-K then Ctrl-U: one kill, joined in order
    h.type("\x19");
    expect(h.ed.buffer).toBe("kubectl get pods -A");
    expect(h.screen.lastLine()).toBe(P + "kubectl get pods -A");
  });

  it("Alt-B/F move by words, Alt-D and Alt-Backspace kill words", () => {
    const h = harness().type("kubectl get pods");
    h.type("\x1bb");
    expect(h.ed.cursor).toBe(12);
    h.type("\x1bb\x1bb");
    expect(h.ed.cursor).toBe(0);
    h.type("\x1bf");
    expect(h.ed.cursor).toBe(7);
    h.type("\x1bd");
    expect(h.ed.buffer).toBe("kubectl pods");
    h.type("\x1b\x7f");
    expect(h.ed.buffer).toBe(" pods");
  });

  it("Ctrl-C prints ^C and abandons the line", () => {
    const h = harness().type("kubectl get po").type("\x03");
    expect(h.screen.lines()).toEqual([P + "kubectl get po^C", PT]);
    expect(h.effects.map((e) => e.type)).toEqual(["interrupt"]);
    expect(h.accepted()).toEqual([]);
  });

  it("Ctrl-L clears the screen and keeps the line", () => {
    const h = harness().type("one\r").type("two").type("\x0c");
    expect(h.screen.lines()).toEqual([P + "two"]);
    expect(h.ed.buffer).toBe("two");
  });

  it("Ctrl-D on an empty line does nothing visible; with text it deletes under the cursor", () => {
    const h = harness().type("\x04");
    expect(h.screen.lines()).toEqual([PT]);
    expect(h.effects.map((e) => e.type)).toEqual(["eof"]);
    h.type("ab" + LEFT + "\x04");
    expect(h.ed.buffer).toBe("a");
  });

  it("wraps long lines and edits across the wrap", () => {
    const cols = 20;
    const h = harness({ cols });
    // prompt is 16 wide: 4 columns left on the first row
    h.type("abcdefghij");
    expect(h.screen.lines()).toEqual([P + "abcd", "efghij"]);
    h.type(HOME).type("X");
    expect(h.screen.lines()).toEqual([P + "Xabc", "defghij"]);
    expect(h.screen.row).toBe(0);
    h.type(END);
    expect(h.screen.row).toBe(1);
    expect(h.col).toBe(7);
    h.type(BS.repeat(7));
    expect(h.screen.lines()).toEqual([P + "Xabc"]);
    // exactly full row: cursor moves to the next row
    expect(h.screen.row).toBe(1);
    expect(h.col).toBe(0);
    h.type("Z");
    expect(h.screen.lines()).toEqual([P + "Xabc", "Z"]);
  });

  it("a message printed while typing goes above the line", () => {
    const h = harness().type("kubectl get po" + LEFT);
    const r = interject(h.ed, "hello\r\n");
    h.screen.write(r.out);
    expect(h.screen.lines()).toEqual([P + "kubectl get po", "hello", P + "kubectl get po"]);
    expect(h.screen.col).toBe(P.length + 13);
  });

  it("a multi-line paste accepts line by line", () => {
    const h = harness().type("echo one\recho two\r");
    expect(h.accepted()).toEqual(["echo one", "echo two"]);
  });
});

describe("history", () => {
  it("↑/↓ walk the history and keep the new line", () => {
    let h = harness();
    let ed = h.ed;
    ed = addHistory(ed, "first");
    ed = addHistory(ed, "second");
    ed = addHistory(ed, "second");
    ed = addHistory(ed, "");
    ed = addHistory(ed, " hidden");
    expect(ed.history).toEqual(["first", "second"]);
    h = harness({ history: [...ed.history] });
    h.type("dra").type(UP);
    expect(h.screen.lastLine()).toBe(P + "second");
    h.type(UP);
    expect(h.screen.lastLine()).toBe(P + "first");
    h.type(UP);
    expect(h.screen.lastLine()).toBe(P + "first");
    h.type(DOWN + DOWN);
    expect(h.screen.lastLine()).toBe(P + "dra");
    expect(h.ed.cursor).toBe(3);
    h.type("\x10\x10\x0e");
    expect(h.ed.buffer).toBe("second");
  });

  it("shows a multi-line entry with continuation prompts", () => {
    const h = harness({ history: ["cat <<EOF\nhello\nEOF"] }).type(UP);
    expect(h.screen.lines()).toEqual([P + "cat <<EOF", "> hello", "> EOF"]);
    h.type(DOWN);
    expect(h.screen.lines()).toEqual([PT]);
  });
});

describe("reverse-i-search (Ctrl-R)", () => {
  const history = ["kubectl get pods", "ls /etc/kubernetes/manifests", "kubectl get nodes", "cat /etc/hosts"];

  it("shows the prompt and the match exactly like bash", () => {
    const h = harness({ history }).type("\x12");
    expect(h.screen.lastLine()).toBe("(reverse-i-search)`':");
    h.type("kub");
    expect(h.screen.lastLine()).toBe("(reverse-i-search)`kub': kubectl get nodes");
    expect(h.col).toBe("(reverse-i-search)`kub': ".length);
    h.type("\x12");
    expect(h.screen.lastLine()).toBe("(reverse-i-search)`kub': ls /etc/kubernetes/manifests");
    // the cursor sits on the match
    expect(h.col).toBe("(reverse-i-search)`kub': ls /etc/".length);
    h.type("ectl");
    expect(h.screen.lastLine()).toBe("(reverse-i-search)`kubectl': kubectl get pods");
    h.type("\x12");
    expect(h.screen.lastLine()).toBe("(failed reverse-i-search)`kubectl': kubectl get pods");
    expect(h.screen.lines()).toHaveLength(1);
  });

  it("Enter runs the match", () => {
    const h = harness({ history }).type("\x12nodes\r");
    expect(h.accepted()).toEqual(["kubectl get nodes"]);
    expect(h.screen.lines()[0]).toBe(P + "kubectl get nodes");
    expect(h.screen.lastLine()).toBe(PT);
  });

  it("an editing key ends the search on the match; Ctrl-G restores the line", () => {
    const h = harness({ history }).type("abc\x12hosts");
    expect(h.screen.lastLine()).toBe("(reverse-i-search)`hosts': cat /etc/hosts");
    h.type("\x05");
    expect(h.screen.lastLine()).toBe(P + "cat /etc/hosts");
    expect(h.ed.cursor).toBe(14);
    const g = harness({ history }).type("abc\x12hosts\x07");
    expect(g.screen.lastLine()).toBe(P + "abc");
    expect(g.ed.buffer).toBe("abc");
  });

  it("Backspace shortens the query and searches again; Ctrl-C abandons", () => {
    const h = harness({ history }).type("\x12podsx");
    expect(h.screen.lastLine()).toBe("(failed reverse-i-search)`podsx': kubectl get pods");
    h.type(BS);
    expect(h.screen.lastLine()).toBe("(reverse-i-search)`pods': kubectl get pods");
    h.type("\x03");
    expect(h.screen.lines()).toEqual(["(reverse-i-search)`pods': kubectl get pods^C", PT]);
    expect(h.accepted()).toEqual([]);
  });

  it("Ctrl-R on an empty query repeats the last search", () => {
    const h = harness({ history }).type("\x12get\x07").type("\x12\x12");
    expect(h.screen.lastLine()).toBe("(reverse-i-search)`get': kubectl get nodes");
  });
});

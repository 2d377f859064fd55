// Turn the data xterm hands us (onData: typed keys, escape sequences, pastes) into key events.
// Pure; no DOM.

export type KeyName =
  | "enter"
  | "backspace"
  | "delete"
  | "left"
  | "right"
  | "up"
  | "down"
  | "home"
  | "end"
  | "tab"
  | "esc"
  | "word-left"
  | "word-right"
  | "kill-word-forward"
  | "kill-word-backward"
  | `ctrl-${"a" | "b" | "c" | "d" | "e" | "f" | "g" | "k" | "l" | "n" | "p" | "r" | "s" | "t" | "u" | "w" | "y" | "z"}`;

export type Key = { kind: "text"; text: string } | { kind: "key"; name: KeyName };

const CSI: Record<string, KeyName> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
  "1~": "home",
  "7~": "home",
  "4~": "end",
  "8~": "end",
  "3~": "delete",
  "1;5C": "word-right",
  "1;5D": "word-left",
  "1;3C": "word-right",
  "1;3D": "word-left",
};

const CTRL: Record<number, KeyName> = {
  0x01: "ctrl-a",
  0x02: "ctrl-b",
  0x03: "ctrl-c",
  0x04: "ctrl-d",
  0x05: "ctrl-e",
  0x06: "ctrl-f",
  0x07: "ctrl-g",
  0x08: "backspace",
  0x09: "tab",
  0x0a: "enter",
  0x0b: "ctrl-k",
  0x0c: "ctrl-l",
  0x0d: "enter",
  0x0e: "ctrl-n",
  0x10: "ctrl-p",
  0x12: "ctrl-r",
  0x13: "ctrl-s",
  0x14: "ctrl-t",
  0x15: "ctrl-u",
  0x17: "ctrl-w",
  0x19: "ctrl-y",
  0x1a: "ctrl-z",
  0x7f: "backspace",
};

/** Parse one onData chunk. A run of printable characters becomes one text key (a paste). */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = "";
  const flush = () => {
    if (text) keys.push({ kind: "text", text });
    text = "";
  };
  let i = 0;
  while (i < data.length) {
    const ch = data[i];
    const code = ch.charCodeAt(0);
    if (ch === "\x1b") {
      flush();
      const next = data[i + 1];
      if (next === "[" || next === "O") {
        // CSI / SS3: parameters then a final byte in @..~
        let j = i + 2;
        while (j < data.length && !/[@-~]/.test(data[j])) j++;
        const body = data.slice(i + 2, j + 1);
        const name = CSI[body];
        if (name) keys.push({ kind: "key", name });
        i = j + 1;
        continue;
      }
      if (next === "b" || next === "B") keys.push({ kind: "key", name: "word-left" });
      else if (next === "f" || next === "F") keys.push({ kind: "key", name: "word-right" });
      else if (next === "d" || next === "D") keys.push({ kind: "key", name: "kill-word-forward" });
      else if (next === "\x7f" || next === "\x08") keys.push({ kind: "key", name: "kill-word-backward" });
      else {
        keys.push({ kind: "key", name: "esc" });
        i += 1;
        continue;
      }
      i += 2;
      continue;
    }
    if (ch === "\r" && data[i + 1] === "\n") {
      // CRLF in a paste is one line end
      flush();
      keys.push({ kind: "key", name: "enter" });
      i += 2;
      continue;
    }
    if (code < 0x20 || code === 0x7f) {
      flush();
      const name = CTRL[code];
      if (name) keys.push({ kind: "key", name });
      i++;
      continue;
    }
    // a run of printable characters at once (a 10 MB paste one character at a time takes a second)
    let j = i + 1;
    while (j < data.length) {
      const c = data.charCodeAt(j);
      if (c < 0x20 || c === 0x7f) break;
      j++;
    }
    text += data.slice(i, j);
    i = j;
  }
  flush();
  return keys;
}

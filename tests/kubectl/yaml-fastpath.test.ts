// The YAML printer's fast path for plain-safe strings must choose the same style as goyaml.v2's
// full analysis (resolver words, numbers, timestamps, base-60 floats, indicators).

import { describe, expect, it } from "vitest";
import { toYaml } from "../../src/commands/kubectl/printers/yaml.ts";
import { byteCompare, sortKeysDeep } from "../../src/commands/kubectl/printers/json.ts";

describe("yaml fast path", () => {
  it("quotes what resolves to a non-string and keeps plain what is plain", () => {
    const v = { a: "1.5", b: "true", c: "a:b", d: "x:", e: "-a", f: "2024-01-01", g: "0x1F", h: "1_000", i: "12:30", j: "nginx:1.27", k: "/var/run", l: "a=b+c", m: "007", n: "089", o: "y", p: 42, q: null, r: false };
    expect(toYaml(v)).toBe(
      'a: "1.5"\nb: "true"\nc: a:b\nd: \'x:\'\ne: -a\nf: "2024-01-01"\ng: "0x1F"\nh: "1_000"\ni: "12:30"\nj: nginx:1.27\nk: /var/run\nl: a=b+c\nm: "007"\n"n": "089"\no: "y"\np: 42\nq: null\nr: false\n',
    );
  });
  it("byte order without encoding (surrogates after U+E000..U+FFFF)", () => {
    expect(["b", "B", "a", "\uffff", "\u{1F600}", "é"].sort(byteCompare)).toEqual(["B", "a", "b", "é", "\uffff", "\u{1F600}"]);
    expect(Object.keys(sortKeysDeep({ b: 1, a: { d: 1, c: 2 } }) as object)).toEqual(["a", "b"]);
  });
});

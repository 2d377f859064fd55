// Hostile scenario text: whatever an instructor's (or an attacker's) file says, the task panel
// renders no script, no event handler attribute and no javascript:/data: link.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, safeHref } from "../../src/ui/markdown.tsx";
import { Hints } from "../../src/ui/scenario/Hints.tsx";
import { Results } from "../../src/ui/scenario/Results.tsx";
import { TaskMeta } from "../../src/ui/scenario/TaskMeta.tsx";

export const PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)><script>alert(2)</script></svg>",
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](  javascript:alert(1))",
  "[click](\u0001javascript:alert(1))",
  "[click](java\tscript:alert(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[click](vbscript:msgbox(1))",
  "[click](//evil.example/x)",
  "[click](\\\\evil.example/x)",
  "[click](&#106;avascript:alert(1))",
  '<a href="  javascript:alert(1)">x</a>',
  "&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
  "**<b onmouseover=alert(1)>bold</b>**",
  "`<script>alert(1)</script>`",
  "```\n<script>alert(1)</script>\n```",
];

/** Elements the markup opens, with their attributes (the renderer escapes everything else). */
function elements(html: string): { tag: string; attrs: string }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({ tag: m[1].toLowerCase(), attrs: m[2] }));
}

function assertSafe(html: string) {
  for (const el of elements(html)) {
    expect(["script", "img", "svg", "iframe", "object", "embed", "style", "b", "text", "a-never"]).not.toContain(el.tag);
    expect(el.attrs).not.toMatch(/\son\w+\s*=/i);
    expect(el.attrs).not.toMatch(/\sstyle\s*=/i);
    const href = /\shref="([^"]*)"/.exec(el.attrs)?.[1];
    if (href !== undefined) {
      const decoded = href.replace(/&amp;/g, "&");
      expect(decoded).toMatch(/^(https?:\/\/|[^:\\/]|\/[^/\\]|#)/);
      expect(decoded.toLowerCase()).not.toMatch(/^\s*(javascript|data|vbscript):/);
    }
  }
}

describe("hostile scenario text", () => {
  it.each(PAYLOADS)("task markdown: %s", (p) => {
    assertSafe(renderToStaticMarkup(createElement(Markdown, { source: `# ${p}\n\n${p}\n\n- ${p}\n\n> ${p}` })));
  });

  it("in the title, badges, hints, explanation and check names", () => {
    for (const p of PAYLOADS) {
      assertSafe(renderToStaticMarkup(createElement(TaskMeta, { scenario: { id: "local:x", title: p, task: p, domain: p, difficulty: p, tags: [p], minutes: 1 } })));
      assertSafe(renderToStaticMarkup(createElement(Hints, { hints: [p] })));
      assertSafe(
        renderToStaticMarkup(
          createElement(Results, { grade: { passed: false, score: 0, total: 1, checks: [{ name: p, passed: false, expected: p, observed: p, points: 1 }] }, explanation: p }),
        ),
      );
    }
  });

  it("safeHref keeps web and relative links only", () => {
    expect(safeHref("https://kubernetes.io/docs")).toBe("https://kubernetes.io/docs");
    expect(safeHref("#part")).toBe("#part");
    expect(safeHref("docs/x.md")).toBe("docs/x.md");
    for (const bad of ["javascript:alert(1)", " JaVaScRiPt:x", "\u0001javascript:x", "java\nscript:x", "data:text/html,x", "//evil", "\\\\evil", "/\\evil", "vbscript:x"]) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});

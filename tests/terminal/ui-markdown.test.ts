import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, safeHref } from "../../src/ui/markdown.tsx";

const html = (md: string) => renderToStaticMarkup(createElement(Markdown, { source: md }));

describe("markdown", () => {
  it("renders headings, paragraphs, emphasis and code", () => {
    expect(html("# Task\n\nCreate a **static pod** named `static-busybox`, *quickly*.")).toBe(
      "<div><h2>Task</h2><p>Create a <strong>static pod</strong> named <code>static-busybox</code>, <em>quickly</em>.</p></div>",
    );
  });
  it("renders lists, nested lists and fenced code", () => {
    expect(html("- one\n- two\n  - inner\n\n1. first\n2. second")).toBe(
      "<div><ul><li>one</li><li><p>two</p><ul><li>inner</li></ul></li></ul><ol start=\"1\"><li>first</li><li>second</li></ol></div>",
    );
    expect(html("```yaml\nkind: Pod\n  x: <b>\n```")).toBe('<div><pre class="lang-yaml"><code>kind: Pod\n  x: &lt;b&gt;</code></pre></div>');
  });
  it("never lets HTML or script links through", () => {
    const out = html('<img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](https://kubernetes.io/docs/) [c](./x.md) [d](data:text/html,hi)');
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;img");
    expect(out).not.toContain("javascript:");
    expect(out).not.toContain("data:");
    expect(out).toContain('<a href="https://kubernetes.io/docs/" target="_blank" rel="noopener noreferrer">b</a>');
    expect(out).toContain('<a href="./x.md">c</a>');
    expect(safeHref("JaVaScRiPt:alert(1)")).toBeNull();
    expect(safeHref("//evil.example")).toBeNull();
  });
  it("keeps underscores inside words and renders quotes and rules", () => {
    expect(html("static_pod_path and snake_case\n\n> note\n\n---")).toBe(
      "<div><p>static_pod_path and snake_case</p><blockquote><p>note</p></blockquote><hr/></div>",
    );
  });
});

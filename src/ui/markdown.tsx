// A small, safe markdown → React renderer for scenario tasks: headings, paragraphs, lists
// (nested by indentation), block quotes, rules, fenced code, code spans, bold, italic and
// links (http(s), relative and in-page hrefs only). It builds elements; it never injects HTML.

import { Fragment, type ReactNode } from "react";

type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "para"; text: string }
  | { kind: "code"; lang: string; text: string }
  | { kind: "list"; ordered: boolean; start: number; items: Block[][] }
  | { kind: "quote"; blocks: Block[] }
  | { kind: "rule" };

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].replace(/\t/g, "    ").length ?? 0;
}

export function parseBlocks(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^\s*(```+|~~~+)\s*([\w+-]*)/.exec(line);
    if (fence) {
      const marker = fence[1];
      const indent = indentOf(line);
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(marker)) {
        body.push(lines[i].slice(Math.min(indent, indentOf(lines[i]))));
        i++;
      }
      i++; // closing fence
      blocks.push({ kind: "code", lang: fence[2], text: body.join("\n") });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", level: heading[1].length, text: heading[2] });
      i++;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ kind: "rule" });
      i++;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i])) {
        body.push(lines[i].replace(/^\s{0,3}>\s?/, ""));
        i++;
      }
      blocks.push({ kind: "quote", blocks: parseBlocks(body.join("\n")) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const base = indentOf(line);
      const ordered = /\d/.test(item[2]);
      const start = ordered ? parseInt(item[2], 10) : 1;
      const items: string[][] = [];
      while (i < lines.length) {
        const l = lines[i];
        const m = LIST_ITEM.exec(l);
        if (m && indentOf(l) === base && /\d/.test(m[2]) === ordered) {
          items.push([m[3]]);
          i++;
          continue;
        }
        if (!l.trim()) {
          // a blank line continues the list only if more of it follows, indented or as an item
          const next = lines.slice(i + 1).find((x) => x.trim());
          if (next !== undefined && (indentOf(next) > base || (LIST_ITEM.test(next) && indentOf(next) === base))) {
            items[items.length - 1].push("");
            i++;
            continue;
          }
          break;
        }
        if (indentOf(l) > base || (!LIST_ITEM.test(l) && !/^\s*(```|~~~|#|>)/.test(l))) {
          // continuation of the item: strip the item's indentation
          items[items.length - 1].push(l.slice(Math.min(indentOf(l), base + 2)));
          i++;
          continue;
        }
        break;
      }
      blocks.push({ kind: "list", ordered, start, items: items.map((it) => parseBlocks(it.join("\n"))) });
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() &&
      !/^\s*(```|~~~)/.test(lines[i]) &&
      !/^\s{0,3}(#{1,6}\s|>)/.test(lines[i]) &&
      !LIST_ITEM.test(lines[i])
    ) {
      para.push(lines[i].trim());
      i++;
    }
    blocks.push({ kind: "para", text: para.join("\n") });
  }
  return blocks;
}

/** Only web and relative links; anything else (javascript:, data: …) is not a link. */
export function safeHref(href: string): string | null {
  // browsers skip control characters, tabs and newlines when they read a URL's scheme
  // ("\u0001javascript:", "java\tscript:"): a link with any of them is no link
  if (/[\u0000-\u001f\u007f]/.test(href)) return null;
  const h = href.trim();
  if (/^https?:\/\//i.test(h)) return h;
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) return null;
  // protocol-relative (//host, and \\host or /\host, which browsers read the same way)
  if (/^[\\/]{2}/.test(h)) return null;
  return h;
}

let keySeq = 0;

export function renderInline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let plain = "";
  const flush = () => {
    if (plain) out.push(plain);
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\" && i + 1 < text.length && /[\\`*_{}[\]()#+\-.!<>|~]/.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const run = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(run, i + run.length);
      if (end > 0) {
        flush();
        let code = text.slice(i + run.length, end);
        if (code.startsWith(" ") && code.endsWith(" ") && code.trim()) code = code.slice(1, -1);
        out.push(<code key={keySeq++}>{code}</code>);
        i = end + run.length;
        continue;
      }
      plain += run;
      i += run.length;
      continue;
    }
    if ((ch === "*" || ch === "_") && text[i + 1] === ch) {
      const end = text.indexOf(ch + ch, i + 2);
      if (end > i + 2) {
        flush();
        out.push(<strong key={keySeq++}>{renderInline(text.slice(i + 2, end))}</strong>);
        i = end + 2;
        continue;
      }
    }
    if (ch === "*" || ch === "_") {
      const prev = text[i - 1];
      // an underscore inside a word (static_pod) is not emphasis
      const opens = text[i + 1] !== undefined && text[i + 1] !== " " && !(ch === "_" && prev && /\w/.test(prev));
      const end = opens ? findCloser(text, ch, i + 1) : -1;
      if (end > i + 1) {
        flush();
        out.push(<em key={keySeq++}>{renderInline(text.slice(i + 1, end))}</em>);
        i = end + 1;
        continue;
      }
    }
    if (ch === "[") {
      const m = /^\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/.exec(text.slice(i));
      if (m) {
        flush();
        const href = safeHref(m[2]);
        const label = renderInline(m[1]);
        if (href !== null) {
          const external = /^https?:/i.test(href);
          out.push(
            <a key={keySeq++} href={href} {...(external ? { target: "_blank", rel: "noopener noreferrer" } : {})}>
              {label}
            </a>,
          );
        } else {
          out.push(<Fragment key={keySeq++}>{label}</Fragment>);
        }
        i += m[0].length;
        continue;
      }
    }
    if (ch === "\n") {
      // a hard break: two trailing spaces were trimmed, so treat a newline as a space
      plain += " ";
      i++;
      continue;
    }
    plain += ch;
    i++;
  }
  flush();
  return out;
}

function findCloser(text: string, ch: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === "`") {
      const close = text.indexOf("`", j + 1);
      if (close > 0) j = close;
      continue;
    }
    if (text[j] === ch && text[j - 1] !== " " && text[j + 1] !== ch && !(ch === "_" && /\w/.test(text[j + 1] ?? ""))) return j;
  }
  return -1;
}

function renderBlocks(blocks: Block[], tight = false): ReactNode[] {
  return blocks.map((b, idx) => {
    switch (b.kind) {
      case "heading": {
        const level = Math.min(6, b.level + 1) as 2 | 3 | 4 | 5 | 6;
        const Tag = `h${level}` as const;
        return <Tag key={idx}>{renderInline(b.text)}</Tag>;
      }
      case "para":
        return tight && blocks.length === 1 ? <Fragment key={idx}>{renderInline(b.text)}</Fragment> : <p key={idx}>{renderInline(b.text)}</p>;
      case "code":
        return (
          <pre key={idx} className={b.lang ? `lang-${b.lang}` : undefined}>
            <code>{b.text}</code>
          </pre>
        );
      case "list": {
        const items = b.items.map((it, j) => <li key={j}>{renderBlocks(it, true)}</li>);
        return b.ordered ? (
          <ol key={idx} start={b.start}>
            {items}
          </ol>
        ) : (
          <ul key={idx}>{items}</ul>
        );
      }
      case "quote":
        return <blockquote key={idx}>{renderBlocks(b.blocks)}</blockquote>;
      case "rule":
        return <hr key={idx} />;
    }
  });
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  return <div className={className}>{renderBlocks(parseBlocks(source))}</div>;
}

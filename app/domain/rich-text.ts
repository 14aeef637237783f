/**
 * Proposal bodies (and minutes) are Yjs documents edited by Tiptap: the XmlFragment named `default`
 * holds the ProseMirror tree of StarterKit + TableKit. This module turns that tree into HTML for
 * server-rendered pages and into plain text for search, diffs and feeds, and builds documents for the
 * no-JavaScript form and for restoring old versions.
 *
 * The renderer is the sanitiser, by construction: it never copies markup. It walks the tree and emits
 * only tags from a fixed list, only the attributes listed below with values it has parsed itself, and
 * escapes every piece of text. Anyone with edit rights can write arbitrary Yjs updates over the
 * WebSocket (the server does not check them against the schema), so the tree is treated as hostile.
 *
 * Choices worth knowing:
 * - Unknown elements (`script`, `img`, a future extension's node…) are replaced by their text content,
 *   escaped: no word a writer typed disappears, but none of the markup survives. In a block position
 *   that text is wrapped in `<p>`; inside a paragraph it is inline text. An element with no text
 *   (an `img`) therefore vanishes.
 * - Known elements in the wrong place (a table inside a paragraph) are treated as unknown there, so
 *   the output is always well nested.
 * - Trees deeper than {@link MAX_DEPTH} are flattened to text below that depth, so a hostile document
 *   cannot overflow the stack.
 * - A link whose href is not an absolute http:, https: or mailto: URL is rendered as plain text.
 */
import * as Y from "yjs";

export interface RenderedRichText {
  /** Sanitised HTML, ready for `dangerouslySetInnerHTML`. */
  html: string;
  /**
   * Plain text: blocks separated by "\n", bullet items prefixed "• " and numbered ones "1. ", table
   * rows on lines with cells joined by " | ". Not escaped: it is text, not HTML.
   */
  text: string;
}

/** The name of the fragment Tiptap's Collaboration extension binds to. */
export const FRAGMENT_NAME = "default";

/** Nesting deeper than this is flattened to text (Tiptap documents rarely pass 10). */
export const MAX_DEPTH = 40;

/** colspan/rowspan above this are ignored: a hostile 10⁶-column cell would wreck the layout. */
const MAX_SPAN = 20;

const MAX_HREF_LENGTH = 2048;

/** y-prosemirror stores overlapping marks of one type as `name--<8 chars of hash>`. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

const BULLET = "• ";
const CELL_SEPARATOR = " | ";

type Child = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** A rendered block: its HTML and its plain text as lines. */
interface Block {
  html: string;
  lines: string[];
}

/** Escapes text for element content and double- or single-quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * The href a link may carry, or null. Only absolute http:, https: and mailto: URLs pass; the scheme
 * must be spelled out at the start of the (trimmed) value, which rules out relative and
 * protocol-relative URLs and every `javascript:` disguise (entities, embedded tabs, leading junk),
 * since the value is never entity-decoded. Control characters anywhere reject the value, and so do
 * credentials (`https://bank.example@evil.example` is a phishing trick). The URL is returned in its
 * WHATWG-normalised, percent-encoded form.
 */
export function safeHref(value: unknown): string | null {
  if (typeof value !== "string" || value.length > MAX_HREF_LENGTH) return null;
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(trimmed)) return null;
  if (!/^(?:https?:\/\/|mailto:)/i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol === "mailto:") {
    return url.pathname.length > 0 ? url.href : null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username !== "" || url.password !== "" || url.hostname === "") return null;
  return url.href;
}

/** Renders the `default` fragment of a proposal document to sanitised HTML and plain text. */
export function renderRichText(fragment: Y.XmlFragment): RenderedRichText {
  const block = renderBlocks(fragment.toArray(), 0);
  return { html: block.html, text: block.lines.join("\n") };
}

// ---------------------------------------------------------------------------------------------------
// Block level

function renderBlocks(children: readonly Child[], depth: number): Block {
  const html: string[] = [];
  const lines: string[] = [];
  for (const child of children) {
    const block = renderBlock(child, depth);
    if (!block) continue;
    html.push(block.html);
    lines.push(...block.lines);
  }
  return { html: html.join(""), lines };
}

function renderBlock(node: Child, depth: number): Block | null {
  if (node instanceof Y.XmlText) {
    const inline = renderInline([node]);
    return { html: `<p>${inline.html}</p>`, lines: inline.text.split("\n") };
  }
  if (!(node instanceof Y.XmlElement)) return null;
  if (depth >= MAX_DEPTH) return textParagraph(node);
  const children = node.toArray();
  switch (node.nodeName) {
    case "paragraph": {
      const inline = renderInline(children);
      return { html: `<p>${inline.html}</p>`, lines: inline.text.split("\n") };
    }
    case "heading": {
      const level = headingLevel(node.getAttributes()["level"]);
      const inline = renderInline(children);
      return { html: `<h${level}>${inline.html}</h${level}>`, lines: inline.text.split("\n") };
    }
    case "blockquote": {
      const inner = renderBlocks(children, depth + 1);
      return { html: `<blockquote>${inner.html}</blockquote>`, lines: inner.lines };
    }
    case "bulletList":
    case "orderedList":
      return renderList(node, children, depth);
    case "codeBlock": {
      const code = plainText(children, "\n");
      return { html: `<pre><code>${escapeHtml(code)}</code></pre>`, lines: code.split("\n") };
    }
    case "horizontalRule":
      return { html: "<hr>", lines: [] };
    case "table":
      return renderTable(children, depth);
    case "hardBreak":
      return null;
    default:
      return textParagraph(node);
  }
}

/** An unknown (or misplaced, or too deep) element at block level: its words, in a paragraph. */
function textParagraph(node: Y.XmlElement): Block | null {
  const text = textContent(node);
  if (text === "") return null;
  return { html: `<p>${escapeHtml(text)}</p>`, lines: text.split("\n") };
}

/** Tiptap allows h1–h6; pages have their own h1, so bodies use h2–h4. Anything unparsable is h2. */
function headingLevel(value: unknown): 2 | 3 | 4 {
  const level = positiveInteger(value);
  if (level === null || level <= 2) return 2;
  return level >= 4 ? 4 : 3;
}

/** A positive integer given as a number or as digits only; anything else (`"2 onclick=…"`) is null. */
function positiveInteger(value: unknown): number | null {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  }
  if (typeof value === "string" && /^[0-9]{1,9}$/.test(value)) {
    const n = Number(value);
    return n > 0 ? n : null;
  }
  return null;
}

function renderList(list: Y.XmlElement, children: readonly Child[], depth: number): Block {
  const ordered = list.nodeName === "orderedList";
  const start = ordered ? (positiveInteger(list.getAttributes()["start"]) ?? 1) : 1;
  const items: string[] = [];
  const lines: string[] = [];
  let number = start;
  for (const child of children) {
    // A list holds list items; anything else is rendered as the content of an item of its own.
    const inner =
      child instanceof Y.XmlElement && child.nodeName === "listItem" && depth + 1 < MAX_DEPTH
        ? renderBlocks(child.toArray(), depth + 2)
        : renderBlocks([child], depth + 1);
    items.push(`<li>${inner.html}</li>`);
    const marker = ordered ? `${number}. ` : BULLET;
    const indent = " ".repeat(marker.length);
    const [first = "", ...rest] = inner.lines;
    lines.push(marker + first, ...rest.map((line) => indent + line));
    number += 1;
  }
  const open = ordered ? (start === 1 ? "<ol>" : `<ol start="${start}">`) : "<ul>";
  const close = ordered ? "</ol>" : "</ul>";
  return { html: `${open}${items.join("")}${close}`, lines };
}

function renderTable(children: readonly Child[], depth: number): Block {
  const rows: string[] = [];
  const lines: string[] = [];
  for (const child of children) {
    // A table holds rows; anything else becomes a row with one cell.
    const cells =
      child instanceof Y.XmlElement && child.nodeName === "tableRow" && depth + 1 < MAX_DEPTH
        ? child.toArray()
        : [child];
    const cellHtml: string[] = [];
    const cellText: string[] = [];
    for (const cell of cells) {
      const rendered = renderCell(cell, depth + 2);
      cellHtml.push(rendered.html);
      cellText.push(rendered.lines.filter((line) => line !== "").join(" "));
    }
    rows.push(`<tr>${cellHtml.join("")}</tr>`);
    lines.push(cellText.join(CELL_SEPARATOR));
  }
  return {
    html: `<div class="table-scroll"><table><tbody>${rows.join("")}</tbody></table></div>`,
    lines,
  };
}

function renderCell(cell: Child, depth: number): Block {
  if (
    cell instanceof Y.XmlElement &&
    (cell.nodeName === "tableCell" || cell.nodeName === "tableHeader") &&
    depth < MAX_DEPTH
  ) {
    const tag = cell.nodeName === "tableHeader" ? "th" : "td";
    const attributes = cell.getAttributes();
    const colspan = span(attributes["colspan"]);
    const rowspan = span(attributes["rowspan"]);
    const spans =
      (colspan > 1 ? ` colspan="${colspan}"` : "") + (rowspan > 1 ? ` rowspan="${rowspan}"` : "");
    const inner = renderBlocks(cell.toArray(), depth + 1);
    return { html: `<${tag}${spans}>${inner.html}</${tag}>`, lines: inner.lines };
  }
  // A row holds cells; anything else becomes a cell of its own.
  const inner = renderBlocks([cell], depth);
  return { html: `<td>${inner.html}</td>`, lines: inner.lines };
}

function span(value: unknown): number {
  const n = positiveInteger(value);
  return n !== null && n <= MAX_SPAN ? n : 1;
}

// ---------------------------------------------------------------------------------------------------
// Inline level

interface Inline {
  html: string;
  text: string;
}

function renderInline(children: readonly Child[]): Inline {
  let html = "";
  let text = "";
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      const rendered = renderTextRuns(child);
      html += rendered.html;
      text += rendered.text;
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === "hardBreak") {
        html += "<br>";
        text += "\n";
      } else {
        // Unknown, or a block where only inline content belongs: its words, as text.
        const words = textContent(child);
        html += escapeHtml(words);
        text += words;
      }
    }
  }
  return { html, text };
}

/** One delta run's marks, in the fixed nesting order of the output (outermost first). */
const MARK_TAGS = [
  ["bold", "strong"],
  ["italic", "em"],
  ["underline", "u"],
  ["strike", "s"],
  ["code", "code"],
] as const;

interface DeltaOp {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

function renderTextRuns(node: Y.XmlText): Inline {
  let html = "";
  let text = "";
  for (const op of node.toDelta() as DeltaOp[]) {
    if (typeof op.insert !== "string" || op.insert === "") continue;
    const marks = markSet(op.attributes);
    let open = "";
    let close = "";
    const href = marks.has("link") ? safeHref(linkHref(marks.get("link"))) : null;
    if (href !== null) {
      open += `<a href="${escapeHtml(href)}" rel="nofollow ugc noopener" target="_blank">`;
      close = "</a>" + close;
    }
    for (const [mark, tag] of MARK_TAGS) {
      if (!isOn(marks.get(mark))) continue;
      open += `<${tag}>`;
      close = `</${tag}>` + close;
    }
    html += open + escapeHtml(op.insert) + close;
    text += op.insert;
  }
  return { html, text };
}

/** Mark name → mark attributes, with y-prosemirror's hash suffixes removed. */
function markSet(attributes: Record<string, unknown> | undefined): Map<string, unknown> {
  const marks = new Map<string, unknown>();
  if (!attributes) return marks;
  for (const [key, value] of Object.entries(attributes)) {
    const name = HASHED_MARK.exec(key)?.[1] ?? key;
    if (!marks.has(name) || isOn(value)) marks.set(name, value);
  }
  return marks;
}

/** y-prosemirror stores a mark's attrs (`{}` for bold); tests and older clients store `true`. */
function isOn(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

function linkHref(value: unknown): unknown {
  if (typeof value === "object" && value !== null && "href" in value) {
    return value.href;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Text content of anything (iterative: it is also the fallback for documents that are too deep)

/** The text of a code block's children: hard breaks become `breakText`, other elements their words. */
function plainText(children: readonly Child[], breakText: string): string {
  let out = "";
  for (const child of children) {
    if (child instanceof Y.XmlText) out += deltaText(child);
    else if (child instanceof Y.XmlElement && child.nodeName === "hardBreak") out += breakText;
    else if (child instanceof Y.XmlElement) out += textContent(child);
  }
  return out;
}

function deltaText(node: Y.XmlText): string {
  let out = "";
  for (const op of node.toDelta() as DeltaOp[]) {
    if (typeof op.insert === "string") out += op.insert;
  }
  return out;
}

/**
 * Every piece of text under `root`, depth first, joined with spaces where elements meet, without
 * recursion. Used for unknown elements, so their words survive as escaped text.
 */
function textContent(root: Y.XmlElement): string {
  const pieces: string[] = [];
  const stack: Child[] = [...root.toArray()].reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node instanceof Y.XmlText) {
      const text = deltaText(node);
      if (text !== "") pieces.push(text);
    } else if (node instanceof Y.XmlElement) {
      const children = node.toArray();
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) stack.push(child);
      }
    }
  }
  return pieces.join(" ").trim();
}

// ---------------------------------------------------------------------------------------------------
// Building documents

/**
 * Turns text typed into a plain form (no JavaScript) into the Yjs update of a new document, so the
 * live editor opens it like any other: one `paragraph` per non-empty line; `# `, `## `, `### ` lines
 * become headings of level 2, 3, 4 (pages own the h1); consecutive `- ` or `• ` lines become one
 * `bulletList` (blank lines between them do not end it). Blank lines only separate; leading and
 * trailing spaces are dropped.
 */
export function textToDocumentUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  doc.transact(() => {
    let list: Y.XmlElement | null = null;
    for (const rawLine of text.split(/\r\n|\r|\n/)) {
      const line = rawLine.trim();
      const bullet = /^[-•]\s+(.*)$/u.exec(line);
      const heading = /^(#{1,3})\s+(.*)$/u.exec(line);
      if (bullet?.[1]) {
        if (!list) {
          list = new Y.XmlElement("bulletList");
          fragment.push([list]);
        }
        const item = new Y.XmlElement("listItem");
        list.push([item]);
        item.push([textElement("paragraph", bullet[1])]);
        continue;
      }
      if (line === "") continue; // blank lines separate paragraphs but do not end a list
      list = null;
      if (heading?.[1] && heading[2]) {
        // A number, as ProseMirror's heading node has it: Tiptap compares `level === 2`.
        const element = new Y.XmlElement<{ level: number }>("heading");
        element.setAttribute("level", heading[1].length + 1);
        element.insert(0, [textNode(heading[2])]);
        fragment.push([element as unknown as Y.XmlElement]);
      } else {
        fragment.push([textElement("paragraph", line)]);
      }
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function textElement(nodeName: string, content: string): Y.XmlElement {
  const element = new Y.XmlElement(nodeName);
  element.insert(0, [textNode(content)]);
  return element;
}

function textNode(content: string): Y.XmlText {
  const text = new Y.XmlText();
  text.insert(0, content);
  return text;
}

/**
 * Makes `doc`'s `default` fragment equal to the content of the document encoded in `state`, as one
 * new edit (origin "restore"): restoring an old version never rewinds history, so every replica
 * converges and the restore itself shows up in the version list. Children are deep clones
 * (`.clone()`); XmlHooks, which Tiptap never writes, are skipped. Throws if `state` is not a Yjs
 * update.
 */
export function replaceDocumentContent(doc: Y.Doc, state: Uint8Array): void {
  const source = new Y.Doc();
  try {
    Y.applyUpdate(source, state);
    const clones: Array<Y.XmlElement | Y.XmlText> = [];
    for (const child of source.getXmlFragment(FRAGMENT_NAME).toArray()) {
      if (child instanceof Y.XmlElement || child instanceof Y.XmlText) clones.push(child.clone());
    }
    const target = doc.getXmlFragment(FRAGMENT_NAME);
    doc.transact(() => {
      if (target.length > 0) target.delete(0, target.length);
      if (clones.length > 0) target.insert(0, clones);
    }, "restore");
  } finally {
    source.destroy();
  }
}

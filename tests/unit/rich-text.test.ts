import { getSchema } from "@tiptap/core";
import { TableKit } from "@tiptap/extension-table";
import StarterKit from "@tiptap/starter-kit";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  MAX_DEPTH,
  renderRichText,
  replaceDocumentContent,
  safeHref,
  textToDocumentUpdate,
} from "~/domain/rich-text";

// ---------------------------------------------------------------------------------------------------
// Builders: detached Yjs types, integrated when pushed into a document's fragment.

type Node = Y.XmlElement | Y.XmlText;
type Attrs = Record<string, unknown>;

function el(name: string, attrs: Attrs = {}, children: Node[] = []): Y.XmlElement {
  const element = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) {
    (element as Y.XmlElement<Record<string, unknown> & { [key: string]: never }>).setAttribute(
      key,
      value as never,
    );
  }
  if (children.length > 0) element.insert(0, children);
  return element;
}

/** A text node from runs of [text, marks]. */
function txt(...runs: Array<string | [string, Attrs]>): Y.XmlText {
  const text = new Y.XmlText();
  let index = 0;
  for (const run of runs) {
    const [content, marks] = typeof run === "string" ? [run, {}] : run;
    text.insert(index, content, marks);
    index += content.length;
  }
  return text;
}

const p = (...children: Node[]) => el("paragraph", {}, children);

function fragmentOf(...nodes: Node[]): Y.XmlFragment {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("default");
  fragment.insert(0, nodes);
  return fragment;
}

const render = (...nodes: Node[]) => renderRichText(fragmentOf(...nodes));

const LINK_ATTRS = 'rel="nofollow ugc noopener" target="_blank"';

// ---------------------------------------------------------------------------------------------------
// The whitelist, as a checker: every tag, attribute and href in the output.

const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  p: [],
  h2: [],
  h3: [],
  h4: [],
  strong: [],
  em: [],
  u: [],
  s: [],
  code: [],
  pre: [],
  br: [],
  hr: [],
  ul: [],
  ol: ["start"],
  li: [],
  blockquote: [],
  a: ["href", "rel", "target"],
  div: ["class"],
  table: [],
  tbody: [],
  tr: [],
  th: ["colspan", "rowspan"],
  td: ["colspan", "rowspan"],
};

/** Throws unless every `<` in `html` opens or closes a whitelisted tag with whitelisted attributes. */
function assertWhitelisted(html: string): void {
  const tag = /<(\/?)([a-z0-9]+)((?:\s[a-z-]+="[^"<>]*")*)>/gy;
  let position = 0;
  while (position < html.length) {
    const next = html.indexOf("<", position);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(html);
    if (!match) throw new Error(`unexpected "<" at ${next}: ${html.slice(next, next + 40)}`);
    const [, closing, name = "", attributeText = ""] = match;
    const allowed = ALLOWED_ATTRIBUTES[name];
    if (!allowed) throw new Error(`tag <${name}> is not whitelisted`);
    if (closing && attributeText !== "")
      throw new Error(`closing tag with attributes: ${match[0]}`);
    for (const [, attribute = "", value = ""] of attributeText.matchAll(/\s([a-z-]+)="([^"]*)"/g)) {
      if (!allowed.includes(attribute)) throw new Error(`attribute ${attribute} on <${name}>`);
      if (attribute === "href" && !/^(?:https?:\/\/|mailto:)/.test(value)) {
        throw new Error(`href ${value}`);
      }
      if (attribute === "rel" && value !== "nofollow ugc noopener") throw new Error(`rel ${value}`);
      if (attribute === "target" && value !== "_blank") throw new Error(`target ${value}`);
      if (attribute === "class" && value !== "table-scroll") throw new Error(`class ${value}`);
      if (
        (attribute === "colspan" || attribute === "rowspan" || attribute === "start") &&
        !/^[1-9][0-9]*$/.test(value)
      ) {
        throw new Error(`${attribute}=${value}`);
      }
    }
    position = next + match[0].length;
  }
  // `>` only closes tags: in text it is escaped too.
  const withoutTags = html.replace(/<[^>]*>/g, "");
  if (withoutTags.includes(">")) throw new Error("unescaped > in text");
}

/** The checks the brief spells out, on top of the whitelist. */
function expectInert(html: string): void {
  expect(() => assertWhitelisted(html)).not.toThrow();
  expect(html).not.toMatch(/<script/i);
  const tags = html.match(/<[^>]*>/g) ?? [];
  for (const tag of tags) {
    expect(tag).not.toMatch(/\son\w+\s*=/i);
    expect(tag).not.toMatch(/(?:javascript|data|vbscript):/i);
  }
  expect(html).not.toMatch(/href="\s*(?:javascript|data|vbscript):/i);
}

function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

// ---------------------------------------------------------------------------------------------------

describe("renderRichText: structure", () => {
  it("renders nothing for an empty document", () => {
    expect(render()).toEqual({ html: "", text: "" });
  });

  it.each<[string, Node[], string, string]>([
    ["a paragraph", [p(txt("你好，世界"))], "<p>你好，世界</p>", "你好，世界"],
    ["an empty paragraph", [p()], "<p></p>", ""],
    [
      "text with every special character escaped",
      [p(txt(`a <b> & "c" 'd'`))],
      "<p>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;</p>",
      `a <b> & "c" 'd'`,
    ],
    ["two paragraphs", [p(txt("一")), p(txt("二"))], "<p>一</p><p>二</p>", "一\n二"],
    ["a hard break", [p(txt("上"), el("hardBreak"), txt("下"))], "<p>上<br>下</p>", "上\n下"],
    [
      "a blockquote",
      [el("blockquote", {}, [p(txt("引用"))])],
      "<blockquote><p>引用</p></blockquote>",
      "引用",
    ],
    [
      "a code block, escaped, marks ignored",
      [el("codeBlock", { language: "js" }, [txt(["if (a < b) {}\nreturn;", { bold: true }])])],
      "<pre><code>if (a &lt; b) {}\nreturn;</code></pre>",
      "if (a < b) {}\nreturn;",
    ],
    [
      "a horizontal rule",
      [p(txt("a")), el("horizontalRule"), p(txt("b"))],
      "<p>a</p><hr><p>b</p>",
      "a\nb",
    ],
  ])("%s", (_name, nodes, html, text) => {
    expect(render(...nodes)).toEqual({ html, text });
  });

  it.each<[unknown, string]>([
    [1, "h2"],
    [2, "h2"],
    [3, "h3"],
    [4, "h4"],
    [5, "h4"],
    [6, "h4"],
    ["3", "h3"],
    [undefined, "h2"],
    [0, "h2"],
    [-3, "h2"],
    [2.5, "h2"],
    ["2 onmouseover=alert(1)", "h2"],
    ['4"><script>', "h2"],
    [{ level: 3 }, "h2"],
  ])("heading level %j renders as <%s>", (level, tag) => {
    const attrs = level === undefined ? {} : { level };
    expect(render(el("heading", attrs, [txt("标题")])).html).toBe(`<${tag}>标题</${tag}>`);
  });

  it("renders marks in a fixed nesting order", () => {
    const result = render(
      p(
        txt(
          ["粗", { bold: true }],
          ["斜", { italic: true }],
          ["下", { underline: true }],
          ["删", { strike: true }],
          ["码", { code: true }],
          ["全", { code: true, strike: true, underline: true, italic: true, bold: true }],
          "无",
        ),
      ),
    );
    expect(result.html).toBe(
      "<p><strong>粗</strong><em>斜</em><u>下</u><s>删</s><code>码</code>" +
        "<strong><em><u><s><code>全</code></s></u></em></strong>无</p>",
    );
    expect(result.text).toBe("粗斜下删码全无");
  });

  it("applies marks set later with format()", () => {
    const text = txt("abcdef");
    const fragment = fragmentOf(p(text));
    text.format(1, 3, { bold: true });
    text.format(2, 1, { italic: true });
    expect(renderRichText(fragment).html).toBe(
      "<p>a<strong>b</strong><strong><em>c</em></strong><strong>d</strong>ef</p>",
    );
  });

  it("reads marks stored the way y-prosemirror stores them ({} attrs, hashed names)", () => {
    expect(
      render(p(txt(["x", { bold: {} }], ["y", { "italic--a1B2c3D4": {} }], ["z", { bold: null }])))
        .html,
    ).toBe("<p><strong>x</strong><em>y</em>z</p>");
  });

  it("ignores unknown marks", () => {
    expect(render(p(txt(["x", { highlight: { color: "red" }, onclick: "alert(1)" }]))).html).toBe(
      "<p>x</p>",
    );
  });

  it("renders a safe link with fixed rel and target, and other marks inside it", () => {
    expect(
      render(
        p(
          txt("见", [
            "链接",
            { link: { href: "https://example.org/a?b=1&c=2", target: "_self", rel: "x" } },
          ]),
          txt(["粗链", { bold: true, link: { href: "mailto:office@example.org" } }]),
        ),
      ),
    ).toEqual({
      html:
        `<p>见<a href="https://example.org/a?b=1&amp;c=2" ${LINK_ATTRS}>链接</a>` +
        `<a href="mailto:office@example.org" ${LINK_ATTRS}><strong>粗链</strong></a></p>`,
      text: "见链接粗链",
    });
  });

  it("renders a link with an unsafe href as plain text, keeping its other marks", () => {
    expect(
      render(p(txt(["点我", { link: { href: "javascript:alert(1)" }, italic: true }]))).html,
    ).toBe("<p><em>点我</em></p>");
  });

  it("renders lists with prefixes in the text, nested lists indented", () => {
    const result = render(
      el("bulletList", {}, [
        el("listItem", {}, [p(txt("甲"))]),
        el("listItem", {}, [
          p(txt("乙")),
          el("orderedList", { start: 3 }, [
            el("listItem", {}, [p(txt("丙"))]),
            el("listItem", {}, [p(txt("丁"))]),
          ]),
        ]),
      ]),
      el("orderedList", {}, [el("listItem", {}, [p(txt("one"))])]),
    );
    expect(result.html).toBe(
      "<ul><li><p>甲</p></li><li><p>乙</p>" +
        '<ol start="3"><li><p>丙</p></li><li><p>丁</p></li></ol></li></ul>' +
        "<ol><li><p>one</p></li></ol>",
    );
    expect(result.text).toBe("• 甲\n• 乙\n  3. 丙\n  4. 丁\n1. one");
  });

  it.each<[unknown, string]>([
    [1, "<ol>"],
    [7, '<ol start="7">'],
    ["7", '<ol start="7">'],
    [0, "<ol>"],
    ['1" onclick="x', "<ol>"],
    [null, "<ol>"],
  ])("orderedList start %j opens %s", (start, open) => {
    expect(render(el("orderedList", { start }, [el("listItem", {}, [p(txt("x"))])])).html).toBe(
      `${open}<li><p>x</p></li></ol>`,
    );
  });

  it("wraps stray children of a list in items of their own", () => {
    expect(render(el("bulletList", {}, [p(txt("散"))])).html).toBe("<ul><li><p>散</p></li></ul>");
  });

  it("renders tables in a scroll wrapper, with header cells and spans", () => {
    const result = render(
      el("table", {}, [
        el("tableRow", {}, [
          el("tableHeader", { colspan: 1, rowspan: 1 }, [p(txt("楼栋"))]),
          el("tableHeader", { colspan: 2, rowspan: 1 }, [p(txt("意见"))]),
        ]),
        el("tableRow", {}, [
          el("tableCell", { rowspan: "2" }, [p(txt("3号楼")), p(txt("东"))]),
          el("tableCell", {}, [p(txt("支持"))]),
          el("tableCell", { colspan: 21 }, [p()]),
        ]),
      ]),
    );
    expect(result.html).toBe(
      '<div class="table-scroll"><table><tbody>' +
        '<tr><th><p>楼栋</p></th><th colspan="2"><p>意见</p></th></tr>' +
        '<tr><td rowspan="2"><p>3号楼</p><p>东</p></td><td><p>支持</p></td><td><p></p></td></tr>' +
        "</tbody></table></div>",
    );
    expect(result.text).toBe("楼栋 | 意见\n3号楼 东 | 支持 | ");
  });

  it.each<[unknown, string]>([
    [2, ' colspan="2"'],
    [20, ' colspan="20"'],
    [21, ""],
    [0, ""],
    [-1, ""],
    ["3", ' colspan="3"'],
    ['1" onclick="x', ""],
    ["2 onmouseover=alert(1)", ""],
    [1.5, ""],
    [[2], ""],
  ])("colspan %j renders as %j", (colspan, attribute) => {
    const html = render(
      el("table", {}, [el("tableRow", {}, [el("tableCell", { colspan }, [p(txt("x"))])])]),
    ).html;
    expect(html).toContain(`<td${attribute}><p>x</p></td>`);
  });

  it("replaces unknown elements by their escaped text content", () => {
    expect(
      render(
        el("script", {}, [txt("alert(1)")]),
        el("img", { src: "x", onerror: "alert(1)" }),
        el("details", {}, [el("summary", {}, [txt("摘要")]), p(txt("<b>细节</b>"))]),
        p(txt("前"), el("mention", { id: "7" }, [txt("@张三")]), txt("后")),
      ),
    ).toEqual({
      html: "<p>alert(1)</p><p>摘要 &lt;b&gt;细节&lt;/b&gt;</p><p>前@张三后</p>",
      text: "alert(1)\n摘要 <b>细节</b>\n前@张三后",
    });
  });

  it("flattens block elements found where only inline content belongs", () => {
    expect(
      render(
        p(txt("a"), el("table", {}, [el("tableRow", {}, [el("tableCell", {}, [p(txt("b"))])])])),
      ).html,
    ).toBe("<p>ab</p>");
  });

  it("wraps text found directly at block level in a paragraph", () => {
    expect(render(txt("裸"), el("blockquote", {}, [txt("引")])).html).toBe(
      "<p>裸</p><blockquote><p>引</p></blockquote>",
    );
  });

  it("flattens documents nested deeper than MAX_DEPTH instead of overflowing the stack", () => {
    // Built one integrated level at a time: Yjs itself recurses when integrating a detached tree.
    const fragment = fragmentOf();
    let parent: Y.XmlFragment | Y.XmlElement = fragment;
    for (let i = 0; i < 5000; i++) {
      const quote = new Y.XmlElement("blockquote");
      parent.insert(0, [quote]);
      parent = quote;
    }
    parent.insert(0, [p(txt("深处"))]);
    const result = renderRichText(fragment);
    expect(result.text).toBe("深处");
    expect(result.html.startsWith("<blockquote>".repeat(MAX_DEPTH))).toBe(true);
    expect(result.html).toContain("<p>深处</p>");
    expect(() => assertWhitelisted(result.html)).not.toThrow();
  });

  it("renders a document written by Tiptap's own Yjs binding", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("default");
    prosemirrorJSONToYXmlFragment(
      getSchema([StarterKit, TableKit]),
      {
        type: "doc",
        content: [
          { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "加装电梯" }] },
          {
            type: "paragraph",
            content: [
              {
                type: "text",
                text: "方案",
                marks: [
                  { type: "bold" },
                  { type: "link", attrs: { href: "https://example.org/plan" } },
                ],
              },
              { type: "hardBreak" },
              { type: "text", text: "见附件" },
            ],
          },
          {
            type: "table",
            content: [
              {
                type: "tableRow",
                content: [
                  {
                    type: "tableHeader",
                    attrs: { colspan: 2 },
                    content: [{ type: "paragraph", content: [{ type: "text", text: "费用" }] }],
                  },
                ],
              },
            ],
          },
        ],
      },
      fragment,
    );
    expect(renderRichText(fragment)).toEqual({
      html:
        "<h2>加装电梯</h2>" +
        `<p><a href="https://example.org/plan" ${LINK_ATTRS}><strong>方案</strong></a><br>见附件</p>` +
        '<div class="table-scroll"><table><tbody><tr><th colspan="2"><p>费用</p></th></tr></tbody></table></div>',
      text: "加装电梯\n方案\n见附件\n费用",
    });
  });
});

describe("safeHref", () => {
  it.each<[unknown, string | null]>([
    ["https://example.org", "https://example.org/"],
    [
      "http://example.org/路径?q=电梯",
      "http://example.org/%E8%B7%AF%E5%BE%84?q=%E7%94%B5%E6%A2%AF",
    ],
    ["  https://example.org/a  ", "https://example.org/a"],
    ["HTTPS://EXAMPLE.ORG/A", "https://example.org/A"],
    ["mailto:office@example.org", "mailto:office@example.org"],
    ['https://example.org/a"onmouseover="x', "https://example.org/a%22onmouseover=%22x"],
    ["mailto:", null],
    ["https://user:pw@example.org/", null],
    ["https://example.org@evil.example/", null],
    ["ftp://example.org/", null],
    ["/relative", null],
    ["example.org", null],
    ["//evil.example", null],
    ["http:evil.example", null],
    ["https://exa\tmple.org", null],
    ["https://example.org/\u0000", null],
    ["https://example.org/\u0085", null],
    [`https://example.org/${"a".repeat(2100)}`, null],
    [42, null],
    [null, null],
    [{ toString: () => "https://example.org" }, null],
  ])("%j → %j", (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------
// XSS: OWASP XSS Filter Evasion cheat sheet payloads, as text, as hrefs, as elements and attributes.

const TEXT_PAYLOADS = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
  "<IMG SRC=javascript:alert('XSS')>",
  "<IMG SRC=JaVaScRiPt:alert('XSS')>",
  "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
  '<a onmouseover="alert(document.cookie)">xxs link</a>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
  "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
  "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
  "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
  "<svg/onload=alert(1)>",
  '"><img src=x onerror=alert(1)>',
  "'><script>alert(1)</script>",
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
  "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
  '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
  "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
  "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
  "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
  '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>',
  '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
  "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
  "<? echo('<SCR)';echo('IPT>alert(\"XSS\")</SCRIPT>'); ?>",
  '<XSS STYLE="behavior: url(xss.htc);">',
  "\\\";alert('XSS');//",
  '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
  '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
  "<BASE HREF=\"javascript:alert('XSS');//\">",
  "¼script¾alert(¢XSS¢)¼/script¾",
  "\u003cscript\u003ealert(1)\u003c/script\u003e",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
];

const HREF_PAYLOADS = [
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "jav&#x09;ascript:alert(1)",
  "jav\tascript:alert(1)",
  "jav\nascript:alert(1)",
  "jav\u0000ascript:alert(1)",
  "&#106;avascript:alert(1)",
  "&#x6A;avascript:alert(1)",
  "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)",
  " javascript:alert(1)",
  "\njavascript:alert(1)",
  "\tjavascript:alert(1)",
  "\u00a0javascript:alert(1)",
  "\u200bjavascript:alert(1)",
  "javascript\u003aalert(1)",
  "java\u0000script:alert(1)",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "DATA:text/html,<script>alert(1)</script>",
  'vbscript:msgbox("XSS")',
  "VBScript:msgbox(1)",
  "//evil.example",
  "\\\\evil.example",
  "/\\evil.example",
  "https:/\\evil.example",
  "livescript:alert(1)",
  "file:///etc/passwd",
  'https://example.org" onclick="alert(1)',
];

/** Valid URLs carrying markup: kept, but percent-encoded or escaped so they cannot leave the attribute. */
const ENCODED_HREFS: Array<[string, string]> = [
  [
    "https://example.org/'><script>alert(1)</script>",
    'href="https://example.org/&#39;%3E%3Cscript%3Ealert(1)%3C/script%3E"',
  ],
  [
    'https://example.org/"><img src=x onerror=alert(1)>',
    'href="https://example.org/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E"',
  ],
  [
    'mailto:x@example.org"><script>alert(1)</script>',
    'href="mailto:x@example.org&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
  ],
];

describe("renderRichText: XSS payloads stay inert", () => {
  it(`has at least 25 text payloads (${TEXT_PAYLOADS.length}) and 25 href payloads (${HREF_PAYLOADS.length})`, () => {
    expect(TEXT_PAYLOADS.length).toBeGreaterThanOrEqual(25);
    expect(HREF_PAYLOADS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(TEXT_PAYLOADS)("text %j is escaped", (payload) => {
    const result = render(
      p(txt(payload)),
      el("heading", { level: 3 }, [txt(["b" + payload, { bold: true }])]),
      el("codeBlock", {}, [txt(payload)]),
      el("table", {}, [el("tableRow", {}, [el("tableCell", {}, [p(txt(payload))])])]),
    );
    expectInert(result.html);
    // The text survives, readable, and the plain text is the original.
    expect(decodeEntities(result.html.replace(/<[^>]*>/g, ""))).toContain(payload);
    expect(result.text.split("\n")[0]).toBe(payload.split("\n")[0]);
  });

  it.each(HREF_PAYLOADS)("href %j is refused and the link becomes text", (href) => {
    const result = render(p(txt(["点我", { link: { href } }])));
    expect(result.html).toBe("<p>点我</p>");
    expectInert(result.html);
  });

  it.each(ENCODED_HREFS)("valid href %j stays inside its attribute", (href, attribute) => {
    const result = render(p(txt(["点我", { link: { href } }])));
    expect(result.html).toBe(`<p><a ${attribute} ${LINK_ATTRS}>点我</a></p>`);
    expectInert(result.html);
  });

  it.each(HREF_PAYLOADS)("href %j as a link's text is escaped", (payload) => {
    const result = render(p(txt([payload, { link: { href: "https://example.org/" } }])));
    expectInert(result.html);
    expect(result.html.startsWith(`<p><a href="https://example.org/" ${LINK_ATTRS}>`)).toBe(true);
  });

  it.each<[string, Attrs]>([
    ["script", { src: "https://xss.example/x.js" }],
    ["img", { src: "x", onerror: "alert(1)" }],
    ["iframe", { src: "javascript:alert(1)", srcdoc: "<script>alert(1)</script>" }],
    ["svg", { onload: "alert(1)" }],
    ["a", { href: "javascript:alert(1)" }],
    ["style", { type: "text/css" }],
    ["object", { data: "data:text/html,<script>alert(1)</script>" }],
    ["p onclick=alert(1)", {}],
    ['paragraph"><script>', {}],
    ["", {}],
  ])("element %j with attributes %j renders as text only", (name, attrs) => {
    const result = render(
      el(name, { ...attrs, style: "background:url(javascript:alert(1))" }, [
        txt("<script>alert(1)</script>"),
      ]),
    );
    expectInert(result.html);
    expect(result.html).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
  });

  it("never passes attributes of known elements through", () => {
    const hostile = {
      onclick: "alert(1)",
      onmouseover: "alert(1)",
      style: "x:expression(alert(1))",
      class: "x",
      id: "x",
      href: "javascript:alert(1)",
      src: "javascript:alert(1)",
    };
    const result = render(
      el("paragraph", hostile, [txt("段")]),
      el("heading", { ...hostile, level: "2 onmouseover=alert(1)" }, [txt("题")]),
      el("blockquote", hostile, [p(txt("引"))]),
      el("bulletList", hostile, [el("listItem", hostile, [p(txt("项"))])]),
      el("orderedList", { ...hostile, start: '1" onclick="x' }, [
        el("listItem", {}, [p(txt("项"))]),
      ]),
      el("codeBlock", { ...hostile, language: '"><script>alert(1)</script>' }, [txt("code")]),
      el("table", hostile, [
        el("tableRow", hostile, [
          el("tableCell", { ...hostile, colspan: '1" onclick="x', rowspan: "2 onclick=x" }, [
            p(txt("格")),
          ]),
          el("tableHeader", { ...hostile, colspan: "3" }, [p(txt("头"))]),
        ]),
      ]),
      el("horizontalRule", hostile),
      p(txt("a"), el("hardBreak", hostile), txt("b")),
    );
    expectInert(result.html);
    expect(result.html).toBe(
      "<p>段</p><h2>题</h2><blockquote><p>引</p></blockquote><ul><li><p>项</p></li></ul>" +
        "<ol><li><p>项</p></li></ol><pre><code>code</code></pre>" +
        '<div class="table-scroll"><table><tbody><tr><td><p>格</p></td><th colspan="3"><p>头</p></th></tr></tbody></table></div>' +
        "<hr><p>a<br>b</p>",
    );
  });

  it("ignores marks whose names are markup", () => {
    const result = render(
      p(
        txt([
          "x",
          { "a href=javascript:alert(1)": true, script: true, "img src=x onerror=alert(1)": {} },
        ]),
      ),
    );
    expect(result.html).toBe("<p>x</p>");
  });
});

describe("renderRichText: properties", () => {
  const hostileChar = fc.constantFrom(
    ..."<>\"'&=/:;#\\` \t\n\u0000\u00a0javscriptdonerloadimg0x9ABC电梯".split(""),
  );
  const hostileString = fc.oneof(
    fc.string({ unit: hostileChar, maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom(...TEXT_PAYLOADS, ...HREF_PAYLOADS),
  );
  const marks = fc.record(
    {
      bold: fc.constant(true),
      italic: fc.constant({}),
      strike: fc.constant(true),
      underline: fc.constant(true),
      code: fc.constant(true),
      link: hostileString.map((href) => ({ href })),
    },
    { requiredKeys: [] },
  );
  const run = fc.tuple(
    hostileString.filter((s) => s !== ""),
    marks,
  );

  it("emits only whitelisted tags and attributes for any text and href", () => {
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 5 }), (runs) => {
        const html = render(p(txt(...runs))).html;
        assertWhitelisted(html);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps a paragraph's text exactly: its HTML without tags, decoded, is the plain text", () => {
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 5 }), (runs) => {
        const { html, text } = render(p(txt(...runs)));
        expect(decodeEntities(html.replace(/<[^>]*>/g, ""))).toBe(text);
        expect(text).toBe(runs.map(([content]) => content).join(""));
      }),
      { numRuns: 300 },
    );
  });

  it("emits only whitelisted markup for hostile element names and attributes", () => {
    const element = fc.record({
      name: fc.oneof(
        fc.constantFrom(
          "paragraph",
          "heading",
          "orderedList",
          "tableCell",
          "table",
          "script",
          "img",
        ),
        hostileString,
      ),
      attrs: fc.dictionary(
        fc.oneof(
          fc.constantFrom("level", "start", "colspan", "rowspan", "onclick", "href"),
          hostileString,
        ),
        fc.oneof(hostileString, fc.integer()),
        { maxKeys: 4 },
      ),
      text: hostileString,
    });
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 4 }), (elements) => {
        const nodes = elements.map(({ name, attrs, text }) => {
          try {
            return el(name, attrs, text === "" ? [] : [txt(text)]);
          } catch {
            return p(txt("x")); // names Yjs itself refuses
          }
        });
        assertWhitelisted(render(...nodes).html);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------

function renderUpdate(update: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return renderRichText(doc.getXmlFragment("default"));
}

describe("textToDocumentUpdate", () => {
  it.each<[string, string, string]>([
    ["", "", ""],
    ["   \n\n  ", "", ""],
    ["一行", "<p>一行</p>", "一行"],
    [
      "  第一段  \n\n\n第二段\r\n第三段\r第四段",
      "<p>第一段</p><p>第二段</p><p>第三段</p><p>第四段</p>",
      "第一段\n第二段\n第三段\n第四段",
    ],
    [
      "# 标题\n## 小标题\n### 小小标题\n#### 不是标题",
      "<h2>标题</h2><h3>小标题</h3><h4>小小标题</h4><p>#### 不是标题</p>",
      "标题\n小标题\n小小标题\n#### 不是标题",
    ],
    ["#没有空格", "<p>#没有空格</p>", "#没有空格"],
    ["# ", "<p>#</p>", "#"],
    [
      "- 甲\n• 乙\n\n- 丙\n之后\n- 丁",
      "<ul><li><p>甲</p></li><li><p>乙</p></li><li><p>丙</p></li></ul><p>之后</p><ul><li><p>丁</p></li></ul>",
      "• 甲\n• 乙\n• 丙\n之后\n• 丁",
    ],
    ["-不是列表\n-", "<p>-不是列表</p><p>-</p>", "-不是列表\n-"],
    [
      "<script>alert(1)</script>",
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
      "<script>alert(1)</script>",
    ],
  ])("%j", (input, html, text) => {
    expect(renderUpdate(textToDocumentUpdate(input))).toEqual({ html, text });
  });

  it("stores heading levels as numbers, as ProseMirror has them", () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, textToDocumentUpdate("## 小标题"));
    const heading = doc.getXmlFragment("default").get(0) as Y.XmlElement;
    expect(heading.nodeName).toBe("heading");
    expect(heading.getAttribute("level")).toBe(3);
  });

  it("produces a document Tiptap's schema accepts", () => {
    const schema = getSchema([StarterKit, TableKit]);
    const doc = new Y.Doc();
    Y.applyUpdate(
      doc,
      textToDocumentUpdate("# 加装电梯\n\n居民提出：\n- 三号楼\n- 五号楼\n费用分摊"),
    );
    const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment("default"), schema);
    expect(() => root.check()).not.toThrow();
    expect(root.toJSON()).toEqual({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "加装电梯" }] },
        { type: "paragraph", content: [{ type: "text", text: "居民提出：" }] },
        {
          type: "bulletList",
          content: [
            {
              type: "listItem",
              content: [{ type: "paragraph", content: [{ type: "text", text: "三号楼" }] }],
            },
            {
              type: "listItem",
              content: [{ type: "paragraph", content: [{ type: "text", text: "五号楼" }] }],
            },
          ],
        },
        { type: "paragraph", content: [{ type: "text", text: "费用分摊" }] },
      ],
    });
  });
});

describe("replaceDocumentContent", () => {
  function rich(fragment: Y.XmlFragment) {
    return renderRichText(fragment);
  }

  /** A document with a first version, its state, and then further edits. */
  function editedDocument() {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("default");
    const title = txt("加装电梯方案");
    fragment.insert(0, [
      el("heading", { level: 2 }, [title]),
      p(txt("每户分摊", ["三万元", { bold: true }])),
      el("bulletList", {}, [el("listItem", {}, [p(txt("三号楼"))])]),
    ]);
    const v1State = Y.encodeStateAsUpdate(doc);
    const v1 = rich(fragment);

    title.insert(2, "扶梯"); // text edit
    title.format(0, 2, { italic: true }); // mark edit
    (fragment.get(1) as Y.XmlElement).insert(1, [el("hardBreak"), txt("另议")]);
    fragment.delete(2, 1); // the list is gone
    fragment.push([p(txt("新增段落"))]);
    return { doc, fragment, v1State, v1 };
  }

  it("restores an old version's content as a new edit, in one 'restore' transaction", () => {
    const { doc, fragment, v1State, v1 } = editedDocument();
    expect(rich(fragment)).not.toEqual(v1);
    const origins: unknown[] = [];
    doc.on("afterTransaction", (transaction: Y.Transaction) => origins.push(transaction.origin));
    replaceDocumentContent(doc, v1State);
    expect(origins).toEqual(["restore"]);
    expect(rich(fragment)).toEqual(v1);
    expect(rich(fragment).html).toBe(
      "<h2>加装电梯方案</h2><p>每户分摊<strong>三万元</strong></p><ul><li><p>三号楼</p></li></ul>",
    );
  });

  it("keeps history: the restore is an edit on top, not a rewind", () => {
    const { doc, v1State } = editedDocument();
    const before = Y.encodeStateVector(doc);
    replaceDocumentContent(doc, v1State);
    const delta = Y.encodeStateAsUpdate(doc, before);
    // Something new was written, and the old state's items are not reused (they were deleted).
    expect(delta.length).toBeGreaterThan(2);
  });

  it("converges with a replica that receives the updates", () => {
    const { doc, fragment, v1State, v1 } = editedDocument();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    doc.on("update", (update: Uint8Array) => Y.applyUpdate(replica, update));
    replaceDocumentContent(doc, v1State);
    expect(rich(replica.getXmlFragment("default"))).toEqual(v1);
    expect(rich(replica.getXmlFragment("default"))).toEqual(rich(fragment));
  });

  it("converges with a replica that edited concurrently", () => {
    const { doc, fragment, v1State } = editedDocument();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const replicaFragment = replica.getXmlFragment("default");
    replicaFragment.push([p(txt("同时写的"))]);

    replaceDocumentContent(doc, v1State);
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(replica)));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(replica, Y.encodeStateVector(doc)));

    expect(rich(replicaFragment)).toEqual(rich(fragment));
    // The concurrent paragraph survives after the restored content (it was not among the deleted).
    expect(rich(fragment).text).toContain("同时写的");
  });

  it("restores the document built from a plain form, and an empty document", () => {
    const { doc, fragment } = editedDocument();
    replaceDocumentContent(doc, textToDocumentUpdate("# 标题\n正文"));
    expect(rich(fragment)).toEqual({ html: "<h2>标题</h2><p>正文</p>", text: "标题\n正文" });
    replaceDocumentContent(doc, Y.encodeStateAsUpdate(new Y.Doc()));
    expect(rich(fragment)).toEqual({ html: "", text: "" });
  });

  it("refuses bytes that are not a Yjs update and leaves the document alone", () => {
    const { doc, fragment } = editedDocument();
    const before = rich(fragment);
    expect(() => replaceDocumentContent(doc, new Uint8Array([255, 255, 255, 255]))).toThrow();
    expect(rich(fragment)).toEqual(before);
  });
});

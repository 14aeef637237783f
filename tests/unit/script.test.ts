import { describe, expect, it } from "vitest";
import { convertHtml, convertScript, type TextLanguage } from "~/services/script.server";

describe("convertScript: Simplified → Traditional (Taiwan, with phrases)", () => {
  it.each<[string, string]>([
    ["电梯", "電梯"],
    ["小区加装电梯的方案", "小區加裝電梯的方案"],
    ["软件", "軟體"],
    ["信息", "資訊"],
    ["鼠标", "滑鼠"],
    ["打印机", "印表機"],
    ["头发", "頭髮"],
    ["发展", "發展"],
    ["里面", "裡面"],
    ["干部", "幹部"],
    ["社区", "社區"],
    ["社区居民议事会", "社區居民議事會"],
    ["业主委员会和居委会", "業主委員會和居委會"],
    ["", ""],
    ["Building 3, 2026", "Building 3, 2026"],
    // Quotation marks stay: “” → 「」 would also turn the apostrophe in “don’t” into 』.
    ["“加装电梯”", "“加裝電梯”"],
  ])("%j → %j", (input, expected) => {
    expect(convertScript(input, "zh-Hans", "zh-Hant")).toBe(expected);
  });
});

describe("convertScript: Traditional → Simplified (from Taiwan phrases)", () => {
  it.each<[string, string]>([
    ["電梯", "电梯"],
    ["小區加裝電梯的方案", "小区加装电梯的方案"],
    ["軟體", "软件"],
    ["資訊", "信息"],
    ["滑鼠", "鼠标"],
    ["社區", "社区"],
    ["社群", "社群"],
    // Hong Kong writing goes through too.
    ["裏面", "里面"],
    ["綫路", "线路"],
    ["軟件", "软件"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(convertScript(input, "zh-Hant", "zh-Hans")).toBe(expected);
  });

  it.each(["电梯", "小区加装电梯的方案", "社区居民议事会", "软件信息", "头发和发展"])(
    "%j survives the round trip",
    (text) => {
      const traditional = convertScript(text, "zh-Hans", "zh-Hant");
      expect(traditional).not.toBe(text);
      expect(convertScript(traditional ?? "", "zh-Hant", "zh-Hans")).toBe(text);
    },
  );
});

describe("convertScript: no conversion", () => {
  it.each<[TextLanguage, TextLanguage]>([
    ["zh-Hans", "zh-Hans"],
    ["zh-Hant", "zh-Hant"],
    ["en", "en"],
    ["en", "zh-Hans"],
    ["en", "zh-Hant"],
    ["zh-Hans", "en"],
    ["zh-Hant", "en"],
  ])("%s → %s is null", (from, to) => {
    expect(convertScript("电梯", from, to)).toBeNull();
    expect(convertScript("", from, to)).toBeNull();
    expect(convertHtml("<p>电梯</p>", from, to)).toBeNull();
  });

  it("tells whether a pair converts with an empty string", () => {
    expect(convertScript("", "zh-Hans", "zh-Hant")).toBe("");
    expect(convertScript("", "zh-Hant", "zh-Hans")).toBe("");
  });
});

describe("convertHtml", () => {
  it("converts text but never tags or attributes", () => {
    const html =
      '<p><a href="https://example.org/软件" rel="nofollow ugc noopener" target="_blank">软件</a>' +
      "和<strong>电梯</strong></p>";
    expect(convertHtml(html, "zh-Hans", "zh-Hant")).toBe(
      '<p><a href="https://example.org/软件" rel="nofollow ugc noopener" target="_blank">軟體</a>' +
        "和<strong>電梯</strong></p>",
    );
  });

  it("leaves entities and Latin text alone", () => {
    expect(
      convertHtml("<p>a &lt;b&gt; &amp; &quot;发&quot; &#39;x&#39;</p>", "zh-Hans", "zh-Hant"),
    ).toBe("<p>a &lt;b&gt; &amp; &quot;發&quot; &#39;x&#39;</p>");
  });

  it("converts a whole rendered body, tables and lists included", () => {
    const html =
      '<h2>加装电梯</h2><ul><li><p>软件</p></li></ul><div class="table-scroll"><table><tbody>' +
      '<tr><th colspan="2"><p>费用</p></th></tr></tbody></table></div>';
    expect(convertHtml(html, "zh-Hans", "zh-Hant")).toBe(
      '<h2>加裝電梯</h2><ul><li><p>軟體</p></li></ul><div class="table-scroll"><table><tbody>' +
        '<tr><th colspan="2"><p>費用</p></th></tr></tbody></table></div>',
    );
    expect(convertHtml(convertHtml(html, "zh-Hans", "zh-Hant") ?? "", "zh-Hant", "zh-Hans")).toBe(
      html,
    );
  });

  it("converts back from Traditional, keeping attributes", () => {
    expect(convertHtml('<a href="https://example.org/軟體">軟體</a>', "zh-Hant", "zh-Hans")).toBe(
      '<a href="https://example.org/軟體">软件</a>',
    );
  });

  it("handles empty input and text without tags", () => {
    expect(convertHtml("", "zh-Hans", "zh-Hant")).toBe("");
    expect(convertHtml("电梯", "zh-Hans", "zh-Hant")).toBe("電梯");
  });
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "~/i18n/catalogs/en";
import zhHans from "~/i18n/catalogs/zh-Hans";
import zhHant from "~/i18n/catalogs/zh-Hant";

const catalogs = { "zh-Hans": zhHans, "zh-Hant": zhHant, en } as const;
const keys = Object.keys(zhHans).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory())
      return full.includes(path.join("i18n", "catalogs")) ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** Top-level argument names of an ICU message: `{name}`, `{count, plural, …}`. */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]!))].sort();
}

describe("message catalogs", () => {
  it.each(Object.entries(catalogs))(
    "%s has exactly the keys of zh-Hans, none empty",
    (_, catalog) => {
      expect(Object.keys(catalog).sort()).toEqual(keys);
      for (const key of keys) expect(catalog[key as keyof typeof catalog].trim(), key).not.toBe("");
    },
  );

  it.each(Object.entries(catalogs))("%s uses the same placeholders as zh-Hans", (_, catalog) => {
    for (const key of keys) {
      const k = key as keyof typeof zhHans;
      expect(argumentsOf(catalog[k]), key).toEqual(argumentsOf(zhHans[k]));
    }
  });

  it("has no unused keys: each is named in app/ (literally, or by a template prefix)", () => {
    const source = sourceFiles(path.resolve("app"))
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    const prefixes = [...source.matchAll(/`([a-zA-Z0-9_.]+\.)\$\{/g)].map((m) => m[1]!);
    const unused = keys.filter(
      (key) => !source.includes(`"${key}"`) && !prefixes.some((prefix) => key.startsWith(prefix)),
    );
    expect(unused).toEqual([]);
  });

  // A sample of characters that exist only in one script: a stray one means text was not written
  // (or not converted) for that script.
  const SIMPLIFIED_ONLY =
    "这个们为发会设网页区级单栋楼证议论说请输项选择关闭统计开启时间国门长东园员导览权应现实进过还处从对数据录觉见视听问题类头";
  const TRADITIONAL_ONLY =
    "這個們為發會設網頁區級單棟樓證議論說請輸項選擇關閉統計開啟時間國門長東園員導覽權應現實進過還處從對數據錄覺見視聽問題類頭";

  it("writes zh-Hant in Traditional characters and zh-Hans in Simplified ones", () => {
    for (const [key, message] of Object.entries(zhHant)) {
      const stray = [...message].filter((ch) => SIMPLIFIED_ONLY.includes(ch));
      expect(stray, `zh-Hant ${key}: ${message}`).toEqual([]);
    }
    for (const [key, message] of Object.entries(zhHans)) {
      const stray = [...message].filter((ch) => TRADITIONAL_ONLY.includes(ch));
      expect(stray, `zh-Hans ${key}: ${message}`).toEqual([]);
    }
  });

  it("uses Taiwan and Hong Kong vocabulary in zh-Hant, not converted mainland terms", () => {
    const mainlandTerms = ["鏈接", "用戶", "默認", "信息", "視頻", "軟件", "屏幕", "登錄", "網絡"];
    for (const [key, message] of Object.entries(zhHant)) {
      for (const term of mainlandTerms) expect(message, `zh-Hant ${key}`).not.toContain(term);
    }
  });
});

import { describe, expect, it } from "vitest";
import en from "~/i18n/catalogs/en";
import zhHans from "~/i18n/catalogs/zh-Hans";
import zhHant from "~/i18n/catalogs/zh-Hant";
import { createTranslator } from "~/i18n/translator";

describe("translator", () => {
  const hans = createTranslator("zh-Hans", zhHans);
  const hant = createTranslator("zh-Hant", zhHant);
  const english = createTranslator("en", en);

  it("fills in values", () => {
    expect(hans.t("community.childCount", { count: 3 })).toBe("下辖 3 个单位");
    expect(hant.t("pagination.page", { page: 2 })).toBe("第 2 頁");
  });

  it("uses English plural forms", () => {
    expect(english.t("community.childCount", { count: 1 })).toBe("1 unit");
    expect(english.t("community.childCount", { count: 24 })).toBe("24 units");
    expect(english.t("form.errorSummary", { count: 1 })).toBe("There is a problem");
    expect(english.t("form.errorSummary", { count: 3 })).toBe("There are 3 problems");
  });

  it("formats numbers per language", () => {
    expect(english.number(1234567)).toBe("1,234,567");
    expect(hans.number(1234567)).toBe("1,234,567");
    expect(english.number(0.256, { style: "percent" })).toBe("26%");
  });

  it("formats dates in the community's time zone, Asia/Shanghai by default", () => {
    // 2026-03-01T17:30Z is already 2 March in Shanghai (UTC+8) but still 1 March in London.
    const instant = new Date("2026-03-01T17:30:00Z");
    expect(hans.date(instant)).toBe("2026年3月2日");
    expect(hant.date(instant)).toBe("2026年3月2日");
    expect(english.date(instant)).toBe("2 March 2026");
    expect(english.date(instant, "Europe/London")).toBe("1 March 2026");
    expect(hans.dateTime(instant)).toBe("2026年3月2日 01:30");
    expect(english.dateTime(instant)).toBe("2 March 2026 at 01:30");
  });

  it("writes lists and labels with each language's punctuation", () => {
    expect(hans.enumerate(["甲", "乙", "丙"])).toBe("甲、乙、丙");
    expect(hant.clauses(["甲 2 票", "乙 1 票"])).toBe("甲 2 票；乙 1 票");
    expect(english.enumerate(["Kiss", "Montroll"])).toBe("Kiss, Montroll");
    expect(english.clauses(["Kiss 2", "Wright 1"])).toBe("Kiss 2; Wright 1");
    expect(hans.labelled("反对", "噪音太大")).toBe("反对：噪音太大");
    expect(english.labelled("Object", "too loud")).toBe("Object: too loud");
  });
});

import { describe, expect, it } from "vitest";
import { localeForTag, negotiateLocale } from "~/i18n/locales";

describe("localeForTag", () => {
  it.each([
    ["zh-CN", "zh-Hans"],
    ["zh-SG", "zh-Hans"],
    ["zh", "zh-Hans"],
    ["zh-Hans", "zh-Hans"],
    ["zh-Hans-HK", "zh-Hans"],
    ["zh-TW", "zh-Hant"],
    ["zh-HK", "zh-Hant"],
    ["zh-MO", "zh-Hant"],
    ["zh-Hant", "zh-Hant"],
    ["zh-Hant-CN", "zh-Hant"],
    ["zh_TW", "zh-Hant"],
    ["en", "en"],
    ["en-US", "en"],
    ["en-GB", "en"],
    ["fr-FR", null],
    ["ja", null],
  ])("%s → %s", (tag, locale) => {
    expect(localeForTag(tag)).toBe(locale);
  });
});

describe("negotiateLocale", () => {
  it.each([
    [null, "zh-Hans"],
    ["", "zh-Hans"],
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans"],
    ["zh-TW,zh;q=0.9", "zh-Hant"],
    ["zh-HK", "zh-Hant"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,fr;q=0.9,en;q=0.5", "en"],
    ["fr-FR,de;q=0.9", "zh-Hans"],
    ["en;q=0.5,zh-TW;q=0.9", "zh-Hant"],
    ["*", "zh-Hans"],
    ["garbage;;;", "zh-Hans"],
  ])("%j → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});

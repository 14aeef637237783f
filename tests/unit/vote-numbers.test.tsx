import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StvRounds } from "~/components/votes/stv-rounds";
import { voteNumber, votePercent } from "~/components/votes/vote-numbers";
import { stv } from "~/domain/voting/stv";
import "~/i18n/i18n.server";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "~/i18n/locales";
import { I18nProvider } from "~/i18n/react";
import { createTranslator } from "~/i18n/translator";
import zhHans from "~/i18n/catalogs/zh-Hans";
import { ranked } from "./voting/ballots";

const { number } = createTranslator(DEFAULT_LOCALE, zhHans);

describe("vote numbers as shown", () => {
  it.each([
    ["1.500000213", "1.5"],
    ["4.333333334", "4.33"],
    ["3.666666662", "3.67"],
    ["0.999999999", "1"],
    ["6.000000000", "6"],
    [12_345, "12,345"],
    [2.25, "2.25"],
    [0, "0"],
  ])("%s shows as %s (at most two decimals)", (value, shown) => {
    expect(voteNumber(number, value)).toBe(shown);
  });

  it.each([
    [1, 3, "33.3"],
    [2, 3, "66.7"],
    [1, 2, "50"],
    [3, 3, "100"],
    [5, 0, "0"],
  ])("%d of %d is %s percent (at most one decimal)", (part, whole, shown) => {
    expect(votePercent(number, part, whole)).toBe(shown);
  });
});

describe("the STV rounds table", () => {
  // 13 ballots, 2 seats: A's surplus moves on with a keep factor of 0.722222223, so the count
  // carries nine decimals (4.333333338, 3.666666662, quota 4.333333334).
  const result = stv(ranked("6 A>B | 2 B | 4 C | 1 D>C"), { seats: 2 });
  const names = { A: "甲", B: "乙", C: "丙", D: "丁" };
  const render = (locale: Locale) =>
    renderToString(
      <I18nProvider locale={locale}>
        <StvRounds result={result} names={names} />
      </I18nProvider>,
    );

  it.each(LOCALES)(
    "shows at most two decimals, and says where the exact values are (%s)",
    (locale) => {
      const html = render(locale);
      expect(html).toContain("4.33");
      expect(html).toContain("3.67");
      expect(html).not.toMatch(/\d\.\d{3,}/);
      expect(html).toMatch(/CSV/);
    },
  );

  it("scrolls inside its own labelled, focusable box", () => {
    const html = render("zh-Hans");
    expect(html).toMatch(
      /<div class="table-wrap" role="region" aria-labelledby="stv-table-caption" tabindex="0">/,
    );
    expect(html).toContain('<caption id="stv-table-caption">');
  });
});

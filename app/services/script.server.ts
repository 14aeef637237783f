/**
 * Reading across Chinese scripts: a proposal written in Simplified is shown to zh-Hant readers in
 * Traditional and the other way round (marked as converted, with a link to the original). Server
 * only: opencc-js carries ~1 MB of dictionaries, and building a converter's tries takes a noticeable
 * moment, so each of the two converters is built on first use and kept for the life of the process.
 *
 * Which OpenCC configurations, and why:
 * - zh-Hans → zh-Hant is `s2twp` (`{ from: "cn", to: "twp" }`): Taiwan characters with Taiwan
 *   phrases (软件 → 軟體, 信息 → 資訊, 鼠标 → 滑鼠). Our zh-Hant interface is written for Taiwan and Hong
 *   Kong without mainland vocabulary (docs/decisions/0005), so characters-only conversion (`s2tw`,
 *   which leaves 軟件, 視頻, 信息) would read like the mainland text it is. Hong Kong readers read
 *   Taiwan vocabulary without trouble (it is the common Traditional written register, and the
 *   character forms differ only in a few variants such as 裡/裏), whereas OpenCC's own Hong Kong
 *   phrase table (`s2hkp`) is described upstream as small and still developing.
 * - One correction on top: the Taiwan phrase table turns 社区 into 社群 (the IT sense, "online
 *   community"). Here 社区 is the residential community the whole product is organised around, which
 *   is 社區 in Taiwan and Hong Kong as well, so it is pinned to 社區 (and 社群 back to 社群 in the
 *   other direction rather than becoming 社区).
 * - zh-Hant → zh-Hans is `tw2sp` (`{ from: "twp", to: "cn" }`): Taiwan phrases back to mainland ones
 *   (軟體 → 软件, 資訊 → 信息). Hong Kong text goes through it well too (裏 → 里, 綫 → 线); a few Hong
 *   Kong-only variants (衞) stay as they are, which any reader still recognises.
 * - Punctuation is left as written (“” is not turned into 「」): the same characters serve as English
 *   quotes and apostrophes in mixed text.
 * - English (or the same script on both sides) converts nothing: the functions return null.
 */
// The package's main entry (a rollup bundle) does not export ConverterBuilder, although its types say
// it does; the unbundled `core` and `preset` entries export everything and load only what they use.
import { ConverterBuilder } from "opencc-js/core";
import * as Locale from "opencc-js/preset";

export type TextLanguage = "zh-Hans" | "zh-Hant" | "en";

type Direction = "s2twp" | "tw2sp";

/** Words the stock tables get wrong for a civic platform: [source, result] per direction. */
const PINNED: Record<Direction, ReadonlyArray<readonly [string, string]>> = {
  s2twp: [["社區", "社區"]],
  tw2sp: [["社群", "社群"]],
};

const converters = new Map<Direction, (text: string) => string>();

function direction(from: TextLanguage, to: TextLanguage): Direction | null {
  if (from === "zh-Hans" && to === "zh-Hant") return "s2twp";
  if (from === "zh-Hant" && to === "zh-Hans") return "tw2sp";
  return null;
}

/**
 * Builds OpenCC's converter for `name` with our pinned words put first in the phrase stage, where
 * the regional tables apply (in a dictionary group the first dictionary wins on equal keys).
 * Both configurations run: [normalisation] → segmentation → stage 1 → stage 2; s2twp's stage 1 is
 * Simplified → OpenCC Traditional and its stage 2 the Taiwan phrases and variants, which is where 社區
 * meets the 社群 entry; tw2sp's stage 1 holds the reverse Taiwan phrases.
 */
function build(name: Direction): (text: string) => string {
  const config = Locale.configs[name];
  if (!config) throw new Error(`opencc-js has no ${name} configuration`);
  const stage = name === "s2twp" ? 1 : 0;
  const conversionChain = config.conversionChain.map((group, i) =>
    i === stage ? [PINNED[name], ...group] : group,
  );
  const builder = ConverterBuilder({
    from: Locale.from,
    to: Locale.to,
    configs: { [name]: { ...config, conversionChain } },
  });
  return name === "s2twp" ? builder({ from: "cn", to: "twp" }) : builder({ from: "twp", to: "cn" });
}

function converter(name: Direction): (text: string) => string {
  let convert = converters.get(name);
  if (!convert) {
    convert = build(name);
    converters.set(name, convert);
  }
  return convert;
}

/**
 * `text` in the other Chinese script, or null when no conversion applies (same language, or either
 * side English). `convertScript("", from, to) !== null` is therefore the cheap "is this convertible?"
 * test (it also warms the converter).
 */
export function convertScript(text: string, from: TextLanguage, to: TextLanguage): string | null {
  const name = direction(from, to);
  return name ? converter(name)(text) : null;
}

/**
 * Converts the text of HTML produced by our renderer (app/domain/rich-text.ts), never tags or
 * attribute values: a link to `https://example.org/软件` keeps its href. The tokenizer splits on
 * `<…>`, which is exact for that renderer's output (it escapes every `<` and `>` in text and in
 * attributes). Each text run is converted on its own, so a word split by markup (`软<b>件</b>`) is
 * converted character by character. Null when no conversion applies.
 */
export function convertHtml(html: string, from: TextLanguage, to: TextLanguage): string | null {
  const name = direction(from, to);
  if (!name) return null;
  const convert = converter(name);
  return html
    .split(/(<[^>]*>)/)
    .map((piece, i) => (i % 2 === 1 || piece === "" ? piece : convert(piece)))
    .join("");
}

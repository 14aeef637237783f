/**
 * Search tokens for Chinese, English and anything in between. PostgreSQL's `simple` text search
 * configuration splits only on spaces and punctuation, so Chinese (written without spaces) would be one
 * "word" per sentence. We segment in Node with `Intl.Segmenter` (ICU's dictionary word breaker) and
 * store the words separated by spaces; `to_tsvector('simple', …)` then sees one lexeme per word. The
 * same function runs on the query, so a query is segmented the way documents were, and the same
 * code runs on PostgreSQL and PGlite (which has no Chinese parser extension).
 *
 * Known limits: ICU picks words by context, so a word may be segmented differently inside a sentence
 * than on its own (rare for common words, and the tests pin the ones we rely on); a query word
 * matches only whole document words (`停车` does not find `停车位` unless the caller adds prefix
 * matching, `:*`); and Simplified and Traditional are different words (`电梯` ≠ `電梯`): indexing the
 * other script too is the service's job (it holds the converter).
 */

/** One segmenter for the process: creating one loads ICU's dictionaries. The locale hardly matters. */
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** At most this many query tokens; more only make the query slower, not better. */
export const MAX_QUERY_TOKENS = 12;

/** Longer tokens are not words anyone types; PostgreSQL also caps lexemes (2 KiB). */
export const MAX_TOKEN_LENGTH = 64;

/**
 * Characters with a meaning in tsquery syntax (and quotes and backslash, which quoting would need to
 * escape). A token containing one is dropped from queries rather than escaped: it is rare (`don't`)
 * and dropping cannot go wrong.
 */
const TSQUERY_SYNTAX = /[&|!():*<>'"\\]/;

/**
 * The words of `text`, normalised and separated by single spaces: NFKC first (full-width `ＡＢＣ１`
 * → `ABC1`, compatibility ideographs → unified ones), then word segmentation keeping only word-like
 * segments (no spaces, punctuation or emoji), then `toLowerCase` (locale-independent, unlike
 * `toLocaleLowerCase`, so the Turkish `I` problem cannot depend on the server's locale).
 */
export function searchTokens(text: string): string {
  return words(text).join(" ");
}

/**
 * The tokens of a search box query: as {@link searchTokens}, deduplicated in order of first
 * appearance, without tokens longer than {@link MAX_TOKEN_LENGTH} or containing tsquery syntax, at
 * most {@link MAX_QUERY_TOKENS}. The caller quotes each token as a lexeme and joins them with `&`.
 */
export function searchQueryTokens(query: string): string[] {
  const tokens: string[] = [];
  const seen = new Set<string>();
  for (const word of words(query)) {
    if (seen.has(word)) continue;
    seen.add(word);
    if ([...word].length > MAX_TOKEN_LENGTH || TSQUERY_SYNTAX.test(word)) continue;
    tokens.push(word);
    if (tokens.length === MAX_QUERY_TOKENS) break;
  }
  return tokens;
}

function words(text: string): string[] {
  const result: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text.normalize("NFKC"))) {
    if (isWordLike) result.push(segment.toLowerCase());
  }
  return result;
}

/**
 * Reads Debian's published tally sheet (debian.org/vote), the record of a Debian vote:
 *
 *        Option 1--------->: Jeroen van Wolffelaar
 *      /  Option 2-------->: Ari Pollak
 *     ...
 *     V: 57213846 		1d7ba886e62a2cf64379a5c8f8032cc2
 *     V: 3-311-56 		5983810b34693310479f3b26eda85177
 *
 * Each `V:` line is one ballot: character k is the rank the voter gave option k ("1" best; equal
 * digits are equal ranks; "-" is unranked), followed by the voter's hash, which is kept out of the
 * count. Ranks 10 to 35 may be written "A" to "Z" (case-insensitive). Option ids are the option
 * numbers ("1", "2", …); names come from the `Option k--->: name` lines when present. Every other
 * line is commentary and is ignored. Rank numbers only order the options, so gaps between them do
 * not matter.
 */
import { ParseError } from "./errors";
import type { ParsedRanked } from "./preflib";
import { RankedProfileBuilder } from "./profile";

const VOTE_LINE = /^V:\s+(\S+)(?:\s+(\S+))?\s*$/;
const OPTION_LINE = /Option\s+(\d+)\s*-*>?\s*:\s*(.*?)\s*$/;

export function parseDebianTally(text: string): ParsedRanked {
  const lines = text.split(/\r?\n/);
  const names: Record<string, string> = {};
  let namedCount = 0;
  lines.forEach((line) => {
    if (line.startsWith("V:")) return;
    const match = OPTION_LINE.exec(line);
    if (match) {
      const k = Number(match[1]);
      names[String(k)] = match[2] as string;
      namedCount = Math.max(namedCount, k);
    }
  });

  let width = namedCount > 0 ? namedCount : null;
  let builder: RankedProfileBuilder | null = null;
  const ranks: number[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith("V:")) return;
    const lineNumber = i + 1;
    const match = VOTE_LINE.exec(line);
    if (!match)
      throw new ParseError(lineNumber, `expected "V: <ranks> <hash>", got "${line.trim()}"`);
    const vote = match[1] as string;
    width ??= vote.length;
    if (vote.length !== width) {
      throw new ParseError(
        lineNumber,
        `the vote "${vote}" has ${vote.length} places but there are ${width} options`,
      );
    }
    builder ??= new RankedProfileBuilder(width);
    ranks.length = 0;
    for (let k = 0; k < vote.length; k++) {
      const ch = vote[k] as string;
      if (ch === "-") continue;
      const rank = parseInt(ch, 36);
      if (!(rank >= 1)) {
        throw new ParseError(
          lineNumber,
          `"${ch}" for option ${k + 1} is not a rank (1–9, A–Z) or "-"`,
        );
      }
      ranks.push(rank * 65536 + k); // sort by rank, then by option: both fit in one number
    }
    ranks.sort((a, b) => a - b);
    builder.startBallot();
    let previous = -1;
    for (const key of ranks) {
      const rank = Math.floor(key / 65536);
      if (rank !== previous) builder.startRank();
      builder.add(key % 65536);
      previous = rank;
    }
    builder.endBallot(1);
  });
  if (width === null || builder === null) {
    throw new ParseError(
      lines.length,
      'no votes found (a Debian tally sheet has lines "V: <ranks> <hash>")',
    );
  }
  const options = Array.from({ length: width }, (_, k) => String(k + 1));
  return { profile: (builder as RankedProfileBuilder).build(options), names, meta: {} };
}

/**
 * The two kinds of bad input a count can meet, each saying where the problem is so that a person
 * can find it: a line of a file, or a ballot (numbered from 1, as people count).
 */

/** A file that does not follow its format. The message starts with "line N:". */
export class ParseError extends Error {
  override readonly name = "ParseError";
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

/**
 * A ballot that is well-formed data but not a valid ballot for the method (an unknown option, a
 * score out of range, an option ranked twice). `index` is the ballot's 0-based position in the
 * input; the message says "ballot N" with N = index + 1.
 */
export class BallotError extends Error {
  override readonly name = "BallotError";
  constructor(
    readonly index: number,
    readonly detail: string,
  ) {
    super(`ballot ${index + 1}: ${detail}`);
  }
}

/** Options that cannot be counted at all (none, duplicates, a bad setting). */
export class CountError extends Error {
  override readonly name = "CountError";
}

/**
 * The compact form of a set of ranked ballots that IRV, Schulze and STV count from.
 *
 * Why not count the ballots as arrays of strings: a city-wide vote has hundreds of thousands of
 * ballots, and every IRV round or pairwise comparison would look option ids up in a map. Instead the
 * ballots are encoded once into three typed arrays (about 2 bytes per ranked option), options become
 * small integers, and every method walks the arrays. Parsers (`preflib.ts`, `debian.ts`, `csv.ts`,
 * `json.ts`) build this form directly, without making an object per ballot.
 *
 * Layout: ballot `i` stands for `weights[i]` identical ballots (identical ballots are stored once)
 * and its ranked options are
 * `cells[starts[i] .. starts[i + 1])`, best first. A cell is an option's index in `options`; the
 * `TIED` bit marks an option that shares the rank of the cell before it (an equal ranking, or an
 * overvote). Empty (skipped) ranks are not stored: every method passes over them, so dropping them
 * changes no result. An option appears at most once per ballot.
 */
import { BallotError, CountError } from "./errors";
import type { OptionId, RankedBallot, Ranks } from "./types";

/** Cell bit: this option is at the same rank as the option in the previous cell. */
export const TIED = 0x8000;
/** Cell bits holding the option index. */
export const OPTION_MASK = 0x7fff;
/** The most options a ranked count takes (the cell keeps 15 bits for the option). */
export const MAX_OPTIONS = 0x7fff;

export interface RankedProfile {
  readonly options: readonly OptionId[];
  /** How many stored ballots (each with its weight). */
  readonly size: number;
  /** Per stored ballot: how many identical ballots it stands for. */
  readonly weights: Float64Array;
  /** `size + 1` offsets into `cells`. */
  readonly starts: Uint32Array;
  readonly cells: Uint16Array;
  /** The number of ballots cast: the sum of the weights. */
  readonly total: number;
}

/** Whether a value is already an encoded profile (rather than `{ options, ballots }`). */
export function isRankedProfile(value: unknown): value is RankedProfile {
  return typeof value === "object" && value !== null && "cells" in value && "starts" in value;
}

/**
 * Checks an option list (non-empty strings, no duplicates, not too many) and indexes it.
 */
export function indexOptions(options: readonly OptionId[]): Map<OptionId, number> {
  if (options.length > MAX_OPTIONS) {
    throw new CountError(`at most ${MAX_OPTIONS} options can be counted, got ${options.length}`);
  }
  const index = new Map<OptionId, number>();
  options.forEach((id, i) => {
    if (typeof id !== "string" || id.length === 0) {
      throw new CountError(`option ${i + 1} has no id (ids are non-empty strings)`);
    }
    if (index.has(id)) throw new CountError(`option "${id}" is listed twice`);
    index.set(id, i);
  });
  return index;
}

/**
 * Grows a profile ballot by ballot. Used by the parsers and by `encodeRanked`. Checks that no
 * option appears twice in a ballot (`add` returns false).
 *
 * Identical ballots are stored once with their weights added up (a hash table over the cells
 * finds them): a city's ballots repeat a lot (a million ballots over 8 options hold some tens of
 * thousands of different rankings), and every method then does its work once per different
 * ranking. The stored order is the order of first appearance, which no method depends on.
 */
export class RankedProfileBuilder {
  private cells = new Uint16Array(1024);
  private starts = new Uint32Array(257);
  private weights = new Float64Array(256);
  private cellCount = 0;
  private size = 0;
  private total = 0;
  /** `seen[o] === stamp` when option `o` is already on the current ballot. */
  private seen: Int32Array;
  private stamp = 0;
  private newRank = true;
  /** Open addressing: stored ballot index + 1, 0 for an empty slot; kept at most half full. */
  private table = new Int32Array(512);
  /** The hash of each stored ballot, to grow the table without rehashing the cells. */
  private hashes = new Int32Array(256);

  constructor(optionCount: number) {
    this.seen = new Int32Array(Math.max(optionCount, 16));
  }

  /** The number of ballots started so far (the current one included). */
  get ballots(): number {
    return this.size;
  }

  startBallot(): void {
    this.stamp++;
    this.newRank = true;
    if (this.size === this.weights.length) {
      this.weights = grow(this.weights, this.weights.length * 2);
      this.hashes = grow(this.hashes, this.weights.length);
      this.starts = grow(this.starts, this.weights.length + 1);
    }
    this.starts[this.size] = this.cellCount;
  }

  /** The next `add` opens a new rank. */
  startRank(): void {
    this.newRank = true;
  }

  /** Adds an option (by index) to the current rank; false if it is already on this ballot. */
  add(option: number): boolean {
    if (option >= this.seen.length)
      this.seen = grow(this.seen, Math.max(option + 1, this.seen.length * 2));
    if (this.seen[option] === this.stamp) return false;
    this.seen[option] = this.stamp;
    if (this.cellCount === this.cells.length) this.cells = grow(this.cells, this.cells.length * 2);
    this.cells[this.cellCount++] = this.newRank ? option : option | TIED;
    this.newRank = false;
    return true;
  }

  /** Closes the current ballot, standing for `weight` identical ballots. */
  endBallot(weight: number): void {
    const cells = this.cells;
    const start = this.starts[this.size] as number;
    const end = this.cellCount;
    let h = end - start;
    for (let c = start; c < end; c++) h = Math.imul(h ^ (cells[c] as number), 0x01000193); // FNV-1a step
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    this.total += weight;
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (let entry = this.table[slot] as number; entry !== 0; entry = this.table[slot] as number) {
      const b = entry - 1;
      if (this.hashes[b] === h && this.sameCells(b, start, end)) {
        this.weights[b] = (this.weights[b] as number) + weight;
        this.cellCount = start; // the copy is not stored
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.table[slot] = this.size + 1;
    this.hashes[this.size] = h;
    this.weights[this.size] = weight;
    this.size++;
    this.starts[this.size] = end;
    if (this.size * 2 > this.table.length) this.growTable();
  }

  private sameCells(b: number, start: number, end: number): boolean {
    const from = this.starts[b] as number;
    if ((this.starts[b + 1] as number) - from !== end - start) return false;
    for (let k = 0; k < end - start; k++)
      if (this.cells[from + k] !== this.cells[start + k]) return false;
    return true;
  }

  private growTable(): void {
    this.table = new Int32Array(this.table.length * 2);
    const mask = this.table.length - 1;
    for (let b = 0; b < this.size; b++) {
      let slot = (this.hashes[b] as number) & mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & mask;
      this.table[slot] = b + 1;
    }
  }

  /**
   * The finished profile. `remap`, if given, renumbers the options (parsers that meet option ids
   * before they know the option list number them as they come, then map them here).
   */
  build(options: readonly OptionId[], remap?: ArrayLike<number>): RankedProfile {
    if (this.size === 0) this.starts[0] = 0;
    const cells = this.cells.subarray(0, this.cellCount);
    if (remap) {
      for (let c = 0; c < cells.length; c++) {
        const cell = cells[c] as number;
        cells[c] = (remap[cell & OPTION_MASK] as number) | (cell & TIED);
      }
    }
    return {
      options,
      size: this.size,
      weights: this.weights.subarray(0, this.size),
      starts: this.starts.subarray(0, this.size + 1),
      cells,
      total: this.total,
    };
  }
}

function grow<T extends Uint16Array | Uint32Array | Int32Array | Float64Array>(
  array: T,
  length: number,
): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/** Whether `count` is a valid ballot weight: a positive whole number small enough to add exactly. */
export function isBallotCount(count: unknown): count is number {
  return typeof count === "number" && Number.isSafeInteger(count) && count >= 1;
}

/**
 * Encodes ranked ballots. Every ballot is checked: known option ids, no option twice, a positive
 * integer count. Besides the typed shapes, a rank may be a bare option id (`["a", "b"]` reads as
 * `[["a"], ["b"]]`), which is how the tally command and JSON APIs write strict rankings.
 */
export function encodeRanked(
  options: readonly OptionId[],
  ballots: readonly RankedBallot[],
): RankedProfile {
  return encodeRankedValues(options, ballots);
}

/** `encodeRanked` for data not yet known to be ballots (JSON): checks the shape as it goes. */
export function encodeRankedValues(
  options: readonly OptionId[],
  ballots: readonly unknown[],
): RankedProfile {
  const index = indexOptions(options);
  const builder = new RankedProfileBuilder(options.length);
  ballots.forEach((value, b) => {
    const { ranks, count } = readBallot(value, b);
    builder.startBallot();
    for (const rank of ranks) {
      builder.startRank();
      const ids: readonly unknown[] = typeof rank === "string" ? [rank] : asArray(rank, b);
      for (const id of ids) {
        const option = typeof id === "string" ? index.get(id) : undefined;
        if (option === undefined) {
          throw new BallotError(b, `${JSON.stringify(id) ?? String(id)} is not one of the options`);
        }
        if (!builder.add(option))
          throw new BallotError(b, `option "${id as string}" is ranked twice`);
      }
    }
    builder.endBallot(count);
  });
  return builder.build(options);
}

function readBallot(value: unknown, b: number): { ranks: readonly unknown[]; count: number } {
  if (Array.isArray(value)) return { ranks: value as readonly unknown[], count: 1 };
  if (typeof value === "object" && value !== null && "ranks" in value) {
    const { ranks, count } = value as { ranks: unknown; count?: unknown };
    if (count !== undefined && !isBallotCount(count)) {
      throw new BallotError(
        b,
        `count must be a positive whole number, got ${JSON.stringify(count)}`,
      );
    }
    return { ranks: asArray(ranks, b), count: count ?? 1 };
  }
  throw new BallotError(b, "a ranked ballot is a list of ranks, or { ranks, count }");
}

function asArray(value: unknown, b: number): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new BallotError(
      b,
      `expected a list of option ids, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  return value as readonly unknown[];
}

/** Ballot `i` of a profile back in readable form (for reports and tests). */
export function decodeBallot(profile: RankedProfile, i: number): { ranks: Ranks; count: number } {
  const ranks: OptionId[][] = [];
  for (let c = profile.starts[i] as number; c < (profile.starts[i + 1] as number); c++) {
    const cell = profile.cells[c] as number;
    const id = profile.options[cell & OPTION_MASK] as OptionId;
    const last = ranks[ranks.length - 1];
    if (cell & TIED && last) last.push(id);
    else ranks.push([id]);
  }
  return { ranks, count: profile.weights[i] as number };
}

/** All ballots of a profile in readable form. */
export function decodeProfile(profile: RankedProfile): RankedBallot[] {
  const out: RankedBallot[] = [];
  for (let i = 0; i < profile.size; i++) out.push(decodeBallot(profile, i));
  return out;
}

/** What the ranked methods accept: ballots as data, or a profile a parser already built. */
export type RankedInput =
  | RankedProfile
  | { readonly options: readonly OptionId[]; readonly ballots: readonly RankedBallot[] };

/** The profile of a ranked input (encoding and checking the ballots if they are still data). */
export function toProfile(input: RankedInput): RankedProfile {
  if (isRankedProfile(input)) {
    indexOptions(input.options);
    return input;
  }
  return encodeRanked(input.options, input.ballots);
}

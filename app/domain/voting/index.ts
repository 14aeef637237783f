/**
 * The counting library: one pure function per method, and `tally`, which picks the method by name.
 * The web app and the `tally` command both count through here, so a vote counts the same however
 * it is counted. Participatory budgeting lives beside it (`budget.ts`, `pabulib.ts`).
 *
 * Every method checks its ballots at run time as well (they often come from JSON or a form), and
 * reports a bad ballot with a `BallotError` naming it, a bad setting with a `CountError`.
 */
import { approval, type ApprovalOptions, type ApprovalResult } from "./approval";
import { consent, type ConsentBallot, type ConsentOptions, type ConsentResult } from "./consent";
import { CountError } from "./errors";
import { irv, type IrvOptions, type IrvResult } from "./irv";
import {
  majority,
  type MajorityBallot,
  type MajorityOptions,
  type MajorityResult,
} from "./majority";
import { TALLY_METHODS } from "./methods";
import { encodeRankedValues, type RankedProfile } from "./profile";
import { schulze, type SchulzeOptions, type SchulzeResult } from "./schulze";
import { score, type ScoreOptions, type ScoreResult } from "./score";
import { stv, type StvOptions, type StvResult } from "./stv";
import type { ApprovalBallot, OptionId, ScoreBallot } from "./types";

export { RANKED_METHODS, TALLY_METHODS, type TallyMethod } from "./methods";

/** The method and its rules (each rule has a documented default in the method's module). */
export type TallySettings =
  | ({ readonly method: "majority" } & MajorityOptions)
  | ({ readonly method: "approval" } & ApprovalOptions)
  | ({ readonly method: "score" } & ScoreOptions)
  | ({ readonly method: "consent" } & ConsentOptions)
  | ({ readonly method: "irv" } & IrvOptions)
  | ({ readonly method: "schulze" } & SchulzeOptions)
  | ({ readonly method: "stv" } & StvOptions);

/**
 * What to count: the options and the ballots as data (checked by the method), or for the ranked
 * methods a profile already encoded by a parser. Majority and consent need no options.
 */
export type TallyInput =
  | { readonly options?: readonly OptionId[]; readonly ballots: readonly unknown[] }
  | { readonly profile: RankedProfile };

export type TallyResult =
  | MajorityResult
  | ApprovalResult
  | ScoreResult
  | ConsentResult
  | IrvResult
  | SchulzeResult
  | StvResult;

export function tally(input: TallyInput, settings: TallySettings): TallyResult {
  if ("profile" in input) {
    switch (settings.method) {
      case "irv":
        return irv(input.profile, settings);
      case "schulze":
        return schulze(input.profile, settings);
      case "stv":
        return stv(input.profile, settings);
      default:
        throw new CountError(`${settings.method} does not count ranked ballots`);
    }
  }
  const options = input.options ?? [];
  // The casts below are safe: each method checks every ballot's shape as it counts it.
  const ballots = input.ballots;
  switch (settings.method) {
    case "majority":
      return majority(ballots as readonly MajorityBallot[], settings);
    case "consent":
      return consent(ballots as readonly ConsentBallot[], settings);
    case "approval":
      return approval({ options, ballots: ballots as readonly ApprovalBallot[] }, settings);
    case "score":
      return score({ options, ballots: ballots as readonly ScoreBallot[] }, settings);
    case "irv":
      return irv(encodeRankedValues(options, ballots), settings);
    case "schulze":
      return schulze(encodeRankedValues(options, ballots), settings);
    case "stv":
      return stv(encodeRankedValues(options, ballots), settings);
    default:
      throw new CountError(
        `unknown method "${(settings as { method: string }).method}" (${TALLY_METHODS.join(", ")})`,
      );
  }
}

export { approval, consent, irv, majority, schulze, score, stv };
export { parseBallotCsv } from "./csv";
export { parseDebianTally } from "./debian";
export { parsePreflib, type ParsedRanked } from "./preflib";
export { parseTallyJson, type TallyJson } from "./json";
export { decodeProfile, encodeRanked, type RankedInput, type RankedProfile } from "./profile";
export { lotOrder } from "./prng";
export { BallotError, CountError, ParseError } from "./errors";
export type * from "./types";
export type { ApprovalOptions, ApprovalResult } from "./approval";
export type { ConsentBallot, ConsentOptions, ConsentResult } from "./consent";
export type { IrvOptions, IrvResult, IrvRound, IrvTransfer, OvervoteRule } from "./irv";
export type {
  MajorityBallot,
  MajorityOptions,
  MajorityResult,
  MajorityThreshold,
} from "./majority";
export type { SchulzeOptions, SchulzeResult } from "./schulze";
export type { ScoreOptions, ScoreResult } from "./score";
export type { StvOptions, StvResult, StvRound } from "./stv";
export type { Share } from "./share";

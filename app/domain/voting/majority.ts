/**
 * Yes / no / abstain on one motion, with a quorum and a threshold.
 *
 * Rules (each an option with a default):
 * - quorum: the share of eligible voters who must cast a ballot, abstentions included (they are
 *   present and counted for the quorum). Default 0, no quorum. Reaching the share exactly is enough.
 * - threshold, counted without abstentions:
 *   - "majority" (default): more yes than no;
 *   - "two_thirds": yes at least two thirds of yes + no;
 *   - "majority_of_eligible": yes more than half of the eligible voters.
 *   A motion never passes without at least one yes (two thirds of nothing is not a decision).
 * - A tie between yes and no rejects the motion.
 * Outcome "no_quorum" gives winner null: the vote decided nothing. Otherwise the winner is "yes"
 * (passed) or "no" (rejected).
 */
import { BallotError, CountError } from "./errors";
import { exactShare, neededFor, type Share } from "./share";
import { yesNoRanking, type CountResult } from "./types";

export type MajorityBallot = "yes" | "no" | "abstain";
export type MajorityThreshold = "majority" | "two_thirds" | "majority_of_eligible";

export interface MajorityOptions {
  /** The electorate (frozen when the vote opened). Needed for a quorum and "majority_of_eligible". */
  readonly eligible?: number;
  /** Share of the eligible voters who must take part (a number read as a decimal, or a fraction). Default 0. */
  readonly quorum?: number | Share;
  /** Default "majority". */
  readonly threshold?: MajorityThreshold;
}

export interface MajorityResult extends CountResult {
  readonly method: "majority";
  readonly outcome: "passed" | "rejected" | "no_quorum";
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  /** Ballots cast, abstentions included. */
  readonly cast: number;
  readonly eligible: number | null;
  /** Ballots needed for the quorum, and whether they were cast. */
  readonly quorum: { readonly needed: number; readonly met: boolean };
  /** Yes votes needed under the threshold, and whether they were reached. */
  readonly threshold: {
    readonly rule: MajorityThreshold;
    readonly needed: number;
    readonly met: boolean;
  };
}

const CHOICES: readonly MajorityBallot[] = ["yes", "no", "abstain"];

export function majority(
  ballots: readonly MajorityBallot[],
  options: MajorityOptions = {},
): MajorityResult {
  const rule = options.threshold ?? "majority";
  if (!["majority", "two_thirds", "majority_of_eligible"].includes(rule)) {
    throw new CountError(
      `unknown threshold "${rule}" (majority, two_thirds, majority_of_eligible)`,
    );
  }
  const quorumShare = exactShare(options.quorum ?? 0, "quorum");
  const eligible = options.eligible ?? null;
  if (eligible !== null && (!Number.isSafeInteger(eligible) || eligible < 0)) {
    throw new CountError(`eligible must be a whole number of voters, got ${eligible}`);
  }
  if (eligible === null && (quorumShare.num > 0n || rule === "majority_of_eligible")) {
    throw new CountError(
      "a quorum or a majority of eligible voters needs the number of eligible voters",
    );
  }

  const tally = { yes: 0, no: 0, abstain: 0 };
  ballots.forEach((ballot, i) => {
    if (!CHOICES.includes(ballot)) {
      throw new BallotError(
        i,
        `expected "yes", "no" or "abstain", got ${JSON.stringify(ballot) ?? String(ballot)}`,
      );
    }
    tally[ballot]++;
  });
  const cast = ballots.length;
  if (eligible !== null && cast > eligible) {
    throw new CountError(`${cast} ballots were cast but only ${eligible} voters are eligible`);
  }

  const quorumNeeded = eligible === null ? 0 : neededFor(eligible, quorumShare);
  const quorumMet = cast >= quorumNeeded;
  const decided = tally.yes + tally.no;
  const needed = Math.max(
    1,
    rule === "majority"
      ? Math.floor(decided / 2) + 1
      : rule === "two_thirds"
        ? ceilDiv(2 * decided, 3)
        : Math.floor((eligible ?? 0) / 2) + 1,
  );
  const thresholdMet = tally.yes >= needed;
  const outcome = !quorumMet ? "no_quorum" : thresholdMet ? "passed" : "rejected";
  return {
    method: "majority",
    ...yesNoRanking(outcome === "rejected" ? "failed" : outcome),
    outcome,
    ...tally,
    cast,
    eligible,
    quorum: { needed: quorumNeeded, met: quorumMet },
    threshold: { rule, needed, met: thresholdMet },
  };
}

/** ⌈a / b⌉ for non-negative integers, without a rounded division. */
function ceilDiv(a: number, b: number): number {
  const rest = a % b;
  return (a - rest) / b + (rest > 0 ? 1 : 0);
}

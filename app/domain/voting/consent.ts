/**
 * Consent (sociocratic) decision: a proposal passes unless a reasoned objection stands.
 *
 * Rules:
 * - Each participant consents, stands aside (does not support it but will not block), or objects.
 * - An objection blocks only if it gives a reason (non-blank text) and has not been withdrawn. An
 *   objection without a reason is recorded and shown but does not block: the point of consent is
 *   that a block is argued, so that the group can amend the proposal to meet it.
 * - At least `minParticipants` ballots (default 1) must be cast; otherwise nothing is decided
 *   (outcome "no_quorum", winner null). With enough participants and no standing objection the
 *   proposal passes (winner "yes"); with one it is blocked (winner "no").
 */
import { BallotError, CountError } from "./errors";
import { yesNoRanking, type CountResult } from "./types";

export interface ConsentBallot {
  readonly position: "consent" | "stand_aside" | "object";
  /** The reason for an objection (or a remark with a stand-aside). */
  readonly reason?: string;
  /** An objection the objector has withdrawn (after an amendment, say). */
  readonly withdrawn?: boolean;
}

export interface ConsentOptions {
  /** Ballots needed for the decision to count. Default 1. */
  readonly minParticipants?: number;
}

export interface ConsentResult extends CountResult {
  readonly method: "consent";
  readonly outcome: "passed" | "blocked" | "no_quorum";
  readonly consents: number;
  readonly standAsides: number;
  /** Objections that block: ballot index (0-based) and reason. */
  readonly standingObjections: readonly { readonly ballot: number; readonly reason: string }[];
  /** Objections that do not block, because withdrawn or without a reason. */
  readonly otherObjections: readonly {
    readonly ballot: number;
    readonly reason: string;
    readonly withdrawn: boolean;
  }[];
}

const POSITIONS = ["consent", "stand_aside", "object"] as const;

export function consent(
  ballots: readonly ConsentBallot[],
  settings: ConsentOptions = {},
): ConsentResult {
  const minParticipants = settings.minParticipants ?? 1;
  if (!Number.isSafeInteger(minParticipants) || minParticipants < 0) {
    throw new CountError(`minParticipants must be a whole number, got ${minParticipants}`);
  }
  let consents = 0;
  let standAsides = 0;
  const standing: { ballot: number; reason: string }[] = [];
  const other: { ballot: number; reason: string; withdrawn: boolean }[] = [];
  ballots.forEach((ballot, b) => {
    if (typeof ballot !== "object" || ballot === null || !POSITIONS.includes(ballot.position)) {
      throw new BallotError(
        b,
        'a consent ballot is { position: "consent" | "stand_aside" | "object", reason? }',
      );
    }
    if (ballot.reason !== undefined && typeof ballot.reason !== "string") {
      throw new BallotError(b, "reason must be text");
    }
    if (ballot.withdrawn !== undefined && typeof ballot.withdrawn !== "boolean") {
      throw new BallotError(b, "withdrawn must be true or false");
    }
    if (ballot.position === "consent") consents++;
    else if (ballot.position === "stand_aside") standAsides++;
    else {
      const reason = (ballot.reason ?? "").trim();
      const withdrawn = ballot.withdrawn === true;
      if (reason !== "" && !withdrawn) standing.push({ ballot: b, reason });
      else other.push({ ballot: b, reason, withdrawn });
    }
  });
  const outcome =
    ballots.length < minParticipants ? "no_quorum" : standing.length > 0 ? "blocked" : "passed";
  return {
    method: "consent",
    ...yesNoRanking(outcome === "blocked" ? "failed" : outcome),
    outcome,
    consents,
    standAsides,
    standingObjections: standing,
    otherObjections: other,
  };
}

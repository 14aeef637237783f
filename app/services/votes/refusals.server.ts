/**
 * Every reason a vote action is refused, and its message (`voteError.<reason>`). Owns no table:
 * the use cases return these, routes turn them into messages and statuses.
 */
import type { BallotProblem, PaperProblem, SetupProblem } from "~/domain/vote-rules";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";

export type CreateVoteRefusal =
  | SetupProblem
  | "notAllowed"
  | "noSuchProposal"
  | "wrongCommunity"
  | "methodNotForProposal"
  | "proposalNotReady"
  | "hearingRequired"
  | "proposalHasVote"
  | "badDescription"
  | "pastClose";

export type CastRefusal =
  | BallotProblem
  | "notSignedIn"
  | "emailNotVerified"
  | "notOpenYet"
  | "closed"
  | "notEligible"
  | "receiptRequired"
  | "badReceipt"
  | "notAllowed"
  | "consentRequired"
  | "selfProxy";

export type PaperRefusal =
  | PaperProblem
  | "notAllowed"
  | "notOpenYet"
  | "closed"
  | "badLabel"
  | "labelTaken"
  | "exceedsElectorate";

export type ConfirmRefusal =
  | "notAllowed"
  | "notOpenYet"
  | "noSuchBatch"
  | "sameMember"
  | "alreadyConfirmed"
  | "closed"
  | "exceedsElectorate";

export type ScheduleRefusal = "notAllowed" | "notOpen" | "badReason" | "badClose";

/** Every reason a vote action is refused; its message is `voteError.<reason>` (`voteErrorKey`). */
export type VoteErrorReason =
  | CreateVoteRefusal
  | CastRefusal
  | PaperRefusal
  | ConfirmRefusal
  | ScheduleRefusal
  | "wrongStatus"
  | "badFormat"
  | "badDate"
  | "badSummary";

/** The message of a refusal (values: `badBallot` takes `{ number }`, `exceedsElectorate` `{ over }`,
 * `badReason` `{ limit }`). */
export function voteErrorKey(reason: VoteErrorReason): MessageKey {
  return `voteError.${reason}` as MessageKey;
}

/**
 * The votes service: creating votes, casting (in person, by proxy, on paper), counting, results,
 * the published ballot box, receipts and lists, one use case a file; the vote clock's work of
 * opening and closing (`clock.server.ts`). This index re-exports what routes, the server and tests
 * use. The service owns `votes`, `vote_options`, `vote_electorate`, `vote_voters`, `vote_ballots`,
 * `vote_open_ballots` and `vote_paper_batches`; each file's header says which it writes. Counting
 * is the library's (`~/domain/voting`); ballot forms, statuses and receipts are `~/domain/vote-rules`.
 *
 * Who acts: every use case that changes something on someone's behalf takes their `Actor` and
 * checks the policy (`~/domain/policy`) itself, refusing with `notAllowed` (or why not: not signed
 * in, email not verified, not in the electorate), so that no caller can skip the check. The clock's
 * work (`clock.server.ts`) is done for no one, as time passes.
 */
export type {
  BallotContent,
  VoteMethod,
  VoteProblem,
  VoteSettings,
  VoteStatus,
} from "~/domain/vote-rules";
export { castBallot, type CastResult } from "./cast.server";
export { ATTENTION_RETRY_MS, finalizeIfClosed, syncDueVotes } from "./clock.server";
export {
  countVote,
  tallySettings,
  type Count,
  type CountAttempt,
  type VoteResults,
} from "./count.server";
export { createVote, PROPOSAL_VOTE_METHODS, type NewVote } from "./create.server";
export { listElectorate, listVotes, type ElectorItem, type VoteListItem } from "./lists.server";
export {
  BATCH_LABEL_LIMIT,
  confirmPaperBatch,
  enterPaperBatch,
  listPaperBatches,
  type PaperBatch,
  type PaperBatchInput,
} from "./paper.server";
export { castByProxy, CONSENT_NOTE_LIMIT } from "./proxy.server";
export { loadVote, type VoteOptionRow, type VoteRecord, type VoteRow } from "./record.server";
export {
  voteErrorKey,
  type CastRefusal,
  type ConfirmRefusal,
  type CreateVoteRefusal,
  type PaperRefusal,
  type ScheduleRefusal,
  type VoteErrorReason,
} from "./refusals.server";
export { closeVoteEarly, extendVote, SCHEDULE_REASON_LIMIT } from "./schedule.server";
export {
  checkReceipt,
  myVote,
  publishedBallots,
  readResults,
  voteResults,
  type MyVote,
  type PublishedBallot,
} from "./results.server";

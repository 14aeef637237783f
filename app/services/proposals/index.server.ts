/**
 * Proposals, one file per use case: the record (record), raising (raise), the text and its search
 * index (text), supports (supports), changes of status (transitions), versions (versions), authors
 * (authors), followers (followers), hearings (hearings) and lists (lists). This re-exports what
 * routes, the server and the other areas use; who may do what is ~/domain/policy's.
 */
export { answerInvitation, authorsOf, inviteCoauthor, listAuthors } from "./authors.server";
export type { AuthorSummary, InviteResult } from "./authors.server";
export { followersOf, followProposal, isFollowing, unfollowProposal } from "./followers.server";
export {
  countHearings,
  HEARING_FORMATS,
  HEARING_SUMMARY_LIMIT,
  listHearings,
  recordHearing,
} from "./hearings.server";
export type { Hearing, HearingFormat, HearingInput, HearingRefusal } from "./hearings.server";
export { listProposals } from "./lists.server";
export type { ProposalFilter } from "./lists.server";
export { createProposal } from "./raise.server";
export type { CreateRefusal, NewProposal } from "./raise.server";
export { docNameOf, loadProposal, proposalDocumentAccess } from "./record.server";
export type { ProposalContext, ProposalRecord } from "./record.server";
export {
  hasSupported,
  supportProposal,
  supportThreshold,
  withdrawSupport,
} from "./supports.server";
export { storeRenderedBody, updateProposalDetails } from "./text.server";
export {
  applyTransition,
  IMPLEMENTED_TRANSITIONS,
  transitionContext,
  transitionProposal,
} from "./transitions.server";
export type { TransitionResult } from "./transitions.server";
export { getVersion, listVersions, restoreVersion, saveVersion } from "./versions.server";
export type { VersionSummary } from "./versions.server";

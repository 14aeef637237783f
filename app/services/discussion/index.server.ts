/**
 * Discussion, one file per use case: reading a proposal's comments (comments), writing them
 * (commenting), reports and the moderators' queue (reports), and the moderators' acts (moderation).
 * This re-exports what routes and components use; who may do what is ~/domain/policy's.
 */
export {
  COMMENTS_PAGE_SIZE,
  commentPath,
  listComments,
  loadDiscussion,
  pageOfComment,
  stanceCounts,
} from "./comments.server";
export type {
  CommentPage,
  CommentState,
  CommentThread,
  CommentView,
  DiscussionView,
  StanceCounts,
} from "./comments.server";
export { createComment, deleteComment, editComment } from "./commenting.server";
export type { CreateRefusal, DeleteRefusal, EditRefusal, NewComment } from "./commenting.server";
export { dismissReports, hideContent, restoreContent } from "./moderation.server";
export type { ModerationInput, ModerationRefusal } from "./moderation.server";
export { listReports, reportContent } from "./reports.server";
export { REPORT_FILTERS, REPORT_KINDS } from "~/domain/reports";
export type { ReportFilter, ReportGroup, ReportKind } from "./reports.server";

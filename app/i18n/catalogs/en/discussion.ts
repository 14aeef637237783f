import type source from "../zh-Hans/discussion";

/** English messages of one area. */
const messages: Record<keyof typeof source, string> = {
  "comments.title": "What residents think",
  "comments.stanceSummary":
    "Stances of {count, plural, =0 {the comments (none yet)} one {# comment} other {# comments}}",
  "comments.stance.support": "Support",
  "comments.stance.oppose": "Oppose",
  "comments.stance.neutral": "Neutral",
  "comments.stance.question": "Question",
  "comments.stanceLegend": "Your stance",
  "comments.bodyLabel": "Your comment",
  "comments.bodyHint":
    "Up to {maximum} characters. Keep to the matter, and leave out other people's phone numbers, flat numbers and other personal details.",
  "comments.submit": "Post comment",
  "comments.cannotComment":
    "While a matter is gathering support or under deliberation, residents and staff of this community can comment on it.",
  "comments.signInToComment": "Sign in to comment",
  "comments.listTitle": "All comments ({count})",
  "comments.empty": "No comments yet",
  "comments.repliesLabel": "{count, plural, one {# reply} other {# replies}}",
  "comments.pagination": "Pages of comments",
  "comments.yours": "Yours",
  "comments.editedMark": "edited",
  "comments.deletedPlaceholder": "This comment was deleted by its author.",
  "comments.hiddenPlaceholder": "A moderator hid this comment. Reason: {reason}",
  "comments.hiddenOwnNote": "Your text is below; only you can see it.",
  "comments.reply": "Reply",
  "comments.replyLabel": "Reply to {name}",
  "comments.replySubmit": "Post reply",
  "comments.edit": "Edit",
  "comments.editLabel": "Edit your comment",
  "comments.save": "Save changes",
  "comments.cancel": "Cancel",
  "comments.delete": "Delete",
  "comments.deleteConfirm":
    "Delete this comment? Others will see “deleted by its author”; the replies to it stay.",
  "comments.deleteReplyConfirm": "Delete this reply?",
  "comments.deleteSubmit": "Yes, delete",
  "comments.report": "Report",
  "comments.reportProposal": "Report this matter",
  "comments.reportReason": "Why are you reporting it?",
  "comments.reportHint":
    "Tell the moderators what is wrong: a personal attack, someone's private details, advertising. Up to {maximum} characters.",
  "comments.reportSubmit": "Send report",
  "comments.follow": "Follow this matter",
  "comments.unfollow": "Stop following",
  "comments.rateLimited":
    "You are posting too quickly. Please try again in {minutes, plural, one {# minute} other {# minutes}}.",
  "comments.closed":
    "This matter takes no new comments or changes now. What you wrote is still below, so you can copy it.",
  "comments.cannotReply": "This comment cannot be replied to (it may have been deleted or hidden).",
  "comments.editWindowPassed":
    "Comments can be edited for 15 minutes after posting. What you wrote is still below, so you can copy it.",
  "comments.posted": "Your comment is posted.",
  "comments.replied": "Your reply is posted.",
  "comments.edited": "Your comment is updated.",
  "comments.deleted": "Your comment is deleted.",
  "comments.reported": "Thank you: the moderators will look at it soon.",
  "comments.alreadyReported": "You have already reported this; the moderators will look at it.",
  "comments.followed":
    "You now follow this matter: new comments and status changes will be notified.",
  "comments.unfollowed": "You no longer follow this matter.",

  "moderation.title": "Moderation · {community}",
  "moderation.intro":
    "Comments and matters that residents reported, here and in the grids and buildings below. Give a reason when you hide something: its author and every reader will see it.",
  "moderation.filterLabel": "Filter by status",
  "moderation.filter.open": "Open",
  "moderation.filter.resolved": "Resolved",
  "moderation.filter.all": "All",
  "moderation.emptyOpen": "No reports waiting",
  "moderation.empty": "No reports",
  "moderation.gone": "The content no longer exists",
  "moderation.state.hidden": "Hidden",
  "moderation.state.deleted": "Deleted by its author",
  "moderation.hiddenBecause": "Hidden because: {reason}",
  "moderation.counts":
    "{count, plural, one {# report} other {# reports}}, {open, plural, one {# open} other {# open}}",
  "moderation.lastReported": "Last reported {date}",
  "moderation.resolution.hidden": "Resolved: hidden",
  "moderation.resolution.restored": "Resolved: restored",
  "moderation.resolution.dismissed": "Resolved: reports dismissed",
  "moderation.reasons": "Reasons given",
  "moderation.hideReason": "Reason for hiding",
  "moderation.hideReasonHint": "The author and readers will see this reason",
  "moderation.hide": "Hide",
  "moderation.restoreReason": "Note on restoring (optional)",
  "moderation.restore": "Restore",
  "moderation.dismiss": "Dismiss {count, plural, one {# report} other {# reports}}",
  "moderation.hidden": "Hidden; the author has been told.",
  "moderation.restored": "Restored; the author has been told.",
  "moderation.dismissed": "Reports dismissed.",
  "moderation.alreadyHidden": "This is already hidden.",
  "moderation.notHidden": "This is not hidden.",
};

export default messages;

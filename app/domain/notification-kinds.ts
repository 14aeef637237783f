/** What a person can be notified of, and how its email is delivered (shared by pages and services). */
export const NOTIFICATION_KINDS = [
  "account.welcome",
  "membership.requested",
  "membership.verified",
  "membership.declined",
  "role.granted",
  "role.revoked",
  "proposal.comment",
  "proposal.reply",
  "proposal.status",
  "proposal.threshold",
  "proposal.coauthorInvited",
  "moderation.hidden",
  "moderation.restored",
  "vote.opened",
  "vote.closed",
  "vote.rescheduled",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type Delivery = "immediately" | "daily" | "never";

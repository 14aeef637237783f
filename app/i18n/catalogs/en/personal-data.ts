import type source from "../zh-Hans/personal-data";

/** English messages of one area. */
const messages: Record<keyof typeof source, string> = {
  "data.summaryLink": "See a summary on the page",
  "data.summaryTitle": "What the platform holds about me",
  "data.summaryIntro":
    "Everything the platform holds about you, by kind, at most {limit} items each; download the JSON file for all of it. Other people's data (such as their replies to your opinions) is not in it.",
  "data.secretBallots":
    "A secret ballot has no link to its voter at all, so it cannot be exported; “Votes you took part in” says only on which day you voted.",
  "data.count": "{count, plural, one {# item} other {# items}}",
  "data.account": "Account",
  "data.accountLine": "{name} ({email}), signed up on {date}",
  "data.download": "Download all of it (JSON)",
  "data.back": "Back to My data",
  "data.deleteErased": "Erased for good when you delete your account:",
  "data.deleteKept": "Kept, shown as by “{formerResident}”:",
  "dataSection.sessions": "Devices signed in",
  "dataSection.emailLinks": "Confirmation and password links sent by email",
  "dataSection.notifications": "Notifications",
  "dataSection.notificationPreferences": "Notification settings",
  "dataSection.follows": "Matters you follow",
  "dataSection.proposals": "Matters you drafted",
  "dataSection.coauthorships": "Matters you co-author",
  "dataSection.proposalVersions": "Versions you saved",
  "dataSection.comments": "Your opinions and replies",
  "dataSection.supports": "Matters you supported",
  "dataSection.reports": "Your reports",
  "dataSection.electorates": "Votes you were entitled to",
  "dataSection.votedIn": "Votes you took part in",
  "dataSection.openBallots": "Your ballots in open votes",
  "dataSection.memberships": "Requests to join and residence",
  "dataSection.roles": "Your roles",
  "dataSection.householdCodeUsed": "Household codes you used",
  "dataSection.membershipsDecided": "Requests to join you decided",
  "dataSection.rolesGivenOrTaken": "Roles you gave or took",
  "dataSection.householdCodesIssued": "Household codes you issued",
  "dataSection.coauthorsInvited": "Co-authors you invited",
  "dataSection.moderation": "Moderation",
  "dataSection.votesSetUp": "Votes you set up",
  "dataSection.proxyBallotsRecorded": "Ballots you recorded for residents",
  "dataSection.paperBallots": "Paper ballots you entered or confirmed",
  "dataSection.hearingsRecorded": "Meetings you recorded",
  "dataSection.auditEntries": "Audit log entries about you",
  "deletion.account": "Your name, email address, password and language",
  "deletion.sessions": "Your sign-ins and email links: you are signed out everywhere",
  "deletion.notifications": "Your notifications and notification settings",
  "deletion.follows":
    "The matters you follow (no more notifications) and co-author invitations you have not accepted",
  "deletion.contributions": "Matters you drafted, versions you saved, your opinions and replies",
  "deletion.supports": "Your supports (still counted)",
  "deletion.reports": "Your reports (moderators see the reason, never who reported)",
  "deletion.votes":
    "Your entries in voter rolls and your ballots in open votes: a vote's result cannot change afterwards",
  "deletion.residence":
    "Where you lived and when you were verified (your flat number and notes are erased); your roles end, recorded in the audit log",
  "deletion.offices":
    "What you did in office: requests decided, roles given, household codes issued, votes set up, meetings recorded, paper ballots entered, reports handled",
  "deletion.auditLog": "Audit log entries: the log cannot be changed",
};

export default messages;

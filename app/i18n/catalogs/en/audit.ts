import type source from "../zh-Hans/audit";

/** English messages of one area. */
const messages: Record<keyof typeof source, string> = {
  "audit.publicIntro":
    "Shown to everyone: votes opened and closed here and below, the decisions they made, and offices given and taken. Other entries and personal data are shown only to the committee, the council and administrators.",
  "audit.fullHash": "Full hash",
  "audit.previousHash": "Hash of the entry before",
  "audit.verifyTitle": "Check the log",
  "audit.verifyIntro":
    "Each entry carries the hash of the one before. The check recomputes them all from the first entry on, so any entry edited, deleted or moved shows.",
  "audit.verifyButton": "Check the whole log",
  "audit.verifyOk":
    "The log is intact: {count, plural, one {# entry} other {# entries}} checked, one by one.",
  "audit.verifyBroken":
    "The log breaks at entry {id} ({count, plural, one {# entry} other {# entries}} before it are intact): {reason}",
  "audit.broken.hash_mismatch": "its content no longer matches its hash, so it was edited.",
  "audit.broken.prev_hash_mismatch":
    "the hash it names for the entry before does not match, so an entry before it was deleted or moved.",
  "audit.broken.head_mismatch":
    "the log does not end where the chain head says, so entries were cut off the end.",
  "audit.verifyLater": "The log was checked too often just now. Please try again later.",
  "audit.platform": "The platform",
  "audit.reason": ". Reason: {reason}",
  "audit.unknownAct": "{actor} did something this version of the site cannot name",
  "auditRef.proposal": "matter #{id}",
  "auditRef.proposalTitled": "the matter “{title}”",
  "auditRef.comment": "comment #{id}",
  "auditThreshold.count": "{count, plural, one {# supporter} other {# supporters}}",
  "auditThreshold.percent": "{percent}% of verified residents",
  "auditThreshold.both":
    "{count, plural, one {# supporter} other {# supporters}} or {percent}% of verified residents, whichever is more",
  "auditThreshold.default": "the platform default",
  "auditVoteOutcome.adopted": "adopted",
  "auditVoteOutcome.rejected": "not adopted",
  "auditVoteOutcome.decided": "decided",
  "auditVoteOutcome.cancelled": "cancelled",
  "auditBallot.secret": "secret ballot",
  "auditBallot.open": "open ballot",
  "auditSentence.account.deleted": "{actor} deleted their account",
  "auditSentence.community.created": "{actor} created “{name}” below this one",
  "auditSentence.community.renamed": "{actor} renamed “{from}” to “{to}”",
  "auditSentence.community.moved": "{actor} moved this node under another parent",
  "auditSentence.community.thresholdChanged":
    "{actor} set the support a matter needs before deliberation to {threshold}",
  "auditSentence.household_codes.issued":
    "{actor} issued {count, plural, one {# household code} other {# household codes}}, valid until {date}",
  "auditSentence.membership.verified": "{actor} verified {subject} as a resident",
  "auditSentence.membership.declined": "{actor} declined the request of {subject} to join",
  "auditSentence.membership.verified_by_code":
    "{actor} became a verified resident with a household code",
  "auditSentence.role.granted": "{actor} gave {subject} the role “{role}”",
  "auditSentence.role.revoked": "{actor} took the role “{role}” from {subject}",
  "auditSentence.role.revokedWithAccount":
    "The role “{role}” of {subject} ended with their account",
  "auditSentence.proposal.created": "{actor} drafted {proposal}",
  "auditSentence.proposal.detailsChanged":
    "{actor} edited the title, summary or category of {proposal}",
  "auditSentence.proposal.versionRestored":
    "{actor} restored {proposal} to the text of version {from} (saved as version {version})",
  "auditSentence.proposal.hearing": "{actor} recorded a meeting on {proposal}: {format}, {date}",
  "auditSentence.proposal.publish": "{actor} published {proposal} to gather support",
  "auditSentence.proposal.startDeliberation": "{actor} took {proposal} up for deliberation",
  "auditSentence.proposal.openVote": "{proposal} went to the vote",
  "auditSentence.proposal.decide": "The vote decided {proposal}: {outcome}",
  "auditSentence.proposal.startImplementation": "{actor} started carrying out {proposal}",
  "auditSentence.proposal.complete": "{actor} marked {proposal} as carried out",
  "auditSentence.proposal.withdraw": "{actor} withdrew {proposal}",
  "auditSentence.proposal.hidden": "{actor} hid {target}",
  "auditSentence.proposal.restored": "{actor} showed {target} again",
  "auditSentence.comment.hidden": "{actor} hid {target}",
  "auditSentence.comment.restored": "{actor} showed {target} again",
  "auditSentence.report.dismissed":
    "{actor} dismissed {count, plural, one {# report} other {# reports}} about {target}",
  "auditSentence.vote.created": "{actor} set up the vote “{title}” ({method}, {ballot})",
  "auditSentence.vote.opened":
    "The vote “{title}” opened: {electorate, plural, one {# resident} other {# residents}} may vote until {closes}",
  "auditSentence.vote.cancelled":
    "Vote #{id} was cancelled: its matter was no longer in deliberation when it opened",
  "auditSentence.vote.closed":
    "Vote #{id} closed, {outcome}: {total} of {electorate, plural, one {# resident} other {# residents}} entitled took part",
  "auditSentence.vote.proxyCast": "{actor} recorded the ballot of {subject}, with their consent",
  "auditSentence.vote.paperEntered":
    "{actor} entered the paper ballots “{label}” of vote #{id} ({papers, plural, one {# paper} other {# papers}})",
  "auditSentence.vote.paperConfirmed":
    "{actor} confirmed the paper ballots “{label}” of vote #{id} ({papers, plural, one {# paper} other {# papers}})",
  "auditSentence.vote.needsAttention":
    "Vote #{id} could not be counted at its close and was referred to the committee",
  "auditSentence.vote.closedEarly": "{actor} closed vote #{id} early",
  "auditSentence.vote.extended": "{actor} extended vote #{id} until {closes}",
};

export default messages;

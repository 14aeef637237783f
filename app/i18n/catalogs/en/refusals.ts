import type source from "../zh-Hans/refusals";

/** English messages of one area. */
const messages: Record<keyof typeof source, string> = {
  "refusal.forbiddenTitle": "Not allowed",
  "refusal.needRole":
    "{count, plural, =1 {To {action}, you need the role “{roles}”.} other {To {action}, you need one of these roles: {roles}.}}",
  "refusal.needRoleIn":
    "{count, plural, =1 {To {action} in {place}, you need the role “{roles}”.} other {To {action} in {place}, you need one of these roles: {roles}.}}",
  "refusal.notHere": "You cannot {action} here.",
  "refusal.notHereIn": "You cannot {action} in {place}.",
  "refusal.unverified":
    "To {action}, first confirm your email address: open the link in the confirmation email you received when you signed up.",
  "refusal.generic": "Your account may not do this.",
  "refusal.held": "Your roles here: {roles}.",
  "refusal.heldNone": "You hold no role here yet.",
  "refusal.askForRole":
    "Roles are given by the community’s committee members or an administrator. If you should have this role, ask them.",
  "refusal.nextTitle": "What you can do",
  "refusal.backToPlace": "Back to {place}",
  "refusal.signIn": "Sign in and try again",
  "refusal.signInHint": "Some things are open only to signed-in members of the community.",
  "refusal.action.community.read": "view this community",
  "refusal.action.membership.request": "ask to join a community",
  "refusal.action.membership.review": "review requests to join",
  "refusal.action.member.list": "see the list of residents",
  "refusal.action.household_code.issue": "issue household codes",
  "refusal.action.role.manage": "manage roles",
  "refusal.action.audit.read": "read the audit log",
  "refusal.action.community.manage": "manage communities (add, rename, move)",
  "refusal.action.community.configure": "change the community’s settings",
  "refusal.action.moderation.act": "act on reports and hide content",
  "refusal.action.proposal.create": "raise a matter",
  "refusal.action.proposal.support": "support a matter",
  "refusal.action.comment.create": "give an opinion",
  "refusal.action.content.report": "report content",
  "refusal.action.vote.cast": "vote",
  "refusal.action.vote.manage": "open and run votes",
  "refusal.action.vote.proxy": "record a resident’s ballot for them",
  "refusal.notFound.community":
    "There is no such community: the link may be out of date, or the address mistyped.",
  "refusal.notFound.proposal":
    "This matter does not exist, or you cannot see it: a draft not yet published is seen only by its authors, invited co-authors and those who look after the community.",
  "refusal.notFound.vote":
    "There is no such vote: the link may be out of date, or the address mistyped.",
  "refusal.allProposals": "See all matters",
  "refusal.allVotes": "See all votes",
};

export default messages;

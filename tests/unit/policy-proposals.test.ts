import { describe, expect, it } from "vitest";
import {
  commentDeleteRefusal,
  commentEditRefusal,
  commentsOpen,
  documentAccessFor,
  HEARING_STATUSES,
  mayAnswerInvitation,
  mayCoauthor,
  mayComment,
  mayEditText,
  mayFollow,
  mayInviteCoauthor,
  mayModerate,
  mayReadHidden,
  mayRecordHearing,
  mayReport,
  mayRestoreVersion,
  maySaveVersion,
  maySupport,
  mayView,
  mayWithdrawSupport,
  SUPPORTABLE,
  type Actor,
  type CommunityResource,
  type ProposalFacts,
} from "~/domain/policy";
import { PROPOSAL_STATUSES, type ProposalStatus } from "~/domain/proposal-lifecycle";
import { COMMENT_EDIT_WINDOW_MS } from "~/domain/proposals";
import type { Role } from "~/domain/roles";

/* The proposal's community is 4 (below street 3); 7 is a sibling community. */
const COMMUNITY: CommunityResource = { communityPath: [1, 2, 3, 4], level: "community" };

function person(id: string, roles: Array<[Role, number]> = [], emailVerified = true): Actor {
  return { id, emailVerified, roles: roles.map(([role, communityId]) => ({ role, communityId })) };
}

const author = person("author", [["resident", 4]]);
const invitee = person("invitee", [["resident", 4]]);
const resident = person("resident", [["resident", 4]]);
const elsewhere = person("elsewhere", [["resident", 7]]);
const committee = person("committee", [["committee", 4]]);
const council = person("council", [["council", 3]]);
const moderator = person("moderator", [["moderator", 4]]);
const grid = person("grid", [["grid_worker", 4]]);
const stranger = person("stranger");
const unverifiedAuthor = person("author", [["resident", 4]], false);

function proposal(overrides: Partial<ProposalFacts> = {}): ProposalFacts {
  return {
    status: "open",
    resource: COMMUNITY,
    authorIds: ["author"],
    invitedIds: ["invitee"],
    hidden: false,
    published: true,
    ...overrides,
  };
}
const draft = proposal({ status: "draft", published: false });

describe("mayView", () => {
  it("shows a published proposal to everyone, a draft to its authors, invitees and carers", () => {
    expect(mayView(null, proposal())).toBe(true);
    expect(mayView(stranger, proposal({ status: "withdrawn" }))).toBe(true);
    expect(mayView(author, draft)).toBe(true);
    expect(mayView(invitee, draft)).toBe(true);
    expect(mayView(committee, draft)).toBe(true);
    expect(mayView(council, draft)).toBe(true);
    expect(mayView(resident, draft)).toBe(false);
    expect(mayView(moderator, draft)).toBe(false);
    expect(mayView(null, draft)).toBe(false);
    // Looking after a community needs a verified email.
    expect(mayView(person("committee", [["committee", 4]], false), draft)).toBe(false);
  });

  it("keeps a draft withdrawn before it was ever published private", () => {
    const withdrawnDraft = proposal({ status: "withdrawn", published: false });
    expect(mayView(resident, withdrawnDraft)).toBe(false);
    expect(mayView(author, withdrawnDraft)).toBe(true);
  });
});

describe("mayReadHidden and mayEditText", () => {
  it("lets authors and moderators read a hidden text", () => {
    const hidden = proposal({ hidden: true });
    expect(mayReadHidden(author, hidden)).toBe(true);
    expect(mayReadHidden(moderator, hidden)).toBe(true);
    expect(mayReadHidden(resident, hidden)).toBe(false);
    expect(mayReadHidden(null, hidden)).toBe(false);
  });

  it("lets verified authors edit while the text is editable and not hidden", () => {
    expect(mayEditText(author, draft)).toBe(true);
    expect(mayEditText(author, proposal({ status: "deliberation" }))).toBe(true);
    expect(mayEditText(author, proposal({ status: "voting" }))).toBe(false);
    expect(mayEditText(author, proposal({ hidden: true }))).toBe(false);
    expect(mayEditText(unverifiedAuthor, proposal())).toBe(false);
    expect(mayEditText(invitee, proposal())).toBe(false);
    expect(mayEditText(committee, proposal())).toBe(false);
    expect(mayEditText(null, proposal())).toBe(false);
    expect(mayRestoreVersion).toBe(mayEditText);
  });
});

describe("documentAccessFor", () => {
  it("gives authors edit, members and invitees read, and nobody else anything", () => {
    expect(documentAccessFor(author, proposal())).toBe("edit");
    expect(documentAccessFor(invitee, proposal())).toBe("read");
    expect(documentAccessFor(resident, proposal())).toBe("read");
    expect(documentAccessFor(grid, proposal())).toBe("read");
    expect(documentAccessFor(council, proposal())).toBe("read");
    expect(documentAccessFor(elsewhere, proposal())).toBeNull();
    expect(documentAccessFor(stranger, proposal())).toBeNull();
    expect(documentAccessFor(null, proposal())).toBeNull();
  });

  it("freezes the text for authors from the vote on, and closes a hidden one to members", () => {
    expect(documentAccessFor(author, proposal({ status: "voting" }))).toBe("read");
    expect(documentAccessFor(author, proposal({ hidden: true }))).toBe("read");
    expect(documentAccessFor(resident, proposal({ hidden: true }))).toBeNull();
    expect(documentAccessFor(moderator, proposal({ hidden: true }))).toBe("read");
    expect(documentAccessFor(resident, draft)).toBeNull();
  });
});

describe("supports", () => {
  it("lets residents other than the authors support while the matter is taken up", () => {
    for (const status of PROPOSAL_STATUSES)
      expect(maySupport(resident, proposal({ status }))).toBe(SUPPORTABLE.includes(status));
    expect(maySupport(author, proposal())).toBe(false);
    expect(maySupport(committee, proposal())).toBe(false);
    expect(maySupport(elsewhere, proposal())).toBe(false);
    expect(maySupport(resident, proposal({ hidden: true }))).toBe(false);
    expect(maySupport(person("resident", [["resident", 4]], false), proposal())).toBe(false);
    expect(maySupport(null, proposal())).toBe(false);
  });

  it("takes support back only while the proposal gathers it", () => {
    expect(mayWithdrawSupport(resident, proposal({ status: "open" }))).toBe(true);
    expect(mayWithdrawSupport(resident, proposal({ status: "deliberation" }))).toBe(false);
    expect(mayWithdrawSupport(null, proposal({ status: "open" }))).toBe(false);
  });
});

describe("authors, versions and followers", () => {
  it("lets verified authors invite and save versions; the invitee alone answers", () => {
    for (const decide of [mayInviteCoauthor, maySaveVersion]) {
      expect(decide(author, proposal())).toBe(true);
      expect(decide(unverifiedAuthor, proposal())).toBe(false);
      expect(decide(invitee, proposal())).toBe(false);
      expect(decide(committee, proposal())).toBe(false);
      expect(decide(null, proposal())).toBe(false);
    }
    expect(mayAnswerInvitation(invitee, proposal())).toBe(true);
    expect(mayAnswerInvitation(author, proposal())).toBe(false);
    expect(mayAnswerInvitation(null, proposal())).toBe(false);
  });

  it("invites only residents of the community to co-author", () => {
    expect(mayCoauthor(resident, proposal())).toBe(true);
    expect(mayCoauthor(person("city", [["resident", 1]]), proposal())).toBe(true);
    expect(mayCoauthor(elsewhere, proposal())).toBe(false);
    expect(mayCoauthor(committee, proposal())).toBe(false);
  });

  it("lets anyone signed in follow a published proposal, a draft only its authors", () => {
    expect(mayFollow(resident, proposal())).toBe(true);
    expect(mayFollow(stranger, proposal({ status: "decided" }))).toBe(true);
    expect(mayFollow(author, draft)).toBe(true);
    expect(mayFollow(invitee, draft)).toBe(false);
    expect(mayFollow(committee, draft)).toBe(false);
    expect(mayFollow(null, proposal())).toBe(false);
  });
});

describe("hearings", () => {
  it("lets the committee record a hearing, at the statuses that take one", () => {
    expect(mayRecordHearing(committee, proposal())).toBe(true);
    expect(mayRecordHearing(person("admin", [["admin", 1]]), proposal())).toBe(true);
    expect(mayRecordHearing(resident, proposal())).toBe(false);
    expect(mayRecordHearing(council, proposal())).toBe(false);
    expect(mayRecordHearing(null, proposal())).toBe(false);
    expect([...HEARING_STATUSES]).toEqual(["open", "deliberation"]);
  });
});

describe("the discussion", () => {
  it("takes comments while the proposal is open or deliberated and not hidden", () => {
    const open: ProposalStatus[] = ["open", "deliberation"];
    for (const status of PROPOSAL_STATUSES) {
      expect(commentsOpen({ status, hidden: false })).toBe(open.includes(status));
      expect(commentsOpen({ status, hidden: true })).toBe(false);
    }
  });

  it("lets anyone holding a role there comment, and any verified person report", () => {
    for (const who of [resident, grid, committee, council, moderator])
      expect(mayComment(who, proposal())).toBe(true);
    expect(mayComment(elsewhere, proposal())).toBe(false);
    expect(mayComment(stranger, proposal())).toBe(false);
    expect(mayComment(null, proposal())).toBe(false);
    expect(mayComment(resident, proposal({ status: "voting" }))).toBe(false);
    expect(mayReport(stranger, proposal())).toBe(true);
    expect(mayReport(elsewhere, proposal())).toBe(true);
    expect(mayReport(person("x", [], false), proposal())).toBe(false);
    expect(mayReport(null, proposal())).toBe(false);
  });

  it("lets moderators of the community and above moderate", () => {
    expect(mayModerate(moderator, COMMUNITY)).toBe(true);
    expect(mayModerate(person("admin", [["admin", 1]]), COMMUNITY)).toBe(true);
    expect(mayModerate(person("m7", [["moderator", 7]]), COMMUNITY)).toBe(false);
    expect(mayModerate(committee, COMMUNITY)).toBe(false);
    expect(mayModerate(null, COMMUNITY)).toBe(false);
  });

  it("lets only the author edit a live comment within the window while comments are open", () => {
    const now = new Date("2026-03-01T10:00:00Z");
    const recent = new Date(now.getTime() - 60_000);
    const old = new Date(now.getTime() - COMMENT_EDIT_WINDOW_MS - 1);
    const comment = { authorId: "resident", deleted: false, hidden: false, createdAt: recent };
    const open = proposal();
    expect(commentEditRefusal(resident, comment, open, now)).toBeNull();
    expect(commentEditRefusal(resident, { ...comment, deleted: true }, open, now)).toBe("notFound");
    expect(commentEditRefusal(grid, comment, open, now)).toBe("notYours");
    expect(commentEditRefusal(null, comment, open, now)).toBe("notYours");
    expect(commentEditRefusal(resident, { ...comment, hidden: true }, open, now)).toBe(
      "notEditable",
    );
    expect(commentEditRefusal(resident, { ...comment, createdAt: old }, open, now)).toBe(
      "notEditable",
    );
    expect(commentEditRefusal(resident, comment, proposal({ status: "voting" }), now)).toBe(
      "closed",
    );
  });

  it("lets only the author delete a comment, at any time", () => {
    const comment = { authorId: "resident", deleted: false };
    expect(commentDeleteRefusal(resident, comment)).toBeNull();
    expect(commentDeleteRefusal(moderator, comment)).toBe("notYours");
    expect(commentDeleteRefusal(null, comment)).toBe("notYours");
    expect(commentDeleteRefusal(resident, { ...comment, deleted: true })).toBe("notFound");
  });
});

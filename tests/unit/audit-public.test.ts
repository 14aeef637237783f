import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "~/domain/audit-actions";
import type { ChainedAuditEntry } from "~/domain/audit-chain";
import { PUBLIC_AUDIT_ACTIONS, publicAuditEntry } from "~/domain/audit-public";

function entry(overrides: Partial<ChainedAuditEntry>): ChainedAuditEntry {
  return {
    id: 1,
    occurredAt: "2026-05-01T08:00:00.000Z",
    actorId: "official",
    action: "vote.opened",
    communityId: 3,
    targetType: "vote",
    targetId: "9",
    before: null,
    after: null,
    prevHash: "a".repeat(64),
    hash: "b".repeat(64),
    ...overrides,
  };
}

describe("publicAuditEntry", () => {
  it("keeps nothing of the acts that concern persons", () => {
    const personal = AUDIT_ACTIONS.filter(
      (action) => !(PUBLIC_AUDIT_ACTIONS as readonly string[]).includes(action),
    );
    expect(personal).toEqual(
      expect.arrayContaining([
        "account.deleted",
        "membership.verified",
        "membership.declined",
        "membership.verified_by_code",
        "vote.proxyCast",
        "comment.hidden",
        "report.dismissed",
        "household_codes.issued",
      ]),
    );
    for (const action of personal) {
      expect(
        publicAuditEntry(
          entry({ action, targetType: "user", targetId: "resident", after: { userId: "x" } }),
        ),
        action,
      ).toBeNull();
    }
  });

  it("shows offices given and taken, naming who gave and who received", () => {
    const granted = entry({
      action: "role.granted",
      actorId: "admin",
      targetType: "user",
      targetId: "new-worker",
      after: { role: "grid_worker", grantId: 12 },
    });
    expect(publicAuditEntry(granted)).toMatchObject({
      actorId: "admin",
      targetId: "new-worker",
      before: null,
      after: { role: "grid_worker" },
    });
    expect(publicAuditEntry(granted)!.after).not.toHaveProperty("grantId");
    const revoked = entry({
      action: "role.revoked",
      actorId: "admin",
      targetType: "user",
      targetId: "old-worker",
      before: { role: "committee", grantId: 4 },
      after: null,
    });
    expect(publicAuditEntry(revoked)).toMatchObject({
      actorId: "admin",
      targetId: "old-worker",
      before: { role: "committee" },
      after: null,
    });
  });

  it("keeps a resident's role private: residence is personal, not an office", () => {
    for (const action of ["role.granted", "role.revoked"] as const) {
      const role = { role: "resident", grantId: 1 };
      expect(
        publicAuditEntry(
          entry({
            action,
            targetType: "user",
            targetId: "someone",
            before: action === "role.revoked" ? role : null,
            after: action === "role.granted" ? role : null,
          }),
        ),
      ).toBeNull();
    }
    // No role at all (a malformed row) is not shown either.
    expect(publicAuditEntry(entry({ action: "role.granted", after: {} }))).toBeNull();
  });

  it("shows votes and decisions without who ran the clock, and only the vote's facts", () => {
    const opened = publicAuditEntry(
      entry({
        action: "vote.opened",
        actorId: "some-resident-whose-visit-opened-it",
        after: {
          title: "电梯方案",
          method: "majority",
          secret: true,
          electorate: 120,
          closesAt: "2026-06-01T00:00:00.000Z",
          note: "unlisted field",
        },
      }),
    );
    expect(opened).toMatchObject({ actorId: null, targetId: "9" });
    expect(opened!.after).toEqual({
      title: "电梯方案",
      method: "majority",
      secret: true,
      electorate: 120,
      closesAt: "2026-06-01T00:00:00.000Z",
    });
    const decided = publicAuditEntry(
      entry({
        action: "proposal.decide",
        targetType: "proposal",
        targetId: "12",
        actorId: "committee-member",
        before: { status: "voting" },
        after: { status: "decided", voteId: 9, outcome: "adopted" },
      }),
    );
    expect(decided).toMatchObject({
      actorId: null,
      before: { status: "voting" },
      after: { status: "decided", voteId: 9, outcome: "adopted" },
    });
  });

  it("keeps the entry's place in the chain", () => {
    const shown = publicAuditEntry(entry({ action: "vote.closed", after: { outcome: "decided" } }));
    expect(shown).toMatchObject({ id: 1, hash: "b".repeat(64), prevHash: "a".repeat(64) });
  });
});

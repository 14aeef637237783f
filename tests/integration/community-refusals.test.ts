import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import {
  auditLog,
  communities,
  householdCodes,
  memberships,
  notifications,
  roleGrants,
  type Community,
} from "../../db/schema";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import type { Actor } from "~/domain/policy";
import { loadActor } from "~/services/actors.server";
import {
  createCommunity,
  findCommunityBySlug,
  moveCommunity,
  renameCommunity,
  setSupportThreshold,
} from "~/services/communities.server";
import { createMailer, type Mailer } from "~/services/mail.server";
import {
  decideMembership,
  grantRole,
  issueHouseholdCodes,
  redeemHouseholdCode,
  requestMembership,
  revokeRole,
} from "~/services/membership/index.server";
import type { MailDelivery } from "~/services/notifications.server";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const SECRET = "test-secret-that-is-long-enough-0123456789";
const names = { name: "不该出现", nameZhHant: "", nameEn: "" };

/** Every row the community and membership writers could touch, in a stable order. */
async function snapshot(db: Database) {
  return {
    communities: await db.select().from(communities).orderBy(asc(communities.id)),
    memberships: await db.select().from(memberships).orderBy(asc(memberships.id)),
    roleGrants: await db.select().from(roleGrants).orderBy(asc(roleGrants.id)),
    householdCodes: await db.select().from(householdCodes).orderBy(asc(householdCodes.id)),
    auditLog: await db.select().from(auditLog).orderBy(asc(auditLog.id)),
    notifications: await db.select().from(notifications).orderBy(asc(notifications.id)),
  };
}

/*
 * Every writer of communities and membership asks the policy itself: called directly (as a route
 * that forgot to check would), a person without the right is refused and nothing is written,
 * audited, notified or mailed.
 */
describe.each(TEST_DRIVERS)("community and membership writers refuse on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  let mailer: Mailer;
  let mail: MailDelivery;
  let chunhui: Community;
  let grid: Community;
  /** A verified resident of chunhui, with no other role. */
  let resident: Actor;
  let committee: Actor;
  let pendingId: number;
  let ownPendingId: number;
  let code: string;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let mailsBefore: number;

  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
    mailer = createMailer({
      from: "test@yishi.test",
      dataDir: await mkdtemp(path.join(tmpdir(), "yishi-mail-")),
    });
    mail = { mailer, origin: "http://yishi.test" };
    chunhui = (await findCommunityBySlug(db, "chunhui"))!;
    grid = (await findCommunityBySlug(db, "chunhui-g1"))!;
    resident = await loadActor(db, { id: "demo-resident", emailVerified: true });
    committee = await loadActor(db, { id: "demo-committee", emailVerified: true });
    // A pending request from someone else, and one from the committee member themself.
    const gridWorker = await loadActor(db, { id: "demo-grid", emailVerified: true });
    const join = { community: chunhui, communityName: chunhui.name, buildingId: null };
    for (const person of [gridWorker, committee]) {
      const asked = await requestMembership(db, mail, person, {
        ...join,
        unit: "",
        note: "",
        requesterName: person.id,
      });
      expect(asked).toEqual({ ok: true, value: undefined });
    }
    const pending = await db.select().from(memberships);
    pendingId = pending.find((m) => m.userId === "demo-grid")!.id;
    ownPendingId = pending.find((m) => m.userId === "demo-committee")!.id;
    const issued = await issueHouseholdCodes(db, gridWorker, {
      community: chunhui,
      buildingId: null,
      count: 1,
      secret: SECRET,
    });
    if (!issued.ok) throw new Error("the grid worker could not issue a code");
    code = issued.value.codes[0]!;
  });
  afterAll(() => test.destroy());

  beforeEach(async () => {
    before = await snapshot(db);
    mailsBefore = (await mailer.mailbox!.list()).length;
  });

  async function expectUnchanged() {
    expect(await snapshot(db)).toEqual(before);
    expect(await mailer.mailbox!.list()).toHaveLength(mailsBefore);
  }

  it("creating, renaming and moving a unit, and setting the threshold", async () => {
    expect(
      await createCommunity(db, resident, { ...names, parent: chunhui, slug: "chunhui-g9" }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(await renameCommunity(db, resident, { ...names, community: chunhui })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    expect(await moveCommunity(db, resident, { community: grid, newParentSlug: "cuizhu" })).toEqual(
      { ok: false, reason: "forbidden" },
    );
    expect(await setSupportThreshold(db, resident, chunhui, { count: 1, percent: null })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    await expectUnchanged();
  });

  it("moving a unit out of one's branch into another needs manage rights at the destination", async () => {
    // An admin of chunhui alone may manage its grids, but not put one under cuizhu.
    const branchAdmin: Actor = {
      id: "demo-council",
      emailVerified: true,
      roles: [{ role: "admin", communityId: chunhui.id }],
    };
    expect(
      await moveCommunity(db, branchAdmin, { community: grid, newParentSlug: "cuizhu" }),
    ).toEqual({ ok: false, reason: "forbidden" });
    await expectUnchanged();
  });

  it("asking to join where one is already a resident", async () => {
    expect(
      await requestMembership(db, mail, resident, {
        community: chunhui,
        communityName: chunhui.name,
        buildingId: null,
        unit: "",
        note: "",
        requesterName: "王阿姨",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    await expectUnchanged();
  });

  it("deciding a join request without the right, or one's own", async () => {
    const decision = { community: chunhui, communityName: chunhui.name, reason: "" };
    expect(
      await decideMembership(db, mail, resident, {
        ...decision,
        membershipId: pendingId,
        decision: "verify",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      await decideMembership(db, mail, committee, {
        ...decision,
        membershipId: ownPendingId,
        decision: "verify",
      }),
    ).toEqual({ ok: false, reason: "ownRequest" });
    await expectUnchanged();
  });

  it("issuing household codes, and using one without a verified email", async () => {
    expect(
      await issueHouseholdCodes(db, resident, {
        community: chunhui,
        buildingId: null,
        count: 5,
        secret: SECRET,
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    const unverified = await loadActor(db, { id: "demo-moderator", emailVerified: false });
    expect(await redeemHouseholdCode(db, mail, unverified, { code, secret: SECRET })).toEqual({
      ok: false,
      reason: "forbidden",
    });
    await expectUnchanged();
  });

  it("granting and revoking roles one may not grant", async () => {
    const target = { community: chunhui, communityName: chunhui.name };
    expect(
      await grantRole(db, mail, resident, {
        ...target,
        email: "resident2@example.org",
        role: "moderator",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    // A committee member may grant grid worker and moderator, never committee or admin.
    expect(
      await grantRole(db, mail, committee, {
        ...target,
        email: "resident2@example.org",
        role: "admin",
      }),
    ).toEqual({ ok: false, reason: "forbidden" });
    const grants = await db.select().from(roleGrants);
    const moderatorGrant = grants.find((g) => g.userId === "demo-moderator")!;
    const committeeGrant = grants.find((g) => g.userId === "demo-committee")!;
    expect(await revokeRole(db, mail, resident, { ...target, grantId: moderatorGrant.id })).toEqual(
      { ok: false, reason: "forbidden" },
    );
    expect(
      await revokeRole(db, mail, committee, { ...target, grantId: committeeGrant.id }),
    ).toEqual({ ok: false, reason: "forbidden" });
    await expectUnchanged();
  });

  it("the same acts succeed for those who hold the right (the refusals are not the set-up's)", async () => {
    const admin = await loadActor(db, { id: "demo-admin", emailVerified: true });
    const target = { community: chunhui, communityName: chunhui.name };
    expect(
      await decideMembership(db, mail, admin, {
        ...target,
        membershipId: ownPendingId,
        decision: "verify",
        reason: "",
      }),
    ).toEqual({ ok: true, value: undefined });
    const verified = await loadActor(db, { id: "demo-moderator", emailVerified: true });
    expect(await redeemHouseholdCode(db, mail, verified, { code, secret: SECRET })).toEqual({
      ok: true,
      value: { communitySlug: "chunhui" },
    });
    expect(
      await grantRole(db, mail, committee, {
        ...target,
        email: "resident2@example.org",
        role: "moderator",
      }),
    ).toEqual({ ok: true, value: undefined });
    expect(await snapshot(db)).not.toEqual(before);
  });
});

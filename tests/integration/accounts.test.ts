import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../db/schema";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import { can } from "~/domain/policy";
import {
  confirmEmail,
  deleteAccount,
  exportPersonalData,
  signUp,
} from "~/services/accounts.server";
import { loadActor } from "~/services/actors.server";
import { verifyAuditChain } from "~/services/audit.server";
import { signIn, signOut, validateSessionCookie } from "~/services/sessions.server";
import { communityResource, findCommunityBySlug } from "~/services/communities.server";
import { createMailer, type Mailer } from "~/services/mail.server";
import {
  decideMembership,
  grantRole,
  requestMembership,
  revokeRole,
} from "~/services/membership/index.server";
import type { MailDelivery } from "~/services/notifications.server";
import { createRateLimits } from "~/services/rate-limit.server";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

const ORIGIN = "http://yishi.test";

/** The token in the newest link of this kind mailed to `to`. */
async function linkToken(mailer: Mailer, to: string, pathPart: string): Promise<string> {
  const mails = await mailer.mailbox!.list();
  const mail = mails.find((m) => m.to === to && m.text.includes(pathPart));
  const token = mail?.text.match(new RegExp(`${pathPart}\\?token=([\\w-]+)`))?.[1];
  if (!token) throw new Error(`no ${pathPart} link mailed to ${to}`);
  return token;
}

describe.each(TEST_DRIVERS)("accounts and membership on %s", (driver) => {
  let test: TestDatabase;
  let mailer: Mailer;
  let mail: MailDelivery;
  beforeAll(async () => {
    test = await createTestDatabase(driver);
    await seedDemoCity(test.handle.db);
    await seedDemoAccounts(test.handle.db);
    mailer = createMailer({
      from: "test@yishi.test",
      dataDir: await mkdtemp(path.join(tmpdir(), "yishi-mail-")),
    });
    mail = { mailer, origin: ORIGIN };
  });
  afterAll(() => test.destroy());

  async function signedUp(name: string, email: string, password = "Chunhui-garden-2026") {
    const db = test.handle.db;
    expect(
      await signUp(db, mailer, {
        displayName: name,
        email,
        password,
        locale: "zh-Hans",
        origin: ORIGIN,
      }),
    ).toEqual({ ok: true });
    expect(await confirmEmail(db, await linkToken(mailer, email, "/confirm-email"))).toBe(true);
    const result = await signIn(db, createRateLimits(), {
      email,
      password,
      ip: "127.0.0.1",
      userAgent: "vitest",
      secure: false,
    });
    if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
    const cookie = result.setCookie.split(";")[0]!;
    const { user, session } = await validateSessionCookie(db, false, cookie);
    return { user: user!, session: session!, cookie, userId: result.userId };
  }

  it("signs up, confirms once, signs in and out", async () => {
    const db = test.handle.db;
    const limits = createRateLimits();
    const email = "Xiao.Zhou@Example.net";
    await signUp(db, mailer, {
      displayName: "小周",
      email,
      password: "Chunhui-garden-2026",
      locale: "zh-Hans",
      origin: ORIGIN,
    });
    const token = await linkToken(mailer, "xiao.zhou@example.net", "/confirm-email");
    // Before confirming, the password is right but sign-in waits for the email.
    expect(
      await signIn(db, limits, {
        email,
        password: "Chunhui-garden-2026",
        ip: "10.0.0.1",
        userAgent: null,
        secure: false,
      }),
    ).toEqual({
      ok: false,
      reason: "unconfirmed",
    });
    expect(await confirmEmail(db, token)).toBe(true);
    expect(await confirmEmail(db, token)).toBe(false);
    expect(
      (
        await signIn(db, limits, {
          email,
          password: "wrong-password-1",
          ip: "10.0.0.1",
          userAgent: null,
          secure: false,
        })
      ).ok,
    ).toBe(false);
    const result = await signIn(db, limits, {
      email: " xiao.zhou@example.net ",
      password: "Chunhui-garden-2026",
      ip: "10.0.0.1",
      userAgent: null,
      secure: false,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const cookie = result.setCookie.split(";")[0]!;
    const { user, session } = await validateSessionCookie(db, false, cookie);
    expect(user).toMatchObject({
      displayName: "小周",
      email: "xiao.zhou@example.net",
      emailVerified: true,
    });
    await signOut(db, session!.id, false);
    const after = await validateSessionCookie(db, false, cookie);
    expect(after.user).toBeNull();
    expect(after.setCookie).toContain("yishi_session=;");
  });

  it("does not reveal that an email is registered, and never makes a second account for it", async () => {
    const db = test.handle.db;
    expect(
      await signUp(db, mailer, {
        displayName: "冒名",
        email: "resident@example.org",
        password: "Another-long-pass-1",
        locale: "en",
        origin: ORIGIN,
      }),
    ).toEqual({ ok: true });
    const mails = await mailer.mailbox!.list();
    expect(mails.find((m) => m.to === "resident@example.org")?.subject).toBe(
      "Someone tried to sign up to Yishi with your email",
    );
    const rows = await db.select().from(users).where(eq(users.email, "resident@example.org"));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.displayName).toBe("王阿姨");
  });

  it("limits sign-in attempts per account and address, without locking the owner out elsewhere", async () => {
    const db = test.handle.db;
    const limits = createRateLimits();
    // Parallel guesses are counted before the password is checked: at most five get an answer.
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        signIn(db, limits, {
          email: "resident4@example.org",
          password: `burst-${i}-guess`,
          ip: "10.2.0.1",
          userAgent: null,
          secure: false,
        }),
      ),
    );
    expect(burst.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
    expect(burst.filter((r) => !r.ok && r.reason === "limited")).toHaveLength(3);
    const elsewhere = await signIn(db, limits, {
      email: "resident4@example.org",
      password: "yishi-demo-2026",
      ip: "10.2.0.2",
      userAgent: null,
      secure: false,
    });
    expect(elsewhere.ok).toBe(true);
    for (let i = 0; i < 5; i++) {
      const result = await signIn(db, limits, {
        email: "resident3@example.org",
        password: `nope-${i}-guess`,
        ip: "10.1.0.1",
        userAgent: null,
        secure: false,
      });
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const blocked = await signIn(db, limits, {
      email: "resident3@example.org",
      password: "yishi-demo-2026",
      ip: "10.1.0.1",
      userAgent: null,
      secure: false,
    });
    expect(blocked).toMatchObject({ ok: false, reason: "limited" });
    expect(
      blocked.ok === false && blocked.reason === "limited" && blocked.retryAfter,
    ).toBeGreaterThan(0);
  });

  it("a declined resident cannot act; a verified one can", async () => {
    const db = test.handle.db;
    const community = (await findCommunityBySlug(db, "chunhui"))!;
    const resource = await communityResource(db, community);
    const committee = await loadActor(db, { id: "demo-committee", emailVerified: true });
    const declined = await signedUp("被拒的人", "declined@example.net");
    const accepted = await signedUp("通过的人", "accepted@example.net");
    for (const person of [declined, accepted]) {
      const actor = await loadActor(db, person.user);
      expect(can(actor, "membership.request", resource)).toBe(true);
      expect(
        await requestMembership(db, mail, actor, {
          community,
          communityName: community.name,
          buildingId: null,
          unit: "",
          note: "",
          requesterName: person.user.displayName,
        }),
      ).toEqual({ ok: true, value: undefined });
    }
    const pending = await db.query.memberships.findMany({
      where: (m, { inArray }) => inArray(m.userId, [declined.userId, accepted.userId]),
    });
    const idOf = (userId: string) => pending.find((m) => m.userId === userId)!.id;
    const decide = (membershipId: number, decision: "verify" | "decline") =>
      decideMembership(db, mail, committee, {
        membershipId,
        community,
        communityName: community.name,
        decision,
        reason: decision === "decline" ? "不在本社区居住" : "",
      });
    expect(await decide(idOf(declined.userId), "decline")).toEqual({ ok: true, value: undefined });
    expect(await decide(idOf(accepted.userId), "verify")).toEqual({ ok: true, value: undefined });
    // A decided request cannot be decided again.
    expect(await decide(idOf(accepted.userId), "decline")).toEqual({
      ok: false,
      reason: "notPending",
    });

    const declinedActor = await loadActor(db, declined.user);
    const acceptedActor = await loadActor(db, accepted.user);
    for (const action of ["vote.cast", "proposal.create", "proposal.support"] as const) {
      expect(can(declinedActor, action, resource)).toBe(false);
      expect(can(acceptedActor, action, resource)).toBe(true);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("revoking a role takes effect on the next request", async () => {
    const db = test.handle.db;
    const community = (await findCommunityBySlug(db, "chunhui"))!;
    const resource = await communityResource(db, community);
    const worker = await signedUp("新网格员", "new-grid@example.net");
    const admin = await loadActor(db, { id: "demo-admin", emailVerified: true });
    const target = { community, communityName: community.name };
    expect(
      await grantRole(db, mail, admin, {
        ...target,
        email: "new-grid@example.net",
        role: "grid_worker",
      }),
    ).toEqual({ ok: true, value: undefined });
    // Each request builds the actor afresh from the session cookie, as the server does.
    const request = async () => {
      const { user } = await validateSessionCookie(db, false, worker.cookie);
      return can(await loadActor(db, user!), "household_code.issue", resource);
    };
    expect(await request()).toBe(true);
    const grant = await db.query.roleGrants.findFirst({
      where: (g, { and, eq, isNull }) =>
        and(eq(g.userId, worker.userId), eq(g.role, "grid_worker"), isNull(g.revokedAt)),
    });
    expect(await revokeRole(db, mail, admin, { ...target, grantId: grant!.id })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await request()).toBe(false);
    const log = await verifyAuditChain(db);
    expect(log.ok).toBe(true);
  });

  it("exports a person's data and deletes the account, keeping the row for attribution", async () => {
    const db = test.handle.db;
    const person = await signedUp("要注销的人", "leaving@example.net");
    const exported = await exportPersonalData(db, person.userId);
    expect(exported?.account).toMatchObject({
      email: "leaving@example.net",
      displayName: "要注销的人",
    });
    expect(await deleteAccount(db, person.userId, "wrong password here")).toBe("wrongPassword");
    expect(await deleteAccount(db, person.userId, "Chunhui-garden-2026")).toBe("ok");
    const [row] = await db.select().from(users).where(eq(users.id, person.userId));
    expect(row).toMatchObject({ email: null, displayName: null, passwordHash: null });
    expect(row!.deletedAt).toBeInstanceOf(Date);
    expect((await validateSessionCookie(db, false, person.cookie)).user).toBeNull();
  });
});

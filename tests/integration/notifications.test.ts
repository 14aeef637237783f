import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import { createMailer, type Mailer } from "~/services/mail.server";
import {
  notify,
  sendDailyDigests,
  sendPendingEmails,
  setDeliveryPreferences,
} from "~/services/notifications.server";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

describe.each(TEST_DRIVERS)("notification email on %s", (driver) => {
  let test: TestDatabase;
  let mailer: Mailer;
  beforeAll(async () => {
    test = await createTestDatabase(driver);
    await seedDemoCity(test.handle.db);
    await seedDemoAccounts(test.handle.db);
    mailer = createMailer({
      from: "test@yishi.test",
      dataDir: await mkdtemp(path.join(tmpdir(), "yishi-mail-")),
    });
  });
  afterAll(() => test.destroy());

  it("emails at once, in a daily digest, or never, as each person chose", async () => {
    const db = test.handle.db;
    await setDeliveryPreferences(db, "demo-resident2", { "role.granted": "daily" });
    await setDeliveryPreferences(db, "demo-resident3", { "role.granted": "never" });
    const payload = {
      kind: "role.granted" as const,
      values: { role: "moderator", community: "春晖社区" },
      link: "/c/chunhui",
    };
    const ids = await notify(db, ["demo-resident", "demo-resident2", "demo-resident3"], payload);
    await sendPendingEmails(db, mailer, ids, "http://yishi.test");
    let mails = await mailer.mailbox!.list();
    expect(mails.map((m) => m.to)).toEqual(["resident@example.org"]);
    expect(mails[0]!.subject).toBe("您在春晖社区获得了角色：版主。");
    expect(mails[0]!.text).toContain("http://yishi.test/c/chunhui");

    expect(await sendDailyDigests(db, mailer, "http://yishi.test")).toEqual({ sent: 1 });
    mails = await mailer.mailbox!.list();
    const digest = mails.find((m) => m.to === "resident2@example.org")!;
    expect(digest.subject).toBe("议事每日摘要：1 条新通知");
    expect(digest.text).toContain("• 您在春晖社区获得了角色：版主。");
    // A second run sends nothing new; "never" never gets email.
    expect(await sendDailyDigests(db, mailer, "http://yishi.test")).toEqual({ sent: 0 });
    expect(mails.some((m) => m.to === "resident3@example.org")).toBe(false);
  });

  it("sends each digest once even when two runs overlap", async () => {
    const db = test.handle.db;
    await setDeliveryPreferences(db, "demo-resident4", { "role.revoked": "daily" });
    await notify(db, ["demo-resident4"], {
      kind: "role.revoked",
      values: { role: "moderator", community: "春晖社区" },
      communitySlug: "chunhui",
    });
    const runs = await Promise.all([
      sendDailyDigests(db, mailer, "http://yishi.test"),
      sendDailyDigests(db, mailer, "http://yishi.test"),
    ]);
    expect(runs[0].sent + runs[1].sent).toBe(1);
    const digests = (await mailer.mailbox!.list()).filter((m) => m.to === "resident4@example.org");
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain("您在春晖社区的角色“版主”已被撤销。");
  });
});

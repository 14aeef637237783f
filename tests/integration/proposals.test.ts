import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Database } from "../../db/client";
import { seedDemoAccounts, seedDemoCity } from "../../server/scripts/seed";
import { seedDemoProposals } from "../../server/scripts/seed-proposals";
import { auditLog, notifications, proposals } from "../../db/schema";
import { documentAccessFor, mayView } from "~/domain/policy";
import { verifyAuditChain } from "~/services/audit.server";
import { findCommunityBySlug } from "~/services/communities.server";
import {
  answerInvitation,
  inviteCoauthor,
  listProposals,
  listVersions,
  loadProposal,
  proposalDocumentAccess,
  storeRenderedBody,
  supportProposal,
  transitionProposal,
  updateProposalDetails,
  withdrawSupport,
} from "~/services/proposals/index.server";
import { actorFor, fakeDocuments, raiseProposal } from "../support/fixtures";
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from "../support/test-database";

describe.each(TEST_DRIVERS)("proposals on %s", (driver) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(driver);
    db = test.handle.db;
    await seedDemoCity(db);
    await seedDemoAccounts(db);
  });
  afterAll(() => test.destroy());

  it("lets a verified resident raise a draft that only authors and the committee see", async () => {
    const created = await raiseProposal(db, "demo-resident");
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const record = (await loadProposal(db, created.id))!;
    expect(record.context.status).toBe("draft");
    expect(record.context.authorIds).toEqual(["demo-resident"]);
    expect(record.row.bodyHtml).toContain("<h3>方案</h3>");
    expect(record.row.bodyHtml).toContain("<li>");
    expect(mayView(await actorFor(db, "demo-resident"), record.context)).toBe(true);
    expect(mayView(await actorFor(db, "demo-committee"), record.context)).toBe(true);
    expect(mayView(await actorFor(db, "demo-resident2"), record.context)).toBe(false);
    expect(mayView(null, record.context)).toBe(false);
    // The live document: the author edits; nobody else may open a draft.
    expect(documentAccessFor(await actorFor(db, "demo-resident"), record.context)).toBe("edit");
    expect(documentAccessFor(await actorFor(db, "demo-resident2"), record.context)).toBeNull();
    const access = proposalDocumentAccess(db);
    expect(await access({ id: "demo-resident", emailVerified: true }, String(created.id))).toBe(
      "edit",
    );
    expect(await access({ id: "demo-resident", emailVerified: true }, "999999")).toBeNull();
    expect(await access({ id: "demo-resident", emailVerified: true }, "1 or 1=1")).toBeNull();
    // Authors correct the title while the text is editable; nobody else can.
    const details = {
      title: "小区加装电梯的方案（修订）",
      summary: "七层老楼没有电梯。",
      category: "facilities" as const,
    };
    expect(
      await updateProposalDetails(db, record, await actorFor(db, "demo-resident2"), details),
    ).toEqual({ ok: false, reason: "notAllowed" });
    expect(
      await updateProposalDetails(db, record, await actorFor(db, "demo-resident"), details),
    ).toMatchObject({ ok: true });
    expect((await loadProposal(db, created.id))!.row.title).toBe("小区加装电梯的方案（修订）");
  });

  it("refuses those who may not raise a matter, and a grid outside the community", async () => {
    expect(await raiseProposal(db, "demo-committee")).toEqual({ ok: false, reason: "notAllowed" });
    expect(await raiseProposal(db, "demo-grid")).toEqual({ ok: false, reason: "notAllowed" });
    const elsewhere = (await findCommunityBySlug(db, "donghu"))!;
    const result = await raiseProposal(db, "demo-resident", {
      title: "标题",
      summary: "概要概要概要概要",
      category: "other",
      concernsId: elsewhere.id,
      body: "",
    });
    expect(result).toEqual({ ok: false, reason: "badConcerns" });
  });

  it("publishes through the state machine: a frozen version, an audit row, followers told", async () => {
    const { documents, reauthorized } = fakeDocuments();
    const created = await raiseProposal(db, "demo-resident", { title: "楼道照明改造" });
    if (!created.ok) throw new Error("not created");
    let record = (await loadProposal(db, created.id))!;
    const stranger = await actorFor(db, "demo-resident2");
    expect(await transitionProposal(db, documents, record, stranger, "publish")).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    const author = await actorFor(db, "demo-resident");
    expect(await transitionProposal(db, documents, record, author, "publish")).toEqual({
      ok: true,
      to: "open",
    });
    // A second publish from the stale record changes nothing.
    expect(await transitionProposal(db, documents, record, author, "publish")).toEqual({
      ok: false,
      reason: "wrongStatus",
    });
    record = (await loadProposal(db, created.id))!;
    expect(record.context.status).toBe("open");
    expect(record.row.publishedAt).not.toBeNull();
    const versions = await listVersions(db, created.id, { page: 1, pageSize: 20 });
    expect(versions.items.map((v) => [v.number, v.reason, v.status])).toEqual([
      [1, "transition", "open"],
    ]);
    const audits = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "proposal.publish"), eq(auditLog.targetId, String(created.id))),
      );
    expect(audits).toHaveLength(1);
    expect((await verifyAuditChain(db)).ok).toBe(true);
    // Draft → open keeps the text editable: nobody needs to reconnect.
    expect(reauthorized).toEqual([]);
    // Now public: members of the community read it live, outsiders not at all.
    expect(documentAccessFor(await actorFor(db, "demo-resident2"), record.context)).toBe("read");
    // Council members above the community follow it too (roles hold downward); a person with no role
    // there does not.
    expect(documentAccessFor(await actorFor(db, "demo-council"), record.context)).toBe("read");
    expect(
      documentAccessFor({ id: "someone", emailVerified: true, roles: [] }, record.context),
    ).toBeNull();
  });

  it("counts each resident's support once, even when sent at the same moment", async () => {
    const created = await raiseProposal(db, "demo-resident", { title: "增设快递柜" });
    if (!created.ok) throw new Error("not created");
    const { documents } = fakeDocuments();
    await transitionProposal(
      db,
      documents,
      (await loadProposal(db, created.id))!,
      await actorFor(db, "demo-resident"),
      "publish",
    );
    const record = (await loadProposal(db, created.id))!;
    const supporter = await actorFor(db, "demo-resident3");
    const results = await Promise.all(
      Array.from({ length: 6 }, () => supportProposal(db, record, supporter)),
    );
    expect(results.filter((r) => r === "supported")).toHaveLength(1);
    expect(results.filter((r) => r === "already")).toHaveLength(5);
    const [row] = await db.select().from(proposals).where(eq(proposals.id, created.id));
    expect(row!.supportCount).toBe(1);
    // Only residents support; a committee member as such may not.
    expect(await supportProposal(db, record, await actorFor(db, "demo-committee"))).toBe(
      "notAllowed",
    );
    expect(await withdrawSupport(db, record, supporter)).toMatchObject({ ok: true });
    const [after] = await db.select().from(proposals).where(eq(proposals.id, created.id));
    expect(after!.supportCount).toBe(0);
  });

  it("tells the committee once when the threshold is reached; then it may deliberate", async () => {
    const community = (await findCommunityBySlug(db, "chunhui"))!;
    await db
      .update((await import("../../db/schema")).communities)
      .set({ supportThresholdCount: 2 })
      .where(eq((await import("../../db/schema")).communities.id, community.id));
    const created = await raiseProposal(db, "demo-resident", { title: "修缮儿童游乐场" });
    if (!created.ok) throw new Error("not created");
    const { documents, reauthorized } = fakeDocuments();
    await transitionProposal(
      db,
      documents,
      (await loadProposal(db, created.id))!,
      await actorFor(db, "demo-resident"),
      "publish",
    );
    const committee = await actorFor(db, "demo-committee");
    let record = (await loadProposal(db, created.id))!;
    expect(await transitionProposal(db, documents, record, committee, "startDeliberation")).toEqual(
      { ok: false, reason: "thresholdReached" },
    );
    for (const who of ["demo-resident2", "demo-resident3", "demo-resident4"])
      await supportProposal(db, record, await actorFor(db, who));
    const told = await db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, "demo-committee"),
          eq(notifications.kind, "proposal.threshold"),
        ),
      );
    expect(
      told.filter((n) => (n.payload as { link: string }).link === `/proposals/${created.id}`),
    ).toHaveLength(1);
    record = (await loadProposal(db, created.id))!;
    expect(await transitionProposal(db, documents, record, committee, "startDeliberation")).toEqual(
      { ok: true, to: "deliberation" },
    );
    // Withdrawing freezes the text: open editors are asked to reconnect (and get read-only).
    record = (await loadProposal(db, created.id))!;
    expect(
      await transitionProposal(
        db,
        documents,
        record,
        await actorFor(db, "demo-resident"),
        "withdraw",
      ),
    ).toEqual({ ok: true, to: "withdrawn" });
    expect(reauthorized).toEqual([`proposal:${created.id}`]);
    record = (await loadProposal(db, created.id))!;
    expect(documentAccessFor(await actorFor(db, "demo-resident"), record.context)).toBe("read");
  });

  it("keeps a draft withdrawn before publication private", async () => {
    const created = await raiseProposal(db, "demo-resident", { title: "还没想好的草稿" });
    if (!created.ok) throw new Error("not created");
    const { documents } = fakeDocuments();
    const author = await actorFor(db, "demo-resident");
    await transitionProposal(
      db,
      documents,
      (await loadProposal(db, created.id))!,
      author,
      "withdraw",
    );
    const record = (await loadProposal(db, created.id))!;
    expect(record.context.status).toBe("withdrawn");
    expect(mayView(author, record.context)).toBe(true);
    expect(mayView(await actorFor(db, "demo-resident2"), record.context)).toBe(false);
    expect(mayView(null, record.context)).toBe(false);
    const listed = await listProposals(
      db,
      { communityIds: null, status: "withdrawn", category: null, query: "", sort: "newest" },
      { page: 1, pageSize: 100 },
      "zh-Hans",
    );
    expect(listed.items.map((item) => item.id)).not.toContain(created.id);
  });

  it("invites a co-author who must be a resident, and who then edits", async () => {
    const created = await raiseProposal(db, "demo-resident", { title: "垃圾分类督导" });
    if (!created.ok) throw new Error("not created");
    let record = (await loadProposal(db, created.id))!;
    const author = await actorFor(db, "demo-resident");
    expect(await inviteCoauthor(db, record, author, "王阿姨", "committee@example.org")).toBe(
      "notAMember",
    );
    expect(await inviteCoauthor(db, record, author, "王阿姨", "nobody@example.org")).toBe(
      "notAMember",
    );
    expect(
      await inviteCoauthor(
        db,
        record,
        await actorFor(db, "demo-resident2"),
        "李",
        "resident3@example.org",
      ),
    ).toBe("notAllowed");
    expect(await inviteCoauthor(db, record, author, "王阿姨", "Resident5@example.org")).toBe(
      "invited",
    );
    expect(await inviteCoauthor(db, record, author, "王阿姨", "resident5@example.org")).toBe(
      "already",
    );
    record = (await loadProposal(db, created.id))!;
    const invitee = await actorFor(db, "demo-resident5");
    expect(mayView(invitee, record.context)).toBe(true);
    expect(documentAccessFor(invitee, record.context)).toBe("read");
    expect(await answerInvitation(db, record, invitee, true)).toMatchObject({ ok: true });
    record = (await loadProposal(db, created.id))!;
    expect(record.context.authorIds.sort()).toEqual(["demo-resident", "demo-resident5"]);
    expect(documentAccessFor(invitee, record.context)).toBe("edit");
  });

  it("keeps the rendered body and the search index current with the document", async () => {
    const created = await raiseProposal(db, "demo-resident", { title: "Community garden" });
    if (!created.ok) throw new Error("not created");
    const { documents } = fakeDocuments();
    await transitionProposal(
      db,
      documents,
      (await loadProposal(db, created.id))!,
      await actorFor(db, "demo-resident"),
      "publish",
    );
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("种植向日葵 <script>alert(1)</script>")]);
    doc.getXmlFragment("default").insert(0, [paragraph]);
    await storeRenderedBody(db, created.id, doc);
    const [row] = await db.select().from(proposals).where(eq(proposals.id, created.id));
    expect(row!.bodyHtml).toBe("<p>种植向日葵 &lt;script&gt;alert(1)&lt;/script&gt;</p>");
    const found = await listProposals(
      db,
      { communityIds: null, status: null, category: null, query: "向日葵", sort: "newest" },
      { page: 1, pageSize: 20 },
      "zh-Hans",
    );
    expect(found.items.map((item) => item.id)).toContain(created.id);
    // Found from the other script too, and by the start of a word.
    for (const query of ["向日葵", "種植", "電梯", "garde"]) {
      const hits = await listProposals(
        db,
        { communityIds: null, status: null, category: null, query, sort: "newest" },
        { page: 1, pageSize: 20 },
        "zh-Hant",
      );
      expect(
        hits.items.map((item) => item.id),
        query,
      ).toContain(created.id);
    }
  });

  it("seeds demo proposals once, with the demo resident among the open one's authors", async () => {
    expect((await seedDemoProposals(db)).inserted).toBe(5);
    expect((await seedDemoProposals(db)).inserted).toBe(0);
    const open = await listProposals(
      db,
      { communityIds: null, status: "open", category: null, query: "电梯", sort: "newest" },
      { page: 1, pageSize: 20 },
      "zh-Hans",
    );
    const lift = open.items.find((item) => item.title.includes("加装电梯"))!;
    const record = (await loadProposal(db, lift.id))!;
    expect(record.context.authorIds).toContain("demo-resident");
    expect(documentAccessFor(await actorFor(db, "demo-resident"), record.context)).toBe("edit");
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

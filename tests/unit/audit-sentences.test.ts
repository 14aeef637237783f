import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, isAuditAction, type AuditAction } from "~/domain/audit-actions";
import { auditSentence, peopleOf, type SentenceEntry } from "~/domain/audit-sentences";
import { TRANSITION_NAMES } from "~/domain/proposal-lifecycle";
import { getTranslator } from "~/i18n/i18n.server";
import { LOCALES } from "~/i18n/locales";

/** A plausible entry of each act, with the before/after its service records. */
const SAMPLES: Record<AuditAction, Omit<SentenceEntry, "action" | "actorId">> = {
  "account.deleted": { targetType: "user", targetId: "u2", before: null, after: null },
  "community.created": {
    targetType: "community",
    targetId: "7",
    before: null,
    after: { slug: "g9", name: "第九网格", parentId: 3, level: "grid" },
  },
  "community.renamed": {
    targetType: "community",
    targetId: "3",
    before: { name: "旧名", nameZhHant: null, nameEn: null },
    after: { name: "新名", nameZhHant: null, nameEn: null },
  },
  "community.moved": {
    targetType: "community",
    targetId: "3",
    before: { parentId: 1 },
    after: { parentId: 2 },
  },
  "community.thresholdChanged": {
    targetType: "community",
    targetId: "3",
    before: { count: null, percent: null },
    after: { count: 20, percent: 5 },
  },
  "household_codes.issued": {
    targetType: "community",
    targetId: "3",
    before: null,
    after: { count: 12, buildingId: null, expiresAt: "2026-12-01T00:00:00.000Z" },
  },
  "membership.verified": {
    targetType: "membership",
    targetId: "5",
    before: { status: "pending" },
    after: { status: "verified", userId: "u2", reason: null },
  },
  "membership.declined": {
    targetType: "membership",
    targetId: "5",
    before: { status: "pending" },
    after: { status: "declined", userId: "u2", reason: "不住本社区" },
  },
  "membership.verified_by_code": {
    targetType: "user",
    targetId: "u1",
    before: null,
    after: { householdCodeId: 4 },
  },
  "role.granted": {
    targetType: "user",
    targetId: "u2",
    before: null,
    after: { role: "grid_worker", grantId: 9 },
  },
  "role.revoked": {
    targetType: "user",
    targetId: "u2",
    before: { role: "grid_worker", grantId: 9 },
    after: null,
  },
  "proposal.created": {
    targetType: "proposal",
    targetId: "12",
    before: null,
    after: { title: "加装电梯", category: "facilities", status: "draft" },
  },
  "proposal.detailsChanged": {
    targetType: "proposal",
    targetId: "12",
    before: { title: "加装电梯", summary: "s", category: "facilities" },
    after: { title: "加装两部电梯", summary: "s", category: "facilities" },
  },
  "proposal.versionRestored": {
    targetType: "proposal",
    targetId: "12",
    before: null,
    after: { restoredFrom: 2, version: 5 },
  },
  "proposal.hearing": {
    targetType: "proposal",
    targetId: "12",
    before: null,
    after: { hearingId: 1, format: "courtyard", heldOn: "2026-05-01" },
  },
  "proposal.publish": transition("draft", "open"),
  "proposal.startDeliberation": transition("open", "deliberation"),
  "proposal.openVote": transition("deliberation", "voting"),
  "proposal.decide": {
    targetType: "proposal",
    targetId: "12",
    before: { status: "voting" },
    after: { status: "decided", voteId: 3, outcome: "adopted" },
  },
  "proposal.startImplementation": transition("decided", "implementing"),
  "proposal.complete": transition("implementing", "completed"),
  "proposal.withdraw": transition("open", "withdrawn"),
  "proposal.hidden": moderation("proposal", true),
  "proposal.restored": moderation("proposal", false),
  "comment.hidden": moderation("comment", true),
  "comment.restored": moderation("comment", false),
  "report.dismissed": {
    targetType: "comment",
    targetId: "40",
    before: { openReports: 3 },
    after: { openReports: 0, reason: null },
  },
  "vote.created": {
    targetType: "vote",
    targetId: "3",
    before: null,
    after: { title: "电梯方案", method: "majority", secret: true, options: ["A", "B"] },
  },
  "vote.opened": {
    targetType: "vote",
    targetId: "3",
    before: null,
    after: { title: "电梯方案", electorate: 120, closesAt: "2026-06-01T12:00:00.000Z" },
  },
  "vote.cancelled": {
    targetType: "vote",
    targetId: "3",
    before: null,
    after: { proposalId: 12, reason: "proposalNotInDeliberation" },
  },
  "vote.closed": {
    targetType: "vote",
    targetId: "3",
    before: null,
    after: { outcome: "adopted", turnout: { electorate: 120, total: 80 } },
  },
  "vote.proxyCast": {
    targetType: "vote",
    targetId: "3",
    before: null,
    after: { voterId: "u2", consentNote: "电话确认", replaced: false },
  },
  "vote.paperEntered": {
    targetType: "vote",
    targetId: "3",
    before: null,
    after: { batchId: 1, label: "第一箱", kind: "counts", papers: 30 },
  },
  "vote.paperConfirmed": {
    targetType: "vote",
    targetId: "3",
    before: { batchId: 1, label: "第一箱", enteredBy: "u3" },
    after: { batchId: 1, label: "第一箱", papers: 30, confirmedBy: "u1" },
  },
  "vote.needsAttention": {
    targetType: "vote",
    targetId: "3",
    before: null,
    after: { reason: "overElectorate", cast: 10, electorate: 8 },
  },
  "vote.closedEarly": {
    targetType: "vote",
    targetId: "3",
    before: { closesAt: "2026-05-10T10:00:00.000Z" },
    after: { closesAt: "2026-05-08T10:00:00.000Z", reason: "全体住户已投票" },
  },
  "vote.extended": {
    targetType: "vote",
    targetId: "3",
    before: { closesAt: "2026-05-10T10:00:00.000Z" },
    after: { closesAt: "2026-05-12T10:00:00.000Z", reason: "纸质投票点延期" },
  },
};

function transition(from: string, to: string) {
  return {
    targetType: "proposal",
    targetId: "12",
    before: { status: from },
    after: { status: to },
  };
}

function moderation(kind: string, hide: boolean) {
  return {
    targetType: kind,
    targetId: "40",
    before: { hidden: !hide, reason: null },
    after: { hidden: hide, reason: hide ? "人身攻击" : null, reportsResolved: 1 },
  };
}

function entry(action: AuditAction): SentenceEntry {
  return { action, actorId: "u1", ...SAMPLES[action] };
}

const NAMES = { actor: "张三", subject: "李四" };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

describe("the list of audit actions", () => {
  it("names each act once", () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });

  it("holds every action a service records with a literal key", () => {
    const recorded = new Set<string>();
    for (const file of sourceFiles(path.resolve("app"))) {
      const source = readFileSync(file, "utf8");
      // Each call of recordAudit(tx, {…}) or commitAct's audit({…}): the first `action:` after it.
      for (const call of source.matchAll(/\b(?:recordAudit|audit)\(\s*(?:\w+\s*,\s*)?\{/g)) {
        const after = source.slice(call.index, call.index + 400);
        const literal = /action:\s*"([^"]+)"/.exec(after)?.[1];
        const ternary = /action:\s*[^,`]*\?\s*"([^"]+)"\s*:\s*"([^"]+)"/.exec(after);
        if (ternary) recorded.add(ternary[1]!).add(ternary[2]!);
        else if (literal) recorded.add(literal);
      }
    }
    expect(recorded.size).toBeGreaterThan(20);
    expect([...recorded].filter((action) => !isAuditAction(action))).toEqual([]);
  });

  it("holds every action recorded from a template: transitions and moderation", () => {
    for (const name of TRANSITION_NAMES) expect(isAuditAction(`proposal.${name}`)).toBe(true);
    for (const kind of ["proposal", "comment"])
      for (const act of ["hidden", "restored"]) expect(isAuditAction(`${kind}.${act}`)).toBe(true);
  });
});

describe("auditSentence", () => {
  it.each(LOCALES)("gives every act a finished sentence in %s", (locale) => {
    const tr = getTranslator(locale);
    for (const action of AUDIT_ACTIONS) {
      const { text } = auditSentence(entry(action), NAMES, tr);
      expect(text.trim(), action).not.toBe("");
      // No raw key, no placeholder left, no JSON.
      expect(text, action).not.toContain(action);
      expect(text, action).not.toMatch(/[{}]|"\w+":/);
      expect(text, action).not.toContain("—");
    }
  });

  it("says who did what to whom, with the translated role", () => {
    expect(auditSentence(entry("role.granted"), NAMES, getTranslator("zh-Hans")).text).toBe(
      "张三授予李四“网格员”角色",
    );
    expect(auditSentence(entry("role.granted"), NAMES, getTranslator("en")).text).toBe(
      "张三 gave 李四 the role “Grid worker”",
    );
    expect(auditSentence(entry("role.revoked"), NAMES, getTranslator("zh-Hant")).text).toBe(
      "张三撤銷了李四的「網格員」角色",
    );
  });

  it("names the platform when nobody acted, and a former resident when the name is gone", () => {
    const tr = getTranslator("en");
    expect(
      auditSentence(
        { ...entry("vote.proxyCast"), actorId: null },
        { actor: null, subject: null },
        tr,
      ).text,
    ).toBe("The platform recorded the ballot of Former resident, with their consent");
  });

  it("adds the reason of a moderation act and links to the matter or vote", () => {
    const hidden = auditSentence(entry("proposal.hidden"), NAMES, getTranslator("zh-Hans"));
    expect(hidden).toEqual({ text: "张三隐藏了议题 #40。理由：人身攻击", link: "/proposals/40" });
    expect(auditSentence(entry("vote.closed"), NAMES, getTranslator("en"))).toEqual({
      text: "Vote #3 closed, adopted: 80 of 120 residents entitled took part",
      link: "/votes/3",
    });
    expect(auditSentence(entry("comment.hidden"), NAMES, getTranslator("en")).link).toBeNull();
  });

  it("describes a role that ended with the account without naming an actor", () => {
    const ended = {
      ...entry("role.revoked"),
      actorId: "u2",
      after: { reason: "account.deleted" },
    };
    expect(
      auditSentence(ended, { actor: null, subject: null }, getTranslator("zh-Hans")).text,
    ).toBe("已注销的居民注销了账户，“网格员”角色随之结束");
  });

  it("still reads an act this version does not know, without showing its key", () => {
    const text = auditSentence(
      { ...entry("vote.opened"), action: "legacy.thing" },
      NAMES,
      getTranslator("en"),
    ).text;
    expect(text).toBe("张三 did something this version of the site cannot name");
  });
});

describe("peopleOf", () => {
  it("finds whom an act concerned", () => {
    expect(peopleOf(entry("role.granted"))).toEqual({ actorId: "u1", subjectId: "u2" });
    expect(peopleOf(entry("membership.declined"))).toEqual({ actorId: "u1", subjectId: "u2" });
    expect(peopleOf(entry("vote.proxyCast"))).toEqual({ actorId: "u1", subjectId: "u2" });
    expect(peopleOf(entry("vote.opened"))).toEqual({ actorId: "u1", subjectId: null });
  });
});

/**
 * The audit log read aloud: each recorded act as one sentence in the reader's language ("张三授予李四
 * “网格员”角色"), never as a raw key or JSON. Pure: the names of the people involved are looked up by
 * the caller (see `peopleOf`) and the translator is an argument.
 */
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import type { Translator } from "~/i18n/translator";
import { isAuditAction, type AuditAction } from "./audit-actions";
import type { AuditEntry } from "./audit-chain";
import { fieldOf, roleOfEntry } from "./audit-public";
import { ROLES } from "./roles";
import { VOTE_METHODS, HEARING_FORMATS } from "./vote-rules";

export type SentenceEntry = Pick<
  AuditEntry,
  "action" | "actorId" | "targetType" | "targetId" | "before" | "after"
>;

/** The names the sentence needs: who acted (null: the platform itself) and whom it concerned. */
export interface SentenceNames {
  actor: string | null;
  subject: string | null;
}

export type SentenceTranslator = Pick<Translator, "t" | "date" | "number">;

export interface AuditSentence {
  text: string;
  /** A page about the act's object (the proposal, the vote), when there is one. */
  link: string | null;
}

/**
 * The ids of the people a sentence names: the actor, and the person it concerned (a role's holder, a
 * membership's applicant, a proxy vote's voter), so the caller can look their names up in one go.
 */
export function peopleOf(entry: SentenceEntry): {
  actorId: string | null;
  subjectId: string | null;
} {
  const named = (value: unknown) => (typeof value === "string" ? value : null);
  let subjectId: string | null = null;
  if (entry.targetType === "user") subjectId = entry.targetId;
  else if (entry.action === "membership.verified" || entry.action === "membership.declined")
    subjectId = named(fieldOf(entry.after, "userId"));
  else if (entry.action === "vote.proxyCast") subjectId = named(fieldOf(entry.after, "voterId"));
  return { actorId: entry.actorId, subjectId };
}

interface Context {
  entry: SentenceEntry;
  tr: SentenceTranslator;
  actor: string;
  subject: string;
  id: string;
}

function text(value: unknown, fallback = "—"): string {
  return typeof value === "string" && value.trim() !== "" ? value : fallback;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function oneOf<T extends string>(list: readonly T[], value: unknown): T | null {
  return typeof value === "string" && (list as readonly string[]).includes(value)
    ? (value as T)
    : null;
}

function roleName(ctx: Context): string {
  const role = oneOf(ROLES, roleOfEntry(ctx.entry));
  return role ? ctx.tr.t(`role.${role}`) : text(roleOfEntry(ctx.entry));
}

/** "议题“标题”" when the entry carries the title, else "议题 #12". */
function proposalRef(ctx: Context, titleFrom: unknown = fieldOf(ctx.entry.after, "title")) {
  return typeof titleFrom === "string" && titleFrom !== ""
    ? ctx.tr.t("auditRef.proposalTitled", { title: titleFrom })
    : ctx.tr.t("auditRef.proposal", { id: ctx.id });
}

function moderatedRef(ctx: Context): string {
  return ctx.entry.targetType === "comment"
    ? ctx.tr.t("auditRef.comment", { id: ctx.id })
    : proposalRef(ctx, null);
}

function withReason(ctx: Context, sentence: string, reason: unknown): string {
  return typeof reason === "string" && reason.trim() !== ""
    ? `${sentence}${ctx.tr.t("audit.reason", { reason })}`
    : sentence;
}

function threshold(ctx: Context): string {
  const n = fieldOf(ctx.entry.after, "count");
  const percent = fieldOf(ctx.entry.after, "percent");
  if (typeof n === "number" && typeof percent === "number")
    return ctx.tr.t("auditThreshold.both", { count: n, percent });
  if (typeof n === "number") return ctx.tr.t("auditThreshold.count", { count: n });
  if (typeof percent === "number") return ctx.tr.t("auditThreshold.percent", { percent });
  return ctx.tr.t("auditThreshold.default");
}

function voteOutcome(ctx: Context): string {
  const outcome = oneOf(
    ["adopted", "rejected", "decided", "cancelled"],
    fieldOf(ctx.entry.after, "outcome"),
  );
  return ctx.tr.t(outcome ? `auditVoteOutcome.${outcome}` : "auditVoteOutcome.decided");
}

function dateOf(ctx: Context, value: unknown): string {
  return typeof value === "string" && !Number.isNaN(new Date(value).getTime())
    ? ctx.tr.date(value)
    : "—";
}

/** One sentence per act: the compiler insists that every recorded act has one. */
const SENTENCES: Record<AuditAction, (ctx: Context) => string> = {
  "account.deleted": ({ tr, actor }) => tr.t("auditSentence.account.deleted", { actor }),
  "community.created": ({ tr, actor, entry }) =>
    tr.t("auditSentence.community.created", { actor, name: text(fieldOf(entry.after, "name")) }),
  "community.renamed": ({ tr, actor, entry }) =>
    tr.t("auditSentence.community.renamed", {
      actor,
      from: text(fieldOf(entry.before, "name")),
      to: text(fieldOf(entry.after, "name")),
    }),
  "community.moved": ({ tr, actor }) => tr.t("auditSentence.community.moved", { actor }),
  "community.thresholdChanged": (ctx) =>
    ctx.tr.t("auditSentence.community.thresholdChanged", {
      actor: ctx.actor,
      threshold: threshold(ctx),
    }),
  "household_codes.issued": (ctx) =>
    ctx.tr.t("auditSentence.household_codes.issued", {
      actor: ctx.actor,
      count: count(fieldOf(ctx.entry.after, "count")),
      date: dateOf(ctx, fieldOf(ctx.entry.after, "expiresAt")),
    }),
  "membership.verified": ({ tr, actor, subject }) =>
    tr.t("auditSentence.membership.verified", { actor, subject }),
  "membership.declined": (ctx) =>
    withReason(
      ctx,
      ctx.tr.t("auditSentence.membership.declined", { actor: ctx.actor, subject: ctx.subject }),
      fieldOf(ctx.entry.after, "reason"),
    ),
  "membership.verified_by_code": ({ tr, actor }) =>
    tr.t("auditSentence.membership.verified_by_code", { actor }),
  "role.granted": (ctx) =>
    ctx.tr.t("auditSentence.role.granted", {
      actor: ctx.actor,
      subject: ctx.subject,
      role: roleName(ctx),
    }),
  "role.revoked": (ctx) =>
    fieldOf(ctx.entry.after, "reason") === "account.deleted"
      ? ctx.tr.t("auditSentence.role.revokedWithAccount", {
          subject: ctx.subject,
          role: roleName(ctx),
        })
      : ctx.tr.t("auditSentence.role.revoked", {
          actor: ctx.actor,
          subject: ctx.subject,
          role: roleName(ctx),
        }),
  "proposal.created": (ctx) =>
    ctx.tr.t("auditSentence.proposal.created", { actor: ctx.actor, proposal: proposalRef(ctx) }),
  "proposal.detailsChanged": (ctx) =>
    ctx.tr.t("auditSentence.proposal.detailsChanged", {
      actor: ctx.actor,
      proposal: proposalRef(ctx),
    }),
  "proposal.versionRestored": (ctx) =>
    ctx.tr.t("auditSentence.proposal.versionRestored", {
      actor: ctx.actor,
      proposal: proposalRef(ctx, null),
      from: count(fieldOf(ctx.entry.after, "restoredFrom")),
      version: count(fieldOf(ctx.entry.after, "version")),
    }),
  "proposal.hearing": (ctx) => {
    const format = oneOf(HEARING_FORMATS, fieldOf(ctx.entry.after, "format"));
    return ctx.tr.t("auditSentence.proposal.hearing", {
      actor: ctx.actor,
      proposal: proposalRef(ctx, null),
      format: format ? ctx.tr.t(`hearingFormat.${format}`) : "—",
      date: dateOf(ctx, fieldOf(ctx.entry.after, "heldOn")),
    });
  },
  "proposal.publish": (ctx) =>
    ctx.tr.t("auditSentence.proposal.publish", {
      actor: ctx.actor,
      proposal: proposalRef(ctx, null),
    }),
  "proposal.startDeliberation": (ctx) =>
    ctx.tr.t("auditSentence.proposal.startDeliberation", {
      actor: ctx.actor,
      proposal: proposalRef(ctx, null),
    }),
  "proposal.openVote": (ctx) =>
    ctx.tr.t("auditSentence.proposal.openVote", { proposal: proposalRef(ctx, null) }),
  "proposal.decide": (ctx) =>
    ctx.tr.t("auditSentence.proposal.decide", {
      proposal: proposalRef(ctx, null),
      outcome: voteOutcome(ctx),
    }),
  "proposal.startImplementation": (ctx) =>
    ctx.tr.t("auditSentence.proposal.startImplementation", {
      actor: ctx.actor,
      proposal: proposalRef(ctx, null),
    }),
  "proposal.complete": (ctx) =>
    ctx.tr.t("auditSentence.proposal.complete", {
      actor: ctx.actor,
      proposal: proposalRef(ctx, null),
    }),
  "proposal.withdraw": (ctx) =>
    ctx.tr.t("auditSentence.proposal.withdraw", {
      actor: ctx.actor,
      proposal: proposalRef(ctx, null),
    }),
  "proposal.hidden": (ctx) =>
    withReason(
      ctx,
      ctx.tr.t("auditSentence.proposal.hidden", { actor: ctx.actor, target: moderatedRef(ctx) }),
      fieldOf(ctx.entry.after, "reason"),
    ),
  "proposal.restored": (ctx) =>
    ctx.tr.t("auditSentence.proposal.restored", { actor: ctx.actor, target: moderatedRef(ctx) }),
  "comment.hidden": (ctx) =>
    withReason(
      ctx,
      ctx.tr.t("auditSentence.comment.hidden", { actor: ctx.actor, target: moderatedRef(ctx) }),
      fieldOf(ctx.entry.after, "reason"),
    ),
  "comment.restored": (ctx) =>
    ctx.tr.t("auditSentence.comment.restored", { actor: ctx.actor, target: moderatedRef(ctx) }),
  "report.dismissed": (ctx) =>
    withReason(
      ctx,
      ctx.tr.t("auditSentence.report.dismissed", {
        actor: ctx.actor,
        target: moderatedRef(ctx),
        count: count(fieldOf(ctx.entry.before, "openReports")),
      }),
      fieldOf(ctx.entry.after, "reason"),
    ),
  "vote.created": (ctx) => {
    const method = oneOf(VOTE_METHODS, fieldOf(ctx.entry.after, "method"));
    return ctx.tr.t("auditSentence.vote.created", {
      actor: ctx.actor,
      title: text(fieldOf(ctx.entry.after, "title")),
      method: method ? ctx.tr.t(`voteMethod.${method}`) : "—",
      ballot: ctx.tr.t(
        fieldOf(ctx.entry.after, "secret") === true ? "auditBallot.secret" : "auditBallot.open",
      ),
    });
  },
  "vote.opened": (ctx) =>
    ctx.tr.t("auditSentence.vote.opened", {
      title: text(fieldOf(ctx.entry.after, "title")),
      electorate: count(fieldOf(ctx.entry.after, "electorate")),
      closes: dateOf(ctx, fieldOf(ctx.entry.after, "closesAt")),
    }),
  "vote.cancelled": ({ tr, id }) => tr.t("auditSentence.vote.cancelled", { id }),
  "vote.closed": (ctx) => {
    const turnout = fieldOf(ctx.entry.after, "turnout");
    return ctx.tr.t("auditSentence.vote.closed", {
      id: ctx.id,
      outcome: voteOutcome(ctx),
      total: count(fieldOf(turnout, "total")),
      electorate: count(fieldOf(turnout, "electorate")),
    });
  },
  "vote.proxyCast": ({ tr, actor, subject }) =>
    tr.t("auditSentence.vote.proxyCast", { actor, subject }),
  "vote.paperEntered": (ctx) => paperSentence(ctx, "auditSentence.vote.paperEntered"),
  "vote.paperConfirmed": (ctx) => paperSentence(ctx, "auditSentence.vote.paperConfirmed"),
  "vote.needsAttention": ({ tr, id }) => tr.t("auditSentence.vote.needsAttention", { id }),
  "vote.closedEarly": (ctx) =>
    withReason(
      ctx,
      ctx.tr.t("auditSentence.vote.closedEarly", { actor: ctx.actor, id: ctx.id }),
      fieldOf(ctx.entry.after, "reason"),
    ),
  "vote.extended": (ctx) =>
    withReason(
      ctx,
      ctx.tr.t("auditSentence.vote.extended", {
        actor: ctx.actor,
        id: ctx.id,
        closes: dateOf(ctx, fieldOf(ctx.entry.after, "closesAt")),
      }),
      fieldOf(ctx.entry.after, "reason"),
    ),
};

function paperSentence(ctx: Context, key: MessageKey): string {
  return ctx.tr.t(key, {
    actor: ctx.actor,
    id: ctx.id,
    label: text(fieldOf(ctx.entry.after, "label")),
    papers: count(fieldOf(ctx.entry.after, "papers")),
  });
}

function linkOf(entry: SentenceEntry): string | null {
  if (!entry.targetId || !/^\d+$/.test(entry.targetId)) return null;
  if (entry.targetType === "proposal") return `/proposals/${entry.targetId}`;
  if (entry.targetType === "vote") return `/votes/${entry.targetId}`;
  return null;
}

/** The entry as a sentence in the translator's language, with a link to what it concerned. */
export function auditSentence(
  entry: SentenceEntry,
  names: SentenceNames,
  tr: SentenceTranslator,
): AuditSentence {
  const ctx: Context = {
    entry,
    tr,
    actor: names.actor ?? tr.t("audit.platform"),
    subject: names.subject ?? tr.t("account.formerResident"),
    id: entry.targetId ?? "—",
  };
  const text = isAuditAction(entry.action)
    ? SENTENCES[entry.action](ctx)
    : tr.t("audit.unknownAct", { actor: ctx.actor });
  return { text, link: linkOf(entry) };
}

import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client";
import { communities, notificationPreferences, notifications, users } from "../../db/schema";
import { localizedName } from "~/domain/community-names";
import { paginate, type PageInfo, type PageRequest } from "~/domain/pagination";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { getTranslator } from "~/i18n/i18n.server";
import { isLocale, type Locale } from "~/i18n/locales";
import type { Mailer } from "./mail.server";
import {
  NOTIFICATION_KINDS,
  type Delivery,
  type NotificationKind,
} from "~/domain/notification-kinds";
export { NOTIFICATION_KINDS, type Delivery, type NotificationKind };

/** Email delivery when a person has not chosen: the welcome is already said by the confirmation mail. */
export const DEFAULT_DELIVERY: Record<NotificationKind, Delivery> = {
  "account.welcome": "never",
  "membership.requested": "daily",
  "membership.verified": "immediately",
  "membership.declined": "immediately",
  "role.granted": "immediately",
  "role.revoked": "immediately",
  "proposal.comment": "daily",
  "proposal.reply": "immediately",
  "proposal.status": "immediately",
  "proposal.threshold": "immediately",
  "proposal.coauthorInvited": "immediately",
  "moderation.hidden": "immediately",
  "moderation.restored": "immediately",
  "vote.opened": "immediately",
  "vote.closed": "daily",
  "vote.rescheduled": "immediately",
};

export const NOTIFICATION_MESSAGE: Record<NotificationKind, MessageKey> = {
  "account.welcome": "notification.account.welcome",
  "membership.requested": "notification.membership.requested",
  "membership.verified": "notification.membership.verified",
  "membership.declined": "notification.membership.declined",
  "role.granted": "notification.role.granted",
  "role.revoked": "notification.role.revoked",
  "proposal.comment": "notification.proposal.comment",
  "proposal.reply": "notification.proposal.reply",
  "proposal.status": "notification.proposal.status",
  "proposal.threshold": "notification.proposal.threshold",
  "proposal.coauthorInvited": "notification.proposal.coauthorInvited",
  "moderation.hidden": "notification.moderation.hidden",
  "moderation.restored": "notification.moderation.restored",
  "vote.opened": "notification.vote.opened",
  "vote.closed": "notification.vote.closed",
  "vote.rescheduled": "notification.vote.rescheduled",
};

export interface NotificationPayload {
  kind: NotificationKind;
  /** Values for the message (names, community, role …), as the recipient will read them. */
  values: Record<string, string | number>;
  /** A path on this site to act on it, e.g. /c/chunhui/members. */
  link?: string;
  /**
   * The community it is about: its name is put into `values.community` in the reader's script when
   * shown, rather than frozen in the language of whoever acted.
   */
  communitySlug?: string;
}

type Writer = Database | Transaction;

/**
 * Notifies people: one in-app notification each, written with the caller's transaction. Email goes out
 * after the act has committed (`sendPendingEmails`) or in the daily digest, per each person's choice.
 */
export async function notify(
  db: Writer,
  userIds: readonly string[],
  payload: NotificationPayload,
): Promise<number[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await db
    .insert(notifications)
    .values(unique.map((userId) => ({ userId, kind: payload.kind, payload })))
    .returning({ id: notifications.id });
  return rows.map((row) => row.id);
}

type CommunityNames = Map<
  string,
  { name: string; nameZhHant: string | null; nameEn: string | null }
>;

/** The communities named by these notifications, to show their names in each reader's script. */
async function communityNames(
  db: Database,
  payloads: NotificationPayload[],
): Promise<CommunityNames> {
  const slugs = [...new Set(payloads.flatMap((p) => (p.communitySlug ? [p.communitySlug] : [])))];
  if (slugs.length === 0) return new Map();
  const rows = await db
    .select({
      slug: communities.slug,
      name: communities.name,
      nameZhHant: communities.nameZhHant,
      nameEn: communities.nameEn,
    })
    .from(communities)
    .where(inArray(communities.slug, slugs));
  return new Map(rows.map((row) => [row.slug, row]));
}

function render(locale: Locale, payload: NotificationPayload, names: CommunityNames): string {
  const { t } = getTranslator(locale);
  const values = { ...payload.values };
  if (typeof values.role === "string") values.role = t(`role.${values.role}` as MessageKey);
  if (typeof values.status === "string")
    values.status = t(`proposalStatus.${values.status}` as MessageKey);
  if (typeof values.target === "string")
    values.target = t(`moderationTarget.${values.target}` as MessageKey);
  const community = payload.communitySlug ? names.get(payload.communitySlug) : undefined;
  if (community) values.community = localizedName(community, locale);
  return t(NOTIFICATION_MESSAGE[payload.kind], values);
}

/** Each person's email choices, for many people at once (defaults where they chose nothing). */
async function deliveriesFor(db: Database, userIds: string[]) {
  const rows =
    userIds.length === 0
      ? []
      : await db
          .select()
          .from(notificationPreferences)
          .where(inArray(notificationPreferences.userId, [...new Set(userIds)]));
  const chosen = new Map(rows.map((row) => [`${row.userId}|${row.kind}`, row.delivery]));
  return (userId: string, kind: NotificationKind): Delivery =>
    chosen.get(`${userId}|${kind}`) ?? DEFAULT_DELIVERY[kind];
}

/**
 * Marks notifications emailed and returns those this call claimed: when two senders run at once, each
 * row is emailed by exactly one of them.
 */
async function claim(db: Database, ids: number[], at: Date): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const claimed = await db
    .update(notifications)
    .set({ emailedAt: at })
    .where(and(inArray(notifications.id, ids), isNull(notifications.emailedAt)))
    .returning({ id: notifications.id });
  return new Set(claimed.map((row) => row.id));
}

const recipientColumns = {
  id: notifications.id,
  userId: notifications.userId,
  payload: notifications.payload,
  email: users.email,
  locale: users.locale,
};

/** Where immediate emails go after an act commits (left out, only in-app notices are made). */
export interface MailDelivery {
  mailer: Mailer;
  origin: string;
}

/** Sends the immediate emails of notifications made inside a transaction, once it has committed. */
export async function mailAfterCommit(
  db: Database,
  mail: MailDelivery | undefined,
  ids: readonly number[],
) {
  if (mail && ids.length > 0) await sendPendingEmails(db, mail.mailer, ids, mail.origin);
}

/** Emails the given notifications to those who want them immediately; marks them emailed. */
export async function sendPendingEmails(
  db: Database,
  mailer: Mailer,
  ids: readonly number[],
  origin: string,
) {
  if (ids.length === 0) return;
  const rows = await db
    .select(recipientColumns)
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(inArray(notifications.id, [...ids]), isNull(notifications.emailedAt)));
  const delivery = await deliveriesFor(
    db,
    rows.map((row) => row.userId),
  );
  const wanted = rows.filter(
    (row) =>
      row.email &&
      delivery(row.userId, (row.payload as NotificationPayload).kind) === "immediately",
  );
  const claimed = await claim(
    db,
    wanted.map((row) => row.id),
    new Date(),
  );
  const names = await communityNames(
    db,
    wanted.map((row) => row.payload as NotificationPayload),
  );
  for (const row of wanted.filter((r) => claimed.has(r.id))) {
    const payload = row.payload as NotificationPayload;
    const locale = isLocale(row.locale) ? row.locale : "zh-Hans";
    const { t } = getTranslator(locale);
    const message = render(locale, payload, names);
    await mailer.send({
      to: row.email!,
      subject: message,
      text: t("mail.notificationBody", {
        message,
        link: `${origin}${payload.link ?? "/notifications"}`,
      }),
    });
  }
}

/**
 * The daily digest: one email per person who chose "daily", listing what arrived since the last one.
 * Run once a day (`npm run notifications:digest`, e.g. from cron); safe to run again, and two runs at
 * once never send the same notification twice.
 */
export async function sendDailyDigests(
  db: Database,
  mailer: Mailer,
  origin: string,
  now = new Date(),
) {
  const pending = await db
    .select(recipientColumns)
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    // Everything not yet emailed: comparing with a JavaScript clock (milliseconds) would miss rows
    // that PostgreSQL stamped (microseconds) within the same millisecond.
    .where(isNull(notifications.emailedAt))
    .orderBy(notifications.id);
  const delivery = await deliveriesFor(
    db,
    pending.map((row) => row.userId),
  );
  const byUser = new Map<string, typeof pending>();
  for (const row of pending) {
    if (!row.email || delivery(row.userId, (row.payload as NotificationPayload).kind) !== "daily")
      continue;
    byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  }
  const names = await communityNames(
    db,
    [...byUser.values()].flat().map((row) => row.payload as NotificationPayload),
  );
  let sent = 0;
  for (const candidates of byUser.values()) {
    const claimed = await claim(
      db,
      candidates.map((row) => row.id),
      now,
    );
    const rows = candidates.filter((row) => claimed.has(row.id));
    const first = rows[0];
    if (!first) continue;
    const locale = isLocale(first.locale) ? first.locale : "zh-Hans";
    const { t } = getTranslator(locale);
    const lines = rows
      .map((row) => `• ${render(locale, row.payload as NotificationPayload, names)}`)
      .join("\n");
    await mailer.send({
      to: first.email!,
      subject: t("mail.digestSubject", { count: rows.length }),
      text: t("mail.digestBody", { lines, link: `${origin}/notifications` }),
    });
    sent += 1;
  }
  return { sent };
}

export async function unreadCount(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export interface NotificationItem {
  id: number;
  kind: NotificationKind;
  message: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export async function listNotifications(
  db: Database,
  userId: string,
  page: PageRequest,
  locale: Locale,
): Promise<{ items: NotificationItem[]; pageInfo: PageInfo }> {
  const [total] = await db
    .select({ n: count() })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  const pageInfo = paginate(page, total?.n ?? 0);
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(pageInfo.pageSize)
    .offset(pageInfo.offset);
  const names = await communityNames(
    db,
    rows.map((row) => row.payload as NotificationPayload),
  );
  return {
    pageInfo,
    items: rows.map((row) => {
      const payload = row.payload as NotificationPayload;
      return {
        id: row.id,
        kind: payload.kind,
        message: render(locale, payload, names),
        link: payload.link ?? null,
        createdAt: row.createdAt.toISOString(),
        read: row.readAt !== null,
      };
    }),
  };
}

/** Marks one of the person's notifications read (false when it is not theirs), or all of them. */
export async function markRead(db: Database, userId: string, id: number | "all"): Promise<boolean> {
  const where =
    id === "all"
      ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
      : and(eq(notifications.userId, userId), eq(notifications.id, id));
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(where)
    .returning({ id: notifications.id });
  return id === "all" || rows.length > 0;
}

export async function getDeliveryPreferences(
  db: Database,
  userId: string,
): Promise<Record<NotificationKind, Delivery>> {
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const chosen = Object.fromEntries(rows.map((row) => [row.kind, row.delivery]));
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, chosen[kind] ?? DEFAULT_DELIVERY[kind]]),
  ) as Record<NotificationKind, Delivery>;
}

export async function setDeliveryPreferences(
  db: Database,
  userId: string,
  preferences: Partial<Record<NotificationKind, Delivery>>,
) {
  await db.transaction(async (tx) => {
    for (const [kind, delivery] of Object.entries(preferences)) {
      await tx
        .insert(notificationPreferences)
        .values({ userId, kind, delivery })
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.kind],
          set: { delivery },
        });
    }
  });
}

import { randomBytes } from "node:crypto";
import { and, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client";
import {
  emailTokens,
  memberships,
  notificationPreferences,
  notifications,
  proposalAuthors,
  proposalFollowers,
  roleGrants,
  sessions,
  users,
} from "../../db/schema";
import { passwordProblem, type PasswordProblem } from "~/domain/passwords";
import { getTranslator } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/locales";
import { recordAudit } from "./audit.server";
import { hashPassword, normalizeEmail, verifyPassword } from "./sessions.server";
import type { Mailer } from "./mail.server";
import { notify } from "./notifications.server";
import { hashToken, newToken } from "./tokens.server";

const CONFIRM_TTL_MS = 48 * 60 * 60 * 1000;
const RESET_TTL_MS = 60 * 60 * 1000;

function newUserId(): string {
  // 80 bits, lower-case base32-ish: unguessable and readable in URLs and logs.
  return randomBytes(10).toString("base64url").toLowerCase().replace(/[-_]/g, "x");
}

async function issueToken(
  db: Database,
  userId: string,
  purpose: "confirm_email" | "reset_password",
  ttlMs: number,
) {
  const { token, hash } = newToken();
  await db.insert(emailTokens).values({
    userId,
    purpose,
    tokenHash: hash,
    expiresAt: new Date(Date.now() + ttlMs),
  });
  return token;
}

/** The condition of a one-time link that can still be used. */
function usableToken(token: string, purpose: "confirm_email" | "reset_password") {
  return and(
    eq(emailTokens.tokenHash, hashToken(token)),
    eq(emailTokens.purpose, purpose),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, new Date()),
  );
}

/**
 * Creates an account and emails a confirmation link. Does not reveal whether the address already has
 * an account (not by the answer, nor by its timing): the owner of an existing address gets a message
 * saying so instead.
 */
export async function signUp(
  db: Database,
  mailer: Mailer,
  input: { displayName: string; email: string; password: string; locale: Locale; origin: string },
): Promise<{ ok: true } | { ok: false; problem: PasswordProblem }> {
  const email = normalizeEmail(input.email);
  const problem = passwordProblem(input.password, { email });
  if (problem) return { ok: false, problem };
  const { t } = getTranslator(input.locale);
  // Hashed whether or not the account exists, so that both paths take as long.
  const passwordHash = await hashPassword(input.password);
  const id = newUserId();
  const token = await db.transaction(async (tx) => {
    // The unique index decides, even between two sign-ups with one address at the same moment.
    const inserted = await tx
      .insert(users)
      .values({
        id,
        email,
        displayName: input.displayName.trim(),
        passwordHash,
        locale: input.locale,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (inserted.length === 0) return null;
    await notify(tx, [id], { kind: "account.welcome", values: { name: input.displayName.trim() } });
    return issueToken(tx, id, "confirm_email", CONFIRM_TTL_MS);
  });
  if (!token) {
    await mailer.send({
      to: email,
      subject: t("mail.alreadyRegisteredSubject"),
      text: t("mail.alreadyRegisteredBody", { link: `${input.origin}/sign-in` }),
    });
    return { ok: true };
  }
  await mailer.send({
    to: email,
    subject: t("mail.confirmSubject"),
    text: t("mail.confirmBody", {
      name: input.displayName.trim(),
      link: `${input.origin}/confirm-email?token=${token}`,
    }),
  });
  return { ok: true };
}

/** Whether a confirmation link can still be used (the page asks before using it). */
export async function confirmTokenIsValid(db: Database, token: string): Promise<boolean> {
  const [row] = await db
    .select({ id: emailTokens.id })
    .from(emailTokens)
    .where(usableToken(token, "confirm_email"))
    .limit(1);
  return Boolean(row);
}

/**
 * Uses a confirmation link once; true when the email is now confirmed. Called from a POST: mail
 * scanners that open links must not confirm an address on their own.
 */
export async function confirmEmail(db: Database, token: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(usableToken(token, "confirm_email"))
      .returning({ userId: emailTokens.userId });
    if (!row) return false;
    await tx
      .update(users)
      .set({ emailVerifiedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(users.id, row.userId), isNull(users.emailVerifiedAt)));
    return true;
  });
}

/** Sends a new confirmation link to an unconfirmed account (silently does nothing otherwise). */
export async function resendConfirmation(
  db: Database,
  mailer: Mailer,
  emailInput: string,
  origin: string,
) {
  const email = normalizeEmail(emailInput);
  const [user] = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      locale: users.locale,
      verified: users.emailVerifiedAt,
    })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .limit(1);
  if (!user || user.verified) return;
  const token = await issueToken(db, user.id, "confirm_email", CONFIRM_TTL_MS);
  const { t } = getTranslator((user.locale as Locale | null) ?? "zh-Hans");
  await mailer.send({
    to: email,
    subject: t("mail.confirmSubject"),
    text: t("mail.confirmBody", {
      name: user.displayName ?? "",
      link: `${origin}/confirm-email?token=${token}`,
    }),
  });
}

/** Emails a reset link when the account exists; says nothing either way to the requester. */
export async function requestPasswordReset(
  db: Database,
  mailer: Mailer,
  emailInput: string,
  origin: string,
) {
  const email = normalizeEmail(emailInput);
  const [user] = await db
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .limit(1);
  if (!user) return;
  const token = await issueToken(db, user.id, "reset_password", RESET_TTL_MS);
  const { t } = getTranslator((user.locale as Locale | null) ?? "zh-Hans");
  await mailer.send({
    to: email,
    subject: t("mail.resetSubject"),
    text: t("mail.resetBody", { link: `${origin}/reset-password?token=${token}` }),
  });
}

/** Whether a reset link can still be used (to show the form or say it has expired). */
export async function resetTokenIsValid(db: Database, token: string): Promise<boolean> {
  const [row] = await db
    .select({ id: emailTokens.id })
    .from(emailTokens)
    .where(usableToken(token, "reset_password"))
    .limit(1);
  return Boolean(row);
}

/**
 * Sets a new password from a reset link (used once), confirms the email (the link proved it) and
 * signs the account out everywhere.
 */
export async function resetPassword(
  db: Database,
  token: string,
  password: string,
): Promise<"ok" | "invalid" | PasswordProblem> {
  const valid = usableToken(token, "reset_password");
  const [pending] = await db
    .select({ userId: emailTokens.userId, email: users.email })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(valid)
    .limit(1);
  if (!pending) return "invalid";
  // A refused password leaves the link usable, so the person can try another.
  const problem = passwordProblem(password, { email: pending.email ?? undefined });
  if (problem) return problem;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(valid)
      .returning({ userId: emailTokens.userId });
    if (!used) return "invalid";
    const now = new Date();
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, used.userId));
    await tx
      .update(users)
      .set({ emailVerifiedAt: now })
      .where(and(eq(users.id, used.userId), isNull(users.emailVerifiedAt)));
    await tx.delete(sessions).where(eq(sessions.userId, used.userId));
    await retireResetLinks(tx, used.userId);
    return "ok";
  });
}

/** Any other reset link still in someone's mailbox stops working once the password has changed. */
async function retireResetLinks(tx: Transaction, userId: string) {
  await tx
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(emailTokens.userId, userId),
        eq(emailTokens.purpose, "reset_password"),
        isNull(emailTokens.usedAt),
      ),
    );
}

/** Changes the password after checking the current one; other sessions are signed out. */
export async function changePassword(
  db: Database,
  input: { userId: string; currentSessionId: string; current: string; next: string },
): Promise<"ok" | "wrongCurrent" | PasswordProblem> {
  const [user] = await db
    .select({ passwordHash: users.passwordHash, email: users.email })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.current)))
    return "wrongCurrent";
  const problem = passwordProblem(input.next, { email: user.email ?? undefined });
  if (problem) return problem;
  const passwordHash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(users.id, input.userId));
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, input.userId), ne(sessions.id, input.currentSessionId)));
    await retireResetLinks(tx, input.userId);
  });
  return "ok";
}

/** Saves the account's name, language and care mode. */
export async function updateProfile(
  db: Database,
  userId: string,
  input: { displayName: string; locale: Locale | null; careMode: boolean },
) {
  await db
    .update(users)
    .set({
      displayName: input.displayName.trim(),
      locale: input.locale,
      careMode: input.careMode,
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId));
}

export { exportPersonalData } from "./personal-data/index.server";

/**
 * Deletes an account after checking the password: personal data is erased, sessions end, roles and
 * memberships end; what the person contributed stays, shown as by "former resident". What each
 * table keeps is listed in personal-data/ (`SECTIONS`, `fate`), which the data page shows.
 */
export async function deleteAccount(
  db: Database,
  userId: string,
  password: string,
): Promise<"ok" | "wrongPassword"> {
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password)))
    return "wrongPassword";
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        email: null,
        displayName: null,
        passwordHash: null,
        locale: null,
        emailVerifiedAt: null,
        deletedAt: now,
        updatedAt: now,
      })
      .where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.delete(emailTokens).where(eq(emailTokens.userId, userId));
    await tx.delete(notifications).where(eq(notifications.userId, userId));
    await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
    await tx.delete(proposalFollowers).where(eq(proposalFollowers.userId, userId));
    await tx
      .delete(proposalAuthors)
      .where(and(eq(proposalAuthors.userId, userId), isNull(proposalAuthors.acceptedAt)));
    await tx
      .update(memberships)
      .set({ status: "left" })
      .where(
        and(eq(memberships.userId, userId), inArray(memberships.status, ["pending", "verified"])),
      );
    // Where the person lived stays on record (votes counted them); the flat and the note do not.
    await tx
      .update(memberships)
      .set({ unit: null, note: null })
      .where(eq(memberships.userId, userId));
    // Each role ends with its own audit row, so each community's log shows it.
    const ended = await tx
      .update(roleGrants)
      .set({ revokedAt: now, revokedById: userId })
      .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt)))
      .returning({ id: roleGrants.id, role: roleGrants.role, communityId: roleGrants.communityId });
    for (const grant of ended) {
      await recordAudit(tx, {
        actorId: userId,
        action: "role.revoked",
        communityId: grant.communityId,
        targetType: "user",
        targetId: userId,
        before: { role: grant.role, grantId: grant.id },
        after: { reason: "account.deleted" },
      });
    }
    await recordAudit(tx, {
      actorId: userId,
      action: "account.deleted",
      communityId: null,
      targetType: "user",
      targetId: userId,
      before: null,
      after: null,
    });
  });
  return "ok";
}

import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { hash, verify } from "@node-rs/argon2";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { generateIdFromEntropySize, Lucia, TimeSpan, type Session } from "lucia";
import type { Database } from "../../db/client";
import { sessions, users } from "../../db/schema";
import { isLocale, type Locale } from "~/i18n/locales";
import type { RateLimits } from "./rate-limit.server";
import { hashToken } from "./tokens.server";

/** The signed-in person as loaders see them. */
export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  locale: Locale | null;
  careMode: boolean;
}

declare module "lucia" {
  interface Register {
    Lucia: Lucia<Record<never, never>, DatabaseUserAttributes>;
    DatabaseUserAttributes: DatabaseUserAttributes;
    DatabaseSessionAttributes: { userAgent: string | null; ipAddress: string | null };
  }
}
interface DatabaseUserAttributes {
  email: string | null;
  displayName: string | null;
  emailVerifiedAt: Date | null;
  locale: string | null;
  careMode: boolean;
}

export const SESSION_COOKIE = "yishi_session";

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

/** A hash to verify against when the account does not exist, so timing does not reveal that. */
let decoyHash: Promise<string> | undefined;

const instances = new WeakMap<Database, Map<boolean, Lucia>>();

/** The Lucia instance for this database; `secure` sets the cookie's Secure flag (TLS). */
export function auth(db: Database, secure: boolean): Lucia {
  let bySecure = instances.get(db);
  if (!bySecure) {
    bySecure = new Map();
    instances.set(db, bySecure);
  }
  let lucia = bySecure.get(secure);
  if (!lucia) {
    lucia = new Lucia(new DrizzlePostgreSQLAdapter(db, sessions, users), {
      sessionExpiresIn: new TimeSpan(30, "d"),
      sessionCookie: { name: SESSION_COOKIE, attributes: { secure, sameSite: "lax" } },
      getUserAttributes: (attributes) => attributes,
    });
    bySecure.set(secure, lucia);
  }
  return lucia;
}

function toSessionUser(id: string, attributes: DatabaseUserAttributes): SessionUser | null {
  if (!attributes.email || !attributes.displayName) return null;
  return {
    id,
    email: attributes.email,
    displayName: attributes.displayName,
    emailVerified: attributes.emailVerifiedAt !== null,
    locale: isLocale(attributes.locale) ? attributes.locale : null,
    careMode: attributes.careMode,
  };
}

/**
 * Reads the session cookie. Returns the user and session, and a `Set-Cookie` value when the cookie
 * must change (extended when half used, or cleared when invalid).
 */
export async function validateSessionCookie(
  db: Database,
  secure: boolean,
  cookieHeader: string | undefined,
): Promise<{ user: SessionUser | null; session: Session | null; setCookie: string | null }> {
  const lucia = auth(db, secure);
  const token = lucia.readSessionCookie(cookieHeader ?? "");
  if (!token) return { user: null, session: null, setCookie: null };
  const { session, user } = await lucia.validateSession(sessionIdOf(token));
  if (!session || !user) {
    return { user: null, session: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  const sessionUser = toSessionUser(user.id, user);
  if (!sessionUser) {
    await lucia.invalidateSession(session.id);
    return { user: null, session: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  return {
    user: sessionUser,
    session,
    setCookie: session.fresh ? lucia.createSessionCookie(token).serialize() : null,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type SignInResult =
  | { ok: true; setCookie: string; userId: string }
  | { ok: false; reason: "invalid" | "unconfirmed" }
  | { ok: false; reason: "limited"; retryAfter: number };

/**
 * Checks the password and opens a session. Limited per address and per account: failures count
 * against the account, so guessing one person's password from many addresses is slowed too.
 */
export async function signIn(
  db: Database,
  limits: RateLimits,
  input: { email: string; password: string; ip: string; userAgent: string | null; secure: boolean },
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  // Every attempt is counted before the password is checked, so a burst of parallel guesses cannot
  // slip through while argon2 runs. Per account and address (so a guesser elsewhere cannot lock the
  // owner out), and per account from anywhere with a higher cap.
  const wait =
    (await limits.consume("signInIp", input.ip)) ??
    (await limits.consume("signInAccount", `${email}|${input.ip}`)) ??
    (await limits.consume("signInAccountAll", email));
  if (wait) return { ok: false, reason: "limited", retryAfter: wait };

  const [user] = await db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      emailVerifiedAt: users.emailVerifiedAt,
    })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .limit(1);
  decoyHash ??= hashPassword("decoy password that never matches");
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), input.password);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  if (!user.emailVerifiedAt) return { ok: false, reason: "unconfirmed" };
  await limits.reset("signInAccount", `${email}|${input.ip}`);
  const setCookie = await openSession(db, input.secure, user.id, {
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    ipAddress: input.ip,
  });
  return { ok: true, setCookie, userId: user.id };
}

/**
 * The session id stored for a cookie's token: its SHA-256, as Lucia's guide recommends, so that a
 * leaked sessions table (a backup, a replica) holds nothing that signs anyone in.
 */
export function sessionIdOf(token: string): string {
  return hashToken(token);
}

/** Opens a session for the person; returns the cookie that carries its token (never stored). */
export async function openSession(
  db: Database,
  secure: boolean,
  userId: string,
  attributes: { userAgent: string | null; ipAddress: string | null },
): Promise<string> {
  const lucia = auth(db, secure);
  // 25 bytes of entropy (200 bits), base32: Lucia's own size for session ids.
  const token = generateIdFromEntropySize(25);
  await lucia.createSession(userId, attributes, { sessionId: sessionIdOf(token) });
  return lucia.createSessionCookie(token).serialize();
}

/** Ends the session; returns the cookie that clears it in the browser. */
export async function signOut(
  db: Database,
  sessionId: string | null,
  secure: boolean,
): Promise<string> {
  const lucia = auth(db, secure);
  if (sessionId) await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}

/**
 * What pages show and forms post to name a session: a hash of its id (itself the hash of the cookie's
 * token), so that pages never show what the database stores.
 */
export function publicSessionId(sessionId: string): string {
  return hashToken(sessionId).slice(0, 32);
}

export interface SessionSummary {
  /** The public id (see `publicSessionId`), never the session id. */
  id: string;
  createdAt: string;
  expiresAt: string;
  userAgent: string | null;
  ipAddress: string | null;
  current: boolean;
}

/** The person's open sessions (devices), newest first. */
export async function listSessions(
  db: Database,
  userId: string,
  currentId: string,
): Promise<SessionSummary[]> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.createdAt));
  return rows.map((row) => ({
    id: publicSessionId(row.id),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    userAgent: row.userAgent,
    ipAddress: row.ipAddress,
    current: row.id === currentId,
  }));
}

/** Revokes one of the person's own sessions; false when there is no such session of theirs. */
export async function revokeSession(
  db: Database,
  userId: string,
  publicId: string,
): Promise<string | null> {
  const own = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, userId));
  const match = own.find((session) => publicSessionId(session.id) === publicId);
  if (!match) return null;
  await db.delete(sessions).where(and(eq(sessions.id, match.id), eq(sessions.userId, userId)));
  return match.id;
}

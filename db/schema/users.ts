import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  integer,
} from "drizzle-orm/pg-core";

/**
 * A person with an account. Deleting an account erases the personal data (email, name, password) and
 * keeps the row, so that contributions stay attributed to "former resident".
 */
export const users = pgTable(
  "users",
  {
    id: text().primaryKey(),
    /** Lower-cased; null once the account is deleted. */
    email: text(),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    displayName: text("display_name"),
    passwordHash: text("password_hash"),
    /** Preferred interface language (zh-Hans, zh-Hant, en), or null to follow the browser. */
    locale: text(),
    careMode: boolean("care_mode").notNull().default(false),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_unique")
      .on(t.email)
      .where(sql`${t.email} is not null`),
  ],
);

/** Lucia sessions, with what a person needs to recognise and revoke them. */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    userAgent: text("user_agent"),
    ipAddress: text("ip_address"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const emailTokenPurpose = pgEnum("email_token_purpose", ["confirm_email", "reset_password"]);

/** One-time links sent by email; only a hash of the token is stored. */
export const emailTokens = pgTable(
  "email_tokens",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: emailTokenPurpose().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("email_tokens_user_idx").on(t.userId, t.purpose)],
);

export type User = typeof users.$inferSelect;

/**
 * What the platform holds about one person, and what becomes of it when they delete their account.
 *
 * The export is a list of sections, one per way a table names a person (each foreign key to
 * `users.id`); `personReferences()` walks the schema for those keys, and a test checks that the
 * sections cover every one of them, so a new table cannot be forgotten. A section reads only the
 * person's own part of a row: where they acted on another person's record (a membership they
 * decided, a role they granted), the other person is left out.
 *
 * Each section also says what account deletion does to it (`fate`), grouped under a category the
 * data page explains; tests/integration/personal-data.test.ts checks that deletion really does it.
 *
 * Secret ballots are not here by design: the ballot box holds nothing that links a ballot to its voter
 * (see db/schema/votes.ts); the voter roll says that and when the person voted.
 */
import { eq, is, type Column } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../../../db/client";
import * as schema from "../../../db/schema";
import { users } from "../../../db/schema";
import { ACT_SECTIONS } from "./act-sections.server";
import { OWN_SECTIONS, type Section } from "./sections.server";
export { DELETION_CATEGORIES } from "./sections.server";
export type { DeletionCategory, Fate, Section } from "./sections.server";

/** A column naming a person, as "table.column" (SQL names). */
export type PersonReference = `${string}.${string}`;

/** Every column of the schema with a foreign key to `users.id`, sorted. */
export function personReferences(): PersonReference[] {
  const found = new Set<PersonReference>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    for (const key of config.foreignKeys) {
      const reference = key.reference();
      if (getTableConfig(reference.foreignTable).name !== "users") continue;
      for (const column of reference.columns) found.add(`${config.name}.${column.name}`);
    }
  }
  return [...found].sort();
}

function referenceOf(column: Column): PersonReference {
  return `${getTableConfig(column.table as PgTable).name}.${column.name}`;
}

/** The sections of the export, in the order the summary shows them. */
export const SECTIONS: readonly Section[] = [...OWN_SECTIONS, ...ACT_SECTIONS];

/** The person-naming columns the export's sections cover, as "table.column". */
export function coveredReferences(): PersonReference[] {
  return SECTIONS.flatMap((section) => section.covers.map(referenceOf)).sort();
}

export interface PersonalData {
  exportedAt: string;
  account: {
    id: string;
    email: string | null;
    emailVerifiedAt: Date | null;
    displayName: string | null;
    locale: string | null;
    careMode: boolean;
    createdAt: Date;
  };
  /** One list per section of `SECTIONS`, under its key. */
  sections: Record<string, Array<Record<string, unknown>>>;
}

/**
 * Everything the platform holds about one person (the right to know extends to oneself): the account
 * and one list per section. Null when there is no such account.
 */
export async function exportPersonalData(
  db: Database,
  userId: string,
): Promise<PersonalData | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const lists = await Promise.all(SECTIONS.map((section) => section.read(db, userId)));
  return {
    exportedAt: new Date().toISOString(),
    account: {
      id: user.id,
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt,
      displayName: user.displayName,
      locale: user.locale,
      careMode: user.careMode,
      createdAt: user.createdAt,
    },
    sections: Object.fromEntries(SECTIONS.map((section, i) => [section.key, lists[i]!])),
  };
}

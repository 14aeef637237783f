import { eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { users } from "../../db/schema";
import { isLocale, type Locale } from "~/i18n/locales";

/** A person's remembered interface choices, applied to a device when they sign in. */
export async function findUserPreferences(
  db: Database,
  userId: string,
): Promise<{ locale: Locale | null; careMode: boolean } | null> {
  const [row] = await db
    .select({ locale: users.locale, careMode: users.careMode })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) return null;
  return { locale: isLocale(row.locale) ? row.locale : null, careMode: row.careMode };
}

/** Display names by id, for showing who did what (deleted accounts are absent: "former resident"). */
export async function displayNames(
  db: Database,
  ids: Array<string | null>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(
    rows.flatMap((row) => (row.displayName ? [[row.id, row.displayName] as const] : [])),
  );
}

/** Remembers one interface choice on the account (language or care mode). */
export async function savePreference(
  db: Database,
  userId: string,
  preference: { locale: Locale } | { careMode: boolean },
) {
  await db
    .update(users)
    .set({ ...preference, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

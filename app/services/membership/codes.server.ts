/**
 * One-time household codes for door-to-door visits. Owns `household_codes`; a used code admits its
 * user as a verified resident.
 */
import { randomInt } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { communities, householdCodes, memberships } from "../../../db/schema";
import { recordAudit } from "../audit.server";
import { notify, sendPendingEmails } from "../notifications.server";
import type { Mailer } from "../mail.server";
import { keyedHash } from "../tokens.server";
import { grantResident } from "./requests.server";

// Codes are read aloud and typed on phones: no 0/O, 1/I/L.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Normalises what a person typed: case, spaces and dashes do not matter. */
function normalizeHouseholdCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

function newHouseholdCode(): string {
  const chars = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

/**
 * Issues one-time household codes for door-to-door visits. The codes are returned once, to print;
 * only their hashes are kept.
 */
export async function issueHouseholdCodes(
  db: Database,
  input: {
    communityId: number;
    buildingId: number | null;
    createdById: string;
    count: number;
    /** The server's secret (SESSION_SECRET): codes are stored as keyed hashes. */
    secret: string;
  },
): Promise<{ codes: string[]; expiresAt: string }> {
  const expiresAt = new Date(Date.now() + CODE_TTL_MS);
  const codes = Array.from({ length: input.count }, newHouseholdCode);
  await db.transaction(async (tx) => {
    await tx.insert(householdCodes).values(
      codes.map((code) => ({
        communityId: input.communityId,
        buildingId: input.buildingId,
        codeHash: keyedHash(normalizeHouseholdCode(code), input.secret),
        createdById: input.createdById,
        expiresAt,
      })),
    );
    await recordAudit(tx, {
      actorId: input.createdById,
      action: "household_codes.issued",
      communityId: input.communityId,
      targetType: "community",
      targetId: String(input.communityId),
      before: null,
      after: {
        count: input.count,
        buildingId: input.buildingId,
        expiresAt: expiresAt.toISOString(),
      },
    });
  });
  return { codes, expiresAt: expiresAt.toISOString() };
}

/**
 * Uses a household code: the person becomes a verified resident of the code's community at once.
 * A code works once and until it expires.
 */
export async function redeemHouseholdCode(
  db: Database,
  mailer: Mailer,
  origin: string,
  input: { userId: string; code: string; secret: string },
): Promise<
  { ok: true; communitySlug: string } | { ok: false; reason: "invalid" | "alreadyMember" }
> {
  const result = await db.transaction(async (tx) => {
    const [code] = await tx
      .select()
      .from(householdCodes)
      .where(
        and(
          eq(householdCodes.codeHash, keyedHash(normalizeHouseholdCode(input.code), input.secret)),
          isNull(householdCodes.usedAt),
          gt(householdCodes.expiresAt, new Date()),
        ),
      )
      .for("update");
    if (!code) return { ok: false as const, reason: "invalid" as const };
    const [community] = await tx
      .select()
      .from(communities)
      .where(eq(communities.id, code.communityId));
    if (!community) return { ok: false as const, reason: "invalid" as const };
    const inserted = await tx
      .insert(memberships)
      .values({
        userId: input.userId,
        communityId: code.communityId,
        buildingId: code.buildingId,
        status: "verified",
        via: "household_code",
        decidedById: code.createdById,
        decidedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    const membership = inserted[0];
    if (!membership) {
      // An open request is superseded by the code; an existing verified membership is left alone.
      const [pending] = await tx
        .update(memberships)
        .set({
          status: "verified",
          via: "household_code",
          decidedById: code.createdById,
          decidedAt: new Date(),
        })
        .where(
          and(
            eq(memberships.userId, input.userId),
            eq(memberships.communityId, code.communityId),
            eq(memberships.status, "pending"),
          ),
        )
        .returning({ id: memberships.id });
      if (!pending) return { ok: false as const, reason: "alreadyMember" as const };
    }
    await tx
      .update(householdCodes)
      .set({ usedAt: new Date(), usedById: input.userId })
      .where(eq(householdCodes.id, code.id));
    await grantResident(tx, input.userId, code.communityId, code.createdById);
    const ids = await notify(tx, [input.userId], {
      kind: "membership.verified",
      values: { community: community.name, reason: "—" },
      link: `/c/${community.slug}`,
      communitySlug: community.slug,
    });
    await recordAudit(tx, {
      actorId: input.userId,
      action: "membership.verified_by_code",
      communityId: code.communityId,
      targetType: "user",
      targetId: input.userId,
      before: null,
      after: { householdCodeId: code.id },
    });
    return { ok: true as const, communitySlug: community.slug, ids };
  });
  if (!result.ok) return result;
  await sendPendingEmails(db, mailer, result.ids, origin);
  return { ok: true, communitySlug: result.communitySlug };
}

/**
 * One-time household codes for door-to-door visits. Owns `household_codes`; a used code admits its
 * user as a verified resident.
 */
import { randomInt } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { householdCodes, type Community } from "../../../db/schema";
import { can, mayRedeemHouseholdCode, type Actor } from "~/domain/policy";
import { commitAct, type ActOutcome } from "../acts.server";
import { communityResource, findCommunityById } from "../communities.server";
import type { MailDelivery } from "../notifications.server";
import { keyedHash } from "../tokens.server";
import { admitWithCode } from "./requests.server";

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
 * Issues one-time household codes for door-to-door visits (`household_code.issue` at the community).
 * The codes are returned once, to print; only their hashes are kept.
 */
export async function issueHouseholdCodes(
  db: Database,
  actor: Actor,
  input: {
    community: Community;
    buildingId: number | null;
    count: number;
    /** The server's secret (SESSION_SECRET): codes are stored as keyed hashes. */
    secret: string;
  },
): Promise<ActOutcome<{ codes: string[]; expiresAt: string }, "forbidden">> {
  if (!can(actor, "household_code.issue", await communityResource(db, input.community)))
    return { ok: false, reason: "forbidden" };
  const communityId = input.community.id;
  const expiresAt = new Date(Date.now() + CODE_TTL_MS);
  const codes = Array.from({ length: input.count }, newHouseholdCode);
  return commitAct(db, undefined, async (act) => {
    await act.tx.insert(householdCodes).values(
      codes.map((code) => ({
        communityId,
        buildingId: input.buildingId,
        codeHash: keyedHash(normalizeHouseholdCode(code), input.secret),
        createdById: actor.id,
        expiresAt,
      })),
    );
    await act.audit({
      actorId: actor.id,
      action: "household_codes.issued",
      communityId,
      targetType: "community",
      targetId: String(communityId),
      before: null,
      after: {
        count: input.count,
        buildingId: input.buildingId,
        expiresAt: expiresAt.toISOString(),
      },
    });
    return { codes, expiresAt: expiresAt.toISOString() };
  });
}

export type RedeemRefusal = "forbidden" | "invalid" | "alreadyMember";

/**
 * The actor uses a household code (`mayRedeemHouseholdCode`: a verified email) and becomes a verified
 * resident of the code's community at once. A code works once and until it expires.
 */
export async function redeemHouseholdCode(
  db: Database,
  mail: MailDelivery | undefined,
  actor: Actor,
  input: { code: string; secret: string },
): Promise<ActOutcome<{ communitySlug: string }, RedeemRefusal>> {
  if (!mayRedeemHouseholdCode(actor)) return { ok: false, reason: "forbidden" };
  return commitAct<{ communitySlug: string }, RedeemRefusal>(db, mail, async (act) => {
    const [code] = await act.tx
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
    if (!code) return act.refuse("invalid");
    const community = await findCommunityById(act.tx, code.communityId);
    if (!community) return act.refuse("invalid");
    const admitted = await admitWithCode(act.tx, {
      userId: actor.id,
      communityId: code.communityId,
      buildingId: code.buildingId,
      issuedById: code.createdById,
    });
    if (!admitted) return act.refuse("alreadyMember");
    await act.tx
      .update(householdCodes)
      .set({ usedAt: new Date(), usedById: actor.id })
      .where(eq(householdCodes.id, code.id));
    await act.notify([actor.id], {
      kind: "membership.verified",
      values: { community: community.name, reason: "—" },
      link: `/c/${community.slug}`,
      communitySlug: community.slug,
    });
    await act.audit({
      actorId: actor.id,
      action: "membership.verified_by_code",
      communityId: code.communityId,
      targetType: "user",
      targetId: actor.id,
      before: null,
      after: { householdCodeId: code.id },
    });
    return { communitySlug: community.slug };
  });
}

/**
 * Casting by proxy (`vote.proxy`, at the resident's community): a grid worker records a listed
 * resident's ballot with the resident's consent; the roll keeps who cast it and the consent note,
 * the audit log records the act (never the content). The receipt goes to the resident on paper.
 * Writes through `./cast.server.ts` (`vote_voters`, `vote_ballots`, `vote_open_ballots`); reads
 * `role_grants` for where the resident lives.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { communities, roleGrants } from "../../../db/schema";
import { mayProxyFor, type Actor, type CommunityResource } from "~/domain/policy";
import type { LiveDocuments } from "~/lib/live-documents";
import { communityResource } from "../communities.server";
import { cast, type CastResult } from "./cast.server";
import type { VoteRecord } from "./record.server";

export const CONSENT_NOTE_LIMIT = 1000;

/** The nodes a resident lives in (their current resident roles): facts for `mayProxyFor`. */
async function residentHomes(db: Database, voterId: string): Promise<CommunityResource[]> {
  const homes = await db
    .select({ community: communities })
    .from(roleGrants)
    .innerJoin(communities, eq(communities.id, roleGrants.communityId))
    .where(
      and(
        eq(roleGrants.userId, voterId),
        eq(roleGrants.role, "resident"),
        isNull(roleGrants.revokedAt),
      ),
    );
  return Promise.all(homes.map((home) => communityResource(db, home.community)));
}

/**
 * A grid worker (or committee member) records the ballot of a listed resident who cannot use the
 * site, with the resident's consent noted. A secret vote's receipt is returned for the resident.
 */
export async function castByProxy(
  db: Database,
  documents: LiveDocuments,
  vote: VoteRecord,
  actor: Actor | null,
  input: { voterId: string; content: unknown; consentNote: string; receipt?: string | null },
  now: Date = new Date(),
): Promise<CastResult> {
  if (!actor) return { ok: false, reason: "notSignedIn" };
  if (!actor.emailVerified) return { ok: false, reason: "emailNotVerified" };
  if (input.voterId === actor.id) return { ok: false, reason: "selfProxy" };
  const voterHomes = await residentHomes(db, input.voterId);
  if (!mayProxyFor(actor, { vote, voterHomes })) return { ok: false, reason: "notAllowed" };
  const note = input.consentNote.trim();
  if (note.length === 0 || note.length > CONSENT_NOTE_LIMIT)
    return { ok: false, reason: "consentRequired" };
  return cast(
    db,
    documents,
    vote,
    { voterId: input.voterId, castBy: actor.id, consentNote: note },
    input,
    now,
  );
}

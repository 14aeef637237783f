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
import { can, type Actor } from "~/domain/policy";
import type { LiveDocuments } from "~/lib/live-documents";
import { communityResource, subtreeIds } from "../communities.server";
import { cast, type CastResult } from "./cast.server";
import type { VoteRecord } from "./record.server";

export const CONSENT_NOTE_LIMIT = 1000;

/** Whether the actor may record ballots by proxy somewhere in the vote's area (to show the page). */
export async function mayProxy(
  db: Database,
  actor: Actor | null,
  vote: VoteRecord,
): Promise<boolean> {
  if (!actor?.emailVerified) return false;
  if (can(actor, "vote.proxy", vote.resource)) return true;
  const area = new Set(await subtreeIds(db, vote.row.communityId));
  return actor.roles.some(
    (h) => ["grid_worker", "committee", "admin"].includes(h.role) && area.has(h.communityId),
  );
}

/** May the actor act for this resident: `vote.proxy` where the resident lives (or at the vote's node)? */
async function mayProxyFor(
  db: Database,
  actor: Actor,
  vote: VoteRecord,
  voterId: string,
): Promise<boolean> {
  if (can(actor, "vote.proxy", vote.resource)) return true;
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
  for (const home of homes) {
    if (can(actor, "vote.proxy", await communityResource(db, home.community))) return true;
  }
  return false;
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
  if (!(await mayProxyFor(db, actor, vote, input.voterId)))
    return { ok: false, reason: "notAllowed" };
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

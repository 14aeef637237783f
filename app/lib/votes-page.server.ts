/**
 * What the vote pages share: finding the vote named in the URL (as stored, its status derived from
 * the times: a page never opens or closes a vote, the vote clock does), what a page shows of it, and
 * the ballot form's spec and rules.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { Locale } from "~/i18n/locales";
import { localizedName } from "~/services/communities.server";
import { loadVote, type VoteRecord } from "~/services/votes/index.server";
import { notFound } from "./refusal";
import type { BallotRules } from "./votes-ballot";

/** The vote with the id in the URL, or a 404. */
export async function requireVote(
  context: AppLoadContext,
  id: string | undefined,
  now: Date = new Date(),
): Promise<VoteRecord> {
  const record = id && /^\d{1,10}$/.test(id) ? await loadVote(context.db, Number(id), now) : null;
  if (!record) throw notFound("vote");
  return record;
}

/** What the pages show of a vote (serialisable). */
export function voteSummary(record: VoteRecord, locale: Locale) {
  const { row, community } = record;
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    method: row.method,
    settings: row.settings,
    secret: row.secret,
    showRunning: row.showRunning && !row.secret,
    opensAt: row.opensAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    status: record.status,
    electorateSize: row.electorateSize,
    /** "cancelled" when the proposal had left deliberation by the opening time. */
    cancelled: row.outcome === "cancelled",
    options: record.options.map((option) => ({
      id: option.id,
      label: option.label,
      description: option.description,
      cost: option.cost,
    })),
    proposal: record.proposal,
    community: {
      slug: community.slug,
      name: localizedName(community, locale),
      timeZone: community.timeZone,
    },
  };
}
export type VoteSummary = ReturnType<typeof voteSummary>;

/** What the ballot form is read against. */
export function ballotRules(record: VoteRecord): BallotRules {
  return {
    method: record.row.method,
    optionIds: record.options.map((option) => option.id),
    maxApprovals: record.row.settings.maxApprovals ?? null,
    budget: record.row.settings.budget ?? null,
    maxProjects: record.row.settings.maxProjects ?? null,
    costs: Object.fromEntries(record.options.map((option) => [option.id, option.cost ?? 0])),
  };
}

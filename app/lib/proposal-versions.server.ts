import type { AppLoadContext } from "@remix-run/node";
import { MAX_PAGE_SIZE } from "~/domain/pagination";
import type { Locale } from "~/i18n/locales";
import { localizedName } from "~/services/communities.server";
import { mayReadHidden, mayView } from "~/domain/policy";
import { listVersions, loadProposal, type ProposalRecord } from "~/services/proposals/index.server";
import type { VersionChoice } from "~/components/proposals/versions";

/**
 * The proposal named in the URL, when this person may read its versions; 404 otherwise (no such
 * proposal, a draft they may not see, or a hidden one whose text they may not read), so that the
 * answer never tells whether a draft exists.
 */
export async function requireVersionedProposal(
  context: AppLoadContext,
  id: string | undefined,
): Promise<ProposalRecord> {
  const record = id && /^\d{1,10}$/.test(id) ? await loadProposal(context.db, Number(id)) : null;
  if (
    !record ||
    !mayView(context.actor, record.context) ||
    (record.context.hidden && !mayReadHidden(context.actor, record.context))
  )
    throw new Response(null, { status: 404, statusText: "Not Found" });
  return record;
}

/** What the version pages show about the proposal itself (for the heading and links back). */
export function proposalHeader(record: ProposalRecord, locale: Locale) {
  return {
    id: record.context.id,
    title: record.row.title,
    language: record.row.language,
    status: record.context.status,
    communitySlug: record.community.slug,
    communityName: localizedName(record.community, locale),
    timeZone: record.community.timeZone,
  };
}

/** A version number from the URL, or null when it is not one. */
export function parseVersionNumber(value: string | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  const number = Number(value);
  return number >= 1 ? number : null;
}

/**
 * Every version to choose from in the compare form, newest first. Versions are numbered 1, 2, 3 …
 * without gaps and never deleted, so the count is the latest number; the newest hundred carry their
 * reason, older ones only their number.
 */
export async function versionChoices(
  context: AppLoadContext,
  proposalId: number,
): Promise<{ latest: number; choices: VersionChoice[] }> {
  const { items, pageInfo } = await listVersions(context.db, proposalId, {
    page: 1,
    pageSize: MAX_PAGE_SIZE,
  });
  const latest = Math.max(pageInfo.total, items[0]?.number ?? 0);
  const known = new Map(items.map((item) => [item.number, item]));
  const choices: VersionChoice[] = [];
  for (let number = latest; number >= 1; number--) {
    const item = known.get(number);
    choices.push(
      item
        ? { number, reason: item.reason, name: item.name, status: item.status }
        : { number, reason: null, name: null, status: null },
    );
  }
  return { latest, choices };
}

/**
 * Facts about proposals that every layer shares: categories, stances, limits, and how a community's
 * support threshold resolves to a number. Pure.
 */
import type { ProposalStatus } from "./proposal-lifecycle";

export const PROPOSAL_CATEGORIES = [
  "facilities", // 公共设施: lifts, ramps, lighting
  "environment", // 环境卫生: rubbish sorting, greening
  "traffic", // 交通停车: parking, charging points
  "safety", // 安全: fire exits, cameras
  "elderly", // 养老助老
  "children", // 儿童友好
  "culture", // 文体活动
  "governance", // 社区事务: rules, property management
  "other",
] as const;
export type ProposalCategory = (typeof PROPOSAL_CATEGORIES)[number];

/** The orders a proposal list can take. */
export const PROPOSAL_SORTS = ["newest", "supported", "discussed"] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

/** A proposal as a list shows it (a `listProposals` item; dates as ISO strings). */
export interface ProposalListItem {
  id: number;
  title: string;
  summary: string;
  status: ProposalStatus;
  category: string;
  /** The script the text is written in, for the `lang` attribute (screen readers, fonts). */
  language: string;
  communitySlug: string;
  communityName: string;
  supportCount: number;
  commentCount: number;
  /** ISO date: when it was published (or raised). */
  createdAt: string;
}

/** Longer search text is cut here: nobody types more, and the query stays cheap. */
export const MAX_QUERY_LENGTH = 100;

export const STANCES = ["support", "oppose", "neutral", "question"] as const;
export type Stance = (typeof STANCES)[number];

export const CONTENT_LANGUAGES = ["zh-Hans", "zh-Hant", "en"] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

export const LIMITS = {
  title: 200,
  summary: 1_000,
  /** The plain-text body typed into the form that raises a proposal (the live editor has its own). */
  body: 20_000,
  comment: 5_000,
  reason: 500,
  versionName: 100,
} as const;

/** A comment may be edited by its author for this long after it was posted. */
export const COMMENT_EDIT_WINDOW_MS = 15 * 60 * 1000;

/** When a community has set no threshold. */
export const DEFAULT_SUPPORT_THRESHOLD = 5;

/**
 * The number of supports a proposal needs before the committee may take it up: a fixed number, or a
 * share (in percent) of the community's verified residents, rounded up; the larger when both are set;
 * never less than 1.
 */
export function resolveSupportThreshold(setting: {
  count: number | null;
  percent: number | null;
  verifiedResidents: number;
}): number {
  const byCount = setting.count ?? 0;
  const byShare =
    setting.percent === null ? 0 : Math.ceil((setting.percent * setting.verifiedResidents) / 100);
  if (setting.count === null && setting.percent === null) return DEFAULT_SUPPORT_THRESHOLD;
  return Math.max(1, byCount, byShare);
}

/** Whether a comment posted at `createdAt` may still be edited at `now`. */
export function commentEditable(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() <= COMMENT_EDIT_WINDOW_MS;
}

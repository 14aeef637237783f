/**
 * The community tree: city > district > street > community > grid > building.
 * Pure rules about levels; no I/O.
 */
export const COMMUNITY_LEVELS = [
  "city",
  "district",
  "street",
  "community",
  "grid",
  "building",
] as const;

export type CommunityLevel = (typeof COMMUNITY_LEVELS)[number];

/** The level directly below `level`, or null for a building (a leaf). */
export function childLevelOf(level: CommunityLevel): CommunityLevel | null {
  const index = COMMUNITY_LEVELS.indexOf(level);
  return COMMUNITY_LEVELS[index + 1] ?? null;
}

/** Whether a node of level `child` may sit directly under a node of level `parent` (null: the root). */
export function mayBeChildOf(child: CommunityLevel, parent: CommunityLevel | null): boolean {
  if (parent === null) return child === "city";
  return childLevelOf(parent) === child;
}

/** Slugs are lowercase ASCII words joined by single hyphens: stable, readable in URLs and on paper. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isValidSlug(slug: string): boolean {
  return slug.length >= 2 && slug.length <= 80 && SLUG_PATTERN.test(slug);
}

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

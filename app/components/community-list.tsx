import { Link } from "@remix-run/react";
import type { CommunityLevel } from "~/domain/community-tree";
import { useI18n } from "~/i18n/react";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";

export const LEVEL_KEYS: Record<CommunityLevel, MessageKey> = {
  city: "level.city",
  district: "level.district",
  street: "level.street",
  community: "level.community",
  grid: "level.grid",
  building: "level.building",
};

/** Level names as headings over counts ("Buildings 24"); the same words in Chinese. */
export const LEVEL_PLURAL_KEYS: Record<CommunityLevel, MessageKey> = {
  city: "levelPlural.city",
  district: "levelPlural.district",
  street: "levelPlural.street",
  community: "levelPlural.community",
  grid: "levelPlural.grid",
  building: "levelPlural.building",
};

export interface CommunityLink {
  slug: string;
  name: string;
  level: CommunityLevel;
  childCount: number;
}

/** A list of places, each a large link with its level and how many units it holds. */
export function CommunityList({
  items,
  labelledBy,
}: {
  items: CommunityLink[];
  labelledBy?: string;
}) {
  const { t } = useI18n();
  return (
    <ul className="link-list" aria-labelledby={labelledBy}>
      {items.map((item) => (
        <li key={item.slug}>
          <Link to={`/c/${item.slug}`} className="link-card">
            <span className="link-card__name">{item.name}</span>
            <span className="link-card__meta">
              {t(LEVEL_KEYS[item.level])}
              {item.level !== "building"
                ? ` · ${t("community.childCount", { count: item.childCount })}`
                : null}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** A community's name in the reader's script: pure, so that any layer may show it. */
import type { Locale } from "../i18n/locales";

/** The three forms of a name the tree records: Simplified (always), Traditional and English. */
export interface CommunityNameForms {
  name: string;
  nameZhHant: string | null;
  nameEn: string | null;
}

/** The name in the reader's script: Traditional or English forms when the tree records them. */
export function localizedName(community: CommunityNameForms, locale: Locale): string {
  if (locale === "zh-Hant") return community.nameZhHant ?? community.name;
  if (locale === "en") return community.nameEn ?? community.name;
  return community.name;
}

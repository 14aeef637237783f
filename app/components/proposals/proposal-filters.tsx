import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { PROPOSAL_STATUSES, type ProposalStatus } from "~/domain/proposal-lifecycle";
import {
  MAX_QUERY_LENGTH,
  PROPOSAL_CATEGORIES,
  PROPOSAL_SORTS,
  type ProposalSort,
} from "~/domain/proposals";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";

/** The filters as the loader applied them (echoed back into the form). */
export interface ProposalFilterValues {
  q: string;
  status: ProposalStatus | null;
  category: string | null;
  sort: ProposalSort;
  community?: string | null;
}

/**
 * The search box and filters of a proposal list: a plain GET form, so it works without JavaScript and
 * every result page has a link of its own. Submitting starts again at page 1.
 */
export function ProposalFilters({
  values,
  communities,
  clearTo,
}: {
  values: ProposalFilterValues;
  /** When given, a select of communities (`?community=<slug>`); leave out on a community's own list. */
  communities?: Array<{ slug: string; name: string }>;
  /** The list without any filter, for "clear filters" (shown only when something is filtered). */
  clearTo: string;
}) {
  const { t } = useI18n();
  const filtered = Boolean(values.q || values.status || values.category || values.community);
  // A new key after each search re-creates the fields, so that they show what was applied even when
  // the page changed without a reload.
  const key = JSON.stringify(values);
  return (
    <Form
      method="get"
      action={clearTo}
      role="search"
      aria-label={t("browse.filtersLabel")}
      className="proposal-filters stack"
      key={key}
    >
      <div className="proposal-filters__search">
        <TextField
          label={t("browse.searchLabel")}
          hint={t("browse.searchHint")}
          name="q"
          type="search"
          defaultValue={values.q}
          maxLength={MAX_QUERY_LENGTH}
          autoComplete="off"
          enterKeyHint="search"
        />
      </div>
      <div className="proposal-filters__selects">
        <SelectField
          label={t("browse.status")}
          name="status"
          defaultValue={values.status ?? ""}
          options={[
            { value: "", label: t("browse.anyStatus") },
            ...PROPOSAL_STATUSES.filter((s) => s !== "draft").map((s) => ({
              value: s,
              label: t(`proposalStatus.${s}` as MessageKey),
            })),
          ]}
        />
        <SelectField
          label={t("browse.category")}
          name="category"
          defaultValue={values.category ?? ""}
          options={[
            { value: "", label: t("browse.anyCategory") },
            ...PROPOSAL_CATEGORIES.map((c) => ({
              value: c,
              label: t(`category.${c}` as MessageKey),
            })),
          ]}
        />
        {communities ? (
          <SelectField
            label={t("browse.community")}
            name="community"
            defaultValue={values.community ?? ""}
            options={[
              { value: "", label: t("browse.anyCommunity") },
              ...communities.map((c) => ({ value: c.slug, label: c.name })),
            ]}
          />
        ) : null}
        <SelectField
          label={t("browse.sort")}
          name="sort"
          defaultValue={values.sort}
          options={PROPOSAL_SORTS.map((s) => ({ value: s, label: t(`sort.${s}` as MessageKey) }))}
        />
      </div>
      <div className="cluster">
        <Button type="submit">{t("browse.apply")}</Button>
        {filtered ? (
          <Link to={clearTo} className="proposal-filters__clear">
            {t("browse.clear")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { SelectField } from "~/components/ui/field";
import type { ProposalStatus } from "~/domain/proposal-lifecycle";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import type { Translator } from "~/i18n/translator";

/** A version as a choice in the compare form (older versions may carry only their number). */
export interface VersionChoice {
  number: number;
  reason: string | null;
  name: string | null;
  status: ProposalStatus | null;
}

/**
 * Why a version was frozen, in words: "status changed to Voting", "saved by an author: <name>",
 * "restored from version 2".
 */
export function versionReason(
  t: Translator["t"],
  version: { reason: string | null; name: string | null; status: ProposalStatus | null },
): string | null {
  switch (version.reason) {
    case "transition":
      return version.status
        ? t("versions.reasonTransition", {
            status: t(`proposalStatus.${version.status}` as MessageKey),
          })
        : null;
    case "saved":
      return t("versions.reasonSaved", { name: version.name ?? "" });
    case "restored":
      return t("versions.reasonRestored", { number: Number(version.name) || 0 });
    default:
      return null;
  }
}

/** "Version 3 · status changed to Voting" (for selects and headings). */
export function versionLabel(t: Translator["t"], version: VersionChoice): string {
  const reason = versionReason(t, version);
  const number = t("versions.number", { number: version.number });
  return reason ? `${number} · ${reason}` : number;
}

/**
 * Two versions to compare: a GET form to `/proposals/<id>/compare?from=&to=`, so it works without
 * JavaScript and the comparison has a link of its own.
 */
export function CompareForm({
  proposalId,
  choices,
  from,
  to,
}: {
  proposalId: number;
  /** Newest first. */
  choices: VersionChoice[];
  from: number;
  to: number;
}) {
  const { t } = useI18n();
  const options = choices.map((choice) => ({
    value: String(choice.number),
    label: versionLabel(t, choice),
  }));
  return (
    <Form
      method="get"
      action={`/proposals/${proposalId}/compare`}
      className="version-compare-form"
      aria-label={t("versions.compareLabel")}
      key={`${from}-${to}`}
    >
      <SelectField
        label={t("versions.from")}
        name="from"
        defaultValue={String(from)}
        options={options}
      />
      <SelectField label={t("versions.to")} name="to" defaultValue={String(to)} options={options} />
      <Button type="submit" variant="secondary">
        {t("versions.compare")}
      </Button>
    </Form>
  );
}

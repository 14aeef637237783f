/**
 * A ballot as a form: the error summary, the method's inputs, whatever the page adds (the receipt
 * when changing a secret ballot, the resident and their consent for a proxy), and the submit
 * button. Posts to the page it is on with `intent=cast` unless told otherwise.
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { ErrorSummary } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import type { FieldError } from "~/lib/forms";
import { BallotFields, type BallotSpec, type BallotValues } from "./ballot-fields";

export function BallotForm({
  spec,
  values,
  errors,
  intent = "cast",
  submitLabel,
  before,
  after,
  id,
}: {
  spec: BallotSpec;
  values: BallotValues;
  errors?: Record<string, FieldError>;
  intent?: string;
  submitLabel: string;
  /** Fields shown above the ballot (the resident a proxy votes for). */
  before?: ReactNode;
  /** Fields shown below it (the receipt). */
  after?: ReactNode;
  id?: string;
}) {
  const { t } = useI18n();
  return (
    <Form method="post" noValidate className="stack ballot-form" id={id}>
      <input type="hidden" name="intent" value={intent} />
      <ErrorSummary
        errors={errors}
        labels={{
          ballot: t("ballot.yourBallot"),
          reason: t("ballot.reasonLabel"),
          receipt: t("receipt.fieldLabel"),
          consentNote: t("proxy.consentLabel"),
          voterId: t("proxy.residentLabel"),
        }}
      />
      {before}
      <BallotFields spec={spec} values={values} errors={errors} />
      {after}
      <Button type="submit">{submitLabel}</Button>
    </Form>
  );
}

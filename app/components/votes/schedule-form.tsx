/**
 * The committee's forms to close an open vote early or extend it: a reason each (required), and for
 * an extension the new close, typed in the community's time zone. Plain POST forms to the vote page.
 */
import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { TextareaField, TextField } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import type { FormFailure } from "~/lib/forms";

export function ScheduleForms({
  closesAt,
  timeZone,
  reasonLimit,
  failure,
}: {
  /** The current close, as a `datetime-local` value in the community's time zone. */
  closesAt: string;
  timeZone: string;
  reasonLimit: number;
  failure?: FormFailure & { intent: "closeEarly" | "extend" };
}) {
  const { t } = useI18n();
  const errorOf = (intent: "closeEarly" | "extend", field: string) =>
    failure?.intent === intent ? failure.errors[field] : undefined;
  const valueOf = (intent: "closeEarly" | "extend", field: string) =>
    failure?.intent === intent ? failure.values[field] : undefined;
  return (
    <details className="disclosure no-print" open={Boolean(failure)}>
      <summary>{t("schedule.title")}</summary>
      <p>{t("schedule.intro")}</p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="extend" />
        {errorOf("extend", "_form") ? (
          <p className="notice notice--error" role="alert">
            {t(errorOf("extend", "_form")!.key, errorOf("extend", "_form")!.values)}
          </p>
        ) : null}
        <TextField
          label={t("schedule.closesAt")}
          name="closesAt"
          type="datetime-local"
          hint={t("schedule.closesAtHint", { zone: timeZone })}
          defaultValue={valueOf("extend", "closesAt") ?? closesAt}
          error={errorOf("extend", "closesAt")}
          required
        />
        <TextareaField
          label={t("schedule.reason")}
          name="reason"
          rows={2}
          maxLength={reasonLimit}
          defaultValue={valueOf("extend", "reason")}
          error={errorOf("extend", "reason")}
          required
        />
        <p>
          <Button type="submit">{t("schedule.extend")}</Button>
        </p>
      </Form>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="closeEarly" />
        {errorOf("closeEarly", "_form") ? (
          <p className="notice notice--error" role="alert">
            {t(errorOf("closeEarly", "_form")!.key, errorOf("closeEarly", "_form")!.values)}
          </p>
        ) : null}
        <TextareaField
          label={t("schedule.reason")}
          name="reason"
          id="close-early-reason"
          rows={2}
          maxLength={reasonLimit}
          defaultValue={valueOf("closeEarly", "reason")}
          error={errorOf("closeEarly", "reason")}
          required
        />
        <p>
          <Button type="submit" variant="danger">
            {t("schedule.closeNow")}
          </Button>
        </p>
      </Form>
    </details>
  );
}

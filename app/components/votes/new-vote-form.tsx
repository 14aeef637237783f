/**
 * The form that opens a vote. Without JavaScript every method's settings are shown, each group
 * saying which method it is for; with it, only the chosen method's, and "show running results" is
 * switched off (and disabled) while the vote is secret. The server reads only what the method uses.
 */
import { Form } from "@remix-run/react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { ErrorSummary, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { THRESHOLDS, type VoteMethod } from "~/domain/vote-rules";
import { useI18n } from "~/i18n/react";
import type { FieldErrors } from "~/lib/forms";
import { useHydrated } from "~/lib/use-hydrated";

const SETTING_GROUPS: Array<{ method: VoteMethod; fields: string[] }> = [
  { method: "majority", fields: ["threshold"] },
  { method: "approval", fields: ["maxApprovals"] },
  { method: "score", fields: ["scoreBy", "minRatings"] },
  { method: "stv", fields: ["seats"] },
  { method: "budget", fields: ["budget", "rule", "maxProjects"] },
];

export function NewVoteForm({
  methods,
  values,
  errors,
  timeZone,
  proposal,
}: {
  /** The methods offered (a vote on a proposal decides it: majority or consent). */
  methods: readonly VoteMethod[];
  values: Record<string, string>;
  errors: FieldErrors | undefined;
  timeZone: string;
  proposal: { id: number; title: string } | null;
}) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const [method, setMethod] = useState<string>(values.method ?? methods[0] ?? "majority");
  const [secret, setSecret] = useState((values.secrecy ?? "secret") === "secret");
  const labels: Record<string, string> = {
    title: t("newVote.fieldTitle"),
    description: t("newVote.fieldDescription"),
    method: t("newVote.fieldMethod"),
    options: t("newVote.fieldOptions"),
    opensAt: t("newVote.fieldOpensAt"),
    closesAt: t("newVote.fieldClosesAt"),
    secrecy: t("newVote.fieldSecrecy"),
    quorumPercent: t("newVote.fieldQuorum"),
    threshold: t("newVote.fieldThreshold"),
    maxApprovals: t("newVote.fieldMaxApprovals"),
    scoreBy: t("newVote.fieldScoreBy"),
    minRatings: t("newVote.fieldMinRatings"),
    seats: t("newVote.fieldSeats"),
    budget: t("newVote.fieldBudget"),
    rule: t("newVote.fieldRule"),
    maxProjects: t("newVote.fieldMaxProjects"),
  };
  const field = (name: string) => ({
    name,
    label: labels[name],
    defaultValue: values[name] ?? "",
    error: errors?.[name],
  });
  const optionless = method === "majority" || method === "consent";
  return (
    <Form method="post" noValidate className="stack">
      <ErrorSummary errors={errors} labels={labels} />
      {proposal ? <input type="hidden" name="proposal" value={proposal.id} /> : null}
      <TextField {...field("title")} required maxLength={200} />
      <TextareaField {...field("description")} hint={t("newVote.descriptionHint")} rows={4} />
      <div className="field">
        <label className="field__label" htmlFor="field-method">
          {labels.method}
        </label>
        {errors?.method ? (
          <p className="field__error" id="field-method-error">
            <span aria-hidden="true">⚠ </span>
            {t(errors.method.key, errors.method.values)}
          </p>
        ) : null}
        <select
          id="field-method"
          name="method"
          className="input"
          defaultValue={method}
          onChange={(event) => setMethod(event.target.value)}
          aria-describedby={errors?.method ? "field-method-error" : "field-method-hint"}
        >
          {methods.map((m) => (
            <option key={m} value={m}>
              {t(`voteMethod.${m}`)}
            </option>
          ))}
        </select>
        <p className="field__hint" id="field-method-hint">
          {hydrated ? t(`voteMethodHow.${method as VoteMethod}`) : t("newVote.methodHint")}
        </p>
      </div>
      {!hydrated || !optionless ? (
        <TextareaField
          {...field("options")}
          rows={6}
          hint={
            hydrated && method === "budget"
              ? t("newVote.optionsHintBudget")
              : hydrated
                ? t("newVote.optionsHint")
                : `${t("newVote.optionsHint")} ${t("newVote.optionsHintBudget")} ${t("newVote.optionsHintNone")}`
          }
        />
      ) : null}
      <TextField
        {...field("opensAt")}
        type="datetime-local"
        required
        hint={t("newVote.timeHint", { zone: timeZone })}
      />
      <TextField
        {...field("closesAt")}
        type="datetime-local"
        required
        hint={t("newVote.timeHint", { zone: timeZone })}
      />
      <fieldset className="choice" id="field-secrecy">
        <legend>{labels.secrecy}</legend>
        <div className="choice__options">
          {(["secret", "open"] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="secrecy"
                value={value}
                defaultChecked={(values.secrecy ?? "secret") === value}
                onChange={() => setSecret(value === "secret")}
              />
              {t(`newVote.secrecy.${value}`)}
            </label>
          ))}
        </div>
        <p className="field__hint">{t("newVote.secrecyHint")}</p>
        <label className="ballot-check">
          <input
            type="checkbox"
            name="showRunning"
            defaultChecked={values.showRunning === "on"}
            disabled={hydrated && secret}
            aria-describedby="show-running-hint"
          />
          <span>{t("newVote.showRunning")}</span>
        </label>
        <p className="field__hint" id="show-running-hint">
          {t("newVote.showRunningHint")}
        </p>
      </fieldset>
      <fieldset className="choice stack">
        <legend>{t("newVote.settingsTitle")}</legend>
        <TextField {...field("quorumPercent")} inputMode="decimal" hint={t("newVote.quorumHint")} />
        {SETTING_GROUPS.map((group) => (
          <fieldset
            key={group.method}
            className="stack setting-group"
            hidden={hydrated && group.method !== method}
          >
            {/* Without JavaScript every group shows, so each says which method it is for. */}
            {!hydrated ? (
              <legend>
                {t("newVote.settingsFor", { method: t(`voteMethod.${group.method}`) })}
              </legend>
            ) : null}
            {group.fields.map((name) => (
              <SettingField key={name} name={name} field={field(name)} />
            ))}
          </fieldset>
        ))}
      </fieldset>
      <Button type="submit">{t("newVote.submit")}</Button>
    </Form>
  );
}

function SettingField({
  name,
  field,
}: {
  name: string;
  field: {
    name: string;
    label: string | undefined;
    defaultValue: string;
    error?: FieldErrors[string];
  };
}) {
  const { t } = useI18n();
  const label = field.label ?? name;
  switch (name) {
    case "threshold":
      return (
        <SelectField
          {...field}
          label={label}
          options={THRESHOLDS.map((th) => ({ value: th, label: t(`voteThreshold.${th}`) }))}
        />
      );
    case "scoreBy":
      return (
        <SelectField
          {...field}
          label={label}
          options={[
            { value: "mean", label: t("newVote.scoreByMean") },
            { value: "total", label: t("newVote.scoreByTotal") },
          ]}
        />
      );
    case "rule":
      return (
        <SelectField
          {...field}
          label={label}
          hint={t("newVote.ruleHint")}
          options={[
            { value: "greedy", label: t("results.budgetRule.greedy") },
            { value: "mes", label: t("results.budgetRule.mes") },
          ]}
        />
      );
    default:
      return (
        <TextField
          {...field}
          label={label}
          inputMode="numeric"
          hint={t(`newVote.hint.${name as "seats"}`)}
        />
      );
  }
}

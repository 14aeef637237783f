/**
 * The inputs of a ballot, one component per kind of ballot, all plain form fields that work without
 * JavaScript: radios for yes / no / abstain and for consent, checkboxes for approval, a 0–5 radio
 * group per option for scores. Ranked and budget ballots have their own modules (they are enhanced
 * once JavaScript runs). Field names are the ones `parseBallotForm` (app/lib/votes-ballot.ts) reads.
 */
import type { ReactNode } from "react";
import { useI18n } from "~/i18n/react";
import type { FieldError } from "~/lib/forms";

/** An option of a vote as a ballot shows it. */
export interface BallotOption {
  id: string;
  name: string;
  /** Budget projects only: what it costs. */
  cost?: number;
}

/** The id of a ballot's fieldset: the error summary links here (`#field-ballot`). */
export const BALLOT_FIELD = "ballot";

/** A group of choices with its legend, hint and error, wired for screen readers. */
export function ChoiceGroup({
  id,
  legend,
  hint,
  error,
  children,
  className,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: FieldError;
  children: ReactNode;
  className?: string;
}) {
  const { t } = useI18n();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      id={id}
      className={["choice", className].filter(Boolean).join(" ")}
      aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {t(error.key, error.values)}
        </p>
      ) : null}
      {children}
    </fieldset>
  );
}

export const MAJORITY_CHOICES = ["yes", "no", "abstain"] as const;

/** Yes, no or abstain on one motion. */
export function MajorityInputs({
  defaultValue,
  error,
}: {
  defaultValue?: string;
  error?: FieldError;
}) {
  const { t } = useI18n();
  return (
    <ChoiceGroup
      id={`field-${BALLOT_FIELD}`}
      legend={t("ballot.majorityLegend")}
      hint={t("ballot.majorityHint")}
      error={error}
    >
      <div className="choice__options ballot-choices">
        {MAJORITY_CHOICES.map((choice) => (
          <label key={choice} className={`ballot-choice ballot-choice--${choice}`}>
            <input
              type="radio"
              name="choice"
              value={choice}
              required
              defaultChecked={defaultValue === choice}
            />
            {t(`ballot.choice.${choice}`)}
          </label>
        ))}
      </div>
    </ChoiceGroup>
  );
}

/** Approve of any number of options, or at most `maxApprovals`. */
export function ApprovalInputs({
  options,
  maxApprovals,
  defaultValues,
  error,
}: {
  options: BallotOption[];
  maxApprovals: number | null;
  defaultValues: ReadonlySet<string>;
  error?: FieldError;
}) {
  const { t } = useI18n();
  return (
    <ChoiceGroup
      id={`field-${BALLOT_FIELD}`}
      legend={t("ballot.approvalLegend")}
      hint={
        maxApprovals === null
          ? t("ballot.approvalHintAny")
          : t("ballot.approvalHintMax", { count: maxApprovals })
      }
      error={error}
    >
      <ul className="ballot-list">
        {options.map((option) => (
          <li key={option.id}>
            <label className="ballot-check">
              <input
                type="checkbox"
                name="option"
                value={option.id}
                defaultChecked={defaultValues.has(option.id)}
              />
              <span>{option.name}</span>
            </label>
          </li>
        ))}
      </ul>
    </ChoiceGroup>
  );
}

export const SCORES = [0, 1, 2, 3, 4, 5] as const;

/**
 * A score from 0 to 5 for each option, or none: "not rated" is a choice of its own (it is not a 0,
 * and the count treats it differently).
 */
export function ScoreInputs({
  options,
  defaultValues,
  error,
}: {
  options: BallotOption[];
  /** `score.<id>` → "0".."5" or "". */
  defaultValues: Readonly<Record<string, string>>;
  error?: FieldError;
}) {
  const { t } = useI18n();
  return (
    <ChoiceGroup
      id={`field-${BALLOT_FIELD}`}
      legend={t("ballot.scoreLegend")}
      hint={t("ballot.scoreHint")}
      error={error}
      className="ballot-scores"
    >
      {options.map((option) => {
        const current = defaultValues[option.id] ?? "";
        return (
          <fieldset key={option.id} className="ballot-score">
            <legend>{option.name}</legend>
            <div className="choice__options">
              <label>
                <input
                  type="radio"
                  name={`score.${option.id}`}
                  value=""
                  defaultChecked={current === ""}
                />
                {t("ballot.notRated")}
              </label>
              {SCORES.map((score) => (
                <label key={score}>
                  <input
                    type="radio"
                    name={`score.${option.id}`}
                    value={String(score)}
                    defaultChecked={current === String(score)}
                  />
                  <span aria-hidden="true">{score}</span>
                  <span className="visually-hidden">
                    {t("ballot.scoreValue", { score, max: 5 })}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
    </ChoiceGroup>
  );
}

export const CONSENT_POSITIONS = ["consent", "stand_aside", "object"] as const;

/** Consent, stand aside, or object — an objection blocks only with a reason. */
export function ConsentInputs({
  defaultPosition,
  defaultReason,
  errors,
}: {
  defaultPosition?: string;
  defaultReason?: string;
  errors?: Record<string, FieldError>;
}) {
  const { t } = useI18n();
  const reasonError = errors?.reason;
  return (
    <div className="stack">
      <ChoiceGroup
        id={`field-${BALLOT_FIELD}`}
        legend={t("ballot.consentLegend")}
        hint={t("ballot.consentHint")}
        error={errors?.[BALLOT_FIELD] ?? errors?.position}
      >
        <div className="choice__options ballot-choices">
          {CONSENT_POSITIONS.map((position) => (
            <label key={position}>
              <input
                type="radio"
                name="position"
                value={position}
                required
                defaultChecked={defaultPosition === position}
              />
              {t(`ballot.position.${position}`)}
            </label>
          ))}
        </div>
      </ChoiceGroup>
      <div className="field">
        <label className="field__label" htmlFor="field-reason">
          {t("ballot.reasonLabel")}
        </label>
        <p className="field__hint" id="field-reason-hint">
          {t("ballot.reasonHint")}
        </p>
        {reasonError ? (
          <p className="field__error" id="field-reason-error">
            <span aria-hidden="true">⚠ </span>
            {t(reasonError.key, reasonError.values)}
          </p>
        ) : null}
        <textarea
          id="field-reason"
          name="reason"
          className="input"
          rows={3}
          maxLength={1000}
          defaultValue={defaultReason}
          aria-describedby={["field-reason-hint", reasonError && "field-reason-error"]
            .filter(Boolean)
            .join(" ")}
          aria-invalid={reasonError ? true : undefined}
        />
      </div>
    </div>
  );
}

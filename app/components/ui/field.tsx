import { type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";
import { FORM_ERROR, type FieldError } from "~/lib/forms";
import { useI18n } from "~/i18n/react";

/** The id of a field's control: stable, so that an error summary can link to it. */
export function fieldId(name: string): string {
  return `field-${name}`;
}

interface FieldShellProps {
  name: string;
  /** Defaults to `field-<name>`; give one when a page repeats the same field in several forms. */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: FieldError;
  required?: boolean;
  children: (control: {
    id: string;
    describedBy: string | undefined;
    invalid: boolean;
  }) => ReactNode;
}

/** Label, hint, control and error message, wired together for screen readers. */
function FieldShell({
  name,
  id: givenId,
  label,
  hint,
  error,
  required,
  children,
}: FieldShellProps) {
  const { t } = useI18n();
  const id = givenId ?? fieldId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
        {required ? (
          <span className="field__required">
            {" "}
            <span aria-hidden="true">*</span>
            <span className="visually-hidden">{t("form.requiredMarker")}</span>
          </span>
        ) : null}
      </label>
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
      {children({ id, describedBy, invalid: Boolean(error) })}
    </div>
  );
}

type Shared = { label: ReactNode; hint?: ReactNode; error?: FieldError; name: string; id?: string };

export function TextField({
  label,
  hint,
  error,
  required,
  ...input
}: Shared & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell
      id={input.id}
      name={input.name}
      label={label}
      hint={hint}
      error={error}
      required={required}
    >
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          className="input"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
          {...input}
        />
      )}
    </FieldShell>
  );
}

export function TextareaField({
  label,
  hint,
  error,
  required,
  ...textarea
}: Shared & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell
      id={textarea.id}
      name={textarea.name}
      label={label}
      hint={hint}
      error={error}
      required={required}
    >
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          className="input"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
          {...textarea}
        />
      )}
    </FieldShell>
  );
}

export function SelectField({
  label,
  hint,
  error,
  required,
  options,
  defaultValue,
  name,
}: Shared & {
  required?: boolean;
  defaultValue?: string;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error} required={required}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={name}
          className="input"
          defaultValue={defaultValue}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/**
 * The list of a form's errors at its top, each linking to its field (read first by screen readers,
 * and the place the eye lands after a failed submit).
 */
export function ErrorSummary({
  errors,
  labels,
  idPrefix,
}: {
  /** When the form's fields have ids `<prefix>-<name>` rather than the default `field-<name>`. */
  idPrefix?: string;
  errors: Record<string, FieldError> | undefined;
  /** Maps field names to the labels shown in the summary. */
  labels: Record<string, string>;
}) {
  const { t } = useI18n();
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <h2>{t("form.errorSummary", { count: entries.length })}</h2>
      <ul>
        {entries.map(([name, error]) => (
          <li key={name}>
            {name === FORM_ERROR ? (
              t(error.key, error.values)
            ) : (
              <a href={`#${idPrefix ? `${idPrefix}-${name}` : fieldId(name)}`}>
                {labels[name] ?? name}: {t(error.key, error.values)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { z } from "zod";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import type { MessageValues } from "~/i18n/translator";

/** A field error as the action returns it: a catalog key and its values, translated when rendered. */
export interface FieldError {
  key: MessageKey;
  values?: MessageValues;
}

export type FieldErrors = Record<string, FieldError>;

/** The key of an error about the whole form rather than one field ("wrong email or password"). */
export const FORM_ERROR = "_form";

/** A failure for the whole form, keeping what was typed (never the password). */
export function formFailure(
  error: FieldError,
  values: Record<string, string>,
  field: string = FORM_ERROR,
): FormFailure {
  return { ok: false, errors: { [field]: error }, values: withoutPasswords(values) };
}

/** What an action returns when a form does not validate: the errors and what was typed. */
export interface FormFailure {
  ok: false;
  errors: FieldErrors;
  values: Record<string, string>;
}

/** Maps a zod issue to a translated message key; the schema stays free of UI text. */
export function fieldErrorForIssue(issue: z.core.$ZodIssue): FieldError {
  if (issue.input === undefined) return { key: "form.required" };
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) <= 1) return { key: "form.required" };
      return { key: "form.tooShort", values: { minimum: Number(issue.minimum) } };
    case "too_big":
      return { key: "form.tooLong", values: { maximum: Number(issue.maximum) } };
    case "invalid_format":
      return issue.format === "email" ? { key: "form.invalidEmail" } : { key: "form.invalid" };
    case "invalid_value":
      return { key: "form.chooseOne" };
    default:
      return { key: "form.invalid" };
  }
}

/**
 * Validates form data against a schema of string fields. On failure, returns the first error of each
 * field and every submitted value, so the form can be shown again with nothing lost.
 */
export function parseForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
): { ok: true; data: z.output<S> } | FormFailure {
  const values = formValues(formData);
  const result = schema.safeParse(values, { reportInput: true });
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? "_form");
    errors[name] ??= fieldErrorForIssue(issue);
  }
  return { ok: false, errors, values: withoutPasswords(values) };
}

/** What may be sent back to the browser after a failure: everything but passwords. */
function withoutPasswords(values: Record<string, string>): Record<string, string> {
  const { password: _p, currentPassword: _c, newPassword: _n, ...kept } = values;
  return kept;
}

/** The text fields of a form. Passwords are never sent back to the browser after a failure. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string") values[name] = value;
  }
  return values;
}

/**
 * Control characters no text field may hold: every one of Unicode's Cc (U+0000–U+001F, U+007F–U+009F)
 * but tab, line feed, and carriage return before a line feed (browsers send a textarea's newlines as
 * CRLF). PostgreSQL refuses NUL outright; the rest are never typed, only pasted or forged.
 */
const CONTROL_CHARACTER = /(?![\t\n]|\r\n)\p{Cc}/u;

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/**
 * The name of the first field whose name or text holds a control character, or null. The server asks
 * this of every form and query string before any route runs (server/form-input.ts), so no route sees
 * such a character.
 */
export function fieldWithControlCharacter(
  entries: Iterable<[string, FormDataEntryValue | string]>,
): string | null {
  for (const [name, value] of entries) {
    const text = typeof value === "string" ? value : value.name;
    if (hasControlCharacter(name) || hasControlCharacter(text))
      return name.replace(new RegExp(CONTROL_CHARACTER.source, "gu"), "\uFFFD");
  }
  return null;
}

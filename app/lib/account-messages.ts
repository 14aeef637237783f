import type { PasswordProblem } from "~/domain/passwords";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import type { FieldError } from "./forms";

const PASSWORD_PROBLEM_KEYS: Record<PasswordProblem, MessageKey> = {
  tooShort: "account.passwordTooShort",
  tooLong: "account.passwordTooLong",
  common: "account.passwordCommon",
  containsEmail: "account.passwordContainsEmail",
};

/** The translated field error for a refused password. */
export function passwordError(problem: PasswordProblem): FieldError {
  return { key: PASSWORD_PROBLEM_KEYS[problem], values: { minimum: 10 } };
}

/** "Try again in N minutes" for a rate-limited form. */
export function rateLimitedError(retryAfterSeconds: number): FieldError {
  return {
    key: "account.rateLimited",
    values: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
  };
}

import { dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * The commonest passwords: zxcvbn's list (by frequency, worldwide) plus ones common among Chinese
 * users that it ranks low. Compared case-insensitively.
 */
const COMMON = new Set<string>([
  ...dictionary["passwords-common"].slice(0, 20_000).map((p) => p.toLowerCase()),
  "woaini1314",
  "woaini520",
  "woaini5201314",
  "5201314520",
  "1314520520",
  "aa123456789",
  "qq123456789",
  "a1234567890",
  "zxcvbnm123",
  "abc1234567",
  "yishi-demo",
]);

export type PasswordProblem = "tooShort" | "tooLong" | "common" | "containsEmail";

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(
  password: string,
  context: { email?: string } = {},
): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return "tooShort";
  if (password.length > MAX_PASSWORD_LENGTH) return "tooLong";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "common";
  // One character repeated, or the same short block repeated, is as good as common.
  if (/^(.{1,3})\1+$/u.test(lower)) return "common";
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return "containsEmail";
  return null;
}

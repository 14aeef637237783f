/**
 * The methods the counting library counts, by name: the one list of them (the platform's vote
 * methods are these and participatory budgeting, `../vote-rules.ts`). Its own module so that a form
 * can name the methods without loading the counting code.
 */
export const TALLY_METHODS = [
  "majority",
  "approval",
  "score",
  "consent",
  "irv",
  "schulze",
  "stv",
] as const;
export type TallyMethod = (typeof TALLY_METHODS)[number];

/** Methods that count ranked ballots (and so read them into a `RankedProfile`). */
export const RANKED_METHODS: readonly TallyMethod[] = ["irv", "schulze", "stv"];

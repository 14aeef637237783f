/**
 * Approval voting: each voter approves of any number of options (or at most `maxApprovals`); the
 * options are ranked by how many voters approve of them.
 *
 * Rules:
 * - A ballot approving of more than `maxApprovals` options is spoiled: it is counted in `spoiled`
 *   and approves of nothing (as a paper ballot with too many marks would be). Default: no limit.
 * - An empty ballot is valid and approves of nothing (it still counts in `ballots`).
 * - An unknown option or an option approved twice is an error in the input.
 * - Equal approvals tie; a tie at the top leaves `winner` null unless a `seed` is given for a lot.
 */
import { BallotError, CountError } from "./errors";
import { indexOptions } from "./profile";
import { finalResult, idTiers, tiersBy } from "./ranking";
import type { ApprovalBallot, CountResult, LotDraw, OptionId } from "./types";

export interface ApprovalOptions {
  /** At most this many approvals per ballot; a ballot with more is spoiled. Default: unlimited. */
  readonly maxApprovals?: number;
  /** Breaks ties in the ranking by the seeded lot (see `prng.ts`). Default: ties are left as ties. */
  readonly seed?: number;
}

export interface ApprovalResult extends CountResult {
  readonly method: "approval";
  /** Approvals per option. */
  readonly approvals: Readonly<Record<OptionId, number>>;
  readonly ballots: number;
  readonly spoiled: number;
  readonly lot?: LotDraw;
}

export function approval(
  input: { readonly options: readonly OptionId[]; readonly ballots: readonly ApprovalBallot[] },
  settings: ApprovalOptions = {},
): ApprovalResult {
  const { options, ballots } = input;
  const index = indexOptions(options);
  const max = settings.maxApprovals;
  if (max !== undefined && (!Number.isSafeInteger(max) || max < 1)) {
    throw new CountError(`maxApprovals must be a positive whole number, got ${max}`);
  }
  const counts = new Array<number>(options.length).fill(0);
  const mark = new Int32Array(options.length).fill(-1);
  let spoiled = 0;
  ballots.forEach((ballot, b) => {
    if (!Array.isArray(ballot))
      throw new BallotError(b, "an approval ballot is a list of option ids");
    const chosen: number[] = [];
    for (const id of ballot as readonly unknown[]) {
      const option = typeof id === "string" ? index.get(id) : undefined;
      if (option === undefined)
        throw new BallotError(b, `${JSON.stringify(id) ?? String(id)} is not one of the options`);
      if (mark[option] === b)
        throw new BallotError(b, `option "${id as string}" is approved twice`);
      mark[option] = b;
      chosen.push(option);
    }
    if (max !== undefined && chosen.length > max) {
      spoiled++;
      return;
    }
    for (const option of chosen) counts[option] = (counts[option] as number) + 1;
  });

  const tiers = idTiers(
    options,
    tiersBy(options.length, (a, b) => (counts[b] as number) - (counts[a] as number)),
  );
  const counted = counts.some((c) => c > 0);
  return {
    method: "approval",
    ...finalResult(options, tiers, counted ? settings.seed : undefined),
    approvals: Object.fromEntries(options.map((id, i) => [id, counts[i] as number])),
    ballots: ballots.length,
    spoiled,
  };
}

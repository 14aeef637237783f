/**
 * The inputs of a ballot for a vote's method, filled with what the voter typed last (after a failed
 * submit) or their recorded ballot (when changing it). Every method's inputs work without
 * JavaScript; ranked and budget ballots are enhanced once it runs.
 */
import type { FieldError } from "~/lib/forms";
import type { VoteSummary } from "~/lib/votes-page.server";
import {
  ApprovalInputs,
  BALLOT_FIELD,
  ConsentInputs,
  MajorityInputs,
  ScoreInputs,
  type BallotOption,
} from "./ballot-inputs";
import { BudgetBallotInputs } from "./budget-ballot";
import { RankedBallotInputs } from "./ranked-ballot";

export type BallotMethod =
  "majority" | "approval" | "score" | "consent" | "irv" | "schulze" | "stv" | "budget";

export interface BallotSpec {
  method: BallotMethod;
  options: BallotOption[];
  /** Approval: at most this many; null for any number. */
  maxApprovals?: number | null;
  /** Budget: the amount to share out, and an optional cap on the number of projects. */
  budget?: number | null;
  maxProjects?: number | null;
}

/** The ballot form's description of a vote (as the vote pages load it). */
export function ballotSpec(vote: Pick<VoteSummary, "method" | "settings" | "options">): BallotSpec {
  return {
    method: vote.method,
    options: vote.options.map((option) => ({
      id: option.id,
      name: option.label,
      cost: option.cost ?? undefined,
    })),
    maxApprovals: vote.settings.maxApprovals ?? null,
    budget: vote.settings.budget ?? null,
    maxProjects: vote.settings.maxProjects ?? null,
  };
}

/** Form values as `formValues` keeps them, plus the multi-valued `option` fields. */
export interface BallotValues {
  fields: Readonly<Record<string, string>>;
  options: readonly string[];
}

/** The per-option values of a prefix (`rank.a` → `a`). */
export function valuesWithPrefix(
  fields: Readonly<Record<string, string>>,
  prefix: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value]),
  );
}

export function BallotFields({
  spec,
  values,
  errors,
}: {
  spec: BallotSpec;
  values: BallotValues;
  errors?: Record<string, FieldError>;
}) {
  const error = errors?.[BALLOT_FIELD];
  switch (spec.method) {
    case "majority":
      return <MajorityInputs defaultValue={values.fields.choice} error={error ?? errors?.choice} />;
    case "approval":
      return (
        <ApprovalInputs
          options={spec.options}
          maxApprovals={spec.maxApprovals ?? null}
          defaultValues={new Set(values.options)}
          error={error}
        />
      );
    case "score":
      return (
        <ScoreInputs
          options={spec.options}
          defaultValues={valuesWithPrefix(values.fields, "score.")}
          error={error}
        />
      );
    case "consent":
      return (
        <ConsentInputs
          defaultPosition={values.fields.position}
          defaultReason={values.fields.reason}
          errors={errors}
        />
      );
    case "irv":
    case "schulze":
    case "stv":
      return (
        <RankedBallotInputs
          options={spec.options}
          tiesAllowed={spec.method === "schulze"}
          defaultValues={valuesWithPrefix(values.fields, "rank.")}
          error={error}
        />
      );
    case "budget":
      return (
        <BudgetBallotInputs
          options={spec.options}
          budget={spec.budget ?? 0}
          maxProjects={spec.maxProjects}
          defaultValues={new Set(values.options)}
          error={error}
        />
      );
  }
}

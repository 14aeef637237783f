/**
 * Reading a ballot form (app/components/votes/ballot-fields.tsx) into the ballot the counting
 * library takes, with translated errors that keep what was typed. The same fields come from the
 * ballot page, the proxy page (a grid worker filling in a resident's ballot) and paper entry.
 *
 * Field names: majority `choice`; approval and budget `option` (repeated); score `score.<id>`;
 * consent `position` and `reason`; ranked `rank.<id>` (1 = first, blank = not ranked).
 */
import type { MajorityBallot, Ranks, ScoreBallot } from "~/domain/voting";
import { FORM_ERROR, type FieldError, type FormFailure } from "./forms";

export type FormBallot =
  | { method: "majority"; ballot: MajorityBallot }
  | { method: "approval"; ballot: string[] }
  | { method: "score"; ballot: ScoreBallot }
  | {
      method: "consent";
      ballot: { position: "consent" | "stand_aside" | "object"; reason?: string };
    }
  | { method: "irv" | "schulze" | "stv"; ballot: Ranks }
  | { method: "budget"; ballot: { approvals: string[] } };

export interface BallotRules {
  method: FormBallot["method"];
  optionIds: readonly string[];
  maxApprovals?: number | null;
  /** Budget: the amount, and the cost of each project. */
  budget?: number | null;
  costs?: Readonly<Record<string, number>>;
  maxProjects?: number | null;
}

/** What a failed ballot form returns: the errors, the text fields, and the ticked options. */
export type BallotFailure = FormFailure & { options: string[] };

export const REASON_MAX = 1000;

function failure(
  form: FormData,
  error: FieldError,
  field = "ballot",
  values: Record<string, string> = textValues(form),
): BallotFailure {
  return {
    ok: false,
    errors: { [field]: error },
    values,
    options: chosenOptions(form),
  };
}

function textValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && name !== "option" && name !== "receipt") values[name] = value;
  }
  return values;
}

function chosenOptions(form: FormData): string[] {
  return form.getAll("option").filter((value): value is string => typeof value === "string");
}

/** Reads the ballot for `rules` from the form, or says what is wrong with it. */
export function parseBallotForm(
  form: FormData,
  rules: BallotRules,
): { ok: true; ballot: FormBallot } | BallotFailure {
  const known = new Set(rules.optionIds);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.trim() : "";
  };
  switch (rules.method) {
    case "majority": {
      const choice = text("choice");
      if (choice !== "yes" && choice !== "no" && choice !== "abstain")
        return failure(form, { key: "ballot.errorChoose" });
      return { ok: true, ballot: { method: "majority", ballot: choice } };
    }
    case "approval":
    case "budget": {
      const chosen = [...new Set(chosenOptions(form))];
      if (chosen.some((id) => !known.has(id))) return failure(form, { key: "form.invalid" });
      if (rules.method === "approval") {
        if (rules.maxApprovals && chosen.length > rules.maxApprovals)
          return failure(form, {
            key: "ballot.errorTooMany",
            values: { count: rules.maxApprovals },
          });
        return { ok: true, ballot: { method: "approval", ballot: chosen } };
      }
      if (rules.maxProjects && chosen.length > rules.maxProjects)
        return failure(form, { key: "ballot.errorTooMany", values: { count: rules.maxProjects } });
      const spent = chosen.reduce((sum, id) => sum + (rules.costs?.[id] ?? 0), 0);
      if (rules.budget != null && spent > rules.budget)
        return failure(form, { key: "ballot.errorOverBudget" });
      return { ok: true, ballot: { method: "budget", ballot: { approvals: chosen } } };
    }
    case "score": {
      const ballot: Record<string, number> = {};
      for (const id of rules.optionIds) {
        const value = text(`score.${id}`);
        if (value === "") continue;
        if (!/^[0-5]$/.test(value)) return failure(form, { key: "ballot.errorScore" });
        ballot[id] = Number(value);
      }
      return { ok: true, ballot: { method: "score", ballot } };
    }
    case "consent": {
      const position = text("position");
      const reason = text("reason");
      if (position !== "consent" && position !== "stand_aside" && position !== "object")
        return failure(form, { key: "ballot.errorChoose" });
      if (reason.length > REASON_MAX)
        return failure(form, { key: "form.tooLong", values: { maximum: REASON_MAX } }, "reason");
      if (position === "object" && reason === "")
        return failure(form, { key: "ballot.errorReason" }, "reason");
      return {
        ok: true,
        ballot: { method: "consent", ballot: reason ? { position, reason } : { position } },
      };
    }
    case "irv":
    case "schulze":
    case "stv": {
      const byRank = new Map<number, string[]>();
      for (const id of rules.optionIds) {
        const value = text(`rank.${id}`);
        if (value === "") continue;
        if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > rules.optionIds.length)
          return failure(form, {
            key: "ballot.errorRankRange",
            values: { count: rules.optionIds.length },
          });
        const rank = Number(value);
        byRank.set(rank, [...(byRank.get(rank) ?? []), id]);
      }
      if (byRank.size === 0) return failure(form, { key: "ballot.errorRankNone" });
      // Equal numbers mean "equally preferred" to Schulze; elsewhere they would spoil the rank.
      if (rules.method !== "schulze" && [...byRank.values()].some((ids) => ids.length > 1))
        return failure(form, { key: "ballot.errorRankTie" });
      const ranks: Ranks = [...byRank.keys()].sort((a, b) => a - b).map((r) => byRank.get(r)!);
      return { ok: true, ballot: { method: rules.method, ballot: ranks } };
    }
  }
}

/** A failure about the whole ballot form (closed, not eligible, wrong receipt …). */
export function ballotFormFailure(form: FormData, error: FieldError): BallotFailure {
  return failure(form, error, FORM_ERROR);
}

/** The text fields for the form again, from a recorded ballot (when changing an open ballot). */
export function ballotToValues(ballot: FormBallot): {
  fields: Record<string, string>;
  options: string[];
} {
  switch (ballot.method) {
    case "majority":
      return { fields: { choice: ballot.ballot }, options: [] };
    case "approval":
      return { fields: {}, options: [...ballot.ballot] };
    case "budget":
      return { fields: {}, options: [...ballot.ballot.approvals] };
    case "score":
      return {
        fields: Object.fromEntries(
          Object.entries(ballot.ballot).map(([id, score]) => [`score.${id}`, String(score)]),
        ),
        options: [],
      };
    case "consent":
      return {
        fields: { position: ballot.ballot.position, reason: ballot.ballot.reason ?? "" },
        options: [],
      };
    default: {
      const fields: Record<string, string> = {};
      ballot.ballot.forEach((rank, index) => {
        for (const id of rank) fields[`rank.${id}`] = String(index + 1);
      });
      return { fields, options: [] };
    }
  }
}

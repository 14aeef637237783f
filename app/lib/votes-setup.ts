/**
 * The "new vote" form: its schema (shared by the form and the action), reading the options textarea
 * (one per line; for a budget "name | cost"), and the method's settings from their fields. Errors
 * are catalog keys; the service checks everything again (`checkSetup`, `normalizeSettings`).
 */
import { z } from "zod";
import {
  DESCRIPTION_LIMIT,
  THRESHOLDS,
  TITLE_LIMIT,
  VOTE_METHODS,
  type OptionInput,
  type VoteMethod,
  type VoteSettings,
} from "~/domain/vote-rules";
import type { FieldError } from "./forms";

const optionalNumber = (min: number, max: number, integer = true) =>
  z.union([
    z.literal(""),
    integer ? z.coerce.number().int().min(min).max(max) : z.coerce.number().min(min).max(max),
  ]);

export const NewVoteSchema = z.object({
  title: z.string().trim().min(1).max(TITLE_LIMIT),
  description: z.string().trim().max(DESCRIPTION_LIMIT),
  method: z.enum(VOTE_METHODS),
  // Absent when the method has no options (the enhanced form leaves the field out).
  options: z.string().max(50_000).default(""),
  opensAt: z.string().trim().min(1),
  closesAt: z.string().trim().min(1),
  secrecy: z.enum(["secret", "open"]),
  showRunning: z.literal("on").optional(),
  proposal: z.union([z.literal(""), z.coerce.number().int().positive()]).optional(),
  quorumPercent: optionalNumber(0, 100, false),
  threshold: z.union([z.literal(""), z.enum(THRESHOLDS)]).optional(),
  maxApprovals: optionalNumber(1, 100).optional(),
  minRatings: optionalNumber(1, 1_000_000).optional(),
  scoreBy: z.union([z.literal(""), z.enum(["mean", "total"])]).optional(),
  seats: optionalNumber(1, 100).optional(),
  budget: optionalNumber(1, 1e12, false).optional(),
  rule: z.union([z.literal(""), z.enum(["greedy", "mes"])]).optional(),
  maxProjects: optionalNumber(1, 100).optional(),
});
export type NewVoteForm = z.output<typeof NewVoteSchema>;

/** Reads the options, one per line; a budget's lines are "name | cost". */
export function parseOptionLines(
  text: string,
  method: VoteMethod,
): { ok: true; options: OptionInput[] } | { ok: false; error: FieldError } {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const options: OptionInput[] = [];
  for (const [index, line] of lines.entries()) {
    if (method !== "budget") {
      options.push({ label: line });
      continue;
    }
    // The last "|" (or full-width "｜") separates the cost, so names may contain one.
    const match = /^(.*)[|｜]\s*([\d,，.\s]+)\s*(?:元|yuan|¥|CNY)?$/i.exec(line);
    const cost = match ? Number(match[2]!.replace(/[,，\s]/g, "")) : NaN;
    if (!match || !match[1]!.trim() || !Number.isFinite(cost) || cost <= 0)
      return { ok: false, error: { key: "newVote.badProjectLine", values: { line: index + 1 } } };
    options.push({ label: match[1]!.trim(), cost });
  }
  return { ok: true, options };
}

/** The settings that the chosen method reads, from their fields (blank fields keep defaults). */
export function settingsFrom(form: NewVoteForm): VoteSettings {
  const n = (value: number | "" | undefined) =>
    value === "" || value === undefined ? undefined : value;
  const settings: VoteSettings = {};
  const quorum = n(form.quorumPercent);
  if (quorum !== undefined) settings.quorumPercent = quorum;
  switch (form.method) {
    case "majority":
      if (form.threshold) settings.threshold = form.threshold;
      break;
    case "approval":
      settings.maxApprovals = n(form.maxApprovals) ?? null;
      break;
    case "score":
      if (n(form.minRatings) !== undefined) settings.minRatings = n(form.minRatings);
      if (form.scoreBy) settings.scoreBy = form.scoreBy;
      break;
    case "stv":
      if (n(form.seats) !== undefined) settings.seats = n(form.seats);
      break;
    case "budget":
      if (n(form.budget) !== undefined) settings.budget = n(form.budget);
      if (form.rule) settings.rule = form.rule;
      settings.maxProjects = n(form.maxProjects) ?? null;
      break;
    default:
      break;
  }
  return settings;
}

/** Which field a refusal of the service is about, for the error summary's link. */
export function fieldOfRefusal(reason: string): string {
  switch (reason) {
    case "badTitle":
      return "title";
    case "badDescription":
      return "description";
    case "tooFewOptions":
    case "tooManyOptions":
    case "badOption":
    case "costRequired":
    case "optionsNotAllowed":
      return "options";
    case "budgetRequired":
      return "budget";
    case "seatsTooMany":
      return "seats";
    case "badTimes":
    case "pastClose":
      return "closesAt";
    case "methodNotForProposal":
      return "method";
    default:
      return "_form";
  }
}

/**
 * The discussion's form posts on a proposal's page: comment, reply, edit, delete, report, follow,
 * unfollow. The proposal route's action hands its form here first; a `null` answer means the intent is
 * someone else's.
 */
import { data, type AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { mayReport } from "~/domain/policy";
import { LIMITS, STANCES } from "~/domain/proposals";
import type { Locale } from "~/i18n/locales";
import type { Translator } from "~/i18n/translator";
import { requireUser } from "~/lib/guards.server";
import { formFailure, formValues, parseForm, type FieldError, type FormFailure } from "~/lib/forms";
import { redirectWithToast } from "~/lib/toast.server";
import {
  commentPath,
  createComment,
  deleteComment,
  editComment,
  pageOfComment,
  REPORT_KINDS,
  reportContent,
} from "~/services/discussion/index.server";
import {
  followProposal,
  unfollowProposal,
  type ProposalContext,
} from "~/services/proposals/index.server";

export const DISCUSSION_INTENTS = [
  "comment.create",
  "comment.reply",
  "comment.edit",
  "comment.delete",
  "report",
  "follow",
  "unfollow",
] as const;
export type DiscussionIntent = (typeof DISCUSSION_INTENTS)[number];

/**
 * A discussion form that did not go through: which form (the intent, and the comment it was about:
 * the parent for a reply, the comment edited, deleted or reported, the proposal for a report on it),
 * the errors, and everything typed.
 */
export interface DiscussionFailure extends FormFailure {
  intent: DiscussionIntent;
  targetId: number | null;
}

const id = z.coerce.number().int().positive().max(2_147_483_647);
const body = z.string().trim().min(1).max(LIMITS.comment);

export const NewCommentSchema = z.object({ stance: z.enum(STANCES), body });
export const ReplySchema = z.object({ parentId: id, body });
export const EditCommentSchema = z.object({ commentId: id, body });
export const DeleteCommentSchema = z.object({ commentId: id });
export const ReportSchema = z.object({
  kind: z.enum(REPORT_KINDS),
  targetId: id,
  reason: z.string().trim().min(1).max(LIMITS.reason),
});

function isIntent(value: unknown): value is DiscussionIntent {
  return typeof value === "string" && (DISCUSSION_INTENTS as readonly string[]).includes(value);
}

/** The id a failed form was about, read leniently from what was posted. */
function targetOf(intent: DiscussionIntent, values: Record<string, string>): number | null {
  const raw =
    intent === "comment.reply"
      ? values.parentId
      : intent === "comment.edit" || intent === "comment.delete"
        ? values.commentId
        : intent === "report"
          ? values.targetId
          : undefined;
  const parsed = id.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export interface DiscussionIntentArgs {
  context: AppLoadContext;
  request: Request;
  form: FormData;
  proposal: ProposalContext;
  locale: Locale;
  t: Translator["t"];
}

export type DiscussionFailureResponse = ReturnType<typeof data<DiscussionFailure>>;

/**
 * Handles a discussion form: a redirect (with a toast) back to the proposal on success, the failure
 * with status 400 (or 429 when rate limited) so the page shows that form again with nothing lost, or
 * null when the intent is not a discussion one. Refusals that no honest form produces throw 403/404.
 */
export async function handleDiscussionIntent(
  args: DiscussionIntentArgs,
): Promise<Response | DiscussionFailureResponse | null> {
  const { context, request, form, proposal, t } = args;
  const intent = form.get("intent");
  if (!isIntent(intent)) return null;
  const user = requireUser(context, request);
  const home = `/proposals/${proposal.id}`;
  const failure = (failed: FormFailure): DiscussionFailure => ({
    ...failed,
    intent,
    targetId: targetOf(intent, failed.values),
  });
  const fail = (failed: FormFailure) => data(failure(failed), { status: 400 });
  const refuse = (error: FieldError) => fail(formFailure(error, formValues(form)));
  /** "Slow down": the same translated 429 as the account forms, with Retry-After. */
  const limited = async (name: "comment" | "report") => {
    const wait = await context.rateLimits.consume(name, user.id);
    if (wait === null) return null;
    const error: FieldError = {
      key: "comments.rateLimited",
      values: { minutes: Math.max(1, Math.ceil(wait / 60)) },
    };
    return data(failure(formFailure(error, formValues(form))), {
      status: 429,
      headers: { "Retry-After": String(wait) },
    });
  };
  const done = (to: string, message: string, kind: "success" | "info" = "success") =>
    redirectWithToast(context, to, { kind, message });

  switch (intent) {
    case "comment.create":
    case "comment.reply": {
      const parsed =
        intent === "comment.create"
          ? parseForm(form, NewCommentSchema)
          : parseForm(form, ReplySchema);
      if (!parsed.ok) return fail(parsed);
      const wait = await limited("comment");
      if (wait) return wait;
      const result = await createComment(context.db, {
        proposal,
        actor: context.actor,
        authorName: user.displayName,
        stance: "stance" in parsed.data ? parsed.data.stance : "neutral",
        body: parsed.data.body,
        parentId: "parentId" in parsed.data ? parsed.data.parentId : null,
        mail: { mailer: context.mailer, origin: context.origin },
      });
      if (!result.ok) {
        if (result.reason === "forbidden") throw new Response(null, { status: 403 });
        if (result.reason === "closed") return refuse({ key: "comments.closed" });
        return refuse({ key: "comments.cannotReply" });
      }
      return done(
        result.path,
        t(intent === "comment.create" ? "comments.posted" : "comments.replied"),
      );
    }
    case "comment.edit": {
      const parsed = parseForm(form, EditCommentSchema);
      if (!parsed.ok) return fail(parsed);
      const wait = await limited("comment");
      if (wait) return wait;
      const result = await editComment(context.db, {
        proposal,
        commentId: parsed.data.commentId,
        actor: context.actor,
        body: parsed.data.body,
      });
      if (!result.ok) {
        if (result.reason === "notFound") throw new Response(null, { status: 404 });
        if (result.reason === "notYours") throw new Response(null, { status: 403 });
        return refuse({
          key: result.reason === "closed" ? "comments.closed" : "comments.editWindowPassed",
        });
      }
      return done(result.path, t("comments.edited"));
    }
    case "comment.delete": {
      const parsed = parseForm(form, DeleteCommentSchema);
      if (!parsed.ok) return fail(parsed);
      const result = await deleteComment(context.db, {
        proposalId: proposal.id,
        commentId: parsed.data.commentId,
        actor: context.actor,
      });
      if (!result.ok)
        throw new Response(null, { status: result.reason === "notYours" ? 403 : 404 });
      return done(result.path, t("comments.deleted"));
    }
    case "report": {
      if (!mayReport(context.actor, proposal)) throw new Response(null, { status: 403 });
      const parsed = parseForm(form, ReportSchema);
      if (!parsed.ok) return fail(parsed);
      const { kind, targetId, reason } = parsed.data;
      if (kind === "proposal" && targetId !== proposal.id)
        throw new Response(null, { status: 404 });
      const wait = await limited("report");
      if (wait) return wait;
      const result = await reportContent(context.db, {
        kind,
        targetId,
        reason,
        actor: context.actor,
        proposal,
      });
      if (result === "forbidden") throw new Response(null, { status: 403 });
      if (result === "notFound") throw new Response(null, { status: 404 });
      const to =
        kind === "proposal"
          ? home
          : commentPath(
              proposal.id,
              targetId,
              await pageOfComment(context.db, proposal.id, targetId),
            );
      return result === "reported"
        ? done(to, t("comments.reported"))
        : done(to, t("comments.alreadyReported"), "info");
    }
    case "follow":
    case "unfollow": {
      // A draft is followed only by its authors (and not told to anyone else to exist).
      const followed = await (intent === "follow" ? followProposal : unfollowProposal)(
        context.db,
        proposal,
        context.actor!,
      );
      if (!followed.ok) throw new Response(null, { status: 404 });
      return done(home, t(intent === "follow" ? "comments.followed" : "comments.unfollowed"));
    }
  }
}

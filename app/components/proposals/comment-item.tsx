/**
 * One comment or reply with what the reader may do with it: reply, edit (while `?edit=<id>`), delete,
 * report. Every action is a plain form or link, so it all works without JavaScript.
 */
import { Form, Link, useLocation } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { TextareaField } from "~/components/ui/field";
import { LIMITS } from "~/domain/proposals";
import { useI18n } from "~/i18n/react";
import type { DiscussionFailure } from "~/lib/discussion-intents.server";
import type { CommentView } from "~/services/discussion/index.server";
import { CommentTime, failureFor, FormError, ReportForm, StanceBadge } from "./comment-parts";

/** The current URL with `edit` set (or removed), keeping the page of comments. */
function editHref(search: string, commentId: number, editing: boolean): string {
  const params = new URLSearchParams(search);
  if (editing) params.set("edit", String(commentId));
  else params.delete("edit");
  const query = params.toString();
  return `${query ? `?${query}` : "?"}#comment-${commentId}`;
}

export interface CommentItemProps {
  comment: CommentView;
  /** A top-level comment takes replies and shows its stance. */
  topLevel: boolean;
  canComment: boolean;
  canReport: boolean;
  failure: DiscussionFailure | undefined;
  editingId?: number;
  /** When the page's data was loaded, for relative times. */
  now?: string;
  children?: React.ReactNode;
}

export function CommentItem({
  comment,
  topLevel,
  canComment,
  canReport,
  failure,
  editingId,
  now,
  children,
}: CommentItemProps) {
  const { t } = useI18n();
  const { search } = useLocation();
  const id = `comment-${comment.id}`;
  const editFailure = failureFor(failure, "comment.edit", comment.id);
  const editing = comment.mine && (editingId === comment.id || Boolean(editFailure));
  const author = comment.authorName ?? t("account.formerResident");

  if (comment.state === "deleted") {
    return (
      <article id={id} className="comment comment--placeholder">
        <p className="comment__placeholder">{t("comments.deletedPlaceholder")}</p>
        {children}
      </article>
    );
  }

  return (
    <article
      id={id}
      className={
        comment.state === "hidden"
          ? "comment comment--hidden"
          : `comment${topLevel ? ` stance--${comment.stance}` : ""}`
      }
      aria-labelledby={`${id}-author`}
    >
      <header className="comment__header">
        <strong id={`${id}-author`} className="comment__author">
          {author}
        </strong>
        {topLevel && comment.state === "visible" ? <StanceBadge stance={comment.stance} /> : null}
        {comment.mine ? <span className="badge">{t("comments.yours")}</span> : null}
        <span className="comment__time muted">
          <CommentTime iso={comment.createdAt} now={now} />
          {comment.editedAt ? <> · {t("comments.editedMark")}</> : null}
        </span>
      </header>

      {comment.state === "hidden" ? (
        <div className="comment__placeholder" role="note">
          <p>{t("comments.hiddenPlaceholder", { reason: comment.hiddenReason ?? "—" })}</p>
          {comment.body !== null ? <p className="muted">{t("comments.hiddenOwnNote")}</p> : null}
        </div>
      ) : null}

      {editing ? (
        <Form method="post" noValidate className="stack comment__edit">
          <input type="hidden" name="intent" value="comment.edit" />
          <input type="hidden" name="commentId" value={comment.id} />
          <FormError failure={editFailure} />
          <TextareaField
            id={`${id}-edit-body`}
            name="body"
            label={t("comments.editLabel")}
            hint={t("comments.bodyHint", { maximum: LIMITS.comment })}
            maxLength={LIMITS.comment}
            rows={5}
            required
            defaultValue={editFailure?.values.body ?? comment.body ?? ""}
            error={editFailure?.errors.body}
          />
          <div className="cluster">
            <Button type="submit" size="small">
              {t("comments.save")}
            </Button>
            <Link to={editHref(search, comment.id, false)}>{t("comments.cancel")}</Link>
          </div>
        </Form>
      ) : comment.body !== null ? (
        <div className="comment__body">{comment.body}</div>
      ) : null}

      {comment.state === "visible" || comment.mine ? (
        <div className="comment__actions">
          {topLevel && canComment && comment.state === "visible" ? (
            <ReplyForm parentId={comment.id} author={author} failure={failure} />
          ) : null}
          {comment.editable && !editing ? (
            <Link className="comment__action" to={editHref(search, comment.id, true)}>
              {t("comments.edit")}
            </Link>
          ) : null}
          {comment.mine ? (
            <details className="disclosure">
              <summary>{t("comments.delete")}</summary>
              <Form method="post" className="stack disclosure__body">
                <input type="hidden" name="intent" value="comment.delete" />
                <input type="hidden" name="commentId" value={comment.id} />
                <p>{t(topLevel ? "comments.deleteConfirm" : "comments.deleteReplyConfirm")}</p>
                <Button type="submit" variant="danger" size="small">
                  {t("comments.deleteSubmit")}
                </Button>
              </Form>
            </details>
          ) : null}
          {canReport && !comment.mine && comment.state === "visible" ? (
            <ReportForm kind="comment" targetId={comment.id} failure={failure} />
          ) : null}
        </div>
      ) : null}
      {children}
    </article>
  );
}

function ReplyForm({
  parentId,
  author,
  failure,
}: {
  parentId: number;
  author: string;
  failure: DiscussionFailure | undefined;
}) {
  const { t } = useI18n();
  const mine = failureFor(failure, "comment.reply", parentId);
  return (
    <details className="disclosure" open={Boolean(mine)}>
      <summary>{t("comments.reply")}</summary>
      <Form method="post" noValidate className="stack disclosure__body">
        <input type="hidden" name="intent" value="comment.reply" />
        <input type="hidden" name="parentId" value={parentId} />
        <FormError failure={mine} />
        <TextareaField
          id={`reply-${parentId}-body`}
          name="body"
          label={t("comments.replyLabel", { name: author })}
          hint={t("comments.bodyHint", { maximum: LIMITS.comment })}
          maxLength={LIMITS.comment}
          rows={3}
          required
          defaultValue={mine?.values.body}
          error={mine?.errors.body}
        />
        <Button type="submit" size="small">
          {t("comments.replySubmit")}
        </Button>
      </Form>
    </details>
  );
}

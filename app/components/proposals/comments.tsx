/**
 * The discussion of a proposal: what people think (stance counts), the form to add an opinion, and
 * the threaded comments, page by page. Rendered by the proposal page with `loadDiscussion`'s data and
 * the action's failure (`discussionFailure(useActionData())`); every form posts to that page.
 */
import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorSummary, TextareaField } from "~/components/ui/field";
import { Pagination } from "~/components/ui/pagination";
import type { PageInfo } from "~/domain/pagination";
import { LIMITS, STANCES } from "~/domain/proposals";
import { useI18n } from "~/i18n/react";
import type { DiscussionFailure } from "~/lib/discussion-intents.server";
import type { CommentThread, StanceCounts } from "~/services/discussion/index.server";
import { CommentItem } from "./comment-item";
import { failureFor } from "./comment-parts";

export { discussionFailure, FollowButton, ReportForm } from "./comment-parts";

export interface CommentsProps {
  proposalId: number;
  comments: CommentThread[];
  counts: StanceCounts;
  pageInfo: PageInfo;
  canComment: boolean;
  canReport: boolean;
  signedIn: boolean;
  failure: DiscussionFailure | undefined;
  /** The comment being edited (`?edit=<id>`); only the author's own, editable comment opens. */
  editingId?: number;
  /** When the data was loaded (`loadDiscussion` gives it): times within a week read "3 hours ago". */
  now?: string;
}

export function Comments({
  proposalId,
  comments,
  counts,
  pageInfo,
  canComment,
  canReport,
  signedIn,
  failure,
  editingId,
  now,
}: CommentsProps) {
  const { t } = useI18n();
  return (
    <section id="comments" className="discussion stack" aria-labelledby="comments-title">
      <h2 id="comments-title">{t("comments.title")}</h2>
      <StanceChart counts={counts} />
      {canComment ? (
        <NewCommentForm failure={failureFor(failure, "comment.create")} />
      ) : signedIn ? (
        <p className="notice">{t("comments.cannotComment")}</p>
      ) : (
        <p className="notice">
          <Link to={`/sign-in?redirectTo=${encodeURIComponent(`/proposals/${proposalId}`)}`}>
            {t("comments.signInToComment")}
          </Link>
        </p>
      )}
      <h3 id="comments-list-title">{t("comments.listTitle", { count: pageInfo.total })}</h3>
      {comments.length === 0 ? (
        <EmptyState title={t("comments.empty")} />
      ) : (
        <ol className="comment-list" aria-labelledby="comments-list-title">
          {comments.map((comment) => (
            <li key={comment.id}>
              <CommentItem
                comment={comment}
                topLevel
                canComment={canComment}
                canReport={canReport}
                failure={failure}
                editingId={editingId}
                now={now}
              >
                {comment.replies.length > 0 ? (
                  <ol
                    className="comment-list comment-list--replies"
                    aria-label={t("comments.repliesLabel", { count: comment.replies.length })}
                  >
                    {comment.replies.map((reply) => (
                      <li key={reply.id}>
                        <CommentItem
                          comment={reply}
                          topLevel={false}
                          canComment={canComment}
                          canReport={canReport}
                          failure={failure}
                          editingId={editingId}
                          now={now}
                        />
                      </li>
                    ))}
                  </ol>
                ) : null}
              </CommentItem>
            </li>
          ))}
        </ol>
      )}
      <Pagination pageInfo={pageInfo} label={t("comments.pagination")} />
    </section>
  );
}

/**
 * The stances of the opinions as bars, with the numbers written out: the bars are a picture of the
 * list beside them, hidden from screen readers, which read the list.
 */
export function StanceChart({ counts }: { counts: StanceCounts }) {
  const { t, number } = useI18n();
  const total = STANCES.reduce((sum, stance) => sum + counts[stance], 0);
  const largest = Math.max(1, ...STANCES.map((stance) => counts[stance]));
  return (
    <figure className="stance-chart">
      <figcaption>{t("comments.stanceSummary", { count: total })}</figcaption>
      <ul className="stance-chart__rows">
        {STANCES.map((stance) => (
          <li key={stance} className={`stance-chart__row stance--${stance}`}>
            <span className="stance-chart__label">{t(`comments.stance.${stance}`)}</span>
            <svg
              className="stance-chart__bar"
              viewBox="0 0 100 10"
              preserveAspectRatio="none"
              aria-hidden="true"
              focusable="false"
            >
              <rect className="stance-chart__track" width="100" height="10" />
              <rect
                className="stance-chart__fill"
                width={(100 * counts[stance]) / largest}
                height="10"
              />
            </svg>
            <span className="stance-chart__value">{number(counts[stance])}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

function NewCommentForm({ failure }: { failure: DiscussionFailure | undefined }) {
  const { t } = useI18n();
  const values = failure?.values ?? {};
  const labels = { stance: t("comments.stanceLegend"), body: t("comments.bodyLabel") };
  return (
    <Form method="post" noValidate className="stack comment-form" id="comment-new">
      <input type="hidden" name="intent" value="comment.create" />
      <ErrorSummary errors={failure?.errors} labels={labels} idPrefix="comment-new" />
      <fieldset
        className="choice"
        id="comment-new-stance"
        aria-describedby={failure?.errors.stance ? "comment-new-stance-error" : undefined}
      >
        <legend>
          {labels.stance}
          <span className="field__required">
            {" "}
            <span aria-hidden="true">*</span>
            <span className="visually-hidden">{t("form.requiredMarker")}</span>
          </span>
        </legend>
        {failure?.errors.stance ? (
          <p className="field__error" id="comment-new-stance-error">
            <span aria-hidden="true">⚠ </span>
            {t(failure.errors.stance.key, failure.errors.stance.values)}
          </p>
        ) : null}
        <div className="choice__options">
          {STANCES.map((stance) => (
            <label key={stance}>
              <input
                type="radio"
                name="stance"
                value={stance}
                required
                defaultChecked={values.stance === stance}
              />
              {t(`comments.stance.${stance}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <TextareaField
        id="comment-new-body"
        name="body"
        label={labels.body}
        hint={t("comments.bodyHint", { maximum: LIMITS.comment })}
        maxLength={LIMITS.comment}
        rows={5}
        required
        defaultValue={values.body}
        error={failure?.errors.body}
      />
      <Button type="submit">{t("comments.submit")}</Button>
    </Form>
  );
}

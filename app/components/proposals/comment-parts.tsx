/**
 * Small pieces of the discussion: stance badges, times, the per-form failure lookup, the report and
 * follow forms (the proposal page may use these two for the proposal itself).
 */
import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { TextareaField } from "~/components/ui/field";
import { LIMITS, type Stance } from "~/domain/proposals";
import { useI18n } from "~/i18n/react";
import type { Locale } from "~/i18n/locales";
import { FORM_ERROR } from "~/lib/forms";
import type { DiscussionFailure, DiscussionIntent } from "~/lib/discussion-intents.server";

/** The action data of a page, when it is a failed discussion form. */
export function discussionFailure(actionData: unknown): DiscussionFailure | undefined {
  if (typeof actionData !== "object" || actionData === null) return undefined;
  const candidate = actionData as Partial<DiscussionFailure>;
  return candidate.ok === false &&
    typeof candidate.intent === "string" &&
    "targetId" in candidate &&
    typeof candidate.errors === "object"
    ? (candidate as DiscussionFailure)
    : undefined;
}

/** The failure when it belongs to this form (its intent, and the comment it is about). */
export function failureFor(
  failure: DiscussionFailure | undefined,
  intent: DiscussionIntent,
  targetId: number | null = null,
  kind?: "comment" | "proposal",
): DiscussionFailure | undefined {
  if (!failure || failure.intent !== intent || failure.targetId !== targetId) return undefined;
  if (kind && failure.values.kind !== kind) return undefined;
  return failure;
}

/** An error about the whole form (comments closed, too fast …), announced when it appears. */
export function FormError({ failure }: { failure: DiscussionFailure | undefined }) {
  const { t } = useI18n();
  const error = failure?.errors[FORM_ERROR];
  if (!error) return null;
  return (
    <p className="field__error" role="alert">
      <span aria-hidden="true">⚠ </span>
      {t(error.key, error.values)}
    </p>
  );
}

/** A stance in words (colour only adds to it). */
export function StanceBadge({ stance }: { stance: Stance }) {
  const { t } = useI18n();
  return <span className={`badge stance stance--${stance}`}>{t(`comments.stance.${stance}`)}</span>;
}

const INTL_TAG: Record<Locale, string> = {
  "zh-Hans": "zh-Hans-CN",
  "zh-Hant": "zh-Hant-TW",
  en: "en-GB",
};
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];
const RELATIVE_FOR_MS = 7 * 86_400_000;

/** "3 minutes ago" in the reader's language, or null when it was a week or more ago. */
export function relativeTime(locale: Locale, iso: string, now: number): string | null {
  const elapsed = now - new Date(iso).getTime();
  if (elapsed < 0 || elapsed >= RELATIVE_FOR_MS) return null;
  const format = new Intl.RelativeTimeFormat(INTL_TAG[locale], { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
  }
  return format.format(0, "minute");
}

/**
 * When something was written: relative to `now` (when the page's data was loaded, so the server and
 * the browser render the same words) within a week, else the date and time; the exact date and time
 * is always its title and machine-readable value.
 */
export function CommentTime({ iso, now }: { iso: string; now?: string }) {
  const { dateTime, locale } = useI18n();
  const absolute = dateTime(iso);
  const relative = now ? relativeTime(locale, iso, new Date(now).getTime()) : null;
  return (
    <time dateTime={iso} title={absolute}>
      {relative ?? absolute}
    </time>
  );
}

/** "Report to the moderators", in a disclosure that opens without JavaScript. */
export function ReportForm({
  kind,
  targetId,
  failure,
}: {
  kind: "comment" | "proposal";
  targetId: number;
  failure: DiscussionFailure | undefined;
}) {
  const { t } = useI18n();
  const mine = failureFor(failure, "report", targetId, kind);
  const id = `report-${kind}-${targetId}`;
  return (
    <details className="disclosure" open={Boolean(mine)}>
      <summary>{t(kind === "comment" ? "comments.report" : "comments.reportProposal")}</summary>
      <Form method="post" noValidate className="stack disclosure__body">
        <input type="hidden" name="intent" value="report" />
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="targetId" value={targetId} />
        <FormError failure={mine} />
        <TextareaField
          id={`${id}-reason`}
          name="reason"
          label={t("comments.reportReason")}
          hint={t("comments.reportHint", { maximum: LIMITS.reason })}
          maxLength={LIMITS.reason}
          rows={3}
          required
          defaultValue={mine?.values.reason}
          error={mine?.errors.reason}
        />
        <Button type="submit" variant="secondary" size="small">
          {t("comments.reportSubmit")}
        </Button>
      </Form>
    </details>
  );
}

/** Follow or stop following a proposal (new comments and status changes are notified). */
export function FollowButton({ following }: { following: boolean }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={following ? "unfollow" : "follow"} />
      <Button type="submit" variant="secondary" size="small">
        {t(following ? "comments.unfollow" : "comments.follow")}
      </Button>
    </Form>
  );
}

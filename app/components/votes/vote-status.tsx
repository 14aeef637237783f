/**
 * A vote's state in words: a badge (scheduled, open, closed) and when it opens or closes, as text
 * the server writes ("closes in 2 days 3 hours", "closed on 3 May 2026"), right without JavaScript.
 */
import { useI18n } from "~/i18n/react";
import { timeUntil } from "~/lib/votes-time";

export type VotePhase = "scheduled" | "open" | "closed";

export function VoteStatusBadge({ phase }: { phase: VotePhase }) {
  const { t } = useI18n();
  return <span className={`badge badge--vote-${phase}`}>{t(`voteStatus.${phase}`)}</span>;
}

/** "Opens in …", "closes in …" or "closed on …", from the `now` the loader measured. */
export function VoteWhen({
  phase,
  opensAt,
  closesAt,
  now,
  timeZone,
}: {
  phase: VotePhase;
  opensAt: string;
  closesAt: string;
  now: string;
  timeZone: string;
}) {
  const { t, dateTime } = useI18n();
  if (phase === "closed") return <>{t("vote.closedOn", { date: dateTime(closesAt, timeZone) })}</>;
  const target = phase === "scheduled" ? opensAt : closesAt;
  const left = timeUntil(new Date(now), new Date(target));
  const when = dateTime(target, timeZone);
  if (!left)
    return <>{t(phase === "scheduled" ? "vote.opensAt" : "vote.closesAt", { date: when })}</>;
  const span =
    left.days > 0
      ? t("vote.spanDays", { days: left.days, hours: left.hours })
      : left.hours > 0
        ? t("vote.spanHours", { hours: left.hours, minutes: left.minutes })
        : t("vote.spanMinutes", { minutes: left.minutes });
  return (
    <>
      {phase === "scheduled"
        ? t("vote.opensIn", { span, date: when })
        : t("vote.closesIn", { span, date: when })}
    </>
  );
}

/**
 * A vote whose ballots cannot be counted: the committee reads why (and what to check); everyone
 * else reads that the count is being checked. Shown where the result would be.
 */
import type { VoteProblem } from "~/domain/vote-rules";
import { useI18n } from "~/i18n/react";

export function VoteAttention({ problem }: { problem: VoteProblem | "checking" }) {
  const { t } = useI18n();
  if (problem === "checking")
    return (
      <p className="notice notice--warning" role="status">
        {t("vote.countBeingChecked")}
      </p>
    );
  return (
    <div className="notice notice--error" role="status">
      <p>
        <strong>{t("vote.attentionTitle")}</strong>
      </p>
      <p>
        {problem.reason === "overElectorate"
          ? t("vote.attentionOverElectorate", {
              cast: problem.cast,
              electorate: problem.electorate,
            })
          : t("vote.attentionCountFailed")}
      </p>
    </div>
  );
}

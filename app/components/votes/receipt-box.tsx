/**
 * The receipt of a secret ballot, shown once, right after it was cast: a box made to be printed or
 * copied by hand, with the one thing to remember said plainly. Printing the page prints the box
 * alone (see votes.css).
 */
import { useI18n } from "~/i18n/react";

export function ReceiptBox({
  receipt,
  voteTitle,
  ballotsUrl,
}: {
  receipt: string;
  voteTitle: string;
  /** Where the ballot box will be published (the page to check the receipt on). */
  ballotsUrl: string;
}) {
  const { t } = useI18n();
  return (
    <section className="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{t("receipt.title")}</h2>
      <p className="receipt__keep">{t("receipt.keep")}</p>
      <p className="receipt__vote">{voteTitle}</p>
      <p className="receipt__code" aria-describedby="receipt-how">
        <span className="visually-hidden">{t("receipt.codeLabel")} </span>
        <code>{receipt}</code>
      </p>
      <p className="receipt__how" id="receipt-how">
        {t("receipt.how")}
      </p>
      <p className="receipt__where muted">{t("receipt.where", { url: ballotsUrl })}</p>
      <p className="receipt__once">{t("receipt.once")}</p>
      <p className="no-print muted">{t("receipt.print")}</p>
    </section>
  );
}

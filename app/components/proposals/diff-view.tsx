import type { DiffPart } from "~/domain/text-diff";
import { useI18n } from "~/i18n/react";

/**
 * A text with its changes marked: added words in `<ins>`, removed ones in `<del>`. Colour is never the
 * only signal (underline and strike-through too), and screen readers hear "added:" / "removed:"
 * before each change and "end" after it, since most do not announce `<ins>`/`<del>` by default.
 */
export function DiffView({
  parts,
  lang,
  block = false,
}: {
  parts: DiffPart[];
  /** The language the text is written in. */
  lang?: string;
  /** Keeps line breaks (for the body); titles and summaries are inline. */
  block?: boolean;
}) {
  const { t, locale } = useI18n();
  const Tag = block ? "div" : "p";
  return (
    <Tag className={block ? "diff diff--block" : "diff"} lang={lang}>
      {parts.map((part, index) =>
        part.type === "same" ? (
          <span key={index}>{part.text}</span>
        ) : part.type === "added" ? (
          <ins key={index} className="diff__added">
            <span className="visually-hidden" lang={locale}>
              {t("versions.srAdded")}
            </span>
            {part.text}
            <span className="visually-hidden" lang={locale}>
              {t("versions.srEnd")}
            </span>
          </ins>
        ) : (
          <del key={index} className="diff__removed">
            <span className="visually-hidden" lang={locale}>
              {t("versions.srRemoved")}
            </span>
            {part.text}
            <span className="visually-hidden" lang={locale}>
              {t("versions.srEnd")}
            </span>
          </del>
        ),
      )}
    </Tag>
  );
}

/** What the marks mean, shown once above the differences. */
export function DiffLegend() {
  const { t } = useI18n();
  return (
    <p className="diff-legend cluster" aria-hidden="true">
      <span>
        <ins className="diff__added">{t("versions.legendAdded")}</ins>
      </span>
      <span>
        <del className="diff__removed">{t("versions.legendRemoved")}</del>
      </span>
    </p>
  );
}

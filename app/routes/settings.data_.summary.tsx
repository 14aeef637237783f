import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { auditSentence } from "~/domain/audit-sentences";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { useI18n } from "~/i18n/react";
import type { Translator } from "~/i18n/translator";
import { requireUser } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { NOTIFICATION_MESSAGE, type NotificationKind } from "~/services/notifications.server";
import { exportPersonalData, SECTIONS } from "~/services/personal-data/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** Items shown per section; the JSON download has them all. */
const LIMIT = 50;

/** What names a row best, in the order tried; and when it happened. */
const HEADLINE_FIELDS = ["body", "title", "label", "community", "userAgent"];
const DATE_FIELDS = [
  "createdAt",
  "castAt",
  "votedOn",
  "occurredAt",
  "grantedAt",
  "revokedAt",
  "decidedAt",
  "usedAt",
  "heldOn",
  "enteredAt",
  "confirmedAt",
  "invitedAt",
  "opensAt",
  "at",
];

type Row = Record<string, unknown>;

function firstString(row: Row, fields: readonly string[]): string | null {
  for (const field of fields) {
    const value = row[field];
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  return null;
}

function firstDate(row: Row, fields: readonly string[]): Date | null {
  for (const field of fields) {
    const value = row[field];
    if (value instanceof Date) return value;
    if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value);
  }
  return null;
}

function notificationText(row: Row, tr: Translator): string | null {
  const kind = row.kind as NotificationKind;
  const payload = row.payload as { values?: Record<string, string | number> } | null;
  if (!(kind in NOTIFICATION_MESSAGE)) return null;
  try {
    return tr.t(NOTIFICATION_MESSAGE[kind], payload?.values ?? {});
  } catch {
    // An old notification may lack a value its message now names.
    return null;
  }
}

/** One item of a section as a line a person can read: what, and when. */
function line(key: string, row: Row, tr: Translator, me: string) {
  let text: string | null;
  if (key === "notifications") text = notificationText(row, tr);
  else if (key === "auditEntries") {
    text = auditSentence(
      {
        action: String(row.action),
        actorId: row.byYou ? "me" : null,
        targetType: row.aboutYou ? "user" : null,
        targetId: null,
        before: null,
        after: null,
      },
      { actor: row.byYou ? me : null, subject: row.aboutYou ? me : null },
      tr,
    ).text;
  } else text = firstString(row, HEADLINE_FIELDS);
  const when = firstDate(row, DATE_FIELDS);
  return { text: text ?? "", when: when ? tr.dateTime(when) : null };
}

/** A readable summary of the export (/settings/export), in the reader's language. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const tr = await requestI18n(request);
  const data = await exportPersonalData(context.db, user.id);
  if (!data) throw new Response(null, { status: 404 });
  const me = data.account.displayName ?? tr.t("account.formerResident");
  return {
    title: tr.t("data.summaryTitle"),
    account: {
      name: me,
      email: data.account.email ?? "—",
      since: tr.date(data.account.createdAt),
    },
    sections: SECTIONS.map(({ key }) => {
      const rows = data.sections[key] ?? [];
      return {
        key,
        count: rows.length,
        lines: rows.slice(0, LIMIT).map((row) => line(key, row, tr, me)),
      };
    }),
  };
}

export default function DataSummary() {
  const { account, sections } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="stack">
      <p>
        <Link to="/settings/data">← {t("data.back")}</Link>
      </p>
      <h1>{t("data.summaryTitle")}</h1>
      <p className="lede">{t("data.summaryIntro", { limit: LIMIT })}</p>
      <p>
        <a
          className="button button--secondary"
          href="/settings/export"
          download="yishi-personal-data.json"
        >
          {t("data.download")}
        </a>
      </p>
      <section className="stack" aria-labelledby="data-account">
        <h2 id="data-account">{t("data.account")}</h2>
        <p>
          {t("data.accountLine", { name: account.name, email: account.email, date: account.since })}
        </p>
      </section>
      {sections.map((section) => (
        <section key={section.key} className="stack" aria-labelledby={`data-${section.key}`}>
          <h2 id={`data-${section.key}`}>
            {t(`dataSection.${section.key}` as MessageKey)} ·{" "}
            {t("data.count", { count: section.count })}
          </h2>
          {section.key === "votedIn" ? <p>{t("data.secretBallots")}</p> : null}
          {section.lines.length > 0 ? (
            <ul>
              {section.lines.map((item, index) => (
                <li key={index}>
                  {item.text}
                  {item.text && item.when ? " · " : null}
                  {item.when}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </div>
  );
}

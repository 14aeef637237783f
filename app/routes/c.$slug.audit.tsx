import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Pagination } from "~/components/ui/pagination";
import { Table } from "~/components/ui/table";
import { Notice } from "~/components/ui/toast";
import type { ChainVerdict } from "~/domain/audit-chain";
import { publicAuditEntry } from "~/domain/audit-public";
import { auditSentence, peopleOf } from "~/domain/audit-sentences";
import { DEFAULT_PAGE_SIZE, parsePageParam } from "~/domain/pagination";
import { can } from "~/domain/policy";
import { useI18n } from "~/i18n/react";
import type { Translator } from "~/i18n/translator";
import { loadCommunity } from "~/lib/community.server";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { listAuditEntries, verifyAuditChain } from "~/services/audit.server";
import { subtreeIds } from "~/services/communities.server";
import { displayNames } from "~/services/users.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

/** How many leading characters of a hash the table shows; the whole hash is one click away. */
const SHORT_HASH = 12;

/** The chain check's verdict in the reader's language (the button below asks for it with ?verify=1). */
function verdictText(verdict: ChainVerdict | "later", t: Translator["t"]) {
  if (verdict === "later") return { ok: false, text: t("audit.verifyLater") };
  if (verdict.ok) return { ok: true, text: t("audit.verifyOk", { count: verdict.checked }) };
  return {
    ok: false,
    text: t("audit.verifyBroken", {
      id: verdict.brokenAtId,
      count: verdict.checked,
      reason: t(`audit.broken.${verdict.reason}`),
    }),
  };
}

/**
 * The audit log of a community and everything below it, newest first, as sentences. Those who may
 * read the log (`audit.read`) see every entry; everyone else sees what is public by nature, without
 * personal data (see ~/domain/audit-public). Anyone may have the whole chain checked. Reading
 * writes nothing.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const translator = await requestI18n(request);
  const { locale, t } = translator;
  const { community, resource, name } = await loadCommunity(context, request, params.slug, locale);
  const full = can(context.actor, "audit.read", resource);
  const search = new URL(request.url).searchParams;
  let verdict: ChainVerdict | "later" | null = null;
  if (search.get("verify") === "1") {
    const wait = await context.rateLimits.consume(
      "auditVerify",
      context.user?.id ?? context.clientIp,
    );
    verdict = wait ? "later" : await verifyAuditChain(context.db);
  }
  const { items, pageInfo } = await listAuditEntries(
    context.db,
    await subtreeIds(context.db, community.id),
    { page: parsePageParam(search.get("page")), pageSize: DEFAULT_PAGE_SIZE },
    { publicOnly: !full },
  );
  const shown = full ? items : items.flatMap((item) => publicAuditEntry(item) ?? []);
  const people = shown.map(peopleOf);
  const names = await displayNames(
    context.db,
    people.flatMap((p) => [p.actorId, p.subjectId]),
  );
  const nameOf = (id: string | null) =>
    id === null ? null : (names.get(id) ?? t("account.formerResident"));
  return {
    title: t("audit.title", { community: name }),
    community: { slug: community.slug, name },
    full,
    pageInfo,
    verdict: verdict ? verdictText(verdict, t) : null,
    entries: shown.map((item, index) => {
      const { actorId, subjectId } = people[index]!;
      const sentence = auditSentence(
        item,
        { actor: nameOf(actorId), subject: nameOf(subjectId) },
        translator,
      );
      return {
        id: item.id,
        occurredAt: item.occurredAt,
        sentence: sentence.text,
        link: sentence.link,
        hash: item.hash,
        prevHash: item.prevHash,
      };
    }),
  };
}

export default function AuditLog() {
  const { community, entries, pageInfo, full, verdict } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <>
      <p>
        <Link to={`/c/${community.slug}`}>← {community.name}</Link>
      </p>
      <h1>{t("audit.title", { community: community.name })}</h1>
      <p className="lede">{t(full ? "audit.intro" : "audit.publicIntro")}</p>
      <section className="stack" aria-labelledby="audit-verify">
        <h2 id="audit-verify">{t("audit.verifyTitle")}</h2>
        <p>{t("audit.verifyIntro")}</p>
        <div role="status">
          {verdict ? <Notice kind={verdict.ok ? "success" : "error"}>{verdict.text}</Notice> : null}
        </div>
        <Form method="get">
          <input type="hidden" name="verify" value="1" />
          {pageInfo.page > 1 ? <input type="hidden" name="page" value={pageInfo.page} /> : null}
          <Button type="submit" variant="secondary">
            {t("audit.verifyButton")}
          </Button>
        </Form>
      </section>
      {entries.length === 0 ? (
        <EmptyState title={t("audit.empty")} />
      ) : (
        <Table
          caption={t("audit.caption")}
          rows={entries}
          rowKey={(row) => row.id}
          columns={[
            {
              key: "when",
              header: t("audit.when"),
              nowrap: true,
              cell: (row) => dateTime(row.occurredAt),
            },
            {
              key: "action",
              header: t("audit.action"),
              cell: (row) => (row.link ? <Link to={row.link}>{row.sentence}</Link> : row.sentence),
            },
            {
              key: "hash",
              header: t("audit.hash"),
              cell: (row) => (
                <details>
                  <summary>
                    <code title={row.hash}>{row.hash.slice(0, SHORT_HASH)}…</code>
                  </summary>
                  <dl>
                    <dt>{t("audit.fullHash")}</dt>
                    <dd>
                      <code>{row.hash}</code>
                    </dd>
                    <dt>{t("audit.previousHash")}</dt>
                    <dd>
                      <code>{row.prevHash}</code>
                    </dd>
                  </dl>
                </details>
              ),
            },
          ]}
        />
      )}
      <Pagination pageInfo={pageInfo} />
    </>
  );
}

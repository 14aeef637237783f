import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { TextField } from "~/components/ui/field";
import { Pagination } from "~/components/ui/pagination";
import { can } from "~/domain/policy";
import { DEFAULT_PAGE_SIZE, parsePageParam } from "~/domain/pagination";
import { useI18n } from "~/i18n/react";
import { forbiddenByService, requireActor } from "~/lib/guards.server";
import { loadCommunity } from "~/lib/community.server";
import { pageMeta } from "~/lib/meta";
import { requestI18n } from "~/lib/route-context.server";
import { redirectWithToast } from "~/lib/toast.server";
import {
  decideMembership,
  listPendingRequests,
  listVerifiedMembers,
} from "~/services/membership/index.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(data?.title, matches);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { locale, t } = await requestI18n(request);
  const { community, resource, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "member.list",
  );
  const url = new URL(request.url);
  const mayReview = can(context.actor, "membership.review", resource);
  const [pending, members] = await Promise.all([
    mayReview ? listPendingRequests(context.db, community.id, { page: 1, pageSize: 50 }) : null,
    listVerifiedMembers(context.db, community.id, {
      page: parsePageParam(url.searchParams.get("page")),
      pageSize: DEFAULT_PAGE_SIZE,
    }),
  ]);
  return {
    title: t("members.title", { community: name }),
    community: { slug: community.slug, name },
    pending,
    members,
  };
}

const DecisionSchema = z.object({
  membershipId: z.coerce.number().int().positive(),
  decision: z.enum(["verify", "decline"]),
  reason: z.string().trim().max(300).default(""),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const { locale, t } = await requestI18n(request);
  const { community, name } = await loadCommunity(
    context,
    request,
    params.slug,
    locale,
    "membership.review",
  );
  const parsed = DecisionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response(null, { status: 400 });
  if (parsed.data.decision === "decline" && parsed.data.reason === "") {
    return data({ reasonMissingFor: parsed.data.membershipId }, { status: 400 });
  }
  const done = await decideMembership(
    context.db,
    { mailer: context.mailer, origin: context.origin },
    actor,
    { ...parsed.data, community, communityName: name },
  );
  if (!done.ok && done.reason === "forbidden") throw forbiddenByService();
  // One's own request is not for one to decide; it reads as already decided, as it always has.
  return redirectWithToast(context, `/c/${community.slug}/members`, {
    kind: done.ok ? "success" : "info",
    message: !done.ok
      ? t("members.alreadyDecided")
      : t(parsed.data.decision === "verify" ? "members.verified" : "members.declined"),
  });
}

export default function Members() {
  const { community, pending, members } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const reasonMissingFor = result && "reasonMissingFor" in result ? result.reasonMissingFor : null;
  const { t, dateTime } = useI18n();
  return (
    <>
      <p>
        <Link to={`/c/${community.slug}`}>← {community.name}</Link>
      </p>
      <h1>{t("members.title", { community: community.name })}</h1>
      {pending ? (
        <section className="stack" aria-labelledby="queue-title">
          <h2 id="queue-title">{t("members.queue", { count: pending.pageInfo.total })}</h2>
          {pending.items.length === 0 ? (
            <EmptyState title={t("members.queueEmpty")} />
          ) : (
            <ul className="link-list">
              {pending.items.map((request) => (
                <li key={request.membershipId} className="card stack">
                  <h3>{request.displayName ?? t("account.formerResident")}</h3>
                  <p className="muted">
                    {[request.building, request.unit].filter(Boolean).join(" · ") ||
                      t("members.noAddress")}{" "}
                    · {t("members.requestedAt", { date: dateTime(request.createdAt) })}
                  </p>
                  {request.note ? <p>{request.note}</p> : null}
                  <div className="cluster">
                    <Form method="post">
                      <input type="hidden" name="membershipId" value={request.membershipId} />
                      <input type="hidden" name="decision" value="verify" />
                      <Button
                        type="submit"
                        aria-label={t("members.verifyPerson", { name: request.displayName ?? "" })}
                      >
                        {t("members.verify")}
                      </Button>
                    </Form>
                    <Form method="post" className="cluster">
                      <input type="hidden" name="membershipId" value={request.membershipId} />
                      <input type="hidden" name="decision" value="decline" />
                      <TextField
                        label={t("members.declineReason")}
                        name="reason"
                        id={`reason-${request.membershipId}`}
                        error={
                          reasonMissingFor === request.membershipId
                            ? { key: "members.reasonRequired" }
                            : undefined
                        }
                        required
                        maxLength={300}
                      />
                      <Button type="submit" variant="secondary">
                        {t("members.decline")}
                      </Button>
                    </Form>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <section className="stack" aria-labelledby="members-title">
        <h2 id="members-title">{t("members.verifiedTitle", { count: members.pageInfo.total })}</h2>
        {members.items.length === 0 ? (
          <EmptyState title={t("members.none")} />
        ) : (
          <ul className="link-list">
            {members.items.map((member) => (
              <li key={member.membershipId} className="card">
                <strong>{member.displayName ?? t("account.formerResident")}</strong>{" "}
                <span className="muted">
                  {[member.building, member.unit].filter(Boolean).join(" · ")}
                  {member.via === "household_code" ? ` · ${t("members.viaCode")}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
        <Pagination pageInfo={members.pageInfo} />
      </section>
    </>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/guards.server";
import { exportPersonalData } from "~/services/personal-data/index.server";

/** A download of all the person's data, as JSON. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const exported = await exportPersonalData(context.db, user.id);
  return new Response(JSON.stringify(exported, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="yishi-personal-data.json"',
      "Cache-Control": "no-store",
    },
  });
}

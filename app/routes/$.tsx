import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/react";

/** Any address no route claims: a translated 404 inside the normal page frame. */
export function loader() {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

export default function NotFound() {
  const { t } = useI18n();
  return (
    <p>
      <Link to="/">{t("error.backHome")}</Link>
    </p>
  );
}

import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/react";
import { notFound } from "~/lib/refusal";

/** Any address no route claims: a translated 404 inside the normal page frame. */
export function loader() {
  throw notFound("page");
}

export default function NotFound() {
  const { t } = useI18n();
  return (
    <p>
      <Link to="/">{t("error.backHome")}</Link>
    </p>
  );
}

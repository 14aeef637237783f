import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/react";

export interface Crumb {
  label: string;
  to: string;
}

/** Where this page sits in the tree; the last crumb is the current page and is not a link. */
export function Breadcrumbs({ trail, current }: { trail: Crumb[]; current: string }) {
  const { t } = useI18n();
  return (
    <nav className="breadcrumbs" aria-label={t("breadcrumbs.label")}>
      <ol>
        {trail.map((crumb) => (
          <li key={crumb.to}>
            <Link to={crumb.to}>{crumb.label}</Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

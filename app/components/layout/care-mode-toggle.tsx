import { Form, useLocation, useNavigation } from "@remix-run/react";
import { useI18n } from "~/i18n/react";

/** The care-mode switch (关怀模式): a toggle button that posts the opposite of the current state. */
export function CareModeToggle({ care }: { care: boolean }) {
  const { t } = useI18n();
  const location = useLocation();
  const navigation = useNavigation();
  const pending =
    navigation.formAction === "/preferences" && navigation.formData?.get("intent") === "care";
  const optimistic = pending ? navigation.formData?.get("care") === "on" : care;
  return (
    <Form method="post" action="/preferences">
      <input type="hidden" name="intent" value="care" />
      <input type="hidden" name="care" value={optimistic ? "off" : "on"} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button
        type="submit"
        className="switcher__option care-toggle"
        aria-pressed={optimistic}
        title={t("header.careHint")}
      >
        <span aria-hidden="true" className="decorative">
          {optimistic ? "☑ " : "☐ "}
        </span>
        {t("header.care")}
      </button>
    </Form>
  );
}

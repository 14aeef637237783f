import { useState, type ReactNode } from "react";
import { useI18n } from "~/i18n/react";

export interface ToastMessage {
  kind: "success" | "info" | "error";
  message: string;
}

/**
 * The place where one-time messages appear after an action. The live region is always in the page so
 * that screen readers announce a message when it arrives; messages stay until dismissed.
 */
export function ToastRegion({ toast }: { toast: ToastMessage | null }) {
  const { t } = useI18n();
  // A new toast (a new object from the loader) shows even after an earlier one was dismissed.
  const [dismissed, setDismissed] = useState<ToastMessage | null>(null);
  const shown = toast && toast !== dismissed ? toast : null;
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {shown ? (
        <div className={`toast toast--${shown.kind}`}>
          <p className="toast__message">{shown.message}</p>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setDismissed(toast)}
          >
            {t("toast.dismiss")}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** A message that belongs to the page itself (not a toast): info, success or error. */
export function Notice({
  kind = "info",
  children,
}: {
  kind?: ToastMessage["kind"];
  children: ReactNode;
}) {
  return <div className={`notice notice--${kind}`}>{children}</div>;
}

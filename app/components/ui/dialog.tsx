import { useEffect, useId, useRef, type ReactNode } from "react";
import { buttonClass, type ButtonVariant } from "./button";
import { useI18n } from "~/i18n/react";

/**
 * A modal dialog on the native <dialog> element: focus moves in and back, Escape closes, the page
 * behind is inert. The opener uses invoker commands (`commandfor` / `command`), which open it without
 * JavaScript in current browsers; for older ones a small effect does the same.
 */
export function Dialog({
  title,
  children,
  triggerLabel,
  triggerVariant = "secondary",
  actions,
}: {
  title: ReactNode;
  children: ReactNode;
  triggerLabel: ReactNode;
  triggerVariant?: ButtonVariant;
  /** Extra buttons beside "Close", e.g. a form's submit button. */
  actions?: ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  const titleId = `${id}-title`;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const opener = openerRef.current;
    const dialog = dialogRef.current;
    if (!opener || !dialog || "command" in HTMLButtonElement.prototype) return;
    const open = () => dialog.showModal();
    opener.addEventListener("click", open);
    return () => opener.removeEventListener("click", open);
  }, []);

  const invoke = (command: "show-modal" | "close") => ({ commandfor: id, command });

  return (
    <>
      <button
        ref={openerRef}
        type="button"
        className={buttonClass({ variant: triggerVariant })}
        aria-haspopup="dialog"
        {...invoke("show-modal")}
      >
        {triggerLabel}
      </button>
      <dialog id={id} ref={dialogRef} className="dialog" aria-labelledby={titleId}>
        <div className="dialog__body">
          <h2 id={titleId}>{title}</h2>
          {children}
          <form method="dialog" className="dialog__actions">
            {actions}
            <button type="submit" className={buttonClass({ variant: "secondary" })}>
              {t("dialog.close")}
            </button>
          </form>
        </div>
      </dialog>
    </>
  );
}

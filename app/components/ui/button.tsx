import { Link, type LinkProps } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";

interface StyleProps {
  variant?: ButtonVariant;
  size?: "normal" | "small";
}

export function buttonClass({ variant = "primary", size = "normal" }: StyleProps, extra?: string) {
  return [
    "button",
    variant !== "primary" && `button--${variant}`,
    size === "small" && "button--small",
    extra,
  ]
    .filter(Boolean)
    .join(" ");
}

/** A button. `type` defaults to "button" so that only an explicit submit submits a form. */
export function Button({
  variant,
  size,
  className,
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & StyleProps) {
  return <button type={type} className={buttonClass({ variant, size }, className)} {...props} />;
}

/** A link that looks like a button, for navigation that starts something. */
export function ButtonLink({ variant, size, className, ...props }: LinkProps & StyleProps) {
  return <Link className={buttonClass({ variant, size }, className)} {...props} />;
}

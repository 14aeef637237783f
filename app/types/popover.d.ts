/**
 * The HTML popover attributes, which React 18 passes through as written but its types do not yet
 * list (React 19's do). Lowercase, as HTML spells them, so that React renders them unchanged.
 */
import "react";

// The merged declarations must repeat React's type parameter, unused here.
/* eslint-disable @typescript-eslint/no-unused-vars */
declare module "react" {
  interface HTMLAttributes<T> {
    popover?: "auto" | "manual" | "";
  }
  interface ButtonHTMLAttributes<T> {
    popovertarget?: string;
    popovertargetaction?: "toggle" | "show" | "hide";
  }
}

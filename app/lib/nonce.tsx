import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");

/** Carries the request's CSP nonce from entry.server to the script tags in the root layout. */
export const NonceProvider = NonceContext.Provider;

/** The CSP nonce on the server; the empty string in the browser (scripts are already running). */
export function useNonce(): string {
  return useContext(NonceContext);
}

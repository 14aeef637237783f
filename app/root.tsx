import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { ErrorPage } from "./components/errors/error-page";
import { AppShell } from "./components/layout/app-shell";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n/locales";
import { I18nProvider } from "./i18n/react";
import { useNonce } from "./lib/nonce";
import { getTranslator } from "./i18n/i18n.server";
import { pageMeta } from "./lib/meta";
import { readPreferences } from "./lib/preferences.server";
import { takeToast } from "./lib/toast.server";
import { unreadCount } from "./services/notifications.server";
import styles from "./styles/app.css";
import discussionStyles from "./styles/discussion.css";
import editorStyles from "./styles/editor.css";
import proposalStyles from "./styles/proposals.css";
import voteStyles from "./styles/votes.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: proposalStyles },
  { rel: "stylesheet", href: discussionStyles },
  { rel: "stylesheet", href: editorStyles },
  { rel: "stylesheet", href: voteStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageMeta(undefined, matches);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { locale, care } = await readPreferences(request);
  const { toast, setCookie } = await takeToast(
    request,
    context.config.sessionSecret,
    context.secure,
  );
  const { t } = getTranslator(locale);
  const user = context.user
    ? {
        displayName: context.user.displayName,
        unread: await unreadCount(context.db, context.user.id),
      }
    : null;
  return data(
    { locale, care, toast, user, appName: t("app.name"), description: t("app.description") },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  // Without root data (an error before it loaded), keep the language the document already has.
  const documentLang = typeof document === "undefined" ? undefined : document.documentElement.lang;
  const locale: Locale = root?.locale ?? (isLocale(documentLang) ? documentLang : DEFAULT_LOCALE);
  const care = root?.care ?? false;
  return (
    <html lang={locale} data-care={care ? "on" : "off"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#a61e1e" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider locale={locale}>
          <AppShell care={care} toast={root?.toast ?? null} user={root?.user ?? null}>
            {children}
          </AppShell>
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Marks the document once React has taken over (tests wait for it before clicking enhanced forms). */
function useMarkHydrated() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
}

export default function App() {
  useMarkHydrated();
  return <Outlet />;
}

export function ErrorBoundary() {
  // An error page is hydrated too (its links and the menu work), and says so like any page.
  useMarkHydrated();
  const error = useRouteError();
  const root = useRouteLoaderData<typeof loader>("root");
  return <ErrorPage error={error} signedIn={Boolean(root?.user)} />;
}

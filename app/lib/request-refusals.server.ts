/**
 * The answers the server gives, before any route runs, to a request it will not take: a body too
 * large (413), a compressed body (415), a form it cannot read or with control characters in a field
 * (400), a `?_data=` request (400). In the reader's language, as a small page or as plain text.
 */
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import type { Translator } from "~/i18n/translator";
import { requestI18n } from "./route-context.server";
import { safeRedirectPath } from "./safe-redirect";

export type RefusalKind =
  "tooLarge" | "unsupportedEncoding" | "badForm" | "controlCharacter" | "legacyData";

const REFUSALS: Record<RefusalKind, { status: number; title: MessageKey; body: MessageKey }> = {
  tooLarge: { status: 413, title: "refusal.tooLargeTitle", body: "refusal.tooLargeBody" },
  unsupportedEncoding: {
    status: 415,
    title: "refusal.unsupportedEncodingTitle",
    body: "refusal.unsupportedEncodingBody",
  },
  badForm: { status: 400, title: "refusal.badFormTitle", body: "refusal.badFormBody" },
  controlCharacter: {
    status: 400,
    title: "refusal.controlCharacterTitle",
    body: "refusal.controlCharacterBody",
  },
  legacyData: { status: 400, title: "refusal.legacyDataTitle", body: "refusal.legacyDataBody" },
};

export interface RefusalRequest {
  /** The request's path: the page the reader goes back to (a form posts to its own page). */
  path: string;
  cookie?: string;
  acceptLanguage?: string;
  /** True when the client takes HTML (a browser navigating), else the answer is plain text. */
  html: boolean;
}

export interface Refusal {
  status: number;
  contentType: string;
  body: string;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

function byteSize(bytes: number, number: Translator["number"]): string {
  return bytes >= 1024 * 1024
    ? number(bytes / (1024 * 1024), { style: "unit", unit: "megabyte", maximumFractionDigits: 1 })
    : number(bytes / 1024, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 });
}

/** The answer to a refused request; `details` fills the message (the limit, the field's name). */
export async function refusalFor(
  kind: RefusalKind,
  request: RefusalRequest,
  details: { limit?: number; field?: string } = {},
): Promise<Refusal> {
  const headers = new Headers();
  if (request.cookie) headers.set("Cookie", request.cookie);
  if (request.acceptLanguage) headers.set("Accept-Language", request.acceptLanguage);
  const { t, number, locale } = await requestI18n(new Request("http://localhost/", { headers }));
  const refusal = REFUSALS[kind];
  const title = t(refusal.title);
  const body = t(refusal.body, {
    size: byteSize(details.limit ?? 0, number),
    field: details.field ?? "",
  });
  if (!request.html)
    return {
      status: refusal.status,
      contentType: "text/plain; charset=utf-8",
      body: `${title}\n${body}\n`,
    };
  const back = safeRedirectPath(request.path.replace(/\.data$/, "").replace(/^\/_root$/, "/"));
  const page =
    `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title></head><body><main>` +
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>` +
    `<p><a href="${escapeHtml(back)}">${escapeHtml(t("refusal.back"))}</a></p>` +
    `</main></body></html>\n`;
  return { status: refusal.status, contentType: "text/html; charset=utf-8", body: page };
}

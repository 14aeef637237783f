import { Component, lazy, Suspense, useId, useState, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { useI18n } from "~/i18n/react";
import { useHydrated } from "~/lib/use-hydrated";

/**
 * The collaborative editor (Tiptap + Yjs, ~160 KiB gzip) is its own chunk, fetched only when someone
 * presses the button; it is a `.client` module, so it never runs on the server.
 */
const LiveEditor = lazy(() => import("./live-editor.client"));

/**
 * Caret and presence colours: each is at least 4.5:1 against white (the label's text is white) and
 * against the paper background (the caret line), and the hues are far enough apart to tell apart.
 */
const PALETTE = [
  "#b3261e",
  "#1d6b35",
  "#0b57d0",
  "#7b1fa2",
  "#8a4b00",
  "#00695c",
  "#ad1457",
  "#3949ab",
  "#006064",
  "#9a3412",
  "#4a5a0f",
  "#6d28d9",
] as const;

/** A stable, accessible colour for a person's caret and presence dot (FNV-1a of the name). */
export function colorFor(name: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PALETTE[(hash >>> 0) % PALETTE.length] ?? PALETTE[0];
}

export interface LiveDocumentProps {
  /** The collaboration server's document name, `<kind>:<id>` (e.g. `proposal:42`). */
  docName: string;
  /** Whether this person may edit (the server decides again at the upgrade; this only shapes the UI). */
  editable: boolean;
  /** Shown beside this person's caret (the server shows others the name from the session). */
  userName: string;
  /** The document as sanitised HTML from the server, shown until the live editor takes over. */
  initialHtml: string;
}

/** The server-rendered text: readable without JavaScript, and the editor's placeholder. */
function StaticText({ html }: { html: string }) {
  const { t } = useI18n();
  if (html.trim() === "") return <p className="muted">{t("editor.empty")}</p>;
  // The HTML was sanitised on the server (allow-listed tags and attributes, safe link schemes).
  return <div className="rich-text" dangerouslySetInnerHTML={{ __html: html }} />;
}

function LoadFailed() {
  const { t } = useI18n();
  return (
    <div className="notice notice--error" role="alert">
      <div className="stack">
        <p>{t("editor.loadFailed")}</p>
        <Button variant="secondary" onClick={() => window.location.reload()}>
          {t("editor.reload")}
        </Button>
      </div>
    </div>
  );
}

/** Keeps a failed chunk download (offline, new deploy) from taking the whole page down. */
class EditorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    console.error("The live editor failed", error);
  }
  override render() {
    return this.state.failed ? <LoadFailed /> : this.props.children;
  }
}

/**
 * A document that several people can edit at once. Renders the server's HTML (so the page works and
 * reads without JavaScript); a button, enabled once the page is hydrated, swaps in the live editor
 * (or the live read-only view when `editable` is false).
 */
export function LiveDocument({ docName, editable, userName, initialHtml }: LiveDocumentProps) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const [live, setLive] = useState(false);
  const hintId = useId();

  if (!live) {
    return (
      <div className="live-document">
        <div className="live-document__start">
          <Button
            variant={editable ? "primary" : "secondary"}
            disabled={!hydrated}
            onClick={() => setLive(true)}
            aria-describedby={hintId}
          >
            {editable ? t("editor.startEditing") : t("editor.watchLive")}
          </Button>
          <p className="live-document__hint muted" id={hintId}>
            {editable ? t("editor.startHint") : t("editor.watchHint")}
          </p>
        </div>
        <StaticText html={initialHtml} />
      </div>
    );
  }

  return (
    <div className="live-document">
      <EditorBoundary>
        <Suspense
          fallback={
            <>
              <p className="live-editor__loading" role="status" aria-live="polite">
                <span className="live-editor__spinner" aria-hidden="true" />
                {t("editor.loading")}
              </p>
              <StaticText html={initialHtml} />
            </>
          }
        >
          <LiveEditor
            docName={docName}
            editable={editable}
            userName={userName}
            color={colorFor(userName)}
            placeholder={<StaticText html={initialHtml} />}
          />
        </Suspense>
      </EditorBoundary>
    </div>
  );
}

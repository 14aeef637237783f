import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { TableKit } from "@tiptap/extension-table";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import {
  useEffect,
  useId,
  useRef,
  useState,
  useSyncExternalStore,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { useI18n } from "~/i18n/react";
import type { MessageKey } from "~/i18n/catalogs/zh-Hans";
import { LIVE_CLOSE_CODES } from "~/lib/live-documents";

/*
 * The live collaborative editor: Tiptap bound to a Y.Doc that the stock y-websocket provider keeps in
 * step with the collaboration server (`/collab/<docName>`, server/collab/server.ts). Loaded lazily by
 * live-document.tsx and never rendered on the server. The server decides who may edit (read-only
 * connections' changes are dropped) and shows others the name from the session, whatever we send.
 */

export interface LiveEditorProps {
  docName: string;
  editable: boolean;
  userName: string;
  /** Six-digit hex (the caret extension ignores anything else); see `colorFor`. */
  color: string;
  /** Shown until the first sync with the server, so nobody sees an empty document meanwhile. */
  placeholder?: ReactNode;
}

/** The only link schemes allowed in documents (the server's sanitiser allows the same). */
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** True for an absolute http(s) or mailto URL; false for anything else (javascript:, data:, relative). */
export function isSafeHref(href: string): boolean {
  try {
    return LINK_PROTOCOLS.has(new URL(href.trim()).protocol);
  } catch {
    return false;
  }
}

/** What a person types into the link form, made absolute: `example.org` → `https://example.org`. */
export function normalizeHref(input: string): string {
  const value = input.trim();
  if (value === "" || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (/^[^\s/@]+@[^\s/@]+\.[^\s/@]+$/.test(value)) return `mailto:${value}`;
  return `https://${value.replace(/^\/+/, "")}`;
}

/** `tooLarge` and `closed`: the server closed the connection for good (the client does not retry). */
type Status = "connecting" | "syncing" | "synced" | "offline" | "tooLarge" | "closed";

interface Person {
  key: string;
  name: string;
  color: string | undefined;
  self: boolean;
}

/**
 * One connection to one document: the Y.Doc, its provider, and small stores over the provider's
 * events for `useSyncExternalStore` (status and presence are read from the provider itself, so no
 * event that fired before React subscribed is missed).
 */
class LiveConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private readonly listeners = new Set<() => void>();
  private wasConnected = false;
  private everSynced = false;
  /** The close code, once the server closed the connection for good. */
  private closedWith: number | null = null;
  private presenceKey = "";
  private presence: Person[] = [];

  constructor(docName: string) {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    this.provider = new WebsocketProvider(
      `${scheme}://${window.location.host}/collab`,
      docName,
      this.doc,
      {
        // Every tab goes through the server, which is the one that decides who may change what.
        disableBc: true,
      },
    );
    this.provider.on("status", this.onStatus);
    this.provider.on("sync", this.onSync);
    this.provider.on("closed", this.onClosed);
    this.provider.awareness.on("change", this.notify);
  }

  private notify = () => {
    for (const listener of this.listeners) listener();
  };
  private onStatus = ({ status }: { status: string }) => {
    if (status === "connected") this.wasConnected = true;
    this.notify();
  };
  private onSync = (synced: boolean) => {
    if (synced) this.everSynced = true;
    this.notify();
  };
  private onClosed = ({ code }: { code: number }) => {
    this.closedWith = code;
    this.notify();
  };

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  status = (): Status => {
    const { provider } = this;
    if (this.closedWith !== null && !provider.shouldConnect)
      return this.closedWith === LIVE_CLOSE_CODES.tooLarge ? "tooLarge" : "closed";
    if (provider.wsconnected) return provider.synced ? "synced" : "syncing";
    return this.wasConnected || provider.wsUnsuccessfulReconnects > 0 ? "offline" : "connecting";
  };

  /** Whether the document has been synced at least once (the editor is shown from then on). */
  hasSynced = (): boolean => this.everSynced || this.provider.synced;

  /** Everyone present, one entry per name, oneself first; a new array only when it changed. */
  people = (): Person[] => {
    const { awareness } = this.provider;
    const byName = new Map<string, Person>();
    for (const [clientId, state] of awareness.getStates()) {
      const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
      if (!user || typeof user.name !== "string" || user.name.trim() === "") continue;
      const self = clientId === awareness.clientID;
      const existing = byName.get(user.name);
      if (existing && (existing.self || !self)) continue;
      byName.set(user.name, {
        key: user.name,
        name: user.name,
        color: typeof user.color === "string" ? user.color : undefined,
        self,
      });
    }
    const people = [...byName.values()].sort((a, b) =>
      a.self !== b.self ? (a.self ? -1 : 1) : a.name.localeCompare(b.name),
    );
    const key = JSON.stringify(people);
    if (key !== this.presenceKey) {
      this.presenceKey = key;
      this.presence = people;
    }
    return this.presence;
  };

  destroy() {
    this.provider.off("status", this.onStatus);
    this.provider.off("sync", this.onSync);
    this.provider.off("closed", this.onClosed);
    this.provider.awareness.off("change", this.notify);
    this.listeners.clear();
    this.provider.destroy();
    this.doc.destroy();
  }
}

const NO_PEOPLE: Person[] = [];

function Progress({ label }: { label: string }) {
  return (
    <p className="live-editor__loading" role="status" aria-live="polite">
      <span className="live-editor__spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** Connects on mount and disconnects on unmount (or when the document changes). */
export default function LiveEditor(props: LiveEditorProps) {
  const { t } = useI18n();
  const [connection, setConnection] = useState<LiveConnection | null>(null);
  useEffect(() => {
    const created = new LiveConnection(props.docName);
    // The connection is an external resource owned by this effect: made here, so that a remount
    // (or React's development double-mount) never reuses a destroyed one.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setConnection(created);
    return () => {
      setConnection(null);
      created.destroy();
    };
  }, [props.docName]);

  if (!connection) {
    return (
      <>
        <Progress label={t("editor.statusConnecting")} />
        {props.placeholder}
      </>
    );
  }
  return <Session key={connection.doc.guid} connection={connection} {...props} />;
}

function Session({
  connection,
  editable,
  userName,
  color,
  placeholder,
}: LiveEditorProps & { connection: LiveConnection }) {
  const { t } = useI18n();
  const regionRef = useRef<HTMLDivElement>(null);
  const status = useSyncExternalStore<Status>(
    connection.subscribe,
    connection.status,
    () => "connecting",
  );
  const synced = useSyncExternalStore(connection.subscribe, connection.hasSynced, () => false);
  // Closed for good: what is typed now would never be sent, so the text stops taking edits.
  const closedForGood = status === "tooLarge" || status === "closed";
  const canEdit = editable && !closedForGood;
  const people = useSyncExternalStore(connection.subscribe, connection.people, () => NO_PEOPLE);
  const headingId = useId();

  const editor = useEditor({
    immediatelyRender: false,
    editable,
    // Tiptap's injected <style> would break the Content-Security-Policy; editor.css has its rules.
    injectCSS: false,
    editorProps: {
      attributes: {
        // Tiptap sets the role when the view is made but not when React updates the options, so
        // it is stated here (ProseMirror itself sets neither role nor aria-multiline).
        role: "textbox",
        "aria-label": t("editor.bodyLabel"),
        "aria-multiline": "true",
        ...(editable ? {} : { "aria-readonly": "true" }),
        class: "live-editor__prose",
      },
    },
    extensions: [
      StarterKit.configure({
        // Collaboration brings its own history (only one's own changes are undone).
        undoRedo: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: "https",
          isAllowedUri: (url) => isSafeHref(url),
          shouldAutoLink: (url) => isSafeHref(normalizeHref(url)),
          HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
        },
      }),
      TableKit.configure({ table: { resizable: false } }),
      Collaboration.configure({ document: connection.doc, field: "default" }),
      CollaborationCaret.configure({
        provider: connection.provider,
        user: { name: userName, color },
        render: (user: Record<string, unknown>) => {
          const caret = document.createElement("span");
          caret.className = "collaboration-carets__caret";
          caret.setAttribute("aria-hidden", "true");
          const name = typeof user.name === "string" ? user.name : "";
          const label = document.createElement("span");
          label.className = "collaboration-carets__label";
          label.textContent = name;
          // Through the CSSOM, which the Content-Security-Policy allows (style attributes it does not).
          if (typeof user.color === "string" && user.color !== "transparent") {
            caret.style.borderColor = user.color;
            label.style.backgroundColor = user.color;
          }
          caret.append(label);
          return caret;
        },
        // The default highlight is an inline style attribute, which the policy refuses.
        selectionRender: (user: Record<string, unknown>) => ({
          nodeName: "span",
          class: "collaboration-carets__selection",
          "data-user": typeof user.name === "string" ? user.name : "",
        }),
      }),
    ],
  });

  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== canEdit) editor.setEditable(canEdit);
  }, [editor, canEdit]);

  // Once the text is there, take focus from the button that started this (if it is still ours).
  useEffect(() => {
    if (!synced || !editor) return;
    const region = regionRef.current;
    const active = document.activeElement;
    if (!region || (active && active !== document.body && !region.parentElement?.contains(active)))
      return;
    if (editable) editor.commands.focus("start");
    else region.focus();
  }, [synced, editor, editable]);

  const statusKey: Record<Status, MessageKey> = {
    connecting: "editor.statusConnecting",
    syncing: "editor.statusSyncing",
    synced: "editor.statusSynced",
    offline: "editor.statusOffline",
    tooLarge: "editor.statusTooLarge",
    closed: "editor.statusClosed",
  };

  return (
    <div
      className="live-editor"
      data-testid="live-editor"
      data-synced={status === "synced" ? "true" : undefined}
      data-status={status}
      ref={regionRef}
      tabIndex={-1}
    >
      <div className="live-editor__bar">
        <p className={`live-editor__status live-editor__status--${status}`} role="status">
          <span className="live-editor__status-dot" aria-hidden="true" />
          {t(statusKey[status])}
          {status === "offline" && editable && synced ? ` ${t("editor.offlineEdits")}` : null}
        </p>
        <section className="live-editor__presence" aria-labelledby={headingId} aria-live="polite">
          <h2 className="live-editor__presence-heading" id={headingId}>
            {t("editor.presenceHeading", { count: people.length })}
          </h2>
          <ul className="live-editor__people">
            {people.map((person) => (
              <li key={person.key} className="live-editor__person">
                <span
                  className="live-editor__swatch"
                  aria-hidden="true"
                  ref={(element) => {
                    if (element) element.style.backgroundColor = person.color ?? "";
                  }}
                />
                {person.name}
                {person.self ? <span className="muted"> {t("editor.you")}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>

      {editable ? null : <p className="notice live-editor__readonly">{t("editor.readOnly")}</p>}

      {closedForGood ? (
        <div className="notice notice--error" role="alert">
          <div className="stack">
            <p>{t(statusKey[status])}</p>
            {status === "tooLarge" ? <p>{t("editor.tooLargeHint")}</p> : null}
            <Button variant="secondary" onClick={() => window.location.reload()}>
              {t("editor.reload")}
            </Button>
          </div>
        </div>
      ) : null}

      {synced ? null : placeholder}

      <div className="live-editor__frame" hidden={!synced}>
        {canEdit && editor ? <Toolbar editor={editor} /> : null}
        <EditorContent editor={editor} className="live-editor__surface" />
      </div>
    </div>
  );
}

interface ToolbarButton {
  key: string;
  label: MessageKey;
  glyph: string;
  run: () => void;
  pressed?: boolean;
  expanded?: boolean;
  disabled?: boolean;
  className?: string;
}

/** The formatting toolbar: one tab stop, arrow keys (and Home/End) move between its buttons. */
function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useI18n();
  const [linkOpen, setLinkOpen] = useState(false);
  const [active, setActive] = useState(0);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const linkFormId = useId();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      blockquote: e.isActive("blockquote"),
      link: e.isActive("link"),
      canTable: e.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  const buttons: ToolbarButton[] = [
    {
      key: "bold",
      label: "editor.bold",
      glyph: "B",
      className: "live-toolbar__glyph--bold",
      pressed: state.bold,
      run: () => editor.chain().focus().toggleBold().run(),
    },
    {
      key: "italic",
      label: "editor.italic",
      glyph: "I",
      className: "live-toolbar__glyph--italic",
      pressed: state.italic,
      run: () => editor.chain().focus().toggleItalic().run(),
    },
    {
      key: "h2",
      label: "editor.heading2",
      glyph: "H2",
      pressed: state.h2,
      run: () => editor.chain().focus().toggleHeading({ level: 2 }).run(),
    },
    {
      key: "h3",
      label: "editor.heading3",
      glyph: "H3",
      pressed: state.h3,
      run: () => editor.chain().focus().toggleHeading({ level: 3 }).run(),
    },
    {
      key: "bulletList",
      label: "editor.bulletList",
      glyph: "•≡",
      pressed: state.bulletList,
      run: () => editor.chain().focus().toggleBulletList().run(),
    },
    {
      key: "orderedList",
      label: "editor.orderedList",
      glyph: "1.",
      pressed: state.orderedList,
      run: () => editor.chain().focus().toggleOrderedList().run(),
    },
    {
      key: "blockquote",
      label: "editor.blockquote",
      glyph: "“”",
      pressed: state.blockquote,
      run: () => editor.chain().focus().toggleBlockquote().run(),
    },
    {
      key: "link",
      label: "editor.link",
      glyph: "URL",
      expanded: linkOpen,
      className: state.link ? "live-toolbar__button--marked" : undefined,
      run: () => setLinkOpen((open) => !open),
    },
    {
      key: "table",
      label: "editor.insertTable",
      glyph: "⊞",
      disabled: !state.canTable,
      run: () =>
        editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    },
    {
      key: "undo",
      label: "editor.undo",
      glyph: "↶",
      disabled: !state.canUndo,
      run: () => editor.chain().focus().undo().run(),
    },
    {
      key: "redo",
      label: "editor.redo",
      glyph: "↷",
      disabled: !state.canRedo,
      run: () => editor.chain().focus().redo().run(),
    },
  ];

  // The tab stop stays on an enabled button even when the remembered one becomes disabled.
  const enabled = buttons
    .map((button, index) => (button.disabled ? -1 : index))
    .filter((i) => i >= 0);
  const tabStop = enabled.includes(active) ? active : (enabled[0] ?? 0);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const position = enabled.indexOf(tabStop);
    let next: number | undefined;
    if (event.key === "ArrowRight" || event.key === "ArrowDown")
      next = enabled[(position + 1) % enabled.length];
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp")
      next = enabled[(position - 1 + enabled.length) % enabled.length];
    else if (event.key === "Home") next = enabled[0];
    else if (event.key === "End") next = enabled[enabled.length - 1];
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
    toolbarRef.current?.querySelectorAll<HTMLButtonElement>("[data-toolbar-index]")[next]?.focus();
  }

  return (
    <>
      {/* The toolbar pattern: the container handles arrow keys for the buttons inside it. */}
      <div
        className="live-toolbar"
        role="toolbar"
        aria-label={t("editor.toolbarLabel")}
        ref={toolbarRef}
        onKeyDown={onKeyDown}
      >
        {buttons.map((button, index) => (
          <button
            key={button.key}
            type="button"
            className={["live-toolbar__button", button.className].filter(Boolean).join(" ")}
            data-toolbar-index={index}
            tabIndex={index === tabStop ? 0 : -1}
            aria-label={t(button.label)}
            title={t(button.label)}
            aria-pressed={button.pressed}
            aria-expanded={button.expanded}
            aria-controls={button.expanded === undefined ? undefined : linkFormId}
            disabled={button.disabled}
            onFocus={() => setActive(index)}
            onClick={button.run}
          >
            <span aria-hidden="true">{button.glyph}</span>
          </button>
        ))}
      </div>
      {linkOpen ? (
        <LinkForm
          id={linkFormId}
          editor={editor}
          onClose={() => {
            setLinkOpen(false);
            editor.commands.focus();
          }}
        />
      ) : null}
    </>
  );
}

/** A small inline form for a link's address (instead of `window.prompt`). */
function LinkForm({ id, editor, onClose }: { id: string; editor: Editor; onClose: () => void }) {
  const { t } = useI18n();
  const inputId = useId();
  const current = editor.getAttributes("link").href as string | undefined;
  const [value, setValue] = useState(current ?? "");
  const [invalid, setInvalid] = useState(false);
  const focusInput = () => document.getElementById(inputId)?.focus();

  useEffect(() => {
    document.getElementById(inputId)?.focus();
  }, [inputId]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const href = normalizeHref(value);
    if (!isSafeHref(href)) {
      setInvalid(true);
      focusInput();
      return;
    }
    const chain = editor.chain().focus();
    if (editor.state.selection.empty && !editor.isActive("link")) {
      chain.insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] });
    } else {
      chain.extendMarkRange("link").setLink({ href });
    }
    chain.run();
    onClose();
  }

  function remove() {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    onClose();
  }

  return (
    <form
      id={id}
      className="live-link-form"
      aria-label={t("editor.linkForm")}
      onSubmit={submit}
      noValidate
    >
      <TextField
        id={inputId}
        name="href"
        type="url"
        inputMode="url"
        autoComplete="url"
        label={t("editor.linkUrl")}
        hint={t("editor.linkHint")}
        error={invalid ? { key: "editor.linkInvalid" } : undefined}
        value={value}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            onClose();
          }
        }}
        onChange={(event) => {
          setValue(event.target.value);
          setInvalid(false);
        }}
      />
      <div className="cluster">
        <Button type="submit" size="small">
          {t("editor.linkApply")}
        </Button>
        {current ? (
          <Button variant="secondary" size="small" onClick={remove}>
            {t("editor.linkRemove")}
          </Button>
        ) : null}
        <Button variant="ghost" size="small" onClick={onClose}>
          {t("editor.linkCancel")}
        </Button>
      </div>
    </form>
  );
}

import type source from "../zh-Hans/editor";

/** English messages of one area. */
const messages: Record<keyof typeof source, string> = {
  "editor.startEditing": "Start editing",
  "editor.watchLive": "Watch live",
  "editor.startHint":
    "Several people can edit at once; everyone's changes appear on everyone's screen as they type.",
  "editor.watchHint": "While you watch live, changes others are making appear here at once.",
  "editor.empty": "Nothing has been written yet.",
  "editor.loading": "Loading the editor…",
  "editor.loadFailed":
    "The editor could not be loaded. Check your connection, then reload the page.",
  "editor.reload": "Reload the page",
  "editor.bodyLabel": "Document text",
  "editor.toolbarLabel": "Text formatting",
  "editor.bold": "Bold",
  "editor.italic": "Italic",
  "editor.heading2": "Heading",
  "editor.heading3": "Subheading",
  "editor.bulletList": "Bulleted list",
  "editor.orderedList": "Numbered list",
  "editor.blockquote": "Quote",
  "editor.link": "Link",
  "editor.insertTable": "Insert a table (3 × 3)",
  "editor.undo": "Undo",
  "editor.redo": "Redo",
  "editor.linkForm": "Edit link",
  "editor.linkUrl": "Link address",
  "editor.linkHint": "A web address or an email address, such as https://example.org",
  "editor.linkApply": "Apply",
  "editor.linkRemove": "Remove link",
  "editor.linkCancel": "Cancel",
  "editor.linkInvalid": "Only web (http, https) and email (mailto) addresses can be linked.",
  "editor.readOnly": "You can watch this document live, but you do not have permission to edit it.",
  "editor.statusConnecting": "Connecting…",
  "editor.statusSyncing": "Connected, bringing the text up to date…",
  "editor.statusSynced": "Connected; the text is up to date.",
  "editor.statusOffline": "Connection lost; reconnecting…",
  "editor.offlineEdits":
    "Your changes will be sent automatically when the connection returns; please keep this page open.",
  "editor.statusTooLarge":
    "This document has reached its size limit, so your latest change was not saved.",
  "editor.tooLargeHint":
    "Reload the page to go on from the saved text; to make room, remove something (a long pasted passage or a large table). What was saved is safe.",
  "editor.statusClosed": "The connection was closed. Reload the page to continue.",
  "editor.presenceHeading": "{count, plural, one {Here now: # person} other {Here now: # people}}",
  "editor.you": "(you)",
};

export default messages;

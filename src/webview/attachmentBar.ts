// Context attached to the next message, as chips above the message box: the selection, the
// current file, the Problems list, or a file picked with `@`. The host reads them (under the
// tools' secret-file policy) and answers with `attached` or `attachFailed`; a chip's × removes it.
// The same path attached twice replaces the older chip.
import type { Attachment } from "../core/protocol";
import { button, h } from "./dom";
import { icons } from "./icons";
import { send } from "./vscodeApi";

export function attachmentLabel(attachment: Attachment): string {
  switch (attachment.kind) {
    case "selection":
      return `${baseName(attachment.path)}:${attachment.startLine}-${attachment.endLine}`;
    case "file":
      return baseName(attachment.path);
    case "problems":
      return `Problems (${attachment.count})`;
    default:
      return attachment satisfies never;
  }
}

function attachmentTitle(attachment: Attachment): string {
  switch (attachment.kind) {
    case "selection":
      return `Selected lines ${attachment.startLine}-${attachment.endLine} of ${attachment.path}`;
    case "file":
      return `The file ${attachment.path}`;
    case "problems":
      return `${attachment.count} problem(s) from the Problems list`;
    default:
      return attachment satisfies never;
  }
}

/** Two attachments of the same thing: a newer one replaces the older. */
function sameSource(a: Attachment, b: Attachment): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "problems") return true;
  return a.path === (b as typeof a).path;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1) || path;
}

/** What was sent with a message, under it in the transcript (labels only: the text went to the model). */
export function renderSentAttachments(attachments: readonly Attachment[]): HTMLElement {
  return h(
    "ul",
    { class: "sent-attachments", "aria-label": "Attached" },
    ...attachments.map((item) => h("li", { class: "attachment-chip", title: attachmentTitle(item) }, chipIcon(item)(), h("span", { class: "chip-label" }, attachmentLabel(item)))),
  );
}

function chipIcon(item: Attachment): () => SVGElement {
  return item.kind === "problems" ? icons.warning : item.kind === "selection" ? icons.selection : icons.file;
}

export class AttachmentBar {
  readonly element: HTMLElement;
  private readonly chips: HTMLElement;
  private readonly note: HTMLElement;
  private items: Attachment[] = [];

  constructor(private readonly onChange: () => void) {
    this.chips = h("ul", { class: "attachment-chips", "aria-label": "Attached context", "data-testid": "attachments" });
    this.note = h("p", { class: "attach-note", role: "status", "data-testid": "attach-note" });
    this.note.hidden = true;
    const ask = (what: "selection" | "file" | "problems" | "pickFile") => () => {
      this.note.hidden = true;
      send({ type: "attach", what });
    };
    this.element = h(
      "div",
      { class: "attachment-bar" },
      this.chips,
      h(
        "div",
        { class: "attach-buttons", role: "group", "aria-label": "Attach context" },
        button("Selection", ask("selection"), { secondary: true, icon: icons.selection(), title: "Attach the selected code", className: "attach-button", testId: "attach-selection" }),
        button("File", ask("file"), { secondary: true, icon: icons.file(), title: "Attach the file in the active editor", className: "attach-button", testId: "attach-file" }),
        button("Problems", ask("problems"), { secondary: true, icon: icons.warning(), title: "Attach the Problems list", className: "attach-button", testId: "attach-problems" }),
        button("@", ask("pickFile"), { secondary: true, title: "Attach another file (or type @ in the message)", className: "attach-button", testId: "attach-pick" }),
      ),
      this.note,
    );
    this.render();
  }

  get attachments(): Attachment[] {
    return [...this.items];
  }

  /** Asks the host for the file picker (the `@` typed in the message box). */
  pickFile(): void {
    this.note.hidden = true;
    send({ type: "attach", what: "pickFile" });
  }

  add(attachment: Attachment): void {
    this.items = [...this.items.filter((item) => !sameSource(item, attachment)), attachment];
    this.note.hidden = true;
    this.render();
    this.onChange();
  }

  /** Says why nothing was attached (nothing selected, a secret file...). */
  refused(text: string): void {
    this.note.textContent = text;
    this.note.hidden = false;
  }

  clear(): void {
    this.items = [];
    this.note.hidden = true;
    this.render();
  }

  set(items: Attachment[]): void {
    this.items = [...items];
    this.render();
  }

  private render(): void {
    this.chips.hidden = this.items.length === 0;
    this.chips.replaceChildren(
      ...this.items.map((item, index) =>
        h(
          "li",
          { class: `attachment-chip kind-${item.kind}`, title: attachmentTitle(item), "data-testid": "attachment-chip" },
          chipIcon(item)(),
          h("span", { class: "chip-label" }, attachmentLabel(item)),
          button("", () => this.remove(index), { icon: icons.close(), title: `Remove ${attachmentLabel(item)}`, className: "chip-remove", testId: "remove-attachment" }),
        ),
      ),
    );
  }

  private remove(index: number): void {
    this.items = this.items.filter((_, i) => i !== index);
    this.render();
    this.onChange();
  }
}

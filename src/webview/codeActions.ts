// Insert at Cursor and Apply on an answer's code blocks. Apply is offered when the block names a
// file (codeTarget.ts) or its language fits the active editor; the host then asks for approval
// exactly as for an edit_file call, and this block shows that approval (Approve / Deny / Show
// Diff) and its outcome under the code. The view never edits anything itself.
import type { ActiveEditor, ApplyState } from "../core/protocol";
import { codeTarget, languageFits } from "./codeTarget";
import { button, h } from "./dom";
import { icons } from "./icons";
import { send } from "./vscodeApi";

let activeEditor: ActiveEditor = { hasSelection: false };
/**
 * Found through the page (`data-block-id`), not a list: a streaming answer re-renders its open
 * block many times, and the versions it threw away must not be kept alive.
 */
const byElement = new WeakMap<Element, CodeBlockActions>();
let nextId = 1;

/** The host's active editor changed: blocks without a named file re-check whether Apply fits. */
export function setActiveEditor(editor: ActiveEditor): void {
  activeEditor = editor;
  for (const element of document.querySelectorAll("[data-block-id]")) byElement.get(element)?.refresh();
}

export function receiveApplyState(blockId: string, state: ApplyState): void {
  const element = document.querySelector(`[data-block-id="${CSS.escape(blockId)}"]`);
  if (element) byElement.get(element)?.show(state);
}

export class CodeBlockActions {
  readonly id = `b${nextId++}`;
  readonly buttons: HTMLElement[];
  /** Under the code: the pending approval, or what became of the Apply. */
  readonly area: HTMLElement;
  private readonly applyButton: HTMLButtonElement;

  constructor(
    private info: string,
    private readonly language: string,
    private readonly source: () => string,
  ) {
    const insert = button("Insert", () => send({ type: "insertCode", code: this.source() }), {
      secondary: true,
      icon: icons.insert(),
      title: "Insert at the cursor in the active editor",
      className: "code-action",
      testId: "insert-code",
    });
    this.applyButton = button("Apply", () => this.apply(), { secondary: true, icon: icons.apply(), className: "code-action", testId: "apply-code" });
    this.buttons = [insert, this.applyButton];
    this.area = h("div", { class: "apply-area", "data-testid": "apply-area" });
    this.area.hidden = true;
    this.refresh();
  }

  /** The element that holds the block, through which the host's answers find it. */
  attachTo(element: HTMLElement): void {
    element.dataset.blockId = this.id;
    byElement.set(element, this);
  }

  /** A streaming fence's info string grew (```ts, then ```ts src/a.ts). */
  setInfo(info: string): void {
    if (info === this.info) return;
    this.info = info;
    this.refresh();
  }

  /** Shows Apply when it has a target, and says in its tooltip which. */
  refresh(): void {
    const target = codeTarget(this.info, this.source());
    const fits = !target.path && activeEditor.path !== undefined && languageFits(this.language, activeEditor.languageId);
    this.applyButton.hidden = !target.path && !fits;
    this.applyButton.title = target.path
      ? `Apply to ${target.path} (you review the diff first)`
      : `Apply to ${activeEditor.hasSelection ? "the selection in " : ""}${activeEditor.path ?? "the active editor"} (you review the diff first)`;
  }

  show(state: ApplyState): void {
    this.area.hidden = false;
    this.area.dataset.state = state.state;
    if (state.state !== "awaiting") {
      this.applyButton.disabled = false;
      const icon = state.state === "applied" ? icons.check() : state.state === "denied" ? icons.denied() : icons.error();
      this.area.replaceChildren(h("p", { class: "apply-note", role: "status" }, icon, h("span", {}, state.text)));
      return;
    }
    const { callId, preview } = state;
    const buttons: HTMLButtonElement[] = [];
    const decide = (decision: "approve" | "deny") => {
      send({ type: "approve", callId, decision });
      for (const b of buttons) b.disabled = true;
    };
    buttons.push(button("Approve", () => decide("approve"), { testId: "apply-approve" }), button("Deny", () => decide("deny"), { secondary: true, testId: "apply-deny" }));
    const change =
      preview.kind === "edit"
        ? h(
            "span",
            {},
            `${preview.create ? "Create" : "Change"} `,
            h("code", {}, preview.path),
            " ",
            h("span", { class: "diff-added" }, `+${preview.added}`),
            " ",
            h("span", { class: "diff-removed" }, `−${preview.removed}`),
          )
        : h("span", {}, "A change");
    this.area.replaceChildren(
      h(
        "div",
        { class: "tool-approval", role: "group", "aria-label": "Apply this code?" },
        h(
          "div",
          { class: "tool-change" },
          change,
          button("Show Diff", () => send({ type: "showDiff", callId }), { secondary: true, className: "show-diff", testId: "apply-show-diff" }),
        ),
        h("div", { class: "actions" }, ...buttons),
      ),
    );
  }

  private apply(): void {
    const target = codeTarget(this.info, this.source());
    this.applyButton.disabled = true;
    this.area.hidden = false;
    this.area.dataset.state = "asking";
    this.area.replaceChildren(h("p", { class: "apply-note muted" }, "Preparing the change…"));
    send({ type: "applyCode", blockId: this.id, code: target.code, ...(target.path ? { path: target.path } : {}) });
  }
}

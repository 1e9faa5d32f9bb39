import { formatBytes, formatCount } from "../core/format";
import type { ModelInfo } from "../core/protocol";
import { button, h } from "./dom";
import { send } from "./vscodeApi";

const abilities: Array<[string, string]> = [
  ["Chat about your code", "Answers stream in, with the model's reasoning one click away."],
  ["Work on the workspace", "Reads and searches files; edits and commands only after you approve."],
  ["Explain or fix", "Select code or put the cursor on a problem, then open the lightbulb."],
  ["Complete as you type", "Ghost-text suggestions from the same local model."],
];

/** Whether the configured model can be loaded as it is (else the chat shows how to get one). */
export function isModelUsable(model: ModelInfo | undefined): boolean {
  if (!model) return false;
  return model.kind === "catalog" ? model.stored.state === "complete" : model.problem === undefined;
}

/** An empty conversation with a usable model: what to ask, above the message box. */
export function renderConversationIntro(): HTMLElement {
  return h(
    "section",
    { class: "conversation-intro", "data-testid": "conversation-empty" },
    h("h1", {}, "gpt-oss Local Assistant"),
    h("p", { class: "tagline" }, "Runs on this machine: nothing you type leaves your computer."),
    h(
      "ul",
      { class: "abilities" },
      ...abilities.slice(0, 3).map(([title, detail]) => h("li", {}, h("strong", {}, title), h("span", {}, detail))),
    ),
    h("p", { class: "muted hint" }, "Enter sends, Shift+Enter adds a line, Esc stops an answer. Edits and commands always ask you first."),
  );
}

/** What the chat shows before the model is usable: what it can do, and the one step to start. */
export function renderEmptyState(model: ModelInfo | undefined): HTMLElement {
  return h(
    "section",
    { class: "empty-state", "data-testid": "empty-state" },
    h("h1", {}, "gpt-oss Local Assistant"),
    h(
      "p",
      { class: "tagline" },
      "OpenAI's gpt-oss, running on this machine. No server, no account: nothing leaves your computer.",
    ),
    h(
      "ul",
      { class: "abilities" },
      ...abilities.map(([title, detail]) => h("li", {}, h("strong", {}, title), h("span", {}, detail))),
    ),
    model ? renderModelCard(model) : h("p", { class: "muted" }, "Checking the configured model…"),
  );
}

function renderModelCard(model: ModelInfo): HTMLElement {
  const card = h("div", { class: "model-card", "data-testid": "model-card" });
  const actions = h("div", { class: "actions" });
  const chooseFile = (label: string, secondary: boolean) =>
    button(label, () => send({ type: "chooseModelFile" }), { secondary, testId: "choose-model-file" });

  if (model.kind === "catalog") {
    card.append(
      h("h2", {}, model.label),
      h("p", {}, model.description),
      h("p", { class: "muted" }, `${formatBytes(model.sizeBytes)} download · needs about ${formatBytes(model.memoryBytes)} of memory`),
    );
    const { stored } = model;
    if (stored.state === "complete") {
      card.append(h("p", { class: "ready", "data-testid": "model-ready" }, "Downloaded: nothing more to fetch."));
      actions.append(chooseFile("Use a Local .gguf File Instead…", true));
    } else {
      const download =
        stored.state === "partial"
          ? `Resume Download (${formatBytes(stored.downloadedBytes)} of ${formatBytes(model.sizeBytes)} done)`
          : `Download ${model.label} (${formatBytes(model.sizeBytes)})`;
      actions.append(button(download, () => send({ type: "downloadModel" }), { testId: "download-model" }), chooseFile("Choose a Local .gguf File…", true));
      card.append(h("p", { class: "muted" }, "You confirm before anything is downloaded. Already have a gpt-oss GGUF? Choose it: nothing is downloaded then."));
    }
  } else {
    const facts = [
      model.parameters !== undefined ? `${formatCount(model.parameters)} parameters` : undefined,
      model.sizeBytes !== undefined ? formatBytes(model.sizeBytes) : undefined,
    ].filter(Boolean);
    card.append(h("h2", {}, model.label), h("p", { class: "path", title: model.path }, model.path));
    if (facts.length > 0) card.append(h("p", { class: "muted" }, facts.join(" · ")));
    if (model.problem !== undefined) card.append(h("p", { class: "problem", role: "alert" }, model.problem));
    actions.append(chooseFile("Choose Another .gguf File…", model.problem === undefined));
  }
  actions.append(
    button("Settings", () => send({ type: "openSettings" }), { secondary: true }),
    button("Logs", () => send({ type: "showLogs" }), { secondary: true }),
  );
  card.append(actions);
  return card;
}

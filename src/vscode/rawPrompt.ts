// "gpt-oss: Show Raw Prompt": opens the exact harmony text the model last saw in an editor
// with the `harmony` language (syntaxes/harmony.tmLanguage.json highlights it). Until a chat
// has run there is no prompt yet, so it shows a rendered sample conversation instead.
import * as vscode from "vscode";
import { sampleTranscript } from "../core/harmony/index";

export const SHOW_RAW_PROMPT_COMMAND = "gptOss.showRawPrompt";

/** The text to show: the last prompt if there is one, else the rendered sample. */
export function rawPromptText(lastPrompt: string | undefined): string {
  return lastPrompt ?? sampleTranscript();
}

/** Registers the command; `lastPromptProvider` gives the text of the model's last prompt, if any. */
export function registerRawPrompt(context: vscode.ExtensionContext, lastPromptProvider: () => string | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_RAW_PROMPT_COMMAND, async () => {
      const document = await vscode.workspace.openTextDocument({ language: "harmony", content: rawPromptText(lastPromptProvider()) });
      await vscode.window.showTextDocument(document, { preview: false });
    }),
  );
}

// The local model offered to VS Code's own AI features (vscode.lm) and the context key the
// getting-started walkthrough reads to tick "Get the model" once a usable model is on disk.
import * as vscode from "vscode";
import type { ModelHost } from "../../engine/modelHost";
import type { Log } from "../log";
import { onModelDownload } from "../modelDownload";
import { chooseModelFile } from "../modelSetting";
import { GptOssChatModelProvider, LM_VENDOR } from "./chatModelProvider";

/** True once the configured model can run without a download (walkthrough step 1). */
export const MODEL_READY_CONTEXT = "gptOss.modelOnDisk";

export function registerLanguageModel(context: vscode.ExtensionContext, host: ModelHost, log: Log): vscode.Disposable {
  const provider = new GptOssChatModelProvider(context, host, log);
  const updateContext = async () => {
    try {
      const models = await provider.provideLanguageModelChatInformation();
      await vscode.commands.executeCommand("setContext", MODEL_READY_CONTEXT, models.length > 0);
    } catch (error) {
      log.warn(`Checking the configured model failed: ${String(error)}`);
    }
  };
  void updateContext();
  return vscode.Disposable.from(
    provider,
    vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider),
    provider.onDidChangeLanguageModelChatInformation(() => void updateContext()),
    onModelDownload((event) => {
      if (event.state === "done") void updateContext();
    }),
    vscode.commands.registerCommand("gptOss.chooseModelFile", () => chooseModelFile(log)),
  );
}

// The local model offered to VS Code's own AI features (vscode.lm) and the context key the
// getting-started walkthrough reads to tick "Get the model" once a usable model is on disk.
import * as vscode from "vscode";
import type { ModelHost } from "../../engine/modelHost";
import type { Log } from "../log";
import { onModelDownload } from "../modelDownload";
import { chooseModelFile } from "../modelSetting";
import { GptOssChatModelProvider, LM_VENDOR } from "./chatModelProvider";
import { updateModelReadyContext } from "./modelInformation";

export function registerLanguageModel(context: vscode.ExtensionContext, host: ModelHost, log: Log): vscode.Disposable {
  const provider = new GptOssChatModelProvider(context, host, log);
  const updateContext = () => updateModelReadyContext(() => provider.provideLanguageModelChatInformation(), log);
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

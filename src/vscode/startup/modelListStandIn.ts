// The vscode.lm model list before the features load. VS Code asks a chat provider for its models
// right after it registers (measured in code-server 1.105: ~0.7 s after activation), so a stand-in
// that loaded the features for it would load them in every session. The list needs only the
// settings and the model-file check (languageModel/modelInformation.ts), so until the features
// load the startup bundle answers it, says when the settings change it, and keeps the
// walkthrough's context key; afterwards the real provider does all three (issue 20).
import * as vscode from "vscode";
import { languageModelInformation, unloadedContextWindow, updateModelReadyContext, watchModelInformation } from "../languageModel/modelInformation";
import type { Log } from "../log";
import type { StandIns } from "./standIns";

export function answerModelListUntilLoaded(context: vscode.ExtensionContext, log: Log, standIns: StandIns, featuresLoaded: () => boolean): vscode.Disposable {
  // Before a load the context window is the setting's: nothing can load the model without the features.
  const modelList = () => languageModelInformation(context, log, unloadedContextWindow());
  standIns.chatInformationBeforeLoad = modelList;
  // After activation returns: the check reads the model file's header, which activation need not wait for.
  setImmediate(() => void updateModelReadyContext(modelList, log));
  return watchModelInformation(() => {
    if (featuresLoaded()) return;
    standIns.modelListChanged();
    void updateModelReadyContext(modelList, log);
  });
}

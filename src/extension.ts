// Composition root of the startup bundle (dist/extension.js): what activation needs and no more
// (issue 20: activation in under 50 ms). VS Code activates the extension whenever a file opens,
// and most sessions never chat, so the features (model host, chat, tools, completions, vscode.lm:
// src/features.ts) are a second bundle, dist/features.js, required the first time one is used.
// Until then stand-ins answer for them (src/vscode/startup/standIns.ts), and the status bar and
// the light bulb, which VS Code shows or asks at once, run from here. No logic; no zod.
import * as vscode from "vscode";
import type { Features } from "./features";
import { GptOssCodeActions } from "./vscode/codeActions/codeActionProvider";
import { registerCompletionStatus, COMPLETION_STATUS_ITEM } from "./vscode/completions/completionStatus";
import { createLog } from "./vscode/log";
import { createModelStatusItem, describe, MODEL_STATUS_ITEM } from "./vscode/modelStatusItem";
import { answerModelListUntilLoaded } from "./vscode/startup/modelListStandIn";
import { readContributions, StandIns } from "./vscode/startup/standIns";
import { registerBrowserConsent } from "./vscode/tools/browserSwitch";

let features: Features | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  let failed: unknown;
  /** Loads and activates the features once; a failure is logged and thrown again at each use. */
  const load = (firstUse: string): Features => {
    if (failed !== undefined) throw failed;
    try {
      if (!features) {
        const started = Date.now();
        // esbuild.mjs keeps this a require of ./features.js beside the bundle (lazyFiles).
        features = (require("./features") as typeof import("./features")).activateFeatures(context, log, standIns);
        log.info(`Loaded the features in ${Date.now() - started} ms, for the first use of the ${firstUse}.`);
        for (const missing of standIns.unclaimed()) log.warn(`The features registered no ${missing}: using it fails.`);
      }
      return features;
    } catch (error) {
      failed = error;
      log.error("Loading the gpt-oss features failed", error);
      throw error;
    }
  };
  const standIns = new StandIns(load);
  context.subscriptions.push(log, standIns.register(readContributions(context.extension.packageJSON), log));
  context.subscriptions.push(answerModelListUntilLoaded(context, log, standIns, () => features !== undefined));

  // The model's item says "not loaded" (nothing can load it before the features are there); the
  // completion switch follows the settings and the active editor from the start.
  const modelItem = createModelStatusItem();
  Object.assign(modelItem, describe({ kind: "idle" }));
  modelItem.show();
  standIns.placeholder(MODEL_STATUS_ITEM, modelItem);
  standIns.placeholder(COMPLETION_STATUS_ITEM, registerCompletionStatus(() => new vscode.Disposable(() => undefined)));

  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ pattern: "**" }, new GptOssCodeActions(), GptOssCodeActions.metadata),
    registerBrowserConsent(() => load("browser tool's consent").askBrowserConsent()),
  );
  log.info(`gpt-oss Local Assistant ${context.extension.packageJSON.version as string} activated (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? "web" : "desktop"}).`);
}

/** Frees the model (and its memory) before the extension host goes away. */
export async function deactivate(): Promise<void> {
  await features?.deactivate();
  features = undefined;
}

// The model's status-bar item and what it says for each state of the model host. Its own small
// file: the startup bundle (src/extension.ts) shows the item, model not loaded, before the
// features that can change that state are loaded; statusBar.ts then takes it over (issue 20).
import * as vscode from "vscode";
import type { HostState } from "../engine/modelHost";

export const STAGE_TEXT: Record<string, string> = {
  checking: "checking the model file",
  importing: "starting llama.cpp",
  starting: "finding the GPU",
  "loading-model": "loading the model",
  "creating-context": "creating the context",
};

export const MODEL_STATUS_ITEM = "gptOss.model";

/** The item, not yet shown; both the startup's stand-in and statusBar.ts make it here. */
export function createModelStatusItem(): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem(MODEL_STATUS_ITEM, vscode.StatusBarAlignment.Right, 100);
  item.name = "gpt-oss Model";
  item.command = "gptOss.modelActions";
  return item;
}

export function describe(state: HostState): { text: string; tooltip: string } {
  switch (state.kind) {
    case "idle":
      return { text: "$(circle-outline) gpt-oss", tooltip: "gpt-oss: model not loaded. It loads when it is first needed; click for actions." };
    case "loading": {
      const percent = state.progress !== undefined ? ` ${Math.round(state.progress * 100)}%` : "";
      return { text: `$(loading~spin) gpt-oss${percent}`, tooltip: `gpt-oss: ${STAGE_TEXT[state.stage] ?? state.stage}…` };
    }
    case "ready": {
      const { report } = state;
      if (report.server) {
        const speed = state.tokensPerSecond !== undefined ? ` · ${Math.round(state.tokensPerSecond)} tok/s` : "";
        return {
          text: `$(server) gpt-oss · ${report.server.model}${speed}`,
          tooltip: `Using the gpt-oss server at ${report.server.url} (${report.server.model}), context ${report.contextSize.toLocaleString("en-US")} tokens. Backend: gptOss.backend = server.`,
        };
      }
      const device = report.device.gpu === false ? "CPU" : report.device.gpu.toUpperCase();
      const speed = state.tokensPerSecond !== undefined ? ` · ${Math.round(state.tokensPerSecond)} tok/s` : "";
      const name = report.model.name ?? report.modelPath;
      return {
        text: `$(check) gpt-oss · ${device}${speed}`,
        tooltip: `${name} ready on ${report.device.label}, ${report.threads} thread(s), context ${report.contextSize.toLocaleString("en-US")} tokens.`,
      };
    }
    case "error":
      return { text: "$(error) gpt-oss", tooltip: `gpt-oss: ${state.message}\nClick for actions.` };
    default:
      return state satisfies never;
  }
}

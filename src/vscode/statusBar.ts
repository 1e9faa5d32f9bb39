// The model's state in the status bar: not loaded / downloading N% / loading / ready on GPU or
// CPU with the last speed / error. Clicking it offers what fits that state.
import * as vscode from "vscode";
import type { HostState, ModelHost } from "../engine/modelHost";
import { onModelDownload, type ModelDownloadEvent } from "./modelDownload";

export const STAGE_TEXT: Record<string, string> = {
  checking: "checking the model file",
  importing: "starting llama.cpp",
  starting: "finding the GPU",
  "loading-model": "loading the model",
  "creating-context": "creating the context",
};

export function registerStatusBar(host: ModelHost): vscode.Disposable {
  const item = vscode.window.createStatusBarItem("gptOss.model", vscode.StatusBarAlignment.Right, 100);
  item.name = "gpt-oss Model";
  item.command = "gptOss.modelActions";
  let download: ModelDownloadEvent | undefined;

  const render = () => {
    const state = host.state;
    item.backgroundColor = undefined;
    if (download?.state === "downloading") {
      const percent = download.progress ? Math.floor(download.progress.percent) : 0;
      item.text = `$(cloud-download) gpt-oss ${percent}%`;
      item.tooltip = `Downloading ${download.model.label}: ${percent}%`;
    } else {
      Object.assign(item, describe(state));
      if (state.kind === "error") item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
    }
    item.show();
  };

  const subscriptions = [
    item,
    host.onState(render),
    onModelDownload((event) => {
      download = event;
      render();
    }),
  ];
  render();
  return vscode.Disposable.from(...subscriptions);
}

function describe(state: HostState): { text: string; tooltip: string } {
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

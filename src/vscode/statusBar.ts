// The model's state in the status bar: not loaded / downloading N% / loading / ready on GPU or
// CPU with the last speed / error. Clicking it offers what fits that state.
import * as vscode from "vscode";
import type { ModelHost } from "../engine/modelHost";
import { onModelDownload, type ModelDownloadEvent } from "./modelDownload";
import { createModelStatusItem, describe } from "./modelStatusItem";

export function registerStatusBar(host: ModelHost): vscode.Disposable {
  const item = createModelStatusItem();
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

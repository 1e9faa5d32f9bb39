// The shared model's state for the chat's toolbar: the same facts the status bar shows
// (downloading N%, loading, ready on GPU or CPU, error), posted whenever they change, and for an
// error the one action most likely to fix it.
import * as vscode from "vscode";
import type { EngineState } from "../../core/protocol";
import type { HostState, ModelHost } from "../../engine/modelHost";
import { onModelDownload, type ModelDownloadEvent } from "../modelDownload";
import { STAGE_TEXT } from "../modelStatusItem";

/** Codes of engine errors whose fix lies in a setting (memory: context size or GPU) or the file. */
const ERROR_ACTIONS: Record<string, Extract<EngineState, { kind: "error" }>["action"]> = {
  "insufficient-memory": "openSettings",
  "model-file": "chooseModelFile",
  "no-binary": "showLogs",
};

export function engineState(state: HostState, download: ModelDownloadEvent | undefined): EngineState {
  if (download?.state === "downloading") return { kind: "downloading", percent: Math.min(100, Math.max(0, Math.floor(download.progress?.percent ?? 0))) };
  switch (state.kind) {
    case "idle":
      return { kind: "idle" };
    case "loading":
      return { kind: "loading", stage: STAGE_TEXT[state.stage] ?? state.stage, ...(state.progress !== undefined ? { percent: Math.round(state.progress * 100) } : {}) };
    case "ready": {
      const { report } = state;
      return {
        kind: "ready",
        device: report.device.gpu === false ? "CPU" : String(report.device.gpu).toUpperCase(),
        detail: `${report.model.name ?? report.modelPath} on ${report.device.label}, context ${report.contextSize.toLocaleString("en-US")} tokens`,
        ...(state.tokensPerSecond !== undefined ? { tokensPerSecond: state.tokensPerSecond } : {}),
      };
    }
    case "error":
      return { kind: "error", message: state.message, action: (state.code && ERROR_ACTIONS[state.code]) || "loadModel" };
    default:
      return state satisfies never;
  }
}

/** Calls `post` with the state now and at every change, until disposed. */
export function watchEngineState(host: ModelHost, post: (state: EngineState) => void): vscode.Disposable & { current(): EngineState } {
  let download: ModelDownloadEvent | undefined;
  const current = () => engineState(host.state, download);
  const subscriptions = [
    host.onState(() => post(current())),
    onModelDownload((event) => {
      download = event;
      post(current());
    }),
  ];
  return {
    current,
    dispose: () => {
      for (const subscription of subscriptions) subscription.dispose();
    },
  };
}

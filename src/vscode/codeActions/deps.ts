// What the code actions need from the rest of the extension (built in extension.ts).
import type { Attachment } from "../../core/protocol";
import type { ModelHost } from "../../engine/modelHost";
import type { Log } from "../log";
import type { WorkspaceTools } from "../tools/index";

export interface CodeActionDeps {
  host: ModelHost;
  log: Log;
  tools: WorkspaceTools;
  /** Reveals the chat and sends the message with its attachments (queued behind a running turn). */
  askInChat(text: string, attachments: Attachment[]): Promise<void>;
  /** A chat turn is running (on a one-sequence model a fix waits for it). */
  isChatBusy(): boolean;
}

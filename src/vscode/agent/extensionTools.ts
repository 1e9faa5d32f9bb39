// Tools other extensions register with VS Code (`vscode.lm.tools`), offered to our agent and called
// through `vscode.lm.invokeTool`. Our own tools (tagged "gpt-oss") are left out: the agent has them
// already. They ask first like MCP tools: we cannot know what they do.
import * as vscode from "vscode";
import { externalTool, externalToolName, type ExternalPart } from "../../core/mcp/externalTools";
import type { AnyTool } from "../../core/tools/contract";

export function extensionTools(reserved: readonly string[]): AnyTool[] {
  const taken = new Set(reserved);
  const tools: AnyTool[] = [];
  for (const info of vscode.lm.tools) {
    if (info.tags.includes("gpt-oss")) continue;
    const name = externalToolName("ext", info.name, taken);
    taken.add(name);
    tools.push(
      externalTool(
        {
          server: "ext",
          source: "another extension",
          tool: info.name,
          description: info.description,
          ...(info.inputSchema ? { inputSchema: info.inputSchema as Record<string, unknown> } : {}),
          async call(args, signal) {
            const cancel = new vscode.CancellationTokenSource();
            const onAbort = () => cancel.cancel();
            signal.addEventListener("abort", onAbort, { once: true });
            try {
              const result = await vscode.lm.invokeTool(info.name, { input: args, toolInvocationToken: undefined }, cancel.token);
              return { content: result.content.map(toPart) };
            } finally {
              signal.removeEventListener("abort", onAbort);
              cancel.dispose();
            }
          },
        },
        name,
      ),
    );
  }
  return tools;
}

function toPart(part: unknown): ExternalPart {
  if (part instanceof vscode.LanguageModelTextPart) return { type: "text", text: part.value };
  if (part instanceof vscode.LanguageModelPromptTsxPart) return { type: "text", text: JSON.stringify(part.value) };
  const data = part as { mimeType?: unknown; data?: unknown };
  if (typeof data?.mimeType === "string") {
    if (data.mimeType.startsWith("text/") || data.mimeType === "application/json") {
      return { type: "text", text: new TextDecoder().decode(data.data as Uint8Array) };
    }
    return { type: data.mimeType.startsWith("image/") ? "image" : "binary", mimeType: data.mimeType };
  }
  return { type: "unknown" };
}

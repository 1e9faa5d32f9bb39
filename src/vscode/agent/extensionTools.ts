// Tools other extensions register with VS Code (`vscode.lm.tools`), offered to our agent and called
// through `vscode.lm.invokeTool`. Our own tools (tagged "gpt-oss") are left out: the agent has them
// already. So are the tools VS Code registers for its own chat (run_in_terminal,
// vscode_editFile_internal, vscode_get_confirmation, …): they expect a chat request's invocation
// token, duplicate what our tools do, and would cost ~2,000 prompt tokens. An extension's tool is
// one that some extension declares in `contributes.languageModelTools` (VS Code requires that
// declaration before `vscode.lm.registerTool`). They ask first like MCP tools: we cannot know
// what they do.
import * as vscode from "vscode";
import { externalTool, externalToolName, type ExternalPart } from "../../core/mcp/externalTools";
import type { AnyTool } from "../../core/tools/contract";

export function extensionTools(reserved: readonly string[]): AnyTool[] {
  const taken = new Set(reserved);
  const tools: AnyTool[] = [];
  const declared = declaredByExtensions();
  for (const info of vscode.lm.tools) {
    if (info.tags.includes("gpt-oss") || !declared.has(info.name)) continue;
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

/** The tool names extensions declare in their manifests (ours too: the "gpt-oss" tag leaves them out). */
function declaredByExtensions(): Set<string> {
  const names = new Set<string>();
  for (const extension of vscode.extensions.all) {
    const manifest = extension.packageJSON as { contributes?: { languageModelTools?: unknown } } | undefined;
    const tools = manifest?.contributes?.languageModelTools;
    if (!Array.isArray(tools)) continue;
    for (const tool of tools) if (typeof (tool as { name?: unknown })?.name === "string") names.add((tool as { name: string }).name);
  }
  return names;
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

// The workspace tools, and what the chat view, the command-line tool and harmony's developer
// message need from them: which tools a session may offer, and their JSON Schemas.
import * as z from "zod";
import type { ToolDescription } from "../harmony/conversation";
import type { AnyTool } from "./contract";
import { createFileTool } from "./definitions/createFile";
import { editFileTool } from "./definitions/editFile";
import { findDefinitionTool } from "./definitions/findDefinition";
import { findFilesTool } from "./definitions/findFiles";
import { findReferencesTool } from "./definitions/findReferences";
import { getDiagnosticsTool } from "./definitions/getDiagnostics";
import { getDocumentSymbolsTool } from "./definitions/getDocumentSymbols";
import { getEditorContextTool } from "./definitions/getEditorContext";
import { listDirectoryTool } from "./definitions/listDirectory";
import { readFileTool } from "./definitions/readFile";
import { runCommandTool } from "./definitions/runCommand";
import { searchTextTool } from "./definitions/searchText";

/**
 * Every tool, in the order the model reads them: finding and reading first (what it should reach
 * for most), then the language-service tools, then the changing tools.
 */
export const ALL_TOOLS: readonly AnyTool[] = [
  readFileTool,
  listDirectoryTool,
  findFilesTool,
  searchTextTool,
  getEditorContextTool,
  getDiagnosticsTool,
  getDocumentSymbolsTool,
  findDefinitionTool,
  findReferencesTool,
  editFileTool,
  createFileTool,
  runCommandTool,
];

export interface ToolAvailability {
  /** A trusted workspace; untrusted ones (Restricted Mode) get only the read-only tools. */
  trusted: boolean;
  /** VS Code's language services exist; without them (command-line tool) those tools are not offered. */
  languageServices: boolean;
  /** Names the user allowed; absent means all. */
  allowed?: readonly string[];
}

export function availableTools(options: ToolAvailability): AnyTool[] {
  return ALL_TOOLS.filter(
    (tool) =>
      (options.trusted || tool.risk === "read") &&
      (options.languageServices || !tool.needsLanguageServices) &&
      (options.allowed === undefined || options.allowed.includes(tool.name)),
  );
}

/** The tool's parameters as JSON Schema, as the caller writes them (defaults make fields optional). */
export function toolInputSchema(tool: AnyTool): Record<string, unknown> {
  if (tool.inputSchema) return tool.inputSchema;
  const { $schema: _schema, ...schema } = z.toJSONSchema(tool.parameters, { io: "input" }) as Record<string, unknown>;
  return schema;
}

/**
 * The tools as harmony's developer message lists them (`namespace functions { ... }`). A tool
 * without parameters gets none, so it renders as `() => any`, the form the model was trained on.
 */
export function functionToolDescriptions(tools: readonly AnyTool[]): ToolDescription[] {
  return tools.map((tool) => {
    const parameters = toolInputSchema(tool);
    const empty = Object.keys((parameters.properties ?? {}) as object).length === 0;
    return empty ? { name: tool.name, description: tool.description } : { name: tool.name, description: tool.description, parameters };
  });
}

export function findTool(tools: readonly AnyTool[], name: string): AnyTool | undefined {
  return tools.find((tool) => tool.name === name);
}

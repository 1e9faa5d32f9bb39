// Tools from outside (MCP servers, other extensions) as our Tool: named `<server>_<tool>` in
// identifier characters, unique beside ours and each other; their JSON Schema given to the model as
// the source wrote it; every call shows its arguments and asks first (risk "external").
import * as z from "zod";
import type { AnyTool, ToolContext, ToolResult } from "../tools/contract";
import { capText } from "../tools/resultCap";

export interface ExternalToolSpec {
  /** The server's (or extension's) name: the name's prefix. */
  readonly server: string;
  /** "MCP server weather": how approvals and cards name the source. */
  readonly source: string;
  /** The tool's own name at its source. */
  readonly tool: string;
  readonly description?: string;
  readonly inputSchema?: Record<string, unknown>;
  call(args: Record<string, unknown>, signal: AbortSignal): Promise<ExternalContent>;
}

/** What a call returned, in MCP's shape (the VS Code adapter maps its parts to it). */
export interface ExternalContent {
  readonly content: readonly ExternalPart[];
  readonly structuredContent?: unknown;
  readonly isError?: boolean;
}

export type ExternalPart =
  | { type: "text"; text: string }
  | { type: "image" | "audio"; mimeType?: string; data?: string }
  | { type: "resource_link"; uri: string; name?: string }
  | { type: "resource"; resource: { uri: string; text?: string; blob?: string; mimeType?: string } }
  | { type: string; [key: string]: unknown };

/** Longest function name we give the model; long names cost tokens in every prompt. */
const MAX_NAME = 64;

/** `<server>_<tool>` reduced to [A-Za-z0-9_], not starting with a digit, with `_2`, `_3`... on a clash. */
export function externalToolName(server: string, tool: string, taken: ReadonlySet<string>): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_]+/g, "_").replace(/_+/g, "_").replace(/^_+|_+$/g, "");
  let base = `${clean(server) || "server"}_${clean(tool) || "tool"}`;
  if (/^[0-9]/.test(base)) base = `_${base}`;
  base = base.slice(0, MAX_NAME);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, MAX_NAME - String(n).length - 1)}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The schema as a zod validator where zod can read it; otherwise any object (the grammar still shapes it). */
function validatorFor(schema: Record<string, unknown> | undefined): z.ZodType<Record<string, unknown>> {
  const anyObject = z.record(z.string(), z.unknown());
  if (!schema) return anyObject;
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]) as unknown as z.ZodType<Record<string, unknown>>;
  } catch {
    return anyObject;
  }
}

const MAX_ARGUMENT_PREVIEW = 4000;

export function externalTool(spec: ExternalToolSpec, name: string): AnyTool {
  const inputSchema = spec.inputSchema && typeof spec.inputSchema === "object" ? { type: "object", ...spec.inputSchema } : { type: "object", properties: {} };
  return {
    name,
    description: `${spec.description?.trim() || `The ${spec.tool} tool.`} (${spec.source})`,
    parameters: validatorFor(inputSchema),
    inputSchema,
    risk: "external",
    invocationMessage: () => `Calling ${spec.tool} (${spec.source})`,
    async prepare(params: Record<string, unknown>) {
      const text = JSON.stringify(params ?? {}, null, 2);
      return { kind: "external", source: spec.source, tool: spec.tool, arguments: capText(text, MAX_ARGUMENT_PREVIEW, "(arguments cut for display)").text };
    },
    async run(params: Record<string, unknown>, context: ToolContext): Promise<ToolResult> {
      const result = await spec.call(params ?? {}, context.signal);
      const text = externalResultText(result);
      const capped = capText(text, context.maxResultChars, `[${spec.tool}'s result was cut to fit the context window]`);
      return {
        content: result.isError ? `Error from ${spec.tool}: ${capped.text}` : capped.text,
        ...(result.isError ? { isError: true } : {}),
        summary: result.isError ? "Failed" : `${text.length.toLocaleString("en-US")} characters from ${spec.source}`,
        ...(capped.truncated ? { truncated: true } : {}),
      };
    },
  };
}

/** Text and structured content go to the model; other kinds are described, never dropped silently. */
export function externalResultText(result: ExternalContent): string {
  const parts: string[] = [];
  for (const part of result.content) {
    if (part.type === "text" && typeof part.text === "string") parts.push(part.text);
    else if (part.type === "image" || part.type === "audio") {
      const size = typeof part.data === "string" ? ` (${Math.round((part.data.length * 3) / 4).toLocaleString("en-US")} bytes)` : "";
      parts.push(`[${part.type}${typeof part.mimeType === "string" ? ` ${part.mimeType}` : ""}${size}: not shown, this model reads text only]`);
    } else if (part.type === "resource_link" && typeof part.uri === "string") {
      parts.push(`[resource link: ${part.uri}${typeof part.name === "string" ? ` (${part.name})` : ""}]`);
    } else if (part.type === "resource" && part.resource && typeof part.resource === "object") {
      const resource = part.resource as { uri?: string; text?: string; mimeType?: string };
      parts.push(typeof resource.text === "string" ? `[resource ${resource.uri ?? ""}]\n${resource.text}` : `[binary resource ${resource.uri ?? ""}${resource.mimeType ? ` (${resource.mimeType})` : ""}: not shown]`);
    } else {
      parts.push(`[${String(part.type)} content: not shown]`);
    }
  }
  if (result.structuredContent !== undefined && !parts.some((p) => p.trim().startsWith("{"))) {
    parts.push(JSON.stringify(result.structuredContent, null, 2));
  }
  return parts.join("\n\n") || "(no content)";
}

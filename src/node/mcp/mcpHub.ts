// The MCP servers of one workspace: started together on first need, their tools offered to the
// agent as `<server>_<tool>` (externalTools.ts), stopped together. A server that cannot start is
// reported and left out; the others still serve.
import type { McpConfig } from "../../core/mcp/config";
import { externalTool, externalToolName } from "../../core/mcp/externalTools";
import type { AnyTool } from "../../core/tools/contract";
import { McpConnection, type McpTimeouts } from "./mcpConnection";

export const DEFAULT_MCP_TIMEOUTS: McpTimeouts = { startMs: 20_000, callMs: 60_000 };

export interface McpServerTools {
  readonly server: string;
  /** The tools as the agent gets them (real names, e.g. `weather_get_forecast`). */
  readonly tools: readonly AnyTool[];
  /** Set when the server could not start or list its tools. */
  readonly error?: string;
}

export class McpHub {
  private readonly connections: McpConnection[];

  constructor(
    readonly config: McpConfig,
    timeouts: McpTimeouts = DEFAULT_MCP_TIMEOUTS,
    clientInfo = { name: "gpt-oss-local", version: "0.1.0" },
  ) {
    this.connections = config.servers.map((spec) => new McpConnection(spec, timeouts, clientInfo));
  }

  get serverCount(): number {
    return this.connections.length;
  }

  /** Every server's tools, named uniquely beside `reserved` (our own tools' names). */
  async serverTools(reserved: Iterable<string>): Promise<McpServerTools[]> {
    const taken = new Set(reserved);
    const listed = await Promise.all(
      this.connections.map(async (connection) => {
        try {
          return { connection, tools: await connection.tools() };
        } catch (error) {
          return { connection, tools: [], error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    return listed.map(({ connection, tools, error }) => {
      const server = connection.spec.name;
      const adapted = tools.map((tool) => {
        const name = externalToolName(server, tool.name, taken);
        taken.add(name);
        return externalTool(
          {
            server,
            source: `MCP server ${server}`,
            tool: tool.name,
            ...(tool.description ? { description: tool.description } : {}),
            ...(tool.inputSchema ? { inputSchema: tool.inputSchema } : {}),
            call: (args, signal) => connection.call(tool.name, args, signal),
          },
          name,
        );
      });
      return { server, tools: adapted, ...(error ? { error } : {}) };
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
  }
}

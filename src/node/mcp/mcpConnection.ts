// One MCP server, through the official TypeScript SDK: started on first need (connect, list its
// tools), restarted once if it dies, stopped with its hub. Failures become messages that say which
// server, what happened and the last lines it printed.
import { serverTarget, type McpServerSpec } from "../../core/mcp/config";
import type { ExternalContent } from "../../core/mcp/externalTools";

export class McpError extends Error {}

type Sdk = typeof import("./mcpSdk");
type Client = InstanceType<Sdk["Client"]>;
let sdk: Sdk | undefined;
/** The SDK, required on first use (a file of its own in the bundle: mcpSdk.ts). */
function loadSdk(): Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdk ??= require("./mcpSdk") as Sdk;
  return sdk;
}

export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
}

export interface McpTimeouts {
  /** Starting the server and listing its tools. */
  startMs: number;
  /** One tool call. */
  callMs: number;
}

const STDERR_LINES = 12;

export class McpConnection {
  private client: Client | undefined;
  private starting: Promise<McpToolInfo[]> | undefined;
  private restarts = 0;
  private stderrTail: string[] = [];
  private closed = false;

  constructor(
    readonly spec: McpServerSpec,
    private readonly timeouts: McpTimeouts,
    private readonly clientInfo: { name: string; version: string },
  ) {}

  /** Starts the server if it is not running; its tools. */
  tools(): Promise<McpToolInfo[]> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ExternalContent> {
    await this.tools();
    try {
      return await this.callOnce(tool, args, signal);
    } catch (error) {
      if (signal.aborted || this.closed || this.client || this.restarts >= 1) throw this.failure(`${tool} failed`, error);
      // The server died (its transport closed): start it again once and retry this call.
      this.restarts++;
      await this.tools();
      try {
        return await this.callOnce(tool, args, signal);
      } catch (retryError) {
        throw this.failure(`${tool} failed after a restart`, retryError);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    await client?.close().catch(() => undefined);
  }

  private async callOnce(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ExternalContent> {
    const client = this.client;
    if (!client) throw new McpError("the server is not running");
    const result = await client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: this.timeouts.callMs });
    return result as unknown as ExternalContent;
  }

  private async start(): Promise<McpToolInfo[]> {
    if (this.closed) throw new McpError(`MCP server "${this.spec.name}" was stopped.`);
    const client = new (loadSdk().Client)(this.clientInfo);
    const transport = await this.transport();
    transport.onclose = () => {
      if (this.client === client) this.client = undefined;
      this.starting = undefined;
    };
    const timeout = AbortSignal.timeout(this.timeouts.startMs);
    try {
      await client.connect(transport, { signal: timeout, timeout: this.timeouts.startMs });
      const listed = await client.listTools(undefined, { signal: timeout, timeout: this.timeouts.startMs });
      this.client = client;
      return listed.tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: t.inputSchema as Record<string, unknown> }));
    } catch (error) {
      await client.close().catch(() => undefined);
      throw this.failure(timeout.aborted ? `did not start within ${Math.round(this.timeouts.startMs / 1000)} s` : "could not start", error);
    }
  }

  private async transport() {
    const spec = this.spec;
    if (spec.transport === "stdio") {
      const { StdioClientTransport, getDefaultEnvironment } = loadSdk();
      const transport = new StdioClientTransport({
        command: spec.command,
        args: spec.args,
        env: { ...getDefaultEnvironment(), ...spec.env },
        ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
        stderr: "pipe",
      });
      this.stderrTail = [];
      transport.stderr?.on("data", (chunk: Buffer) => {
        this.stderrTail.push(...chunk.toString("utf8").split(/\r?\n/).filter((line) => line.trim()));
        this.stderrTail = this.stderrTail.slice(-STDERR_LINES);
      });
      return transport;
    }
    const headers = spec.headers;
    if (spec.transport === "sse") {
      const { SSEClientTransport } = loadSdk();
      return new SSEClientTransport(new URL(spec.url), { requestInit: { headers } });
    }
    const { StreamableHTTPClientTransport } = loadSdk();
    return new StreamableHTTPClientTransport(new URL(spec.url), { requestInit: { headers } });
  }

  private failure(what: string, error: unknown): McpError {
    const reason = error instanceof Error ? error.message : String(error);
    const where = serverTarget(this.spec);
    const tail = this.stderrTail.length ? `\nIts last output:\n${this.stderrTail.join("\n")}` : "";
    return new McpError(`MCP server "${this.spec.name}" (${where}, from ${this.spec.source}) ${what}: ${reason}${tail}`);
  }
}

// The parts of the MCP SDK we use, in one module that esbuild bundles to a file of its own
// (dist/mcp-sdk.js, see esbuild.mjs): required the first time a server starts, so sessions without
// MCP never load it. It also keeps the SDK's own zod out of the startup bundle: bundled together,
// the SDK's lazy import turned zod into lazily initialised modules that our top-level schemas ran
// before ("ZodEnum is not a constructor" at activation).
export { Client } from "@modelcontextprotocol/sdk/client/index.js";
export { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
export { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
export { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

// MCP server configuration in VS Code's own format (`.vscode/mcp.json`, and the same shape in the
// `gptOss.mcp.servers` user setting): `servers` by name, each `stdio` (command, args, env, cwd) or
// `http`/`sse` (url, headers). The file is JSON with comments, as VS Code writes it.
import * as z from "zod";

const stdioServer = z.object({
  type: z.literal("stdio").optional(),
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).default({}),
  cwd: z.string().optional(),
});

const httpServer = z.object({
  type: z.enum(["http", "sse"]).optional(),
  url: z.string().url(),
  headers: z.record(z.string(), z.string()).default({}),
});

export type McpServerSpec =
  | { name: string; transport: "stdio"; command: string; args: string[]; env: Record<string, string>; cwd?: string; source: string }
  | { name: string; transport: "http" | "sse"; url: string; headers: Record<string, string>; source: string };

export interface McpConfig {
  servers: McpServerSpec[];
  /** One line per server (or file) that could not be used, for the chat and the CLI to show. */
  problems: string[];
}

export interface McpVariables {
  /** `${workspaceFolder}`. */
  workspaceFolder?: string;
  /** `${userHome}`. */
  userHome?: string;
}

/** Reads one config (a file's text, or the setting's object); `source` names it in problems. */
export function parseMcpConfig(input: string | unknown, source: string, variables: McpVariables = {}): McpConfig {
  let raw: unknown = input;
  if (typeof input === "string") {
    try {
      raw = JSON.parse(stripJsonComments(input));
    } catch (error) {
      return { servers: [], problems: [`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`] };
    }
  }
  const file = z.object({ servers: z.record(z.string(), z.unknown()).default({}) }).safeParse(raw ?? {});
  if (!file.success) return { servers: [], problems: [`${source}: expected an object with "servers".`] };
  const servers: McpServerSpec[] = [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(file.data.servers)) {
    const type = (value as { type?: unknown } | null)?.type;
    const isHttp = type === "http" || type === "sse" || (type === undefined && typeof (value as { url?: unknown })?.url === "string");
    const parsed = isHttp ? httpServer.safeParse(value) : stdioServer.safeParse(value);
    if (!parsed.success) {
      problems.push(`${source}: server "${name}": ${z.prettifyError(parsed.error).replace(/\n+/g, " ")}`);
      continue;
    }
    try {
      const expand = (text: string) => expandVariables(text, variables);
      if ("command" in parsed.data) {
        const env: Record<string, string> = {};
        for (const [key, v] of Object.entries(parsed.data.env)) if (v !== null) env[key] = expand(String(v));
        servers.push({
          name,
          transport: "stdio",
          command: expand(parsed.data.command),
          args: parsed.data.args.map(expand),
          env,
          ...(parsed.data.cwd !== undefined ? { cwd: expand(parsed.data.cwd) } : {}),
          source,
        });
      } else {
        const headers: Record<string, string> = {};
        for (const [key, v] of Object.entries(parsed.data.headers)) headers[key] = expand(v);
        servers.push({ name, transport: parsed.data.type ?? "http", url: expand(parsed.data.url), headers, source });
      }
    } catch (error) {
      problems.push(`${source}: server "${name}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { servers, problems };
}

/** What a server runs or where it connects, for messages: `` `node server.js` `` or its URL. */
export function serverTarget(spec: McpServerSpec): string {
  return spec.transport === "stdio" ? `\`${[spec.command, ...spec.args].join(" ")}\`` : spec.url;
}

/** Later configs win for a server name they share (the workspace's file over the user's setting). */
export function mergeMcpConfigs(...configs: McpConfig[]): McpConfig {
  const byName = new Map<string, McpServerSpec>();
  for (const config of configs) for (const server of config.servers) byName.set(server.name, server);
  return { servers: [...byName.values()], problems: configs.flatMap((c) => c.problems) };
}

function expandVariables(text: string, variables: McpVariables): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === "workspaceFolder" && variables.workspaceFolder !== undefined) return variables.workspaceFolder;
    if (name === "userHome" && variables.userHome !== undefined) return variables.userHome;
    if (name.startsWith("input:")) throw new Error(`${whole}: prompted inputs are not supported here; put the value in "env" or "headers".`);
    throw new Error(`${whole} is not a variable this extension knows (\${workspaceFolder}, \${userHome}).`);
  });
}

/** JSON with `//` and block comments and trailing commas, as VS Code's settings files allow. */
export function stripJsonComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}

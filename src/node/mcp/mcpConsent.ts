// One-time consent for the MCP servers a workspace's .vscode/mcp.json would start, as VS Code's own
// chat asks: a cloned repository must not get to run a program just because a chat message was
// sent. The answer is kept per workspace (VS Code's workspaceState), by server name, with a hash of
// everything that decides what runs (transport, command, args, env, cwd, url, headers): a changed
// configuration asks again. Only the hash is stored, so headers and env values (tokens) are not.
import { createHash } from "node:crypto";
import type { McpServerSpec } from "../../core/mcp/config";

export type McpConsent = "allow" | "deny";

/** The part of VS Code's Memento this store uses (a Map-backed one in tests). */
export interface ConsentMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const KEY = "gptOss.mcpConsent";

interface Entry {
  hash: string;
  consent: McpConsent;
}

/** sha-256 of the server's configuration in a fixed key order (object keys sorted). */
export function mcpServerHash(spec: McpServerSpec): string {
  const sorted = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const shape =
    spec.transport === "stdio"
      ? { transport: spec.transport, command: spec.command, args: spec.args, env: sorted(spec.env), cwd: spec.cwd ?? null }
      : { transport: spec.transport, url: spec.url, headers: sorted(spec.headers) };
  return createHash("sha256").update(JSON.stringify(shape)).digest("hex");
}

export class McpConsentStore {
  constructor(private readonly state: ConsentMemento) {}

  /** The remembered answer for this exact configuration; undefined when never asked or changed since. */
  consent(spec: McpServerSpec): McpConsent | undefined {
    const entry = this.entries()[spec.name];
    return entry && entry.hash === mcpServerHash(spec) ? entry.consent : undefined;
  }

  async record(spec: McpServerSpec, consent: McpConsent): Promise<void> {
    await this.state.update(KEY, { ...this.entries(), [spec.name]: { hash: mcpServerHash(spec), consent } satisfies Entry });
  }

  private entries(): Record<string, Entry> {
    const raw = this.state.get<unknown>(KEY);
    if (!raw || typeof raw !== "object") return {};
    const entries: Record<string, Entry> = {};
    for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
      const entry = value as Partial<Entry> | null;
      if (entry && typeof entry.hash === "string" && (entry.consent === "allow" || entry.consent === "deny")) entries[name] = { hash: entry.hash, consent: entry.consent };
    }
    return entries;
  }
}

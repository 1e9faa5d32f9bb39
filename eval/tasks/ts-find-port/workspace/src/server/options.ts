import { DEFAULT_CONFIG, type ServerConfig } from "./config.js";

/** The config from command-line flags; anything not given keeps its default. */
export function fromFlags(flags: Partial<ServerConfig>): ServerConfig {
  return { ...DEFAULT_CONFIG, ...flags };
}

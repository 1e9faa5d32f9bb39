export interface ServerConfig {
  host: string;
  port: number;
  liveReload: boolean;
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: "127.0.0.1",
  port: 8787,
  liveReload: true,
};

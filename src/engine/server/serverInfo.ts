// What connecting to a shared server learns about it; the slots read it, the backend fills it in.
export type ServerApi = "llama.cpp" | "openai";

export interface ServerInfo {
  baseUrl: string;
  api: ServerApi;
  model: string;
  contextSize: number;
  slots: number;
}

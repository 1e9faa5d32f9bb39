// A shared gpt-oss server as the backend (`gptOss.backend: server`): llama.cpp's llama-server
// (`/completion`) or any OpenAI-compatible completions endpoint that takes a raw prompt (vLLM,
// llama-server's `/v1/completions`). Connecting checks that the server answers, that it serves a
// gpt-oss model (its tokenizer reads `<|channel|>` as the harmony token 200005), and reads its
// context size and slot count. Prompts stay ours: rendered by core/harmony, parsed by our parser.
import * as z from "zod";
import { SPECIAL_TOKENS } from "../../core/harmony/index";
import type { Backend } from "../backend";
import type { LoadReport } from "../loadReport";
import { loadScriptFile, scriptPathFromEnvironment, type ScriptPlayer } from "../script";
import { fetchJson, ServerError, type HttpOptions } from "./httpStream";
import type { ServerApi, ServerInfo } from "./serverInfo";
import { ServerSlot } from "./serverSlot";
import { textTokens } from "./textTokens";


export interface ServerOptions {
  /** Base URL, e.g. http://gpu-box:8080 (a trailing /v1 is accepted for the OpenAI API). */
  url: string;
  api: ServerApi;
  /** Sent as `Authorization: Bearer`; from VS Code's SecretStorage, never from settings. */
  apiKey?: string | undefined;
  /** The model name to ask an OpenAI-compatible server for (default: the first it lists). */
  model?: string | undefined;
  /** A request with no byte from the server for this long fails (default 120 s). */
  idleTimeoutMs?: number;
  /** Scripted-output file (testing aid), as EngineOptions.script: undefined reads GPT_OSS_SCRIPT. */
  script?: string | false;
}


const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

const LlamaProps = z.object({
  default_generation_settings: z.object({ n_ctx: z.number().int().positive() }).partial().optional(),
  total_slots: z.number().int().positive().optional(),
  model_alias: z.string().optional(),
  model_path: z.string().optional(),
});

const OpenAiModels = z.object({
  data: z.array(z.object({ id: z.string(), max_model_len: z.number().int().positive().optional(), meta: z.object({ n_ctx: z.number().int().positive() }).partial().optional() })),
});

const Tokens = z.object({ tokens: z.array(z.union([z.number(), z.object({ id: z.number() })])) });

/** `http://host:8080/v1/` -> `http://host:8080`; the API's paths are added per request. */
export function normalizeBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new ServerError("unreachable", `"${url}" is not a URL. Set gptOss.server.url to the server's address, e.g. http://127.0.0.1:8080.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ServerError("unreachable", `gptOss.server.url must be an http:// or https:// address, not ${parsed.protocol}`);
  }
  return parsed.toString().replace(/\/+$/, "").replace(/\/v1$/, "");
}

export async function probeServer(options: ServerOptions, signal?: AbortSignal): Promise<ServerInfo> {
  const baseUrl = normalizeBaseUrl(options.url);
  const http: HttpOptions = { apiKey: options.apiKey, signal, idleTimeoutMs: Math.min(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, 30_000) };
  let model: string;
  let contextSize: number | undefined;
  let slots = 1;
  if (options.api === "llama.cpp") {
    const props = parse(LlamaProps, await fetchJson(`${baseUrl}/props`, undefined, http), "/props");
    model = props.model_alias || props.model_path?.split(/[\\/]/).pop() || "gpt-oss";
    contextSize = props.default_generation_settings?.n_ctx;
    slots = props.total_slots ?? 1;
  } else {
    const models = parse(OpenAiModels, await fetchJson(`${baseUrl}/v1/models`, undefined, http), "/v1/models");
    const entry = options.model ? models.data.find((m) => m.id === options.model) : models.data[0];
    if (!entry) {
      const names = models.data.map((m) => m.id).join(", ") || "none";
      throw new ServerError("bad-response", options.model ? `The server does not serve "${options.model}" (it serves: ${names}).` : "The server lists no model.");
    }
    model = entry.id;
    contextSize = entry.max_model_len ?? entry.meta?.n_ctx;
  }
  await checkHarmonyVocabulary(baseUrl, options.api, model, http);
  if (contextSize === undefined) throw new ServerError("bad-response", `The server at ${baseUrl} does not say its context size; it cannot be used safely.`);
  return { baseUrl, api: options.api, model, contextSize, slots };
}

/** A server whose tokenizer does not read `<|channel|>` as one token is not serving gpt-oss. */
async function checkHarmonyVocabulary(baseUrl: string, api: ServerApi, model: string, http: HttpOptions): Promise<void> {
  const body = api === "llama.cpp" ? { content: SPECIAL_TOKENS.channel.text, add_special: false, parse_special: true } : { model, prompt: SPECIAL_TOKENS.channel.text, add_special_tokens: false };
  const answer = parse(Tokens, await fetchJson(`${baseUrl}/tokenize`, body, http), "/tokenize");
  const ids = answer.tokens.map((t) => (typeof t === "number" ? t : t.id));
  if (ids.length !== 1 || ids[0] !== SPECIAL_TOKENS.channel.id) {
    throw new ServerError(
      "not-gpt-oss",
      `The server at ${baseUrl} serves "${model}", which is not a gpt-oss model (its tokenizer has no harmony tokens). Point gptOss.server.url at a gpt-oss server.`,
    );
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ServerError("bad-response", `The server's ${what} answer is not what llama.cpp or an OpenAI-compatible server sends: ${z.prettifyError(result.error)}`);
  return result.data;
}

export class ServerBackend implements Backend {
  readonly report: LoadReport;

  constructor(
    readonly info: ServerInfo,
    private readonly options: ServerOptions,
    private readonly script: ScriptPlayer | undefined,
  ) {
    this.report = {
      modelPath: `${info.baseUrl} (${info.model})`,
      model: { name: info.model, architecture: "gpt-oss", fileSize: 0, parameters: 0, quantization: undefined, gptOss: true, trainContextSize: info.contextSize },
      device: { gpu: false, gpuNames: [], gpuLayers: 0, totalLayers: 0, label: `server ${info.baseUrl}` },
      threads: 0,
      contextSize: info.contextSize,
      contextSizeRequested: info.contextSize,
      sequences: info.slots,
      swaSize: undefined,
      timings: { checkMs: 0, importMs: 0, getLlamaMs: 0, loadModelMs: 0, createContextMs: 0, totalMs: 0 },
      warnings: [],
      server: { url: info.baseUrl, api: info.api, model: info.model },
      ...(script ? { script: { path: script.source, responses: script.responses.length } } : {}),
    };
  }

  private opened = 0;

  openSlot(): ServerSlot {
    // llama-server keeps one KV cache per slot: pinning a conversation to a slot keeps its prefix.
    const id = this.options.api === "llama.cpp" ? this.opened++ % this.info.slots : undefined;
    return new ServerSlot(this.info, { apiKey: this.options.apiKey, idleTimeoutMs: this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS }, id, this.script);
  }

  tokenizeText(text: string): number[] {
    return textTokens(text);
  }

  async dispose(): Promise<void> {
    // Nothing is held open between requests; a running request stops with its lease's signal.
  }
}

export async function connectServer(options: ServerOptions, signal?: AbortSignal): Promise<ServerBackend> {
  const scriptPath = options.script === false ? undefined : (options.script ?? scriptPathFromEnvironment());
  const script = scriptPath !== undefined ? await loadScriptFile(scriptPath) : undefined;
  return new ServerBackend(await probeServer(options, signal), options, script);
}

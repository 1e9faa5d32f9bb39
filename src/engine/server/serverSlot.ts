// One conversation on a gpt-oss server. The prompt is our harmony text (rendered by core/harmony)
// sent raw; the server streams text back, special tokens included (llama-server's
// `preserved_tokens`, vLLM's `skip_special_tokens: false`), and our lenient parser reads it,
// exactly as it reads the local engine's tokens. When the model opens JSON arguments for a known
// tool, the stream is cut at the header and resumed with the tool's grammar (llama.cpp GBNF, or a
// JSON schema for vLLM), so server-side tool calls are as well-formed as local ones. Every other
// llama-server request carries the header constraint as a grammar (core/harmony/headerGrammar.ts),
// starting from wherever the prompt and the reply so far stand.
import {
  headerGrammar,
  headerRulesOf,
  HeaderTracker,
  PRODUCT_RENDER_CONFIG,
  renderConversationForCompletion,
  SPECIAL_TOKENS,
  segmentsToText,
  segmentsToTokens,
  specialTokenName,
  type HeaderRules,
  type Segment,
} from "../../core/harmony/index";
import { trainedAliasesFor } from "../../core/agent/trainedNames";
import { jsonSchemaToGbnf } from "../../core/grammar/index";
import { drainGenerator } from "../../core/drainGenerator";
import type { GenerationSlot } from "../backend";
import { EngineError } from "../errors";
import type { StopReason, TurnEvent } from "../../core/agent/types";
import { samplingWithDefaults, type GenerateOptions, type GenerateRequest, type GenerationResult, type GenerationStream } from "../generationTypes";
import { jsonToolCallName, toolSchemasOf } from "../toolGrammar";
import { TurnRecorder } from "../turnRecorder";
import { streamEvents, ServerError, type HttpOptions } from "./httpStream";
import type { ServerInfo } from "./serverInfo";
import type { ScriptPlayer } from "../script";
import { scriptGrammar } from "./scriptGrammar";
import { SpecialTextSplitter } from "./specialText";
import { textTokens } from "./textTokens";

/**
 * Harmony's special tokens, asked back as text (llama-server drops them from its output otherwise).
 * Not the end tokens: the server stops on them, and the recipient rule (finishRequest) tells them
 * apart, also when a scripted header must hand over to the model instead of ending the turn.
 */
const HARMONY_SPECIALS = ["start", "end", "message", "channel", "constrain"].map((name) => SPECIAL_TOKENS[name as keyof typeof SPECIAL_TOKENS].text);

export class ServerSlot implements GenerationSlot {
  private busy = false;

  constructor(
    private readonly info: ServerInfo,
    private readonly http: Omit<HttpOptions, "signal">,
    /** llama-server slot this conversation is pinned to, so its KV cache keeps our prefix. */
    private readonly slotId: number | undefined,
    private readonly script: ScriptPlayer | undefined,
  ) {}

  get contextSize(): number {
    return this.info.contextSize;
  }

  tokenize(request: GenerateRequest): number[] {
    return segmentsToTokens(segmentsOf(request), textTokens);
  }

  generate(request: GenerateRequest, options: GenerateOptions = {}): GenerationStream {
    return this.run(request, options);
  }

  complete(request: GenerateRequest, options: GenerateOptions = {}, onEvent?: (event: TurnEvent) => void): Promise<GenerationResult> {
    return drainGenerator(this.generate(request, options), onEvent);
  }

  private async *run(request: GenerateRequest, options: GenerateOptions): GenerationStream {
    if (this.busy) throw new EngineError("busy", "This conversation is already generating; wait for it or stop it first.");
    this.busy = true;
    try {
      const schemas = "conversation" in request ? toolSchemasOf(request.conversation) : new Map<string, unknown>();
      for (const [name, schema] of Object.entries(request.toolSchemas ?? {})) schemas.set(name, schema);
      const segments = segmentsOf(request);
      const scripted = options.script === false ? undefined : typeof options.script === "string" ? options.script : this.script?.next().text;
      // The header constraint as a grammar: llama-server's GBNF has token terms; an OpenAI-compatible
      // server's grammar has none (README), so there the lenient parser and the aliases catch what comes.
      const headerRules = this.info.api === "llama.cpp" && options.headerConstraint !== false && "conversation" in request ? headerRulesOf(request.conversation, trainedAliasesFor) : undefined;
      const turn = new ServerTurn(this.info, { ...this.http, signal: options.signal }, this.slotId, segments, schemas, options, scripted, headerRules);
      return yield* turn.run();
    } finally {
      this.busy = false;
    }
  }
}

function segmentsOf(request: GenerateRequest): readonly Segment[] {
  return "conversation" in request ? renderConversationForCompletion(request.conversation, "assistant", request.renderConfig ?? PRODUCT_RENDER_CONFIG) : request.segments;
}

interface Chunk {
  text: string;
  /** The server ended this request: at an end token, at the token cap, or with the context full. */
  end?: "eos" | "limit" | "context";
  promptTokens?: number;
  reusedTokens?: number;
  generatedTokens?: number;
}

class ServerTurn {
  private readonly recorder = new TurnRecorder({
    messageStarted: (header) => {
      const name = jsonToolCallName(header);
      this.grammarFor = name !== undefined && this.schemas.has(name) ? name : undefined;
      this.constrained = false;
    },
    constrained: () => this.constrained,
    afterMessage: () => {
      this.grammarFor = undefined;
    },
  });
  private readonly splitter = new SpecialTextSplitter();
  private readonly prompt: string;
  private generated = "";
  private generatedTokens = 0;
  private grammarFor: string | undefined;
  private constrained = false;
  private endedBy: "return" | "call" | undefined;
  /** The request running is a scripted response's: its grammar covers any tool arguments too. */
  private scriptRequest = false;
  private scriptOpenEnded = false;
  /** Follows the harmony structure of prompt and reply, so a request's header grammar starts where they left off. */
  private readonly headers: HeaderTracker | undefined;

  constructor(
    private readonly info: ServerInfo,
    private readonly http: HttpOptions,
    private readonly slotId: number | undefined,
    segments: readonly Segment[],
    private readonly schemas: ReadonlyMap<string, unknown>,
    private readonly options: GenerateOptions,
    /** A scripted response (testing aid): the first request generates exactly its text. */
    private scripted: string | undefined,
    headerRules: HeaderRules | undefined,
  ) {
    if (headerRules) this.headers = new HeaderTracker(headerRules);
    this.prompt = segmentsToText(segments);
    // The parser reads the prompt from its last `<|start|>`: it then knows the role, and any header
    // the prompt already opened (a completion prefilled on `final`, a prefilled tool call).
    const start = this.prompt.lastIndexOf(SPECIAL_TOKENS.start.text);
    this.feed(this.prompt.slice(start === -1 ? this.prompt.length : start));
    this.flush();
    this.recorder.promptEnded();
    this.generated = "";
    this.promptTokens = segmentsToTokens(segments, textTokens).length;
  }

  private readonly promptTokens: number;

  async *run(): GenerationStream {
    const { signal } = this.options;
    const started = performance.now();
    let firstAt: number | undefined;
    let stop: StopReason | undefined;
    let reused = 0;
    let evaluated = this.promptTokens;
    let measured = false;
    try {
      while (stop === undefined) {
        let restart = false;
        // A server counts each request's tokens on its own; a restart adds to what came before.
        const before = this.generatedTokens;
        for await (const chunk of this.request()) {
          if (signal?.aborted) break;
          if (chunk.promptTokens !== undefined) {
            // Only the first request of a turn measures the prompt; a restart's prompt is ours.
            if (!measured) {
              reused = chunk.reusedTokens ?? 0;
              evaluated = Math.max(0, chunk.promptTokens - reused);
            }
            measured = true;
          }
          if (firstAt === undefined) {
            firstAt = performance.now();
            yield { type: "prompt", evaluation: { promptTokens: this.promptTokens, reusedTokens: reused, evaluatedTokens: evaluated, chunks: 1, aborted: false }, ms: firstAt - started };
          }
          if (chunk.generatedTokens !== undefined) this.generatedTokens = before + chunk.generatedTokens;
          else if (chunk.text !== "") this.generatedTokens++;
          restart = this.feed(chunk.text);
          yield* this.drain();
          if (this.endedBy) {
            stop = this.endedBy;
            break;
          }
          if (restart) break;
          if (chunk.end === "eos" && this.scriptRequest && this.scriptOpenEnded) {
            // The scripted text is out; the model continues on its own (under a tool's grammar
            // when the script opened a call).
            restart = true;
            this.scriptOpenEnded = false;
            this.flush();
            break;
          }
          if (chunk.end) {
            stop = this.finishRequest(chunk.end);
            break;
          }
        }
        if (signal?.aborted) {
          stop = "abort";
          break;
        }
        // The server closed the stream without saying it had finished: it went away mid-answer.
        if (stop === undefined && !restart) throw new ServerError("dropped", "The gpt-oss server closed the connection in the middle of the answer.");
      }
    } catch (error) {
      if (!signal?.aborted) {
        // What arrived stays: the parser closes the open message, the caller shows the error.
        this.recorder.end();
        if (error instanceof ServerError && error.code === "context-full") {
          stop = "context-full";
        } else {
          throw error;
        }
      }
      stop ??= "abort";
    }
    if (stop !== "return" && stop !== "call") {
      this.flush();
      this.recorder.end();
    }
    yield* this.drain();
    const generationMs = performance.now() - (firstAt ?? started);
    return this.recorder.result(stop, [], {
      promptTokens: this.promptTokens,
      reusedTokens: reused,
      promptEvaluatedTokens: evaluated,
      promptChunks: 1,
      promptMs: (firstAt ?? performance.now()) - started,
      generatedTokens: this.generatedTokens,
      generationMs,
      evaluatedTokens: evaluated + this.generatedTokens,
    });
  }

  /**
   * The server stopped at an end token without sending its text: a message addressed to a tool
   * ended with `<|call|>`, anything else with `<|return|>` (the only two end tokens llama.cpp
   * keeps for gpt-oss). The parser gets that token, so the message ends as it would locally.
   */
  private finishRequest(end: NonNullable<Chunk["end"]>): StopReason | undefined {
    this.flush();
    if (end === "limit") return "max-tokens";
    if (end === "context") return "context-full";
    const token = this.recorder.header?.recipient !== undefined ? SPECIAL_TOKENS.call : SPECIAL_TOKENS.return;
    this.recorder.push({ id: token.id });
    this.endedBy ??= token.id === SPECIAL_TOKENS.call.id ? "call" : "return";
    return this.endedBy;
  }

  /** Feeds text to the parser; true when the stream must restart under a tool's grammar. */
  private feed(text: string): boolean {
    for (const piece of this.splitter.push(text)) {
      this.generated += piece;
      const id = idOfSpecial(piece);
      if (id !== undefined) {
        this.headers?.pushSpecial(specialTokenName(id)!);
        this.recorder.push({ id });
        if (id === SPECIAL_TOKENS.call.id) this.endedBy = "call";
        else if (id === SPECIAL_TOKENS.return.id) this.endedBy = "return";
        if (this.endedBy) return false;
        if (this.grammarFor !== undefined && !this.constrained && !this.scriptRequest) {
          // Cut here: what the server sent after the header was not under the grammar.
          this.splitter.reset();
          return true;
        }
      } else {
        this.pushText(piece);
      }
    }
    return false;
  }

  private flush(): void {
    for (const piece of this.splitter.flush()) {
      this.generated += piece;
      this.pushText(piece);
    }
  }

  private pushText(piece: string): void {
    if (this.headers?.constraining) this.headers.pushText(piece);
    this.recorder.push({ id: -1, text: piece });
  }

  private *drain(): Generator<TurnEvent, void, void> {
    yield* this.recorder.drain();
  }

  /** One streamed request for the prompt plus what this turn generated so far. */
  private async *request(): AsyncGenerator<Chunk, void, void> {
    const { options } = this;
    let grammar: { gbnf: string; schema: unknown } | undefined;
    this.scriptRequest = this.scripted !== undefined;
    if (this.scripted !== undefined) {
      grammar = { gbnf: scriptGrammar(this.scripted), schema: undefined };
      // A response that stops after a header (no end token) lets the model go on from there.
      this.scriptOpenEnded = !/<\|(return|call)\|>$/.test(this.scripted);
      this.scripted = undefined;
    } else if (this.grammarFor !== undefined && !this.constrained) {
      const schema = this.schemas.get(this.grammarFor);
      grammar = { gbnf: jsonSchemaToGbnf(schema).grammar, schema };
      this.constrained = true;
    } else if (this.headers) {
      const gbnf = headerGrammar(this.headers.rules, this.headers.position());
      if (gbnf !== undefined) grammar = { gbnf, schema: undefined };
    }
    const left = options.maxTokens !== undefined ? Math.max(1, options.maxTokens - this.generatedTokens) : -1;
    const prompt = this.prompt + this.generated;
    const { temperature, topP, topK, minP, seed } = samplingWithDefaults(options);
    const sampling = { temperature, top_p: topP, top_k: topK, min_p: minP, ...(seed !== undefined ? { seed } : {}) };
    if (this.info.api === "llama.cpp") {
      const body = {
        prompt,
        stream: true,
        n_predict: left,
        cache_prompt: true,
        preserved_tokens: HARMONY_SPECIALS,
        ...(this.slotId !== undefined ? { id_slot: this.slotId } : {}),
        ...(grammar ? { grammar: grammar.gbnf } : {}),
        ...sampling,
      };
      for await (const event of streamEvents(`${this.info.baseUrl}/completion`, body, this.http)) yield llamaChunk(event);
    } else {
      const body = {
        model: this.info.model,
        prompt,
        stream: true,
        ...(left > 0 ? { max_tokens: left } : {}),
        skip_special_tokens: false,
        spaces_between_special_tokens: false,
        ...(grammar?.schema !== undefined ? { guided_json: grammar.schema, json_schema: grammar.schema } : grammar ? { grammar: grammar.gbnf, guided_grammar: grammar.gbnf } : {}),
        ...sampling,
      };
      for await (const event of streamEvents(`${this.info.baseUrl}/v1/completions`, body, this.http)) yield openAiChunk(event);
    }
  }
}

function idOfSpecial(piece: string): number | undefined {
  if (!piece.startsWith("<|") || !piece.endsWith("|>")) return undefined;
  for (const token of Object.values(SPECIAL_TOKENS)) if (token.text === piece) return token.id;
  return undefined;
}

interface LlamaEvent {
  content?: string;
  stop?: boolean;
  stop_type?: string;
  tokens_evaluated?: number;
  tokens_predicted?: number;
  timings?: { cache_n?: number; prompt_n?: number; predicted_n?: number };
}

function llamaChunk(raw: unknown): Chunk {
  const event = (raw ?? {}) as LlamaEvent;
  const chunk: Chunk = { text: typeof event.content === "string" ? event.content : "" };
  if (event.timings?.cache_n !== undefined && event.timings.prompt_n !== undefined) {
    chunk.reusedTokens = event.timings.cache_n;
    chunk.promptTokens = event.timings.cache_n + event.timings.prompt_n;
  }
  if (event.stop === true) {
    if (typeof event.tokens_predicted === "number") chunk.generatedTokens = event.tokens_predicted;
    chunk.end = event.stop_type === "limit" ? "limit" : "eos";
  }
  return chunk;
}

interface OpenAiEvent {
  choices?: Array<{ text?: string; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

function openAiChunk(raw: unknown): Chunk {
  const event = (raw ?? {}) as OpenAiEvent;
  const choice = event.choices?.[0];
  const chunk: Chunk = { text: typeof choice?.text === "string" ? choice.text : "" };
  if (choice?.finish_reason === "length") chunk.end = "limit";
  else if (choice?.finish_reason) chunk.end = "eos";
  if (event.usage?.completion_tokens !== undefined) chunk.generatedTokens = event.usage.completion_tokens;
  return chunk;
}

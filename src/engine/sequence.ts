// One conversation's slot in the loaded model: a LlamaContextSequence whose KV cache carries over
// between turns. Each turn re-renders the whole conversation; the longest common token prefix
// already evaluated is kept, so a second turn evaluates only its new tokens. One generation at a
// time per sequence (two open generators would interleave their tokens into one context).
import type { LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import {
  headerRulesOf,
  PRODUCT_RENDER_CONFIG,
  renderConversationForCompletion,
  segmentsToTokens,
  type Conversation,
  type RenderConfig,
  type Segment,
} from "../core/harmony/index";
import { drainGenerator } from "../core/drainGenerator";
import { EngineError } from "./errors";
import type { Lane } from "./lanes";
import type { PredictionSwitch } from "./predictor";
import type { TurnEvent } from "../core/agent/types";
import type { GenerateOptions, GenerateRequest, GenerationResult, GenerationStream } from "./generationTypes";
import { runTurn } from "./generate";
import type { NodeLlamaCpp } from "./llamaModule";
import { meteredTokens } from "./promptEvaluation";
import { GeneratedTokenMemo, tokenizeTextSafely } from "./safeTokenizer";
import { trainedAliasesFor } from "../core/agent/trainedNames";
import { TextTokenCache } from "./textTokenCache";
import type { ScriptPlayer } from "./script";
import { compileScript, type ScriptedTurn } from "./scriptBias";
import { toolSchemasOf, type ToolGrammarCache } from "./toolGrammar";


/** What the sequence needs from the engine that owns it. */
export interface SequenceOwner {
  nlc: NodeLlamaCpp;
  model: LlamaModel;
  grammars: ToolGrammarCache;
  script: ScriptPlayer | undefined;
}

export class EngineSequence {
  /** The model's own tokens for text it generated, reused when that text is rendered again. */
  private readonly memo = new GeneratedTokenMemo();
  /** Prompt texts seen lately (a completion's file window and instructions, a chat's history). */
  private readonly textTokens = new TextTokenCache();
  private busy = false;

  constructor(
    private readonly owner: SequenceOwner,
    /** The underlying node-llama-cpp sequence (for measurements; drive it through `generate`). */
    readonly llamaSequence: LlamaContextSequence,
    /** The kind of caller this sequence is kept for, when the engine has lanes. */
    readonly lane?: Lane,
    /** Its prompt-lookup predictor's switch (speculative decoding), when it has one. */
    private readonly predictor?: PredictionSwitch,
  ) {}

  /** Whether generation on this sequence may use prompt-lookup speculative decoding. */
  get speculative(): boolean {
    return this.predictor !== undefined;
  }

  /** Tokens the sequence can hold. */
  get contextSize(): number {
    return this.llamaSequence.contextSize;
  }

  /** Tokens evaluated and held in the KV cache now. */
  get cachedTokens(): number {
    return this.llamaSequence.nextTokenIndex;
  }

  /** Every token llama.cpp evaluated on this sequence so far (token meter). */
  get evaluatedTokens(): number {
    return meteredTokens(this.llamaSequence);
  }

  get generating(): boolean {
    return this.busy;
  }

  get disposed(): boolean {
    return this.llamaSequence.disposed;
  }

  /** The prompt's tokens: special tokens by id, text through the injection-safe tokenizer. */
  tokenize(request: GenerateRequest): Token[] {
    const segments = "conversation" in request ? renderConversationForCompletion(request.conversation, "assistant", request.renderConfig ?? PRODUCT_RENDER_CONFIG) : request.segments;
    const { model } = this.owner;
    return segmentsToTokens(segments, (text) => this.memo.get(text) ?? this.textTokens.tokens(text, (t) => tokenizeTextSafely(model, t))) as Token[];
  }

  /**
   * Generates one assistant turn. Iterate the events (the last is `done`); breaking out early
   * stops generation and leaves the sequence reusable, like an abort.
   */
  generate(request: GenerateRequest, options: GenerateOptions = {}): GenerationStream {
    return this.run(request, options);
  }

  /** Generates a turn and returns only its result (events go to `onEvent`, if given). */
  complete(request: GenerateRequest, options: GenerateOptions = {}, onEvent?: (event: TurnEvent) => void): Promise<GenerationResult> {
    return drainGenerator(this.generate(request, options), onEvent);
  }

  /** Forgets the KV cache (the next turn evaluates its whole prompt). */
  async clear(): Promise<void> {
    if (this.busy) throw new EngineError("busy", "This sequence is generating; stop it before clearing it.");
    this.memo.clear();
    await this.llamaSequence.clearHistory();
  }

  async dispose(): Promise<void> {
    this.memo.clear();
    if (!this.llamaSequence.disposed) await this.llamaSequence.dispose();
  }

  private async *run(request: GenerateRequest, options: GenerateOptions): GenerationStream {
    if (this.llamaSequence.disposed) throw new EngineError("disposed", "The model was unloaded; load it again to generate.");
    if (this.busy) throw new EngineError("busy", "This sequence is already generating; wait for it or abort it first.");
    this.busy = true;
    try {
      const prompt = this.tokenize(request);
      const limit = this.contextSize - 1;
      if (prompt.length > limit) {
        throw new EngineError(
          "prompt-too-long",
          `The prompt is ${prompt.length.toLocaleString("en-US")} tokens but the context window holds ${limit.toLocaleString("en-US")}. ` +
            "Start a new chat, or raise gptOss.contextSize if memory allows.",
        );
      }
      const toolSchemas = "conversation" in request ? toolSchemasOf(request.conversation) : new Map<string, unknown>();
      for (const [name, schema] of Object.entries(request.toolSchemas ?? {})) toolSchemas.set(name, schema);
      const { nlc, model, grammars } = this.owner;
      this.predictor?.setInput(prompt);
      return yield* runTurn({
        nlc,
        model,
        sequence: this.llamaSequence,
        grammars,
        memo: this.memo,
        prompt,
        toolSchemas,
        script: this.scriptFor(options),
        options,
        ...(options.headerConstraint !== false && "conversation" in request ? { headerRules: headerRulesOf(request.conversation, trainedAliasesFor) } : {}),
        ...(this.predictor ? { predictor: this.predictor } : {}),
      });
    } catch (error) {
      // Unloading the model mid-generation makes node-llama-cpp throw its own DisposedError.
      if (this.llamaSequence.disposed && !(error instanceof EngineError)) {
        throw new EngineError("disposed", "The model was unloaded during generation.", { cause: error });
      }
      throw error;
    } finally {
      this.busy = false;
    }
  }

  private scriptFor(options: GenerateOptions): ScriptedTurn | undefined {
    const { nlc, model, script } = this.owner;
    if (options.script === false) return undefined;
    if (typeof options.script === "string") return compileScript(nlc, model, { index: 0, text: options.script });
    return script ? compileScript(nlc, model, script.next()) : undefined;
  }
}

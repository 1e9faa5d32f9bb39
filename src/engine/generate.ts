// One assistant turn on a LlamaContextSequence: prompt in (prefix reuse, chunks), then tokens out
// through the harmony parser until `<|return|>` or `<|call|>` (`<|end|>` only closes a message).
// Traps handled here (docs/low-level-generation.md): yieldEogToken so `<|call|>` is
// told from `<|return|>`; never iterate past an end token; the last yielded token is pending (not
// evaluated) and is the input when generation resumes under a grammar; harmony is parsed by
// token id; a character split over tokens is held back until complete.
import type {
  LlamaContextSequence,
  LlamaGrammarEvaluationState,
  LlamaModel,
  SequenceEvaluateOptions,
  Token,
  TokenBias,
} from "node-llama-cpp" with { "resolution-mode": "import" };
import { JsonValueScanner } from "../core/grammar/index";
import { FIRST_SPECIAL_ID, SPECIAL_TOKENS, specialTokenName, type HarmonyToken, type HeaderRules, type ParsedHeader, type ParsedMessage } from "../core/harmony/index";
import type { PromptEvaluation, StopReason, TurnEvent } from "../core/agent/types";
import { SAMPLING_DEFAULTS, samplingWithDefaults, type GenerateOptions, type GenerationResult } from "./generationTypes";
import type { NodeLlamaCpp } from "./llamaModule";
import { HeaderConstraint } from "./headerBias";
import type { PredictionSwitch } from "./predictor";
import { evaluatePrompt, meteredTokens } from "./promptEvaluation";
import type { GeneratedTokenMemo } from "./safeTokenizer";
import type { ScriptedTurn } from "./scriptBias";
import { TokenTextDecoder } from "./tokenText";
import { jsonToolCallName, type ToolGrammarCache } from "./toolGrammar";
import { TurnRecorder } from "./turnRecorder";

const CALL = SPECIAL_TOKENS.call.id as Token;
const START = SPECIAL_TOKENS.start.id as Token;
/** The default top-k (SAMPLING_DEFAULTS), for benchmarks that name it. */
export const DEFAULT_TOP_K = SAMPLING_DEFAULTS.topK;

export interface TurnSetup {
  nlc: NodeLlamaCpp;
  model: LlamaModel;
  sequence: LlamaContextSequence;
  grammars: ToolGrammarCache;
  memo: GeneratedTokenMemo;
  /** Ends inside the message to complete: `<|start|>assistant`, or further (a prefilled header). */
  prompt: readonly Token[];
  toolSchemas: ReadonlyMap<string, unknown>;
  script: ScriptedTurn | undefined;
  options: GenerateOptions;
  /** Constrain headers while sampling (headerBias.ts); undefined: unconstrained. */
  headerRules?: HeaderRules;
  /** The sequence's prompt-lookup predictor, switched per evaluation (predictor.ts). */
  predictor?: PredictionSwitch;
}

interface Step {
  stop?: StopReason;
  /** Resume generation with the pending token under this tool's grammar. */
  restart?: boolean;
  grammar?: string;
}

export function runTurn(setup: TurnSetup): AsyncGenerator<TurnEvent, GenerationResult, void> {
  return new Turn(setup).run();
}

class Turn {
  private readonly recorder: TurnRecorder;
  private readonly decoder: TokenTextDecoder;
  private readonly generated: Token[] = [];
  private contentStart = -1;
  /** Where the content of the message being ended stops (exclusive), for the token memo. */
  private contentEnd = -1;
  private tool: { name: string; scanner: JsonValueScanner; constrained: boolean } | undefined;
  private grammarWanted: string | undefined;
  private grammarState: LlamaGrammarEvaluationState | undefined;
  private scriptLive: boolean;
  private recordedEnd: Token | undefined;
  private noBias: TokenBias | undefined;
  private readonly headers: HeaderConstraint | undefined;
  /** Sampling time and tokens inside headers (the constraint's cost), for the stats. */
  private headerTokens = 0;
  private headerMs = 0;
  private lastTokenAt = 0;
  /** Speculation allowed for this evaluation; off while a header is written (its bias needs one position at a time). */
  private speculation = false;
  /**
   * Sampling steps since the last token reached us. With speculative decoding one evaluation
   * samples the pending position and every proposed one before any of them is yielded, so a
   * step's position is `generated.length + samplesSinceToken` (one step per token without it).
   */
  private samplesSinceToken = 0;

  constructor(private readonly setup: TurnSetup) {
    this.recorder = new TurnRecorder({
      messageStarted: (header) => this.onMessageStart(header),
      content: (text) => this.tool?.scanner.push(text),
      messageEnded: (message) => {
        if (message.end === "end" || message.end === "call" || message.end === "return") this.remember(message);
      },
      constrained: () => this.tool?.constrained ?? false,
      afterMessage: () => {
        this.tool = undefined;
        this.grammarWanted = undefined;
        this.grammarState = undefined;
        this.contentStart = -1;
      },
    });
    this.decoder = new TokenTextDecoder((tokens) => setup.model.detokenize(tokens, true));
    this.scriptLive = (setup.script?.forced.length ?? 0) > 0;
    this.headers = setup.headerRules ? new HeaderConstraint(setup.nlc, setup.model, setup.headerRules) : undefined;
    this.primeParser();
  }

  /**
   * Feeds the parser the prompt from its last `<|start|>` on, so it knows the role and any header
   * the prompt already opened (`<|start|>assistant<|channel|>commentary to=functions.f <|constrain|>json<|message|>`
   * makes the whole reply tool arguments, under the grammar).
   */
  private primeParser(): void {
    const { prompt } = this.setup;
    const start = prompt.lastIndexOf(START);
    if (start === -1) return;
    for (const token of prompt.slice(start)) {
      this.headers?.push(token);
      if (specialTokenName(token) !== undefined) {
        this.flushText();
        this.push({ id: token });
      } else this.feedText(token);
    }
    this.flushText();
    this.recorder.promptEnded();
  }

  async *run(): AsyncGenerator<TurnEvent, GenerationResult, void> {
    const { sequence, prompt, options } = this.setup;
    const meterStart = meteredTokens(sequence);
    const promptStart = performance.now();
    const evaluation = await evaluatePrompt(sequence, prompt, {
      chunkSize: options.promptChunkSize,
      signal: options.signal,
      onChunk: options.onPromptProgress,
    });
    const promptMs = performance.now() - promptStart;
    yield { type: "prompt", evaluation, ms: promptMs };

    const generationStart = performance.now();
    let stop: StopReason | undefined = evaluation.aborted || options.signal?.aborted ? "abort" : undefined;
    if (stop === undefined && this.setup.script && this.setup.script.forced.length === 0 && this.setup.script.endToken !== undefined) {
      // A response that is only an end token: nothing to generate.
      stop = this.recordEnd(this.setup.script.endToken);
      yield* this.drain();
    }
    if (stop === undefined && this.grammarWanted !== undefined && this.tool && !this.scriptLive) {
      await this.useGrammar(this.grammarWanted);
      this.grammarWanted = undefined;
      yield* this.drain();
    }
    let input: Token[] = [prompt[prompt.length - 1]!];
    this.lastTokenAt = performance.now();
    while (stop === undefined) {
      let restart = false;
      for await (const token of sequence.evaluate(input, this.evaluateOptions())) {
        const step = this.accept(token);
        if (step.grammar !== undefined) await this.useGrammar(step.grammar);
        yield* this.drain();
        stop = step.stop ?? this.limit();
        if (stop !== undefined) break;
        if (step.restart) {
          input = [token];
          restart = true;
          break;
        }
      }
      // The generator only ends by itself when the sequence is being disposed.
      if (!restart && stop === undefined) stop = "abort";
    }

    if (stop === "abort" || stop === "max-tokens" || stop === "context-full") {
      this.flushText();
      this.recorder.end();
    }
    yield* this.drain();
    const generationMs = performance.now() - generationStart;
    return this.result(stop, evaluation, promptMs, generationMs, meteredTokens(sequence) - meterStart);
  }

  private evaluateOptions(): SequenceEvaluateOptions {
    const { options, script, nlc, model } = this.setup;
    const evaluate: SequenceEvaluateOptions = { ...samplingWithDefaults(options), yieldEogToken: true };
    if (this.grammarState) evaluate.grammarEvaluationState = this.grammarState;
    // Seeded sampling above temperature 0 must repeat exactly: validating proposals draws extra
    // random numbers, so the same seed would give other (equally likely) tokens. Greedy is exact.
    const reproducible = evaluate.temperature === 0 || options.seed === undefined;
    this.speculation = options.speculative !== false && !this.grammarState && reproducible;
    this.switchPrediction();
    this.samplesSinceToken = 0;
    const headers = this.headers;
    if ((script && this.scriptLive) || headers) {
      this.noBias ??= new nlc.TokenBias(model.tokenizer);
      const none = this.noBias;
      // Called before each sampling step (see samplesSinceToken for the position). Scripted tokens
      // are forced as written; once the script ends, the header constraint applies (not under a
      // tool's grammar: that has its own).
      evaluate.tokenBias = () => {
        const position = this.generated.length + this.samplesSinceToken++;
        return (script && this.scriptLive ? script.biasAt(position) : undefined) ?? (this.grammarState ? undefined : headers?.bias()) ?? none;
      };
    }
    return evaluate;
  }

  /** Prompt lookup on when this evaluation allows it, and never while a header is being written. */
  private switchPrediction(): void {
    const { predictor } = this.setup;
    if (predictor) predictor.enabled = this.speculation && !(this.headers?.tracker.constraining ?? false);
  }

  /** Stops that do not come from the token itself. */
  private limit(): StopReason | undefined {
    const { options, sequence } = this.setup;
    if (options.signal?.aborted) return "abort";
    if (options.maxTokens !== undefined && this.generated.length >= options.maxTokens) return "max-tokens";
    // Going on evaluates the pending token: llama.cpp keeps one cell free, so it needs
    // nextTokenIndex <= contextSize - 2. Past that it would shift the context.
    if (sequence.nextTokenIndex >= sequence.contextSize - 1) return "context-full";
    return undefined;
  }

  /** Takes one generated token: script check, text, parser events; says whether to stop or switch grammar. */
  private accept(token: Token): Step {
    const { model, script } = this.setup;
    const position = this.generated.length;
    this.generated.push(token);
    this.samplesSinceToken = 0;
    if (this.headers) {
      const now = performance.now();
      if (this.headers.tracker.constraining && !this.scriptLive) {
        this.headerTokens++;
        this.headerMs += now - this.lastTokenAt;
      }
      this.lastTokenAt = now;
      this.headers.push(token);
      this.switchPrediction();
    }
    if (this.scriptLive && script) script.check(position, token);
    if (model.isEogToken(token)) {
      this.feedSpecial(token);
      return { stop: stopReasonOf(token) };
    }
    let scriptEnded = false;
    if (this.scriptLive && script && position + 1 >= script.forced.length) {
      this.scriptLive = false;
      scriptEnded = true;
    }
    if (specialTokenName(token) !== undefined) this.feedSpecial(token);
    else this.feedText(token);

    if (scriptEnded && script?.endToken !== undefined) return { stop: this.recordEnd(script.endToken) };
    if (this.tool && !this.scriptLive && this.tool.scanner.complete) return { stop: this.recordEnd(CALL) };
    if (this.grammarWanted !== undefined) {
      const name = this.grammarWanted;
      this.grammarWanted = undefined;
      if (this.tool && !this.scriptLive) return { restart: true, grammar: name };
    }
    return {};
  }

  /** Records an end token the model did not sample (script end, complete JSON arguments). */
  private recordEnd(token: Token): StopReason {
    this.recordedEnd = token;
    this.feedSpecial(token, true);
    return stopReasonOf(token);
  }

  private async useGrammar(name: string): Promise<void> {
    const { nlc, model, grammars, toolSchemas } = this.setup;
    const tool = await grammars.get(name, toolSchemas.get(name));
    if (!tool.reported) {
      tool.reported = true;
      for (const message of tool.warnings) this.recorder.queue({ type: "warning", message });
    }
    this.grammarState = new nlc.LlamaGrammarEvaluationState({ model, grammar: tool.grammar });
    if (this.tool) this.tool.constrained = true;
  }

  private feedText(token: Token): void {
    const text = this.decoder.push(token);
    if (text !== "") this.push({ id: token, text });
  }

  private flushText(): void {
    const held = this.decoder.lastHeld;
    const text = this.decoder.flush();
    if (held !== undefined && text !== "") this.push({ id: held, text });
  }

  private feedSpecial(token: Token, recorded = false): void {
    this.flushText();
    this.contentEnd = recorded ? this.generated.length : this.generated.length - 1;
    this.push({ id: token });
  }

  private push(token: HarmonyToken): void {
    this.recorder.push(token);
  }

  private onMessageStart(header: ParsedHeader): void {
    this.contentStart = this.generated.length;
    const name = jsonToolCallName(header);
    this.tool = name !== undefined ? { name, scanner: new JsonValueScanner(), constrained: false } : undefined;
    this.grammarWanted = name;
  }

  /** Keeps the model's own tokens for this content, so the next turn's prompt reuses them. */
  private remember(message: ParsedMessage): void {
    if (this.contentStart < 0 || this.contentEnd < this.contentStart || message.content === "") return;
    const tokens = this.generated.slice(this.contentStart, this.contentEnd);
    if (tokens.some((token) => token >= FIRST_SPECIAL_ID)) return;
    if (this.setup.model.detokenize(tokens, false) !== message.content) return;
    this.setup.memo.set(message.content, tokens);
  }

  private *drain(): Generator<TurnEvent, void, void> {
    yield* this.recorder.drain();
  }

  private result(stop: StopReason, evaluation: PromptEvaluation, promptMs: number, generationMs: number, evaluatedTokens: number): GenerationResult {
    const tokens: number[] = [...this.generated];
    if (this.recordedEnd !== undefined) tokens.push(this.recordedEnd);
    const result = this.recorder.result(stop, tokens, {
      promptTokens: evaluation.promptTokens,
      reusedTokens: evaluation.reusedTokens,
      promptEvaluatedTokens: evaluation.evaluatedTokens,
      promptChunks: evaluation.chunks,
      promptMs,
      generatedTokens: this.generated.length,
      generationMs,
      evaluatedTokens,
    });
    if (this.headers) {
      result.stats.headerTokens = this.headerTokens;
      result.stats.headerMs = this.headerMs;
    }
    if (this.setup.script) result.scriptResponse = this.setup.script.response.index;
    return result;
  }
}

function stopReasonOf(token: Token): StopReason {
  return token === CALL ? "call" : "return";
}

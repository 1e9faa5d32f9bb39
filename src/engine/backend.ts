// What every generation backend offers: the local node-llama-cpp engine (engine.ts) and a shared
// gpt-oss server (server/serverBackend.ts). Chat, code actions, completions and vscode.lm lease
// slots from the ModelHost and never need to know which one runs.
import type { TurnEvent } from "../core/agent/types";
import type { GenerateOptions, GenerateRequest, GenerationResult, GenerationStream } from "./generationTypes";
import type { Lane } from "./lanes";
import type { LoadReport } from "./loadReport";

/** One conversation's place on the backend: a KV-cache sequence, or a server slot. */
export interface GenerationSlot {
  /** Tokens one conversation can hold. */
  readonly contextSize: number;
  /** The kind of caller this slot is sized and kept for (lanes.ts); undefined: any caller. */
  readonly lane?: Lane;
  /** The prompt's tokens as the model reads them (special tokens by id). */
  tokenize(request: GenerateRequest): number[];
  /** One assistant turn; iterate the events (the last is `done`). */
  generate(request: GenerateRequest, options?: GenerateOptions): GenerationStream;
  /** A turn's result only (events go to `onEvent`). */
  complete(request: GenerateRequest, options?: GenerateOptions, onEvent?: (event: TurnEvent) => void): Promise<GenerationResult>;
}

export interface Backend {
  readonly report: LoadReport;
  /** A slot for one user of the model; at most `report.sequences` of them (with lanes, one per lane in `report.lanes`). */
  openSlot(lane?: Lane): GenerationSlot;
  /** Text (no special tokens) as model tokens, for counting. */
  tokenizeText(text: string): number[];
  dispose(): Promise<void>;
}

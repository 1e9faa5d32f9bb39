// Choosing the context size. "auto" lets node-llama-cpp fit it to free memory (VRAM on a GPU,
// RAM on the CPU) between a floor and a ceiling; a number is taken as asked, and if memory cannot
// hold it loading fails with advice instead of quietly shrinking. Either way the size in effect
// is reported.

/** The smallest context "auto" accepts: a system prompt, tools and a short exchange. */
export const AUTO_CONTEXT_MIN = 2048;
/**
 * The largest context "auto" picks. gpt-oss keeps a full KV cache only in its full-attention
 * layers (~24 KB per token for 20b), so 32K tokens cost ~0.8 GB, and more than that takes minutes
 * to evaluate on a CPU anyway. A larger number can always be asked for.
 */
export const AUTO_CONTEXT_MAX = 32768;

export type ContextSizeSetting = number | "auto" | undefined;

export interface ContextSizeChoice {
  /** What to pass to `model.createContext({ contextSize })`. */
  option: number | { min: number; max: number };
  requested: number | "auto";
  warning?: string;
}

/** Turns the setting (0 or undefined mean auto) into a createContext option, capped at what the model was trained on. */
export function chooseContextSize(setting: ContextSizeSetting, trainContextSize: number): ContextSizeChoice {
  const trained = trainContextSize > 0 ? trainContextSize : AUTO_CONTEXT_MAX;
  if (setting === undefined || setting === "auto" || setting === 0) {
    const max = Math.min(AUTO_CONTEXT_MAX, trained);
    return { option: { min: Math.min(AUTO_CONTEXT_MIN, max), max }, requested: "auto" };
  }
  if (!Number.isInteger(setting) || setting < 0) {
    throw new RangeError(`The context size must be a positive whole number of tokens or "auto", got ${setting}.`);
  }
  if (setting > trained) {
    return {
      option: trained,
      requested: setting,
      warning: `The context size ${setting.toLocaleString("en-US")} is more than the model was trained on; using ${trained.toLocaleString("en-US")}.`,
    };
  }
  return { option: setting, requested: setting };
}

/** A smaller size worth suggesting after running out of memory: half, in whole 1,024s, at least 2,048. */
export function smallerContextSize(size: number): number {
  return Math.max(AUTO_CONTEXT_MIN, Math.floor(size / 2 / 1024) * 1024);
}

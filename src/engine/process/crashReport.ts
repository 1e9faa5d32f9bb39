// What to tell the user when the engine's child process dies: how it ended (signal or exit code),
// the last lines llama.cpp printed, and the fix most likely to help. Pure: the process host feeds
// it what it saw.

/** The last lines of the child's output (stderr, stdout, forwarded llama.cpp log lines), bounded. */
export class OutputTail {
  private readonly lines: string[] = [];
  private partial = "";

  constructor(private readonly maxLines = 12) {}

  /** Adds raw output; lines are split on newlines, a trailing partial line is kept until completed. */
  write(chunk: string): string[] {
    const text = this.partial + chunk;
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? "";
    if (this.partial.length > 2000) {
      parts.push(this.partial);
      this.partial = "";
    }
    const complete = parts.map((line) => line.trimEnd()).filter((line) => line !== "");
    for (const line of complete) this.push(line);
    return complete;
  }

  /** Adds one whole line (a forwarded log message). */
  push(line: string): void {
    this.lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }

  get text(): string[] {
    return this.partial.trim() ? [...this.lines, this.partial.trimEnd()] : [...this.lines];
  }
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the engine was doing: loading the model, or answering. */
  during: "loading" | "generating" | "idle";
  modelFile: string;
  /** The last lines it printed. */
  output: string[];
  /** The GPU backend in use (from the load report), when it got that far. */
  gpu: string | false | undefined;
}

/** One message: what happened, what llama.cpp said last, what to try. */
export function describeCrash(exit: ChildExit): string {
  const how = exit.signal ? `was stopped by signal ${exit.signal}` : `exited with code ${exit.code ?? "unknown"}`;
  const during = exit.during === "loading" ? ` while loading ${exit.modelFile}` : exit.during === "generating" ? " while answering" : "";
  const said = exit.output.length ? ` Its last output: ${exit.output.slice(-4).join(" | ")}.` : "";
  return `The local engine (llama.cpp) ${how}${during}.${said} ${likelyFix(exit)} The next request starts the engine afresh.`;
}

function likelyFix(exit: ChildExit): string {
  const output = exit.output.join("\n");
  if (/out of memory|cudaMalloc|failed to allocate|ErrorOutOfDeviceMemory|std::bad_alloc|OOM/i.test(output)) {
    return exit.gpu
      ? "It ran out of GPU memory: set gptOss.contextSize smaller, or gptOss.gpu to cpu, or choose a smaller model."
      : "It ran out of memory: set gptOss.contextSize smaller or choose a smaller model.";
  }
  if (exit.signal === "SIGKILL") {
    return "The system may have killed it for lack of memory: a smaller context (gptOss.contextSize) or a smaller model needs less.";
  }
  if (exit.gpu && /CUDA|Vulkan|Metal|ggml_cuda|ggml_vulkan|ggml_metal/i.test(output)) {
    return `The ${String(exit.gpu).toUpperCase()} backend failed: set gptOss.gpu to cpu to run on the CPU.`;
  }
  if (exit.during === "loading" || /GGML_ASSERT|llama_model_load|gguf/i.test(output)) {
    return "llama.cpp could not handle this model file: download it again or choose another gpt-oss .gguf file.";
  }
  return exit.gpu
    ? "If it happens again, set gptOss.gpu to cpu, lower gptOss.contextSize or choose another model file (gpt-oss: Show Logs has llama.cpp's output)."
    : "If it happens again, lower gptOss.contextSize or choose another model file (gpt-oss: Show Logs has llama.cpp's output).";
}

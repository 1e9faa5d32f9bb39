// The local model through vscode.lm, as another extension would use it: found by vendor, a
// streamed answer, a tool call whose arguments fit the tool's schema, the tool's result sent back,
// and a cancelled request. Runs only when test/e2e/ui/language-model.test.ts starts it with the
// tiny model and its script (GPT_OSS_TEST_MODEL, GPT_OSS_SCRIPT); the plain in-host run skips it.
import * as assert from "assert";
import * as vscode from "vscode";
import { ModelHost } from "../../../src/engine/modelHost";
import { GptOssChatModelProvider } from "../../../src/vscode/languageModel/chatModelProvider";
import { eventually } from "./scratchFolder";

const VENDOR = "gpt-oss-local";

const weatherTool: vscode.LanguageModelChatTool = {
  name: "get_weather",
  description: "Gets the current weather for a city.",
  inputSchema: {
    type: "object",
    properties: { city: { type: "string", description: "The city's name, e.g. Oslo.", maxLength: 40 } },
    required: ["city"],
    additionalProperties: false,
  },
};

async function collect(response: vscode.LanguageModelChatResponse): Promise<{ text: string; calls: vscode.LanguageModelToolCallPart[] }> {
  let text = "";
  const calls: vscode.LanguageModelToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
  }
  return { text, calls };
}

suite("language model provider (vscode.lm)", function () {
  let model: vscode.LanguageModelChat;

  suiteSetup(async function () {
    const modelPath = process.env.GPT_OSS_TEST_MODEL;
    if (!modelPath) return this.skip();
    const config = vscode.workspace.getConfiguration("gptOss");
    await config.update("threads", 1, vscode.ConfigurationTarget.Global);
    await config.update("contextSize", 8192, vscode.ConfigurationTarget.Global);
    await config.update("gpu", "cpu", vscode.ConfigurationTarget.Global);
    await config.update("model", modelPath, vscode.ConfigurationTarget.Global);
    const found = await eventually(async () => (await vscode.lm.selectChatModels({ vendor: VENDOR }))[0], 20_000);
    assert.ok(found, "vscode.lm.selectChatModels found no gpt-oss-local model");
    model = found;
  });

  test("selectChatModels finds the configured tiny model with honest limits and tool calling", () => {
    assert.strictEqual(model.vendor, VENDOR);
    assert.strictEqual(model.family, "gpt-oss");
    // contextSize 8192: a quarter is kept for the answer.
    assert.strictEqual(model.maxInputTokens, 6144);
  });

  test("sendRequest streams the final answer and none of the reasoning", async function () {
    this.timeout(120_000);
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User("Say hello.")], {}, new vscode.CancellationTokenSource().token);
    const { text, calls } = await collect(response);
    assert.strictEqual(text, "Hello from the local gpt-oss.");
    assert.deepStrictEqual(calls, []);
  });

  test("countTokens uses the model's own tokenizer", async () => {
    // o200k: "hello" " world" are two tokens; a message adds its harmony header and end.
    assert.strictEqual(await model.countTokens("hello world"), 2);
    const message = await model.countTokens(vscode.LanguageModelChatMessage.User("hello world"));
    assert.strictEqual(message, 2 + 4, "<|start|>user<|message|> ... <|end|>");
  });

  test("a request with a tool gets a tool call whose arguments fit its schema, and the result yields the answer", async function () {
    this.timeout(180_000);
    const question = vscode.LanguageModelChatMessage.User("What is the weather in Oslo?");
    const first = await collect(await model.sendRequest([question], { tools: [weatherTool] }, new vscode.CancellationTokenSource().token));
    assert.strictEqual(first.calls.length, 1, `expected one tool call, got text ${JSON.stringify(first.text)}`);
    const call = first.calls[0]!;
    assert.strictEqual(call.name, "get_weather");
    assert.ok(call.callId.length > 0);
    const input = call.input as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(input), ["city"], JSON.stringify(input));
    assert.strictEqual(typeof input.city, "string");
    assert.ok((input.city as string).length <= 40);

    const second = await collect(
      await model.sendRequest(
        [
          question,
          vscode.LanguageModelChatMessage.Assistant([call]),
          vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart("-3 C, snow")])]),
        ],
        { tools: [weatherTool] },
        new vscode.CancellationTokenSource().token,
      ),
    );
    assert.strictEqual(second.text, "It is -3 C and snowing in Oslo.");
    assert.deepStrictEqual(second.calls, []);
  });

  test("a call to a tool the request does not declare is answered inside the request; the declared tool called by its bare name comes back under its name", async function () {
    this.timeout(180_000);
    const question = vscode.LanguageModelChatMessage.User("And in Bergen?");
    const answer = await collect(await model.sendRequest([question], { tools: [weatherTool] }, new vscode.CancellationTokenSource().token));
    assert.strictEqual(answer.calls.length, 1, `expected one tool call, got text ${JSON.stringify(answer.text)}`);
    assert.strictEqual(answer.calls[0]!.name, "get_weather");
    assert.deepStrictEqual(answer.calls[0]!.input, { city: "Bergen" });
  });

  // VS Code 1.105 does not pass a consumer's cancel on to the provider's token once the request
  // has started (microsoft/vscode#277872, fixed upstream in 2026), so the provider's own handling
  // is driven directly: same class, its own ModelHost on the tiny model, a token we cancel.
  test("cancelling the provider's token stops generation within moments, and the model serves the next request", async function () {
    this.timeout(180_000);
    const modelPath = process.env.GPT_OSS_TEST_MODEL!;
    const script = process.env.GPT_OSS_TEST_CANCEL_SCRIPT;
    assert.ok(script, "GPT_OSS_TEST_CANCEL_SCRIPT is not set");
    const log = vscode.window.createOutputChannel("gpt-oss cancel test", { log: true });
    const host = new ModelHost({
      resolveOptions: async () => ({ modelPath, threads: 1, gpu: false, contextSize: 8192, sequences: 1, script }),
      idleUnloadMs: () => 0,
      log: () => undefined,
    });
    const provider = new GptOssChatModelProvider({} as vscode.ExtensionContext, host, log);
    const info: vscode.LanguageModelChatInformation = { id: "tiny", name: "tiny", family: "gpt-oss", version: "gguf", maxInputTokens: 6144, maxOutputTokens: 2048, capabilities: { toolCalling: true } };
    const ask = async (text: string, source: vscode.CancellationTokenSource, onText: (soFar: string) => void) => {
      let answer = "";
      const progress = {
        report(part: vscode.LanguageModelResponsePart) {
          if (part instanceof vscode.LanguageModelTextPart) answer += part.value;
          onText(answer);
        },
      };
      const message = vscode.LanguageModelChatMessage.User(text);
      await provider.provideLanguageModelChatResponse(
        info,
        [{ role: message.role, content: message.content, name: undefined }],
        { toolMode: vscode.LanguageModelChatToolMode.Auto },
        progress,
        source.token,
      );
      return answer;
    };
    try {
      const source = new vscode.CancellationTokenSource();
      const partial = await ask("Count to a thousand.", source, (soFar) => {
        if (soFar.length > 0) source.cancel();
      });
      assert.ok(partial.length > 0, "nothing streamed before the cancel");
      assert.ok(!partial.includes("THE END."), `the whole answer arrived despite the cancel (${partial.length} characters)`);
      assert.ok(partial.length < 2000, `the answer went on for ${partial.length} characters after the cancel`);
      const next = await ask("Still there?", new vscode.CancellationTokenSource(), () => undefined);
      assert.strictEqual(next, "Still here after the cancel.");
    } finally {
      provider.dispose();
      await host.dispose();
      log.dispose();
    }
  });
});

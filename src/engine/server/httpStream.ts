// Streaming HTTP to a gpt-oss server: JSON requests, server-sent events back, one parsed JSON value
// per `data:` line. Every failure becomes a ServerError that says what happened and what to do:
// unreachable, refused key, HTTP errors with the server's own message, a connection dropped
// mid-stream, or a server that went silent.
export type ServerErrorCode = "unreachable" | "unauthorized" | "http" | "dropped" | "timeout" | "not-gpt-oss" | "bad-response" | "context-full";

export class ServerError extends Error {
  constructor(
    readonly code: ServerErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ServerError";
  }
}

export interface HttpOptions {
  apiKey?: string | undefined;
  signal?: AbortSignal | undefined;
  /** No byte for this long (waiting for headers or mid-stream) ends the request with `timeout`. */
  idleTimeoutMs: number;
}

function headers(apiKey: string | undefined, json: boolean): Record<string, string> {
  return { ...(json ? { "content-type": "application/json" } : {}), ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
}

/** A fetch that aborts on the caller's signal or after `idleTimeoutMs` of silence, with errors made clear. */
async function send(url: string, init: RequestInit, options: HttpOptions): Promise<{ response: Response; touch(): void; done(): void; timedOut(): boolean }> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.idleTimeoutMs);
  };
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const done = () => {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  };
  touch();
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: controller.signal });
  } catch (error) {
    done();
    if (options.signal?.aborted) throw error;
    if (timedOut) throw new ServerError("timeout", `The gpt-oss server at ${new URL(url).origin} did not answer within ${Math.round(options.idleTimeoutMs / 1000)} s.`);
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new ServerError(
      "unreachable",
      `Cannot reach the gpt-oss server at ${new URL(url).origin}${cause ? ` (${cause})` : ""}. Is it running? Check gptOss.server.url.`,
    );
  }
  if (!response.ok) {
    done();
    throw await httpError(url, response);
  }
  return { response, touch, done, timedOut: () => timedOut };
}

async function httpError(url: string, response: Response): Promise<ServerError> {
  const body = await response.text().catch(() => "");
  let detail = body.slice(0, 300);
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    detail = (typeof parsed.error === "string" ? parsed.error : parsed.error?.message) ?? parsed.message ?? detail;
  } catch {
    // Not JSON: the text itself is the best explanation there is.
  }
  const where = `${new URL(url).origin}${new URL(url).pathname}`;
  if (response.status === 401 || response.status === 403) {
    return new ServerError("unauthorized", `The gpt-oss server refused the request (${response.status}): set the right key with "gpt-oss: Set Server API Key…". ${detail}`.trim(), response.status);
  }
  if (/context|too long|exceeds/i.test(detail) && response.status === 400) {
    return new ServerError("context-full", `The conversation does not fit the server's context window: ${detail}`, response.status);
  }
  return new ServerError("http", `The gpt-oss server answered ${response.status} ${response.statusText} for ${where}: ${detail || "no details"}`, response.status);
}

/** GET or POST a JSON request and read the whole JSON answer. */
export async function fetchJson(url: string, body: unknown | undefined, options: HttpOptions): Promise<unknown> {
  const init: RequestInit = body === undefined ? { method: "GET", headers: headers(options.apiKey, false) } : { method: "POST", headers: headers(options.apiKey, true), body: JSON.stringify(body) };
  const { response, done } = await send(url, init, options);
  try {
    return (await response.json()) as unknown;
  } catch {
    throw new ServerError("bad-response", `The server at ${new URL(url).origin} answered ${new URL(url).pathname} with something that is not JSON.`);
  } finally {
    done();
  }
}

/**
 * POSTs `body` and yields each `data:` event's JSON. Ends at `data: [DONE]` or the end of the
 * body; a body cut before the server said it was done is a `dropped` error (the caller decides).
 */
export async function* streamEvents(url: string, body: unknown, options: HttpOptions): AsyncGenerator<unknown, void, void> {
  const { response, touch, done, timedOut } = await send(url, { method: "POST", headers: headers(options.apiKey, true), body: JSON.stringify(body) }, options);
  const reader = response.body?.getReader();
  if (!reader) {
    done();
    throw new ServerError("bad-response", "The server's answer has no body to stream.");
  }
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (timedOut()) throw new ServerError("timeout", `The gpt-oss server went silent for ${Math.round(options.idleTimeoutMs / 1000)} s in the middle of an answer.`);
        throw new ServerError("dropped", "The connection to the gpt-oss server dropped in the middle of the answer.");
      }
      if (chunk.done) break;
      touch();
      buffer += decoder.decode(chunk.value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") return;
        try {
          yield JSON.parse(data) as unknown;
        } catch {
          throw new ServerError("bad-response", `The server streamed something that is not JSON: ${data.slice(0, 120)}`);
        }
      }
    }
  } finally {
    done();
    // Stops the download when the caller broke off (a cancel, a restart under a grammar).
    void reader.cancel().catch(() => undefined);
  }
}
